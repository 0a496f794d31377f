/**
 * GET /metrics in Prometheus format (prom-client): requests by route and status, latency histograms,
 * checks by verdict and by mistake code, and the worker pool's queue and timeouts. One registry per
 * app, so tests (and several apps in one process) never share counters.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CheckResult, Verdict } from '../check.js';
import { checkSerialized, type Checker } from '../service/checker.js';
import type { WorkerPoolStats } from '../service/worker-pool.js';

/** What a pool checker can report (workerPoolChecker's stats()); an in-process checker has none. */
type PoolStats = WorkerPoolStats;

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'chainrule_http_requests_total',
    help: 'HTTP requests answered, by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'chainrule_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route and method.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly verdicts = new Counter({
    name: 'chainrule_checks_total',
    help: 'Answers checked (single and batch), by verdict.',
    labelNames: ['verdict'] as const,
    registers: [this.registry],
  });
  private readonly mistakes = new Counter({
    name: 'chainrule_diagnoses_total',
    help: 'Diagnosed answers, by mistake code (an ambiguous answer counts under each of its codes).',
    labelNames: ['mistake'] as const,
    registers: [this.registry],
  });
  private readonly failures = new Counter({
    name: 'chainrule_check_failures_total',
    help: 'Checks that could not be done, by reason (the problem type).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(stats?: () => PoolStats) {
    collectDefaultMetrics({ register: this.registry, prefix: 'chainrule_' });
    if (stats) {
      const gauge = (name: string, help: string, read: (s: PoolStats) => number) =>
        new Gauge({ name, help, registers: [this.registry], collect() { this.set(read(stats())); } });
      gauge('chainrule_pool_threads', 'Worker threads in the pool.', (s) => s.threads);
      gauge('chainrule_pool_queue_length', 'Checks waiting for a free worker.', (s) => s.queued);
      gauge('chainrule_pool_running', 'Checks running on a worker now.', (s) => s.running);
      gauge('chainrule_pool_completed', 'Checks the pool has completed since start.', (s) => s.completed);
      gauge('chainrule_pool_timeouts', 'Checks stopped at their time budget since start.', (s) => s.timeouts);
      gauge('chainrule_pool_rejected_overload', 'Checks refused because the queue was full, since start.', (s) => s.rejectedOverload);
      gauge('chainrule_pool_inline', "Checks answered in the service's own thread (INLINE_CHECK_MS), since start; chainrule_pool_completed counts the threads' only.", (s) => s.inline);
      gauge('chainrule_pool_inline_cache_drops', "Times the service's own thread dropped the functions it had prepared, its heap past what a worker thread may hold, since start.", (s) => s.inlineCacheDrops);
      gauge('chainrule_pool_inline_deadlines_passed', "Checks that ran past INLINE_CHECK_MS in the service's own thread (most then sent to a worker), since start.", (s) => s.inlineDeadlinesPassed);
      gauge('chainrule_pool_inline_seconds', "Time the service's own thread spent on checks, answered there or not, since start.", (s) => s.inlineSpentMs / 1000);
    }
  }

  observeRequest(request: FastifyRequest, reply: FastifyReply): void {
    // The route's template, never the raw URL: one series per endpoint, whatever clients send.
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    this.requests.inc({ route, method, status: String(reply.statusCode) });
    this.latency.observe({ route, method }, reply.elapsedTime / 1000);
  }

  observeCheck(result: CheckResult): void {
    this.observeVerdict(result.verdict, new Set(result.diagnosis.map((d) => d.mistake)));
  }

  observeVerdict(verdict: Verdict, mistakes: Iterable<string>): void {
    this.verdicts.inc({ verdict });
    for (const code of mistakes) this.mistakes.inc({ mistake: code });
  }

  /** A check that could not be done, counted by its problem type's last segment (invalid-expression…). */
  observeFailure(type: string): void {
    this.failures.inc({ reason: type.slice(type.lastIndexOf('/') + 1) });
  }
}

/** The checker with every result counted: single checks and batch items alike pass through it. */
export function countedChecker(checker: Checker, metrics: ServiceMetrics, problemType: (error: unknown) => string): Checker {
  return {
    ...checker,
    async check(request) {
      try {
        const result = await checker.check(request);
        metrics.observeCheck(result);
        return result;
      } catch (error) {
        metrics.observeFailure(problemType(error));
        throw error;
      }
    },
    async checkSerialized(request) {
      try {
        const result = await checkSerialized(checker, request);
        metrics.observeVerdict(result.verdict, result.mistakes);
        return result;
      } catch (error) {
        metrics.observeFailure(problemType(error));
        throw error;
      }
    },
    derive: (request) => checker.derive(request),
    validate: (request) => checker.validate(request),
    close: () => checker.close(),
  };
}

/**
 * Counts every response, and serves GET /metrics: this app's registry, or with several processes
 * serving the port, `whole` (the whole service's, from the primary: cluster-metrics.ts).
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: ServiceMetrics, whole?: () => Promise<string>): void {
  // Synchronous: Fastify runs an async hook through a promise and a microtask, for every response.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request, reply);
    done();
  });
  const text = whole ?? (() => metrics.registry.metrics());
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await text()));
}

/** The pool's stats, when the checker is a pool. */
export function poolStats(checker: Checker): (() => PoolStats) | undefined {
  const stats = (checker as { stats?: () => PoolStats }).stats;
  return typeof stats === 'function' ? () => stats.call(checker) : undefined;
}
