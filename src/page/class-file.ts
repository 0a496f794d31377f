/**
 * A class file, read in the browser as `chainrule grade` reads it (the same parser, options and row
 * rules: src/cli/csv-columns.ts), and the columns of an export that names them otherwise, guessed so
 * the instructor has only to confirm. Pure: no DOM, nothing sent anywhere.
 */
import { parse } from 'csv-parse/sync';
import { CSV_READ_OPTIONS, DEFAULT_COLUMNS, headerNames, rowFields, type ColumnMap } from '../cli/csv-columns.js';

export type Role = keyof ColumnMap;
export const ROLES: readonly Role[] = ['function', 'answer', 'id', 'variable', 'format'];
export const ROLE_LABELS: Record<Role, string> = {
  function: 'Function',
  answer: 'Answer',
  id: 'Student (id)',
  variable: 'Variable',
  format: 'Format',
};
export const OPTIONAL_ROLES: ReadonlySet<Role> = new Set(['id', 'variable', 'format']);

export interface ClassRow {
  /** The row's line in the file (the header is line 1), as the command line reports it. */
  line: number;
  record: Record<string, string>;
}

export interface ClassFile {
  columns: string[];
  rows: ClassRow[];
  /** Rows that could not be read (a different number of cells than the header), with the parser's reason. */
  unreadable: Array<{ line: number; message: string }>;
}

/** Thrown for a file that is not a class file at all (no header, not CSV). */
export class ClassFileError extends Error {}

export function readClassFile(text: string): ClassFile {
  let columns: string[] = [];
  const unreadable: ClassFile['unreadable'] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      ...CSV_READ_OPTIONS,
      columns: (header: string[]) => (columns = headerNames(header)),
      info: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        unreadable.push({ line: typeof error?.lines === 'number' ? error.lines : 0, message: error?.message ?? 'the row cannot be read' });
        return undefined;
      },
    }) as unknown as typeof records;
  } catch (error) {
    throw new ClassFileError(`The file cannot be read as CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (columns.length === 0) throw new ClassFileError('The file is empty: a class file has a header row, then one answer a row.');
  return { columns, rows: records.map(({ record, info }) => ({ line: info.lines, record })), unreadable };
}

/** What export columns are usually called, for each role (after the grader's own names). */
const LIKELY: Record<Role, RegExp[]> = {
  function: [/^function$/i, /^(question|f\(x\)|f|expression|problem|task)\b/i, /function|question/i],
  answer: [/^answer$/i, /^(response|derivative|student answer)\b/i, /answer|response/i],
  id: [/^id$/i, /^(student|email|e-mail|user(name)?|login|name)\b/i, /e-?mail|student|user|\bid\b/i],
  variable: [/^variable$/i, /^var$/i],
  format: [/^format$/i],
};

/**
 * Which column holds what: the grader's own names first (function, answer, id, variable, format),
 * then the names LMS exports use (Question, Response 1, Email address…). A column serves one role.
 */
export function guessColumns(columns: readonly string[]): Partial<ColumnMap> {
  const map: Partial<ColumnMap> = {};
  const taken = new Set<string>();
  for (const role of ROLES) {
    if (columns.includes(DEFAULT_COLUMNS[role])) {
      map[role] = DEFAULT_COLUMNS[role];
      taken.add(DEFAULT_COLUMNS[role]);
    }
  }
  for (const role of ROLES) {
    if (map[role] !== undefined) continue;
    for (const pattern of LIKELY[role]) {
      const found = columns.find((column) => !taken.has(column) && pattern.test(column));
      if (found !== undefined) {
        map[role] = found;
        taken.add(found);
        break;
      }
    }
  }
  return map;
}

/** One item of the batch, with the row it came from. */
export interface ClassItem {
  line: number;
  item: Record<string, string | boolean>;
}

/** The rows as batch items under a column map; an optional role left unmapped is simply not sent. */
export function classItems(file: ClassFile, map: Partial<ColumnMap>, quiet: boolean): ClassItem[] {
  // An unmapped role reads a column no header names: its field is then absent, as for an empty cell.
  const columns = Object.fromEntries(ROLES.map((role) => [role, map[role] ?? '\u0000'])) as unknown as ColumnMap;
  return file.rows.map(({ line, record }) => ({ line, item: { ...rowFields(record, columns), ...(quiet ? { quiet: true } : {}) } }));
}
