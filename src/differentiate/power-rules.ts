/**
 * The power rule and the rules for powers that are not an outer function applied to an argument, with
 * the buggy versions students use in their place (MISTAKES-BEYOND.md): the power rule's F' for u^n and
 * for a root u^(1/k), right and wrong (carried by the outer function, rules.ts and outer-function.ts),
 * u^v with both depending on the variable, by logarithmic differentiation, and a constant times a power
 * of the variable.
 */
import { add, call, div, mul, num, pow, sub, sym, type Expr } from '../tree/nodes.js';
import type { OuterMistake } from './outer-function.js';
import type { CoefficientPlace, PlaceMistake, StepContext, VariablePowerPlace } from './places.js';

/**
 * □^n → n·□^(n-1) for a constant n; wrongly n·□^n (the exponent not reduced: √x → ½x^½) or
 * n·□^(n+1) (increased, as when 1/x^3 gives -3/x^2).
 */
export function powerRule(exponent: Expr, box: Expr): { derivative: Expr; mistakes: readonly OuterMistake[] } {
  return {
    derivative: mul(exponent, pow(box, sub(exponent, num(1)))),
    mistakes: powerRuleMistakes(exponent, box),
  };
}

/** The wrong forms of the power rule's F' at □^n. */
export function powerRuleMistakes(exponent: Expr, box: Expr): readonly OuterMistake[] {
  return [
    { code: 'power_exponent_not_reduced', variant: 'a', derivativeTemplate: mul(exponent, pow(box, exponent)) },
    { code: 'power_exponent_increased', variant: 'a', derivativeTemplate: mul(exponent, pow(box, add(exponent, num(1)))) },
  ];
}

/** (u^v)' = u^v·(v'·ln u + v·u'/u). */
export function logarithmicRule(base: Expr, exponent: Expr, s: StepContext): Expr {
  return mul(pow(base, exponent), add(mul(s.d(exponent), call('log', base)), div(mul(exponent, s.d(base)), base)));
}

export const VARIABLE_POWER_MISTAKES: readonly PlaceMistake<VariablePowerPlace>[] = [
  // The power rule as if v were constant: v·u^(v-1)·u' (x^x → x·x^(x-1)).
  { code: 'power_rule_variable_exponent', variant: 'a', step: (p, s) => mul(mul(p.exponent, pow(p.base, sub(p.exponent, num(1)))), s.d(p.base)) },
];

export const COEFFICIENT_MISTAKES: readonly PlaceMistake<CoefficientPlace>[] = [
  // c·x^n → (c+n)·x^(n-1): the exponent added to the coefficient instead of multiplied (3x^4 → 7x^3,
  // 4√x → 4.5·x^(-1/2)).
  { code: 'power_rule_coefficient_added', variant: 'a', step: (p, s) => mul(add(p.constant, p.exponent), pow(sym(s.variable), sub(p.exponent, num(1)))) },
];
