/**
 * Test-only numeric comparison of trees through mathjs (the trees are mathjs nodes, so they compile
 * as they are). A value that is not a finite real number (NaN, ±Infinity, a mathjs Complex) counts as
 * "outside the real domain" and is reported as NaN.
 */
import { all, create, parse } from 'mathjs';
import type { Expr } from '../../src/tree/nodes.js';

export type Scope = Record<string, number>;

/**
 * mathjs in real mode: an odd root of a negative number is real ((-8)^(1/3) is -2), an even one is
 * NaN. The simplifier's power rules are meant for these semantics (the function table's realNthRoot).
 */
// mathjs's typings index `all` from a record, so strict indexing sees it as possibly undefined.
if (all === undefined) throw new Error('mathjs: the `all` factory set is missing');
const realMath = create(all, { predictable: true });

/** `real`: evaluate with real-mode mathjs; otherwise with the default instance the nodes come from. */
export function valueAt(node: Expr, scope: Scope, mode: 'default' | 'real' = 'default'): number {
  let value: unknown;
  try {
    const compiled = mode === 'real' ? realMath.parse(node.toString()).compile() : node.compile();
    value = compiled.evaluate({ ...scope });
  } catch {
    return Number.NaN;
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

/** Equal up to rounding: relative to the size of the numbers, absolute near zero. */
export function close(a: number, b: number, tolerance = 1e-9): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Scopes at non-integer points (integers hide mistakes like x^2 vs x^3 at x = 1), on both sides of 0
 * for the variable, positive for parameters.
 */
export function samplePoints(variable = 'x', parameters: readonly string[] = ['a', 'b', 'k']): Scope[] {
  const xs = [0.37, 0.81, 1.43, 2.26, -0.58, -1.71];
  const ps = [1.3, 0.7, 2.9, 1.9, 0.45, 3.3];
  return xs.map((x, i) => {
    const scope: Scope = { [variable]: x };
    parameters.forEach((p, j) => {
      if (p !== variable) scope[p] = ps[(i + j) % ps.length] as number;
    });
    return scope;
  });
}

/**
 * Is every subexpression of the tree a moderate real number at this point? A part that is undefined
 * (1/0, ln(-1)) puts the point outside the real domain even when floats make the whole finite
 * (e^(1/(-0)) is 0). Where some part is huge, the last bit of a float decides the result (sin(e^16), a
 * difference of two large numbers), and two trees with the same exact value disagree numerically.
 * Neither kind of point says anything about the simplifier.
 */
export function wellConditioned(node: Expr, scope: Scope, mode: 'default' | 'real' = 'default', bound = 1e6): boolean {
  return node.filter(() => true).every((part) => Math.abs(valueAt(part as Expr, scope, mode)) <= bound && !signFlipsWithRounding(part as Expr, scope, mode));
}

/**
 * A negative base to a power whose value is an integer only up to rounding ((-1)^(-3·x/x), which
 * prints as -3*x/x and reads back as (-3*x)/x, 3 or 3.0000000000000004): whether it is real at all
 * depends on the last bit of the exponent.
 */
function signFlipsWithRounding(part: Expr, scope: Scope, mode: 'default' | 'real'): boolean {
  if (part.type !== 'OperatorNode' || (part as { op?: string }).op !== '^') return false;
  const [base, exponent] = (part as unknown as { args: [Expr, Expr] }).args;
  if (!(valueAt(base, scope, mode) < 0)) return false;
  const n = valueAt(exponent, scope, mode);
  return Math.abs(n - Math.round(n)) < 1e-9 && exponent.filter((child) => child.type === 'SymbolNode').length > 0;
}

export interface DisagreementOptions {
  tolerance?: number;
  /** Skip points where the original is ill-conditioned (see wellConditioned). */
  conditioned?: boolean;
  mode?: 'default' | 'real';
}

/**
 * Points where `original` is a finite real number and `other` is not close to it (empty when they
 * agree wherever the original is defined).
 */
export function disagreements(
  original: Expr,
  other: Expr,
  scopes: readonly Scope[],
  { tolerance = 1e-9, conditioned = false, mode = 'default' }: DisagreementOptions = {},
): string[] {
  const found: string[] = [];
  for (const scope of scopes) {
    const expected = valueAt(original, scope, mode);
    if (Number.isNaN(expected) || (conditioned && !wellConditioned(original, scope, mode))) continue;
    const actual = valueAt(other, scope, mode);
    if (!close(expected, actual, tolerance)) found.push(`${JSON.stringify(scope)}: ${expected} vs ${actual}`);
  }
  return found;
}

/** chainrule text → text mathjs parses: mathjs spells the natural log `log` and arcsin `asin`. */
export function mathjsText(text: string): string {
  return text
    .replace(/\bln\(/g, 'log(')
    .replace(/\barc(sin|cos|tan|cot|sec|csc)\(/g, 'a$1(')
    .replace(/\bar(sinh|cosh|tanh|coth|sech|csch)\(/g, 'a$1(');
}

export function parseText(text: string): Expr {
  return parse(mathjsText(text));
}
