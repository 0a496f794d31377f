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
import { compileWithBound, type BoundedEvaluator } from './error-bound.js';
import { mulberry32, shuffle, signedLogUniform, uniform, type Random } from './prng.js';

export interface Domain {
  readonly variable: string;
  readonly parameters: readonly string[];
  /** The variable then the parameters: the coordinate order of every point and the symbols to compile for. */
  readonly symbols: readonly string[];
  readonly points: readonly Float64Array[];
  /** Candidate points evaluated to find `points` (0 for a domain given explicitly). */
  readonly tried: number;
}

export interface SampleOptions {
  /** Expressions that must all be real and finite at every sample point. */
  readonly definedBy: readonly Expr[];
  readonly variable: string;
  readonly parameters?: readonly string[];
  readonly seed?: number;
  /** How many points to look for. */
  readonly target?: number;
}

export const DEFAULT_SEED = 0x5eed_c4a1;
export const DEFAULT_TARGET = 24;

/** Values beyond this (overflowing regions, poles) make poor witnesses. */
const MAX_MAGNITUDE = 1e12;
/** Below the smallest normal double (or exactly 0), a value has lost its precision to underflow. */
const MIN_MAGNITUDE = 2.2250738585072014e-308;
const PHASE_ONE_CANDIDATES = 64;
/** Steps of the local search around valid points, for narrow domains such as (0.49, 0.51). */
const REFINEMENT_BUDGET = 512;
const PARAMETER_RANGE: readonly [number, number] = [0.3, 3.5];

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

/** Not an integer, not a multiple of 1/2 (0 included), nor within rounding of one. */
function awayFromHalves(x: number): boolean {
  const twice = 2 * x;
  return Math.abs(twice - Math.round(twice)) > 1e-6;
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
 * Sample points (the variable's value, then each parameter's) where every `definedBy` expression is
 * real, finite and at most 1e12 in size. Deterministic for the same options. Bounded work: at most
 * 64 + 428 + 512 candidates, whatever the expressions.
 */
export function sampleDomain(options: SampleOptions): Domain {
  const parameters = options.parameters ?? [];
  const symbols = checkSymbols(options.variable, parameters);
  const evaluators: Evaluator[] = options.definedBy.map((expr) => compile(expr, symbols));
  const constant = options.definedBy.map((expr) => !mentions(expr, options.variable));
  const bounded: Array<BoundedEvaluator | undefined> = [];
  const boundedAt = (k: number, point: Float64Array) => {
    bounded[k] ??= compileWithBound(options.definedBy[k] as Expr, symbols);
    return bounded[k](point);
  };
  const target = options.target ?? DEFAULT_TARGET;
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const points: Float64Array[] = [];
  let tried = 0;

  const parameterValue = () => drawAway(() => uniform(random, PARAMETER_RANGE[0], PARAMETER_RANGE[1]));
  /** Evaluate one candidate; keep it when every expression is defined there. */
  const consider = (x: number | undefined, parameterValues: readonly (number | undefined)[]) => {
    tried++;
    if (x === undefined || parameterValues.some((p) => p === undefined)) return;
    const point = Float64Array.from([x, ...(parameterValues as number[])]);
    for (const [k, evaluate] of evaluators.entries()) {
      const magnitude = Math.abs(evaluate(point));
      if (!(magnitude <= MAX_MAGNITUDE)) return; // NaN fails this test too
      // A value that underflowed (x^4999 at x = 0.5 is 0 in doubles) would let any answer that
      // also underflows, 0 included, agree: such a point says nothing. A true zero is kept: an
      // expression without the variable (a derivative 0 everywhere), or one that is 0 by cancelling
      // terms of ordinary size (2 sin x cos x - 2 cos x sin x: its rounding error is of their size,
      // while an underflow's is as tiny as the value).
      if (magnitude < MIN_MAGNITUDE && !constant[k] && !(boundedAt(k, point).error > MIN_MAGNITUDE)) return;
    }
    points.push(point);
  };
  const freshParameters = () => parameters.map(parameterValue);

  for (let i = 0; i < PHASE_ONE_CANDIDATES && points.length < target; i++) {
    const draw = PHASE_ONE[i % PHASE_ONE.length] as Draw;
    consider(drawAway(() => draw(random)), freshParameters());
  }
  if (points.length < target) {
    for (const x of phaseTwo(random)) {
      if (points.length >= target) break;
      consider(awayFromHalves(x) ? x : undefined, freshParameters());
    }
  }
  // Local search: jitter around the points found so far, at shrinking scales, each new point
  // becoming a base in turn, so a narrow domain fills up from the few points that hit it.
  for (let step = 0; step < REFINEMENT_BUDGET && points.length > 0 && points.length < target; step++) {
    const base = points[step % points.length] as Float64Array;
    const scale = 0.2 * 0.5 ** (step % 8);
    const x0 = base[0] as number;
    const x = drawAway(() => x0 + scale * Math.max(Math.abs(x0), 0.01) * (2 * random() - 1));
    const jittered = parameters.map((_, k) => {
      const p0 = base[k + 1] as number;
      return drawAway(() => p0 * (1 + 0.5 * scale * (2 * random() - 1)));
    });
    consider(x, jittered);
  }
  return { variable: options.variable, parameters: [...parameters], symbols, points, tried };
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
  return { variable, parameters: [...parameters], symbols, points: rows, tried: 0 };
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
  return { variable: domain.variable, parameters, symbols, points, tried: domain.tried };
}

function hashName(name: string): number {
  let hash = DEFAULT_SEED;
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) as number), 0x01000193) >>> 0;
  return hash;
}
