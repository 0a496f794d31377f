/**
 * Real outputs of the editors and systems students answer in (test/fixtures/editor-outputs.json, whose
 * `sources` say where each family's outputs come from): every correct answer is graded correct, every
 * wrong one incorrect, and an ambiguous one needs brackets with one of its readings correct. Each is
 * also read in the format an LMS would send it in without saying (`format: auto`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';
import { validateAnswer } from '../../src/validate.js';

interface EditorOutput {
  editor: string;
  function: string;
  variable?: string;
  answer: string;
  format: 'text' | 'latex' | 'mathml';
  expect: 'correct' | 'incorrect' | 'needs_brackets';
}

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/editor-outputs.json', import.meta.url), 'utf8')) as {
  sources: Record<string, string>;
  items: EditorOutput[];
};
const EDITORS = Object.keys(FIXTURE.sources);

test('every editor family has a source note and at least ten correct answers and some wrong ones', () => {
  expect(new Set(FIXTURE.items.map((item) => item.editor))).toEqual(new Set(EDITORS));
  for (const editor of EDITORS) {
    const items = FIXTURE.items.filter((item) => item.editor === editor);
    expect(items.filter((item) => item.expect === 'correct').length, editor).toBeGreaterThanOrEqual(10);
    expect(items.filter((item) => item.expect === 'incorrect').length, editor).toBeGreaterThanOrEqual(2);
  }
});

describe.each(EDITORS)('%s', (editor) => {
  const items = FIXTURE.items.filter((item) => item.editor === editor);
  test.each(items.map((item) => [item.function, item.answer, item] as const))('%s answered %s', (_f, _a, item) => {
    const options = item.variable ? { variable: item.variable } : {};
    const result = check(item.function, item.answer, options);
    const shown = `read as ${result.answer.text}; ${result.feedback}`;
    expect(result.verdict, shown).toBe(item.expect);
    expect(result.correct).toBe(item.expect === 'correct');
    if (item.expect === 'needs_brackets') expect(result.readings?.some((r) => r.verdict === 'correct'), shown).toBe(true);
    expect(validateAnswer({ answer: item.answer, ...options }).format).toBe(item.format);
  });
});
