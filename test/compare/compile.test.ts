import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from '../../src/compare/compile.js';
import { lasting } from '../../src/compare/compiled-once.js';
import { Problem } from '../../src/problem.js';
import { call, num, pow, sym } from '../../src/tree/nodes.js';
import { tree } from '../helpers/mathjs-tree.js';

const at = (text: string, x: number) => compile(tree(text), ['x'])([x]);

describe('compile', () => {
  it('evaluates every kind of node like Math does', () => {
    const cases: Array<[string, (x: number) => number]> = [
      ['x^2 + 3*x - 1/x', (x) => x * x + 3 * x - 1 / x],
      ['-x - (2 - x) * 4', (x) => -x - (2 - x) * 4],
      ['sin(x)', Math.sin],
      ['cos(x^2)', (x) => Math.cos(x * x)],
      ['tan(x)', Math.tan],
      ['sec(x)', (x) => 1 / Math.cos(x)],
      ['csc(x)', (x) => 1 / Math.sin(x)],
      ['cot(x)', (x) => 1 / Math.tan(x)],
      ['asin(x / 3)', (x) => Math.asin(x / 3)],
      ['acos(x / 3)', (x) => Math.acos(x / 3)],
      ['atan(x)', Math.atan],
      ['sinh(x)', Math.sinh],
      ['cosh(x)', Math.cosh],
      ['tanh(x)', Math.tanh],
      ['asinh(x)', Math.asinh],
      ['exp(x)', Math.exp],
      ['log(x^2)', (x) => Math.log(x * x)],
      ['log10(abs(x))', (x) => Math.log10(Math.abs(x))],
      ['log2(x^2 + 1)', (x) => Math.log2(x * x + 1)],
      ['log(x^2, 3)', (x) => Math.log(x * x) / Math.log(3)],
      ['sqrt(x^2 + 1)', (x) => Math.sqrt(x * x + 1)],
      ['cbrt(x)', Math.cbrt],
      ['nthRoot(x, 3)', Math.cbrt],
      ['abs(x)', Math.abs],
      ['2^x', (x) => Math.pow(2, x)],
      ['e^x', Math.exp],
      ['x^x', (x) => (x > 0 ? Math.pow(x, x) : Number.NaN)],
    ];
    for (const [text, expected] of cases) {
      for (const x of [-2.7, -0.3, 0.45, 1.7, 2.9]) {
        const want = expected(x);
        const got = at(text, x);
        if (Number.isNaN(want)) expect(got, `${text} at ${x}`).toBeNaN();
        else expect(got, `${text} at ${x}`).toBeCloseTo(want, 12);
      }
    }
  });

  it('maps values to symbols by position, and reads e and pi as constants', () => {
    const f = compile(tree('a * x + b'), ['x', 'a', 'b']);
    expect(f([2, 3, 5])).toBe(11);
    expect(f(Float64Array.from([2, 3, 5]))).toBe(11);
    expect(compile(tree('e * pi'), [])([])).toBe(Math.E * Math.PI);
    expect(compile(tree('sin(pi * x)'), ['x'])([0.5])).toBe(1);
    // A listed e is a variable like any other.
    expect(compile(tree('e + 1'), ['e'])([4])).toBe(5);
  });

  it('rejects unknown symbols, functions and node shapes at compile time', () => {
    expect(() => compile(tree('x + y'), ['x'])).toThrow(TypeError);
    expect(() => compile(tree('foo(x)'), ['x'])).toThrow(TypeError);
    expect(() => compile(call('sin', sym('x'), sym('x')), ['x'])).toThrow(TypeError);
    expect(() => compile(call('constructor', sym('x')), ['x'])).toThrow(TypeError);
    expect(() => compile(sym('constructor'), ['x'])).toThrow(TypeError);
    expect(() => compile(sym('__proto__'), ['x'])).toThrow(TypeError);
    expect(() => compile(tree('x == 1'), ['x'])).toThrow(TypeError);
  });

  it('takes real-mode powers of negative bases: odd roots are real, even roots NaN', () => {
    expect(at('x^(1/3)', -8)).toBeCloseTo(-2, 14);
    expect(at('x^(2/3)', -8)).toBeCloseTo(4, 14);
    expect(at('x^(-1/3)', -8)).toBeCloseTo(-0.5, 14);
    expect(at('x^(-(2/3))', -8)).toBeCloseTo(0.25, 14);
    expect(at('x^(5/3)', -8)).toBeCloseTo(-32, 12);
    expect(at('x^(1/2)', -4)).toBeNaN();
    expect(at('x^(3/4)', -4)).toBeNaN();
    expect(at('x^0.5', -4)).toBeNaN();
    expect(at('x^0.2', -32)).toBeCloseTo(-2, 14); // 0.2 read back as 1/5
    expect(at('x^pi', -2)).toBeNaN(); // irrational
    expect(at('x^3', -2)).toBe(-8);
    expect(at('x^(-2)', -2)).toBe(0.25);
    expect(at('x^(1/3)', 8)).toBeCloseTo(2, 14);
    // Exact at compile time: 1/1001 has an odd denominator beyond what a float can be read back to.
    expect(at('x^(1/1001)', -1)).toBe(-1);
    expect(at('x^((1 + 2) / 9)', -27)).toBeCloseTo(-3, 13);
  });

  it('reads a run-time exponent back as a small fraction (denominator up to 1000)', () => {
    const f = compile(tree('x^y'), ['x', 'y']);
    expect(f([-8, 1 / 3])).toBeCloseTo(-2, 14);
    expect(f([-8, 2 / 3])).toBeCloseTo(4, 14);
    expect(f([-8, 0.5])).toBeNaN();
    expect(f([-8, 2])).toBe(64);
    expect(f([-1, 1 / 999])).toBe(-1);
    expect(f([-1, 1 / 1001])).toBeNaN(); // denominator too large to recognise
    expect(f([-2, Math.SQRT2])).toBeNaN();
    expect(f([2, 0.5])).toBe(Math.SQRT2);
  });

  it('keeps an undefined base undefined, even to the power 0', () => {
    expect(at('sqrt(x)^0', -1)).toBeNaN();
    expect(at('sqrt(x)^2', -1)).toBeNaN();
    expect(at('x^0', 2.5)).toBe(1);
  });

  it('never returns anything but a number (no complex results)', () => {
    for (const text of ['sqrt(x)', 'log(x)', 'asin(x)', 'acosh(x)', 'x^(1/4)', 'log(x, 2)', 'nthRoot(x, 2)']) {
      const value = at(text, -3.5);
      expect(typeof value, text).toBe('number');
      expect(value, text).toBeNaN();
    }
  });

  it('folds constant subtrees without changing their value', () => {
    const folded = compile(pow(num(2), num(0.5)), [])([]);
    expect(folded).toBe(Math.SQRT2);
    expect(compile(tree('x * (1 + sqrt(2)) / pi'), ['x'])([3])).toBe((3 * (1 + Math.SQRT2)) / Math.PI);
  });

  it('agrees with direct Math evaluation on random polynomials in x and a', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 4, noNaN: true }),
        (coefficients, x, a) => {
          const text = coefficients.map((c, i) => `(${c}) * a * x^${i}`).join(' + ');
          const expected = coefficients.reduce((acc, c, i) => acc + c * a * x ** i, 0);
          const got = compile(tree(text), ['x', 'a'])([x, a]);
          expect(got).toBeCloseTo(expected, 6);
        },
      ),
    );
  });
});

describe('compiled once per lasting expression and symbol list', () => {
  it('gives the same evaluator for the same lasting tree and symbols, another for other symbols', () => {
    const expr = tree('a*x^2 + sin(x)');
    lasting(expr);
    const first = compile(expr, ['x', 'a']);
    expect(compile(expr, ['x', 'a'])).toBe(first);
    const swapped = compile(expr, ['a', 'x']);
    expect(swapped).not.toBe(first);
    // The slots follow each symbol list: x = 2, a = 3 in both orders.
    expect(first(Float64Array.from([2, 3]))).toBeCloseTo(12 + Math.sin(2), 12);
    expect(swapped(Float64Array.from([3, 2]))).toBeCloseTo(12 + Math.sin(2), 12);
  });

  it('compiles an equal but distinct tree on its own (the cache is by tree, never by text)', () => {
    const [one, other] = [tree('x^3'), tree('x^3')];
    lasting(one);
    lasting(other);
    expect(compile(one, ['x'])).not.toBe(compile(other, ['x']));
  });

  it('compiles a tree not marked lasting (an answer’s) on each use, to the same values', () => {
    const expr = tree('a*x^2 + sin(x)');
    const first = compile(expr, ['x', 'a']);
    const again = compile(expr, ['x', 'a']);
    expect(again).not.toBe(first);
    expect(again(Float64Array.from([2, 3]))).toBe(first(Float64Array.from([2, 3])));
  });

  it('keeps a prepared function’s own trees compiled: the function, its derivative, its candidates', () => {
    const problem = Problem.read('sin(x^2)');
    expect(compile(problem.f, ['x'])).toBe(compile(problem.f, ['x']));
    expect(compile(problem.expected, ['x'])).toBe(compile(problem.expected, ['x']));
    const candidate = problem.candidates()[0];
    expect(candidate).toBeDefined();
    expect(compile(candidate!.expr, ['x'])).toBe(compile(candidate!.expr, ['x']));
  });
});
