/**
 * Grading many answers at once, for the batch endpoint and the command-line grader alike: items are
 * pulled from any (async) source as they are needed, checked with bounded concurrency, and results
 * come out in input order as soon as each one and all before it are done. Memory stays flat however
 * many items there are, and one bad item is an error result for that item, never a failed batch.
 */
import { languageOf } from '../present/result.js';
import { placeNote } from '../present/note.js';
import { echoOf, shaped, shapedUnreadable, unreadable, type Echo, type ProfileName } from '../present/profiles.js';
import type { CheckResult } from '../present/result.js';
import type { Language } from '../i18n/languages.js';
import type { GradingStatus } from '../present/scoring.js';
import type { Checker, CheckRequest } from './checker.js';
import { isUnreadableAnswer, type ProblemDetails } from './problems.js';

export interface GradeItem extends CheckRequest {
  id?: string;
}

/** One input: an item to check, or the reason its line or row could not even be read as an item. */
export type GradeInput = { item: GradeItem } | { invalid: unknown; id?: string; echo?: Echo };

/** The shape an item asked for and its timestamp (used by `wireOutput`, not sent as members). */
interface Shape {
  profile?: ProfileName;
  timestamp?: string;
}

/**
 * An item whose answer could not be read: not gradable, with the reader's code in its note, and the
 * item's language (for its reply in an LMS shape).
 */
export interface NotGradable {
  grading_status: 'not_gradable';
  note: string;
  lang: Language;
  /** For the student (an LMS shape's comment). */
  comment: string;
}

/**
 * A graded item: its result (with the shape it asked for and its timestamp, which `wireOutput` uses),
 * or its error. The caller's identifiers come back in an error too, so a failed row still finds its student.
 */
export type GradeOutput<P> =
  | ({ id: string | null; index: number } & Shape & CheckResult)
  | ({ id: string | null; index: number; error: P } & Shape & Partial<NotGradable> & Echo);

/**
 * An output as it is sent: in the shape its item asked for (AGS Score, xqueue reply), after id and
 * index. An answer that cannot be read is a reply in an LMS shape too; in ours it stays an error entry.
 */
export function wireOutput(output: GradeOutput<ProblemDetails>): unknown {
  const { id, index, profile, timestamp, ...rest } = output;
  if ('error' in rest) {
    const { error, grading_status, note, lang, comment, ...echo } = rest;
    if (grading_status !== undefined && note !== undefined && lang !== undefined && comment !== undefined) {
      const reply = shapedUnreadable({ problem: error, comment, note, lang, ...echo }, profile, timestamp);
      if (reply) return { id, index, ...(reply.body as object) };
      return { id, index, error, grading_status, note, ...echo };
    }
    return { id, index, error, ...echo };
  }
  return { id, index, ...(shaped(rest, profile, timestamp).body as object) };
}

export interface GradeOptions<P> {
  /** Checks in flight at once (a worker pool is kept busy; in process it changes nothing). */
  concurrency?: number;
  /** How a failure (ReadError, invalid item, time budget…) is reported for its item (in its language). */
  toProblem: (error: unknown, item?: GradeItem) => P;
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
      return Promise.resolve({ id: input.id ?? null, index: at, error: options.toProblem(input.invalid), ...input.echo });
    }
    const { item } = input;
    const id = item.id ?? null;
    const shape: Shape = {
      ...(item.profile !== undefined ? { profile: item.profile } : {}),
      ...(item.timestamp !== undefined ? { timestamp: item.timestamp } : {}),
    };
    return checker.check(item).then(
      (result) => ({ id, index: at, ...shape, ...result }),
      (error: unknown) => ({ id, index: at, error: options.toProblem(error, item), ...shape, ...notGradable(error, item), ...echoOf(item) }),
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

/** What an item whose answer cannot be read is (nothing for any other failure). */
function notGradable(error: unknown, item: GradeItem): NotGradable | Record<string, never> {
  if (!isUnreadableAnswer(error)) return {};
  return { grading_status: 'not_gradable', ...unreadable(error, languageOf(item.lang)) };
}

export interface GradeSummary {
  total: number;
  correct: number;
  incorrect: number;
  undetermined: number;
  /** Answers that read more than one way with different verdicts: not graded, brackets asked for. */
  needs_brackets: number;
  errors: number;
  /**
   * Answers per grading status: graded, needs_review (undetermined) and not_gradable (needs brackets,
   * or an answer that cannot be read: those are also among the errors).
   */
  by_grading_status: Record<GradingStatus, number>;
  /** Answers per mistake code (an ambiguous answer counts once under each code it fits). */
  by_mistake: Record<string, number>;
  /** Answers per kind of place (the answer note's: outer, inner, every, answer, product…). */
  by_place: Record<string, number>;
  /**
   * Answers per answer note (present/note.ts): the same mistake at the same kind of place, across
   * questions (and `unreadable|code` per reason an answer could not be read).
   */
  by_note: Record<string, number>;
  /** Answers per place of a function and code, most frequent first: where in a question a class goes wrong. */
  by_node: Array<{ node: string; place: string; mistake: string; count: number }>;
}

/** Counts per verdict, mistake code, place and note, added to as results stream past. */
export class SummaryCounter {
  private readonly counts = { total: 0, correct: 0, incorrect: 0, undetermined: 0, needs_brackets: 0, errors: 0 };
  private readonly byStatus: Record<GradingStatus, number> = { graded: 0, needs_review: 0, not_gradable: 0 };
  private readonly byMistake: Record<string, number> = {};
  private readonly byPlace: Record<string, number> = {};
  private readonly byNote: Record<string, number> = {};
  private readonly byNode = new Map<string, { node: string; place: string; mistake: string; count: number }>();

  add(output: GradeOutput<unknown>): void {
    this.counts.total++;
    if ('error' in output) {
      this.counts.errors++;
      if (output.grading_status && output.note) {
        this.byStatus[output.grading_status]++;
        this.byNote[output.note] = (this.byNote[output.note] ?? 0) + 1;
      }
      return;
    }
    this.counts[output.verdict]++;
    this.byStatus[output.grading_status]++;
    this.byNote[output.note] = (this.byNote[output.note] ?? 0) + 1;
    const count = (into: Record<string, number>, keys: Iterable<string>) => {
      for (const key of new Set(keys)) into[key] = (into[key] ?? 0) + 1;
    };
    // An ambiguous answer counts once under each code, each place and each node it fits.
    count(this.byMistake, output.diagnosis.map((d) => d.mistake));
    count(this.byPlace, output.diagnosis.map((d) => placeNote(d)));
    const nodes = new Map<string, { node: string; place: string; mistake: string }>();
    for (const d of output.diagnosis) {
      if (!d.at) continue;
      const row = { node: d.at.text, place: placeNote(d), mistake: d.mistake };
      nodes.set(JSON.stringify(row), row);
    }
    for (const [key, row] of nodes) {
      const found = this.byNode.get(key);
      if (found) found.count++;
      else this.byNode.set(key, { ...row, count: 1 });
    }
  }

  get summary(): GradeSummary {
    return {
      ...this.counts,
      by_grading_status: { ...this.byStatus },
      by_mistake: { ...this.byMistake },
      by_place: { ...this.byPlace },
      by_note: { ...this.byNote },
      by_node: [...this.byNode.values()].map((row) => ({ ...row })).sort((a, b) => b.count - a.count),
    };
  }
}
