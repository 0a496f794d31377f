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

/** Differences closer than this, relative to the values they were computed from, are taken to agree. */
const TOLERANCE = 1e-6;
/** And closer than this (absolute): a 0 computed with rounding noise. */
const ABSOLUTE = 1e-12;

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
   * Pairs of singles whose differences sum to the answer's at every key point where all three are
   * defined (at least one: a value undefined on one side cannot exclude a pair, as for the value index),
   * each once, at most `max`: those that agree at more points first, then in the order of their first
   * single and their second.
   */
  find(answer: readonly number[], max: number): Array<[T, T]> {
    const { expected } = this;
    if (this.all.length < 2 || answer.length !== expected.length || !answer.some(Number.isFinite)) return [];
    const target = Float64Array.from(answer, (a, k) => a - (expected[k] as number));
    const found: Array<{ first: Single<T>; second: Single<T>; unseen: number }> = [];
    for (const first of this.all) {
      for (const second of this.seconds(first, target, answer)) {
        if (second.order <= first.order) continue;
        const unseen = this.unseenIfSum(target, answer, first, second);
        if (unseen !== undefined) found.push({ first, second, unseen });
      }
    }
    return found
      .sort((p, q) => p.unseen - q.unseen || p.first.order - q.first.order || p.second.order - q.second.order)
      .slice(0, max)
      .map(({ first, second }) => [first.item, second.item]);
  }

  /** The singles that may complete `first`: by the window at the first key point where it and the answer are defined there. */
  private *seconds(first: Single<T>, target: Float64Array, answer: readonly number[]): Generator<Single<T>> {
    const wanted = (target[0] as number) - (first.delta[0] as number);
    if (!Number.isFinite(wanted)) {
      yield* this.all;
      return;
    }
    const slack = slackAmong(answer[0] as number, this.expected[0] as number, first.values[0] as number, wanted);
    for (let at = this.lowerBound(wanted - slack); at < this.sorted.length; at++) {
      const second = this.sorted[at] as Single<T>;
      if ((second.delta[0] as number) > wanted + slack) break;
      yield second;
    }
    yield* this.loose;
  }

  /**
   * Whether the two differences sum to the answer's at every key point where all are defined: how many
   * points could not be looked at, or undefined when they do not sum (or no point could be looked at).
   */
  private unseenIfSum(target: Float64Array, answer: readonly number[], first: Single<T>, second: Single<T>): number | undefined {
    let unseen = 0;
    for (let k = 0; k < target.length; k++) {
      const gap = (target[k] as number) - (first.delta[k] as number) - (second.delta[k] as number);
      if (Number.isNaN(gap)) {
        unseen++;
        continue;
      }
      if (Math.abs(gap) > slackAmong(answer[k] as number, this.expected[k] as number, first.values[k] as number, second.values[k] as number)) return undefined;
    }
    return unseen < target.length ? unseen : undefined;
  }

  /** The first position whose difference at the first key point is at least `value`. */
  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (((this.sorted[mid] as Single<T>).delta[0] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
