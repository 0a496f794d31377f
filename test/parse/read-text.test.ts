/**
 * Every notation the text reader promises (issue "Core", section 1), each with the tree it must give.
 * Expected trees are written in plain mathjs syntax, which has no ambiguity left in it.
 */
import { renderMessage } from '../../src/i18n/render.js';
import { describe, expect, test } from 'vitest';
import { exponentialBases, readEveryReading, readExpression, type ReadOptions } from '../../src/parse/read.js';
import { ReadError } from '../../src/parse/errors.js';
import { structuralKey } from '../../src/tree/nodes.js';
import { tree } from '../helpers/mathjs-tree.js';

function reads(input: string, expected: string, options: ReadOptions = {}): void {
  const result = readExpression(input, { format: 'text', ...options });
  expect(structuralKey(result.expr), `${input} should read as ${expected}`).toBe(structuralKey(tree(expected)));
}

function cases(rows: Array<[string, string]>, options: ReadOptions = {}): void {
  test.each(rows)('%s reads as %s', (input, expected) => reads(input, expected, options));
}

describe('exp with a power that is no number, or nothing to apply to, is e: exp^x', () => {
  cases([
    ['exp^x', 'e ^ x'],
    ['2exp^(2x)', '2 * e ^ (2 * x)'],
    ['2x exp^(x^2)', '2 * x * e ^ (x ^ 2)'],
    ['exp^2', 'e ^ 2'],
    // A number power before an argument is the function's: (exp x)^2, as sin^2(x).
    ['exp^2(x)', 'exp(x) ^ 2'],
  ]);
  test('with a warning that says so', () => {
    expect(readExpression('exp^x', { format: 'text' }).warnings.map((w) => w.message.code)).toContain('warn.exp_power');
  });
});

describe('operators and brackets', () => {
  cases([
    // A Japanese keyboard's middle dot (full and half width) and a Chinese or Japanese full-width full stop.
    ['２ｘ・cos(x^2)', '2 * x * cos(x ^ 2)'],
    ['2x･cos(x)', '2 * x * cos(x)'],
    ['２．５ｘ', '2.5 * x'],
    // The ideographic full stop ends a sentence, as `.` does.
    ['２ｘ。', '2 * x'],
    ['cos x ｡', 'cos(x)'],
    ['x+1', 'x + 1'],
    ['x-1', 'x - 1'],
    ['2*x', '2 * x'],
    ['x/2', 'x / 2'],
    ['x^2', 'x ^ 2'],
    ['x**2', 'x ^ 2'],
    ['-x', '-x'],
    ['-x^2', '-(x ^ 2)'],
    ['x^-2', 'x ^ (-2)'],
    ['2^x^2', '2 ^ (x ^ 2)'],
    ['a-b-c', '(a - b) - c'],
    ['a/b/c', '(a / b) / c'],
    ['[x+1]*2', '(x + 1) * 2'],
    ['{x+1}^2', '(x + 1) ^ 2'],
    ['((x))', 'x'],
    ['+x', 'x'],
    ['2*-x', '2 * (-x)'],
  ]);
});

describe('unicode operators, superscripts, roots, π and Greek letters', () => {
  cases([
    ['2·x', '2 * x'],
    ['2×x', '2 * x'],
    ['x÷2', 'x / 2'],
    ['x−1', 'x - 1'],
    ['x‒1', 'x - 1'],
    ['3xˆ2', '3 * x ^ 2'],
    ['2⋅x', '2 * x'],
    ['x²', 'x ^ 2'],
    ['x³', 'x ^ 3'],
    ['x⁻¹', 'x ^ (-1)'],
    ['x¹⁰', 'x ^ 10'],
    ['e⁻ˣ', 'e ^ (-x)'],
    ['2x²·y', '2 * x ^ 2 * y'],
    ['√x', 'sqrt(x)'],
    ['√(x+1)', 'sqrt(x + 1)'],
    ['∛x', 'cbrt(x)'],
    ['π', 'pi'],
    ['2πx', '2 * pi * x'],
    ['sin(ωx)', 'sin(omega * x)'],
    ['log₂x', 'log2(x)'],
    ['𝑥²', 'x ^ 2'],
    ['２x', '2 * x'],
  ]);
  test('a Greek letter can be the variable', () => {
    reads('sin(θ^2)', 'sin(theta ^ 2)', { variable: 'θ' });
    reads('sin(theta^2)', 'sin(theta ^ 2)', { variable: 'theta' });
    expect(readExpression('θ^2', { variable: 'θ' }).parameters).toEqual([]);
  });
  test('Greek letters other than the variable are parameters', () => {
    expect(readExpression('sin(ω t)', { variable: 't' }).parameters).toEqual(['omega']);
  });
});

describe('implicit multiplication', () => {
  cases([
    ['2x', '2 * x'],
    ['2 x', '2 * x'],
    ['x y', 'x * y'],
    ['2(x+1)', '2 * (x + 1)'],
    ['(x+1)(x-1)', '(x + 1) * (x - 1)'],
    ['x(x+1)', 'x * (x + 1)'],
    ['2sin(x)', '2 * sin(x)'],
    ['x sin x', 'x * sin(x)'],
    ['sin(x)cos(x)', 'sin(x) * cos(x)'],
    ['e^x(x+1)', 'e ^ x * (x + 1)'],
    ['2x^2', '2 * x ^ 2'],
    ['3x sin(x^2)', '3 * x * sin(x ^ 2)'],
    ['-2x', '-(2 * x)'],
    ['x/2y', 'x / (2 * y)'],
    ['2|x|', '2 * abs(x)'],
  ]);
});

describe('functions', () => {
  cases([
    ['sin(x)', 'sin(x)'],
    ['cos(x)', 'cos(x)'],
    ['tan(x)', 'tan(x)'],
    ['sec(x)', 'sec(x)'],
    ['csc(x)', 'csc(x)'],
    ['cot(x)', 'cot(x)'],
    ['asin(x)', 'asin(x)'],
    ['acos(x)', 'acos(x)'],
    ['atan(x)', 'atan(x)'],
    ['acot(x)', 'acot(x)'],
    ['asec(x)', 'asec(x)'],
    ['acsc(x)', 'acsc(x)'],
    ['arcsin(x)', 'asin(x)'],
    ['arccos(x)', 'acos(x)'],
    ['arctan(x)', 'atan(x)'],
    ['arccot(x)', 'acot(x)'],
    ['arcsec(x)', 'asec(x)'],
    ['arccsc(x)', 'acsc(x)'],
    ['sinh(x)', 'sinh(x)'],
    ['cosh(x)', 'cosh(x)'],
    ['tanh(x)', 'tanh(x)'],
    ['exp(x)', 'exp(x)'],
    ['ln(x)', 'log(x)'],
    ['log(x)', 'log(x)'],
    ['log10(x)', 'log10(x)'],
    ['log2(x)', 'log2(x)'],
    ['log_3(x)', 'log(x, 3)'],
    ['log_b(x)', 'log(x, b)'],
    ['log_{10}(x)', 'log10(x)'],
    ['log_2 x', 'log2(x)'],
    ['log(x, 5)', 'log(x, 5)'],
    ['sqrt(x)', 'sqrt(x)'],
    ['cbrt(x)', 'cbrt(x)'],
    ['nthRoot(x, 4)', 'nthRoot(x, 4)'],
    ['abs(x)', 'abs(x)'],
    ['|x|', 'abs(x)'],
    ['|x - 1|', 'abs(x - 1)'],
    ['||x| - 1|', 'abs(abs(x) - 1)'],
    ['|x||y|', 'abs(x) * abs(y)'],
    ['Sin(x)', 'sin(x)'],
    ['LN(x)', 'log(x)'],
  ]);
  describe('applied without parentheses', () => {
    cases([
      ['sin x', 'sin(x)'],
      ['ln x', 'log(x)'],
      ['cos 2x', 'cos(2 * x)'],
      ['sin x^2', 'sin(x ^ 2)'],
      ['sin x cos x', 'sin(x) * cos(x)'],
      ['sin x/2', 'sin(x) / 2'],
      ['ln x + 1', 'log(x) + 1'],
      ['sin -x', 'sin(-x)'],
      ['sqrt x', 'sqrt(x)'],
      ['ln |x|', 'log(abs(x))'],
      ['sin cos x', 'sin(cos(x))'],
      ['e^x sin x', 'e ^ x * sin(x)'],
      ['sinx', 'sin(x)'],
      ['lnx', 'log(x)'],
      ['xsinx', 'x * sin(x)'],
      ['sinxcosx', 'sin(x) * cos(x)'],
      ['sin(x)^2', 'sin(x) ^ 2'],
    ]);
  });
  describe('function powers', () => {
    cases([
      ['sin^2(x)', 'sin(x) ^ 2'],
      ['sin^2 x', 'sin(x) ^ 2'],
      ['sin²x', 'sin(x) ^ 2'],
      ['sin²(x)', 'sin(x) ^ 2'],
      ['cos^3(2x)', 'cos(2 * x) ^ 3'],
      ['sin^{2}(x)', 'sin(x) ^ 2'],
      ['ln^2 x', 'log(x) ^ 2'],
      ['sin^-1(x)', 'asin(x)'],
      ['sin^{-1}(x)', 'asin(x)'],
      ['sin^(-1) x', 'asin(x)'],
      ['tan^-1(x)', 'atan(x)'],
      ['cos⁻¹x', 'acos(x)'],
      ['sin^-2(x)', 'sin(x) ^ (-2)'],
    ]);
  });
});

describe('constants, the variable and parameters', () => {
  cases([
    ['e', 'e'],
    ['e^x', 'e ^ x'],
    ['pi', 'pi'],
    ['2pi x', '2 * pi * x'],
    ['kt', 'k * t'],
    ['ax^2', 'a * x ^ 2'],
    ['ex', 'e * x'],
  ]);
  test('the variable is given and other letters are parameters', () => {
    const r = readExpression('exp(-k*t)', { variable: 't' });
    expect(r.variable).toBe('t');
    expect(r.parameters).toEqual(['k']);
    expect(readExpression('a*x^2 + b*x + c').parameters).toEqual(['a', 'b', 'c']);
    expect(readExpression('e^x + pi').parameters).toEqual([]);
  });
  test('unknown multi-letter names are errors with a suggestion', () => {
    const error = readError('sinn(x)');
    expect(error.code).toBe('unknown_name');
    expect(error.message).toContain("unknown function 'sinn'");
    expect(error.message).toContain('did you mean sin?');
    expect(error.position).toBe(0);
    expect(readError('2*coss(x)').message).toContain('did you mean cos?');
    expect(readError('sqr(x)').message).toContain('did you mean sqrt?');
    expect(readError('x + foo').position).toBe(4);
  });
  test('a capital letter is not the variable, and says so', () => {
    const r = readExpression('2X');
    expect(r.parameters).toEqual(['X']);
    expect(r.warnings.map((w) => w.code)).toContain('case');
  });
  test('an invalid variable is refused', () => {
    expect(() => readExpression('x', { variable: 'xy' })).toThrow(ReadError);
    expect(() => readExpression('x', { variable: 'e' })).toThrow(/cannot be the variable/);
  });
});

describe('a left side is dropped', () => {
  cases([
    ["f'(x) = 2x", '2 * x'],
    ["y' = 2x", '2 * x'],
    ["f' = 2x", '2 * x'],
    ['dy/dx = 2x', '2 * x'],
    ['df/dx = 2x', '2 * x'],
    ['d/dx(x^2) = 2x', '2 * x'],
    ["f'(x)=cos(x)", 'cos(x)'],
    // the prime after the bracket, as in (f(x))'
    ["f(x)' = 2x", '2 * x'],
    ["y(x)'=2x", '2 * x'],
    // a Spanish or Portuguese keyboard's prime is the acute accent
    ['f´(x) = 2x', '2 * x'],
    ['y´ = 2x', '2 * x'],
  ]);
  test("f(x)' is a left side only with the variable in its bracket", () => {
    expect(readError("f(2)' = 2x")).toMatchObject({ code: 'equation' });
    expect(readError("f(x)'(x) = 2x")).toMatchObject({ code: 'equation' });
    expect(readError("f(t)' = 2x")).toMatchObject({ code: 'equation' });
  });
  test('with another variable', () => reads("g'(t) = -k e^(-k t)", '-(k * e ^ (-(k * t)))', { variable: 't' }));
  test('a function may carry f(x) =', () => {
    reads('f(x) = sin(x^2)', 'sin(x ^ 2)', { role: 'function' });
    reads('y = x^3', 'x ^ 3', { role: 'function' });
  });
  test('other equations are refused at the =', () => {
    expect(readError('x = 3')).toMatchObject({ code: 'equation', position: 2 });
    expect(readError('2x = 2x = 2x')).toMatchObject({ code: 'equation', position: 8 });
    expect(readError("f'(x) = 2x", { role: 'function' })).toMatchObject({ code: 'equation' });
  });
});

describe('ambiguous forms are read one documented way, with a warning', () => {
  const warned = (input: string, expected: string, code: string) => {
    reads(input, expected);
    const warnings = readExpression(input).warnings;
    expect(warnings.map((w) => w.code)).toContain(code);
    return warnings;
  };
  test('1/2x is (1/2)·x', () => {
    const [w] = warned('1/2x', '(1 / 2) * x', 'ambiguous_division');
    expect(w && renderMessage(w.message)).toBe("read '1/2x' as (1/2)·x: write 1/(2x) to divide by all of 2x");
  });
  test('1/2sqrt(x) is (1/2)·sqrt(x)', () => warned('1/2sqrt(x)', '(1 / 2) * sqrt(x)', 'ambiguous_division'));
  test('x/2y is x/(2y)', () => {
    const [w] = warned('x/2y', 'x / (2 * y)', 'ambiguous_division');
    expect(w && renderMessage(w.message)).toContain('x/(2y)');
  });
  test('e^2x is e^(2x)', () => {
    const [w] = warned('e^2x', 'e ^ (2 * x)', 'ambiguous_exponent');
    expect(w && renderMessage(w.message)).toBe("read 'e^2x' as e^(2x): write the exponent in brackets to be explicit");
  });
  test('e^-2x is e^(-2x)', () => warned('e^-2x', 'e ^ (-(2 * x))', 'ambiguous_exponent'));
  test('x^1/2 is (x^1)/2', () => warned('x^1/2', '(x ^ 1) / 2', 'ambiguous_exponent'));
  test('x2 is x·2', () => warned('x2', 'x * 2', 'number_after_name'));
  test('kt is k·t', () => warned('kt', 'k * t', 'implicit_split'));
  test('unambiguous forms carry no warning', () => {
    for (const input of ['e^(2x)', '1/(2x)', '(1/2)x', '2*x*cos(x^2)', 'e^x', 'x^(1/2)', 'sin(x)^2']) {
      expect(readExpression(input).warnings, input).toEqual([]);
    }
  });
  test('warning positions count code points', () => {
    const [w] = readExpression('π + 1/2x').warnings;
    expect(w?.position).toBe(4);
  });
});

function readError(input: string, options: ReadOptions = {}): ReadError {
  try {
    readExpression(input, { format: 'text', ...options });
  } catch (error) {
    if (error instanceof ReadError) return error;
    throw error;
  }
  throw new Error(`${input} was read without error`);
}

describe('errors say what and where', () => {
  test.each([
    ['sin(x', 'unclosed_bracket', 3],
    ['(x]', 'mismatched_bracket', 2],
    ['x)', 'unexpected_token', 1],
    ['x +', 'unexpected_end', 3],
    ['* x', 'unexpected_token', 0],
    ['', 'empty', 0],
    ['   ', 'empty', 3],
    ['x @ 2', 'unexpected_character', 2],
    ['x\u0000', 'unexpected_character', 1],
    ['1.2.3', 'invalid_number', 0],
    ['sinn(x)', 'unknown_name', 0],
    ['2 + cm', 'unsupported', 4],
    ['2 + abc', 'unknown_name', 4],
    ['diff(x^2)', 'derivative_operator', 0],
    ['derivative(x^2, x)', 'derivative_operator', 0],
    ['d/dx x^2', 'derivative_operator', 0],
    ['2x + d/dx(x)', 'derivative_operator', 5],
    ["(x^2)'", 'derivative_operator', 5],
    ['import(x)', 'not_allowed', 0],
    ['evaluate(x)', 'not_allowed', 0],
    ['createUnit(x)', 'not_allowed', 0],
    // a full stop between two words is a multiplication dot: the property is refused by its name
    ['x.constructor', 'not_allowed', 2],
    ['cos.constructor', 'not_allowed', 4],
    ['x.__proto__', 'unexpected_character', 1],
    ['x.5.constructor', 'invalid_number', 1],
    ['__proto__', 'not_allowed', 2],
    ['constructor', 'not_allowed', 0],
    ['x := 2', 'equation', 2],
    ['x == 2', 'equation', 2],
    ['x < 2', 'equation', 2],
    ['"sin(x)"', 'string', 0],
    ['[1, 2]', 'matrix', 2],
    ['5!', 'unsupported', 1],
    ['∞', 'unsupported', 0],
    ['x mod 2', 'unsupported', 2],
    ['sin(x, y)', 'argument_count', 0],
    ['nthRoot(x)', 'argument_count', 0],
    ['sin', 'missing_argument', 0],
    ['sin()', 'missing_argument', 4],
    ['()', 'unexpected_token', 0],
    ['2 3', 'unexpected_token', 2],
    ['x^100000', 'too_large', 1],
    ['x^10^10^10', 'too_large', 4],
    ['(x+1)^100000', 'too_large', 5],
    ['9^9^9^9', 'too_large', 3],
    ['sin^x(x)', 'unexpected_token', 3],
    ['\\sin x', 'unexpected_character', 0],
    ['x; y', 'unexpected_character', 1],
    ['π + sin(x', 'unclosed_bracket', 7],
  ] as Array<[string, string, number]>)('%s → %s at %i', (input, code, position) => {
    const error = readError(input);
    expect(error.code).toBe(code);
    if (position >= 0) expect(error.position).toBe(position);
    if (code !== 'empty') expect(error.message).toMatch(/position \d+/);
  });
  test('a unit\'s letters with the variable among them are a product: sin(2πft) in t', () => {
    // ft (feet) and ms (milliseconds) were refused as units in sin(2πft) and sin(ms) with variable t or s.
    reads('sin(2πft)', 'sin(2 * pi * f * t)', { variable: 't' });
    reads('sin(2πft)', 'sin(2 * pi * f * t)', { variable: 'f' });
    reads('m cos(ms)', 'm * cos(m * s)', { variable: 's' });
    // An answer's units written with its function's letters are those letters.
    reads('ms cos(msx)', 'm * s * cos(m * s * x)', { role: 'answer', knownNames: ['m', 's'], knownFunctions: ['sin'] });
    // Without the variable or the function's letters it is still a unit.
    expect(readError('2 cos(2x) ft')).toMatchObject({ code: 'unsupported', position: 10 });
    expect(readError('2 + ms', { variable: 't' })).toMatchObject({ code: 'unsupported' });
    expect(readError('ms cos(msx)', { role: 'answer', knownNames: ['m'], knownFunctions: ['sin'] })).toMatchObject({ code: 'unsupported' });
  });
  test('an unclosed parenthesis names where it opened and where the input ends', () => {
    const error = readError('sin(x');
    expect(error.message).toBe("the bracket '(' at position 3 is never closed (the input ends at position 5)");
    expect(error.hint).toBe("add ')'");
    expect(error.token).toBe('(');
  });
});

describe('conventions named in the hint', () => {
  test.each([
    ['2,5x', '2,5', '2.5'],
    ['x^2 + 3,14x', '3,14', '3.14'],
    ['(2,5)x', '2,5', '2.5'],
  ])('a decimal comma, %s, is refused with the decimal point to write', (input, written, decimal) => {
    const error = readError(input);
    expect(error.code).toBe('matrix');
    expect(error.hint).toBe(`if ${written} is a number, write it with a decimal point: ${decimal}`);
  });
  test("TeX's decimal comma is read as one, in LaTeX and when the format is left to auto", () => {
    for (const format of ['latex', 'auto'] as const) {
      expect(structuralKey(readExpression('2{,}5x^2', { format }).expr)).toBe(structuralKey(tree('2.5 * x^2')));
    }
  });
  test('three digits after the comma could be a thousands separator: both are offered, nothing is guessed (review)', () => {
    expect(readError('1,000x').hint).toBe('if 1,000 is one number, write 1.000 (a decimal comma) or 1000 (a thousands separator)');
    for (const format of ['latex', 'auto'] as const) {
      const error = readError('1{,}000x^2', { format });
      expect(error.code).toBe('invalid_number');
      expect(error.hint).toBe('if 1{,}000 is one number, write 1.000 (a decimal comma) or 1000 (a thousands separator)');
    }
  });
  test('a comma that is no decimal comma gets no such hint', () => {
    expect(readError('x,y').hint).toBeUndefined();
    expect(readError('2.5,3').hint).toBeUndefined();
  });
  test.each(['lg(x)', 'lg x', '3 lg(x^2)'])('lg, log base 10 or 2 depending on the book, is refused: %s', (input) => {
    const error = readError(input);
    expect(error.code).toBe('unsupported');
    expect(error.token).toBe('lg');
    expect(error.hint).toMatch(/log10\(x\), log2\(x\) or ln\(x\).*l\*g/);
  });
  test.each([
    ['lgx', 'x'],
    ['2lgx+1', 'x'],
    ['lgt', 't'],
  ])('so is lg written against the variable, as lnx is written: %s', (input, variable) => {
    const error = readError(input, { variable });
    expect(error.code).toBe('unsupported');
    expect(error.token).toBe('lg');
    expect(error.hint).toMatch(/l\*g/);
  });
  test('l and g apart are still a product', () => reads('l g x', 'l * g * x'));
  test('lg before anything but the variable is still a product of letters', () => reads('lge', 'l * g * e'));
});

describe('limits', () => {
  test('input length', () => {
    expect(readError('x+'.repeat(1500) + 'x').code).toBe('too_long');
    expect(readError('x+1', { limits: { maxLength: 2 } }).code).toBe('too_long');
  });
  test('nesting depth', () => {
    expect(readError('('.repeat(100) + 'x' + ')'.repeat(100)).code).toBe('too_deep');
    expect(readError('-'.repeat(200) + 'x').code).toBe('too_deep');
    expect(readError('x^'.repeat(100) + 'x').code).toBe('too_deep');
    expect(readError('sin('.repeat(80) + 'x' + ')'.repeat(80)).code).toBe('too_deep');
    expect(readExpression('('.repeat(20) + 'x' + ')'.repeat(20)).expr.toString()).toBe('x');
  });
  test('tree size', () => {
    expect(readError('x+'.repeat(900) + 'x').code).toBe('too_large');
  });
  test('number size and parameters', () => {
    expect(readError('10000000000000000000x').code).toBe('too_large');
    expect(readError('a+b+c+d+f+g+h+k+m+n').code).toBe('too_large');
  });
});

describe('student habits that must not be misread', () => {
  test.each([
    ['3x^2e^(3x)', '3 * x ^ 2 * e ^ (3 * x)'],
    ['2xe^(x^2)', '2 * x * e ^ (x ^ 2)'],
    ['x^2y', 'x ^ 2 * y'],
    ['2xcos(x^2)', '2 * x * cos(x ^ 2)'],
    ['5^(x^2) ln5 2x', '5 ^ (x ^ 2) * log(5) * 2 * x'],
    ['ln 5 2x', 'log(5) * 2 * x'],
    ['3sec^2(3x)', '3 * sec(3 * x) ^ 2'],
    ['3sec²3x', '3 * sec(3 * x) ^ 2'],
    ['5 cos 5x', '5 * cos(5 * x)'],
    ['sin2x', 'sin(2 * x)'],
    ['2 sinx cosx', '2 * sin(x) * cos(x)'],
    ['1/2(x^2+1)^(-1/2)*2x', '(1 / 2) * (x ^ 2 + 1) ^ (-1 / 2) * (2 * x)'],
    ['-x/√(1-x²)', '-x / sqrt(1 - x ^ 2)'],
    ['-e^-x', '-(e ^ (-x))'],
    ['cos x²', 'cos(x ^ 2)'],
  ] as Array<[string, string]>)('%s reads as %s', (input, expected) => reads(input, expected));
  test('an exponential exponent takes the letters written against it, powers included', () => {
    for (const [input, expected] of [['e^2x^2', 'e ^ (2 * x ^ 2)'], ['ke^kx', 'k * e ^ (k * x)'], ['4xe^2x^2', '4 * x * e ^ (2 * x ^ 2)']]) {
      const r = readExpression(input as string);
      expect(structuralKey(r.expr), input).toBe(structuralKey(tree(expected as string)));
      expect(r.warnings.map((w) => w.code)).toContain('ambiguous_exponent');
    }
    // The constants start a factor of their own; a variable's power keeps its exponent.
    reads('e^xe^x', 'e ^ x * e ^ x');
    reads('3x^2e^(3x)', '3 * x ^ 2 * e ^ (3 * x)');
  });
  test('a letter\'s exponent takes the letters against it only when the letter may be an exponential\'s base', () => {
    const exponent = (input: string, options: ReadOptions) => readExpression(input, { role: 'answer', ...options }).ambiguities.map((a) => a.kind);
    // Unknown (no function): a^2x is a^(2x), with the other reading.
    expect(exponent('2a^2x', {})).toEqual(['exponent']);
    // The function's a is no exponential's base: a^2x is a²·x, as x^2y is x²·y.
    reads('2a^2x', '2 * a ^ 2 * x', { role: 'answer', knownNames: ['a'], exponentialBases: new Set<string>() });
    expect(exponent('2a^2x', { knownNames: ['a'], exponentialBases: new Set<string>() })).toEqual([]);
    expect(exponent('2a^2x', { knownNames: ['a'], exponentialBases: new Set(['a']) })).toEqual(['exponent']);
    // e, numbers and letters the function does not have are as before.
    expect(exponent('2e^2x', { knownNames: ['a'], exponentialBases: new Set<string>() })).toEqual(['exponent']);
    expect(exponent('2^3x', { knownNames: ['a'], exponentialBases: new Set<string>() })).toEqual(['exponent']);
    expect(exponent('c^2x', { knownNames: ['a'], exponentialBases: new Set<string>() })).toEqual(['exponent']);
    expect([...exponentialBases(readExpression('a^(2x) + b^2 + x^c + (k^t)^2', { variable: 't' }).expr, 't')]).toEqual(['k']);
    expect([...exponentialBases(readExpression('a^(2x) + b^2 + x^c', {}).expr, 'x')]).toEqual(['a']);
    // a^(2x) written as e^(2x ln a) or exp(2x log(a)): a is under a logarithm in the exponent; k of
    // e^(-k^2 t^2) is a letter of the exponent only.
    expect([...exponentialBases(readExpression('e^(2x ln a) + exp(x log(b)) + e^(-k^2 x^2)', {}).expr, 'x')]).toEqual(['e', 'a', 'b']);
  });
  test('a leading minus keeps the coefficient reading (regression)', () => {
    reads('-1/2sin(x/2)', '(-1 / 2) * sin(x / 2)');
    reads('-1/2 (2x+1)^(-3/2)', '(-1 / 2) * (2 * x + 1) ^ (-3 / 2)');
    expect(readExpression('-1/2x').warnings.map((w) => w.code)).toEqual(['ambiguous_division']);
  });
  test('a negative first power over a number warns (x^-1/2)', () => {
    reads('x^-1/2', '(x ^ (-1)) / 2');
    expect(readExpression('(x^2+1)^-1/2').warnings.map((w) => w.code)).toEqual(['ambiguous_exponent']);
    expect(readExpression('x^2/3').warnings).toEqual([]);
  });
  test('a bracketed exponent is closed: x^(-2)/2 is only (x^-2)/2', () => {
    for (const input of ['x^(-2)/2', 'x^(-1)/2', 'x^(1)/2', '(x^2+1)^(-1)/2', 'x^{-2}/2', '\\frac{1}{x}+x^{-1}/2']) {
      expect(readEveryReading(input).readings, input).toHaveLength(1);
      expect(readExpression(input).warnings.map((w) => w.code), input).not.toContain('ambiguous_exponent');
    }
    reads('x^(-2)/2', '(x ^ (-2)) / 2');
  });
  test('what students type at the edges', () => {
    reads('2x cos(x^2).', '2 * x * cos(x ^ 2)');
    reads('3.', '3');
    reads('2x∙cos(x^2)', '2 * x * cos(x ^ 2)');
    reads('x/(x^2+1)^½', 'x / (x ^ 2 + 1) ^ (1 / 2)');
    reads('x(x²+1)^(-½)', 'x * (x ^ 2 + 1) ^ (-(1 / 2))');
    reads('= 2x', '2 * x');
    expect(readExpression('cos(x^2)2x').warnings).toEqual([]);
  });
  test('a full stop between factors is a multiplication dot', () => {
    reads('2x.cos(x^2)', '2 * x * cos(x ^ 2)');
    reads('sinx.cosx', 'sin(x) * cos(x)');
    reads('sin x . cos x', 'sin(x) * cos(x)');
    reads('x^2.e^x', 'x ^ 2 * e ^ x');
    reads('(x+1).(x-1)', '(x + 1) * (x - 1)');
    reads("f'(x) = 2x.cos(x^2).", '2 * x * cos(x ^ 2)');
    // a digit after it is a decimal, as before
    reads('x.5', 'x * 0.5');
    reads('2.5x', '2.5 * x');
    reads('2x.', '2 * x');
    expect(readError('3.+x')).toMatchObject({ code: 'invalid_number' });
    reads('3.(x+1)', '3 * (x + 1)');
    expect(readError('2x.+1')).toMatchObject({ code: 'unexpected_character' });
    expect(readError('2..x')).toMatchObject({ code: 'invalid_number' });
  });
});
