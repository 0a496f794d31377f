/**
 * Wrong answers that no chain-rule mistake explains but that are still recognisable: the derivative
 * with the wrong sign, a constant multiple of it, the derivative of only some terms of a sum, or the
 * function itself. Reported under codes of their own (MISTAKES.md rule 5), only when none of the four
 * chain-rule mistakes matches.
 */
import { compare, type Prepared } from '../compare/equivalence.js';
import { numberValue, signedTerms, type SignedTerm } from '../differentiate/chain-steps.js';
import { Differentiator } from '../differentiate/differentiate.js';
import { smallRational } from '../numbers/real-power.js';
import { add, children, isBinary, isCall, isConstant, isUnaryMinus, mentions, mul, neg, num, operands, sub, type Expr } from '../tree/nodes.js';
import { render, type Rendered } from '../tree/render.js';
import { list, msg, type Message, type MessageParam } from '../i18n/message.js';
import type { SlipCode } from './catalogue.js';

export interface SlipMatch {
  code: SlipCode;
  /** The expression the answer equals. */
  expr: Expr;
  feedback: { open: Message; quiet: Message };
}

export interface SlipContext {
  f: Expr;
  expected: Expr;
  variable: string;
  /** `expected` prepared on the answer's domain. */
  expectedValues: Prepared;
  /** Prepare an expression on the answer's domain (for this check only). */
  prepare: (expr: Expr) => Prepared;
  /** Does the answer equal this expression (the same test as for correctness)? */
  equals: (expr: Expr) => boolean;
  /**
   * For an answer compared beyond double range, where it has no double values: the constant it is
   * the derivative times, if any (AnswerValues.extendedFactor).
   */
  extendedFactor?: () => number | undefined;
}

/** Sums with more terms than this are not searched for left-out terms (2^n subsets). */
const MAX_SUM_TERMS = 6;

export function findSlips(context: SlipContext, answer: Prepared): SlipMatch[] {
  const matches: SlipMatch[] = [];
  const equals = context.equals;
  const opposite = neg(context.expected);
  if (equals(opposite)) {
    matches.push({
      code: 'sign_error',
      expr: opposite,
      feedback: {
        open: msg('slip.sign_error.open', { expected: text(context.expected, context.variable), hint: signHint(context.f, context.variable) }),
        quiet: msg('slip.sign_error.quiet', { hint: signHint(context.f, context.variable) }),
      },
    });
  }
  const factor = context.extendedFactor ? context.extendedFactor() : constantFactor(answer, context.expectedValues);
  if (factor !== undefined) {
    const scaled = mul(num(factor), context.expected);
    if (equals(scaled)) {
      const shown = showFactor(factor);
      // 0.99982 times: a rounded constant (2.303 for ln 10), not a slip of the power rule.
      const rounded = Math.abs(factor - 1) < 0.01;
      const advice = msg(rounded ? 'slip.constant_factor.rounded' : 'slip.constant_factor.check');
      matches.push({
        code: 'constant_factor',
        expr: scaled,
        feedback: {
          open: msg('slip.constant_factor.open', { factor: shown, expected: text(context.expected, context.variable), advice }),
          // The factor itself would give the answer away (multiply by it): quiet says only what to check.
          quiet: msg(rounded ? 'slip.constant_factor.quiet_rounded' : 'slip.constant_factor.quiet'),
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
          open: msg('slip.missing_term.open', { kept, dropped }),
          quiet: msg('slip.missing_term.quiet'),
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
        open: msg('slip.not_differentiated'),
        quiet: msg('slip.not_differentiated'),
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

/** A factor as a person would name it: 5/3, ln(10), 1/ln(2), 2·π; otherwise a rounded decimal. */
function showFactor(value: number): string {
  const fraction = (r: { n: number; d: number }) => (r.d === 1 ? `${r.n}` : `${r.n}/${r.d}`);
  const exact = smallRational(value);
  if (exact) return fraction(exact);
  for (const [name, constant] of NAMED_CONSTANTS) {
    const times = smallRational(value / constant);
    if (times && Math.abs(times.d) <= 12 && Math.abs(times.n) <= 24) {
      return times.n === 1 && times.d === 1 ? name : times.n === -1 && times.d === 1 ? `-${name}` : `${fraction(times)}·${name}`;
    }
    const over = smallRational(value * constant);
    if (over && Math.abs(over.d) <= 12 && Math.abs(over.n) <= 24) return `${fraction(over)}/${name}`;
  }
  // As many digits as tell it from a simple number: 1.000001 times the derivative is not "1 times".
  for (let digits = 6; digits < 17; digits++) {
    const shown = Number(value.toPrecision(digits));
    if (shown === value || smallRational(shown) === undefined) return `${shown}`;
  }
  return `${value}`;
}

const NAMED_CONSTANTS: ReadonlyArray<readonly [string, number]> = [
  ['ln(10)', Math.LN10],
  ['ln(2)', Math.LN2],
  ['ln(3)', Math.log(3)],
  ['π', Math.PI],
  ['e', Math.E],
];

/** Functions whose derivative carries a minus, the usual source of a sign error, by tree name. */
const MINUS_RULES: Record<string, string> = {
  cos: 'd/du cos(u) = -sin(u)',
  cot: 'd/du cot(u) = -csc(u)^2',
  csc: 'd/du csc(u) = -csc(u)·cot(u)',
  acos: 'd/du arccos(u) = -1/sqrt(1 - u^2)',
  acot: 'd/du arccot(u) = -1/(1 + u^2)',
  acsc: 'd/du arccsc(u) = -1/(|u|·sqrt(u^2 - 1))',
  sech: 'd/du sech(u) = -sech(u)·tanh(u)',
  csch: 'd/du csch(u) = -csch(u)·coth(u)',
  coth: 'd/du coth(u) = -csch(u)^2',
  asech: 'd/du arsech(u) = -1/(u·sqrt(1 - u^2))',
  acsch: 'd/du arcsch(u) = -1/(|u|·sqrt(1 + u^2))',
};

/** Functions whose derivative has no minus though a similar one has: a minus there is the slip. */
const NO_MINUS_RULES: Record<string, Message> = {
  cosh: msg('slip.sign_error.no_minus', { rule: 'd/du cosh(u) = sinh(u)', unlike: 'cos' }),
  sec: msg('slip.sign_error.no_minus', { rule: 'd/du sec(u) = sec(u)·tan(u)', unlike: 'csc' }),
};

/**
 * Advice naming the places of this function where a minus comes from or goes astray: a rule with a
 * minus it uses (cos, 1/u, the quotient rule), a minus written in it; and where it has none, that the
 * minus came from the working, not from a rule (a hint naming -x for 5^(x^2) would send the student
 * looking for what the function does not have).
 */
function signHint(f: Expr, variable: string): Message {
  const rules: MessageParam[] = [];
  const note = (rule: MessageParam) => {
    if (!rules.includes(rule)) rules.push(rule);
  };
  let written = false;
  const visit = (node: Expr) => {
    if (isCall(node)) {
      const rule = MINUS_RULES[node.fn.name] ?? NO_MINUS_RULES[node.fn.name];
      if (rule) note(rule);
    } else if (isBinary(node, '/') && mentions(operands(node)[1], variable)) {
      note(mentions(operands(node)[0], variable) ? QUOTIENT_RULE : RECIPROCAL_RULE);
    } else if (isBinary(node, '^') && mentions(operands(node)[0], variable) && (numberValue(operands(node)[1]) ?? 0) < 0) {
      note(RECIPROCAL_RULE);
    }
    // A minus on something with the variable: one in an exponent's constant (5^(x^2 - 1)) is gone
    // from the derivative.
    if ((isBinary(node, '-') && mentions(operands(node)[1], variable)) || (isUnaryMinus(node) && mentions(node.args[0] as Expr, variable))) written = true;
    if (isBinary(node, '*') && mentions(operands(node)[1], variable) && (numberValue(operands(node)[0]) ?? 0) < 0) written = true;
    for (const child of children(node)) visit(child);
  };
  visit(f);
  if (written) note(WRITTEN_MINUS);
  if (rules.length > 0) return msg('slip.sign_error.rules', { rules: list(rules, 'semicolon') });
  return msg('slip.sign_error.none');
}

const RECIPROCAL_RULE = msg('slip.sign_error.reciprocal');
const QUOTIENT_RULE = msg('slip.sign_error.quotient');
const WRITTEN_MINUS = msg('slip.sign_error.written');

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

function sumOf(terms: readonly SignedTerm[]): Expr {
  let total: Expr | undefined;
  for (const { term, negative } of terms) {
    if (total === undefined) total = negative ? neg(term) : term;
    else total = negative ? sub(total, term) : add(total, term);
  }
  return total as Expr;
}
