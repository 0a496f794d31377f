/**
 * Every code a diagnosis can carry, in the order results report them: the four chain-rule mistakes of
 * MISTAKES.md first, then the other mistakes of MISTAKES-BEYOND.md family by family (but see
 * isNamedLast), then the symptom slips. The buggy rules (src/differentiate), the catalogue, the
 * feedback and the API all key on these.
 */

/** The four chain-rule mistakes of MISTAKES.md, in its order. */
export const CHAIN_RULE_CODES = ['missing_inner_factor', 'outer_at_inner_derivative', 'swapped_inner_outer', 'missed_composite'] as const;

/** The mistakes of MISTAKES-BEYOND.md, by family, each family in the page's order. */
export const BEYOND_CODES = {
  chain: ['inner_only', 'outer_not_differentiated', 'inner_not_differentiated', 'inner_derivative_sign_error', 'linear_extrapolation', 'product_as_composite'],
  product: ['product_of_derivatives', 'product_rule_one_term', 'product_rule_sum'],
  quotient: [
    'quotient_of_derivatives',
    'quotient_numerator_reversed',
    'quotient_numerator_plus',
    'quotient_denominator_not_squared',
    'quotient_numerator_derivatives_only',
    'reciprocal_of_derivative',
  ],
  power: ['power_exponent_not_reduced', 'power_exponent_increased', 'power_rule_coefficient_added', 'power_rule_on_exponential', 'power_rule_variable_exponent'],
  'exp-log': ['exponential_missing_ln', 'log_as_reciprocal_log', 'log_base_ignored'],
  trig: ['trig_sign_error', 'trig_table_error', 'inverse_trig_as_reciprocal'],
  whole: ['integrated_instead', 'constant_of_integration_added', 'constant_as_variable'],
} as const;

/** Recognised only when no cause explains the answer (MISTAKES.md rule 5). */
export const SLIP_CODES = ['sign_error', 'constant_factor', 'missing_term', 'not_differentiated'] as const;

export type ChainRuleCode = (typeof CHAIN_RULE_CODES)[number];
export type BeyondFamily = keyof typeof BEYOND_CODES;
export type BeyondCode = (typeof BEYOND_CODES)[BeyondFamily][number];
export type SlipCode = (typeof SLIP_CODES)[number];
/** A mistake made at a place of the function (or by the whole answer): a cause. */
export type MistakeCode = ChainRuleCode | BeyondCode;
export type DiagnosisCode = MistakeCode | SlipCode;
export type Family = 'chain' | BeyondFamily | 'slip';
export type Variant = 'a' | 'b' | 'c' | 'd';

/** Every code, in report order. */
export const ALL_CODES: readonly DiagnosisCode[] = [...CHAIN_RULE_CODES, ...Object.values(BEYOND_CODES).flat(), ...SLIP_CODES];

const RANK = new Map<string, number>(ALL_CODES.map((code, i) => [code, i]));

/**
 * Causes named after every other single cause, wherever it sits: a sign turned in u' gives the same
 * answer as a sign mistake in a table entry (cos(5x) → 5·sin(5x); ln(cos x) → tan x, one level up) and
 * as every whole answer negated at a single composite. Both are said (MISTAKES.md rule 4); the table's
 * minus forgotten is the likelier slip and is named first.
 */
const NAMED_LAST: ReadonlySet<DiagnosisCode> = new Set(['inner_derivative_sign_error']);

export function isNamedLast(code: DiagnosisCode): boolean {
  return NAMED_LAST.has(code);
}

/** Position of a code in report order. */
export function codeRank(code: DiagnosisCode): number {
  return RANK.get(code) as number;
}

export function isChainRuleCode(code: string): code is ChainRuleCode {
  return (CHAIN_RULE_CODES as readonly string[]).includes(code);
}

export function isSlipCode(code: string): code is SlipCode {
  return (SLIP_CODES as readonly string[]).includes(code);
}

/** The family a code belongs to: `chain` for the four and the chain rule beyond them. */
export function familyOf(code: DiagnosisCode): Family {
  if (isChainRuleCode(code)) return 'chain';
  if (isSlipCode(code)) return 'slip';
  for (const [family, codes] of Object.entries(BEYOND_CODES)) if ((codes as readonly string[]).includes(code)) return family as BeyondFamily;
  throw new RangeError(`unknown code ${code}`);
}
