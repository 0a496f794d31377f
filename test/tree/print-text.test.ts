import { describe, expect, it } from 'vitest';
import { add, call, div, mul, neg, num, pow, sub, sym, type Expr } from '../../src/tree/nodes.js';
import { toText } from '../../src/tree/print-text.js';
import { disagreements, parseText, samplePoints } from './numeric-check.js';

const [x, y, a, b, c] = ['x', 'y', 'a', 'b', 'c'].map(sym) as [Expr, Expr, Expr, Expr, Expr];

const CASES: [string, Expr][] = [
  // spacing and explicit products
  ['x + 1', add(x, num(1))],
  ['2*x - 3', sub(mul(num(2), x), num(3))],
  ['2*x^3', mul(num(2), pow(x, num(3)))],
  // only the parentheses the value needs
  ['(x + 1)^3', pow(add(x, num(1)), num(3))],
  ['x^(1/3)', pow(x, div(num(1), num(3)))],
  ['(2*x)^3', pow(mul(num(2), x), num(3))],
  ['(x^2)^3', pow(pow(x, num(2)), num(3))],
  ['x^(y^2)', pow(x, pow(y, num(2)))],
  ['-(x + 1)', neg(add(x, num(1)))],
  ['a - (b - c)', sub(a, sub(b, c))],
  ['a - (b + c)', sub(a, add(b, c))],
  ['a + b - c', add(a, sub(b, c))],
  ['a - b - c', sub(sub(a, b), c)],
  ['a/(b*c)', div(a, mul(b, c))],
  ['a/(b/c)', div(a, div(b, c))],
  ['a/b/c', div(div(a, b), c)],
  ['a*b/c', mul(a, div(b, c))],
  ['a/b*c', mul(div(a, b), c)],
  ['a/b^2', div(a, pow(b, num(2)))],
  ['(a/b)^2', pow(div(a, b), num(2))],
  ['(a + b)/(a - b)', div(add(a, b), sub(a, b))],
  ['(a + b)*c', mul(add(a, b), c)],
  // negative bases, exponents and operands
  ['(-x)^2', pow(neg(x), num(2))],
  ['x^(-2)', pow(x, neg(num(2)))],
  ['-x^2', neg(pow(x, num(2)))],
  ['-2*x', neg(mul(num(2), x))],
  ['-x*y', mul(neg(x), y)],
  ['-x/y', div(neg(x), y)],
  ['x*(-y)', mul(x, neg(y))],
  ['x/(-y)', div(x, neg(y))],
  ['x + (-y)', add(x, neg(y))],
  ['x - (-y)', sub(x, neg(y))],
  ['-(-x)', neg(neg(x))],
  ['-x + y', add(neg(x), y)],
  ['x + (-x*y)', add(x, mul(neg(x), y))],
  // functions through the table; exp as a power of e
  ['ln(x)', call('log', x)],
  ['log(x, 2)', call('log', x, num(2))],
  ['arcsin(x)', call('asin', x)],
  ['arsinh(x)', call('asinh', x)],
  ['sqrt(1 - x^2)', call('sqrt', sub(num(1), pow(x, num(2))))],
  ['sin(x)^2', pow(call('sin', x), num(2))],
  ['e^x', call('exp', x)],
  ['e^2', call('exp', num(2))],
  ['e^(-x)', call('exp', neg(x))],
  ['e^(2*x)', call('exp', mul(num(2), x))],
  ['e^(sin(x))', call('exp', call('sin', x))],
  ['(e^x)^2', pow(call('exp', x), num(2))],
  ['x^(e^x)', pow(x, call('exp', x))],
  ['2*e^x', mul(num(2), call('exp', x))],
  ['e^x/x', div(call('exp', x), x)],
  // symbols as they are
  ['theta*x', mul(sym('theta'), x)],
  ['pi*e', mul(sym('pi'), sym('e'))],
  // numbers: never exponent notation
  ['0.25', num(0.25)],
  ['123456789012', num(123456789012)],
  ['1.5*10^(-7)', num(1.5e-7)],
  ['10^(-7)', num(1e-7)],
  ['2*10^21', num(2e21)],
  ['10^21', num(1e21)],
  ['1.5*10^(-7)*x', mul(num(1.5e-7), x)],
  ['x*1.5*10^(-7)', mul(x, num(1.5e-7))],
  ['x/(1.5*10^(-7))', div(x, num(1.5e-7))],
  ['x/10^(-7)', div(x, num(1e-7))],
  ['(1.5*10^(-7))^2', pow(num(1.5e-7), num(2))],
  ['x^(10^(-7))', pow(x, num(1e-7))],
  ['x^0.5', pow(x, num(0.5))],
  ['-1.5*10^(-7)', neg(num(1.5e-7))],
];

describe('toText', () => {
  it.each(CASES)('%s', (text, expr) => {
    expect(toText(expr)).toBe(text);
  });

  it.each(CASES)('%s reads back (mathjs) to the same value', (text, expr) => {
    expect(disagreements(expr, parseText(text), samplePoints('x', ['y', 'a', 'b', 'c']))).toEqual([]);
  });
});
