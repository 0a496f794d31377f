/**
 * An answer's values on every domain it is compared on — the function's own points and their further
 * ones, a candidate's own domain, the answer's own breakpoints — with columns for letters only the
 * answer uses; and the comparisons the check and the diagnosis make with them, all by the same test.
 */
import { extendDomain, pointsAtNewBreakpoints, withFurther, type Domain } from './compare/domain.js';
import { compile } from './compare/compile.js';
import { compareOn, DEFAULT_MIN_COMPARED, inTurn, prepare, type CompareOptions, type Comparison, type Prepared } from './compare/equivalence.js';
import { Differentiator } from './differentiate/differentiate.js';
import type { ReadResult } from './parse/read.js';
import { CANDIDATE_MATCHING, type PreparedCandidate, type Problem } from './problem.js';
import { expandedSize, type Expr } from './tree/nodes.js';

/**
 * The answer's values, and any other expression's, on the domains they are compared on: the problem's
 * own (shared and cached) and its further points, a candidate's own domain, the answer's own
 * breakpoints, each with columns for letters only the answer uses.
 */
export class AnswerValues {
  readonly answer: Prepared;
  readonly extraParameters: string[];
  private readonly answers = new Map<Domain, Prepared>();
  private readonly others = new Map<Domain, Map<Expr, Prepared>>();
  private readonly widened = new Map<Domain, Domain>();
  private ownDomain: Domain | undefined;

  private answerDerivative: Expr | null | undefined;

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
      prepared = prepare(this.read.expr, this.widen(domain));
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
      prepared = prepare(expr, this.widen(domain));
      cache.set(expr, prepared);
    }
    return prepared;
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
    this.ownDomain ??= pointsAtNewBreakpoints(this.widen(this.problem.domain), [this.read.expr], [this.problem.f, this.problem.expected]);
    return this.ownDomain;
  }

  /** The answer's own points, if a comparison got as far as looking for them (for the evidence). */
  get ownPointsUsed(): Domain | undefined {
    return this.ownDomain;
  }

  /**
   * The answer against a reference: on `domain`, then — only while every point agrees — on its further
   * points, beside the answer's own breakpoints and on any `more` domains (a candidate's own points).
   */
  compareTo(reference: Expr, options: CompareOptions = {}, domain: Domain = this.problem.domain, more: () => Domain[] = () => [], referenceOn?: (domain: Domain) => Prepared | undefined): Comparison {
    // In turn: the answer's own and the candidate's points are found only if the comparison gets there.
    const domains = inTurn(() => withFurther(domain), () => [this.ownPoints], more);
    return compareOn(domains, (d) => [this.answerOn(d), referenceOn?.(d) ?? this.of(reference, d)], options);
  }

  /** Does the answer equal this expression, with the same test that decides correctness? */
  equals(expr: Expr): boolean {
    return this.compareTo(expr).verdict === 'equivalent';
  }

  /** Does the answer equal a candidate (on the candidate's domain, and beside its own and the answer's breakpoints)? */
  matches(candidate: PreparedCandidate): boolean {
    // The candidate's values on the problem's points are the candidate's own, kept with it; an answer
    // with letters of its own widens every domain, and then they are computed for it.
    const shared = this.extraParameters.length === 0;
    return this.compareTo(candidate.expr, CANDIDATE_MATCHING, candidate.values.domain, () => [candidate.ownPoints()], shared ? (d) => candidate.on(d) : undefined).verdict === 'equivalent';
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
    let compared = 0;
    for (let i = 0; i < points.length; i++) {
      const p = points[i] as Float64Array;
      const q = Float64Array.from(p);
      q[0] = (points[(i + 1) % points.length] as Float64Array)[0] as number;
      const [ap, rp, aq, rq] = [answer(p), other(p), answer(q), other(q)];
      if (![ap, rp, aq, rq].every(Number.isFinite)) continue;
      const scale = Math.max(Math.abs(ap), Math.abs(rp), Math.abs(aq), Math.abs(rq));
      if (Math.abs(ap - rp - (aq - rq)) > 1e-8 * scale + 1e-300) return false;
      compared++;
    }
    return compared >= DEFAULT_MIN_COMPARED;
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
