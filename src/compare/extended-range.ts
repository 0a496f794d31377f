/**
 * The equivalence test beyond double range, for functions whose values overflow doubles at (almost)
 * every point: exp(2^cosh(sqrt(x) + 4)) is about 10^(7·10^7) at x = 0, so in doubles the question
 * has no sample point and the answer was left undetermined. It runs only where the comparison in
 * doubles was undetermined, so an answer that compares in doubles never pays for it.
 *
 * Two stages, the cheap one first:
 * 1. Log-magnitude values (sign and ln|value| in doubles, with a bound on that logarithm's error:
 *    evaluate-wide.ts). They find the points (the domain is sampled by the same code as in doubles,
 *    kept where f and f' are real and their logarithms are known to within 1), and they settle any
 *    point where the signs differ or the logarithms differ by more than 64 times their bounds: a
 *    missing factor, a factor 2, most chain-rule mistakes. Where the bounds are below 10^-9 (values of
 *    ordinary size) agreement is settled too.
 * 2. Elsewhere the logarithm is too coarse to call two values equal — at 10^(10^8) it is known in
 *    doubles to about 10^-6, which would let a factor 1.000001 through — so at up to ten points both
 *    sides are evaluated in decimal.js at 36 and 50 digits (evaluate-decimal.ts). The 50-digit values
 *    agree when they differ by at most 64 times the 36-to-50-digit differences plus double
 *    precision's last bits (a tree's numbers are doubles: 1/ln 2 as a factor), all that below 10^-13
 *    of the values; they disagree beyond it. 0.693 for ln 2 is a difference; 10^-14 is none.
 *
 * Why not only one of them: decimal.js alone costs about a millisecond a value, too much to sample a
 * domain with (hundreds of candidate points) or to test a hundred mistake candidates; logarithms
 * alone cannot tell 0.693 from ln 2 at these sizes. Decimal work is bounded per comparison (ten points)
 * and per check (a budget in units of decimal work), so a check stays within its time budget; past
 * the budget a point is skipped, never guessed.
 */
import { children, isBinary, isCall, isSymbol, type Expr } from '../tree/nodes.js';
import { tableEntry } from './compile.js';
import * as W from '../numbers/log-magnitude.js';
import { msg } from '../i18n/message.js';
import { formatDecimal, type Decimal } from '../numbers/decimal.js';
import { pointRecord, sampleDomain, type Domain } from './domain.js';
import { DecimalEvaluator, decimalCost } from './evaluate-decimal.js';
import { confirmTwins } from './hidden-twins.js';
import { compileWide, SharedWide, WIDE_MAX_NODES } from './evaluate-wide.js';
import { DEFAULT_MIN_COMPARED, type CompareOptions, type Comparison } from './equivalence.js';
import { checkpoint } from '../deadline.js';
import { logOutcome, type Outcome } from './wide-outcome.js';
import { BOUND_MARGIN } from './error-bound.js';

/** An expression's log-magnitude values at every point of a domain. */
export interface WidePrepared {
  readonly expr: Expr;
  readonly domain: Domain;
  readonly values: readonly W.Wide[];
}

export function prepareWide(expr: Expr, domain: Domain): WidePrepared {
  const evaluate = compileWide(expr, domain.symbols);
  return { expr, domain, values: domain.points.map((point) => evaluate(point)) };
}

/** Decimal values must be known to this (relative) for their agreement to count. */
const DECIMAL_TIGHT = 1e-13;
/**
 * Values within this (relative) of each other are equal: numbers in a tree are doubles (a factor the
 * diagnosis computes, 1/ln 2, is one), so the decimal evaluation of two forms of one function can
 * differ by their last bits, and a difference finer than double precision is no grader's difference.
 */
const DOUBLE_PRECISION = 8 * Number.EPSILON;
/**
 * A term below this fraction of the rest of its sum is not seen by an agreement at that resolution:
 * decimal agreement sees down to about 10^-15, logarithms agreeing within 10^-9 down to that, with a
 * safety factor.
 */
const HIDDEN_AFTER_DECIMAL = 1e-12;
const HIDDEN_AFTER_LOG = 1e-7;
/** Points evaluated in decimal.js per comparison: enough for the 8 an equivalence needs, and two to spare. */
export const MAX_DECIMAL_POINTS = 10;
/**
 * Decimal work a check may do, in units of one exp at both precisions (evaluate-decimal.ts): about
 * 0.2 ms each on the development machine when it is quiet, so a few hundred milliseconds at most,
 * well within a check's 2 s time budget. A right answer to exp(2^cosh(sqrt(x)+4)) takes about 100.
 */
export const CHECK_DECIMAL_UNITS = 1500;

/**
 * Derivatives and answers larger than this, written out, are not compared in extended range (they
 * stay undetermined): log-magnitude values cost about ten times doubles, and sampling a domain
 * evaluates the derivative at up to a thousand points.
 */
export const EXTENDED_MAX_NODES = WIDE_MAX_NODES;

/** Decimal work left to a check. */
export class DecimalBudget {
  constructor(private remaining: number = CHECK_DECIMAL_UNITS) {}

  /** Take `units` (the caller made sure beforehand that they were left). */
  spend(units: number): void {
    this.remaining = Math.max(0, this.remaining - units);
  }

  get left(): number {
    return this.remaining;
  }
}

/** Stage 2 at one point, from each side's values at the two precisions. */
function decimalOutcome([a1, a2]: readonly Decimal[], [r1, r2]: readonly Decimal[]): Exclude<Outcome, 'refine'> {
  const values = [a1, a2, r1, r2] as Decimal[];
  if (!values.every((v) => v.isFinite())) return 'skip';
  if (values.every((v) => v.isZero())) return 'agree';
  const scale = (a2 as Decimal).abs().gt((r2 as Decimal).abs()) ? (a2 as Decimal).abs() : (r2 as Decimal).abs();
  if (scale.isZero()) return 'skip';
  const floor = scale.times(DOUBLE_PRECISION);
  const noise = (a1 as Decimal).minus(a2 as Decimal).abs().plus((r1 as Decimal).minus(r2 as Decimal).abs()).times(BOUND_MARGIN).plus(floor);
  if ((a2 as Decimal).minus(r2 as Decimal).abs().gt(noise)) return 'disagree';
  return noise.lte(scale.times(DECIMAL_TIGHT)) ? 'agree' : 'skip';
}

/** Both sides of one comparison on one domain. */
export interface ExtendedPair {
  readonly answer: WidePrepared;
  readonly reference: WidePrepared;
  readonly decimals: DecimalEvaluator;
}

/** A value for a report: the double when there is one, ±Infinity beyond it, NaN below (written out beside). */
function asNumber(w: W.Wide): number {
  const double = W.toValue(w);
  if (double) return double.value;
  return w.log > 0 ? w.sign * Infinity : Number.NaN;
}

/**
 * compareOn (equivalence.ts) in extended range: the same verdicts, evidence and counterexample (with
 * the values also written out, since they are no doubles), each point settled by stage 1 or stage 2.
 */
export function compareExtended(domains: Iterable<Domain>, pair: (domain: Domain) => ExtendedPair, budget: DecimalBudget, options: CompareOptions = {}): Comparison {
  const minCompared = options.minCompared ?? DEFAULT_MIN_COMPARED;
  const lenient = options.ignoreOneSidedUndefined ?? false;
  let tried = 0;
  let checked = 0;
  let compared = 0;
  let total = 0;
  let decimalPoints = 0;
  let unpaid = 0;
  const agreeing: AgreeingPoint[] = [];
  let exprs: readonly [Expr, Expr, readonly string[]] | undefined;
  let firstDomain: Domain | undefined;
  for (const domain of domains) {
    tried += domain.tried;
    total += domain.points.length;
    if (domain.points.length === 0) continue;
    const { answer, reference, decimals } = pair(domain);
    exprs ??= [answer.expr, reference.expr, domain.symbols];
    firstDomain ??= domain;
    // What one point can cost at most: a point is evaluated only if the budget covers that, and is charged what it did cost.
    const cost = decimalCost([answer.expr, reference.expr], domain.symbols);
    for (let i = 0; i < domain.points.length; i++) {
      checkpoint();
      checked++;
      const a = answer.values[i] as W.Wide;
      const r = reference.values[i] as W.Wide;
      let outcome = logOutcome(a, r, lenient);
      let precise: { expected: Decimal; actual: Decimal } | undefined;
      let decided: DecimalEvaluator | undefined;
      if (outcome === 'refine') {
        decided = decimals;
        outcome = 'skip';
        if (decimalPoints < MAX_DECIMAL_POINTS && budget.left < cost) unpaid++;
        else if (decimalPoints < MAX_DECIMAL_POINTS) {
          decimalPoints++;
          const point = domain.points[i] as Float64Array;
          const before = decimals.work;
          const av = decimals.values(answer.expr, point);
          const rv = decimals.values(reference.expr, point);
          budget.spend(decimals.work - before);
          outcome = decimalOutcome(av, rv);
          precise = { expected: rv[1] as Decimal, actual: av[1] as Decimal };
        }
      }
      if (outcome === 'skip') continue;
      compared++;
      if (outcome === 'agree') agreeing.push({ point: domain.points[i] as Float64Array, decimals: decided });
      if (outcome === 'disagree') {
        // The values as doubles where they are ones (from the decimal values when there are some), and
        // written out as well when either is beyond double range.
        const beyond = W.toValue(a) === undefined || W.toValue(r) === undefined;
        const counterexample = {
          at: pointRecord(domain, i),
          expected: precise && !beyond ? precise.expected.toNumber() : asNumber(r),
          actual: precise && !beyond ? precise.actual.toNumber() : asNumber(a),
          ...(beyond
            ? { approximately: precise ? { expected: formatDecimal(precise.expected), actual: formatDecimal(precise.actual) } : { expected: W.formatWide(r), actual: W.formatWide(a) } }
            : {}),
        };
        return { verdict: 'not_equivalent', tried, checked, compared, counterexample, extended: true };
      }
    }
  }
  if (compared >= minCompared) {
    const [answerExpr, referenceExpr, symbols] = exprs as [Expr, Expr, readonly string[]];
    const inAnswer = hiddenParts(answerExpr, symbols, agreeing);
    const inReference = hiddenParts(referenceExpr, symbols, agreeing);
    const equivalent: Comparison = { verdict: 'equivalent', tried, checked, compared, extended: true };
    if (inAnswer.length === 0 && inReference.length === 0) return equivalent;
    // Only twins hidden (cosh and sinh of x^2 + 200): decimals at the digits the gap needs can tell them apart.
    if (firstDomain && [...inAnswer, ...inReference].every((part) => twinGapOf(part) !== undefined)) {
      return { ...confirmTwins(equivalent, { answer: answerExpr, reference: referenceExpr, domain: firstDomain, budget: () => budget }), extended: true };
    }
    return { verdict: 'undetermined', tried, checked, compared, reason: msg(inAnswer.length > 0 ? 'compare.hidden_term_answer' : 'compare.hidden_term_derivative'), extended: true };
  }
  const reason =
    total === 0
      ? msg('compare.no_point_extended', { tried })
      : unpaid > 0
        ? msg('compare.too_few_points_extended_budget', { compared, total, unpaid, needed: minCompared })
        : msg('compare.too_few_points_extended', { compared, total, needed: minCompared });
  return { verdict: 'undetermined', tried, checked, compared, reason, extended: true };
}

interface AgreeingPoint {
  readonly point: Float64Array;
  /** The evaluator whose 50-digit values agreed there; undefined where the logarithms settled it. */
  readonly decimals: DecimalEvaluator | undefined;
}

/**
 * The parts of the expression too small to be seen at every agreeing point. Beyond double range
 * the values are so large that an ordinary term beside them is below any precision: x^2 + e^(2^cosh(4))
 * equals e^(2^cosh(4)) to 10^-(7·10^7), so f' + x^2 would agree with f' at every point; cosh(x^2 + 800)
 * and sinh(x^2 + 800) differ by e^-800 of their value, so one would pass for the other. Agreement then
 * vouches for nothing about that part, and the comparison says so (undetermined) rather than call two
 * different functions equal. Parts are weighed by the values that decided the point (the decimal
 * ones, remembered from the evaluation, or the logarithms); a part unknown there counts as unseen, an
 * exact zero as seen.
 */
function hiddenParts(expr: Expr, symbols: readonly string[], points: readonly AgreeingPoint[]): Expr[] {
  const hidden = new Set(partsOf(expr, symbols));
  let unseen = new Set<Expr>();
  let logs: ((values: ArrayLike<number>) => W.Wide) | undefined;
  for (const { point, decimals } of points) {
    if (hidden.size === 0) return [];
    if (decimals) {
      for (const node of [...hidden]) {
        const operands = twinGapOf(node) ? [node.args[0] as Expr] : node.args;
        if (!decimalHides(node, operands.map((arg) => decimals.values(arg, point)[1] as Decimal))) hidden.delete(node);
      }
      continue;
    }
    logs ??= compileWide(expr, symbols, (node, operands) => {
      if (logHides(node, operands)) unseen.add(node);
    });
    unseen = new Set();
    logs(point);
    for (const node of [...hidden]) if (!unseen.has(node)) hidden.delete(node);
  }
  return [...hidden];
}

type Part = Expr & { args: Expr[] };

/** The sums, differences and functions with a twin in a tree that depend on the symbols. */
function partsOf(expr: Expr, symbols: readonly string[]): Part[] {
  const parts = new Set<Part>();
  const known = new Map<Expr, boolean>();
  const visit = (node: Expr): boolean => {
    let variable = known.get(node);
    if (variable !== undefined) return variable;
    variable = isSymbol(node) && symbols.includes(node.name);
    for (const operand of children(node)) variable = visit(operand) || variable;
    if (variable && (isBinary(node, '+') || isBinary(node, '-') || twinGapOf(node))) parts.add(node as Part);
    known.set(node, variable);
    return variable;
  };
  visit(expr);
  return [...parts];
}

function twinGapOf(node: Expr): ((t: number) => number) | undefined {
  return isCall(node) && node.args.length === 1 ? tableEntry(node).twinGap : undefined;
}

function decimalHides(node: Expr, operands: readonly Decimal[]): boolean {
  if (!operands.every((d) => d.isFinite())) return true;
  const gap = twinGapOf(node);
  if (gap) return !(gap((operands[0] as Decimal).toNumber()) >= HIDDEN_AFTER_DECIMAL);
  const [left, right] = operands as [Decimal, Decimal];
  if (left.isZero() || right.isZero()) return false;
  const [small, big] = left.abs().lt(right.abs()) ? [left.abs(), right.abs()] : [right.abs(), left.abs()];
  return small.lt(big.times(HIDDEN_AFTER_DECIMAL));
}

function logHides(node: Expr, operands: readonly W.Wide[]): boolean {
  const gap = twinGapOf(node);
  if (gap) {
    const u = W.toValue(operands[0] as W.Wide);
    return !(u && u.error < 1 && gap(u.value) >= HIDDEN_AFTER_LOG);
  }
  const [left, right] = operands as [W.Wide, W.Wide];
  if (left.sign === 0 || right.sign === 0) return false;
  if (!W.isKnown(left) || !W.isKnown(right)) return true;
  const [big, small] = left.log >= right.log ? [left, right] : [right, left];
  return small.log - big.log + small.error + big.error < Math.log(HIDDEN_AFTER_LOG);
}

/** Key points: the first points where the reference's logarithm is known to within this. */
const KEY_ERROR = 1;
const KEY_POINTS = 3;

/**
 * A function's side of the extended comparison, made on first need and kept with the function: its
 * domain sampled in extended range (where f and f' are real and within decimal.js's range) and the
 * correct derivative's values there.
 */
export class ExtendedRange {
  readonly domain: Domain;
  readonly expected: WidePrepared;
  /** Indices of the points whose values index the candidates. */
  readonly keyPoints: readonly number[];
  private readonly expectedFurther: WidePrepared | undefined;
  private shared: SharedWide | undefined;

  constructor(f: Expr, expected: Expr, variable: string, parameters: readonly string[]) {
    this.domain = sampleDomain({ definedBy: [f, expected], variable, parameters, range: 'extended' });
    this.expected = this.prepare(expected);
    this.expectedFurther = this.domain.further && prepareWide(expected, this.domain.further);
    this.keyPoints = [...this.expected.values.keys()].filter((i) => (this.expected.values[i] as W.Wide).error <= KEY_ERROR).slice(0, KEY_POINTS);
  }

  /** The correct derivative on this domain or its further points (cached), or on another. */
  expectedOn(domain: Domain): WidePrepared {
    if (domain === this.domain) return this.expected;
    if (domain === this.domain.further && this.expectedFurther) return this.expectedFurther;
    return prepareWide(this.expected.expr, domain);
  }

  /** An expression's values at the key points, from its values on the domain. */
  keyOf(values: WidePrepared): W.Wide[] {
    return this.keyPoints.map((i) => values.values[i] as W.Wide);
  }

  /** An expression's values at the key points, evaluated there only (subtrees shared with every other expression's). */
  keyValues(expr: Expr): W.Wide[] {
    this.shared ??= new SharedWide(this.domain.symbols);
    const evaluate = this.shared.evaluator(expr);
    return this.keyPoints.map((i) => evaluate(this.domain.points[i] as Float64Array));
  }

  /** An expression's values on this domain, subtrees shared as for the key points. */
  prepare(expr: Expr): WidePrepared {
    this.shared ??= new SharedWide(this.domain.symbols);
    const evaluate = this.shared.evaluator(expr);
    return { expr, domain: this.domain, values: this.domain.points.map((point) => evaluate(point)) };
  }
}

/** Could these key values be one function's? (A prefilter: only a sure difference excludes.) */
export function keysMayAgree(a: readonly W.Wide[], b: readonly W.Wide[]): boolean {
  return a.every((w, i) => logOutcome(w, b[i] as W.Wide, true) !== 'disagree');
}
