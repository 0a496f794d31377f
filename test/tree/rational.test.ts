import { describe, expect, it } from 'vitest';
import * as R from '../../src/numbers/rational.js';

const q = (n: number, d = 1): R.Numeric => R.rational(n, d) as R.Numeric;
const dec = (value: number): R.Numeric => R.fromNumber(value);
const show = (x: R.Numeric | undefined): string | undefined => (x === undefined ? undefined : R.numericKey(x));

describe('exact rationals', () => {
  it('keep lowest terms with the sign on the numerator', () => {
    expect(show(q(2, 4))).toBe('1/2');
    expect(show(q(3, -6))).toBe('-1/2');
    expect(show(q(0, -5))).toBe('0');
    expect(R.rational(1, 0)).toBeUndefined();
  });

  it('add and multiply exactly', () => {
    expect(show(R.add(q(1, 3), q(1, 6)))).toBe('1/2');
    expect(show(R.multiply(q(1, 3), q(2)))).toBe('2/3');
    expect(show(R.multiply(q(5), q(3)))).toBe('15');
    expect(show(R.add(q(2), q(-1)))).toBe('1');
    expect(show(R.inverse(q(-2, 3)))).toBe('-3/2');
    expect(R.inverse(q(0))).toBeUndefined();
  });

  it('refuse a result that is not exact in safe integers instead of rounding it', () => {
    const big = q(Number.MAX_SAFE_INTEGER);
    expect(R.multiply(big, q(2))).toBeUndefined();
    expect(R.add(big, q(1))).toBeUndefined();
    expect(show(R.multiply(big, q(1, Number.MAX_SAFE_INTEGER)))).toBe('1');
  });
});

describe('decimals', () => {
  it('stay decimals, rounded to 15 significant digits', () => {
    expect(show(R.add(dec(0.1), dec(0.2)))).toBe('0.3d');
    expect(show(R.multiply(dec(0.5), q(1, 3)))).toBe(`${Number((0.5 / 3).toPrecision(15))}d`);
  });

  it('become exact again when whole', () => {
    expect(show(R.multiply(dec(0.5), q(2)))).toBe('1');
    expect(R.fromNumber(3).kind).toBe('rational');
    expect(R.fromNumber(0.5).kind).toBe('decimal');
  });
});

describe('powers', () => {
  it('fold integer powers up to the limit', () => {
    expect(show(R.power(q(2), q(3)))).toBe('8');
    expect(show(R.power(q(2, 3), q(-2)))).toBe('9/4');
    expect(show(R.power(q(-2), q(3)))).toBe('-8');
    expect(show(R.power(q(10), q(12)))).toBe(`${1e12}`);
    expect(R.power(q(10), q(13))).toBeUndefined();
    expect(R.power(q(9), q(387420489))).toBeUndefined();
    expect(show(R.power(q(-1), q(387420489)))).toBe('-1');
  });

  it('fold exact roots of non-negative rationals only', () => {
    expect(show(R.power(q(4), q(1, 2)))).toBe('2');
    expect(show(R.power(q(8), q(2, 3)))).toBe('4');
    expect(show(R.power(q(1, 4), q(-1, 2)))).toBe('2');
    expect(R.power(q(2), q(1, 2))).toBeUndefined();
    expect(R.power(q(-8), q(1, 3))).toBeUndefined();
    expect(R.power(q(2), dec(0.5))).toBeUndefined();
  });

  it('know 0 and 1', () => {
    expect(show(R.power(q(0), q(3)))).toBe('0');
    expect(show(R.power(q(0), q(0)))).toBe('1');
    expect(R.power(q(0), q(-1))).toBeUndefined();
    expect(show(R.power(q(1), dec(0.3)))).toBe('1');
  });

  it('fold decimal powers, but not into an underflow', () => {
    expect(show(R.power(dec(0.5), q(2)))).toBe('0.25d');
    expect(R.power(dec(0.5), q(5000))).toBeUndefined();
    expect(R.power(dec(1.5), q(5000))).toBeUndefined();
  });
});
