/**
 * /metrics when several processes serve the port (PROCESSES > 1): whichever process a scrape reaches
 * must report the whole service, not its own share. The worker answering asks the primary over the
 * cluster's IPC channel; the primary collects the registry of every worker that serves and merges them
 * with prom-client's AggregatorRegistry.aggregate (counters, histograms and the pool gauges summed,
 * Node's process metrics as prom-client aggregates them), and sends the text back. Both sides of that
 * exchange are here.
 *
 * The collection is ours rather than AggregatorRegistry.clusterMetrics(): that one asks every forked
 * worker, and one still loading (a replacement, for a few seconds) never answers, so every scrape in
 * the meantime would fail after its 5 s; only workers that serve have anything to count.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { msg } from '../i18n/message.js';
import { Overloaded } from '../service/problems.js';

/** How long the primary waits for every serving worker's metrics before it answers that it could not collect them. */
export const COLLECT_WAIT_MS = 5000;

/** How long a worker waits for the primary's answer: past the primary's own wait, the primary itself is not answering. */
export const PRIMARY_METRICS_WAIT_MS = COLLECT_WAIT_MS + 1000;

/** A worker asks the primary for the whole service's metrics. */
interface MetricsRequest {
  type: 'chainrule:metrics-request';
  id: number;
}

/** The primary's answer: the metrics as Prometheus text, or why it has none. */
interface MetricsResponse {
  type: 'chainrule:metrics-response';
  id: number;
  text?: string;
  error?: string;
}

/** The primary asks each serving worker for its own metrics… */
interface CollectRequest {
  type: 'chainrule:metrics-collect';
  collection: number;
}

/** …which it sends as its registry's JSON. */
interface CollectReport {
  type: 'chainrule:metrics-report';
  collection: number;
  metrics: object[];
}

type WorkerMessage = MetricsRequest | CollectReport;

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

/** Send to a worker that may have died meanwhile: a failed send must not become an 'error' event that ends the primary. */
function sendTo(worker: Worker, message: MetricsResponse | CollectRequest): void {
  if (worker.isConnected()) worker.send(message, undefined, () => {});
}

/** In the primary: answer every worker's request for the whole service's metrics, from the workers that `serving` lists. */
export function answerMetricsRequests(serving: () => Iterable<Worker>, logger: Logger): void {
  const collections = new Map<number, (worker: Worker, metrics: object[]) => void>();
  let nextCollection = 0;

  const collect = () =>
    new Promise<string>((resolve, reject) => {
      const collection = nextCollection++;
      const waiting = new Set([...serving()].filter((worker) => worker.isConnected()));
      const reports: object[][] = [];
      const finish = () => {
        clearTimeout(timer);
        collections.delete(collection);
        AggregatorRegistry.aggregate(reports).metrics().then(resolve, reject);
      };
      const timer = setTimeout(() => {
        collections.delete(collection);
        reject(new Error(`${waiting.size} HTTP processes did not report their metrics within ${COLLECT_WAIT_MS} ms`));
      }, COLLECT_WAIT_MS);
      collections.set(collection, (worker, metrics) => {
        if (!waiting.delete(worker)) return;
        reports.push(metrics);
        if (waiting.size === 0) finish();
      });
      if (waiting.size === 0) finish();
      for (const worker of waiting) sendTo(worker, { type: 'chainrule:metrics-collect', collection });
    });

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isMessage<CollectReport>(message, 'chainrule:metrics-report')) {
      collections.get(message.collection)?.(worker, message.metrics);
      return;
    }
    if (!isMessage<MetricsRequest>(message, 'chainrule:metrics-request')) return;
    const { id } = message;
    collect().then(
      (text) => sendTo(worker, { type: 'chainrule:metrics-response', id, text }),
      (error: unknown) => {
        logger.warn({ err: error }, 'could not collect the metrics of every HTTP process');
        sendTo(worker, { type: 'chainrule:metrics-response', id, error: error instanceof Error ? error.message : String(error) });
      },
    );
  });
}

/** What a worker talks to the primary through: process.send and process's 'message' events, unless a test stands in. */
export interface PrimaryChannel {
  send(message: WorkerMessage, done: (error: Error | null) => void): void;
  onMessage(listener: (message: unknown) => void): void;
}

const processChannel: PrimaryChannel = {
  send(message, done) {
    if (!process.send) done(new Error('no IPC channel to the primary'));
    else process.send(message, undefined, {}, done);
  },
  onMessage(listener) {
    process.on('message', listener);
  },
};

/**
 * In a worker: report this process's registry whenever the primary collects, and return the function
 * that asks the primary for the whole service's metrics. It rejects with Overloaded (a 503 problem with
 * Retry-After) when the primary could not collect every serving worker's, does not answer within
 * `waitMs`, or cannot be reached.
 */
export function metricsFromPrimary(
  registry: Registry,
  retryAfterSeconds: number,
  { channel = processChannel, waitMs = PRIMARY_METRICS_WAIT_MS }: { channel?: PrimaryChannel; waitMs?: number } = {},
): () => Promise<string> {
  const pending = new Map<number, (response: MetricsResponse | undefined) => void>();
  let nextId = 0;
  channel.onMessage((message) => {
    if (isMessage<MetricsResponse>(message, 'chainrule:metrics-response')) {
      pending.get(message.id)?.(message);
    } else if (isMessage<CollectRequest>(message, 'chainrule:metrics-collect')) {
      const { collection } = message;
      // A report that cannot be made or sent is missed by the primary's wait, which answers for it.
      registry.getMetricsAsJSON().then(
        (metrics) => channel.send({ type: 'chainrule:metrics-report', collection, metrics }, () => {}),
        () => {},
      );
    }
  });

  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const settle = (response: MetricsResponse | undefined) => {
        clearTimeout(timer);
        pending.delete(id);
        if (response?.text !== undefined) resolve(response.text);
        else reject(new Overloaded(msg('problem.overloaded.metrics'), retryAfterSeconds));
      };
      const timer = setTimeout(() => settle(undefined), waitMs);
      pending.set(id, settle);
      channel.send({ type: 'chainrule:metrics-request', id }, (error) => {
        if (error) settle(undefined);
      });
    });
}
