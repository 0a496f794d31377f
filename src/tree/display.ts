/**
 * From the simplifier's normal form back to a canonical tree laid out the way a person writes a
 * derivative: numeric coefficient first, then constants, then powers of the variable, then everything
 * else in order of first appearance; negative powers and the coefficient's denominator gathered into
 * one denominator; u^(1/2) as sqrt(u), e^u as exp(u); a negative coefficient as a minus sign.
 *
 * The layout is stable: reading a displayed tree back gives factors in the same order, which is what
 * makes simplify idempotent.
 */
import { add, call, div, isConstant, mul, neg, num, pow, sub, sym, type ConstantExpr, type Expr } from './nodes.js';
import { constant, numericValue, type Base, type Factor, type Sum, type Term } from './normal-form.js';
import * as R from '../numbers/rational.js';

export function display(s: Sum, variable: string): Expr {
  return shownSum(s, variable).expr;
}

/** A displayed part and whether it depends on the variable (found on the way up, so one pass). */
interface Shown {
  readonly expr: Expr;
  readonly dependent: boolean;
}

function shownSum(s: Sum, variable: string): Shown {
  let result: Expr | undefined;
  let dependent = false;
  for (const t of s.terms) {
    const { negative, magnitude, dependent: termDependent } = displayTerm(t, variable);
    dependent ||= termDependent;
    if (result === undefined) result = negative ? neg(magnitude) : magnitude;
    else result = negative ? sub(result, magnitude) : add(result, magnitude);
  }
  return { expr: result ?? num(0), dependent };
}

/**
 * Where a factor goes: constants (numbers that did not fold, pi, e, parameters, ln(2)…) first, then
 * plain powers of the variable, then the rest; first-appearance order within each group.
 */
const enum Rank {
  CONSTANT = 0,
  VARIABLE_POWER = 1,
  OTHER = 2,
}

interface ShownFactor extends Shown {
  readonly rank: Rank;
  readonly inDenominator: boolean;
}

function displayTerm(t: Term, variable: string): { negative: boolean; magnitude: Expr; dependent: boolean } {
  const shown = t.factors.map((f) => displayFactor(f, variable));
  // Array.prototype.sort is stable, so first-appearance order survives within each rank.
  shown.sort((a, b) => a.rank - b.rank);
  const coef = R.abs(t.coef);
  const numerator: Expr[] = [];
  const denominator: Expr[] = [];
  if (coef.kind === 'rational') {
    if (coef.n !== 1) numerator.push(num(coef.n));
    if (coef.d !== 1) denominator.push(num(coef.d));
  } else {
    // Shown to 15 significant digits, as sums and products of decimals are (rational.ts): a reciprocal
    // is kept whole for the products that follow it (7.5/7.5 is 1), and shown alone, as 1/7.5 or
    // (-1.5)^(-1) is, it would otherwise read 0.13333333333333333, and read again and negated it would
    // round: simplifying twice must give what simplifying once gave.
    const shown = Number(coef.value.toPrecision(15));
    if (shown !== 1) numerator.push(num(shown));
  }
  // Numbers too large to fold into the coefficient stay factors of their own: all of them smallest
  // first, so the product reads the same whichever of them became the coefficient (read again, the
  // first one does, and simplifying twice would swap them).
  const numbers = shown.filter((f) => !f.inDenominator && isConstant(f.expr));
  if (numbers.length > 0) {
    numerator.push(...numbers.map((f) => f.expr));
    numerator.sort((a, b) => (a as ConstantExpr).value - (b as ConstantExpr).value);
  }
  for (const f of shown) if (!numbers.includes(f)) (f.inDenominator ? denominator : numerator).push(f.expr);
  const top = product(numerator) ?? num(1);
  const bottom = product(denominator);
  return {
    negative: R.isNegative(t.coef),
    magnitude: bottom === undefined ? top : div(top, bottom),
    dependent: shown.some((f) => f.dependent),
  };
}

function product(factors: readonly Expr[]): Expr | undefined {
  return factors.reduce<Expr | undefined>((acc, f) => (acc === undefined ? f : mul(acc, f)), undefined);
}

/** A factor with a negative numeric exponent goes to the denominator as the positive power. */
function displayFactor(f: Factor, variable: string): ShownFactor {
  const e = numericValue(f.exp);
  const inDenominator = e !== undefined && R.isNegative(e);
  const shown = displayPower(f.base, inDenominator ? constant(R.negate(e)) : f.exp, variable);
  let rank = Rank.OTHER;
  if (!shown.dependent) rank = Rank.CONSTANT;
  else if (f.base.kind === 'symbol' && e !== undefined) rank = Rank.VARIABLE_POWER;
  return { expr: shown.expr, dependent: shown.dependent, rank, inDenominator };
}

function displayPower(base: Base, exp: Sum, variable: string): Shown {
  const e = numericValue(exp);
  if (base.kind === 'symbol' && base.name === 'e') {
    if (e !== undefined && R.isOne(e)) return { expr: sym('e'), dependent: false };
    const exponent = shownSum(exp, variable);
    return { expr: call('exp', exponent.expr), dependent: exponent.dependent };
  }
  const b = displayBase(base, variable);
  if (e !== undefined && R.isOne(e)) return b;
  if (e !== undefined && R.equals(e, R.HALF)) return { expr: call('sqrt', b.expr), dependent: b.dependent };
  const exponent = shownSum(exp, variable);
  return { expr: pow(b.expr, exponent.expr), dependent: b.dependent || exponent.dependent };
}

function displayBase(base: Base, variable: string): Shown {
  switch (base.kind) {
    case 'symbol':
      return { expr: sym(base.name), dependent: base.name === variable };
    case 'call': {
      const args = base.args.map((a) => shownSum(a, variable));
      return { expr: call(base.name, ...args.map((a) => a.expr)), dependent: args.some((a) => a.dependent) };
    }
    case 'number':
      return shownSum(constant(base.value), variable);
    case 'group':
      return shownSum(base.sum, variable);
  }
}
