import { describe, expect, it } from 'vitest';
import { add, call, div, mul, neg, num, pow, sub, sym, type Expr } from '../../src/tree/nodes.js';
import { toLatex } from '../../src/tree/print-latex.js';

const [x, y, a, b, c] = ['x', 'y', 'a', 'b', 'c'].map(sym) as [Expr, Expr, Expr, Expr, Expr];

const CASES: [string, Expr][] = [
  // juxtaposition, \cdot only where it would misread
  ['2x', mul(num(2), x)],
  ['2x\\cos\\left(x^{2}\\right)', mul(mul(num(2), x), call('cos', pow(x, num(2))))],
  ['2\\cdot 3', mul(num(2), num(3))],
  ['x\\cdot 2', mul(x, num(2))],
  ['2\\cdot 3^{x}', mul(num(2), pow(num(3), x))],
  ['2\\cdot \\frac{1}{3}', mul(num(2), div(num(1), num(3)))],
  ['\\frac{1}{3}x', mul(div(num(1), num(3)), x)],
  ['ab', mul(a, b)],
  ['\\pi x', mul(sym('pi'), x)],
  ['\\theta x', mul(sym('theta'), x)],
  ['x\\theta', mul(x, sym('theta'))],
  ['\\omega\\sin\\left(\\omega t\\right)', mul(sym('omega'), call('sin', mul(sym('omega'), sym('t'))))],
  ['2e^{x}', mul(num(2), call('exp', x))],
  ['2\\left(x+1\\right)', mul(num(2), add(x, num(1)))],
  ['x\\left(-y\\right)', mul(x, neg(y))],
  ['-2x', neg(mul(num(2), x))],
  ['-xy', mul(neg(x), y)],
  // fractions
  ['\\frac{a}{b}', div(a, b)],
  ['\\frac{a+b}{a-b}', div(add(a, b), sub(a, b))],
  ['-\\frac{4x}{\\left(x^{2}+1\\right)^{3}}', neg(div(mul(num(4), x), pow(add(pow(x, num(2)), num(1)), num(3))))],
  ['\\left(\\frac{a}{b}\\right)^{2}', pow(div(a, b), num(2))],
  ['\\frac{\\frac{a}{b}}{c}', div(div(a, b), c)],
  // powers
  ['x^{2}', pow(x, num(2))],
  ['\\left(x+1\\right)^{3}', pow(add(x, num(1)), num(3))],
  ['x^{\\frac{1}{3}}', pow(x, div(num(1), num(3)))],
  ['x^{-2}', pow(x, neg(num(2)))],
  ['\\left(-x\\right)^{2}', pow(neg(x), num(2))],
  ['\\left(x^{2}\\right)^{3}', pow(pow(x, num(2)), num(3))],
  ['-x^{2}', neg(pow(x, num(2)))],
  ['\\sin^{2}\\left(x\\right)', pow(call('sin', x), num(2))],
  ['\\ln^{3}\\left(x\\right)', pow(call('log', x), num(3))],
  ['\\operatorname{sech}^{2}\\left(x\\right)', pow(call('sech', x), num(2))],
  ['\\sin\\left(x\\right)^{-1}', pow(call('sin', x), neg(num(1)))],
  ['\\sin\\left(x\\right)^{\\frac{1}{2}}', pow(call('sin', x), div(num(1), num(2)))],
  ['\\left(\\sqrt{x}\\right)^{3}', pow(call('sqrt', x), num(3))],
  ['\\left|x\\right|^{2}', pow(call('abs', x), num(2))],
  ['\\left(e^{x}\\right)^{2}', pow(call('exp', x), num(2))],
  // functions through the table
  ['e^{-x}', call('exp', neg(x))],
  ['e^{\\sin\\left(x\\right)}', call('exp', call('sin', x))],
  ['\\sqrt{1-x^{2}}', call('sqrt', sub(num(1), pow(x, num(2))))],
  ['\\log_{2}\\left(x\\right)', call('log', x, num(2))],
  ['\\arcsin\\left(x\\right)', call('asin', x)],
  ['\\left|x\\right|', call('abs', x)],
  ['\\sqrt[3]{x}', call('cbrt', x)],
  // sums
  ['x+1', add(x, num(1))],
  ['a-\\left(b-c\\right)', sub(a, sub(b, c))],
  ['a+\\left(-b\\right)', add(a, neg(b))],
  ['-\\left(x+1\\right)', neg(add(x, num(1)))],
  // symbols and numbers
  ['\\pi', sym('pi')],
  ['e', sym('e')],
  ['\\Omega', sym('Omega')],
  ['1.5\\cdot 10^{-7}', num(1.5e-7)],
  ['10^{-7}', num(1e-7)],
  ['1.5\\cdot 10^{-7}x', mul(num(1.5e-7), x)],
  ['x\\cdot 10^{-7}', mul(x, num(1e-7))],
  ['\\left(1.5\\cdot 10^{-7}\\right)^{2}', pow(num(1.5e-7), num(2))],
  ['0.25', num(0.25)],
];

describe('toLatex', () => {
  it.each(CASES)('%s', (latex, expr) => {
    expect(toLatex(expr)).toBe(latex);
  });
});

describe('a long product (regression)', () => {
  // The separator between two factors looked at everything printed before (three tests anchored at
  // its end), so a product of n factors scanned n²/2 factors' text: an answer of 1,980 characters
  // read 16 ways spent hundreds of milliseconds of POST /v1/validate, in the service's own thread.
  // Counted, not timed: the characters the printer hands to regular expressions.
  it('hands each separator the factor before it, not the whole product so far', () => {
    const factors = Array.from({ length: 1500 }, (_, i) => [num(2), x, sym('pi'), y][i % 4] as Expr);
    const product = factors.slice(1).reduce((left, factor) => mul(left, factor), factors[0] as Expr);
    const { test, exec } = RegExp.prototype;
    let scanned = 0;
    RegExp.prototype.test = function (this: RegExp, text: string) {
      scanned += String(text).length;
      return test.call(this, text);
    };
    RegExp.prototype.exec = function (this: RegExp, text: string) {
      scanned += String(text).length;
      return exec.call(this, text);
    };
    let latex: string;
    try {
      latex = toLatex(product);
    } finally {
      RegExp.prototype.test = test;
      RegExp.prototype.exec = exec;
    }
    expect(latex.startsWith('2x\\pi y\\cdot 2x\\pi y\\cdot 2')).toBe(true);
    expect(scanned).toBeLessThan(100_000);
  });
});
