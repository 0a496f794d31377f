/**
 * Candidates indexed by their values at a few sample points, so a wrong answer meets only the
 * candidates that agree with it there (a function can have hundreds). The index is a prefilter: what it
 * returns is then compared in full by the same equivalence test that decides correctness, so its
 * tolerance only needs to keep every candidate that could match — rounding differs between two forms
 * of one function by far less than 1e-6 relative at ordinary points — never to decide.
 */

/** Keys closer than this (relative) are taken to agree. */
export const TOLERANCE = 1e-6;
/**
 * And closer than this (absolute): an exact 0 and a 0 computed with rounding noise (sin(x)·cos(x)·tan(x)
 * with sin's sign flipped is 0, computed as 1e-17) are equal to the full test, which weighs the noise.
 */
export const ABSOLUTE = 1e-12;

function agree(a: number, b: number): boolean {
  // An undefined value on either side cannot exclude anything: the full comparison skips such points.
  if (!Number.isFinite(a) || !Number.isFinite(b)) return true;
  return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) + ABSOLUTE;
}

/**
 * Keys of two expressions that could be one function where both are defined: they agree wherever
 * both are finite, and both are finite somewhere (the index's test, for keys taken elsewhere than
 * at the problem's points).
 */
export function keysAgreeSomewhere(a: readonly number[], b: readonly number[]): boolean {
  return a.some((k, i) => Number.isFinite(k) && Number.isFinite(b[i])) && a.every((k, i) => agree(k, b[i] as number));
}

export class ValueIndex<T> {
  /** Items with a finite first key, sorted by it. */
  private readonly sorted: Array<{ item: T; key: readonly number[]; order: number }>;
  /** Items undefined at the first point: always candidates. */
  private readonly anywhere: Array<{ item: T; key: readonly number[]; order: number }>;

  constructor(items: readonly T[], keyOf: (item: T) => readonly number[]) {
    const entries = items.map((item, order) => ({ item, key: keyOf(item), order }));
    this.sorted = entries.filter((e) => Number.isFinite(e.key[0])).sort((a, b) => (a.key[0] as number) - (b.key[0] as number));
    this.anywhere = entries.filter((e) => !Number.isFinite(e.key[0]));
  }

  /** The items whose keys agree with these values at every point (a superset of the matches), in their original order. */
  near(values: readonly number[]): T[] {
    const first = values[0] as number;
    let window = this.sorted;
    if (Number.isFinite(first)) {
      const slack = TOLERANCE * Math.abs(first) + ABSOLUTE;
      // The keys within the window are within TOLERANCE of `first` relative to the larger of the two,
      // a superset of those within TOLERANCE relative to `first` alone, widened to be safe.
      const lo = firstAtLeast(this.sorted, first - 2 * slack, (e) => e.key[0] as number);
      const hi = firstAtLeast(this.sorted, first + 2 * slack + Number.MIN_VALUE, (e) => e.key[0] as number);
      window = this.sorted.slice(lo, hi);
    }
    return [...window, ...this.anywhere]
      .filter((e) => e.key.every((k, i) => agree(k, values[i] as number)))
      .sort((a, b) => a.order - b.order)
      .map((e) => e.item);
  }
}

/** In items sorted by `keyOf`, the first position whose key is at least `value` (items.length if none). */
export function firstAtLeast<T>(items: readonly T[], value: number, keyOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(items[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
