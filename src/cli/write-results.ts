/**
 * Results out, as they come: CSV (one row per answer: id, correct, verdict, mistakes, feedback,
 * expected) for spreadsheets and LMS imports, or NDJSON (the full result per line) for programs.
 */
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { GradeOutput } from '../service/grade.js';
import type { ProblemDetails } from '../service/problems.js';

export type OutputFormat = 'csv' | 'ndjson';

export const CSV_COLUMNS = ['id', 'line', 'correct', 'verdict', 'mistakes', 'feedback', 'expected'] as const;

// true/false spelled out: csv-stringify's default (1 and an empty cell) reads as a number elsewhere.
const CSV_OPTIONS = { cast: { boolean: (value: boolean) => String(value) } };

export type LineOutput = GradeOutput<ProblemDetails> & { line: number };

/** One result as its row of the graded CSV (CSV_COLUMNS), for the command line and the page alike. */
export function csvRecord(result: LineOutput): Array<string | number | boolean> {
  const id = result.id ?? '';
  if ('error' in result) return [id, result.line, false, 'error', '', result.error.detail, ''];
  return [
    id,
    result.line,
    result.correct,
    result.verdict,
    result.diagnosis.map((d) => (d.variant ? `${d.mistake}(${d.variant}${d.systematic ? ',systematic' : ''})` : d.mistake)).join('; '),
    result.feedback,
    result.expected?.text ?? '',
  ];
}

/** The graded CSV of a whole set of results, header first (the page builds its download with it). */
export function csvText(results: Iterable<LineOutput>): string {
  return stringify([[...CSV_COLUMNS], ...Array.from(results, csvRecord)], CSV_OPTIONS);
}

export class ResultWriter {
  private wroteHeader = false;

  constructor(
    private readonly out: Writable,
    private readonly format: OutputFormat,
  ) {}

  async write(result: LineOutput): Promise<void> {
    const text = this.format === 'ndjson' ? `${JSON.stringify(result)}\n` : this.csvRow(result);
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  private csvRow(result: LineOutput): string {
    const header = this.wroteHeader ? '' : stringify([[...CSV_COLUMNS]]);
    this.wroteHeader = true;
    return header + stringify([csvRecord(result)], CSV_OPTIONS);
  }

  /** A CSV with no rows still gets its header, so the file is well formed. */
  finish(): void {
    if (this.format === 'csv' && !this.wroteHeader) this.out.write(stringify([[...CSV_COLUMNS]]));
  }
}
