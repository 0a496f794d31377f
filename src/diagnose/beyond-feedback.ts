/**
 * Feedback for the mistakes of MISTAKES-BEYOND.md: the rule that went wrong and where ("In the product
 * x^2*sin(x) you multiplied the two derivatives: 2*x*cos(x). The product rule gives (f·g)' = f'·g +
 * f·g', so the derivative of x^2*sin(x) is …"). One sentence set per code and variant; in quiet mode
 * (exams) the place and the rule are named but no expression the answer could be copied from.
 */
import type { OuterMistake } from '../differentiate/outer-function.js';
import type { Place, Plan } from '../differentiate/places.js';
import { list, msg, type Message, type MessageParam } from '../i18n/message.js';
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
  did: (s: Said) => Message;
  /** The rule, in general terms. */
  rule: (s: Said) => Message;
  /** The rule for exams, when the general rule would give the answer away (a table entry at F(x)). */
  quietRule?: (s: Said) => Message;
}

const t = (r: { text: string }) => r.text;

/** "In the product x^2*sin(x)", "At sin(x^2)", "For 3*x^4". */
function where(place: Place, s: Said): Message {
  const node = t(s.place.node);
  switch (place.kind) {
    case 'product':
      return msg('beyond.where.product', { node });
    case 'quotient':
      return msg('beyond.where.quotient', { node });
    case 'variablePower':
      return msg('beyond.where.power', { node });
    case 'constantTerm':
      return msg('beyond.where.constant', { node });
    case 'coefficient':
    case 'reciprocal':
      return msg('beyond.where.term', { node });
    case 'application':
      return msg('beyond.where.application', { node });
  }
}

/** At a chain node, the chain rule worked through; elsewhere, the table entry. */
const chainRule = (s: Said) => (s.chain ? msg('beyond.rule.chain') : msg('beyond.rule.table', { outer: t(s.place.outer), derivative: t(s.place.outerDerivative) }));
const tableEntry = (s: Said) =>
  msg(s.chain ? 'beyond.rule.table_composite' : 'beyond.rule.table', { outer: t(s.place.outer), derivative: t(s.place.outerDerivative) });
/** In exams a table entry at F(x) would be the answer itself: the student is sent to the table instead. */
const checkTable = (s: Said) => msg('beyond.rule.check_table', { outer: t(s.place.outer) });
const table = { rule: tableEntry, quietRule: checkTable };
const wrongEntry = (s: Said) => (s.outerMistake ? t(s.place.wrongOuterDerivative(s.outerMistake)) : '?');
/** At a root, the power rule with the power the root is: (sqrt(u) = u^(1/2)). */
const atRoot = (rule: (s: Said) => Message) => (s: Said): Message => {
  const power = s.place.rootAsPower;
  return power ? msg('beyond.rule.power_root', { rule: rule(s), outer: t(s.place.outer), power: t(power) }) : rule(s);
};
const productRule = () => msg('beyond.rule.product');
const quotientRule = () => msg('beyond.rule.quotient');
/** A phrase of the catalogue, `beyond.<code>.<variant>.did`, with what it names. */
const did = (code: BeyondCode, variant: Variant, params: (s: Said) => Record<string, MessageParam> = () => ({})) => (s: Said) => msg(`beyond.${code}.${variant}.did`, params(s));
const outer = (s: Said) => ({ outer: t(s.place.outer) });
const outerAndWrong = (s: Said) => ({ outer: t(s.place.outer), wrong: wrongEntry(s) });

const SENTENCES: Record<BeyondCode, Partial<Record<Variant, Sentence>>> = {
  inner_only: { a: { did: did('inner_only', 'a'), rule: chainRule } },
  outer_not_differentiated: {
    a: { did: did('outer_not_differentiated', 'a'), rule: chainRule },
    b: { did: did('outer_not_differentiated', 'b'), rule: chainRule },
  },
  inner_not_differentiated: { a: { did: did('inner_not_differentiated', 'a'), rule: chainRule } },
  inner_derivative_sign_error: { a: { did: did('inner_derivative_sign_error', 'a'), rule: chainRule } },
  linear_extrapolation: {
    a: { did: did('linear_extrapolation', 'a', outer), rule: (s) => msg('beyond.rule.not_linear', { rule: chainRule(s) }) },
    b: { did: did('linear_extrapolation', 'b', outer), rule: (s) => msg('beyond.rule.not_linear', { rule: chainRule(s) }) },
  },
  product_as_composite: {
    a: { did: did('product_as_composite', 'a'), rule: () => msg('beyond.rule.product_not_composite', { rule: productRule() }) },
  },
  product_of_derivatives: { a: { did: did('product_of_derivatives', 'a'), rule: productRule } },
  product_rule_one_term: {
    a: { did: did('product_rule_one_term', 'a'), rule: productRule },
    b: { did: did('product_rule_one_term', 'b'), rule: productRule },
  },
  product_rule_sum: { a: { did: did('product_rule_sum', 'a'), rule: productRule } },
  quotient_of_derivatives: { a: { did: did('quotient_of_derivatives', 'a'), rule: quotientRule } },
  quotient_numerator_reversed: { a: { did: did('quotient_numerator_reversed', 'a'), rule: quotientRule } },
  quotient_numerator_plus: { a: { did: did('quotient_numerator_plus', 'a'), rule: quotientRule } },
  quotient_denominator_not_squared: { a: { did: did('quotient_denominator_not_squared', 'a'), rule: quotientRule } },
  quotient_numerator_derivatives_only: { a: { did: did('quotient_numerator_derivatives_only', 'a'), rule: quotientRule } },
  reciprocal_of_derivative: {
    a: { did: did('reciprocal_of_derivative', 'a'), rule: () => msg('beyond.rule.reciprocal') },
  },
  power_exponent_not_reduced: {
    a: {
      did: did('power_exponent_not_reduced', 'a'),
      rule: atRoot((s) => msg(s.place.place.kind === 'application' && s.place.place.coefficient ? 'beyond.rule.power_negative' : 'beyond.rule.power')),
    },
  },
  power_exponent_increased: { a: { did: did('power_exponent_increased', 'a'), rule: atRoot(() => msg('beyond.rule.power_lowered')) } },
  power_rule_coefficient_added: { a: { did: did('power_rule_coefficient_added', 'a'), rule: () => msg('beyond.rule.power_coefficient') } },
  power_rule_on_exponential: {
    a: { did: did('power_rule_on_exponential', 'a'), rule: () => msg('beyond.rule.exponential') },
    b: { did: did('power_rule_on_exponential', 'b'), rule: () => msg('beyond.rule.exponential') },
  },
  power_rule_variable_exponent: {
    a: { did: did('power_rule_variable_exponent', 'a'), rule: () => msg('beyond.rule.variable_power') },
  },
  exponential_missing_ln: {
    a: { did: did('exponential_missing_ln', 'a'), ...table },
    b: { did: did('exponential_missing_ln', 'b'), ...table },
  },
  log_as_reciprocal_log: { a: { did: did('log_as_reciprocal_log', 'a', outerAndWrong), ...table } },
  log_base_ignored: {
    a: { did: did('log_base_ignored', 'a', outerAndWrong), ...table },
    b: { did: did('log_base_ignored', 'b', outerAndWrong), ...table },
  },
  trig_sign_error: { a: { did: did('trig_sign_error', 'a', outerAndWrong), ...table } },
  trig_table_error: {
    a: { did: did('trig_table_error', 'a', outerAndWrong), ...table },
    b: { did: did('trig_table_error', 'b', outerAndWrong), ...table },
    c: { did: did('trig_table_error', 'c', outerAndWrong), ...table },
    d: { did: did('trig_table_error', 'd', outerAndWrong), ...table },
  },
  inverse_trig_as_reciprocal: {
    a: { did: did('inverse_trig_as_reciprocal', 'a', outer), ...table },
  },
  integrated_instead: { a: { did: did('integrated_instead', 'a'), rule: () => msg('beyond.rule.not_antiderivative') } },
  constant_of_integration_added: { a: { did: did('constant_of_integration_added', 'a'), rule: () => msg('beyond.rule.no_constant') } },
  constant_as_variable: { a: { did: did('constant_as_variable', 'a', (s) => ({ variable: s.variable })), rule: () => msg('beyond.rule.constant') } },
};

function sentence(code: BeyondCode, variant: Variant): Sentence {
  const found = SENTENCES[code][variant];
  if (!found) throw new RangeError(`no feedback for ${code}/${variant}`);
  return found;
}

/** What the student did, as a phrase after "you". */
export function beyondPhrase(code: BeyondCode, variant: Variant, said: Said): Message {
  return sentence(code, variant).did(said);
}

/**
 * One mistake at one place: where, what the student did (and, open, what that gave there), and the rule
 * (open: with the right derivative of that part).
 */
export function beyondFeedback(code: BeyondCode, variant: Variant, said: Said, plan: Plan, quiet: boolean): Message {
  const s = sentence(code, variant);
  const head = msg('beyond.head', { where: where(said.place.place, said), did: s.did(said) });
  if (quiet) return msg('beyond.quiet', { head, rule: (s.quietRule ?? s.rule)(said) });
  const wrong = t(said.place.derivativeWith(plan));
  const right = said.chain && s.rule === chainRule ? stepDone(said.chain) : msg('beyond.rule_done', { rule: s.rule(said), whole: t(said.place.whole), derivative: t(said.place.derivative) });
  return msg('beyond.open', { head, wrong, right });
}

/** The same mistake at every place it applies to. */
export function systematicBeyondFeedback(code: BeyondCode, variant: Variant, said: readonly Said[], quiet: boolean, expected: string | undefined): Message {
  const first = said[0] as Said;
  const s = sentence(code, variant);
  const places = list(said.map((one) => t(one.place.node)), 'comma');
  if (quiet || expected === undefined) return msg('beyond.systematic.quiet', { places, did: s.did(first), rule: (s.quietRule ?? s.rule)(first) });
  return msg('beyond.systematic.open', { places, did: s.did(first), rule: s.rule(first), expected });
}
