/**
 * The entry of each worker thread of the pool (worker-pool.ts): the same core as `inProcessChecker`
 * (checkCore, with a ProblemCache of the thread's own), answering one task at a time.
 *
 * Errors lose their class when they cross the thread boundary, so nothing is thrown back: every
 * failure is returned as data, and the pool rebuilds a ReadError (with its field) or a plain Error.
 *
 * Loading this module warms the thread up: the core and mathjs are loaded and a few representative
 * checks are run before piscina reports the worker ready, so a worker started to replace one stopped
 * at its budget never takes a request cold. (So the pool imports only types from here.)
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { threadId, workerData } from 'node:worker_threads';
import type { CheckResult } from '../check.js';
import type { DerivativeReport } from '../derive.js';
import { ReadError, type ReadErrorData } from '../parse/errors.js';
import type { ValidationResult } from '../validate.js';
import { checkCore, runTask, warmUp, type CoreOptions, type CoreTask, type SerializedCheck } from './checker.js';

export type WorkerTask = CoreTask | { op: 'warmup' };

export interface WarmupReport {
  threadId: number;
  /** How long the warm-up checks took when the module loaded. */
  warmupMs: number;
  /** The heap the thread holds once warm (what the pool allows for besides a check's share). */
  heapUsedMb: number;
}

/** A failure as data: a ReadError's details (field included), or anything else as name, message, stack. */
export type WireError = { kind: 'read'; details: ReadErrorData } | { kind: 'internal'; name: string; message: string; stack?: string };

export type WorkerReply<T = CheckResult | SerializedCheck | DerivativeReport | ValidationResult | WarmupReport> = { ok: true; value: T } | { ok: false; error: WireError };

/** What the pool passes each worker as workerData. */
export type WorkerOptions = CoreOptions;

/** A failure as data that survives the structured clone between threads. */
export function toWireError(error: unknown): WireError {
  if (error instanceof ReadError) return { kind: 'read', details: error.toData() };
  if (error instanceof Error) {
    return { kind: 'internal', name: error.name, message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) };
  }
  return { kind: 'internal', name: 'Error', message: String(error) };
}

const options = (workerData ?? {}) as WorkerOptions;
const core = checkCore(options);
const started = performance.now();
// A core of its own, so the warm-up leaves nothing in the cache the requests use.
warmUp(checkCore(options));
const warmupMs = performance.now() - started;
/** The old generation's share of the heap (every space but the young one), which the thread's limit caps. */
const heapUsedMb =
  getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('new_'))
    .reduce((sum, space) => sum + space.space_used_size, 0) /
  (1024 * 1024);

export default function handleTask(task: WorkerTask): WorkerReply {
  try {
    if (task.op === 'warmup') return { ok: true, value: { threadId, warmupMs, heapUsedMb } };
    return { ok: true, value: runTask(core, task) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
