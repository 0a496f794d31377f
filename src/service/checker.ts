/**
 * What the transports (HTTP, batch, command line) ask of the core. One interface, so the HTTP layer
 * does not care whether checks run in this thread or in a pool of workers with time budgets.
 */
import { checkAnswer, type CheckResult, type Verdict } from '../check.js';
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

/**
 * A check's result as the JSON text the API answers, with what the service counts of it. A worker
 * thread hands this back rather than the result's object tree: a string crosses between threads at
 * almost no cost, where rebuilding the tree and serialising it again cost the service's one thread
 * more than anything else in a request.
 */
export interface SerializedCheck {
  json: string;
  verdict: Verdict;
  /** The mistake codes of the diagnosis, each once. */
  mistakes: string[];
}

export interface Checker {
  check(request: CheckRequest): Promise<CheckResult>;
  /** The same check, serialised where it ran (a checker without it is served through `check`). */
  checkSerialized?(request: CheckRequest): Promise<SerializedCheck>;
  derive(request: DeriveRequest): Promise<DerivativeReport>;
  close(): Promise<void>;
}

export interface CoreOptions {
  /** The expression limits every request is read under (the core's defaults otherwise). */
  limits?: Partial<Limits>;
  /** Prepared functions kept (ProblemCache's default otherwise). */
  cacheSize?: number;
}

/**
 * The core answering requests synchronously, with prepared functions shared across requests: what
 * `inProcessChecker` awaits, and what each worker of the pool (check-worker.ts) runs on its thread.
 * Failures are thrown as the core throws them (a ReadError labelled with its field, or a bug).
 */
export interface CheckCore {
  check(request: CheckRequest): CheckResult;
  checkSerialized(request: CheckRequest): SerializedCheck;
  derive(request: DeriveRequest): DerivativeReport;
}

export function checkCore(options: CoreOptions = {}): CheckCore {
  const cache = new ProblemCache(options.cacheSize);
  const limits = options.limits;
  return {
    check(request) {
      const problem = cache.get(request.function, { variable: request.variable, format: request.format, limits });
      const key = JSON.stringify([request.answer, request.quiet ?? false, request.format ?? null]);
      return problem.resultFor(key, () => checkAnswer(problem, request.answer, { quiet: request.quiet, format: request.format }));
    },
    checkSerialized(request) {
      return serialized(this.check(request));
    },
    derive(request) {
      return deriveFunction(request.function, { variable: request.variable, format: request.format, limits });
    },
  };
}

/** The core called directly in this thread: no isolation and no time budget (tests, the CLI, CHECKER=inline). */
export function inProcessChecker(options: CoreOptions = {}): Checker {
  const core = checkCore(options);
  return {
    async check(request) {
      return core.check(request);
    },
    async checkSerialized(request) {
      return core.checkSerialized(request);
    },
    async derive(request) {
      return core.derive(request);
    },
    async close() {},
  };
}

export function serialized(result: CheckResult): SerializedCheck {
  return { json: JSON.stringify(result), verdict: result.verdict, mistakes: [...new Set(result.diagnosis.map((entry) => entry.mistake))] };
}

/** A check as JSON text: serialised where it ran when the checker can, here otherwise. */
export function checkSerialized(checker: Checker, request: CheckRequest): Promise<SerializedCheck> {
  return checker.checkSerialized ? checker.checkSerialized(request) : checker.check(request).then(serialized);
}
