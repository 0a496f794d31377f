/**
 * Bounds on what one expression may cost. Every reader and the differentiator check them, so no input
 * can take unbounded time or memory; the HTTP layer reads overrides from the environment.
 */
export interface Limits {
  /** Characters in one expression. */
  maxLength: number;
  /** Nesting of brackets, function applications and operators. */
  maxDepth: number;
  /** Nodes in the tree read from one expression. */
  maxNodes: number;
  /** Largest absolute value of a number written in the expression. */
  maxNumber: number;
  /** Largest absolute value of a constant exponent (x^5000 is allowed, x^100000 is not). */
  maxExponent: number;
  /** Distinct parameters (letters other than the variable). */
  maxParameters: number;
  /**
   * Nodes of a derivative written out (shared subtrees counted each time): bounds the work of
   * evaluating, simplifying and printing it. A derivative over it is refused; a mistake candidate over
   * it is not considered (no student writes an answer that size).
   */
  maxDerivativeNodes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxLength: 2000,
  maxDepth: 60,
  maxNodes: 1500,
  maxNumber: 1e12,
  maxExponent: 10000,
  maxParameters: 8,
  maxDerivativeNodes: 20000,
});

export function resolveLimits(overrides: Partial<Limits> | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...(overrides ?? {}) };
}
