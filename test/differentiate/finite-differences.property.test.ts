/**
 * The differentiator against central finite differences on hundreds of generated functions: every
 * rule (sum, product, quotient, constant multiple, chain, power, exponential, u^v, each elementary
 * function) is exercised by random composition, and the derivative must match the slope numerically.
 */
import fc from 'fast-check';
import { expression } from '../helpers/arbitrary-expr.js';
import { expect, test } from 'vitest';
import { Differentiator } from '../../src/differentiate/differentiate.js';
import { compile } from '../../src/compare/compile.js';

const POINTS = [-2.71, -1.93, -1.37, -0.83, -0.41, -0.17, 0.23, 0.61, 0.97, 1.29, 1.77, 2.33];
const A = 1.37;

interface Tally {
  functions: number;
  checkedFunctions: number;
  points: number;
  undefinedDerivative: number;
}
const tally: Tally = { functions: 0, checkedFunctions: 0, points: 0, undefinedDerivative: 0 };

test('derivatives match central finite differences', () => {
  fc.assert(
    fc.property(expression, (f) => {
      tally.functions++;
      const df = new Differentiator(f, 'x').derivative();
      const fx = compile(f, ['x', 'a']);
      const dfx = compile(df, ['x', 'a']);
      let checked = 0;
      for (const x of POINTS) {
        const slope = reliableSlope((t) => fx([t, A]), x);
        if (slope === undefined) continue;
        const value = dfx([x, A]);
        // The chain-rule formula is undefined where u sits on a singularity of F' ((x-x)^(1/3)).
        if (!Number.isFinite(value)) {
          tally.undefinedDerivative++;
          continue;
        }
        const scale = Math.max(1, Math.abs(slope));
        if (!(Math.abs(value - slope) <= 1e-5 * scale)) {
          throw new Error(`d/dx ${f.toString()} = ${df.toString()} is ${value} at x=${x}, slope ${slope}`);
        }
        checked++;
      }
      tally.points += checked;
      if (checked > 0) tally.checkedFunctions++;
    }),
    { numRuns: 600, seed: 20261128 },
  );
  // The generator must exercise the rules, not produce functions defined nowhere.
  expect(tally.checkedFunctions).toBeGreaterThan(0.6 * tally.functions);
  expect(tally.points).toBeGreaterThan(2000);
  expect(tally.undefinedDerivative).toBeLessThan(0.02 * tally.points);
});

/** The slope by central differences, only where two step sizes agree (smooth, defined nearby). */
function reliableSlope(f: (t: number) => number, x: number): number | undefined {
  const estimate = (h: number) => (f(x + h) - f(x - h)) / (2 * h);
  const h = 1e-4 * Math.max(1, Math.abs(x));
  const coarse = estimate(h);
  const fine = estimate(h / 2);
  if (!Number.isFinite(coarse) || !Number.isFinite(fine) || !Number.isFinite(f(x))) return undefined;
  const scale = Math.max(1, Math.abs(fine));
  if (Math.abs(coarse - fine) > 1e-6 * scale || Math.abs(fine) > 1e6) return undefined;
  // Rounding in f itself, amplified by 1/h, must stay well below the tolerance.
  if ((Math.abs(f(x)) * 4e-16) / h > 1e-7 * scale) return undefined;
  // Richardson extrapolation removes the h² term.
  return (4 * fine - coarse) / 3;
}
