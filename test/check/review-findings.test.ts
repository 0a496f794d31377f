/**
 * Regressions from the fresh-eyes reviews of verdicts and diagnosis on unseen functions (stop 20):
 * each case was wrong before its fix.
 */
import { describe, expect, test } from 'vitest';
import { check, type CheckResult } from '../../src/check.js';
import { toText } from '../../src/tree/print-text.js';
import { readExpression } from '../../src/parse/read.js';

const codes = (r: CheckResult) => r.diagnosis.map((d) => d.mistake);
const places = (r: CheckResult) => r.diagnosis.map((d) => d.at?.text);

describe('a saturated sigmoid: 1 - σ(u) is evaluated as σ(-u), not as a difference that rounds to 0', () => {
  test.each([
    ['sigmoid(x^2+37)', '0'],
    ['sigmoid(x^2+40)', '-2x sigmoid(x^2+40)(1-sigmoid(x^2+40))'],
    ['sigmoid(x^2+40)', '-2x e^(-x^2-40)/(1+e^(-x^2-40))^2'],
    ['ln(sigmoid(x^2+40))', '-2x(1-sigmoid(x^2+40))'],
    ['sigmoid(e^x+40)', '0'],
  ])('%s answered %s is incorrect', (f, answer) => {
    expect(check(f, answer).verdict).toBe('incorrect');
  });
  test.each([
    ['sigmoid(x^2+40)', '2x sigmoid(x^2+40)(1-sigmoid(x^2+40))'],
    ['sigmoid(x^2+40)', '2x e^(-x^2-40)/(1+e^(-x^2-40))^2'],
    ['sigmoid(x^2+40)', '2x sigmoid(x^2+40) sigmoid(-x^2-40)'],
    ['ln(sigmoid(x^2+40))', '2x(1-sigmoid(x^2+40))'],
    ['sigmoid(3x)', '3 sigmoid(3x)(1 - sigmoid(3x))'],
    // Beyond double range the wide and decimal evaluators take 1 - σ(u) as σ(-u) too.
    ['sigmoid(x^2+720)', '2x sigmoid(x^2+720)(1-sigmoid(x^2+720))'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });
  test('beyond double range, 0 and a flipped sign are still incorrect', () => {
    expect(check('sigmoid(x^2+720)', '0').verdict).toBe('incorrect');
    expect(check('sigmoid(x^2+720)', '-2x sigmoid(x^2+720)(1-sigmoid(x^2+720))').verdict).toBe('incorrect');
  });
});

describe('reading what students and editors type', () => {
  test.each([
    // LaTeX: an unbraced number exponent is the whole number (TeX would take one digit).
    ['x^11 sin(x)', '11x^10\\sin x + x^11\\cos x', '11*x^10*sin(x) + x^11*cos(x)'],
    ['(x^2+1)^12', '24x\\left(x^2+1\\right)^11', '24*x*(x^2 + 1)^11'],
    ['sqrt(x)', '\\frac{1}{2}x^-0.5', '1/2*x^(-0.5)'],
    // A mixed number is a sum, with or without a space.
    ['3x^2/4', '1½x', '(1 + 1/2)*x'],
    ['3x^2/4', '1 ½x', '(1 + 1/2)*x'],
    ['x^(5/2)', '2½x^(3/2)', '(2 + 1/2)*x^(3/2)'],
    // Word's math italic Greek, the micro sign typed for μ, an em dash for a minus.
    ['sin(pi x)', '𝜋cos(𝜋𝑥)', 'pi*cos(pi*x)'],
    ['sin(μx)', 'µcos(µx)', 'mu*cos(mu*x)'],
    ['2/x^2', '—4/x³', '-4/x^3'],
  ])('%s answered %s reads %s and is correct', (f, answer, read) => {
    const result = check(f, answer);
    expect(result.answer?.text).toBe(read);
    expect(result.verdict).toBe('correct');
  });
  test.each([
    // A word its function does not use, written with the function's letters, is those letters.
    ['sin(ax)', 'acos(ax)', 'a*cos(a*x)', 'x'],
    ['sinh(ax)', 'acosh(ax)', 'a*cosh(a*x)', 'x'],
    ['ln(sin(ax))', 'acot(ax)', 'a*cot(a*x)', 'x'],
    ['u^n', 'nu^(n-1)', 'n*u^(n - 1)', 'u'],
    ['u^m', 'mu^(m-1)', 'm*u^(m - 1)', 'u'],
  ])('%s answered %s reads %s, with a warning', (f, answer, read, variable) => {
    const result = check(f, answer, { variable });
    expect(result.answer?.text).toBe(read);
    expect(result.verdict).toBe('correct');
    expect(result.warnings.map((w) => w.code)).toContain('implicit_split');
  });
  test.each([
    // …but what the function itself uses keeps its name.
    ['sin(nu u)', 'nu cos(nu u)', 'u', 'nu*cos(nu*u)'],
    ['sin(x)', 'acos(x)', 'x', 'arccos(x)'],
    ['sin(ax)', 'a arccos(ax)', 'x', 'a*arccos(a*x)'],
  ])('%s answered %s reads %s', (f, answer, variable, read) => {
    expect(check(f, answer, { variable }).answer?.text).toBe(read);
  });
  test('acosx, glued to its argument, is split the same way', () => {
    expect(check('a sin(x)', 'acosx').verdict).toBe('correct');
    expect(check('sin(x)', 'acosx').answer?.text).toBe('arccos(x)');
  });
  test('a number in an exponent makes no mixed number: x^2 ½ is x^2·½', () => {
    expect(check('x^3/6', 'x^2 ½').verdict).toBe('correct');
  });
  test('the cos x/2 warning is printed from the trees, not cut from LaTeX', () => {
    const warning = check('sin(x/2)', '\\frac{1}{2}\\cos\\,x/2').warnings.find((w) => w.code === 'implicit_split');
    expect(warning?.message).toContain('write (x/2) in brackets');
  });
  test('acos(ax) for acos(ax) itself is the arccosine', () => {
    expect(check('acos(ax)', '-a/sqrt(1-(a x)^2)').verdict).toBe('correct');
  });
  test.each([
    // cos x/2: the documented reading cos(x)/2, and cos(x/2) besides; different verdicts need brackets.
    ['sin(x/2)', '1/2 cos x/2', '1/2*cos(x)/2', '1/2*cos(x/2)'],
    ['tan(x/2)', '1/2 sec^2 x/2', '1/2*sec(x)^2/2', '1/2*sec(x/2)^2'],
    ['sin(x)/2', 'cos x/2', 'cos(x)/2', 'cos(x/2)'],
  ])('%s answered %s is read %s and %s: needs_brackets', (f, answer, first, second) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('needs_brackets');
    expect(result.readings?.map((r) => r.text)).toEqual([first, second]);
  });
  test.each([
    ['sin(x)', 'cos x / 2', 'cos(x)/2'],
    ['sin(x/2)', 'cos x/2y', 'cos(x)/(2*y)'],
    ['sin(x/2)', '1/2 cos(x/2)', '1/2*cos(x/2)'],
  ])('%s answered %s has one reading, %s', (f, answer, read) => {
    const result = check(f, answer);
    expect(result.readings).toBeUndefined();
    expect(result.answer?.text).toBe(read);
  });
  test.each([
    ["(sin(x^2))' = 2x cos(x^2)", 'correct'],
    ["[sin(x^2)]' = 2x cos(x^2)", 'correct'],
    ['\\left(\\sin\\left(x^2\\right)\\right)^{\\prime}=2x\\cos\\left(x^2\\right)', 'correct'],
  ])('the function in brackets with a prime is a left side: %s', (answer, verdict) => {
    expect(check('sin(x^2)', answer).verdict).toBe(verdict);
  });
  test('brackets closed before the prime are no left side', () => {
    expect(() => check('sin(x^2)', "(x)'(x)' = 2x cos(x^2)")).toThrow(expect.objectContaining({ code: 'equation' }));
  });
  test('with format latex, the function x^12 is x to the twelfth, not x^1·2', () => {
    expect(check('x^12', '2', { format: 'latex' }).verdict).toBe('incorrect');
    expect(check('x^12', '12x^11', { format: 'latex' }).verdict).toBe('correct');
  });
  test('a function power keeps TeX’s one digit: \\sec^22x is sec(2x)^2', () => {
    expect(check('tan(2x)', '2\\sec^22x', { format: 'latex' }).verdict).toBe('correct');
    expect(check('sin(3x)^3', '9\\sin^23x\\cos3x', { format: 'latex' }).verdict).toBe('correct');
  });
  test('a long unbraced LaTeX exponent is read whole, as text reads it', () => {
    const exponent = `0.${'0'.repeat(40)}12`;
    expect(toText(readExpression(`x^${exponent}`, { format: 'latex' }).expr)).toBe(toText(readExpression(`x^${exponent}`, { format: 'text' }).expr));
  });
  test('\\frac12 keeps TeX’s one digit per argument', () => {
    expect(toText(readExpression('\\frac12 x', { format: 'latex' }).expr)).toBe('1/2*x');
  });
});

describe('diagnosis', () => {
  test.each([
    // A minus on u's first factor is a minus to get wrong, however it is written.
    ['e^(-2x)*x', '2x e^(-2x) + e^(-2x)', 'e^(-2*x)'],
    ['ln(-2x+5)*x', '2x/(-2x+5) + ln(-2x+5)', 'ln(-2*x + 5)'],
    ['x*e^(-3x^2)', 'e^(-3x^2) + 6x^2 e^(-3x^2)', 'e^(-3*x^2)'],
  ])('%s answered %s: inner_derivative_sign_error at %s', (f, answer, at) => {
    const result = check(f, answer);
    expect(codes(result)).toContain('inner_derivative_sign_error');
    expect(result.diagnosis.find((d) => d.mistake === 'inner_derivative_sign_error')?.at?.text).toBe(at);
  });
  test.each([
    ['x^3+4x', '3x^2', 'missing_term'],
    ['x^2+3x', '2x', 'missing_term'],
    ['e^x-7x', 'e^x', 'missing_term'],
  ])('%s answered %s left a term out: %s, not a constant added', (f, answer, code) => {
    const result = check(f, answer);
    expect(codes(result)).toEqual([code]);
  });
  test('a number the answer writes that is not the difference is no constant of integration', () => {
    expect(codes(check('x^2+3x', '2x+5'))).not.toContain('constant_of_integration_added');
  });
  test.each([
    ['x^3', '3(x^2 + C)'],
    ['x^2', '2(x + C)'],
  ])('%s answered %s: a letter inside a bracket is a constant of integration too', (f, answer) => {
    expect(codes(check(f, answer))).toEqual(['constant_of_integration_added']);
  });
  test.each([
    // A number away from the derivative is a wrong constant, not some mistake plus that number…
    ['(x+1)^2', '2x+3', []],
    ['(2x+1)^2', '8x+5', []],
    // …while beside a mistake that is not a constant away, or as a letter, it is added.
    ['x^3+sin(2x)', '3x^2+cos(2x)+5', ['missing_inner_factor', 'constant_of_integration_added']],
    ['x^2+3x', '2x+4+C', ['power_rule_coefficient_added', 'constant_of_integration_added']],
  ])('%s answered %s: %j', (f, answer, expected) => {
    expect(codes(check(f, answer))).toEqual(expected);
  });
  test.each([
    ['x^3', '3x^2 + C'],
    ['x^2', '2x + 5'],
    ['x^3 + 7', '3x^2 + 7'],
    ['x^3', '3x^2 + 4 - 4 + 7'],
  ])('%s answered %s: the constant is written, constant_of_integration_added', (f, answer) => {
    expect(codes(check(f, answer))).toEqual(['constant_of_integration_added']);
  });
  test.each([
    // The place is named as the function writes it, not simplified or reordered.
    ['ln(x)*x^2', '2/x', 'ln(x)*x^2'],
    ['sin(x)/e^x', 'cos(x)/e^x', 'sin(x)/e^x'],
    ['2/(x^2+1)', '-2/(x^2+1)^2', '1/(x^2 + 1)'],
    ['5/sqrt(x^2+1)', '-5/(2(x^2+1)^(3/2))', '1/sqrt(x^2 + 1)'],
    ['3/(x^2+1)^3', '-9/(x^2+1)^4', '1/(x^2 + 1)^3'],
    ['sigmoid(w*x+b)', 'sigmoid(w*x+b)(1-sigmoid(w*x+b))', 'sigmoid(w*x + b)'],
  ])('%s answered %s names the place %s', (f, answer, at) => {
    const variable = f.includes('w') ? 'w' : 'x';
    expect(places(check(f, answer, { variable }))[0]).toBe(at);
  });
  test('the part a constant multiplies is named as written: -(w·x + b) leaves w*x + b', () => {
    const result = check('(1/(1+e^(-(w*x+b))) - y)^2', '2(1/(1+e^(-(w x+b))) - y) e^(-(w x+b))/(1+e^(-(w x+b)))^2', { variable: 'w' });
    expect(result.feedback).toContain('but not by the derivative of w*x + b');
    expect(check('e^(-x^2-1)', '-e^(-x^2-1)').feedback).toContain('but not by the derivative of x^2 + 1');
    expect(check('e^((-2)x-1)', '-e^((-2)x-1)').feedback).toContain('but not by the derivative of 2*x + 1');
  });
  test.each([
    // c/q named as the 1/q it is written as; q's own constant factor left out, as a chain node's is.
    ['1/(x^2+1)^(-2)', '2(x^2+1)', '1/(x^2 + 1)^(-2)'],
    ['1/(2*(x^2+1))', '-1/(2(x^2+1)^2)', '1/(x^2 + 1)'],
  ])('%s answered %s names %s', (f, answer, at) => {
    expect(places(check(f, answer))[0]).toBe(at);
  });
  test('the derivative of 5/x^2 is named as written', () => {
    expect(check('5/x^2', '-10/x').feedback).toContain('the derivative of 5/x^2 is');
  });
  test.each([
    // The sign hint names only what the function has. (A single composite's whole sign turned is the
    // inner derivative's sign, a cause: these functions have a second term, whose sign turned too.)
    ['5^(x^2) + x^3', '-2x ln(5) 5^(x^2) - 3x^2', 'nothing in this function puts a minus in its derivative'],
    ['3/(x^2+1) + x^2', '6x/(x^2+1)^2 - 2x', "the derivative of 1/u is -u'/u^2"],
    ['x^3-2x', '-3x^2+2', 'a minus written in the function'],
    ['asech(x)', '1/(x sqrt(1-x^2))', 'd/du arsech(u)'],
    ['5^(x^2) + x - 7', '-2x ln(5) 5^(x^2) - 1', 'nothing in this function puts a minus in its derivative'],
  ])('%s answered %s: sign_error, hinting %s', (f, answer, hint) => {
    const result = check(f, answer);
    expect(codes(result)).toEqual(['sign_error']);
    expect(result.feedback).toContain(hint);
    if (!hint.startsWith('the derivative of 1/u')) expect(result.feedback).not.toContain('1/u');
  });
});
