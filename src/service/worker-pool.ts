/**
 * The core in a pool of worker threads (piscina), each check under a time budget. A check is
 * synchronous CPU work, and a legal input can cost far more than an ordinary one (nesting multiplies
 * the size of the derivative and of every mistake candidate), so in the service's own thread one such
 * input would stall every other request. Here:
 *
 * - every thread is started, has loaded the core and has run warm-up checks before it takes a request
 *   (`ready()` says when all have), and a thread started to replace another warms up the same way;
 * - a check runs only when a warm thread is free, and its budget starts then: past it the thread is
 *   terminated (piscina replaces it) and the call rejects with BudgetExceeded (a 422), so time spent
 *   waiting in the queue never counts against the expression;
 * - the queue is bounded: when it is full a call rejects at once with Overloaded (a 503 with
 *   Retry-After), and a call that waited in it longer than `queueTimeoutMs` rejects the same way, so
 *   no call ever hangs;
 * - failures come back from the thread as data and are rebuilt here: a ReadError with its field (the
 *   same 422 as in process), anything else a plain Error (a 500);
 * - with `inlineMs`, a check is first tried in the calling thread under that deadline, and goes to a
 *   thread only past it (inline-first.ts): cheaper for the many checks that take a fraction of a
 *   millisecond, while a costly one still ends under a thread's budget.
 */
import { msg, type Message } from '../i18n/message.js';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { CheckResult } from '../check.js';
import type { DerivativeReport } from '../derive.js';
import { ReadError } from '../parse/errors.js';
import type { ValidationResult } from '../validate.js';
import type { WarmupReport, WireError, WorkerOptions, WorkerReply, WorkerTask } from './check-worker.js';
import { ClosedBeforeReady, type Checker, type CoreOptions, type SerializedCheck } from './checker.js';
import { inlineFirst } from './inline-first.js';
import { BudgetExceeded, MemoryExceeded, Overloaded } from './problems.js';

export const DEFAULT_BUDGET_MS = 2000;
/** Queued checks allowed per thread, by default. */
export const QUEUE_PER_THREAD = 64;
export const DEFAULT_QUEUE_TIMEOUT_MS = 10_000;
/** Old-generation heap one check may use, by default. */
export const DEFAULT_CHECK_MEMORY_MB = 512;
/**
 * Old-generation heap a thread holds for itself once it has loaded the core and warmed up, given to
 * it on top of a check's share. Measured: 20 to 24 MB from the compiled dist/ on Node 20 and 24, 23 MB
 * from the TypeScript sources under tsx on Node 20 and 30 MB on Node 24 (whose V8 also counts a
 * "trusted" space there). Without this share a small cap killed the thread while it loaded, so what
 * the cap meant depended on the Node version; the warm-up reports what each thread really holds, and
 * a thread over this share is logged.
 */
export const THREAD_FOOTPRINT_MB = 64;
/** How long a thread may take to start, load the core and warm up before ready() fails. */
const WARMUP_TIMEOUT_MS = 60_000;

export interface WorkerPoolOptions extends CoreOptions {
  /** Worker threads, all started at creation (default: os.availableParallelism()). */
  threads?: number;
  /** Time one check may run on its thread before the thread is stopped (default 2000 ms). */
  budgetMs?: number;
  /** Checks that may wait for a free thread (default threads × 64); 0: refuse whenever all are busy. */
  maxQueue?: number;
  /** Longest wait in the queue before a check is refused as Overloaded (default 10 000 ms). */
  queueTimeoutMs?: number;
  /**
   * V8 heap limits of a check (default: 512 MB of old generation, so one input cannot exhaust the
   * host). `maxOldGenerationSizeMb` is what one check may use: each thread gets that plus
   * THREAD_FOOTPRINT_MB for its own code and data.
   */
  resourceLimits?: ResourceLimits;
  /**
   * Try each check in the calling thread first, abandoning it for a thread once it has run this many
   * milliseconds (inline-first.ts). 0, the default, sends every check to a thread.
   */
  inlineMs?: number;
  /** Retry-After for an Overloaded refusal (default: one budget, rounded up to seconds). */
  retryAfterSeconds?: number;
  /** Faults of the pool itself that belong to no call (a thread that failed to start): log them. */
  onError?: (error: unknown) => void;
  /**
   * The module each thread runs (default: check-worker next to this one). It must answer tasks as
   * check-worker does; the fault tests use one that dies on a given answer.
   */
  workerFile?: URL;
}

export interface WorkerPoolStats {
  /** Threads alive, warm or still starting. */
  threads: number;
  /** Calls waiting for a free thread. */
  queued: number;
  /** Calls running on a thread (warm-up tasks included while the pool starts). */
  running: number;
  /** Calls that ran to an end on a thread: a result, a ReadError or a fault. */
  completed: number;
  /** Calls stopped at their time budget. */
  timeouts: number;
  /** Calls refused as Overloaded: the queue full, too long a wait in it, or the pool closed. */
  rejectedOverload: number;
  /** Checks answered in the calling thread within `inlineMs` (0 without it). */
  inline: number;
  /** Checks tried in the calling thread that ran past `inlineMs` (most then sent to a thread). */
  inlineDeadlinesPassed: number;
  /** Times the calling thread dropped the functions it had prepared, its heap past what a worker thread may hold. */
  inlineCacheDrops: number;
  /** Milliseconds the calling thread spent on checks. */
  inlineSpentMs: number;
}

export interface WorkerPoolChecker extends Checker {
  checkSerialized: NonNullable<Checker['checkSerialized']>;
  /** Resolves once every thread has loaded the core and run its warm-up checks (rejects if one cannot). */
  ready(): Promise<void>;
  stats(): WorkerPoolStats;
}

interface Job {
  task: WorkerTask;
  resolve(value: unknown): void;
  reject(error: Error): void;
  queueTimer?: NodeJS.Timeout;
}

export function workerPoolChecker(options: WorkerPoolOptions = {}): WorkerPoolChecker {
  const threads = options.threads ?? availableParallelism();
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const maxQueue = options.maxQueue ?? threads * QUEUE_PER_THREAD;
  const queueTimeoutMs = options.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
  const inlineMs = options.inlineMs ?? 0;
  requireWhole('threads', threads, 1);
  requireWhole('inlineMs', inlineMs, 0);
  requireWhole('budgetMs', budgetMs, 1);
  requireWhole('maxQueue', maxQueue, 0);
  requireWhole('queueTimeoutMs', queueTimeoutMs, 1);
  // A thread frees up within one budget at most, so that is when a retry has a chance.
  const retryAfter = options.retryAfterSeconds ?? Math.max(1, Math.ceil(budgetMs / 1000));
  const checkMemoryMb = options.resourceLimits?.maxOldGenerationSizeMb ?? DEFAULT_CHECK_MEMORY_MB;
  const resourceLimits: ResourceLimits = { ...options.resourceLimits, maxOldGenerationSizeMb: THREAD_FOOTPRINT_MB + checkMemoryMb };
  const onError = options.onError ?? ((error: unknown) => process.emitWarning(error instanceof Error ? error : String(error)));

  const workerData: WorkerOptions = {
    ...(options.limits !== undefined ? { limits: options.limits } : {}),
    ...(options.cacheSize !== undefined ? { cacheSize: options.cacheSize } : {}),
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
  };
  // The calling thread keeps no more than a worker thread may hold.
  const inline = inlineMs > 0 ? inlineFirst(workerData, inlineMs, resourceLimits.maxOldGenerationSizeMb as number) : undefined;
  const entry = workerEntry(options.workerFile);
  const pool = new Piscina<WorkerTask, WorkerReply>({
    filename: fileURLToPath(entry.file),
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    workerData,
    ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
    resourceLimits,
    recordTiming: false,
  });

  // Threads piscina has ready for a task (by thread id): the initial ones at once (their warm-up task
  // keeps them busy until they have loaded), a replacement only once its module has loaded and warmed up.
  const warm = new Set<number>();
  pool.on('workerCreate', (worker: { id: number }) => {
    warm.add(worker.id);
    pump();
  });
  pool.on('workerDestroy', (worker: { id: number }) => {
    warm.delete(worker.id);
    // A thread that died on its own (a crash) no longer has its id (Node gives it -1) when piscina
    // reports it: keep only the threads still alive, or calls would be sent to piscina for a thread
    // that is not there, and wait for its replacement with their budget running.
    const alive = new Set(pool.threads.map((thread) => thread.threadId));
    for (const id of warm) if (!alive.has(id)) warm.delete(id);
  });
  // Without a listener an 'error' event would throw: a thread failing with no call on it is logged.
  pool.on('error', onError);

  const queue: Job[] = [];
  const inFlight = new Set<Promise<void>>();
  let busy = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  const counts = { completed: 0, timeouts: 0, rejectedOverload: 0 };

  // One warm-up task per thread, posted before any call: each goes to a different idle thread.
  const warmups = Array.from({ length: threads }, () => runOnThread({ op: 'warmup' }, WARMUP_TIMEOUT_MS));
  const threadsWarm = Promise.all(warmups).then(
    (reports) => {
      const ids = new Set((reports as WarmupReport[]).map((report) => report.threadId));
      if (ids.size !== threads) onError(new Error(`warm-up ran on ${ids.size} of ${threads} threads`));
      const held = Math.max(...(reports as WarmupReport[]).map((report) => report.heapUsedMb));
      if (held > THREAD_FOOTPRINT_MB) {
        onError(new Error(`a checking thread holds ${held.toFixed(0)} MB once warm, more than the ${THREAD_FOOTPRINT_MB} MB allowed for it: checks get less than their ${checkMemoryMb} MB`));
      }
    },
    (error: unknown) => {
      throw closed ? new ClosedBeforeReady('The worker pool was closed before its threads were ready.', { cause: error }) : error;
    },
  );
  // The calling thread warms up too, once the threads are started (a second or so of its time, before
  // ready()): cold, its first checks would pass the deadline and send their functions to the threads.
  const warmedUp = inline
    ? Promise.all([
        threadsWarm,
        new Promise<void>((resolve, reject) =>
          setImmediate(() => {
            try {
              inline.warmUp();
              resolve();
            } catch (error) {
              reject(error);
            }
          }),
        ),
      ]).then(() => {})
    : threadsWarm;
  warmedUp.catch(() => {}); // reported through ready()

  function overloaded(message: Message): Overloaded {
    counts.rejectedOverload++;
    return new Overloaded(message, retryAfter);
  }

  /** Run a task on a thread now, stopping the thread if it is still running after `limitMs`. */
  function runOnThread(task: WorkerTask, limitMs: number): Promise<unknown> {
    busy++;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limitMs);
    // The books are kept before the caller hears: stats() is up to date when its await returns.
    const finish = () => {
      clearTimeout(timer);
      busy--;
      if (task.op !== 'warmup' && !timedOut) counts.completed++;
      pump();
    };
    const result = pool.run(task, { signal: controller.signal }).then(
      (reply) => {
        finish();
        if (reply.ok) return reply.value;
        throw rebuildError(reply.error);
      },
      (error: unknown) => {
        finish();
        if (timedOut) {
          if (task.op === 'warmup') throw new Error(`a worker thread did not start and warm up within ${limitMs} ms`);
          counts.timeouts++;
          throw new BudgetExceeded(limitMs);
        }
        // A thread that ran out of its heap was stopped by its own limit: the input's fault, like a
        // check past its time budget (piscina replaces the thread).
        if ((error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          // Not a check's fault while the thread loads: the limits leave it no room to start.
          if (task.op === 'warmup') {
            throw new Error(`a worker thread ran out of its ${resourceLimits.maxOldGenerationSizeMb} MB heap while loading the core`, { cause: error });
          }
          counts.timeouts++;
          throw new MemoryExceeded(checkMemoryMb);
        }
        // The thread died under the call (a crash) or the pool was destroyed: a fault of the service,
        // for this call alone (piscina starts a thread in its place, and the other calls go on).
        throw new Error(`The checking thread stopped unexpectedly (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
      },
    );
    // close() waits for the calls running (each ends within its budget), not for warm-ups: those it cuts.
    if (task.op !== 'warmup') {
      const settled: Promise<void> = result.then(
        () => void inFlight.delete(settled),
        () => void inFlight.delete(settled),
      );
      inFlight.add(settled);
    }
    return result;
  }

  /** Start queued calls while warm threads are free. */
  function pump(): void {
    while (!closed && queue.length > 0 && busy < warm.size) {
      const job = queue.shift() as Job;
      clearTimeout(job.queueTimer);
      runOnThread(job.task, budgetMs).then(job.resolve, job.reject);
    }
  }

  function submit<T>(task: WorkerTask): Promise<T> {
    if (!inline) return toThreads(task);
    if (closed) return Promise.reject(overloaded(msg('problem.overloaded.shutting_down')));
    return inline.attempt(task).then((outcome) => {
      if (outcome === 'threads') return toThreads<T>(task);
      if (outcome.ok) return outcome.value as T;
      throw outcome.error;
    });
  }

  /** A task for a thread: run now when one is free, queued otherwise (bounded, each wait timed). */
  function toThreads<T>(task: WorkerTask): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (closed) {
        reject(overloaded(msg('problem.overloaded.shutting_down')));
        return;
      }
      const job: Job = { task, resolve: resolve as (value: unknown) => void, reject };
      if (queue.length === 0 && busy < warm.size) {
        runOnThread(task, budgetMs).then(job.resolve, job.reject);
        return;
      }
      if (queue.length >= maxQueue) {
        reject(overloaded(msg('problem.overloaded.queue_full', { threads, waiting: maxQueue })));
        return;
      }
      job.queueTimer = setTimeout(() => {
        const at = queue.indexOf(job);
        if (at !== -1) queue.splice(at, 1);
        reject(overloaded(msg('problem.overloaded.waited', { ms: queueTimeoutMs })));
      }, queueTimeoutMs);
      queue.push(job);
    });
  }

  return {
    check: (request) => submit<CheckResult>({ op: 'check', request }),
    checkSerialized: (request) => submit<SerializedCheck>({ op: 'checkSerialized', request }),
    derive: (request) => submit<DerivativeReport>({ op: 'derive', request }),
    validate: (request) => submit<ValidationResult>({ op: 'validate', request }),
    ready: () => warmedUp,
    stats: () => {
      const here = inline?.stats() ?? { inline: 0, deadlinesPassed: 0, cacheDrops: 0, spentMs: 0 };
      return {
        threads: pool.threads.length,
        queued: queue.length,
        running: busy,
        completed: counts.completed,
        timeouts: counts.timeouts,
        rejectedOverload: counts.rejectedOverload,
        inline: here.inline,
        inlineDeadlinesPassed: here.deadlinesPassed,
        inlineCacheDrops: here.cacheDrops,
        inlineSpentMs: here.spentMs,
      };
    },
    close() {
      closing ??= (async () => {
        closed = true;
        for (const job of queue.splice(0)) {
          clearTimeout(job.queueTimer);
          job.reject(overloaded(msg('problem.overloaded.shutting_down')));
        }
        // Calls already running end within their budget; then the threads go (a warm-up still running too).
        await Promise.all(inFlight);
        await pool.destroy();
      })();
      return closing;
    },
  };
}

/** The error a failure returned by a thread stands for: a real ReadError (field included), or a plain Error. */
function rebuildError(wire: WireError): Error {
  if (wire.kind === 'read') return new ReadError(wire.details);
  const error = new Error(wire.message);
  error.name = wire.name;
  // The thread's stack says where the fault is; this thread's would only show the message port.
  if (wire.stack !== undefined) error.stack = `${wire.stack}\n    at <checking thread>`;
  return error;
}

/**
 * The worker module next to this one: check-worker.js when running the compiled dist/, check-worker.ts
 * when running the sources (vitest, tsx), whose threads then need tsx's loader to import TypeScript.
 */
function workerEntry(given?: URL): { file: URL; execArgv?: string[] } {
  const file = given ?? new URL(import.meta.url.endsWith('.ts') ? './check-worker.ts' : './check-worker.js', import.meta.url);
  const fromSources = file.pathname.endsWith('.ts');
  if (!fromSources) return { file };
  let loader: string;
  try {
    // Resolved from here, not from the working directory, so it works wherever the process was started.
    loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch (error) {
    throw new Error('Running the worker pool from TypeScript sources needs tsx (a devDependency); run the compiled dist/ instead.', { cause: error });
  }
  return { file, execArgv: ['--import', loader] };
}

function requireWhole(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be a whole number of at least ${min}, got ${value}`);
}
