/**
 * The token stream both readers produce (plain text and LaTeX) and the one grammar consumes. Lexers do
 * no interpretation beyond spelling: letter runs stay `word`s until the word resolver, which knows the
 * variable, decides whether `sinx` is sin·x and whether `sinn` is a typo.
 */
export type TokenKind =
  | 'number' // value: the number; text: its digits
  | 'word' // a run of letters as typed (`sin`, `kt`, `theta`); resolved later
  | 'function' // a function already named by a LaTeX command (`\sin`, `\operatorname{sech}`, `√`): name is the spelling
  | 'symbol' // a symbol already named (`\pi`, `π`, `\theta`, `\mathrm{e}`): name is the canonical symbol name
  | 'op' // one of + - * / ^ (unicode and `**` already mapped)
  | 'open' // ( [ {   — bracket gives which
  | 'close' // ) ] }
  | 'bar' // `|` in text: opens or closes an absolute value depending on position
  | 'absOpen' // LaTeX \left| or \lvert: unambiguous
  | 'absClose' // LaTeX \right| or \rvert
  | 'comma'
  | 'equals'
  | 'prime' // ' or \prime, only meaningful in a left side like f'(x)
  | 'underscore' // _ (log_2, log_{b})
  | 'end';

export type Bracket = '(' | '[' | '{';

export interface Token {
  kind: TokenKind;
  /** Source text of the token, for messages (`\left(` for a LaTeX bracket). */
  text: string;
  /** Offset of the token's first character in the original input (UTF-16 code units). */
  start: number;
  /** Offset just past the token's last character. */
  end: number;
  /** Whitespace (or a LaTeX spacing command) separates this token from the previous one. */
  spaceBefore: boolean;
  /** For 'number'. */
  value?: number;
  /** For 'op': + - * / ^. For 'word' / 'function': the spelling. For 'symbol': canonical name. */
  name?: string;
  /** For 'open' / 'close'. */
  bracket?: Bracket;
  /**
   * Made by the lexer rather than typed (the parentheses around a unicode superscript or a LaTeX
   * \frac argument). Synthetic brackets are grouping only and never start a function's argument list
   * in a way the user did not write.
   */
  synthetic?: boolean;
  /**
   * Spacing the writer put in on purpose (LaTeX `\ `, `\,`, `\;`, `\quad`, MathML `<mspace/>`), not
   * mere whitespace: it ends a function's bracketless argument (`\cos x\ e^{\sin x}`).
   */
  hardSpace?: boolean;
  /**
   * A TeX group's brace (`{…}` in LaTeX): it groups but is not shown, so it is no bracket the writer
   * saw (`\cos x{e^{\sin x}}` shows cos x e^{sin x}).
   */
  group?: boolean;
  /**
   * A number written in groups of three digits with a space between (`20 000`, `1 000 000`), as much of
   * the world writes thousands: read as one number, with a warning saying so (grammar.ts). `groups` as
   * written; `factors` when every space was a plain one, so that `2 250` may also be 2·250 (a thin or
   * no-break space, `\,` and a MathML <mn> are only ever a thousands mark).
   */
  digitGroups?: { groups: readonly string[]; factors: boolean };
  /** A root sign's own index (`∜` is nthRoot with index 4): the grammar adds it as the second argument. */
  rootIndex?: number;
  /**
   * A letter with Newton's dot (`ẋ`, `\dot{x}`): a time derivative, allowed only as the left side
   * `ẋ =` of an answer whose variable is t (left-side.ts).
   */
  dotted?: boolean;
  /** `∂` or `\partial`, spelled as the word `d`: allowed only in a left side such as ∂L/∂w =. */
  partial?: boolean;
  /**
   * AsciiMath's times sign `xx` written against its operands (`2xx(x+1)`): it may also be the
   * letters x·x, so the grammar reads it both ways (see grammar.ts, readings).
   */
  timesOrLetters?: boolean;
  /**
   * A number written with a full stop first right after a factor (`cos(x^2).2x`, `x.5`): the full
   * stop may be a multiplication dot (2x.cos x is a product) or a decimal point, so the grammar reads
   * it both ways.
   */
  dotOrDecimal?: boolean;
  /**
   * Written right after MathML's U+2062 INVISIBLE TIMES: a product the markup says, where MathLive
   * writes a mixed number 1½ with U+2064 (`<mn>2</mn><mo>⁢</mo><mfrac>…` is 2·½ alone).
   */
  afterInvisibleTimes?: boolean;
}

export const CLOSING: Record<Bracket, string> = { '(': ')', '[': ']', '{': '}' };

export function token(
  kind: TokenKind,
  text: string,
  start: number,
  end: number,
  spaceBefore: boolean,
  extra?: Partial<Token>,
): Token {
  return extra === undefined ? { kind, text, start, end, spaceBefore } : { kind, text, start, end, spaceBefore, ...extra };
}

// The tokens a lexer makes for nearly every character, each `token(…)` with its one extra property,
// written out: a spread costs tens of nanoseconds a token where a literal costs next to nothing, and
// the objects are the same (the same properties in the same order).

/** `token(kind, …, { name })`: a word, an operator, a symbol. */
export function namedToken(kind: TokenKind, text: string, start: number, end: number, spaceBefore: boolean, name: string): Token {
  return { kind, text, start, end, spaceBefore, name };
}

/** `token('number', …, { value })`. */
export function numberToken(text: string, start: number, end: number, spaceBefore: boolean, value: number): Token {
  return { kind: 'number', text, start, end, spaceBefore, value };
}

/** `token(kind, …, { bracket })`: an opening or closing bracket. */
export function bracketToken(kind: 'open' | 'close', text: string, start: number, end: number, spaceBefore: boolean, bracket: Bracket): Token {
  return { kind, text, start, end, spaceBefore, bracket };
}
