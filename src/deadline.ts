/**
 * A deadline for work done on a thread that cannot be stopped from outside: the service's own thread,
 * which answers a check there when that is cheaper than the hop to a checking thread (service/
 * worker-pool.ts). A worker thread past its budget is terminated; the service's thread cannot be, so
 * the core looks at the clock itself, at `checkpoint()`s placed where its work grows with the input
 * (building trees, compiling and evaluating them, reading tokens and words, locating breakpoints), and
 * throws DeadlinePassed once the deadline set by `withinDeadline` has passed. The caller then does the
 * whole check again where a budget can stop it.
 *
 * The core's catches rethrow anything but a ReadError, so a DeadlinePassed reaches `withinDeadline`'s
 * caller; the one exception, lex-mathml's around the XML parser (any error there is ill-formed XML),
 * has no checkpoint under it and must keep none. No half-done work is read later: the core's lazily
 * kept results are assigned only once computed (test/service/deadline.test.ts interrupts checks
 * anywhere). What was completed stays kept with the prepared function; the caller drops that
 * (inline-first.ts), as it may be large.
 *
 * With no deadline set (a worker thread, the CLI, the tests) a checkpoint is one comparison.
 */

export class DeadlinePassed extends Error {
  constructor(readonly ms: number) {
    super(`the work passed its deadline of ${ms} ms`);
    this.name = 'DeadlinePassed';
  }
}

/**
 * Checkpoints between looks at the clock (a look costs tens of nanoseconds; an ordinary check passes
 * about 230 checkpoints), so that the coarsest of them (a whole tree evaluated at a point) add little.
 */
const CHECKPOINTS_PER_LOOK = 8;

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
