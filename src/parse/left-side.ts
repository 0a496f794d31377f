/**
 * Students copy the question's notation: `f'(x) = 2x cos(x^2)`, `dy/dx = …`, `\frac{dy}{dx} = …`, and
 * functions arrive as `f(x) = sin(x^2)`. A left side of that shape is dropped; any other `=` makes an
 * equation, which is not something to grade. Derivative operators inside the expression (`d/dx`) are
 * refused here too, before word splitting would read `dx` as d·x.
 */
import { list, msg } from '../i18n/message.js';
import { readError } from './errors.js';
import type { Token } from './tokens.js';
import type { ReadWarning } from './warnings.js';

export type Role = 'function' | 'answer';

export function dropLeftSide(input: string, all: Token[], role: Role, variable: string, knownNames: ReadonlySet<string> = new Set(), warnings: ReadWarning[] = []): Token[] {
  if (all.every(plainToken) && !(role === 'answer' && gluedDifferential(all.at(-2), variable, input) !== undefined)) return all;
  const differential = role === 'answer' ? trailingDifferential(all, variable, knownNames, input) : undefined;
  let tokens = all;
  if (differential !== undefined) {
    const [from, at, kept] = differential;
    tokens = [...all.slice(0, from), ...(kept ? [kept] : []), all.at(-1) as Token];
    // Written as d and the variable, not cut from the input (LaTeX's \mathrm{d}x would be pasted in).
    warnings.push({ code: 'left_side_dropped', position: at.start, message: msg('warn.differential_dropped', { text: `d${variable}` }) });
  }
  const equals = tokens.filter((t) => t.kind === 'equals');
  refuseDotted(input, tokens, role, variable);
  if (equals.length === 0) {
    refuseDerivativeOperators(input, tokens, variable);
    return tokens;
  }
  const [first, second] = equals as [Token, Token | undefined];
  if (second) {
    throw readError(input, 'equation', second.start, (p) => msg('read.equation_chain', { position: p }), {
      token: '=',
      hint: msg('read.equation_chain.hint'),
    });
  }
  const at = tokens.indexOf(first);
  const left = tokens.slice(0, at);
  const right = tokens.slice(at + 1);
  // "= 2x cos(x^2)": the left side left out, as when a student copies only the answer line. With the
  // differential dropped, dy = 2x cos(x^2) dx is the derivative written as differentials.
  if (left.length > 0 && !isLeftSide(left, role, variable) && !(differential !== undefined && isDifferentialLeftSide(left))) {
    const expected = role === 'answer' ? ["f'(x) =", "y' =", 'dy/dx ='] : ['f(x) =', 'y ='];
    throw readError(input, 'equation', first.start, (p) => msg('read.equation', { position: p }), {
      token: '=',
      hint: msg('read.equation.hint', { examples: list(expected.map((e) => e.replaceAll('x', variable)), 'or') }),
    });
  }
  refuseDerivativeOperators(input, right, variable);
  return right;
}

/**
 * `2x cos(x^2) dx`: the differential written after a derivative (copied from dy = f'(x) dx, or from an
 * integral's dx) is no factor d·x: the index of its first token (with a `*` before it) and that token,
 * when the answer ends with `dx` (or `d x`) after something else and its function has no letter d.
 * Where the function has one (d·x²/2), `dx` may be the product it writes, and is left as written.
 * Typed without a space, `2xdx` ends with one run of letters, `xdx`: its part before `dx` is kept.
 */
function trailingDifferential(tokens: Token[], variable: string, knownNames: ReadonlySet<string>, input: string): [number, Token, Token?] | undefined {
  if (knownNames.has('d')) return undefined;
  const n = tokens.length - 1; // tokens[n] is the end
  const last = tokens[n - 1];
  const named = (t: Token | undefined, name: string) => (t?.kind === 'word' || t?.kind === 'symbol') && (t.name ?? t.text) === name;
  const glued = gluedDifferential(last, variable, input);
  if (glued !== undefined) return [n - 1, glued.differential, glued.kept];
  let from: number;
  if (named(last, `d${variable}`)) from = n - 1;
  else if (named(last, variable) && named(tokens[n - 2], 'd') && !(tokens[n - 2] as Token).partial) from = n - 2;
  else return undefined;
  const at = tokens[from] as Token;
  const before = tokens[from - 1];
  if (before?.kind === 'op' && before.name === '*') from--;
  const previous = tokens[from - 1];
  // Something to be the derivative, and not an operator or a left side's = waiting for an operand.
  if (previous === undefined || previous.kind === 'op' || previous.kind === 'equals' || previous.kind === 'open' || previous.kind === 'comma') return undefined;
  return [from, at];
}

/**
 * A run of letters that ends with the variable and then `d` and the variable (`xdx`, `sinxdx`, `axdx`
 * in `2axdx`): the differential typed against what it follows. Split into the letters kept and the
 * differential; undefined for any other token. Only a run ending with the variable before the `d`, so
 * that a name with a d inside (`cosdx`) is not cut.
 */
function gluedDifferential(t: Token | undefined, variable: string, input: string): { kept: Token; differential: Token } | undefined {
  const name = t?.kind === 'word' ? (t.name ?? t.text) : undefined;
  const differential = `d${variable}`;
  if (t === undefined || name === undefined || t.text !== name || !name.endsWith(variable + differential)) return undefined;
  // Where the differential starts in the input: its letters back from the token's end, each a code
  // point there (maths letters, 𝑑𝑥, are two UTF-16 units each and read as d and x).
  let cut = t.end;
  for (let k = [...differential].length; k > 0 && cut > t.start; k--) cut -= (input.codePointAt(cut - 2) ?? 0) > 0xffff ? 2 : 1;
  const kept = name.slice(0, -differential.length);
  return { kept: { ...t, text: kept, name: kept, end: cut }, differential: { ...t, text: differential, name: differential, start: cut, spaceBefore: false } };
}

/** `dy =`, `df =`: the left side of a derivative written as differentials, dy = f'(x) dx. */
function isDifferentialLeftSide(left: Token[]): boolean {
  return /^d(?:[A-Za-z]|alpha|beta|gamma|delta|theta|phi|psi|omega)$/.test(compact(left));
}

/**
 * A token none of the checks below looks at: no `=` (a left side), no dotted letter (refuseDotted), no
 * `∂` and no word starting with d (refuseDerivativeOperators). Nearly every answer is made of these
 * alone, and is then returned as it is, as the checks would.
 */
function plainToken(t: Token): boolean {
  return t.kind !== 'equals' && t.dotted !== true && t.partial !== true && !(t.kind === 'word' && (t.name ?? '').startsWith('d'));
}

/**
 * Newton's dot (ẋ, \dot{x}) is a derivative with respect to time: `ẋ = …` is a left side in an answer
 * whose variable is t, as `x' =` is. Anywhere else, or with another variable, it is refused as any
 * accent is (name the quantity with a plain letter).
 */
function refuseDotted(input: string, tokens: Token[], role: Role, variable: string): void {
  const equals = tokens.findIndex((t) => t.kind === 'equals');
  const leftSide = role === 'answer' && equals > 0 && isDottedLeftSide(tokens.slice(0, equals), variable) ? tokens[0] : undefined;
  const stray = tokens.find((t) => t.dotted && t !== leftSide);
  if (!stray) return;
  const why = msg('why.latex.accents');
  throw readError(input, 'unsupported', stray.start, (p) => msg('read.latex.refused', { why, token: stray.text, position: p }), { token: stray.text });
}

/** A left side that is a dotted letter, `ẋ` or `ẋ(t)`, with the variable t. */
function isDottedLeftSide(left: Token[], variable: string): boolean {
  if (variable !== 't' || left[0]?.dotted !== true) return false;
  if (left.length === 1) return true;
  const [open, name, close] = [left[1], left[2], left[3]];
  return left.length === 4 && open?.kind === 'open' && close?.kind === 'close' && (name?.kind === 'symbol' || name?.kind === 'word') &&
    (name.name ?? name.text) === variable;
}

/** The left side as compact text: names and operators, brackets kept as ( ). */
function compact(tokens: Token[]): string {
  return tokens
    .map((t) => {
      switch (t.kind) {
        case 'open':
          return '(';
        case 'close':
          return ')';
        case 'prime':
          return "'";
        case 'number':
          return t.text;
        case 'op':
          return t.name ?? t.text;
        case 'word':
        case 'symbol':
        case 'function':
          return t.name ?? t.text;
        default:
          return `<${t.kind}>`;
      }
    })
    .join('');
}

function isLeftSide(tokens: Token[], role: Role, variable: string): boolean {
  const text = compact(tokens);
  const bare = text.replace(/[()]/g, '');
  const name = '(?:[A-Za-z]|alpha|beta|gamma|delta|theta|phi|psi|omega)';
  const v = escape(variable);
  if (role === 'function') {
    return new RegExp(`^${name}(?:\\(${v}\\))?$`).test(text);
  }
  return (
    isDottedLeftSide(tokens, variable) || // ẋ =, ẋ(t) =, \dot{x} = (Newton's dot)
    primedBracket(tokens) || // (sin(x^2))', [x^2 e^x]'
    differentiatedBracket(tokens, variable) || // d(sin(x^2))/dx
    new RegExp(`^${name}'(?:\\(${v}\\))?$`).test(text) || // f'(x), y'
    new RegExp(`^${name}\\(${v}\\)'$`).test(text) || // f(x)' (the prime after the bracket)
    new RegExp(`^d${name}?/d${v}$`).test(bare) || // dy/dx, d/dx
    new RegExp(`^d${name}${v}/d${v}$`).test(bare) || // df(x)/dx
    new RegExp(`^d/d${v}.+$`).test(bare) // d/dx sin(x^2) = …, d/dx(f)
  );
}

/** A bracketed expression with a prime, `(sin(x^2))' =`: the function written out and differentiated. */
function primedBracket(tokens: Token[]): boolean {
  const last = tokens.length - 1;
  if (last < 2 || tokens[0]?.kind !== 'open' || tokens[last]?.kind !== 'prime' || tokens[last - 1]?.kind !== 'close') return false;
  // The first bracket closes just before the prime, not earlier: (x)'(x)' is no left side.
  let depth = 0;
  for (let k = 0; k < last; k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    if (depth === 0 && k < last - 1) return false;
  }
  return depth === 0;
}

/** `d(sin(x^2))/dx =`: the function written out in brackets after d, over d and the variable. */
function differentiatedBracket(tokens: Token[], variable: string): boolean {
  if (tokens[0]?.kind !== 'word' || tokens[0].name !== 'd' || tokens[1]?.kind !== 'open') return false;
  let depth = 0;
  for (let k = 1; k < tokens.length; k++) {
    const kind = (tokens[k] as Token).kind;
    if (kind === 'open') depth++;
    else if (kind === 'close' && --depth === 0) {
      return new RegExp(`^/d${escape(variable)}$`).test(compact(tokens.slice(k + 1)).replace(/[()]/g, ''));
    }
  }
  return false;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** d/dx, dy/dx and \frac{d}{dx} inside an expression: the answer is an operator, not a derivative. */
function refuseDerivativeOperators(input: string, tokens: Token[], variable: string): void {
  const partial = tokens.find((t) => t.partial);
  if (partial) {
    throw readError(input, 'derivative_operator', partial.start, (p) => msg('read.partial', { token: partial.text, position: p }), {
      token: partial.text,
      hint: msg('read.partial.hint', { examples: list([`∂L/∂${variable} =`, `\\frac{\\partial L}{\\partial ${variable}} =`], 'or') }),
    });
  }
  const significant = tokens.filter((t) => t.kind !== 'open' && t.kind !== 'close');
  for (let k = 0; k + 2 < significant.length; k++) {
    const d = significant[k] as Token;
    const slash = significant[k + 1] as Token;
    const below = significant[k + 2] as Token;
    if (d.kind !== 'word' || !(d.name ?? '').startsWith('d')) continue;
    if (slash.kind !== 'op' || slash.name !== '/') continue;
    const after = significant[k + 3];
    const overVariable =
      (below.kind === 'word' && below.name === `d${variable}`) ||
      (below.kind === 'word' && below.name === 'd' && after !== undefined &&
        (after.kind === 'word' || after.kind === 'symbol') && after.name === variable);
    if (overVariable) {
      throw readError(input, 'derivative_operator', d.start, (p) => msg('read.derivative_operator', { operator: `d/d${variable}`, position: p }), {
        token: input.slice(d.start, below.end),
        hint: msg('read.derivative_operator.hint_left_side', { example: `2*${variable}*cos(${variable}^2)`, leftSide: `dy/d${variable} =` }),
      });
    }
  }
}
