/** Regression tests for the rounding-error bounds of the double evaluation. */
import { describe, expect, it } from 'vitest';
import { compileWithBound } from '../../src/compare/error-bound.js';
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

  it('is rounding, not infinite, where a function is flat across its argument\'s whole error interval', () => {
    // x^35 at -300 is -5e86 give or take 5e70: e^ of any of it underflows to 0.
    const underflow = compileWithBound(readExpression('x^34 e^(x^35)').expr, ['x'])([-300.004]);
    expect(underflow.value).toBe(0);
    expect(underflow.error).toBeLessThan(1e-200);
    // tanh of anything near 1e30 is 1.
    const saturated = compileWithBound(readExpression('tanh(x^30)').expr, ['x'])([10.5]);
    expect(saturated.value).toBe(1);
    expect(saturated.error).toBeLessThan(1e-15);
    // Not where it varies: sin of an argument known to within more than a period says nothing.
    expect(compileWithBound(readExpression('sin(x^35)').expr, ['x'])([-300.004]).error).toBe(Infinity);
  });
});
