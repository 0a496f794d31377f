/**
 * A graded class as table rows: one per answer, in file order, sortable by any column and filtered
 * by verdict or mistake. Pure: class-view.ts draws them.
 */
import type { BatchResult } from './api.js';
import type { ClassItem } from './class-file.js';
import type { LineOutput } from '../cli/write-results.js';

export interface GradedRow {
  line: number;
  id: string;
  function: string;
  /** The answer as the file had it. */
  answer: string;
  /** How the service read it (absent for an answer that could not be read). */
  reading: string | undefined;
  verdict: string;
  /** Mistake codes, each once. */
  codes: string[];
  score: number | undefined;
  status: string | undefined;
  feedback: string;
  result: LineOutput & BatchResult;
}

/** Results (in any order) with the items they answer: rows in file order. */
export function gradedRows(items: readonly ClassItem[], results: readonly BatchResult[]): GradedRow[] {
  return results
    .map((result): GradedRow => {
      const item = items[result.index];
      const line = item?.line ?? 0;
      const text = (name: string) => String(item?.item[name] ?? '');
      const withLine = { ...result, line } as LineOutput & BatchResult;
      if ('error' in result) {
        return { line, id: result.id ?? text('id'), function: text('function'), answer: text('answer'), reading: undefined, verdict: 'error', codes: [], score: undefined, status: result.grading_status, feedback: result.error.detail, result: withLine };
      }
      return {
        line,
        id: result.id ?? '',
        function: text('function'),
        answer: text('answer'),
        reading: result.answer.text,
        verdict: result.verdict,
        codes: [...new Set(result.diagnosis.map((d) => d.mistake))],
        score: result.score?.given,
        status: result.grading_status,
        feedback: result.feedback,
        result: withLine,
      };
    })
    .sort((a, b) => a.line - b.line);
}

export type SortKey = 'line' | 'id' | 'function' | 'answer' | 'verdict' | 'codes' | 'score' | 'status' | 'feedback';
export type Direction = 'ascending' | 'descending';

const VERDICT_ORDER = ['correct', 'incorrect', 'needs_brackets', 'undetermined', 'error'];
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compare(a: GradedRow, b: GradedRow, key: SortKey): number {
  switch (key) {
    case 'line':
      return a.line - b.line;
    case 'score':
      return (a.score ?? -Infinity) - (b.score ?? -Infinity);
    case 'verdict':
      return rank(a.verdict) - rank(b.verdict);
    case 'codes':
      return collator.compare(a.codes.join(' '), b.codes.join(' '));
    case 'answer':
      return collator.compare(a.reading ?? a.answer, b.reading ?? b.answer);
    default:
      return collator.compare(a[key] ?? '', b[key] ?? '');
  }
}

function rank(verdict: string): number {
  const at = VERDICT_ORDER.indexOf(verdict);
  return at === -1 ? VERDICT_ORDER.length : at;
}

/** Rows sorted by a column (ties kept in file order). */
export function sortRows(rows: readonly GradedRow[], key: SortKey, direction: Direction): GradedRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, key) || a.line - b.line);
}

/** A filter: every row, one verdict (`verdict:incorrect`), or one mistake code (`code:missing_inner_factor`). */
export function filterRows(rows: readonly GradedRow[], filter: string): GradedRow[] {
  if (filter.startsWith('verdict:')) return rows.filter((row) => row.verdict === filter.slice(8));
  if (filter.startsWith('code:')) return rows.filter((row) => row.codes.includes(filter.slice(5)));
  return [...rows];
}
