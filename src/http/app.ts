/**
 * The HTTP service as a Fastify instance, ready but not listening: the server entry point listens,
 * tests inject requests or bind it to an ephemeral port. It is a thin adapter: bodies are validated
 * and handed to a Checker, and every failure becomes a problem+json response.
 */
import fastifyCors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Checker } from '../service/checker.js';
import type { ServiceConfig } from './config.js';
import { parseJson } from './json-body.js';
import { createLogger } from './logger.js';
import { methodNotAllowedProblem, notFoundProblem, pathOf, problemForError, sendProblem, unreadableRequestResponse } from './problem.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';
import { RequestLog } from './request-log.js';
import { RouteTable } from './route-table.js';
import { registerBatchRoutes } from './routes/batch.js';
import { registerCatalogueRoutes } from './routes/catalogue.js';
import { registerCheckRoutes } from './routes/check.js';
import { registerDocsRoutes } from './routes/docs.js';

export interface AppOptions {
  config: ServiceConfig;
  checker: Checker;
  /** A pino logger of the caller's (tests pass a silent or capturing one); by default one from config. */
  logger?: Logger;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its methods (for 405s, and for the contract tests). */
    routeTable: RouteTable;
  }
}

export async function buildApp({ config, checker, logger }: AppOptions): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface: pino's own type carries members Fastify's generics reject.
  const log = (logger ?? createLogger(config)) as FastifyBaseLogger;
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: config.bodyLimit,
    // The id comes from a sane x-request-id header or is a fresh UUID (request-id.ts), never the raw header.
    requestIdHeader: false,
    genReqId: (request) => requestIdFor(request.headers[REQUEST_ID_HEADER]),
    logController: new RequestLog(),
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

  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  // JSON only: without Fastify's text/plain parser, any other media type is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (_request: FastifyRequest, body: string) => parseJson(body));

  app.setErrorHandler((error, request, reply) => {
    const problem = problemForError(error, errorContext(request, config));
    if (problem.status >= 500) {
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

  registerCheckRoutes(app, checker);
  registerBatchRoutes(app, checker, {
    maxItems: config.batchMaxItems,
    bodyLimit: config.batchBodyLimit,
    maxLineBytes: config.bodyLimit,
    concurrency: config.batchConcurrency,
  });
  registerCatalogueRoutes(app);
  await registerDocsRoutes(app);

  await app.ready();
  return app;
}

function notFound(request: FastifyRequest, reply: FastifyReply, routes: RouteTable): FastifyReply {
  const allowed = routes.allowedMethods(pathOf(request.url));
  if (allowed.length === 0) return sendProblem(request, reply, notFoundProblem(request.method));
  reply.header('allow', allowed.join(', '));
  return sendProblem(request, reply, methodNotAllowedProblem(request.method, allowed));
}

function errorContext(request: FastifyRequest, config: ServiceConfig) {
  return { bodyLimit: config.bodyLimit, contentType: request.headers['content-type'] };
}
