/**
 * Grading many answers at once, for the batch endpoint and the command-line grader alike: items are
 * pulled from any (async) source as they are needed, checked with bounded concurrency, and results
 * come out in input order as soon as each one and all before it are done. Memory stays flat however
 * many items there are, and one bad item is an error result for that item, never a failed batch.
 */
import type { CheckResult } from '../check.js';
import type { Format } from '../parse/read.js';
import type { Checker } from './checker.js';

export interface GradeItem {
  id?: string;
  function: string;
  answer: string;
  variable?: string;
  format?: Format;
  quiet?: boolean;
}

/** One input: an item to check, or the reason its line or row could not even be read as an item. */
export type GradeInput = { item: GradeItem } | { invalid: unknown; id?: string };

export type GradeOutput<P> =
  | ({ id: string | null; index: number } & CheckResult)
  | { id: string | null; index: number; error: P };

export interface GradeOptions<P> {
  /** Checks in flight at once (a worker pool is kept busy; in process it changes nothing). */
  concurrency?: number;
  /** How a failure (ReadError, invalid item, time budget…) is reported for its item. */
  toProblem: (error: unknown) => P;
  /** Once aborted (the client has gone), no further item is read or checked; the ones in flight end. */
  signal?: AbortSignal;
}

type Next = { kind: 'input'; result: IteratorResult<GradeInput> } | { kind: 'output' };

export async function* grade<P>(
  inputs: Iterable<GradeInput> | AsyncIterable<GradeInput>,
  checker: Checker,
  options: GradeOptions<P>,
): AsyncGenerator<GradeOutput<P>> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pending: Array<Promise<GradeOutput<P>>> = [];
  let index = 0;
  const start = (input: GradeInput): Promise<GradeOutput<P>> => {
    const at = index++;
    if ('invalid' in input) {
      return Promise.resolve({ id: input.id ?? null, index: at, error: options.toProblem(input.invalid) });
    }
    const { item } = input;
    const id = item.id ?? null;
    return checker.check(item).then(
      (result) => ({ id, index: at, ...result }),
      (error: unknown) => ({ id, index: at, error: options.toProblem(error) }),
    );
  };
  const iterator: Iterator<GradeInput> | AsyncIterator<GradeInput> =
    Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : inputs[Symbol.iterator]();
  const aborted = () => options.signal?.aborted === true;
  // One read of the input at a time, kept while results are handed back: a slow stream of items
  // still gets each result as soon as it and all before it are done, not when `concurrency` are.
  let reading: Promise<Next> | undefined;
  let ended = false;
  try {
    while (!aborted() && (!ended || pending.length > 0)) {
      if (!ended && pending.length < concurrency) {
        reading ??= Promise.resolve(iterator.next()).then((result) => ({ kind: 'input', result }));
        const oldest = pending[0];
        const next = oldest ? await Promise.race([reading, oldest.then((): Next => ({ kind: 'output' }))]) : await reading;
        if (next.kind === 'output') {
          yield await (pending.shift() as Promise<GradeOutput<P>>);
          continue;
        }
        reading = undefined;
        if (next.result.done) ended = true;
        else if (!aborted()) pending.push(start(next.result.value));
        continue;
      }
      yield await (pending.shift() as Promise<GradeOutput<P>>);
    }
  } finally {
    // Stop the source (an upload, a file) when the results are not all wanted; a read still under way
    // may then fail (the upload was cut), which nobody waits for any more.
    reading?.catch(() => {});
    if (!ended) Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

export interface GradeSummary {
  total: number;
  correct: number;
  incorrect: number;
  undetermined: number;
  /** Answers that read more than one way with different verdicts: not graded, brackets asked for. */
  needs_brackets: number;
  errors: number;
  by_mistake: Record<string, number>;
}

/** Counts per verdict and per mistake code, added to as results stream past. */
export class SummaryCounter {
  private readonly counts: GradeSummary = { total: 0, correct: 0, incorrect: 0, undetermined: 0, needs_brackets: 0, errors: 0, by_mistake: {} };

  add(output: GradeOutput<unknown>): void {
    this.counts.total++;
    if ('error' in output) {
      this.counts.errors++;
      return;
    }
    this.counts[output.verdict]++;
    // An ambiguous answer counts once under each code it fits.
    for (const code of new Set(output.diagnosis.map((d) => d.mistake))) {
      this.counts.by_mistake[code] = (this.counts.by_mistake[code] ?? 0) + 1;
    }
  }

  get summary(): GradeSummary {
    return { ...this.counts, by_mistake: { ...this.counts.by_mistake } };
  }
}
