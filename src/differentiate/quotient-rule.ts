/**
 * The quotient rule, (p/q)' = (p'·q - p·q')/q^2, and for a constant over a function (c/q)' =
 * -c·q'/q^2, with the buggy versions students use in their place (MISTAKES-BEYOND.md).
 */
import { add, div, mul, neg, num, pow, sub, type Expr } from '../tree/nodes.js';
import type { PlaceMistake, QuotientPlace, ReciprocalPlace, StepContext } from './places.js';

const square = (e: Expr) => pow(e, num(2));

export function quotientRule(numerator: Expr, denominator: Expr, s: StepContext): Expr {
  return div(sub(mul(s.d(numerator), denominator), mul(numerator, s.d(denominator))), square(denominator));
}

export function reciprocalRule(constant: Expr, denominator: Expr, s: StepContext): Expr {
  return neg(div(mul(constant, s.d(denominator)), square(denominator)));
}

export const QUOTIENT_MISTAKES: readonly PlaceMistake<QuotientPlace>[] = [
  { code: 'quotient_of_derivatives', variant: 'a', step: (q, s) => div(s.d(q.numerator), s.d(q.denominator)) },
  {
    code: 'quotient_numerator_reversed',
    variant: 'a',
    step: (q, s) => div(sub(mul(q.numerator, s.d(q.denominator)), mul(s.d(q.numerator), q.denominator)), square(q.denominator)),
  },
  {
    code: 'quotient_numerator_plus',
    variant: 'a',
    step: (q, s) => div(add(mul(s.d(q.numerator), q.denominator), mul(q.numerator, s.d(q.denominator))), square(q.denominator)),
  },
  {
    code: 'quotient_denominator_not_squared',
    variant: 'a',
    step: (q, s) => div(sub(mul(s.d(q.numerator), q.denominator), mul(q.numerator, s.d(q.denominator))), q.denominator),
  },
  { code: 'quotient_numerator_derivatives_only', variant: 'a', step: (q, s) => div(sub(s.d(q.numerator), s.d(q.denominator)), square(q.denominator)) },
];

export const RECIPROCAL_MISTAKES: readonly PlaceMistake<ReciprocalPlace>[] = [
  // c/q': the denominator differentiated in place (1/x^3 → 1/(3x^2)).
  { code: 'reciprocal_of_derivative', variant: 'a', step: (r, s) => div(r.constant, s.d(r.denominator)) },
];
