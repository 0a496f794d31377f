/**
 * The results one prepared function keeps, by answer (and options): the most recently used `capacity`
 * of them, each kept from its answer's second check on.
 *
 * Why not from the first: in a class most repeated answers come back many times, and checking one of
 * them twice costs nothing worth counting; but a result kept for an answer that never comes back (most
 * answers, in a large class) outlives the young generation, is copied by its collections and promoted,
 * and is then collected from the old one, every one of them. Measured on answers that never repeat,
 * that cost ~7% of a check's CPU (and lengthens the young collections' pauses); a hash per answer is
 * what it costs now. Answers seen once are remembered by a 30-bit hash of their key (a small integer,
 * stored without an allocation), the last `SEEN_REMEMBERED` of them: two keys with the same hash only
 * mean a result kept one check earlier.
 */
export const SEEN_REMEMBERED = 1024;

export class KeptResults {
  private readonly results = new Map<string, unknown>();
  private readonly seenOnce = new Set<number>();

  /** `whenKept` is applied to a result as it is kept (frozen, say: every later caller shares it). */
  constructor(
    private readonly capacity: number,
    private readonly whenKept: <T>(result: T) => T = (result) => result,
  ) {}

  get size(): number {
    return this.results.size;
  }

  /** The result kept for `key`, computed by `compute` when there is none (and then kept if seen before). */
  resultFor<T>(key: string, compute: () => T): T {
    const found = this.results.get(key);
    if (found !== undefined) {
      this.results.delete(key);
      this.results.set(key, found);
      return found as T;
    }
    const result = compute();
    const hash = hashOf(key);
    if (this.seenOnce.delete(hash)) {
      this.results.set(key, this.whenKept(result));
      if (this.results.size > this.capacity) this.results.delete(this.results.keys().next().value as string);
    } else {
      this.seenOnce.add(hash);
      if (this.seenOnce.size > SEEN_REMEMBERED) this.seenOnce.delete(this.seenOnce.values().next().value as number);
    }
    return result;
  }
}

/** FNV-1a over the UTF-16 code units, to 30 bits: spread well enough for telling answers apart, and cheap. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}
