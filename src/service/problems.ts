/**
 * Failures as RFC 9457 problem details, for every transport: the HTTP error responses, the error
 * entries of a batch, and the command-line grader's error rows all say the same thing the same way.
 */
import { ReadError } from '../parse/errors.js';

export const PROBLEM_BASE = 'https://chainrule.dev/problems/';

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
  /** For request validation: every problem found. */
  errors?: Array<{ field: string; message: string }>;
}

/** An item that is not a check request at all (a CSV row without an answer, an NDJSON line that is not JSON). */
export class InvalidItem extends Error {
  constructor(
    message: string,
    readonly errors: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'InvalidItem';
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
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'Overloaded';
  }
}

/** Seconds a client should wait before retrying after this error (for Retry-After), if it says. */
export function retryAfterSeconds(error: unknown): number | undefined {
  return error instanceof Overloaded ? error.retryAfterSeconds : undefined;
}

export function problemFromError(error: unknown): ProblemDetails {
  if (error instanceof ReadError) {
    return {
      type: `${PROBLEM_BASE}invalid-expression`,
      title: 'The expression cannot be read',
      status: 422,
      detail: error.field ? `${error.field}: ${error.message}` : error.message,
      ...(error.field ? { field: error.field } : {}),
      position: error.position,
      ...(error.token !== undefined ? { token: error.token } : {}),
      ...(error.hint !== undefined ? { hint: error.hint } : {}),
      code: error.code,
    };
  }
  if (error instanceof InvalidItem) {
    return {
      type: `${PROBLEM_BASE}invalid-request`,
      title: 'The request is not valid',
      status: 400,
      detail: error.message,
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    };
  }
  if (error instanceof BudgetExceeded) {
    return {
      type: `${PROBLEM_BASE}too-expensive`,
      title: 'The expression is too expensive to check',
      status: 422,
      detail: `Checking it took longer than the time budget of ${error.budgetMs} ms, so it was stopped. Write the function or the answer with fewer nested or repeated compositions.`,
    };
  }
  if (error instanceof MemoryExceeded) {
    return {
      type: `${PROBLEM_BASE}too-expensive`,
      title: 'The expression is too expensive to check',
      status: 422,
      detail: `Checking it needed more than ${error.limitMb} MB of memory, so it was stopped. Write the function or the answer with fewer nested or repeated compositions.`,
    };
  }
  if (error instanceof Overloaded) {
    return {
      type: `${PROBLEM_BASE}overloaded`,
      title: 'The service is overloaded',
      status: 503,
      detail: `${error.message} Retry in ${error.retryAfterSeconds} s.`,
    };
  }
  // Anything else is a fault of the service, never of the input: say so without internals.
  return {
    type: `${PROBLEM_BASE}internal-error`,
    title: 'Internal error',
    status: 500,
    detail: 'The check failed inside the service; the error has been logged.',
  };
}
