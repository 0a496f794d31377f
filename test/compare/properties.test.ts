/**
 * Property tests on random expression trees: equal forms are never told apart, and a small change
 * is always seen wherever the values leave room to see it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sampleDomain, type Domain } from '../../src/compare/domain.js';
import { compare, prepare, type Verdict } from '../../src/compare/equivalence.js';
import { compileWithBound } from '../../src/compare/error-bound.js';
import {
  add,
  call,
  children,
  depth,
  div,
  isBinary,
  isCall,
  isConstant,
  isOperator,
  mul,
  neg,
  num,
  pow,
  sub,
  sym,
  withChildren,
  type Expr,
} from '../../src/tree/nodes.js';

const UNARY = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'cbrt', 'atan', 'sinh', 'cosh', 'tanh', 'abs', 'asin', 'log2', 'sec'];

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { arbitrary: fc.constant(null).map(() => sym('x')), weight: 4 },
  { arbitrary: fc.constant(null).map(() => sym('a')), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 5 }).map(num), weight: 2 },
  { arbitrary: fc.constantFrom(0.5, 1.5, 0.3, 2.7).map(num), weight: 1 },
  { arbitrary: fc.constant(null).map(() => sym('pi')), weight: 1 },
);

const expression: fc.Arbitrary<Expr> = fc.letrec<{ node: Expr }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'medium', maxDepth: 7, withCrossShrink: true },
    { arbitrary: leaf, weight: 2 },
    {
      arbitrary: fc.tuple(fc.constantFrom(add, sub, mul, div), tie('node'), tie('node')).map(([op, l, r]) => op(l, r)),
      weight: 4,
    },
    { arbitrary: fc.tuple(fc.constantFrom(...UNARY), tie('node')).map(([name, arg]) => call(name, arg)), weight: 3 },
    {
      arbitrary: fc
        .tuple(tie('node'), fc.constantFrom(2, 3, -1, 0.5, 1 / 3, -2))
        .map(([base, exponent]) => pow(base, exponent === 1 / 3 ? div(num(1), num(3)) : num(exponent))),
      weight: 2,
    },
    { arbitrary: tie('node').map(neg), weight: 1 },
    { arbitrary: fc.tuple(tie('node'), fc.constantFrom(2, 3)).map(([arg, n]) => call('nthRoot', arg, num(n))), weight: 1 },
  ),
})).node;

type Rewrite = (node: Expr) => Expr | undefined;

/** Value-preserving rewrites of one node; undefined where a rewrite does not apply. */
const REWRITES: Record<string, Rewrite> = {
  commute: (node) => (isBinary(node, '+') || isBinary(node, '*') ? withChildren(node, [...children(node)].reverse()) : undefined),
  timesOne: (node) => mul(node, num(1)),
  oneTimes: (node) => mul(num(1), node),
  plusOneMinusOne: (node) => sub(add(node, num(1)), num(1)),
  quotientAsPower: (node) => {
    if (!isBinary(node, '/')) return undefined;
    const [a, b] = children(node) as [Expr, Expr];
    return mul(a, pow(b, neg(num(1))));
  },
  squareAsProduct: (node) => {
    if (!isBinary(node, '^')) return undefined;
    const [base, exponent] = children(node) as [Expr, Expr];
    return isConstant(exponent) && exponent.value === 2 ? mul(base, base) : undefined;
  },
  doubleNegation: (node) => neg(neg(node)),
  thirdOfTriple: (node) => div(mul(node, num(3)), num(3)),
  plusZero: (node) => add(node, sub(sym('x'), sym('x'))),
  timesPythagoras: (node) => mul(node, add(pow(call('sin', sym('x')), num(2)), pow(call('cos', sym('x')), num(2)))),
};

/**
 * Apply `rewrite` at the index-th applicable node in pre-order (or multiply the root by 1 when none).
 * The second argument of a call (a root's index, a logarithm's base) is a constant parameter of the
 * function, so it is left as written.
 */
function rewriteAt(expr: Expr, index: number, rewrite: Rewrite): Expr {
  const nodes: Expr[] = [];
  const collect = (node: Expr) => {
    nodes.push(node);
    if (isCall(node)) collect(node.args[0] as Expr);
    else children(node).forEach(collect);
  };
  collect(expr);
  const applicable = nodes.filter((node) => rewrite(node) !== undefined);
  if (applicable.length === 0) return mul(expr, num(1));
  const target = applicable[index % applicable.length] as Expr;
  const replace = (node: Expr): Expr => {
    if (node === target) return rewrite(node) as Expr;
    const kids = children(node);
    return kids.length === 0 ? node : withChildren(node, kids.map(replace));
  };
  return replace(expr);
}

const domainOf = (expr: Expr): Domain => sampleDomain({ definedBy: [expr], variable: 'x', parameters: ['a'] });

/** Points where the value is known to `relative` precision and at most `maxMagnitude` in size. */
function cleanPoints(expr: Expr, domain: Domain, relative: number, maxMagnitude: number): number {
  const bounded = compileWithBound(expr, domain.symbols);
  return domain.points.filter((point) => {
    const { value, error } = bounded(point);
    return Number.isFinite(value) && value !== 0 && Math.abs(value) <= maxMagnitude && error <= relative * Math.abs(value);
  }).length;
}

describe('equivalence on random expressions', () => {
  it('never tells an expression from a value-preserving rewrite of itself', () => {
    const tally: Record<Verdict, number> = { equivalent: 0, not_equivalent: 0, undetermined: 0 };
    fc.assert(
      fc.property(expression, fc.constantFrom(...Object.keys(REWRITES)), fc.nat(), (expr, name, index) => {
        const rewritten = rewriteAt(expr, index, REWRITES[name] as Rewrite);
        const domain = domainOf(expr);
        const result = compare(prepare(rewritten, domain), prepare(expr, domain));
        tally[result.verdict]++;
        expect(result.verdict, `${rewritten.toString()} vs ${expr.toString()}: ${JSON.stringify(result)}`).not.toBe(
          'not_equivalent',
        );
        // Clean for both: a rewrite may itself lose the value in doubles (1/sinh(39.4) + 1 - 1 is 0 ± 10^-16
        // where the expression is 7.6·10^-18), and then undetermined is the honest verdict of doubles.
        const clean = (e: Expr) => cleanPoints(e, domain, 1e-8, 1e8) === domain.points.length;
        if (domain.points.length >= 16 && clean(expr) && clean(rewritten)) {
          // Every point clean and plenty of them: the rewrite must be recognised, not merely not refuted.
          expect(result.verdict, `${rewritten.toString()} vs ${expr.toString()}`).toBe('equivalent');
        }
      }),
      { numRuns: 400 },
    );
    // Most random expressions are defined somewhere and compare cleanly.
    expect(tally.equivalent).toBeGreaterThan(tally.undetermined);
  });

  it('sees a constant 1e-3 added wherever a clean, moderate value leaves room for it', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const domain = domainOf(expr);
        fc.pre(cleanPoints(expr, domain, 1e-9, 1e4) > 0);
        const result = compare(prepare(add(expr, num(1e-3)), domain), prepare(expr, domain));
        expect(result.verdict, `${expr.toString()} + 0.001: ${JSON.stringify(result)}`).toBe('not_equivalent');
      }),
      { numRuns: 300 },
    );
  });

  it('sees a factor (1 + 1e-4) wherever a value is known to better than 1e-8', () => {
    fc.assert(
      fc.property(expression, fc.boolean(), (expr, left) => {
        const domain = domainOf(expr);
        fc.pre(cleanPoints(expr, domain, 1e-8, Infinity) > 0);
        const scaled = left ? mul(num(1.0001), expr) : mul(expr, num(1.0001));
        const result = compare(prepare(scaled, domain), prepare(expr, domain));
        expect(result.verdict, `${expr.toString()} * 1.0001: ${JSON.stringify(result)}`).toBe('not_equivalent');
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same verdict for the same question every time', () => {
    fc.assert(
      fc.property(expression, expression, (a, b) => {
        const run = () => {
          const domain = domainOf(b);
          return compare(prepare(a, domain), prepare(b, domain));
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 100 },
    );
  });
});

// Keep the generator honest: it must produce every kind of node the compiler handles.
it('generates operators, calls and powers', () => {
  const samples = fc.sample(expression, { numRuns: 300, seed: 1 });
  expect(samples.some((e) => isOperator(e) && e.op === '^')).toBe(true);
  expect(samples.some((e) => e.type === 'FunctionNode')).toBe(true);
  expect(samples.some((e) => isBinary(e, '/'))).toBe(true);
});
