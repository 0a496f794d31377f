/**
 * Where to compare two functions: seeded, deterministic sample points at which every expression in
 * `definedBy` (the caller passes f and its correct derivative) is real and finite. Comparing outside
 * that set would either compare NaN with NaN (no evidence) or fault an answer for a point where the
 * question itself makes no sense.
 *
 * Values of the variable come from several ranges and scales and both signs, and never sit on an
 * integer or a multiple of 1/2, where terms such as sin(pi x) vanish and `2x + sin(pi x)` would pass
 * for `2x`. Parameters (a, k, ω…) are positive, non-integer and drawn afresh for every point.
 */
import { mentions, type Expr } from '../tree/nodes.js';
import { compile, type Evaluator } from './compile.js';
import { breakpointSites, centreSites, exactSolver, scanForRootsOrNearest, type BreakpointSite } from './breakpoints.js';
import { compileWithBound, type BoundedEvaluator } from './error-bound.js';
import { compileWide, wideAffordable, type WideEvaluator } from './evaluate-wide.js';
import * as W from '../numbers/log-magnitude.js';
import { mulberry32, shuffle, signedLogUniform, uniform, type Random } from './prng.js';
import { checkpoint } from '../deadline.js';

/** Where a site changes piece: every x (complete), or, with too many to place, those nearest 0. */
export interface SiteRoots {
  readonly roots: readonly number[];
  readonly complete: boolean;
}

export interface Domain {
  readonly variable: string;
  readonly parameters: readonly string[];
  /** The variable then the parameters: the coordinate order of every point and the symbols to compile for. */
  readonly symbols: readonly string[];
  readonly points: readonly Float64Array[];
  /** Candidate points evaluated to find `points` (0 for a domain given explicitly). */
  readonly tried: number;
  /** Where values were required to be: in doubles (the usual), or in extended range (see SampleOptions). */
  readonly range?: Range;
  /** Points where |variable| > 100. */
  readonly far: number;
  /** Points placed on either side of a breakpoint (a kink, a jump, a domain edge) or of a centre (the root or vertex of a polynomial piece, where a term such as e^(-(x - 25)^2) is concentrated). */
  readonly atBreakpoints: number;
  /** Arguments whose breakpoints could not all be found, so some pieces may have no point of their own. */
  readonly unsolved: readonly Expr[];
  /** The breakpoint sites already sampled around (BreakpointSite.key). */
  readonly sites: ReadonlySet<string>;
  /** The breakpoints (values of the variable) already sampled around, when there are no parameters. */
  readonly breakpoints: readonly number[];
  /**
   * Where each site seen so far changes piece, when there are no parameters: many answers to one
   * function share their subexpressions, so each is solved once. A memo shared by the domain and those
   * derived from it, bounded by MAX_MEMO_SITES.
   */
  readonly solved: Map<string, SiteRoots>;
  /**
   * Points where every expression is defined but some value is beyond what a sample point allows (over
   * 1e12, or underflowed to 0): they can show an answer wrong there (a step at 30 added to the
   * derivative of e^(-x^2), which underflows there), never right, so they count for nothing else. Far
   * out and beside breakpoints, also points where some value is NaN in doubles only through an
   * underflow or overflow (0/0) and defined in log-magnitude form: compared in that form.
   */
  readonly witnesses?: Domain;
  /** A domain of witnesses: a point where the two disagree beyond their error bounds refutes, and that is all. */
  readonly refuteOnly?: boolean;
  /**
   * Points looked at only once every point of this domain agrees: far out and beside breakpoints.
   * Most wrong answers (and most mistake candidates) are told apart on the usual points, so these
   * cost only what a right answer needs (see compareOn in equivalence.ts).
   */
  readonly further?: Domain;
}

/** The domain, then its further points. */
export function withFurther(domain: Domain): Domain[] {
  return domain.further ? [domain, domain.further] : [domain];
}

/**
 * `double`: every expression real, finite and at most 1e12 in doubles. `extended`: for functions that
 * overflow doubles (extended-range.ts), every expression real with its logarithm known to within 1
 * (log-magnitude evaluation) and within decimal.js's range.
 */
export type Range = 'double' | 'extended';

export interface SampleOptions {
  /** Expressions that must all be real and finite at every sample point. */
  readonly definedBy: readonly Expr[];
  /** Where: in doubles (default) or in extended range. */
  readonly range?: Range;
  readonly variable: string;
  readonly parameters?: readonly string[];
  readonly seed?: number;
  /** How many points to look for over the usual ranges (far and breakpoint points come on top). */
  readonly target?: number;
}

export const DEFAULT_SEED = 0x5eed_c4a1;
export const DEFAULT_TARGET = 24;

/** Values beyond this (overflowing regions, poles) make poor witnesses. */
const MAX_MAGNITUDE = 1e12;
/**
 * In extended range: logarithms of magnitudes beyond this are out of decimal.js's range (its values
 * reach 10^(9·10^15), a natural logarithm of 2·10^16), with room for an answer's larger terms.
 */
const EXTENDED_MAX_LOG = 1e16;
/** In extended range, a logarithm known only to within more than this (a factor e) is no witness. */
const EXTENDED_MAX_ERROR = 1;
/** Below the smallest normal double (or exactly 0), a value has lost its precision to underflow. */
const MIN_MAGNITUDE = 2.2250738585072014e-308;
const PHASE_ONE_CANDIDATES = 64;
/** Steps of the local search around valid points, for narrow domains such as (0.49, 0.51). */
const REFINEMENT_BUDGET = 512;
const PARAMETER_RANGE: readonly [number, number] = [0.3, 3.5];
/**
 * How near a multiple of 1/2 (in 2x) a point counts as on it: within rounding, a few dozen units in
 * the last place of x below 10^7 (MAX_BREAKPOINT), and at least 10^-9 — far below the nearest draw
 * beside a breakpoint (BREAKPOINT_BANDS), where sin(πx) is still 3·10^-7, visible against 2x.
 */
const HALF_ROUNDING = 1e-9;
const HALF_ROUNDING_RELATIVE = 1e-14;
/** |x| beyond this counts as far out in the evidence. */
export const FAR = 100;
/**
 * Always tried besides the usual ranges, both signs: a difference that shows only far out (a branch
 * that starts at x = 60) must meet a point. Kept where the expressions stay defined and below 1e12.
 */
const FAR_BANDS: ReadonlyArray<readonly [number, number]> = [[1e2, 1e3], [1e3, 1e4], [1e4, 1e6]];
const FAR_ATTEMPTS = 3;
/**
 * Distances from a breakpoint at which points are placed on each side: two within 1 (so a piece at
 * least 1 long always has a point in it) and one further out, then one within 0.001: a term that lives
 * only within a thousandth of its centre (`e^(-10^6 (x - 60)^2)`, `relu(0.001 - |x - 7|)`) is met
 * there, where the first band, drawn from 0.001 on, met it only by luck; then one within 10^-5. Each
 * later band is drawn after the earlier ones, so adding one moves none of their points. (A piece
 * between two close breakpoints gets a point of its own: placeAround.)
 */
const BREAKPOINT_BANDS: ReadonlyArray<{ readonly lo: number; readonly hi: number; readonly log: boolean }> = [
  { lo: 0.001, hi: 0.02, log: true },
  { lo: 0.02, hi: 0.9, log: false },
  { lo: 1.5, hi: 40, log: true },
  { lo: 1e-5, hi: 0.001, log: true },
  // A term 10^-5 wide (e^(-((x - 2222.2)/10^-5)^2)) is above 1e-9 of its size only within 5·10^-5 of
  // its centre, where a draw from 10^-5 on fell a third of the time: one draw nearer still.
  { lo: 1e-7, hi: 1e-5, log: true },
];
/** Within this distance of a breakpoint a point is near it: every band but the one from 1.5 out. */
const NEAR_BREAKPOINT = 0.9;
/**
 * Where no band near a breakpoint has a point on either side, the breakpoint lies outside the domain (a
 * centre at 25 where ln(cos(2x - 3)) is undefined, defined again from 25.85 on): each side is searched
 * outward on a geometric grid of this many distances, from NEAR_SEARCH_FROM to the farthest band, for
 * the nearest piece where the expressions are defined, then that piece's end is approached by halving.
 */
const NEAR_SEARCH_STEPS = 24;
const NEAR_SEARCH_FROM = 0.01;
const NEAR_SEARCH_HALVINGS = 6;
/** Candidates one sampler spends on such searches, at most (four breakpoints' worth). */
const NEAR_SEARCH_BUDGET = 4 * 2 * (NEAR_SEARCH_STEPS + NEAR_SEARCH_HALVINGS);
/** Breakpoints sampled around, sites examined, and breakpoints farther out than this are left alone. */
const MAX_BREAKPOINTS = 16;
const MAX_SITES = 24;
const MAX_BREAKPOINT = 1e7;
/** Witness points kept per domain (Domain.witnesses). */
const MAX_WITNESSES = 12;
/** Points NaN in doubles that one sampler looks at in log-magnitude form (definedInWide), at most. */
const WIDE_WITNESS_BUDGET = 24;
/** Sites whose solutions one domain remembers: a bound on the memory a function gathers over its answers. */
export const MAX_MEMO_SITES = 512;

type Draw = (random: Random) => number;
/**
 * The first phase cycles through these, so stopping early at the target still leaves a mix: mostly
 * |x| <= 3 where derivatives are tame, small magnitudes down to 1e-3, and a few large values.
 */
const PHASE_ONE: readonly Draw[] = [
  (r) => uniform(r, -1, 1),
  (r) => signedLogUniform(r, 1e-3, 1),
  (r) => uniform(r, -3, 3),
  (r) => uniform(r, -10, 10),
  (r) => signedLogUniform(r, 1e-3, 1),
  (r) => uniform(r, -1, 1),
  (r) => signedLogUniform(r, 10, 50),
  (r) => uniform(r, -3, 3),
];

/**
 * The wider second phase, stratified so a domain as narrow as 0.01 wide inside (-1, 1) is hit for sure,
 * and spanning magnitudes 1e-4..1e4 for domains such as x > e^e or |x| < 1e-3.
 */
function phaseTwo(random: Random): number[] {
  const candidates: number[] = [];
  const linear = (lo: number, hi: number, strata: number) => {
    const width = (hi - lo) / strata;
    for (let i = 0; i < strata; i++) candidates.push(lo + (i + random()) * width);
  };
  linear(-1, 1, 200);
  linear(-10, 10, 100);
  const logLo = Math.log(1e-4);
  const logWidth = (Math.log(1e4) - logLo) / 128;
  for (let i = 0; i < 128; i++) {
    const magnitude = Math.exp(logLo + (i + random()) * logWidth);
    candidates.push(random() < 0.5 ? -magnitude : magnitude);
  }
  return shuffle(random, candidates);
}

/**
 * Not an integer, not a multiple of 1/2 (0 included), nor within rounding of one. Only within rounding:
 * a point beside a breakpoint or centre that is itself a multiple of 1/2 is drawn from 10^-7 of it,
 * and one inside a piece narrower still (step(10^-7 - |x - 17.5|)) nearer; kept 5·10^-7 from every
 * half, none of them was, and a slip there was graded correct.
 */
function awayFromHalves(x: number): boolean {
  const twice = 2 * x;
  return Math.abs(twice - Math.round(twice)) > Math.max(HALF_ROUNDING, HALF_ROUNDING_RELATIVE * Math.abs(twice));
}

/** Redraw a few times to avoid multiples of 1/2; give up (undefined) rather than loop forever. */
function drawAway(draw: () => number): number | undefined {
  for (let attempt = 0; attempt < 8; attempt++) {
    const x = draw();
    if (Number.isFinite(x) && awayFromHalves(x)) return x;
  }
  return undefined;
}

function checkSymbols(variable: string, parameters: readonly string[]): string[] {
  const symbols = [variable, ...parameters];
  if (new Set(symbols).size !== symbols.length) {
    throw new TypeError(`variable and parameters must be distinct: ${symbols.join(', ')}`);
  }
  return symbols;
}

/**
 * Evaluates candidate points against the `definedBy` expressions and keeps the good ones: real, finite,
 * at most 1e12 in size, and not an underflow. Every sampling phase goes through `consider`.
 */
class Sampler {
  readonly parameters: readonly string[];
  readonly symbols: readonly string[];
  readonly random: Random;
  tried = 0;
  private compiled: Evaluator[] | undefined;
  private compiledWide: WideEvaluator[] | undefined;
  private readonly constant: boolean[];
  private readonly bounded: Array<BoundedEvaluator | undefined> = [];

  constructor(readonly options: SampleOptions) {
    this.parameters = options.parameters ?? [];
    this.symbols = checkSymbols(options.variable, this.parameters);
    this.constant = options.definedBy.map((expr) => !mentions(expr, options.variable));
    this.random = mulberry32(options.seed ?? DEFAULT_SEED);
  }

  /** Compiled on first use: a sampler asked only where an answer's breakpoints are may need none. */
  private get evaluators(): Evaluator[] {
    this.compiled ??= this.options.definedBy.map((expr) => compile(expr, this.symbols));
    return this.compiled;
  }

  parameterValue(): number | undefined {
    return drawAway(() => uniform(this.random, PARAMETER_RANGE[0], PARAMETER_RANGE[1]));
  }

  freshParameters(): (number | undefined)[] {
    return this.parameters.map(() => this.parameterValue());
  }

  /** The point, when every expression is defined there; undefined otherwise. */
  consider(x: number | undefined, parameterValues: readonly (number | undefined)[], lookWide = false): Float64Array | undefined {
    checkpoint();
    this.tried++;
    // Reset before any return: a draw that gave no point must not inherit the last one's witness.
    this.lastWitnessed = false;
    if (x === undefined || parameterValues.some((p) => p === undefined)) return undefined;
    const point = Float64Array.from([x, ...(parameterValues as number[])]);
    if (this.accepts(point)) return point;
    if (this.witnessed.length < MAX_WITNESSES && this.options.range !== 'extended' && this.definedBeyondSize(point, lookWide)) {
      this.witnessed.push(point);
      this.lastWitnessed = true;
    }
    return undefined;
  }

  /** The last point considered was refused only for its size and kept as a witness: the expressions are defined there. */
  private lastWitnessed = false;
  /** Points left for definedInWide (WIDE_WITNESS_BUDGET). */
  private wideBudget = WIDE_WITNESS_BUDGET;

  /**
   * Every expression defined at the point, though some is NaN in doubles only through an underflow or
   * an overflow (0/0: the derivative of cbrt(sech(x^2 - 1)/2) beyond |x| = 27, where sech underflows
   * in its numerator and denominator): the error bound leaves such a NaN unvouched for, unlike a
   * genuine one (sqrt(-1)), and the log-magnitude form, where nothing underflows, finds every value.
   * Far out and beside breakpoints only (the caller says), within a budget, and for expressions of at
   * most WIDE_MAX_NODES written out.
   */
  private definedInWide(point: Float64Array, nan: readonly number[]): boolean {
    if (this.wideBudget <= 0 || !this.options.definedBy.every(wideAffordable)) return false;
    if (nan.some((k) => this.boundedAt(k, point).error !== Infinity)) return false;
    this.wideBudget--;
    this.compiledWide ??= this.options.definedBy.map((expr) => compileWide(expr, this.symbols));
    return this.compiledWide.every((evaluate) => W.isKnown(evaluate(point)));
  }

  /** Points refused only for the size of a value (see Domain.witnesses), as many as MAX_WITNESSES. */
  readonly witnessed: Float64Array[] = [];

  /**
   * Every expression real at the point, some only too large (overflowing, as e^(x^2) in ln(e^(x^2)) does
   * beyond x = 26) or underflowed to be a sample point; with `lookWide`, or NaN in doubles only
   * through an underflow or overflow (definedInWide).
   */
  private definedBeyondSize(point: Float64Array, lookWide: boolean): boolean {
    const nan = this.evaluators.flatMap((evaluate, k) => (Number.isNaN(evaluate(point)) ? [k] : []));
    return nan.length === 0 || (lookWide && this.definedInWide(point, nan));
  }

  /** Is every expression real, finite, at most 1e12 and not an underflow at this point? */
  accepts(point: Float64Array): boolean {
    if (this.options.range === 'extended') return this.acceptsExtended(point);
    for (const [k, evaluate] of this.evaluators.entries()) {
      const magnitude = Math.abs(evaluate(point));
      if (!(magnitude <= MAX_MAGNITUDE)) return false; // NaN fails this test too
      // A value that underflowed (x^4999 at x = 0.5 is 0 in doubles) would let any answer that
      // also underflows, 0 included, agree: such a point says nothing. A true zero is kept: an
      // expression without the variable (a derivative 0 everywhere), or one that is 0 by cancelling
      // terms of ordinary size (2 sin x cos x - 2 cos x sin x: its rounding error is of their size,
      // while an underflow's is as tiny as the value), or an exact 0 (relu's flat side: no rounding at all).
      if (magnitude < MIN_MAGNITUDE && !this.constant[k] && !this.trueZero(k, point)) return false;
    }
    return true;
  }

  /** Is every expression real, with a logarithm known to within 1 and within decimal.js's range? */
  private acceptsExtended(point: Float64Array): boolean {
    this.compiledWide ??= this.options.definedBy.map((expr) => compileWide(expr, this.symbols));
    for (const evaluate of this.compiledWide) {
      const w = evaluate(point);
      if (!(w.error <= EXTENDED_MAX_ERROR)) return false;
      // An exact zero (a constant derivative 0) is a value; NaN is not.
      if (w.sign === 0) continue;
      if (!(Math.abs(w.log) <= EXTENDED_MAX_LOG)) return false;
    }
    return true;
  }

  private trueZero(k: number, point: Float64Array): boolean {
    const { value, error } = this.boundedAt(k, point);
    // A zero whose bound is infinite vouches for nothing: e^(-e^(x^2+7)) is e^(-Infinity) in doubles,
    // and 0 against it would pass for its derivative.
    return (error > MIN_MAGNITUDE && error < Infinity) || (value === 0 && error === 0);
  }

  private boundedAt(k: number, point: Float64Array) {
    this.bounded[k] ??= compileWithBound(this.options.definedBy[k] as Expr, this.symbols);
    return this.bounded[k](point);
  }

  /**
   * Points far out, both signs, one per band where the expressions stay defined: a rejected draw is
   * retried closer in (e^(-x) underflows beyond x = 745 but is a fine witness at x = 300).
   */
  farPoints(): Float64Array[] {
    const kept: Float64Array[] = [];
    for (const sign of [1, -1]) {
      for (const [lo, hi] of FAR_BANDS) {
        let top = hi;
        let found: Float64Array | undefined;
        for (let attempt = 0; attempt < FAR_ATTEMPTS && !found; attempt++) {
          const x = drawAway(() => sign * Math.exp(uniform(this.random, Math.log(lo), Math.log(top))));
          found = this.consider(x, this.freshParameters(), true);
          if (x !== undefined) top = Math.abs(x);
        }
        // Overflowing or undefined in a whole band, it is so further out too (a domain that starts
        // far out, x > 5000, is found through its edge instead).
        if (!found) break;
        kept.push(found);
      }
    }
    return kept;
  }

  /**
   * Where the sites change piece: for each site, its breakpoints with the parameter values they were
   * solved for (a fresh draw per site when there are parameters, none otherwise). Without parameters
   * each site is solved once per memo, and breakpoints in `known` are left out.
   */
  locate(sites: ReadonlyMap<string, BreakpointSite>, memo: Map<string, SiteRoots>, known: readonly number[]): Located {
    const groups: BreakpointGroup[] = [];
    const unsolved: Expr[] = [];
    const fresh: number[] = [];
    const near = (x0: number) => (y: number) => sameBreakpoint(x0, y);
    const isNew = (x0: number) => {
      checkpoint();
      return Math.abs(x0) <= MAX_BREAKPOINT && !known.some(near(x0)) && !fresh.some(near(x0));
    };
    for (const site of [...sites.values()].slice(0, MAX_SITES)) {
      if (this.parameters.length === 0) {
        let found = memo.get(site.key);
        if (!found) {
          found = solveSite(site, this.options.variable, this.symbols, NO_PARAMETERS);
          if (memo.size < MAX_MEMO_SITES) memo.set(site.key, found);
        }
        // Too many to place them all (a periodic argument): the ones nearest 0 are still looked beside.
        if (!found.complete) unsolved.push(site.argument);
        fresh.push(...found.roots.filter(isNew));
        continue;
      }
      const parameterValues = this.freshParameters();
      if (parameterValues.some((p) => p === undefined)) continue;
      const values = parameterValues as number[];
      const at = Float64Array.from([0, ...values]);
      const found = solveSite(site, this.options.variable, this.symbols, at);
      if (!found.complete) unsolved.push(site.argument);
      groups.push({ breakpoints: found.roots.filter((x0) => Math.abs(x0) <= MAX_BREAKPOINT), parameterValues: values });
    }
    if (fresh.length > 0) groups.push({ breakpoints: fresh, parameterValues: [] });
    return { groups, unsolved, sites: new Set(sites.keys()) };
  }

  /**
   * Points on both sides of each breakpoint, near and further out (at most MAX_BREAKPOINTS of them); a
   * band already holding a point of `existing` where these expressions are defined is left as it is
   * (when there are no parameters, whose values would differ).
   */
  placeAround(groups: readonly BreakpointGroup[], existing: readonly Float64Array[]): { points: Float64Array[]; breakpoints: number[] } {
    const placed: Float64Array[] = [];
    const seen: number[] = [];
    // Whether an existing point is defined for these expressions, decided once per point and only for
    // points that fall in some band.
    const acceptance = new Map<Float64Array, boolean>();
    const accepted = (point: Float64Array) => {
      let ok = acceptance.get(point);
      if (ok === undefined) {
        ok = this.accepts(point);
        acceptance.set(point, ok);
      }
      return ok;
    };
    const covered = (x0: number, side: number, lo: number, hi: number) =>
      this.parameters.length === 0 &&
      [existing, placed].some((points) =>
        points.some((point) => {
          const distance = side * ((point[0] as number) - x0);
          return distance > lo && distance < hi && accepted(point);
        }),
      );
    const placedBeside: { x0: number; parameterValues: readonly number[] }[] = [];
    for (const { breakpoints, parameterValues } of groups) {
      const ofGroup: number[] = [];
      for (const x0 of breakpoints) {
        if (seen.length >= MAX_BREAKPOINTS) break;
        if (seen.some((y) => sameBreakpoint(x0, y))) continue;
        seen.push(x0);
        ofGroup.push(x0);
        let near = false;
        for (const side of [1, -1]) {
          for (const band of BREAKPOINT_BANDS) {
            if (covered(x0, side, band.lo, band.hi)) {
              near ||= band.hi <= NEAR_BREAKPOINT;
              continue;
            }
            const distance = () => (band.log ? Math.exp(uniform(this.random, Math.log(band.lo), Math.log(band.hi))) : uniform(this.random, band.lo, band.hi));
            const point = this.consider(drawAway(() => x0 + side * distance()), parameterValues, true);
            // A witness is a point of the domain too (a derivative that underflows there).
            near ||= (point !== undefined || this.lastWitnessed) && band.hi <= NEAR_BREAKPOINT;
            if (point) placed.push(point);
          }
        }
        // One draw per band misses a piece of the domain that starts 0.85 from the breakpoint, and a term
        // concentrated there (e^(-(x - 25)^2)) or a step at it is seen only within a few units: look for
        // the nearest defined point on each side. A domain edge has points (or witnesses) near it on its
        // inner side, so only a breakpoint outside the domain pays for this.
        if (!near) {
          for (const side of [1, -1]) {
            const point = this.nearestDefined(x0, side, parameterValues);
            if (point) placed.push(point);
          }
        }
      }
      // A piece between two breakpoints closer than the near bands reach (step(x - 40)·step(40.001 - x),
      // the pieces of relu(0.001 - |x - 7|)) holds a point of a band only by luck, or never when it is
      // shorter than the first band's 0.001: each such piece gets a point of its own, inside it — in
      // its middle half, as one already there must be: a point 10^-9 from an end of
      // relu(x - 3.0000001)·relu(3.0000011 - x)·10^12 sees a millionth of it.
      ofGroup.sort((a, b) => a - b);
      for (let k = 1; k < ofGroup.length; k++) {
        const lo = ofGroup[k - 1] as number;
        const gap = (ofGroup[k] as number) - lo;
        if (gap >= NEAR_BREAKPOINT || covered(lo, 1, 0.25 * gap, 0.75 * gap)) continue;
        const point = this.pointInGap(lo, gap, parameterValues);
        if (point) placed.push(point);
      }
      for (const x0 of ofGroup) placedBeside.push({ x0, parameterValues });
    }
    if (this.parameters.length > 0) this.placeBetweenGroups(placedBeside, placed);
    return { points: placed, breakpoints: this.parameters.length === 0 ? seen : [] };
  }

  /**
   * With parameters each site is solved at parameter values of its own, a group of its own, so two
   * close breakpoints of two sites (step(x - 17.3)·step(17.30001 - x) in an answer to sin(a x)) were
   * never one group's neighbours and the piece between them got no point: a point inside each such
   * gap, at each side's parameter values. Where a breakpoint moves with the parameters the point may
   * fall elsewhere, and is then one more sample point where the expressions are defined.
   */
  private placeBetweenGroups(beside: readonly { x0: number; parameterValues: readonly number[] }[], placed: Float64Array[]): void {
    const sorted = [...beside].sort((a, b) => a.x0 - b.x0);
    for (let k = 1; k < sorted.length; k++) {
      const left = sorted[k - 1] as (typeof sorted)[number];
      const right = sorted[k] as (typeof sorted)[number];
      const gap = right.x0 - left.x0;
      if (left.parameterValues === right.parameterValues || !(gap > 0 && gap < NEAR_BREAKPOINT)) continue;
      for (const parameterValues of [left.parameterValues, right.parameterValues]) {
        const point = this.pointInGap(left.x0, gap, parameterValues);
        if (point) placed.push(point);
      }
    }
  }

  /** A point in the middle half of the gap from `lo`, `gap` wide, where the expressions are defined (or undefined). */
  private pointInGap(lo: number, gap: number, parameterValues: readonly number[]): Float64Array | undefined {
    return this.consider(drawAway(() => lo + gap * uniform(this.random, 0.25, 0.75)), parameterValues, true);
  }

  /** Candidates left for nearestDefined (NEAR_SEARCH_BUDGET). */
  private searchBudget = NEAR_SEARCH_BUDGET;

  /**
   * The defined point nearest x0 on one side, within the farthest band, or undefined: the first of a
   * geometric grid of distances where the expressions are defined (each jittered by a few percent, so
   * it is never a multiple of 1/2), then brought closer by halving the step from the last grid
   * distance where they were not. Bounded by the sampler's search budget.
   */
  private nearestDefined(x0: number, side: number, parameterValues: readonly number[]): Float64Array | undefined {
    const reach = Math.max(...BREAKPOINT_BANDS.map((band) => band.hi));
    const ratio = (reach / NEAR_SEARCH_FROM) ** (1 / (NEAR_SEARCH_STEPS - 1));
    const at = (lo: number, hi: number) => {
      this.searchBudget--;
      return this.consider(drawAway(() => x0 + side * uniform(this.random, lo, hi)), parameterValues);
    };
    let missed = 0;
    for (let k = 0; k < NEAR_SEARCH_STEPS && this.searchBudget > 0; k++) {
      const d = NEAR_SEARCH_FROM * ratio ** k;
      let found = at(0.97 * d, 1.03 * d);
      if (!found) {
        missed = d;
        continue;
      }
      // Halve towards the last distance missed: the point kept is always one where all are defined.
      let [lo, hi] = [missed, Math.abs((found[0] as number) - x0)];
      for (let h = 0; h < NEAR_SEARCH_HALVINGS && this.searchBudget > 0; h++) {
        const mid = (lo + hi) / 2;
        const closer = at(mid - 0.05 * (hi - lo), mid + 0.05 * (hi - lo));
        if (closer) {
          found = closer;
          hi = Math.abs((closer[0] as number) - x0);
        } else {
          lo = mid;
        }
      }
      return found;
    }
    return undefined;
  }
}

/**
 * Two breakpoints as found are one (the same place found twice: exactly, or by a scan whose bisection
 * stops at 1e-12 of |x|), or two places a piece lies between. Only that bisection's resolution, with
 * room for rounding, makes them one: at 1e-9 of |x| the ends of a window 2·10^-5 wide at x = 31415.9
 * (10^-3 near 10^6) were one breakpoint, and the window got no point of its own.
 */
const SAME_BREAKPOINT = 4e-12;

function sameBreakpoint(x0: number, y: number): boolean {
  return Math.abs(y - x0) <= SAME_BREAKPOINT * Math.max(1, Math.abs(x0));
}

/** Breakpoints solved for one set of parameter values. */
interface BreakpointGroup {
  readonly breakpoints: readonly number[];
  readonly parameterValues: readonly number[];
}

interface Located {
  readonly groups: readonly BreakpointGroup[];
  readonly unsolved: readonly Expr[];
  readonly sites: ReadonlySet<string>;
}

const NO_PARAMETERS = Float64Array.from([0]);

/**
 * The breakpoint sites of the expressions, then their centres (centreSites), each once, but those in
 * `skip`: where pieces change comes first within the bound on sites.
 */
function sitesOf(exprs: readonly Expr[], variable: string, symbols: readonly string[], skip: ReadonlySet<string> = new Set()): Map<string, BreakpointSite> {
  const sites = new Map<string, BreakpointSite>();
  for (const find of [breakpointSites, centreSites]) {
    for (const expr of exprs) {
      for (const site of find(expr, variable, symbols)) if (!skip.has(site.key)) sites.set(site.key, site);
    }
  }
  return sites;
}

/**
 * Every x where the site's argument takes one of its breakpoint values (complete), or, where a value
 * is taken too many times to place them all (a periodic argument), those nearest 0 of it: a slip
 * repeating in every period of sin(x) - 0.99 is met beside the first ones (then those the scan finds
 * for every value). None for a site that solves itself and cannot.
 */
function solveSite(site: BreakpointSite, variable: string, symbols: readonly string[], at: Float64Array): SiteRoots {
  if (site.solve) {
    const roots = site.solve(at);
    return roots ? { roots: roots.filter(Number.isFinite), complete: true } : { roots: [], complete: false };
  }
  const exact = exactSolver(site.argument, variable, symbols);
  let evaluate: Evaluator | undefined;
  const scanned = (y: number) => scanForRootsOrNearest((evaluate ??= compile(site.argument, symbols)), at, y);
  const found: { y: number; roots: readonly number[]; exact: boolean }[] = [];
  let complete = true;
  for (const y of site.values(at)) {
    const roots = exact?.(at, y);
    if (roots !== undefined) {
      found.push({ y, roots, exact: true });
      continue;
    }
    const scan = scanned(y);
    complete &&= scan.complete;
    found.push({ y, roots: scan.roots, exact: false });
  }
  // A site left unsolved has, for every value, the roots the scan finds (those nearest 0), a value
  // solved exactly included: the exact roots of one value (a root where the argument only touches it,
  // which no sign change shows) are not mixed with the scan's of another. That is where the points
  // have always been placed for such a site.
  const roots: number[] = [];
  for (const { y, roots: these, exact: solved } of found) {
    for (const root of !complete && solved ? scanned(y).roots : these) if (Number.isFinite(root)) roots.push(root);
  }
  return { roots, complete };
}

const countFar = (points: readonly Float64Array[]) => points.filter((point) => Math.abs(point[0] as number) > FAR).length;

/**
 * Sample points (the variable's value, then each parameter's) where every `definedBy` expression is
 * real, finite and at most 1e12 in size. Deterministic for the same options. Bounded work, whatever
 * the expressions: at most 64 + 428 + 512 candidates over the usual ranges, 18 far out, and 10 beside
 * each of at most 16 breakpoints (a band each side, BREAKPOINT_BANDS), one between close ones.
 *
 * The usual points are the domain's `points`; the far and breakpoint points are its `further` domain,
 * compared only once the usual ones agree, so a wrong answer is told apart at no extra cost.
 */
export function sampleDomain(options: SampleOptions): Domain {
  const sampler = new Sampler(options);
  const target = options.target ?? DEFAULT_TARGET;
  const random = sampler.random;
  const points: Float64Array[] = [];
  const keep = (point: Float64Array | undefined) => {
    if (point) points.push(point);
  };

  for (let i = 0; i < PHASE_ONE_CANDIDATES && points.length < target; i++) {
    const draw = PHASE_ONE[i % PHASE_ONE.length] as Draw;
    keep(sampler.consider(drawAway(() => draw(random)), sampler.freshParameters()));
  }
  if (points.length < target) {
    for (const x of phaseTwo(random)) {
      if (points.length >= target) break;
      keep(sampler.consider(awayFromHalves(x) ? x : undefined, sampler.freshParameters()));
    }
  }
  const far = sampler.farPoints();
  const solved = new Map<string, SiteRoots>();
  const located = sampler.locate(sitesOf(options.definedBy, options.variable, sampler.symbols), solved, []);
  const around = sampler.placeAround(located.groups, points);
  // Breakpoint points first: a counterexample beside the kink says more than one far out.
  const extras = [...around.points, ...far];
  // Local search: jitter around the points found so far (the far and breakpoint ones too: a domain
  // such as x > 9000 is found through its edge), at shrinking scales, each new point becoming a base
  // in turn, so a narrow domain fills up from the few points that hit it.
  for (let step = 0; step < REFINEMENT_BUDGET && points.length + extras.length > 0 && points.length < target; step++) {
    const k = step % (points.length + extras.length);
    const base = (k < points.length ? points[k] : extras[k - points.length]) as Float64Array;
    const scale = 0.2 * 0.5 ** (step % 8);
    const x0 = base[0] as number;
    const x = drawAway(() => x0 + scale * Math.max(Math.abs(x0), 0.01) * (2 * random() - 1));
    const jittered = sampler.parameters.map((_, k) => {
      const p0 = base[k + 1] as number;
      return drawAway(() => p0 * (1 + 0.5 * scale * (2 * random() - 1)));
    });
    keep(sampler.consider(x, jittered));
  }
  const record = {
    variable: options.variable,
    range: options.range ?? 'double',
    parameters: [...sampler.parameters],
    symbols: sampler.symbols,
    unsolved: located.unsolved,
    sites: located.sites,
    breakpoints: around.breakpoints,
    solved,
  };
  const further: Domain = { ...record, points: extras, tried: 0, far: countFar(extras), atBreakpoints: around.points.length };
  const witnesses = witnessDomain(record, sampler.witnessed);
  return { ...record, points, tried: sampler.tried, far: countFar(points), atBreakpoints: 0, ...(extras.length > 0 ? { further } : {}), ...(witnesses ? { witnesses } : {}) };
}

/** The witness points as a refute-only domain of their own, if there are any. */
function witnessDomain(record: Omit<Domain, 'points' | 'tried' | 'far' | 'atBreakpoints'>, points: readonly Float64Array[]): Domain | undefined {
  if (points.length === 0) return undefined;
  return { ...record, points, tried: 0, far: 0, atBreakpoints: 0, refuteOnly: true, further: undefined, witnesses: undefined };
}

/**
 * Points beside the breakpoints of `exprs` that `domain` has not sampled around yet, where the
 * `definedBy` expressions are defined: an answer's own kinks (|x - 3000| in an answer to a function with
 * none) are checked here, so an answer right on one side of them only is not taken for the derivative.
 * Empty (and cheap) when the answer has no breakpoint the function lacks.
 */
export function pointsAtNewBreakpoints(domain: Domain, exprs: readonly Expr[], definedBy: readonly Expr[], memo?: NewBreakpointsMemo): Domain {
  const sites = sitesOf(exprs, domain.variable, domain.symbols, domain.sites);
  // The points depend on the new sites alone (in order: the first MAX_SITES are solved) once the
  // domain and definedBy are fixed, which is what a memo is kept for.
  const key = [...sites.keys()].join('\n');
  const kept = memo?.get(key);
  if (kept) return kept;
  const points = newBreakpointPoints(domain, sites, definedBy);
  if (memo && memo.size < MAX_NEW_BREAKPOINT_SETS) memo.set(key, points);
  return points;
}

/**
 * The points pointsAtNewBreakpoints finds, by the new sites they were found for (keyed by their keys
 * in order, '' for none), for one domain and one list of definedBy expressions: an answer's pieces
 * (the sqrt(1 - x^2) of arcsin's derivative, a 1/x) recur in most answers to a function, and finding
 * their points (solving, then sampling beside each breakpoint) costs more than most of a check.
 * Bounded by MAX_NEW_BREAKPOINT_SETS.
 */
export type NewBreakpointsMemo = Map<string, Domain>;

/** Sets of new sites a NewBreakpointsMemo keeps the points of, at most (later ones are found anew each time). */
export const MAX_NEW_BREAKPOINT_SETS = 32;

function newBreakpointPoints(domain: Domain, sites: ReadonlyMap<string, BreakpointSite>, definedBy: readonly Expr[]): Domain {
  const empty = { ...domain, points: [], tried: 0, far: 0, atBreakpoints: 0, unsolved: [], further: undefined, witnesses: undefined };
  if (sites.size === 0) return empty;
  const sampler = new Sampler({ definedBy, variable: domain.variable, parameters: domain.parameters, seed: DEFAULT_SEED ^ 0x0b5e55ed, range: domain.range });
  const located = sampler.locate(sites, domain.solved, domain.breakpoints);
  if (located.groups.length === 0 && located.unsolved.length === 0) return empty;
  const around = sampler.placeAround(located.groups, withFurther(domain).flatMap((d) => d.points));
  // Beside an answer's kink where the derivative underflows (a step at 30 added to e^(-x^2)'s), the
  // points refused for size are the only ones that can tell.
  const witnesses = witnessDomain(domain, sampler.witnessed);
  return {
    ...empty,
    ...(witnesses ? { witnesses } : {}),
    points: around.points,
    tried: sampler.tried,
    far: countFar(around.points),
    atBreakpoints: around.points.length,
    unsolved: located.unsolved,
    sites: new Set([...domain.sites, ...located.sites]),
    breakpoints: [...domain.breakpoints, ...around.breakpoints],
  };
}

/** A domain at given points (each: the variable's value, then the parameters'), e.g. for a test. */
export function domainAt(variable: string, parameters: readonly string[], points: readonly (readonly number[])[]): Domain {
  const symbols = checkSymbols(variable, parameters);
  const rows = points.map((point) => {
    if (point.length !== symbols.length) {
      throw new RangeError(`a point needs ${symbols.length} coordinates (${symbols.join(', ')}), got ${point.length}`);
    }
    return Float64Array.from(point);
  });
  return {
    variable,
    parameters: [...parameters],
    symbols,
    points: rows,
    tried: 0,
    far: countFar(rows),
    atBreakpoints: 0,
    unsolved: [],
    sites: new Set(),
    breakpoints: [],
    solved: new Map(),
  };
}

/** A point as named coordinates, for reports. */
export function pointRecord(domain: Domain, index: number): Record<string, number> {
  const point = domain.points[index];
  if (point === undefined) throw new RangeError(`no point ${index} in a domain of ${domain.points.length}`);
  // fromEntries makes own properties even for a name like __proto__.
  return Object.fromEntries(domain.symbols.map((name, i) => [name, point[i] as number]));
}

/**
 * The same points with more parameters, each drawn deterministically (seeded by its name), for an
 * answer that uses a constant the function does not have: the answer is then compared where those
 * constants take varied values, and an answer that depends on them cannot agree everywhere.
 */
export function extendDomain(domain: Domain, extra: readonly string[]): Domain {
  if (extra.length === 0) return domain;
  const parameters = [...domain.parameters, ...extra];
  const symbols = checkSymbols(domain.variable, parameters);
  const draws = extra.map((name) => mulberry32(hashName(name)));
  const points = domain.points.map((point) =>
    Float64Array.from([...point, ...draws.map((random) => drawAway(() => uniform(random, PARAMETER_RANGE[0], PARAMETER_RANGE[1])) ?? 1.37)]),
  );
  const further = domain.further && extendDomain(domain.further, extra);
  const witnesses = domain.witnesses && extendDomain(domain.witnesses, extra);
  return { ...domain, parameters, symbols, points, ...(further ? { further } : {}), ...(witnesses ? { witnesses } : {}) };
}

function hashName(name: string): number {
  let hash = DEFAULT_SEED;
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) as number), 0x01000193) >>> 0;
  return hash;
}
