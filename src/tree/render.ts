/**
 * An expression as the service shows it, as text the readers accept back and as LaTeX: a result
 * (a derivative, what a mistake gave) simplified for reading; a piece of the function as written.
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

/**
 * A piece of the function (a place, a composite, a factor) as it stands there, not simplified:
 * simplifying shows the quotient sin(x)/e^x as the product sin(x)*e^(-x) and reorders a product's
 * factors, so the feedback would name a place the student cannot find in the function.
 */
export function asWritten(expr: Expr): Rendered {
  return { text: toText(expr), latex: toLatex(expr) };
}
