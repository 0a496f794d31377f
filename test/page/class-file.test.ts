/**
 * The class file as the page reads it: the same parser, options and row rules as `chainrule grade`,
 * so a file the command line grades one way, the page grades the same way; and the columns of an LMS
 * export guessed for the instructor to confirm.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvInputs, DEFAULT_COLUMNS } from '../../src/cli/read-items.js';
import { classItems, ClassFileError, guessColumns, readClassFile } from '../../src/page/class-file.js';

const file = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('readClassFile', () => {
  it('reads the README class file: its header, and each row with its line', () => {
    const read = readClassFile(file('examples/class.csv'));
    expect(read.columns).toEqual(['id', 'function', 'answer']);
    expect(read.rows.map((row) => [row.line, row.record.id])).toEqual([
      [2, 'ann'],
      [3, 'bob'],
      [4, 'cy'],
      [5, 'dee'],
      [6, 'eve'],
    ]);
    expect(read.unreadable).toEqual([]);
  });

  it('takes a BOM, CRLF, quoted commas and quotes, and unicode', () => {
    const read = readClassFile(file('test/fixtures/cli/awkward.csv'));
    expect(read.columns).toEqual(['Student', 'Question', 'Response']);
    expect(read.rows.map((row) => row.record.Student)).toEqual(['ann', 'bob', 'cy, jr', 'dee', 'eve "the quick"', 'fay']);
    expect(read.rows[3]?.record.Question).toBe('√(1-x²)');
  });

  it('lists a row with too many or too few cells by its line, and reads the others', () => {
    const read = readClassFile('id,function,answer\nann,x^2,2x\nbob,x^2\ncy,x^3,3x^2\n\ndee,x^2,2x,extra\n');
    expect(read.rows.map((row) => [row.line, row.record.id])).toEqual([
      [2, 'ann'],
      [4, 'cy'],
    ]);
    expect(read.unreadable.map((row) => row.line)).toEqual([3, 6]);
    expect(read.unreadable[0]?.message).toMatch(/record/i);
  });

  it('refuses an empty file, and lists a quote never closed as an unreadable row', () => {
    expect(() => readClassFile('')).toThrow(ClassFileError);
    expect(() => readClassFile('\n\n')).toThrow(/empty/);
    const read = readClassFile('id,function,answer\n"ann,x^2,2x\n');
    expect(read.rows).toEqual([]);
    expect(read.unreadable).toEqual([{ line: 2, message: expect.stringMatching(/Quote Not Closed/) }]);
  });
});

describe('guessColumns', () => {
  it("takes the grader's own names first", () => {
    expect(guessColumns(['answer', 'function', 'id', 'Question'])).toEqual({ function: 'function', answer: 'answer', id: 'id' });
  });

  it("finds an LMS export's columns (Moodle's Question, Response 1, Email address)", () => {
    const read = readClassFile(file('examples/lms-export.csv'));
    expect(guessColumns(read.columns)).toEqual({ function: 'Question', answer: 'Response 1', id: 'Email address' });
    expect(guessColumns(['Student', 'Question', 'Response'])).toEqual({ function: 'Question', answer: 'Response', id: 'Student' });
  });

  it('gives a column one role at most, and leaves a role it cannot place unguessed', () => {
    const guessed = guessColumns(['Answer', 'Notes']);
    expect(guessed).toEqual({ answer: 'Answer' });
  });
});

describe('classItems', () => {
  it('sends what the command line grades: the same fields from every row', async () => {
    const text = file('test/fixtures/cli/awkward.csv');
    const columns = { ...DEFAULT_COLUMNS, id: 'Student', function: 'Question', answer: 'Response' };
    const page = classItems(readClassFile(text), { id: 'Student', function: 'Question', answer: 'Response' }, false);
    const cli = [];
    for await (const input of csvInputs(Readable.from([text]), columns, {})) cli.push(input);
    expect(page.map(({ line, item }) => ({ line, item }))).toEqual(cli);
  });

  it('leaves out empty cells and unmapped columns, and asks for quiet results in exam mode', () => {
    const read = readClassFile('who,f,a,v\nann,sin(3t),3cos(3t),\nbob, ,x, t \n');
    expect(classItems(read, { id: 'who', function: 'f', answer: 'a', variable: 'v' }, true)).toEqual([
      { line: 2, item: { id: 'ann', function: 'sin(3t)', answer: '3cos(3t)', quiet: true } },
      { line: 3, item: { id: 'bob', answer: 'x', variable: 't', quiet: true } },
    ]);
    expect(classItems(read, { function: 'f', answer: 'a' }, false)[0]).toEqual({ line: 2, item: { function: 'sin(3t)', answer: '3cos(3t)' } });
  });
});
