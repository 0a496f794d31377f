/**
 * Regressions from the third fresh-eyes review of the diagnosis (66 new functions, 1,403 single
 * mistakes): each case was wrong before its fix.
 */
import { describe, expect, test } from 'vitest';
import { check, type CheckResult } from '../../src/check.js';

const labels = (r: CheckResult) => r.diagnosis.map((d) => `${d.mistake}(${d.variant})${d.systematic ? ' systematic' : ''}`);

describe('missing_inner_factor (b): a minus on the first factor of a product is the whole product\'s', () => {
  // -k*x is read (-k)*x: the same u as -(k*x), so the same diagnosis whichever way it is written.
  test.each([
    ['e^(-k*x)', '-e^(-k*x)'],
    ['e^(-(k*x))', '-e^(-(k*x))'],
    ['e^(-k*x^2)', '-e^(-k*x^2)'],
    ['e^(-x/k)', '-e^(-x/k)'],
    ['e^(-2*k*x)', '-2e^(-2*k*x)'],
    ['1/(1+e^(-k*x))', 'e^(-k*x)/(1+e^(-k*x))^2'],
    ['ln(1+e^(-k*x))', '-e^(-k*x)/(1+e^(-k*x))'],
  ])('%s answered %s', (f, answer) => {
    expect(labels(check(f, answer))).toEqual(['missing_inner_factor(b)']);
  });

  test('in a backpropagation exercise, a single mistake and not a pair, and z printed as written', () => {
    const result = check('(1/(1+e^(-w*x)) - y)^2', '2*(1/(1+e^(-w*x)) - y)*e^(-w*x)/(1+e^(-w*x))^2', { variable: 'w' });
    expect(labels(result)).toEqual(['missing_inner_factor(b)']);
    // Was "with z = -(-w*x)".
    expect(result.feedback).toContain('with z = w*x,');
    // F'(u) with u as the function writes it (was e^(-x*w) beside u = -w*x).
    expect(result.feedback).toContain('the derivative of e^(-w*x) is e^(-w*x) times');
    expect(check('sin(-w*x)', '-cos(-w*x)', { variable: 'w' }).diagnosis[0]?.mistake).toBe('missing_inner_factor');
  });

  test.each([
    ['(1/(1+e^(-w*x-b)) - y)^2', 'w*x + b'],
    ['(1/(1+e^(-(w*x+b))) - y)^2', 'w*x + b'],
    ['(1/(1+e^(-2*w*x)) - y)^2', '2*w*x'],
  ])('in %s z is %s', (f, z) => {
    const wrong = f.replace(/^\((.*) - y\)\^2$/, '2*($1 - y)');
    expect(check(f, wrong, { variable: 'w' }).feedback).toContain(`with z = ${z},`);
  });
});

describe('inner_derivative_sign_error at every composite, as MISTAKES-BEYOND.md defines it', () => {
  test.each([
    // A minus put into u' where u has none: a cause, so no slip of the whole answer is said instead.
    ['(x-3)^4', '-4*(x-3)^3', '(x - 3)^4'],
    ['(x-a)^4', '-4(x-a)^3', '(x - a)^4'],
    ['ln(x^2+4)', '-2x/(x^2+4)', 'ln(x^2 + 4)'],
    // One term of the product rule with its sign turned was no mistake at all (review 5).
    ['x^4*ln(x^2+1)', '4x^3 ln(x^2+1) - 2x^5/(x^2+1)', 'ln(x^2 + 1)'],
    ['e^(2x)/(1+x)', '-2e^(2x)/(1+x) - e^(2x)/(1+x)^2', 'e^(2*x)'],
  ])('%s answered %s: inner_derivative_sign_error at %s', (f, answer, at) => {
    const result = check(f, answer);
    const found = result.diagnosis.find((d) => d.mistake === 'inner_derivative_sign_error');
    expect(found?.at?.text).toBe(at);
    expect(result.diagnosis.map((d) => d.mistake)).not.toContain('sign_error');
  });

  test.each([
    // Both rules explain these answers, so both are said (rule 4): the table's sign and u''s sign.
    ['sin(x^2-1)', '-2*x*cos(x^2-1)', 'trig_sign_error'],
    ['acos(2*x-1)', '2/sqrt(1-(2*x-1)^2)', 'trig_sign_error'],
    ['ln(cos(x))', 'sin(x)/cos(x)', 'trig_sign_error'],
  ])('%s answered %s: %s and inner_derivative_sign_error, ambiguous', (f, answer, code) => {
    const result = check(f, answer);
    expect(result.diagnosis.map((d) => d.mistake)).toEqual(expect.arrayContaining([code, 'inner_derivative_sign_error']));
    expect(result.ambiguous).toBe(true);
  });

  test.each([
    ['(1-x)^3', '3(1-x)^2'],
    ['e^(-2x)', '2e^(-2x)'],
    ['e^(-k*x^2)', '2k*x*e^(-k*x^2)'],
  ])('made where u has a minus to lose: %s answered %s', (f, answer) => {
    expect(check(f, answer).diagnosis.map((d) => d.mistake)).toContain('inner_derivative_sign_error');
  });

  test('a whole answer negated where the function is no composite stays a slip', () => {
    expect(check('x^3+2x', '-3x^2-2').diagnosis.map((d) => d.mistake)).toEqual(['sign_error']);
  });
});

describe('power_rule_on_exponential (b) everywhere takes (a) where u\' = 1, the same mistake there', () => {
  test.each([
    ['e^(2*x)+e^x', '2*x*e^(2*x-1) + x*e^(x-1)'],
    ['2^(k*x) + 2^x', 'k*x*2^(k*x-1) + x*2^(x-1)'],
    ['3^(x^2) + x*2^x', 'x^2*3^(x^2-1) + 2^x + x^2*2^(x-1)'],
  ])('%s answered %s', (f, answer) => {
    expect(labels(check(f, answer))).toEqual(['power_rule_on_exponential(b) systematic']);
  });

  test('with no place of its own, (b) everywhere is not made: (a) everywhere says it once', () => {
    expect(labels(check('e^x+2^x', 'x*e^(x-1)+x*2^(x-1)'))).toEqual(['power_rule_on_exponential(a) systematic']);
  });
});

describe('inner_derivative_sign_error after every other single cause, wherever it sits (review 6)', () => {
  test.each([
    ['ln(cos(x))', 'tan(x)', 'cos(x)'],
    ['e^(cos(x))', 'sin(x)e^(cos(x))', 'cos(x)'],
    ['cos(ln(x))^2', '2sin(ln x)cos(ln x)/x', 'cos(ln(x))'],
  ])('%s answered %s: the table\'s sign at %s first', (f, answer, at) => {
    const result = check(f, answer);
    expect(result.diagnosis[0]?.mistake).toBe('trig_sign_error');
    expect(result.diagnosis[0]?.at?.text).toBe(at);
    expect(result.diagnosis.slice(1).every((d) => d.mistake === 'inner_derivative_sign_error')).toBe(true);
  });

  test('the ambiguous summary names each code at its first (outermost) place', () => {
    // inner_derivative_sign_error matches at cos(ln x)^2 and at cos(ln x): the summary names the first.
    const result = check('cos(ln(x))^2', '2sin(ln x)cos(ln x)/x');
    expect(result.feedback).toContain('took the inner derivative with the wrong sign at cos(ln(x))^2');
  });
});
