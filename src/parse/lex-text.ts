/**
 * The plain-text lexer: what students, LMS text fields and curl users type. It maps the many ways of
 * writing one operator (`·`, `×`, `−`, `**`) to one token, turns unicode superscripts and subscripts
 * into `^(…)` and `_(…)`, and keeps letter runs whole for the word resolver. Positions are offsets in
 * the original input, so every error can point at what the user typed.
 */
import { checkpoint } from '../deadline.js';
import { msg, type Message } from '../i18n/message.js';
import { readError } from './errors.js';
import { checkLength } from './input-length.js';
import { functionSpelled } from '../functions/elementary.js';
import { greekName, ROOT_SIGNS } from './names.js';
import { bracketToken, namedToken, numberToken, token, type Bracket, type Token } from './tokens.js';
import type { Limits } from '../limits.js';

const OPERATORS: Record<string, string> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '^': '^',
  '·': '*', '×': '*', '⋅': '*', '∗': '*', '•': '*', '∙': '*',
  // The katakana middle dot (full and half width), a Japanese keyboard's multiplication dot.
  '・': '*', '･': '*',
  '÷': '/', '∕': '/', '⁄': '/',
  '−': '-', '–': '-', '—': '-', '‐': '-', '‑': '-', '‒': '-', '﹣': '-', '－': '-', '＋': '+',
  // The circumflex as a letter (U+02C6), which some keyboards and word processors put for ^.
  'ˆ': '^',
};
/**
 * OPERATORS' ASCII entries by character code (INVISIBLE_OPERATORS has none): an ASCII character, most
 * of what is typed, is looked up in an array rather than in the table of unicode spellings.
 */
const ASCII_OPERATORS: readonly (string | undefined)[] = Array.from({ length: 0x80 }, (_, code) => OPERATORS[String.fromCharCode(code)]);
// Word's linear format groups with 〖 〗 (sin⁡〖2x〗 shows as sin 2x): brackets that group like ( ).
const OPENING: Record<string, Bracket> = { '(': '(', '[': '[', '{': '{', '〖': '(' };
const CLOSINGS: Record<string, Bracket> = { ')': '(', ']': '[', '}': '{', '〗': '(' };
/**
 * Invisible characters editors put in: zero-width spaces and joiners (copied from web pages and Word)
 * and the marks of writing direction (U+200E, U+200F, copied from a right-to-left page) are nothing;
 * the embeddings, overrides and isolates are refused, since they show the text in another order than
 * it is read; U+2061 FUNCTION APPLICATION (MathType, Word: `sin⁡x`) separates a function from its
 * argument like a space; U+2062 INVISIBLE TIMES is a product, U+2064 INVISIBLE PLUS a sum (2¼ is 2+¼)
 * and U+2063 INVISIBLE SEPARATOR a comma.
 */
const INVISIBLE_NOTHING = new Set(['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f']);
const FUNCTION_APPLICATION = '\u2061';
const DOT_ABOVE = '\u0307';
const INVISIBLE_OPERATORS: Record<string, string> = { '\u2062': '*', '\u2064': '+' };
const INVISIBLE_SEPARATOR = '\u2063';
/** Maxima's (and so STACK's) names of the constants: %e, %pi; %i is the imaginary unit. */
const MAXIMA_CONSTANTS: Record<string, string> = { e: 'e', pi: 'pi' };
const SPACES = new Set([' ', '\t', '\n', '\r', '\u00a0', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000']);
/** The spaces that may separate groups of three digits: the space, the thin and the no-break ones. */
const DIGIT_GROUP_SPACES = new Set([' ', '\u2009', '\u202f', '\u00a0']);
/** Primes as keyboards type them: Spanish and Portuguese ones have the acute accent ´ (f´(x)), not '. */
const PRIMES = new Set(["'", '’', '′', 'ʹ', '´']);
const QUOTES = new Set(['"', '“', '”', '`', '«', '»']);

/** Superscript characters and what they stand for inside `^(…)`. */
const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
  '⁺': '+', '⁻': '-', '⁽': '(', '⁾': ')', 'ⁿ': 'n', 'ˣ': 'x', 'ⁱ': 'i', 'ᵗ': 't', 'ᵃ': 'a', 'ᵏ': 'k',
};
const SUBSCRIPTS: Record<string, string> = {
  '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9',
  'ₐ': 'a', 'ₑ': 'e', 'ₓ': 'x', 'ᵦ': 'b',
};

/** Vulgar fractions, read as the bracketed fraction they show: x^½ is x^(1/2). */
const FRACTIONS: Record<string, [number, number]> = {
  '½': [1, 2], '⅓': [1, 3], '⅔': [2, 3], '¼': [1, 4], '¾': [3, 4], '⅕': [1, 5], '⅖': [2, 5], '⅗': [3, 5],
  '⅘': [4, 5], '⅙': [1, 6], '⅚': [5, 6], '⅛': [1, 8], '⅜': [3, 8], '⅝': [5, 8], '⅞': [7, 8],
};

/** Multi-character spellings that stay one word although they end in digits. */
const WORDS_WITH_DIGITS = ['log10', 'log2'];

/** Explanations for characters that have a meaning elsewhere but not in an expression. */
const REFUSED: Record<string, { code: 'equation' | 'unsupported' | 'unexpected_character'; why: Message; hint?: Message }> = {
  '<': { code: 'equation', why: msg('why.inequality') },
  '>': { code: 'equation', why: msg('why.inequality') },
  '≤': { code: 'equation', why: msg('why.inequality') },
  '≥': { code: 'equation', why: msg('why.inequality') },
  '≠': { code: 'equation', why: msg('why.inequality') },
  '≈': { code: 'equation', why: msg('why.approximation') },
  '!': { code: 'unsupported', why: msg('why.factorials') },
  '∞': { code: 'unsupported', why: msg('why.infinity_value') },
  ';': { code: 'unexpected_character', why: msg('why.one_expression'), hint: msg('read.one_expression.hint') },
  '\\': { code: 'unexpected_character', why: msg('why.backslash'), hint: msg('read.latex_format.hint') },
  '$': { code: 'unexpected_character', why: msg('why.dollar'), hint: msg('read.latex_format.hint') },
};

/** The plain letter of a precomposed letter with a dot above (ẋ is x), or undefined. */
function dottedLetter(ch: string): string | undefined {
  const parts = ch.normalize('NFD');
  return parts.length === 2 && parts.endsWith(DOT_ABOVE) && isLetter(parts.charAt(0)) ? parts.charAt(0) : undefined;
}

function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}
/** A `^` the input wrote (not one a lexer made, as for x²). */
function isWrittenCaret(t: Token | undefined): boolean {
  return t?.kind === 'op' && t.name === '^' && !t.synthetic;
}

/**
 * x^2.2x: in an exponent, a number `text` with a full stop inside and a letter written against it is a
 * decimal power (x^2.2·x) or the power, a multiplication dot and a factor (x^2·2x), as x^2.e^x is the
 * dot. Only before one letter alone (`next`, then `after` not a letter), not e (x^1.5e^x) nor a name
 * (sin(x)^1.5cos(x), x^2.5ln(x)), and not after 0 (x^0.5x): those are decimal powers times a factor,
 * as written.
 */
function readsAsDotInExponent(text: string, next: string, after: string): boolean {
  return isLetter(next) && !isLetter(after) && next !== 'e' && next !== 'E' && !text.startsWith('0');
}

/**
 * What may follow a full stop used as a multiplication dot (2x.cos(x^2), sinx.cosx, x^2.e^x, as many
 * students write · by hand): a factor starting with a letter or a bracket. A digit after it makes a
 * decimal (.5), so a digit never does.
 */
function startsDottedFactor(ch: string): boolean {
  return isLetter(ch) || ch in OPENING || ch === 'π' || greekName(ch) !== undefined || ROOT_SIGNS.has(ch);
}

export function lexText(input: string, limits: Limits): Token[] {
  checkLength(input, limits);
  const tokens: Token[] = [];
  lexView(input, foldedView(input), limits, tokens);
  const last = tokens.at(-1);
  tokens.push(token('end', '', input.length, input.length, last !== undefined && last.end < input.length));
  return tokens;
}

/**
 * The characters to lex, one per code point, each with the UTF-16 offset it came from. Full-width and
 * mathematical alphanumerics (𝑥, ２, ＋) are folded to the plain character they show, so the lexer
 * proper only ever sees one spelling of each character, while positions stay those of the input.
 */
interface View {
  chars: string[];
  offsets: number[]; // offsets[k] = start of chars[k]; one extra entry for the end
}

function foldedView(input: string): View {
  if (isAscii(input)) return asciiView(input);
  const chars: string[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const cp of input) {
    let ch = cp;
    if (ch.charCodeAt(0) > 0x7f && !isKnownUnicode(ch)) {
      const plain = ch.normalize('NFKC');
      // Greek too: Word's math italic 𝜋 and 𝜃, and the micro sign µ typed for μ.
      // The full-width full stop `．` of a Chinese or Japanese keyboard is the decimal point.
      if (plain.length === 1 && (isLetter(plain) || isDigit(plain) || plain === '.' || plain === 'π' || greekName(plain) !== undefined || plain in OPERATORS || plain in OPENING || plain in CLOSINGS)) {
        ch = plain;
      }
    }
    chars.push(ch);
    offsets.push(offset);
    offset += cp.length;
  }
  offsets.push(offset);
  return { chars, offsets };
}

/** Whether every character of `input` is ASCII, one UTF-16 unit each. */
function isAscii(input: string): boolean {
  for (let k = 0; k < input.length; k++) if (input.charCodeAt(k) > 0x7f) return false;
  return true;
}

/**
 * The view of an ASCII input, which is what foldedView makes of it with less work: every character is
 * one code point of one unit (so offsets count up from 0) and none is folded (folding looks only at
 * characters past 0x7f).
 */
function asciiView(input: string): View {
  const offsets: number[] = [];
  for (let k = 0; k <= input.length; k++) offsets.push(k);
  return { chars: input.split(''), offsets };
}

/** DIGIT_GROUP_SPACES.has(ch), its one ASCII member (the space) told apart without the set. */
function isDigitGroupSpace(ch: string): boolean {
  return ch === ' ' || (ch > '\x7f' && DIGIT_GROUP_SPACES.has(ch));
}

/**
 * Whether a character separates tokens: a space or U+2061 FUNCTION APPLICATION. The only ASCII
 * members of SPACES are control characters or the space itself (all at most ' '), so most characters
 * are answered without looking the set up.
 */
function separates(ch: string): boolean {
  if (ch < '\x80') return ch <= ' ' && SPACES.has(ch);
  return SPACES.has(ch) || ch === FUNCTION_APPLICATION;
}

function lexView(input: string, view: View, limits: Limits, out: Token[]): void {
  const { chars, offsets } = view;
  const n = chars.length;
  const at = (k: number): string => (k < n ? (chars[k] as string) : '');
  const pos = (k: number): number => offsets[k] as number;
  const restIsBlank = (from: number): boolean => chars.slice(from).every((c) => SPACES.has(c));
  /** The first character from k on that is not a space ('' at the end). */
  const nextVisible = (k: number): string => {
    while (k < n && SPACES.has(at(k))) k++;
    return at(k);
  };
  let i = 0;
  let space = false;
  const push = (t: Token) => {
    out.push(t);
    space = false;
  };
  const single = (kind: Token['kind'], extra?: Partial<Token>) => {
    push(token(kind, at(i), pos(i), pos(i + 1), space, extra));
    i++;
  };
  while (i < n) {
    checkpoint();
    const ch = at(i);
    if (separates(ch)) {
      space = true;
      i++;
      continue;
    }
    // Every invisible character is past ASCII.
    if (ch > '\x7f' && INVISIBLE_NOTHING.has(ch)) {
      i++;
      continue;
    }
    const start = i;
    // A full stop ending the input ends a sentence ("… = 2x cos(x^2).") and is not part of the maths; so
    // does a Chinese or Japanese keyboard's ideographic full stop `。` (`｡` half width).
    if ((ch === '.' || ch === '\u3002' || ch === '\uff61') && restIsBlank(i + 1)) {
      i = n;
      continue;
    }
    if (isDigit(ch) || (ch === '.' && isDigit(at(i + 1)))) {
      // cos(x^2).2x, x.5: a full stop after a factor and before a digit is a multiplication dot (as in
      // 2x.cos x) or a decimal point (0.2x): the grammar reads it both ways (Token.dotOrDecimal).
      const factorBefore = out.at(-1);
      const dotOrDecimal = ch === '.' && (factorBefore?.kind === 'word' || factorBefore?.kind === 'symbol' || factorBefore?.kind === 'close');
      let text = '';
      let dots = 0;
      while (i < n && (isDigit(at(i)) || at(i) === '.')) {
        if (at(i) === '.') dots++;
        text += at(i);
        i++;
      }
      if (dots === 1 && text.endsWith('.') && restIsBlank(i)) {
        // "… = 3." : the full stop ends the sentence, the number is 3.
        text = text.slice(0, -1);
        push(numberToken(text, pos(start), pos(i - 1), space, Number(text)));
        i = n;
        continue;
      }
      // x^2.cos x: the dot after a whole number is a multiplication dot (startsDottedFactor).
      if (dots === 1 && text.endsWith('.') && startsDottedFactor(nextVisible(i))) {
        text = text.slice(0, -1);
        push(numberToken(text, pos(start), pos(i - 1), space, Number(text)));
        push(namedToken('op', '.', pos(i - 1), pos(i), false, '*'));
        continue;
      }
      if (dots > 1 || text.endsWith('.')) {
        throw readError(input, 'invalid_number', pos(start), (p) => msg('read.not_a_number', { text, position: p }), {
          token: text,
          hint: msg('read.not_a_number.hint'),
        });
      }
      // 20 000: groups of three digits after a space are the same number, where two numbers in a row
      // could not be read anyway: not in an exponent (x^2 000) nor after a name (x2 000).
      // at(-1), not out[out.length - 1]: an empty list's index -1 is a named-property lookup, slow.
      const before = out.at(-1);
      // x^2 000, x^-2 000: an exponent's digits end at the space.
      const sign = before?.kind === 'op' && (before.name === '-' || before.name === '+');
      const caret = sign ? out.at(-2) : before;
      const exponent = caret?.kind === 'op' && caret.name === '^';
      const afterName = !space && (before?.kind === 'word' || before?.kind === 'symbol');
      const groups: string[] = [text];
      let plainSpaces = true;
      // A first group starting with 0 (0 002) is no thousands.
      if (dots === 0 && text.length <= 3 && !text.startsWith('0') && !exponent && !afterName) {
        while (isDigitGroupSpace(at(i)) && /^\d{3}$/.test(chars.slice(i + 1, i + 4).join('')) && !isDigit(at(i + 4)) &&
          !(at(i + 4) === '.' && isDigit(at(i + 5)))) {
          plainSpaces &&= at(i) === ' ';
          groups.push(chars.slice(i + 1, i + 4).join(''));
          i += 4;
        }
      }
      if (groups.length === 1) {
        // Nearly every number: one group, whose join is its own text, and no digitGroups.
        const exponentDot = dots === 1 && !space && isWrittenCaret(factorBefore) && readsAsDotInExponent(text, at(i), at(i + 1));
        push(dotOrDecimal || exponentDot ? token('number', text, pos(start), pos(i), space, { value: Number(text), dotOrDecimal: true }) : numberToken(text, pos(start), pos(i), space, Number(text)));
        continue;
      }
      text = groups.join('');
      push(token('number', text, pos(start), pos(i), space, { value: Number(text), digitGroups: { groups, factors: plainSpaces } }));
      continue;
    }
    // ẋ (precomposed, or x and U+0307): Newton's dot, a time derivative (left-side.ts decides).
    const dotted = isLetter(ch) ? (at(i + 1) === DOT_ABOVE ? ch : undefined) : ch > '\x7f' ? dottedLetter(ch) : undefined;
    if (dotted !== undefined) {
      const length = ch === dotted ? 2 : 1;
      push(token('word', chars.slice(i, i + length).join(''), pos(i), pos(i + length), space, { name: dotted, dotted: true }));
      i += length;
      continue;
    }
    if (isLetter(ch)) {
      let text = '';
      while (i < n && isLetter(at(i))) text += at(i++);
      // log10 and log2 keep their digits; any other digits after letters are a number of their own.
      // (Without a digit next there are none to keep.)
      if (isDigit(at(i))) {
        for (const spelled of WORDS_WITH_DIGITS) {
          const rest = spelled.slice(text.length);
          if (text.toLowerCase() === spelled.slice(0, text.length) && /^\d+$/.test(rest)) {
            let j = i;
            let digits = '';
            while (isDigit(at(j)) && digits.length < rest.length) digits += at(j++);
            if (digits === rest && !isDigit(at(j))) {
              text += digits;
              i = j;
            }
          }
        }
      }
      // leaky_relu: a function spelled with an underscore is one word (w_1 stays a subscripted name).
      let j = i + 1;
      let joined = '';
      while (at(i) === '_' && j < n && isLetter(at(j))) joined += at(j++);
      if (joined !== '' && functionSpelled(`${text}_${joined}`) !== undefined) {
        text = `${text}_${joined}`;
        i = j;
      }
      push(namedToken('word', text, pos(start), pos(i), space, text));
      continue;
    }
    if (ch === 'π') {
      single('symbol', { name: 'pi' });
      continue;
    }
    // Greek letters are past ASCII.
    const greek = ch > '\x7f' ? greekName(ch) : undefined;
    if (greek) {
      single('symbol', { name: greek });
      continue;
    }
    if (ch === '*' && at(i + 1) === '*') {
      push(token('op', '**', pos(i), pos(i + 2), space, { name: '^' }));
      i += 2;
      continue;
    }
    if (ch === ':' && at(i + 1) === '=') {
      throw readError(input, 'equation', pos(i), (p) => msg('read.assignment', { position: p }), {
        token: ':=',
        hint: msg('read.assignment.hint'),
      });
    }
    if (ch === '=' && at(i + 1) === '=') {
      throw readError(input, 'equation', pos(i), (p) => msg('read.comparison', { position: p }), { token: '==' });
    }
    // MathQuill's text() writes \div as [/].
    if (ch === '[' && at(i + 1) === '/' && at(i + 2) === ']') {
      push(token('op', '[/]', pos(i), pos(i + 3), space, { name: '/' }));
      i += 3;
      continue;
    }
    // AsciiMath's division sign ÷.
    if (ch === '-' && at(i + 1) === ':') {
      push(token('op', '-:', pos(i), pos(i + 2), space, { name: '/' }));
      i += 2;
      continue;
    }
    // 2x.cos(x^2), sin x . cos x: a full stop after a factor and before another is a multiplication dot.
    const last = out.at(-1);
    // cos(x^2). 2x: a dot with a space after it is no decimal point, so before a number too; and after
    // a number, x^2 . 2x, spaced on both sides (3.x and 3 .5 are the number's).
    const spacedAfterNumber = last?.kind === 'number' && space && separates(at(i + 1));
    if (ch === '.' && (last?.kind === 'word' || last?.kind === 'symbol' || last?.kind === 'close' || spacedAfterNumber) &&
      (startsDottedFactor(nextVisible(i + 1)) || (separates(at(i + 1)) && isDigit(nextVisible(i + 1))))) {
      push(namedToken('op', ch, pos(i), pos(i + 1), space, '*'));
      i++;
      continue;
    }
    const op = ch < '\x80' ? ASCII_OPERATORS[ch.charCodeAt(0)] : OPERATORS[ch] ?? INVISIBLE_OPERATORS[ch];
    if (op) {
      push(namedToken('op', ch, pos(i), pos(i + 1), space, op));
      i++;
      continue;
    }
    if (ch === INVISIBLE_SEPARATOR) {
      single('comma');
      continue;
    }
    if (ch === '%') {
      let end = i + 1;
      while (end < n && isLetter(at(end))) end++;
      push(maximaConstant(input, chars.slice(i + 1, end).join(''), pos(i), pos(end), space));
      i = end;
      continue;
    }
    if (ch === '∂') {
      single('word', { name: 'd', partial: true });
      continue;
    }
    const open = OPENING[ch];
    if (open) {
      push(bracketToken('open', ch, pos(i), pos(i + 1), space, open));
      i++;
      continue;
    }
    const close = CLOSINGS[ch];
    if (close) {
      push(bracketToken('close', ch, pos(i), pos(i + 1), space, close));
      i++;
      continue;
    }
    const simple = SIMPLE[ch];
    if (simple) {
      single(simple);
      continue;
    }
    const fraction = FRACTIONS[ch];
    if (fraction) {
      const [a, b] = fraction;
      const at = (extra: Partial<Token>, kind: Token['kind'], text: string) => token(kind, text, pos(i), pos(i + 1), false, { synthetic: true, ...extra });
      // A whole number just before it makes a mixed number: 1½ and 1 ½ are 1 + 1/2, not 1·(1/2).
      const whole = out.at(-1);
      const before = out.at(-2);
      // Not an exponent's number: x^2 ½ is x^2·½.
      const exponent = before?.kind === 'op' && before.name === '^';
      const mixed = whole?.kind === 'number' && !whole.synthetic && !exponent && /^\d+$/.test(whole.text);
      if (mixed) {
        out.pop();
        out.push(token('open', whole.text, whole.start, whole.end, whole.spaceBefore, { synthetic: true, bracket: '(' }), { ...whole, spaceBefore: false });
        push(at({ name: '+' }, 'op', '+'));
      }
      push({ ...at({ bracket: '(' }, 'open', ch), spaceBefore: mixed ? false : space });
      push(at({ value: a }, 'number', String(a)));
      push(at({ name: '/' }, 'op', '/'));
      push(at({ value: b }, 'number', String(b)));
      push(at({ bracket: '(' }, 'close', ch));
      if (mixed) push(at({ bracket: '(' }, 'close', ch));
      i++;
      continue;
    }
    const root = ROOT_SIGNS.get(ch);
    if (root) {
      single('function', root.index === undefined ? { name: root.name } : { name: root.name, rootIndex: root.index });
      continue;
    }
    if (ch in SUPERSCRIPTS || ch in SUBSCRIPTS) {
      // A run of superscripts is an exponent: x²³ is x^(23), e⁻ˣ is e^(-x).
      const table = ch in SUPERSCRIPTS ? SUPERSCRIPTS : SUBSCRIPTS;
      let end = i;
      while (end < n && at(end) in table) end++;
      // x⁻½: a superscript sign, then a vulgar fraction (there is no superscript ½), is its exponent.
      if (table === SUPERSCRIPTS && at(end) in FRACTIONS && chars.slice(i, end).every((c) => c === '⁻' || c === '⁺')) end++;
      const lead = table === SUPERSCRIPTS
        ? token('op', ch, pos(i), pos(i), space, { name: '^', synthetic: true })
        : token('underscore', ch, pos(i), pos(i), space, { synthetic: true });
      push(lead);
      push(token('open', ch, pos(i), pos(i), false, { bracket: '(', synthetic: true }));
      const inner: View = {
        chars: chars.slice(i, end).map((c) => table[c] ?? c),
        offsets: offsets.slice(i, end + 1),
      };
      lexView(input, inner, limits, out);
      push(token('close', ch, pos(end), pos(end), false, { bracket: '(', synthetic: true }));
      i = end;
      continue;
    }
    if (QUOTES.has(ch)) {
      throw readError(input, 'string', pos(i), (p) => msg('read.quoted', { position: p }), {
        token: ch,
        hint: msg('read.quoted.hint'),
      });
    }
    const refused = REFUSED[ch];
    if (refused) {
      throw readError(input, refused.code, pos(i), (p) => msg('read.character_refused', { character: ch, position: p, why: refused.why }), {
        token: ch,
        ...(refused.hint ? { hint: refused.hint } : {}),
      });
    }
    const cp = ch.codePointAt(0) as number;
    const shown = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : ch;
    throw readError(input, 'unexpected_character', pos(i), (p) => msg('read.unexpected_character', { character: shown, position: p }), {
      token: shown,
      hint: msg('read.unexpected_character.hint'),
    });
  }
}

/** `%e` and `%pi` as the constants; `%i` and Maxima's other constants refused with what they are. */
function maximaConstant(input: string, name: string, start: number, end: number, space: boolean): Token {
  const text = `%${name}`;
  const constant = Object.hasOwn(MAXIMA_CONSTANTS, name) ? MAXIMA_CONSTANTS[name] : undefined;
  if (constant !== undefined) return token('symbol', text, start, end, space, { name: constant });
  if (name === 'i') {
    throw readError(input, 'unsupported', start, (p) => msg('read.maxima_i', { position: p }), {
      token: text,
      hint: msg('read.maxima_i.hint'),
    });
  }
  if (name === '') {
    throw readError(input, 'unsupported', start, (p) => msg('read.percent', { position: p }), {
      token: '%',
      hint: msg('read.percent.hint'),
    });
  }
  throw readError(input, 'unsupported', start, (p) => msg('read.maxima_constant', { text, position: p }), {
    token: text,
    hint: msg('read.maxima_constant.hint'),
  });
}

const SIMPLE: Record<string, Token['kind']> = {
  '|': 'bar', ',': 'comma', '=': 'equals', '_': 'underscore',
  ...Object.fromEntries([...PRIMES].map((p) => [p, 'prime' as const])),
};

/** Unicode characters with a meaning of their own here (not to be NFKC-folded away). */
function isKnownUnicode(ch: string): boolean {
  return (
    ch in FRACTIONS || ch in OPERATORS || ch in SUPERSCRIPTS || ch in SUBSCRIPTS || ROOT_SIGNS.has(ch) || ch in REFUSED ||
    ch === 'π' || greekName(ch) !== undefined || SPACES.has(ch) || PRIMES.has(ch) || QUOTES.has(ch) ||
    ch in OPENING || ch in CLOSINGS || INVISIBLE_NOTHING.has(ch) || ch === FUNCTION_APPLICATION || ch in INVISIBLE_OPERATORS ||
    ch === INVISIBLE_SEPARATOR || ch === '∂'
  );
}
