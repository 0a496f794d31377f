/**
 * Scores, as an LMS's gradebook takes them: `given` out of `maximum` and the `fraction`, from the
 * verdict and — with partial credit — from the mistake that explains a wrong answer. The credits are
 * a table of fractions per mistake code (DEFAULT_CREDITS, below and in the README), which a server
 * overrides with SCORING_POLICY and a request with `credits`. A penalty per attempt is stateless: the
 * LMS says which attempt this is, and the running total stays with it (as Moodle's question engine
 * keeps its own).
 */
import { z } from 'zod';
import type { Verdict } from '../check.js';
import type { DiagnosisEntry } from '../diagnosis.js';
import { ALL_CODES, type DiagnosisCode } from '../mistake-codes.js';

export const SCORING_MODES = ['all_or_nothing', 'partial'] as const;
export type ScoringMode = (typeof SCORING_MODES)[number];

/** LTI AGS's FullyGraded, PendingManual and NotReady. */
export type GradingStatus = 'graded' | 'needs_review' | 'not_gradable';

export interface Score {
  given: number;
  maximum: number;
  /** given / maximum, from 0 to 1. */
  fraction: number;
  /** With `attempt`: given less `penalty_per_attempt` × maximum for each earlier attempt, never below 0. */
  after_penalty?: number;
}

/**
 * Partial credit for a wrong answer explained by one mistake. 0.75: a slip in an otherwise right
 * derivative (a sign, a constant added); 0.5: the rule known and applied, one piece of it left out or
 * wrong (the inner factor, the denominator not squared, a table entry); 0.25: the right rule chosen
 * but its structure confused (inner and outer swapped, f'(g'(x))); 0: the wrong rule or none (the
 * product of the derivatives, the function distributed over a sum, integrated instead).
 */
export const DEFAULT_CREDITS: Readonly<Record<DiagnosisCode, number>> = {
  missing_inner_factor: 0.5,
  outer_at_inner_derivative: 0.25,
  swapped_inner_outer: 0.25,
  missed_composite: 0.25,
  inner_only: 0.25,
  outer_not_differentiated: 0.25,
  inner_not_differentiated: 0.5,
  inner_derivative_sign_error: 0.75,
  linear_extrapolation: 0,
  product_as_composite: 0.25,
  product_of_derivatives: 0,
  product_rule_one_term: 0.5,
  product_rule_sum: 0,
  quotient_of_derivatives: 0,
  quotient_numerator_reversed: 0.5,
  quotient_numerator_plus: 0.5,
  quotient_denominator_not_squared: 0.5,
  quotient_numerator_derivatives_only: 0.25,
  reciprocal_of_derivative: 0,
  power_exponent_not_reduced: 0.5,
  power_exponent_increased: 0.25,
  power_rule_coefficient_added: 0.25,
  power_rule_on_exponential: 0,
  power_rule_variable_exponent: 0.25,
  exponential_missing_ln: 0.5,
  log_as_reciprocal_log: 0.25,
  log_base_ignored: 0.5,
  trig_sign_error: 0.75,
  trig_table_error: 0.5,
  inverse_trig_as_reciprocal: 0,
  integrated_instead: 0,
  constant_of_integration_added: 0.75,
  constant_as_variable: 0.5,
  sign_error: 0.75,
  constant_factor: 0.5,
  missing_term: 0.5,
  not_differentiated: 0,
};

const credit = z.number().min(0).max(1);

const unknownCode = (code: string) => ({ code: 'custom' as const, path: [code], message: 'request.unknown_code' });

/**
 * `{code: fraction}`: known codes only, each from 0 to 1. zod's record passes over a `__proto__` key
 * without a word (it guards the object it builds), where JSON.parse keeps one as an own key: it is
 * looked for before, so that it is refused as every other unknown code is rather than ignored.
 */
export const Credits = z.preprocess(
  (value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) ctx.addIssue(unknownCode('__proto__'));
    return value;
  },
  z.record(z.string(), credit).superRefine((credits, ctx) => {
    for (const code of Object.keys(credits)) {
      if (!(ALL_CODES as readonly string[]).includes(code)) ctx.addIssue(unknownCode(code));
    }
  }),
);
export type Credits = Partial<Record<DiagnosisCode, number>>;

/** The server's defaults (SCORING_POLICY, a JSON file): every member optional. */
export const ScoringPolicy = z.strictObject({
  scoring: z.enum(SCORING_MODES).optional(),
  max_score: z.number().positive().max(1e6).optional(),
  penalty_per_attempt: z.number().min(0).max(1).optional(),
  credits: Credits.optional(),
});
export type ScoringPolicy = { scoring?: ScoringMode; max_score?: number; penalty_per_attempt?: number; credits?: Credits };

/** What a request says about its score (each falls back to the policy, then to the defaults). */
export interface ScoringRequest {
  scoring?: ScoringMode;
  max_score?: number;
  credits?: Credits;
  /** 1 for the first attempt. */
  attempt?: number;
  penalty_per_attempt?: number;
}

export const DEFAULT_PENALTY = 0.1;

/** What scoring reads of a diagnosis entry: its code, and whether it is one of two mistakes together. */
type Explaining = Pick<DiagnosisEntry, 'mistake' | 'combined'>;

export function gradingStatus(verdict: Verdict): GradingStatus {
  if (verdict === 'needs_brackets') return 'not_gradable';
  if (verdict === 'undetermined') return 'needs_review';
  return 'graded';
}

/**
 * The score of a result; null when it cannot be graded (it needs brackets). An undetermined answer
 * (needs_review) scores 0 until a person looks at it: LTI's PendingManual.
 */
export function scoreOf(report: { verdict: Verdict; diagnosis: readonly Explaining[] }, request: ScoringRequest = {}, policy: ScoringPolicy = {}): Score | null {
  if (gradingStatus(report.verdict) === 'not_gradable') return null;
  const maximum = request.max_score ?? policy.max_score ?? 1;
  const mode = request.scoring ?? policy.scoring ?? 'all_or_nothing';
  const fraction = report.verdict === 'correct' ? 1 : report.verdict === 'incorrect' && mode === 'partial' ? partialCredit(report.diagnosis, { ...policy.credits, ...request.credits }) : 0;
  const score: Score = { given: round(fraction * maximum), maximum, fraction: round(fraction) };
  if (request.attempt !== undefined) {
    const penalty = request.penalty_per_attempt ?? policy.penalty_per_attempt ?? DEFAULT_PENALTY;
    score.after_penalty = round(Math.max(0, score.given - (request.attempt - 1) * penalty * maximum));
  }
  return score;
}

/**
 * The credit of the best explanation: the student gets the benefit of the doubt when mistakes of
 * different codes explain the answer equally well. Two mistakes made together earn the product of
 * their credits; a mistake made at every place it applies to (systematic) earns its code's credit, and
 * so does one code at two places (one misconception, not two: the inner factor left out in two terms of
 * three must not earn less than in all three).
 */
export function partialCredit(diagnosis: readonly Explaining[], overrides: Credits): number {
  const creditOf = (code: DiagnosisCode) => overrides[code] ?? DEFAULT_CREDITS[code];
  const explanations = new Map<string, { credit: number; codes: Set<DiagnosisCode> }>();
  diagnosis.forEach((entry, k) => {
    const key = entry.combined !== undefined ? `pair:${entry.combined}` : `single:${k}`;
    const explanation = explanations.get(key) ?? { credit: 1, codes: new Set<DiagnosisCode>() };
    if (!explanation.codes.has(entry.mistake)) explanation.credit *= creditOf(entry.mistake);
    explanation.codes.add(entry.mistake);
    explanations.set(key, explanation);
  });
  return Math.max(0, ...[...explanations.values()].map((explanation) => explanation.credit));
}

/** Sums of fractions land on 0.30000000000000004: a gradebook wants 0.3. */
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
