/**
 * The service's entry point: `node dist/server.js` (npm start), or `chainrule serve`, which calls
 * serve(). Reads the configuration from the environment, listens on HOST:PORT, and on SIGTERM or
 * SIGINT shuts down gracefully: stop accepting connections, let in-flight requests finish, close the
 * checker, exit 0. A check is tried in this thread under INLINE_CHECK_MS and otherwise runs in a pool
 * of worker threads under a time budget (CHECKER=inline runs every check in this thread, unbounded).
 * With PROCESSES > 1 this process is a primary that forks that many, each
 * running startServer (http/processes.ts).
 */
import cluster from 'node:cluster';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './http/app.js';
import { ConfigError, loadConfig, type ServiceConfig } from './http/config.js';
import { createLogger } from './http/logger.js';
import { LISTEN_FAILED_MESSAGE, runPrimary, SERVING_MESSAGE, SHUTDOWN_MESSAGE } from './http/processes.js';
import { inProcessChecker, type Checker } from './service/checker.js';
import { workerPoolChecker } from './service/worker-pool.js';

export interface StartOptions {
  /** The environment to configure from (default process.env). */
  env?: Record<string, string | undefined>;
  /** The checker to serve (default the configured one: a worker pool, or the core in process). */
  checker?: Checker;
  logger?: Logger;
  /** Install the SIGTERM/SIGINT handlers that stop the server and exit (default true). */
  handleSignals?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Stop accepting, wait for in-flight requests, close the checker. Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Serve as configured: in this process (PROCESSES=1, or this is one of a cluster's workers), or as the
 * primary of PROCESSES workers. The configuration is read here first, so that a wrong one stops the
 * start before anything is forked.
 */
export async function serve(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = loadConfig(env);
  if (cluster.isPrimary && config.processes > 1) {
    runPrimary(config, createLogger(config));
    return;
  }
  try {
    await startServer({ env });
  } catch (error) {
    // A worker of a cluster that cannot listen tells the primary, which says it once and stops them
    // all: every worker would fail alike, so replacing it would not help.
    if (cluster.isWorker && error instanceof ListenError && process.send) {
      const message = { type: LISTEN_FAILED_MESSAGE, message: error.message };
      await new Promise<void>((resolve) => process.send?.(message, undefined, {}, () => resolve()));
      process.exit(1);
    }
    throw error;
  }
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger(config);
  const checker = options.checker ?? createChecker(config, logger);
  let app: FastifyInstance;
  let url: string;
  try {
    app = await buildApp({ config, checker, logger, clusterWorker: cluster.isWorker });
  } catch (error) {
    await checker.close();
    throw error;
  }
  try {
    url = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await checker.close();
    // Only listening's errors: building the app reads files, whose EACCES is no port's.
    throw listenError(error, config) ?? error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // close() stops the listener, closes idle keep-alive connections and resolves once every
      // in-flight request has been answered; only then may the checker (a worker pool) go away.
      await app.close();
      await checker.close();
    })());

  if (options.handleSignals ?? true) {
    let shuttingDown = false;
    const shutDown = (signal: string) => {
      if (shuttingDown) return;
      shuttingDown = true;
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      stop().then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    // once: a second Ctrl-C during a slow drain falls back to Node's default and ends the process.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => shutDown(signal));
    if (cluster.isWorker) {
      // The primary asks by message, not by signal: Ctrl-C in a terminal has already sent SIGINT to
      // every worker, and a second signal would end it at once.
      process.on('message', (message: unknown) => {
        if (message === SHUTDOWN_MESSAGE) shutDown('primary');
      });
      process.send?.(SERVING_MESSAGE);
    }
  }
  return { app, url, stop };
}

/**
 * The service could not listen where it was told to: another server on the port, a port that needs
 * privileges, an address not on this machine. The operator's to fix, so its message says what to
 * change, and no stack is printed.
 */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/** Why listening failed, by the system's error code, and what to change (the code kept for searches). */
const LISTEN_FAILURES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'another process listens on that port (EADDRINUSE): stop it, or set PORT to a free port',
  EACCES: 'not allowed to listen on that port (EACCES): ports below 1024 need privileges, set PORT to 1024 or above',
  EADDRNOTAVAIL: "the address is not one of this machine's (EADDRNOTAVAIL): set HOST to one of its addresses, or 0.0.0.0 for all",
  ENOTFOUND: 'HOST is no name this machine can resolve (ENOTFOUND): set HOST to an address, e.g. 0.0.0.0 for all',
  EAI_AGAIN: 'the name service did not answer for HOST (EAI_AGAIN): set HOST to an address, or try again',
};

/**
 * A failed start the operator fixes from its message alone (the configuration, where to listen): its
 * message names what to change, so no stack is printed (here and by `chainrule serve`).
 */
export function isOperatorsError(error: unknown): error is ConfigError | ListenError {
  return error instanceof ConfigError || error instanceof ListenError;
}

function listenError(error: unknown, config: Pick<ServiceConfig, 'host' | 'port'>): ListenError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const why = typeof code === 'string' ? LISTEN_FAILURES[code] : undefined;
  // An IPv6 address in brackets, as in a URL: [::]:3000, not :::3000.
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return why === undefined ? undefined : new ListenError(`cannot listen on ${host}:${config.port}: ${why}`, { cause: error });
}

/**
 * The checker the configuration asks for. A pool starts its threads at once and warms them up in the
 * background (about a second); requests arriving before then wait in its queue.
 */
export function createChecker(config: ServiceConfig, logger: Logger): Checker {
  const { mode, budgetMs, threads, maxQueue, memoryMb, inlineMs } = config.checker;
  if (mode === 'inline') return inProcessChecker({ limits: config.limits, policy: config.scoringPolicy });
  const pool = workerPoolChecker({
    limits: config.limits,
    policy: config.scoringPolicy,
    threads,
    budgetMs,
    maxQueue,
    inlineMs,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    retryAfterSeconds: config.retryAfterSeconds,
    onError: (error) => logger.error({ err: error }, 'checking thread failed'),
  });
  const started = performance.now();
  pool.ready().then(
    () => logger.info({ threads, ms: Math.round(performance.now() - started) }, 'checking threads ready'),
    // A failed start is logged once, by the readiness check that /ready reports (http/app.ts).
    () => {},
  );
  return pool;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  serve().catch((error: unknown) => {
    process.stderr.write(`chainrule: ${isOperatorsError(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
