import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/i18n/render.js';
import { domainAt, sampleDomain } from '../../src/compare/domain.js';
import { compare, equivalent, prepare, type Comparison } from '../../src/compare/equivalence.js';
import { tree } from '../helpers/mathjs-tree.js';

const check = (answer: string, reference: string, variable = 'x', definedBy?: string[]): Comparison =>
  equivalent(tree(answer), tree(reference), { variable, definedBy: definedBy?.map(tree) });

const verdict = (answer: string, reference: string, variable = 'x', definedBy?: string[]) =>
  check(answer, reference, variable, definedBy).verdict;

/** Compare at given values of x only. */
const atPoints = (answer: string, reference: string, points: number[], minCompared?: number) => {
  const domain = domainAt('x', [], points.map((x) => [x]));
  return compare(prepare(tree(answer), domain), prepare(tree(reference), domain), { minCompared });
};

describe('equivalent: the traps', () => {
  it('does not let 2x + sin(pi x) pass for 2x', () => {
    const result = check('2*x + sin(pi*x)', '2*x');
    expect(result.verdict).toBe('not_equivalent');
    if (result.verdict !== 'not_equivalent') return;
    const { at, expected, actual } = result.counterexample;
    expect(expected).toBeCloseTo(2 * (at.x as number), 12);
    expect(actual - expected).toBeCloseTo(Math.sin(Math.PI * (at.x as number)), 12);
  });

  it('rejects a constant factor off by 1e-4 and a term off by 1e-3', () => {
    expect(verdict('2.0001*x*cos(x^2)', '2*x*cos(x^2)')).toBe('not_equivalent');
    expect(verdict('2*x*cos(x^2) + 0.001', '2*x*cos(x^2)')).toBe('not_equivalent');
    expect(verdict('2*x*cos(x^2)', '2*x*cos(x^2)')).toBe('equivalent');
  });

  it('sees trigonometric identities', () => {
    expect(verdict('sin(2x)', '2 sin(x) cos(x)')).toBe('equivalent');
    expect(verdict('1/cos(x)^2', 'sec(x)^2')).toBe('equivalent');
    expect(verdict('1 + tan(x)^2', 'sec(x)^2')).toBe('equivalent');
    expect(verdict('1 + tan(x)^2', '1/cos(x)^2')).toBe('equivalent');
    expect(verdict('cos(2x)', '1 - 2 sin(x)^2')).toBe('equivalent');
    expect(verdict('2 sin(x) cos(x)', 'cos(2x)')).toBe('not_equivalent');
  });

  it('compares the derivative of arcsin(2x) only where |x| < 1/2', () => {
    const definedBy = ['asin(2x)', '2 / sqrt(1 - 4 x^2)'];
    const result = check('2 / sqrt(1 - (2x)^2)', '2 / sqrt(1 - 4 x^2)', 'x', definedBy);
    expect(result.verdict).toBe('equivalent');
    expect(result.compared).toBeGreaterThanOrEqual(20);
    expect(verdict('1 / sqrt(1 - 4 x^2)', '2 / sqrt(1 - 4 x^2)', 'x', definedBy)).toBe('not_equivalent');
  });

  it('compares the derivative of ln(ln(ln x)) only where x > e', () => {
    const reference = '1 / (x * log(x) * log(log(x)))';
    const definedBy = ['log(log(log(x)))', reference];
    expect(verdict('(1/x) / (log(x) * log(log(x)))', reference, 'x', definedBy)).toBe('equivalent');
    expect(verdict('1 / (log(x) * log(log(x)))', reference, 'x', definedBy)).toBe('not_equivalent');
  });

  it('treats x^(2/3) as cbrt(x)^2 on the whole real line', () => {
    expect(verdict('x^(2/3)', 'cbrt(x)^2')).toBe('equivalent');
    expect(verdict('(x^2)^(1/3)', 'x^(2/3)')).toBe('equivalent');
    expect(verdict('2/3 * x^(-1/3)', '2 / (3 * cbrt(x))')).toBe('equivalent');
  });

  it('counts an answer undefined where the reference is defined as a disagreement', () => {
    const result = check('sqrt(x)^(4/3)', 'x^(2/3)');
    expect(result.verdict).toBe('not_equivalent');
    if (result.verdict === 'not_equivalent') {
      expect(result.counterexample.actual).toBeNaN();
      expect(result.counterexample.at.x).toBeLessThan(0);
    }
    expect(verdict('sqrt(x)^2', 'x')).toBe('not_equivalent');
  });

  it('is undetermined for a function defined nowhere in the reals', () => {
    const result = check('sqrt(-1 - x^2)', 'sqrt(-1 - x^2)');
    expect(result.verdict).toBe('undetermined');
    if (result.verdict === 'undetermined') expect(renderMessage(result.reason)).toMatch(/no point/);
    expect(result.compared).toBe(0);
  });

  it('handles parameters (variable t, parameter k)', () => {
    expect(verdict('-k*exp(-k*t)', '-k/exp(k*t)', 't')).toBe('equivalent');
    expect(verdict('-k*e^(-k*t)', '-k*exp(-k*t)', 't')).toBe('equivalent');
    expect(verdict('-exp(-k*t)', '-k*exp(-k*t)', 't')).toBe('not_equivalent');
    expect(verdict('-k^2*exp(-k*t)', '-k*exp(-k*t)', 't')).toBe('not_equivalent');
    // A letter the reference does not have is a parameter too, and makes the answer differ.
    expect(verdict('-k*exp(-c*t)', '-k*exp(-k*t)', 't')).toBe('not_equivalent');
  });

  it('is deterministic: same verdict, evidence and counterexample every time', () => {
    for (const [a, b] of [
      ['sin(2x)', '2 sin(x) cos(x)'],
      ['2.0001*x*cos(x^2)', '2*x*cos(x^2)'],
      ['sqrt(-1 - x^2)', 'sqrt(-1 - x^2)'],
    ] as const) {
      expect(check(a, b)).toEqual(check(a, b));
    }
  });
});

describe('equivalent: rounding is not a difference', () => {
  it('accepts (1 - cos 2x)/2 = sin(x)^2 at tiny x, where cancellation eats most digits', () => {
    const points = [1e-3, 3.3e-4, 1.1e-4, 3.7e-5, 1.3e-5, 4.1e-6, 1.7e-6, 7.3e-7, 2.9e-7];
    const result = atPoints('(1 - cos(2*x))/2', 'sin(x)^2', points);
    expect(result.verdict).toBe('equivalent');
    // With no digits left (x = 1e-9 makes 1 - cos(2x) exactly 0) a point says nothing either way.
    expect(atPoints('(1 - cos(2*x))/2', 'sin(x)^2', [1e-9], 1).verdict).toBe('undetermined');
    // But the same cancellation does not hide a real difference.
    expect(atPoints('(1 - cos(2*x))/2 * 1.001', 'sin(x)^2', points).verdict).toBe('not_equivalent');
  });

  it('accepts (e^x + 1)^2 - e^(2x) = 2 e^x + 1 around x = 30', () => {
    const points = [27.3, 27.7, 28.1, 28.3, 28.7, 29.1, 29.3, 29.7, 30.1, 30.3];
    expect(atPoints('(e^x + 1)^2 - e^(2x)', '2*e^x + 1', points).verdict).toBe('equivalent');
    // Further out only a digit or none is left: those points are skipped, never held against it.
    for (const x of [30.7, 31.3, 33.3, 36.1]) {
      expect(atPoints('(e^x + 1)^2 - e^(2x)', '2*e^x + 1', [x], 1).verdict).toBe('undetermined');
    }
    expect(atPoints('(e^x + 1)^2 - e^(2x)', '2*e^x + 1.5', [1.3, 2.7, 0.3], 3).verdict).toBe('not_equivalent');
  });

  it('skips overflow and underflow instead of calling them differences', () => {
    expect(atPoints('x^400/x^399', 'x', [20.3, 25.7, 0.001], 1).verdict).toBe('undetermined');
    expect(verdict('x^400/x^399', 'x')).toBe('equivalent');
    expect(verdict('exp(1000*x) / exp(999*x)', 'exp(x)')).toBe('equivalent');
  });

  it('sees a relative difference even where every value is tiny', () => {
    expect(verdict('sin(x) / cosh(683) * 1.0001', 'sin(x) / cosh(683)')).toBe('not_equivalent');
    expect(verdict('2 * sin(x) / cosh(683)', 'sin(x) / cosh(683) * 2')).toBe('equivalent');
  });

  it('still calls a genuine pole in the answer a difference', () => {
    expect(atPoints('1/(x - x)', 'x', [0.3, 1.7, 2.9], 1).verdict).toBe('not_equivalent');
  });

  it('does not mistake different forms of the same value for a difference', () => {
    expect(verdict('exp(x)^3', 'exp(3*x)')).toBe('equivalent');
    expect(verdict('log(x^2)', '2*log(abs(x))')).toBe('equivalent');
    expect(verdict('sqrt(x^2)', 'abs(x)')).toBe('equivalent');
    expect(verdict('x^(1/2) * x^(1/2)', 'x', 'x', ['sqrt(x)'])).toBe('equivalent');
    expect(verdict('tanh(x)', '(exp(2x) - 1)/(exp(2x) + 1)')).toBe('equivalent');
    expect(verdict('log(x, 2)', 'log2(x)')).toBe('equivalent');
  });
});

describe('prepare and compare', () => {
  it('evaluates the reference once and compares many answers against it', () => {
    const reference = tree('2*x*cos(x^2)');
    const domain = sampleDomain({ definedBy: [tree('sin(x^2)'), reference], variable: 'x' });
    const prepared = prepare(reference, domain);
    expect(prepared.values.length).toBe(domain.points.length);
    const verdicts = ['cos(x^2)', 'cos(x^2) * 2 * x', '2*x*cos(2*x)', 'x*cos(x^2)*2'].map(
      (answer) => compare(prepare(tree(answer), domain), prepared).verdict,
    );
    expect(verdicts).toEqual(['not_equivalent', 'equivalent', 'not_equivalent', 'equivalent']);
  });

  it('reports the evidence and stops at the first disagreement', () => {
    const domain = domainAt('x', [], [[0.3], [0.7], [1.3], [1.7]]);
    const result = compare(prepare(tree('x + 1/(x - 1.3)'), domain), prepare(tree('x'), domain));
    // 0.3 and 0.7 disagree already; the scan stops at the first.
    expect(result).toMatchObject({ verdict: 'not_equivalent', tried: 0, checked: 1, compared: 1 });
    const few = compare(prepare(tree('x'), domain), prepare(tree('x'), domain));
    expect(few).toMatchObject({ verdict: 'undetermined', checked: 4, compared: 4 });
    expect(compare(prepare(tree('x'), domain), prepare(tree('x'), domain), { minCompared: 4 }).verdict).toBe('equivalent');
  });

  it('refuses to compare values prepared on different domains', () => {
    const one = domainAt('x', [], [[0.3]]);
    const other = domainAt('x', [], [[0.3]]);
    expect(() => compare(prepare(tree('x'), one), prepare(tree('x'), other))).toThrow(TypeError);
  });
});
