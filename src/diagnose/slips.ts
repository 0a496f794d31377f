/**
 * Wrong answers that no chain-rule mistake explains but that are still recognisable: the derivative
 * with the wrong sign, a constant multiple of it, the derivative of only some terms of a sum, or the
 * function itself. Reported under codes of their own (MISTAKES.md rule 5), only when none of the four
 * chain-rule mistakes matches.
 */
import { compare, prepare, type Prepared } from '../compare/equivalence.js';
import type { Domain } from '../compare/domain.js';
import { Differentiator } from '../differentiate/differentiate.js';
import { smallRational } from '../numbers/real-power.js';
import { add, isBinary, isUnaryMinus, mul, neg, num, onlyArg, operands, sub, type Expr } from '../tree/nodes.js';
import { render, type Rendered } from '../tree/render.js';
import type { SlipCode } from './catalogue.js';

export interface SlipMatch {
  code: SlipCode;
  /** The expression the answer equals. */
  expr: Expr;
  feedback: { open: string; quiet: string };
}

export interface SlipContext {
  f: Expr;
  expected: Expr;
  variable: string;
  domain: Domain;
  /** `expected` prepared on `domain`. */
  expectedValues: Prepared;
  /** Prepare (and cache) an expression on `domain`. */
  prepare: (expr: Expr) => Prepared;
}

/** Sums with more terms than this are not searched for left-out terms (2^n subsets). */
const MAX_SUM_TERMS = 6;

export function findSlips(context: SlipContext, answer: Prepared): SlipMatch[] {
  const matches: SlipMatch[] = [];
  const equals = (expr: Expr) => compare(answer, context.prepare(expr)).verdict === 'equivalent';
  const opposite = neg(context.expected);
  if (equals(opposite)) {
    matches.push({
      code: 'sign_error',
      expr: opposite,
      feedback: {
        open: `Your answer has the opposite sign of the derivative, ${text(context.expected, context.variable)}. Check the signs of the derivatives you used: d/d${context.variable} cos(u) = -sin(u)·u', for instance.`,
        quiet: 'Your answer has the opposite sign of the derivative: check the signs of the derivatives you used.',
      },
    });
  }
  const factor = constantFactor(answer, context.expectedValues);
  if (factor !== undefined) {
    const scaled = mul(num(factor), context.expected);
    if (equals(scaled)) {
      const shown = showNumber(factor);
      matches.push({
        code: 'constant_factor',
        expr: scaled,
        feedback: {
          open: `Your answer is ${shown} times the derivative, ${text(context.expected, context.variable)}: check the constant factors (coefficients, and exponents brought down by the power rule).`,
          quiet: `Your answer is ${shown} times the derivative: check the constant factors.`,
        },
      });
    }
  }
  for (const part of partialSums(context.f)) {
    const derivative = new Differentiator(part.kept, context.variable).derivative();
    if (compare(context.prepare(derivative), context.expectedValues).verdict === 'equivalent') continue;
    if (equals(derivative)) {
      const kept = text(part.kept, context.variable);
      const dropped = text(part.dropped, context.variable);
      matches.push({
        code: 'missing_term',
        expr: derivative,
        feedback: {
          open: `Your answer is the derivative of ${kept} alone: you left out ${dropped}. Differentiate every term of the sum.`,
          quiet: 'Your answer leaves out part of the function: differentiate every term of the sum.',
        },
      });
      break;
    }
  }
  if (equals(context.f)) {
    matches.push({
      code: 'not_differentiated',
      expr: context.f,
      feedback: {
        open: 'Your answer is the function itself, not its derivative.',
        quiet: 'Your answer is the function itself, not its derivative.',
      },
    });
  }
  return matches;
}

/** The constant c with answer = c·expected at every point, if the ratios agree (c ≠ 0, ±1). */
function constantFactor(answer: Prepared, expected: Prepared): number | undefined {
  let ratio: number | undefined;
  for (let i = 0; i < expected.values.length; i++) {
    const a = answer.values[i] as number;
    const e = expected.values[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(e) || Math.abs(e) < 1e-9) continue;
    const r = a / e;
    if (ratio === undefined) ratio = r;
    else if (Math.abs(r - ratio) > 1e-7 * Math.abs(ratio)) return undefined;
  }
  if (ratio === undefined || Math.abs(ratio) < 1e-9 || Math.abs(Math.abs(ratio) - 1) < 1e-9) return undefined;
  return ratio;
}

function showNumber(value: number): string {
  const r = smallRational(value);
  if (r) return r.d === 1 ? `${r.n}` : `${r.n}/${r.d}`;
  return `${Number(value.toPrecision(6))}`;
}

function text(expr: Expr, variable: string): string {
  return (render(expr, variable) as Rendered).text;
}

interface PartialSum {
  kept: Expr;
  dropped: Expr;
}

/** Every way of keeping some, not all, of the top-level terms of a sum. */
function partialSums(f: Expr): PartialSum[] {
  const terms = signedTerms(f);
  if (terms.length < 2 || terms.length > MAX_SUM_TERMS) return [];
  const sums: PartialSum[] = [];
  const full = (1 << terms.length) - 1;
  for (let mask = 1; mask < full; mask++) {
    const kept = terms.filter((_, k) => mask & (1 << k));
    const dropped = terms.filter((_, k) => !(mask & (1 << k)));
    sums.push({ kept: sumOf(kept), dropped: sumOf(dropped) });
  }
  // Fewest terms left out first: the likeliest slip.
  return sums.sort((a, b) => signedTerms(b.kept).length - signedTerms(a.kept).length);
}

interface SignedTerm {
  term: Expr;
  negative: boolean;
}

function signedTerms(expr: Expr, negative = false, into: SignedTerm[] = []): SignedTerm[] {
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

function sumOf(terms: readonly SignedTerm[]): Expr {
  let total: Expr | undefined;
  for (const { term, negative } of terms) {
    if (total === undefined) total = negative ? neg(term) : term;
    else total = negative ? sub(total, term) : add(total, term);
  }
  return total as Expr;
}
