/**
 * No English left in the core's output: every text the core produces is a message of the catalogues,
 * and what it passes as a parameter is mathematics, a name or a number, never words. Walked over the
 * reports of every worked mistake (the four, the others, the backpropagation exercises), the slips,
 * the readings, the undetermined, and the readers' errors and warnings, so a sentence written into
 * the code (the way prose used to be) fails here in every language but English.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../src/check.js';
import { isMessage, type Message, type MessageParam } from '../../src/i18n/message.js';
import { CATALOGUES } from '../../src/i18n/render.js';
import { ReadError } from '../../src/parse/errors.js';
import { Problem } from '../../src/problem.js';
import { validateAnswer } from '../../src/validate.js';
import { BEYOND_EXAMPLES } from '../fixtures/beyond-examples.js';
import { EXAMPLES } from '../fixtures/examples.js';

interface Backprop {
  function: string;
  variable: string;
  mistakes: Array<{ answer: string }>;
}
const BACKPROP = JSON.parse(readFileSync(new URL('../fixtures/backprop-exercises.json', import.meta.url), 'utf8')) as Backprop[];

/** Three words in a row: prose. Mathematics as text has operators, brackets or single letters between names. */
const WORDS = /\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b/;

function walk(param: MessageParam, codes: Set<string>, strings: Set<string>): void {
  if (typeof param === 'number') return;
  if (typeof param === 'string') {
    strings.add(param);
    return;
  }
  if (isMessage(param)) {
    codes.add(param.code);
    for (const value of Object.values(param.params)) walk(value, codes, strings);
    return;
  }
  for (const item of param.list) walk(item, codes, strings);
}

function messagesOf(value: unknown, into: Message[]): void {
  if (isMessage(value)) {
    into.push(value);
    return;
  }
  if (Array.isArray(value)) for (const item of value) messagesOf(item, into);
  else if (typeof value === 'object' && value !== null) for (const member of Object.values(value)) messagesOf(member, into);
}

const cases: Array<{ function: string; answer: string; variable?: string }> = [
  ...EXAMPLES.flatMap((e) => e.candidates.slice(0, 6).map((c) => ({ function: e.function, answer: c.candidate, variable: e.variable }))),
  ...BEYOND_EXAMPLES.filter((_, i) => i % 2 === 0).flatMap((e) => e.candidates.slice(0, 3).map((c) => ({ function: e.function, answer: c.candidate, variable: e.variable }))),
  ...BACKPROP.flatMap((e) => e.mistakes.map((m) => ({ function: e.function, answer: m.answer, variable: e.variable }))),
  // Slips, whole answers, unexplained answers with extra letters, readings, undetermined, warnings.
  { function: 'cos(3x)', answer: '-3sin(3x) + 1' },
  { function: 'x^2 + sin(x)', answer: '2x' },
  { function: 'x^3', answer: '3x^2 + C' },
  { function: 'e^x', answer: '3 + k' },
  { function: 'sin(x/2)', answer: '1/2cos(x/2)' },
  { function: 'sqrt(-1-x^2)', answer: '0' },
  { function: 'e^2x', answer: '2sin x y' },
  { function: 'a sin(t)', answer: 'a cos(t)', variable: 't' },
];

describe('the core writes no prose', () => {
  it(`in the reports of ${cases.length} answers, every text is a message of the catalogues with mathematics for parameters`, () => {
    const codes = new Set<string>();
    const strings = new Set<string>();
    for (const item of cases) {
      const problem = Problem.read(item.function, item.variable !== undefined ? { variable: item.variable } : {});
      for (const quiet of [false, true]) {
        const messages: Message[] = [];
        messagesOf(checkAnswer(problem, item.answer, { quiet }), messages);
        for (const message of messages) walk(message, codes, strings);
      }
    }
    expect(codes.size).toBeGreaterThan(120);
    for (const code of codes) expect(CATALOGUES.en[code], code).toBeDefined();
    expect([...strings].filter((text) => WORDS.test(text))).toEqual([]);
  });

  it('nor in the readers’ errors and warnings', () => {
    const codes = new Set<string>();
    const strings = new Set<string>();
    const inputs = ['sin(x', 'sinn(x)', 'x +', '\\frac{1}{', '<math><mi>x</mi>', '3x2', 'e^2x', '1/2x', 'import(x)', 'x = 2 = 3', 'd/dx sin(x)', '∫x', '2.3.4', 'cm', 'x!', 'log_2 x y'];
    for (const answer of inputs) {
      const result = validateAnswer({ answer, function: 'sin(x^2)' });
      for (const entry of [...result.warnings, ...result.errors]) {
        const messages: Message[] = [];
        messagesOf(entry.i18n, messages);
        for (const message of messages) walk(message, codes, strings);
      }
      try {
        Problem.read(answer);
      } catch (error) {
        if (!(error instanceof ReadError)) throw error;
        walk(error.text, codes, strings);
        if (error.hintText) walk(error.hintText, codes, strings);
      }
    }
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes) expect(CATALOGUES.en[code], code).toBeDefined();
    expect([...strings].filter((text) => WORDS.test(text))).toEqual([]);
  });
});
