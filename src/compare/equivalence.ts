/**
 * Decides whether a student's answer equals the correct derivative as a function, numerically:
 * mathjs `simplify`/`symbolicEqual` miss identities such as sin(2x) = 2 sin x cos x. Both mistakes
 * are costly (a wrong "equivalent" grants a grade not earned, a wrong "not equivalent" loses the
 * instructor's trust), so there is a third outcome, `undetermined`, for too little evidence, and a
 * point counts against the answer only when the difference exceeds what rounding can explain.
 *
 * Usage: sample one domain, `prepare` the reference once, then `compare` many prepared answers or
 * mistake candidates against it; each comparison is a scan over two cached arrays of values.
 */
import { msg, type Message } from '../i18n/message.js';
import { symbolNames, type Expr } from '../tree/nodes.js';
import { compile, type Evaluator } from './compile.js';
import { pointRecord, sampleDomain, withFurther, type Domain } from './domain.js';
import { BOUND_MARGIN, compileWithBound, type Bounded, type BoundedEvaluator } from './error-bound.js';
import { compileWide, wideAffordable, type WideEvaluator } from './evaluate-wide.js';
import { logOutcome } from './wide-outcome.js';
import { formatWide, type Wide } from '../numbers/log-magnitude.js';
import { checkpoint } from '../deadline.js';

export type Verdict = 'equivalent' | 'not_equivalent' | 'undetermined';

export interface Evidence {
  /** Candidate points tried while sampling the domain. */
  readonly tried: number;
  /** Domain points examined (all, unless a disagreement stopped the scan). */
  readonly checked: number;
  /** Points where both values were comparable (the disagreeing one included). */
  readonly compared: number;
  /** Compared beyond double precision's range (extended-range.ts), the doubles having overflowed. */
  readonly extended?: true;
}

export interface Counterexample {
  readonly at: Record<string, number>;
  /** The reference's value there. */
  readonly expected: number;
  /** The answer's value there. */
  readonly actual: number;
  /** Both values written out (`4.815e+124410836`) when they are beyond double range. */
  readonly approximately?: { readonly expected: string; readonly actual: string };
}

export type Comparison =
  | (Evidence & { readonly verdict: 'equivalent' })
  | (Evidence & { readonly verdict: 'not_equivalent'; readonly counterexample: Counterexample })
  | (Evidence & { readonly verdict: 'undetermined'; readonly reason: Message });

export interface CompareOptions {
  /** Agreeing points needed to call two functions equivalent. */
  readonly minCompared?: number;
  /**
   * Skip points where only one side is undefined instead of counting them against the answer. For
   * matching mistake candidates: a buggy rule can leave a candidate undefined where a student's
   * simplified answer is not (the swap in sqrt(1-x^2) gives d/dx (1 - sqrt(x)^2), which a student writes
   * as -1), and that difference is an artifact of the rule, not evidence against the match.
   */
  readonly ignoreOneSidedUndefined?: boolean;
  /**
   * The counterexample is shown to a student: look for one that reads (clearerCounterexample) when the
   * first does not. Only then, since it may prepare domains a verdict alone never needs.
   */
  readonly readableCounterexample?: boolean;
  /**
   * On witnesses: enough points agreed before them for a verdict in doubles, so extended range will not
   * compare this pair, and a witness where the reference overflows is looked at in log-magnitude form
   * here. Set by compareOn; otherwise such a witness is left to extended range (which a function
   * beyond doubles everywhere, with no points before its witnesses, goes on to).
   */
  readonly decidedInDoubles?: boolean;
}

export const DEFAULT_MIN_COMPARED = 8;

/** Fast-path agreement: relative, with a floor of a few subnormal steps. */
const RELATIVE_TOLERANCE = 1e-9;
/**
 * Only where 1e-9 relative is finer than the subnormal spacing. A floor like 1e-300 would hide a
 * factor 1.0001 in sin(x)/cosh(683), whose values are near 1e-297 everywhere.
 */
const ABSOLUTE_FLOOR = 1e-320;
/** Relative slack on top of the bounds for the table functions' own last-bit differences. */
const RELATIVE_SLACK = 1e-12;
/**
 * An error bound at most this many ulps of the size of the terms a value was computed from is plain
 * rounding (a long derivative accumulates a few ulps per operation), not an amplified input.
 */
const ROUNDING_ULPS = 1024;

/**
 * 0 to working precision: the value is within its own error bound of 0, and that bound is rounding of
 * the terms it came from (sin(7π), cos(π/2), √(3+2√2) - 1 - √2), not the wide bound of an input that
 * a steep function amplified.
 */
function zeroWithinRounding(x: Bounded): boolean {
  return Math.abs(x.value) <= BOUND_MARGIN * x.error + ABSOLUTE_FLOOR && x.error <= ROUNDING_ULPS * Number.EPSILON * x.size;
}

/** An expression compiled for a domain, with its values at every point computed once. */
export interface Prepared {
  readonly expr: Expr;
  readonly domain: Domain;
  readonly evaluate: Evaluator;
  /** values[i] is the expression at domain.points[i]. */
  readonly values: Float64Array;
  /** The error-bounded value at a point; compiled on first use, since most comparisons never need it. */
  bounded(index: number): Bounded;
  /** The log-magnitude value at a point (evaluate-wide.ts); compiled on first use, for points an overflow left unvouched. */
  wide(index: number): Wide;
}

/**
 * Compile `expr` for the domain's symbols (unless `evaluate` is it, compiled for them already) and
 * evaluate it at every point (TypeError for a stray symbol).
 */
export function prepare(expr: Expr, domain: Domain, evaluate: Evaluator = compile(expr, domain.symbols)): Prepared {
  const values = new Float64Array(domain.points.length);
  domain.points.forEach((point, i) => {
    checkpoint();
    values[i] = evaluate(point);
  });
  let withBound: BoundedEvaluator | undefined;
  let inWide: WideEvaluator | undefined;
  return {
    expr,
    domain,
    evaluate,
    values,
    bounded(index: number): Bounded {
      withBound ??= compileWithBound(expr, domain.symbols);
      return withBound(domain.points[index] as Float64Array);
    },
    wide(index: number): Wide {
      inWide ??= compileWide(expr, domain.symbols);
      return inWide(domain.points[index] as Float64Array);
    },
  };
}

type PointOutcome = 'agree' | 'disagree' | 'skip';

/** Both undefined in the same way: NaN and NaN, or the same infinity. */
function sameNonFinite(a: number, b: number): boolean {
  return (a !== a && b !== b) || (a === b && !Number.isFinite(a));
}

/**
 * One point. Values within 1e-9 relative agree at once. Otherwise both are evaluated again with error
 * bounds: a difference beyond 64× the bounds is real; within them it is rounding, and counts as
 * agreement if the bounds leave at least one significant digit, or if both values are 0 to working
 * precision (an exact 0 against sin(7π)); otherwise the point says nothing. Values the bounds cannot
 * vouch for (overflow, an argument at a domain edge within rounding) are skipped, never held against
 * either side.
 */
function comparePoint(answer: Prepared, reference: Prepared, index: number, lenient: boolean): PointOutcome {
  const a = answer.values[index] as number;
  const b = reference.values[index] as number;
  if (lenient && (!Number.isFinite(a) || !Number.isFinite(b))) return 'skip';
  if (Number.isFinite(a) && Number.isFinite(b)) {
    if (Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) + ABSOLUTE_FLOOR) return 'agree';
  } else if (sameNonFinite(a, b)) {
    return 'skip';
  }
  const x = answer.bounded(index);
  const y = reference.bounded(index);
  if (x.error === Infinity || y.error === Infinity) {
    // NaN against NaN, or the same infinity, was skipped above: nothing to compare. A value that is not
    // finite is looked at only in trees small enough for that form.
    const finite = Number.isFinite(a) && Number.isFinite(b);
    return (finite || affordableInWide(answer, reference)) && apartBeyondDoubles(answer, reference, index, lenient) ? 'disagree' : 'skip';
  }
  const finiteX = Number.isFinite(x.value);
  const finiteY = Number.isFinite(y.value);
  if (!finiteX || !finiteY) return lenient || sameNonFinite(x.value, y.value) ? 'skip' : 'disagree';
  const scale = Math.max(Math.abs(x.value), Math.abs(y.value));
  const noise = BOUND_MARGIN * (x.error + y.error);
  if (Math.abs(x.value - y.value) > noise + RELATIVE_SLACK * scale + ABSOLUTE_FLOOR) return 'disagree';
  if (noise < scale) return 'agree';
  return zeroWithinRounding(x) && zeroWithinRounding(y) ? 'agree' : 'skip';
}

/**
 * On a refute-only domain (Domain.witnesses): not equivalent at the first point where the two disagree
 * beyond their error bounds; otherwise nothing was compared (a witness never counts for agreement).
 */
function refute(answer: Prepared, reference: Prepared, options: CompareOptions): Comparison {
  const domain = reference.domain;
  const lenient = options.ignoreOneSidedUndefined ?? false;
  for (let i = 0; i < domain.points.length; i++) {
    const a = answer.values[i] as number;
    const b = reference.values[i] as number;
    // A value NaN in doubles (0/0 of two underflows, kept by the sampler where the log-magnitude form
    // finds every expression defined), or an answer infinite where the derivative is finite (10^(-300) e^x
    // overflowing where the derivative, e^(x/50)/50, is only over 10^12), is looked at in that form: an
    // overflow in doubles says nothing by itself (e^(2x)/e^x), the log-magnitude values do. So is an
    // overflowing derivative (2x e^(x^2) beyond x = 26.6) once doubles decide: extended range compares
    // only what they leave undetermined, and e^(x^2) step(x - 30) added to it was compared nowhere.
    const overflowing = !Number.isFinite(b) && (options.decidedInDoubles ?? false);
    if (Number.isNaN(a) || Number.isNaN(b) || (Number.isFinite(b) && !Number.isFinite(a)) || overflowing) {
      const wide = affordableInWide(answer, reference) ? apartInWide(answer, reference, i, lenient) : undefined;
      if (!wide) continue;
      return { verdict: 'not_equivalent', tried: 0, checked: i + 1, compared: 0, counterexample: { ...counterexampleAt(answer, reference, i), approximately: wide } };
    }
    // Otherwise two finite values: an overflowing reference refutes nothing here (extended range compares it).
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (comparePoint(answer, reference, i, lenient) !== 'disagree') continue;
    // Not counted among the points compared (the evidence counts sample points); its counterexample shows.
    return { verdict: 'not_equivalent', tried: 0, checked: i + 1, compared: 0, counterexample: counterexampleAt(answer, reference, i) };
  }
  return { verdict: 'equivalent', tried: 0, checked: domain.points.length, compared: 0 };
}

/**
 * Two values in doubles, apart, that no error bound vouches for because one of them went through an
 * overflow: the derivative of tanh(x^2) written 2x/cosh(x^2)^2 is 2x/Infinity = 0 at
 * x = 494, as it should be, but that 0 is a limit, not a value, so an answer that adds step(x - 60)
 * (or any answer wrong only where the derivative is that small) was never held to it and passed.
 * Such a point is looked at again in log-magnitude form, where nothing overflows, and the two
 * disagree when they are apart there by the rule of the comparison beyond double range; otherwise the
 * point is skipped as before. Only such points pay for it. So is one where a value is NaN or infinite
 * in doubles only through an overflow or underflow (x e^(x^2)/e^(x^2) at x = 30 is ∞/∞), whose slip
 * (a step at 30) was never held to anything either.
 */
function apartBeyondDoubles(answer: Prepared, reference: Prepared, index: number, lenient: boolean): boolean {
  return logOutcome(answer.wide(index), reference.wide(index), lenient) === 'disagree';
}

/** Both expressions small enough to be evaluated in log-magnitude form where doubles fail (WIDE_MAX_NODES). */
function affordableInWide(answer: Prepared, reference: Prepared): boolean {
  return wideAffordable(answer.expr) && wideAffordable(reference.expr);
}

/** Both values written out, when the two are apart in log-magnitude form at the point; undefined otherwise. */
function apartInWide(answer: Prepared, reference: Prepared, index: number, lenient: boolean): { expected: string; actual: string } | undefined {
  const a = answer.wide(index);
  const r = reference.wide(index);
  return logOutcome(a, r, lenient) === 'disagree' ? { expected: formatWide(r), actual: formatWide(a) } : undefined;
}

/** The point `index` of the pair's domain with both values there, as a comparison reports it. */
function counterexampleAt(answer: Prepared, reference: Prepared, index: number): Counterexample {
  return { at: pointRecord(reference.domain, index), expected: reference.values[index] as number, actual: answer.values[index] as number };
}

/** A value a student reads at a glance in the feedback's four significant digits. */
function legible(value: number): boolean {
  return value === 0 || (Math.abs(value) >= 1e-4 && Math.abs(value) <= 1e8);
}

/** Two values legible and apart within four significant digits. */
function apart(a: number, b: number): boolean {
  return legible(a) && legible(b) && Math.abs(a - b) > 1e-3 * Math.max(Math.abs(a), Math.abs(b));
}

/** The two values at a point are legible and differ within four significant digits. */
function clearlyApart(answer: Prepared, reference: Prepared, index: number): boolean {
  return apart(answer.values[index] as number, reference.values[index] as number);
}

/**
 * A later point that also disagrees and shows it clearly, for the counterexample the feedback gives:
 * the first disagreement can sit where both values are 10^-289 (a bump far away) or agree to six
 * digits, which tells a student nothing. The verdict is the first point's either way.
 */
function clearerCounterexample(answer: Prepared, reference: Prepared, from: number, lenient: boolean): number | undefined {
  for (let j = from + 1; j < answer.values.length; j++) {
    if (clearlyApart(answer, reference, j) && comparePoint(answer, reference, j, lenient) === 'disagree') return j;
  }
  return undefined;
}

/**
 * Compare a prepared answer with a prepared reference on the same domain. Not equivalent as soon as
 * one point disagrees (the first one is the counterexample); equivalent when no point disagrees and
 * at least `minCompared` points agree; undetermined otherwise.
 */
export function compare(answer: Prepared, reference: Prepared, options: CompareOptions = {}): Comparison {
  const domain = reference.domain;
  if (answer.domain !== domain) throw new TypeError('compare: answer and reference were prepared on different domains');
  const minCompared = options.minCompared ?? DEFAULT_MIN_COMPARED;
  const tried = domain.tried;
  const total = domain.points.length;
  if (domain.refuteOnly) return refute(answer, reference, options);
  let compared = 0;
  for (let i = 0; i < total; i++) {
    checkpoint();
    const outcome = comparePoint(answer, reference, i, options.ignoreOneSidedUndefined ?? false);
    if (outcome === 'skip') continue;
    compared++;
    if (outcome === 'disagree') {
      const readable = !options.readableCounterexample || clearlyApart(answer, reference, i);
      const shown = readable ? i : clearerCounterexample(answer, reference, i, options.ignoreOneSidedUndefined ?? false) ?? i;
      return { verdict: 'not_equivalent', tried, checked: i + 1, compared, counterexample: counterexampleAt(answer, reference, shown) };
    }
  }
  if (compared >= minCompared) return { verdict: 'equivalent', tried, checked: total, compared };
  const reason = undeterminedReason(total, tried, compared, minCompared);
  return { verdict: 'undetermined', tried, checked: total, compared, reason };
}

/**
 * Compare on several domains in turn — the usual points first, then the further ones — preparing each
 * pair only when every point before it agreed: the verdict is the one a single comparison over all
 * their points would give (the first disagreement is the counterexample; equivalent when at least
 * `minCompared` points agree in all). `domains` may be a generator, so a domain that takes work to find
 * (a candidate's own breakpoints) is found only when it is reached.
 */
export function compareOn(domains: Iterable<Domain>, pair: (domain: Domain) => readonly [Prepared, Prepared], options: CompareOptions = {}): Comparison {
  const minCompared = options.minCompared ?? DEFAULT_MIN_COMPARED;
  let tried = 0;
  let checked = 0;
  let compared = 0;
  let total = 0;
  const iterator = domains[Symbol.iterator]();
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const domain = next.value;
    tried += domain.tried;
    // Witnesses are not points of the comparison: they can only refute it.
    if (!domain.refuteOnly) total += domain.points.length;
    if (domain.points.length === 0) continue;
    const [answer, reference] = pair(domain);
    const result = compare(answer, reference, { ...options, minCompared: 0, decidedInDoubles: compared >= minCompared });
    checked += result.checked;
    compared += result.compared;
    if (result.verdict === 'not_equivalent') {
      const { actual, expected } = result.counterexample;
      const clearer = !options.readableCounterexample || apart(actual, expected) ? undefined : clearerFurther(iterator, pair, options.ignoreOneSidedUndefined ?? false);
      return { ...result, ...(clearer ? { counterexample: clearer } : {}), tried, checked, compared };
    }
  }
  if (compared >= minCompared) return { verdict: 'equivalent', tried, checked, compared };
  const reason = undeterminedReason(total, tried, compared, minCompared);
  return { verdict: 'undetermined', tried, checked, compared, reason };
}

/**
 * A counterexample that shows clearly in the domains not compared yet (the usual points of a function
 * with a bump far away all give 10^-289): looked for only when the first one does not, so the work is
 * spent where the feedback needs it.
 */
function clearerFurther(domains: Iterator<Domain>, pair: (domain: Domain) => readonly [Prepared, Prepared], lenient: boolean): Counterexample | undefined {
  for (let next = domains.next(); !next.done; next = domains.next()) {
    const domain = next.value;
    if (domain.points.length === 0) continue;
    const [answer, reference] = pair(domain);
    const at = clearerCounterexample(answer, reference, -1, lenient);
    if (at !== undefined) return counterexampleAt(answer, reference, at);
  }
  return undefined;
}

function undeterminedReason(total: number, tried: number, compared: number, needed: number): Message {
  return total === 0 ? msg('compare.no_point', { tried }) : msg('compare.too_few_points', { compared, total, needed });
}

/** The domains of each part in turn, each part asked for its domains only when the one before is done. */
export function* inTurn(...parts: ReadonlyArray<() => Iterable<Domain>>): Generator<Domain> {
  for (const part of parts) yield* part();
}

export interface EquivalenceOptions extends CompareOptions {
  readonly variable: string;
  /** Other letters that stand for constants; by default every symbol but the variable, e and pi. */
  readonly parameters?: readonly string[];
  /** Expressions that must be defined at the sample points; by default the reference alone. */
  readonly definedBy?: readonly Expr[];
  readonly seed?: number;
  readonly target?: number;
}

const CONSTANT_NAMES = new Set(['e', 'pi']);

/**
 * One-off check that `answer` equals `reference` as a function of the variable, sampled where every
 * `definedBy` expression (the original function and its derivative, typically) is defined.
 */
export function equivalent(answer: Expr, reference: Expr, options: EquivalenceOptions): Comparison {
  const definedBy = options.definedBy ?? [reference];
  const parameters = options.parameters ?? inferParameters([answer, reference, ...definedBy], options.variable);
  const domain = sampleDomain({
    definedBy,
    variable: options.variable,
    parameters,
    seed: options.seed,
    target: options.target,
  });
  return compareOn(withFurther(domain), (d) => [prepare(answer, d), prepare(reference, d)], options);
}

/** Every symbol but the variable and the named constants, sorted so the order (and the points) never depend on how the expressions were written. */
function inferParameters(exprs: readonly Expr[], variable: string): string[] {
  const names = new Set<string>();
  for (const expr of exprs) for (const name of symbolNames(expr)) names.add(name);
  return [...names].filter((name) => name !== variable && !CONSTANT_NAMES.has(name)).sort();
}
