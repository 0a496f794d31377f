/**
 * Wrong answers as students type them, for every family of MISTAKES-BEYOND.md (test/fixtures/
 * beyond-student-answers.json: 292 answers, each with its source in published error analyses, textbook
 * "common mistakes" pages or STACK's feedback, each verified by tools/student_answers.py against the
 * independent SymPy implementation). Each must be incorrect and named by its cause: the expected codes
 * are reported, and any other code reported is one the answer also equals (`also`). Two mistakes at once
 * are reported as a pair (`combined`); symptoms only where no cause explains the answer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

interface Item {
  family: string;
  function: string;
  variable: string;
  answer: string;
  expect: string[];
  /** Other codes (or, for pairs, `a+b` pairs) whose candidates the answer also equals. */
  also: string[];
  source: string;
}

const ITEMS = JSON.parse(readFileSync(new URL('../fixtures/beyond-student-answers.json', import.meta.url), 'utf8')) as Item[];

describe.each([...new Set(ITEMS.map((i) => i.family))])('%s', (family) => {
  test.each(ITEMS.filter((i) => i.family === family).map((i) => [i.function, i.answer, i] as const))('%s answered %s', (_f, _a, item) => {
    const r = check(item.function, item.answer, { variable: item.variable });
    const shown = `${item.answer} read as ${r.answer.text}: ${r.diagnosis.map((d) => `${d.mistake}${d.combined ? `+${d.combined}` : ''}`).join(' ')}`;
    expect(r.verdict, shown).toBe('incorrect');
    if (family === 'pair') {
      // Each explanation is a pair: the expected one is among them, any other is one the answer also fits.
      const pairs = new Map<number, string[]>();
      for (const d of r.diagnosis) {
        expect(d.combined, shown).toBeDefined();
        pairs.set(d.combined as number, [...(pairs.get(d.combined as number) ?? []), d.mistake]);
      }
      const found = [...pairs.values()].map((p) => [...p].sort().join('+'));
      const wanted = [...item.expect].sort().join('+');
      expect(found, shown).toContain(wanted);
      const allowed = new Set([wanted, ...item.also.map((a) => a.split('+').sort().join('+'))]);
      for (const pair of found) expect(allowed.has(pair), `${shown}: ${pair}`).toBe(true);
      return;
    }
    const codes = new Set<string>(r.diagnosis.map((d) => d.mistake));
    for (const code of item.expect) expect(codes.has(code), shown).toBe(true);
    for (const code of codes) expect([...item.expect, ...item.also], shown).toContain(code);
    expect(r.diagnosis.some((d) => d.combined), shown).toBe(false);
  });
});

test('at least nine wrong answers in ten are named by their cause', () => {
  const causes = ITEMS.filter((i) => i.family !== 'symptom');
  const named = causes.filter((i) => {
    const codes = new Set<string>(check(i.function, i.answer, { variable: i.variable }).diagnosis.map((d) => d.mistake));
    return i.expect.every((code) => codes.has(code));
  });
  expect(named.length / causes.length).toBeGreaterThanOrEqual(0.9);
});
