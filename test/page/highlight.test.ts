/**
 * A mistake's place marked in the function: the place's LaTeX found in the function's, token for
 * token, stepping over function powers; never half a number; nested places (a systematic mistake)
 * inside one another. And for every diagnosis the service gives on the students' answers, the place
 * is found and the marked LaTeX renders.
 */
import { readFileSync } from 'node:fs';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { deriveFunction } from '../../src/derive.js';
import { latexTokens, markPlaces, PLACE_CLASS } from '../../src/page/highlight.js';

const mark = (latex: string) => `{\\htmlClass{${PLACE_CLASS}}{${latex}}}`;

describe('latexTokens', () => {
  it('splits control words, control symbols and characters, and drops spaces', () => {
    expect(latexTokens('\\sin^{2} \\left(x\\right)\\,2').map((t) => t.text)).toEqual(['\\sin', '^', '{', '2', '}', '\\left', '(', 'x', '\\right', ')', '\\,', '2']);
  });
});

describe('markPlaces', () => {
  it('marks a place inside the function', () => {
    expect(markPlaces('e^{\\sin\\left(x\\right)}', ['\\sin\\left(x\\right)'])).toBe(`e^{${mark('\\sin\\left(x\\right)')}}`);
    expect(markPlaces('\\sqrt{x^{2}+1}', ['x^{2}+1'])).toBe(`\\sqrt{${mark('x^{2}+1')}}`);
  });

  it('marks the whole function when the place is the function', () => {
    expect(markPlaces('\\sin\\left(x^{2}\\right)', ['\\sin\\left(x^{2}\\right)'])).toBe(mark('\\sin\\left(x^{2}\\right)'));
  });

  it('takes a function power into the place it is written around', () => {
    expect(markPlaces('\\cos^{3}\\left(2x\\right)', ['\\cos\\left(2x\\right)'])).toBe(mark('\\cos^{3}\\left(2x\\right)'));
    expect(markPlaces('\\sin^{2}\\left(3x\\right)+1', ['\\sin\\left(3x\\right)'])).toBe(`${mark('\\sin^{2}\\left(3x\\right)')}+1`);
  });

  it('never marks half a number, or a power that only starts like the place', () => {
    expect(markPlaces('12x', ['2x'])).toBeUndefined();
    expect(markPlaces('2.5x', ['5x'])).toBeUndefined();
    expect(markPlaces('x^{23}', ['x^{2}'])).toBeUndefined();
    expect(markPlaces('3x+2x', ['2x'])).toBe(`3x+${mark('2x')}`);
  });

  it('marks every occurrence', () => {
    expect(markPlaces('\\sin\\left(x\\right)+\\sin\\left(x\\right)^{2}', ['\\sin\\left(x\\right)'])).toBe(`${mark('\\sin\\left(x\\right)')}+${mark('\\sin\\left(x\\right)')}^{2}`);
  });

  it('marks nested places inside one another, and places side by side apart', () => {
    const fn = '\\sin\\left(\\cos\\left(x^{2}\\right)\\right)';
    expect(markPlaces(fn, [fn, '\\cos\\left(x^{2}\\right)', 'x^{2}'])).toBe(mark(`\\sin\\left(${mark(`\\cos\\left(${mark('x^{2}')}\\right)`)}\\right)`));
    expect(markPlaces('ab', ['a', 'b'])).toBe(`${mark('a')}${mark('b')}`);
  });

  it('says when a place is not in the function', () => {
    expect(markPlaces('\\tan\\left(x\\right)', ['\\sin\\left(x\\right)'])).toBeUndefined();
    expect(markPlaces('x', [])).toBeUndefined();
  });
});

describe("the service's own diagnoses", () => {
  const answers = JSON.parse(readFileSync(new URL('../fixtures/student-answers.json', import.meta.url), 'utf8')) as Array<{ function: string; answer: string; variable?: string }>;

  it('find their place in the function (or its inner function), and the marked function renders', () => {
    let places = 0;
    const missed: string[] = [];
    for (const { function: fn, answer, variable } of answers) {
      const options = variable ? { variable } : {};
      const result = check(fn, answer, options);
      if (result.diagnosis.every((d) => d.nodes.length === 0)) continue;
      const { latex } = deriveFunction(fn, options).function;
      for (const entry of result.diagnosis.filter((d) => d.nodes.length > 0)) {
        places++;
        const marked = markPlaces(latex, entry.nodes.map((n) => n.latex)) ?? (entry.at?.inner ? markPlaces(latex, [entry.at.inner.latex]) : undefined);
        if (!marked) {
          missed.push(`${fn} / ${answer}: ${entry.mistake} at ${entry.at?.latex}`);
          continue;
        }
        const html = katex.renderToString(marked, { throwOnError: true, trust: (c: { command: string }) => c.command === '\\htmlClass', strict: 'ignore' });
        expect(html).toMatch(new RegExp(`class="enclosing ${PLACE_CLASS}[ "]`));
      }
    }
    expect(places).toBeGreaterThan(50);
    expect(missed).toEqual([]);
  });
});
