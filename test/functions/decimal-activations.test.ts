/**
 * The activations' decimal evaluations (issue 14's table entries in the extended range of issue 10,
 * item 7): the same values as in doubles where doubles hold them, no tiny value lost to rounding
 * (softplus far below 0 is e^t, not 0), and erf and GELU — which decimal.js cannot evaluate — declined
 * by the extended comparison rather than guessed.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';
import { decimalContext } from '../../src/numbers/decimal.js';
import { functionNamed } from '../../src/functions/elementary.js';

const D = decimalContext(50);

describe('decimal evaluations of the activations', () => {
  test.each([
    ['sigmoid', undefined],
    ['softplus', undefined],
    ['relu', undefined],
    ['heaviside', undefined],
    ['leaky_relu', 0.1],
    ['swish', undefined],
  ] as const)('%s agrees with its double evaluation', (name, parameter) => {
    const entry = functionNamed(name, parameter === undefined ? 1 : 2);
    expect(entry).toBeDefined();
    if (!entry) return;
    for (const t of [-700, -30, -2.5, -0.001, 0.5, 3, 40, 700]) {
      const double = entry.evaluate(t, parameter);
      const decimal = entry.evaluateDecimal(new D(t), parameter === undefined ? undefined : new D(parameter)).toNumber();
      if (double === 0) expect(Math.abs(decimal)).toBeLessThan(1e-300);
      else expect(Math.abs(decimal - double)).toBeLessThanOrEqual(1e-13 * Math.abs(double));
    }
  });

  test('softplus far below 0 keeps its value e^t (1 + e^t rounds to 1 at any precision)', () => {
    const softplus = functionNamed('softplus');
    const value = softplus?.evaluateDecimal(new D(-200));
    expect(value?.div(new D(-200).exp()).minus(1).abs().toNumber()).toBeLessThan(1e-40);
  });

  test('the unit step is undefined at 0, as in doubles', () => {
    expect(functionNamed('heaviside')?.evaluateDecimal(new D(0)).isNaN()).toBe(true);
  });

  test('erf and GELU have no decimal evaluation: no budget covers them', () => {
    expect(functionNamed('erf')?.decimalWork).toBe(Infinity);
    expect(functionNamed('gelu')?.decimalWork).toBe(Infinity);
    expect(functionNamed('sigmoid')?.decimalWork).toBeLessThan(Infinity);
  });
});

describe('beyond double range', () => {
  const F = 'exp(2^cosh(sqrt(x)+4))';
  const D1 = 'exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * ln(2) * sinh(sqrt(x)+4) / (2 sqrt(x))';

  test('a sigmoid factor is compared in decimals: right answer correct, wrong one incorrect', () => {
    const f = `${F} * sigmoid(x)`;
    const right = `${D1} * sigmoid(x) + ${F} * sigmoid(x) * (1 - sigmoid(x))`;
    const r = check(f, right);
    expect(r.verdict).toBe('correct');
    expect(r.evidence.extendedRange).toBe(true);
    expect(check(f, `${D1} * sigmoid(x) + ${F} * sigmoid(x)`).verdict).toBe('incorrect');
  });

  test('with erf a right answer is never called correct on logarithms alone: undetermined', () => {
    const f = `${F} * erf(x)`;
    const right = `${D1} * erf(x) + ${F} * 2 e^(-x^2)/sqrt(pi)`;
    expect(check(f, right).verdict).toBe('undetermined');
    expect(check(f, `2 * (${right})`).verdict).toBe('incorrect');
  });

  test.each([
    ['relu', (u: string, du: string) => `heaviside(${u}) * ${du}`],
    ['softplus', (u: string, du: string) => `sigmoid(${u}) * ${du}`],
  ] as const)('%s of a value beyond double range passes it through: right correct, doubled incorrect', (name, derivative) => {
    const f = `${name}(${F})`;
    const right = check(f, derivative(F, `(${D1})`));
    expect(right.evidence.extendedRange).toBe(true);
    expect(right.verdict).toBe('correct');
    expect(check(f, `2 * ${derivative(F, `(${D1})`)}`).verdict).toBe('incorrect');
  });
});
