/**
 * Turns letter runs into what they name. Students write `sinx`, `lnx`, `kt`, `xe^x`; they also mistype
 * `sinn` and `cso`. The resolver splits a word into known pieces (function spellings, e, pi, Greek
 * names, the variable, single letters) with the fewest pieces, and then judges the split:
 * - a function followed, inside the same word, by anything but the variable or a constant is a typo
 *   (`sinn`, `sint` with variable x) and an error with a suggestion;
 * - a product of letters (`kt`, `ax`) is read as a product, with a warning saying so, when it is short
 *   and names at most two parameters; longer runs of unknown letters (`foo`, `cm`…) are errors, since a
 *   silent misreading would grade the wrong expression.
 */
import { msg } from '../i18n/message.js';
import { functionSpelled, isLetteredSpelling, LONGEST_SPELLING } from '../functions/elementary.js';
import { readError } from './errors.js';
import {
  CONSTANTS,
  DERIVATIVE_WORDS,
  GREEK_NAMES,
  LONGEST_GREEK_NAME,
  PROGRAM_WORDS,
  UNIT_WORDS,
  UNSUPPORTED_WORDS,
  closestFunction,
} from './names.js';
import { token, type Token } from './tokens.js';
import type { ReadWarning } from './warnings.js';
import { checkpoint } from '../deadline.js';

interface Piece {
  kind: 'function' | 'symbol';
  name: string;
  from: number; // offset within the word
  to: number;
}

/**
 * An answer's function, when it is known: its letters (parameters and variable) and the functions it
 * applies. A word that names something the function does not use but is written with its letters is
 * read as those letters: `acos(ax)` for sin(ax) is a·cos(ax), `nu^(n-1)` for u^n is n·u^(n-1).
 */
export interface OwnNames {
  names: ReadonlySet<string>;
  functions: ReadonlySet<string>;
}

export function resolveWords(input: string, written: Token[], variable: string, warnings: ReadWarning[], own?: OwnNames): Token[] {
  const tokens = joinArc(written, own);
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'function') {
      out.push(resolveFunctionToken(input, t));
    } else if (t.kind === 'word' && isAsciiMathTimes(t, out.at(-1), tokens[k + 1])) {
      // Spaced (`2 xx x`) it can only be the sign; written against a factor it may be x·x (grammar.ts).
      const spaced = t.spaceBefore && tokens[k + 1]?.spaceBefore === true;
      out.push({ ...t, kind: 'op', name: '*', ...(spaced ? {} : { timesOrLetters: true }) });
    } else if (t.kind === 'word') {
      for (const piece of resolveWord(input, t, variable, warnings, own, appliedAt(tokens, k + 1))) out.push(piece);
    } else {
      out.push(t);
    }
  }
  return out;
}

/** How a function name is given its argument: a bracket right after it, bare, or not at all. */
type Applied = 'bracket' | 'bare' | undefined;

/**
 * How the token at `k` gives a function name before it an argument: a bracket right after it (`ch(x)`,
 * also after a power: `ch^2(x)`), or bare: a bracket after a space, a bar, a number, a name or a
 * function, also after a power (ch^2 x, ch^(2) x, ch²x, TeX's ch^{2} x). A sign is not (ch - x
 * is c·h - x as much as ch(-x)), nor is the end.
 */
function appliedAt(tokens: readonly Token[], k: number): Applied {
  const how = (t: Token | undefined): Applied =>
    t === undefined ? undefined
      : t.kind === 'open' && !t.spaceBefore ? 'bracket'
        : ['open', 'absOpen', 'bar', 'number', 'word', 'symbol', 'function'].includes(t.kind) ? 'bare' : undefined;
  const next = tokens[k];
  if (next?.kind !== 'op' || next.name !== '^') return how(next);
  // The power is a number, bare (ch^2 x) or in brackets: written (ch^(2) x) or made by a superscript or
  // TeX's braces (ch²x, ch^{2} x).
  const power = tokens[k + 1];
  if (power?.kind === 'number') return how(tokens[k + 2]);
  return power?.kind === 'open' && tokens[k + 2]?.kind === 'number' && tokens[k + 3]?.kind === 'close' ? how(tokens[k + 4]) : undefined;
}

/**
 * A lettered spelling (sh, ch, th: see ElementaryFunction.lettered) is the function only where it is
 * applied — to what follows its word (`ch(x)`, `ch x`, `ch^2 x`) or, inside its word, to the variable
 * (`chx`) — and, for an answer whose function has all its letters (c·h·x², c·h·cosh x), only where a
 * bracket follows it at once (`ch(hx)` for x·cosh(hx) + c): `2chx`, `ch sinh x` are then its letters, as
 * `acos` is a·cos for a·sin. Anywhere else it is the letters it is written with, read (and warned about)
 * as any product of letters.
 */
function letteredAsLetters(word: string, pieces: Piece[], variable: string, applied: Applied, own: OwnNames | undefined): Piece[] {
  // Without a lettered spelling every piece stays as it is: the split itself is the answer (its caller
  // only reads it).
  if (!pieces.some((piece) => piece.kind === 'function' && isLetteredSpelling(word.slice(piece.from, piece.to)))) return pieces;
  return pieces.flatMap((piece, k) => {
    const spelling = word.slice(piece.from, piece.to);
    if (piece.kind !== 'function' || !isLetteredSpelling(spelling)) return [piece];
    const after = pieces[k + 1];
    const how: Applied = after === undefined ? applied : after.kind === 'symbol' && after.name === variable ? 'bare' : undefined;
    const ownLetters = writtenWithOwnLetters(spelling, own);
    if (how === 'bracket' || (how === 'bare' && !ownLetters)) return [piece];
    return [...spelling].map((letter, j) => ({ kind: 'symbol' as const, name: letter, from: piece.from + j, to: piece.from + j + 1 }));
  });
}

/**
 * `arc sin(x)`, `arc tg x`, `arc\sin x`: the inverse written with a space after arc, as some textbooks
 * print it, is the one function (unless a, r and c are all the answer's function's own letters).
 * The word after it keeps what follows the name (`arc sinx` is arcsin then x).
 */
function joinArc(tokens: readonly Token[], own: OwnNames | undefined): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const next = tokens[k + 1];
    const arc = t.kind === 'word' && (t.name ?? '').toLowerCase() === 'arc' && !writtenWithOwnLetters('arc', own);
    const name = next?.name ?? '';
    const length = arc && (next?.kind === 'word' || next?.kind === 'function') ? arcLength(name, next.kind === 'function') : 0;
    if (length === 0 || next === undefined) {
      out.push(t);
      continue;
    }
    const spelled = `arc${name.slice(0, length)}`;
    const end = next.start + length;
    out.push(token('function', `${t.text}${next.spaceBefore ? ' ' : ''}${next.text.slice(0, length)}`, t.start, end, t.spaceBefore, { name: spelled }));
    if (length < name.length) out.push(token('word', name.slice(length), end, next.end, false, { name: name.slice(length) }));
    k++;
  }
  return out;
}

/** How much of `name` makes an inverse after arc (the longest spelling), or 0; a function's whole name only. */
function arcLength(name: string, whole: boolean): number {
  for (let length = name.length; length >= 2; length--) {
    if (whole && length < name.length) break;
    const spelling = `arc${name.slice(0, length)}`;
    if (functionSpelled(spelling) !== undefined && !isLetteredSpelling(spelling)) return length;
  }
  return 0;
}

/** Whether every letter of `text` is one of the answer's function's own names (c and h of c·h·x²). */
function writtenWithOwnLetters(text: string, own: OwnNames | undefined): boolean {
  return own !== undefined && [...text].every((letter) => own.names.has(letter));
}

/** A piece as a warning shows it: as written, but a lettered spelling by its function's name (chx: cosh x). */
function shownPiece(word: string, piece: Piece): string {
  const spelling = word.slice(piece.from, piece.to);
  return piece.kind === 'function' && isLetteredSpelling(spelling) ? piece.name : spelling;
}

/** AsciiMath's times sign `xx` (×): the word xx between two factors. */
function isAsciiMathTimes(t: Token, before: Token | undefined, after: Token | undefined): boolean {
  if ((t.name ?? t.text) !== 'xx' || before === undefined || after === undefined) return false;
  const endsFactor = ['number', 'symbol', 'close', 'absClose'].includes(before.kind);
  const startsFactor = ['number', 'word', 'symbol', 'function', 'open', 'absOpen'].includes(after.kind);
  return endsFactor && startsFactor;
}

function resolveFunctionToken(input: string, t: Token): Token {
  const name = functionSpelled(t.name ?? '');
  if (name === undefined) {
    throw readError(input, 'unknown_name', t.start, (p) => msg('read.unknown_function', { name: t.name ?? t.text, position: p }), { token: t.text });
  }
  return { ...t, name };
}

function resolveWord(input: string, t: Token, variable: string, warnings: ReadWarning[], own: OwnNames | undefined, applied: Applied): Token[] {
  const word = t.name ?? t.text;
  refuseReserved(input, t, word, variable, own);
  refuseAppliedUnsupported(input, t, word, variable);
  const segmented = segment(word, variable);
  const ownFirst = own && withOwnLetters(word, segmented, own);
  const pieces = letteredAsLetters(word, ownFirst || (own && withOwnLettersInside(word, segmented, own)) || segmented, variable, applied, own);
  if (pieces.length === 1) {
    const only = pieces[0] as Piece;
    if (only.kind === 'symbol' && only.name !== variable && only.name.toLowerCase() === variable.toLowerCase()) {
      warnings.push({
        code: 'case',
        position: t.start,
        message: msg('warn.case', { word, variable }),
      });
    }
    // ch, th alone are as often c·h, t·h: reading one as its function is said.
    if (only.kind === 'function' && isLetteredSpelling(word)) {
      warnings.push({ code: 'implicit_split', position: t.start, message: msg('warn.split', { word, shown: only.name }) });
    }
    return [{ ...t, kind: only.kind, name: only.name }];
  }
  // A word read from its start as the function's own letters has nothing to judge (every piece is a
  // name it uses or a function); it is said as any split is. Any other split is judged, own letters
  // inside it included (kAcosz is still a typo).
  if (!ownFirst) judgeSplit(input, t, word, pieces, variable, own);
  // sinxcosx reads as "sin x·cos x": a function takes what follows, letters multiply.
  const shown = pieces
    .map((piece, k) => shownPiece(word, piece) + (k === pieces.length - 1 ? '' : piece.kind === 'function' ? ' ' : '·'))
    .join('');
  warnings.push({ code: 'implicit_split', position: t.start, message: msg('warn.split', { word, shown }) });
  return pieces.map((piece, k) =>
    token(piece.kind, word.slice(piece.from, piece.to), t.start + piece.from, t.start + piece.to, k === 0 ? t.spaceBefore : false, {
      name: piece.name,
    }),
  );
}

/**
 * Every word refused below, in one set: a word not in it (sin, x, kt…) passes every check below, and is
 * told so with one look-up instead of four.
 */
const RESERVED_WORDS: ReadonlySet<string> = new Set([...DERIVATIVE_WORDS, ...PROGRAM_WORDS, ...UNIT_WORDS, ...Object.keys(UNSUPPORTED_WORDS)]);

function refuseReserved(input: string, t: Token, word: string, variable: string, own: OwnNames | undefined): void {
  const lower = word.toLowerCase();
  if (!RESERVED_WORDS.has(lower)) return;
  if (DERIVATIVE_WORDS.has(lower)) {
    throw readError(input, 'derivative_operator', t.start, (p) => msg('read.derivative_operator', { operator: word, position: p }), {
      token: word,
      hint: msg('read.derivative_operator.hint'),
    });
  }
  if (PROGRAM_WORDS.has(lower)) {
    throw readError(input, 'not_allowed', t.start, (p) => msg('read.not_allowed', { word, position: p }), {
      token: word,
      hint: msg('read.not_allowed.hint'),
    });
  }
  // A unit's letters with the variable among them are a product: ft is f·t in sin(2πft) with variable t
  // (a frequency), ms is m·s in s; so are an answer's written with its function's letters alone.
  if (UNIT_WORDS.has(lower) && !functionSpelled(lower) && !word.includes(variable) && !writtenWithOwnLetters(word, own)) {
    throw readError(input, 'unsupported', t.start, (p) => msg('read.unit', { word, position: p }), {
      token: word,
      hint: msg('read.unit.hint'),
    });
  }
  // Own properties only: 'constructor' must not find Object's.
  const unsupported = Object.hasOwn(UNSUPPORTED_WORDS, lower) ? UNSUPPORTED_WORDS[lower] : undefined;
  if (unsupported) refuseUnsupported(input, t, word, unsupported);
}

function refuseUnsupported(input: string, t: Token, word: string, unsupported: (typeof UNSUPPORTED_WORDS)[string]): never {
  throw readError(input, 'unsupported', t.start, (p) => msg('read.word_refused', { word, position: p, why: unsupported.why }), {
    token: word,
    ...(unsupported.hint ? { hint: unsupported.hint } : {}),
  });
}

/** The refused words students write against their argument; listed once, since every word is tried. */
const APPLIED_UNSUPPORTED = Object.entries(UNSUPPORTED_WORDS).filter(([, entry]) => entry.applied);

/** `lgx`: a refused function word written against the variable, as students write `lnx`. */
function refuseAppliedUnsupported(input: string, t: Token, word: string, variable: string): void {
  for (const [name, entry] of APPLIED_UNSUPPORTED) {
    if (word.length > name.length && word.toLowerCase().startsWith(name) && word.slice(name.length) === variable) {
      refuseUnsupported(input, t, word.slice(0, name.length), entry);
    }
  }
}

/** The split with its first piece read by `ownLetters` where that applies (acos x, and acosx as well). */
function withOwnLetters(word: string, segmented: Piece[], own: OwnNames): Piece[] | undefined {
  const first = segmented[0];
  if (!first || (segmented.length > 1 && first.kind !== 'function')) return undefined;
  const split = ownLetters(word.slice(0, first.to), first, own);
  return split && [...split, ...segmented.slice(1)];
}

/**
 * The split with a function piece after a letter read by `ownLetters`: kAcos(kx) for A·sin(kx) is
 * k·A·cos(kx), as physics writes it, not k·arccos(kx). Undefined when no piece changes.
 */
function withOwnLettersInside(word: string, segmented: Piece[], own: OwnNames): Piece[] | undefined {
  // Only a function piece after the word's start can change; with none, nothing does.
  if (!segmented.some((piece) => piece.kind === 'function' && piece.from !== 0)) return undefined;
  let changed = false;
  const pieces = segmented.flatMap((piece) => {
    if (piece.kind !== 'function' || piece.from === 0) return [piece];
    const split = ownLetters(word.slice(piece.from, piece.to), piece, own);
    if (!split) return [piece];
    changed = true;
    return split.map((part) => ({ ...part, from: part.from + piece.from, to: part.to + piece.from }));
  });
  return changed ? pieces : undefined;
}

/**
 * The word as the answer's function's own letters, when the one thing it names as a whole is not in
 * that function: a function it does not apply written as one of its letters and a function (`acos`
 * with the parameter a: a·cos), or a Greek letter it does not use written with its letters alone
 * (`nu` with the parameter n and the variable u). Undefined otherwise.
 */
function ownLetters(word: string, whole: Piece, own: OwnNames): Piece[] | undefined {
  if (whole.kind === 'function') {
    if (own.functions.has(whole.name)) return undefined;
    for (const name of own.names) {
      if (name.length >= word.length || !word.startsWith(name)) continue;
      const fn = functionSpelled(word.slice(name.length));
      if (fn && fn !== whole.name) {
        return [
          { kind: 'symbol', name, from: 0, to: name.length },
          { kind: 'function', name: fn, from: name.length, to: word.length },
        ];
      }
    }
    return undefined;
  }
  if (!GREEK_NAMES.has(word) || own.names.has(word)) return undefined;
  const letters = [...word];
  if (!letters.every((letter) => own.names.has(letter))) return undefined;
  return letters.map((letter, k) => ({ kind: 'symbol', name: letter, from: k, to: k + 1 }));
}

/** Fewest pieces wins; among equals, the split with more named pieces (functions, Greek, the variable). */
function segment(word: string, variable: string): Piece[] {
  const whole = wholeWord(word, variable);
  if (whole) return [whole];
  const n = word.length;
  // No piece is longer than the longest name pieceAt takes, so a run of letters costs time in proportion
  // to its length (2,000 x's took seconds when every end was tried and every path copied).
  const longest = Math.max(LONGEST_PIECE_NAME, variable.length);
  // best[j]: the best segmentation of word.slice(0, j), as its last piece and where that piece starts.
  const best: Array<{ count: number; named: number; from: number; piece: Piece } | undefined> = new Array(n + 1);
  const start = { count: 0, named: 0 };
  for (let i = 0; i < n; i++) {
    checkpoint();
    const here = i === 0 ? start : best[i];
    if (!here) continue;
    for (let j = i + 1; j <= Math.min(n, i + longest); j++) {
      const piece = pieceAt(word, i, j, variable);
      if (!piece) continue;
      const named = here.named + (j - i > 1 || piece.name === variable || piece.kind === 'function' ? 1 : 0);
      const count = here.count + 1;
      const current = best[j];
      if (!current || count < current.count || (count === current.count && named > current.named)) {
        best[j] = { count, named, from: i, piece };
      }
    }
  }
  const pieces: Piece[] = [];
  for (let j = n; j > 0; ) {
    const last = best[j] as { from: number; piece: Piece };
    pieces.push(last.piece);
    j = last.from;
  }
  return pieces.reverse();
}

function wholeWord(word: string, variable: string): Piece | undefined {
  const fn = word.length > 1 ? functionSpelled(word) : undefined;
  if (fn) return { kind: 'function', name: fn, from: 0, to: word.length };
  if (word === variable || CONSTANTS.has(word) || GREEK_NAMES.has(word) || word.length === 1) {
    return { kind: 'symbol', name: word, from: 0, to: word.length };
  }
  if (word.toLowerCase() === 'pi') return { kind: 'symbol', name: 'pi', from: 0, to: word.length };
  return undefined;
}

/** The longest name pieceAt takes besides the variable: a function's spelling, a Greek letter's name, pi. */
const LONGEST_PIECE_NAME = Math.max(LONGEST_SPELLING, LONGEST_GREEK_NAME, 'pi'.length);

function pieceAt(word: string, from: number, to: number, variable: string): Piece | undefined {
  const text = word.slice(from, to);
  if (to - from === 1) return { kind: 'symbol', name: text, from, to };
  const fn = functionSpelled(text);
  if (fn) return { kind: 'function', name: fn, from, to };
  if (text === variable || GREEK_NAMES.has(text)) return { kind: 'symbol', name: text, from, to };
  if (text === 'pi') return { kind: 'symbol', name: 'pi', from, to };
  return undefined;
}

function judgeSplit(input: string, t: Token, word: string, pieces: Piece[], variable: string, own?: OwnNames): void {
  const isParameter = (piece: Piece) => piece.kind === 'symbol' && piece.name !== variable && !CONSTANTS.has(piece.name);
  const firstFunction = pieces.findIndex((piece) => piece.kind === 'function');
  if (firstFunction >= 0) {
    const trailing = pieces.slice(firstFunction + 1);
    // A letter after the function inside the word is a typo, unless the answer's function has it and
    // the argument has the variable too: `wcoswt` for sin(wt) is w·cos(wt), as its own letters say;
    // `sinax` with no a, and `kAcoskk` (no x), are refused.
    const withVariable = trailing.some((piece) => piece.kind === 'symbol' && piece.name === variable);
    const offending = trailing.find((piece) => isParameter(piece) && !(withVariable && own?.names.has(piece.name)));
    if (offending) {
      const fn = pieces[firstFunction] as Piece;
      const fnText = word.slice(fn.from, fn.to);
      const rest = word.slice(fn.to);
      const suggestion = closestFunction(word);
      const meant = suggestion && suggestion !== fnText.toLowerCase() ? suggestion : fnText;
      throw readError(input, 'unknown_name', t.start, (p) =>
        msg('read.unknown_function_suggest', { name: word, position: p, suggestion: meant }), {
        token: word,
        hint: msg('read.unknown_function_split.hint', { call: `${fnText}(${rest})`, name: fnText, argument: rest }),
      });
    }
    return;
  }
  const parameters = pieces.filter(isParameter);
  const readableProduct = word.length <= 3 && parameters.length <= 2;
  if (!readableProduct) {
    const suggestion = closestFunction(word);
    throw readError(input, 'unknown_name', t.start, (p) =>
      suggestion
        ? msg('read.unknown_function_suggest', { name: word, position: p, suggestion })
        : msg('read.unknown_name', { name: word, position: p }), {
      token: word,
      hint: suggestion
        ? msg('read.unknown_function_suggest.hint', { name: word, suggestion })
        : msg('read.unknown_name.hint'),
    });
  }
}
