/**
 * A deadline for work done on a thread that cannot be stopped from outside: the service's own thread,
 * which answers a check there when that is cheaper than the hop to a checking thread (service/
 * worker-pool.ts). A worker thread past its budget is terminated; the service's thread cannot be, so
 * the core looks at the clock itself, at `checkpoint()`s placed where its work grows with the input
 * (building trees, compiling and evaluating them, reading tokens and words, locating breakpoints), and
 * throws DeadlinePassed once the deadline set by `withinDeadline` has passed. The caller then does the
 * whole check again where a budget can stop it.
 *
 * Nothing in the core catches an error it does not know (each catch rethrows anything but a
 * ReadError), so a DeadlinePassed always reaches `withinDeadline`'s caller, and no half-done work is
 * kept: the core's lazily kept results are assigned only once computed.
 *
 * With no deadline set (a worker thread, the CLI, the tests) a checkpoint is one comparison.
 */

export class DeadlinePassed extends Error {
  constructor(readonly ms: number) {
    super(`the work passed its deadline of ${ms} ms`);
    this.name = 'DeadlinePassed';
  }
}

/** Checkpoints between looks at the clock: a look costs about as much as a small tree node. */
const CHECKPOINTS_PER_LOOK = 64;

let deadlineAt = Number.POSITIVE_INFINITY;
let allowedMs = 0;
let untilLook = CHECKPOINTS_PER_LOOK;

/** Throws DeadlinePassed when a deadline is set and has passed (the clock is read every few calls). */
export function checkpoint(): void {
  if (deadlineAt === Number.POSITIVE_INFINITY || --untilLook > 0) return;
  untilLook = CHECKPOINTS_PER_LOOK;
  if (performance.now() > deadlineAt) throw new DeadlinePassed(allowedMs);
}

/**
 * Run `work` with a deadline `ms` from now: it returns what `work` returns, or throws what it throws,
 * DeadlinePassed included. Deadlines do not nest (the work is synchronous and the core never sets one).
 */
export function withinDeadline<T>(ms: number, work: () => T): T {
  if (deadlineAt !== Number.POSITIVE_INFINITY) throw new Error('withinDeadline does not nest');
  deadlineAt = performance.now() + ms;
  allowedMs = ms;
  untilLook = CHECKPOINTS_PER_LOOK;
  try {
    return work();
  } finally {
    deadlineAt = Number.POSITIVE_INFINITY;
  }
}
