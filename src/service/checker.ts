/**
 * What the transports (HTTP, batch, command line) ask of the core. One interface, so the HTTP layer
 * does not care whether checks run in this thread or in a pool of workers with time budgets.
 */
import { checkAnswer, hidesAnswer, type Verdict } from '../check.js';
import { deriveFunction, type DerivativeReport } from '../derive.js';
import type { Language } from '../i18n/languages.js';
import type { Limits } from '../limits.js';
import type { Format } from '../parse/read.js';
import { echoOf, shaped, type ProfileName } from '../present/profiles.js';
import { languageOf, present, type Audience, type CheckResult, type PresentOptions } from '../present/result.js';
import type { Credits, ScoringMode, ScoringPolicy } from '../present/scoring.js';
import { validateAnswer, type ValidateRequest, type ValidationResult } from '../validate.js';
import { ProblemCache } from './problem-cache.js';

export interface CheckRequest {
  function: string;
  answer: string;
  variable?: string;
  format?: Format;
  quiet?: boolean;
  /** A served language or any BCP 47 tag (the HTTP layer puts Accept-Language's choice here). */
  lang?: string;
  audience?: Audience;
  reveal?: boolean;
  scoring?: ScoringMode;
  max_score?: number;
  credits?: Credits;
  attempt?: number;
  penalty_per_attempt?: number;
  profile?: ProfileName;
  user_id?: string;
  submission_id?: string;
  metadata?: unknown;
  /** When the answer was submitted (an AGS Score's timestamp); now when absent. */
  timestamp?: string;
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
  /** The media type of `json` (an AGS Score has its own). */
  contentType: string;
  /** The language of its texts (Content-Language). */
  lang: Language;
  verdict: Verdict;
  /** The mistake codes of the diagnosis, each once. */
  mistakes: string[];
}

export interface Checker {
  check(request: CheckRequest): Promise<CheckResult>;
  /** The same check, serialised where it ran (a checker without it is served through `check`). */
  checkSerialized?(request: CheckRequest): Promise<SerializedCheck>;
  derive(request: DeriveRequest): Promise<DerivativeReport>;
  /** How an answer reads, before grading (POST /v1/validate). */
  validate(request: ValidateRequest): Promise<ValidationResult>;
  close(): Promise<void>;
}

/**
 * What a checker's ready() (a worker pool's, for /ready) rejects with when it was closed before it was
 * ready: closed on purpose (the server could not listen, or was stopped while warming up), so no
 * failure to report.
 */
export class ClosedBeforeReady extends Error {
  override readonly name = 'ClosedBeforeReady';
}

export interface CoreOptions {
  /** The expression limits every request is read under (the core's defaults otherwise). */
  limits?: Partial<Limits>;
  /** Prepared functions kept (ProblemCache's default otherwise). */
  cacheSize?: number;
  /** The server's scoring defaults (SCORING_POLICY). */
  policy?: ScoringPolicy;
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
  /** Only reads (the answer, and the function when given): nothing is prepared or kept. */
  validate(request: ValidateRequest): ValidationResult;
  /** Drop the function prepared for this request, if kept. */
  forget(request: Pick<CheckRequest, 'function' | 'variable' | 'format'>): void;
}

/**
 * How a request wants its result presented: language, view and score. An AGS comment and an xqueue
 * message go to the student, so those profiles default to a student's view.
 */
export function presentOptionsOf(request: CheckRequest, policy: ScoringPolicy | undefined): PresentOptions {
  const audience = request.audience ?? (request.quiet || (request.profile !== undefined && request.profile !== 'chainrule') ? 'student' : 'teacher');
  return {
    lang: languageOf(request.lang),
    audience,
    ...(request.reveal !== undefined ? { reveal: request.reveal } : {}),
    ...(request.quiet !== undefined ? { quiet: request.quiet } : {}),
    ...(request.scoring !== undefined ? { scoring: request.scoring } : {}),
    ...(request.max_score !== undefined ? { max_score: request.max_score } : {}),
    ...(request.credits !== undefined ? { credits: request.credits } : {}),
    ...(request.attempt !== undefined ? { attempt: request.attempt } : {}),
    ...(request.penalty_per_attempt !== undefined ? { penalty_per_attempt: request.penalty_per_attempt } : {}),
    ...(policy ? { policy } : {}),
  };
}

export function checkCore(options: CoreOptions = {}): CheckCore {
  const cache = new ProblemCache(options.cacheSize);
  const limits = options.limits;
  /**
   * The result for a request, kept per prepared function and key (from its second check on,
   * kept-results.ts) as `keep` makes it. Everything that changes a result is in the key (the policy is the same for every request);
   * what is only echoed (ids, metadata) is added afterwards.
   */
  function keptResult<T>(request: CheckRequest, kind: string, keep: (result: CheckResult) => T): T {
    const problem = cache.get(request.function, { variable: request.variable, format: request.format, limits });
    const view = presentOptionsOf(request, options.policy);
    const { policy: _policy, ...keyed } = view;
    const key = JSON.stringify([kind, request.answer, request.format ?? null, keyed]);
    return problem.resultFor(key, () =>
      keep(present(checkAnswer(problem, request.answer, { quiet: hidesAnswer(view), format: request.format }), view)),
    );
  }
  return {
    check(request) {
      const result = keptResult(request, 'result', (result) => result);
      const echo = echoOf(request);
      return Object.keys(echo).length === 0 ? result : { ...result, ...echo };
    },
    checkSerialized(request) {
      // Our own shape with nothing echoed is the same text for every request with this key: keep the
      // text rather than the result's object tree. A kept tree outlives the young generation and is
      // copied by every garbage collection on its way to the old one; with answers that never repeat
      // that copying cost more than serialising, and a repeated answer is not serialised again.
      const plain = (request.profile === undefined || request.profile === 'chainrule') && Object.keys(echoOf(request)).length === 0;
      return plain ? keptResult(request, 'json', (result) => serialized(result, request)) : serialized(this.check(request), request);
    },
    derive(request) {
      return deriveFunction(request.function, { variable: request.variable, format: request.format, limits });
    },
    validate(request) {
      return validateAnswer(request, limits ? { limits } : {});
    },
    forget(request) {
      cache.forget(request.function, { variable: request.variable, format: request.format, limits });
    },
  };
}

/**
 * A request for the core, as the pool hands it to a worker thread (check-worker.ts) or tries it in the
 * service's own thread first (inline-first.ts).
 */
export type CoreTask =
  | { op: 'check'; request: CheckRequest }
  | { op: 'checkSerialized'; request: CheckRequest }
  | { op: 'derive'; request: DeriveRequest }
  | { op: 'validate'; request: ValidateRequest };

/** What the core answers a task with: the one switch over operations, wherever the task runs. */
export function runTask(core: CheckCore, task: CoreTask): CheckResult | SerializedCheck | DerivativeReport | ValidationResult {
  switch (task.op) {
    case 'check':
      return core.check(task.request);
    case 'checkSerialized':
      return core.checkSerialized(task.request);
    case 'derive':
      return core.derive(task.request);
    case 'validate':
      return core.validate(task.request);
  }
}

/** Checks that take every path of the core once: text and LaTeX, a correct and a diagnosed answer, a derivation, a validation. */
export function warmUp(core: CheckCore): void {
  core.checkSerialized({ function: 'sin(x^2)', answer: '2x cos(x^2)' });
  core.check({ function: '(3x+1)^4', answer: '4(3x+1)^3' });
  core.check({ function: '\\sqrt{\\ln(t)}', answer: '\\frac{1}{2t\\sqrt{\\ln t}}', variable: 't', format: 'latex' });
  core.derive({ function: 'e^(cos(a x))' });
  core.validate({ answer: '3k cos(3t)', function: 'sin(3t)' });
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
    async validate(request) {
      return core.validate(request);
    },
    async close() {},
  };
}

/** A result as the JSON text of the shape the request asked for. */
export function serialized(result: CheckResult, request: Pick<CheckRequest, 'profile' | 'timestamp'> = {}): SerializedCheck {
  const { body, contentType } = shaped(result, request.profile, request.timestamp);
  return {
    json: JSON.stringify(body),
    contentType,
    lang: result.lang,
    verdict: result.verdict,
    mistakes: [...new Set(result.diagnosis.map((entry) => entry.mistake))],
  };
}

/** A check as JSON text: serialised where it ran when the checker can, here otherwise. */
export function checkSerialized(checker: Checker, request: CheckRequest): Promise<SerializedCheck> {
  return checker.checkSerialized ? checker.checkSerialized(request) : checker.check(request).then((result) => serialized(result, request));
}
