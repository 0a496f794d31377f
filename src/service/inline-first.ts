/**
 * Checks answered on the service's own thread when they are cheap, for the worker pool
 * (worker-pool.ts). A hop to a checking thread costs more than most checks: measured under load, a
 * request cost 698 µs of CPU in all through the pool against 431 µs answered in the service's thread
 * (the message both ways, a second heap and its collections, a cold cache on the other thread), while
 * the check itself is about 200 µs. So a check is first tried here, under a deadline the core enforces
 * itself (deadline.ts); past it the check is abandoned, nothing of it kept, and it is sent to a thread
 * where its time budget and memory cap apply, as every check was before.
 *
 * What the thread gives to checks is bounded, whatever the input:
 * - a check holds it no longer than the deadline (plus the stretch to the core's next checkpoint, a few
 *   milliseconds, and any garbage collection);
 * - a function whose checks ran past the deadline twice goes to the threads from then on (once could be
 *   a collection or the compiler; a costly function or answer would pass it again, wasting a deadline
 *   each time);
 * - when the time lost to deadlines passed in the last second reaches a quarter of it (inputs made to
 *   cost, each with a new function), checks of functions not yet answered here within the deadline go
 *   to the threads until it falls back, and those answered here stay under a deadline of
 *   SHORT_DEADLINE_MS (sent to threads queued behind the costly ones, an ordinary check would wait
 *   seconds; an ordinary check of a prepared function takes well under a millisecond);
 * - what a check abandoned at its deadline had prepared of its function is dropped (it could be
 *   hundreds of megabytes across functions), and the heap is looked at every few checks;
 * - checks run one after another in one turn of the event loop (a batch's, started together) stop at
 *   TURN_BUDGET_MS: the rest wait for the next turn, so requests' I/O is served in between; and each
 *   check's answer comes in a later macrotask.
 * A failure other than an unreadable input (a ReadError, the input's fault, answered here) is not
 * answered here: the check is done again on a thread, whose larger stack and own heap give the answer
 * a check gets in the pool, and the function goes to the threads.
 *
 * A validation (POST /v1/validate) takes the same path: it only reads, nothing is prepared or kept, and
 * what it costs is its answer's (an answer with hundreds of ambiguous places is read many ways), so it
 * is remembered by the whole request rather than by its function: the same costly request sent again
 * goes to the threads after two deadlines, and a cheap one is never recorded as proven (keystrokes
 * would push the functions proven by checks out of that map). While deadlines passed lately are over
 * their share, a validation is treated as a check of a proven function (SHORT_DEADLINE_MS here, a
 * thread past it): an ordinary one reads in well under a millisecond and the student is typing.
 */
import { createHash } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { DeadlinePassed, withinDeadline } from '../deadline.js';
import { ReadError } from '../parse/errors.js';
import type { WorkerTask } from './check-worker.js';
import { checkCore, runTask, warmUp, type CheckCore, type CoreOptions, type CoreTask } from './checker.js';
import { keyOf } from './problem-cache.js';

/**
 * The service's deadline for a check in its own thread. Preparing a function and diagnosing its first
 * answers is a one-off cost of 1 to 50 ms for the worked examples' functions (building the pairs of
 * mistakes for a first unexplained answer is the largest part); an ordinary check is well under 1 ms.
 * So a function of the kind students are given is prepared here once and stays here, while one that
 * costs more goes to the threads.
 */
export const DEFAULT_INLINE_CHECK_MS = 50;

/** Functions remembered, as sent to the threads or as having passed the deadline once (the oldest forgotten first). */
const REMEMBERED_FUNCTIONS = 1000;
/** Deadlines a function may pass before it goes to the threads for good. */
const STRIKES = 2;
/** Checks answered between two looks at the heap. */
const CHECKS_PER_HEAP_LOOK = 64;
/** Time checks may take in one turn of the event loop before the next ones wait for the next turn. */
const TURN_BUDGET_MS = 10;
/** The window, and the share of it that time lost to passed deadlines may take before checks stop coming here. */
const LOSS_WINDOW_MS = 1000;
const LOSS_SHARE = 0.25;
/** The deadline while the time lost is over its share, for functions already answered here. */
const SHORT_DEADLINE_MS = 5;

export interface InlineFirstStats {
  /** Checks answered on the service's thread (an unreadable input's ReadError included). */
  inline: number;
  /** Checks that ran past their deadline there (most sent to a thread). */
  deadlinesPassed: number;
  /** Times the prepared functions kept here were dropped for the heap's size (`heapLimitMb`). */
  cacheDrops: number;
  /** Milliseconds the service's thread spent on checks, answered or not. */
  spentMs: number;
}

/** What a check tried here came to: its value, the error to answer with, or "do it on a thread". */
export type InlineOutcome = { ok: true; value: unknown } | { ok: false; error: unknown } | 'threads';

export interface InlineFirst {
  /** The task tried here, its outcome in a later macrotask; 'threads' when it must go to a thread. */
  attempt(task: WorkerTask): Promise<InlineOutcome>;
  /**
   * Load the core's code paths on this thread (the JIT), so that first checks do not pass the deadline
   * cold; until it has run, every check goes to the threads.
   */
  warmUp(): void;
  stats(): InlineFirstStats;
}

/** A map of bounded size, the oldest entry forgotten first. */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED_FUNCTIONS) map.delete(map.keys().next().value as string);
}

const later = <T>(value: T): Promise<T> => new Promise((resolve) => setImmediate(() => resolve(value)));

/**
 * `heapLimitMb`: what the functions prepared here may hold. A worker thread's heap is capped, and a
 * thread over its cap is replaced; the service's own thread must never get there, so past this size
 * (looked at every few checks) everything kept here is dropped and prepared again as needed. A single
 * check adds at most what its deadline lets it build.
 */
export function inlineFirst(options: CoreOptions, deadlineMs: number, heapLimitMb: number): InlineFirst {
  let core: CheckCore = checkCore(options);
  let warm = false;
  const strikes = new Map<string, number>();
  // Functions answered here within the deadline.
  const proven = new Map<string, true>();
  const counts: InlineFirstStats = { inline: 0, deadlinesPassed: 0, cacheDrops: 0, spentMs: 0 };
  let untilHeapLook = CHECKS_PER_HEAP_LOOK;
  // Time spent in this turn of the event loop (reset by an immediate queued with the turn's first check).
  let turnSpentMs = 0;
  let turnResetQueued = false;
  // Deadlines passed lately: when each ended, and what it cost.
  const losses: Array<{ at: number; ms: number }> = [];

  function keepHeapBounded(): void {
    if (--untilHeapLook > 0) return;
    untilHeapLook = CHECKS_PER_HEAP_LOOK;
    if (getHeapStatistics().used_heap_size <= heapLimitMb * 1024 * 1024) return;
    core = checkCore(options);
    counts.cacheDrops++;
  }

  function recentLossMs(now: number): number {
    while (losses.length > 0 && (losses[0] as { at: number }).at < now - LOSS_WINDOW_MS) losses.shift();
    return losses.reduce((sum, loss) => sum + loss.ms, 0);
  }

  function strike(key: string, times = 1): void {
    remember(strikes, key, (strikes.get(key) ?? 0) + times);
  }

  /** What a task is remembered by: its function's key, or a validation's whole request (nothing of it is prepared). */
  function keyOfTask(task: CoreTask): string {
    const { request } = task;
    // Hashed: an answer and a function may be 50,000 characters each (MathML), and a thousand are kept.
    if (task.op === 'validate') {
      return `validate:${createHash('sha256').update(JSON.stringify([task.request.answer, task.request.function ?? null, request.variable ?? null, request.format ?? 'auto'])).digest('base64')}`;
    }
    return keyOf(task.request.function, { variable: request.variable, format: request.format, limits: options.limits });
  }

  function attempt(task: WorkerTask): Promise<InlineOutcome> {
    if (task.op === 'warmup' || !warm) return later('threads');
    const { request } = task;
    const prepares = task.op !== 'validate';
    const key = keyOfTask(task);
    if ((strikes.get(key) ?? 0) >= STRIKES) return later('threads');
    const started = performance.now();
    const losing = recentLossMs(started) >= LOSS_SHARE * LOSS_WINDOW_MS;
    if (losing && prepares && !proven.has(key)) return later('threads');
    const limitMs = losing ? Math.min(deadlineMs, SHORT_DEADLINE_MS) : deadlineMs;
    if (turnSpentMs >= TURN_BUDGET_MS) return new Promise((resolve) => setImmediate(() => resolve(attempt(task))));
    if (!turnResetQueued) {
      turnResetQueued = true;
      setImmediate(() => {
        turnSpentMs = 0;
        turnResetQueued = false;
      });
    }
    keepHeapBounded();
    let outcome: InlineOutcome;
    try {
      outcome = { ok: true, value: withinDeadline(limitMs, () => runTask(core, task)) };
    } catch (error) {
      // An unreadable input is answered here, as a thread would answer it; a deadline passed or any
      // other failure (this thread's smaller stack, a fault) is for a thread to answer.
      if (error instanceof ReadError) outcome = { ok: false, error };
      else {
        outcome = 'threads';
        if (!(error instanceof DeadlinePassed)) strike(key, STRIKES);
      }
    }
    const ended = performance.now();
    const spent = ended - started;
    turnSpentMs += spent;
    counts.spentMs += spent;
    // Past the deadline, answered or not (a check between two checkpoints, a collection): lost time.
    if (spent > limitMs) {
      counts.deadlinesPassed++;
      losses.push({ at: ended, ms: spent });
      strike(key);
      if (prepares) core.forget(task.request);
    } else if (prepares && outcome !== 'threads' && outcome.ok) {
      remember(proven, key, true);
    }
    if (outcome !== 'threads') counts.inline++;
    return later(outcome);
  }

  return {
    attempt,
    warmUp() {
      // A core of its own, so the warm-up leaves nothing in the cache the requests use.
      warmUp(checkCore(options));
      warm = true;
    },
    stats: () => ({ ...counts }),
  };
}
