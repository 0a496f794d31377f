/**
 * Several processes serving HTTP (PROCESSES > 1). A Node process answers HTTP on one thread, so one
 * process can never use more than one core for it: the process started becomes a primary that forks
 * PROCESSES workers with node:cluster, each the whole service (server.ts's startServer) on the same
 * port, which the cluster shares (the primary accepts connections and hands them out in turn). The
 * primary serves no HTTP and runs no checks. It replaces a worker that dies, within a bound; collects
 * the whole service's metrics when a worker asks (cluster-metrics.ts); and on SIGTERM or SIGINT
 * has every worker finish its in-flight requests and stop, then exits.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { answerMetricsRequests } from './cluster-metrics.js';
import type { ServiceConfig } from './config.js';

/** A worker tells the primary it serves and will stop gracefully when asked (server.ts). */
export const SERVING_MESSAGE = 'chainrule:serving';
/** The primary asks a serving worker to stop as SIGTERM would: finish in-flight requests, close the checker, exit 0. */
export const SHUTDOWN_MESSAGE = 'chainrule:shutdown';
/**
 * A worker could not listen (`{ type, message }`, the message an operator's sentence, server.ts): the
 * port taken, say. Every worker would fail alike, so the primary says it once and stops, exit 1.
 */
export const LISTEN_FAILED_MESSAGE = 'chainrule:listen-failed';

function listenFailure(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, message: text } = message as { type?: unknown; message?: unknown };
  return type === LISTEN_FAILED_MESSAGE && typeof text === 'string' ? text : undefined;
}

/**
 * How long the primary waits for its workers to stop before it kills them and exits 1. A request in
 * flight ends within its check budget (CHECK_TIMEOUT_MS, 2 s) and a batch soon after; 30 s leaves
 * a slow drain room and still ends before an orchestrator's grace period (Kubernetes' is 30 s by
 * default, 60 s in deploy/kubernetes) runs out and it kills the primary without a word.
 */
export const STOP_TIMEOUT_MS = 30_000;

/**
 * More unexpected exits than RESTART_LIMIT within RESTART_WINDOW_MS and the primary stops the others
 * and exits 1: a worker that crashes as it starts would otherwise be forked forever. A crash now and
 * then is replaced for as long as the service runs.
 */
export const RESTART_LIMIT = 5;
export const RESTART_WINDOW_MS = 60_000;

/** Fork the workers and look after them until a signal or too many deaths end the primary. */
export function runPrimary(config: Pick<ServiceConfig, 'processes'>, logger: Logger): void {
  // Its own record: cluster.workers keeps an exited worker until its IPC channel has closed too.
  const live = new Set<Worker>();
  /** Workers that said they serve: they stop on SHUTDOWN_MESSAGE (any other is still starting). */
  const serving = new Set<Worker>();
  // A worker still loading has counted nothing yet: /metrics asks only the ones serving.
  answerMetricsRequests(() => serving, logger);
  const deaths: number[] = [];
  /** Workers that said they could not listen: they exit 1 on their own, which is no unclean stop. */
  const couldNotListen = new Set<Worker>();
  let stopping = false;
  let failed = false;

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.on('message', (message: unknown) => {
      const failure = listenFailure(message);
      if (failure !== undefined) {
        couldNotListen.add(worker);
        if (!stopping) {
          logger.fatal({ worker: worker.process.pid }, failure);
          stopAll(1);
        }
        return;
      }
      if (message !== SERVING_MESSAGE) return;
      serving.add(worker);
      logger.info({ worker: worker.process.pid }, 'HTTP process serving');
      // Asked to stop while it was starting: it missed the request, so ask again now that it listens.
      if (stopping) askToStop(worker);
    });
  };

  const askToStop = (worker: Worker) => {
    if (serving.has(worker) && worker.isConnected()) worker.send(SHUTDOWN_MESSAGE, undefined, () => {});
    // Still loading: nothing in flight, and no handler yet to hear a message; SIGTERM ends it (or, once
    // startServer has installed its handler, stops it the graceful way).
    else worker.process.kill('SIGTERM');
  };

  const stopAll = (exitCode: 0 | 1) => {
    stopping = true;
    if (exitCode === 1) failed = true;
    if (live.size === 0) process.exit(failed ? 1 : 0);
    for (const worker of live) askToStop(worker);
    setTimeout(() => {
      logger.error({ ms: STOP_TIMEOUT_MS }, 'HTTP processes did not stop in time: killing them');
      failed = true;
      for (const worker of live) worker.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS).unref();
  };

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker);
    serving.delete(worker);
    const pid = worker.process.pid;
    if (stopping) {
      // A worker killed by SIGTERM before it served had nothing in flight: that stop is clean too.
      const clean = code === 0 || signal === 'SIGTERM' || couldNotListen.has(worker);
      if (!clean) {
        failed = true;
        logger.error({ worker: pid, code, signal }, 'HTTP process did not stop cleanly');
      }
      if (live.size === 0) {
        logger.info('stopped');
        process.exit(failed ? 1 : 0);
      }
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && (deaths[0] as number) <= now - RESTART_WINDOW_MS) deaths.shift();
    if (deaths.length > RESTART_LIMIT) {
      logger.fatal({ worker: pid, code, signal, deaths: deaths.length, windowMs: RESTART_WINDOW_MS }, 'HTTP processes keep dying: giving up');
      stopAll(1);
      return;
    }
    logger.error({ worker: pid, code, signal }, 'HTTP process died: starting another');
    fork();
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!stopping) {
        logger.info({ signal, processes: live.size }, 'shutting down: every HTTP process finishes its in-flight requests');
        stopAll(0);
        return;
      }
      // A second signal (a second Ctrl-C) ends everything at once, as it does a single process.
      logger.warn({ signal }, 'stopping at once');
      for (const worker of live) worker.process.kill('SIGKILL');
      process.exit(1);
    });
  }

  logger.info({ processes: config.processes }, 'starting HTTP processes');
  for (let i = 0; i < config.processes; i++) fork();
}
