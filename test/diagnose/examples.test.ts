/**
 * The diagnosis against the 40 worked examples (MISTAKES.md's facts, computed with SymPy): the
 * service produces exactly the listed non-void candidates (same code, variant, systematic flag, node
 * and expression) and no others; each candidate, written in another form, is diagnosed with its code;
 * the correct derivative in several forms is correct with no diagnosis.
 */
import { describe, expect, test } from 'vitest';
import { compare } from '../../src/compare/equivalence.js';
import { check } from '../../src/check.js';
import { readExpression } from '../../src/parse/read.js';
import { CANDIDATE_MATCHING, Problem, type PreparedCandidate } from '../../src/problem.js';
import { render } from '../../src/tree/render.js';
import { EXAMPLES, type ExampleCandidate } from '../fixtures/examples.js';

describe.each(EXAMPLES)('$function', (example) => {
  const options = { variable: example.variable };
  const problem = Problem.read(example.function, options);
  const ours = problem.candidates();
  const read = (text: string) => readExpression(text, options).expr;
  const equal = (a: Parameters<Problem['prepare']>[0], b: Parameters<Problem['prepare']>[0]) =>
    compare(problem.prepare(a), problem.prepare(b), CANDIDATE_MATCHING).verdict === 'equivalent';

  const sameCandidate = (c: PreparedCandidate, listed: ExampleCandidate) =>
    c.mistake === listed.mistake &&
    c.variant === listed.variant &&
    c.systematic === listed.systematic &&
    (listed.systematic || (listed.at !== null && equal(c.nodes[0]!.composite, read(listed.at)))) &&
    equal(c.expr, read(listed.candidate));

  test('every listed candidate is produced', () => {
    for (const listed of example.candidates) {
      const found = ours.filter((c) => sameCandidate(c, listed));
      expect(found.length, `${listed.mistake}/${listed.variant}${listed.systematic ? ' systematic' : ` at ${listed.at}`}: ${listed.candidate}`).toBe(1);
    }
  });

  test('no other non-void candidate is produced', () => {
    for (const c of ours) {
      const listed = example.candidates.filter((l) => sameCandidate(c, l));
      expect(listed.length, `${c.mistake}/${c.variant}${c.systematic ? ' systematic' : ` at ${c.nodes[0]!.composite.toString()}`}: ${c.expr.toString()}`).toBe(1);
    }
    expect(ours.length).toBe(example.candidates.length);
  });

  test('each candidate, written another way, is diagnosed with its code', () => {
    for (const listed of example.candidates) {
      const shown = render(read(listed.candidate), example.variable);
      for (const answer of [shown.text, shown.latex]) {
        const result = check(example.function, answer, options);
        expect(result.verdict, `${answer} for ${example.function}`).toBe('incorrect');
        const entry = result.diagnosis.find(
          (d) => d.mistake === listed.mistake && d.variant === listed.variant && d.systematic === listed.systematic,
        );
        expect(entry, `${listed.mistake}/${listed.variant} for the answer ${answer}`).toBeDefined();
        expect(result.ambiguous).toBe(new Set(result.diagnosis.map((d) => d.mistake)).size > 1);
      }
    }
  });

  test('the correct derivative in several forms is correct, with no diagnosis', () => {
    const shown = render(read(example.correct), example.variable);
    for (const answer of [example.correct, shown.text, shown.latex, `${example.variable === 'x' ? 'dy/dx' : `f'(${example.variable})`} = ${shown.text}`]) {
      const result = check(example.function, answer, options);
      expect(result.verdict, answer).toBe('correct');
      expect(result.correct).toBe(true);
      expect(result.diagnosis).toEqual([]);
      expect(result.ambiguous).toBe(false);
    }
  });
});
