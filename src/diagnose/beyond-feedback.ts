/**
 * Feedback for the mistakes of MISTAKES-BEYOND.md: the rule that went wrong and where ("In the product
 * x^2*sin(x) you multiplied the two derivatives: 2*x*cos(x). The product rule gives (f·g)' = f'·g +
 * f·g', so the derivative of x^2*sin(x) is …"). One sentence set per code and variant; in quiet mode
 * (exams) the place and the rule are named but no expression the answer could be copied from.
 */
import type { OuterMistake } from '../differentiate/outer-function.js';
import type { Place, Plan } from '../differentiate/places.js';
import type { BeyondCode, Variant } from '../mistake-codes.js';
import { stepDone } from './feedback.js';
import type { NodeText } from './node-text.js';
import type { PlaceText } from './place-text.js';

/** What a sentence about one mistake at one place can use. */
export interface Said {
  readonly place: PlaceText;
  /** The chain node in words, when the place is one. */
  readonly chain: NodeText | undefined;
  /** The wrong table entry, for mistakes that change F'. */
  readonly outerMistake: OuterMistake | undefined;
  readonly variable: string;
}

interface Sentence {
  /** What the student did, as a phrase after "you". */
  did: (s: Said) => string;
  /** The rule, in general terms. */
  rule: (s: Said) => string;
  /** The rule for exams, when the general rule would give the answer away (a table entry at F(x)). */
  quietRule?: (s: Said) => string;
}

const t = (r: { text: string }) => r.text;

/** "In the product x^2*sin(x)", "At sin(x^2)", "For 3*x^4". */
function where(place: Place, s: Said): string {
  const node = t(s.place.node);
  switch (place.kind) {
    case 'product':
      return `In the product ${node}`;
    case 'quotient':
      return `In the quotient ${node}`;
    case 'variablePower':
      return `In the power ${node}`;
    case 'constantTerm':
      return `For the constant ${node}`;
    case 'coefficient':
    case 'reciprocal':
      return `For ${node}`;
    case 'application':
      return `At ${node}`;
  }
}

/** At a chain node, the chain rule worked through; elsewhere, the table entry. */
const chainRule = (s: Said) =>
  s.chain ? "The chain rule gives F'(u)·u'" : `The derivative of ${t(s.place.outer)} is ${t(s.place.outerDerivative)}`;
const tableEntry = (s: Said) => `The derivative of ${t(s.place.outer)} is ${t(s.place.outerDerivative)}${s.chain ? ", times u' at a composite" : ''}`;
/** In exams a table entry at F(x) would be the answer itself: the student is sent to the table instead. */
const checkTable = (s: Said) => `Check the derivative of ${t(s.place.outer)} in your table of derivatives`;
const table = { rule: tableEntry, quietRule: checkTable };
const wrongEntry = (s: Said) => (s.outerMistake ? t(s.place.wrongOuterDerivative(s.outerMistake)) : '?');
const productRule = () => "The product rule gives (f·g)' = f'·g + f·g'";
const quotientRule = () => "The quotient rule gives (p/q)' = (p'·q - p·q')/q^2";

const SENTENCES: Record<BeyondCode, Partial<Record<Variant, Sentence>>> = {
  inner_only: { a: { did: () => 'differentiated only the inside and kept the outer function as it was', rule: chainRule } },
  outer_not_differentiated: {
    a: { did: () => 'multiplied by the inner derivative but did not differentiate the outer function', rule: chainRule },
    b: { did: () => 'left out the derivative of the outer function and kept only the inner derivative', rule: chainRule },
  },
  inner_not_differentiated: { a: { did: () => 'multiplied by the inner function instead of by its derivative', rule: chainRule } },
  inner_derivative_sign_error: { a: { did: () => 'took the inner derivative with the wrong sign', rule: chainRule } },
  linear_extrapolation: {
    a: { did: (s) => `applied ${t(s.place.outer)} to each term of its argument separately, as if F(a + b) were F(a) + F(b)`, rule: (s) => `${chainRule(s)}; a function does not distribute over a sum` },
  },
  product_as_composite: {
    a: { did: () => "differentiated it as if it were a composite f(g), f'(g)·g'", rule: () => `It is a product, not a composite. ${productRule()}` },
  },
  product_of_derivatives: { a: { did: () => 'multiplied the two derivatives', rule: productRule } },
  product_rule_one_term: {
    a: { did: () => "kept only one term of the product rule, f'·g", rule: productRule },
    b: { did: () => "kept only one term of the product rule, f·g'", rule: productRule },
  },
  product_rule_sum: { a: { did: () => 'added the two derivatives, as for a sum', rule: productRule } },
  quotient_of_derivatives: { a: { did: () => 'divided the derivative of the numerator by the derivative of the denominator', rule: quotientRule } },
  quotient_numerator_reversed: { a: { did: () => "subtracted the two terms of the numerator the wrong way round, p·q' - p'·q", rule: quotientRule } },
  quotient_numerator_plus: { a: { did: () => "added the two terms of the numerator, p'·q + p·q'", rule: quotientRule } },
  quotient_denominator_not_squared: { a: { did: () => 'did not square the denominator', rule: quotientRule } },
  quotient_numerator_derivatives_only: { a: { did: () => "put p' - q' in the numerator", rule: quotientRule } },
  reciprocal_of_derivative: {
    a: { did: () => "differentiated the denominator in place, c/q'", rule: () => "For a constant over a function, (c/q)' = -c·q'/q^2 (or write it as c·q^(-1) and use the power rule)" },
  },
  power_exponent_not_reduced: { a: { did: () => 'brought the exponent down but did not reduce it by 1', rule: (s) => `The power rule gives (u^n)' = n·u^(n-1)·u'${s.place.place.kind === 'application' && s.place.place.coefficient ? ' (a constant over u^k is a power with exponent -k)' : ''}` } },
  power_exponent_increased: { a: { did: () => 'raised the exponent by 1 instead of lowering it', rule: () => "The power rule gives (u^n)' = n·u^(n-1)·u': the new exponent is n - 1, also when n is negative" } },
  power_rule_coefficient_added: { a: { did: () => 'added the exponent to the coefficient instead of multiplying by it', rule: () => "The power rule gives (c·x^n)' = c·n·x^(n-1)" } },
  power_rule_on_exponential: {
    a: { did: () => 'used the power rule, though the variable is in the exponent', rule: () => "For an exponential, (a^u)' = a^u·ln(a)·u', and (e^u)' = e^u·u'" },
    b: { did: () => 'used the power rule, though the variable is in the exponent, and left out the inner derivative', rule: () => "For an exponential, (a^u)' = a^u·ln(a)·u', and (e^u)' = e^u·u'" },
  },
  power_rule_variable_exponent: {
    a: { did: () => 'used the power rule, though the exponent depends on the variable too', rule: () => "For u^v differentiate ln(y) = v·ln(u): (u^v)' = u^v·(v'·ln(u) + v·u'/u)" },
  },
  exponential_missing_ln: {
    a: { did: () => 'left out the factor ln of the base', ...table },
    b: { did: () => 'divided by ln of the base instead of multiplying by it', ...table },
  },
  log_as_reciprocal_log: { a: { did: (s) => `took the derivative of ${t(s.place.outer)} to be ${wrongEntry(s)}`, ...table } },
  log_base_ignored: {
    a: { did: (s) => `differentiated ${t(s.place.outer)} as if it were the natural logarithm, ${wrongEntry(s)}`, ...table },
    b: { did: (s) => `multiplied by the logarithm of the base instead of dividing: ${wrongEntry(s)}`, ...table },
  },
  trig_sign_error: { a: { did: (s) => `gave the derivative of ${t(s.place.outer)} the wrong sign, ${wrongEntry(s)}`, ...table } },
  trig_table_error: {
    a: { did: (s) => `took the derivative of ${t(s.place.outer)} to be ${wrongEntry(s)}, without the square`, ...table },
    b: { did: (s) => `took the derivative of ${t(s.place.outer)} to be ${wrongEntry(s)}, without the square`, ...table },
    c: { did: (s) => `took the derivative of ${t(s.place.outer)} to be ${wrongEntry(s)}, which is the derivative of tan(u)`, ...table },
    d: { did: (s) => `took the derivative of ${t(s.place.outer)} to be ${wrongEntry(s)}, which is the derivative of sec(u)`, ...table },
  },
  inverse_trig_as_reciprocal: {
    a: { did: (s) => `read ${t(s.place.outer)} (the inverse function) as a reciprocal, 1 over the function, and differentiated that`, ...table },
  },
  integrated_instead: { a: { did: () => 'integrated instead of differentiating', rule: () => 'The derivative is asked for, not an antiderivative' } },
  constant_of_integration_added: { a: { did: () => 'added a constant', rule: () => 'A derivative has no constant of integration (+ C belongs to antiderivatives)' } },
  constant_as_variable: { a: { did: (s) => `differentiated it as if it depended on ${s.variable}`, rule: () => 'A constant term has derivative 0' } },
};

function sentence(code: BeyondCode, variant: Variant): Sentence {
  const found = SENTENCES[code][variant];
  if (!found) throw new RangeError(`no feedback for ${code}/${variant}`);
  return found;
}

/** What the student did, as a phrase after "you". */
export function beyondPhrase(code: BeyondCode, variant: Variant, said: Said): string {
  return sentence(code, variant).did(said);
}

/**
 * One mistake at one place: where, what the student did (and, open, what that gave there), and the rule
 * (open: with the right derivative of that part).
 */
export function beyondFeedback(code: BeyondCode, variant: Variant, said: Said, plan: Plan, quiet: boolean): string {
  const s = sentence(code, variant);
  const head = `${where(said.place.place, said)} you ${s.did(said)}`;
  if (quiet) return `${head}. ${(s.quietRule ?? s.rule)(said)}.`;
  const wrong = t(said.place.derivativeWith(plan));
  const right = said.chain && s.rule === chainRule ? stepDone(said.chain) : `${s.rule(said)}, so the derivative of ${t(said.place.whole)} is ${t(said.place.derivative)}.`;
  return `${head}: ${wrong}. ${right}`;
}

/** The same mistake at every place it applies to. */
export function systematicBeyondFeedback(code: BeyondCode, variant: Variant, said: readonly Said[], quiet: boolean, expected: string | undefined): string {
  const first = said[0] as Said;
  const s = sentence(code, variant);
  const places = said.map((one) => t(one.place.node)).join(', ');
  if (quiet || expected === undefined) return `You made the same mistake at ${places}: you ${s.did(first)}. ${(s.quietRule ?? s.rule)(first)}.`;
  return `You made the same mistake at ${places}: you ${s.did(first)}. ${s.rule(first)}: the derivative is ${expected}.`;
}
