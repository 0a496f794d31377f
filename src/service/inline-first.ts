/**
 * Checks answered on the service's own thread when they are cheap, for the worker pool
 * (worker-pool.ts). A hop to a checking thread costs more than most checks: measured under load, a
 * request cost 698 µs of CPU in all through the pool against 431 µs answered in the service's thread
 * (the message both ways, a second heap and its collections, a cold cache on the other thread), while
 * the check itself is about 200 µs. So a check is first tried here, under a deadline the core enforces
 * itself (deadline.ts); past it the check is abandoned, nothing of it kept, and it is sent to a thread
 * where its time budget and memory cap apply, as every check was before. Its function is then sent to a
 * thread directly from then on: what passed the deadline once (a function costly to prepare, or an
 * answer costly to compare against it) would most likely pass it again, and each pass wastes a deadline
 * of the service's thread.
 *
 * What the thread spends here is bounded: one deadline for a check passed on, once per function; a
 * check within it holds the thread no longer than the deadline; and every check answered here ends in
 * a macrotask, so a batch's checks answered one after another leave the thread to other requests in
 * between.
 */
import { getHeapStatistics } from 'node:v8';
import { DeadlinePassed, withinDeadline } from '../deadline.js';
import type { WorkerTask } from './check-worker.js';
import { checkCore, warmUp, type CheckCore, type CoreOptions } from './checker.js';

/**
 * The service's deadline for a check in its own thread. Preparing a function and diagnosing its first
 * answers is a one-off cost of 1 to 50 ms for the worked examples' functions (building the pairs of
 * mistakes for a first unexplained answer is the largest part); an ordinary check is well under 1 ms.
 * So a function of the kind students are given is prepared here once and stays here, while one that
 * costs more goes to the threads after one deadline.
 */
export const DEFAULT_INLINE_CHECK_MS = 50;

/** Functions remembered as sent to a thread (the oldest forgotten first). */
const POOL_ONLY_CAPACITY = 1000;
/** Checks answered between two looks at the heap. */
const CHECKS_PER_HEAP_LOOK = 64;

export interface InlineFirstStats {
  /** Checks answered on the service's thread. */
  inline: number;
  /** Checks abandoned at their deadline there and sent to a thread. */
  deadlinesPassed: number;
  /** Times the prepared functions kept here were dropped for the heap's size (`heapLimitMb`). */
  cacheDrops: number;
}

export interface InlineFirst {
  /**
   * The task done here within the deadline: its value, or the error the core threw (a ReadError, or a
   * fault) — both after a macrotask. Undefined when the task must go to a thread: not a check, its
   * function already sent there, or the deadline passed now.
   */
  attempt(task: WorkerTask): Promise<unknown> | undefined;
  /** Load the core's code paths on this thread (the JIT), so that first checks do not pass the deadline cold. */
  warmUp(): void;
  stats(): InlineFirstStats;
}

/**
 * `heapLimitMb`: what the functions prepared here may hold. A worker thread's heap is capped, and a
 * thread over its cap is replaced; the service's own thread must never get there, so past this size
 * (looked at every few checks) everything kept here is dropped and prepared again as needed. A single
 * check adds at most what its deadline lets it build.
 */
export function inlineFirst(options: CoreOptions, deadlineMs: number, heapLimitMb: number): InlineFirst {
  let core: CheckCore = checkCore(options);
  const poolOnly = new Map<string, true>();
  const counts: InlineFirstStats = { inline: 0, deadlinesPassed: 0, cacheDrops: 0 };
  let untilHeapLook = CHECKS_PER_HEAP_LOOK;

  function keepHeapBounded(): void {
    if (--untilHeapLook > 0) return;
    untilHeapLook = CHECKS_PER_HEAP_LOOK;
    if (getHeapStatistics().used_heap_size <= heapLimitMb * 1024 * 1024) return;
    core = checkCore(options);
    counts.cacheDrops++;
  }

  function sendToThreads(key: string): void {
    poolOnly.set(key, true);
    if (poolOnly.size > POOL_ONLY_CAPACITY) poolOnly.delete(poolOnly.keys().next().value as string);
  }

  return {
    attempt(task) {
      if (task.op === 'warmup') return undefined;
      const { request } = task;
      // The function as the problem cache tells functions apart (the limits are the service's, one for all).
      const key = JSON.stringify([request.function, request.variable ?? null, request.format ?? 'auto']);
      if (poolOnly.has(key)) return undefined;
      keepHeapBounded();
      let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        const value = withinDeadline(deadlineMs, () => {
          switch (task.op) {
            case 'check':
              return core.check(task.request);
            case 'checkSerialized':
              return core.checkSerialized(task.request);
            case 'derive':
              return core.derive(task.request);
          }
        });
        outcome = { ok: true, value };
      } catch (error) {
        if (error instanceof DeadlinePassed) {
          counts.deadlinesPassed++;
          sendToThreads(key);
          return undefined;
        }
        outcome = { ok: false, error };
      }
      counts.inline++;
      return new Promise((resolve, reject) => setImmediate(() => (outcome.ok ? resolve(outcome.value) : reject(outcome.error))));
    },
    warmUp() {
      // A core of its own, so the warm-up leaves nothing in the cache the requests use.
      warmUp(checkCore(options));
    },
    stats: () => ({ ...counts }),
  };
}
