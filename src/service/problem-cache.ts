/**
 * Prepared functions by (function text, variable, format), least recently used evicted. A class
 * answering one question, or a grading pipeline sending the same function thousands of times, reads,
 * differentiates and builds the mistake candidates once.
 */
import { Problem, type ProblemOptions } from '../problem.js';

export class ProblemCache {
  private readonly entries = new Map<string, Problem>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 200) {}

  get(functionText: string, options: ProblemOptions): Problem {
    const key = keyOf(functionText, options);
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const problem = Problem.read(functionText, options);
    this.entries.set(key, problem);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return problem;
  }

  /** Drop a prepared function (what a check abandoned at its deadline had built of it). */
  forget(functionText: string, options: ProblemOptions): void {
    this.entries.delete(keyOf(functionText, options));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** What tells prepared functions apart: its text, variable, format and limits. */
export function keyOf(functionText: string, options: ProblemOptions): string {
  const { variable, format, limits } = options;
  // A check in the service's thread asks twice (the inline thread, then the cache) with the same
  // request's values: the last key is reused when they are the same, limits being the same object and
  // frozen (the service's are), so that the key cannot have changed under it.
  const last = lastKey;
  if (last && last.functionText === functionText && last.variable === variable && last.format === format && last.limits === limits) return last.key;
  // No variable is not x: the function's own letter may be the variable (parse/variable.ts).
  // JSON.stringify([functionText, variable, format, limits]), the limits written once (limitsKey).
  const key = `${JSON.stringify([functionText, variable ?? null, format ?? 'auto']).slice(0, -1)},${limitsKey(limits)}]`;
  if (limits === undefined || Object.isFrozen(limits)) lastKey = { functionText, variable, format, limits, key };
  return key;
}

/** The limits' part of a key: written once for frozen limits (the service's, the same for every request). */
function limitsKey(limits: ProblemOptions['limits']): string {
  if (limits === undefined) return 'null';
  if (!Object.isFrozen(limits)) return JSON.stringify(limits);
  let text = LIMITS_KEYS.get(limits);
  if (text === undefined) {
    text = JSON.stringify(limits);
    LIMITS_KEYS.set(limits, text);
  }
  return text;
}

const LIMITS_KEYS = new WeakMap<object, string>();

let lastKey: { functionText: string; variable?: string; format?: ProblemOptions['format']; limits?: ProblemOptions['limits']; key: string } | undefined;
