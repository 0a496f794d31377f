/**
 * Every error the HTTP service answers is an RFC 9457 problem (application/problem+json): `type`,
 * `title`, `status`, `detail`, `instance` (the request path) and members of its own. The problems a
 * request's content causes (an unreadable expression, an invalid request) come from the mapping all
 * transports share (service/problems.ts); this module adds the ones only HTTP has: bad JSON, a body too
 * large, the wrong media type, unknown routes and methods.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestLanguage, type Language } from '../i18n/languages.js';
import { msg, type Message } from '../i18n/message.js';
import { renderMessage } from '../i18n/render.js';
import { API_SECURITY_HEADERS } from './api-headers.js';
import { PROBLEM_BASE, problemSpec, renderProblem, type ProblemSpec } from '../service/problems.js';

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

/** An error whose text is a message (rendered in the request's language when sent; English in logs). */
class MessageError extends Error {
  constructor(readonly text: Message) {
    super();
    Object.defineProperty(this, 'message', { get: () => renderMessage(this.text, 'en'), enumerable: false, configurable: true });
  }
}

/** A body that had not arrived whole within the request timeout after its headers. */
export class RequestTimeout extends MessageError {
  /** Fastify's body reader keeps a 4xx status it finds on the error. */
  readonly statusCode = 408;
  constructor(readonly timeoutMs: number) {
    super(msg('problem.request_timeout.body', { ms: timeoutMs }));
    this.name = 'RequestTimeout';
  }
}

/** A request to a protected route without a valid API key (only when API_KEYS is set). */
export class Unauthorized extends MessageError {
  constructor(text: Message) {
    super(text);
    this.name = 'Unauthorized';
  }
}

/** Over the rate limit of this key or address; `retryAfterSeconds` is also sent as Retry-After. */
export class RateLimited extends MessageError {
  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly retryAfterSeconds: number,
  ) {
    super(msg('problem.rate_limited.over', { max, window: duration(windowMs) }));
    this.name = 'RateLimited';
  }
}

/** A JSON batch with more items than the service takes in one request. */
export class TooManyItems extends MessageError {
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(msg('problem.too_many_items', { count, limit }));
    this.name = 'TooManyItems';
  }
}

/** A body that is not JSON; `position` in code points, like expression positions. */
export class MalformedJson extends MessageError {
  constructor(
    text: Message,
    readonly position?: number,
  ) {
    super(text);
    this.name = 'MalformedJson';
  }
}

/** A duration in the largest whole unit: "1 minute", "90 seconds", "250 ms". */
function duration(ms: number): Message {
  if (ms % 3_600_000 === 0) return msg('duration.hours', { count: ms / 3_600_000 });
  if (ms % 60_000 === 0) return msg('duration.minutes', { count: ms / 60_000 });
  if (ms % 1000 === 0) return msg('duration.seconds', { count: ms / 1000 });
  return msg('duration.milliseconds', { count: ms });
}

export interface ErrorContext {
  bodyLimit: number;
  contentType: string | undefined;
}

/** The problem an error thrown while serving a request stands for. */
export function problemForError(error: unknown, context: ErrorContext | undefined): ProblemSpec {
  if (error instanceof Unauthorized) {
    return { type: HTTP_PROBLEM_TYPES.unauthorized, title: msg('problem.unauthorized.title'), status: 401, detail: error.text };
  }
  if (error instanceof RateLimited) {
    return {
      type: HTTP_PROBLEM_TYPES.rateLimited,
      title: msg('problem.rate_limited.title'),
      status: 429,
      detail: msg('problem.retry_in', { reason: error.text, seconds: error.retryAfterSeconds }),
    };
  }
  if (error instanceof RequestTimeout) {
    return { type: HTTP_PROBLEM_TYPES.requestTimeout, title: msg('problem.request_timeout.title'), status: 408, detail: msg('problem.connection_closed', { reason: error.text }) };
  }
  if (error instanceof MalformedJson) {
    return {
      type: HTTP_PROBLEM_TYPES.malformedJson,
      title: msg('problem.malformed_json.title'),
      status: 400,
      detail: error.text,
      ...(error.position !== undefined ? { position: error.position } : {}),
    };
  }
  if (error instanceof TooManyItems) {
    return {
      type: HTTP_PROBLEM_TYPES.payloadTooLarge,
      title: msg('problem.too_large.title'),
      status: 413,
      detail: msg('problem.too_many_items.detail', { reason: error.text }),
    };
  }
  const code = fastifyErrorCode(error);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      type: HTTP_PROBLEM_TYPES.payloadTooLarge,
      title: msg('problem.too_large.title'),
      status: 413,
      detail: context ? msg('problem.too_large.detail', { limit: context.bodyLimit }) : msg('problem.too_large.detail_configured'),
    };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    // The header is echoed to say what was wrong with it, cut short: it is the client's text.
    return {
      type: HTTP_PROBLEM_TYPES.unsupportedMediaType,
      title: msg('problem.media_type.title'),
      status: 415,
      detail: context?.contentType
        ? msg('problem.media_type.detail_sent', { sent: JSON.stringify(context.contentType.slice(0, 100)) })
        : msg('problem.media_type.detail'),
    };
  }
  // The framework's own refusals of a malformed request (a body shorter than its Content-Length, a URL
  // that does not decode): the client's fault, in Fastify's words (which quote at most the bad URL).
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  if (code?.startsWith('FST_') && typeof status === 'number' && status >= 400 && status < 500) {
    return {
      type: HTTP_PROBLEM_TYPES.badRequest,
      title: msg('problem.status_title', { status, english: STATUS_CODES[status] ?? 'Bad request' }),
      status,
      detail: msg('problem.framework', { message: (error as Error).message }),
    };
  }
  // An unreadable expression (422), an invalid request (400), or a fault of the service (500).
  return problemSpec(error);
}

export function notFoundProblem(method: string): ProblemSpec {
  return {
    type: HTTP_PROBLEM_TYPES.notFound,
    title: msg('problem.not_found.title'),
    status: 404,
    detail: msg('problem.not_found.detail', { method }),
  };
}

export function methodNotAllowedProblem(method: string, allowed: readonly string[]): ProblemSpec {
  return {
    type: HTTP_PROBLEM_TYPES.methodNotAllowed,
    title: msg('problem.method_not_allowed.title'),
    status: 405,
    detail: msg('problem.method_not_allowed.detail', { method, allowed: allowed.join(', ') }),
  };
}

/**
 * The raw HTTP response for a request Node's parser could not read (conflicting Content-Length and
 * Transfer-Encoding, headers over the size limit, a request that timed out): there is no request
 * object, so no path for `instance`, no request id and no language but English, but still a problem,
 * not Fastify's plain JSON.
 */
export function unreadableRequestResponse(errorCode: string | undefined): string {
  const status = errorCode === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : errorCode === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail =
    status === 408
      ? msg('problem.unreadable.timeout')
      : status === 431
        ? msg('problem.unreadable.headers_too_large')
        : msg('problem.unreadable.not_http');
  const type = status === 408 ? HTTP_PROBLEM_TYPES.requestTimeout : HTTP_PROBLEM_TYPES.badRequest;
  const title = status === 408 ? msg('problem.request_timeout.title') : msg('problem.status_title', { status, english: STATUS_CODES[status] ?? 'Bad Request' });
  const body = JSON.stringify(renderProblem({ type, title, status, detail }, 'en'));
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(API_SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
    '',
    body,
  ].join('\r\n');
}

/**
 * The answer to a request whose Expect header asks for anything but 100-continue (Node's 'checkExpectation'
 * event: without a listener, Node answers 417 with no body). It never reaches the app, so like an
 * unreadable request it has no request id or `instance`; its language is Accept-Language's.
 */
export function sendExpectationFailed(request: IncomingMessage, response: ServerResponse): void {
  const header = request.headers['accept-language'];
  const language = requestLanguage(undefined, Array.isArray(header) ? header.join(',') : header);
  const problem = renderProblem(
    {
      type: HTTP_PROBLEM_TYPES.badRequest,
      title: msg('problem.status_title', { status: 417, english: STATUS_CODES[417] ?? 'Expectation Failed' }),
      status: 417,
      detail: msg('problem.expect_unsupported', { expect: JSON.stringify(String(request.headers.expect).slice(0, 100)) }),
    },
    language,
  );
  const body = JSON.stringify(problem);
  response.writeHead(417, { ...API_SECURITY_HEADERS, 'content-type': PROBLEM_CONTENT_TYPE, 'content-language': language, 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.end(body);
}

/**
 * The language of a request: the body's `lang` when the body was read and says one, else its
 * Accept-Language header, else English.
 */
export function languageOfRequest(request: FastifyRequest): Language {
  const body = request.body as { lang?: unknown } | null | undefined;
  const lang = typeof body === 'object' && body !== null && !Array.isArray(body) && typeof body.lang === 'string' ? body.lang : undefined;
  const header = request.headers['accept-language'];
  return requestLanguage(lang, Array.isArray(header) ? header.join(',') : header);
}

/**
 * Send a problem, in the request's language (Content-Language says which): the members in RFC 9457's
 * order, `instance` the path the request was made to.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemSpec): FastifyReply {
  const language = languageOfRequest(request);
  const { type, title, status, detail, instance: _ignored, ...members } = { ...renderProblem(problem, language), instance: undefined };
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .header('content-language', language)
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
