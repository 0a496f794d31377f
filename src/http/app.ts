/**
 * The HTTP service as a Fastify instance, ready but not listening: the server entry point listens,
 * tests inject requests or bind it to an ephemeral port. It is a thin adapter: bodies are validated
 * and handed to a Checker, and every failure becomes a problem+json response.
 */
import fastifyCors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ClosedBeforeReady, type Checker } from '../service/checker.js';
import type { ServiceConfig } from './config.js';
import { parseJson } from './json-body.js';
import { createLogger } from './logger.js';
import {
  HTTP_PROBLEM_TYPES,
  methodNotAllowedProblem,
  notFoundProblem,
  pathOf,
  problemForError,
  RateLimited,
  sendExpectationFailed,
  sendProblem,
  unreadableRequestResponse,
} from './problem.js';
import { msg } from '../i18n/message.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';
import { RequestLog } from './request-log.js';
import { requestLoggerFactory } from './request-logger.js';
import { RouteTable } from './route-table.js';
import { isNdjson, registerBatchRoutes } from './routes/batch.js';
import { connectionOptions, guardSlowClients } from './slow-clients.js';
import { registerCatalogueRoutes, type Readiness } from './routes/catalogue.js';
import { addVary, registerCheckRoutes } from './routes/check.js';
import { registerDocsRoutes } from './routes/docs.js';
import { registerPageRoutes, type PageOptions } from './routes/page.js';
import { registerValidateRoutes } from './routes/validate.js';
import { metricsFromPrimary } from './cluster-metrics.js';
import { countedChecker, poolStats, registerMetricsRoute, ServiceMetrics } from './metrics.js';
import { API_SECURITY_HEADERS } from './api-headers.js';
import { registerProtection } from './protection.js';
import { Overloaded, problemFromError, retryAfterSeconds } from '../service/problems.js';

export interface AppOptions {
  config: ServiceConfig;
  /** The core behind the API; a worker pool may also offer `ready()` (for /ready) and `stats()` (for /metrics). */
  checker: Checker;
  /** A pino logger of the caller's (tests pass a silent or capturing one); by default one from config. */
  logger?: Logger;
  /** How often the event loop's delay is sampled for load shedding (tests sample fast). */
  pressureSampleIntervalMs?: number;
  /** The instructors' page (tests serve a build of their own). */
  page?: PageOptions;
  /**
   * This process is one of `config.processes` cluster workers sharing the port (server.ts): it
   * enforces its share of the rate limit, and /metrics asks the primary for the whole service's.
   */
  clusterWorker?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its methods (for 405s, and for the contract tests). */
    routeTable: RouteTable;
  }
}

export async function buildApp({ config, checker: core, logger, pressureSampleIntervalMs, page, clusterWorker = false }: AppOptions): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface: pino's own type carries members Fastify's generics reject.
  const log = (logger ?? createLogger(config)) as FastifyBaseLogger;
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: config.bodyLimit,
    // The id comes from a sane x-request-id header or is a fresh UUID (request-id.ts), never the raw header.
    requestIdHeader: false,
    genReqId: (request) => requestIdFor(request.headers[REQUEST_ID_HEADER]),
    logController: new RequestLog(),
    // Each request's logger is made when it first writes a line (request-logger.ts): most write none.
    childLoggerFactory: requestLoggerFactory,
    ...connectionOptions(config.connections),
    // Fastify's 503 for requests arriving on a kept-alive connection while closing is plain JSON, not a
    // problem; serving them is also what "let in-flight requests finish" means for a client mid-session.
    // Fastify still marks those responses `Connection: close`, so the drain ends.
    return503OnClosing: false,
    // A URL that does not decode is refused before routing, so before the error handler: answer it here.
    frameworkErrors: (error, request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      sendProblem(request, reply, problemForError(error, errorContext(request, config)));
    },
    // A request Node's HTTP parser cannot read never becomes a request: answer on the socket itself.
    clientErrorHandler: (error, socket) => {
      const code = (error as { code?: string }).code;
      if (code === 'ECONNRESET' || socket.destroyed) return;
      log.debug({ err: error }, 'unreadable request');
      if (socket.writable) socket.end(unreadableRequestResponse(code));
      else socket.destroy();
    },
  });

  const routeTable = new RouteTable();
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => routeTable.add(route.method, route.url));

  // Synchronous hooks here and below: Fastify runs an async hook through a promise and a microtask.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    // Every answer of the API is written in the language asked for: caches must keep one per language.
    if (request.url.startsWith('/v1/')) addVary(reply, 'Accept-Language');
    // HTTP/1.1 requires Host (RFC 9112, 3.2); Node's own refusal of a request without it had no body.
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
      // Answered before the protection plugin's hook sets the API's headers on every response.
      reply.headers(API_SECURITY_HEADERS);
      sendProblem(request, reply, { type: HTTP_PROBLEM_TYPES.badRequest, title: msg('problem.status_title', { status: 400, english: 'Bad Request' }), status: 400, detail: msg('problem.host_missing') });
      return;
    }
    done();
  });
  // An Expect other than 100-continue: Node answers 417 with no body unless the server listens for it.
  app.server.on('checkExpectation', sendExpectationFailed);
  guardSlowClients(app, config.connections, isNdjson);

  // JSON only: without Fastify's text/plain parser, any other media type is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request: FastifyRequest, body: string, done: (error: Error | null, body?: unknown) => void) => {
    let parsed: unknown;
    try {
      parsed = parseJson(body);
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, parsed);
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = problemForError(error, errorContext(request, config));
    // How long to wait (overload, rate limit) and how to authenticate travel as headers too.
    const retryAfter = retryAfterSeconds(error) ?? (error instanceof RateLimited ? error.retryAfterSeconds : undefined);
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="chainrule"');
    // The rest of a body that did not arrive in time is not waited for: the connection ends here.
    if (problem.status === 408) reply.header('connection', 'close');
    if (error instanceof Overloaded) {
      // A refusal the service chose (queue full, too long a wait, shutting down): expected under load,
      // one line per request without a stack, so an overload does not read as a fault in the logs.
      request.log.warn({ problem: problem.type, status: problem.status, reason: error.message }, 'request refused: overloaded');
    } else if (problem.status >= 500) {
      // Logged whole (stack included) for whoever runs the service; the client gets the problem only.
      request.log.error({ err: error }, 'unexpected error');
    } else {
      request.log.debug({ problem: problem.type, status: problem.status }, 'request refused');
    }
    return sendProblem(request, reply, problem);
  });

  app.setNotFoundHandler((request, reply) => notFound(request, reply, routeTable));

  await app.register(fastifyCors, {
    origin: config.corsOrigins,
    methods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: [REQUEST_ID_HEADER],
    // A non-strict preflight answers an OPTIONS without Origin with 204, where the strict one would
    // answer a plain-text 400: the one error in the API that would not be a problem+json.
    strictPreflight: false,
  });

  await registerProtection(app, config, { sampleIntervalMs: pressureSampleIntervalMs, processes: clusterWorker ? config.processes : 1 });
  const metrics = config.metrics ? new ServiceMetrics(poolStats(core)) : undefined;
  if (metrics) registerMetricsRoute(app, metrics, clusterWorker ? metricsFromPrimary(metrics.registry, config.retryAfterSeconds) : undefined);
  const checker = metrics ? countedChecker(core, metrics, (error) => problemFromError(error).type) : core;

  registerCheckRoutes(app, checker);
  registerValidateRoutes(app, checker);
  registerBatchRoutes(app, checker, {
    maxItems: config.batchMaxItems,
    bodyLimit: config.batchBodyLimit,
    maxLineBytes: config.bodyLimit,
    concurrency: config.batchConcurrency,
  });
  registerCatalogueRoutes(app, readiness(core, log, config.retryAfterSeconds));
  await registerDocsRoutes(app);
  await registerPageRoutes(app, page);

  await app.ready();
  return app;
}

function notFound(request: FastifyRequest, reply: FastifyReply, routes: RouteTable): FastifyReply {
  const allowed = routes.allowedMethods(pathOf(request.url));
  // A method the path takes, yet nothing there (a file under a static prefix that does not exist): 404.
  if (allowed.length === 0 || allowed.includes(request.method)) return sendProblem(request, reply, notFoundProblem(request.method));
  reply.header('allow', allowed.join(', '));
  return sendProblem(request, reply, methodNotAllowedProblem(request.method, allowed));
}

function errorContext(request: FastifyRequest, config: ServiceConfig) {
  // The route's own limit where it has one (the batch takes larger bodies than a check).
  return { bodyLimit: request.routeOptions.bodyLimit ?? config.bodyLimit, contentType: request.headers['content-type'] };
}

/**
 * Readiness: a worker pool is ready once every thread has loaded the core and run a warm-up check
 * (until then a request could blow its time budget on a cold start); a checker in this thread is
 * ready at once.
 */
function readiness(checker: Checker, log: FastifyBaseLogger, retryAfterSeconds: number): Readiness {
  const warm = (checker as { ready?: () => Promise<void> }).ready;
  const state: Readiness = { ready: typeof warm !== 'function', retryAfterSeconds };
  if (typeof warm === 'function') {
    warm.call(checker).then(
      () => {
        state.ready = true;
      },
      (error: unknown) => {
        // Closed on purpose before it was warm (the server could not listen): the caller says why.
        if (!(error instanceof ClosedBeforeReady)) log.error({ err: error }, 'the checker failed to warm up');
      },
    );
  }
  return state;
}
