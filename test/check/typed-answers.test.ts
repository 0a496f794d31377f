/**
 * Regressions from a probe of answers as students type them in a plain text box (about 5,000 cases
 * against SymPy): forms that were refused, or read one way where a student means another.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

describe('right answers as typed are graded correct', () => {
  test.each([
    // a bracketed exponent is closed: not also x^(-2/2)
    ['1/(2x)', '-x^(-2)/2'],
    ['1/(2x)', '-x^{-2}/2'],
    // left sides
    ['sin(x^2)', "f(x)' = 2x cos(x^2)"],
    ['sin(x^2)', 'f´(x) = 2x cos(x^2)'],
    ['sin(x^2)', 'y´ = 2xcos(x^2)'],
    // a full stop as a multiplication dot
    ['sin(x^2)', '2x.cos(x^2)'],
    ['sin(x)^2', '2sinx.cosx'],
    ['x^2 e^x', '2x.e^x + x^2.e^x'],
    // dashes and carets from other keyboards
    ['x^3 - x', '3x^2 ‒ 1'],
    ['x^3', '3xˆ2'],
    ['x^(2x)', 'x^(2x)(2ln(x) + 2)'],
  ])('%s answered %s', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });
});

describe('forms that read two ways ask for brackets when the readings disagree', () => {
  test.each([
    // x^(2x) or x²·x (which nobody writes for x³)
    ['x^(2x)', 'x^2x(2ln(x) + 2)'],
    ['x^(kx)', 'x^kx(k ln(x) + k)'],
    // a typed root sign before a number and a sum: √(1 - x²) or √1 - x²
    ['asin(x)', '1/√1-x²'],
    ['sqrt(2 + x)', '1/(2√2+x)'],
  ])('%s answered %s', (f, answer) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('needs_brackets');
    expect(result.readings?.length).toBe(2);
  });
});

describe('wrong answers stay incorrect under every reading', () => {
  test.each([
    ['sin(x^2)', '2x.sin(x^2)'],
    ['x^3', 'x^2x'],
    ['asin(x)', '1/√1+x²'],
    ['1/(2x)', 'x^(-2)/2'],
    ['sin(x^2)', "f(x)' = cos(x^2)"],
  ])('%s answered %s', (f, answer) => {
    expect(check(f, answer).verdict).toBe('incorrect');
  });
});

describe('a full stop before digits after a factor is a decimal point or a multiplication dot', () => {
  test.each([
    ['sin(x^2)', 'cos(x^2).2x', ['cos(x^2)*0.2*x', 'cos(x^2)*2*x']],
    ['sin(x^2)', 'cos(x^2) .2x', ['cos(x^2)*0.2*x', 'cos(x^2)*2*x']],
    ['x^2', 'x.2', ['x*0.2', 'x*2']],
    ['sin(x)^2', 'sinx.2cosx', ['sin(x)*0.2*cos(x)', 'sin(x)*2*cos(x)']],
    // in an exponent with a factor after it: a decimal power, or the power times the factor
    ['sin(x^2)', 'cos x^2.2x', ['cos(x^(2.2*x))', 'cos(x^2)*2*x', 'cos(x^2.2*x)']],
  ])('%s answered %s asks for brackets', (f, answer, readings) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('needs_brackets');
    expect(result.readings?.map((r) => r.text)).toEqual(readings);
  });
  test('where both readings agree the answer is graded', () => {
    // (no digit after the dot: only the product; wrong under both readings: incorrect)
    expect(check('sin(x^2)', '2x.cos(x^2)').verdict).toBe('correct');
    expect(check('sin(x^2)', 'cos(x^2).2x cos(x^2)').verdict).toBe('incorrect');
  });
  test('with a space after it, it can only be the dot', () => {
    expect(check('sin(x^2)', 'cos(x^2). 2x').verdict).toBe('correct');
    expect(check('sin(x^2)', 'cos(x^2) . 2x').verdict).toBe('correct');
    expect(check('sin(x^2)', 'cos x^2 . 2x').verdict).toBe('correct');
    expect(check('x^2', '2 . x').verdict).toBe('correct');
  });
});

describe('a decimal power followed by a name, e or after 0 is the decimal alone (review: these asked for brackets)', () => {
  test.each([
    ['sin(x)^2.5', '2.5sin(x)^1.5cos(x)'],
    ['x^1.5 cos(x)', '1.5x^0.5cos(x) - x^1.5sin(x)'],
    ['x^2.5 e^x', '2.5x^1.5e^x + x^2.5e^x'],
    ['x^2.5 ln(x)', '2.5x^1.5ln(x) + x^1.5'],
    ['x^1.5 sin(x)', '1.5x^0.5sin(x) + x^1.5cos(x)'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });
  test('one letter after it still reads both ways', () => {
    expect(check('cos(x^2)', '-sin x^2.2x').verdict).toBe('needs_brackets');
  });
});

describe('scientific notation is the constant e, with a warning', () => {
  test('2e-2x for 2ex - x^2 is correct (not a question), with the warning', () => {
    const result = check('2e*x - x^2', '2e-2x');
    expect(result.verdict).toBe('correct');
    expect(result.warnings.map((w) => w.message)).toEqual(expect.arrayContaining([expect.stringContaining('write 0.02 if it is a number in scientific notation')]));
  });
  test('5e-1x meant as 0.5x is incorrect, and the warning says how it was read', () => {
    const result = check('x^2/4', '5e-1x');
    expect(result.verdict).toBe('incorrect');
    expect(result.warnings.map((w) => w.message)).toEqual(expect.arrayContaining([expect.stringContaining('write 0.5')]));
  });
});

describe('a differential written after the derivative is left out, with a warning', () => {
  test.each([
    ['sin(x^2)', '2x cos(x^2) dx', 'dx'],
    ['sin(x^2)', '2xcos(x^2)dx', 'dx'],
    ['sin(x^2)', '2x cos(x^2)*dx', 'dx'],
    ['sin(x^2)', '2x cos(x^2) d x', 'dx'],
    ['sin(x^2)', '2x\\cos\\left(x^2\\right)\\,\\mathrm{d}x', 'dx'],
    ['sin(x^2)', 'dy = 2x cos(x^2) dx', 'dx'],
    ['sin(x^2)', "f'(x) = 2x cos(x^2) dx", 'dx'],
    ['x^2', '2x dx', 'dx'],
    ['sin(3t)', '3cos(3t) dt', 'dt'],
    // Regression: typed against the letters before it, the differential was the product x·d·x.
    ['x^2', '2xdx', 'dx'],
    ['a*x^2', '2axdx', 'dx'],
    ['sin(x^2)', '2x cosx^2dx', 'dx'],
    ['e^(x^2)', '2xe^(x^2)dx', 'dx'],
    ['sin(t^2)', '2tcost^2dt', 'dt'],
  ])('%s answered %s', (f, answer, differential) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('correct');
    const warning = result.warnings.find((w) => w.code === 'left_side_dropped');
    expect(warning?.message).toBe(`left out '${differential}' at the end: the derivative is written without the differential ${differential}`);
    expect(warning?.position).toBe(answer.search(/(d|\\mathrm\{d\}) ?[xt]$/));
  });
  test('typed against maths letters, the warning is at the d, counted in code points (regression: one short)', () => {
    const result = check('a*b*x^2/2', '𝑎𝑏𝑥𝑑𝑥');
    expect(result.verdict).toBe('correct');
    expect(result.warnings.find((w) => w.code === 'left_side_dropped')?.position).toBe(3);
  });
  test('what is left is graded as any answer', () => {
    expect(check('sin(x^2)', 'cos(x^2) dx').diagnosis[0]?.mistake).toBe('missing_inner_factor');
  });
  test('a function with the letter d keeps the product d·x', () => {
    expect(check('d*x^2/2', 'dx').verdict).toBe('correct');
    expect(check('d*x^2', 'x dx').verdict).toBe('incorrect');
    expect(check('d*x^2', '2x d').verdict).toBe('correct');
    expect(check('d*x^2', '2 dx').verdict).toBe('correct');
    expect(check('d*x^2', '2xdx').verdict).toBe('incorrect');
    expect(check('d*x^3/3', 'xdx').verdict).toBe('correct');
  });
  test('a differential alone, or after an operator, is not dropped', () => {
    expect(check('sin(x^2)', 'dx').verdict).toBe('incorrect');
    expect(() => check('sin(x^2)', '2x cos(x^2) + dx')).not.toThrow();
    expect(check('sin(x^2)', '2x cos(x^2) + dx').verdict).toBe('incorrect');
  });
  test('dy = without the differential is still an equation', () => {
    expect(() => check('sin(x^2)', 'dy = 2x cos(x^2)')).toThrow(/equation/);
  });
});
