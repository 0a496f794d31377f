/**
 * cosh and sinh (tanh and coth, sech and csch) of an argument that stays large are closer than doubles
 * see: an answer with one for the other was graded correct. hidden-twins.ts settles such agreements
 * in decimals.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../src/check.js';

const TWIN: Record<string, string> = { sinh: 'cosh', cosh: 'sinh', tanh: 'coth', coth: 'tanh', sech: 'csch', csch: 'sech' };
const swapTwins = (text: string) => text.replace(/\b(sinh|cosh|tanh|coth|sech|csch)\b/g, (name) => TWIN[name] as string);

describe('twins too close for doubles', () => {
  it.each([
    ['sinh(x^2+20)', '2x sinh(x^2+20)'],
    ['cosh(x^2+20)', '2x cosh(x^2+20)'],
    ['sinh(x^2+20)', 'x e^(x^2+20)'],
    ['ln(cosh(x^2+20))', '2x'],
    ['tanh(x^2+30)', '2x csch(x^2+30)^2'],
    // A binary fraction is exact: the decimals still see 10^-17.
    ['sinh(0.5x^2+20)', 'x sinh(0.5x^2+20)'],
  ])('%s answered %s is incorrect, with values that differ where written out', (f, answer) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('incorrect');
    const c = result.evidence.counterexample;
    expect(c?.approximately?.answer).toBeDefined();
    expect(c?.approximately?.answer).not.toBe(c?.approximately?.expected);
    // Not "a constant added": the doubles see no difference at all.
    expect(result.diagnosis.map((d) => d.mistake)).not.toContain('constant_of_integration_added');
  });

  it.each([
    ['sinh(x^2+20)', '2x cosh(x^2+20)'],
    ['cosh(x^2+20)', '2x sinh(x^2+20)'],
    ['sinh(x^2+20)', 'x (e^(x^2+20) + e^(-x^2-20))'],
    ['ln(cosh(x^2+20))', '2x tanh(x^2+20)'],
    ['ln(cosh(x^2+20))', '2x sinh(x^2+20)/cosh(x^2+20)'],
    ['tanh(x^2+30)', '2x sech(x^2+30)^2'],
    ['sinh(0.5x^2+20)', 'x cosh(0.5x^2+20)'],
    ['sinh(3x)', '3cosh(3x)'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });

  it('with a number that is not exact in binary, a twin too close for double precision is undetermined, never correct', () => {
    const result = check('sinh(0.1x^2+20)', '0.2x sinh(0.1x^2+20)');
    expect(result.verdict).toBe('undetermined');
  });

  it('beyond double range (2x·cosh(x^2+200) is 10^87) the same: decimals at the digits the gap needs', () => {
    expect(check('sinh(x^2+200)', '2x cosh(x^2+200)').verdict).toBe('correct');
    expect(check('sinh(x^2+200)', '2x sinh(x^2+200)').verdict).toBe('incorrect');
    expect(check('cosh(x^2+300)', '2x sinh(x^2+300)').verdict).toBe('correct');
    expect(check('cosh(x^2+300)', '2x cosh(x^2+300)').verdict).toBe('incorrect');
    // A gap below the smallest double (e^-1600): nothing can see it, so nothing is graded.
    expect(check('sinh(x^2+800)', '2x cosh(x^2+800)').verdict).toBe('undetermined');
    expect(check('sinh(x^2+800)', '2x sinh(x^2+800)').verdict).toBe('undetermined');
  });

  it('never grades the twin of the right function correct, wherever the argument sits', () => {
    const outer = fc.constantFrom('sinh', 'cosh', 'tanh', 'coth', 'sech', 'csch');
    fc.assert(
      fc.property(outer, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 11, max: 450 }), (fn, k, c) => {
        const f = `${fn}(${k}x^2 + ${c})`;
        const probe = check(f, 'x');
        if (probe.verdict !== 'incorrect') return;
        const expected = probe.expected?.text as string;
        // A right answer is correct while the twins' gap is a double (|u| < 372; for tanh, whose
        // derivative sech^2 u is itself e^-2u, while that is a normal double, |u| < 354); past it,
        // undetermined.
        const right = check(f, expected).verdict;
        if (c < 340) expect(right, `${f}: ${expected}`).toBe('correct');
        else expect(['correct', 'undetermined'], `${f}: ${expected}`).toContain(right);
        expect(check(f, swapTwins(expected)).verdict, `${f}: ${swapTwins(expected)}`).not.toBe('correct');
      }),
      { numRuns: 20 },
    );
  });
});
