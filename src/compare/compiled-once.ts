/**
 * Compilation remembered per expression and symbol list. One expression is evaluated on several
 * domains (an answer on the usual points, then the far and breakpoint points, then beside its own
 * kinks; a candidate likewise), and the function and its derivative decide where every sampler's
 * points are defined: each is compiled once rather than once per domain. Keyed weakly by the tree, so
 * an answer's evaluators go when its check is over, and a function's stay as long as it is prepared.
 */
import type { Expr } from '../tree/nodes.js';

export function compiledOnce<T>(build: (expr: Expr, symbols: readonly string[]) => T): (expr: Expr, symbols: readonly string[]) => T {
  const cache = new WeakMap<Expr, Map<string, T>>();
  return (expr, symbols) => {
    // Symbol names are identifiers (no commas), so the joined list identifies the list.
    const key = symbols.join(',');
    let bySymbols = cache.get(expr);
    if (!bySymbols) {
      bySymbols = new Map();
      cache.set(expr, bySymbols);
    }
    let compiled = bySymbols.get(key);
    if (compiled === undefined) {
      compiled = build(expr, symbols);
      bySymbols.set(key, compiled);
    }
    return compiled;
  };
}
