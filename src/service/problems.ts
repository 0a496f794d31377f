/**
 * Failures as RFC 9457 problem details, for every transport: the HTTP error responses, the error
 * entries of a batch, and the command-line grader's error rows all say the same thing the same way.
 */
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { msg, type Message } from '../i18n/message.js';
import { renderMessage } from '../i18n/render.js';
import { ReadError } from '../parse/errors.js';
import { languageOf } from '../present/result.js';

export const PROBLEM_BASE = 'https://chainrule.dev/problems/';

/** A problem as the service says it: its texts as messages, rendered when it is sent. */
export interface ProblemSpec {
  type: string;
  title: Message;
  status: number;
  detail: Message;
  field?: string;
  position?: number;
  token?: string;
  hint?: Message;
  code?: string;
  /** An answer that cannot be read is not gradable (LTI's NotReady), as one that needs brackets. */
  grading_status?: 'not_gradable';
  errors?: Array<{ field: string; message: Message }>;
}

/** A problem document (RFC 9457) in a language, with each text's `{code, params}` in `i18n`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The request field at fault (function, answer, variable, or a body field). */
  field?: string;
  /** For expressions: 0-based code-point position, the token, a hint and a stable code. */
  position?: number;
  token?: string;
  hint?: string;
  code?: string;
  /** `not_gradable` when it is the answer that cannot be read: the student's to rewrite, not the caller's to fix. */
  grading_status?: 'not_gradable';
  /** For request validation: every problem found. */
  errors?: Array<{ field: string; message: string; i18n: { message: Message } }>;
  i18n: { title: Message; detail: Message; hint?: Message };
}

export function renderProblem(spec: ProblemSpec, language: Language = DEFAULT_LANGUAGE): ProblemDetails {
  const render = (message: Message) => renderMessage(message, language);
  // Members in the spec's order, each text rendered where it stands.
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (value === undefined) continue;
    if (key === 'title' || key === 'detail' || key === 'hint') out[key] = render(value as Message);
    else if (key === 'errors') out[key] = (value as NonNullable<ProblemSpec['errors']>).map((e) => ({ field: e.field, message: render(e.message), i18n: { message: e.message } }));
    else out[key] = value;
  }
  out.i18n = { title: spec.title, detail: spec.detail, ...(spec.hint ? { hint: spec.hint } : {}) };
  return out as unknown as ProblemDetails;
}

/** An item that is not a check request at all (a CSV row without an answer, an NDJSON line that is not JSON). */
export class InvalidItem extends Error {
  constructor(
    readonly text: Message,
    readonly errors: Array<{ field: string; message: Message }> = [],
  ) {
    super();
    this.name = 'InvalidItem';
    Object.defineProperty(this, 'message', { get: () => renderMessage(this.text, 'en'), enumerable: false, configurable: true });
  }
}

/**
 * A check stopped because it ran past its time budget: the input is legal but too expensive (deeply
 * nested or many repeated compositions multiply the work). The caller's fault, so a 422, not a 500.
 */
export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`The check was stopped after its time budget of ${budgetMs} ms.`);
    this.name = 'BudgetExceeded';
  }
}

/** A check stopped because its thread ran out of memory: like a budget, the input's fault (422). */
export class MemoryExceeded extends Error {
  constructor(readonly limitMb: number) {
    super(`The check was stopped when it needed more than ${limitMb} MB of memory.`);
    this.name = 'MemoryExceeded';
  }
}

/**
 * The service cannot take the check now: every worker is busy and the queue is full, the check waited
 * in the queue too long, or the service is shutting down. Worth retrying after `retryAfterSeconds`,
 * which the HTTP layer sends as Retry-After (see `retryAfterSeconds()`).
 */
export class Overloaded extends Error {
  constructor(
    readonly text: Message,
    readonly retryAfterSeconds: number,
  ) {
    super();
    this.name = 'Overloaded';
    Object.defineProperty(this, 'message', { get: () => renderMessage(this.text, 'en'), enumerable: false, configurable: true });
  }
}

/** Seconds a client should wait before retrying after this error (for Retry-After), if it says. */
export function retryAfterSeconds(error: unknown): number | undefined {
  return error instanceof Overloaded ? error.retryAfterSeconds : undefined;
}

/** The student's answer cannot be read (not the function, the variable or the request). */
export function isUnreadableAnswer(error: unknown): error is ReadError {
  return error instanceof ReadError && error.field === 'answer';
}

/** The problem an error stands for, in a language (English by default). */
export function problemFromError(error: unknown, language: Language = DEFAULT_LANGUAGE): ProblemDetails {
  return renderProblem(problemSpec(error), language);
}

/** A batch item's failure, in the item's language. */
export function problemForItem(error: unknown, item?: { lang?: string }): ProblemDetails {
  return problemFromError(error, languageOf(item?.lang));
}

export function problemSpec(error: unknown): ProblemSpec {
  if (error instanceof ReadError) {
    return {
      type: `${PROBLEM_BASE}invalid-expression`,
      title: msg('problem.invalid_expression.title'),
      status: 422,
      detail: error.field ? msg('problem.invalid_expression.detail', { field: error.field, message: error.text }) : error.text,
      ...(error.field ? { field: error.field } : {}),
      position: error.position,
      ...(error.token !== undefined ? { token: error.token } : {}),
      ...(error.hintText !== undefined ? { hint: error.hintText } : {}),
      code: error.code,
      ...(isUnreadableAnswer(error) ? { grading_status: 'not_gradable' as const } : {}),
    };
  }
  if (error instanceof InvalidItem) {
    return {
      type: `${PROBLEM_BASE}invalid-request`,
      title: msg('problem.invalid_request.title'),
      status: 400,
      detail: error.text,
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    };
  }
  if (error instanceof BudgetExceeded) {
    return {
      type: `${PROBLEM_BASE}too-expensive`,
      title: msg('problem.too_expensive.title'),
      status: 422,
      detail: msg('problem.too_expensive.time', { budget: error.budgetMs }),
    };
  }
  if (error instanceof MemoryExceeded) {
    return {
      type: `${PROBLEM_BASE}too-expensive`,
      title: msg('problem.too_expensive.title'),
      status: 422,
      detail: msg('problem.too_expensive.memory', { limit: error.limitMb }),
    };
  }
  if (error instanceof Overloaded) {
    return {
      type: `${PROBLEM_BASE}overloaded`,
      title: msg('problem.overloaded.title'),
      status: 503,
      detail: msg('problem.retry_in', { reason: error.text, seconds: error.retryAfterSeconds }),
    };
  }
  // Anything else is a fault of the service, never of the input: say so without internals.
  return {
    type: `${PROBLEM_BASE}internal-error`,
    title: msg('problem.internal.title'),
    status: 500,
    detail: msg('problem.internal.detail'),
  };
}
