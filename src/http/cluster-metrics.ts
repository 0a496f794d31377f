/**
 * /metrics when several processes serve the port (PROCESSES > 1): whichever process a scrape reaches
 * must report the whole service, not its own share. The worker answering asks the primary over the
 * cluster's IPC channel; the primary gathers every worker's registry with prom-client's
 * AggregatorRegistry (counters, histograms and the pool gauges summed, Node's process metrics as
 * prom-client aggregates them) and sends the text back. Both sides of that exchange are here.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { msg } from '../i18n/message.js';
import { Overloaded } from '../service/problems.js';

const REQUEST = 'chainrule:metrics-request';
const RESPONSE = 'chainrule:metrics-response';

/**
 * How long a worker waits for the primary's answer. prom-client gives each worker 5 s to report and
 * then fails the collection, which the primary passes on at once; past this, the primary itself is
 * not answering.
 */
export const PRIMARY_METRICS_WAIT_MS = 6000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

/** In the primary: answer every worker's request for the whole service's metrics. */
export function answerMetricsRequests(logger: Logger): void {
  // Constructing it is what makes prom-client listen for the workers' reports in the primary.
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    const reply = (answer: Omit<MetricsResponse, 'type' | 'id'>) => {
      // The worker may have died meanwhile: a failed send must not become an 'error' event that ends the primary.
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...answer } satisfies MetricsResponse, undefined, () => {});
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => {
        logger.warn({ err: error }, 'could not collect the metrics of every HTTP process');
        reply({ error: error instanceof Error ? error.message : String(error) });
      },
    );
  });
}

/** What a worker talks to the primary through: process.send and process's 'message' events, unless a test stands in. */
export interface PrimaryChannel {
  send(message: MetricsRequest, done: (error: Error | null) => void): void;
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
 * In a worker: offer this process's registry to the primary's collections, and return the function
 * that asks the primary for the whole service's metrics. It rejects with Overloaded (a 503 problem with
 * Retry-After) when the primary does not answer within `waitMs` or could not collect every worker's.
 */
export function metricsFromPrimary(
  registry: Registry,
  retryAfterSeconds: number,
  { channel = processChannel, waitMs = PRIMARY_METRICS_WAIT_MS }: { channel?: PrimaryChannel; waitMs?: number } = {},
): () => Promise<string> {
  // prom-client's worker side answers the primary's collections with these registries (its global
  // registry by default, which this service does not use: each app has its own, see metrics.ts), and
  // starts listening for them when the first AggregatorRegistry is made.
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry();

  const unanswered = () => new Overloaded(msg('problem.overloaded.metrics'), retryAfterSeconds);
  const pending = new Map<number, (response: MetricsResponse | undefined) => void>();
  let nextId = 0;
  channel.onMessage((message) => {
    if (isMessage<MetricsResponse>(message, RESPONSE)) pending.get(message.id)?.(message);
  });

  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const settle = (response: MetricsResponse | undefined) => {
        clearTimeout(timer);
        pending.delete(id);
        if (response?.text !== undefined) resolve(response.text);
        else reject(unanswered());
      };
      const timer = setTimeout(() => settle(undefined), waitMs);
      pending.set(id, settle);
      channel.send({ type: REQUEST, id }, (error) => {
        if (error) settle(undefined);
      });
    });
}
