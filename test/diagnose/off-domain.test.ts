/**
 * Answers real only where the function is not (issue 10, item 7): sqrt(-x) and ln(-x) live on x < 0,
 * arcsin(x + 3) on (-4, -2). Such an answer is not the derivative — at every point of the function's
 * domain the derivative has a value and the answer has none — so it stays incorrect; its mistake is
 * looked for where it and each candidate are real. Derivatives checked with SymPy:
 *   d/dx sqrt(-x) = -1/(2 sqrt(-x)), d/dx ln(-x) = 1/x, d/dx arcsin(x + 3) = 1/sqrt(1 - (x + 3)^2).
 */
import { describe, expect, test } from 'vitest';
import { check, type CheckResult } from '../../src/check.js';

const codes = (r: CheckResult) => r.diagnosis.map((d) => `${d.mistake}/${d.variant}${d.systematic ? '*' : ''}@${d.at?.text ?? '-'}`);

describe('an answer real only off the function\'s domain', () => {
  test('sqrt(-x) answered 1/(2 sqrt(x)): incorrect, the composite not seen (F\'(x), variant c)', () => {
    const r = check('sqrt(-x)', '1/(2 sqrt(x))');
    expect(r.verdict).toBe('incorrect');
    expect(codes(r)).toEqual(['missed_composite/c@sqrt(-x)']);
    expect(r.diagnosis[0]?.candidate?.text).toBe('1/(2*sqrt(x))');
    expect(r.feedback).toMatch(/^You differentiated sqrt\(x\) instead of sqrt\(-x\)/);
    expect(r.feedback).toMatch(/Your answer is undefined wherever sqrt\(-x\) is defined, so it cannot be its derivative\.$/);
    // the counterexample is a point of the function's domain, where the answer has no value
    expect(r.evidence.counterexample?.answer).toBeNaN();
    expect(r.evidence.counterexample?.at.x).toBeLessThan(0);
  });

  test('sqrt(-x) answered -1/(2 sqrt(x)): u\' kept, the composite still not seen — or inner and outer swapped (-sqrt(x))', () => {
    const r = check('sqrt(-x)', '-1/(2 sqrt(x))');
    expect(codes(r)).toEqual(['swapped_inner_outer/a@sqrt(-x)', 'missed_composite/a@sqrt(-x)']);
    expect(r.ambiguous).toBe(true);
  });

  test('sqrt(-x) answered -3/2 sqrt(x): read as the product of sqrt(x) and -x (variant b)', () => {
    expect(codes(check('sqrt(-x)', '-3/2 sqrt(x)'))).toEqual(['missed_composite/b@sqrt(-x)']);
  });

  test('ln(-x) answered -1 - ln(x): the product rule on ln(x)·(-x), an answer with ln(x) for a function on x < 0', () => {
    const r = check('ln(-x)', '-1 - ln(x)');
    expect(r.verdict).toBe('incorrect');
    expect(codes(r)).toEqual(['missed_composite/b@ln(-x)']);
  });

  test('arcsin(x + 3) answered 1/sqrt(1 - x^2): every mistake that gives it, on (-1, 1) where the function is not', () => {
    const r = check('arcsin(x+3)', '1/sqrt(1-x^2)');
    expect(r.verdict).toBe('incorrect');
    expect(r.diagnosis.map((d) => `${d.mistake}/${d.variant}`)).toEqual(['swapped_inner_outer/a', 'missed_composite/a', 'missed_composite/c', 'linear_extrapolation/a']);
  });

  test('quiet: the same codes, and nothing to copy', () => {
    const r = check('sqrt(-x)', '1/(2 sqrt(x))', { quiet: true });
    expect(codes(r)).toEqual(['missed_composite/c@sqrt(-x)']);
    expect(r.diagnosis[0]?.candidate).toBeUndefined();
    expect(r.evidence.counterexample?.expected).toBeUndefined();
  });

  test('an answer that matches no mistake is still incorrect, with the note', () => {
    const r = check('ln(-x)', 'ln(x)');
    expect(r.verdict).toBe('incorrect');
    expect(r.diagnosis).toEqual([]);
    expect(r.feedback).toMatch(/Your answer is undefined wherever ln\(-x\) is defined/);
  });
});

describe('careful: these are right, or on the function\'s domain', () => {
  test.each([
    ['ln(-x)', '1/x'],
    ['ln(-x)', '-1/(-x)'],
    ['sqrt(-x)', '-1/(2 sqrt(-x))'],
    ['arcsin(x+3)', '1/sqrt(-x^2-6x-8)'],
  ])('%s answered %s is correct', (f, answer) => {
    const r = check(f, answer);
    expect(r.verdict).toBe('correct');
    expect(r.feedback).toBe('Correct: your answer equals the derivative.');
  });

  test('an answer real on the function\'s domain is diagnosed there, as before, with no note', () => {
    const r = check('sqrt(-x)', '1/(2 sqrt(-x))');
    expect(codes(r)).toEqual(['missing_inner_factor/a@sqrt(-x)', 'inner_derivative_sign_error/a@sqrt(-x)']);
    expect(r.feedback).not.toMatch(/undefined wherever/);
    const sign = check('ln(-x)', '1/(-x)');
    expect(sign.diagnosis.map((d) => d.mistake)).toContain('missing_inner_factor');
    expect(sign.feedback).not.toMatch(/undefined wherever/);
  });

  test('partly overlapping domains are the usual path: sqrt(1 - x) answered 1/(2 sqrt(x)) is diagnosed on (0, 1)', () => {
    expect(codes(check('sqrt(1-x)', '1/(2 sqrt(x))'))).toEqual(['missed_composite/c@sqrt(1 - x)']);
  });

  test('an answer real nowhere is incorrect with no diagnosis', () => {
    const r = check('sqrt(-x)', 'sqrt(-1-x^2)');
    expect(r.verdict).toBe('incorrect');
    expect(r.diagnosis).toEqual([]);
  });
});
