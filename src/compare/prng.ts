/**
 * A tiny seeded generator (mulberry32): the equivalence test must give the same verdict, from the same
 * points, every time it sees the same question, so nothing here may touch Math.random.
 */
export type Random = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed; the same seed always gives the same sequence. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in (lo, hi). */
export function uniform(random: Random, lo: number, hi: number): number {
  return lo + (hi - lo) * random();
}

/** A magnitude log-uniform in [lo, hi] with a random sign. */
export function signedLogUniform(random: Random, lo: number, hi: number): number {
  const magnitude = Math.exp(uniform(random, Math.log(lo), Math.log(hi)));
  return random() < 0.5 ? -magnitude : magnitude;
}

/** Shuffle in place (Fisher–Yates) with the given generator. */
export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
