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
});
