/**
 * Names with a subscript, as weights and biases are named: `w_1`, `w_{1}`, `w₁`, `b_2`, `θ_0`, and
 * `W1` / `b2` typed without the underscore. Each becomes one symbol, `w_1`, so it can be a parameter or
 * the variable (`"variable": "w_1"`) and is never w·1.
 *
 * A subscript written as such (`_`, `₁`, LaTeX `_{…}`) always names. A letter written against digits is
 * a name only where that cannot be a product the reader already promises (`x2` is x·2 or x², see
 * grammar.ts): in a function, a one-letter word other than the variable and e followed by digits
 * (`W1 x + b1`); in an answer, only the names its function uses (or the variable), so `a2x` still reads
 * as a·2·x when the function has no a_2.
 */
import { functionSpelled } from '../functions/elementary.js';
import type { Role } from './left-side.js';
import { CONSTANTS, GREEK_NAMES } from './names.js';
import { token, type Token } from './tokens.js';

export interface NamingContext {
  role: Role;
  variable: string;
  /** Subscripted names known to be names: the variable and, for an answer, its function's letters. */
  knownNames: ReadonlySet<string>;
}

/** The subscripted name a base and a subscript make: `w` and `1` give `w_1`. */
export function subscriptedName(base: string, subscript: string): string {
  return `${base}_${subscript}`;
}

export function mergeSubscriptedNames(input: string, tokens: Token[], context: NamingContext): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    // A subscript starts with `_` (explicitSubscript) or is a number (implicitSubscript): before any
    // other token there is nothing to merge, and baseOf, which only looks, need not be asked.
    const after = tokens[k + 1]?.kind;
    if (after !== 'underscore' && after !== 'number') {
      out.push(t);
      continue;
    }
    const base = baseOf(t);
    const merged = base === undefined ? undefined : explicitSubscript(tokens, k + 1) ?? implicitSubscript(tokens, k, context, base.name);
    if (base === undefined || merged === undefined) {
      out.push(t);
      continue;
    }
    const { subscript, end, next } = merged;
    // `xw_1`: the subscript belongs to the last letter (or Greek name); the letters before it stay a word.
    const baseStart = t.kind === 'word' ? t.end - base.length : t.start;
    if (baseStart > t.start) {
      const word = t.name ?? t.text;
      out.push(token('word', input.slice(t.start, baseStart), t.start, baseStart, t.spaceBefore, { name: word.slice(0, word.length - base.length) }));
    }
    const name = subscriptedName(base.name, subscript);
    out.push(token('symbol', input.slice(baseStart, end), baseStart, end, baseStart > t.start ? false : t.spaceBefore, { name }));
    k = next - 1;
  }
  return out;
}

/**
 * The Greek names, longest first, so that the first one a word ends in is the longest (`epsilon`, not
 * `psi`). Two names of one length cannot both end a word, so the order among them does not matter.
 */
const GREEK_NAMES_LONGEST_FIRST = [...GREEK_NAMES].sort((a, b) => b.length - a.length);

/**
 * The letter a subscript may attach to and its length as typed: a word's last letter or the Greek name
 * it ends in (`theta_1`), or a Greek symbol (not e, not π).
 */
function baseOf(t: Token): { name: string; length: number } | undefined {
  if (t.kind === 'symbol') {
    const name = t.name ?? '';
    return CONSTANTS.has(name) || name.includes('_') ? undefined : { name, length: t.end - t.start };
  }
  if (t.kind !== 'word' || t.partial || t.dotted) return undefined;
  const word = t.name ?? t.text;
  // log_2(x) is a base-2 logarithm, not a name.
  if (functionSpelled(word) !== undefined) return undefined;
  const greek = GREEK_NAMES_LONGEST_FIRST.find((name) => word.endsWith(name));
  if (greek !== undefined) return { name: greek, length: greek.length };
  const last = word.slice(-1);
  return /^[A-Za-z]$/.test(last) && !CONSTANTS.has(last) ? { name: last, length: 1 } : undefined;
}

interface Subscript {
  subscript: string;
  /** End offset of the subscript in the input. */
  end: number;
  /** Index of the first token after it. */
  next: number;
}

/** `_1`, `_{1}`, `_b`, LaTeX `_{1}` and unicode `₁` (both lexed as `_ ( 1 )`). */
function explicitSubscript(tokens: Token[], at: number): Subscript | undefined {
  const underscore = tokens[at];
  if (underscore?.kind !== 'underscore') return undefined;
  const first = tokens[at + 1];
  const plain = subscriptText(first);
  if (plain !== undefined) return { subscript: plain, end: (first as Token).end, next: at + 2 };
  if (first?.kind !== 'open') return undefined;
  const inner = subscriptText(tokens[at + 2]);
  const close = tokens[at + 3];
  if (inner === undefined || close?.kind !== 'close') return undefined;
  return { subscript: inner, end: close.end, next: at + 4 };
}

/** `W1`, `b2`: a one-letter word with digits written against it, where such a name is expected. */
function implicitSubscript(tokens: Token[], at: number, context: NamingContext, base: string): Subscript | undefined {
  const t = tokens[at] as Token;
  const next = tokens[at + 1];
  if (t.kind !== 'word' || (t.name ?? t.text).length !== 1) return undefined;
  if (next?.kind !== 'number' || next.spaceBefore || !/^\d+$/.test(next.text)) return undefined;
  const name = subscriptedName(base, next.text);
  const known = context.knownNames.has(name);
  if (!known && (context.role !== 'function' || base === context.variable)) return undefined;
  return { subscript: next.text, end: next.end, next: at + 2 };
}

function subscriptText(t: Token | undefined): string | undefined {
  if (t?.kind === 'number' && /^\d{1,3}$/.test(t.text)) return t.text;
  if (t?.kind === 'word' && /^[A-Za-z]$/.test(t.name ?? t.text)) return t.name ?? t.text;
  return undefined;
}
