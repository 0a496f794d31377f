/**
 * Regressions from the fifth fresh-eyes review of verdicts (1,813 cases against SymPy): right answers
 * refused or misread in notations real editors and students produce.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

describe("MathType's and Maple's TeX: a function's name braced with its power, plain TeX's \\rm", () => {
  test.each([
    ['tan(x)', '{\\sec ^2}x'],
    ['sin(x)^3', '3{\\sin ^2}x\\cos x'],
    ['tan(3x)', '3{\\sec ^2}\\left( {3x} \\right)'],
    ['tan(3x)', '3{\\sec ^2}3x'],
    ['log2(x)', '\\frac{1}{{x\\ln 2}}'],
    ['atan(x)', '{\\tan ^{ - 1}}x \\cdot 0 + \\frac{1}{{1 + {x^2}}}'],
    ['e^(-x)', '-{{\\rm{e}}^{ - x}}'],
    ['e^(-x)', '-{\\rm e}^{-x}'],
    ['x e^x', '{{\\rm{e}}^x} + x{{\\rm{e}}^x}'],
    ['e^(x^2)', '2\\,x\\,{{\\rm e}^{{x}^{2}}}'],
    ['sech(x)', '-{\\mathop{\\rm sech}\\nolimits} x \\tanh x'],
    ['tanh(x)', '{{\\mathop{\\rm sech}\\nolimits} ^2}x'],
    ['x^2', '\\boxed{2x}'],
  ])('%s answered %s is correct', (f, answer) => {
    // Recognised as LaTeX by its commands (the format left to auto).
    expect(check(f, answer).verdict).toBe('correct');
  });

  test.each([
    // The function itself as MathType writes it.
    ['{\\log _2}x', '\\frac{1}{{x\\ln 2}}'],
    ['{\\log _{10}}x', '\\frac{1}{{x\\ln 10}}'],
    ['{\\log _2}\\left( {{x^2} + 1} \\right)', '\\frac{{2x}}{{\\left( {{x^2} + 1} \\right)\\ln 2}}'],
    ['{\\sin ^{ - 1}}x', '\\frac{1}{{\\sqrt {1 - {x^2}} }}'],
    ['{\\mathop{\\rm arccot}\\nolimits} x', '-\\frac{1}{1+x^2}'],
  ])('the function %s answered %s is correct', (f, answer) => {
    expect(check(f, answer, { format: 'latex' }).verdict).toBe('correct');
  });

  test('a braced group that holds more than a function name stays a group', () => {
    expect(check('sin(2x)', '{2\\cos 2x}', { format: 'latex' }).verdict).toBe('correct');
    expect(check('x^3', '{3}{x^2}', { format: 'latex' }).verdict).toBe('correct');
    // A wrong answer in MathType's form is still wrong: sec², not sec, and the power of sin kept.
    expect(check('tan(x)', '{\\sec}x', { format: 'latex' }).verdict).toBe('incorrect');
    expect(check('sin(x)^3', '3{\\sin ^3}x\\cos x', { format: 'latex' }).verdict).toBe('incorrect');
  });
});

describe('function names of the languages the service speaks', () => {
  test.each([
    ['-cos(x)', 'sen(x)'],
    ['sen(x^2)', '2x cos(x^2)'],
    ['cos(x^2)', '-2x sen(x^2)'],
    ['cot(x)', '-cossec^2(x)'],
    ['cotg(2x)', '-2cossec^2(2x)'],
    ['arcsen(x)', '1/sqrt(1-x^2)'],
    ['senh(2x)', '2cosh(2x)'],
    ['cosech(x)', '-cosech(x)coth(x)'],
    ['acot(x)', '-1/(1+x^2) + 0*arccotg(x)'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });

  test('sen is sin, not s·e·n: a wrong answer in it is wrong', () => {
    expect(check('sin(2x)', 'sen(2x)').verdict).toBe('incorrect');
    expect(check('sin(2x)', 'sen(2x)').answer?.text).toBe('sin(2*x)');
  });
});

describe('marks of writing direction copied from a right-to-left page are nothing', () => {
  test.each([['2x\u200e'], ['\u200f2x'], ['\u202b2x\u202c'], ['\u20662x\u2069']])('x^2 answered %j is correct', (answer) => {
    expect(check('x^2', answer).verdict).toBe('correct');
  });
});
