/** Inputs and helpers for the tests of budgets and deadlines (the worker pool, inline-first, deadline.ts). */

/**
 * sin(x^2+0)·sin(x^3+1)·…: n side-by-side chain nodes under the product rule. A wrong answer's
 * diagnosis builds and evaluates a mistake candidate per node and variant, each a derivative of n terms
 * of n factors, so the work grows with n³. Measured in process on the 2-core machine: n = 8 took about
 * 0.8 s, n = 12 1.2 s, n = 40 5.7 s, n = 50 (631 characters, inside every limit) 9.4 s. Should the core
 * get much faster, pick larger n where a test needs seconds.
 */
export function product(n: number): string {
  return Array.from({ length: n }, (_, i) => `sin(x^${i + 2}+${i})`).join('*');
}

/** What a promise rejects with; a test failure if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}
