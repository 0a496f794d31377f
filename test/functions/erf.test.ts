/**
 * erf and erfc (src/functions/erf.ts) against mpmath at 40 digits, rounded to 17: within 1e-15
 * relative over all three ranges of Cody's approximation, both signs, and erfc deep in its tail where
 * 1 - erf would have cancelled to nothing.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { erf, erfc, normalCdf } from '../../src/functions/erf.js';

/** x, erf(x), erfc(x) (mpmath, 40 digits). */
const KNOWN: ReadonlyArray<readonly [number, number, number]> = [
  [1e-10, 1.1283791670955126e-10, 0.99999999988716208],
  [0.001, 1.1283787909692364e-3, 0.99887162120903076],
  [0.1, 1.124629160182849e-1, 0.8875370839817151],
  [0.25, 2.7632639016823693e-1, 0.72367360983176307],
  [0.46875, 4.9261347321793799e-1, 0.50738652678206201],
  [0.5, 5.2049987781304654e-1, 0.47950012218695346],
  [0.75, 7.1115563365351513e-1, 0.28884436634648487],
  [1, 8.4270079294971487e-1, 0.15729920705028513],
  [1.25, 9.2290012825645823e-1, 0.07709987174354177],
  [1.5, 9.6610514647531073e-1, 0.033894853524689273],
  [2, 9.9532226501895273e-1, 0.0046777349810472658],
  [2.5, 9.9959304798255504e-1, 0.00040695201744495894],
  [3, 9.9997790950300141e-1, 2.2090496998585441e-5],
  [3.5, 9.9999925690162766e-1, 7.4309837234141275e-7],
  [4, 9.999999845827421e-1, 1.5417257900280019e-8],
  [4.5, 9.9999999980338396e-1, 1.9661604415428875e-10],
  [5, 9.9999999999846254e-1, 1.5374597944280349e-12],
  [6, 9.9999999999999998e-1, 2.1519736712498913e-17],
  [8, 1.0, 1.1224297172982927e-29],
  [10, 1.0, 2.0884875837625448e-45],
  [15, 1.0, 7.2129941724512067e-100],
  [20, 1.0, 5.3958656116079009e-176],
  [26, 1.0, 5.6631924088561428e-296],
];

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('erf and erfc', () => {
  test.each(KNOWN)('at ±%d', (x, e, c) => {
    expect(relative(erf(x), e)).toBeLessThan(1e-15);
    expect(relative(erf(-x), -e)).toBeLessThan(1e-15);
    expect(relative(erfc(x), c)).toBeLessThan(1e-15);
    expect(relative(erfc(-x), 2 - c)).toBeLessThan(1e-15);
  });
  test('limits, zero and NaN', () => {
    expect(erf(0)).toBe(0);
    expect(erfc(0)).toBe(1);
    expect(erf(40)).toBe(1);
    expect(erf(-40)).toBe(-1);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
    expect(erf(Infinity)).toBe(1);
    expect(Number.isNaN(erf(Number.NaN))).toBe(true);
    expect(Number.isNaN(erfc(Number.NaN))).toBe(true);
  });
  test('odd, bounded, increasing, and erf + erfc = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (x, h) => {
        expect(erf(-x)).toBe(-erf(x));
        expect(Math.abs(erf(x))).toBeLessThanOrEqual(1);
        expect(erf(x + h)).toBeGreaterThanOrEqual(erf(x));
        expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(4e-16);
      }),
    );
  });
  test('Φ(t) keeps its relative precision far below 0 (GELU at t = -10 and -40)', () => {
    // t·Φ(t), mpmath: -7.6198530241605261e-23 at -10, -1.4623574163660119e-348 (below doubles) at -40.
    expect(relative(-10 * normalCdf(-10), -7.6198530241605261e-23)).toBeLessThan(1e-14);
    expect(normalCdf(-40)).toBe(0);
    expect(relative(0.5 * normalCdf(0.5), 0.34573123063700655)).toBeLessThan(1e-15);
  });
});
