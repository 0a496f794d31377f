/**
 * linear_extrapolation (b): F(a - b) distributed as F(a) + F(-b), the minus kept inside its term. Found
 * by an independent SymPy probe on functions the service had not been tuned on (session 28): the page's
 * F(a + b) → F(a) + F(b) with b = -2x gives (5 - 2x)^4 → 5^4 + (-2x)^4 = 625 + 16x^4, so 64x^3, but only
 * F(a) - F(b) (625 - 16x^4, -64x^3) was made, and 64x^3 went undiagnosed; e^(1 - 3x) answered -3e^(-3x)
 * (e + e^(-3x)) was called a constant factor. Derivatives checked with SymPy:
 *   d/dx [5^4 + (-2x)^4] = 64x^3, d/dx [e + e^(-3x)] = -3e^(-3x), d/dx [cos 1 + cos(-x^2)] = -2x sin(x^2),
 *   d/dx [sqrt 4 + sqrt(-x)] = -1/(2 sqrt(-x)), d/dx [1 + (-x^3)^(-2)] = -6/x^7.
 */
import { describe, expect, test } from 'vitest';
import { check, type CheckResult } from '../../src/check.js';

const codes = (r: CheckResult) => r.diagnosis.map((d) => `${d.mistake}/${d.variant}@${d.at?.text ?? '-'}`);

describe('linear_extrapolation (b): the minus kept inside F', () => {
  test.each([
    ['(5-2x)^4', '64x^3', '(5 - 2*x)^4'],
    ['(5-2x)^4', '625 + 16x^4', undefined], // the rewritten function itself is not its derivative
    ['e^(1-3x)', '-3e^(-3x)', 'e^(1 - 3*x)'],
    ['cos(1-x^2)', '-2x sin(x^2)', 'cos(1 - x^2)'],
    ['sqrt(4-x)', '-1/(2 sqrt(-x))', 'sqrt(4 - x)'],
    ['1/(1-x^3)^2', '-6/x^7', '1/(1 - x^3)^2'],
    ['x^2 + (3 - x)^2', '2x + 2x', '(3 - x)^2'],
  ])('%s answered %s', (fn, answer, at) => {
    const r = check(fn, answer);
    expect(r.verdict).toBe('incorrect');
    if (at === undefined) expect(codes(r)).not.toContain(`linear_extrapolation/b@${fn}`);
    else expect(codes(r)).toContain(`linear_extrapolation/b@${at}`);
  });

  test('(a) stays F(a) - F(b): (5 - 2x)^4 answered -64x^3 is (a), not (b)', () => {
    expect(codes(check('(5-2x)^4', '-64x^3'))).toEqual(['linear_extrapolation/a@(5 - 2*x)^4']);
  });

  test('not made where F(t) + F(-t) is constant, where it would be (a) again: odd F, and arccos, arcsec (π)', () => {
    // The review's cases: u^(1/3) is odd in real mode ((-8)^(1/3) = -2) though a ** b is NaN there;
    // arccos and arcsec have F(t) + F(-t) = π, not 0; arcsec, arccsc and arcoth are undefined on (-1, 1).
    for (const [fn, answer] of [
      ['sin(1-x^2)', '-2x cos(x^2)'],
      ['(2-x)^3', '-3x^2'],
      ['cbrt(8-x^3)', '-1'],
      ['arctan(1-x^2)', '-2x/(1+x^4)'],
      ['(5-2x)^(1/3)', '-2/(3(2x)^(2/3))'],
      ['(2-x)^(5/3)', '-5/3 x^(2/3)'],
      ['(1-x)^21', '-21x^20'],
      ['arccos(0.5-x)', '1/sqrt(1-x^2)'],
      ['arcsec(3-2x)', '-1/(abs(x) sqrt(4x^2-1))'],
      ['arcoth(3-2x)', '-2/(1-4x^2)'],
    ] as const) {
      const r = check(fn, answer);
      expect(codes(r), fn).toContain(`linear_extrapolation/a@${r.diagnosis[0]?.at?.text}`);
      expect(r.diagnosis.some((d) => d.mistake === 'linear_extrapolation' && d.variant === 'b'), fn).toBe(false);
    }
  });

  test('not made without a minus: (2x + 1)^4 has one reading', () => {
    const r = check('(2x+1)^4', '64x^3');
    expect(codes(r)).toEqual(['linear_extrapolation/a@(2*x + 1)^4']);
  });

  test('not made where only a constant has the minus: (x^2 - 3)^2 as x^4 - 9 or x^4 + 9 has one derivative', () => {
    // (the swap (x^2)^2 - 3 gives 4x^3 too)
    expect(codes(check('(x^2-3)^2', '4x^3'))).toEqual(['swapped_inner_outer/a@(x^2 - 3)^2', 'linear_extrapolation/a@(x^2 - 3)^2']);
    const r = codes(check('(x-3)^4', '4x^3'));
    expect(r).toContain('linear_extrapolation/a@(x - 3)^4');
    expect(r).not.toContain('linear_extrapolation/b@(x - 3)^4');
  });

  test('its feedback says the minus was kept inside, and names the chain rule', () => {
    const d = check('(5-2x)^4', '64x^3').diagnosis[0];
    expect(d?.feedback).toMatch(/each with its own sign inside, as if F\(a - b\) were F\(a\) \+ F\(-b\)/);
    expect(d?.feedback).toMatch(/chain rule/);
  });
});
