/**
 * Compilation remembered for the trees that last: a prepared function's own (the function, its
 * derivative, its mistake candidates), which every check of it evaluates on domains of its own (an
 * answer's breakpoints, a candidate's points) and every sampler of it compiles again. Each is compiled
 * once per symbol list, kept weakly by the tree, so it goes with its prepared function.
 *
 * An answer's trees are compiled on each use instead. They were kept too, but a tree kept as a key
 * of a WeakMap keeps what it maps to alive through the next young-generation collection whether the
 * tree is still used or not, and a check's compiled closures are many: measured on answers that never
 * repeat, they were almost everything that collection copied (1.4 MB of 1.4 MB at each), its pauses
 * three times as long, and compiling an answer again for its two or three domains costs less.
 */
import type { Expr } from '../tree/nodes.js';

const LASTING = new WeakSet<Expr>();

/** Marks a tree as lasting (a prepared function's): its compilations are kept while it lives. */
export function lasting(expr: Expr): void {
  LASTING.add(expr);
}

export function compiledOnce<T>(build: (expr: Expr, symbols: readonly string[]) => T): (expr: Expr, symbols: readonly string[]) => T {
  const cache = new WeakMap<Expr, Map<string, T>>();
  return (expr, symbols) => (LASTING.has(expr) ? keptBySymbols(cache, expr, symbols, build) : build(expr, symbols));
}

/** A map by tree, weak or not, of what was made of it for each list of symbols. */
export interface BySymbols<T> {
  get(expr: Expr): Map<string, T> | undefined;
  set(expr: Expr, bySymbols: Map<string, T>): unknown;
}

/** What `build` makes of a tree for a list of symbols, made once and kept in `cache`. */
export function keptBySymbols<T>(cache: BySymbols<T>, expr: Expr, symbols: readonly string[], build: (expr: Expr, symbols: readonly string[]) => T): T {
  // Symbol names are identifiers (no commas), so the joined list identifies the list.
  const key = symbols.join(',');
  let bySymbols = cache.get(expr);
  if (!bySymbols) {
    bySymbols = new Map();
    cache.set(expr, bySymbols);
  }
  let made = bySymbols.get(key);
  if (made === undefined) {
    made = build(expr, symbols);
    bySymbols.set(key, made);
  }
  return made;
}
