/**
 * A graded class as the page shows it: the graded CSV is the command line's, byte for byte; the
 * counts behind the charts; where each bar goes; sorting and filtering the table.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult, CatalogueEntry } from '../../src/page/api.js';
import { barsByCode, barsByPlace, CHART, fit, layoutBars, type Bar } from '../../src/page/chart.js';
import { classItems, readClassFile, type ClassItem } from '../../src/page/class-file.js';
import { filterRows, gradedRows, sortRows, type GradedRow } from '../../src/page/class-rows.js';
import { csvText } from '../../src/cli/write-results.js';
import { runCli } from '../helpers/run-cli.js';
import { testApp } from '../http/helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

/** What the page does with a file: its items, sent as one NDJSON batch, as the page sends them. */
async function gradeAsThePageDoes(text: string, map: Parameters<typeof classItems>[1]): Promise<{ items: ClassItem[]; rows: GradedRow[] }> {
  const items = classItems(readClassFile(text), map, false);
  const response = await app.inject({
    method: 'POST',
    url: '/v1/check/batch',
    headers: { 'content-type': 'application/x-ndjson' },
    payload: `${items.map((i) => JSON.stringify(i.item)).join('\n')}\n`,
  });
  expect(response.statusCode).toBe(200);
  const lines = response.body.trim().split('\n').map((line) => JSON.parse(line) as BatchResult | { summary: unknown });
  const results = lines.filter((line): line is BatchResult => !('summary' in line));
  return { items, rows: gradedRows(items, results) };
}

const fixture = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the graded CSV', () => {
  it("is what `chainrule grade` writes for the same file (an LMS export's columns mapped)", async () => {
    const path = 'test/fixtures/cli/awkward.csv';
    const cli = await runCli(['grade', path, '--id-column', 'Student', '--function-column', 'Question', '--answer-column', 'Response']);
    const { rows } = await gradeAsThePageDoes(fixture(path), { id: 'Student', function: 'Question', answer: 'Response' });
    expect(csvText(rows.map((row) => row.result))).toBe(cli.out);
  });

  it('is, for the README class file, the README output', async () => {
    const cli = await runCli(['grade', 'examples/class.csv']);
    const { rows } = await gradeAsThePageDoes(fixture('examples/class.csv'), { id: 'id', function: 'function', answer: 'answer' });
    expect(csvText(rows.map((row) => row.result))).toBe(cli.out);
  });
});

const catalogue = new Map<string, CatalogueEntry>([['missing_inner_factor', { code: 'missing_inner_factor', title: 'Inner derivative left out' } as CatalogueEntry]]);

describe('the charts', () => {
  it('count answers per code from the summary, most frequent first, titled from the catalogue', () => {
    const bars = barsByCode({ total: 9, correct: 2, incorrect: 7, undetermined: 0, needs_brackets: 0, errors: 0, by_grading_status: { graded: 9, needs_review: 0, not_gradable: 0 }, by_mistake: { sign_error: 1, missing_inner_factor: 5, constant_factor: 1 }, by_place: {}, by_note: {}, by_node: [] }, catalogue);
    expect(bars.map((b) => [b.label, b.note, b.count])).toEqual([
      ['Inner derivative left out', 'missing_inner_factor', 5],
      ['constant_factor', 'constant_factor', 1],
      ['sign_error', 'sign_error', 1],
    ]);
  });

  it('count answers per place: once per answer and place, the function named when the class has several', async () => {
    const text = [
      'id,function,answer',
      'a,sin(x^2),cos(x^2)',
      'b,sin(x^2),cos(2x)',
      'c,sin(x^2),2x cos(x^2)',
      'd,(3x+1)^5,15x^4',
      'e,(3x+1)^5,5(3x+1)^4',
      'f,(3x+1)^5,5(3x+1)^4',
      'g,e^(sin(x^2)),e^(sin(x^2))*cos(x^2)',
      'h,sin(x^2),cos(x^2',
    ].join('\n');
    const { rows } = await gradeAsThePageDoes(text, { id: 'id', function: 'function', answer: 'answer' });
    // d's answer is both a swap and a missed composite at (3x+1)^5: one answer, one place. A place
    // that is its whole function needs no "in …"; one inside a function is named with it.
    expect(barsByPlace(rows).map((b) => [b.label, b.note, b.count])).toEqual([
      ['(3*x + 1)^5', undefined, 3],
      ['sin(x^2)', undefined, 2],
      ['sin(x^2)', 'in e^(sin(x^2))', 1],
    ]);
  });

  it('name no function beside a place when the class answered one function', async () => {
    const { rows } = await gradeAsThePageDoes('function,answer\nsin(x^2),cos(x^2)\nsin(x^2),cos(x^2)\n', { function: 'function', answer: 'answer' });
    expect(barsByPlace(rows)).toEqual([{ key: 'sin(x^2)\u0000sin(x^2)', label: 'sin(x^2)', count: 2 }]);
  });

  it('place each bar in proportion, the longest filling the width left for its count', () => {
    const bars: Bar[] = [
      { key: 'a', label: 'a', count: 10 },
      { key: 'b', label: 'b', count: 5 },
      { key: 'c', label: 'c', count: 1 },
    ];
    const layout = layoutBars(bars, 400);
    expect(layout.height).toBe(3 * CHART.rowHeight);
    expect(layout.rows[0]?.barWidth).toBe(400 - CHART.countRoom);
    expect(layout.rows[1]?.barWidth).toBeCloseTo((400 - CHART.countRoom) / 2);
    expect(layout.rows[2]?.barWidth).toBeGreaterThanOrEqual(3);
    for (const row of layout.rows) expect(row.countX).toBeGreaterThan(row.barWidth);
    expect(layout.rows[1]?.labelY).toBe((layout.rows[0]?.labelY ?? 0) + CHART.rowHeight);
  });

  it('cut a label that would not fit, and say so', () => {
    expect(fit('sin(x^2)', 20)).toBe('sin(x^2)');
    expect(fit('Outer derivative evaluated at the inner derivative', 12)).toBe('Outer deriv…');
    const [row] = layoutBars([{ key: 'k', label: 'x'.repeat(200), count: 1 }], 375).rows;
    expect(Array.from(row?.text ?? '').length).toBeLessThanOrEqual(Math.floor(375 / CHART.charWidth));
  });
});

describe('the table', () => {
  const rows = (verdicts: string[]): GradedRow[] =>
    verdicts.map((verdict, i) => ({ line: i + 2, id: `s${i}`, function: 'x^2', answer: '2x', reading: '2*x', verdict, codes: verdict === 'incorrect' ? ['sign_error'] : [], score: verdict === 'correct' ? 1 : 0, status: undefined, feedback: '', result: {} as GradedRow['result'] }));

  it('sorts by verdict, score or line either way, ties in file order', () => {
    const all = rows(['incorrect', 'correct', 'error', 'incorrect', 'needs_brackets']);
    expect(sortRows(all, 'verdict', 'ascending').map((r) => r.line)).toEqual([3, 2, 5, 6, 4]);
    expect(sortRows(all, 'verdict', 'descending').map((r) => r.line)).toEqual([4, 6, 2, 5, 3]);
    expect(sortRows(all, 'score', 'descending').map((r) => r.line)).toEqual([3, 2, 4, 5, 6]);
    expect(sortRows(all, 'line', 'descending').map((r) => r.line)).toEqual([6, 5, 4, 3, 2]);
  });

  it('filters by verdict and by mistake code', () => {
    const all = rows(['incorrect', 'correct', 'incorrect']);
    expect(filterRows(all, 'verdict:correct').map((r) => r.line)).toEqual([3]);
    expect(filterRows(all, 'code:sign_error').map((r) => r.line)).toEqual([2, 4]);
    expect(filterRows(all, 'all')).toHaveLength(3);
  });
});
