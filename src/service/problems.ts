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
  // Anything else is a fault of the service, never of the input: say so without internals.
  return {
    type: `${PROBLEM_BASE}internal-error`,
    title: 'Internal error',
    status: 500,
    detail: 'The check failed inside the service; the error has been logged.',
  };
}
