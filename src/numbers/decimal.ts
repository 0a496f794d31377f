/**
 * Real-mode arithmetic in decimal.js (already installed under mathjs) for values that overflow
 * doubles: 36 or 50 significant digits and decimal.js's exponent range, 10^±9·10^15. Where the
 * logarithms of magnitudes (log-magnitude.ts) leave two values undecided — e^(2^cosh(4)) has a
 * logarithm of 1.6·10^8, known in doubles only to about 10^-7 — the same expression is evaluated
 * here at two precisions, and the difference between the two bounds the error of the first.
 *
 * Same semantics as the double evaluation (real-power.ts): odd roots of negative numbers are real,
 * everything else outside a function's real domain is NaN. decimal.js's own trigonometric reduction
 * and hyperbolic functions take very long for large arguments (cosh(10^4) ~50 ms, cosh(10^15) did
 * not finish), so hyperbolic functions go through exp and trigonometric ones refuse huge arguments.
 */
import { Decimal } from 'decimal.js';
import type { Rational } from './rational.js';
import { smallRational } from './real-power.js';

export type DecimalContext = Decimal.Constructor;
export { Decimal };

/** decimal.js's own limit on the exponent (of 10). */
const EXPONENT_LIMIT = 9e15;
/** Beyond this a trigonometric argument is reduced slowly, and no student's derivative needs it. */
const MAX_TRIG_ARGUMENT = 1e9;

const contexts = new Map<number, DecimalContext>();

/** A decimal.js constructor whose values compute at `precision` significant digits (one per precision). */
export function decimalContext(precision: number): DecimalContext {
  let context = contexts.get(precision);
  if (!context) {
    context = Decimal.clone({ precision, rounding: Decimal.ROUND_HALF_EVEN, maxE: EXPONENT_LIMIT, minE: -EXPONENT_LIMIT });
    contexts.set(precision, context);
  }
  return context;
}

const contextOf = (t: Decimal): DecimalContext => t.constructor as DecimalContext;
const nan = (t: Decimal): Decimal => new (contextOf(t))(Number.NaN);

const PI = new WeakMap<DecimalContext, Decimal>();
const E = new WeakMap<DecimalContext, Decimal>();

export function decimalPi(context: DecimalContext): Decimal {
  let pi = PI.get(context);
  if (!pi) {
    pi = context.acos(-1);
    PI.set(context, pi);
  }
  return pi;
}

export function decimalE(context: DecimalContext): Decimal {
  let e = E.get(context);
  if (!e) {
    e = context.exp(1);
    E.set(context, e);
  }
  return e;
}

/**
 * |u| beyond which e^u is out of decimal.js's range (10^(9·10^15)): answered at once, Infinity or 0,
 * where decimal.js takes tens of milliseconds to find out.
 */
const MAX_EXPONENT = 2.1e16;

export function decimalExp(u: Decimal): Decimal {
  if (u.isFinite() && u.abs().gt(MAX_EXPONENT)) return new (contextOf(u))(u.isNegative() ? 0 : Infinity);
  return u.exp();
}

/**
 * A double as a decimal, rounded to the context's precision: a sample point is an exact double, and
 * decimal.js would otherwise read it as its shortest decimal (3.9980459520893454 for a double a few
 * units of 10^-17 away), an error that a cancellation such as x - 4 turns into a difference. The
 * double's exact binary expansion can have more digits than the precision; rounded once here, the
 * point is one value throughout an evaluation (x - x - x + x is 0), and its rounding is part of what
 * the two precisions' difference measures.
 */
export function exactDecimal(context: DecimalContext, x: number): Decimal {
  if (!Number.isFinite(x) || Number.isInteger(x)) return new context(x);
  return expansion(context, x).toSignificantDigits(context.precision);
}

/** Every digit of a finite, non-integer double's binary expansion (a Decimal built from a string is not rounded). */
function expansion(context: DecimalContext, x: number): Decimal {
  let scaled = x;
  let k = 0;
  while (!Number.isInteger(scaled)) {
    scaled *= 2; // exact: only the exponent changes
    k++;
  }
  // x = scaled / 2^k = scaled·5^k / 10^k
  const digits = (BigInt(scaled) * 5n ** BigInt(k)).toString();
  const negative = digits.startsWith('-');
  const magnitude = (negative ? digits.slice(1) : digits).padStart(k + 1, '0');
  return new context(`${negative ? '-' : ''}${magnitude.slice(0, -k)}.${magnitude.slice(-k)}`);
}

/** A trigonometric function, NaN for arguments beyond 10^9 (see the module comment). */
export function trigonometric(f: (t: Decimal) => Decimal): (t: Decimal) => Decimal {
  return (t) => (t.isFinite() && t.abs().lte(MAX_TRIG_ARGUMENT) ? f(t) : nan(t));
}

const small = (t: Decimal) => t.abs().lt(1);

/** cosh through exp for |t| >= 1 (no cancellation there). */
export function decimalCosh(t: Decimal): Decimal {
  if (!t.isFinite() || small(t)) return t.cosh();
  const e = decimalExp(t.abs());
  return e.plus(e.pow(-1)).div(2);
}

/** sinh through exp for |t| >= 1 (decimal.js's own near 0, where e^t - e^-t would cancel). */
export function decimalSinh(t: Decimal): Decimal {
  if (!t.isFinite() || small(t)) return t.sinh();
  const e = decimalExp(t.abs());
  const magnitude = e.minus(e.pow(-1)).div(2);
  return t.isNegative() ? magnitude.neg() : magnitude;
}

export function decimalTanh(t: Decimal): Decimal {
  if (!t.isFinite() || small(t)) return t.tanh();
  const e = decimalExp(t.abs().times(-2));
  const magnitude = new (contextOf(t))(1).minus(e).div(e.plus(1));
  return t.isNegative() ? magnitude.neg() : magnitude;
}

/** base^exponent in real mode for an exponent known only at run time, as realPow computes it in doubles. */
export function decimalPow(base: Decimal, exponent: Decimal): Decimal {
  if (base.isNaN() || exponent.isNaN()) return nan(base);
  if (base.gte(0)) return base.pow(exponent);
  const value = exponent.toNumber();
  // An exponent the double calls an integer is one here too (-x/x may come out as -0.999…9).
  if (Number.isInteger(value) || !Number.isFinite(value)) return base.pow(exponent.round());
  return negativeBase(base, exponent, smallRational(value));
}

/**
 * t^exponent for a constant exponent, as powerFunction computes it in doubles: `rational` is the
 * exponent as a fraction (exact when the tree writes it so, else read back from its double), and
 * decides the real-mode rule — an integer keeps the sign's parity, an odd denominator gives the real
 * root of a negative base, anything else (an irrational exponent, or one too large to be read back
 * as a fraction) is undefined there.
 */
export function decimalPowerConstant(base: Decimal, exponent: Decimal, rational: Rational | undefined): Decimal {
  if (base.isNaN()) return base;
  // The fraction, where there is one, is the exponent (ln(e^2) may come out as 1.999…9 here).
  if (rational !== undefined && rational.d === 1) return rational.n === 0 ? new (contextOf(base))(1) : base.pow(rational.n);
  const exact = rational ? new (contextOf(base))(rational.n).div(rational.d) : exponent;
  if (base.gte(0)) return base.pow(exact);
  return negativeBase(base, exact, rational);
}

function negativeBase(base: Decimal, exponent: Decimal, rational: Rational | undefined): Decimal {
  if (rational === undefined || rational.d % 2 === 0) return nan(base);
  const magnitude = base.neg().pow(exponent);
  return rational.n % 2 === 0 ? magnitude : magnitude.neg();
}

/** The real n-th root as the table's nthRoot computes it in doubles (realPow(t, 1/n)). */
export function decimalRoot(t: Decimal, n: Decimal): Decimal {
  return decimalPow(t, new (contextOf(t))(1).div(n));
}

/** A value for display: `4.815e+124410836`. */
export function formatDecimal(value: Decimal): string {
  if (value.isNaN()) return 'undefined';
  if (value.isZero()) return '0';
  return value.toExponential(3);
}

/**
 * Two values written with just enough digits to tell them apart (the doubles of cosh(20) and sinh(20)
 * are equal; written to 19 digits they differ), at least four.
 */
export function formatDecimalsApart(a: Decimal, b: Decimal): [string, string] {
  const scale = a.abs().gt(b.abs()) ? a.abs() : b.abs();
  const gap = a.minus(b).abs();
  if (!a.isFinite() || !b.isFinite() || scale.isZero() || gap.isZero()) return [formatDecimal(a), formatDecimal(b)];
  const digits = Math.min(contextOf(a).precision, Math.max(4, Math.ceil(-gap.div(scale).log(10).toNumber()) + 2));
  const write = (v: Decimal) => (v.isZero() ? '0' : v.toExponential(digits - 1));
  return [write(a), write(b)];
}

/** 1/t (Infinity at 0, as in doubles). */
export function decimalReciprocal(t: Decimal): Decimal {
  return new (contextOf(t))(1).div(t);
}

/**
 * ln(1 + y) for y >= 0 without losing y below the precision: at y = e^-200, 1 + y rounds to 1 at any
 * precision here, and both precisions' logarithms would agree on 0, vouching for a wrong value.
 * Below 0.01 the alternating series (each term under 1/100 of the last, the error under the first
 * term left out) is summed to 10 digits past the precision.
 */
export function decimalLn1p(y: Decimal): Decimal {
  const D = contextOf(y);
  if (!y.isFinite() || y.gte(0.01) || y.isNegative()) return y.plus(1).ln();
  if (y.isZero()) return y;
  const tolerance = y.abs().times(new D(10).pow(-(D.precision + 10)));
  let sum = new D(0);
  let power = y;
  for (let n = 1; power.abs().div(n).gt(tolerance); n++) {
    const term = power.div(n);
    sum = n % 2 === 1 ? sum.plus(term) : sum.minus(term);
    power = power.times(y);
  }
  return sum;
}

/** The logistic function 1/(1 + e^(-t)), through e^t for t < 0 (as the double evaluation does). */
export function decimalSigmoid(t: Decimal): Decimal {
  if (t.isNaN()) return t;
  const D = contextOf(t);
  if (!t.isNegative()) return new D(1).div(decimalExp(t.neg()).plus(1));
  const e = decimalExp(t);
  return e.div(e.plus(1));
}

/** The standard normal density e^(-t²/2)/√(2π). */
export function decimalNormalDensity(t: Decimal): Decimal {
  if (t.isNaN()) return t;
  const D = contextOf(t);
  return decimalExp(t.times(t).div(-2)).div(decimalPi(D).times(2).sqrt());
}

/** ln(1 + e^t): t + ln(1 + e^(-t)) above 0, so neither e^t overflows nor a tiny e^t is lost. */
export function decimalSoftplus(t: Decimal): Decimal {
  if (t.isNaN()) return t;
  if (t.gt(0)) return t.plus(decimalLn1p(decimalExp(t.neg())));
  return decimalLn1p(decimalExp(t));
}

/** max(0, t), NaN for NaN. */
export function decimalRelu(t: Decimal): Decimal {
  if (t.isNaN()) return t;
  return t.gt(0) ? t : new (contextOf(t))(0);
}

/** The unit step: 1 above 0, 0 below, undefined at 0 (as in doubles). */
export function decimalStep(t: Decimal): Decimal {
  const D = contextOf(t);
  if (t.isNaN() || t.isZero()) return new D(Number.NaN);
  return new D(t.gt(0) ? 1 : 0);
}

/** t above 0, slope·t at or below it. */
export function decimalLeakyRelu(t: Decimal, slope: Decimal): Decimal {
  if (t.isNaN()) return t;
  return t.gt(0) ? t : slope.times(t);
}

/** NaN in t's context: the value of a function without a decimal evaluation. */
export function decimalNaN(t: Decimal): Decimal {
  return nan(t);
}
