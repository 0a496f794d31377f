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

  it('a twin beside a term a million times larger is seen by swapping it, not by its gap alone (review)', () => {
    const atBig = 'sinh(x^2+29) + 10^6 e^(x^2+29)';
    expect(check(atBig, '2x sinh(x^2+29) + 2*10^6 x e^(x^2+29)').verdict).toBe('incorrect');
    expect(check(atBig, '2x cosh(x^2+29) + 2*10^6 x e^(x^2+29)').verdict).toBe('correct');
    const inCos = 'sinh(cos(x)+30) + 10^6 e^(cos(x)+30)';
    expect(check(inCos, '-sin(x) sinh(cos(x)+30) - 10^6 sin(x) e^(cos(x)+30)').verdict).toBe('incorrect');
    expect(check(inCos, '-sin(x) cosh(cos(x)+30) - 10^6 sin(x) e^(cos(x)+30)').verdict).toBe('correct');
    // csch² for sech²: a difference of e^-4u, second order in the gap.
    expect(check('x*tanh(x^2+29)', 'tanh(x^2+29)+2x^2 csch(x^2+29)^2').verdict).toBe('incorrect');
    expect(check('x*tanh(x^2+29)', 'tanh(x^2+29)+2x^2 sech(x^2+29)^2').verdict).toBe('correct');
  });

  it('bounded work: slow constants at high precision run out of budget, and say so (review)', () => {
    const atans = Array.from({ length: 40 }, (_, i) => `atan(${i + 2})`).join('+');
    const result = check(`(${atans})*sinh(x^2+360)`, `(${atans})*2x cosh(x^2+360)`);
    expect(result.verdict).toBe('undetermined');
    expect(result.feedback).toContain('the decimal work a check may do');
  });

  it('undetermined, with the reason, where decimals cannot help: erf has no decimal evaluation', () => {
    const result = check('erf(x)*sinh(x^2+20)', '2/sqrt(pi)*e^(-x^2)*sinh(x^2+20) + 2x*erf(x)*cosh(x^2+20)');
    expect(result.verdict).toBe('undetermined');
    expect(result.feedback).toContain('(erf, gelu) has no decimal evaluation');
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
