/**
 * Compiles a canonical tree into an evaluator of its value in log-magnitude form (sign, ln|value| and
 * a bound on that logarithm's error: src/numbers/log-magnitude.ts), for functions whose values
 * overflow doubles: exp(2^cosh(sqrt(x) + 4)) is about 10^(7·10^7) at x = 0. Sums, products, powers,
 * exp, the logarithms, roots and hyperbolic functions have rules of their own; any other function of
 * an argument within double range is applied to the double with its error bound (error-bound.ts's
 * applyUnary), so sin(x)·e^(e^x) needs no rule for sin. Same semantics as compile.ts: real mode, e^u
 * as exp(u), a constant exponent exact when it is written as a fraction.
 */
import { expandedSize, isCall, isConstant, isOperator, isSymbol, isUnaryMinus, type CallExpr, type Expr, type OperatorExpr } from '../tree/nodes.js';
import * as W from '../numbers/log-magnitude.js';
import { realPow, smallRational } from '../numbers/real-power.js';
import { compile, constantValue, isNaturalBase, resolveSymbol, tableEntry, withoutCancellation } from './compile.js';
import { applyBinary, applyUnary } from './error-bound.js';
import { exactRational } from './power.js';
import { checkpoint } from '../deadline.js';

export type WideEvaluator = (values: ArrayLike<number>) => W.Wide;

/**
 * Expressions larger than this, written out, are not evaluated in this form where doubles fail (nor
 * compared in extended range, extended-range.ts): a value costs about ten times one in doubles, per
 * node written out, and a derivative of e^(e^(x^2+7)) times fourteen factors took 50 ms a point.
 */
export const WIDE_MAX_NODES = 1000;

const affordable = new WeakMap<Expr, boolean>();

/** Is the expression at most WIDE_MAX_NODES written out? Remembered per tree. */
export function wideAffordable(expr: Expr): boolean {
  let known = affordable.get(expr);
  if (known === undefined) {
    known = expandedSize(expr, WIDE_MAX_NODES) <= WIDE_MAX_NODES;
    affordable.set(expr, known);
  }
  return known;
}

const EPS = Number.EPSILON;

interface Compiled {
  readonly run: WideEvaluator;
  /** Set when the node does not depend on the symbols: evaluated once, at compile time. */
  readonly constant?: W.Wide;
}

const NO_VALUES: ArrayLike<number> = new Float64Array(0);

/**
 * Told the operands of every sum and difference, and the argument of every function with a twin
 * (cosh, sinh…: ElementaryFunction.twinGap), that depend on the symbols, as they are evaluated:
 * extended-range.ts uses it to find parts too small against the rest to be seen.
 */
export type TermWatch = (node: Expr, operands: readonly W.Wide[]) => void;

interface Context {
  readonly symbols: readonly string[];
  readonly watch?: TermWatch;
  readonly shared?: SharedWide;
}

/** Compile `expr` for points whose coordinates are `symbols` (the same symbol rules as compile()). */
export function compileWide(expr: Expr, symbols: readonly string[], watch?: TermWatch): WideEvaluator {
  return build(expr, { symbols, ...(watch ? { watch } : {}) }).run;
}

/** Subtrees a memo remembers the values of, at most (a bound on memory: beyond it they are compiled alone). */
const MAX_SHARED_NODES = 100_000;

/**
 * Many related trees compiled and evaluated at a few fixed points, each distinct subtree once (as
 * evaluate-shared.ts does in doubles): a function's mistake candidates share most of their subtrees
 * with its derivative, so indexing them costs only their changed parts. Values are remembered per
 * point array, so give it the same arrays every time.
 */
export class SharedWide {
  readonly compiled = new Map<Expr, Compiled>();

  constructor(readonly symbols: readonly string[]) {}

  evaluator(expr: Expr): WideEvaluator {
    return build(expr, { symbols: this.symbols, shared: this }).run;
  }
}

function constantNode(value: W.Wide): Compiled {
  return { run: () => value, constant: value };
}

/** A number as read: integers and short binary fractions are exact, other decimals within half an ulp. */
function readNumber(value: number): W.Wide {
  return W.fromValue(value, Number.isInteger(value * 1024) ? 0 : 0.5 * EPS * Math.abs(value));
}

function build(node: Expr, context: Context): Compiled {
  checkpoint();
  const shared = context.shared;
  if (!shared) return buildNode(node, context);
  let compiled = shared.compiled.get(node);
  if (!compiled) {
    compiled = remembering(buildNode(node, context));
    if (shared.compiled.size < MAX_SHARED_NODES) shared.compiled.set(node, compiled);
  }
  return compiled;
}

/** A compiled node that keeps its value at each point array it meets. */
function remembering(compiled: Compiled): Compiled {
  if (compiled.constant !== undefined) return compiled;
  const inner = compiled.run;
  const memo = new WeakMap<ArrayLike<number>, W.Wide>();
  return {
    run: (v) => {
      let value = memo.get(v);
      if (value === undefined) {
        value = inner(v);
        memo.set(v, value);
      }
      return value;
    },
  };
}

function buildNode(node: Expr, context: Context): Compiled {
  const symbols = context.symbols;
  if (isConstant(node)) return constantNode(readNumber(constantValue(node)));
  if (isSymbol(node)) {
    const where = resolveSymbol(node.name, symbols);
    if ('constant' in where) return constantNode(W.fromValue(where.constant, 0.5 * EPS * Math.abs(where.constant)));
    const slot = where.slot;
    return { run: (v) => W.fromExact(v[slot] as number) };
  }
  if (!isOperator(node) && !isCall(node)) throw new TypeError(`unsupported node type ${node.type}`);
  const stable = withoutCancellation(node);
  if (stable) return build(stable, context);
  const args = node.args.map((arg) => build(arg, context));
  const compiled = isCall(node) ? buildCall(node, args, context) : buildOperator(node, args, context);
  // Fold: a subtree without symbols is evaluated once here instead of at every point.
  return args.every((arg) => arg.constant !== undefined) ? constantNode(compiled.run(NO_VALUES)) : compiled;
}

function buildOperator(node: OperatorExpr, args: readonly Compiled[], context: Context): Compiled {
  if (isUnaryMinus(node) && args.length === 1) {
    const inner = (args[0] as Compiled).run;
    return { run: (v) => W.negate(inner(v)) };
  }
  if (args.length !== 2) throw new TypeError(`unsupported operator ${node.op} with ${args.length} operand(s)`);
  const [base, exponent] = args as [Compiled, Compiled];
  if (node.op === '^') return buildPower(node.args[0] as Expr, node.args[1] as Expr, base, exponent, context.symbols);
  const left = base.run;
  const right = exponent.run;
  const watch = context.watch;
  if (watch && (node.op === '+' || node.op === '-') && (base.constant === undefined || exponent.constant === undefined)) {
    const sign = node.op === '+' ? 1 : -1;
    return {
      run: (v) => {
        const l = left(v);
        const r = right(v);
        watch(node, [l, r]);
        return W.sum(l, r, sign);
      },
    };
  }
  switch (node.op) {
    case '+':
      return { run: (v) => W.sum(left(v), right(v), 1) };
    case '-':
      return { run: (v) => W.sum(left(v), right(v), -1) };
    case '*':
      return { run: (v) => W.product(left(v), right(v)) };
    case '/':
      return { run: (v) => W.quotient(left(v), right(v)) };
    default:
      throw new TypeError(`unsupported operator ${node.op}`);
  }
}

function buildPower(leftNode: Expr, rightNode: Expr, base: Compiled, exponent: Compiled, symbols: readonly string[]): Compiled {
  const u = exponent.run;
  if (isNaturalBase(leftNode, symbols) && exponent.constant === undefined) {
    return { run: (v) => W.exponential(u(v), 1, 0) };
  }
  const t = base.run;
  if (exponent.constant !== undefined) {
    // The exponent as compile.ts reads it: exact when written with integers (1/3), else its float.
    const exact = exactRational(rightNode);
    const n = exact ? exact.n / exact.d : compile(rightNode, symbols)([]);
    const exponentError = exact !== undefined && exact.d === 1 ? 0 : 0.5 * EPS * Math.abs(n);
    const rational = exact ?? smallRational(n);
    return { run: (v) => W.power(t(v), n, rational, exponentError) };
  }
  const constantBase = base.constant;
  if (constantBase !== undefined && constantBase.sign === 1 && Number.isFinite(constantBase.error)) {
    // 2^u: the result's logarithm is u·ln 2, whatever u's size.
    return { run: (v) => W.exponential(u(v), constantBase.log, constantBase.error) };
  }
  return {
    run: (v) => {
      const b = t(v);
      const p = u(v);
      return W.positivePower(b, p) ?? onDoubles2(realPow, b, p);
    },
  };
}

function buildCall(node: CallExpr, args: readonly Compiled[], context: Context): Compiled {
  const symbols = context.symbols;
  const entry = tableEntry(node);
  const rule = entry.evaluateWide;
  const first = (args[0] as Compiled).run;
  if (args.length === 1) {
    const f = entry.evaluate;
    const exactZero = entry.exactZero;
    const watch = entry.twinGap ? context.watch : undefined;
    return {
      run: (v) => {
        const t = first(v);
        watch?.(node, [t]);
        return rule?.(t) ?? onDoubles(f, t, exactZero);
      },
    };
  }
  const second = args[1] as Compiled;
  const f = entry.evaluate as (t: number, p: number) => number;
  if (rule && second.constant !== undefined) {
    // The parameter (a logarithm's base, a root's index) as compile.ts reads it.
    const parameter = compile(node.args[1] as Expr, symbols)([]);
    return {
      run: (v) => {
        const t = first(v);
        return rule(t, parameter) ?? onDoubles2(f, t, second.constant as W.Wide);
      },
    };
  }
  const p = second.run;
  return { run: (v) => onDoubles2(f, first(v), p(v)) };
}

/** A Wide as error-bound.ts's Bounded, when within double range (unreliable beyond it). */
function asBounded(w: W.Wide): { value: number; error: number; size: number } {
  const double = W.toValue(w) ?? { value: Number.NaN, error: Infinity };
  return { ...double, size: Math.abs(double.value) };
}

/** f applied to the double value of t with its error bound: for functions without a rule of their own. */
function onDoubles(f: (t: number) => number, t: W.Wide, exactZero = false): W.Wide {
  const beyond = beyondDoubles(t);
  if (beyond) return atEnd(f, t.sign, beyond);
  // A zero the table says is exact (the flat side of step and relu) is a value, as in doubles: without
  // it, an answer with step(x - 60) was unreliable in this form wherever the step was 0.
  const result = applyUnary(f, asBounded(t), 0, exactZero);
  return W.fromValue(result.value, result.error);
}

const MIN_NORMAL = 2.2250738585072014e-308;
/**
 * Magnitudes spanning each end of the doubles: from a signed zero (where IEEE gives a one-sided limit,
 * atan(1/+0) = π/2) to the smallest normal double, and from 2^1020 to an infinity (atan(+∞) = π/2).
 */
const BELOW: readonly number[] = [0, Number.MIN_VALUE, 2 ** -1060, 2 ** -1030, MIN_NORMAL];
const ABOVE: readonly number[] = [2 ** 1020, 2 ** 1022, Number.MAX_VALUE, Infinity];
const LOG_BELOW = Math.log(MIN_NORMAL);
const LOG_ABOVE = 1020 * Math.LN2;

/**
 * The end of the doubles beyond which a value of known sign surely lies (csch(2000), sinh(2000)), or
 * undefined. In doubles such a value is a signed zero or an infinity (or a subnormal), whose error
 * bound cannot vouch for a function that jumps or levels off there: arccot = atan(1/t) goes from
 * -π/2 to π/2 across 0, and atan(∞) is π/2 only as a limit.
 */
function beyondDoubles(t: W.Wide): readonly number[] | undefined {
  if (t.sign !== 1 && t.sign !== -1) return undefined;
  if (t.log + t.error < LOG_BELOW) return BELOW;
  if (t.log - t.error > LOG_ABOVE) return ABOVE;
  return undefined;
}

/**
 * f at a value beyond the doubles on the side of 0 that `sign` says, the magnitudes of that end
 * probed on that side only. A table function is monotone over so extreme a stretch (one that is not,
 * sin at infinity, is NaN there), so its value lies between the probes, which must be finite and in
 * order; their spread is the error. A function whose value is itself that small (sin t beside 0) has
 * no digit left, and one that overflows (sinh) has a rule of its own: both unreliable here.
 */
function atEnd(f: (t: number) => number, sign: number, magnitudes: readonly number[]): W.Wide {
  const probes = magnitudes.map((m) => f(sign * m));
  const value = probes[1] as number;
  if (!probes.every(Number.isFinite) || !inOrder(probes)) return W.UNRELIABLE;
  let spread = 0;
  for (const p of probes) spread = Math.max(spread, Math.abs(p - value));
  return W.fromValue(value, spread + 2 * EPS * Math.abs(value) + (Math.abs(value) < MIN_NORMAL ? Number.MIN_VALUE : 0));
}

/** Non-decreasing or non-increasing. */
function inOrder(values: readonly number[]): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < values.length; i++) {
    const step = (values[i] as number) - (values[i - 1] as number);
    if (step < 0) up = false;
    if (step > 0) down = false;
  }
  return up || down;
}

function onDoubles2(f: (t: number, p: number) => number, t: W.Wide, p: W.Wide): W.Wide {
  const result = applyBinary(f, asBounded(t), asBounded(p));
  return W.fromValue(result.value, result.error);
}
