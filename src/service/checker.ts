/**
 * What the transports (HTTP, batch, command line) ask of the core. One interface, so the HTTP layer
 * does not care whether checks run in this thread or in a pool of workers with time budgets.
 */
import { checkAnswer, type CheckResult } from '../check.js';
import { deriveFunction, type DerivativeReport } from '../derive.js';
import type { Limits } from '../limits.js';
import type { Format } from '../parse/read.js';
import { ProblemCache } from './problem-cache.js';

export interface CheckRequest {
  function: string;
  answer: string;
  variable?: string;
  format?: Format;
  quiet?: boolean;
}

export interface DeriveRequest {
  function: string;
  variable?: string;
  format?: Format;
}

export interface Checker {
  check(request: CheckRequest): Promise<CheckResult>;
  derive(request: DeriveRequest): Promise<DerivativeReport>;
  close(): Promise<void>;
}

/** The core called directly, with prepared functions shared across requests. */
export function inProcessChecker(options: { limits?: Partial<Limits>; cacheSize?: number } = {}): Checker {
  const cache = new ProblemCache(options.cacheSize);
  const limits = options.limits;
  return {
    async check(request) {
      const problem = cache.get(request.function, { variable: request.variable, format: request.format, limits });
      return checkAnswer(problem, request.answer, { quiet: request.quiet, format: request.format });
    },
    async derive(request) {
      return deriveFunction(request.function, { variable: request.variable, format: request.format, limits });
    },
    async close() {},
  };
}
