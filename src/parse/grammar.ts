/**
 * The one grammar for student notation, a Pratt parser over the token stream of either lexer.
 *
 * Binding powers (higher binds tighter):
 *   + -                10
 *   * /                20
 *   unary minus        22  (its operand: -2x is -(2x), -x^2 is -(x^2))
 *   implicit product   25  (tighter than * and /, as in mathjs: x/2y is x/(2y))
 *   bare function arg  24  (sin 2x is sin(2x), sin x/2 is sin(x)/2; it stops at the next function
 *                          name, number or exponential and at a space typed as a LaTeX command:
 *                          sin x cos x is sin(x)·cos(x), cos x e^(sin x) is cos(x)·e^(sin x))
 *   ^                  40, right-associative; its operand may carry a sign (x^-1)
 * Documented readings of ambiguous forms, each reported as a warning:
 *   1/2x   → (1/2)·x   a fraction of two numbers is a coefficient (mathjs, SymPy and WolframAlpha agree)
 *   x/2y   → x/(2y)    otherwise implicit products bind tighter than division
 *   e^2x   → e^(2x)    a number written against a letter in an exponent stays in the exponent
 *   x^1/2  → (x^1)/2
 *   x2     → x·2, sin x y → sin(x·y), X → the constant X, 2xx(x+1) → 2·(x+1) (AsciiMath times)
 *   cos x(-sin x) → cos(x·(-sin x)), the other reading cos(x)·(-sin x)
 * Each of these is an ambiguous place: the parser asks `choose` which reading to take there (the
 * documented one unless `choices` says otherwise) and lists the place in `ambiguities`, so a caller can
 * read the input every way it can be read (readings.ts). `(1)/(2)x`, with both numbers in brackets as
 * MathQuill and MathLive export ½, is no such place: the brackets end the denominator.
 */
import { list, msg, type Message } from '../i18n/message.js';
import { functionNamed, aritiesOf } from '../functions/elementary.js';
import { compile } from '../compare/compile.js';
import type { Limits } from '../limits.js';
import { toText } from '../tree/print-text.js';
import {
  call,
  children,
  div,
  isUnaryMinus,
  onlyArg,
  isBinary,
  isConstant,
  isSymbol,
  mentions,
  mul,
  neg,
  num,
  pow,
  sub,
  add,
  sym,
  symbolNames,
  binary,
  type Expr,
} from '../tree/nodes.js';
import { codePointIndex, ReadError, readError } from './errors.js';
import { CONSTANTS, ROOT_SIGNS } from './names.js';
import { CLOSING, token, type Bracket, type Token } from './tokens.js';
import type { ReadWarning } from './warnings.js';
import { checkpoint } from '../deadline.js';

const CONSTANT_NAMES = new Set(['e', 'pi']);

/** A root's index as written: a whole number from 2 on. */
function isWholeIndex(e: Expr): boolean {
  return isConstant(e) && Number.isInteger(e.value) && e.value >= 2;
}

/**
 * Whether a tree has a symbol other than the constants e and pi: what `symbolNames(node)` filtered of
 * them and then asked for length (or `some`) says, answered at the first such symbol without making
 * the list.
 */
function hasFreeSymbol(node: Expr): boolean {
  if (isSymbol(node)) return !CONSTANTS.has(node.name);
  for (const child of children(node)) if (hasFreeSymbol(child)) return true;
  return false;
}

/**
 * The value of an exponent without free symbols. Most are a number as written (x^2), whose value is
 * its own: compiling a constant gives back exactly its (finite) value, so only other exponents are
 * compiled, and a number is spared a compilation and its cache entry.
 */
function constantExponent(exponent: Expr): number {
  return isConstant(exponent) && Number.isFinite(exponent.value) ? exponent.value : compile(exponent, [])([]);
}

/** A token an operand can end with, so that a bracket after it multiplies (x(…), 2(…), (…)(…)). */
function endsOperand(t: Token): boolean {
  return t.kind === 'symbol' || t.kind === 'number' || t.kind === 'word' || t.kind === 'close' || t.kind === 'absClose';
}

const BP = {
  sum: 10,
  product: 20,
  unary: 22,
  bareArgument: 24,
  implicit: 25,
  power: 40,
} as const;

export interface GrammarContext {
  input: string;
  /** The variable of differentiation (x^2y is x²·y, but e^2x is e^(2x)). */
  variable: string;
  limits: Limits;
  warnings: ReadWarning[];
  /** Names that are certainly names (the function's letters): X is then not read as the variable x. */
  knownNames?: ReadonlySet<string>;
  /** The letters that may be an exponential's base, when known (ReadOptions.exponentialBases). */
  exponentialBases?: ReadonlySet<string> | undefined;
  /** The reading to take at an ambiguous place, by its key; the documented reading (0) elsewhere. */
  choices?: ReadonlyMap<string, number>;
  /** Every ambiguous place the parse met, in order. */
  ambiguities?: Ambiguity[];
  /** An answer's E may be Euler's number as Mathematica writes it (a function's is what it writes). */
  eulerE?: boolean;
}

/** The kinds of ambiguous places, each read one documented way (0) or the other (1). */
export type AmbiguityKind =
  | 'coefficient' // 1/2x: (1/2)·x or 1/(2x)
  | 'denominator' // x/2y: x/(2y) or (x/2)·y
  | 'exponent' // e^2x: e^(2x) or e^2·x
  | 'fractional_power' // x^1/2: (x^1)/2 or x^(1/2)
  | 'number_after_name' // x2: x·2 or x^2
  | 'argument' // sin x y: sin(x·y) or sin(x)·y
  | 'argument_division' // cos x/2: cos(x)/2 or cos(x/2)
  | 'digit_groups' // 2 250: the number 2250 or 2·250 (never when a later group starts with 0: 20 000)
  | 'decimal_point' // cos(x^2).2x: cos(x^2)·2x or cos(x^2)·0.2x
  | 'case' // X: the constant X or the variable x
  | 'euler' // E: the constant E or Euler's number e (Mathematica's E^x)
  | 'times_or_letters' // 2xx(x+1): 2·(x+1) or 2·x·x·(x+1)
  | 'mixed_number'; // 1\frac12 x: 1·(1/2)·x or (1 + 1/2)·x

export interface Ambiguity {
  kind: AmbiguityKind;
  /** Stable within one token stream: the kind and where its token starts. */
  key: string;
  /** UTF-16 offset of the token the place is at. */
  position: number;
}

export function parseTokens(tokens: Token[], context: GrammarContext): Expr {
  const parser = new Parser(tokens, context);
  return parser.parseAll();
}

/** The longest factor a hint for two numbers in a row writes out (2*3^(2x)): longer ones end in an ellipsis. */
const HINT_FACTOR_LENGTH = 40;

class Parser {
  private i = 0;
  private depth = 0;
  /** Open |…| bars around the current position (a bar in operator position closes one). */
  private absDepth = 0;
  /** Parsing a function's argument written without brackets: a function name ends it. */
  private bareArgument = false;
  /** The other reading of `sin x y`: a space ends the bracketless argument. */
  private argumentEndsEarly = false;
  /** The index of the first token of the bracketless argument being read. */
  private bareStart = -1;
  // The parser lives for one parse and holds only nodes of that parse, so these are plain Map and Set:
  // weak ones would free nothing sooner, and cost several times as much to fill (every node is marked).
  /** Where each node came from in the input, for warnings that quote it. */
  private readonly spans = new Map<Expr, [number, number]>();
  /** Nodes written as a plain number token (not a group), for the ambiguity rules. */
  private readonly bareNumbers = new Set<Expr>();
  /** Nodes the user put in brackets: `1/(2x)` is not ambiguous. */
  private readonly grouped = new Set<Expr>();
  /** 1/2 read as a coefficient, whose implicit product is reported once it is known. */
  private readonly coefficientFractions = new Set<Expr>();

  private readonly tokens: Token[];

  constructor(
    tokens: Token[],
    private readonly ctx: GrammarContext,
  ) {
    this.tokens = this.withMixedNumbersRead(this.withDotsRead(this.withDigitGroupsRead(tokens)));
    this.warnOfScientific(this.tokens);
  }

  /**
   * `cos(x^2).2x`, `x.5`, `x^2.2x`: a full stop right after a factor, or inside an exponent with a
   * factor written after it, before digits (Token.dotOrDecimal) is a decimal point (the documented
   * reading, 0.2x, x^2.2·x) or a multiplication dot, as in `2x.cos x` (the other reading, ·2x,
   * x^2·2x). Both are checked, so the full stop decides a grade only when they agree.
   */
  private withDotsRead(tokens: Token[]): Token[] {
    if (!tokens.some((t) => t.dotOrDecimal)) return tokens;
    return tokens.flatMap((t) => {
      if (t.kind !== 'number' || !t.dotOrDecimal) return [t];
      // The whole number before the full stop (x^2.2x) or none (cos(x^2).2x), and the digits after it.
      const dot = t.text.indexOf('.');
      const [whole, digits] = [t.text.slice(0, dot), t.text.slice(dot + 1)];
      if (this.choose('decimal_point', t) === 1) {
        const times = token('op', '.', t.start + dot, t.start + dot + 1, whole === '' && t.spaceBefore, { name: '*' });
        const after = token('number', digits, t.start + dot + 1, t.end, false, { value: Number(digits) });
        return whole === '' ? [times, after] : [token('number', whole, t.start, t.start + dot, t.spaceBefore, { value: Number(whole) }), times, after];
      }
      this.warn('number_after_name', t.start, msg('warn.dot_decimal', {
        text: this.source(t.start, t.end),
        decimal: whole === '' ? `0${t.text}` : t.text,
        product: `${whole}*${digits}`,
      }));
      return [t];
    });
  }

  /**
   * `1\frac{1}{2}x^2`, `2\frac13`, MathML's `<mn>1</mn><mfrac><mn>1</mn><mn>2</mn></mfrac>` (Word,
   * WIRIS and MathType write 1½ so): a whole number written against a proper fraction of two whole
   * numbers shows as the mixed number 1½ (MathLive's own MathML for it is `1⁤½`, one number, and the
   * text's `1½` is read so), but TeX and MathML make it the product 1·½, which a student may mean too (the inner
   * derivative 2 written before the power rule's ½). The documented reading is the product, with a
   * warning; the other is the mixed number (1 + 1/2), so the two are checked and a right answer under
   * one of them asks for brackets rather than being graded incorrect.
   */
  private withMixedNumbersRead(tokens: Token[]): Token[] {
    const fractionAt = (k: number): boolean => {
      const at = (n: number): Token | undefined => tokens[k + n];
      const whole = (t: Token | undefined): t is Token => t?.kind === 'number' && !t.synthetic && /^\d+$/.test(t.text);
      const numerator = at(2);
      const denominator = at(6);
      // `\frac`'s brackets, or `<mfrac>`'s (synthetic and empty): only a fraction makes a synthetic `/`.
      return at(0)?.kind === 'open' && at(0)?.synthetic === true && /^(?:\\[dtc]?frac)?$/.test(at(0)?.text ?? '') && !at(0)?.afterInvisibleTimes &&
        at(1)?.kind === 'open' && whole(numerator) && at(3)?.kind === 'close' && at(4)?.kind === 'op' && at(4)?.name === '/' && at(4)?.synthetic === true &&
        at(5)?.kind === 'open' && whole(denominator) && at(7)?.kind === 'close' && at(8)?.kind === 'close' &&
        (numerator.value as number) > 0 && (numerator.value as number) < (denominator.value as number);
    };
    const wholes: number[] = [];
    for (let k = 0; k + 10 < tokens.length; k++) {
      const t = tokens[k] as Token;
      const before = tokens[k - 1];
      if (t.kind === 'number' && !t.synthetic && /^\d+$/.test(t.text) && fractionAt(k + 1) &&
        !(before !== undefined && (before.kind === 'number' || (before.kind === 'op' && before.name === '^')))) wholes.push(k);
    }
    if (wholes.length === 0) return tokens;
    const out: Token[] = [];
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k] as Token;
      out.push(t);
      if (!wholes.includes(k)) continue;
      // `\frac12`'s brackets and slash sit on the command's name: the fraction ends where its last token does.
      const end = Math.max(...tokens.slice(k, k + 10).map((u) => u.end));
      if (this.choose('mixed_number', t) === 1) {
        out.pop();
        out.push(
          token('open', '', t.start, t.start, t.spaceBefore, { bracket: '(', synthetic: true }),
          { ...t, spaceBefore: false },
          token('op', '', t.end, t.end, false, { name: '+', synthetic: true }),
          ...tokens.slice(k + 1, k + 10),
          token('close', '', end, end, false, { bracket: '(', synthetic: true }),
        );
        k += 9;
        continue;
      }
      const numerator = tokens[k + 3] as Token;
      const denominator = tokens[k + 7] as Token;
      this.warn('ambiguous_division', t.start, msg('warn.mixed_number', {
        text: this.source(t.start, end),
        product: `${t.text}*${numerator.text}/${denominator.text}`,
        mixed: `(${t.text} + ${numerator.text}/${denominator.text})`,
      }));
    }
    return out;
  }

  /**
   * `5e-1x`, `2e3`, `1.5E-3`: a number, e or E, an optional sign and a whole number, written against
   * each other, is scientific notation to a calculator and a program (0.5x, 2000, 0.0015), and the
   * constant e between numbers to the grammar (5e - 1x, as `2e - 2x` is). Read as the constant, with a
   * warning that names the number: not a second reading, since `2e-2x`, the derivative of 2ex - x^2
   * as students write it, would then ask for brackets, and a derivative is rarely written in scientific
   * notation. Only digits written so: `2e^3`, `2e x` are e and warn of nothing.
   */
  private warnOfScientific(tokens: readonly Token[]): void {
    for (let k = 1; k + 1 < tokens.length; k++) {
      const e = tokens[k] as Token;
      if (e.kind !== 'symbol' || (e.name !== 'e' && e.name !== 'E')) continue;
      const mantissa = tokens[k - 1] as Token;
      const sign = tokens[k + 1] as Token;
      const signed = sign.kind === 'op' && (sign.name === '-' || sign.name === '+');
      const power = tokens[k + (signed ? 2 : 1)];
      if (mantissa.kind !== 'number' || power?.kind !== 'number') continue;
      const written = this.source(mantissa.start, power.end);
      const match = /^(\d+(?:\.\d+)?)[eE]([+\-−]?\d{1,2})$/.exec(written);
      // Not digits written against a name (x2e3), nor an exponent's (x^2e-1) or a power's base (2e3^2).
      const after = tokens[k + (signed ? 3 : 2)];
      const before = tokens[k - 2];
      if (!match || (after?.kind === 'op' && after.name === '^') || (before?.kind === 'op' && before.name === '^') ||
        (before !== undefined && before.end === mantissa.start && (before.kind === 'symbol' || before.kind === 'word' || before.kind === 'number'))) continue;
      const value = Number(`${match[1]}e${(match[2] as string).replace('−', '-')}`);
      if (!Number.isFinite(value) || value === 0 || Math.abs(value) > this.ctx.limits.maxNumber) continue;
      this.warn('number_after_name', mantissa.start, msg('warn.scientific', { text: written, number: String(value) }));
      // Its own warning says how 2e3 was read: not also "write ^ for a power" for the 3 after e.
      this.scientificPowers.add(power);
    }
  }

  /** The digits after the e of a number written in scientific notation (warnOfScientific). */
  private readonly scientificPowers = new Set<Token>();

  /**
   * A number written in groups of three digits (`20 000`, `2 250`: the lexers join them) is one number,
   * said with a warning. Where every later group could be a factor of its own (none starts with 0),
   * `2 250 (x^2+1) 2x` may be a product written factor by factor: the other reading multiplies the
   * groups. Done before parsing, so every place that takes a number meets the same reading, and on a
   * copy: the tokens are shared by every reading of the input.
   */
  private withDigitGroupsRead(tokens: Token[]): Token[] {
    if (!tokens.some((t) => t.digitGroups)) return tokens;
    return tokens.flatMap((t) => {
      if (t.kind !== 'number' || !t.digitGroups) return [t];
      const { groups, factors } = t.digitGroups;
      if (factors && groups.slice(1).every((group) => !group.startsWith('0')) && this.choose('digit_groups', t) === 1) {
        // The groups' own places are not kept (a MathML number has only its element's): each spans the number.
        return groups.flatMap((group, k) => {
          const digits = token('number', group, t.start, t.end, k === 0 ? t.spaceBefore : true, { value: Number(group) });
          return k === 0 ? [digits] : [token('op', '*', t.start, t.start, false, { name: '*', synthetic: true }), digits];
        });
      }
      this.warn('digit_groups', t.start, msg('warn.digit_groups', { text: this.source(t.start, t.end), number: t.text }));
      return [t];
    });
  }

  parseAll(): Expr {
    const first = this.peek();
    if (first.kind === 'end') {
      throw readError(this.ctx.input, 'empty', first.start, () => msg('read.empty'), {
        hint: msg('read.empty.hint'),
      });
    }
    const expr = this.parseExpression(0);
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest);
    return expr;
  }

  // ---------------------------------------------------------------- helpers

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    checkpoint();
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private error(t: Token, code: ReadError['code'], message: (position: number) => Message, hint?: Message): ReadError {
    const extra: { token?: string; hint?: Message } = {};
    if (t.text) extra.token = t.text;
    if (hint) extra.hint = hint;
    return readError(this.ctx.input, code, t.start, message, extra);
  }
  /** A number typed as such, not in brackets: only those take part in the ambiguity rules. */
  private isBareNumber(node: Expr): boolean {
    return this.bareNumbers.has(node) && !this.grouped.has(node);
  }
  private spanOf(node: Expr): [number, number] {
    return this.spans.get(node) ?? [0, 0];
  }
  private mark(node: Expr, start: number, end: number): Expr {
    this.spans.set(node, [start, end]);
    return node;
  }
  private source(start: number, end: number): string {
    return this.ctx.input.slice(start, end);
  }
  private warn(code: ReadWarning['code'], position: number, message: Message): void {
    this.ctx.warnings.push({ code, position, message });
  }
  private enter(t: Token): void {
    this.depth++;
    if (this.depth > this.ctx.limits.maxDepth) {
      throw this.error(t, 'too_deep', (p) => msg('read.too_deep', { limit: this.ctx.limits.maxDepth, position: p }),
        msg('read.too_deep.hint'));
    }
  }
  private leave(): void {
    this.depth--;
  }
  /** Run `parse` with fresh bracket context: bars and bare arguments outside do not reach inside. */
  private isolated<T>(parse: () => T): T {
    const saved = [this.absDepth, this.bareArgument, this.argumentEndsEarly] as const;
    this.absDepth = 0;
    this.bareArgument = false;
    this.argumentEndsEarly = false;
    try {
      return parse();
    } finally {
      [this.absDepth, this.bareArgument, this.argumentEndsEarly] = saved;
    }
  }

  /**
   * Which reading to take at an ambiguous place (0: the documented one), recording the place. Every
   * place is binary; its key is stable across readings of the same tokens.
   */
  private choose(kind: AmbiguityKind, at: Token): number {
    const key = `${kind}@${at.start}`;
    const list = this.ctx.ambiguities;
    if (list && !list.some((a) => a.key === key)) list.push({ kind, key, position: at.start });
    return this.ctx.choices?.get(key) ?? 0;
  }

  /** Where the parse stands, to read a stretch again another way (tokens, warnings, places met). */
  private checkpoint(): () => void {
    const [i, warnings, places] = [this.i, this.ctx.warnings.length, this.ctx.ambiguities?.length ?? 0];
    return () => {
      this.i = i;
      this.ctx.warnings.length = warnings;
      if (this.ctx.ambiguities) this.ctx.ambiguities.length = places;
    };
  }

  // ---------------------------------------------------------------- Pratt core

  private parseExpression(rbp: number): Expr {
    const first = this.peek();
    this.enter(first);
    try {
      let left = this.nud(this.next());
      for (;;) {
        const t = this.peek();
        if (this.leftBindingPower(t) <= rbp) break;
        left = this.led(left, t);
      }
      return left;
    } finally {
      this.leave();
    }
  }

  private startsOperand(t: Token): boolean {
    switch (t.kind) {
      case 'number':
      case 'symbol':
      case 'function':
      case 'open':
      case 'absOpen':
        return true;
      case 'bar':
        return this.absDepth === 0;
      default:
        return false;
    }
  }

  private leftBindingPower(t: Token): number {
    if (t.kind === 'op') {
      if (t.name === '+' || t.name === '-') return BP.sum;
      if (t.name === '*' || t.name === '/') return BP.product;
      return BP.power;
    }
    if (!this.startsOperand(t)) return 0;
    return this.bareArgument && this.endsBareArgument(t) ? 0 : BP.implicit;
  }

  /**
   * A bare argument ends at the next function name (sin x cos x), number (ln 5 2x is ln(5)·2x),
   * exponential (cos x e^(sin x), as textbooks write the derivative of e^(sin x)) and space typed as a
   * LaTeX command (MathQuill's `\cos x\ e^{…}`); in the other reading of `sin x y`, at any space.
   */
  private endsBareArgument(t: Token): boolean {
    if (t.kind === 'function' || t.kind === 'number') return true;
    // A space written as a command ends it; after a number alone, before a letter (MathQuill's `\cos 3\ x`,
    // typed `cos 3 x`), the other reading runs on over it, as the text `cos 3 x` reads both ways.
    if (t.hardSpace) return !(this.argumentEndsEarly && this.spaceAfterNumberAlone(t));
    if (t.kind === 'symbol' && t.name === 'e' && t === this.peek() && this.peek(1).kind === 'op' && this.peek(1).name === '^') return true;
    if (t.group && t === this.peek() && this.groupStartsArgumentEnd()) return true;
    // The other reading: at any space, and at a bracket that multiplies (cos x(-sin x), cos(x)·(-sin x)).
    return this.argumentEndsEarly && (t.spaceBefore || t.kind === 'open');
  }

  /**
   * `\cos 3\ x`: `t`, the next token, is a letter after a space written as a command, and the bracketless
   * argument so far is one number. Not e^…, which ends an argument however it is spaced.
   */
  private spaceAfterNumberAlone(t: Token): boolean {
    if (t !== this.peek() || t.kind !== 'symbol' || !t.hardSpace || this.i !== this.bareStart + 1) return false;
    if (t.name === 'e' && this.peek(1).kind === 'op' && this.peek(1).name === '^') return false;
    return this.tokens[this.bareStart]?.kind === 'number';
  }

  /**
   * TeX groups are not shown, so what starts inside them ends a bracketless argument as it would bare:
   * `\cos x{{\rm{e}}^{\sin x}}` (MathType) is cos x·e^{sin x}, `\sin x{\cos x}` is sin x·cos x.
   */
  private groupStartsArgumentEnd(): boolean {
    let k = 0;
    while (this.peek(k).kind === 'open' && this.peek(k).group) k++;
    const first = this.peek(k);
    if (k === 0) return false;
    if (first.kind === 'function' || first.kind === 'number') return true;
    if (first.kind !== 'symbol' || first.name !== 'e') return false;
    k++;
    while (this.peek(k).kind === 'close' && this.peek(k).group) k++;
    return this.peek(k).kind === 'op' && this.peek(k).name === '^';
  }

  private nud(t: Token): Expr {
    switch (t.kind) {
      case 'number': {
        const node = this.mark(num(t.value as number), t.start, t.end);
        this.bareNumbers.add(node);
        return node;
      }
      case 'symbol':
        return this.parseSymbol(t);
      case 'function':
        return this.parseFunction(t);
      case 'open':
        return this.parseGroup(t);
      case 'bar':
      case 'absOpen':
        return this.parseAbs(t);
      case 'op':
        if (t.name === '-' || t.name === '+') {
          const operand = this.parseExpression(BP.unary);
          const node = t.name === '-' ? neg(operand) : operand;
          return this.mark(node, t.start, this.spanOf(operand)[1]);
        }
        throw this.error(t, 'unexpected_token', (p) => msg('read.nothing_before', { token: t.text, position: p }),
          msg('read.nothing_before.hint', { token: t.text }));
      default:
        throw this.unexpected(t);
    }
  }

  private led(left: Expr, t: Token): Expr {
    const [start] = this.spanOf(left);
    if (t.kind === 'op') {
      this.next();
      switch (t.name) {
        case '+':
        case '-': {
          const right = this.parseExpression(BP.sum);
          return this.mark((t.name === '+' ? add : sub)(left, right), start, this.spanOf(right)[1]);
        }
        case '*': {
          // 2xx(x+1): AsciiMath's times, or the letters x·x written against both factors.
          if (t.timesOrLetters) {
            if (this.choose('times_or_letters', t) === 1) {
              const letters = binary('*', sym('x'), sym('x'), true);
              const right = this.parseExpression(BP.implicit);
              return this.mark(binary('*', binary('*', left, letters, true), right, true), start, this.spanOf(right)[1]);
            }
            this.warn('implicit_split', t.start, msg('warn.asciimath_times', { token: t.text }));
          }
          const right = this.parseExpression(BP.product);
          return this.mark(mul(left, right), start, this.spanOf(right)[1]);
        }
        case '/':
          return this.parseDivision(left, t);
        default:
          return this.parsePower(left, t);
      }
    }
    return this.parseImplicitProduct(left, t);
  }

  // ---------------------------------------------------------------- operators

  private parseDivision(left: Expr, slash: Token): Expr {
    const [start] = this.spanOf(left);
    const numerator = isUnaryMinus(left) ? onlyArg(left) : left;
    // (1)/(2)cos(x), MathQuill's and MathLive's text for ½ cos x: a bracketed number over a bracketed
    // number is a coefficient, and the bracket that closes the denominator ends it. Not ambiguous.
    if (isConstant(numerator) && this.bracketedNumberAt(0) && this.startsOperand(this.peek(3))) {
      const denominator = this.peek(1);
      this.i += 3;
      return this.mark(div(left, this.mark(num(denominator.value as number), denominator.start, denominator.end)), start, this.peek(-1).end);
    }
    // 1/2x: a fraction of two plain numbers followed by an implicit product is a coefficient; so is
    // -1/2x (the unary minus has already taken the 1). The other reading is 1/(2x).
    const denominator = this.peek();
    const coefficient = this.isBareNumber(numerator) && denominator.kind === 'number' && this.startsOperand(this.peek(1)) &&
      this.peek(1).kind !== 'number';
    // 1/2 cos(x/2), WeBWorK's text for ½ cos(x/2): a space after the number ends the denominator.
    const spaced = coefficient && this.peek(1).spaceBefore;
    if (coefficient && (spaced || this.choose('coefficient', slash) === 0)) {
      this.next();
      const fraction = this.mark(div(left, this.mark(num(denominator.value as number), denominator.start, denominator.end)), start, denominator.end);
      if (!spaced) this.coefficientFractions.add(fraction);
      return fraction;
    }
    const restart = this.checkpoint();
    let right = this.parseExpression(BP.product);
    // x/2y: the implicit product is the denominator, or (the other reading) only its first factor is.
    if (!coefficient && isBinary(right, '*') && right.implicit && !this.grouped.has(right)) {
      if (this.choose('denominator', slash) === 1) {
        restart();
        right = this.parseExpression(BP.implicit);
      } else {
        const [rs, re] = this.spanOf(right);
        this.warn('ambiguous_division', start,
          msg('warn.denominator', { text: this.source(start, re), before: this.source(start, slash.end), denominator: this.source(rs, re) }));
      }
    }
    return this.mark(div(left, right), start, this.spanOf(right)[1]);
  }

  /** `( number )` written at peek(offset): a bracketed number, as editors export a fraction's parts. */
  private bracketedNumberAt(offset: number): boolean {
    const [open, inner, close] = [this.peek(offset), this.peek(offset + 1), this.peek(offset + 2)];
    return open.kind === 'open' && !open.synthetic && inner.kind === 'number' && close.kind === 'close' && close.bracket === open.bracket;
  }

  private parsePower(base: Expr, caret: Token): Expr {
    const [start] = this.spanOf(base);
    const exponent = this.parseExponent(caret, base);
    const [, end] = this.spanOf(exponent);
    this.checkExponent(base, exponent, caret);
    const node = this.mark(pow(base, exponent), start, end);
    const slash = this.peek();
    // x^1/2 and x^-1/2: nobody writes a first power, so a fractional power was likely meant, and
    // x^-2/3 is more often x^(-2/3) than (x^-2)/3. (x^2/3 is as often (x^2)/3 as x^(2/3): no warning.)
    // A decimal is already the power meant: nobody writes x^(-0.5/2) as x^-0.5/2. A bracketed
    // exponent is closed: x^(-2)/2 is only (x^-2)/2.
    const power = isUnaryMinus(exponent) ? onlyArg(exponent) : exponent;
    if (!this.grouped.has(exponent) && this.isBareNumber(power) && isConstant(power) && Number.isInteger(power.value) && (power.value === 1 || power !== exponent) &&
      slash.kind === 'op' && slash.name === '/' && this.peek(1).kind === 'number') {
      const after = this.peek(1);
      if (this.choose('fractional_power', caret) === 1) {
        // The other reading: the fraction is the exponent, x^(1/2).
        this.i += 2;
        const fraction = this.mark(div(exponent, num(after.value as number)), this.spanOf(exponent)[0], after.end);
        this.checkExponent(base, fraction, caret);
        return this.mark(pow(base, fraction), start, after.end);
      }
      this.warn('ambiguous_exponent', start,
        msg('warn.fractional_power', {
          text: this.source(start, after.end),
          power: this.source(start, end),
          divisor: after.text,
          base: this.source(start, caret.end),
          exponent: this.source(this.spanOf(exponent)[0], after.end),
        }));
    }
    return node;
  }

  /** The right side of ^: an optional sign, then a power operand (right-associative). */
  private parseExponent(caret: Token, base: Expr): Expr {
    const [baseStart] = this.spanOf(base);
    const t = this.peek();
    if (t.kind === 'op' && (t.name === '-' || t.name === '+')) {
      this.next();
      this.enter(t);
      try {
        const inner = this.parseExponent(caret, base);
        return this.mark(t.name === '-' ? neg(inner) : inner, t.start, this.spanOf(inner)[1]);
      } finally {
        this.leave();
      }
    }
    if (t.kind === 'end' || t.kind === 'close' || t.kind === 'comma') {
      throw this.error(t, 'unexpected_end', (p) => msg('read.no_exponent', { caret: caret.start, position: p }),
        msg('read.no_exponent.hint'));
    }
    const first = this.peek();
    let exponent = this.parseExpression(BP.power - 1);
    // e^2x, e^kx, e^-kt: letters written against the exponent's first number or letter stay in the
    // exponent (students mean e^(2x), e^(kx)), powers included (e^2x^2 is e^(2x²)). Only for a
    // constant base, an exponential: x^2y is x²·y, and in x^2e^x the e starts a power of its own. A
    // letter of the answer's function is an exponential's base only when the function has one of it,
    // when that is known: for (ax)^2, 2a^2x is 2a²x.
    const bases = this.ctx.exponentialBases;
    const exponential = !isSymbol(base) || CONSTANT_NAMES.has(base.name) || bases === undefined || bases.has(base.name) ||
      !(this.ctx.knownNames?.has(base.name) ?? false);
    const plain = this.isBareNumber(exponent) || (first.kind === 'symbol' && exponent.type === 'SymbolNode');
    const absorbs = () => this.peek().kind === 'symbol' && !this.peek().spaceBefore && !CONSTANT_NAMES.has(this.peek().name ?? '');
    // x^2x, x^kx: a letter's power followed by the same letter is the power x^(2x) (x^x's kin) or
    // x²·x, which nobody writes for x³; so, though a power of the variable keeps no letters (x^2y is
    // x²·y), it reads both ways here.
    const next = this.peek();
    const sameLetter = isSymbol(base) && next.kind === 'symbol' && next.name === base.name;
    // The other reading of e^2x is e^2·x: the letters are a factor of their own.
    if (plain && ((exponential && !mentions(base, this.ctx.variable)) || sameLetter) && !caret.synthetic && absorbs() &&
      this.choose('exponent', caret) === 0) {
      const [es] = this.spanOf(exponent);
      let absorbed = false;
      // The constants start a factor of their own: e^xe^x is e^x·e^x.
      while (absorbs()) {
        const factor = this.parseExpression(BP.power - 1);
        exponent = this.mark(binary('*', exponent, factor, true), es, this.spanOf(factor)[1]);
        absorbed = true;
      }
      if (absorbed) {
        const [, ee] = this.spanOf(exponent);
        const power = this.source(baseStart, es);
        this.warn('ambiguous_exponent', baseStart,
          msg('warn.exponent_absorbed', { text: `${power}${this.source(es, ee)}`, base: power, exponent: this.source(es, ee) }));
      }
    }
    return exponent;
  }

  /** x^100000 and 9^9^9 are refused: numbers that size are never part of a derivative exercise. */
  private checkExponent(base: Expr, exponent: Expr, caret: Token): void {
    if (hasFreeSymbol(exponent)) return;
    const value = constantExponent(exponent);
    const limit = this.ctx.limits.maxExponent;
    if (Number.isFinite(value) && Math.abs(value) <= limit) {
      if (hasFreeSymbol(base)) return;
      const whole = compile(pow(base, exponent), [])([]);
      if (Number.isFinite(whole) && Math.abs(whole) <= this.ctx.limits.maxNumber) return;
      if (Number.isNaN(whole)) return;
      throw this.error(caret, 'too_large', (p) => msg('read.power_too_large', { position: p, limit: this.ctx.limits.maxNumber }),
        msg('read.power_too_large.hint'));
    }
    throw this.error(caret, 'too_large', (p) => msg('read.exponent_too_large', { position: p, limit }),
      msg('read.exponent_too_large.hint', { limit }));
  }

  private parseSymbol(t: Token): Expr {
    let name = t.name as string;
    const variable = this.ctx.variable;
    // X for the variable x: a constant of its own (names are case-sensitive), or the variable mistyped.
    if (name !== variable && name.toLowerCase() === variable.toLowerCase() && !this.ctx.knownNames?.has(name) &&
      this.choose('case', t) === 1) {
      name = variable;
    }
    // E in an answer: a constant of its own, or Euler's number as Mathematica and WolframAlpha write it
    // (E^x). One choice for every E of the answer (all constants or all e), made at the first.
    if (name === 'E' && this.ctx.eulerE && variable !== 'E' && !this.ctx.knownNames?.has(name)) {
      const first = this.tokens.find((token) => token.name === 'E') ?? t;
      if (this.choose('euler', first) === 1) name = 'e';
      else if (first === t) this.warn('case', t.start, msg('warn.euler'));
    }
    const node = this.mark(sym(name), t.start, t.end);
    // x2: x·2 (the documented reading, warned about as a product), or the power x^2 that was meant.
    const digits = this.peek();
    // (Not x.2, whose full stop is a dot or a decimal point: withDotsRead.)
    if (digits.kind === 'number' && !digits.spaceBefore && !digits.dotOrDecimal && this.choose('number_after_name', digits) === 1) {
      this.next();
      const exponent = this.mark(num(digits.value as number), digits.start, digits.end);
      this.checkExponent(node, exponent, digits);
      return this.mark(pow(node, exponent), t.start, digits.end);
    }
    return node;
  }

  private parseImplicitProduct(left: Expr, t: Token): Expr {
    const [start] = this.spanOf(left);
    if (t.kind === 'number') {
      if (this.isBareNumber(left)) {
        // 2 3^(2x): the hint writes the product of the number and all of the factor after it (2*3^(2x),
        // not 2*3, which reads as 6 before the power).
        const restart = this.checkpoint();
        let end = t.end;
        try {
          end = Math.max(end, this.spanOf(this.parseExpression(BP.product))[1]);
        } catch (error) {
          // The factor does not read: the two numbers alone.
          if (!(error instanceof ReadError)) throw error;
        }
        restart();
        // The factor ends where another number is written after a space (2 3(x+1) 4 5: that is the next
        // question, not this one's), and a long one is cut short: the hint is not the input echoed back.
        const written = this.source(start, end).replace(/\s+/, '*');
        const factor = written.split(/\s+(?=[0-9.])/)[0] as string;
        const product = [...factor].length > HINT_FACTOR_LENGTH ? `${[...factor].slice(0, HINT_FACTOR_LENGTH).join('')}…` : factor;
        throw this.error(t, 'unexpected_token', (p) => msg('read.two_numbers', { position: p }), msg('read.two_numbers.hint', { product }));
      }
      // x2: a number written against a letter; after a bracket, cos(x^2)2x, it is plainly a factor.
      if (!t.spaceBefore && !t.dotOrDecimal && this.tokens[this.i - 1]?.kind === 'symbol' && !this.scientificPowers.has(t)) {
        this.warn('number_after_name', start,
          msg('warn.number_after_name', { text: this.source(start, t.end), name: this.source(start, t.start), number: t.text }));
      }
    }
    const right = this.parseExpression(BP.implicit);
    const node = this.mark(binary('*', left, right, true), start, this.spanOf(right)[1]);
    if (this.coefficientFractions.has(left)) {
      const [numerator, denominator] = (left as unknown as { args: [Expr, Expr] }).args;
      const [ls] = this.spanOf(numerator);
      const [ds, de] = this.spanOf(denominator);
      const [rs, re] = this.spanOf(right);
      this.warn('ambiguous_division', ls,
        msg('warn.coefficient', {
          text: this.source(ls, re),
          fraction: this.source(ls, de),
          rest: this.source(rs, re),
          over: this.source(ls, ds),
          denominator: this.source(ds, re),
        }));
    }
    return node;
  }

  // ---------------------------------------------------------------- groups

  private parseGroup(open: Token): Expr {
    const bracket = open.bracket as Bracket;
    if (this.peek().kind === 'close') {
      throw this.error(open, 'unexpected_token', (p) => msg('read.empty_brackets', { position: p }),
        msg('read.empty_brackets.hint'));
    }
    const inner = this.isolated(() => this.parseExpression(0));
    const close = this.peek();
    if (close.kind === 'comma') {
      throw this.error(close, 'matrix', (p) => msg('read.comma_list', { position: p }),
        this.decimalCommaHint(close) ?? msg('read.comma_list.hint'));
    }
    this.expectClose(open, bracket);
    this.grouped.add(inner);
    return this.mark(inner, open.start, this.tokens[this.i - 1]?.end ?? close.end);
  }

  private expectClose(open: Token, bracket: Bracket): void {
    const close = this.peek();
    const want = CLOSING[bracket];
    if (close.kind === 'close') {
      if (close.bracket !== bracket) {
        throw this.error(close, 'mismatched_bracket', (p) =>
          msg('read.mismatched_bracket', { close: close.text, position: p, open: open.text, openPosition: this.position(open) }),
        msg('read.mismatched_bracket.hint', { want }));
      }
      this.next();
      return;
    }
    if (close.kind === 'end') {
      throw this.error(open, 'unclosed_bracket', (p) =>
        msg('read.unclosed_bracket', { open: open.text, position: p, end: this.position(close) }),
      msg('read.unclosed_bracket.hint', { want }));
    }
    throw this.unexpected(close);
  }

  private parseAbs(open: Token): Expr {
    const inner = this.isolated(() => {
      this.absDepth = 1;
      return this.parseExpression(0);
    });
    const close = this.peek();
    const closes = open.kind === 'bar' ? close.kind === 'bar' : close.kind === 'absClose';
    if (!closes) {
      if (close.kind === 'end') {
        throw this.error(open, 'unclosed_bracket', (p) => msg('read.unclosed_bar', { open: open.text, position: p }), msg('read.unclosed_bar.hint'));
      }
      throw this.unexpected(close);
    }
    this.next();
    return this.mark(call('abs', inner), open.start, close.end);
  }

  // ---------------------------------------------------------------- functions

  private parseFunction(t: Token): Expr {
    let name = t.name as string;
    let base: Expr | undefined;
    let power: Expr | undefined;
    if (this.peek().kind === 'underscore') {
      const underscore = this.next();
      if (name !== 'log') {
        throw this.error(underscore, 'unexpected_token', (p) => msg('read.subscript_not_log', { position: p }));
      }
      base = this.parseSubscript(underscore);
    }
    // exp^x, \exp^{2x}, exp^(2x): a power of exp that is no number, or with nothing after it to apply to,
    // can only be e's: the name stands for e, and the power is read as e's is. exp^2(x) stays (exp x)^2.
    if (name === 'exp' && base === undefined && this.peek().kind === 'op' && this.peek().name === '^' && !this.functionPowerApplied(t)) {
      this.warn('implicit_split', t.start, msg('warn.exp_power', { name: t.text }));
      return this.mark(sym('e'), t.start, t.end);
    }
    if (this.peek().kind === 'op' && this.peek().name === '^') {
      const caret = this.next();
      const { value: exponent, written } = this.parseFunctionPower(t, caret);
      if (exponent === -1) {
        const inverse = functionNamed(name)?.inverse;
        if (!inverse || !functionNamed(inverse)) {
          throw this.error(caret, 'unsupported', (p) => msg('read.no_inverse', { name: t.text, position: p }),
            msg('read.no_inverse.hint', { name: t.text }));
        }
        name = inverse;
      } else if (written) {
        power = written;
      } else {
        power = num(Math.abs(exponent));
        if (exponent < 0) power = neg(power);
      }
    }
    // sin^2*x: MathQuill's text export writes \sin^2 x with a * after the power; it applies sin^2 to x.
    if (power !== undefined && this.peek().kind === 'op' && this.peek().name === '*' && this.startsOperand(this.peek(1))) this.next();
    const opener = this.peek();
    let args = this.parseArguments(t);
    // ∜x: the sign carries its index, and takes one argument.
    if (t.rootIndex !== undefined) {
      if (args.length !== 1) {
        const count = args.length;
        throw this.error(t, 'argument_count', (p) => msg('read.argument_count', { name: t.text, position: p, wanted: '1', form: 1, count }),
          msg('read.hint.write', { text: `${t.text}(x)` }));
      }
      args = [...args, num(t.rootIndex)];
    }
    // root(3)(x) (AsciiMath) and sqrt[3](x) (MathQuill's text of \nthroot): the index, then the radicand.
    const indexFirst = (name === 'nthRoot' && t.rootIndex === undefined) || (name === 'sqrt' && opener.kind === 'open' && opener.bracket === '[' && !opener.synthetic);
    if (indexFirst && args.length === 1 && opener.kind === 'open' && this.peek().kind === 'open' && !this.peek().synthetic) {
      args = [...this.parseArguments(t), ...args];
      name = 'nthRoot';
    }
    // root(3, x): the index written first, as some systems order it. A whole number with the variable's
    // expression after it can only be that (3^(1/x) is nobody's root), so it is read as nthRoot(x, 3).
    if (name === 'nthRoot' && args.length === 2 && isWholeIndex(args[0] as Expr) && symbolNames(args[1] as Expr).length > 0) {
      args = [args[1] as Expr, args[0] as Expr];
    }
    const applied = this.applyFunction(t, name, args, base);
    const [, end] = this.spanOf(args[args.length - 1] as Expr);
    const node = power ? pow(applied, power) : applied;
    return this.mark(node, t.start, Math.max(end, this.tokens[this.i - 1]?.end ?? end));
  }

  private parseSubscript(underscore: Token): Expr {
    const t = this.peek();
    if (t.kind === 'number' || t.kind === 'symbol') {
      this.next();
      return t.kind === 'number' ? num(t.value as number) : sym(t.name as string);
    }
    if (t.kind === 'open') {
      this.next();
      const inner = this.isolated(() => this.parseExpression(0));
      this.expectClose(t, t.bracket as Bracket);
      return inner;
    }
    throw this.error(underscore, 'unexpected_token', (p) => msg('read.subscript_base', { position: p }));
  }

  /** At a function's `^`: is what follows a number power and then something for the function to apply to? */
  private functionPowerApplied(fn: Token): boolean {
    const restart = this.checkpoint();
    try {
      this.parseFunctionPower(fn, this.next());
      const next = this.peek();
      return this.startsOperand(next) || (next.kind === 'op' && (next.name === '-' || next.name === '+' || next.name === '*') && this.startsOperand(this.peek(1)));
    } catch (error) {
      if (error instanceof ReadError) return false;
      throw error;
    } finally {
      restart();
    }
  }

  /** sin^2, sin^{2}, sin², sin^-1, sin^{2/3} (\\sinh^{\\frac{2}{3}}, as SymPy writes it): the number after a function name. */
  private parseFunctionPower(fn: Token, caret: Token): { value: number; written?: Expr } {
    let t = this.peek();
    let group: Token | undefined;
    if (t.kind === 'open') {
      group = this.next();
      t = this.peek();
      // A bracketed power may be any number written with numbers alone: a fraction, a sign.
      const inner = this.isolated(() => this.parseExpression(0));
      this.expectClose(group, group.bracket as Bracket);
      const value = symbolNames(inner).length === 0 ? compile(inner, [])([]) : Number.NaN;
      // A fraction is kept as written (sinh(kx)^(2/3)); a plain number as the number.
      if (Number.isFinite(value)) return isConstant(inner) || (isUnaryMinus(inner) && isConstant(onlyArg(inner))) ? { value } : { value, written: inner };
      throw this.error(caret, 'unexpected_token', (p) => msg('read.function_power', { name: fn.text, position: p }),
        msg('read.function_power.hint', { name: fn.text }));
    }
    let sign = 1;
    if (t.kind === 'op' && (t.name === '-' || t.name === '+')) {
      sign = t.name === '-' ? -1 : 1;
      this.next();
      t = this.peek();
    }
    if (t.kind !== 'number') {
      throw this.error(caret, 'unexpected_token', (p) => msg('read.function_power', { name: fn.text, position: p }),
        msg('read.function_power.hint', { name: fn.text }));
    }
    this.next();
    return { value: sign * (t.value as number) };
  }

  private parseArguments(fn: Token): Expr[] {
    const open = this.peek();
    if (open.kind === 'open') {
      this.next();
      if (this.peek().kind === 'close') {
        throw this.error(this.peek(), 'missing_argument', (p) => msg('read.empty_arguments', { name: fn.text, start: fn.start, position: p }),
          msg('read.hint.write', { text: `${fn.text}(x)` }));
      }
      const args = this.isolated(() => {
        const list = [this.parseExpression(0)];
        while (this.peek().kind === 'comma') {
          this.next();
          list.push(this.parseExpression(0));
        }
        return list;
      });
      this.expectClose(open, open.bracket as Bracket);
      return args;
    }
    if (!this.startsOperand(open) && !(open.kind === 'op' && (open.name === '-' || open.name === '+'))) {
      throw this.error(fn, 'missing_argument', (p) => msg('read.not_applied', { name: fn.text, position: p }),
        msg('read.hint.write', { text: `${fn.text}(x)` }));
    }
    const saved = [this.bareArgument, this.argumentEndsEarly, this.bareStart] as const;
    this.bareArgument = true;
    this.argumentEndsEarly = false;
    const first = this.i;
    this.bareStart = first;
    const restart = this.checkpoint();
    try {
      let arg = this.parseExpression(BP.bareArgument);
      // sin x y: a space inside a bracketless argument is easily meant as the argument's end, and so is
      // a bracket multiplying what came before it: 2cos x(-sin x) is how students write
      // 2cos(x)·(-sin x), though it also reads as 2cos(x·(-sin x)). Either makes two readings.
      const inside = this.tokens.slice(first, this.i);
      // Only what is written at the argument's own level counts: \ln \left| x \right| has spaces inside
      // its bars. A TeX group is not shown, so it is no level of its own and no bracket.
      let depth = 0;
      let shown: Token | undefined;
      const spaced = inside.some((t, k) => {
        const level = depth;
        const before = shown;
        if (t.group) return false;
        shown = t;
        if (t.kind === 'open' || t.kind === 'absOpen') depth++;
        else if (t.kind === 'close' || t.kind === 'absClose') depth--;
        return k > 0 && level === 0 && ((t.spaceBefore && this.startsOperand(t)) || (t.kind === 'open' && before !== undefined && endsOperand(before)));
      });
      // √2x (∛2x, ∜2x): a root sign written as a character before a number and what it multiplies is
      // √(2x) to some and √2·x to others (a coefficient, as in √2x²/2): two readings, the root of the
      // number alone the second.
      const rootBeforeNumber = ROOT_SIGNS.has(fn.text) && inside[0]?.kind === 'number';
      const afterNumber = inside[1];
      const rootOfNumber = rootBeforeNumber && afterNumber !== undefined && !afterNumber.spaceBefore && this.startsOperand(afterNumber);
      // 1/√1-x²: a root sign typed before a number and a sum (a phone's √ has no bar to show how far
      // it reaches) is the root of the number alone, which nobody would write for √1, or of the sum
      // (the second reading). Only against the sign: 1/√2 - x is the number's root; and not before a
      // number alone (√2+1 is √2 + 1: the root of 2 + 1 would be written √3), though √2-3x reads both ways.
      // So 3(√2+x)^2, the derivative of (√2+x)^3, asks for brackets too: a question to the few who mean
      // √2 + x is better than 1/(2√2+x), √(2+x)'s as a phone types it, graded wrong without one.
      // \cos 3\ x: the number alone, or (the other reading) run on over the space.
      const numberSpaced = this.spaceAfterNumberAlone(this.peek());
      const sign = this.peek();
      const term = this.peek(1);
      const after = this.peek(2);
      const numberAlone = term.kind === 'number' && (after.spaceBefore || !this.startsOperand(after));
      const rootOfSum = rootBeforeNumber && inside.length === 1 && sign.kind === 'op' &&
        (sign.name === '+' || sign.name === '-') && !sign.spaceBefore && !term.spaceBefore && !numberAlone;
      if (rootOfSum) {
        if (this.choose('argument', fn) === 1) {
          restart();
          arg = this.parseExpression(0);
        } else {
          this.warn('implicit_split', fn.start,
            msg('warn.root_of_number', { text: this.source(fn.start, sign.start), name: fn.text, argument: inside[0]?.text ?? '' }));
        }
      } else if (spaced || rootOfNumber || numberSpaced) {
        if (this.choose('argument', fn) === 1) {
          restart();
          this.argumentEndsEarly = true;
          arg = this.parseExpression(spaced || numberSpaced ? BP.bareArgument : BP.power);
        } else {
          const [as, ae] = this.spanOf(arg);
          this.warn('implicit_split', fn.start,
            msg(numberSpaced ? 'warn.spaced_argument' : 'warn.bare_argument', { text: this.source(fn.start, ae), name: fn.text, argument: this.source(as, ae) }));
        }
      }
      return [this.divisionAfterArgument(fn, arg)];
    } finally {
      [this.bareArgument, this.argumentEndsEarly, this.bareStart] = saved;
    }
  }

  /**
   * cos x/2: a bracketless argument ends at `/` (cos(x)/2, the documented reading), but a student
   * differentiating sin(x/2) writes 1/2 cos x/2 for (1/2)·cos(x/2). A number written against the
   * slash makes the two readings; the argument with the division is the other one.
   */
  private divisionAfterArgument(fn: Token, arg: Expr): Expr {
    const slash = this.peek();
    const denominator = this.peek(1);
    if (slash.kind !== 'op' || slash.name !== '/' || slash.spaceBefore || denominator.kind !== 'number' || denominator.spaceBefore) return arg;
    const after = this.peek(2);
    // cos x/2y, cos x/2^k: more than a number follows; the documented reading alone.
    if (after.kind !== 'end' && !after.spaceBefore && (this.startsOperand(after) || (after.kind === 'op' && after.name === '^'))) return arg;
    const [as] = this.spanOf(arg);
    if (this.choose('argument_division', fn) === 1) {
      this.next();
      this.next();
      return this.mark(div(arg, num(denominator.value as number)), as, denominator.end);
    }
    // The advice is printed from the trees, not cut from the input (LaTeX, MathML and Word's invisible
    // characters would be pasted into it).
    this.warn('implicit_split', fn.start,
      msg('warn.argument_division', { text: this.source(fn.start, denominator.end), argument: toText(arg), denominator: String(denominator.value) }));
    return arg;
  }

  private applyFunction(t: Token, name: string, args: Expr[], base: Expr | undefined): Expr {
    if (base !== undefined) {
      if (args.length !== 1) {
        throw this.error(t, 'argument_count', (p) => msg('read.log_subscript_arguments', { position: p }));
      }
      const arg = args[0] as Expr;
      if (isConstant(base) && base.value === 10) return call('log10', arg);
      if (isConstant(base) && base.value === 2) return call('log2', arg);
      if (base.type === 'SymbolNode' && (base as { name?: string }).name === 'e') return call('log', arg);
      return call('log', arg, base);
    }
    if (!functionNamed(name, args.length)) {
      const arities = aritiesOf(name);
      const wanted = list(arities.map(String), 'or');
      const form = arities.length === 1 && arities[0] === 1 ? 1 : 2;
      throw this.error(t, 'argument_count', (p) =>
        msg('read.argument_count', { name: t.text, position: p, wanted, form, count: args.length }),
      msg('read.hint.write', { text: arities.includes(2) ? `${name}(x, n)` : `${t.text}(x)` }));
    }
    return call(name, ...args);
  }

  // ---------------------------------------------------------------- errors

  private position(t: Token): number {
    return codePointIndex(this.ctx.input, t.start);
  }

  /**
   * `2,5` (or LaTeX's `2{,}5` sent as text) between digits is a decimal comma, as much of the world
   * writes 2.5: said in the hint rather than guessed, since `f(2,5)` lists two numbers.
   */
  private decimalCommaHint(comma: Token): Message | undefined {
    const input = this.ctx.input;
    const left = /(?<![\d.])(\d+)(\{)?$/.exec(input.slice(0, comma.start));
    const right = /^(\})?(\d+)/.exec(input.slice(comma.end));
    if (!left || !right || (left[2] === undefined) !== (right[1] === undefined)) return undefined;
    const written = input.slice(comma.start - left[0].length, comma.end + right[0].length);
    const decimal = `${left[1]}.${right[2]}`;
    // 1,000: a thousands separator just as well.
    if (right[2]?.length === 3) return msg('read.comma_or_thousands.hint', { written, decimal, thousands: `${left[1]}${right[2]}` });
    return msg('read.decimal_comma.hint', { written, decimal });
  }

  private unexpected(t: Token): ReadError {
    switch (t.kind) {
      case 'end':
        return this.error(t, 'unexpected_end', (p) => msg('read.ends_early', { position: p }),
          msg('read.ends_early.hint'));
      case 'close':
        return this.error(t, 'unexpected_token', (p) => msg('read.never_opened', { token: t.text, position: p }),
          msg('read.never_opened.hint'));
      case 'comma':
        return this.error(t, 'matrix', (p) => msg('read.comma_misplaced', { position: p }), this.decimalCommaHint(t));
      case 'equals':
        return this.error(t, 'equation', (p) => msg('read.equation', { position: p }),
          msg('read.equation.left_side'));
      case 'prime':
        return this.error(t, 'derivative_operator', (p) => msg('read.prime', { position: p }),
          msg('read.prime.hint'));
      case 'underscore':
        return this.error(t, 'unexpected_token', (p) => msg('read.subscript_not_log', { position: p }));
      case 'bar':
      case 'absClose':
        return this.error(t, 'unexpected_token', (p) => msg('read.stray_bar', { token: t.text, position: p }));
      default:
        return this.error(t, 'unexpected_token', (p) => msg('read.unexpected', { token: t.text, position: p }));
    }
  }
}
