/**
 * Numbers as the simplifier folds them: exact rationals for everything that started as integers, so
 * 1/3*2 is 2/3 and never 0.6666666666666666, and decimals only where the user wrote a decimal.
 *
 * Numerators and denominators are JavaScript safe integers. An operation whose exact result does not
 * fit returns undefined instead of rounding: the caller then keeps the numbers apart in the tree, which
 * is still exact, rather than showing a result that is silently wrong.
 */
export interface Rational {
  readonly kind: 'rational';
  /** Numerator, carries the sign. */
  readonly n: number;
  /** Denominator, always > 0 and coprime with n. */
  readonly d: number;
}

/** A number the user wrote with a decimal point (or one too large to be an exact integer). */
export interface Decimal {
  readonly kind: 'decimal';
  readonly value: number;
}

export type Numeric = Rational | Decimal;

/**
 * Largest numerator or denominator a power is folded to. A power folds only when the result is a
 * number a person would write out (2^10 is 1024); 9^99 stays 9^99. Matches the largest number the
 * readers accept (limits.ts maxNumber), so folding never shows a number the reader would refuse.
 */
export const POWER_FOLD_LIMIT = 1e12;

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** n/d in lowest terms, or undefined when it is not finite or does not fit in safe integers. */
export function rational(n: number, d = 1): Rational | undefined {
  if (d === 0 || !Number.isSafeInteger(n) || !Number.isSafeInteger(d)) return undefined;
  const g = gcd(n, d) || 1;
  const sign = d < 0 ? -1 : 1;
  // `+ 0` turns a -0 numerator into 0 so keys and printing never see "-0".
  return { kind: 'rational', n: (sign * n) / g + 0, d: (sign * d) / g };
}

function exact(n: number, d = 1): Rational {
  const r = rational(n, d);
  if (r === undefined) throw new RangeError(`not a safe rational: ${n}/${d}`);
  return r;
}

export const ZERO: Rational = exact(0);
export const ONE: Rational = exact(1);
export const MINUS_ONE: Rational = exact(-1);
export const HALF: Rational = exact(1, 2);

/**
 * Float results are rounded to 15 significant digits, so 0.1*3 shows as 0.3 rather than
 * 0.30000000000000004 (a change far below anything the numeric checks can see). Whole results become
 * exact integers again: 0.5*2 is 1, and x^(0.5*2) is x.
 */
function decimal(value: number): Numeric | undefined {
  if (!Number.isFinite(value)) return undefined;
  const tidy = Number(value.toPrecision(15));
  if (Number.isSafeInteger(tidy)) return exact(tidy);
  return { kind: 'decimal', value: tidy };
}

/** A number as it appears in a tree: integers are exact, anything else is a decimal the user wrote. */
export function fromNumber(value: number): Numeric {
  if (Number.isSafeInteger(value)) return exact(value);
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return { kind: 'decimal', value };
}

export function toNumber(x: Numeric): number {
  return x.kind === 'rational' ? x.n / x.d : x.value;
}

export function isZero(x: Numeric): boolean {
  return x.kind === 'rational' && x.n === 0;
}
export function isOne(x: Numeric): boolean {
  return x.kind === 'rational' && x.n === 1 && x.d === 1;
}
export function isNegative(x: Numeric): boolean {
  return toNumber(x) < 0;
}
export function isInteger(x: Numeric): x is Rational {
  return x.kind === 'rational' && x.d === 1;
}
export function equals(a: Numeric, b: Numeric): boolean {
  if (a.kind === 'rational' && b.kind === 'rational') return a.n === b.n && a.d === b.d;
  return a.kind === b.kind && toNumber(a) === toNumber(b);
}

/** A string equal for equal numbers, for the simplifier's grouping keys. */
export function numericKey(x: Numeric): string {
  return x.kind === 'rational' ? (x.d === 1 ? `${x.n}` : `${x.n}/${x.d}`) : `${x.value}d`;
}

export function negate(x: Numeric): Numeric {
  return x.kind === 'rational' ? exact(-x.n, x.d) : { kind: 'decimal', value: -x.value };
}

export function abs(x: Numeric): Numeric {
  return isNegative(x) ? negate(x) : x;
}

/** Product of two safe integers, or undefined when the exact product is not a safe integer. */
function times(a: number, b: number): number | undefined {
  const p = a * b;
  return Number.isSafeInteger(p) ? p + 0 : undefined;
}

export function add(a: Numeric, b: Numeric): Numeric | undefined {
  if (a.kind === 'decimal' || b.kind === 'decimal') return decimal(toNumber(a) + toNumber(b));
  const g = gcd(a.d, b.d);
  const left = times(a.n, b.d / g);
  const right = times(b.n, a.d / g);
  const d = times(a.d, b.d / g);
  if (left === undefined || right === undefined || d === undefined) return undefined;
  return rational(left + right, d);
}

export function multiply(a: Numeric, b: Numeric): Numeric | undefined {
  if (a.kind === 'decimal' || b.kind === 'decimal') return decimal(toNumber(a) * toNumber(b));
  // Cancel across before multiplying so exact results stay within safe integers as long as possible.
  const g1 = gcd(a.n, b.d) || 1;
  const g2 = gcd(b.n, a.d) || 1;
  const n = times(a.n / g1, b.n / g2);
  const d = times(a.d / g2, b.d / g1);
  return n === undefined || d === undefined ? undefined : rational(n, d);
}

export function inverse(x: Numeric): Numeric | undefined {
  if (isZero(x)) return undefined;
  if (x.kind === 'rational') return rational(x.d, x.n);
  // Not rounded to 15 digits here: 1/7.5 so rounded, times 7.5, is 0.999999999999997, and 7.5/7.5 must
  // be 1 (the product that follows rounds, and shows, the result).
  const value = 1 / x.value;
  return Number.isFinite(value) ? { kind: 'decimal', value } : undefined;
}

/** m^k for a safe integer m and an integer k >= 0, or undefined past POWER_FOLD_LIMIT. */
function integerPower(m: number, k: number): number | undefined {
  if (k === 0) return 1;
  if (m === 0 || m === 1) return m;
  if (m === -1) return k % 2 === 0 ? 1 : -1;
  const size = Math.abs(m);
  // Cheap bound first, so 9^387420489 is refused without being computed.
  if (k * Math.log10(size) > Math.log10(POWER_FOLD_LIMIT) + 1e-9) return undefined;
  let result = 1;
  for (let i = 0; i < k; i++) result *= m;
  return Math.abs(result) <= POWER_FOLD_LIMIT ? result : undefined;
}

/** The exact k-th root of a safe integer m >= 0, when m is a perfect k-th power. */
function integerRoot(m: number, k: number): number | undefined {
  if (m <= 1) return m;
  const guess = Math.round(m ** (1 / k));
  for (const r of [guess - 1, guess, guess + 1]) {
    if (r >= 0 && integerPower(r, k) === m) return r;
  }
  return undefined;
}

/**
 * base^exponent when the result is a number a person would write: integer powers of rationals up to
 * POWER_FOLD_LIMIT, exact roots of non-negative rationals (4^(1/2) is 2, 8^(2/3) is 4), integer powers
 * of decimals. Undefined otherwise (2^(1/2), 0^(-1), (-8)^(1/3), 2^0.5), and the caller keeps the power.
 */
export function power(base: Numeric, exponent: Numeric): Numeric | undefined {
  if (isOne(base)) return ONE;
  if (isZero(base)) {
    const e = toNumber(exponent);
    return e > 0 ? ZERO : e === 0 ? ONE : undefined;
  }
  if (exponent.kind === 'decimal') return undefined;
  if (exponent.d === 1) {
    const k = exponent.n;
    // Any number and its reciprocal are exact, past POWER_FOLD_LIMIT too: 1/2^40 is a coefficient when a
    // product makes it, so it must be one when a division does (or simplify is not idempotent).
    if (k === 1) return base;
    if (k === -1) return inverse(base);
    // A decimal power that underflows to 0 would not be the same number: keep the power instead.
    if (base.kind === 'decimal') return base.value ** k === 0 ? undefined : decimal(base.value ** k);
    const n = integerPower(base.n, Math.abs(k));
    const d = integerPower(base.d, Math.abs(k));
    if (n === undefined || d === undefined) return undefined;
    return k >= 0 ? rational(n, d) : rational(d, n);
  }
  // A fractional power: only exact roots of non-negative rationals fold. A decimal that is a whole
  // number (0.25^-1 is 4) prints as one and reads back exact, so it folds as one: (0.25^-1)^(3/2) is 8
  // at once, or simplify is not idempotent (4^(3/2) first, 8 the second time).
  const whole = base.kind === 'decimal' && Number.isSafeInteger(base.value) ? exact(base.value) : base;
  if (whole.kind === 'decimal' || whole.n < 0) return undefined;
  const rootN = integerRoot(whole.n, exponent.d);
  const rootD = integerRoot(whole.d, exponent.d);
  if (rootN === undefined || rootD === undefined) return undefined;
  return power(exact(rootN, rootD), exact(exponent.n));
}
