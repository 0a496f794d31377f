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
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
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
  test('with format latex, the function x^12 is x to the twelfth, not x^1·2', () => {
    expect(check('x^12', '2', { format: 'latex' }).verdict).toBe('incorrect');
    expect(check('x^12', '12x^11', { format: 'latex' }).verdict).toBe('correct');
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
  });
});
