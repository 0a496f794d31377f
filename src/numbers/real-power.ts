/**
 * Real-mode powers: a negative base with a fractional exponent is real only when the exponent is a
 * rational with an odd denominator (x^(1/3) at -8 is -2, x^(2/3) at -8 is 4, x^(1/2) at -4 is NaN).
 * Students write cube roots as powers and expect them defined on the whole line, as textbooks draw
 * them; mathjs's `predictable` mode agrees. Shared by the compiler, the error-bound evaluator and the
 * table's nthRoot, so every evaluation of a power computes the same value.
 */
import { rational, type Rational } from './rational.js';

/** Largest denominator accepted when a float exponent is read back as a fraction. */
const MAX_DENOMINATOR = 1000;
/** How close the float must be to that fraction. */
const RATIONAL_TOLERANCE = 1e-12;

/**
 * The fraction p/q (q <= 1000) within 1e-12 of x, by continued fractions, or undefined when x is not
 * that close to any such fraction (then a negative base has no real power).
 */
export function smallRational(x: number): Rational | undefined {
  if (!Number.isFinite(x)) return undefined;
  const sign = x < 0 ? -1 : 1;
  const target = Math.abs(x);
  // Convergents h/k of the continued fraction of target: h(n) = a(n) h(n-1) + h(n-2), same for k.
  let h1 = 1;
  let h2 = 0;
  let k1 = 0;
  let k2 = 1;
  let rest = target;
  for (let step = 0; step < 64; step++) {
    const a = Math.floor(rest);
    const h = a * h1 + h2;
    const k = a * k1 + k2;
    if (k > MAX_DENOMINATOR || !Number.isSafeInteger(h)) return undefined;
    if (Math.abs(target - h / k) < RATIONAL_TOLERANCE) return rational(sign * h, k);
    const fraction = rest - a;
    if (fraction === 0) return undefined;
    rest = 1 / fraction;
    h2 = h1;
    h1 = h;
    k2 = k1;
    k1 = k;
  }
  return undefined;
}

/**
 * base^exponent in real mode, for an exponent only known at run time. NaN in, NaN out (even for
 * exponent 0: an undefined base keeps the expression undefined).
 */
export function realPow(base: number, exponent: number): number {
  if (base !== base || exponent !== exponent) return Number.NaN;
  if (base >= 0 || Number.isInteger(exponent) || !Number.isFinite(exponent)) return Math.pow(base, exponent);
  const r = smallRational(exponent);
  if (r === undefined || r.d % 2 === 0) return Number.NaN;
  const magnitude = Math.pow(-base, exponent);
  return r.n % 2 === 0 ? magnitude : -magnitude;
}

/**
 * t ↦ t^exponent for an exponent fixed at compile time. `rational` is its exact value when known
 * (from exactRational or smallRational), undefined for an irrational exponent such as pi.
 */
export function powerFunction(exponent: number, rational: Rational | undefined): (t: number) => number {
  if (rational !== undefined && rational.d === 1) {
    const n = rational.n;
    if (n === 0) return (t) => (t !== t ? Number.NaN : 1);
    if (n === 1) return (t) => t;
    // One rounding, and the commonest exponent by far in derivatives.
    if (n === 2) return (t) => t * t;
    return (t) => Math.pow(t, n);
  }
  const r = exponent;
  if (rational === undefined || rational.d % 2 === 0) {
    return (t) => (t < 0 ? Number.NaN : Math.pow(t, r));
  }
  if (rational.n % 2 === 0) return (t) => (t < 0 ? Math.pow(-t, r) : Math.pow(t, r));
  return (t) => (t < 0 ? -Math.pow(-t, r) : Math.pow(t, r));
}
