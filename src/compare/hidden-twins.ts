/**
 * An agreement in doubles that cannot be trusted: cosh u and sinh u (tanh u and coth u, sech u and
 * csch u) differ by 2e^(−2|u|) of their value, so where u stays large at every sample point — cosh
 * and sinh of x² + 20 — the two are one double apart, far inside the comparison's 1e-9, and
 * 2x·sinh(x² + 20) passed for the derivative of sinh(x² + 20). The table says which functions have
 * such a twin and how far apart they are (ElementaryFunction.twinGap).
 *
 * When an "equivalent" rests on such a twin, one hidden at every compared point, the answer is
 * evaluated again with the derivative in decimal.js at 50 digits (36 to bound the error) at the
 * points where the gap is widest: there the twins are 10^-17 apart, not 10^-50, so the difference is
 * seen. A tree with a number that is not an integer (0.1, which is not the double 0.1) is trusted only
 * to double precision, like the extended comparison: then a gap below that stays hidden, and the
 * comparison says so (undetermined) rather than call two different functions equal.
 *
 * It costs nothing for trees without a twin function, and two argument evaluations per point for
 * those whose twins are visible in doubles (u near 0 somewhere): decimal work is only done for the
 * rare answer whose agreement rests on a hidden twin.
 */
import { children, isCall, isConstant, type Expr } from '../tree/nodes.js';
import { decimalContext, formatDecimalsApart, type Decimal } from '../numbers/decimal.js';
import { msg } from '../i18n/message.js';
import { compile, isConstantIn, tableEntry } from './compile.js';
import { pointRecord, type Domain } from './domain.js';
import type { Comparison } from './equivalence.js';
import { decimalCost, DecimalEvaluator } from './evaluate-decimal.js';
import type { DecimalBudget } from './extended-range.js';

/** A gap wider than this somewhere is seen by the doubles' comparison (1e-9 relative), with margin. */
const SEEN_IN_DOUBLES = 1e-7;
/** Points evaluated in decimals: the widest gap, and the next one in case the first is undefined there. */
const DECIMAL_POINTS = 2;
/** Safety factor on the 36-to-50-digit differences. */
const BOUND_MARGIN = 64;
/** Digits beyond the gap's own that the decimals are evaluated to (the error bound needs a few). */
const SPARE_DIGITS = 25;
/** The second evaluation's digits below the first's: their difference bounds the first's error. */
const CHECK_DIGITS = 14;
/**
 * Precisions come in steps (one decimal.js context each). A gap is known only while it is a double
 * (above 5·10^-324, |u| < 372): 350 digits see every such twin. Twins closer than that (in double
 * range |u| reaches 710; beyond it, anything) leave the verdict undetermined.
 */
const PRECISION_STEP = 50;
const MAX_PRECISION = 350;
/** What a tree holding a number that is not exact in binary (0.1) is trusted to: double precision. */
const DOUBLE_RESOLUTION = 8 * Number.EPSILON;
/** A gap this many times the resolution is seen. */
const SEEN_FACTOR = 1000;

interface Twin {
  readonly gap: (t: number) => number;
  readonly argument: Expr;
  readonly inAnswer: boolean;
}

/** The twin-function calls of a tree whose argument depends on the symbols. */
function twinsOf(expr: Expr, symbols: readonly string[], inAnswer: boolean, into: Twin[]): Twin[] {
  const visit = (node: Expr): void => {
    if (isCall(node) && node.args.length === 1) {
      const gap = tableEntry(node).twinGap;
      const argument = node.args[0] as Expr;
      if (gap && !isConstantIn(argument, symbols)) into.push({ gap, argument, inAnswer });
    }
    for (const child of children(node)) visit(child);
  };
  visit(expr);
  return into;
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
  const digits = (gap > 0 ? Math.ceil(-Math.log10(gap)) : MAX_PRECISION) + SPARE_DIGITS;
  return Math.min(MAX_PRECISION, Math.max(PRECISION_STEP, Math.ceil(digits / PRECISION_STEP) * PRECISION_STEP));
}

export interface TwinContext {
  readonly answer: Expr;
  readonly reference: Expr;
  /** The points the doubles compared (the problem's, with the answer's own letters). */
  readonly domain: Domain;
  readonly budget: () => DecimalBudget;
}

/**
 * The doubles' "equivalent" checked for hidden twins: unchanged when there are none, otherwise the
 * decimals' verdict at the points where the twins are furthest apart.
 */
export function confirmTwins(equivalent: Comparison, context: TwinContext): Comparison {
  const { answer, reference, domain } = context;
  const twins = twinsOf(reference, domain.symbols, false, twinsOf(answer, domain.symbols, true, []));
  if (twins.length === 0 || domain.points.length === 0) return equivalent;
  // For each point, the narrowest gap among the twins hidden everywhere.
  const gaps = twins.map((twin) => {
    const argument = compile(twin.argument, domain.symbols);
    return domain.points.map((point) => twin.gap(argument(point)));
  });
  const hidden = twins.flatMap((twin, k) => ((gaps[k] as number[]).some((g) => g >= SEEN_IN_DOUBLES) ? [] : [{ twin, gaps: gaps[k] as number[] }]));
  if (hidden.length === 0) return equivalent;
  const narrowest = domain.points.map((_, i) => Math.min(...hidden.map((h) => h.gaps[i] as number).map((g) => (Number.isFinite(g) ? g : 0))));
  const order = [...narrowest.keys()].sort((i, j) => (narrowest[j] as number) - (narrowest[i] as number));
  const widest = narrowest[order[0] as number] as number;
  const inexact = hasInexactNumber(answer) || hasInexactNumber(reference);
  // Twins closer than a double can say (the gap underflowed to 0): no decimal work.
  if (!(widest > 0)) return undetermined(equivalent, hidden.some((h) => h.twin.inAnswer));
  const precision = inexact ? PRECISION_STEP : precisionFor(widest);
  const decimals = new DecimalEvaluator(domain.symbols, [precision - CHECK_DIGITS, precision]);
  // In decimals: 10^-331 is no double.
  const resolution = inexact ? DOUBLE_RESOLUTION : decimalContext(precision).pow(10, -(precision - CHECK_DIGITS - 5));
  const budget = context.budget();
  // Work in units of exp at 36 and 50 digits; decimal.js's exp costs about the square of the digits.
  const scale = (precision / 50) ** 2;
  const cost = decimalCost([answer, reference], domain.symbols) * scale;
  let seen = false;
  let tried = 0;
  for (const i of order) {
    if (tried >= DECIMAL_POINTS || budget.left < cost) break;
    tried++;
    const point = domain.points[i] as Float64Array;
    const before = decimals.work;
    const [a36, a50] = decimals.values(answer, point) as [Decimal, Decimal];
    const [r36, r50] = decimals.values(reference, point) as [Decimal, Decimal];
    budget.spend((decimals.work - before) * scale);
    if (![a36, a50, r36, r50].every((v) => v.isFinite())) continue;
    const size = a50.abs().gt(r50.abs()) ? a50.abs() : r50.abs();
    if (size.isZero()) continue;
    const noise = a36.minus(a50).abs().plus(r36.minus(r50).abs()).times(BOUND_MARGIN).plus(size.times(resolution));
    if (a50.minus(r50).abs().gt(noise)) {
      // Written out as well: the doubles of the two values are equal, or nearly.
      const [expected, actual] = formatDecimalsApart(r50, a50);
      const counterexample = { at: pointRecord(domain, i), expected: r50.toNumber(), actual: a50.toNumber(), approximately: { expected, actual } };
      return { verdict: 'not_equivalent', tried: equivalent.tried, checked: equivalent.checked, compared: equivalent.compared, counterexample };
    }
    // Agreement counts only if the twins were visible at the decimals' resolution here (compared in
    // decimals: the noise can be far below the smallest double).
    const gap = narrowest[i] as number;
    if (gap > 0 && size.times(gap).gte(noise.times(SEEN_FACTOR))) seen = true;
  }
  return seen ? equivalent : undetermined(equivalent, hidden.some((h) => h.twin.inAnswer));
}

function undetermined(equivalent: Comparison, inAnswer: boolean): Comparison {
  return { ...equivalent, verdict: 'undetermined', reason: msg(inAnswer ? 'compare.hidden_term_answer' : 'compare.hidden_term_derivative') };
}
