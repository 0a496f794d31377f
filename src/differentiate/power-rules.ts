/**
 * The rules for powers that are not an outer function applied to an argument (those, x^n and u^n, a^x
 * and a^u, carry their wrong derivatives in their outer function, rules.ts): u^v with both depending on
 * the variable, by logarithmic differentiation, and a constant times a power of the variable, with the
 * buggy versions students use in their place (MISTAKES-BEYOND.md).
 */
import { add, call, div, mul, num, pow, sub, sym, type Expr } from '../tree/nodes.js';
import type { CoefficientPlace, PlaceMistake, StepContext, VariablePowerPlace } from './places.js';

/** (u^v)' = u^v·(v'·ln u + v·u'/u). */
export function logarithmicRule(base: Expr, exponent: Expr, s: StepContext): Expr {
  return mul(pow(base, exponent), add(mul(s.d(exponent), call('log', base)), div(mul(exponent, s.d(base)), base)));
}

export const VARIABLE_POWER_MISTAKES: readonly PlaceMistake<VariablePowerPlace>[] = [
  // The power rule as if v were constant: v·u^(v-1)·u' (x^x → x·x^(x-1)).
  { code: 'power_rule_variable_exponent', variant: 'a', step: (p, s) => mul(mul(p.exponent, pow(p.base, sub(p.exponent, num(1)))), s.d(p.base)) },
];

export const COEFFICIENT_MISTAKES: readonly PlaceMistake<CoefficientPlace>[] = [
  // c·x^n → (c+n)·x^(n-1): the exponent added to the coefficient instead of multiplied (3x^4 → 7x^3).
  { code: 'power_rule_coefficient_added', variant: 'a', step: (p, s) => mul(add(p.constant, p.exponent), pow(sym(s.variable), sub(p.exponent, num(1)))) },
];
