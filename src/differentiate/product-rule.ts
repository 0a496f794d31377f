/**
 * The product rule, (f·g)' = f'·g + f·g', and the buggy versions students use in its place
 * (MISTAKES-BEYOND.md): the derivatives multiplied, one term only, the derivatives added, and the
 * product taken for a composite f(g).
 */
import { add, mul, substitute, type Expr } from '../tree/nodes.js';
import type { PlaceMistake, ProductPlace, StepContext } from './places.js';

export function productRule(left: Expr, right: Expr, s: StepContext): Expr {
  return add(mul(s.d(left), right), mul(left, s.d(right)));
}

export const PRODUCT_MISTAKES: readonly PlaceMistake<ProductPlace>[] = [
  // f'(g)·g': the left factor read as the outer function of the right one (x^2 sin x → 2 sin x cos x);
  // f' as the rest of this differentiation takes it (the same mistake inside f, when systematic).
  { code: 'product_as_composite', variant: 'a', step: (p, s) => mul(substitute(s.d(p.left), s.variable, p.right), s.d(p.right)) },
  { code: 'product_of_derivatives', variant: 'a', step: (p, s) => mul(s.d(p.left), s.d(p.right)) },
  { code: 'product_rule_one_term', variant: 'a', step: (p, s) => mul(s.d(p.left), p.right) },
  { code: 'product_rule_one_term', variant: 'b', step: (p, s) => mul(p.left, s.d(p.right)) },
  { code: 'product_rule_sum', variant: 'a', step: (p, s) => add(s.d(p.left), s.d(p.right)) },
];
