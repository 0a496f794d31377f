/**
 * A function to be differentiated, prepared once and then checked against any number of answers: its
 * tree, the correct derivative, the sample domain, and (on the first wrong answer) every non-void
 * mistake candidate with its values on the domain. A class answering one question shares all of it.
 */
import { msg } from './i18n/message.js';
import { pointsAtNewBreakpoints, sampleDomain, withFurther, type Domain, type NewBreakpointsMemo } from './compare/domain.js';
import { SharedEvaluator } from './compare/evaluate-shared.js';
import { compareOn, inTurn, prepare, type Prepared } from './compare/equivalence.js';
import { ExtendedRange, type WidePrepared } from './compare/extended-range.js';
import type { Wide } from './numbers/log-magnitude.js';
import { ValueIndex } from './diagnose/value-index.js';
import { Differentiator } from './differentiate/differentiate.js';
import type { Place } from './differentiate/places.js';
import { AddingPairs } from './diagnose/adding-pairs.js';
import { byReportOrder, CANDIDATE_SET_NODES, canPair, isPairable, MAX_DIAGNOSED_NODES, MAX_PAIRS, MAX_SYSTEMATIC_PAIRS, mistakeCandidates, pairCandidates, pairInPlaceOrder, systematicPairCandidates, type Candidate, type Mistake } from './diagnose/candidates.js';
import { PlaceText } from './diagnose/place-text.js';
import { isChainRuleCode } from './mistake-codes.js';
import { NodeText } from './diagnose/node-text.js';
import type { Limits } from './limits.js';
import { readingField } from './parse/errors.js';
import { exponentialBases, type Format, type ReadResult } from './parse/read.js';
import { readFunction } from './parse/variable.js';
import { resolveLimits } from './limits.js';
import { ReadError } from './parse/errors.js';
import { KeptResults } from './kept-results.js';
import { lasting } from './compare/compiled-once.js';
import { expandedSize, type Expr } from './tree/nodes.js';
import { render, type Rendered } from './tree/render.js';

/** How an answer (or the correct derivative) is matched against a mistake candidate. */
export const CANDIDATE_MATCHING = { ignoreOneSidedUndefined: true } as const;

/** Answers whose results one prepared function keeps. */
const RESULTS_KEPT = 64;
/** Pairs the two-sum search returns for one answer, each then made and compared in full. */
const MAX_ADDING_PAIRS_TRIED = 8;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/** A candidate defined at fewer of the problem's points than this gets sample points of its own. */
const MIN_CANDIDATE_POINTS = 12;

export interface ProblemOptions {
  variable?: string;
  format?: Format;
  limits?: Partial<Limits>;
}

/** A mistake candidate with what comparing it needs, each part computed on first use. */
export interface PreparedCandidate extends Candidate {
  /** Its values on the problem's domain, or on one of its own (defined at few of the problem's points). */
  readonly values: Prepared;
  /**
   * Points beside the candidate's own kinks and domain edges, which `values.domain` lacks (a buggy rule
   * can bring some: |ln(x^2 - 4)| changes at x = ±√5); computed on first use, since only a candidate
   * that looks void or matches an answer on its domain needs them. Often empty.
   */
  ownPoints(): Domain;
  /**
   * Its values on its domain's further points or its own points, kept with it (evaluated once for every
   * answer it is matched against); undefined for any other domain, such as an answer's own points,
   * which are that answer's alone.
   */
  on(domain: Domain): Prepared | undefined;
  /** Equal to the correct derivative: the mistake cannot be seen in this function. */
  readonly void: boolean;
  /** Its values at the problem's index points, for the value index. */
  readonly key: readonly number[];
  /** Its log-magnitude values on the problem's extended-range domain (for answers compared there). */
  readonly wide: WidePrepared;
  /** Those values at the extended range's key points only: the prefilter there. */
  readonly wideKey: readonly Wide[];
}

/** An answer as the candidate matching sees it (AnswerValues). */
export interface CandidateMatcher {
  /** Its values at the problem's key points (keyPoints). */
  readonly key: readonly number[];
  /** The candidates of a set worth comparing with this answer in full (a superset of its matches). */
  near(index: ValueIndex<PreparedCandidate>, all: readonly PreparedCandidate[]): PreparedCandidate[];
  /** Does the answer equal the candidate (the same test as for correctness)? */
  matches(candidate: PreparedCandidate): boolean;
  /** Matched where the problem's own points could not show it (beyond double range, or off the function's domain). */
  matchedElsewhere(candidate: PreparedCandidate): boolean;
}

/** An answer as the matching up to an added constant sees it (AnswerValues). */
export interface ShiftedMatcher {
  /** The answer's values at the shift points (ShiftPoints), its own letters drawn alike at each p and its q. */
  valuesAtShiftPoints(shift: ShiftPoints): readonly number[];
  /** Is the answer the candidate plus a constant, by the same test as for correctness? */
  matchesPlusConstant(candidate: PreparedCandidate): boolean;
}

/**
 * Points that tell an added constant apart from a mistake: each key point p and a point q with p's
 * parameters and the next key point's variable. A constant added to a function (+ C, + 5, + a) leaves
 * f(p) - f(q) as it was, so comparing those differences prefilters candidates up to a constant.
 */
export interface ShiftPoints {
  /** The key points p, in the problem's domain. */
  readonly p: readonly Float64Array[];
  /** The q of each p: p with the variable of the next key point. */
  readonly q: readonly Float64Array[];
}

/**
 * Candidates compared in full with an answer plus a constant, per check, first in report order: those
 * undefined at the shift points pass the prefilter, and each full comparison evaluates anew.
 */
const MAX_SHIFTED_COMPARED = 16;

/** Base points whose values index the candidates. */
const INDEX_POINTS = 3;

/** Candidates of one kind (single mistakes, or two at once) with their value index. */
interface CandidateSet {
  /** Within the size bound, in report order (void ones included: telling them costs a comparison each). */
  readonly all: readonly PreparedCandidate[];
  readonly index: ValueIndex<PreparedCandidate>;
}

export class Problem {
  readonly differentiator: Differentiator;
  /** The correct derivative (raw tree). */
  readonly expected: Expr;
  /** Where f and f' are real and finite: every comparison for this function happens here. */
  readonly domain: Domain;
  readonly expectedValues: Prepared;
  private readonly preparedCache = new Map<Expr, Prepared>();
  private singleSet: CandidateSet | undefined;
  private pairSet: CandidateSet | undefined;
  private pairable: PreparedCandidate[] | undefined;
  private addingPairs: AddingPairs<PreparedCandidate> | undefined;
  /** The pairs made in advance, by pairKey: the two-sum search skips them (already compared). */
  private pairsMade: Set<string> | undefined;
  /** Pairs the two-sum search made, by pairKey (null: past the size bound), and their nodes (addingPair). */
  private readonly pairsFound = new Map<string, PreparedCandidate | null>();
  private pairsFoundNodes = 0;
  private exponentialLetters: ReadonlySet<string> | undefined;
  private indexPoints: number[] | undefined;
  private keyValues: SharedEvaluator | undefined;
  private shift: ShiftPoints | null | undefined;
  private shiftEvaluator: SharedEvaluator | undefined;
  private readonly placeTexts = new Map<number, PlaceText>();
  private expectedShown: Rendered | undefined;
  private readonly nodeTexts = new Map<number, NodeText>();
  private readonly expectedElsewhere = new Map<Domain, Prepared>();
  /** The points beside answers' own breakpoints on the problem's domain (AnswerValues.ownPoints), by the answers' new sites. */
  readonly answersNewBreakpoints: NewBreakpointsMemo = new Map();
  private extendedSide: ExtendedRange | undefined;
  private readonly maxNodes: number;
  /** Results by answer (and options), most recently used last: an answer that repeats is checked twice, then kept. */
  private readonly results = new KeptResults(RESULTS_KEPT, deepFreeze);

  constructor(
    readonly source: ReadResult,
    readonly options: ProblemOptions,
  ) {
    this.differentiator = new Differentiator(source.expr, source.variable);
    this.expected = this.differentiator.derivative();
    this.maxNodes = resolveLimits(options.limits).maxDerivativeNodes;
    refuseOversizedDerivative(this.expected, this.maxNodes);
    // Compiled for every domain a check of this function meets: kept compiled (compiled-once.ts).
    lasting(source.expr);
    lasting(this.expected);
    this.domain = sampleDomain({
      definedBy: [source.expr, this.expected],
      variable: source.variable,
      parameters: source.parameters,
    });
    this.expectedValues = this.prepare(this.expected);
  }

  static read(functionText: string, options: ProblemOptions = {}): Problem {
    return new Problem(readingField('function', () => readFunction(functionText, options)), options);
  }

  get variable(): string {
    return this.source.variable;
  }
  get f(): Expr {
    return this.source.expr;
  }

  /** An expression's values on this problem's domain, computed once per expression. */
  prepare(expr: Expr): Prepared {
    let prepared = this.preparedCache.get(expr);
    if (!prepared) {
      prepared = prepare(expr, this.domain);
      this.preparedCache.set(expr, prepared);
    }
    return prepared;
  }

  /** The letters of the function's exponentials (parse/read.ts exponentialBases), for reading its answers. */
  get exponentialBases(): ReadonlySet<string> {
    this.exponentialLetters ??= exponentialBases(this.source.expr, this.variable);
    return this.exponentialLetters;
  }

  expectedRendered(): Rendered {
    this.expectedShown ??= render(this.expected, this.variable);
    return this.expectedShown;
  }

  /**
   * Every candidate of every mistake that can be seen in this function (void ones dropped: those
   * equal to the correct derivative, which includes a swap that gives back the same function),
   * in report order.
   */
  candidates(): readonly PreparedCandidate[] {
    return this.visible(this.singles());
  }

  /**
   * Two mistakes at once (MISTAKES-BEYOND.md), for an answer no single mistake explains: made from the
   * visible single candidates on first use, void ones dropped, in report order.
   */
  pairs(): readonly PreparedCandidate[] {
    return this.visible(this.pairCandidates());
  }

  /**
   * The single-mistake candidates an answer equals (the same test as for correctness), void ones and
   * systematic forms that repeat a single candidate of their code left out, in report order. Only the candidates the answer finds near
   * it (by the value index, in most cases) are compared.
   */
  matchingSingles(answer: CandidateMatcher): PreparedCandidate[] {
    return withoutRepeatedSystematic(this.visible(this.singles(), answer));
  }

  /**
   * The same for two mistakes at once: among the pairs made in advance (nearest places first, at most
   * MAX_PAIRS), and among the pairs whose effects add up to the answer's difference from the derivative
   * (adding-pairs.ts: two mistakes in different terms, however far apart), in report order.
   */
  matchingPairs(answer: CandidateMatcher): PreparedCandidate[] {
    const made = this.visible(this.pairCandidates(), answer);
    const adding = this.matchingAddingPairs(answer);
    return withoutRepeatedSystematicPair(adding.length === 0 ? made : [...made, ...adding].sort(byReportOrder));
  }

  /** Pairs found by the two-sum search that are not made in advance, compared in full like the others. */
  private matchingAddingPairs(answer: CandidateMatcher): PreparedCandidate[] {
    this.addingPairs ??= new AddingPairs(this.pairableSingles(), (c) => c.key, this.keyOf(this.expected));
    this.pairsMade ??= new Set(this.pairCandidates().all.map((c) => pairKey(c, c.second as Mistake)));
    const made = this.pairsMade;
    const matched: PreparedCandidate[] = [];
    for (const [a, b] of this.addingPairs.find(answer.key, MAX_ADDING_PAIRS_TRIED, (a, b) => canPair(a, b) && !made.has(pairKey(a, b)))) {
      const pair = this.addingPair(a, b);
      if (pair && answer.matches(pair) && this.isShown(pair, answer)) matched.push(pair);
    }
    return matched;
  }

  /**
   * The pair of two singles, made and prepared once: kept for the function's answers to come while the
   * kept pairs' nodes stay within CANDIDATE_SET_NODES, as a set made in advance does.
   */
  private addingPair(a: PreparedCandidate, b: PreparedCandidate): PreparedCandidate | undefined {
    const key = pairKey(a, b);
    const kept = this.pairsFound.get(key);
    if (kept !== undefined) return kept ?? undefined;
    // Combinable: the search offers only pairs canPair accepts.
    const candidate = pairInPlaceOrder(this.differentiator, a, b);
    const size = expandedSize(candidate.expr, this.maxNodes);
    const pair = size <= this.maxNodes ? this.prepareCandidate(candidate) : undefined;
    if (this.pairsFoundNodes + size <= CANDIDATE_SET_NODES) {
      this.pairsFound.set(key, pair ?? null);
      this.pairsFoundNodes += size;
    }
    return pair;
  }

  /**
   * The single-mistake candidates an answer equals plus a constant (a place mistake and + C together),
   * for an answer nothing else explained. Prefiltered by their differences at the shift points — one
   * evaluation of the candidates at a few points per function, and a scan per answer — then each left
   * is compared in full, with the same test as for correctness.
   */
  matchingSinglesPlusConstant(answer: ShiftedMatcher): PreparedCandidate[] {
    const shift = this.shiftPoints();
    if (shift === undefined) return [];
    const key = answer.valuesAtShiftPoints(shift);
    // The cheap tests first, so void and undefined candidates do not use up the cap.
    const near = this.singles()
      .all.filter((c) => !c.void && c.values.values.some(Number.isFinite) && shiftsAgree(this.shiftPointValues(c), key))
      .slice(0, MAX_SHIFTED_COMPARED);
    const matched = near.filter((c) => answer.matchesPlusConstant(c));
    return withoutRepeatedSystematic(matched);
  }

  /** The shift points (ShiftPoints); undefined with fewer than two key points, where they cannot tell a constant apart. */
  shiftPoints(): ShiftPoints | undefined {
    if (this.shift === undefined) {
      const p = this.keyPoints.map((i) => this.domain.points[i] as Float64Array);
      const q = p.map((point, i) => {
        const moved = Float64Array.from(point);
        moved[0] = (p[(i + 1) % p.length] as Float64Array)[0] as number;
        return moved;
      });
      this.shift = p.length >= 2 ? { p, q } : null;
    }
    return this.shift ?? undefined;
  }

  /** A candidate's values at the shift points (p, then q), evaluated once for all candidates. */
  shiftPointValues(candidate: PreparedCandidate): Float64Array {
    const shift = this.shiftPoints() as ShiftPoints;
    this.shiftEvaluator ??= new SharedEvaluator(this.domain.symbols, [...shift.p, ...shift.q]);
    return this.shiftEvaluator.values(candidate.expr);
  }

  /**
   * The function's side of comparisons beyond double range (extended-range.ts), made when an answer
   * first needs it: a function whose values overflow doubles.
   */
  extendedRange(): ExtendedRange {
    this.extendedSide ??= new ExtendedRange(this.f, this.expected, this.variable, this.source.parameters);
    return this.extendedSide;
  }

  /**
   * Make every single-mistake candidate and index it by value, as the first wrong answer would: how
   * many there are (a benchmark's figure, and a warm-up).
   */
  prepareDiagnosis(): number {
    const set = this.singles();
    for (const candidate of set.all) void candidate.key;
    return set.all.length;
  }

  /** Indices of the base points whose values index the candidates (where the derivative is defined). */
  get keyPoints(): readonly number[] {
    this.indexPoints ??= [...this.expectedValues.values.keys()].filter((i) => Number.isFinite(this.expectedValues.values[i])).slice(0, INDEX_POINTS);
    return this.indexPoints;
  }

  private singles(): CandidateSet {
    this.singleSet ??= this.candidateSet(mistakeCandidates(this.differentiator, MAX_DIAGNOSED_NODES, this.maxNodes));
    return this.singleSet;
  }

  private pairCandidates(): CandidateSet {
    if (!this.pairSet) {
      const seen = this.keyOf(this.expected).map(Number.isFinite);
      // Each single's term of the function's sum, for those finite wherever the derivative is at the key
      // points (the two-sum search weighs them at every one).
      const termOf = new Map<PreparedCandidate, number | undefined>();
      for (const c of this.pairableSingles()) {
        const seenEverywhere = seen.some(Boolean) && c.key.every((value, k) => !seen[k] || Number.isFinite(value));
        termOf.set(c, seenEverywhere ? this.differentiator.termOf((c.places[0] as Place).id) : undefined);
      }
      // Two mistakes in different terms of the function's sum add their effects exactly, and the two-sum
      // search (matchingAddingPairs) finds such a pair from the answer (the closest MAX_ADDING_PAIRS_TRIED
      // of them, exact ones first): made in advance they only took the room of pairs within one term (a
      // sum of three composites has some 600 pairs, most of them across terms) and the time of a first
      // answer nothing else explains.
      const acrossTerms = (a: PreparedCandidate, b: PreparedCandidate) => {
        const ta = termOf.get(a);
        const tb = termOf.get(b);
        return ta !== undefined && tb !== undefined && ta !== tb;
      };
      // And a chain-rule mistake made everywhere with one more mistake (systematicPairCandidates), after
      // the pairs of two places, in the room they leave of MAX_PAIRS and within the same set's bound.
      const twoPlaces = pairCandidates(this.differentiator, this.pairableSingles(), MAX_PAIRS, acrossTerms);
      const room = Math.min(MAX_SYSTEMATIC_PAIRS, MAX_PAIRS - twoPlaces.length);
      const everywhere = room > 0 ? this.singles().all.filter((c) => c.systematic && !(this.agrees(c) && c.void)) : [];
      this.pairSet = this.candidateSet([...twoPlaces, ...systematicPairCandidates(this.differentiator, this.pairableSingles(), everywhere, room, twoPlaces.length)]);
    }
    return this.pairSet;
  }

  /** The singles two mistakes at once are made of: visible single-place mistakes. */
  private pairableSingles(): PreparedCandidate[] {
    if (!this.pairable) {
      this.pairable = this.singles().all.filter((c) => isPairable(c) && !(this.agrees(c) && c.void));
    }
    return this.pairable;
  }

  /**
   * Whether a candidate agrees with the derivative at the key points: probably void, and only those are
   * tested for it (the others cannot be).
   */
  private agrees(c: PreparedCandidate): boolean {
    const expected = this.keyOf(this.expected);
    return c.key.every((k, i) => Math.abs(k - (expected[i] as number)) <= 1e-12 * Math.max(Math.abs(k), 1) || (Number.isNaN(k) && Number.isNaN(expected[i] as number)));
  }

  private candidateSet(candidates: readonly Candidate[]): CandidateSet {
    const all: PreparedCandidate[] = [];
    let spent = 0;
    // In the order they were made (pairs nearest first), then in report order.
    for (const candidate of candidates) {
      // A buggy rule can use a subtree twice at every level (F'(u')·u' systematically): past the
      // size bound the candidate is dropped, unevaluated; no student writes an answer that size.
      const size = expandedSize(candidate.expr, this.maxNodes);
      if (size > this.maxNodes) continue;
      // The set's work is bounded too (CANDIDATE_SET_NODES).
      if (spent + size > CANDIDATE_SET_NODES) continue;
      spent += size;
      all.push(this.prepareCandidate(candidate));
    }
    all.sort(byReportOrder);
    return { all, index: new ValueIndex(all, (c) => c.key) };
  }

  /** The set's visible candidates: all of them, or those near and equal to an answer. */
  private visible(set: CandidateSet, answer?: CandidateMatcher): PreparedCandidate[] {
    const considered = answer ? answer.near(set.index, set.all).filter((c) => answer.matches(c)) : set.all;
    return considered.filter((c) => this.isShown(c, answer));
  }

  /**
   * Whether a candidate is a mistake a student can show: not void, and real somewhere on its domain
   * (ln(cos 3) for ln(cos(3x)) is real nowhere) — or matched by the answer beyond double range or off
   * the function's domain, and so real there.
   */
  private isShown(c: PreparedCandidate, answer?: CandidateMatcher): boolean {
    return !c.void && (answer?.matchedElsewhere(c) || c.values.values.some(Number.isFinite));
  }

  /** A candidate whose values, void test, own points and key are computed on first use. */
  private prepareCandidate(candidate: Candidate): PreparedCandidate {
    const problem = this;
    lasting(candidate.expr);
    let values: Prepared | undefined;
    let own: Domain | undefined;
    let isVoid: boolean | undefined;
    let key: readonly number[] | undefined;
    let wide: WidePrepared | undefined;
    let wideKey: readonly Wide[] | undefined;
    const elsewhere = new Map<Domain, Prepared>();
    const prepared: PreparedCandidate = {
      ...candidate,
      get values() {
        values ??= problem.candidateValues(candidate.expr);
        return values;
      },
      ownPoints() {
        own ??= pointsAtNewBreakpoints(prepared.values.domain, [candidate.expr], [problem.f, problem.expected, candidate.expr]);
        return own;
      },
      on(domain) {
        const home = prepared.values.domain;
        if (domain === home) return prepared.values;
        if (domain !== home.further && domain !== own) return undefined;
        let found = elsewhere.get(domain);
        if (!found) {
          found = prepare(candidate.expr, domain);
          elsewhere.set(domain, found);
        }
        return found;
      },
      get void() {
        isVoid ??= problem.isVoid(prepared);
        return isVoid;
      },
      get key() {
        key ??= values
          ? problem.keyPoints.map((i) => (values?.domain === problem.domain ? (values.values[i] as number) : Number.NaN))
          : problem.keyOf(candidate.expr);
        return key;
      },
      get wide() {
        wide ??= problem.extendedRange().prepare(candidate.expr);
        return wide;
      },
      get wideKey() {
        wideKey ??= wide ? problem.extendedRange().keyOf(wide) : problem.extendedRange().keyValues(candidate.expr);
        return wideKey;
      },
    };
    return prepared;
  }

  /**
   * An expression's values at the key points, without evaluating it anywhere else: the candidates
   * share most of their subtrees, each evaluated there once.
   */
  private keyOf(expr: Expr): number[] {
    this.keyValues ??= new SharedEvaluator(this.domain.symbols, this.keyPoints.map((i) => this.domain.points[i] as Float64Array));
    return [...this.keyValues.values(expr)];
  }

  /**
   * Equal to the correct derivative, so the mistake cannot be seen in this function: on the candidate's
   * domain, its further points, and beside the candidate's own kinks and domain edges (looked at only
   * when all before agree, as for an answer).
   */
  private isVoid(candidate: PreparedCandidate): boolean {
    const home = candidate.values.domain;
    const domains = inTurn(() => withFurther(home), () => [candidate.ownPoints()]);
    const pair = (d: Domain) => [candidate.on(d) ?? prepare(candidate.expr, d), this.expectedOn(d)] as const;
    return compareOn(domains, pair, CANDIDATE_MATCHING).verdict === 'equivalent';
  }

  /**
   * A candidate's values on the problem's domain, or — when the buggy rule leaves it defined at too few
   * of those points to be matched (d/dx cos(sqrt(ln x)) lives on x > 1 while ln(cos(sqrt x)) reaches
   * down to 0) — on a domain of its own, sampled where f, f' and the candidate are all defined.
   */
  private candidateValues(expr: Expr): Prepared {
    const values = this.prepare(expr);
    const defined = values.values.filter(Number.isFinite).length;
    // Defined nowhere on a sample drawn over many ranges and scales: (almost) nowhere real, such as
    // F'(u') = 1/sqrt(-3); searching further would cost more than any answer could match.
    if (defined === 0 || defined >= MIN_CANDIDATE_POINTS || defined === this.domain.points.length) return values;
    const own = sampleDomain({ definedBy: [this.f, this.expected, expr], variable: this.variable, parameters: this.source.parameters });
    return own.points.length > defined ? prepare(expr, own) : values;
  }

  /** The correct derivative on the problem's domain or on a candidate's own. */
  expectedOn(domain: Domain): Prepared {
    if (domain === this.domain) return this.expectedValues;
    let prepared = this.expectedElsewhere.get(domain);
    if (!prepared) {
      prepared = prepare(this.expected, domain);
      this.expectedElsewhere.set(domain, prepared);
    }
    return prepared;
  }

  /**
   * The result for an answer, computed once it repeats (kept-results.ts): in a class many students
   * write the very same answer, and a check is deterministic. A result is frozen as it is kept, since
   * every later caller shares it.
   */
  resultFor<T>(key: string, compute: () => T): T {
    return this.results.resultFor(key, compute);
  }

  /** A place of the function in words, rendered once. */
  placeText(id: number): PlaceText {
    let text = this.placeTexts.get(id);
    if (!text) {
      const place = this.differentiator.places[id];
      if (!place) throw new RangeError(`no place ${id}`);
      text = new PlaceText(place, this.differentiator);
      this.placeTexts.set(id, text);
    }
    return text;
  }

  /** A chain node in words, rendered once. */
  nodeText(id: number): NodeText {
    let text = this.nodeTexts.get(id);
    if (!text) {
      const node = this.differentiator.chainNodes[id];
      if (!node) throw new RangeError(`no chain node ${id}`);
      text = new NodeText(node, this.differentiator);
      this.nodeTexts.set(id, text);
    }
    return text;
  }
}

/**
 * Matched candidates without a systematic form the same function as a single one of its code: the
 * mistake at one place explains the answer with fewer assumptions (missing_inner_factor everywhere in
 * sin(cos(5x)) is cos(cos(5x)), the mistake at the outer node alone). Both matched one answer, so they
 * are one function by the test that matched them.
 */
function withoutRepeatedSystematic(matched: PreparedCandidate[]): PreparedCandidate[] {
  const single = new Set(matched.filter((c) => !c.systematic && !c.second).map((c) => c.mistake));
  return matched.filter((c) => !c.systematic || !single.has(c.mistake));
}

/**
 * The same for two mistakes at once: a pair whose second mistake is made everywhere is left out where
 * the same first mistake with the same second one at a single place explains the answer (e^(2x)·cos(3x)
 * for e^(2x)·sin(3x): one term of the product rule and the inner factor of sin(3x) left out, wherever
 * else it was left out too).
 */
function withoutRepeatedSystematicPair(matched: PreparedCandidate[]): PreparedCandidate[] {
  const one = (m: Mistake) => `${m.mistake}/${m.variant}@${m.places.map((p) => p.id).join(',')}`;
  const code = (m: Mistake) => `${m.mistake}/${m.variant}`;
  // A pair of two places is made outer place first, a systematic pair single first: either of the
  // two places may be the single one.
  const single = new Set(
    matched.flatMap((c) => (c.second && !c.second.systematic ? [`${one(c)}+${code(c.second)}`, `${one(c.second)}+${code(c)}`] : [])),
  );
  return matched.filter((c) => !c.second?.systematic || !single.has(`${one(c)}+${code(c.second)}`));
}

/**
 * Could the answer be the candidate plus a constant? Its differences f(p) - f(q) agree with the
 * answer's wherever both are finite (the tolerance scaled by the values subtracted, which rounding
 * follows), at one pair at least. Unlike the value index, a candidate undefined at every pair is left
 * out: each one let through costs a full comparison for every answer nothing explains, and a mistake
 * real only off the derivative's key points (a candidate with a domain of its own) plus a constant is
 * rarer than the time it would take from every such answer.
 */
function shiftsAgree(candidate: ArrayLike<number>, answer: readonly number[]): boolean {
  const k = answer.length / 2;
  let compared = 0;
  for (let i = 0; i < k; i++) {
    const [cp, cq, ap, aq] = [candidate[i], candidate[k + i], answer[i], answer[k + i]] as [number, number, number, number];
    if (![cp, cq, ap, aq].every(Number.isFinite)) continue;
    const scale = Math.max(Math.abs(cp), Math.abs(cq), Math.abs(ap), Math.abs(aq));
    if (Math.abs(ap - aq - (cp - cq)) > 1e-6 * scale + 1e-12) return false;
    compared++;
  }
  return compared > 0;
}

/** A derivative too large to evaluate and show is refused as the function's fault (422, too_large). */
export function refuseOversizedDerivative(derivative: Expr, maxNodes: number): void {
  const nodes = expandedSize(derivative, maxNodes);
  if (nodes > maxNodes) {
    throw new ReadError({
      code: 'too_large',
      field: 'function',
      message: msg('read.derivative_too_large', { limit: maxNodes }),
      position: 0,
      hint: msg('read.derivative_too_large.hint'),
    });
  }
}

/** Which two mistakes a pair makes, whichever comes first: a single is one code and variant at one place. */
function pairKey(a: Mistake, b: Mistake): string {
  const one = (m: Mistake) => `${m.mistake}/${m.variant}@${m.places.map((p) => p.id).join(',')}`;
  const [x, y] = [one(a), one(b)].sort();
  return `${x}+${y}`;
}
