/**
 * What keeps one client or one burst from taking the service down, and what LMS integrations need to
 * call it safely: optional API keys, per-key (or per-IP) rate limits, shedding load with 503 when the
 * event loop is overloaded, and security headers: an API's on every response, helmet's on the documents.
 */
import { msg } from '../i18n/message.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyUnderPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { API_SECURITY_HEADERS } from './api-headers.js';
import type { ServiceConfig } from './config.js';
import { Overloaded } from '../service/problems.js';
import { RateLimited, sendProblem, problemForError, Unauthorized } from './problem.js';

const PRESSURE: Record<string, string> = {
  eventLoopDelay: 'event_loop_behind',
  eventLoopUtilization: 'event_loop_saturated',
  heapUsedBytes: 'memory',
  rssBytes: 'memory',
};

/** Routes every client may call without a key and without counting against a limit. */
const OPEN_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * The instructors' page (GET /, routes/page.ts) runs only what the service serves: its own scripts,
 * stylesheets and fonts, and calls to its own API; no inline script, no <style> element, no other
 * origin, no plugin, no frame around it, no form posting anywhere. One allowance: style attributes,
 * which MathLive's rendered formulas carry (each box's height and offset, computed as they are typed)
 * and which cannot be hashed or given a nonce. A style attribute runs no script, and with every fetch
 * limited to this origin it cannot send anything elsewhere either. (MathLive's stylesheets and the
 * page's charts are built through the CSSOM, which CSP does not restrict.)
 */
export const PAGE_CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    styleSrcAttr: ["'unsafe-inline'"],
    fontSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
};

/** The page's Content-Security-Policy header, as helmet writes it (computed once, like the others). */
export const PAGE_CONTENT_SECURITY_POLICY_HEADER = securityHeaders({ contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY })['content-security-policy'] as string;

/**
 * helmet's headers for the HTML documents the service serves: Swagger UI under /docs, whose files are
 * all served from here and which inlines its styles (the page at / replaces the policy with its own).
 */
export const DOCUMENT_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(
  securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // The service is often reached over plain HTTP inside a network (an LMS, a container on a LAN
        // address): upgrading the docs page's requests to https would break it there.
        upgradeInsecureRequests: null,
      },
    },
    // The same rule as frame-ancestors 'none', for browsers that only know the older header.
    frameguard: { action: 'deny' },
    // As on the API's answers (above).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
  }),
);

/** A hook that gives a document's responses helmet's full set (the API's, api-headers.ts, set for every response, are replaced or added to). */
export function documentSecurityHeaders(_request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  reply.headers(DOCUMENT_SECURITY_HEADERS);
  done();
}

export interface ProtectionOptions {
  /** How often event-loop delay is sampled (tests sample fast). */
  sampleIntervalMs?: number;
  /** Processes sharing the port (a cluster's workers, http/processes.ts); 1 when this one serves alone. */
  processes?: number;
}

/**
 * The rate limit one process enforces when `processes` share the port. Each counts in its own memory
 * and the cluster hands connections out in turn, so a client spread over them meets about the
 * configured limit in total; rounded up, so that no process refuses a limit of 1.
 */
function rateLimitShare(max: number, processes: number): number {
  return Math.ceil(max / processes);
}

export async function registerProtection(app: FastifyInstance, config: ServiceConfig, options: ProtectionOptions = {}): Promise<void> {
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(API_SECURITY_HEADERS);
    done();
  });

  // The first samples measure start-up itself (loading modules and the contract blocks the loop for
  // a moment): shedding starts only once two samples have been taken after the app is ready.
  const sampleInterval = options.sampleIntervalMs ?? 250;
  let armed = false;
  app.addHook('onReady', async () => {
    setTimeout(() => {
      armed = true;
    }, 2 * sampleInterval).unref();
  });
  await app.register(fastifyUnderPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    retryAfter: config.retryAfterSeconds,
    sampleInterval,
    pressureHandler: (request, reply, type, value) => {
      // Liveness and readiness answer even under pressure: an orchestrator must see the process is up.
      if (!armed || OPEN_PATHS.has(routePath(request))) return;
      request.log.warn({ pressure: type, value }, 'shedding load');
      reply.header('retry-after', String(config.retryAfterSeconds));
      sendProblem(request, reply, problemForError(new Overloaded(msg('problem.overloaded.pressure', { cause: msg(`problem.overloaded.cause.${PRESSURE[type] ?? 'memory'}`) }), config.retryAfterSeconds), undefined));
    },
  });

  const keys = config.apiKeys.map(digest);
  /** The configured key the request presents, if any (compared in constant time). */
  const validKey = (request: FastifyRequest): Buffer | undefined => {
    // Without keys configured no token is one (and the rate limit asks on every request).
    if (keys.length === 0) return undefined;
    const key = bearerToken(request.headers.authorization);
    if (key === undefined) return undefined;
    const presented = digest(key);
    return keys.find((known) => timingSafeEqual(known, presented));
  };
  if (keys.length > 0) {
    app.addHook('onRequest', async (request) => {
      if (!isProtected(request)) return;
      if (bearerToken(request.headers.authorization) === undefined) {
        throw new Unauthorized(msg('problem.unauthorized.missing'));
      }
      if (!validKey(request)) throw new Unauthorized(msg('problem.unauthorized.invalid'));
    });
  }

  await app.register(fastifyRateLimit, {
    max: rateLimitShare(config.rateLimitMax, options.processes ?? 1),
    timeWindow: config.rateLimitWindowMs,
    // Per configured key (an LMS integration), else per address: a token that is not a configured
    // key is no identity, or a client could take a fresh bucket with every request.
    keyGenerator: (request) => {
      const key = validKey(request);
      return key === undefined ? `ip:${request.ip}` : `key:${key.toString('hex').slice(0, 32)}`;
    },
    allowList: (request) => !isProtected(request),
    errorResponseBuilder: (_request, context) => new RateLimited(context.max, config.rateLimitWindowMs, Math.ceil(context.ttl / 1000)),
    addHeadersOnExceeding: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
    addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
  });
}

/**
 * helmet's headers for a configuration, computed once: they depend on nothing else, and building
 * helmet's middleware for every request (as @fastify/helmet does) cost a tenth of a request's time.
 */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Whether a request reaches the API proper. Decided on the route the router matched (its template),
 * never on the raw URL: /%761/check is routed to /v1/check, and must be guarded like it.
 */
function isProtected(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined && route.startsWith('/v1/') && !OPEN_PATHS.has(route);
}

function routePath(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url;
}
