/**
 * Two mistakes at once where one is a chain-rule mistake made everywhere (MISTAKES.md: "a student who
 * makes a mistake usually makes it everywhere"; MISTAKES-BEYOND.md: pairs of two codes): the student who
 * leaves out every inner derivative and multiplies (or adds) the derivatives of a product or quotient.
 * Pairs were made of two single places only, so with two composites in the product these answers were
 * explained by nothing, or by an unlikely pair (a coefficient rule at the 2x inside sin(2x)) alone.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

const named = (f: string, answer: string) =>
  check(f, answer).diagnosis.map((d) => `${d.mistake}/${d.variant}@${d.at?.text ?? '-'}${d.combined !== undefined ? `#${d.combined}` : ''}${d.systematic ? '[systematic]' : ''}`);

describe('a mistake with a chain-rule mistake made everywhere is a pair', () => {
  test.each([
    ['(x^2+1)^3*(2x-1)^2', '3(x^2+1)^2 * 2(2x-1)', ['product_of_derivatives/a@(x^2 + 1)^3*(2*x - 1)^2#1', 'missing_inner_factor/a@(x^2 + 1)^3#1[systematic]']],
    ['(x^2+1)^3*(2x-1)^2', '3(x^2+1)^2 + 2(2x-1)', ['product_rule_sum/a@(x^2 + 1)^3*(2*x - 1)^2#1', 'missing_inner_factor/a@(x^2 + 1)^3#1[systematic]']],
    ['sin(x^2)*cos(x^3)', '-cos(x^2) sin(x^3)', ['product_of_derivatives/a@sin(x^2)*cos(x^3)#1', 'missing_inner_factor/a@sin(x^2)#1[systematic]']],
    ['sqrt(x^2+1)/(x^3+1)^2', '(1/(2sqrt(x^2+1)))/(2(x^3+1))', ['quotient_of_derivatives/a@sqrt(x^2 + 1)/(x^3 + 1)^2#1', 'missing_inner_factor/a@sqrt(x^2 + 1)#1[systematic]']],
  ])('%s answered %s', (f, answer, codes) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('incorrect');
    expect(named(f, answer)).toEqual(codes);
    expect(result.feedback).toMatch(/^Two mistakes together explain your answer\./);
  });

  test('named beside the other pair that explains it', () => {
    expect(named('sin(2x)/cos(3x)', 'cos(2x)/(-sin(3x))')).toContain('missing_inner_factor/a@sin(2*x)#2[systematic]');
  });

  test('not beside the same pair at one place', () => {
    // f·g' with the inner factor of sin(3x) left out: leaving out that of e^(2x) too changes nothing.
    expect(named('e^(2x)*sin(3x)', 'e^(2x) cos(3x)')).toEqual([
      'product_of_derivatives/a@e^(2*x)*sin(3*x)#1',
      'missing_inner_factor/a@e^(2*x)#1[systematic]',
      'product_rule_one_term/b@e^(2*x)*sin(3*x)#2',
      'missing_inner_factor/a@sin(3*x)#2',
    ]);
  });

  test('not beside the same pair at one place where the chain-rule mistake is the outer place (regression: reported twice)', () => {
    // The pair of two places is made outer place first, the systematic one single first.
    for (const [f, answer] of [
      ['sin(x*cos(2x))', 'cos(cos(2x))'],
      ['e^(x*sin(3x))', 'e^(sin(3x))'],
    ]) {
      const codes = named(f as string, answer as string);
      expect(codes.filter((c) => c.endsWith('[systematic]') && c.includes('#')), f).toEqual([]);
    }
  });

  test('a single mistake still wins, and the systematic form alone is no pair', () => {
    expect(named('sin(x^2)*cos(x^3)', 'cos(x^2)cos(x^3) - sin(x^2)sin(x^3)')).toEqual(['missing_inner_factor/a@sin(x^2)[systematic]']);
    expect(named('x^2*e^(3x)', '2x e^(3x)')).toEqual(['product_rule_one_term/a@x^2*e^(3*x)']);
  });
});
