/**
 * Regressions from a hostile-input fuzz: short inputs whose work grew without bound. Each ran for
 * seconds or exhausted the heap in-process (the command line, CHECKER=inline); the pool's budget hid
 * them over HTTP, except /v1/validate, which reads on the service's own thread.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';
import { mistakeCandidates } from '../../src/diagnose/candidates.js';
import { Problem } from '../../src/problem.js';
import { validateAnswer } from '../../src/validate.js';
import { expandedSize } from '../../src/tree/nodes.js';

const productOfPowers = (factors: number) =>
  Array.from({ length: factors }, (_, i) => `(x^${i + 1}+sin(x))^${i + 1}`).join('*');

describe('the work of a diagnosis is bounded by size, not by the function', () => {
  test('a product of 30 powers of sums answered 0 is diagnosed (it ran the heap out)', () => {
    const result = check(productOfPowers(30), '0');
    expect(result.verdict).toBe('incorrect');
  });

  test('a mistake made at every nested place is not built past the size bound (a product seen as a composite grows twofold a level)', () => {
    const problem = Problem.read(productOfPowers(20));
    const maxNodes = 20_000;
    const candidates = mistakeCandidates(problem.differentiator, 24, maxNodes);
    expect(candidates.some((c) => c.mistake === 'product_as_composite' && c.systematic)).toBe(false);
    // A small product keeps its systematic form.
    const small = mistakeCandidates(Problem.read('x*sin(x)*e^x*ln(x)').differentiator, 24, maxNodes);
    const systematic = small.filter((c) => c.mistake === 'product_as_composite' && c.systematic);
    expect(systematic).toHaveLength(1);
    expect(expandedSize((systematic[0] as (typeof systematic)[number]).expr)).toBeLessThan(maxNodes);
  });
});

describe('a long run of letters is read in time proportional to its length', () => {
  test('2,000 x in a row is refused as an unknown name (it took 7 s, on the service thread for /v1/validate)', () => {
    expect(() => check('sin(x^2)', 'x'.repeat(2000))).toThrow(/unknown name/);
    const validated = validateAnswer({ function: 'sin(x^2)', answer: 'x'.repeat(2000) });
    expect(validated.valid).toBe(false);
  });

  test('the split of a long word is the one it was: sinxcosx… read as functions and x', () => {
    expect(check('sin(x)^2', '2sinxcosx').answer?.text).toBe('2*sin(x)*cos(x)');
  });
});

describe('a number over the limit is refused in every format', () => {
  test.each([
    ['400 digits in LaTeX (they were Infinity: a 500)', `1${'0'.repeat(400)}x`, 'latex'],
    ['digit groups in LaTeX', '1 000 000 000 000 000 x', 'latex'],
    ['upright digits', '\\mathrm{99999999999999999}x', 'latex'],
    ['text, as before', `1${'0'.repeat(400)}x`, 'text'],
  ] as const)('%s', (_, answer, format) => {
    expect(() => check('x', answer, { format })).toThrow(/over the limit/);
  });
});
