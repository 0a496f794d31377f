/**
 * Applying an elementary function inside the simplifier: the exact values a person folds without
 * thinking (sin(0) = 0, ln(1) = 0, ln(e) = 1), and the two functions that are really powers
 * (exp(u) = e^u, sqrt(u) = u^(1/2)) so that exp(x)*exp(x) and sqrt(u)^2 combine like any power.
 * Nothing here evaluates a function numerically: ln(2) stays ln(2).
 */
import {
  HALF,
  ONE,
  ZERO,
  atom,
  callBase,
  constant,
  loneFactor,
  numericValue,
  power,
  symbolBase,
  type Sum,
} from './normal-form.js';
import * as R from '../numbers/rational.js';

const E = atom(symbolBase('e'));

const ZERO_AT_ZERO = new Set(['sin', 'tan', 'asin', 'atan', 'sinh', 'tanh', 'asinh', 'atanh']);
const ONE_AT_ZERO = new Set(['cos', 'cosh', 'sec', 'sech']);
/** Functions that are 0 at 1, and the argument at which they are 1 (log10(10), log2(2)). */
const LOGARITHMS: ReadonlyMap<string, number | undefined> = new Map([
  ['log', undefined],
  ['log10', 10],
  ['log2', 2],
]);

export function applyFunction(name: string, args: readonly Sum[]): Sum {
  const [u, base] = args;
  if (args.length === 1 && u !== undefined) {
    if (name === 'exp') return power(E, u);
    if (name === 'sqrt') return power(u, HALF);
    const v = numericValue(u);
    if (v !== undefined) {
      if (R.isZero(v) && ZERO_AT_ZERO.has(name)) return ZERO;
      if (R.isZero(v) && ONE_AT_ZERO.has(name)) return ONE;
      if (R.isOne(v) && (LOGARITHMS.has(name) || name === 'acos')) return ZERO;
      const oneAt = LOGARITHMS.get(name);
      if (oneAt !== undefined && R.equals(v, R.fromNumber(oneAt))) return ONE;
      if (name === 'abs') return constant(R.abs(v));
    }
    if (name === 'log') {
      // ln(e^u) = u for every real u (ln(e) = 1 is the case u = 1).
      const f = loneFactor(u);
      if (f?.base.kind === 'symbol' && f.base.name === 'e') return f.exp;
    }
  }
  if (name === 'log' && u !== undefined && base !== undefined) {
    const v = numericValue(u);
    if (v !== undefined && R.isOne(v)) return ZERO;
    if (u.key === base.key) return ONE;
  }
  return atom(callBase(name, args));
}
