/**
 * An expression as the service shows it: simplified for reading, as text the readers accept back and
 * as LaTeX.
 */
import type { Expr } from './nodes.js';
import { toLatex } from './print-latex.js';
import { toText } from './print-text.js';
import { simplify } from './simplify.js';

export interface Rendered {
  text: string;
  latex: string;
}

export function render(expr: Expr, variable: string): Rendered {
  const shown = simplify(expr, { variable });
  return { text: toText(shown), latex: toLatex(shown) };
}
