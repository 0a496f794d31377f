/**
 * Φ and φ, the standard normal distribution function and density: GELU(z) = z·Φ(z), and its derivative
 * is written Φ(z) + z·φ(z) in every text on it. Before these entries Φ(x) was read as a parameter Φ
 * times x, so that right answer was graded incorrect. Φ and φ are functions where they are applied, as σ
 * is, and letters elsewhere.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';
import { compile } from '../../src/compare/compile.js';
import { functionNamed } from '../../src/functions/elementary.js';
import { normalCdf, normalDensity } from '../../src/functions/erf.js';
import { readExpression } from '../../src/parse/read.js';
import { toLatex } from '../../src/tree/print-latex.js';
import { toText } from '../../src/tree/print-text.js';
import { sym } from '../../src/tree/nodes.js';

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('values', () => {
  test.each([
    // e^(-t²/2)/√(2π) to 40 digits (Python's decimal).
    [0.5, 0.3520653267642994777746804415965176531103],
    [-3.3, 0.001722568939053680141512934784503263954221],
    [30, 1.473646134878547519049493266045074487060e-196],
    [-37.5, 1.72823373228410522075079284035982653234e-306],
  ])('φ(%d)', (t, expected) => {
    expect(relative(normalDensity(t), expected)).toBeLessThan(1e-15);
  });
  test('Φ and φ through the table', () => {
    expect(functionNamed('normcdf')?.evaluate(1.5)).toBe(normalCdf(1.5));
    expect(functionNamed('normpdf')?.evaluate(-2)).toBe(normalDensity(-2));
  });
  test.each(['normcdf', 'normpdf'])('%s: the entry\'s derivative against central differences', (name) => {
    const entry = functionNamed(name)!;
    const derivative = compile(entry.derivative([sym('t')]), ['t']);
    const h = 1e-5;
    for (const t of [-3.3, -0.7, 0.4, 2.9]) {
      expect(Math.abs(derivative([t]) - (entry.evaluate(t + h) - entry.evaluate(t - h)) / (2 * h))).toBeLessThan(1e-9);
    }
  });
});

describe('reading: applied, Φ and φ are functions; alone, letters', () => {
  test.each([
    ['Φ(x)', 'normcdf(x)'],
    ['Phi(x)', 'normcdf(x)'],
    ['φ(x^2)', 'normpdf(x^2)'],
    ['ϕ(x)', 'normpdf(x)'],
    ['phi (2x)', 'normpdf(2*x)'],
    ['normcdf(x) + normalpdf(x)', 'normcdf(x) + normpdf(x)'],
    ['Φ^2(x)', 'normcdf(x)^2'],
    ['2Φ', '2*Phi'],
    ['φ x', 'phi*x'],
    ['φ*(x + 1)', 'phi*(x + 1)'],
  ])('text %s reads as %s', (input, text) => {
    expect(toText(readExpression(input).expr)).toBe(text);
  });
  test.each([
    ['\\Phi\\left(x\\right)+x\\varphi\\left(x\\right)', 'normcdf(x) + x*normpdf(x)'],
    ['\\Phi(x)+x\\phi(x)', 'normcdf(x) + x*normpdf(x)'],
    ['\\varphi^{2}\\left(x\\right)', 'normpdf(x)^2'],
  ])('LaTeX %s reads as %s', (input, text) => {
    expect(toText(readExpression(input, { format: 'latex' }).expr)).toBe(text);
  });
  test('MathML <mi>Φ</mi><mo>(</mo>…', () => {
    expect(toText(readExpression('<math><mi>Φ</mi><mo>(</mo><mi>x</mi><mo>)</mo></math>').expr)).toBe('normcdf(x)');
  });
  test('φ is a letter when it is the variable', () => {
    expect(toText(readExpression('sin(φ) + φ(φ + 1)', { variable: 'φ' }).expr)).toBe('sin(phi) + phi*(phi + 1)');
    expect(check('sin(φ)^2', '2sin(φ)cos(φ)', { variable: 'φ' }).verdict).toBe('correct');
  });
  test.each(['normcdf(x)*normpdf(x^2)', 'phi*(x + 1)', 'Phi^2*(x + 1)', 'normcdf(x)^2 + normpdf(2*x)^3'])('%s prints as text and LaTeX that read back', (text) => {
    const expr = readExpression(text).expr;
    expect(toText(readExpression(toText(expr)).expr)).toBe(toText(expr));
    expect(toText(readExpression(toLatex(expr), { format: 'latex' }).expr)).toBe(toText(expr));
  });
});

describe('far out, where φ and Φ underflow, their logarithms still compare (review: these wrong answers passed)', () => {
  test.each([
    ['ln(normpdf(x^2))', '-2x^3 + relu(x-6.5)'],
    ['ln(normpdf(x^2))', '-2x^3 + step(x-7)'],
    ['ln(normpdf(x))', '-x + step(x-50)'],
    ['ln(normcdf(x))', 'normpdf(x)/normcdf(x) + step(-40-x)'],
    ['gelu(x)', 'Φ(x) + xφ(x) + step(-45-x)'],
  ])('%s answered %s is incorrect', (f, answer) => {
    expect(check(f, answer).verdict).toBe('incorrect');
  });
  test.each([
    ['ln(normpdf(x^2))', '-2x^3'],
    ['ln(normpdf(x))', '-x'],
    ['ln(normcdf(x))', 'normpdf(x)/normcdf(x)'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });
  test('φ(±∞) is 0', () => {
    expect(normalDensity(Infinity)).toBe(0);
    expect(normalDensity(-Infinity)).toBe(0);
  });
});

describe('GELU graded as its texts write it', () => {
  test.each([
    ['gelu(x)', 'Φ(x) + xφ(x)'],
    ['gelu(x)', '\\Phi(x)+x\\varphi(x)'],
    ['x Φ(x)', 'Φ(x) + x φ(x)'],
    ['gelu(x^2)', '2x(Φ(x^2) + x^2 φ(x^2))'],
    ['Φ(3x)', '3φ(3x)'],
    ['φ(3x)', '-9xφ(3x)'],
    ['Φ(x)^2', '2Φ(x)φ(x)'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer, answer.includes('\\') ? { format: 'latex' } : {}).verdict).toBe('correct');
  });
  test('the expected derivative of gelu is written with Φ and φ', () => {
    const result = check('gelu(x)', 'Φ(x)');
    expect(result.expected?.text).toBe('normcdf(x) + x*normpdf(x)');
    expect(result.expected?.latex).toBe('\\Phi\\left(x\\right)+x\\varphi\\left(x\\right)');
  });
  test.each([
    // The inner factor w dropped: the same diagnosis as with the table's other activations.
    ['gelu(w x + b)', 'Φ(w x + b) + (w x + b) φ(w x + b)', 'missing_inner_factor'],
    ['Φ(x^2)', 'φ(x^2)', 'missing_inner_factor'],
  ])('%s answered %s: %s', (f, answer, code) => {
    const result = check(f, answer, f.includes('w') ? { variable: 'w' } : {});
    expect(result.verdict).toBe('incorrect');
    expect(result.diagnosis.map((d) => d.mistake)).toContain(code);
  });
  test('Φ(x) + φ(x) for gelu is wrong (the product rule half done)', () => {
    expect(check('gelu(x)', 'Φ(x) + φ(x)').verdict).toBe('incorrect');
  });
});
