/**
 * The activation functions of the table (issue 14): sigmoid, softplus, relu and the unit step,
 * leaky_relu, swish/silu, erf and gelu. Their values stay exact far out (z = w·x + b reaches thousands
 * at the sampler's far points), their derivatives are the table's, they read in every spelling and
 * print back, σ(z) is the sigmoid while a bare σ stays a letter, relu's kink is sampled on both sides,
 * and the chain-rule mistakes reach them through the table like any other function.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';
import { functionNamed } from '../../src/functions/elementary.js';
import { readExpression } from '../../src/parse/read.js';
import { toLatex } from '../../src/tree/print-latex.js';
import { toText } from '../../src/tree/print-text.js';
import { compile } from '../../src/compare/compile.js';
import { num, sym } from '../../src/tree/nodes.js';

const value = (name: string, t: number, p?: number) => (functionNamed(name, p === undefined ? 1 : 2) as NonNullable<ReturnType<typeof functionNamed>>).evaluate(t, p);
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('values, stable far out', () => {
  test('sigmoid and softplus (mpmath values)', () => {
    expect(relative(value('sigmoid', -40), 4.248354255291589e-18)).toBeLessThan(1e-15);
    expect(relative(value('sigmoid', 0.5), 0.62245933120185456)).toBeLessThan(1e-15);
    expect(value('sigmoid', 1000)).toBe(1);
    expect(value('sigmoid', -1000)).toBe(0);
    expect(relative(value('softplus', -40), 4.248354255291589e-18)).toBeLessThan(1e-15);
    expect(relative(value('softplus', -1), 0.31326168751822283)).toBeLessThan(1e-15);
    expect(relative(value('softplus', 3), 3.0485873515737421)).toBeLessThan(1e-15);
    expect(value('softplus', 1e6)).toBe(1e6);
  });
  test('relu, the step, leaky_relu, swish, gelu', () => {
    expect([value('relu', -2), value('relu', 0), value('relu', 3)]).toEqual([0, 0, 3]);
    expect([value('heaviside', -2), value('heaviside', 3)]).toEqual([0, 1]);
    expect(value('heaviside', 0)).toBeNaN(); // relu has no derivative at 0
    expect([value('leaky_relu', -2, 0.1), value('leaky_relu', 3, 0.1)]).toEqual([-0.2, 3]);
    expect(relative(value('swish', -1), -0.26894142136999512)).toBeLessThan(1e-15);
    expect(relative(value('gelu', -10), -7.6198530241605261e-23)).toBeLessThan(1e-14);
    expect(relative(value('gelu', 3), 2.9959503059051097)).toBeLessThan(1e-15);
    for (const name of ['relu', 'sigmoid', 'softplus', 'swish', 'gelu', 'erf', 'heaviside']) expect(value(name, Number.NaN)).toBeNaN();
  });
});

describe('derivatives, as the table gives them', () => {
  test.each([
    ['sigmoid(x)', 'sigmoid(x)*(1 - sigmoid(x))'],
    ['softplus(x)', 'sigmoid(x)'],
    ['relu(x)', 'step(x)'],
    ['leaky_relu(x, a)', 'step(x) + a*step(-x)'],
    ['swish(x)', 'sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))'],
    ['erf(x)', '2*e^(-x^2)/sqrt(pi)'],
    ['gelu(x)', '(1 + erf(x/sqrt(2)))/2 + x*e^(-x^2/2)/sqrt(2*pi)'],
    ['step(x^2 - 1)', '0'],
  ])('d/dx %s = %s', (f, derivative) => {
    expect(check(f, derivative).verdict).toBe('correct');
  });
  const entries: Array<[string, number | undefined]> = [['sigmoid', undefined], ['softplus', undefined], ['relu', undefined], ['swish', undefined], ['erf', undefined], ['gelu', undefined], ['leaky_relu', 0.2]];
  test.each(entries)('%s: the entry\'s derivative against central differences, away from the kink', (name, p) => {
    const entry = functionNamed(name, p === undefined ? 1 : 2)!;
    const derivative = compile(entry.derivative(p === undefined ? [sym('t')] : [sym('t'), num(p)]), ['t']);
    const h = 1e-5;
    for (const t of [-3.3, -0.7, 0.4, 2.9]) {
      const difference = (value(name, t + h, p) - value(name, t - h, p)) / (2 * h);
      expect(Math.abs(derivative([t]) - difference)).toBeLessThan(1e-8);
    }
  });
});

describe('reading and printing', () => {
  test.each([
    ['sigmoid(2x)', 'sigmoid(2*x)'],
    ['logistic(2x)', 'sigmoid(2*x)'],
    ['expit(2x)', 'sigmoid(2*x)'],
    ['σ(2x)', 'sigmoid(2*x)'],
    ['σ (2x)', 'sigmoid(2*x)'],
    ['sigma(2x)', 'sigmoid(2*x)'],
    ['σ^2(x)', 'sigmoid(x)^2'],
    ['ReLU(x - 1)', 'relu(x - 1)'],
    ['relu x', 'relu(x)'],
    ['step(x)', 'step(x)'],
    ['heaviside(x)', 'step(x)'],
    ['leaky_relu(x, 0.01)', 'leaky_relu(x, 0.01)'],
    ['LeakyReLU(x, a)', 'leaky_relu(x, a)'],
    ['silu(x)', 'swish(x)'],
    ['softplus(x) + gelu(x) + erf(x)', 'softplus(x) + gelu(x) + erf(x)'],
    // σ alone is a letter: a standard deviation, a parameter.
    ['e^(-x^2/(2σ^2))', 'e^(-x^2/(2*sigma^2))'],
    ['σ x', 'sigma*x'],
    ['2σ', '2*sigma'],
    ['σ*(x + 1)', 'sigma*(x + 1)'],
  ])('%s reads as %s', (input, text) => {
    expect(toText(readExpression(input).expr)).toBe(text);
  });
  test.each([
    ['\\sigma\\left(2x\\right)', 'sigmoid(2*x)'],
    ['\\sigma(x)\\left(1-\\sigma(x)\\right)', 'sigmoid(x)*(1 - sigmoid(x))'],
    ['\\sigma^{2}\\left(x\\right)', 'sigmoid(x)^2'],
    ['\\sigma x', 'sigma*x'],
    ['\\operatorname{ReLU}(x)', 'relu(x)'],
    ['\\operatorname{leaky\\_relu}(x, 0.1)', 'leaky_relu(x, 0.1)'],
    ['\\mathrm{softplus}(x)', 'softplus(x)'],
    ['\\operatorname{erf}(x)', 'erf(x)'],
  ])('LaTeX %s reads as %s', (input, text) => {
    expect(toText(readExpression(input, { format: 'latex' }).expr)).toBe(text);
  });
  test('MathML <mi>σ</mi><mo>(</mo>…', () => {
    expect(toText(readExpression('<math><mi>σ</mi><mo>(</mo><mi>x</mi><mo>)</mo></math>').expr)).toBe('sigmoid(x)');
  });
  test('σ is a letter when it is the variable', () => {
    expect(toText(readExpression('σ(σ + 1)', { variable: 'σ' }).expr)).toBe('sigma*(sigma + 1)');
  });
  test.each([
    'sigmoid(x)*(1 - sigmoid(x))',
    'sigma*(x + 1)',
    'sigma^2*(x + 1)',
    'relu(x)*step(x - 1)',
    'leaky_relu(x, 0.01)^2',
    'gelu(x) + erf(x)^2 + softplus(x) + swish(x)',
  ])('%s prints as text and LaTeX that read back', (text) => {
    const expr = readExpression(text).expr;
    expect(toText(readExpression(toText(expr)).expr)).toBe(toText(expr));
    expect(toText(readExpression(toLatex(expr), { format: 'latex' }).expr)).toBe(toText(expr));
  });
});

describe('kinks are sampled on both sides', () => {
  test('an answer right on one side of relu\'s kink only is wrong', () => {
    expect(check('relu(x - 60)', '1').verdict).toBe('incorrect');
    expect(check('relu(x^2 - 4)', '2x').verdict).toBe('incorrect');
    expect(check('leaky_relu(x - 60, 0.1)', '1').verdict).toBe('incorrect');
    const right = check('relu(x - 60)', 'step(x - 60)');
    expect(right.verdict).toBe('correct');
    expect(right.evidence.atBreakpoints).toBeGreaterThan(0);
  });
  test('with parameters: relu(w x + b) in w is x only where w x + b > 0', () => {
    expect(check('relu(w x + b)', 'x', { variable: 'w' }).verdict).toBe('incorrect');
    expect(check('relu(w x + b)', 'x step(w x + b)', { variable: 'w' }).verdict).toBe('correct');
    expect(check('relu(w x + b)', 'x (1 + sign(w x + b))/2', { variable: 'w' }).verdict).toBe('correct');
  });
});

describe('chain nodes and buggy rules reach the new functions through the table', () => {
  const codes = (f: string, answer: string) => check(f, answer).diagnosis.map((d) => `${d.mistake}/${d.variant}@${d.at?.text ?? '-'}`);
  test.each([
    ['sigmoid(x^2)', 'sigmoid(x^2)(1 - sigmoid(x^2))', 'missing_inner_factor/a@sigmoid(x^2)'],
    ['sigmoid(x^2)', '2x sigmoid(2x)(1 - sigmoid(2x))', 'outer_at_inner_derivative/b@sigmoid(x^2)'],
    ['softplus(x^2)', 'sigmoid(x)*2x', 'missed_composite/a@softplus(x^2)'],
    ['relu(x^3 - 1)', 'step(x^3 - 1)', 'missing_inner_factor/a@relu(x^3 - 1)'],
    ['erf(x^2)', '2e^(-x^2)/sqrt(pi)', 'missed_composite/c@erf(x^2)'],
    ['gelu(2x)^2', '2 gelu(2x)', 'missing_inner_factor/a@gelu(2*x)^2'],
    ['sigmoid(x)^3', '3 sigmoid(x)^2', 'missing_inner_factor/a@sigmoid(x)^3'],
  ])('%s answered %s: %s', (f, answer, code) => {
    expect(codes(f, answer)).toContain(code);
  });
});
