/** Regression tests for the rounding-error bounds of the double evaluation. */
import { describe, expect, it } from 'vitest';
import { compileWithBound } from '../../src/compare/error-bound.js';
import { compileWide } from '../../src/compare/evaluate-wide.js';
import { readExpression } from '../../src/parse/read.js';

describe('compileWithBound', () => {
  it('bounds a quotient whose divisor is near 1e154 (its square overflows)', () => {
    const expr = readExpression('x/(a^x)^(a^x)', { variable: 'x' }).expr;
    const bounded = compileWithBound(expr, ['x', 'a'])([-3.647941196863772, 0.3]);
    // At the doubles' exact values, in 60 digits (Python's decimal): -2.72075883159465860895759e-154.
    const exact = -2.72075883159465860895759e-154;
    expect(bounded.error).toBeGreaterThanOrEqual(Math.abs(bounded.value - exact));
    // ... and the bound is still a useful one, not an infinity.
    expect(bounded.error).toBeLessThan(1e-10 * Math.abs(exact));
  });
});

describe('a function that jumps at 0, of an argument that underflowed', () => {
  // csch(800) is 2e^-800, +0 in doubles with a bound of one subnormal either side; arccot = atan(1/t)
  // is π/2 beside 0+ and -π/2 beside 0-, so the bound was π: value π/2 ± π, which hid any slip of
  // less than 64π beside a larger term and made a quotient by it unvouched for in both looks.
  const arccot = readExpression('arccot(csch(x))', { variable: 'x' }).expr;

  it('is not vouched for in doubles', () => {
    expect(compileWithBound(arccot, ['x'])([800]).error).toBe(Infinity);
    // Beside 0, where csch is of ordinary size, nothing changes.
    expect(compileWithBound(arccot, ['x'])([30]).error).toBeLessThan(1e-15);
  });

  it('is evaluated on its side of 0 in log-magnitude form, both signs', () => {
    for (const [x, sign] of [[800, 1], [-800, -1], [3000, 1]] as const) {
      const w = compileWide(arccot, ['x'])([x]);
      expect(w.sign).toBe(sign);
      expect(Math.abs(w.log - Math.log(Math.PI / 2))).toBeLessThan(1e-15);
      expect(w.error).toBeLessThan(1e-14);
    }
  });

  it('and beyond the other end of the doubles: arctan(sinh(800)) is π/2', () => {
    const w = compileWide(readExpression('arctan(sinh(x))', { variable: 'x' }).expr, ['x'])([-800]);
    expect(w).toMatchObject({ sign: -1 });
    expect(Math.abs(w.log - Math.log(Math.PI / 2))).toBeLessThan(1e-15);
  });

  it('a function without a limit there stays unreliable', () => {
    // sin of an underflowed value is that value, with no digit left in doubles; sin at infinity has none.
    expect(compileWide(readExpression('sin(csch(x))', { variable: 'x' }).expr, ['x'])([800]).error).toBe(Infinity);
    expect(compileWide(readExpression('sin(sinh(x))', { variable: 'x' }).expr, ['x'])([800]).error).toBe(Infinity);
  });
});
