/**
 * Regressions from a probe of answers as math editors write them (MathLive, MathQuill and the LMSs
 * built on it, KaTeX-style LaTeX, WIRIS, MathType and Word's MathML), each checked whole: forms that
 * were refused, or read so that a right answer was not graded correct.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

describe("editors' right answers are graded correct", () => {
  test.each([
    // MathQuill's space bar is `\ `: with no other command, the answer was taken for text and refused
    ['x^3', '3\\ x^2'],
    ['e^(x^2)', '2\\ x\\ e^{x^2}'],
    ['e^(-3x)', '-3\\ e^{-3\\ x}'],
    ['x^2', '2x\\ '],
    // an align row copied with its line break
    ['x^3', '3x^2 \\\\'],
    // the space that ends \pi is not a typed space ending the argument (cos(π)·x was a second reading)
    ['sin(pi x)', '\\pi\\cos\\pi x'],
    ['sin(pi x)', '\\pi \\cos \\pi x'],
  ])('%s answered %s', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });
  test.each([
    // a Greek constant before the variable, as physics writes it
    ['sin(omega t)', '\\omega\\cos\\omega t'],
    ['A sin(omega t)', 'A \\omega \\cos \\omega t'],
  ])('%s answered %s (in t)', (f, answer) => {
    expect(check(f, answer, { variable: 't' }).verdict).toBe('correct');
  });
});

describe('a whole number against a fraction of numbers is a product or a mixed number', () => {
  test.each([
    // MathLive's 1½ (its MathML says 1⁤½): graded incorrect as 1·½ alone
    ['x^3/2', '1\\frac{1}{2}x^2'],
    ['x^3/2', '1\\frac12x^2'],
    // Word's MathML for 1½x² (a number, then a fraction template)
    ['x^3/2', '<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:mn>1</mml:mn><mml:mfrac><mml:mrow><mml:mn>1</mml:mn></mml:mrow><mml:mrow><mml:mn>2</mml:mn></mml:mrow></mml:mfrac><mml:msup><mml:mrow><mml:mi>x</mml:mi></mml:mrow><mml:mrow><mml:mn>2</mml:mn></mml:mrow></mml:msup></mml:math>'],
    // the product meant: the inner derivative 2, then the power rule's ½
    ['sqrt(2x)', '2\\frac{1}{2}\\left(2x\\right)^{-\\frac{1}{2}}'],
  ])('%s answered %s asks for brackets', (f, answer) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('needs_brackets');
    expect(result.readings?.length).toBe(2);
  });
  test.each([
    ['x^3/2', '1\\frac{1}{2}x'],
    ['x^3/2', '2\\frac{1}{2}x^2'],
  ])('%s answered %s is incorrect under both', (f, answer) => {
    expect(check(f, answer).verdict).toBe('incorrect');
  });
});
