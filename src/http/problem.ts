/**
 * Every error the HTTP service answers is an RFC 9457 problem (application/problem+json): `type`,
 * `title`, `status`, `detail`, `instance` (the request path) and members of its own. The problems a
 * request's content causes (an unreadable expression, an invalid request) come from the mapping all
 * transports share (service/problems.ts); this module adds the ones only HTTP has: bad JSON, a body too
 * large, the wrong media type, unknown routes and methods.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_BASE, problemFromError, type ProblemDetails } from '../service/problems.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The `type` URIs only the HTTP layer produces (the shared ones are in service/problems.ts). */
export const HTTP_PROBLEM_TYPES = {
  malformedJson: `${PROBLEM_BASE}malformed-json`,
  payloadTooLarge: `${PROBLEM_BASE}payload-too-large`,
  unsupportedMediaType: `${PROBLEM_BASE}unsupported-media-type`,
  notFound: `${PROBLEM_BASE}not-found`,
  methodNotAllowed: `${PROBLEM_BASE}method-not-allowed`,
  badRequest: `${PROBLEM_BASE}bad-request`,
  unauthorized: `${PROBLEM_BASE}unauthorized`,
  rateLimited: `${PROBLEM_BASE}rate-limited`,
  notReady: `${PROBLEM_BASE}not-ready`,
  requestTimeout: `${PROBLEM_BASE}request-timeout`,
} as const;

/** A body that had not arrived whole within the request timeout after its headers. */
export class RequestTimeout extends Error {
  /** Fastify's body reader keeps a 4xx status it finds on the error. */
  readonly statusCode = 408;
  constructor(readonly timeoutMs: number) {
    super(`The request body did not arrive within ${timeoutMs} ms of its headers.`);
    this.name = 'RequestTimeout';
  }
}

/** A request to a protected route without a valid API key (only when API_KEYS is set). */
export class Unauthorized extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unauthorized';
  }
}

/** Over the rate limit of this key or address; `retryAfterSeconds` is also sent as Retry-After. */
export class RateLimited extends Error {
  constructor(
    readonly max: number,
    readonly window: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Over the limit of ${max} requests per ${window} for this key or address.`);
    this.name = 'RateLimited';
  }
}

/** A JSON batch with more items than the service takes in one request. */
export class TooManyItems extends Error {
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(`The batch has ${count} items; the limit is ${limit} per request.`);
    this.name = 'TooManyItems';
  }
}

/** A body that is not JSON; `position` in code points, like expression positions. */
export class MalformedJson extends Error {
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'MalformedJson';
  }
}

export interface ErrorContext {
  bodyLimit: number;
  contentType: string | undefined;
}

/** The problem an error thrown while serving a request stands for. */
export function problemForError(error: unknown, context: ErrorContext | undefined): ProblemDetails {
  if (error instanceof Unauthorized) {
    return { type: HTTP_PROBLEM_TYPES.unauthorized, title: 'Unauthorized', status: 401, detail: error.message };
  }
  if (error instanceof RateLimited) {
    return {
      type: HTTP_PROBLEM_TYPES.rateLimited,
      title: 'Too many requests',
      status: 429,
      detail: `${error.message} Retry in ${error.retryAfterSeconds} s.`,
    };
  }
  if (error instanceof RequestTimeout) {
    return { type: HTTP_PROBLEM_TYPES.requestTimeout, title: 'Request timeout', status: 408, detail: `${error.message} The connection is closed.` };
  }
  if (error instanceof MalformedJson) {
    return {
      type: HTTP_PROBLEM_TYPES.malformedJson,
      title: 'The body is not valid JSON',
      status: 400,
      detail: error.message,
      ...(error.position !== undefined ? { position: error.position } : {}),
    };
  }
  if (error instanceof TooManyItems) {
    return {
      type: HTTP_PROBLEM_TYPES.payloadTooLarge,
      title: 'The body is too large',
      status: 413,
      detail: `${error.message} Send more requests, or stream the items as NDJSON (Content-Type: application/x-ndjson), which has no item limit.`,
    };
  }
  const code = fastifyErrorCode(error);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      type: HTTP_PROBLEM_TYPES.payloadTooLarge,
      title: 'The body is too large',
      status: 413,
      detail: `The request body is over the limit of ${context?.bodyLimit ?? 'configured'} bytes.`,
    };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    // The header is echoed to say what was wrong with it, cut short: it is the client's text.
    const sent = context?.contentType ? `, not ${JSON.stringify(context.contentType.slice(0, 100))}` : '';
    return {
      type: HTTP_PROBLEM_TYPES.unsupportedMediaType,
      title: 'Unsupported media type',
      status: 415,
      detail: `Send the body as JSON with Content-Type: application/json${sent}.`,
    };
  }
  // The framework's own refusals of a malformed request (a body shorter than its Content-Length, a URL
  // that does not decode): the client's fault, in Fastify's words (which quote at most the bad URL).
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  if (code?.startsWith('FST_') && typeof status === 'number' && status >= 400 && status < 500) {
    return {
      type: HTTP_PROBLEM_TYPES.badRequest,
      title: STATUS_CODES[status] ?? 'Bad request',
      status,
      detail: `${(error as Error).message}.`,
    };
  }
  // An unreadable expression (422), an invalid request (400), or a fault of the service (500).
  return problemFromError(error);
}

export function notFoundProblem(method: string): ProblemDetails {
  return {
    type: HTTP_PROBLEM_TYPES.notFound,
    title: 'Not found',
    status: 404,
    detail: `There is no ${method} endpoint at this path; the API is described at /openapi.yaml and /docs.`,
  };
}

export function methodNotAllowedProblem(method: string, allowed: readonly string[]): ProblemDetails {
  return {
    type: HTTP_PROBLEM_TYPES.methodNotAllowed,
    title: 'Method not allowed',
    status: 405,
    detail: `This path does not take ${method}; it takes ${allowed.join(', ')}.`,
  };
}

/**
 * The raw HTTP response for a request Node's parser could not read (conflicting Content-Length and
 * Transfer-Encoding, headers over the size limit, a request that timed out): there is no request
 * object, so no path for `instance` and no request id, but still a problem, not Fastify's plain JSON.
 */
export function unreadableRequestResponse(errorCode: string | undefined): string {
  const status = errorCode === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : errorCode === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail =
    status === 408
      ? 'The request did not arrive in time. The connection is closed.'
      : status === 431
        ? 'The request headers are too large.'
        : 'The request is not well-formed HTTP.';
  const type = status === 408 ? HTTP_PROBLEM_TYPES.requestTimeout : HTTP_PROBLEM_TYPES.badRequest;
  const title = status === 408 ? 'Request timeout' : STATUS_CODES[status];
  const body = JSON.stringify({ type, title, status, detail });
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Send a problem: the members in RFC 9457's order, `instance` the path the request was made to. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  const { type, title, status, detail, instance: _ignored, ...members } = problem;
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ type, title, status, detail, instance: pathOf(request.url), ...members });
}

/** The path alone: a query string is not part of the resource, and may carry what should not be echoed. */
export function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

function fastifyErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
