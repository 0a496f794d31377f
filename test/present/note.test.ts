/**
 * Answer notes: the same mistake gives the same note whatever the function, so a class report counts
 * them across questions; every note follows the grammar in src/present/note.ts.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { ALL_CODES } from '../../src/mistake-codes.js';
import { BEYOND_EXAMPLES } from '../fixtures/beyond-examples.js';
import { EXAMPLES } from '../fixtures/examples.js';

const CODE = `(?:${ALL_CODES.join('|')})`;
const PLACE = '(?:outer|inner|every|answer|product|quotient|reciprocal|coefficient|variable_power|constant|function|power|exponential)';
const MISTAKE = `${CODE}(?:\\([a-d]\\))?@${PLACE}`;
const EXPLANATION = `${MISTAKE}(?:\\+${MISTAKE})?`;
const NOTE = new RegExp(`^(?:correct|undetermined|needs_brackets|incorrect(?:\\|${EXPLANATION}(?:/${EXPLANATION})*)?)$`);

describe('answer notes', () => {
  it.each([
    ['sin(x^2)', 'cos(x^2)'],
    ['e^(3x)', 'e^(3x)'],
    ['(2x+1)^3', '3(2x+1)^2'],
    ['ln(x^2+1)', '1/(x^2+1)'],
    ['\\tan(5t)', '\\sec^2(5t)'],
  ])('the inner derivative left out of %s is incorrect|missing_inner_factor(a)@outer', (fn, answer) => {
    expect(check(fn, answer).note).toBe('incorrect|missing_inner_factor(a)@outer');
  });

  it('names where the mistake sits: an inner chain node, every node, a product, the answer as a whole', () => {
    expect(check('sin(cos(x^2))', '-cos(cos(x^2))*sin(x^2)').note).toBe('incorrect|missing_inner_factor(a)@inner');
    expect(check('sin(cos(x^2))', 'cos(-sin(2x))').note).toBe('incorrect|outer_at_inner_derivative(a)@every');
    expect(check('x^2 sin(x)', '2x cos(x)').note).toBe('incorrect|product_of_derivatives(a)@product');
    expect(check('x/(x+1)', '((x+1)-x)/(x+1)').note).toBe('incorrect|quotient_denominator_not_squared(a)@quotient');
    expect(check('x^3', 'x^4/4').note).toBe('incorrect|integrated_instead@answer');
    expect(check('x^3', '3x^2+5').note).toBe('incorrect|constant_of_integration_added@answer');
  });

  it('lists every explanation in the diagnosis’s order, and says the verdict alone when nothing explains it', () => {
    expect(check('(3x+1)^5', '15x^4').note).toBe('incorrect|swapped_inner_outer(a)@outer/missed_composite(a)@outer');
    expect(check('sin(x^2)', 'x^3').note).toBe('incorrect');
    expect(check('sin(x^2)', '2x cos(x^2)').note).toBe('correct');
    expect(check('sin(x/2)', '1/2cos(x/2)').note).toBe('needs_brackets');
    expect(check('sqrt(-1-x^2)', '0').note).toBe('undetermined');
  });

  it('joins two mistakes made together with +, the same pair the same note in another function', () => {
    expect(check('x^2 sin(x^2)', 'x^2 cos(x^2)').note).toBe('incorrect|product_rule_one_term(b)@product+missing_inner_factor(a)@outer');
    expect(check('x^3 e^(4x)', 'x^3 e^(4x)').note).toBe('incorrect|product_rule_one_term(b)@product+missing_inner_factor(a)@outer');
    expect(check('sin(x^2) e^x', 'cos(x^2) e^x').note).toBe(
      'incorrect|product_of_derivatives(a)@product+missing_inner_factor(a)@outer/product_rule_one_term(a)@product+missing_inner_factor(a)@outer',
    );
  });

  it('follows the grammar for every worked mistake of every family', () => {
    for (const example of [...EXAMPLES, ...BEYOND_EXAMPLES.filter((_, i) => i % 3 === 0)]) {
      for (const candidate of example.candidates.slice(0, 4)) {
        const { note, diagnosis } = check(example.function, candidate.candidate, { variable: example.variable });
        expect(note, `${example.function} → ${candidate.candidate}`).toMatch(NOTE);
        if (diagnosis.length > 0) expect(note).toContain(`${diagnosis[0]?.mistake}`);
      }
    }
  });
});
