/**
 * Scores: the default credit table (every code, each a fraction), all-or-nothing and partial scoring,
 * credits from the request over the server's policy over the table, two mistakes together, several
 * explanations, the stateless penalty, and grading statuses.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import type { DiagnosisEntry } from '../../src/diagnosis.js';
import { ALL_CODES, type DiagnosisCode } from '../../src/mistake-codes.js';
import { DEFAULT_CREDITS, gradingStatus, partialCredit, scoreOf } from '../../src/present/scoring.js';

function entry(mistake: DiagnosisCode, combined?: number): DiagnosisEntry {
  return { mistake, variant: 'a', systematic: false, at: null, nodes: [], feedback: { code: 'x', params: {} }, ...(combined ? { combined } : {}) };
}

describe('the default credit table', () => {
  it('has a fraction from 0 to 1 for every mistake code, and nothing else', () => {
    expect(Object.keys(DEFAULT_CREDITS).sort()).toEqual([...ALL_CODES].sort());
    for (const credit of Object.values(DEFAULT_CREDITS)) {
      expect(credit).toBeGreaterThanOrEqual(0);
      expect(credit).toBeLessThanOrEqual(1);
    }
  });

  it('gives a slip more than a piece left out, and that more than the wrong rule', () => {
    expect(DEFAULT_CREDITS.sign_error).toBeGreaterThan(DEFAULT_CREDITS.missing_inner_factor);
    expect(DEFAULT_CREDITS.missing_inner_factor).toBeGreaterThan(DEFAULT_CREDITS.swapped_inner_outer);
    expect(DEFAULT_CREDITS.swapped_inner_outer).toBeGreaterThan(DEFAULT_CREDITS.product_of_derivatives);
    expect(DEFAULT_CREDITS.integrated_instead).toBe(0);
  });
});

describe('a score', () => {
  const wrong = check('sin(x^2)', 'cos(x^2)');

  it('is all or nothing by default, out of 1', () => {
    expect(check('sin(x^2)', '2x cos(x^2)').score).toEqual({ given: 1, maximum: 1, fraction: 1 });
    expect(wrong.score).toEqual({ given: 0, maximum: 1, fraction: 0 });
    expect(check('sin(x^2)', '2x cos(x^2)', { max_score: 4 }).score).toEqual({ given: 4, maximum: 4, fraction: 1 });
  });

  it('with partial scoring, is the credit of the mistake that explains the answer', () => {
    expect(scoreOf(wrong, { scoring: 'partial', max_score: 4 })).toEqual({ given: 2, maximum: 4, fraction: 0.5 });
    // An answer no mistake explains earns nothing, even with partial scoring.
    const unexplained = check('sin(x^2)', 'x^3');
    expect(unexplained.diagnosis).toEqual([]);
    expect(scoreOf(unexplained, { scoring: 'partial' })).toEqual({ given: 0, maximum: 1, fraction: 0 });
  });

  it('takes the request’s credits over the policy’s, and the policy’s over the table', () => {
    const policy = { scoring: 'partial' as const, max_score: 10, credits: { missing_inner_factor: 0.3 } };
    expect(scoreOf(wrong, {}, policy)).toEqual({ given: 3, maximum: 10, fraction: 0.3 });
    expect(scoreOf(wrong, { credits: { missing_inner_factor: 0.8 } }, policy)).toEqual({ given: 8, maximum: 10, fraction: 0.8 });
    expect(scoreOf(wrong, { scoring: 'all_or_nothing' }, policy)).toEqual({ given: 0, maximum: 10, fraction: 0 });
    expect(scoreOf(wrong, { max_score: 2 }, policy)).toEqual({ given: 0.6, maximum: 2, fraction: 0.3 });
  });

  it('for two mistakes made together is the product of their credits; for several explanations, the best', () => {
    expect(partialCredit([entry('product_rule_one_term', 1), entry('missing_inner_factor', 1)], {})).toBe(0.25);
    expect(partialCredit([entry('swapped_inner_outer'), entry('missed_composite')], { missed_composite: 0.4 })).toBe(0.4);
    expect(partialCredit([entry('sign_error', 1), entry('missing_inner_factor', 1), entry('integrated_instead', 2), entry('sign_error', 2)], {})).toBe(0.375);
  });

  it('for one code at two places is that code\'s credit once, as for the systematic form (one misconception)', () => {
    expect(partialCredit([entry('missing_inner_factor', 1), entry('missing_inner_factor', 1)], {})).toBe(0.5);
    expect(partialCredit([entry('missing_inner_factor', 1), entry('missing_inner_factor', 1)], { missing_inner_factor: 0.6 })).toBe(0.6);
    // The full path: the inner factor left out in two terms of three earns what leaving it out in all three does.
    const twoOfThree = check('sin(2x) + cos(3x) + e^(4x)', 'cos(2x) - sin(3x) + 4e^(4x)');
    const allThree = check('sin(2x) + cos(3x) + e^(4x)', 'cos(2x) - sin(3x) + e^(4x)');
    expect(twoOfThree.diagnosis.map((d) => d.combined)).toEqual([1, 1]);
    expect(allThree.diagnosis[0]?.systematic).toBe(true);
    expect(scoreOf(twoOfThree, { scoring: 'partial' })).toEqual(scoreOf(allThree, { scoring: 'partial' }));
  });

  it('keeps sums of fractions as a gradebook wants them', () => {
    expect(scoreOf({ verdict: 'incorrect', diagnosis: [entry('sign_error')] }, { scoring: 'partial', credits: { sign_error: 0.1 }, max_score: 3 })?.given).toBe(0.3);
  });

  it('less a penalty per earlier attempt, never below 0, the running total left to the LMS', () => {
    const correct = check('sin(x^2)', '2x cos(x^2)');
    expect(scoreOf(correct, { attempt: 1 })).toEqual({ given: 1, maximum: 1, fraction: 1, after_penalty: 1 });
    expect(scoreOf(correct, { attempt: 3 })?.after_penalty).toBe(0.8);
    expect(scoreOf(correct, { attempt: 3, penalty_per_attempt: 0.25, max_score: 4 })?.after_penalty).toBe(2);
    expect(scoreOf(correct, { attempt: 9, penalty_per_attempt: 0.25 })?.after_penalty).toBe(0);
    expect(scoreOf(correct, { attempt: 2 }, { penalty_per_attempt: 0.5 })?.after_penalty).toBe(0.5);
    expect(scoreOf(wrong, { attempt: 2, scoring: 'partial' })?.after_penalty).toBe(0.4);
    expect(scoreOf(correct, {})).not.toHaveProperty('after_penalty');
  });
});

describe('grading statuses', () => {
  it('graded, needs_review (undetermined, scored 0 until a person looks), not_gradable (no score)', () => {
    expect(gradingStatus('correct')).toBe('graded');
    expect(gradingStatus('incorrect')).toBe('graded');
    const undetermined = check('sqrt(-1-x^2)', '0');
    expect([undetermined.verdict, undetermined.grading_status]).toEqual(['undetermined', 'needs_review']);
    expect(undetermined.score).toEqual({ given: 0, maximum: 1, fraction: 0 });
    const brackets = check('sin(x/2)', '1/2cos(x/2)', { scoring: 'partial' });
    expect([brackets.verdict, brackets.grading_status, brackets.score]).toEqual(['needs_brackets', 'not_gradable', null]);
  });
});
