/**
 * Real numbers beyond double precision's range, as a sign and the natural logarithm of the magnitude,
 * with a bound on the error of that logarithm (a bound on the relative error of the value). Products
 * add logarithms, powers multiply them, exp(u) has u itself for its logarithm, sums go through
 * log-sum-exp: so e^(2^cosh(4)), about 10^(7·10^7), is an ordinary double pair (1, 1.6·10^8).
 *
 * Each operation adds its own rounding to the bound, as error-bound.ts does for plain doubles. The
 * bound on the logarithm grows with the logarithm itself (a logarithm of 10^12 is known to about
 * 10^-4), so these values find where a function is real and far from zero, tell clearly different
 * values apart and prefilter candidates; telling values equal to many digits is left to decimal.js
 * (src/numbers/decimal.ts), which this module's bounds make cheap to call only where needed.
 */
import type { Rational } from './rational.js';
import { smallRational } from './real-power.js';

export interface Wide {
  /** 1 or -1; 0 for an exact zero; NaN where the expression is undefined. */
  readonly sign: number;
  /** ln|value|: -Infinity for 0, NaN where undefined. */
  readonly log: number;
  /**
   * Bound on |log - ln|exact value||, so the exact value lies within a factor e^error of this one and
   * has this sign; Infinity when the value cannot be vouched for (an argument within rounding of a
   * domain edge, a cancellation that leaves nothing, a result beyond any range).
   */
  readonly error: number;
}

const EPS = Number.EPSILON;
/** ln of the largest double: beyond it, e^log is not a double. */
export const MAX_DOUBLE_LOG = Math.log(Number.MAX_VALUE);
/** Below this, e^log is subnormal and has lost precision: not converted back to a double. */
const MIN_DOUBLE_LOG = Math.log(2.2250738585072014e-308);
/** A relative error at which a difference's sign is still known but its logarithm is not worth much. */
const MAX_RELATIVE = 0.5;

export const UNRELIABLE: Wide = Object.freeze({ sign: Number.NaN, log: Number.NaN, error: Infinity });
/** Genuinely undefined (outside the domain, a pole), as sure as the arguments that led there. */
export const UNDEFINED: Wide = Object.freeze({ sign: Number.NaN, log: Number.NaN, error: 0 });
export const ZERO: Wide = Object.freeze({ sign: 0, log: -Infinity, error: 0 });
export const ONE: Wide = Object.freeze({ sign: 1, log: 0, error: 0 });

export const isUnreliable = (w: Wide): boolean => w.error === Infinity;
export const isUndefined = (w: Wide): boolean => w.sign !== w.sign && w.error !== Infinity;
/** Defined and vouched for: a sign of -1, 0 or 1 and a finite error. */
export const isKnown = (w: Wide): boolean => w.sign === w.sign && w.error !== Infinity;

/** What an undefined or unreliable operand makes of any result: unreliable wins over undefined. */
function unknownOf(a: Wide, b?: Wide): Wide | undefined {
  if (isUnreliable(a) || (b && isUnreliable(b))) return UNRELIABLE;
  if (isUndefined(a) || (b && isUndefined(b))) return UNDEFINED;
  return undefined;
}

/**
 * A double and a bound on its absolute error. A value within its error of 0 has no known sign or
 * size (unreliable), unless both are exactly 0; NaN and infinities with a finite error are genuinely
 * undefined (sqrt(-1), 1/0), with an infinite one unreliable.
 */
export function fromValue(value: number, error: number): Wide {
  if (error === Infinity || error !== error) return UNRELIABLE;
  if (!Number.isFinite(value)) return UNDEFINED;
  if (value === 0) return error === 0 ? ZERO : UNRELIABLE;
  const magnitude = Math.abs(value);
  const relative = error / magnitude;
  if (!(relative < MAX_RELATIVE)) return UNRELIABLE;
  const log = Math.log(magnitude);
  // |ln|exact| - ln|value|| <= -ln(1 - relative); Math.log adds one ulp of its own.
  return { sign: Math.sign(value), log, error: -Math.log1p(-relative) + EPS * Math.abs(log) };
}

/** An exact double (a sample point's coordinate). */
export function fromExact(value: number): Wide {
  return fromValue(value, 0);
}

/**
 * Back to a double with a bound on its absolute error, when it is one: undefined beyond double range
 * (or in the subnormals), where the caller needs this module's own rules.
 */
export function toValue(w: Wide): { value: number; error: number } | undefined {
  if (isUnreliable(w)) return { value: Number.NaN, error: Infinity };
  if (isUndefined(w)) return { value: Number.NaN, error: 0 };
  if (w.sign === 0) return { value: 0, error: 0 };
  if (w.log > MAX_DOUBLE_LOG - 1 || w.log < MIN_DOUBLE_LOG) return undefined;
  const magnitude = Math.exp(w.log);
  return { value: w.sign * magnitude, error: magnitudeError(magnitude, w) };
}

/**
 * The absolute error of e^log as a double: exp is within an ulp, and the logarithm's error e moves the
 * value by at most a factor e^e. Where the value underflows to 0 and that factor overflows (a = 0.3 to
 * the power 5·10^18, its logarithm off by thousands), the product is 0·∞: e^(log + e) bounds it then
 * (0 there too), where NaN made every bound built on it NaN.
 */
function magnitudeError(magnitude: number, w: Wide): number {
  const error = magnitude * (Math.expm1(w.error) + EPS);
  return Number.isNaN(error) ? Math.exp(w.log + w.error) : error;
}

export function negate(a: Wide): Wide {
  return a.sign === 0 || a.sign !== a.sign ? a : { sign: -a.sign, log: a.log, error: a.error };
}

export function abs(a: Wide): Wide {
  return a.sign === -1 ? { sign: 1, log: a.log, error: a.error } : a;
}

export function signum(a: Wide): Wide {
  const unknown = unknownOf(a);
  if (unknown) return unknown;
  return a.sign === 0 ? ZERO : { sign: a.sign, log: 0, error: 0 };
}

export function product(a: Wide, b: Wide): Wide {
  const unknown = unknownOf(a, b);
  if (unknown) return unknown;
  if (a.sign === 0 || b.sign === 0) return ZERO;
  const log = a.log + b.log;
  return { sign: a.sign * b.sign, log, error: a.error + b.error + EPS * Math.abs(log) };
}

export function quotient(a: Wide, b: Wide): Wide {
  const unknown = unknownOf(a, b);
  if (unknown) return unknown;
  // An exact zero divisor: a pole, as genuine as the zero.
  if (b.sign === 0) return UNDEFINED;
  if (a.sign === 0) return ZERO;
  const log = a.log - b.log;
  return { sign: a.sign * b.sign, log, error: a.error + b.error + EPS * Math.abs(log) };
}

/** a + sign·b through log-sum-exp: the larger magnitude's logarithm plus log1p of the ratio. */
export function sum(a: Wide, b: Wide, sign: 1 | -1): Wide {
  const unknown = unknownOf(a, b);
  if (unknown) return unknown;
  const other = sign === 1 ? b : negate(b);
  if (a.sign === 0) return other;
  if (other.sign === 0) return a;
  const [big, small] = a.log >= other.log ? [a, other] : [other, a];
  const gap = small.log - big.log; // <= 0
  const ratio = Math.exp(gap);
  // The ratio's own rounding (gap and exp), relative to it.
  const ratioRounding = EPS * (Math.abs(gap) + 2);
  if (big.sign === small.sign) {
    const log = big.log + Math.log1p(ratio);
    // A sum of terms of one sign is off by at most the larger relative error of the two.
    return { sign: big.sign, log, error: Math.max(big.error, small.error) + ratio * ratioRounding + EPS * (Math.abs(log) + 1) };
  }
  if (ratio >= 1) return UNRELIABLE; // equal magnitudes cancel to nothing known
  const remaining = 1 - ratio;
  // Relative error of |big| - |small| from the relative errors of both, and of the ratio's rounding.
  const relative = (Math.expm1(big.error) + ratio * (Math.expm1(small.error) + ratioRounding)) / remaining;
  if (!(relative < MAX_RELATIVE)) return UNRELIABLE;
  const log = big.log + Math.log1p(-ratio);
  return { sign: big.sign, log, error: -Math.log1p(-relative) + EPS * (Math.abs(log) + 1) };
}

/**
 * t^n for a constant n, with real-mode rules (real-power.ts): an integer n keeps the sign's parity, a
 * rational with an odd denominator gives the real root of a negative base, anything else is undefined
 * there. `exact` is n as a fraction when known; `exponentError` the rounding of n's float.
 */
export function power(t: Wide, n: number, exact: Rational | undefined, exponentError: number): Wide {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  if (n === 0) return ONE;
  if (t.sign === 0) return n > 0 ? ZERO : UNDEFINED;
  let sign = 1;
  if (t.sign < 0) {
    const r = exact ?? smallRational(n);
    if (r === undefined || r.d % 2 === 0) return UNDEFINED;
    sign = r.n % 2 === 0 ? 1 : -1;
  }
  const log = n * t.log;
  return { sign, log, error: Math.abs(n) * t.error + exponentError * Math.abs(t.log) + EPS * Math.abs(log) };
}

/** The real n-th root as the table's nthRoot computes it in doubles (realPow(t, 1/n)). */
export function root(t: Wide, n: number): Wide {
  return power(t, 1 / n, undefined, 0.5 * EPS / Math.abs(n));
}

/** A known, non-zero Wide as a double with its absolute error; undefined beyond double range. */
function asDouble(u: Wide): { value: number; error: number } | undefined {
  if (u.sign === 0) return { value: 0, error: 0 };
  if (u.log > MAX_DOUBLE_LOG) return undefined;
  const magnitude = Math.exp(u.log);
  return { value: u.sign * magnitude, error: magnitudeError(magnitude, u) };
}

/**
 * b^u for a constant b > 0 given by its logarithm (e^u: lnBase 1, exact): the logarithm of the result
 * is u·ln b, an ordinary double however large the result. Unreliable when u itself overflows.
 */
export function exponential(u: Wide, lnBase: number, lnBaseError: number): Wide {
  const unknown = unknownOf(u);
  if (unknown) return unknown;
  const x = asDouble(u);
  if (x === undefined || !Number.isFinite(x.value)) return UNRELIABLE;
  const log = x.value * lnBase;
  if (!Number.isFinite(log)) return UNRELIABLE;
  return { sign: 1, log, error: x.error * Math.abs(lnBase) + Math.abs(x.value) * lnBaseError + EPS * Math.abs(log) };
}

/** t^v with both varying, for t > 0: e^(v·ln t). Other bases are left to the caller (real-mode rules). */
export function positivePower(t: Wide, v: Wide): Wide | undefined {
  const unknown = unknownOf(t, v);
  if (unknown) return unknown;
  if (t.sign !== 1) return undefined;
  const x = asDouble(v);
  if (x === undefined || !Number.isFinite(x.value)) return UNRELIABLE;
  if (x.value === 0 && x.error === 0) return ONE;
  const log = x.value * t.log;
  if (!Number.isFinite(log)) return UNRELIABLE;
  return { sign: 1, log, error: Math.abs(x.value) * t.error + x.error * Math.abs(t.log) + EPS * Math.abs(log) };
}

/**
 * ln(t) / ln(base) (base e: divisor 1): the value is t's logarithm itself, a double whatever t's size.
 * `divisorError` bounds the divisor's rounding (ln 10 and ln 2 as doubles).
 */
export function logarithm(t: Wide, divisor = 1, divisorError = 0): Wide {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  if (t.sign <= 0) return UNDEFINED; // ln 0 and ln of a negative number are undefined in real mode
  const value = t.log / divisor;
  if (!Number.isFinite(value)) return UNDEFINED;
  const ad = Math.abs(divisor);
  return fromValue(value, t.error / ad + Math.abs(value) * (divisorError / ad + EPS));
}

/**
 * cosh, sinh and their reciprocals for |u| beyond where the double overflows (about 710): there
 * e^-|u| is below any rounding, so cosh u = sinh |u| = e^|u|/2 to double precision. Undefined (the
 * caller's double path) for smaller |u|. `odd` for sinh and csch; `reciprocal` for sech and csch.
 */
export function hyperbolicBeyond(u: Wide, odd: boolean, reciprocal: boolean): Wide | undefined {
  const unknown = unknownOf(u);
  if (unknown) return unknown;
  if (u.sign === 0 || u.log < Math.log(700)) return undefined;
  const x = asDouble(u);
  if (x === undefined || !Number.isFinite(x.value)) return UNRELIABLE;
  const magnitudeLog = Math.abs(x.value) - Math.LN2;
  const log = reciprocal ? -magnitudeLog : magnitudeLog;
  return { sign: odd ? u.sign : 1, log, error: x.error + EPS * (Math.abs(log) + 1) };
}

/** For |u| beyond where e^-2|u| rounds away: tanh and coth are ±1 to double precision. */
export function hyperbolicRatioBeyond(u: Wide): Wide | undefined {
  const unknown = unknownOf(u);
  if (unknown) return unknown;
  if (u.sign === 0 || u.log < Math.log(40)) return undefined;
  return { sign: u.sign, log: 0, error: EPS };
}

/** A value for display: `-4.815e+124410836`, from the logarithm (to the digits the error leaves). */
export function formatWide(w: Wide): string {
  if (w.sign !== w.sign) return 'undefined';
  if (w.sign === 0) return '0';
  const sign = w.sign < 0 ? '-' : '';
  const log10 = w.log / Math.LN10;
  // Beyond 2^53 the exponent has no fraction left for a mantissa.
  if (!(Math.abs(log10) < 2 ** 53)) return `${sign}10^${log10.toPrecision(4)}`;
  const exponent = Math.floor(log10);
  const digits = w.error < 1e-6 ? 4 : w.error < 1e-2 ? 2 : 1;
  const text = (10 ** (log10 - exponent)).toFixed(digits - 1);
  // 9.9995 rounds up to 10.000: carry into the exponent.
  const [shown, power10] = text.startsWith('10') ? [(1).toFixed(digits - 1), exponent + 1] : [text, exponent];
  return `${sign}${shown}e${power10 >= 0 ? '+' : ''}${power10}`;
}

/** log(t, b) for a constant base b (as read, so within half an ulp): real for b > 0, b ≠ 1. */
export function logarithmBase(t: Wide, base: number): Wide {
  if (!(base > 0)) return unknownOf(t) ?? UNDEFINED;
  const divisor = Math.log(base);
  return logarithm(t, divisor, 0.5 * EPS + EPS * Math.abs(divisor));
}

/**
 * The activations (relu, the unit step, leaky relu, sigmoid, softplus, swish) beyond double range:
 * none of them makes such a value from a double, but each passes one through or undoes it. For an
 * argument within double range they return undefined (the double value and its bound serve), and
 * for one far below 0 whose result is e^t-small (sigmoid, softplus, swish) too: that value's
 * logarithm is t itself, beyond any double, so the comparison declines there.
 */
function beyondDoubles(t: Wide): boolean {
  return t.sign !== 0 && toValue(t) === undefined;
}

export function reluBeyond(t: Wide): Wide | undefined {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  if (!beyondDoubles(t)) return undefined;
  return t.sign > 0 ? t : ZERO;
}

export function stepBeyond(t: Wide): Wide | undefined {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  if (!beyondDoubles(t)) return undefined;
  return t.sign > 0 ? ONE : ZERO;
}

export function leakyReluBeyond(t: Wide, slope: number): Wide | undefined {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  if (!beyondDoubles(t)) return undefined;
  return t.sign > 0 ? t : product(t, fromExact(slope));
}

/** ln √(2π). */
const LN_SQRT_TWO_PI = 0.9189385332046728;
/** Past this |t| the normal density is below 1e-297 and its lower tail near underflow: their logarithms serve. */
const NORMAL_TAIL = 37;

/**
 * The standard normal density e^(-t²/2)/√(2π) as its logarithm, -t²/2 - ln √(2π), past |t| = 37, where
 * the double underflows (to 0 past 38.6): without it ln φ(x²) had no value there and an answer wrong
 * only there passed. The double serves nearer 0.
 */
export function normalDensityBeyond(t: Wide): Wide | undefined {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  const x = asDouble(t);
  if (x === undefined) return UNRELIABLE;
  if (Math.abs(x.value) < NORMAL_TAIL) return undefined;
  const half = (x.value * x.value) / 2;
  if (!Number.isFinite(half)) return UNRELIABLE;
  const log = -half - LN_SQRT_TWO_PI;
  return { sign: 1, log, error: x.error * Math.abs(x.value) + EPS * (Math.abs(log) + 1) };
}

/**
 * Φ(t) where doubles lose it: 1 for t beyond double range above 0, and the lower tail past t = -37
 * (where Φ heads for underflow) from its asymptotic series φ(t)/|t|·(1 - 1/t² + 3/t⁴ - 15/t⁶), whose
 * first term left out, 105/t⁸ < 4e-11, bounds the series' error. The double serves elsewhere.
 */
export function normalCdfBeyond(t: Wide): Wide | undefined {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  const x = asDouble(t);
  if (x === undefined) return t.sign > 0 ? { sign: 1, log: 0, error: EPS } : UNRELIABLE;
  if (x.value > -NORMAL_TAIL) return undefined;
  const half = (x.value * x.value) / 2;
  if (!Number.isFinite(half)) return UNRELIABLE;
  const inverseSquare = 1 / (x.value * x.value);
  const series = 1 - inverseSquare + 3 * inverseSquare ** 2 - 15 * inverseSquare ** 3;
  const log = -half - LN_SQRT_TWO_PI - Math.log(-x.value) + Math.log(series);
  // d/dt ln Φ(t) is about |t| in the tail.
  return { sign: 1, log, error: x.error * (Math.abs(x.value) + 1) + 105 * inverseSquare ** 4 + EPS * (Math.abs(log) + 4) };
}

/** 1/(1 + e^-t): 1 for t far above 0 (to within e^-t), 1/2 for t within the subnormals of 0. */
export function sigmoidBeyond(t: Wide): Wide | undefined {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  if (!beyondDoubles(t)) return undefined;
  if (t.log < 0) return { sign: 1, log: -Math.LN2, error: 2 * EPS };
  return t.sign > 0 ? { sign: 1, log: 0, error: EPS } : undefined;
}

/** ln(1 + e^t): t for t far above 0 (to within e^-t/t), ln 2 for t within the subnormals of 0. */
export function softplusBeyond(t: Wide): Wide | undefined {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  if (!beyondDoubles(t)) return undefined;
  if (t.log < 0) return { sign: 1, log: Math.log(Math.LN2), error: 4 * EPS };
  return t.sign > 0 ? { sign: 1, log: t.log, error: t.error + EPS * (1 + Math.abs(t.log)) } : undefined;
}

/** t·σ(t): t for t far above 0, t/2 for t within the subnormals of 0. */
export function swishBeyond(t: Wide): Wide | undefined {
  const unknown = unknownOf(t);
  if (unknown) return unknown;
  if (!beyondDoubles(t)) return undefined;
  if (t.log < 0) return { sign: t.sign, log: t.log - Math.LN2, error: t.error + 2 * EPS * (1 + Math.abs(t.log)) };
  return t.sign > 0 ? { sign: 1, log: t.log, error: t.error + EPS * (1 + Math.abs(t.log)) } : undefined;
}
