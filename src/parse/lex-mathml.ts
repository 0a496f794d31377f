/**
 * The MathML reader: presentation MathML as MathType and WIRIS (MathType for the web) export it, and
 * as browsers and Word copy it, turned into the token stream of the other two readers, so the one
 * grammar reads it with the same rules.
 *
 * The XML is parsed by saxes (see README, "Dependencies and why"): a strict, non-validating parser that
 * never reads a DTD. Hostile XML gets nowhere: a DOCTYPE is refused, so there are no entity
 * declarations to expand (no "billion laughs") and no external entities; the only named references are
 * the fixed table of single characters in mathml-entities.ts; the input is bounded in length before
 * parsing, and elements in number and depth while parsing.
 *
 * Layout elements become the brackets they imply, as LaTeX's do: `<mfrac>` is `((num)/(den))`,
 * `<msup>` a power with its exponent grouped, `<msqrt>`/`<mroot>` a root. `<mrow>` groups nothing by
 * itself: it shows no brackets, so it adds none (a student sees what is displayed). Tokens carry the
 * offsets of the element or text they came from, so every error points at its element.
 */
import { checkpoint } from '../deadline.js';
import { msg, type Message } from '../i18n/message.js';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Limits } from '../limits.js';
import { readError, ReadError, codePointIndex } from './errors.js';
import { functionSpelled, LONGEST_SPELLING } from '../functions/elementary.js';
import { lexText } from './lex-text.js';
import { MATHML_ENTITIES } from './mathml-entities.js';
import { token, type Token, type TokenKind } from './tokens.js';

/** MathML is verbose: an expression's markup may be this many times its length limit. */
export const MARKUP_PER_CHARACTER = 25;

interface Span {
  start: number;
  end: number;
}

interface Element extends Span {
  name: string;
  attributes: Record<string, string>;
  children: Node[];
}

interface Text extends Span {
  text: string;
}

type Node = Element | Text;

const isElement = (node: Node): node is Element => 'name' in node;

/**
 * MathML as it starts: `<math`, a prefixed `<mml:math`, an XML declaration or DOCTYPE, WIRIS's «math»
 * encoding, or a presentation element on its own (MathLive's getValue('math-ml') is an `<mrow>` without
 * `<math>`).
 */
export function looksLikeMathml(input: string): boolean {
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE\b|(?:<|«)(?:[A-Za-z_][\w.-]*:)?(?:math|mrow|mstyle|semantics|mi|mn|mo|msup|msub|msubsup|mfrac|msqrt|mroot|menclose|mfenced|mpadded|mtext)[\s>/»])/i.test(input);
}

/**
 * The elements a fragment may start with instead of <math>: MathLive leaves out the <mrow> around a
 * single element, so its `\boxed{x}` is a bare <menclose> and its `\text{…}` a bare <mtext>.
 */
const FRAGMENT_ROOTS = new Set(['mrow', 'mstyle', 'semantics', 'mi', 'mn', 'mo', 'msup', 'msub', 'msubsup', 'mfrac', 'msqrt', 'mroot', 'menclose', 'mfenced', 'mpadded', 'mtext']);

export function lexMathml(input: string, limits: Limits): Token[] {
  const maxMarkup = limits.maxLength * MARKUP_PER_CHARACTER;
  if (input.length > maxMarkup) {
    throw readError(input, 'too_long', maxMarkup, (p) => msg('read.mathml.too_long', { limit: maxMarkup, position: p }), {
      hint: msg('read.mathml.too_long.hint'),
    });
  }
  const root = parseXml(input, limits);
  const tokens = new MathmlTokens(input, limits);
  tokens.math(root);
  return tokens.finish();
}

// ---------------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------------

/**
 * WIRIS stores MathML in HTML attributes with «, », ¨, § and ` for <, >, ", & and ' ("safe XML"). Each is
 * one character for one, so offsets in the decoded text are offsets in the input.
 */
function decodeSafeXml(input: string): string {
  if (!/^\s*«/.test(input)) return input;
  const SAFE: Record<string, string> = { '«': '<', '»': '>', '¨': '"', '§': '&', '`': "'" };
  return input.replace(/[«»¨§`]/g, (c) => SAFE[c] as string);
}

function parseXml(input: string, limits: Limits): Element {
  const xml = decodeSafeXml(input);
  const parser = new SaxesParser({ position: true, xmlns: false });
  Object.assign(parser.ENTITIES, MATHML_ENTITIES);
  const maxElements = limits.maxNodes * 4;
  const maxDepth = limits.maxDepth * 4;
  const stack: Element[] = [];
  let root: Element | undefined;
  let elements = 0;
  /** Where the last tag ended: a text node starts there. */
  let markupEnd = 0;
  const fail = (offset: number, message: (p: number) => Message, token?: string, hint?: Message): never => {
    throw readError(input, 'invalid_mathml', offset, message, {
      ...(token !== undefined ? { token } : {}),
      hint: hint ?? msg('read.mathml.well_formed.hint'),
    });
  };
  parser.on('doctype', () => {
    fail(Math.max(0, xml.lastIndexOf('<!', parser.position)), (p) => msg('read.mathml.doctype', { position: p }), '<!DOCTYPE',
      msg('read.mathml.doctype.hint'));
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const start = Math.max(0, xml.lastIndexOf('<', parser.position - 1));
    elements++;
    if (elements > maxElements) fail(start, (p) => msg('read.mathml.too_many_elements', { limit: maxElements, position: p }), `<${tag.name}>`, msg('read.too_many_nodes.hint'));
    if (stack.length >= maxDepth) fail(start, (p) => msg('read.mathml.too_deep', { limit: maxDepth, position: p }), `<${tag.name}>`, msg('read.mathml.too_deep.hint'));
    const element: Element = { name: localName(tag.name), attributes: { ...tag.attributes }, children: [], start, end: parser.position };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    if (!tag.isSelfClosing) stack.push(element);
    markupEnd = parser.position;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    if (!tag.isSelfClosing) {
      const element = stack.pop();
      if (element) element.end = parser.position;
    }
    markupEnd = parser.position;
  });
  const addText = (text: string) => {
    const parent = stack.at(-1);
    const end = Math.max(markupEnd, parser.position - 1);
    if (parent) parent.children.push({ text, start: markupEnd, end });
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (error: Error) => {
    const message = error.message.replace(/^[^:]*:\d+:\d+: /, '');
    // saxes says what is wrong in its own words (English), kept as they are.
    fail(Math.min(parser.position, xml.length), (p) => msg('read.mathml.not_well_formed_because', { position: p, reason: message }));
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof ReadError) throw error;
    fail(Math.min(parser.position, xml.length), (p) => msg('read.mathml.not_well_formed', { position: p }));
  }
  if (!root) return fail(0, () => msg('read.mathml.no_math'), undefined, msg('read.mathml.no_math.hint'));
  if (root.name !== 'math' && !FRAGMENT_ROOTS.has(root.name)) {
    fail(root.start, (p) => msg('read.mathml.wrong_root', { element: `<${root?.name}>`, position: p }), `<${root.name}>`, msg('read.mathml.wrong_root.hint'));
  }
  return root;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

// ---------------------------------------------------------------------------------------------------
// Elements to tokens
// ---------------------------------------------------------------------------------------------------

/** Elements that only style or wrap: their children are read in order. */
const TRANSPARENT = new Set(['math', 'mrow', 'mstyle', 'mpadded']);
/**
 * `<menclose>` notations that only frame what they enclose (LaTeX's `\boxed`, `\fbox`). The others
 * change what it says: a strike (`\cancel`, `\bcancel`, `\xcancel`) crosses it out, `radical` is a
 * root, bars and arrows are notation of their own, and no notation at all is a long division.
 */
const FRAMES = new Set(['box', 'roundedbox', 'circle']);
/**
 * Characters that take no width: zero-width space, non-joiner and joiner, word joiner, and the byte
 * order mark editors leave in pasted text. Written once; the tests below are built from it.
 */
const ZERO_WIDTH = '\\u200b-\\u200d\\u2060\\ufeff';
/** Text of U+2062 INVISIBLE TIMES (and zero-width characters) alone. */
const INVISIBLE_TIMES = new RegExp(`^[\\u2062${ZERO_WIDTH}]+$`);
/** Text of spaces, U+2061 FUNCTION APPLICATION and zero-width characters alone. */
const SPACES_AND_HIDDEN = new RegExp(`^[\\s\\u2061${ZERO_WIDTH}]*$`);
/** U+2061 and zero-width characters, to be taken out. */
const HIDDEN = new RegExp(`[\\u2061${ZERO_WIDTH}]`, 'g');
/** Text of invisible operators (U+2061 to U+2064) and zero-width characters alone. */
const INVISIBLE_OPERATORS = new RegExp(`^[\\u2061-\\u2064${ZERO_WIDTH}]+$`);
/** Elements that show nothing a reader should read. */
const INVISIBLE = new Set(['mphantom', 'annotation', 'annotation-xml', 'none', 'mprescripts', 'malignmark', 'maligngroup']);
/** Content MathML: meaning without layout, which editors do not export for answers. */
const CONTENT = new Set([
  'apply', 'ci', 'cn', 'csymbol', 'bind', 'bvar', 'lambda', 'plus', 'minus', 'times', 'divide', 'power', 'root', 'sin',
  'cos', 'tan', 'exp', 'ln', 'log', 'diff', 'degree', 'list', 'set', 'vector', 'matrix', 'piecewise',
]);
const REFUSED: Record<string, Message> = {
  mtable: msg('why.mathml.table'),
  mtr: msg('why.mathml.table'),
  mtd: msg('why.mathml.table'),
  mlabeledtr: msg('why.mathml.table'),
  mover: msg('why.mathml.over'),
  munder: msg('why.mathml.under'),
  munderover: msg('why.mathml.underover'),
  mmultiscripts: msg('why.mathml.multiscripts'),
  ms: msg('why.mathml.string'),
  mglyph: msg('why.mathml.glyph'),
  mlongdiv: msg('why.mathml.longdiv'),
  mstack: msg('why.mathml.stack'),
};

/** Tokens a function's argument can start with. */
const APPLIED_TO: ReadonlySet<TokenKind> = new Set(['open', 'number', 'word', 'symbol', 'function', 'absOpen', 'bar']);

class MathmlTokens {
  private readonly tokens: Token[] = [];
  /** Tokens read from an `<mi>` holding one lower-case letter (merged when they spell a function). */
  private readonly letters = new Set<Token>();
  /** A space shown before the next token, and whether it was put in on purpose (`<mspace/>`, `&nbsp;`). */
  private space = false;
  private hardSpace = false;
  /** An element whose text ended in a full stop, which only the end of the expression may follow. */
  private fullStop: Element | undefined;
  /** A U+2062 INVISIBLE TIMES before the next token. */
  private invisibleTimes = false;
  /** The `*` tokens an invisible times before a number became (a script's base starts after one). */
  private readonly invisibleProducts = new Set<Token>();

  constructor(
    private readonly input: string,
    private readonly limits: Limits,
  ) {}

  math(root: Element): void {
    if (root.name === 'math') this.children(root);
    else this.element(root);
  }

  finish(): Token[] {
    this.mergeSpelledFunctions();
    this.tokens.push(token('end', '', this.input.length, this.input.length, this.space));
    return this.tokens;
  }

  /**
   * `<mi>c</mi><mi>o</mi><mi>s</mi>`: an editor that does not know a function name writes each of its
   * letters as an identifier of its own. Letters in a row (no space, nothing between) that spell a
   * function are that function's name, the longest spelling first from the left (x·cos in x c o s),
   * when something follows for it to apply to; other letters stay the letters they are (t·g, l·n at
   * the end of a product are parameters, not tan and ln).
   */
  private mergeSpelledFunctions(): void {
    const out: Token[] = [];
    for (let i = 0; i < this.tokens.length; ) {
      const run: Token[] = [];
      for (let k = i; k < this.tokens.length && this.letters.has(this.tokens[k] as Token) && (k === i || !(this.tokens[k] as Token).spaceBefore); k++) run.push(this.tokens[k] as Token);
      if (run.length < 2) {
        out.push(this.tokens[i] as Token);
        i++;
        continue;
      }
      const after = this.tokens[i + run.length];
      const argumentAfterRun = after !== undefined && APPLIED_TO.has(after.kind);
      for (let at = 0; at < run.length; ) {
        let length = Math.min(run.length - at, LONGEST_SPELLING);
        const spelled = (n: number) => run.slice(at, at + n).map((t) => t.name).join('');
        const applied = (n: number) => at + n < run.length || argumentAfterRun;
        while (length >= 2 && !(applied(length) && functionSpelled(spelled(length)) !== undefined)) length--;
        if (length < 2) {
          out.push(run[at] as Token);
          at++;
          continue;
        }
        const first = run[at] as Token;
        const last = run[at + length - 1] as Token;
        out.push({ ...first, text: spelled(length), name: spelled(length), end: last.end });
        at += length;
      }
      i += run.length;
    }
    this.tokens.splice(0, this.tokens.length, ...out);
  }

  private children(element: Element): void {
    const children = joinSplitDecimals(element.children);
    /** The last element read, and where its tokens start. */
    let previous: { element: Element; from: number } | undefined;
    for (let k = 0; k < children.length; k++) {
      // Not in saxes' handlers: their catch reads any error as ill-formed XML (deadline.ts).
      checkpoint();
      const child = children[k] as Node;
      if (!isElement(child)) {
        if (child.text.trim() !== '') this.fail(child, msg('why.mathml.loose_text'), msg('read.mathml.loose_text.hint'));
        continue;
      }
      // The next element (past any whitespace text), looked for from here: a copy of the rest of a
      // 6,000-element row for every child would make the row's reading quadratic.
      let next = k + 1;
      while (next < children.length && !isElement(children[next] as Node)) next++;
      const fraction = children[next] as Element | undefined;
      if (previous !== undefined && this.mixedNumber(previous.element, child, fraction)) {
        this.mixed(previous.from, child, fraction as Element);
        k = next;
        previous = undefined;
        continue;
      }
      const from = this.tokens.length;
      this.element(child);
      previous = { element: child, from };
    }
  }

  /**
   * `<mn>1</mn><mo>&#x2064;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac>`: MathLive's mixed number 1½
   * (U+2064 INVISIBLE PLUS), a whole number and a fraction of numbers. The whole part is digits only:
   * an empty or blank <mn> has no token to bracket, and -1⁤½ or 0.5⁤½ is no mixed number (the plus
   * between them is then read as written).
   */
  private mixedNumber(whole: Element, plus: Element, fraction: Element | undefined): boolean {
    if (whole.name !== 'mn' || !/^\s*\d+\s*$/.test(this.textOf(whole))) return false;
    if (plus.name !== 'mo' || this.textOf(plus).trim() !== '\u2064' || fraction?.name !== 'mfrac') return false;
    const parts = fraction.children.filter(isElement);
    return parts.length === 2 && parts.every((part) => part.name === 'mn');
  }

  /**
   * A mixed number is one number, as the text's 1½ is: (1 + 1/2)·x, where the `+` alone would make
   * 1 + x/2 of 1½x. The whole number's tokens, from `from`, are bracketed with the fraction.
   */
  private mixed(from: number, plus: Element, fraction: Element): void {
    // x⁢1⁤½: the product before the whole number is not part of it.
    if (this.invisibleProducts.has(this.tokens[from] as Token)) from++;
    const first = this.tokens[from] as Token;
    this.tokens.splice(from, 0, token('open', '', first.start, first.start, first.spaceBefore, { bracket: '(', synthetic: true }));
    first.spaceBefore = false;
    this.synthetic('op', plus, { name: '+' });
    this.element(fraction);
    this.synthetic('close', fraction, { bracket: '(' });
  }

  private element(element: Element): void {
    const name = element.name;
    if (TRANSPARENT.has(name)) return this.children(element);
    if (INVISIBLE.has(name)) return;
    switch (name) {
      case 'semantics': {
        // The first child is what is shown; the rest are annotations.
        const shown = element.children.find(isElement);
        return shown ? this.element(shown) : undefined;
      }
      case 'maction': {
        // The child `selection` names is what is shown (a toggle, MathJax's \toggle, shows its second
        // child with selection="2"); the others are alternatives or tooltips. A selection that names no
        // child is taken as MathML's default, the first.
        const children = element.children.filter(isElement);
        const selection = /^\s*\d+\s*$/.test(element.attributes.selection ?? '') ? Number(element.attributes.selection) : 1;
        const shown = children[selection >= 1 && selection <= children.length ? selection - 1 : 0];
        return shown ? this.element(shown) : undefined;
      }
      case 'mi':
      case 'mn':
      case 'mo':
      case 'mtext':
        return this.tokenElement(element);
      case 'mspace':
        // A negative width (MathJax's and MathLive's `\!`) pulls its neighbours together: a space as
        // LaTeX's `\!` is, not one put in on purpose to end an argument.
        this.space = true;
        this.hardSpace ||= !/^\s*-/.test(element.attributes.width ?? '');
        return;
      case 'msup':
        return this.script(element, 2, (base, sup) => this.superscript(element, base, sup));
      case 'msub':
        return this.script(element, 2, (base, sub) => {
          this.base(base);
          this.subscript(element, sub);
        });
      case 'msubsup':
        return this.script(element, 3, (base, sub, sup) => {
          this.base(base);
          this.subscript(element, sub as Element);
          this.exponent(element, sup as Element);
        });
      case 'mfrac':
        return this.fraction(element);
      case 'msqrt':
        this.synthetic('function', element, { name: 'sqrt' });
        return this.grouped(element, () => this.children(element));
      case 'mroot':
        return this.script(element, 2, (radicand, index) => {
          this.synthetic('function', element, { name: 'nthRoot' });
          const root = this.tokens.at(-1) as Token;
          this.synthetic('open', element, { bracket: '(' });
          this.element(radicand);
          this.synthetic('comma', element);
          const before = this.tokens.length;
          this.element(index);
          // An empty index (an nth-root template left blank, `<mroot><mi>x</mi><mrow/></mroot>`) shows a
          // plain root sign: the square root, as TeX's `\sqrt[]{x}` is, not a comma closing nothing.
          if (this.tokens.length === before) {
            this.tokens.pop();
            root.name = 'sqrt';
          }
          this.synthetic('close', element, { bracket: '(' });
        });
      case 'mfenced':
        return this.fenced(element);
      case 'menclose':
        return this.enclosure(element);
      case 'merror':
        // MathJax puts its TeX error message here (`<merror><mtext>Missing argument for \frac</mtext>`):
        // what it holds is the editor's complaint, not the student's expression.
        return this.fail(element, msg('why.mathml.error'), msg('read.mathml.error.hint'));
      default: {
        const why = Object.hasOwn(REFUSED, name) ? REFUSED[name] : undefined;
        if (why) return this.fail(element, why);
        if (CONTENT.has(name)) return this.fail(element, msg('why.mathml.content'), msg('read.mathml.presentation.hint'));
        return this.fail(element, msg('why.mathml.unknown_element'), msg('read.mathml.elements.hint'));
      }
    }
  }

  /** `<mi>`, `<mn>`, `<mo>`, `<mtext>`: their text read as plain text, every token at the element. */
  private tokenElement(element: Element): void {
    const text = element.children.map((child) => (isElement(child) ? '' : child.text)).join('');
    if (element.children.some(isElement)) this.fail(element, msg('why.mathml.text_only', { element: `<${element.name}>` }));
    // A decimal comma inside <mn> is unambiguous there (WIRIS writes 2,5 in some languages).
    if (element.name === 'mn') this.commaOrThousands(element, text);
    // KaTeX and MathLive show `|` (and `\vert`, `\lvert`, `\left|`) as U+2223 DIVIDES, which in an
    // expression can only be that bar.
    const content = (element.name === 'mn' ? text.replace(/^(\s*\d+),(\d+\s*)$/, '$1.$2') : text).replace(/\u2223/g, '|');
    // U+2062 INVISIBLE TIMES shows nothing: the factors on either side are read as they show, written
    // against each other. MathLive puts one between any two factors, also inside an argument without
    // brackets (`sin 2⁢x`, shown as sin 2x) and after a name it does not know (`arctg⁢x`); read as an
    // operator, it would end the argument there (sin(2)·x). Before a number it stays the product it
    // says (push): SymPy writes 2·2ˣ as `<mn>2</mn><mo>&InvisibleTimes;</mo><msup><mn>2</mn>…`.
    if (INVISIBLE_TIMES.test(content.trim())) {
      this.invisibleTimes = true;
      return;
    }
    // KaTeX writes a negative space (`\!`, `\negmedspace`) as a space and U+2063: a space as LaTeX's
    // `\!` is, never a separator.
    if (/^[^\S\u00a0]+\u2063$/.test(content)) {
      this.space = true;
      return;
    }
    if (content.trim() === '' || SPACES_AND_HIDDEN.test(content)) {
      // &nbsp; or an <mtext> of spaces is a space typed on purpose; U+2061 and zero-width ones are not.
      if (/[^\S\u200b]|\u00a0/.test(content.replace(HIDDEN, ''))) {
        this.space = true;
        this.hardSpace = true;
      } else if (content.includes('\u2061')) {
        this.space = true;
      }
      return;
    }
    let read: Token[];
    try {
      read = lexText(content, this.limits);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      // The text's own reason (a refused character says why), without a position inside the element.
      const reason = error.text.params.why;
      const why = reason !== undefined && typeof reason === 'object' && 'code' in reason ? reason : msg('why.mathml.unreadable_text', { text: content.trim() });
      return this.fail(element, why, error.hintText);
    }
    // The text reader drops a full stop that ends its input, as the end of a sentence; each element's
    // text is read alone, so that holds only if nothing follows in the whole expression (push).
    // `<mi>x</mi><mo>.</mo><mi>y</mi>` (x.y, as KaTeX and MathJax write it; MathLive's `<mn>.</mn>`)
    // is refused as the text x.y is, never a product with the dot dropped.
    const fullStop = /\.\s*$/.test(content) ? element : undefined;
    const single = element.name === 'mi' && read.length === 2 && read[0]?.kind === 'word' && /^[a-z]$/.test(read[0].name ?? '');
    for (const t of read) {
      if (t.kind === 'end') continue;
      const placed = { ...t, start: element.start, end: element.end, spaceBefore: t.spaceBefore || this.space };
      // One <mn> is one number: its groups are a thousands mark, never factors.
      if (t.digitGroups) placed.digitGroups = { ...t.digitGroups, factors: false };
      if (single) this.letters.add(placed);
      this.push(placed);
    }
    this.fullStop = fullStop;
  }

  /**
   * `<mn>1,000</mn>` (KaTeX's `1{,}000`): the comma may be a decimal comma or a thousands separator,
   * refused as LaTeX's `1{,}000` is, with both numbers offered. After a lone 0 (0,125) it can only be
   * decimal.
   */
  private commaOrThousands(element: Element, text: string): void {
    const group = /^\s*(\d+),(\d{3})\s*$/.exec(text);
    if (!group || group[1] === '0') return;
    const written = `${group[1]},${group[2]}`;
    // The message says nothing of LaTeX: the same words serve every notation's comma group.
    throw readError(this.input, 'invalid_number', element.start, (p) => msg('read.latex.comma_group', { number: written, position: p }), {
      token: written,
      hint: msg('read.comma_or_thousands.hint', { written, decimal: `${group[1]}.${group[2]}`, thousands: `${group[1]}${group[2]}` }),
    });
  }

  /** `<msup>`: a prime as such (f′), else the base, `^` and the exponent grouped. */
  private superscript(element: Element, base: Element, sup: Element): void {
    this.base(base);
    const primes = this.textOf(sup).replace(/\s/g, '');
    if (primes !== '' && /^['′″‴]+$/.test(primes)) {
      for (const prime of primes) {
        const count = prime === '″' ? 2 : prime === '‴' ? 3 : 1;
        for (let k = 0; k < count; k++) this.synthetic('prime', sup);
      }
      return;
    }
    this.exponent(element, sup);
  }

  private exponent(element: Element, sup: Element): void {
    this.synthetic('op', element, { name: '^' });
    this.grouped(sup, () => this.element(sup));
  }

  private subscript(element: Element, sub: Element): void {
    this.synthetic('underscore', element);
    this.grouped(sub, () => this.element(sub));
  }

  /** A script's base: grouped when it is more than one token (`(x+1)²` written as an mrow). */
  private base(base: Element): void {
    let before = this.tokens.length;
    this.element(base);
    // 2⁢2ˣ: the product before the base is not part of it.
    if (this.invisibleProducts.has(this.tokens[before] as Token)) before++;
    if (this.tokens.length - before <= 1) return;
    const first = this.tokens[before] as Token;
    const open = token('open', '', base.start, base.start, first.spaceBefore, { bracket: '(', synthetic: true });
    first.spaceBefore = false;
    this.tokens.splice(before, 0, open);
    this.synthetic('close', base, { bracket: '(' });
  }

  private fraction(element: Element): void {
    const parts = element.children.filter(isElement);
    if (parts.length !== 2) return this.fail(element, msg('why.mathml.fraction_parts', { count: parts.length }));
    const thickness = element.attributes.linethickness?.trim();
    if (thickness !== undefined && /^0+(?:\.0*)?[a-z%]*$/.test(thickness)) {
      return this.fail(element, msg('why.mathml.binomial'));
    }
    const [numerator, denominator] = parts as [Element, Element];
    this.grouped(element, () => {
      this.grouped(numerator, () => this.element(numerator));
      this.synthetic('op', element, { name: '/' });
      this.grouped(denominator, () => this.element(denominator));
    });
  }

  /** `<menclose>`: a frame is looked through, a radical is a square root, anything else refused. */
  private enclosure(element: Element): void {
    const written = element.attributes.notation?.trim() ?? '';
    const notations = written === '' ? ['longdiv'] : written.split(/\s+/);
    const drawn = notations.filter((notation) => !FRAMES.has(notation));
    if (drawn.length === 0) return this.children(element);
    if (drawn.every((notation) => notation === 'radical')) {
      this.synthetic('function', element, { name: 'sqrt' });
      return this.grouped(element, () => this.children(element));
    }
    return this.fail(element, msg('why.mathml.enclosure', { notation: drawn.join(' ') }), msg('read.mathml.enclosure.hint'));
  }

  /** `<mfenced open="(" close=")" separators=",">`, deprecated but still written by older editors. */
  private fenced(element: Element): void {
    const open = element.attributes.open ?? '(';
    const close = element.attributes.close ?? ')';
    const separators = [...(element.attributes.separators ?? ',').replace(/\s/g, '')];
    this.delimiter(element, open);
    element.children.filter(isElement).forEach((child, k) => {
      if (k > 0) this.delimiter(element, separators[Math.min(k - 1, separators.length - 1)] ?? '');
      this.element(child);
    });
    this.delimiter(element, close);
  }

  private delimiter(element: Element, text: string): void {
    if (text.trim() === '') return;
    let read: Token[];
    try {
      read = lexText(text, this.limits);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      return this.fail(element, msg('why.mathml.delimiter', { delimiter: text }));
    }
    for (const t of read) if (t.kind !== 'end') this.push({ ...t, start: element.start, end: element.end });
  }

  private script(element: Element, count: number, read: (...parts: Element[]) => void): void {
    // An operator that shows nothing is no script's part: MathLive writes f′ as
    // `<msup><mi>f</mi><mo>&#x2061;</mo><mi>′</mi></msup>`.
    const parts = element.children.filter(isElement).filter((child) => !this.showsNothing(child));
    if (parts.length !== count) {
      this.fail(element, msg('why.mathml.children', { element: `<${element.name}>`, count, actual: parts.length }));
    }
    read(...parts);
  }

  /** Synthetic brackets around what `inside` emits, at the element. */
  private grouped(element: Span, inside: () => void): void {
    const before = this.tokens.length;
    this.synthetic('open', element, { bracket: '(' });
    inside();
    if (this.tokens.length === before + 1) {
      this.fail(element as Element, msg('why.mathml.empty_part'), msg('read.mathml.empty_part.hint'));
    }
    this.synthetic('close', element, { bracket: '(' });
  }

  private synthetic(kind: TokenKind, at: Span, extra: Partial<Token> = {}): void {
    this.push(token(kind, '', at.start, at.start, this.space, { synthetic: true, ...extra }));
  }

  private push(t: Token): void {
    if (this.fullStop !== undefined) {
      const text = this.textOf(this.fullStop).trim();
      this.fail(this.fullStop, msg('why.mathml.unreadable_text', { text }), text === '.' ? msg('read.unexpected_character.hint') : msg('read.not_a_number.hint'));
    }
    // Digits against what comes before them read as no product (2 2ˣ is two numbers in a row, x2 and
    // x² 3 are not what was meant): before a number, invisible times is the `*` it stands for.
    if (this.invisibleTimes && t.kind === 'number') {
      const times = token('op', '', t.start, t.start, t.spaceBefore || this.space, { synthetic: true, name: '*' });
      this.invisibleProducts.add(times);
      this.tokens.push(times);
    } else if (this.invisibleTimes) {
      t.afterInvisibleTimes = true;
    }
    this.invisibleTimes = false;
    if (this.hardSpace) t.hardSpace = true;
    this.tokens.push(t);
    this.space = false;
    this.hardSpace = false;
  }

  /** An `<mo>` of invisible operators (U+2061 to U+2064) and zero-width characters only. */
  private showsNothing(element: Element): boolean {
    return element.name === 'mo' && INVISIBLE_OPERATORS.test(this.textOf(element).trim());
  }

  private textOf(element: Element): string {
    return element.children.map((child) => (isElement(child) ? this.textOf(child) : child.text)).join('');
  }

  private fail(at: Span & { name?: string }, why: Message, hint?: Message): never {
    const shown = at.name !== undefined ? `<${at.name}>` : this.input.slice(at.start, Math.min(at.end, at.start + 20)).trim();
    throw readError(this.input, 'invalid_mathml', at.start, (p) => msg('read.mathml.refused', { element: shown, position: p, why }), {
      token: shown,
      hint: hint ?? msg('read.mathml.presentation.hint'),
    });
  }
}

/**
 * MathJax writes TeX's decimal comma `2{,}5` as `<mn>2</mn><mrow><mo>,</mo></mrow><mn>5</mn>`: the
 * braces, which make the comma an ordinary character with no space after it, become the `<mrow>`. A
 * comma grouped alone between two numbers is that decimal comma; the three are read as the one `<mn>`
 * KaTeX writes for it (`<mn>2,5</mn>`). An unbraced comma (`<mo>,</mo>`) stays a comma. A full stop
 * between two numbers (`<mn>2</mn><mo>.</mo><mn>5</mn>`, as some editors split a decimal), braced or
 * not, in any token element, shows 2.5 and is read as `<mn>2.5</mn>`.
 */
function joinSplitDecimals(children: Node[]): Node[] {
  const digits = (node: Node | undefined): string | undefined => {
    if (node === undefined || !isElement(node) || node.name !== 'mn' || node.children.length !== 1 || isElement(node.children[0] as Node)) return undefined;
    const text = (node.children[0] as Text).text.trim();
    return /^\d+$/.test(text) ? text : undefined;
  };
  const textAlone = (node: Node | undefined, names: readonly string[]): string | undefined =>
    node !== undefined && isElement(node) && names.includes(node.name) && node.children.length === 1 && !isElement(node.children[0] as Node)
      ? (node.children[0] as Text).text.trim()
      : undefined;
  const braced = (node: Node | undefined): Node | undefined => {
    if (node === undefined || !isElement(node) || node.name !== 'mrow') return undefined;
    if (node.children.some((child) => !isElement(child) && child.text.trim() !== '')) return undefined;
    const inside = node.children.filter(isElement);
    return inside.length === 1 ? inside[0] : undefined;
  };
  /** The decimal mark between two numbers: a braced comma, or a full stop braced or not. */
  const separator = (node: Node | undefined): string | undefined => {
    if (textAlone(braced(node), ['mo']) === ',') return ',';
    const stop = node !== undefined && isElement(node) && node.name === 'mrow' ? braced(node) : node;
    return textAlone(stop, ['mo', 'mi', 'mn', 'mtext']) === '.' ? '.' : undefined;
  };
  // Most rows have no such comma, and are read as they stand, not copied.
  if (!children.some((child) => separator(child) !== undefined)) return children;
  // Only layout whitespace may stand between the three; any other text is kept, to be refused.
  const next = (from: number): number => {
    let at = from;
    while (at < children.length && !isElement(children[at] as Node) && (children[at] as Text).text.trim() === '') at++;
    return at;
  };
  const out: Node[] = [];
  for (let i = 0; i < children.length; i++) {
    const node = children[i] as Node;
    const whole = digits(node);
    const comma = next(i + 1);
    const after = next(comma + 1);
    const fraction = digits(children[after]);
    const mark = separator(children[comma]);
    if (whole !== undefined && fraction !== undefined && mark !== undefined) {
      const first = node as Element;
      const last = children[after] as Element;
      out.push({ name: 'mn', attributes: {}, children: [{ text: `${whole}${mark}${fraction}`, start: first.start, end: last.end }], start: first.start, end: last.end });
      i = after;
    } else {
      out.push(node);
    }
  }
  return out;
}

/** For tests: the code-point position of an element's start in MathML input. */
export function elementPosition(input: string, element: string): number {
  return codePointIndex(input, input.indexOf(`<${element}`));
}
