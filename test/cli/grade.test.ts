/**
 * The command-line grader on CSV and NDJSON files with awkward quoting, unicode, CRLF and a BOM;
 * column mapping; output formats; exit statuses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));

const run = runCli;

const csvRows = (text: string) => parse(text, { columns: true }) as Array<Record<string, string>>;

describe('grade a CSV export', () => {
  test('mapped columns, quoted commas and quotes, unicode, CRLF, BOM', async () => {
    const { code, out, err } = await run(['grade', fixture('awkward.csv'), '--id-column', 'Student', '--function-column', 'Question', '--answer-column', 'Response']);
    const rows = csvRows(out);
    expect(rows.map((r) => [r.id, r.line, r.verdict])).toEqual([
      ['ann', '2', 'incorrect'],
      ['bob', '3', 'correct'],
      ['cy, jr', '4', 'correct'],
      ['dee', '5', 'correct'],
      ['eve "the quick"', '6', 'correct'],
      ['fay', '7', 'error'],
    ]);
    expect(rows[0]).toMatchObject({ correct: 'false', mistakes: 'swapped_inner_outer(a)', expected: '2*sin(x)*cos(x)' });
    expect(rows[0]?.feedback).toContain('You treated x^2 as the inner function');
    expect(rows[5]?.feedback).toBe("answer: the bracket '(' at position 3 is never closed (the input ends at position 6)");
    // A row could not be read: it is reported by line, and the exit status says so.
    expect(code).toBe(1);
    expect(err).toContain("line 7: answer: the bracket '(' at position 3 is never closed");
    expect(err).toMatch(/correct\s+4/);
    expect(err).toMatch(/errors\s+1/);
    expect(err).toMatch(/swapped_inner_outer\s+1/);
  });
  test('every row readable: exit 0, results to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainrule-'));
    try {
      const file = join(dir, 'results.csv');
      const { code, out } = await run(['grade', '-', '--out', file], 'function,answer\nsin(x^2),cos(x^2)\n"log(x, 2)","1/(x ln 2)"\n');
      expect(code).toBe(0);
      expect(out).toBe('');
      const rows = csvRows(readFileSync(file, 'utf8'));
      expect(rows.map((r) => r.verdict)).toEqual(['incorrect', 'correct']);
      expect(rows[0]?.id).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('answers that need brackets are counted, and the exit status is 3', async () => {
    const { code, out, err } = await run(['grade', '-'], 'function,answer\nsin(x/2),1/2cos(x/2)\nsin(x/2),(1/2)cos(x/2)\n');
    expect(csvRows(out).map((r) => [r.verdict, r.correct])).toEqual([['needs_brackets', 'false'], ['correct', 'true']]);
    expect(csvRows(out)[0]?.feedback).toMatch(/read in 2 ways/);
    expect(err).toMatch(/needs_brackets\s+1/);
    expect(code).toBe(3);
  });
  test('a malformed CSV row is an error for its line, and grading goes on', async () => {
    const { code, out, err } = await run(['grade', '-'], 'function,answer\nsin(x^2),cos(x^2)\nx^2,2x,extra\nx^3,3x"^2\nx^3,3x^2\n');
    expect(code).toBe(1);
    expect(csvRows(out).map((r) => [r.line, r.verdict])).toEqual([['2', 'incorrect'], ['3', 'error'], ['4', 'error'], ['5', 'correct']]);
    expect(err).toMatch(/line 3: Invalid Record Length/);
    expect(err).toMatch(/line 4: Invalid Opening Quote/);
  });
  test('a missing column is bad usage', async () => {
    const { code, err } = await run(['grade', fixture('awkward.csv')]);
    expect(code).toBe(2);
    expect(err).toContain("the CSV has no 'function' column (its columns: Student, Question, Response); map yours with --function-column");
  });
  test('an empty file still writes a header', async () => {
    const { code, out } = await run(['grade', '-'], 'function,answer\n');
    expect(code).toBe(0);
    expect(out.trim()).toBe('id,line,correct,verdict,mistakes,feedback,expected');
  });
  test('--lang writes the feedback and the errors in that language', async () => {
    const { out, err } = await run(['grade', '-', '--lang', 'de'], 'function,answer\nsin(x^2),cos(x^2)\nsin(x^2),cos(x^2\n');
    const [row, broken] = csvRows(out);
    expect(row?.feedback).toMatch(/^Sie haben bei sin\(x\^2\) die innere Ableitung weggelassen/);
    expect(broken?.feedback).toMatch(/^answer: die Klammer/);
    expect(err).toContain('line 3: answer: die Klammer');
  });
  test('quiet grading leaves the derivative out', async () => {
    const { out } = await run(['grade', '-', '--quiet'], 'function,answer\nsin(x^2),cos(x^2)\n');
    const [row] = csvRows(out);
    expect(row?.expected).toBe('');
    expect(row?.feedback).not.toContain('2*x');
  });
});

describe('grade NDJSON', () => {
  test('results per line, a malformed line is an error result for that line', async () => {
    const { code, out, err } = await run(['grade', fixture('answers.ndjson'), '--output', 'ndjson']);
    const results = out.trim().split('\n').map((line) => JSON.parse(line));
    expect(results.map((r) => [r.id, r.line, r.verdict ?? r.error.status])).toEqual([
      ['a1', 1, 'correct'],
      ['a2', 2, 'incorrect'],
      [null, 3, 400],
      ['a4', 4, 'incorrect'],
      ['a5', 6, 400],
    ]);
    expect(results[1].diagnosis[0].mistake).toBe('missing_inner_factor');
    expect(results[2].error.detail).toMatch(/^not JSON/);
    expect(results[4].error.detail).toBe('The item is not valid: answer: required (a string).');
    expect(results[4].error.errors).toEqual([{ field: 'answer', message: 'required (a string)', i18n: { message: expect.objectContaining({ code: 'request.required' }) } }]);
    expect(code).toBe(1);
    expect(err).toContain('line 3: not JSON');
    expect(err).toContain('line 6: The item is not valid: answer: required (a string).');
  });
});

describe('usage', () => {
  test.each([
    [[]],
    [['frobnicate']],
    [['grade']],
    [['grade', 'a.csv', 'b.csv']],
    [['grade', '-', '--output', 'xml']],
    [['grade', '-', '--bogus']],
    [['check', 'sin(x)', 'cos(x)', '--format', 'xml']],
    [['check', 'sin(x)', 'cos(x)', '--lang', 'not a tag']],
    [['check', 'sin(x)']],
    [['grade', '/nonexistent/file.csv']],
  ])('%j is bad usage (exit 2)', async (args) => {
    const { code, err } = await run(args as string[]);
    expect(code).toBe(2);
    if ((args as string[]).length > 0) expect(err).toContain('usage:');
  });
  test('--help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('chainrule grade');
  });
});

describe('check one answer', () => {
  test('human-readable', async () => {
    const { code, out } = await run(['check', 'sin(x)^2', 'cos(x^2)*2x']);
    expect(code).toBe(0);
    expect(out).toContain('INCORRECT');
    expect(out).toContain('mistake: swapped_inner_outer (a) at sin(x)^2 (outer u^2, inner sin(x))');
  });
  test('an answer that starts with a minus is not an option', async () => {
    const { code, out } = await run(['check', 'cos(x)', '-sin(x)']);
    expect(code).toBe(0);
    expect(out).toContain('CORRECT');
  });
  test('--json', async () => {
    const { code, out } = await run(['check', 'exp(-k*t)', '-k e^(-k t)', '--variable', 't', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ correct: true, verdict: 'correct' });
  });
  test('--lang', async () => {
    const { out } = await run(['check', 'sin(x^2)', 'cos(x^2)', '--lang', 'es']);
    expect(out).toContain('Omitiste la derivada interior en sin(x^2)');
    const { code, err } = await run(['check', 'sin(x)', 'cos(x', '--lang', 'fr']);
    expect(code).toBe(1);
    expect(err).toMatch(/^cannot read the answer: la parenthèse/);
  });
  test('an unreadable answer exits 1 and says why', async () => {
    const { code, err } = await run(['check', 'sin(x)', 'cos(x']);
    expect(code).toBe(1);
    expect(err).toBe("cannot read the answer: the bracket '(' at position 3 is never closed (the input ends at position 5) (add ')')\n");
  });
});

describe('the installed command', () => {
  test('npx-style run through bin/chainrule.js, with exit statuses', () => {
    const bin = fileURLToPath(new URL('../../bin/chainrule.js', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'check', 'sin(x^2)', '2x cos(x^2)'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('CORRECT');
    expect(spawnSync(process.execPath, [bin, 'grade'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [bin, 'check', 'sin(x', '1'], { encoding: 'utf8' }).status).toBe(1);
    // Three processes, each loading the whole service from source: slow on a loaded machine.
  }, 120_000);
});
