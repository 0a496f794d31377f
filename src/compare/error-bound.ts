/**
 * The slow second look the equivalence test takes before calling two values different: evaluate the
 * tree again, carrying beside each value a bound on its absolute error against the exact value of the
 * same expression at the same point (a running first-order forward error analysis). Two forms of one
 * function can differ by far more than 1e-9 relative after cancellation ((1 - cos 2x)/2 at tiny x,
 * (e^x+1)^2 - e^(2x) at x = 30); the bound tells rounding from a real difference.
 *
 * An error of Infinity means "this value cannot be vouched for": an overflow, a rounding-sized
 * argument error that reaches a domain edge or a pole, a negative base under an inexact exponent.
 * A non-finite value with a finite error is genuinely undefined there (sqrt(-1), 1/0, log 0).
 */
import { isCall, isConstant, isOperator, isSymbol, isUnaryMinus, type CallExpr, type Expr, type OperatorExpr } from '../tree/nodes.js';
import { compile, constantPower, constantValue, isConstantIn, isNaturalBase, resolveSymbol, tableEntry, withoutCancellation } from './compile.js';
import { compiledOnce } from './compiled-once.js';
import { exactRational } from './power.js';
import { realPow } from '../numbers/real-power.js';
import { checkpoint } from '../deadline.js';

/**
 * Safety factor on first-order error bounds, wherever two values are compared by them: this module's in
 * doubles (equivalence.ts; a constant difference in answer-values.ts), log-magnitude form's
 * (wide-outcome.ts), and a decimal evaluation's at two precisions (extended-range.ts).
 */
export const BOUND_MARGIN = 64;

export interface Bounded {
  readonly value: number;
  /** Bound on |value - exact value|; Infinity when the value is unreliable. */
  readonly error: number;
  /**
   * How large the terms were that the value was computed from (|value| when nothing cancelled): an
   * error of a few ulps of this size is plain rounding, so a value within it is 0 to working precision
   * (sin(7π), or 2 sin x cos x - sin 2x), whereas an error far beyond it comes from an amplified input.
   */
  readonly size: number;
}

export type BoundedEvaluator = (values: ArrayLike<number>) => Bounded;

const EPS = Number.EPSILON;
/**
 * Rounding allowed for one table function: fdlibm-style Math functions are within 1 ulp (<= EPS·|y|),
 * and table entries such as sec = 1/cos add one more rounding.
 */
const FUNCTION_EPS = 2 * EPS;
/** Below this, products and powers may have underflowed: allow an absolute error of one subnormal. */
const MIN_NORMAL = 2.2250738585072014e-308;
/** An argument this uncertain may span a good part of a period: only a monotone function is trusted. */
const WIDE_ERROR = 0.5;

const unreliable = (value: number): Bounded => ({ value, error: Infinity, size: Math.abs(value) });
/** A value exactly as computed: undefined (NaN, a pole) or exact. */
const exactly = (value: number): Bounded => ({ value, error: 0, size: Math.abs(value) });
const isUnreliable = (x: Bounded): boolean => x.error === Infinity;

/** Compile `expr` for error-bounded evaluation; same symbols rule as `compile`. */
export const compileWithBound: (expr: Expr, symbols: readonly string[]) => BoundedEvaluator = compiledOnce(build);

function build(node: Expr, symbols: readonly string[]): BoundedEvaluator {
  checkpoint();
  if (isConstant(node)) {
    const value = constantValue(node);
    // A decimal such as 0.1 is already rounded when read; integers and short binary fractions
    // (0.5, 1.25) are exact.
    const constant = { value, error: Number.isInteger(value * 1024) ? 0 : 0.5 * EPS * Math.abs(value), size: Math.abs(value) };
    return () => constant;
  }
  if (isSymbol(node)) {
    const where = resolveSymbol(node.name, symbols);
    if ('constant' in where) {
      const constant = { value: where.constant, error: 0.5 * EPS * Math.abs(where.constant), size: Math.abs(where.constant) };
      return () => constant;
    }
    const slot = where.slot;
    // Sample points are exact doubles: the expression is evaluated at exactly those values.
    return (v) => exactly(v[slot] as number);
  }
  if (isCall(node)) return buildCall(node, symbols);
  const stable = withoutCancellation(node);
  if (stable) return build(stable, symbols);
  if (isOperator(node)) return buildOperator(node, symbols);
  throw new TypeError(`unsupported node type ${node.type}`);
}

function buildOperator(node: OperatorExpr, symbols: readonly string[]): BoundedEvaluator {
  if (isUnaryMinus(node) && node.args.length === 1) {
    const inner = build(node.args[0] as Expr, symbols);
    return (v) => {
      const x = inner(v);
      return { value: -x.value, error: x.error, size: x.size };
    };
  }
  if (node.args.length !== 2) throw new TypeError(`unsupported operator ${node.op} with ${node.args.length} operand(s)`);
  const leftNode = node.args[0] as Expr;
  const rightNode = node.args[1] as Expr;
  if (node.op === '^' && isNaturalBase(leftNode, symbols) && !isConstantIn(rightNode, symbols)) {
    const exponent = build(rightNode, symbols);
    return (v) => applyUnary(Math.exp, exponent(v), 0);
  }
  const left = build(leftNode, symbols);
  if (node.op === '^' && isConstantIn(rightNode, symbols)) {
    const exponentValue = compile(rightNode, symbols)([]);
    const power = constantPower(rightNode, () => exponentValue);
    const exact = exactRational(rightNode);
    // The float exponent of 1/3 or 0.1 is off by up to half an ulp, which moves t^b by
    // |t^b · ln|t|| times that; integers are exact.
    const exponentError = exact !== undefined && exact.d === 1 ? 0 : 0.5 * EPS * Math.abs(exponentValue);
    return (v) => applyUnary(power, left(v), exponentError);
  }
  const right = build(rightNode, symbols);
  switch (node.op) {
    case '+':
      return (v) => sum(left(v), right(v), 1);
    case '-':
      return (v) => sum(left(v), right(v), -1);
    case '*':
      return (v) => product(left(v), right(v));
    case '/':
      return (v) => quotient(left(v), right(v));
    case '^':
      return (v) => applyBinary(realPow, left(v), right(v));
    default:
      throw new TypeError(`unsupported operator ${node.op}`);
  }
}

function buildCall(node: CallExpr, symbols: readonly string[]): BoundedEvaluator {
  const { evaluate, exactZero } = tableEntry(node);
  const args = node.args.map((arg) => build(arg, symbols));
  const first = args[0] as BoundedEvaluator;
  if (args.length === 1) return (v) => applyUnary(evaluate, first(v), 0, exactZero);
  const second = args[1] as BoundedEvaluator;
  return (v) => applyBinary(evaluate, first(v), second(v));
}

/**
 * The result of + - * on reliable inputs. A non-finite result from finite inputs is an overflow
 * (unreliable); a finite result reached through a non-finite input (1/(1/0)) is a limit, not a value,
 * so it is unreliable too; a non-finite result from a non-finite input is genuinely undefined.
 */
function settle(value: number, error: number, size: number, inputsFinite: boolean): Bounded {
  if (!Number.isFinite(value)) return inputsFinite ? unreliable(value) : exactly(value);
  if (!inputsFinite) return unreliable(value);
  return { value, error, size };
}

/** Exact rounding error of s = x + y (Knuth's TwoSum). */
function sumRoundingError(x: number, y: number, s: number): number {
  const yVirtual = s - x;
  const xVirtual = s - yVirtual;
  return Math.abs(x - xVirtual + (y - yVirtual));
}

/** Exact rounding error of p = x * y (Dekker's TwoProduct) when no split can overflow or underflow. */
function productRoundingError(x: number, y: number, p: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const ap = Math.abs(p);
  if (ax > 1e150 || ay > 1e150 || ap < 1e-250) return 0.5 * EPS * ap + (ap < MIN_NORMAL ? Number.MIN_VALUE : 0);
  const split = 134217729; // 2^27 + 1
  let c = split * x;
  const xHi = c - (c - x);
  const xLo = x - xHi;
  c = split * y;
  const yHi = c - (c - y);
  const yLo = y - yHi;
  return Math.abs(xHi * yHi - p + xHi * yLo + xLo * yHi + xLo * yLo);
}

function sum(a: Bounded, b: Bounded, sign: 1 | -1): Bounded {
  const x = a.value;
  const y = sign * b.value;
  const s = x + y;
  if (isUnreliable(a) || isUnreliable(b)) return unreliable(s);
  const inputsFinite = Number.isFinite(x) && Number.isFinite(y);
  const rounding = inputsFinite && Number.isFinite(s) ? sumRoundingError(x, y, s) : 0;
  return settle(s, a.error + b.error + rounding, Math.max(a.size, b.size, Math.abs(s)), inputsFinite);
}

function product(a: Bounded, b: Bounded): Bounded {
  const x = a.value;
  const y = b.value;
  const p = x * y;
  if (isUnreliable(a) || isUnreliable(b)) return unreliable(p);
  const inputsFinite = Number.isFinite(x) && Number.isFinite(y);
  if (!inputsFinite || !Number.isFinite(p)) return settle(p, 0, Math.abs(p), inputsFinite);
  // An exact zero factor (relu's flat side) makes an exact zero, not an underflow.
  if ((x === 0 && a.error === 0) || (y === 0 && b.error === 0)) return { value: p, error: 0, size: Math.max(a.size * b.size, 0) };
  const propagated = Math.abs(x) * b.error + Math.abs(y) * a.error + a.error * b.error;
  return { value: p, error: propagated + productRoundingError(x, y, p), size: Math.max(a.size * b.size, Math.abs(p)) };
}

function quotient(a: Bounded, b: Bounded): Bounded {
  const x = a.value;
  const y = b.value;
  const q = x / y;
  if (isUnreliable(a) || isUnreliable(b)) return unreliable(q);
  const inputsFinite = Number.isFinite(x) && Number.isFinite(y);
  if (!inputsFinite) return settle(q, 0, Math.abs(q), false);
  const ay = Math.abs(y);
  // A divisor within its own error of zero has no known sign or size.
  if (b.error > 0 && b.error >= ay) return unreliable(q);
  if (y === 0) return exactly(q); // an exact zero divisor: genuinely undefined
  if (!Number.isFinite(q)) return unreliable(q); // overflow of a finite quotient
  const aq = Math.abs(q);
  // In relative terms: |y|·(|y| − err) overflowed for |y| near 1e154 (an infinite denominator made the
  // error 0: a property test found x/(a^x)^(a^x) bounded too tightly), and |x|·err can underflow.
  const relative = b.error / ay;
  const propagated = (aq * relative + a.error / ay) / (1 - relative);
  return { value: q, error: propagated + 0.5 * EPS * aq + (aq < MIN_NORMAL ? Number.MIN_VALUE : 0), size: Math.max(a.size / ay, aq) };
}

/**
 * Rounding allowed for a table function's (or a power's) own result at argument v. A tiny or zero
 * result from a non-zero argument may be an underflow (exp(-800), 0.001^400); at v = 0 a zero is
 * exact (sin 0, 0^2), which keeps 1/sin(x - x) genuinely undefined rather than unknown.
 */
function functionRounding(y: number, v: number, exactZero = false): number {
  const ay = Math.abs(y);
  if (y === 0 && exactZero) return 0;
  return FUNCTION_EPS * ay + (ay < MIN_NORMAL && v !== 0 ? Number.MIN_VALUE : 0);
}

/**
 * A non-finite f(v) at an exact, finite v: NaN is outside the domain (genuine); an infinity is a pole
 * (genuine) when f is finite just beside v, and an overflow (unreliable) when it is infinite there too.
 */
function classifyNonFinite(y: number, at: number, nearby: readonly number[]): Bounded {
  // Nothing overflows at 0 (the table's functions and powers are modest there): an infinity is a pole.
  if (y !== y || at === 0) return exactly(y);
  return nearby.some(Number.isFinite) ? exactly(y) : unreliable(y);
}

function nudges(v: number): number[] {
  const d = Math.max(Math.abs(v) * 1e-9, 1e-200);
  return [v - d, v + d];
}

/**
 * f applied to a bounded argument: |f(v ± err) − f(v)| (also at ± err/2, so an extremum inside the
 * interval is seen) plus f's own rounding. `exponentError` adds the effect of an inexact constant
 * exponent when f is t ↦ t^b.
 */
export function applyUnary(f: (t: number) => number, a: Bounded, exponentError: number, exactZero = false): Bounded {
  const v = a.value;
  const y = f(v);
  if (isUnreliable(a)) return unreliable(y);
  if (!Number.isFinite(v)) return Number.isFinite(y) ? unreliable(y) : exactly(y);
  const extra = exponentError === 0 || y === 0 ? 0 : exponentError * Math.abs(y) * Math.abs(Math.log(Math.abs(v)));
  const e = a.error;
  if (e === 0) {
    if (!Number.isFinite(y)) return classifyNonFinite(y, v, nudges(v).map(f));
    return { value: y, error: functionRounding(y, v, exactZero) + extra, size: Math.abs(y) };
  }
  const offsets = e > WIDE_ERROR ? [-1, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1] : [-1, -0.5, 0.5, 1];
  const step = probeStep(v, e);
  const samples = offsets.map((k) => f(v + k * step));
  const anyFinite = samples.some(Number.isFinite);
  if (!Number.isFinite(y)) {
    // Undefined at v but defined within rounding of v: which one the exact argument is, nobody knows.
    if (anyFinite) return unreliable(y);
    return classifyNonFinite(y, v, []);
  }
  if (!samples.every(Number.isFinite)) return unreliable(y);
  // A wide error on a huge argument (sinh(-36.9) is -5.3e15 ± 2.4) where f is flat to the last bit
  // (arctan there is -π/2 at every sample) is no period spanned: f is one double all over the interval,
  // and its rounding bounds it. Not an underflowed value (0 at every sample vouches for nothing), and
  // unvouched, such a point let an answer wrong only there (a window at x = -36.5 added to the
  // derivative of 1/arccot(csch x)) pass unseen.
  const flat = Math.abs(y) >= MIN_NORMAL && samples.every((sample) => sample === y);
  if (e > WIDE_ERROR && !flat && !strictlyMonotone(samples, y)) return unreliable(y);
  let spread = 0;
  for (const s of samples) spread = Math.max(spread, Math.abs(s - y));
  // An argument known only to within an underflow (csch(2000) is 0 ± one subnormal, its sign in the
  // signed zero alone) across which f jumps (arccot = atan(1/t) from -π/2 to π/2 at 0): a slope beyond
  // double range says f is not first-order there, and a bound of π would let any slip of less than
  // 64π agree beside a larger term. Unvouched for, such a point gets the log-magnitude look, where the
  // argument keeps its sign (evaluate-wide.ts).
  if (!Number.isFinite(spread / step)) return unreliable(y);
  spread *= e / step;
  // The argument's own size carried through f's slope: sin(7π) is 0 to the precision of 7π.
  return { value: y, error: spread + functionRounding(y, v, exactZero) + extra, size: Math.max(Math.abs(y), (spread / e) * a.size) };
}

/**
 * How far from v to probe f for an argument error e. An error below v's last bit (half an ulp of
 * 3x at x = 982381 is 1.2e-10, while v ± 1.2e-10 rounds back to v) would probe nothing: then f is
 * probed two ulps away and the spread scaled back down to e, a first-order estimate like the rest.
 */
function probeStep(v: number, e: number): number {
  return Math.max(e, 2 * EPS * Math.abs(v));
}

/** f(v - e) … f(v) … f(v + e) strictly increasing or decreasing (samples in offset order, y at 0). */
function strictlyMonotone(samples: readonly number[], y: number): boolean {
  const half = samples.length / 2;
  const ordered = [...samples.slice(0, half), y, ...samples.slice(half)];
  let up = true;
  let down = true;
  for (let i = 1; i < ordered.length; i++) {
    const step = (ordered[i] as number) - (ordered[i - 1] as number);
    if (!(step > 0)) up = false;
    if (!(step < 0)) down = false;
  }
  return up || down;
}

/**
 * A two-argument function (a power with a variable exponent, log(t, b), nthRoot(t, n)) on bounded
 * arguments: the spread of f over a small grid around (x, y) plus f's own rounding.
 */
export function applyBinary(f: (t: number, p: number) => number, a: Bounded, b: Bounded): Bounded {
  const x = a.value;
  const p = b.value;
  const y = f(x, p);
  if (isUnreliable(a) || isUnreliable(b)) return unreliable(y);
  if (!Number.isFinite(x) || !Number.isFinite(p)) return Number.isFinite(y) ? unreliable(y) : exactly(y);
  if (a.error === 0 && b.error === 0) {
    if (Number.isFinite(y)) return { value: y, error: functionRounding(y, x), size: Math.abs(y) };
    const nearby: number[] = [];
    for (const xn of nudges(x)) for (const pn of nudges(p)) nearby.push(f(xn, pn));
    return classifyNonFinite(y, x, nearby);
  }
  if (a.error > WIDE_ERROR || b.error > WIDE_ERROR) return unreliable(y);
  const steps = [-1, -0.5, 0, 0.5, 1];
  const samples: number[] = [];
  const stepX = probeStep(x, a.error);
  const stepP = probeStep(p, b.error);
  // The spread is scaled back to the errors as in applyUnary; with both probed, by the larger ratio.
  const scale = Math.max(a.error > 0 ? a.error / stepX : 0, b.error > 0 ? b.error / stepP : 0);
  for (const i of a.error > 0 ? steps : [0]) {
    for (const j of b.error > 0 ? steps : [0]) {
      if (i !== 0 || j !== 0) samples.push(f(x + i * stepX, p + j * stepP));
    }
  }
  if (!Number.isFinite(y)) {
    // Real mode is discontinuous in the second argument (nthRoot(-8, 3) is real, nthRoot(-8, 3 - 1e-16)
    // is not): an undefined value from an inexact second argument cannot be vouched for.
    if (b.error > 0 || samples.some(Number.isFinite)) return unreliable(y);
    return classifyNonFinite(y, x, []);
  }
  if (!samples.every(Number.isFinite)) return unreliable(y);
  let spread = 0;
  for (const s of samples) spread = Math.max(spread, Math.abs(s - y));
  spread *= scale;
  const slope = spread / Math.max(a.error, b.error);
  return { value: y, error: spread + functionRounding(y, x), size: Math.max(Math.abs(y), slope * Math.max(a.size, b.size)) };
}
