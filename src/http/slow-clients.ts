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
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestTimeout, unreadableRequestResponse } from './problem.js';

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
    // Node answers an HTTP/1.1 request without Host with a bare 400 of its own, before any handler:
    // the app refuses it instead, as a problem (app.ts).
    requireHostHeader: false,
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
  // Per connection: how many requests it has served, and the one it is serving now with its response.
  // One entry, made with the connection's first request, so that a request costs one lookup.
  const connections = new WeakMap<Socket, Connection>();
  const connectionOf = (socket: Socket): Connection => {
    let connection = connections.get(socket);
    if (connection === undefined) {
      connection = { served: 0, request: undefined, response: undefined };
      connections.set(socket, connection);
    }
    return connection;
  };

  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    const response = reply.raw;
    const socket = raw.socket;
    const connection = connectionOf(socket);
    // Node says `Connection: close` on the last request it allows, but then waits for the client to
    // close; set by us, the header makes Node close the connection once the answer is sent.
    if (++connection.served >= settings.maxRequestsPerSocket) reply.header('connection', 'close');
    connection.request = raw;
    connection.response = response;
    // The body's deadline: a timer, not a stream around the body, which would cost every request.
    const timer = raw.complete || isStream(request) ? undefined : setTimeout(() => bodyTooSlow(raw, settings.requestTimeoutMs), settings.requestTimeoutMs);
    // `on`, not `once`: a response closes once, and once() would wrap the listener for every request.
    response.on('close', () => {
      clearTimeout(timer);
      if (connection.request === raw) {
        connection.request = undefined;
        connection.response = undefined;
      }
    });
    done();
  });

  app.server.on('timeout', (socket: Socket) => {
    const current = connections.get(socket);
    // Read whole and not yet answered: the service is checking it, within the check budgets.
    if (current?.request && current.response && current.request.complete && !current.response.headersSent) return;
    socket.destroy();
  });
}

/** A connection's requests: how many it has served, and the one in progress (none between requests). */
interface Connection {
  served: number;
  request: IncomingMessage | undefined;
  response: ServerResponse | undefined;
}

/**
 * A body still incomplete at its deadline. While Fastify reads it, the error goes to its reader,
 * which turns it into the 408 problem (whose answer closes the connection); otherwise the 408 is
 * written on the socket directly.
 */
function bodyTooSlow(request: IncomingMessage, ms: number): void {
  if (request.complete || request.socket.destroyed) return;
  if (request.listenerCount('error') > 0) request.emit('error', new RequestTimeout(ms));
  else request.socket.end(unreadableRequestResponse('ERR_HTTP_REQUEST_TIMEOUT'));
}
