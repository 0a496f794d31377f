/**
 * The step the differentiator takes at a chain node N = c·F(u): the correct one, F'(u)·u', and each
 * buggy rule a student may use in its place — the four of MISTAKES.md, then those of MISTAKES-BEYOND.md
 * that change the step (the wrong table entries F' are the outer function's own, in outer-function.ts).
 * The diagnosis differentiates the whole function again with one of these in place of the correct
 * step (at one chain node, or at all of them for the systematic form), so every candidate is an exact
 * derivative under a mistaken rule. Steps leave out the constant factor c: the differentiator puts it
 * back.
 */
import { add, div, isBinary, isCall, isConstant, isSymbol, isUnaryMinus, mentions, mul, neg, num, onlyArg, operands, pow, sub, substitute, sym, type Expr } from '../tree/nodes.js';
import { functionNamed } from '../functions/elementary.js';
import type { MistakeCode, Variant } from '../mistake-codes.js';
import { realPow } from '../numbers/real-power.js';
import { applyOuter, applyTemplate } from './outer-function.js';
import type { ApplicationContext, ApplicationPlace, PlaceMistake } from './places.js';
import type { ChainMatch } from './rules.js';

/** What a chain step works with. */
export interface ChainStepContext extends ApplicationContext {
  readonly chain: ChainMatch;
  /** u' as the rest of this differentiation computes it (mistaken inward for the systematic form). */
  innerDerivative(): Expr;
  /** u itself read as a chain node G(R), when it is one (the swap of the two outermost layers). */
  readonly innerChain: ChainMatch | undefined;
}

export type ChainStepMistake = PlaceMistake<ApplicationPlace, ChainStepContext>;

/** u(F(x)): the function a swap (a) differentiates (also what its feedback quotes). */
export function swappedFunction(chain: ChainMatch, variable: string): Expr {
  return substitute(chain.inner, variable, applyOuter(chain.outer, sym(variable)));
}

/** G(F(R)) where u = G(R): the function a swap (b) differentiates. */
export function swappedLayers(chain: ChainMatch, inner: ChainMatch): Expr {
  const swapped = applyOuter(inner.outer, applyOuter(chain.outer, inner.inner));
  return inner.coefficient ? mul(inner.coefficient, swapped) : swapped;
}

export function correctStep(s: ChainStepContext): Expr {
  return mul(s.outerDerivative(s.chain.inner), s.innerDerivative());
}

const x = (s: ChainStepContext) => sym(s.variable);
const F = (s: ChainStepContext, argument: Expr) => applyOuter(s.chain.outer, argument);

function step(code: MistakeCode, variant: Variant, rule: ChainStepMistake['step'], appliesAt?: (place: ApplicationPlace, variable: string) => boolean): ChainStepMistake {
  return appliesAt ? { code, variant, step: rule, appliesAt } : { code, variant, step: rule };
}

/**
 * The buggy steps at a chain node, in report order: exactly MISTAKES.md's table for the four, then
 * MISTAKES-BEYOND.md's chain rule beyond them, and the power rule taken for an exponential's without
 * the inner factor.
 */
export const CHAIN_STEP_MISTAKES: readonly ChainStepMistake[] = [
  // F'(u): the inner derivative left out.
  step('missing_inner_factor', 'a', (_, s) => s.outerDerivative(s.chain.inner)),
  // F'(u)·c where u is written c·v (-v, 3v, v/2): the constant factor of u' kept, v' left out. In
  // e^(-(w·x + b)) the minus of -z kept and ∂z/∂w = x forgotten. Void where v' = 1 (u = -x, 3x + 1).
  step(
    'missing_inner_factor',
    'b',
    (_, s) => mul(s.outerDerivative(s.chain.inner), writtenFactor(s.chain.inner) as Expr),
    (place) => place.chain !== undefined && writtenFactor(place.chain.chain.inner) !== undefined,
  ),
  // F'(u'), and F'(u')·u'.
  step('outer_at_inner_derivative', 'a', (_, s) => s.outerDerivative(s.innerDerivative())),
  step('outer_at_inner_derivative', 'b', (_, s) => {
    const du = s.innerDerivative();
    return mul(s.outerDerivative(du), du);
  }),
  // d/dx u(F(x)): the variable in u replaced by F(x).
  step('swapped_inner_outer', 'a', (_, s) => s.correct(swappedFunction(s.chain, s.variable))),
  // u = G(R) is a chain node itself: d/dx G(F(R)), the two outermost layers exchanged.
  step('swapped_inner_outer', 'b', (_, s) => s.correct(swappedLayers(s.chain, s.innerChain as ChainMatch)), (place) => place.chain?.innerChain !== undefined),
  // F'(x)·u', F'(x)·u + F(x)·u' (read as a product), F'(x).
  step('missed_composite', 'a', (_, s) => mul(s.outerDerivative(x(s)), s.innerDerivative())),
  step('missed_composite', 'b', (_, s) => add(mul(s.outerDerivative(x(s)), s.chain.inner), mul(F(s, x(s)), s.innerDerivative()))),
  step('missed_composite', 'c', (_, s) => s.outerDerivative(x(s))),
  // MISTAKES-BEYOND.md: F(u'): the inside differentiated, the outer function kept.
  step('inner_only', 'a', (_, s) => F(s, s.innerDerivative())),
  // F(u)·u': multiplied by the inner derivative, F left as it was.
  step('outer_not_differentiated', 'a', (_, s) => mul(F(s, s.chain.inner), s.innerDerivative())),
  // u': F'(u) left out altogether (∂L/∂a or ∂a/∂z = σ'(z) forgotten in backpropagation).
  step('outer_not_differentiated', 'b', (_, s) => s.innerDerivative()),
  // F'(u)·u: multiplied by the inner function instead of its derivative.
  step('inner_not_differentiated', 'a', (_, s) => mul(s.outerDerivative(s.chain.inner), s.chain.inner)),
  // F'(u)·(-u'): the inner derivative's sign turned, as MISTAKES-BEYOND.md defines it, at every
  // composite: a minus of u lost or doubled (1 - x, -2x + 5, 1 - e^x), and a minus put into u' where u
  // has none to give (x - 3 taken to give -1, x^2 + 1 to give -2x): one term of a product rule or a
  // sum with its sign turned is this mistake at that composite, not a slip of the whole answer.
  step('inner_derivative_sign_error', 'a', (_, s) => mul(s.outerDerivative(s.chain.inner), neg(s.innerDerivative()))),
  // F(a + b) taken as F(a) + F(b), then differentiated.
  step('linear_extrapolation', 'a', (_, s) => s.correct(distributed(s.chain, s.variable) as Expr), (place) => place.chain !== undefined && signedTerms(place.chain.chain.inner).length > 1),
  // F(a - b) taken as F(a) + F(-b): the page's F(a + b) = F(a) + F(b) with the minus kept inside its
  // term, as (5 - 2x)^4 → 5^4 + (-2x)^4 = 625 + 16x^4, where (a) writes 5^4 - (2x)^4 (the "freshman's
  // dream" (a - b)^2 = a^2 - b^2). Both are common; they differ only where F(t) + F(-t) is not constant
  // and a term with a minus has the variable (F(-3) and -F(3) are constants alike), so (b) is made only
  // there (elsewhere it would be (a) reported twice).
  step('linear_extrapolation', 'b', (_, s) => s.correct(distributed(s.chain, s.variable, true) as Expr), (place, variable) => place.chain !== undefined && minusKeptDiffers(place.chain.chain, variable)),
  // a^u → u·a^(u-1), the inner factor left out too (with it, it is the wrong table entry itself).
  step(
    'power_rule_on_exponential',
    'b',
    (place, s) => applyTemplate(powerRuleOnExponential(place) as Expr, s.chain.inner),
    (place) => powerRuleOnExponential(place) !== undefined,
  ),
];

/** The wrong F' of the power rule taken for an exponential's, when the outer function is one. */
function powerRuleOnExponential(place: ApplicationPlace): Expr | undefined {
  return place.outer.mistakes.find((m) => m.code === 'power_rule_on_exponential' && m.variant === 'a')?.derivativeTemplate;
}

export interface SignedTerm {
  term: Expr;
  negative: boolean;
}

/**
 * c when u is written as a constant multiple c·v: a leading minus, a number multiplying or dividing it,
 * or a minus on every term (-w·x - b is -(w·x + b)); undefined when c is 1. Numbers are what has no
 * letter but e and π (3, 1/2, 2π, sqrt(2)), so the constant is told from the variable's part without
 * knowing the variable.
 */
export function writtenFactor(u: Expr): Expr | undefined {
  return writtenMultiple(u)?.factor;
}

/**
 * u written as c·v: c as `writtenFactor` finds it and v, the part of u it multiplies, as u writes it
 * (w·x + b in -(w·x + b); with every sign turned where c is a minus on every term).
 */
export function writtenMultiple(u: Expr): { factor: Expr; rest: Expr } | undefined {
  let factor: Expr = num(1);
  let value = 1;
  let v = u;
  for (;;) {
    const number = (e: Expr) => numberValue(e);
    const lead = leadingConstant(v);
    if (isUnaryMinus(v)) {
      [factor, value, v] = [neg(factor), -value, onlyArg(v)];
    } else if (isBinary(v, '*') && number(operands(v)[0]) !== undefined) {
      const [k, rest] = operands(v);
      [factor, value, v] = [mul(factor, k), value * (number(k) as number), rest];
    } else if (isBinary(v, '*') && number(operands(v)[1]) !== undefined) {
      const [rest, k] = operands(v);
      [factor, value, v] = [mul(factor, k), value * (number(k) as number), rest];
    } else if (isBinary(v, '/') && number(operands(v)[1]) !== undefined) {
      const [rest, k] = operands(v);
      [factor, value, v] = [div(factor, k), value / (number(k) as number), rest];
    } else if (lead !== undefined) {
      // -k·x, -w·x, -x/k, -2·w·x: read ((-2)·w)·x, the first factor's number or minus is the whole
      // product's, as in -(k·x) and -2·(w·x).
      [factor, value, v] = [mul(factor, lead.k), value * (number(lead.k) as number), lead.rest];
    } else {
      const terms = signedTerms(v);
      if (terms.length > 1 && terms.every((term) => term.negative !== leadingMinus(term.term))) {
        if (Math.abs(-value - 1) <= 1e-12) return undefined;
        // v with every sign turned: w·x + b for -w·x - b, 2x + 1 for (-2)x - 1. Every term is negative
        // once: by its sign, kept as it is, or by its first factor, whose minus is dropped.
        const rest = terms
          .map(({ term, negative }) => (negative ? term : withoutLeadingMinus(term)))
          .reduce((sum, term) => add(sum, term));
        return { factor: neg(factor), rest };
      }
      break;
    }
  }
  return Math.abs(value - 1) <= 1e-12 ? undefined : { factor, rest: v };
}

/**
 * The number or minus that a product's (or quotient's) first factor starts with, and the product
 * without it: ((-2)·w)·x → -2 and w·x, (-w)·x → -1 and w·x, (-x)/k → -1 and x/k. Undefined when the
 * first factor is neither, or for a number over something (c/q is not a multiple).
 */
function leadingConstant(v: Expr): { k: Expr; rest: Expr } | undefined {
  if (!isBinary(v, '*') && !isBinary(v, '/')) return undefined;
  const [first, second] = operands(v);
  const join = (rest: Expr) => (isBinary(v, '*') ? mul(rest, second) : div(rest, second));
  if (isBinary(v, '*') && numberValue(first) !== undefined) return { k: first, rest: second };
  if (isUnaryMinus(first)) return { k: num(-1), rest: join(onlyArg(first)) };
  const inner = leadingConstant(first);
  return inner && { k: inner.k, rest: join(inner.rest) };
}

/** A term whose first factor has a minus, without it: (-3)·x^2 → 3·x^2, -w → w. */
function withoutLeadingMinus(term: Expr): Expr {
  if (isUnaryMinus(term)) return onlyArg(term);
  if (isConstant(term)) return num(-term.value);
  if (isBinary(term, '*') || isBinary(term, '/')) {
    const [first, second] = operands(term);
    return isBinary(term, '*') ? mul(withoutLeadingMinus(first), second) : div(withoutLeadingMinus(first), second);
  }
  return neg(term);
}

/** A product or quotient whose first factor is written with a minus: (-3)·x^2, (-w)·x. */
function leadingMinus(term: Expr): boolean {
  if (isUnaryMinus(term)) return true;
  if (isConstant(term)) return term.value < 0;
  if (isBinary(term, '*') || isBinary(term, '/')) return leadingMinus(operands(term)[0]);
  return false;
}

const NAMED_NUMBERS: Readonly<Record<string, number>> = { e: Math.E, pi: Math.PI };

/** The value of an expression without letters but e and π (3, -2, 2π, sqrt(2)); undefined for any other. */
export function numberValue(node: Expr): number | undefined {
  if (isConstant(node)) return node.value;
  if (isSymbol(node)) return NAMED_NUMBERS[node.name];
  if (isCall(node)) {
    const entry = functionNamed(node.fn.name, node.args.length);
    const args = node.args.map((arg) => numberValue(arg as Expr));
    if (!entry || args.some((a) => a === undefined)) return undefined;
    return entry.evaluate(args[0] as number, args[1]);
  }
  if (isUnaryMinus(node)) {
    const inner = numberValue(onlyArg(node));
    return inner === undefined ? undefined : -inner;
  }
  if (!isBinary(node, '+') && !isBinary(node, '-') && !isBinary(node, '*') && !isBinary(node, '/') && !isBinary(node, '^')) return undefined;
  const [a, b] = operands(node).map(numberValue);
  if (a === undefined || b === undefined) return undefined;
  switch (node.op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      // In real mode, as the grader evaluates: (-8)^(1/3) is -2, not NaN.
      return realPow(a, b);
  }
}

/** The top-level terms of a sum, with their signs. */
export function signedTerms(expr: Expr, negative = false, into: SignedTerm[] = []): SignedTerm[] {
  if (isBinary(expr, '+') || isBinary(expr, '-')) {
    const [left, right] = operands(expr);
    signedTerms(left, negative, into);
    signedTerms(right, isBinary(expr, '-') ? !negative : negative, into);
  } else if (isUnaryMinus(expr)) {
    signedTerms(onlyArg(expr), !negative, into);
  } else {
    into.push({ term: expr, negative });
  }
  return into;
}

/**
 * F(t1) ± F(t2) ± …: F distributed over the terms of u, each F(t) simplified as a student would; with
 * `minusInside`, F(t1) + F(-t2) + …: a term's minus stays in F's argument, F(-t) as it stands (a
 * student who keeps the minus does not also pull it out of a root or a power).
 */
function distributed(chain: ChainMatch, variable: string, minusInside = false): Expr | undefined {
  let total: Expr | undefined;
  for (const { term, negative } of signedTerms(chain.inner)) {
    // A minus kept inside is F(-t) added; otherwise the term's minus is F(t) taken away.
    const keptInside = minusInside && negative;
    const part = keptInside ? applyOuter(chain.outer, neg(term)) : studentApply(chain, term, variable);
    const subtracted = negative && !keptInside;
    total = total === undefined ? (subtracted ? neg(part) : part) : subtracted ? sub(total, part) : add(total, part);
  }
  return total;
}

/**
 * Whether F(a) + F(-b) has another derivative than F(a) - F(b) for this chain node: u is a sum with a
 * term of the variable written with a minus (a constant term's F(-c) and -F(c) differ by a constant),
 * and F(t) + F(-t) is not a constant — the two differ by F(-b) + F(b), so where that sum is constant
 * (F odd: sin, tan, arcsinh, cbrt, u^(1/3), odd powers; or a constant apart from 0: arccos and arcsec
 * give π) (b) would be (a) reported twice. The sum is read off F's values at numbers on both sides, so
 * no list of such functions is kept; F undefined at every -t (sqrt, ln) or with a letter of its own
 * (a^t) counts as not constant.
 */
function minusKeptDiffers(chain: ChainMatch, variable: string): boolean {
  const terms = signedTerms(chain.inner);
  if (terms.length < 2 || !terms.some((term) => term.negative && mentions(term.term, variable))) return false;
  const sums: number[] = [];
  // Rounding grows with F's values (u^21 at 2.5 is about 2·10^8), so the test's width does too.
  let scale = 1;
  for (const t of SYMMETRY_PROBES) {
    const plus = numberValue(applyOuter(chain.outer, num(t)));
    const minus = numberValue(applyOuter(chain.outer, num(-t)));
    if (plus === undefined || minus === undefined || !Number.isFinite(plus) || !Number.isFinite(minus)) continue;
    sums.push(plus + minus);
    scale = Math.max(scale, Math.abs(plus), Math.abs(minus));
  }
  const first = sums[0] as number;
  const constant = sums.length >= 2 && sums.every((sum) => Math.abs(sum - first) <= 1e-12 * scale);
  return !constant;
}

/** Where F(t) + F(-t) is sampled: inside (-1, 1) for arcsin and arccos, outside it for arcsec and arcoth. */
const SYMMETRY_PROBES = [0.3, 0.7, 1.5, 2.5];

/**
 * F(t), where a root or a power of a power multiplies the exponents as students do: sqrt(x^2) = x,
 * (x^3)^2 = x^6, sqrt(4x^2) = sqrt(4)·x. Anything else is F(t) as it stands.
 */
function studentApply(chain: ChainMatch, term: Expr, variable: string): Expr {
  // The exponent n of a power outer □^n, or 1/k of a root sqrt, cbrt, nthRoot(□, k).
  const exponent = chain.outer.exponent;
  if (exponent === undefined || !mentions(term, variable)) return applyOuter(chain.outer, term);
  const [factor, base, power] = constantTimesPower(term, variable);
  const combined = pow(base, mul(power, exponent));
  return factor === undefined ? combined : mul(applyOuter(chain.outer, factor), combined);
}

/** t as k·b^m: [k or undefined, b, m] (m = 1 when t is no power). */
function constantTimesPower(term: Expr, variable: string): [Expr | undefined, Expr, Expr] {
  if (isBinary(term, '*')) {
    const [k, rest] = operands(term);
    if (!mentions(k, variable)) {
      const [, base, power] = constantTimesPower(rest, variable);
      return [k, base, power];
    }
  }
  if (isBinary(term, '^')) {
    const [base, power] = operands(term);
    return [undefined, base, power];
  }
  return [undefined, term, num(1)];
}
