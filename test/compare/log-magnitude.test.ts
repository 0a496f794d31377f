/**
 * Values beyond double range: the log-magnitude arithmetic (sign, ln|value|, a bound on that
 * logarithm's error) and the decimal.js evaluation behind the extended-range comparison. Their
 * bounds are checked against 50-digit values, their semantics against the double evaluation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileWithBound } from '../../src/compare/error-bound.js';
import { DecimalEvaluator, decimalCost } from '../../src/compare/evaluate-decimal.js';
import { compileWide } from '../../src/compare/evaluate-wide.js';
import { decimalContext, decimalCosh, decimalPow, decimalPowerConstant, decimalSinh, decimalTanh, formatDecimal } from '../../src/numbers/decimal.js';
import * as W from '../../src/numbers/log-magnitude.js';
import { rational } from '../../src/numbers/rational.js';
import { add, mul, type Expr } from '../../src/tree/nodes.js';
import { expression } from '../helpers/arbitrary-expr.js';
import { tree } from '../helpers/mathjs-tree.js';

const SYMBOLS = ['x', 'a'];
const wide = (text: string, x: number, a = 1.7) => compileWide(tree(text), SYMBOLS)([x, a]);
const exact = (text: string, x: number, a = 1.7) => new DecimalEvaluator(SYMBOLS).values(tree(text), Float64Array.from([x, a]))[1];

describe('log-magnitude arithmetic', () => {
  it('keeps the sign and adds logarithms in products and quotients', () => {
    const a = W.fromExact(-3);
    const b = W.fromExact(5);
    expect(W.product(a, b)).toMatchObject({ sign: -1, log: expect.closeTo(Math.log(15), 14) });
    expect(W.quotient(a, b)).toMatchObject({ sign: -1, log: expect.closeTo(Math.log(0.6), 14) });
    expect(W.quotient(b, W.ZERO)).toBe(W.UNDEFINED);
    expect(W.product(W.ZERO, W.UNDEFINED)).toBe(W.UNDEFINED);
  });

  it('sums through log-sum-exp, and a cancellation that leaves nothing known is unreliable', () => {
    const big = W.exponential(W.fromExact(5000), 1, 0); // e^5000
    expect(W.sum(big, big, 1)).toMatchObject({ sign: 1, log: expect.closeTo(5000 + Math.LN2, 9) });
    expect(W.sum(big, W.fromExact(1), -1)).toMatchObject({ sign: 1, log: expect.closeTo(5000, 9) });
    expect(W.isUnreliable(W.sum(big, big, -1))).toBe(true);
    const three = W.fromExact(3);
    const almost = W.fromValue(3 - 1e-15, 1e-15);
    expect(W.isUnreliable(W.sum(three, almost, -1))).toBe(true);
    expect(W.sum(W.ZERO, three, -1)).toMatchObject({ sign: -1 });
  });

  it('follows the real-mode rules for powers of negative numbers', () => {
    const minus8 = W.fromExact(-8);
    expect(W.power(minus8, 1 / 3, rational(1, 3), 0)).toMatchObject({ sign: -1, log: expect.closeTo(Math.LN2, 14) });
    expect(W.power(minus8, 2 / 3, rational(2, 3), 0)).toMatchObject({ sign: 1, log: expect.closeTo(2 * Math.LN2, 14) });
    expect(W.power(minus8, 0.5, rational(1, 2), 0)).toBe(W.UNDEFINED);
    expect(W.power(minus8, 3, rational(3), 0)).toMatchObject({ sign: -1 });
    expect(W.power(W.ZERO, -1, rational(-1), 0)).toBe(W.UNDEFINED);
  });

  it('takes exp of a double whose result no double holds, and ln back', () => {
    const huge = W.exponential(W.fromExact(1e8), Math.LN2, 0); // 2^(10^8)
    expect(huge).toMatchObject({ sign: 1, log: expect.closeTo(1e8 * Math.LN2, 4) });
    expect(huge.error).toBeLessThan(1e-6);
    expect(W.toValue(huge)).toBeUndefined();
    const back = W.logarithm(huge);
    expect(W.toValue(back)?.value).toBeCloseTo(1e8 * Math.LN2, 4);
    expect(W.logarithm(W.fromExact(-2))).toBe(W.UNDEFINED);
    expect(W.isUnreliable(W.exponential(W.exponential(W.fromExact(800), 1, 0), 1, 0))).toBe(true);
  });

  it('writes values out for people', () => {
    expect(W.formatWide(W.exponential(W.fromExact(1000), 1, 0))).toBe('1.970e+434');
    expect(W.formatWide(W.negate(W.fromExact(0.000123449)))).toBe('-1.234e-4');
    expect(W.formatWide(W.UNDEFINED)).toBe('undefined');
    expect(formatDecimal(decimalContext(36).exp(1000))).toBe('1.970e+434');
  });
});

describe('the evaluations agree with each other', () => {
  it('e^(2^cosh(sqrt(x)+4))', () => {
    // SymPy, 40 digits, at the double nearest 0.001 (Rational(0.001)): ln f' = 305165155.9691612391475156922330046981039
    const derivative = 'e^(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * log(2) * sinh(sqrt(x)+4) / (2 sqrt(x))';
    const w = wide(derivative, 0.001);
    expect(w.sign).toBe(1);
    expect(Math.abs(w.log - 305165155.9691612391475156922)).toBeLessThanOrEqual(w.error);
    expect(w.error).toBeLessThan(1e-3);
    expect(exact(derivative, 0.001)?.ln().toFixed(24)).toBe('305165155.969161239147515692233005');
  });

  it('values below double range too: e^(-e^(x^2 + 7))', () => {
    const w = wide('e^(-e^(x^2 + 7))', 0.5);
    expect(w.sign).toBe(1);
    expect(w.log).toBeCloseTo(-Math.exp(7.25), 6);
    expect(exact('e^(-e^(x^2 + 7))', 0.5)?.ln().toNumber()).toBeCloseTo(-Math.exp(7.25), 6);
  });

  it('a value that underflows with a logarithm known only to thousands is still bounded (regression: NaN)', () => {
    // 0.3^(54^10.8): its logarithm, -6·10^18, is off by thousands, so e^error overflows while the value
    // is 0 as a double, and the bound was 0·∞. 2 to that power is 1, bounded.
    const text = '2^(a^nthRoot((3^3/(1/2))^(3^3/(1/2)), 5))';
    const w = wide(text, -0.001, 0.3);
    expect(w.error).not.toBeNaN();
    expect(W.isKnown(w) && w.sign).toBe(1);
    expect(Math.abs(w.log - (exact(text, -0.001, 0.3)?.ln().toNumber() as number))).toBeLessThanOrEqual(64 * w.error + 1e-12);
  });

  it('decimal hyperbolic functions go through exp for large arguments and agree with decimal.js near 0', () => {
    const D = decimalContext(50);
    for (const t of ['0.3', '-0.7', '2.5', '-40', '1000']) {
      const x = new D(t);
      expect(decimalCosh(x).minus(x.exp().plus(x.neg().exp()).div(2)).abs().lte(decimalCosh(x).abs().times('1e-45'))).toBe(true);
      expect(decimalSinh(x).minus(x.exp().minus(x.neg().exp()).div(2)).abs().lte(decimalCosh(x).abs().times('1e-45'))).toBe(true);
      expect(decimalTanh(x).times(decimalCosh(x)).minus(decimalSinh(x)).abs().lte(decimalCosh(x).abs().times('1e-45'))).toBe(true);
    }
    expect(decimalSinh(new D(1e17)).isFinite()).toBe(false); // beyond decimal.js's range, at once
    expect(decimalSinh(new D(-1e17)).toString()).toBe('-Infinity');
  });

  it('decimal powers follow the real-mode rules', () => {
    const D = decimalContext(36);
    expect(decimalPowerConstant(new D(-8), new D(1).div(3), rational(1, 3)).toNumber()).toBeCloseTo(-2, 30);
    expect(decimalPowerConstant(new D(-8), new D(2).div(3), rational(2, 3)).toNumber()).toBeCloseTo(4, 30);
    expect(decimalPowerConstant(new D(-8), new D(0.5), rational(1, 2)).isNaN()).toBe(true);
    expect(decimalPowerConstant(new D(Number.NaN), new D(0), rational(0)).isNaN()).toBe(true);
    expect(decimalPow(new D(-8), new D(1).div(3)).toNumber()).toBeCloseTo(-2, 30);
    expect(decimalPow(new D(-8), new D(0.5)).isNaN()).toBe(true);
    expect(decimalPow(new D(-2), new D(3)).toNumber()).toBe(-8);
  });

  it('bounds decimal work by the distinct nodes of a tree, constants left out, and counts what is done', () => {
    const cost = (text: string) => decimalCost([tree(text)], ['x']);
    expect(cost('sin(x)')).toBeCloseTo(2 * (1 + 0.04), 10); // sin and reading x, at two precisions
    expect(cost('ln(x)')).toBeCloseTo(2 * (4 + 0.04), 10); // a logarithm is a slow series
    expect(cost('sin(x) + e^log(3)')).toBeCloseTo(cost('sin(x)') + 2 * 0.04, 10); // e^ln 3 is a constant
    const x = tree('x');
    const shared = tree('sin(x)');
    expect(decimalCost([mul(shared, shared)], ['x'])).toBeCloseTo(cost('sin(x)') + 2 * 0.04, 10); // one sin(x) node, used twice
    expect(cost('sin(x) * sin(x)')).toBeCloseTo(cost('sin(x)') + 2 * 0.04, 10); // and two equal ones are one shape
    expect(decimalCost([tree('sin(x) + 1'), tree('2 sin(x)')], ['x'])).toBeCloseTo(cost('sin(x)') + 4 * 0.04, 10); // shared across trees
    const evaluator = new DecimalEvaluator(['x']);
    const point = Float64Array.from([0.3]);
    evaluator.values(mul(shared, x), point);
    const first = evaluator.work;
    expect(first).toBeLessThanOrEqual(decimalCost([mul(shared, x)], ['x']));
    evaluator.values(add(shared, x), point); // sin(x) and x remembered: only the sum is new
    expect(evaluator.work - first).toBeCloseTo(2 * 0.04, 10);
  });
});

/** A random point in the generator's usual range, away from 0. */
const point = fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: 0.3, max: 3.5, noNaN: true })).filter(([x]) => Math.abs(x) > 1e-3);

describe('on random expressions', () => {
  it('a log-magnitude value holds the 50-digit value within 64 times its bound', () => {
    let known = 0;
    fc.assert(
      fc.property(expression, point, (expr: Expr, [x, a]) => {
        const w = compileWide(expr, SYMBOLS)([x, a]);
        if (!W.isKnown(w) || w.sign === 0 || w.error > 1e-3) return;
        const [low, high] = new DecimalEvaluator(SYMBOLS).values(expr, Float64Array.from([x, a]));
        if (!low || !high || !high.isFinite() || high.isZero()) return;
        // Only where decimal.js itself is sure of its value (its two precisions agree to 1e-20).
        if (low.minus(high).abs().gt(high.abs().times('1e-20'))) return;
        known++;
        expect(Math.sign(high.toNumber() || (high.isNegative() ? -1 : 1)), expr.toString()).toBe(w.sign);
        const log = high.abs().ln().toNumber();
        expect(Math.abs(log - w.log), `${expr.toString()} at x = ${x}, a = ${a}`).toBeLessThanOrEqual(64 * w.error + 1e-12 * Math.max(1, Math.abs(log)));
      }),
      { numRuns: 400 },
    );
    expect(known).toBeGreaterThan(100);
  });

  it('the decimal evaluation has the double evaluation\'s semantics where doubles are sure of their value', () => {
    let compared = 0;
    fc.assert(
      fc.property(expression, point, (expr: Expr, [x, a]) => {
        const bounded = compileWithBound(expr, SYMBOLS)([x, a]);
        if (bounded.error === Infinity) return;
        const [, value] = new DecimalEvaluator(SYMBOLS).values(expr, Float64Array.from([x, a]));
        if (!value) return;
        if (Number.isNaN(bounded.value)) {
          // Undefined in doubles, undefined in decimals (or a pole that decimal.js reaches as ±Infinity).
          expect(value.isFinite(), expr.toString()).toBe(false);
          return;
        }
        if (!Number.isFinite(bounded.value) || Math.abs(bounded.value) > 1e12 || bounded.error > 1e-6 * Math.abs(bounded.value)) return;
        compared++;
        expect(Math.abs(value.toNumber() - bounded.value), `${expr.toString()} at x = ${x}, a = ${a}`).toBeLessThanOrEqual(64 * bounded.error + 1e-300);
      }),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(100);
  });
});
