/**
 * The pool's worker module with a fault added, for test/service/faults.test.ts: a check whose answer
 * is CRASH ends its thread at once (process.exit in a worker thread stops that thread), as a crash
 * of the thread would. Every other task is answered by the real module.
 */
import handleTask, { type WorkerReply, type WorkerTask } from '../../src/service/check-worker.js';

export const CRASH = 'CRASH';

export default function crashingTask(task: WorkerTask): WorkerReply {
  if ((task.op === 'check' || task.op === 'checkSerialized') && task.request.answer === CRASH) process.exit(3);
  return handleTask(task);
}
