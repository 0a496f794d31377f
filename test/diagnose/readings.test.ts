/**
 * Ambiguity decides nothing on its own (check-readings.ts): an answer that reads more than one way is
 * graded when every reading gets the same verdict, and needs brackets — never incorrect — when they
 * differ; quiet mode shows the readings without saying which one is right.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

describe('readings', () => {
  test('the same verdict under every reading: graded as the documented reading, with its warning', () => {
    const wrong = check('ln(x)', '1/2x');
    expect(wrong.verdict).toBe('incorrect');
    expect(wrong.readings).toBeUndefined();
    expect(wrong.warnings.map((w) => w.code)).toEqual(['ambiguous_division']);
    const right = check('x^2', '2x^1*1');
    expect(right.verdict).toBe('correct');
  });
  test('different verdicts: needs_brackets, not correct, every reading with its verdict', () => {
    const result = check('sqrt(x)', '1/2x^-1/2');
    expect(result).toMatchObject({ correct: false, verdict: 'needs_brackets', diagnosis: [], ambiguous: false });
    expect(result.readings?.map((r) => r.verdict)).toEqual(['incorrect', 'incorrect', 'correct', 'incorrect']);
    expect(result.feedback).toMatch(/read in 4 ways/);
    expect(result.feedback).toMatch(/Add brackets/);
    expect(result.feedback).toMatch(/read as 1\/2\*x\^\(-1\/2\), it is the derivative/);
  });
  test('a wrong answer that reads two ways, one of them right, is not accepted', () => {
    expect(check('e^(3x)', '3e^3x').correct).toBe(false);
    expect(check('x^3', '3x2').correct).toBe(false);
  });
  test('quiet: the readings without verdicts, and no word of which is right', () => {
    const result = check('sin(x/2)', '1/2cos(x/2)', { quiet: true });
    expect(result.verdict).toBe('needs_brackets');
    expect(result.expected).toBeUndefined();
    expect(result.readings?.every((r) => r.verdict === undefined)).toBe(true);
    expect(result.feedback).not.toMatch(/it is the derivative|it is not the derivative/);
  });
  test('an answer the function names with its own letters is read as it uses them', () => {
    expect(check('X x^2', 'X 2x').verdict).toBe('correct');
    expect(check('x^3', '3X^2').verdict).toBe('needs_brackets');
  });

  // Regression (maths review): a bracket right after a bracketless argument was taken into it, with no
  // other reading, so the right answer 2cos x(-sin x) was graded incorrect as 2cos(x·(-sin x)).
  test.each([
    ['cos(x)^2', '2cos x(-sin x)'],
    ['sin(x)^2', '2sinx(cosx)'],
    ['ln(x)^2', '2ln x(1/x)'],
    ['cos(x)^2', '2\\cos x\\left(-\\sin x\\right)'],
    ['sin(x^2)', 'cos x^2(2x)'],
    ['sin(x)*(x+1)', 'cos x(x+1) + sin x'],
  ])('a bracket after a bare argument reads both ways: %s answered %s needs brackets, never incorrect', (f, answer) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('needs_brackets');
    expect(result.readings?.map((r) => r.verdict).sort()).toEqual(['correct', 'incorrect']);
  });

  test('a bracket inside a bracketed argument changes nothing: cos(x(x+1))(2x+1) is read one way', () => {
    const result = check('sin(x(x+1))', 'cos(x(x+1))(2x+1)');
    expect(result.verdict).toBe('correct');
    expect(result.readings).toBeUndefined();
  });
});
