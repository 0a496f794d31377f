/**
 * Answers to grade, from a CSV export (header row; column names mappable, since every LMS names them
 * differently) or NDJSON (one JSON object per line). Read as a stream, so a file of any size grades in
 * constant memory; a row that cannot be read becomes an error result naming its line.
 */
import { msg } from '../i18n/message.js';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Format } from '../parse/read.js';
import type { GradeInput, GradeItem } from '../service/grade.js';
import { ndjsonRecords } from '../service/ndjson.js';
import { InvalidItem } from '../service/problems.js';
import { gradeInputFrom } from '../service/requests.js';
import { CSV_READ_OPTIONS, headerNames, REQUIRED_ROLES, rowFields, type ColumnMap } from './csv-columns.js';

export { DEFAULT_COLUMNS, type ColumnMap } from './csv-columns.js';

export interface ItemDefaults {
  variable?: string;
  format?: Format;
  quiet?: boolean;
  /** The language of the feedback and of the errors (English by default). */
  lang?: string;
}

/** An input with the line of the file it came from (1-based, the header being line 1 in a CSV). */
export type LineInput = GradeInput & { line: number };

/** The file's own problems that stop grading altogether (a missing column): bad usage. */
export class UsageError extends Error {}

export async function* csvInputs(stream: Readable, columns: ColumnMap, defaults: ItemDefaults): AsyncGenerator<LineInput> {
  const skipped: LineInput[] = [];
  const parser = stream.pipe(
    parse({
      ...CSV_READ_OPTIONS,
      columns: (header: string[]) => {
        const names = headerNames(header);
        for (const role of REQUIRED_ROLES) {
          if (!names.includes(columns[role])) {
            throw new UsageError(`the CSV has no '${columns[role]}' column (its columns: ${names.join(', ')}); map yours with --${role}-column`);
          }
        }
        return names;
      },
      info: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const line = typeof error?.lines === 'number' ? error.lines : 0;
        skipped.push({ line, invalid: new InvalidItem(error?.message ? msg('request.csv_row', { reason: error.message }) : msg('request.csv_row_unreadable')) });
        return undefined;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    // The parser reads ahead: a row it skipped may be reported before rows above it were yielded.
    while (skipped.length > 0 && (skipped[0] as LineInput).line < info.lines) yield skipped.shift() as LineInput;
    yield { line: info.lines, ...rowInput(record, columns, defaults) };
  }
  while (skipped.length > 0) yield skipped.shift() as LineInput;
}

function rowInput(record: Record<string, string>, columns: ColumnMap, defaults: ItemDefaults): GradeInput {
  return withDefaults(gradeInputFrom(rowFields(record, columns), true), defaults);
}

export async function* ndjsonInputs(stream: Readable, defaults: ItemDefaults): AsyncGenerator<LineInput> {
  for await (const record of ndjsonRecords(stream, MAX_LINE_BYTES)) {
    if ('error' in record) {
      yield { line: record.line, invalid: new InvalidItem(record.error) };
      continue;
    }
    yield { line: record.line, ...withDefaults(gradeInputFrom(record.value, true), defaults) };
  }
}

/** An NDJSON line or a CSV row longer than this is an error for that line. */
const MAX_LINE_BYTES = 1 << 20;

/** The command line's --variable, --format, --quiet and --lang apply where an item does not say. */
function withDefaults(input: GradeInput, defaults: ItemDefaults): GradeInput {
  if (!('item' in input)) return input;
  const item: GradeItem = { ...input.item };
  if (item.variable === undefined && defaults.variable !== undefined) item.variable = defaults.variable;
  if (item.format === undefined && defaults.format !== undefined) item.format = defaults.format;
  if (item.quiet === undefined && defaults.quiet !== undefined) item.quiet = defaults.quiet;
  if (item.lang === undefined && defaults.lang !== undefined) item.lang = defaults.lang;
  return { item };
}
