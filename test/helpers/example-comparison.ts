/**
 * The diagnosis against worked examples computed outside the service (SymPy, from MISTAKES.md): the
 * service finds the listed chain nodes; it produces exactly the listed non-void candidates (same code,
 * variant, systematic flag, node and expression) and no others; each candidate, written in another
 * form, is diagnosed with its code; the correct derivative in several forms is correct with no
 * diagnosis. Shared by test/diagnose/examples.test.ts (the 40 shared examples) and
 * test/diagnose/more-examples.test.ts (tools/mistakes_sympy.py on further functions).
 */
import { describe, expect, test } from 'vitest';
import type { Domain } from '../../src/compare/domain.js';
import { compare, prepare } from '../../src/compare/equivalence.js';
import type { Expr } from '../../src/tree/nodes.js';
import { check } from '../../src/check.js';
import { readExpression } from '../../src/parse/read.js';
import { CANDIDATE_MATCHING, Problem, type PreparedCandidate } from '../../src/problem.js';
import { render } from '../../src/tree/render.js';
import { CHAIN_RULE_CODES } from '../../src/mistake-codes.js';
import type { Place } from '../../src/differentiate/places.js';

/**
 * A place as the examples name it: for the four chain-rule codes a chain node's composite F(u) (as
 * MISTAKES.md's examples do), for the others the place's own subexpression (c·F(u) with its constant).
 */
function placeExpr(place: Place, code: string): Expr {
  return place.kind === 'application' && place.chain && (CHAIN_RULE_CODES as readonly string[]).includes(code) ? place.chain.composite : place.node;
}
import type { Example, ExampleCandidate } from '../fixtures/examples.js';

export type ExampleTest = 'chain nodes' | 'listed' | 'no other' | 'diagnosed' | 'correct';

/**
 * Known disagreements in which the service, not the example, is wrong (by MISTAKES.md): for a function,
 * the tests expected to fail, each with the reason. They run as `test.fails`, so a fix shows up as a
 * failure here and the entry can go.
 */
export type KnownBugs = Readonly<Record<string, Partial<Record<ExampleTest, string>>>>;

/**
 * `codes`: the mistake codes the examples list candidates for (the four chain-rule ones for the
 * MISTAKES.md fixtures); the service's candidates of other codes are left out of the comparison.
 * `variants`: for some codes, the only variants the examples list (the others left out too).
 */
export function describeExamples(
  examples: readonly Example[],
  knownBugs: KnownBugs = {},
  codes: readonly string[] = CHAIN_RULE_CODES,
  variants: Readonly<Record<string, readonly string[]>> = {},
): void {
  const unknown = Object.keys(knownBugs).filter((fn) => !examples.some((e) => e.function === fn));
  test('every known bug names an example', () => expect(unknown).toEqual([]));

  describe.each(examples)('$function', (example) => {
    const bugs = knownBugs[example.function] ?? {};
    const run = (name: ExampleTest, title: string, body: () => void) => {
      const bug = bugs[name];
      if (bug) test.fails(`${title} — known bug: ${bug}`, body);
      else test(title, body);
    };

    const options = { variable: example.variable };
    const problem = Problem.read(example.function, options);
    const ours = problem.candidates().filter((c) => codes.includes(c.mistake) && (variants[c.mistake]?.includes(c.variant) ?? true));
    const read = (text: string) => readExpression(text, options).expr;
    const equal = (a: Expr, b: Expr, domain: Domain = problem.domain) =>
      compare(prepare(a, domain), prepare(b, domain), CANDIDATE_MATCHING).verdict === 'equivalent';

    const sameCandidate = (c: PreparedCandidate, listed: ExampleCandidate) =>
      c.mistake === listed.mistake &&
      c.variant === listed.variant &&
      c.systematic === listed.systematic &&
      (listed.systematic || (listed.at !== null && equal(placeExpr(c.places[0]!, c.mistake), read(listed.at)))) &&
      // A candidate defined on little of f's domain is compared where it is defined (src/problem.ts).
      equal(c.expr, read(listed.candidate), c.values.domain);

    run('chain nodes', 'the chain nodes are the listed ones, in order', () => {
      const nodes = problem.differentiator.chainNodes;
      expect(nodes.map((n) => n.composite.toString()), 'number of chain nodes').toHaveLength(example.chain_nodes.length);
      example.chain_nodes.forEach((listed, i) => {
        expect(equal(nodes[i]!.composite, read(listed)), `chain node ${i}: ${nodes[i]!.composite.toString()} for ${listed}`).toBe(true);
      });
    });

    run('listed', 'every listed candidate is produced', () => {
      for (const listed of example.candidates) {
        const found = ours.filter((c) => sameCandidate(c, listed));
        expect(found.length, `${listed.mistake}/${listed.variant}${listed.systematic ? ' systematic' : ` at ${listed.at}`}: ${listed.candidate}`).toBe(1);
      }
    });

    run('no other', 'no other non-void candidate is produced', () => {
      for (const c of ours) {
        const listed = example.candidates.filter((l) => sameCandidate(c, l));
        expect(listed.length, `${c.mistake}/${c.variant}${c.systematic ? ' systematic' : ` at ${placeExpr(c.places[0]!, c.mistake).toString()}`}: ${c.expr.toString()}`).toBe(1);
      }
      expect(ours.length).toBe(example.candidates.length);
    });

    // A systematic form the same function as a single candidate of its code is reported as that single
    // one only (src/problem.ts: the single place explains the answer with fewer assumptions).
    const repeats = (listed: ExampleCandidate) =>
      listed.systematic &&
      example.candidates.some(
        (other) =>
          !other.systematic &&
          other.mistake === listed.mistake &&
          // on the candidate's own domain, where it has one (src/problem.ts)
          equal(read(other.candidate), read(listed.candidate), ours.find((c) => sameCandidate(c, listed))?.values.domain ?? problem.domain),
      );

    run('diagnosed', 'each candidate, written another way, is diagnosed with its code', () => {
      for (const listed of example.candidates) {
        const shown = render(read(listed.candidate), example.variable);
        for (const answer of [shown.text, shown.latex]) {
          const result = check(example.function, answer, options);
          expect(result.verdict, `${answer} for ${example.function}`).toBe('incorrect');
          const entry = result.diagnosis.find(
            (d) => d.mistake === listed.mistake && (repeats(listed) ? !d.systematic : d.variant === listed.variant && d.systematic === listed.systematic),
          );
          expect(entry, `${listed.mistake}/${listed.variant} for the answer ${answer}`).toBeDefined();
          if (repeats(listed)) expect(result.diagnosis.filter((d) => d.mistake === listed.mistake && d.systematic), `${listed.mistake} systematic for ${answer}`).toEqual([]);
          expect(result.ambiguous).toBe(new Set(result.diagnosis.map((d) => d.mistake)).size > 1);
        }
      }
    });

    run('correct', 'the correct derivative in several forms is correct, with no diagnosis', () => {
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
}
