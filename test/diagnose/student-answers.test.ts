/**
 * Answers as students type them into homework boxes (sloppy spacing, implicit products, unicode,
 * LaTeX from equation editors, left sides), with what a careful teacher expects: the verdict, and for a
 * wrong answer exactly which mistake codes explain it. Collected in an audit of 465 answers across the
 * topics of a first course (test/fixtures/student-answers.json); every disagreement it found was fixed
 * and is kept here as a regression test.
 *
 * `expect`: `C` correct; `I:` incorrect with no diagnosis; `I:*` incorrect, any codes; `I:A,B`
 * incorrect with exactly those codes (the short names below, or a code of the catalogue as it is); `B`
 * needs brackets: the answer reads more than one way (1/2cos x, 3e^3x, x^-1/2) and one of its readings
 * is the derivative, so it is neither accepted nor failed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

interface StudentAnswer {
  topic: string;
  function: string;
  answer: string;
  expect: string;
  variable?: string;
}

const ANSWERS = JSON.parse(readFileSync(new URL('../fixtures/student-answers.json', import.meta.url), 'utf8')) as StudentAnswer[];

const CODES: Record<string, string> = {
  MIF: 'missing_inner_factor',
  OID: 'outer_at_inner_derivative',
  SWP: 'swapped_inner_outer',
  MC: 'missed_composite',
  SGN: 'sign_error',
  CF: 'constant_factor',
  MT: 'missing_term',
  ND: 'not_differentiated',
};

const topics = [...new Set(ANSWERS.map((a) => a.topic))];

describe.each(topics)('%s', (topic) => {
  test.each(ANSWERS.filter((a) => a.topic === topic).map((a) => [a.function, a.answer, a] as const))('%s answered %s', (_f, _a, item) => {
    const result = check(item.function, item.answer, item.variable ? { variable: item.variable } : {});
    const shown = `${item.answer} read as ${result.answer.text}; ${result.warnings.map((w) => w.message).join(' / ')}`;
    if (item.expect === 'C') {
      expect(result.verdict, shown).toBe('correct');
      return;
    }
    if (item.expect === 'B') {
      expect(result.verdict, shown).toBe('needs_brackets');
      expect(result.correct).toBe(false);
      expect(result.readings?.some((r) => r.verdict === 'correct'), shown).toBe(true);
      return;
    }
    expect(result.verdict, shown).toBe('incorrect');
    const wanted = item.expect.slice(2);
    if (wanted === '*') return;
    const codes = [...new Set(result.diagnosis.map((d) => d.mistake))].sort();
    expect(codes, shown).toEqual(wanted === '' ? [] : wanted.split(',').map((c) => CODES[c] ?? c).sort());
  });
});
