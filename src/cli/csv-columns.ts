/**
 * A class file's CSV as the grader reads it, wherever it is read (the command line, the instructors'
 * page): which column holds what, how the file is parsed, and what a row says. Pure and free of Node,
 * so the page's bundle uses it as it is.
 */

export interface ColumnMap {
  function: string;
  answer: string;
  id: string;
  variable: string;
  format: string;
}

export const DEFAULT_COLUMNS: ColumnMap = { function: 'function', answer: 'answer', id: 'id', variable: 'variable', format: 'format' };

/** The columns a row must have to be graded. */
export const REQUIRED_ROLES = ['function', 'answer'] as const;

/** csv-parse's options for a class file: a header row, a BOM allowed, blank lines skipped, every row as wide as the header. */
export const CSV_READ_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: false } as const;

/** Header names as they are matched against the column map. */
export function headerNames(header: string[]): string[] {
  return header.map((name) => name.trim());
}

/**
 * What a row says, as the fields of a check request. An empty cell is an absent field (the item's
 * checks then say what is missing); expressions are kept as written, the other cells trimmed.
 */
export function rowFields(record: Record<string, string | undefined>, columns: ColumnMap): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const role of ['id', 'function', 'answer', 'variable', 'format'] as const) {
    const raw = record[columns[role]];
    if (raw !== undefined && raw.trim() !== '') fields[role] = role === 'function' || role === 'answer' ? raw : raw.trim();
  }
  return fields;
}
