/**
 * Answers to grade, from a CSV export (header row; column names mappable, since every LMS names them
 * differently) or NDJSON (one JSON object per line). Read as a stream, so a file of any size grades in
 * constant memory; a row that cannot be read becomes an error result naming its line.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Format } from '../parse/read.js';
import type { GradeInput, GradeItem } from '../service/grade.js';
import { InvalidItem } from '../service/problems.js';

export interface ColumnMap {
  function: string;
  answer: string;
  id: string;
  variable: string;
  format: string;
}

export const DEFAULT_COLUMNS: ColumnMap = { function: 'function', answer: 'answer', id: 'id', variable: 'variable', format: 'format' };

export interface ItemDefaults {
  variable?: string;
  format?: Format;
  quiet?: boolean;
}

/** An input with the line of the file it came from (1-based, the header being line 1 in a CSV). */
export type LineInput = GradeInput & { line: number };

/** The file's own problems that stop grading altogether (a missing column): bad usage. */
export class UsageError extends Error {}

const FORMATS = new Set(['auto', 'text', 'latex']);

export async function* csvInputs(stream: Readable, columns: ColumnMap, defaults: ItemDefaults): AsyncGenerator<LineInput> {
  const skipped: LineInput[] = [];
  const parser = stream.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim());
        for (const role of ['function', 'answer'] as const) {
          if (!names.includes(columns[role])) {
            throw new UsageError(`the CSV has no '${columns[role]}' column (its columns: ${names.join(', ')}); map yours with --${role}-column`);
          }
        }
        return names;
      },
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      relax_column_count: false,
      on_skip: (error) => {
        const line = typeof error?.lines === 'number' ? error.lines : 0;
        skipped.push({ line, invalid: new InvalidItem(error?.message ?? 'the row cannot be read') });
        return undefined;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    // The parser reads ahead: a row it skipped may be reported before rows above it were yielded.
    while (skipped.length > 0 && (skipped[0] as LineInput).line < info.lines) yield skipped.shift() as LineInput;
    yield { line: info.lines, ...rowInput(record, info.lines, columns, defaults) };
  }
  while (skipped.length > 0) yield skipped.shift() as LineInput;
}

function rowInput(record: Record<string, string>, line: number, columns: ColumnMap, defaults: ItemDefaults): GradeInput {
  const value = (column: string) => {
    const raw = record[column];
    return raw === undefined || raw.trim() === '' ? undefined : raw;
  };
  const id = value(columns.id);
  return itemOrProblem(
    {
      id,
      function: value(columns.function),
      answer: value(columns.answer),
      variable: value(columns.variable)?.trim() ?? defaults.variable,
      format: value(columns.format)?.trim() ?? defaults.format,
    },
    line,
    defaults,
  );
}

export async function* ndjsonInputs(stream: Readable, defaults: ItemDefaults): AsyncGenerator<LineInput> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      yield { line, invalid: new InvalidItem(`not JSON (${(error as Error).message})`) };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { line, invalid: new InvalidItem(`expected an object like {"function": …, "answer": …}`) };
      continue;
    }
    const fields = parsed as Record<string, unknown>;
    yield {
      line,
      ...itemOrProblem(
        {
          id: fields.id === undefined ? undefined : fields.id,
          function: fields.function,
          answer: fields.answer,
          variable: fields.variable ?? defaults.variable,
          format: fields.format ?? defaults.format,
          quiet: fields.quiet ?? defaults.quiet,
        },
        line,
        defaults,
      ),
    };
  }
}

/** Check the fields of one item; say every problem with it at once. */
function itemOrProblem(fields: Record<string, unknown>, line: number, defaults: ItemDefaults): GradeInput {
  const errors: Array<{ field: string; message: string }> = [];
  const text = (name: string, required: boolean) => {
    const value = fields[name];
    if (value === undefined) {
      if (required) errors.push({ field: name, message: `${name} is missing` });
      return undefined;
    }
    if (typeof value !== 'string') {
      errors.push({ field: name, message: `${name} must be a string` });
      return undefined;
    }
    return value;
  };
  const id = fields.id === undefined ? undefined : String(fields.id);
  const item: GradeItem = {
    ...(id !== undefined ? { id } : {}),
    function: text('function', true) ?? '',
    answer: text('answer', true) ?? '',
  };
  const variable = text('variable', false);
  if (variable !== undefined) item.variable = variable;
  const format = text('format', false);
  if (format !== undefined) {
    if (FORMATS.has(format)) item.format = format as Format;
    else errors.push({ field: 'format', message: `format must be auto, text or latex, not '${format}'` });
  }
  const quiet = fields.quiet ?? defaults.quiet;
  if (quiet !== undefined) {
    if (typeof quiet === 'boolean') item.quiet = quiet;
    else errors.push({ field: 'quiet', message: 'quiet must be true or false' });
  }
  if (errors.length > 0) {
    return {
      ...(id !== undefined ? { id } : {}),
      invalid: new InvalidItem(errors.map((e) => e.message).join('; '), errors),
    };
  }
  return { item };
}
