/**
 * LaTeX through the whole reader: the trees it must give (the token streams are in lex-latex.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { ReadError } from '../../src/parse/errors.js';
import { readEveryReading, readExpression, type ReadOptions } from '../../src/parse/read.js';
import { structuralKey } from '../../src/tree/nodes.js';
import { tree } from '../helpers/mathjs-tree.js';

function reads(input: string, expected: string, options: ReadOptions = {}): void {
  const result = readExpression(input, { format: 'latex', ...options });
  expect(result.format).toBe('latex');
  expect(structuralKey(result.expr), `${input} should read as ${expected}`).toBe(structuralKey(tree(expected)));
}

describe('LaTeX notation', () => {
  test.each([
    ['\\sin x', 'sin(x)'],
    ['\\cos\\left(x^{2}\\right)', 'cos(x ^ 2)'],
    ['\\tan 3x', 'tan(3 * x)'],
    ['\\sec x + \\csc x + \\cot x', 'sec(x) + csc(x) + cot(x)'],
    ['\\arcsin x', 'asin(x)'],
    ['\\arccos(2x)', 'acos(2 * x)'],
    ['\\arctan\\frac{x}{2}', 'atan(x / 2)'],
    ['\\sinh x \\cosh x', 'sinh(x) * cosh(x)'],
    ['\\tanh(x)', 'tanh(x)'],
    ['\\exp(-x^2)', 'exp(-(x ^ 2))'],
    ['\\ln x', 'log(x)'],
    ['\\ln\\left|x\\right|', 'log(abs(x))'],
    ['\\log x', 'log(x)'],
    ['\\log_{2} x', 'log2(x)'],
    ['\\log_{10}(x)', 'log10(x)'],
    ['\\log_b(x)', 'log(x, b)'],
    ['\\log_{3}\\left(x+1\\right)', 'log(x + 1, 3)'],
    ['\\sqrt{x^2+1}', 'sqrt(x ^ 2 + 1)'],
    ['\\sqrt[3]{x}', 'nthRoot(x, 3)'],
    ['\\sqrt x', 'sqrt(x)'],
    ['\\frac{1}{1+e^{-x}}', '1 / (1 + e ^ (-x))'],
    ['\\dfrac{2x}{x^2+1}', '(2 * x) / (x ^ 2 + 1)'],
    ['\\tfrac12 x', '(1 / 2) * x'],
    ['\\frac{\\sin x}{x}', 'sin(x) / x'],
    ['2x\\cdot\\cos(x^{2})', '2 * x * cos(x ^ 2)'],
    ['3\\times x', '3 * x'],
    ['x \\div 2', 'x / 2'],
    ['\\left(x+1\\right)^{3}', '(x + 1) ^ 3'],
    ['\\left[x+1\\right]^2', '(x + 1) ^ 2'],
    ['\\left|x-1\\right|', 'abs(x - 1)'],
    ['\\lvert x\\rvert', 'abs(x)'],
    ['\\pi x', 'pi * x'],
    ['e^{2x}', 'e ^ (2 * x)'],
    ['e^{\\sin x}', 'e ^ sin(x)'],
    ['\\mathrm{e}^{x}', 'e ^ x'],
    ['\\operatorname{sech}(x)', 'sech(x)'],
    ['\\operatorname{arcsec}(x)', 'asec(x)'],
    ['3\\,x', '3 * x'],
    ['x\\;\\sin x', 'x * sin(x)'],
    ['\\sin^2 x', 'sin(x) ^ 2'],
    ['\\sin^{2}(x)', 'sin(x) ^ 2'],
    ['\\cos^3\\left(2x\\right)', 'cos(2 * x) ^ 3'],
    ['\\sin^{-1} x', 'asin(x)'],
    ['\\tan^{-1}\\left(x\\right)', 'atan(x)'],
    ['\\sin x\\cos x', 'sin(x) * cos(x)'],
    ['x\\sin x', 'x * sin(x)'],
    ['e^{x}(x+1)', 'e ^ x * (x + 1)'],
    ['e^2x', 'e ^ 2 * x'],
    ['x^{-1}', 'x ^ (-1)'],
    ['$\\sin x$', 'sin(x)'],
    ['\\(x^2\\)', 'x ^ 2'],
    ['\\theta^2', 'theta ^ 2'],
  ] as Array<[string, string]>)('%s reads as %s', (input, expected) => reads(input, expected));

  test('a left side is dropped', () => {
    reads('\\frac{dy}{dx} = 2x\\cos(x^2)', '2 * x * cos(x ^ 2)');
    reads("f'(x) = \\frac{1}{x}", '1 / x');
    reads('f^{\\prime}(x) = 3x^2', '3 * x ^ 2');
    reads('y^\\prime = \\cos x', 'cos(x)');
    reads('\\frac{\\mathrm{d}y}{\\mathrm{d}x} = 2', '2');
    // An align row's alignment point beside its `=`, copied with the row; it marks LaTeX by itself.
    for (const input of ["f'(x) &= 3x^2", "f'(x) =& 3x^2 \\\\", '&= 3x^{2}']) {
      const result = readExpression(input);
      expect(result.format, input).toBe('latex');
      expect(structuralKey(result.expr), input).toBe(structuralKey(tree('3 * x ^ 2')));
    }
    expect(() => readExpression('3x & 2', { format: 'latex' })).toThrow(ReadError);
  });

  test('the variable may be Greek', () => {
    reads('\\sin(\\theta^{2})', 'sin(theta ^ 2)', { variable: 'θ' });
  });

  test('the variable may be given as the LaTeX writes it: \\theta, \\vartheta, \\theta_{1}', () => {
    // A page that holds its LaTeX sends the variable so; it was refused as invalid_variable.
    reads('\\sin(\\theta^{2})', 'sin(theta ^ 2)', { variable: '\\theta' });
    reads('\\sin(\\vartheta^{2})', 'sin(theta ^ 2)', { variable: '\\vartheta' });
    expect(readExpression('\\sin(\\theta^{2})', { variable: '\\theta' }).parameters).toEqual([]);
    expect(readExpression('\\omega_{1}^2', { variable: '\\omega_{1}' }).parameters).toEqual([]);
    for (const bad of ['\\pi', '\\sin', '\\constructor', '\\', '\\x', '\\\\theta']) {
      expect(() => readExpression('x', { variable: bad }), bad).toThrow(expect.objectContaining({ code: 'invalid_variable' }));
    }
  });

  test('the space that ends a control word is not a space: \\cos\\pi x is cos(πx) alone', () => {
    // TeX needs the space to end the name (`\pix` is another command), so it shows nothing and means
    // nothing: it was read as a typed space inside a bracketless argument, cos(π)·x as a second
    // reading, and the right answer π·cos(πx) to sin(πx) was asked for brackets.
    for (const input of ['\\cos\\pi x', '\\cos \\pi x', '\\cos\\pi  x']) {
      const { readings } = readEveryReading(input, { format: 'latex' });
      expect(readings.map((r) => structuralKey(r.expr)), input).toEqual([structuralKey(tree('cos(pi * x)'))]);
    }
    reads('\\sin\\theta x', 'sin(theta * x)', { variable: 'x' });
    // A space typed as a command still ends the argument (MathQuill's space bar).
    reads('\\cos\\pi\\ x', 'cos(pi) * x');
  });

  test('a space after a control word before a number still keeps the number apart from the name', () => {
    // A number ends a bracketless argument either way; the space it was skipped with made \theta 2 also
    // θ² (a right answer asked for brackets) and \pi 1 000 "two numbers in a row".
    for (const [input, only] of [['\\theta 2', 'theta * 2'], ['\\pi 2x', 'pi * 2 * x'], ['\\pi 1 000', 'pi * 1000'], ['\\alpha .5', 'alpha * 0.5']]) {
      const { readings } = readEveryReading(input as string, { format: 'latex' });
      expect(readings.map((r) => structuralKey(r.expr)), input).toEqual([structuralKey(tree(only as string))]);
    }
    // Written against it, as before: both ways.
    expect(readEveryReading('\\theta2', { format: 'latex' }).readings).toHaveLength(2);
  });

  test('a whole number against a proper fraction of numbers reads both as a product and as a mixed number', () => {
    // MathLive writes 1½ typed as a mixed number `1\\frac{1}{2}` (its own MathML for it is 1⁤½, one
    // number); TeX's product 1·½ was the only reading, so 1½x² for x³/2 was graded incorrect.
    for (const [input, product, mixed] of [
      ['1\\frac{1}{2}x^2', '1 * (1/2) * x^2', '(1 + 1/2) * x^2'],
      ['1\\frac12x^2', '1 * (1/2) * x^2', '(1 + 1/2) * x^2'],
      ['2\\tfrac{1}{3}x', '2 * (1/3) * x', '(2 + 1/3) * x'],
      ['-1\\dfrac{1}{2}x', '-(1 * (1/2) * x)', '-((1 + 1/2) * x)'],
    ]) {
      const { readings } = readEveryReading(input as string, { format: 'latex' });
      expect(readings.map((r) => structuralKey(r.expr)), input).toEqual([structuralKey(tree(product as string)), structuralKey(tree(mixed as string))]);
      expect(readings[0]?.warnings.map((w) => w.code)).toContain('ambiguous_division');
    }
    // An improper fraction, a fraction of letters, or a number after a power is only the product.
    for (const input of ['2\\frac{4}{3}x', '3\\frac{x}{2}', '2\\frac{1}{x}', 'x^2\\frac12', '0.5\\frac12']) {
      expect(readEveryReading(input, { format: 'latex' }).readings, input).toHaveLength(1);
    }
  });

  test('the mixed-number warning quotes the whole fraction, braces or none', () => {
    // `\frac12`'s brackets are made on the command's name: the quote stopped there ("1\frac").
    for (const [input, text] of [
      ['1\\frac12x^2', '1\\frac12'],
      ['2\\tfrac13x', '2\\tfrac13'],
      ['1 \\frac 1 2 x', '1 \\frac 1 2'],
      ['1\\frac{1}{2}x^2', '1\\frac{1}{2}'],
    ]) {
      const warning = readExpression(input as string, { format: 'latex' }).warnings.find((w) => w.message.code === 'warn.mixed_number');
      expect(warning?.message.params.text, input).toBe(text);
    }
  });

  test('a space written as a command after a number alone reads both ways, as the typed space does', () => {
    // MathQuill writes `cos 3 x` typed with spaces as `\\cos 3\\ x` (or `\\cos\\ 3\\ x`): read cos(3)·x only,
    // 3\\cos 3\\ x for sin(3x) was graded incorrect, where the text `3cos 3 x` asks for brackets.
    for (const input of ['\\cos 3\\ x', '\\cos\\ 3\\ x', '\\cos 3\\,x']) {
      const { readings } = readEveryReading(input, { format: 'latex' });
      expect(readings.map((r) => structuralKey(r.expr)), input).toEqual([structuralKey(tree('cos(3) * x')), structuralKey(tree('cos(3 * x)'))]);
      expect(readings[0]?.warnings.map((w) => w.message.code), input).toContain('warn.spaced_argument');
    }
    // After a letter, and before e^…, the space still ends the argument, one reading.
    for (const [input, only] of [['\\cos x\\ y', 'cos(x) * y'], ['\\sin 2\\ e^{x}', 'sin(2) * e ^ x'], ['\\cos\\ x\\ e^{\\sin\\ x}', 'cos(x) * e ^ sin(x)']]) {
      const { readings } = readEveryReading(input as string, { format: 'latex' });
      expect(readings.map((r) => structuralKey(r.expr)), input).toEqual([structuralKey(tree(only as string))]);
    }
  });

  test('spaces of a given length are spaces: \\hspace, \\kern, \\mkern, \\mspace, \\hskip', () => {
    for (const input of ['3\\hspace{1pt}x^2', '3\\hspace*{0.5em}x^2', '3\\kern1pt x^2', '3\\kern{1pt}x^2', '3\\mkern3mu x^2', '3\\mkern-3mu x^2', '3\\mspace{3mu}x^2', '3\\hskip 2pt x^2', '3\\> x^2', '3\\space x^2', '3\\nobreakspace x^2']) {
      expect(structuralKey(readExpression(input).expr), input).toBe(structuralKey(tree('3 * x ^ 2')));
    }
    // A positive one ends a bracketless argument as `\\,` does; a negative one, as `\\!`, does not.
    reads('\\sin x\\hspace{2pt}y', 'sin(x) * y');
    reads('\\sin x\\kern-1pt y', 'sin(x * y)');
    // A length must be one.
    for (const input of ['3\\hspace{x}x', '3\\kern x', '3\\hspace x']) {
      expect(() => readExpression(input, { format: 'latex' }), input).toThrow(ReadError);
    }
  });

  test('\\minus is the minus sign; \\bullet and \\centerdot the product', () => {
    reads('\\minus\\sin x', '-sin(x)');
    reads('2x\\minus 1', '2 * x - 1');
    reads('2\\bullet x', '2 * x');
    reads('2\\centerdot x', '2 * x');
    // The dashes and dots text reads as signs, pasted or autocorrected into LaTeX.
    reads('\u2013\\frac{1}{x^2}', '-(1 / x ^ 2)');
    reads('2x\u2022\\cos x', '2 * x * cos(x)');
    reads('2x\u30fb\\cos x', '2 * x * cos(x)');
    reads('2x\uff0b1', '2 * x + 1');
  });

  test('\\exp^{2x} is e^{2x}, \\exp^2 x still (exp x)^2', () => {
    reads('2\\exp^{2x}', '2 * e ^ (2 * x)');
    reads('\\exp^{-x}', 'e ^ (-x)');
    reads('\\exp^2 x', 'exp(x) ^ 2');
  });

  test('an empty group stands for nothing, and with a script after it marks LaTeX: 3x{}^{2}', () => {
    for (const [input, options] of [['3x{}^{2}', {}], ['3x{}^2', {}], ['3{}x^2', { format: 'latex' }], ['{}3x^2', { format: 'latex' }], ['3x^{2}{}', { format: 'latex' }]] as const) {
      const result = readExpression(input, options);
      expect(result.format, input).toBe('latex');
      expect(structuralKey(result.expr), input).toBe(structuralKey(tree('3 * x ^ 2')));
    }
    // Empty braces with no script after them are no sign of LaTeX (`import({}, …)` stays text).
    expect(() => readExpression('3{}x^2')).toThrow(ReadError);
  });

  test("primes as a superscript mark LaTeX by themselves: f^{'}(x) = …, y^{'} = …", () => {
    for (const input of ["f^{'}(x)=3x^2", "y^{'} = 3x^2", "f^{ ' }(x)=3x^2"]) {
      const result = readExpression(input);
      expect(result.format, input).toBe('latex');
      expect(structuralKey(result.expr), input).toBe(structuralKey(tree('3 * x ^ 2')));
    }
  });

  test('LaTeX is read as LaTeX even with format latex and no command', () => {
    expect(readExpression('e^2x', { format: 'latex' }).expr.toString()).toBe('e ^ 2 x');
    expect(readExpression('e^2x', { format: 'text' }).expr.toString()).toBe('e ^ (2 x)');
  });
});

describe('LaTeX errors say what and where', () => {
  test.each([
    ['\\sinn x', 'invalid_latex', 0],
    ['\\frac{1}{x', 'unclosed_bracket', 8],
    ['\\frac{1}', 'invalid_latex', -1],
    ['\\infty', 'unsupported', 0],
    ['\\int x', 'unsupported', 0],
    ['x & y', 'unexpected_character', 2],
    ['\\left( x', 'unclosed_bracket', 0],
    ['\\dfrac{d}{dx}\\sin x', 'derivative_operator', 7],
    ['\\sin(x) = 2', 'equation', 8],
  ] as Array<[string, string, number]>)('%s → %s', (input, code, position) => {
    let error: unknown;
    try {
      readExpression(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).code).toBe(code);
    if (position >= 0) expect((error as ReadError).position).toBe(position);
  });
});
