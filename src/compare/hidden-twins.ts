/**
 * An agreement that cannot be trusted: cosh u and sinh u (tanh u and coth u, sech u and csch u) differ
 * by 2e^(−2|u|) of their value, so where u stays large at every sample point — cosh and sinh of
 * x² + 20 — the two are one double apart, far inside the comparison's 1e-9, and 2x·sinh(x² + 20)
 * passed for the derivative of sinh(x² + 20). The table says which functions have such a twin, which
 * one, and how far apart they are (ElementaryFunction.twin, twinGap).
 *
 * When an "equivalent" rests on such a twin, one hidden at every compared point, the answer and the
 * derivative are evaluated again in decimal.js at the points where the gap is widest, to the digits the
 * gap needs (its own and SPARE_DIGITS more; a second evaluation CHECK_DIGITS lower bounds the error).
 * The decimals decide, but an agreement counts only where they could have seen a twin swapped: each
 * hidden twin is swapped (sinh for cosh) in turn and the expression evaluated again, and the swap must
 * change its value by more than the comparison's noise. A twin beside a term a million times larger
 * changes the whole by far less than its own gap, so this — not the gap — is the test; where a swap
 * is not seen, the highest precision is tried once, and then the verdict is undetermined, never
 * correct.
 *
 * A tree with a number that is not exact in binary (0.1, which is not the double 0.1) is trusted only
 * to double precision, as in the extended comparison; a gap too small for a double (|u| > 372) is
 * beyond any precision here; a function without a decimal evaluation (erf) cannot be confirmed; the
 * decimal work is bounded by the check's budget (constant subtrees counted, scaled by the square of the
 * digits). Each leaves the verdict undetermined, with its own reason.
 *
 * It costs nothing for trees without a twin function, and one argument evaluation per point for those
 * whose twins are far apart somewhere (u near 0): decimal work is only done for the rare answer whose
 * agreement rests on a hidden twin.
 */
import { call, children, isCall, isConstant, withChildren, type Expr } from '../tree/nodes.js';
import { decimalContext, formatDecimalsApart, type Decimal } from '../numbers/decimal.js';
import { msg } from '../i18n/message.js';
import { compile, isConstantIn, tableEntry } from './compile.js';
import { keptBySymbols } from './compiled-once.js';
import { pointRecord, type Domain } from './domain.js';
import type { Comparison } from './equivalence.js';
import { decimalCost, DecimalEvaluator } from './evaluate-decimal.js';
import type { DecimalBudget } from './extended-range.js';

/** A gap wider than this somewhere is seen by the doubles' comparison (1e-9 relative), with margin. */
const SEEN_IN_DOUBLES = 1e-7;
/** Points evaluated in decimals: the widest gap, and the next one in case the first is undefined there. */
const DECIMAL_POINTS = 2;
/** Safety factor on the differences between the two precisions. */
const BOUND_MARGIN = 64;
/** Digits beyond the gap's own that the decimals are evaluated to (the error bound needs a few). */
const SPARE_DIGITS = 25;
/** The second evaluation's digits below the first's: their difference bounds the first's error. */
const CHECK_DIGITS = 14;
/**
 * Precisions come in steps (one decimal.js context each). A gap is known only while it is a double
 * (above 5·10^-324, |u| < 372): 350 digits see every such twin on its own.
 */
const PRECISION_STEP = 50;
const MAX_PRECISION = 350;
/** What a tree holding a number that is not exact in binary (0.1) is trusted to: double precision. */
const DOUBLE_RESOLUTION = 8 * Number.EPSILON;
/** A swap must change a value by this many times the noise to count as seen. */
const SEEN_FACTOR = 1000;
/** Hidden twins swapped one by one; more than this in one check is undetermined (hostile input). */
const MAX_SWAPS = 8;
/**
 * Decimal work grows with about the square of the digits (the budget is in units of work at 36 and 50
 * digits); the slow series (atan and its kin) a little faster, hence the margin.
 */
const workScale = (precision: number) => 1.5 * (precision / 50) ** 2;

interface Twin {
  readonly node: Expr;
  readonly twin: string;
  readonly gap: (t: number) => number;
  readonly argument: Expr;
  readonly inAnswer: boolean;
}

/** The twin-function calls of a tree whose argument depends on the symbols. */
function twinsOf(expr: Expr, symbols: readonly string[], inAnswer: boolean, into: Twin[]): Twin[] {
  const visit = (node: Expr): void => {
    if (isCall(node) && node.args.length === 1) {
      const { twinGap, twin } = tableEntry(node);
      const argument = node.args[0] as Expr;
      if (twinGap && twin && !isConstantIn(argument, symbols)) into.push({ node, twin, gap: twinGap, argument, inAnswer });
    }
    for (const child of children(node)) visit(child);
  };
  visit(expr);
  return into;
}

/**
 * The reference's twins, found once per tree and list of symbols: it is the derivative, the same for
 * every answer checked against it, and looking through it cost more than the rest of a confirmation
 * that finds no twin (most functions have none). Held weakly, they go with the tree.
 */
const REFERENCE_TWINS = new WeakMap<Expr, Map<string, readonly Twin[]>>();

function referenceTwins(reference: Expr, symbols: readonly string[]): readonly Twin[] {
  return keptBySymbols(REFERENCE_TWINS, reference, symbols, (expr) => twinsOf(expr, symbols, false, []));
}

/** The expression with one call replaced by its twin (every occurrence of that node). */
function swapped(expr: Expr, twin: Twin): Expr {
  if (expr === twin.node) return call(twin.twin, twin.argument);
  const args = children(expr);
  if (args.length === 0) return expr;
  const next = args.map((arg) => swapped(arg, twin));
  return next.every((arg, i) => arg === args[i]) ? expr : withChildren(expr, next);
}

/**
 * A number whose double is not the decimal it was written as (0.1, or 0.3 from simplifying 0.1·3):
 * two forms of one function can then differ in their last bits. Integers and binary fractions (0.5,
 * 0.375) are exact.
 */
function hasInexactNumber(expr: Expr): boolean {
  if (isConstant(expr)) return !Number.isInteger(expr.value * 2 ** 20);
  return children(expr).some(hasInexactNumber);
}

/** Digits that see a relative gap `gap` well: its own and SPARE_DIGITS more, in steps. */
function precisionFor(gap: number): number {
  const digits = Math.ceil(-Math.log10(gap)) + SPARE_DIGITS;
  return Math.min(MAX_PRECISION, Math.max(PRECISION_STEP, Math.ceil(digits / PRECISION_STEP) * PRECISION_STEP));
}

export interface TwinContext {
  readonly answer: Expr;
  readonly reference: Expr;
  /** The points the doubles compared (the problem's, with the answer's own letters). */
  readonly domain: Domain;
  readonly budget: () => DecimalBudget;
}

type Cause = 'precision' | 'numbers' | 'budget' | 'functions';

/**
 * The doubles' "equivalent" checked for hidden twins: unchanged when there are none, otherwise the
 * decimals' verdict at the points where the twins are furthest apart.
 */
export function confirmTwins(equivalent: Comparison, context: TwinContext): Comparison {
  const { answer, reference, domain } = context;
  const twins = [...twinsOf(answer, domain.symbols, true, []), ...referenceTwins(reference, domain.symbols)];
  if (twins.length === 0 || domain.points.length === 0) return equivalent;
  const gaps = twins.map((twin) => {
    const argument = compile(twin.argument, domain.symbols);
    return domain.points.map((point) => twin.gap(argument(point)));
  });
  const hidden = twins.filter((_, k) => !(gaps[k] as number[]).some((g) => g >= SEEN_IN_DOUBLES));
  if (hidden.length === 0) return equivalent;
  if (hidden.length > MAX_SWAPS) return undetermined(equivalent, 'budget');
  // For each point, the narrowest gap among the hidden twins (0 where it is no double).
  const hiddenGaps = twins.flatMap((twin, k) => (hidden.includes(twin) ? [gaps[k] as number[]] : []));
  const narrowest = domain.points.map((_, i) => Math.min(...hiddenGaps.map((g) => g[i] as number).map((g) => (Number.isFinite(g) ? g : 0))));
  const order = [...narrowest.keys()].sort((i, j) => (narrowest[j] as number) - (narrowest[i] as number));
  const widest = narrowest[order[0] as number] as number;
  if (!(widest > 0)) return undetermined(equivalent, 'precision');
  const exprs = [answer, reference, ...hidden.map((twin) => swapped(twin.inAnswer ? answer : reference, twin))];
  if (!Number.isFinite(decimalCost(exprs, domain.symbols))) return undetermined(equivalent, 'functions');
  const inexact = hasInexactNumber(answer) || hasInexactNumber(reference);
  const first = inexact ? PRECISION_STEP : precisionFor(widest);
  const precisions = first < MAX_PRECISION && !inexact ? [first, MAX_PRECISION] : [first];
  let cause: Cause = inexact ? 'numbers' : 'precision';
  for (const precision of precisions) {
    const outcome = atPrecision(precision, inexact, exprs, hidden, order, equivalent, context);
    if (outcome === 'seen') return equivalent;
    if (outcome === 'budget') return undetermined(equivalent, 'budget');
    if (outcome !== 'unseen') return outcome;
    if (inexact) cause = 'numbers';
  }
  return undetermined(equivalent, cause);
}

/**
 * One precision: the two points with the widest gaps. A disagreement is a counterexample; an agreement
 * counts where every hidden twin's swap was seen.
 */
function atPrecision(
  precision: number,
  inexact: boolean,
  exprs: readonly Expr[],
  hidden: readonly Twin[],
  order: readonly number[],
  equivalent: Comparison,
  { answer, reference, domain, budget: budgetOf }: TwinContext,
): Comparison | 'seen' | 'unseen' | 'budget' {
  const decimals = new DecimalEvaluator(domain.symbols, [precision - CHECK_DIGITS, precision]);
  const D = decimalContext(precision);
  // In decimals: 10^-331 is no double.
  const resolution = inexact ? new D(DOUBLE_RESOLUTION) : D.pow(10, -(precision - CHECK_DIGITS - 5));
  const budget = budgetOf();
  const scale = workScale(precision);
  // The first point pays for the constant subtrees too (a new evaluator); later ones reuse them.
  let cost = decimalCost(exprs, domain.symbols, true) * scale;
  let tried = 0;
  for (const i of order) {
    if (tried >= DECIMAL_POINTS) break;
    if (budget.left < cost) return 'budget';
    tried++;
    const point = domain.points[i] as Float64Array;
    const before = decimals.work;
    const [aLow, a] = decimals.values(answer, point) as [Decimal, Decimal];
    const [rLow, r] = decimals.values(reference, point) as [Decimal, Decimal];
    budget.spend((decimals.work - before) * scale);
    cost = decimalCost(exprs, domain.symbols) * scale;
    if (![aLow, a, rLow, r].every((v) => v.isFinite())) continue;
    const size = a.abs().gt(r.abs()) ? a.abs() : r.abs();
    if (size.isZero()) continue;
    const noise = aLow.minus(a).abs().plus(rLow.minus(r).abs()).times(BOUND_MARGIN).plus(size.times(resolution));
    if (a.minus(r).abs().gt(noise)) {
      // Written out as well: the doubles of the two values are equal, or nearly.
      const [expected, actual] = formatDecimalsApart(r, a);
      const counterexample = { at: pointRecord(domain, i), expected: r.toNumber(), actual: a.toNumber(), approximately: { expected, actual } };
      return { verdict: 'not_equivalent', tried: equivalent.tried, checked: equivalent.checked, compared: equivalent.compared, counterexample };
    }
    if (hidden.every((twin, k) => swapSeen(decimals, point, exprs[k + 2] as Expr, twin.inAnswer ? a : r, noise, budget, scale))) return 'seen';
  }
  return 'unseen';
}

/** Does swapping this twin change the expression's value at the point by more than the noise? */
function swapSeen(decimals: DecimalEvaluator, point: Float64Array, swappedExpr: Expr, value: Decimal, noise: Decimal, budget: DecimalBudget, scale: number): boolean {
  const before = decimals.work;
  const other = decimals.values(swappedExpr, point)[1] as Decimal;
  budget.spend((decimals.work - before) * scale);
  return other.isFinite() && other.minus(value).abs().gt(noise.times(SEEN_FACTOR));
}

function undetermined(equivalent: Comparison, cause: Cause): Comparison {
  return { ...equivalent, verdict: 'undetermined', reason: msg('compare.hidden_twins', { cause }) };
}
