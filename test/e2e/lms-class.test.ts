/**
 * End to end, as an LMS integration runs it: a class's answers exported from a German LMS (a CSV with
 * semicolons, a BOM and columns of its own) → one batch to the real server (listening on a port,
 * checks in its worker pool) through chainrule/client → an LTI AGS Score per student, in German, with
 * partial credit, each one ready to POST to the gradebook: valid by the contract, the student's id as
 * `userId`, the credit of the mistake that explains the answer, a comment that gives nothing away, no
 * score where a person must look or the student must rewrite; and the class report beside them.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainruleClient, type AgsScore, type BatchItem } from 'chainrule/client';
import { startServer, type RunningServer } from '../../src/server.js';
import { schemaErrors } from '../http/contract.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { PORT: '0', WORKER_THREADS: '2', MAX_EVENT_LOOP_DELAY_MS: '0' }, logger: pino({ level: 'silent' }), handleSignals: false });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

interface Row {
  Matrikelnummer: string;
  Nachname: string;
  Vorname: string;
  Aufgabe: string;
  Antwort: string;
  Abgegeben: string;
}

const ROWS = parse(readFileSync(new URL('../fixtures/lms/klasse-ableitungen.csv', import.meta.url)), { columns: true, delimiter: ';', bom: true, skip_empty_lines: true }) as Row[];

/** What each student's answer is worth out of 10 with the default credits, and how it is graded. */
const EXPECTED: Record<string, { progress: AgsScore['gradingProgress']; score?: number; note: string }> = {
  '5:1001': { progress: 'FullyGraded', score: 10, note: 'correct' },
  '5:1002': { progress: 'FullyGraded', score: 5, note: 'incorrect|missing_inner_factor(a)@outer' },
  '5:1003': { progress: 'FullyGraded', score: 2.5, note: 'incorrect|swapped_inner_outer(a)@outer/missed_composite(a)@outer' },
  '5:1004': { progress: 'FullyGraded', score: 0, note: 'incorrect|product_of_derivatives(a)@product' },
  '5:1005': { progress: 'FullyGraded', score: 5, note: 'incorrect|product_rule_one_term(a)@product' },
  '5:1006': { progress: 'FullyGraded', score: 7.5, note: 'incorrect|trig_sign_error(a)@outer/inner_derivative_sign_error(a)@outer' },
  '5:1007': { progress: 'FullyGraded', score: 5, note: 'incorrect|quotient_denominator_not_squared(a)@quotient' },
  '5:1008': { progress: 'FullyGraded', score: 2.5, note: 'incorrect|product_rule_one_term(b)@product+missing_inner_factor(a)@outer' },
  '5:1009': { progress: 'NotReady', note: 'needs_brackets' },
  '5:1010': { progress: 'NotReady', note: 'unreadable|unclosed_bracket' },
  '5:1011': { progress: 'PendingManual', note: 'undetermined' },
  '5:1012': { progress: 'FullyGraded', score: 10, note: 'correct' },
  '5:1013': { progress: 'FullyGraded', score: 0, note: 'incorrect|integrated_instead@answer' },
  '5:1014': { progress: 'FullyGraded', score: 10, note: 'correct' },
  '5:1015': { progress: 'FullyGraded', score: 5, note: 'incorrect|missing_inner_factor(a)@outer' },
  '5:1016': { progress: 'FullyGraded', score: 5, note: 'incorrect|missing_inner_factor(a)@outer' },
};

const EXTENSION = 'https://chainrule.dev/lti/result';

describe('a class file graded for the gradebook', () => {
  it('becomes one AGS Score per student, in German, with partial credit, and a class report', async () => {
    expect(ROWS).toHaveLength(Object.keys(EXPECTED).length);
    const chainrule = createChainruleClient({ baseUrl: server.url });
    const items: BatchItem[] = ROWS.map((row) => ({
      user_id: row.Matrikelnummer,
      function: row.Aufgabe,
      answer: row.Antwort,
      timestamp: row.Abgegeben,
      metadata: { name: `${row.Vorname} ${row.Nachname}` },
    }));
    const { results, summary } = await chainrule.batch({ defaults: { profile: 'lti-ags', scoring: 'partial', max_score: 10, lang: 'de' }, items });

    expect(results).toHaveLength(ROWS.length);
    for (const [index, result] of results.entries()) {
      const row = ROWS[index] as Row;
      const want = EXPECTED[row.Matrikelnummer];
      const where = `${row.Matrikelnummer}: ${row.Aufgabe} → ${row.Antwort}`;
      expect(schemaErrors('/components/schemas/BatchAgsScore', result), where).toEqual([]);
      const { id: _id, index: at, ...score } = result as AgsScore & { id: string | null; index: number };
      expect(at).toBe(index);
      // What an LMS posts to the line item's scores endpoint: a valid AGS Score by itself.
      expect(schemaErrors('/components/schemas/AgsScore', score), where).toEqual([]);
      expect(score.userId, where).toBe(row.Matrikelnummer);
      expect(score.timestamp).toBe(row.Abgegeben);
      expect(score.activityProgress).toBe('Completed');
      expect(score.gradingProgress, where).toBe(want?.progress);
      expect(score[EXTENSION].note, where).toBe(want?.note);
      expect(score[EXTENSION].lang).toBe('de');
      expect(score[EXTENSION].metadata).toEqual({ name: `${row.Vorname} ${row.Nachname}` });
      if (want?.score !== undefined) {
        expect([score.scoreGiven, score.scoreMaximum], where).toEqual([want.score, 10]);
      } else {
        // Waiting for a person, or for the student to rewrite: nothing lands in the gradebook.
        expect(score, where).not.toHaveProperty('scoreGiven');
        expect(score, where).not.toHaveProperty('scoreMaximum');
      }
      // The comment is German, and is the student's: the derivative itself is not in it.
      expect(score.comment, where).toMatch(/\b(Ihre|Sie|Richtig|Zwei|Im|Bei)\b/);
      expect(score.comment, where).not.toMatch(/\b(your|you|the derivative)\b/i);
    }
    const derivativeOf = (fn: string) => chainrule.derivative({ function: fn }).then((report) => report.derivative.text);
    for (const [index, row] of ROWS.entries()) {
      // An answer that needs brackets is shown read both ways (its own readings, neither said right).
      if (EXPECTED[row.Matrikelnummer]?.note === 'needs_brackets') continue;
      const expected = await derivativeOf(row.Aufgabe);
      if (expected.length >= 8) expect((results[index] as AgsScore).comment).not.toContain(expected);
    }

    expect(summary).toMatchObject({
      total: 16,
      correct: 3,
      incorrect: 10,
      undetermined: 1,
      needs_brackets: 1,
      errors: 1,
      by_grading_status: { graded: 13, needs_review: 1, not_gradable: 2 },
    });
    expect(summary.by_mistake.missing_inner_factor).toBe(4);
    expect(summary.by_note['incorrect|missing_inner_factor(a)@outer']).toBe(3);
    // Where the class goes wrong: sin(x^2)'s inner derivative, left out alone and inside a product.
    expect(summary.by_node[0]).toEqual({ node: 'sin(x^2)', place: 'outer', mistake: 'missing_inner_factor', count: 2 });
    expect(summary.by_node).toContainEqual({ node: 'x^2*sin(x)', place: 'product', mistake: 'product_of_derivatives', count: 1 });
  });
});
