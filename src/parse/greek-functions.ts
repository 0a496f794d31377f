/**
 * Greek letters that name a function when applied: σ(z) is the logistic sigmoid, as every neural-network
 * text writes it. The letter alone stays a letter (σ², 2σ, σ·(x+1), σ x: a parameter such as a standard
 * deviation), so σ is a function exactly where it is written as one — directly followed by an opening
 * round bracket, `σ(z)`, `σ (z)`, `\sigma\left(z\right)`, or by a number power and then the bracket,
 * `σ^2(z)` as `sin^2(x)` — and not when σ is itself the variable of differentiation. A product of σ and a
 * bracket is written with the sign: `σ*(x+1)`.
 *
 * Which letters do so is part of the function's table entry (`appliedLetter`). Runs on the resolved
 * token stream of every format (σ, \sigma, MathML <mi>σ</mi> and the word sigma all arrive as the
 * symbol `sigma`), before the grammar. The LaTeX printer writes σ times a bracket with \cdot.
 */
import { functionOfAppliedLetter } from '../functions/elementary.js';
import type { Token } from './tokens.js';

export function applyGreekFunctions(tokens: Token[], variable: string): Token[] {
  return tokens.map((t, k) => {
    // Whether it is applied is asked first: it looks at the next tokens only, where the table is searched.
    if (t.kind !== 'symbol' || t.name === variable || !isApplied(tokens, k + 1)) return t;
    const name = functionOfAppliedLetter(t.name ?? '');
    return name === undefined ? t : { ...t, kind: 'function', name };
  });
}

/** A typed `(` at `at`, or a number power (`^2`, `^{2}`, `^{-1}`) and then one. */
function isApplied(tokens: readonly Token[], at: number): boolean {
  const next = tokens[at];
  if (next === undefined) return false;
  if (opensArgument(next)) return true;
  if (next.kind !== 'op' || next.name !== '^') return false;
  let k = at + 1;
  const grouped = tokens[k]?.kind === 'open';
  if (grouped) k++;
  if (tokens[k]?.kind === 'op' && (tokens[k]?.name === '-' || tokens[k]?.name === '+')) k++;
  if (tokens[k]?.kind !== 'number') return false;
  k++;
  if (grouped) {
    if (tokens[k]?.kind !== 'close') return false;
    k++;
  }
  const after = tokens[k];
  return after !== undefined && opensArgument(after);
}

/** A round bracket the writer typed (not one a lexer made to group a superscript or a \frac part). */
function opensArgument(t: Token): boolean {
  return t.kind === 'open' && t.bracket === '(' && !t.synthetic;
}
