/**
 * Random expression trees for property tests: every elementary function, sums, products, quotients,
 * constant powers, exponentials, u^v, log with a base and roots, over x, the parameter a and constants.
 */
import fc from 'fast-check';
import { add, call, div, mul, neg, num, pow, sub, sym, type Expr } from '../../src/tree/nodes.js';

const UNARY = ['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'asin', 'acos', 'atan', 'acot', 'asec', 'acsc',
  'sinh', 'cosh', 'tanh', 'coth', 'sech', 'csch', 'asinh', 'acosh', 'atanh',
  'exp', 'log', 'log10', 'log2', 'sqrt', 'cbrt', 'abs'];

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(sym('x')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }).map((n) => num(n)) },
  { weight: 1, arbitrary: fc.constant(sym('a')) },
  { weight: 1, arbitrary: fc.constantFrom(div(num(1), num(2)), sym('pi'), sym('e')) },
);

const exponent = fc.constantFrom(num(2), num(3), neg(num(1)), neg(num(2)), div(num(1), num(2)), div(num(1), num(3)), div(num(2), num(3)), sym('a'));

export const expression: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...UNARY), tie('e')).map(([name, arg]) => call(name, arg)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => add(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => sub(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => mul(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => div(a, b)),
    fc.tuple(tie('e'), exponent).map(([a, n]) => pow(a, n)),
    fc.tuple(fc.constantFrom(num(2), sym('e'), sym('a')), tie('e')).map(([b, u]) => pow(b, u)),
    tie('e').map((u) => pow(u, u)),
    tie('e').map((u) => neg(u)),
    tie('e').map((u) => call('log', u, num(3))),
    tie('e').map((u) => call('nthRoot', u, num(5))),
  ),
})).e;

