/**
 * Slow and broken clients: every connection is bounded in time, so a client that stops half-way can
 * hold nothing open for long.
 *
 * - The request line and headers must arrive within `headersTimeoutMs` (Node's own check, run every
 *   `connectionsCheckingInterval`): past it, a 408 problem and the connection is closed.
 * - A JSON body must arrive whole within `requestTimeoutMs` of its headers: past it, a 408 problem
 *   and the connection is closed. Node's own request timeout is not used, because it would also cut
 *   a streamed NDJSON batch, which may rightly take as long as the job while its lines keep coming.
 * - A connection on which nothing moves either way for `idleTimeoutMs` is closed: a stream whose
 *   client stopped sending, a client that stopped reading its response. Not while the service itself
 *   is working on a request it has read whole (that work ends within the check budgets).
 * - An idle kept-alive connection is closed after `keepAliveTimeoutMs`, and a connection serves at
 *   most `maxRequestsPerSocket` requests (the last answer says `Connection: close`), so one client
 *   cannot pin a connection, and load spreads again across instances behind a balancer.
 */
import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestTimeout } from './problem.js';

export interface ConnectionSettings {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxRequestsPerSocket: number;
}

/** The options of Fastify's constructor that belong to the connection. */
export function connectionOptions(settings: ConnectionSettings) {
  const http: ServerOptions = {
    headersTimeout: settings.headersTimeoutMs,
    // Node looks for expired headers every 30 s by default, which would make a 10 s timeout a 40 s one.
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(settings.headersTimeoutMs / 4))),
  };
  return {
    http,
    // Ours, per request (below): Node's would bound a streamed batch too.
    requestTimeout: 0,
    connectionTimeout: settings.idleTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    maxRequestsPerSocket: settings.maxRequestsPerSocket,
  };
}

/**
 * The per-request guards: the deadline of a JSON body, and the decision, when a connection has been
 * idle for `idleTimeoutMs`, whether the client or the service is the one keeping it waiting.
 * `isStream` tells the requests whose body is read as it comes (NDJSON), which have no deadline.
 */
export function guardSlowClients(app: FastifyInstance, settings: ConnectionSettings, isStream: (request: FastifyRequest) => boolean): void {
  // The request each connection is serving now, with its response.
  const working = new WeakMap<Socket, { request: IncomingMessage; response: ServerResponse }>();

  const served = new WeakMap<Socket, number>();

  app.addHook('onRequest', async (request, reply) => {
    const socket = request.raw.socket;
    // Node says `Connection: close` on the last request it allows, but then waits for the client to
    // close; set by us, the header makes Node close the connection once the answer is sent.
    const count = (served.get(socket) ?? 0) + 1;
    served.set(socket, count);
    if (count >= settings.maxRequestsPerSocket) reply.header('connection', 'close');
    const current = { request: request.raw, response: reply.raw };
    working.set(socket, current);
    reply.raw.once('close', () => {
      if (working.get(socket) === current) working.delete(socket);
    });
  });

  app.addHook('preParsing', async (request, _reply, payload) => {
    // A body already read whole (the common case: it came with the headers) needs no deadline.
    if (request.raw.complete || isStream(request)) return payload;
    return withDeadline(payload, settings.requestTimeoutMs);
  });

  app.server.on('timeout', (socket: Socket) => {
    const current = working.get(socket);
    // Read whole and not yet answered: the service is checking it, within the check budgets.
    if (current && current.request.complete && !current.response.headersSent) return;
    socket.destroy();
  });
}

/**
 * The body as a stream that fails with RequestTimeout if it has not ended within `ms`: Fastify's body
 * reader turns that error into the 408 problem, and the answer closes the connection.
 */
function withDeadline(payload: Readable, ms: number): Readable {
  const guarded = new PassThrough();
  const timer = setTimeout(() => {
    payload.unpipe(guarded);
    guarded.destroy(new RequestTimeout(ms));
  }, ms);
  timer.unref();
  const done = () => clearTimeout(timer);
  payload.once('end', done);
  payload.once('error', (error) => {
    done();
    guarded.destroy(error);
  });
  payload.once('close', done);
  payload.pipe(guarded);
  return guarded;
}
