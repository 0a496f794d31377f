/**
 * The notations of issue 10 (and the names and left sides of issue 14), each with the tree it must
 * read as: where a bracketless argument ends, editors' fractions, Maxima's constants, invisible
 * characters, AsciiMath, subscripted names, ∂ left sides, and every reading of an ambiguous form.
 */
import { describe, expect, test } from 'vitest';
import { renderMessage } from '../../src/i18n/render.js';
import { codePointIndex, codePointIndexer, ReadError } from '../../src/parse/errors.js';
import { readEveryReading, readExpression, type ReadOptions } from '../../src/parse/read.js';
import { readFunction } from '../../src/parse/variable.js';
import { structuralKey } from '../../src/tree/nodes.js';
import { toText } from '../../src/tree/print-text.js';
import { tree } from '../helpers/mathjs-tree.js';

function reads(input: string, expected: string, options: ReadOptions = {}): void {
  const result = readExpression(input, options);
  expect(structuralKey(result.expr), `${input} should read as ${expected}, read ${toText(result.expr)}`).toBe(structuralKey(tree(expected)));
}

function refused(input: string, code: string, options: ReadOptions = {}): ReadError {
  try {
    readExpression(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).code, (error as ReadError).message).toBe(code);
    return error as ReadError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('a bracketless argument ends at an exponential, a typed LaTeX space and another function', () => {
  test.each([
    ['cos x e^(sin x)', 'cos(x) * e^sin(x)'],
    ['-sin x e^(cos x)', '-(sin(x) * e^cos(x))'],
    ['sec^2 x e^(tan x)', 'sec(x)^2 * e^tan(x)'],
    ['sin x e^x', 'sin(x) * e^x'],
    ['cos 2x e^(sin 2x)', 'cos(2 x) * e^sin(2 x)'],
    ['sin x^2 e^x', 'sin(x^2) * e^x'],
    ['ln x exp(x)', 'log(x) * exp(x)'],
    ['sin x cos x', 'sin(x) * cos(x)'],
    ['sin e^x', 'sin(e^x)'],
    ['\\cos x\\ e^{\\sin x}', 'cos(x) * e^sin(x)'],
    ['-\\sin x\\, e^{\\cos x}', '-(sin(x) * e^cos(x))'],
    ['\\sin x\\;y', 'sin(x) * y'],
    ['\\sin x\\quad y', 'sin(x) * y'],
    ['\\cos x\\exp(x)', 'cos(x) * exp(x)'],
    ['\\cos\\ x\\ e^{\\sin\\ x}', 'cos(x) * e^sin(x)'],
    ['\\sin x\\!y', 'sin(x y)'],
    ['sin^2*x', 'sin(x)^2'],
  ])('%s', (input, expected) => reads(input, expected));
  test('documented readings that still hold', () => {
    reads('sin 2x', 'sin(2 x)');
    reads('sin x/2', 'sin(x) / 2');
    reads('sin x^2', 'sin(x^2)');
    reads('ln 5 2x', 'log(5) * 2 * x');
  });
});

describe('a bracketed fraction of two numbers is a coefficient', () => {
  test.each([
    ['(1)/(2)cos((x)/(2))', '(1/2) * cos(x/2)'],
    ['(1)/(2)(x^2+1)^(-1/2)*2x', '(1/2) * (x^2+1)^(-1/2) * (2 x)'],
    ['(-1)/(2)sin(x)', '(-1/2) * sin(x)'],
    ['(4)/(3)sqrt[3](x)', '(4/3) * nthRoot(x, 3)'],
    ['1/2 cos( x/2 )', '(1/2) * cos(x/2)'],
    ['4/3 (x)^(1/3)', '(4/3) * x^(1/3)'],
  ])('%s', (input, expected) => {
    reads(input, expected);
    expect(readEveryReading(input).readings).toHaveLength(1);
  });
  test('a fraction with a letter stays a fraction', () => reads('(x)/(2)', 'x / 2'));
  test("MathQuill's text for ÷ is [/]", () => reads('x[/]2', 'x / 2'));
  test("MathLive's empty box is refused with the editor named", () => {
    expect(refused('\\frac{x}{\\placeholder{}}', 'invalid_latex').hint).toMatch(/MathLive/);
  });
});

describe('Maxima and STACK', () => {
  test.each([
    ['%e^sin(x)*cos(x)', 'e^sin(x) * cos(x)'],
    ['-2*x*%e^-x^2', '(-2) * x * e^(-(x^2))'],
    ['%pi*x', 'pi * x'],
    ['%e^x^2*cos(x)', 'e^(x^2) * cos(x)'],
  ])('%s', (input, expected) => reads(input, expected));
  test('%i is refused as the imaginary unit, naming the convention', () => {
    const error = refused('2*%i*x', 'unsupported');
    expect(error.position).toBe(2);
    expect(error.token).toBe('%i');
    expect(error.hint).toMatch(/Maxima\/STACK/);
  });
  test('other Maxima constants and a bare % are refused with a hint', () => {
    expect(refused('%gamma*x', 'unsupported').hint).toMatch(/%e and %pi/);
    expect(refused('50%', 'unsupported').hint).toMatch(/Maxima/);
  });
});

describe('invisible characters and Word', () => {
  test.each([
    ['sin\u2061x', 'sin(x)'],
    ['sin\u2061〖2x〗', 'sin(2 x)'],
    ['2x cos\u2061(x^2 )', '2 * x * cos(x^2)'],
    ['x\u200bsin(x)', 'x * sin(x)'],
    ['2\u2062x', '2 * x'],
    ['\ufeffcos(x)', 'cos(x)'],
    ['cos\u2061x \u2147^〖sin\u2061x〗', 'cos(x) * e^sin(x)'],
    ['〖(x+1)〗^2', '(x+1)^2'],
  ])('%s', (input, expected) => reads(input, expected));
});

describe('AsciiMath', () => {
  test.each([
    ['2 xx x', '2 * x'],
    ['3x^2 xx cos(x^3)', '3 * x^2 * cos(x^3)'],
    ['root(3)(x)', 'nthRoot(x, 3)'],
    ['4/3 root(3)(x)', '(4/3) * nthRoot(x, 3)'],
    ['sqrt[3](x+1)', 'nthRoot(x + 1, 3)'],
    ['x -: 2', 'x / 2'],
    ['xx', 'x * x'],
    ['3xx', '3 * x * x'],
  ])('%s', (input, expected) => reads(input, expected));
  test('xx written against a factor reads both ways', () => {
    const { readings } = readEveryReading('2xx(x+1)');
    expect(readings.map((r) => toText(r.expr))).toEqual(['2*(x + 1)', '2*x*x*(x + 1)']);
  });
});

describe('hundreds of ambiguous places cost the readings taken, not the places squared (regression)', () => {
  // /v1/validate reads in the service's own thread: each reading queued a copy of its choices for
  // every place it met, so 2xx written 660 times (1,980 characters) copied 3.5 million entries and
  // took 2 s of the event loop. Counted, not timed: the entries put into maps while reading it.
  test('2xx written 660 times', () => {
    const input = '2xx'.repeat(660);
    const Original = globalThis.Map;
    let entries = 0;
    class Counting<K, V> extends Original<K, V> {
      constructor(from?: Iterable<readonly [K, V]> | null) {
        super(from);
        entries += this.size;
      }
      override set(key: K, value: V): this {
        entries++;
        return super.set(key, value);
      }
    }
    globalThis.Map = Counting as MapConstructor;
    let readings: ReturnType<typeof readEveryReading>;
    try {
      readings = readEveryReading(input);
    } finally {
      globalThis.Map = Original;
    }
    expect(readings.readings.length).toBeGreaterThan(1);
    expect(readings.complete).toBe(false);
    expect(entries).toBeLessThan(100_000);
  });
  test('a position is counted once for the whole input, not from its start for each', () => {
    // 660 ambiguous places in each of 32 readings, each counted from the start: 21 million characters looked at.
    const input = '2xx'.repeat(660);
    const { charCodeAt } = String.prototype;
    let looked = 0;
    String.prototype.charCodeAt = function (this: string, at: number) {
      looked++;
      return charCodeAt.call(this, at);
    };
    try {
      readEveryReading(input);
    } finally {
      String.prototype.charCodeAt = charCodeAt;
    }
    expect(looked).toBeLessThan(200_000);
  });
  test('positions are counted in code points all the same', () => {
    for (const input of ['𝑥+😀x', 'a😀', '\uD800x', 'x\uDC00', '😀😀😀']) {
      const index = codePointIndexer(input);
      for (const offset of [-1, 0, 1, 2, 3, 4, 5, 6, 100]) expect(index(offset), `${input} at ${offset}`).toBe(codePointIndex(input, offset));
    }
  });
});

describe('every reading of an ambiguous form, the documented one first', () => {
  test.each([
    ['1/2x', ['1/2*x', '1/(2*x)']],
    ['x/2y', ['x/(2*y)', 'x/2*y']],
    ['1/x y', ['1/(x*y)', '1/x*y']],
    ['e^2x', ['e^(2*x)', 'e^2*x']],
    ['e^-kx', ['e^(-k*x)', 'e^(-k)*x']],
    ['x^2x', ['x^(2*x)', 'x^2*x']],
    ['1/√1-x²', ['1/sqrt(1) - x^2', '1/sqrt(1 - x^2)']],
    ['x/∛8+x', ['x/cbrt(8) + x', 'x/cbrt(8 + x)']],
    ['√2-3x', ['sqrt(2) - 3*x', 'sqrt(2 - 3*x)']],
    ['x^kx', ['x^(k*x)', 'x^k*x']],
    ['x^2x(2ln(x)+2)', ['x^(2*x)*(2*ln(x) + 2)', 'x^2*x*(2*ln(x) + 2)']],
    ['x^1/2', ['x^1/2', 'x^(1/2)']],
    ['x^-1/2', ['x^(-1)/2', 'x^(-1/2)']],
    ['3x2', ['3*x*2', '3*x^2']],
    ['sin x y', ['sin(x*y)', 'sin(x)*y']],
    ['sin 2 x', ['sin(2*x)', 'sin(2)*x']],
    ['2X', ['2*X', '2*x']],
    ['(x)/(2)(x+1)', ['x/(2*(x + 1))', 'x/2*(x + 1)']],
  ])('%s', (input, expected) => {
    const { readings, complete } = readEveryReading(input);
    expect(readings.map((r) => toText(r.expr))).toEqual(expected);
    expect(complete).toBe(true);
    expect(readings[0]?.warnings.length).toBeGreaterThan(0);
  });
  test('places multiply, each tree once', () => {
    expect(readEveryReading('1/2x^-1/2').readings.map((r) => toText(r.expr))).toEqual([
      '1/2*x^(-1)/2', '1/(2*x^(-1))/2', '1/2*x^(-1/2)', '1/(2*x^(-1/2))',
    ]);
  });
  test('a root sign reaches over a sum only when typed against a number and the sign', () => {
    for (const input of ['√1 - x²', '√1 -x²', '√x+1', '√(1-x²)', 'sqrt 1-x^2', '√2·x-1', '√2+1', '√2+1 x', '(√3-1)x']) {
      expect(readEveryReading(input).readings, input).toHaveLength(1);
    }
  });
  test('a power of the variable keeps other letters out of its exponent', () => {
    for (const input of ['x^2y', 'x^2 x', 'x²x', 'x^(2)x', 'x^2e^x', 'x^2sin(x)', '(x+1)^2x']) {
      expect(readEveryReading(input).readings, input).toHaveLength(1);
    }
  });
  test('a name the function uses is not also read as the variable', () => {
    expect(readEveryReading('2X', { knownNames: ['X'] }).readings).toHaveLength(1);
  });
  test('past the bound the readings are said to be incomplete', () => {
    const many = Array.from({ length: 6 }, () => 'e^2x').join('+');
    const { readings, complete } = readEveryReading(many, {}, 8);
    expect(readings.length).toBeLessThanOrEqual(8);
    expect(complete).toBe(false);
  });
  test('an unambiguous input has one reading', () => {
    expect(readEveryReading('2x cos(x^2)').readings).toHaveLength(1);
  });
});

describe('the variable', () => {
  test('a function without x whose only letter is another is in that letter, with a warning', () => {
    for (const [fn, letter] of [['sin(3t)', 't'], ['sint', 't'], ['e^(θ^2)', 'theta'], ['(w_1 + 2)^2', 'w_1']] as const) {
      const read = readFunction(fn);
      expect(read.variable, fn).toBe(letter);
      expect(read.warnings.map((w) => w.code)).toContain('variable_inferred');
    }
  });
  test('a function with x is in x; one without letters is in x and does not depend on it', () => {
    expect(readFunction('a x^2').variable).toBe('x');
    expect(readFunction('5').warnings.map((w) => w.code)).toEqual(['variable_absent']);
  });
  test('several letters and no x cannot be decided: a 422 that asks for the variable', () => {
    try {
      readFunction('a sin(k t)');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(ReadError);
      expect((error as ReadError).code).toBe('variable_needed');
      expect((error as ReadError).hint).toMatch(/"variable": "t"/);
    }
  });
  test('a function that does not depend on the given variable is warned about', () => {
    expect(readFunction('sin(3t)', { variable: 'x' }).warnings.map((w) => w.code)).toEqual(['variable_absent']);
  });
});

describe('names of weights and partial-derivative left sides', () => {
  test.each([
    ['w_1 x + b_2', 'w_1 * x + b_2', { variable: 'w_1' }],
    ['w_{1} x', 'w_1 * x', { variable: 'w1' }],
    ['w₁x', 'w_1 * x', { variable: 'x' }],
    ['\\theta_{0} + \\theta_1 x', 'theta_0 + theta_1 * x', {}],
    ['W1 x + b1', 'W_1 * x + b_1', { variable: 'W1', role: 'function' as const }],
    ['2 W1 x', '2 * W_1 * x', { variable: 'x', knownNames: ['W_1'] }],
    ['∂L/∂w = 2(w x - y) x', '2 * (w * x - y) * x', { variable: 'w' }],
    ['dL/dw = 2w', '2 * w', { variable: 'w' }],
    ['\\frac{\\partial L}{\\partial w} = 2w', '2 * w', { variable: 'w' }],
    ['\\frac{\\partial L}{\\partial w_{1}} = x', 'x', { variable: 'w_1' }],
  ])('%s', (input, expected, options) => reads(input, expected, options));
  test('an answer that does not know the name reads letters and digits as before', () => {
    reads('a2x', 'a * 2 * x');
  });
  test('log_2 stays a logarithm', () => reads('log_2(x)', 'log2(x)'));
  test('∂ outside a left side is refused', () => {
    expect(refused('∂x', 'derivative_operator').hint).toMatch(/∂L\/∂x =/);
    refused('\\partial x', 'derivative_operator', { format: 'latex' });
  });
  test('the variable option takes the subscripted spellings', () => {
    for (const variable of ['w_1', 'w_{1}', 'w1']) expect(readExpression('w_1', { variable }).variable).toBe('w_1');
    expect(readExpression('θ_0', { variable: 'θ_0' }).variable).toBe('theta_0');
  });
});

describe('two numbers in a row', () => {
  test('the hint writes the product with all of the factor after the space', () => {
    const error = refused('2 3^(2x)', 'unexpected_token');
    expect(error.position).toBe(2);
    expect(error.hint).toBe('write 2*3^(2x) to multiply them');
    expect(refused('2 2x', 'unexpected_token').hint).toBe('write 2*2x to multiply them');
    expect(refused('2 3', 'unexpected_token').hint).toBe('write 2*3 to multiply them');
  });
  test('the factor ends at the next spaced number, and a long one is cut short', () => {
    expect(refused('2 3(x+1) 4 5', 'unexpected_token').hint).toBe('write 2*3(x+1) to multiply them');
    expect(refused('2 3x 2 3x 2 3x', 'unexpected_token').hint).toBe('write 2*3x to multiply them');
    const long = refused(`2 ${'3x'.repeat(40)}`, 'unexpected_token').hint as string;
    expect(long).toMatch(/…/);
    expect(long.length).toBeLessThan(70);
  });
});

describe('a full stop before digits after a factor', () => {
  test.each([
    ['cos(x^2).2x', ['cos(x^2)*0.2*x', 'cos(x^2)*2*x']],
    ['x.5', ['x*0.5', 'x*5']],
    ['(x+1).25', ['(x + 1)*0.25', '(x + 1)*25']],
  ])('%s reads as a decimal, then as a product', (input, expected) => {
    const { readings } = readEveryReading(input);
    expect(readings.map((r) => toText(r.expr))).toEqual(expected);
    expect(readings[0]?.warnings.map((w) => w.code)).toContain('number_after_name');
  });
  test('a number after a full stop is no power of the letter before it', () => {
    expect(readEveryReading('x.2').readings.map((r) => toText(r.expr))).not.toContain('x^0.2');
  });
  test('a decimal anywhere else reads one way', () => {
    for (const input of ['2.5x', '.5x', 'x+.5', 'x^.5', '2x*.5', 'x^2.5', 'x^2.5 x', '3x^1.5+1', 'x^2.5(x+1)']) {
      expect(readEveryReading(input).readings, input).toHaveLength(1);
    }
  });
  test('in an exponent with a letter after it, the decimal is also a power times a factor', () => {
    const { readings } = readEveryReading('e^x^2.2x', {});
    expect(readings.map((r) => toText(r.expr))).toContain('e^(x^2)*2*x');
    const [first] = readEveryReading('2x^2.2y').readings;
    expect(first?.warnings.map((w) => renderMessage(w.message))).toContain("read '2.2' as the decimal 2.2: write 2*2 for a product");
    expect(readEveryReading('2x^2.2y').readings.map((r) => toText(r.expr))).toEqual(['2*x^2.2*y', '2*x^2*2*y']);
  });
});

describe('scientific notation: read with the constant e, and said in a warning that names the number', () => {
  test.each([
    ['5e-1x', '5*e - 1*x', '0.5'],
    ['2e3', '2*e*3', '2000'],
    ['1.5E-3', '1.5*E - 3', '0.0015'],
    ['3e+2x', '3*e + 2*x', '300'],
  ])('%s', (input, text, number) => {
    const { readings } = readEveryReading(input);
    // Not a second reading: 2e-2x for 2ex - x^2 must not ask for brackets.
    expect(toText(readings[0]!.expr)).toBe(text);
    expect(readings.map((r) => toText(r.expr))).not.toContain(number);
    const warning = readings[0]?.warnings.find((w) => renderMessage(w.message, 'en').includes('scientific notation'));
    expect(warning && renderMessage(warning.message, 'en')).toContain(`write ${number}`);
    // One warning says how it was read: not also "write ^ for a power" for the digits after e.
    expect(readings[0]?.warnings.map((w) => renderMessage(w.message, 'en')).join(' ')).not.toContain('write ^ for a power');
  });
  test('only digits, e and a whole number written against each other', () => {
    for (const input of ['2e^3', '2e x', '2e - 1', '2 e-1', '2e-x', 'x^2e-1', 'x2e-1', '2e3^2', '2e-1.5', '5e-100x']) {
      const warnings = readEveryReading(input).readings.flatMap((r) => r.warnings.map((w) => renderMessage(w.message, 'en')));
      expect(warnings.some((text) => text.includes('scientific notation')), input).toBe(false);
    }
  });
});
