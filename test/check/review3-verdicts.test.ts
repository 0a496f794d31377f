/**
 * Regressions from the third fresh-eyes review of verdicts: a wrong answer graded correct because the
 * term it gets wrong is concentrated far from 0, between the usual sample points.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

describe('a term concentrated around a centre far from 0 is sampled there', () => {
  test.each([
    // The inner factor -2(x - 25) left out, its sign flipped, its 2 dropped: each was "correct".
    ['x^2 + e^(-(x-25)^2)', '2x + e^(-(x-25)^2)'],
    ['x^2 + e^(-(x-25)^2)', '2x + 2(x-25)e^(-(x-25)^2)'],
    ['sin(x) + e^(-(x-30)^2)', 'cos(x) + e^(-(x-30)^2)'],
    ['sin(x) + e^(-(x-30)^2)', 'cos(x) - (x-30)e^(-(x-30)^2)'],
    ['ln(x) + e^(-(x-28)^2/2)', '1/x + e^(-(x-28)^2/2)'],
    ['x^3 + sin(x) e^(-(x-30)^2)', '3x^2 + cos(x)e^(-(x-30)^2)'],
    ['x + e^(-(x-10)^2)', '1'],
    // The answer's own bump, which the function lacks.
    ['x^2', '2x + e^(-(x-25)^2)'],
    // With a parameter in the centre, and a linear piece: sech and a logistic step.
    ['x + e^(-((x-a)/0.5)^2)', '1'],
    ['x + tanh(x - 40)', '1'],
    ['x^2 + sigmoid(4(x-20))', '2x'],
  ])('%s answered %s is incorrect', (f, answer) => {
    expect(check(f, answer).verdict).toBe('incorrect');
  });

  test('whatever the centre and the width, a bump left out is seen', () => {
    const missed: string[] = [];
    for (const width of [2, 0.5]) {
      for (let centre = -60; centre <= 60; centre += 7.5) {
        const f = `x + e^(-((x - ${centre})/${width})^2)`;
        if (check(f, '1').verdict !== 'incorrect') missed.push(f);
      }
    }
    expect(missed).toEqual([]);
  });

  test.each([
    ['x^2 + e^(-(x-25)^2)', '2x - 2(x-25)e^(-(x-25)^2)'],
    ['e^(-(x-25)^2)', '-2(x-25)e^(-(x-25)^2)'],
    ['x + tanh(x - 40)', '1 + sech(x - 40)^2'],
  ])('the right answer stays correct: %s answered %s', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });
});

describe('reading: a decimal exponent before a slash is the power meant', () => {
  test.each([
    ['sqrt(x)', 'x^-0.5/2'],
    ['sqrt(x)', 'x^-.5/2'],
  ])('%s answered %s is correct, with no second reading', (f, answer) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('correct');
    expect(result.readings).toBeUndefined();
  });

  test.each([['½x⁻½'], ['x⁻½/2']])('a superscript minus before a vulgar fraction is its exponent: %s', (answer) => {
    expect(check('sqrt(x)', answer).verdict).toBe('correct');
  });

  test('a whole one still has both (x^-1/2)', () => {
    expect(check('sqrt(x)', '1/2 x^-1/2').verdict).toBe('needs_brackets');
  });
});

describe('reading: LaTeX as editors send it', () => {
  test.each([
    ['2x\\ \\cos\\left(x^{2}\\right)\\ '],
    ['2x\\cos\\left(x^2\\right).'],
    ['2x\\cos\\left(x^2\\right),'],
    ['\\mathbf{2x}\\cos(x^2)'],
    ['\\color{red}{2x}\\cos(x^2)'],
  ])('sin(x^2) answered %s is correct', (answer) => {
    expect(check('sin(x^2)', answer, { format: 'latex' }).verdict).toBe('correct');
  });

  test('x^\\frac43 is x^(4/3)', () => {
    expect(check('x^(7/3)', '\\frac73x^\\frac43', { format: 'latex' }).verdict).toBe('correct');
  });
});

describe("reading: E, Mathematica's Euler number, is a second reading", () => {
  test('2E^(2x) for e^(2x) needs brackets (was incorrect), with the reading e', () => {
    const result = check('e^(2x)', '2E^(2x)');
    expect(result.verdict).toBe('needs_brackets');
    expect(result.readings?.map((r) => r.verdict)).toEqual(['incorrect', 'correct']);
    expect(result.warnings.map((w) => w.code)).toEqual(['case']);
  });
  test('a function that uses E keeps it a constant in the answer', () => {
    expect(check('E*x^2', '2E*x').verdict).toBe('correct');
  });
  test('wrong either way is incorrect', () => {
    expect(check('e^(2x)', 'E^x').verdict).toBe('incorrect');
  });
});
