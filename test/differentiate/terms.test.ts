/**
 * Differentiator.termOf: which term of the function's top-level sum a place lies in. Pairs of mistakes
 * in two different terms add their effects exactly and are left to the two-sum search rather than made
 * in advance (problem.ts), so a wrong term number would drop pairs that do not add up.
 */
import { describe, expect, test } from 'vitest';
import { Differentiator } from '../../src/differentiate/differentiate.js';
import { readExpression } from '../../src/parse/read.js';
import { toText } from '../../src/tree/print-text.js';
import { check } from '../../src/check.js';

const termsOfPlaces = (f: string) => {
  const differentiator = new Differentiator(readExpression(f).expr, 'x');
  return differentiator.places.map((place) => `${toText(place.node)}:${differentiator.termOf(place.id)}`);
};

describe('termOf', () => {
  test('each place in its term of the top-level sum, through minus signs', () => {
    // 2*x and 3*x: the coefficient places c·x inside the composites.
    expect(termsOfPlaces('sin(2x) - cos(x^2) + e^(3x)')).toEqual(['sin(2*x):0', '2*x:0', 'cos(x^2):1', 'x^2:1', 'e^(3*x):2', '3*x:2']);
    expect(termsOfPlaces('-(x^2 sin(3x)) + ln(x)').map((text) => text.split(':')[1])).toEqual([...termsOfPlaces('-(x^2 sin(3x))').map(() => '0'), '1']);
  });
  test('a function that is not a sum is one term, whatever sums lie inside it', () => {
    expect(new Set(termsOfPlaces('(sin(2x) + cos(3x))^2').map((text) => text.split(':')[1]))).toEqual(new Set(['0']));
    expect(new Set(termsOfPlaces('x^2 (e^x + sin(x))').map((text) => text.split(':')[1]))).toEqual(new Set(['0']));
  });
  test('a constant term of the sum is a term of its own', () => {
    expect(termsOfPlaces('x^3 + e^2')).toEqual(['x^3:0', 'e^2:1']);
  });
});

describe('pairs across terms are found by the search, pairs within a term made in advance', () => {
  const codes = (f: string, answer: string) => check(f, answer).diagnosis.map((d) => `${d.mistake}@${d.at?.text ?? '-'}#${d.combined}`);
  test('across terms: two mistakes in two of four terms', () => {
    expect(codes('sin(2x) + x^3 + cos(5x) + ln(4x+1)', 'cos(2x) + 3x^2 - sin(5x) + 4/(4x+1)')).toEqual(
      ['missing_inner_factor@sin(2*x)#1', 'missing_inner_factor@cos(5*x)#1'],
    );
  });
  test('within a term, where effects do not add: the product of derivatives with the inner factor left out', () => {
    expect(codes('x^2 sin(3x) + e^x', '2x cos(3x) + e^x')).toEqual(['product_of_derivatives@x^2*sin(3*x)#1', 'missing_inner_factor@sin(3*x)#1']);
  });
});
