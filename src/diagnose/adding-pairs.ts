/**
 * Two mistakes whose effects add up, found from the answer rather than made in advance. A mistake
 * in one term of a sum changes the derivative by its own difference, whatever happens in another
 * term: cot(e^(2x)) + atan(x^2) with cot's minus forgotten and atan's derivative taken at u' is the
 * derivative plus both differences. Pairs are made in advance only up to MAX_PAIRS, nearest places
 * first, and a textbook sum of two composites has far-apart places and 1,500 pairs; here each single
 * mistake's difference from the derivative at the key points is indexed once, and an answer's own
 * difference is looked up as the sum of two (the two-sum search: one look-up per single).
 *
 * A prefilter only, like the value index: the pairs it returns are made and compared in full by the
 * same equivalence test that decides correctness, so a pair whose effects do not add (both mistakes
 * in one product) is never reported on its say-so, and its tolerance only needs to keep every pair
 * that could match.
 */

import { ABSOLUTE, firstAtLeast, TOLERANCE } from './value-index.js';

/** How a pair fits an answer: its distance in units of the tolerance, summed over the points seen, and the points unseen. */
interface Fit {
  distance: number;
  unseen: number;
}

interface Single<T> {
  item: T;
  /** Its position among the singles given: a pair is reported once, its lower position first. */
  order: number;
  values: readonly number[];
  /** The value minus the derivative's, at each key point (NaN where either is undefined). */
  delta: Float64Array;
}

export class AddingPairs<T> {
  /** Singles with a finite value at the first key point, sorted by their difference there. */
  private readonly sorted: Single<T>[];
  /** Singles undefined at the first key point (defined at another): looked at whatever the window. */
  private readonly loose: Single<T>[];
  private readonly all: Single<T>[];

  /**
   * @param items the single mistakes (each at one place), in report order
   * @param valuesOf an item's values at the key points
   * @param expected the derivative's values at the same points
   */
  constructor(
    items: readonly T[],
    valuesOf: (item: T) => readonly number[],
    private readonly expected: readonly number[],
  ) {
    this.all = [];
    items.forEach((item, order) => {
      const values = valuesOf(item);
      if (values.length !== expected.length || !values.some(Number.isFinite)) return;
      this.all.push({ item, order, values, delta: Float64Array.from(values, (v, k) => v - (expected[k] as number)) });
    });
    this.sorted = this.all.filter((s) => Number.isFinite(s.delta[0])).sort((a, b) => (a.delta[0] as number) - (b.delta[0] as number));
    this.loose = this.all.filter((s) => !Number.isFinite(s.delta[0]));
  }

  /**
   * Pairs of singles whose differences sum to the answer's at every key point where all are finite (at
   * least one: a value undefined on one side cannot exclude a pair, as for the value index), each once,
   * those `wanted` accepts (not made already, combinable), at most `max`: the closest first — the sum's
   * distance from the answer's difference, in units of the tolerance, then the fewest points unseen —
   * so that a term that dominates every value, letting hundreds of pairs within the tolerance, still
   * has the pair that is exact come first; then in the order of their first single and their second.
   */
  find(answer: readonly number[], max: number, wanted: (a: T, b: T) => boolean = () => true): Array<[T, T]> {
    const { expected } = this;
    if (this.all.length < 2 || answer.length !== expected.length || !answer.some(Number.isFinite)) return [];
    const target = Float64Array.from(answer, (a, k) => a - (expected[k] as number));
    const found: Array<{ first: Single<T>; second: Single<T>; fit: Fit }> = [];
    for (const first of this.all) {
      for (const second of this.seconds(first, target, answer)) {
        if (second.order <= first.order) continue;
        const fit = this.fit(target, answer, first, second);
        if (fit && wanted(first.item, second.item)) found.push({ first, second, fit });
      }
    }
    return found
      .sort((p, q) => p.fit.distance - q.fit.distance || p.fit.unseen - q.fit.unseen || p.first.order - q.first.order || p.second.order - q.second.order)
      .slice(0, max)
      .map(({ first, second }) => [first.item, second.item]);
  }

  /** The singles that may complete `first`: by the window at the first key point where it and the answer are finite there. */
  private *seconds(first: Single<T>, target: Float64Array, answer: readonly number[]): Generator<Single<T>> {
    const wanted = (target[0] as number) - (first.delta[0] as number);
    if (!Number.isFinite(wanted)) {
      yield* this.all;
      return;
    }
    // The check (fit) weighs the second's value, |expected + delta| <= |expected| + |wanted| here: twice
    // this slack is a superset of its window.
    const slack = 2 * slackAmong(answer[0] as number, this.expected[0] as number, first.values[0] as number, wanted);
    for (let at = firstAtLeast(this.sorted, wanted - slack, (s) => s.delta[0] as number); at < this.sorted.length; at++) {
      const second = this.sorted[at] as Single<T>;
      if ((second.delta[0] as number) > wanted + slack) break;
      yield second;
    }
    yield* this.loose;
  }

  /**
   * How well the two differences sum to the answer's, at every key point where all four values are
   * finite (an infinite one says nothing, like an undefined one): undefined when they do not, or when
   * no point could be looked at.
   */
  private fit(target: Float64Array, answer: readonly number[], first: Single<T>, second: Single<T>): Fit | undefined {
    let unseen = 0;
    let distance = 0;
    for (let k = 0; k < target.length; k++) {
      const gap = (target[k] as number) - (first.delta[k] as number) - (second.delta[k] as number);
      const slack = slackAmong(answer[k] as number, this.expected[k] as number, first.values[k] as number, second.values[k] as number);
      if (!Number.isFinite(gap) || !Number.isFinite(slack)) {
        unseen++;
        continue;
      }
      if (Math.abs(gap) > slack) return undefined;
      distance += Math.abs(gap) / slack;
    }
    return unseen < target.length ? { distance, unseen } : undefined;
  }
}

/**
 * How far a computed sum of differences may be from the answer's: rounding is relative to the largest
 * value the differences were computed from (a small difference of two large values is exact to the
 * large values' precision, not its own), with TOLERANCE's room for two forms of one function.
 */
function slackAmong(a: number, b: number, c: number, d: number): number {
  return TOLERANCE * Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d)) + ABSOLUTE;
}
