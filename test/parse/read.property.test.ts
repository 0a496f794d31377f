/**
 * Property tests for the readers: hostile text only ever produces a ReadError, and whatever the printers
 * write (text or LaTeX) reads back as the same function.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile } from '../../src/compare/compile.js';
import { ReadError } from '../../src/parse/errors.js';
import { MAX_READINGS, readEveryReading, readExpression } from '../../src/parse/read.js';
import { toLatex } from '../../src/tree/print-latex.js';
import { toText } from '../../src/tree/print-text.js';
import { simplify } from '../../src/tree/simplify.js';
import type { Expr } from '../../src/tree/nodes.js';
import { expression } from '../helpers/arbitrary-expr.js';

const ALPHABET = [
  'x', 'y', 'e', 'pi', 'π', 'θ', 'sin', 'cos', 'ln', 'log', 'sqrt', 'abs', 'arcsin', 'd', 'dx', 'f', "'",
  '0', '1', '2', '.', '+', '-', '*', '/', '^', '**', '(', ')', '[', ']', '{', '}', '|', ',', '=', '_',
  ' ', '²', '⁻¹', '√', '·', '−', '!', '"', '\\', '\\frac', '\\sqrt', '\\left(', '\\right)', '\\sin', '$',
  'constructor', '__proto__', 'import', '\u0000', '𝑥', '\n',
  // Issue 10's notations: Maxima, invisible characters, Word, AsciiMath, editors' spaces, names, ∂.
  '%e', '%pi', '%i', '%', '\u2061', '\u200b', '\u2062', '〖', '〗', 'xx', 'root', '-:', '\\ ', '\\,', '\\quad', 'e^', 'w_1',
  'W1', '_', '∂', '\\partial', '<math>', '</math>', '<mi>', '</mi>', '<mo>', '</mo>', '&#x2061;',
];
const text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 30 }).map((parts) => parts.join(''));

describe('hostile text', () => {
  test('reading never fails with anything but a ReadError', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('auto', 'text', 'latex') as fc.Arbitrary<'auto' | 'text' | 'latex'>, (input, format) => {
        try {
          const result = readExpression(input, { format });
          expect(result.expr).toBeDefined();
        } catch (error) {
          if (!(error instanceof ReadError)) throw error;
          expect(error.position).toBeGreaterThanOrEqual(0);
          expect(error.position).toBeLessThanOrEqual([...input].length);
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
  test('every reading of hostile text is a tree, or the text is a ReadError', () => {
    fc.assert(
      fc.property(text, (input) => {
        try {
          const { readings } = readEveryReading(input);
          expect(readings.length).toBeGreaterThan(0);
          expect(readings.length).toBeLessThanOrEqual(MAX_READINGS);
        } catch (error) {
          if (!(error instanceof ReadError)) throw error;
        }
      }),
      { numRuns: 1500, seed: 17 },
    );
  });
  test('arbitrary unicode never fails with anything but a ReadError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (input) => {
        try {
          readExpression(input);
        } catch (error) {
          if (!(error instanceof ReadError)) throw error;
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});

/** Read printed output; the limits (a constant exponent of ±∞ from ln(0)…) may refuse degenerate trees. */
function readBack(printed: string, format: 'text' | 'latex') {
  try {
    return readExpression(printed, { format });
  } catch (error) {
    if (error instanceof ReadError && (error.code === 'too_large' || error.code === 'too_deep')) return undefined;
    throw error;
  }
}

const POINTS = [-2.3, -0.7, 0.35, 0.9, 1.7, 3.1].map((x) => [x, 1.37]);

function sameFunction(a: Expr, b: Expr): void {
  const fa = compile(a, ['x', 'a']);
  const fb = compile(b, ['x', 'a']);
  for (const point of POINTS) {
    const va = fa(point);
    const vb = fb(point);
    if (Number.isNaN(va) || Number.isNaN(vb)) {
      expect(Number.isNaN(va), `${a.toString()} vs ${b.toString()} at ${point[0]}`).toBe(Number.isNaN(vb));
      continue;
    }
    if (va === vb) continue;
    expect(Math.abs(va - vb), `${a.toString()} vs ${b.toString()} at ${point[0]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(va)));
  }
}

describe('printed expressions read back', () => {
  test('text', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const shown = simplify(expr);
        const printed = toText(shown);
        const reread = readBack(printed, 'text');
        if (!reread) return;
        expect(reread.warnings, printed).toEqual([]);
        sameFunction(shown, reread.expr);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
  test('LaTeX', () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const shown = simplify(expr);
        const printed = toLatex(shown);
        const reread = readBack(printed, 'latex');
        if (reread) sameFunction(shown, reread.expr);
      }),
      { numRuns: 500, seed: 5 },
    );
  });
});
