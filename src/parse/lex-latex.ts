/**
 * The LaTeX lexer: turns what a maths editor (MathQuill, MathLive, a hand-typed `\frac{…}{…}`) produces
 * into the same token stream the plain-text lexer produces, so one grammar reads both.
 *
 * It only spells: layout commands become the brackets they imply (`\frac{A}{B}` → `((A)/(B))`,
 * `x^2` → `x ^ (2)`), names become function/symbol/word tokens, and everything about precedence,
 * implicit multiplication and function application is left to the grammar and the word resolver.
 *
 * Hostile input: the lexer is one loop over the characters with an explicit stack of open braces and
 * pending command arguments (never recursion), so its cost is linear in the input and its stack use is
 * constant; `limits.maxLength` is checked before any work and `limits.maxDepth` bounds the brace stack.
 */
import { checkpoint } from '../deadline.js';
import { list, msg, type Message } from '../i18n/message.js';
import { functionSpelled } from '../functions/elementary.js';
import type { Limits } from '../limits.js';
import { checkLength } from './input-length.js';
import { LATEX_GREEK_VARIANTS, ROOT_SIGNS } from './names.js';
import { readError, type ReadErrorCode } from './errors.js';
import { token, type Bracket, type Token, type TokenKind } from './tokens.js';

// ---------------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------------

/** What a command, delimiter or character stands for when it is simply one token. */
interface TokenSpec {
  kind: TokenKind;
  name?: string;
  bracket?: Bracket;
}

const op = (name: string): TokenSpec => ({ kind: 'op', name });
const fn = (name: string): TokenSpec => ({ kind: 'function', name });
const sym = (name: string): TokenSpec => ({ kind: 'symbol', name });
const open = (bracket: Bracket): TokenSpec => ({ kind: 'open', bracket });
const close = (bracket: Bracket): TokenSpec => ({ kind: 'close', bracket });
const PRIME: TokenSpec = { kind: 'prime' };
const PRIME_COMMAND = '\\prime';
const BAR: TokenSpec = { kind: 'bar' };

/** A text span of the input (UTF-16 offsets) and what it says. */
interface Span {
  start: number;
  end: number;
  text: string;
}

type Side = 'left' | 'right' | 'middle';

/** What a command does. Handlers that need more than one token are methods of the lexer. */
type Command =
  | { type: 'token'; spec: TokenSpec }
  | { type: 'space'; hard: boolean } // \, \quad …: marks spaceBefore (and hardSpace) on the next token
  | { type: 'ignore' } // \displaystyle, \limits: typography with no mathematical meaning
  | { type: 'refuse'; code: ReadErrorCode; why: Message; hint?: Message }
  | { type: 'run'; run: (lexer: LatexLexer, command: Span) => void };

const COMMANDS = new Map<string, Command>();
const define = (names: readonly string[], command: Command): void => {
  for (const name of names) COMMANDS.set(name, command);
};
const tokenCommand = (spec: TokenSpec): Command => ({ type: 'token', spec });
const refuse = (code: ReadErrorCode, why: Message, hint?: Message): Command =>
  hint === undefined ? { type: 'refuse', code, why } : { type: 'refuse', code, why, hint };

const GREEK_LOWER = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu',
  'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
] as const;
// \Pi is the capital letter (a product sign or a name), never the constant π.
const GREEK_UPPER = ['Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega'] as const;
for (const name of [...GREEK_LOWER, ...GREEK_UPPER]) define([name], tokenCommand(sym(name)));
for (const [variant, name] of Object.entries(LATEX_GREEK_VARIANTS)) define([variant], tokenCommand(sym(name)));
define(['pi'], tokenCommand(sym('pi')));
define(['exponentialE'], tokenCommand(sym('e'))); // MathLive's upright e
define(['differentialD'], tokenCommand({ kind: 'word', name: 'd' })); // MathLive's upright d of dx

// The LaTeX operator names; any other command that `functionSpelled` knows (\sech, \arsinh, \tg…) is
// accepted too, see `fallbackFunction`.
for (const name of [
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'coth',
  'exp', 'ln', 'log',
]) {
  define([name], tokenCommand(fn(name)));
}

define(['cdot', 'times', 'ast', 'cdotp', 'bullet', 'centerdot'], tokenCommand(op('*')));
define(['div'], tokenCommand(op('/')));
// unicode-math's and some editors' name for the minus sign U+2212.
define(['minus'], tokenCommand(op('-')));
define(['prime'], tokenCommand(PRIME));
define(['vert', 'mid'], tokenCommand(BAR));
define(['lvert'], tokenCommand({ kind: 'absOpen' }));
define(['rvert'], tokenCommand({ kind: 'absClose' }));
define(['{', 'lbrace'], tokenCommand(open('{')));
define(['}', 'rbrace'], tokenCommand(close('{')));
define(['lbrack'], tokenCommand(open('[')));
define(['rbrack'], tokenCommand(close('[')));
define(['lparen'], tokenCommand(open('(')));
define(['rparen'], tokenCommand(close('(')));

// A space the writer typed as a command (MathQuill writes the space bar as `\ `) is meant: it ends a
// bracketless argument. Negative spaces only tighten the layout, so they are plain whitespace.
define(
  [',', ';', ':', '>', ' ', '\t', '\n', '\r', 'quad', 'qquad', 'enspace', 'thinspace', 'medspace', 'thickspace', 'space', 'nobreakspace'],
  { type: 'space', hard: true },
);
// A space of a given length (`\hspace{1em}`, `\hspace*{2pt}`, `\mspace{3mu}`, `\kern1pt`, `\mkern-3mu`,
// `\hskip 2pt`): a space as `\,` is, and a negative or zero one as `\!` is.
define(['hspace', 'mspace', 'kern', 'mkern', 'hskip', 'mskip'], { type: 'run', run: (lx, cmd) => lx.lengthSpace(cmd) });
define(['!', 'negthinspace', 'negmedspace', 'negthickspace'], { type: 'space', hard: false });
define(['displaystyle', 'textstyle', 'scriptstyle', 'scriptscriptstyle', 'limits', 'nolimits'], { type: 'ignore' });
// Plain TeX's font switches (`{\rm e}^x`, `{{\rm{e}}^x}` from MathType and Maple) and `\mathop{\rm sech}`
// change how what follows looks, within its group: the group is read as it is. `\boxed{…}` frames.
define(['rm', 'it', 'bf', 'sf', 'tt', 'mathop', 'boxed'], { type: 'ignore' });

// ∂ is read as the d of a left side (\frac{\partial L}{\partial w} =); anywhere else it is refused.
define(['partial'], { type: 'run', run: (lx, cmd) => lx.partialSign(cmd) });
// \dot{x}: Newton's time derivative, read as the left side \dot{x} = of an answer (left-side.ts) only.
define(['dot'], { type: 'run', run: (lx, cmd) => lx.dottedLetter(cmd) });
define(['frac', 'dfrac', 'tfrac', 'cfrac'], { type: 'run', run: (lx, cmd) => lx.fraction(cmd) });
define(['sqrt'], { type: 'run', run: (lx, cmd) => lx.root(cmd) });
define(['operatorname'], { type: 'run', run: (lx, cmd) => lx.operatorName(cmd) });
define(
  ['mathrm', 'mathit', 'mathbf', 'mathsf', 'mathnormal', 'text', 'textrm', 'textit', 'textnormal', 'textup', 'mbox'],
  { type: 'run', run: (lx, cmd) => lx.styledText(cmd) },
);

/** Styles that change how maths looks, not what it means: `\mathbf{2x}` is 2x. */
const STYLE_ONLY: ReadonlySet<string> = new Set(['mathbf', 'mathit', 'mathsf', 'mathnormal']);
define(['boldsymbol', 'bm', 'pmb'], { type: 'ignore' });
// A colour is only looks: `\color{red}` and `\textcolor{red}{…}`'s colour are dropped, what they colour
// is read. What `\phantom{…}` holds is not shown at all, so it is not read either.
define(['color', 'textcolor'], { type: 'run', run: (lx, cmd) => lx.skipArgument(cmd) });
define(['phantom', 'hphantom', 'vphantom'], { type: 'run', run: (lx, cmd) => lx.skipArgument(cmd) });

/** Constructs that may stand as an undelimited argument (`x^\frac43`), and how many arguments they take. */
const CONSTRUCT_ARGUMENTS: ReadonlyMap<string, number> = new Map([
  ['frac', 2],
  ['dfrac', 2],
  ['tfrac', 2],
  ['sqrt', 1],
]);

const SIZE_COMMANDS: Readonly<Record<Side, readonly string[]>> = {
  left: ['left', 'mleft', 'bigl', 'Bigl', 'biggl', 'Biggl'],
  right: ['right', 'mright', 'bigr', 'Bigr', 'biggr', 'Biggr'],
  middle: ['middle', 'big', 'Big', 'bigg', 'Bigg', 'bigm', 'Bigm', 'biggm', 'Biggm'],
};
const SIDE_OF = new Map<string, Side>();
for (const [side, names] of Object.entries(SIZE_COMMANDS) as [Side, readonly string[]][]) {
  for (const name of names) {
    SIDE_OF.set(name, side);
    define([name], { type: 'run', run: (lx, cmd) => lx.sizedDelimiter(cmd, side) });
  }
}

const UNSUPPORTED: readonly [readonly string[], string][] = [
  [['infty', 'infin'], 'infinity'],
  [['sum', 'prod', 'coprod'], 'sums'],
  [['int', 'iint', 'iiint', 'oint'], 'integrals'],
  [['lim', 'limsup', 'liminf', 'to', 'rightarrow', 'Rightarrow', 'mapsto', 'longrightarrow'], 'limits'],
  [['nabla'], 'gradients'],
  [['pm', 'mp'], 'plus_minus'],
  [['dots', 'ldots', 'cdots', 'vdots', 'ddots'], 'dots'],
  [['binom', 'dbinom', 'tbinom', 'choose'], 'binomials'],
  [['overline', 'bar', 'vec', 'hat', 'tilde', 'ddot', 'widehat', 'widetilde'], 'accents'],
  [['lfloor', 'rfloor', 'lceil', 'rceil', 'langle', 'rangle'], 'floor_ceiling'],
  [['|', 'Vert', 'lVert', 'rVert'], 'norms'],
  [['max', 'min', 'sup', 'inf', 'det', 'gcd', 'arg', 'deg', 'dim', 'ker', 'hom', 'Pr', 'mod', 'bmod', 'pmod'], 'operator'],
  [['Re', 'Im', 'imaginaryI'], 'complex'],
  [['in', 'notin', 'forall', 'exists', 'cup', 'cap', 'setminus', 'emptyset', 'subset', 'subseteq'], 'sets'],
  [['circ', 'degree'], 'composition'],
  [['begin', 'end'], 'environments'],
];
for (const [names, why] of UNSUPPORTED) define(names, refuse('unsupported', msg(`why.latex.${why}`)));
define(['lg'], refuse('unsupported', msg('why.latex.lg'), msg('read.latex.lg.hint')));
define(['placeholder'], refuse('invalid_latex', msg('why.latex.placeholder'), msg('read.latex.placeholder.hint')));
// Plain TeX's `{a \over b}`: the group it stands in is the fraction (see LatexLexer.over). `\atop` stacks
// without a bar, which is no expression; `\choose` is a binomial (above).
define(['over'], { type: 'run', run: (lx, cmd) => lx.over(cmd) });
define(['atop'], refuse('invalid_latex', msg('why.latex.atop'), msg('read.latex.over.hint')));
define(
  ['le', 'leq', 'ge', 'geq', 'lt', 'gt', 'ne', 'neq', 'leqslant', 'geqslant', 'approx', 'equiv', 'sim', 'simeq', 'propto'],
  refuse('equation', msg('why.latex.relations'), msg('read.latex.relations.hint')),
);
define(['\\'], refuse('unexpected_character', msg('why.latex.line_break')));
for (const name of ['&', '%', '#', '$', '_']) {
  define([name], refuse('unexpected_character', msg('why.latex.cannot_appear', { command: `\\${name}` })));
}
for (const name of ['(', ')', '[', ']']) {
  define([name], refuse('invalid_latex', msg('why.latex.inner_delimiter', { command: `\\${name}` }), msg('read.latex.inner_delimiter.hint')));
}

/** Delimiters after \left, \right, \big…: the bracket they are, and whether they open or close. */
interface Delimiter {
  role: 'open' | 'close' | 'bar' | 'none';
  bracket?: Bracket;
}
const DELIMITERS = new Map<string, Delimiter>([
  ['(', { role: 'open', bracket: '(' }],
  [')', { role: 'close', bracket: '(' }],
  ['[', { role: 'open', bracket: '[' }],
  [']', { role: 'close', bracket: '[' }],
  ['\\{', { role: 'open', bracket: '{' }],
  ['\\}', { role: 'close', bracket: '{' }],
  ['\\lbrace', { role: 'open', bracket: '{' }],
  ['\\rbrace', { role: 'close', bracket: '{' }],
  ['\\lbrack', { role: 'open', bracket: '[' }],
  ['\\rbrack', { role: 'close', bracket: '[' }],
  ['\\lparen', { role: 'open', bracket: '(' }],
  ['\\rparen', { role: 'close', bracket: '(' }],
  ['|', { role: 'bar' }],
  ['\\vert', { role: 'bar' }],
  ['\\lvert', { role: 'bar' }],
  ['\\rvert', { role: 'bar' }],
  ['\\mid', { role: 'bar' }],
  ['.', { role: 'none' }], // \left. and \right. are invisible
]);

/** What closes an opening delimiter, for "add the matching …" hints. */
const CLOSERS = new Map<string, string>([
  ['(', ')'], ['[', ']'], ['|', '|'], ['\\{', '\\}'], ['\\lbrace', '\\rbrace'], ['\\lbrack', '\\rbrack'],
  ['\\lparen', '\\rparen'], ['\\vert', '\\vert'], ['\\lvert', '\\rvert'],
]);

/** A bar's meaning depends on the side of the sizing command: \left| opens an absolute value. */
const BAR_ON_SIDE: Readonly<Record<Side, TokenSpec>> = {
  left: { kind: 'absOpen' },
  right: { kind: 'absClose' },
  middle: BAR,
};

/** Characters that are one token. `]` is here too but first closes a `\sqrt[…]` index. */
const CHARACTERS = new Map<string, TokenSpec>([
  ['+', op('+')],
  ['-', op('-')],
  ['\u2212', op('-')], // − minus sign
  // The dashes and dots the text reader takes for signs, pasted or autocorrected into LaTeX (a word
  // processor's en dash for a typed hyphen: `–\frac{1}{x^2}`).
  ...['\u2013', '\u2014', '\u2010', '\u2011', '\u2012', '\ufe63', '\uff0d'].map((c): [string, TokenSpec] => [c, op('-')]),
  ['\uff0b', op('+')], // ＋ full width
  ...['\u2217', '\u2022', '\u2219', '\u30fb', '\uff65', '\uff0a'].map((c): [string, TokenSpec] => [c, op('*')]),
  ...['\u2215', '\u2044', '\uff0f'].map((c): [string, TokenSpec] => [c, op('/')]),
  ['*', op('*')],
  ['\u00b7', op('*')], // · middle dot
  ['\u22c5', op('*')], // ⋅ dot operator
  ['\u00d7', op('*')], // ×
  ['/', op('/')],
  ['\u00f7', op('/')], // ÷
  ['=', { kind: 'equals' }],
  [',', { kind: 'comma' }],
  ["'", PRIME],
  ['\u2032', PRIME], // ′
  ['|', BAR],
  ['(', open('(')],
  [')', close('(')],
  ['[', open('[')],
  [']', close('[')],
]);

/** Unicode letters a maths keyboard inserts directly. */
const UNICODE_SYMBOLS = new Map<string, string>([
  ['π', 'pi'], ['α', 'alpha'], ['β', 'beta'], ['γ', 'gamma'], ['δ', 'delta'], ['ε', 'epsilon'], ['ϵ', 'epsilon'],
  ['ζ', 'zeta'], ['η', 'eta'], ['θ', 'theta'], ['ϑ', 'theta'], ['ι', 'iota'], ['κ', 'kappa'], ['λ', 'lambda'],
  ['μ', 'mu'], ['µ', 'mu'], ['ν', 'nu'], ['ξ', 'xi'], ['ρ', 'rho'], ['ϱ', 'rho'], ['σ', 'sigma'], ['ς', 'sigma'],
  ['τ', 'tau'], ['υ', 'upsilon'], ['φ', 'phi'], ['ϕ', 'phi'], ['χ', 'chi'], ['ψ', 'psi'], ['ω', 'omega'],
  ['Γ', 'Gamma'], ['Δ', 'Delta'], ['Θ', 'Theta'], ['Λ', 'Lambda'], ['Ξ', 'Xi'], ['Π', 'Pi'], ['Σ', 'Sigma'],
  ['Υ', 'Upsilon'], ['Φ', 'Phi'], ['Ψ', 'Psi'], ['Ω', 'Omega'],
]);

/** Unicode superscripts pasted into a field: `x²` is `x^{2}`. */
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUPERSCRIPT_SIGNS = new Map([['⁻', '-'], ['⁺', '+']]);

/** Characters no reader accepts, with a reason worth more than "unexpected character". */
const CHARACTER_REFUSALS = new Map<string, { code: ReadErrorCode; why: Message }>([
  ['&', { code: 'unexpected_character', why: msg('why.latex.alignment') }],
  ['#', { code: 'unexpected_character', why: msg('why.latex.cannot_appear', { command: '#' }) }],
  ['%', { code: 'unexpected_character', why: msg('why.latex.comment') }],
  ['$', { code: 'unexpected_character', why: msg('why.latex.dollar') }],
  ['!', { code: 'unsupported', why: msg('why.factorials') }],
  ['<', { code: 'equation', why: msg('why.latex.inequalities') }],
  ['>', { code: 'equation', why: msg('why.latex.inequalities') }],
  ['≤', { code: 'equation', why: msg('why.latex.inequalities') }],
  ['≥', { code: 'equation', why: msg('why.latex.inequalities') }],
  ['≠', { code: 'equation', why: msg('why.latex.inequalities') }],
  ['∞', { code: 'unsupported', why: msg('why.latex.infinity_character') }],
  ['±', { code: 'unsupported', why: msg('why.latex.plus_minus') }],
]);

/** Math-mode wrappers stripped from the whole input; `$$` before `$` so the longer one wins. */
const WRAPPERS: readonly [string, string][] = [
  ['$$', '$$'],
  ['$', '$'],
  ['\\(', '\\)'],
  ['\\[', '\\]'],
];

// ---------------------------------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------------------------------

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
/** Letterlike Symbols, Mathematical Alphanumeric Symbols and full-width Latin letters. */
const isMathsLetter = (point: number): boolean =>
  (point >= 0x2100 && point <= 0x214f) || (point >= 0x1d400 && point <= 0x1d7ff) ||
  (point >= 0xff21 && point <= 0xff3a) || (point >= 0xff41 && point <= 0xff5a);
/** Does a number start at `at` (a digit, or a point before one: `.5`)? */
const startsNumber = (input: string, at: number, stop: number): boolean => {
  const c = at < stop ? input.charAt(at) : '';
  const next = at + 1 < stop ? input.charAt(at + 1) : '';
  return (c >= '0' && c <= '9') || (c === '.' && next >= '0' && next <= '9');
};

const isSpace = (c: string): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || (c >= '\u00a0' && /\s/u.test(c));

// ---------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------

/**
 * Whether the input is meant as LaTeX: it has a backslash command, a decimal comma `2{,}5`, or is
 * wrapped in math delimiters.
 * Braces alone do not count, because the text reader accepts `e^{2x}` as grouping.
 */
export function looksLikeLatex(input: string): boolean {
  // Each sign below has a backslash, a brace, a dollar or an ampersand in it: an input with none of
  // them (most answers) is not LaTeX, and is told so without two regexes, a trim and the wrappers.
  if (!input.includes('\\') && !input.includes('{') && !input.includes('$') && !input.includes('&')) return false;
  // A backslash before a letter or a spacing or brace sign. `\ ` is MathQuill's space bar: a student's
  // `3 x^2` is `3\ x^2` and `2 x e^x` is `2\ x\ e^{x}`, with no command in them to tell; `\\` ends a
  // row copied from an align (`3x^2 \\`), which the LaTeX reader drops at the very end. MathQuill
  // writes `\ ` against what comes before it, never after a space: a typed `x \ 2` (a slash mistyped,
  // x/2) is not LaTeX's x·2 but text, refused with its hint, as it was.
  if (/\\(?:[A-Za-z]|[,;:!>{}\\])|(?:^|\S)\\ /.test(input)) return true;
  // TeX's empty group carrying a script (`3x{}^{2}`, `{}^2`) and primes as a superscript (`f^{'}(x) =`,
  // `y^{''}`): braces holding nothing or only primes mean nothing in text.
  if (/\{\s*\}\s*[\^_]|\^\s*\{\s*'+\s*\}/.test(input)) return true;
  // An align row's `&=` (`f'(x) &= 3x^2`): no text has it.
  if (/&\s*=|=\s*&/.test(input)) return true;
  // TeX's decimal comma between digits (MathLive writes 2,5 so in a comma locale): no text means it.
  if (/\d\{,\}\d/.test(input)) return true;
  const trimmed = input.trim();
  return WRAPPERS.some(
    ([left, right]) => trimmed.length >= left.length + right.length && trimmed.startsWith(left) && trimmed.endsWith(right),
  );
}

/** Reads LaTeX into the token stream the grammar consumes; throws ReadError on what it cannot read. */
export function lexLatex(input: string, limits: Limits): Token[] {
  checkLength(input, limits);
  const { start, end } = mathRange(input);
  return new LatexLexer(input, limits, start, end).run();
}

/** The part of the input inside `$…$`, `$$…$$`, `\(…\)` or `\[…\]`, if it is wrapped. */
function mathRange(input: string): { start: number; end: number } {
  let start = 0;
  let end = input.length;
  while (start < end && isSpace(input.charAt(start))) start++;
  end = trimEnd(input, start, end);
  for (const [left, right] of WRAPPERS) {
    if (end - start >= left.length + right.length && input.startsWith(left, start) && input.endsWith(right, end)) {
      const inner = start + left.length;
      return { start: inner, end: withoutFullStop(input, inner, withoutLineBreak(input, inner, end - right.length)) };
    }
  }
  return { start, end: withoutFullStop(input, start, withoutLineBreak(input, start, end)) };
}

/** A line break `\\` at the very end, and spacing after it (`\\ `, `\\\,`): what ends an align row. */
const LINE_BREAK_END = /\\\\(?:\s|~|\\[,;:! ]|\\q?quad(?![A-Za-z]))*$/;

/**
 * The end of the formula without the line break it was copied with (`2x \cos(x^2)\\` from a row of an
 * align environment): only there, where it ends the line and starts nothing; anywhere else it stays
 * refused, since a formula broken over lines is two formulas.
 */
function withoutLineBreak(input: string, start: number, end: number): number {
  const match = LINE_BREAK_END.exec(input.slice(start, end));
  if (!match) return end;
  const at = end - match[0].length;
  // The `\\` must be a command of its own, not the escaped end of a longer run of backslashes.
  if (escaped(input, start, at) || at === start) return end;
  return trimEnd(input, start, at);
}

/**
 * The end of the input without trailing whitespace, but for the space of a `\ ` (MathQuill writes the
 * space bar so, also at the end): cutting it would leave a lone backslash.
 */
function trimEnd(input: string, start: number, end: number): number {
  let at = end;
  while (at > start && isSpace(input.charAt(at - 1))) at--;
  return at < end && escaped(input, start, at) ? at + 1 : at;
}

/** Whether the character at `at` follows an odd run of backslashes (it is a command's, `\ `, `\,`). */
function escaped(input: string, start: number, at: number): boolean {
  let backslashes = 0;
  while (at - backslashes - 1 >= start && input.charAt(at - backslashes - 1) === '\\') backslashes++;
  return backslashes % 2 === 1;
}

/** Sentence punctuation a formula in a sentence ends with: `.`, `,` or `\text{.}`, and spaces before it. */
const SENTENCE_END = /(?:[.,]|\\(?:text|mathrm|textrm)\s*\{\s*[.,]\s*\})$/;

/**
 * The end of the formula without the full stop or comma of its sentence (`… = 2x\cos\left(x^2\right).`),
 * as the text reader drops a final full stop (`= 3.` is 3).
 */
function withoutFullStop(input: string, start: number, end: number): number {
  const match = SENTENCE_END.exec(input.slice(start, end));
  if (!match) return end;
  const at = end - match[0].length;
  const before = input.slice(start, at);
  // Not a command's (`\,`), not a delimiter's (`\right.`; `\quad.` is a full stop), not the last dot
  // of a number (`1.5.` is refused as text is), and not all there is.
  const command = /\\([A-Za-z]+)\s*$/.exec(before)?.[1];
  if (match[0].length === 1 && (escaped(input, start, at) || (command !== undefined && SIDE_OF.has(command)) || /\.\d+$/.test(before))) return end;
  return at === start ? end : trimEnd(input, start, at);
}

// ---------------------------------------------------------------------------------------------------
// The lexer
// ---------------------------------------------------------------------------------------------------

/** What an argument is, for messages (`read.latex.missing_argument` selects on it). */
type ArgumentKind = 'numerator' | 'denominator' | 'radicand' | 'exponent' | 'subscript';

/** A command argument still to be read (`\frac`'s denominator, the exponent after `^`). */
interface Argument {
  /** The command or operator that wants it: names it in messages, and spans single-token brackets. */
  owner: Span;
  /** `numerator`, `exponent`… for messages. */
  what: ArgumentKind;
  /** How to write it correctly. */
  usage: Message;
  /** `e^(2x)`, `\sqrt(x)`: a bracketed group is accepted as the whole argument. */
  brackets: boolean;
  /** `e^-x`: a sign and one token are accepted as the argument. */
  sign: boolean;
  /** An exponent of a function's name (`\sin^2x`): one digit, as TeX reads it, since the argument follows. */
  ofFunction?: boolean;
  /** Emits what follows the argument (at least the synthetic `)`), given the span that closed it. */
  done: (closing: Span) => void;
}

/** A `\over` met in a group (or at the top): the command, and the index of its denominator's first token. */
interface Over {
  command: Span;
  denominator: number;
}

/** A token read as an undelimited argument, not yet emitted. */
interface Atom extends Span {
  spec: TokenSpec;
  extra?: Partial<Token>;
}

/** Something opened and not yet closed: what the matching close must do. */
type Frame =
  | { kind: 'group'; start: number; mark: number; over?: Over } // bare `{…}`: mark is the index of its open token
  | { kind: 'argument'; start: number; mark: number; argument: Argument; until?: number; over?: Over } // `{…}` read as an argument; `until`: a construct (`x^\frac43`) ending there
  | { kind: 'bracketed'; start: number; depth: number; argument: Argument } // `(…)` read as an argument
  | { kind: 'index'; start: number; mark: number; owner: Span }; // `\sqrt[…]`: tokens from mark on

class LatexLexer {
  private readonly tokens: Token[] = [];
  private readonly frames: Frame[] = [];
  private pos: number;
  /** Whitespace or a spacing command since the last token. */
  private space = false;
  /** A spacing command that means a space (`\ `, `\,`, `~`) since the last token. */
  private hardSpace = false;
  private pending: Argument | undefined;
  /** A `\over` outside every group: the whole expression is its fraction. */
  private topOver: Over | undefined;

  constructor(
    private readonly input: string,
    private readonly limits: Limits,
    start: number,
    private readonly stop: number,
  ) {
    this.pos = start;
  }

  run(): Token[] {
    while (this.pos < this.stop) {
      checkpoint();
      this.step();
    }
    this.finish();
    return this.tokens;
  }

  // --- the loop ---------------------------------------------------------------------------------

  private step(): void {
    if (this.constructEnded()) return;
    const c = this.at(this.pos);
    if (isSpace(c)) {
      this.space = true;
      this.pos++;
    } else if (this.pending) {
      this.startArgument(this.pending);
    } else {
      this.item(c);
    }
  }

  /** One token's worth of input (or one construct) starting with `c`. */
  private item(c: string): void {
    const start = this.pos;
    if (c === '\\') return this.command();
    if (c === '{') return this.openBrace();
    if (c === '}') return this.closeBrace();
    if (c === ']' && this.frames.at(-1)?.kind === 'index') return this.closeIndex();
    if (c === '^') return this.superscript();
    if (c === '_') return this.subscript();
    // An align row's alignment point beside its `=` (`f'(x) &= …`, `&= …`, `=& …`, copied with its `\\`)
    // shows nothing; anywhere else `&` is refused.
    if (c === '&' && (this.at(this.skipSpaces(start + 1)) === '=' || this.tokens.at(-1)?.kind === 'equals')) {
      this.pos++;
      return;
    }
    if (c === '~') {
      this.space = true;
      this.hardSpace = true;
      this.pos++;
      return;
    }
    if (isDigit(c) || (c === '.' && isDigit(this.at(start + 1)))) return this.number();
    if (isLetter(c) || isLetter(this.folded(start).char)) return this.word();
    const spec = CHARACTERS.get(c);
    if (spec) return this.typed(spec, start, start + 1);
    // √, ∛, ∜ pasted or typed from a maths keyboard.
    const root = ROOT_SIGNS.get(c);
    if (root) return this.typed(fn(root.name), start, start + 1, root.index === undefined ? {} : { rootIndex: root.index });
    const folded = this.folded(start);
    const symbol = UNICODE_SYMBOLS.get(folded.char);
    if (symbol !== undefined) return this.typed(sym(symbol), start, start + folded.length);
    if (SUPERSCRIPT_DIGITS.includes(c) || SUPERSCRIPT_SIGNS.has(c)) return this.unicodeSuperscript();
    this.refuseCharacter(start);
  }

  private finish(): void {
    while (this.constructEnded());
    if (this.pending) this.missingArgument(this.pending);
    const top = this.frames.at(-1);
    if (top) this.unclosed(top);
    if (this.topOver) this.endOver(this.topOver, { start: this.stop, end: this.stop, text: '' });
    this.tokens.push(token('end', '', this.stop, this.stop, this.space));
  }

  // --- emitting ----------------------------------------------------------------------------------

  private emit(spec: TokenSpec, start: number, end: number, text: string, extra: Partial<Token> = {}): void {
    const out = token(spec.kind, text, start, end, this.space, extra);
    if (spec.name !== undefined) out.name = spec.name;
    if (spec.bracket !== undefined) out.bracket = spec.bracket;
    if (this.hardSpace) out.hardSpace = true;
    this.tokens.push(out);
    this.space = false;
    this.hardSpace = false;
  }

  /** A token the user typed, spanning [start, end); brackets also close a `(…)` argument. */
  private typed(spec: TokenSpec, start: number, end: number, extra: Partial<Token> = {}): void {
    const text = this.input.slice(start, end);
    this.emit(spec, start, end, text, extra);
    this.pos = end;
    this.countBracket(spec.kind, { start, end, text });
  }

  /** A token the lexer invents (brackets around arguments, `/` of a fraction), placed at `at`. */
  private synthetic(spec: TokenSpec, at: Span): void {
    this.emit(spec, at.start, at.end, at.text, { synthetic: true });
  }

  /** Keeps a `(…)` argument's bracket depth, and finishes the argument when its bracket closes. */
  private countBracket(kind: TokenKind, span: Span): void {
    const top = this.frames.at(-1);
    if (top?.kind !== 'bracketed') return;
    if (kind === 'open' || kind === 'absOpen') top.depth++;
    if (kind !== 'close' && kind !== 'absClose') return;
    top.depth--;
    if (top.depth > 0) return;
    this.frames.pop();
    top.argument.done(span);
  }

  // --- braces and frames --------------------------------------------------------------------------

  private push(frame: Frame): void {
    if (this.frames.length >= this.limits.maxDepth) {
      const limit = this.limits.maxDepth;
      this.fail('too_deep', frame.start, (p) => msg('read.latex.too_deep', { limit, position: p }), {
        hint: msg('read.latex.too_deep.hint'),
      });
    }
    this.frames.push(frame);
  }

  private openBrace(): void {
    const start = this.pos;
    this.push({ kind: 'group', start, mark: this.tokens.length });
    this.emit(open('{'), start, start + 1, '{', { group: true });
    this.pos++;
  }

  private closeBrace(): void {
    const start = this.pos;
    const top = this.frames.at(-1);
    this.pos++;
    // A `}` nothing opened is still a bracket: the grammar reports it like a stray `)`.
    if (!top) return this.emit(close('{'), start, start + 1, '}');
    if (top.kind === 'bracketed' || top.kind === 'index') this.unclosed(top);
    if (top.over) this.endOver(top.over, { start, end: start + 1, text: '}' });
    this.frames.pop();
    if (top.kind === 'argument') {
      if (this.tokens.length === top.mark) this.emptyArgument(top.argument);
      return top.argument.done({ start, end: start + 1, text: '}' });
    }
    if (top.kind !== 'group') return;
    // `{}` is TeX's empty group (as in `{}^2`): it stands for nothing.
    if (this.tokens.length === top.mark + 1) {
      const dropped = this.tokens.pop();
      this.space ||= dropped?.spaceBefore === true;
      this.hardSpace ||= dropped?.hardSpace === true;
      return;
    }
    // `{\sin ^2}x`, `{\log _2}x`, `{\tan ^{ - 1}}x`, `{\mathop{\rm sech}\nolimits} x` (MathType's TeX, Maple):
    // the braces hold only a function's name and its scripts, and its argument follows them. The group
    // is no bracket then: without it the function is applied to what follows, as TeX shows it.
    if (this.functionHeadOnly(top.mark + 1)) {
      const [opener] = this.tokens.splice(top.mark, 1);
      const first = this.tokens[top.mark];
      if (first && opener?.spaceBefore) first.spaceBefore = true;
      return;
    }
    this.emit(close('{'), start, start + 1, '}', { group: true });
  }

  /** Are the tokens from `from` on a function's name (a command or a spelled word) and its ^ and _ scripts only? */
  private functionHeadOnly(from: number): boolean {
    const tokens = this.tokens;
    const head = tokens[from];
    if (head === undefined || !(head.kind === 'function' || (head.kind === 'word' && functionSpelled(head.name ?? '') !== undefined))) return false;
    let at = from + 1;
    while (at < tokens.length) {
      const script = tokens[at] as Token;
      if (!((script.kind === 'op' && script.name === '^') || script.kind === 'underscore')) return false;
      at++;
      const first = tokens[at];
      if (first === undefined) return false;
      if (first.kind === 'number' || first.kind === 'word') {
        at++;
        continue;
      }
      if (first.kind !== 'open') return false;
      let depth = 0;
      do {
        const kind = (tokens[at] as Token).kind;
        if (kind === 'open') depth++;
        else if (kind === 'close') depth--;
        at++;
      } while (depth > 0 && at < tokens.length);
      if (depth !== 0) return false;
    }
    return true;
  }

  private unclosed(frame: Frame): never {
    const { text, closer } = this.openerOf(frame);
    this.fail('unclosed_bracket', frame.start, (p) => msg('read.latex.unclosed', { opener: text, position: p }), {
      token: text,
      hint: closer === undefined ? msg('read.latex.unclosed.hint_bracket') : msg('read.latex.unclosed.hint', { closer }),
    });
  }

  private openerOf(frame: Frame): { text: string; closer: string | undefined } {
    if (frame.kind === 'index') return { text: '[', closer: ']' };
    if (frame.kind === 'bracketed') return this.opener(frame.start);
    return { text: '{', closer: '}' };
  }

  /** The bracket at `start` as typed (`(`, `\left(`, `\lvert`) and what closes it, for messages. */
  private opener(start: number): { text: string; closer: string | undefined } {
    if (this.at(start) !== '\\') return { text: this.at(start), closer: CLOSERS.get(this.at(start)) ?? ')' };
    const command = this.readCommand(start);
    const size = SIZE_COMMANDS.left.indexOf(command.name);
    // No known closer: the hint says "the closing bracket".
    if (size < 0) return { text: command.text, closer: CLOSERS.get(command.text) };
    const delimiter = this.readDelimiter(command.end);
    const closer = `\\${SIZE_COMMANDS.right[size] ?? 'right'}${CLOSERS.get(delimiter.key) ?? '.'}`;
    return { text: this.input.slice(start, delimiter.end), closer };
  }

  // --- arguments ----------------------------------------------------------------------------------

  /** Reads the start of a pending argument at `pos` (spaces already skipped). */
  private startArgument(argument: Argument): void {
    this.pending = undefined;
    const start = this.pos;
    const c = this.at(start);
    if (c === '{') {
      this.push({ kind: 'argument', start, mark: this.tokens.length + 1, argument });
      this.synthetic(open('('), { start, end: start + 1, text: '{' });
      this.pos++;
      return;
    }
    if (argument.brackets && this.opensBracketAt(start)) {
      // The bracket itself is lexed as usual; the frame counts brackets until it closes.
      this.synthetic(open('('), argument.owner);
      this.push({ kind: 'bracketed', start, depth: 0, argument });
      return;
    }
    this.singleTokenArgument(argument);
  }

  /**
   * A construct read as an undelimited argument has been read to its end: its argument closes there
   * (true), as a `}` would close a braced one.
   */
  private constructEnded(): boolean {
    const top = this.frames.at(-1);
    if (top?.kind !== 'argument' || top.until === undefined || this.pos < top.until || this.pending) return false;
    this.frames.pop();
    top.argument.done({ start: top.until, end: top.until, text: '' });
    return true;
  }

  /** TeX's undelimited argument: one character or one command (`\frac12`, `x^\pi`, `\sqrt x`). */
  private singleTokenArgument(argument: Argument): void {
    const start = this.pos;
    const sign = argument.sign ? CHARACTERS.get(this.at(start)) : undefined;
    const signed = sign?.kind === 'op' && (sign.name === '-' || sign.name === '+');
    const atomStart = signed ? this.skipSpaces(start + 1) : start;
    // `x^\frac43`, `x^\frac{-1}{2}`, `x^\sqrt2`: a fraction or root whole, as KaTeX and MathJax read it.
    const construct = this.constructEnd(atomStart);
    if (construct !== undefined) {
      this.synthetic(open('('), argument.owner);
      if (signed && sign) this.emit(sign, start, start + 1, this.at(start));
      this.push({ kind: 'argument', start: atomStart, mark: this.tokens.length, argument, until: construct });
      this.pos = atomStart;
      return;
    }
    const atom = argument.what === 'exponent' && !argument.ofFunction ? this.readNumber(atomStart) ?? this.readAtom(atomStart) : this.readAtom(atomStart);
    if (!atom) this.missingArgument(argument);
    this.synthetic(open('('), argument.owner);
    if (signed && sign) this.emit(sign, start, start + 1, this.at(start));
    this.emit(atom.spec, atom.start, atom.end, atom.text, atom.extra);
    this.pos = atom.end;
    argument.done(argument.owner);
  }

  /**
   * Where a fraction or root command starting at `start` ends with its arguments (each a braced group,
   * one command or one character; a root's `[n]` too); undefined for any other command.
   */
  private constructEnd(start: number): number | undefined {
    if (this.at(start) !== '\\') return undefined;
    const command = this.readCommand(start);
    const count = CONSTRUCT_ARGUMENTS.get(command.name);
    if (count === undefined) return undefined;
    let at = command.end;
    if (command.name === 'sqrt' && this.at(this.skipSpaces(at)) === '[') {
      const close = this.input.indexOf(']', at);
      if (close === -1 || close >= this.stop) return undefined;
      at = close + 1;
    }
    for (let k = 0; k < count; k++) {
      const next = this.undelimitedEnd(this.skipSpaces(at));
      if (next === undefined) return undefined;
      at = next;
    }
    return at;
  }

  /** The end of one TeX argument at `start`: a balanced `{…}`, a command's name, or one character. */
  private undelimitedEnd(start: number): number | undefined {
    if (start >= this.stop) return undefined;
    const c = this.at(start);
    if (c === '\\') return this.readCommand(start).end;
    if (c !== '{') return c === '}' ? undefined : start + 1;
    let depth = 0;
    for (let at = start; at < this.stop; at++) {
      if (this.at(at) === '\\') at++;
      else if (this.at(at) === '{') depth++;
      else if (this.at(at) === '}' && --depth === 0) return at + 1;
    }
    return undefined;
  }

  /**
   * A whole number as an unbraced exponent: `x^12`, `x^-0.5`. TeX itself takes one digit (x^12 is x¹2),
   * but nobody typing a derivative means x¹·2, and an editor that means a one-digit exponent braces it
   * or puts an operator after it. TeX's one digit stays where it is how people write: a function's
   * power before its argument (`\sec^22x` is sec²(2x)), a subscript (`\log_28x` is log₂(8x)),
   * `\frac12` (½).
   */
  private readNumber(start: number): Atom | undefined {
    const match = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(this.input.slice(start, this.stop));
    if (!match || match[0].length === 1) return undefined;
    const text = match[0];
    return { start, end: start + text.length, text, spec: { kind: 'number' }, extra: { value: Number(text) } };
  }

  /** One character or command usable as an undelimited argument, without consuming it. */
  private readAtom(start: number): Atom | undefined {
    const c = this.at(start);
    const one = { start, end: start + 1, text: c };
    if (isDigit(c)) return { ...one, spec: { kind: 'number' }, extra: { value: Number(c) } };
    const folded = this.folded(start);
    const shown = { start, end: start + folded.length, text: this.input.slice(start, start + folded.length) };
    if (isLetter(folded.char)) return { ...shown, spec: { kind: 'word', name: folded.char } };
    const symbol = UNICODE_SYMBOLS.get(folded.char);
    if (symbol !== undefined) return { ...shown, spec: sym(symbol) };
    if (c !== '\\') return undefined;
    const command = this.readCommand(start);
    const entry = this.lookup(command);
    if (entry.type !== 'token') return undefined;
    const kind = entry.spec.kind;
    return kind === 'symbol' || kind === 'word' ? { ...command, spec: entry.spec } : undefined;
  }

  /** Whether the input at `start` opens a bracket: `(`, `[`, `\left(`, `\bigl[`, `\left|`, `\lbrace`… */
  private opensBracketAt(start: number): boolean {
    const c = this.at(start);
    if (c === '(' || c === '[') return true;
    if (c !== '\\') return false;
    const command = this.readCommand(start);
    const entry = COMMANDS.get(command.name);
    if (entry?.type === 'token') return entry.spec.kind === 'open' || entry.spec.kind === 'absOpen';
    if (SIDE_OF.get(command.name) !== 'left') return false;
    const role = DELIMITERS.get(this.readDelimiter(command.end).key)?.role;
    return role === 'open' || role === 'bar';
  }

  private missingArgument(argument: Argument): never {
    const { owner } = argument;
    this.fail('invalid_latex', owner.start, (p) => msg('read.latex.missing_argument', { command: owner.text, position: p, what: argument.what }), {
      token: owner.text,
      hint: argument.usage,
    });
  }

  private emptyArgument(argument: Argument): never {
    const { owner } = argument;
    this.fail('invalid_latex', owner.start, (p) => msg('read.latex.empty_argument', { command: owner.text, position: p, what: argument.what }), {
      token: owner.text,
      hint: argument.usage,
    });
  }

  /** An argument wrapped in synthetic brackets, then `after` (which sees the closing span). */
  private argument(
    owner: Span,
    what: ArgumentKind,
    usage: Message,
    options: { brackets: boolean; sign: boolean; ofFunction?: boolean },
    after: (closing: Span) => void,
  ): Argument {
    return {
      owner,
      what,
      usage,
      ...options,
      done: (closing) => {
        this.synthetic(close('('), closing);
        after(closing);
      },
    };
  }

  // --- commands -----------------------------------------------------------------------------------

  private command(): void {
    const command = this.readCommand(this.pos);
    this.pos = command.end;
    const entry = this.lookup(command);
    if (entry.type === 'token') {
      this.typed(entry.spec, command.start, command.end);
      // TeX takes the spaces after a control word as the end of its name, never as a space: `\pi x`
      // is πx as `\pi{x}` is, and `\cos\pi x` (MathQuill and MathLive write πx so) is cos(πx), not
      // also cos(π)·x as a typed `cos pi x` is. Not before a number, which ends a bracketless argument
      // with or without one: there the space keeps the number apart from the name, as typed
      // (`\theta 2` is θ·2 alone, not also θ², and `\pi 1 000` is π·1000), as it always did.
      if (/^[A-Za-z]+$/.test(command.name)) {
        let after = this.pos;
        while (after < this.stop && isSpace(this.at(after))) after++;
        if (!startsNumber(this.input, after, this.stop)) this.pos = after;
      }
      return;
    }
    if (entry.type === 'space') {
      this.space = true;
      this.hardSpace ||= entry.hard;
      return;
    }
    if (entry.type === 'run') return entry.run(this, command);
    // 'ignore' leaves no trace, not even a space: `\displaystyle\frac12` is just the fraction.
  }

  /** The command's table entry; throws for unknown and refused commands. */
  private lookup(command: Span & { name: string }): Exclude<Command, { type: 'refuse' }> {
    const entry = COMMANDS.get(command.name) ?? fallbackFunction(command.name);
    if (!entry) return this.unknownCommand(command);
    if (entry.type !== 'refuse') return entry;
    const extra = entry.hint === undefined ? { token: command.text } : { token: command.text, hint: entry.hint };
    return this.fail(entry.code, command.start, (p) => msg('read.latex.refused', { why: entry.why, token: command.text, position: p }), extra);
  }

  private unknownCommand(command: Span & { name: string }): never {
    const hint = suggestCommand(command.name);
    this.fail(
      'invalid_latex',
      command.start,
      (p) => msg('read.latex.unknown_command', { command: command.text, position: p }),
      hint === undefined ? { token: command.text } : { token: command.text, hint },
    );
  }

  /** `\name` (letters) or `\c` (one other character) at `start`, which holds the backslash. */
  private readCommand(start: number): Span & { name: string } {
    let end = start + 1;
    while (isLetter(this.at(end))) end++;
    if (end === start + 1) {
      const next = this.input.codePointAt(end);
      if (end >= this.stop || next === undefined) {
        this.fail('invalid_latex', start, (p) => msg('read.latex.lone_backslash', { position: p }), {
          token: '\\',
          hint: msg('read.latex.lone_backslash.hint'),
        });
      }
      end += next > 0xffff ? 2 : 1;
    }
    const text = this.input.slice(start, end);
    return { start, end, text, name: text.slice(1) };
  }

  /**
   * Plain TeX's `{a \over b}` (MathType, Maple and old papers write it): everything before it in its
   * group is the numerator, everything after it the denominator, and the group is the fraction, as
   * `\frac{a}{b}` gives it: `( (a) / (b) )`. Outside every group the whole expression is. TeX refuses a
   * second one in a group ("Ambiguous"); a bracket the group has not closed on one side of it (`{(a
   * \over b)}`, `\left(a \over b\right)`) is refused too, since only the braces are read as its scope.
   */
  over(command: Span): void {
    const top = this.frames.at(-1);
    if (top?.kind === 'bracketed' || top?.kind === 'index' || (top?.kind === 'argument' && top.until !== undefined)) {
      this.refuseOver(command, msg('why.latex.over_brackets'));
    }
    if (top ? top.over : this.topOver) this.refuseOver(command, msg('why.latex.over_twice'));
    const from = top === undefined ? 0 : top.kind === 'group' ? top.mark + 1 : top.mark;
    this.overPart(command, from, 'numerator');
    const first = this.tokens[from] as Token;
    const opening = (spaceBefore: boolean): Token =>
      token('open', command.text, command.start, command.end, spaceBefore, { bracket: '(', synthetic: true });
    this.tokens.splice(from, 0, opening(first.spaceBefore), opening(false));
    first.spaceBefore = false;
    this.synthetic(close('('), command);
    this.synthetic(op('/'), command);
    this.synthetic(open('('), command);
    const over = { command, denominator: this.tokens.length };
    if (top?.kind === 'group' || top?.kind === 'argument') top.over = over;
    else this.topOver = over;
  }

  /** The denominator ends where the group does: its bracket and the fraction's close. */
  private endOver(over: Over, closing: Span): void {
    this.overPart(over.command, over.denominator, 'denominator');
    this.synthetic(close('('), closing);
    this.synthetic(close('('), closing);
  }

  /** The numerator or denominator of a `\over`, from `from` to the last token: not empty, brackets closed. */
  private overPart(command: Span, from: number, what: 'numerator' | 'denominator'): void {
    const part = this.tokens.slice(from);
    if (part.length === 0) {
      this.fail('invalid_latex', command.start, (p) => msg('read.latex.empty_argument', { command: command.text, position: p, what }), {
        token: command.text,
        hint: msg('read.latex.over.hint'),
      });
    }
    let depth = 0;
    let bars = 0;
    for (const t of part) {
      if (t.kind === 'open' || t.kind === 'absOpen') depth++;
      else if ((t.kind === 'close' || t.kind === 'absClose') && --depth < 0) break;
      else if (t.kind === 'bar') bars++;
    }
    if (depth !== 0 || bars % 2 !== 0) this.refuseOver(command, msg('why.latex.over_brackets'));
  }

  private refuseOver(command: Span, why: Message): never {
    this.fail('invalid_latex', command.start, (p) => msg('read.latex.refused', { why, token: command.text, position: p }), {
      token: command.text,
      hint: msg('read.latex.over.hint'),
    });
  }

  /** `\frac{A}{B}` → `( (A) / (B) )`. */
  fraction(command: Span): void {
    const usage = msg('read.latex.fraction.hint', { command: command.text });
    const plain = { brackets: false, sign: false };
    this.synthetic(open('('), command);
    this.pending = this.argument(command, 'numerator', usage, plain, () => {
      this.synthetic(op('/'), command);
      this.pending = this.argument(command, 'denominator', usage, plain, (closing) => this.synthetic(close('('), closing));
    });
  }

  /** `\dot{x}`, `\dot x`: one letter, marked dotted (left-side.ts decides); over anything else an accent, refused. */
  dottedLetter(command: Span): void {
    const at = this.skipSpaces(command.end);
    const braced = this.at(at) === '{';
    const letter = braced ? this.skipSpaces(at + 1) : at;
    const end = braced ? this.skipSpaces(letter + 1) : letter + 1;
    if (!isLetter(this.at(letter)) || (braced && this.at(end) !== '}')) {
      const why = msg('why.latex.accents');
      this.fail('unsupported', command.start, (p) => msg('read.latex.refused', { why, token: command.text, position: p }), { token: command.text });
    }
    const name = this.at(letter);
    this.emit({ kind: 'word', name }, command.start, braced ? end + 1 : end, command.text, { dotted: true });
    this.pos = braced ? end + 1 : end;
  }

  /** `\partial`: the word d, marked so that only a left side may use it. */
  partialSign(command: Span): void {
    this.typed({ kind: 'word', name: 'd' }, command.start, command.end, { partial: true });
  }

  /** `\sqrt{A}` → `sqrt (A)`; `\sqrt[n]{A}` starts an index frame, see closeIndex. */
  root(command: Span): void {
    const bracket = this.skipSpaces(command.end);
    if (this.at(bracket) === '[') {
      this.push({ kind: 'index', start: bracket, mark: this.tokens.length, owner: command });
      this.pos = bracket + 1;
      return;
    }
    this.radicand(command, 'sqrt', () => {});
  }

  /** `]` of `\sqrt[n]`: the index moves behind the radicand, as nthRoot's second argument. */
  private closeIndex(): void {
    const frame = this.frames.pop();
    if (frame?.kind !== 'index') return;
    const closing = { start: this.pos, end: this.pos + 1, text: ']' };
    this.pos++;
    const index = this.tokens.splice(frame.mark);
    if (index.length === 0) return this.radicand(frame.owner, 'sqrt', () => {}); // `\sqrt[]{x}` is √x
    this.radicand(frame.owner, 'nthRoot', () => {
      this.synthetic({ kind: 'comma' }, closing);
      for (const moved of index) this.tokens.push(moved);
    });
  }

  private radicand(command: Span, name: string, beforeClose: () => void): void {
    this.emit(fn(name), command.start, command.end, command.text);
    const usage = msg('read.latex.root.hint', { command: command.text });
    this.pending = {
      owner: command,
      what: 'radicand',
      usage,
      brackets: true,
      sign: false,
      done: (closing) => {
        beforeClose();
        this.synthetic(close('('), closing);
      },
    };
  }

  /** `^`: a power with its exponent always grouped, or `^\prime` / `^{\prime\prime}` as primes. */
  private superscript(): void {
    const caret = { start: this.pos, end: this.pos + 1, text: '^' };
    if (this.primes(caret.end)) return;
    const ofFunction = this.tokens.at(-1)?.kind === 'function';
    this.typed(op('^'), caret.start, caret.end);
    const usage = msg('read.latex.exponent.hint');
    this.pending = this.argument(caret, 'exponent', usage, { brackets: true, sign: true, ofFunction }, () => {});
  }

  private subscript(): void {
    const underscore = { start: this.pos, end: this.pos + 1, text: '_' };
    this.typed({ kind: 'underscore' }, underscore.start, underscore.end);
    const usage = msg('read.latex.subscript.hint');
    this.pending = this.argument(underscore, 'subscript', usage, { brackets: true, sign: false }, () => {});
  }

  /**
   * `^\prime` and `^{\prime\prime}` are how LaTeX spells f' and f'': emits the primes (no power) and
   * returns true, or returns false when the superscript is a real exponent.
   */
  private primes(from: number): boolean {
    const start = this.skipSpaces(from);
    if (this.primeLengthAt(start) === PRIME_COMMAND.length) {
      this.typed(PRIME, start, start + PRIME_COMMAND.length);
      return true;
    }
    if (this.at(start) !== '{') return false;
    const found: Span[] = [];
    let at = this.skipSpaces(start + 1);
    for (let length = this.primeLengthAt(at); length > 0; length = this.primeLengthAt(at)) {
      found.push({ start: at, end: at + length, text: this.input.slice(at, at + length) });
      at = this.skipSpaces(at + length);
    }
    if (found.length === 0 || this.at(at) !== '}') return false;
    for (const prime of found) this.emit(PRIME, prime.start, prime.end, prime.text);
    this.pos = at + 1;
    return true;
  }

  /** Length of `\prime` or `'` at `at`, or 0. */
  private primeLengthAt(at: number): number {
    if (this.at(at) === "'") return 1;
    const isCommand = this.startsWith(PRIME_COMMAND, at) && !isLetter(this.at(at + PRIME_COMMAND.length));
    return isCommand ? PRIME_COMMAND.length : 0;
  }

  /** `\left(`, `\right|`, `\bigl[`, `\big|`: the delimiter, opening or closing by the command's side. */
  sizedDelimiter(command: Span, side: Side): void {
    const delimiter = this.readDelimiter(command.end);
    const meaning = DELIMITERS.get(delimiter.key);
    if (!meaning) {
      if (delimiter.key.startsWith('\\')) this.lookup(this.readCommand(delimiter.start)); // refused ones say why
      const message = (p: number) => msg('read.latex.delimiter', { command: command.text, position: p });
      this.fail('invalid_latex', command.start, message, {
        token: command.text,
        hint: msg('read.hint.write', { text: list([`${command.text}(`, `${command.text}|`], 'or') }),
      });
    }
    this.pos = delimiter.end;
    if (meaning.role === 'none') return;
    const spec: TokenSpec =
      meaning.role === 'bar' ? BAR_ON_SIDE[side] : { kind: meaning.role, bracket: meaning.bracket ?? '(' };
    this.typed(spec, command.start, delimiter.end);
  }

  /** The delimiter after a sizing command: one character or one command, spaces allowed before it. */
  private readDelimiter(from: number): { key: string; start: number; end: number } {
    const start = this.skipSpaces(from);
    if (start >= this.stop) return { key: '', start, end: start };
    if (this.at(start) === '\\') {
      const command = this.readCommand(start);
      return { key: command.text, start, end: command.end };
    }
    const point = this.input.codePointAt(start) ?? 0;
    const end = start + (point > 0xffff ? 2 : 1);
    return { key: this.input.slice(start, end), start, end };
  }

  /** Skips a command and its braced argument (`\color{red}`, `\phantom{x}`): nothing is emitted. */
  skipArgument(command: Span): void {
    const end = this.undelimitedEnd(this.skipSpaces(command.end));
    if (end === undefined || this.at(this.skipSpaces(command.end)) !== '{') this.braceContent(command, command.end);
    this.pos = end as number;
  }

  /**
   * `\hspace{1em}`, `\kern1pt`, `\mkern-3mu`: the length is read (braced, or TeX's unbraced dimension: a
   * signed number and its unit), and the command is a space: one that ends a bracketless argument as
   * `\,` does, or, negative or zero, only tightening as `\!` does.
   */
  lengthSpace(command: Span): void {
    const starred = command.text === '\\hspace' && this.at(command.end) === '*' ? command.end + 1 : command.end;
    const braced = this.at(this.skipSpaces(starred)) === '{';
    const length = braced ? this.braceContent(command, starred) : undefined;
    const text = length?.text ?? this.input.slice(starred, this.stop);
    const match = /^\s*([-+]?)\s*(\d+(?:\.\d*)?|\.\d+)\s*(pt|pc|in|bp|cm|mm|dd|cc|sp|em|ex|mu|px)\s*/.exec(text);
    if (!match || (braced && match[0].length !== text.length)) {
      this.fail('invalid_latex', command.start, (p) => msg('read.latex.length', { command: command.text, position: p }), {
        token: command.text,
        hint: msg('read.hint.write', { text: lengthExample(command.text, braced) }),
      });
    }
    this.pos = length?.end ?? starred + match[0].length;
    this.space = true;
    this.hardSpace ||= match[1] !== '-' && Number(match[2]) > 0;
  }

  /** `\operatorname{sech}`: a function when the table knows the name, else a word for the resolver. */
  operatorName(command: Span): void {
    const starred = this.at(command.end) === '*' ? command.end + 1 : command.end;
    const content = this.braceContent(command, starred);
    const name = underscoredName(content.text.trim());
    if (!/^[A-Za-z]+$/.test(name) && functionSpelled(name) === undefined) {
      this.fail('invalid_latex', command.start, (p) => msg('read.latex.operatorname', { position: p }), {
        token: command.text,
        hint: msg('read.hint.write', { text: '\\operatorname{sech}' }),
      });
    }
    const spec: TokenSpec = functionSpelled(name) !== undefined ? fn(name) : { kind: 'word', name };
    this.typed(spec, command.start, content.end);
  }

  /** `\mathrm{e}`, `\mathrm{d}`, `\text{sin}`, `\mathrm{2}`: upright text is a name or a number. */
  styledText(command: Span): void {
    if (this.styleOnlyBefore(command)) {
      this.pos = command.end;
      return;
    }
    const content = this.unbracedLetter(command) ?? this.braceContent(command, command.end);
    const name = content.text.trim();
    const end = content.end;
    if (name === '') {
      this.pos = end;
      return;
    }
    if (name === 'e') return this.typed(sym('e'), command.start, end);
    if (/^(?:\d+\.?\d*|\.\d+)$/.test(name)) {
      // Like every number token, `text` is the digits themselves.
      this.emit({ kind: 'number' }, command.start, end, name, { value: Number(name) });
      this.pos = end;
      return;
    }
    if (/^[A-Za-z]+$/.test(name)) {
      return this.typed(functionSpelled(name) !== undefined ? fn(name) : { kind: 'word', name }, command.start, end);
    }
    if (functionSpelled(underscoredName(name)) !== undefined) return this.typed(fn(underscoredName(name)), command.start, end);
    // Bold or italic maths (`\mathbf{2x}`) is only a style: what it holds is read as a group.
    if (STYLE_ONLY.has(command.text.slice(1))) {
      this.pos = command.end;
      return;
    }
    this.fail('invalid_latex', command.start, (p) => msg('read.latex.name_or_number', { command: command.text, position: p }), {
      token: this.input.slice(command.start, end),
      hint: msg('read.hint.write', { text: list([`${command.text}{d}`, `${command.text}{e}`], 'or') }),
    });
  }

  /**
   * TeX's undelimited argument of a style (`\mathrm e^{x^2}`, `\mathrm d x`): the one letter after it,
   * read as if braced. Undefined before a brace, and before anything else, which needs its braces.
   */
  private unbracedLetter(command: Span): { text: string; end: number } | undefined {
    const at = this.skipSpaces(command.end);
    if (!isLetter(this.at(at))) return undefined;
    // Before a run of letters (`\mathrm ch x`, `\mathrm cos x`) the writer meant the run upright, not
    // TeX's one letter: its braces are asked for. The upright differential is the exception (`\mathrm dx`).
    if (isLetter(this.at(at + 1)) && this.at(at) !== 'd') return undefined;
    return { text: this.at(at), end: at + 1 };
  }

  /** A style before a number or a command (`\mathbf 2`, `\mathrm\pi`) changes only how it looks. */
  private styleOnlyBefore(command: Span): boolean {
    const c = this.at(this.skipSpaces(command.end));
    return isDigit(c) || c === '\\';
  }

  /** The raw text of `{…}` after a command (no nested braces: the callers accept only names). */
  private braceContent(command: Span, from: number): { text: string; end: number } {
    const brace = this.skipSpaces(from);
    if (this.at(brace) !== '{') {
      this.fail('invalid_latex', command.start, (p) => msg('read.latex.braces', { command: command.text, position: p }), {
        token: command.text,
        hint: msg('read.hint.write', { text: `${command.text}{…}` }),
      });
    }
    let end = brace + 1;
    while (end < this.stop && this.at(end) !== '}' && this.at(end) !== '{') end++;
    if (this.at(end) !== '}') {
      if (end >= this.stop) {
        this.fail('unclosed_bracket', brace, (p) => msg('read.latex.unclosed', { opener: '{', position: p }), { token: '{', hint: msg('read.latex.unclosed.hint', { closer: '}' }) });
      }
      this.fail('invalid_latex', command.start, (p) => msg('read.latex.name_or_number', { command: command.text, position: p }), {
        token: command.text,
        hint: msg('read.hint.write', { text: `${command.text}{…}` }),
      });
    }
    return { text: this.input.slice(brace + 1, end), end: end + 1 };
  }

  // --- numbers, words, characters -----------------------------------------------------------------

  /** Digits with at most one decimal point (or the `{,}` decimal comma some editors write). */
  private number(): void {
    const start = this.pos;
    let at = this.digits(start);
    let separators = 0;
    for (;;) {
      const separator = this.decimalSeparatorAt(at, at > start);
      if (separator === 0) break;
      separators++;
      at = this.digits(at + separator);
    }
    const source = this.input.slice(start, at);
    if (separators > 1) {
      this.fail('invalid_number', start, (p) => msg('read.latex.decimal_points', { number: source, position: p }), {
        token: source,
        hint: msg('read.latex.decimal_points.hint'),
      });
    }
    // 1{,}000: TeX writes a thousands separator the same way. Three digits after it could be either.
    const group = /^(\d+)\{,\}(\d{3})$/.exec(source);
    if (group) {
      this.fail('invalid_number', start, (p) => msg('read.latex.comma_group', { number: source, position: p }), {
        token: source,
        hint: msg('read.comma_or_thousands.hint', { written: source, decimal: `${group[1]}.${group[2]}`, thousands: `${group[1]}${group[2]}` }),
      });
    }
    // 20\,000, 20 000: groups of three digits after a thin or plain space are the same number, where
    // two numbers in a row could not be read anyway (not after a name: x2 000).
    const before = this.tokens.at(-1);
    const first = source.replace('{,}', '.');
    const groups = [first];
    let plainSpaces = true;
    if (separators === 0 && first.length <= 3 && !first.startsWith('0') && (this.space || (before?.kind !== 'word' && before?.kind !== 'symbol'))) {
      for (let gap = this.digitGroupGap(at); gap > 0; gap = this.digitGroupGap(at)) {
        plainSpaces &&= this.at(at) === ' ';
        groups.push(this.input.slice(at + gap, at + gap + 3));
        at += gap + 3;
      }
    }
    // `text` carries the digits (what `Number` reads), not `{,}`; start/end still cover the source.
    const digits = groups.join('');
    this.emit({ kind: 'number' }, start, at, digits, { value: Number(digits), ...(groups.length > 1 ? { digitGroups: { groups, factors: plainSpaces } } : {}) });
    this.pos = at;
  }

  /** The length of a space between digit groups at `at` (` `, `\,`, a thin or no-break space) followed by exactly three digits, or 0. */
  private digitGroupGap(at: number): number {
    const c = this.at(at);
    const gap = c === ' ' || c === '\u2009' || c === '\u202f' || c === '\u00a0' ? 1 : this.startsWith('\\,', at) ? 2 : 0;
    if (gap === 0) return 0;
    const after = at + gap;
    const three = isDigit(this.at(after)) && isDigit(this.at(after + 1)) && isDigit(this.at(after + 2));
    return three && !isDigit(this.at(after + 3)) && this.decimalSeparatorAt(after + 3, true) === 0 ? gap : 0;
  }

  private digits(from: number): number {
    let at = from;
    while (isDigit(this.at(at))) at++;
    return at;
  }

  /** Length of a decimal separator at `at` (`.` or `{,}`), or 0. `{,}` needs digits on both sides. */
  private decimalSeparatorAt(at: number, afterDigits: boolean): number {
    if (this.at(at) === '.' && (afterDigits || isDigit(this.at(at + 1)))) return 1;
    if (afterDigits && this.startsWith('{,}', at) && isDigit(this.at(at + 3))) return 3;
    return 0;
  }

  /** A run of letters, maths letters among them (`xℯ` is the word xe, as the text reader reads it). */
  private word(): void {
    const start = this.pos;
    let end = start;
    let name = '';
    for (let letter = this.folded(end); isLetter(letter.char); letter = this.folded(end)) {
      name += letter.char;
      end += letter.length;
    }
    this.typed({ kind: 'word', name }, start, end);
  }

  /**
   * The character at `at` as the plain one it shows, with its length in the input: an editor's maths
   * letters (ℯ U+212F, which some write for Euler's e; 𝑥, ⅆ, full-width ｘ) are the letter, 𝜋 is π, as
   * the text reader folds them. Only those blocks: NFKC also folds superscripts (ˣ) and ligatures,
   * which would change what is read.
   */
  private folded(at: number): { char: string; length: number } {
    const point = at < this.stop ? this.input.codePointAt(at) ?? 0 : 0;
    const length = point > 0xffff ? 2 : 1;
    const char = String.fromCodePoint(point);
    if (!isMathsLetter(point)) return { char: at < this.stop ? this.input.charAt(at) : '', length: 1 };
    const plain = char.normalize('NFKC');
    return { char: [...plain].length === 1 ? plain : char, length };
  }

  /** `x²`, `x⁻¹`: a power whose exponent is grouped like `^{…}`. */
  private unicodeSuperscript(): void {
    const start = this.pos;
    const sign = SUPERSCRIPT_SIGNS.get(this.at(start));
    const digitsStart = sign === undefined ? start : start + 1;
    let end = digitsStart;
    while (SUPERSCRIPT_DIGITS.includes(this.at(end)) && this.at(end) !== '') end++;
    if (end === digitsStart) return this.refuseCharacter(start);
    const span = { start, end, text: this.input.slice(start, end) };
    const digits = [...this.input.slice(digitsStart, end)].map((c) => SUPERSCRIPT_DIGITS.indexOf(c)).join('');
    this.synthetic(op('^'), span);
    this.synthetic(open('('), span);
    if (sign !== undefined) this.emit(op(sign), start, digitsStart, this.at(start));
    this.emit({ kind: 'number' }, digitsStart, end, digits, { value: Number(digits) });
    this.synthetic(close('('), span);
    this.pos = end;
  }

  private refuseCharacter(start: number): never {
    const point = this.input.codePointAt(start) ?? 0;
    const character = String.fromCodePoint(point);
    const refusal = CHARACTER_REFUSALS.get(character);
    if (refusal) {
      this.fail(refusal.code, start, (p) => msg('read.latex.refused', { why: refusal.why, token: character, position: p }), { token: character });
    }
    const control = point < 0x20 || (point >= 0x7f && point <= 0x9f);
    this.fail('unexpected_character', start, (p) => (control
      ? msg('read.latex.unexpected_control', { code: `U+${hex(point)}`, position: p })
      : msg('read.latex.unexpected', { character, position: p })), {
      token: character,
      hint: msg('read.latex.unexpected.hint'),
    });
  }

  // --- helpers ------------------------------------------------------------------------------------

  /** The character at `at`, or '' past the math range (so a closing `$` is never read as content). */
  private at(at: number): string {
    return at < this.stop ? this.input.charAt(at) : '';
  }

  private startsWith(text: string, at: number): boolean {
    return at + text.length <= this.stop && this.input.startsWith(text, at);
  }

  /** The first offset from `from` that is not whitespace (a peek: it moves nothing). */
  private skipSpaces(from: number): number {
    let at = from;
    while (isSpace(this.at(at))) at++;
    return at;
  }

  private fail(
    code: ReadErrorCode,
    offset: number,
    message: (position: number) => Message,
    extra: { token?: string; hint?: Message } = {},
  ): never {
    throw readError(this.input, code, offset, message, extra);
  }
}

/** `leaky\_relu` (the underscore escaped, as LaTeX needs it in text) as the name leaky_relu. */
function underscoredName(name: string): string {
  return name.replaceAll('\\_', '_');
}

// ---------------------------------------------------------------------------------------------------
// Unknown commands
// ---------------------------------------------------------------------------------------------------

/** `\sech`, `\arsinh`, `\tg`: commands some editors emit for functions the table knows. */
function fallbackFunction(name: string): Command | undefined {
  // \root is TeX's `\root n \of x`, not a function of one argument.
  if (name !== name.toLowerCase() || name === 'root' || name === 'nthroot') return undefined;
  return functionSpelled(name) === undefined ? undefined : tokenCommand(fn(name));
}

/** Commands worth suggesting: everything the lexer accepts and spells with letters. */
const SUGGESTIBLE = [...COMMANDS.entries()]
  .filter(([name, command]) => command.type !== 'refuse' && /^[A-Za-z]+$/.test(name))
  .map(([name]) => name);
/** Commands that can be followed directly by a letter run when the space was forgotten (`\sinx`). */
const PREFIXES = [...COMMANDS.entries()]
  .filter(([, command]) => command.type === 'token' && (command.spec.kind === 'function' || command.spec.kind === 'symbol'))
  .map(([name]) => name)
  .filter((name) => name.length >= 2);

/** "did you mean \sin?" for `\sinn`, and "write \cos x" for `\cosx`. */
function suggestCommand(name: string): Message | undefined {
  const closest = closestCommand(name);
  const prefix = PREFIXES.filter(
    (known) => name.length > known.length && name.startsWith(known) && /^[A-Za-z]+$/.test(name.slice(known.length)),
  ).sort((a, b) => b.length - a.length)[0];
  const split = prefix === undefined ? undefined : `\\${prefix} ${name.slice(prefix.length)}`;
  if (closest !== undefined && split !== undefined && closest === prefix) {
    return msg('read.latex.suggest_or_split', { command: `\\${closest}`, prefix: `\\${prefix}`, rest: name.slice(prefix.length), split });
  }
  if (closest !== undefined) return msg('read.latex.suggest', { command: `\\${closest}` });
  if (split !== undefined) return msg('read.latex.split', { split });
  return undefined;
}

function closestCommand(name: string): string | undefined {
  if (name.length > 30 || !/^[A-Za-z]+$/.test(name)) return undefined;
  const limit = Math.min(2, Math.floor(name.length / 2));
  let best: { name: string; distance: number; prefix: boolean } | undefined;
  for (const known of SUGGESTIBLE) {
    const distance = editDistance(name.toLowerCase(), known.toLowerCase());
    if (distance > limit) continue;
    const prefix = name.startsWith(known);
    // Ties go to a command the typed name starts with: `\sinx` is \sin x far more often than \sinh.
    if (!best || distance < best.distance || (distance === best.distance && prefix && !best.prefix)) {
      best = { name: known, distance, prefix };
    }
  }
  return best?.name;
}

/** Edit distance counting a swap of neighbours as one edit (`\qaud` is one typo from `\quad`). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const hex = (point: number): string => point.toString(16).toUpperCase().padStart(4, '0');

/** A length command written right, for a hint: \mkern, \mskip and \mspace take maths units (mu), the others any unit such as em. */
function lengthExample(command: string, braced: boolean): string {
  const length = `1${command.startsWith('\\m') ? 'mu' : 'em'}`;
  return braced || command.endsWith('space') ? `${command}{${length}}` : `${command}${length}`;
}
