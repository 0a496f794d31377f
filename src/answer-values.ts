/**
 * An answer's values on every domain it is compared on — the function's own points and their further
 * ones, a candidate's own domain, the answer's own breakpoints — with columns for letters only the
 * answer uses; and the comparisons the check and the diagnosis make with them, all by the same test.
 *
 * Two cases the function's points cannot settle have paths of their own, taken only there:
 * - values beyond double range (the comparison with the derivative undetermined in doubles): the
 *   answer, and then the candidates and slips it is matched against, are compared in extended range
 *   (compare/extended-range.ts), with a budget of decimal work for the whole check;
 * - an answer real at fewer than 8 of the function's points (1/(2 sqrt(x)) for sqrt(-x)): it stays
 *   incorrect, and each mistake candidate it could be is compared with it where both are real, on a
 *   domain sampled for the two of them by the same code as every other.
 */
import { extendDomain, pointsAtNewBreakpoints, sampleDomain, withFurther, type Domain } from './compare/domain.js';
import { compile, type Evaluator } from './compare/compile.js';
import { keptBySymbols } from './compare/compiled-once.js';
import { BOUND_MARGIN, compileWithBound, type BoundedEvaluator } from './compare/error-bound.js';
import { compareOn, DEFAULT_MIN_COMPARED, inTurn, prepare, type CompareOptions, type Comparison, type Prepared } from './compare/equivalence.js';
import { SharedEvaluator } from './compare/evaluate-shared.js';
import { DecimalEvaluator, decimalCost } from './compare/evaluate-decimal.js';
import { confirmTwins } from './compare/hidden-twins.js';
import { compareExtended, DecimalBudget, EXTENDED_MAX_NODES, keysMayAgree, prepareWide, type WidePrepared } from './compare/extended-range.js';
import { keysAgreeSomewhere, type ValueIndex } from './diagnose/value-index.js';
import { Differentiator } from './differentiate/differentiate.js';
import * as W from './numbers/log-magnitude.js';
import type { ReadResult } from './parse/read.js';
import { CANDIDATE_MATCHING, type CandidateMatcher, type PreparedCandidate, type Problem, type ShiftedMatcher, type ShiftPoints } from './problem.js';
import { add, expandedSize, num, substitute, sub, type Expr } from './tree/nodes.js';
import { checkpoint } from './deadline.js';

/**
 * Candidates compared in full beyond double range, or off the function's domain, per set (singles,
 * pairs) and check: those nearest in report order. Each such comparison samples or evaluates anew.
 */
const MAX_MATCHED_ELSEWHERE = 16;
/** Points of the answer's own domain whose values prefilter candidates off the function's domain. */
const OFF_DOMAIN_KEY_POINTS = 3;

/** What comparing in extended range needs for one check. */
interface ExtendedState {
  readonly budget: DecimalBudget;
  readonly decimals: Map<Domain, DecimalEvaluator>;
  readonly values: Map<Domain, Map<Expr, WidePrepared>>;
  ownPoints?: Domain;
}

/** An answer real nowhere on the function's domain: its own domain and values there. */
interface OffDomain {
  readonly domain: Domain;
  readonly keys: SharedEvaluator;
  readonly key: readonly number[];
}

/**
 * The answer's values, and any other expression's, on the domains they are compared on: the problem's
 * own (shared and cached) and its further points, a candidate's own domain, the answer's own
 * breakpoints, each with columns for letters only the answer uses.
 */
export class AnswerValues implements CandidateMatcher, ShiftedMatcher {
  readonly answer: Prepared;
  readonly extraParameters: string[];
  private readonly answers = new Map<Domain, Prepared>();
  private readonly others = new Map<Domain, Map<Expr, Prepared>>();
  private readonly widened = new Map<Domain, Domain>();
  private readonly compiled = new Map<Expr, Map<string, Evaluator>>();
  private ownDomain: Domain | undefined;

  private answerDerivative: Expr | null | undefined;
  private shiftValues: number[] | undefined;
  /** Set once the comparison with the correct derivative went to extended range. */
  private extendedUsed = false;
  private extendedState: ExtendedState | undefined;
  private offDomainState: OffDomain | null | undefined;
  /** Candidates matched beyond double range or off the function's domain. */
  private readonly elsewhere = new Set<PreparedCandidate>();

  constructor(
    readonly problem: Problem,
    readonly read: ReadResult,
  ) {
    this.extraParameters = read.parameters.filter((name) => !problem.source.parameters.includes(name));
    this.answer = this.answerOn(problem.domain);
  }

  /** A domain with the answer's own letters added (the same domain when it has none, or has them already). */
  private widen(domain: Domain): Domain {
    if (this.extraParameters.length === 0 || this.extraParameters.every((name) => domain.parameters.includes(name))) return domain;
    let wide = this.widened.get(domain);
    if (!wide) {
      wide = extendDomain(domain, this.extraParameters);
      this.widened.set(domain, wide);
    }
    return wide;
  }

  answerOn(domain: Domain): Prepared {
    let prepared = this.answers.get(domain);
    if (!prepared) {
      const home = this.widen(domain);
      prepared = prepare(this.read.expr, home, this.compiledFor(this.read.expr, home.symbols));
      this.answers.set(domain, prepared);
    }
    return prepared;
  }

  /**
   * An expression on the answer's (widened) version of `domain`. Only the correct derivative on the
   * problem's own points comes from the problem's cache: anything built for this answer (a slip's
   * reference, the answer's own points) is kept for this check alone, so a function checked against
   * thousands of answers does not accumulate them.
   */
  of(expr: Expr, domain: Domain = this.problem.domain): Prepared {
    const shared = domain === this.problem.domain || domain === this.problem.domain.further;
    if (this.extraParameters.length === 0 && expr === this.problem.expected && shared) return this.problem.expectedOn(domain);
    let cache = this.others.get(domain);
    if (!cache) {
      cache = new Map();
      this.others.set(domain, cache);
    }
    let prepared = cache.get(expr);
    if (!prepared) {
      const home = this.widen(domain);
      prepared = prepare(expr, home, this.compiledFor(expr, home.symbols));
      cache.set(expr, prepared);
    }
    return prepared;
  }

  /**
   * An expression compiled once for this check per list of symbols: the answer is evaluated on three
   * or four domains (the function's points, their further ones, its own breakpoints' points), and the
   * compiler keeps only the prepared function's own trees (compiled-once.ts).
   */
  private compiledFor(expr: Expr, symbols: readonly string[]): Evaluator {
    return keptBySymbols(this.compiled, expr, symbols, compile);
  }

  /** The answer's values at the problem's key points: where the value index looks candidates up. */
  get key(): number[] {
    return this.problem.keyPoints.map((i) => this.answer.values[i] as number);
  }

  /**
   * Points beside the answer's own kinks and domain edges that the problem's domain has none at (an
   * answer with |x - 3000| to a function without one): computed on first use, empty for most answers.
   */
  get ownPoints(): Domain {
    // An answer with letters of its own has a domain of its own: nothing there is shared.
    const memo = this.extraParameters.length === 0 ? this.problem.answersNewBreakpoints : undefined;
    this.ownDomain ??= pointsAtNewBreakpoints(this.widen(this.problem.domain), [this.read.expr], [this.problem.f, this.problem.expected], memo);
    return this.ownDomain;
  }

  /** The witness points of `domain` and of the answer's own points (Domain.witnesses), last: they only refute. */
  private witnessesFor(domain: Domain): Domain[] {
    return [domain.witnesses, this.ownPoints.witnesses].filter((d): d is Domain => d !== undefined);
  }

  /** The answer's own points, if a comparison got as far as looking for them (for the evidence). */
  get ownPointsUsed(): Domain | undefined {
    return this.ownDomain;
  }

  /**
   * The answer against a reference: on `domain`, then — only while every point agrees — on its further
   * points, beside the answer's own breakpoints and on any `more` domains (a candidate's own points).
   * Undetermined there, the comparison with the correct derivative goes on in extended range, and so
   * does every later one of this check once it has.
   */
  compareTo(reference: Expr, options: CompareOptions = {}, domain: Domain = this.problem.domain, more: () => Domain[] = () => [], referenceOn?: (domain: Domain) => Prepared | undefined, onExtended?: WidePrepared): Comparison {
    // In turn: the answer's own and the candidate's points are found only if the comparison gets there.
    const domains = inTurn(() => withFurther(domain), () => [this.ownPoints], more, () => this.witnessesFor(domain));
    // Against the derivative, the counterexample goes into the feedback: one that reads, if any does.
    const shown = reference === this.problem.expected ? { ...options, readableCounterexample: true } : options;
    const result = compareOn(domains, (d) => [this.answerOn(d), referenceOn?.(d) ?? this.of(reference, d)], shown);
    if (result.verdict === 'equivalent' && reference === this.problem.expected) return this.confirmTwins(result, domain);
    if (result.verdict !== 'undetermined' || !(this.extendedUsed || (reference === this.problem.expected && this.extendedAffordable()))) return result;
    this.extendedUsed = true;
    const extended = this.compareExtended(reference, options, onExtended);
    // No point in extended range either: the doubles' account of why stands.
    return extended.verdict === 'undetermined' && extended.checked === 0 ? result : extended;
  }

  /** A correct answer's agreement, unless it rests on cosh and sinh (…) too close to tell apart in doubles (hidden-twins.ts). */
  private confirmTwins(equivalent: Comparison, domain: Domain): Comparison {
    const home = this.widen(domain);
    return confirmTwins(equivalent, {
      answer: this.read.expr,
      reference: this.problem.expected,
      domain: home,
      budget: () => this.extendedSide.budget,
    });
  }

  /** Are the derivative and the answer small enough to be compared in extended range? */
  private extendedAffordable(): boolean {
    return [this.problem.expected, this.read.expr].every((expr) => expandedSize(expr, EXTENDED_MAX_NODES) <= EXTENDED_MAX_NODES);
  }

  /** Did the comparison with the correct derivative go beyond double range? */
  get extended(): boolean {
    return this.extendedUsed;
  }

  /** The answer's own breakpoints in extended range, if a comparison got as far as looking for them. */
  get extendedOwnPointsUsed(): Domain | undefined {
    return this.extendedState?.ownPoints;
  }

  private get extendedSide() {
    this.extendedState ??= { budget: new DecimalBudget(), decimals: new Map(), values: new Map() };
    return this.extendedState;
  }

  /** The comparison of compareOn in extended range: the problem's extended domain, its further points, the answer's own breakpoints. */
  private compareExtended(reference: Expr, options: CompareOptions, onHome?: WidePrepared): Comparison {
    const range = this.problem.extendedRange();
    const state = this.extendedSide;
    const home = this.widen(range.domain);
    const own = () => {
      state.ownPoints ??= pointsAtNewBreakpoints(home, [this.read.expr], [this.problem.f, this.problem.expected]);
      return [state.ownPoints];
    };
    const domains = inTurn(() => withFurther(home), own);
    const pair = (d: Domain) => ({
      answer: this.wideOf(this.read.expr, d),
      reference: d === home && onHome && home === range.domain ? onHome : this.wideOf(reference, d),
      decimals: this.decimalsOn(d),
    });
    return compareExtended(domains, pair, state.budget, options);
  }

  /** An expression's log-magnitude values on a domain of the extended comparison (the derivative's from the problem). */
  private wideOf(expr: Expr, domain: Domain): WidePrepared {
    const range = this.problem.extendedRange();
    if (expr === this.problem.expected && (domain === range.domain || domain === range.domain.further)) return range.expectedOn(domain);
    const values = this.extendedSide.values;
    let cache = values.get(domain);
    if (!cache) {
      cache = new Map();
      values.set(domain, cache);
    }
    let prepared = cache.get(expr);
    if (!prepared) {
      prepared = prepareWide(expr, domain);
      cache.set(expr, prepared);
    }
    return prepared;
  }

  private decimalsOn(domain: Domain): DecimalEvaluator {
    const decimals = this.extendedSide.decimals;
    let evaluator = decimals.get(domain);
    if (!evaluator) {
      evaluator = new DecimalEvaluator(domain.symbols);
      decimals.set(domain, evaluator);
    }
    return evaluator;
  }

  /** Does the answer equal this expression, with the same test that decides correctness? */
  equals(expr: Expr): boolean {
    return this.compareTo(expr).verdict === 'equivalent';
  }

  /**
   * The candidates of a set worth comparing in full: those the value index finds near the answer's
   * values at the problem's key points; beyond double range, those whose logarithms there may agree;
   * for an answer real nowhere on the function's domain, those that agree with it at points of its
   * own domain. The last two are capped, nearest (first in report order) first.
   */
  near(index: ValueIndex<PreparedCandidate>, all: readonly PreparedCandidate[]): PreparedCandidate[] {
    const off = this.offDomain();
    if (off) return all.filter((c) => keysAgreeSomewhere([...off.keys.values(c.expr)], off.key as number[])).slice(0, MAX_MATCHED_ELSEWHERE);
    const near = index.near(this.key);
    if (!this.extendedUsed) return near;
    const range = this.problem.extendedRange();
    const key = range.keyPoints.map((i) => this.wideOf(this.read.expr, this.widen(range.domain)).values[i] as W.Wide);
    return near.filter((c) => keysMayAgree(c.wideKey, key)).slice(0, MAX_MATCHED_ELSEWHERE);
  }

  /** Does the answer equal a candidate (on the candidate's domain, and beside its own and the answer's breakpoints)? */
  matches(candidate: PreparedCandidate): boolean {
    // The candidate's values on the problem's points are the candidate's own, kept with it; an answer
    // with letters of its own widens every domain, and then they are computed for it.
    const shared = this.extraParameters.length === 0;
    const wide = this.extendedUsed && shared ? candidate.wide : undefined;
    const result = this.compareTo(candidate.expr, CANDIDATE_MATCHING, candidate.values.domain, () => [candidate.ownPoints()], shared ? (d) => candidate.on(d) : undefined, wide);
    if (result.verdict === 'equivalent') {
      if (result.extended) this.elsewhere.add(candidate);
      return true;
    }
    if (!this.offDomain()) return false;
    if (!this.matchesWhereBothAreReal(candidate.expr)) return false;
    this.elsewhere.add(candidate);
    return true;
  }

  matchedElsewhere(candidate: PreparedCandidate): boolean {
    return this.elsewhere.has(candidate);
  }

  /**
   * Is the answer real at fewer than 8 of the function's points (base and further), where the function
   * has enough of them? It is then incorrect there (the derivative has a value, the answer none), and
   * its mistake is looked for where it is real. Undefined for an answer compared in extended range.
   */
  private offDomain(): OffDomain | undefined {
    if (this.offDomainState === undefined) this.offDomainState = this.extendedUsed ? null : this.findOwnDomain() ?? null;
    return this.offDomainState ?? undefined;
  }

  /**
   * Real at none of the function's points, while the function has enough of them to be checked (and
   * compares in doubles): an answer for another domain than the function's (1/(2 sqrt(x)) for sqrt(-x)).
   */
  get realNowhereOnDomain(): boolean {
    return !this.extendedUsed && this.domainPoints() >= DEFAULT_MIN_COMPARED && this.realOnDomain(1) === 0;
  }

  private domainPoints(): number {
    return withFurther(this.problem.domain).reduce((n, d) => n + d.points.length, 0);
  }

  /**
   * The answer's real values on the function's points, counted up to `enough`: the further points are
   * evaluated only when the usual ones have too few (most answers are real at nearly all of them).
   */
  private realOnDomain(enough: number): number {
    let real = 0;
    for (const domain of withFurther(this.problem.domain)) {
      for (const value of this.answerOn(domain).values) {
        if (Number.isFinite(value) && ++real >= enough) return real;
      }
    }
    return real;
  }

  private findOwnDomain(): OffDomain | undefined {
    if (this.domainPoints() < DEFAULT_MIN_COMPARED || this.realOnDomain(DEFAULT_MIN_COMPARED) >= DEFAULT_MIN_COMPARED) return undefined;
    const domain = sampleDomain({ definedBy: [this.read.expr], variable: this.problem.variable, parameters: this.widen(this.problem.domain).parameters });
    if (domain.points.length === 0) return undefined; // real nowhere at all: nothing to match
    const keys = new SharedEvaluator(domain.symbols, domain.points.slice(0, OFF_DOMAIN_KEY_POINTS));
    return { domain, keys, key: [...keys.values(this.read.expr)] };
  }

  /** The answer against an expression on a domain sampled where both are real (and its further points). */
  private matchesWhereBothAreReal(expr: Expr): boolean {
    const off = this.offDomain() as OffDomain;
    const domain = sampleDomain({ definedBy: [this.read.expr, expr], variable: this.problem.variable, parameters: off.domain.parameters });
    return compareOn(withFurther(domain), (d) => [prepare(this.read.expr, d), prepare(expr, d)], CANDIDATE_MATCHING).verdict === 'equivalent';
  }

  /**
   * Beyond double range: the constant c with answer = c·derivative, if there is one (c ≠ 0, ±1). The
   * logarithms' difference must be the same at every point within their bounds; c itself is read from
   * the decimal values at the first of them (charged to the check's budget), exact to double precision.
   */
  extendedFactor(): number | undefined {
    const range = this.problem.extendedRange();
    const home = this.widen(range.domain);
    const answer = this.wideOf(this.read.expr, home);
    const expected = this.wideOf(this.problem.expected, home);
    let first: { index: number; sign: number; log: number; noise: number } | undefined;
    for (let i = 0; i < home.points.length; i++) {
      const a = answer.values[i] as W.Wide;
      const r = expected.values[i] as W.Wide;
      if (!W.isKnown(a) || !W.isKnown(r) || a.sign === 0 || r.sign === 0) continue;
      const ratio = { index: i, sign: a.sign * r.sign, log: a.log - r.log, noise: 64 * (a.error + r.error) + 1e-12 * Math.max(1, Math.abs(a.log)) };
      if (!first) first = ratio;
      else if (ratio.sign !== first.sign || Math.abs(ratio.log - first.log) > ratio.noise + first.noise) return undefined;
    }
    const budget = this.extendedSide.budget;
    if (!first || budget.left < decimalCost([this.read.expr, this.problem.expected], home.symbols)) return undefined;
    const point = home.points[first.index] as Float64Array;
    const decimals = this.decimalsOn(home);
    const before = decimals.work;
    const a = decimals.values(this.read.expr, point)[1];
    const r = decimals.values(this.problem.expected, point)[1];
    budget.spend(decimals.work - before);
    if (!a || !r || !a.isFinite() || !r.isFinite() || r.isZero()) return undefined;
    const factor = a.div(r).toNumber();
    if (!Number.isFinite(factor) || Math.abs(factor) < 1e-9 || Math.abs(Math.abs(factor) - 1) < 1e-9) return undefined;
    return factor;
  }

  /**
   * The answer's values at the shift points: each p with the answer's own letters drawn for it (as on
   * the widened domain), and its q with the same letters, so that + C cancels in the difference.
   */
  valuesAtShiftPoints(shift: ShiftPoints): number[] {
    if (this.shiftValues) return this.shiftValues;
    const domain = this.widen(this.problem.domain);
    const extra = this.extraParameters.length;
    const letters = (i: number) => (domain.points[this.problem.keyPoints[i] as number] as Float64Array).subarray(domain.symbols.length - extra);
    const withLetters = (point: Float64Array, i: number) => (extra === 0 ? point : Float64Array.from([...point, ...letters(i)]));
    const answer = compile(this.read.expr, domain.symbols);
    this.shiftValues = [...shift.p.map((p, i) => answer(withLetters(p, i))), ...shift.q.map((q, i) => answer(withLetters(q, i)))];
    return this.shiftValues;
  }

  /**
   * Is the answer the candidate plus a constant, by the same test as for correctness? The constant is
   * the answer's difference from the candidate at one value x0 of the variable, kept as an expression
   * in the parameters and the answer's letters (C): the answer equals candidate + answer(x0) -
   * candidate(x0) as functions exactly when the two differ by a constant. x0 is a key point's value
   * of the variable where both are defined.
   */
  matchesPlusConstant(candidate: PreparedCandidate): boolean {
    const shift = this.problem.shiftPoints();
    if (!shift) return false;
    const key = this.valuesAtShiftPoints(shift);
    const own = this.problem.shiftPointValues(candidate);
    const at = shift.p.findIndex((_, i) => Number.isFinite(key[i]) && Number.isFinite(own[i]));
    if (at < 0) return false;
    const x0 = num((shift.p[at] as Float64Array)[0] as number);
    const variable = this.problem.variable;
    const constant = sub(substitute(this.read.expr, variable, x0), substitute(candidate.expr, variable, x0));
    const reference = add(candidate.expr, constant);
    const result = this.compareTo(reference, CANDIDATE_MATCHING, candidate.values.domain, () => [candidate.ownPoints()]);
    return result.verdict === 'equivalent' && !result.extended;
  }

  /**
   * Is the answer the reference plus a constant (+ C, a number)? The difference is compared at every
   * point with the same difference at another point's value of the variable (the constants kept): a
   * constant takes one value, while a difference that only has a zero derivative, such as 1 - sgn(x),
   * takes two. Needs as many comparable pairs as an equivalence does.
   */
  differsByConstant(reference: Expr): boolean {
    const domain = this.widen(this.problem.domain);
    const points = withFurther(domain).flatMap((d) => (d === domain ? d.points : this.widen(d).points));
    const answer = compile(this.read.expr, domain.symbols);
    const other = compile(reference, domain.symbols);
    // The second look the equivalence test takes (error-bound.ts) before calling two differences apart:
    // far out, two forms of one function differ by their rounding alone (cos(x·(x - 3)) and
    // cos(x^2 - 3x) at x = 10^6 differ in the fourth digit), which says nothing about a constant, so the
    // derivative written another way plus C would otherwise not be seen as the derivative plus C.
    // Compiled only when a point needs it: most answers are told at once, one way or the other.
    let bounds: [BoundedEvaluator, BoundedEvaluator] | undefined;
    let compared = 0;
    // The constant must be seen somewhere: an answer that differs from the derivative by less than
    // doubles see (2x·sinh(x² + 20) for 2x·cosh(x² + 20), told apart in decimals) has added no constant.
    let seen = false;
    for (let i = 0; i < points.length; i++) {
      checkpoint();
      const p = points[i] as Float64Array;
      const q = Float64Array.from(p);
      q[0] = (points[(i + 1) % points.length] as Float64Array)[0] as number;
      const [ap, rp, aq, rq] = [answer(p), other(p), answer(q), other(q)];
      if (![ap, rp, aq, rq].every(Number.isFinite)) continue;
      const scale = Math.max(Math.abs(ap), Math.abs(rp), Math.abs(aq), Math.abs(rq));
      const slack = 1e-8 * scale + 1e-300;
      let noise = 0;
      if (Math.abs(ap - rp - (aq - rq)) > slack) {
        const [answerBound, otherBound] = (bounds ??= [compileWithBound(this.read.expr, domain.symbols), compileWithBound(reference, domain.symbols)]);
        noise = BOUND_MARGIN * (answerBound(p).error + otherBound(p).error + answerBound(q).error + otherBound(q).error);
        if (Math.abs(ap - rp - (aq - rq)) > noise + slack) return false;
        // Within rounding, but rounding as large as the values: this point cannot tell (nor count).
        if (!(noise < scale)) continue;
      }
      if (Math.abs(ap - rp) > noise + slack) seen = true;
      compared++;
    }
    return seen && compared >= DEFAULT_MIN_COMPARED;
  }

  /**
   * Does the answer's own derivative equal this expression (the function: integrated instead)? False
   * when the answer's derivative is too large to evaluate.
   */
  derivativeEquals(reference: Expr, maxNodes: number): boolean {
    if (this.answerDerivative === undefined) {
      const derivative = new Differentiator(this.read.expr, this.problem.variable).derivative();
      this.answerDerivative = expandedSize(derivative, maxNodes) <= maxNodes ? derivative : null;
    }
    const derivative = this.answerDerivative;
    if (derivative === null) return false;
    const domains = withFurther(this.problem.domain);
    return compareOn(domains, (d) => [this.of(derivative, d), this.of(reference, d)]).verdict === 'equivalent';
  }
}
