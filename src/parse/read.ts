/**
 * Reading an expression, start to end: pick the lexer (text, LaTeX or MathML), join subscripted names,
 * drop a derivative's left side, resolve words, parse with the one grammar, then check the limits. The
 * only entry point the rest of the service uses to turn user text into a tree.
 */
import { checkpoint } from '../deadline.js';
import { list, msg } from '../i18n/message.js';
import { resolveLimits, type Limits } from '../limits.js';
import { children, functionNames, isBinary, isCall, mentions, size, structuralKey, symbolNames, type Expr } from '../tree/nodes.js';
import { codePointIndexer, ReadError, readError } from './errors.js';
import { parseTokens, type Ambiguity } from './grammar.js';
import { applyGreekFunctions } from './greek-functions.js';
import { dropLeftSide, type Role } from './left-side.js';
import { lexLatex, looksLikeLatex } from './lex-latex.js';
import { lexMathml, looksLikeMathml } from './lex-mathml.js';
import { lexText } from './lex-text.js';
import { CONSTANTS, normalizeVariable } from './names.js';
import { resolveWords } from './resolve-words.js';
import { mergeSubscriptedNames } from './subscripted-names.js';
import type { Token } from './tokens.js';
import type { ReadWarning } from './warnings.js';

export type Format = 'auto' | 'text' | 'latex' | 'mathml';

export interface ReadOptions {
  /** The variable of differentiation: a letter or a Greek letter, maybe subscripted (default x). */
  variable?: string;
  format?: Format;
  /** A function may carry `f(x) =`, an answer `f'(x) =` / `dy/dx =`. */
  role?: Role;
  limits?: Partial<Limits>;
  /**
   * Names certainly meant as written (an answer's function's letters): `w1` is then the name w_1 and
   * `X` is not also read as the variable x.
   */
  knownNames?: readonly string[];
  /**
   * The functions an answer's function applies, when it is known: a word such as `acos` that its
   * function does not apply but that is one of its letters before a function (`a` then `cos`, with
   * a parameter a) is then read as that product (resolve-words.ts).
   */
  knownFunctions?: readonly string[];
  /**
   * The letters an answer's function raises to a power of the variable (a in a^(2x)), when it is
   * known. A letter's power takes the letters written against its exponent, a^2x as a^(2x) (with the
   * other reading a²·x), only when the letter is one of them: for a function such as (ax)^2 the a of
   * 2a^2x is a constant squared, as x^2y is x²·y. Unknown (a function read alone, an answer validated
   * without its function): every letter but the variable may be an exponential's base.
   */
  exponentialBases?: ReadonlySet<string>;
}

export interface ReadResult {
  expr: Expr;
  /** The format actually read (auto resolved). */
  format: 'text' | 'latex' | 'mathml';
  variable: string;
  /** Letters other than the variable: constants the answer may use (a, k, ω…). */
  parameters: string[];
  /** The functions it applies (sin, acos…), each once. */
  functions: string[];
  /** Ambiguous readings, positions in code points. */
  warnings: ReadWarning[];
  /** The ambiguous places this reading passed (each read the documented way unless chosen otherwise). */
  ambiguities: Ambiguity[];
}

/** Every reading of an ambiguous input, the documented one first. */
export interface Readings {
  readings: ReadResult[];
  /** False when there were more readings than were read (then they cannot be said to agree). */
  complete: boolean;
}

/** Readings of one input at most: an answer with more ambiguous places than this needs brackets. */
export const MAX_READINGS = 16;

export function readExpression(input: string, options: ReadOptions = {}): ReadResult {
  return parseReading(tokenize(input, options), new Map());
}

/**
 * The input read every way its ambiguous places allow (1/2x as (1/2)·x and as 1/(2x), …), the
 * documented reading first, each distinct tree once. Places are binary and met in order, so the
 * readings are enumerated as the leaves of a decision tree: a reading branches at each place it met
 * that no earlier choice fixed, with the places before it kept at their documented reading. A reading
 * that breaks a limit is no reading.
 */
export function readEveryReading(input: string, options: ReadOptions = {}, maxReadings = MAX_READINGS): Readings {
  const tokens = tokenize(input, options);
  const first = parseReading(tokens, new Map());
  const readings = [first];
  // A branch is kept as where it comes from (the reading's choices, the places it met, which of them
  // it turns) and its choices are built only when it is taken: an input with hundreds of ambiguous
  // places (2xx repeated, cos x/2 repeated) queues hundreds of branches per reading, and copying the
  // choices into each (hundreds of entries apiece) was quadratic: 2 s for 1,800 characters of 2xx.
  const queue: Branch[] = [];
  const branch = (reading: ReadResult, choices: ReadonlyMap<string, number>) => {
    // No place met, no branch.
    for (let at = 0; at < reading.ambiguities.length; at++) {
      if (!choices.has((reading.ambiguities[at] as Ambiguity).key)) queue.push({ choices, places: reading.ambiguities, at });
    }
  };
  branch(first, new Map());
  // Most inputs have no ambiguous place: the trees are keyed only when there are others to tell apart.
  if (queue.length === 0) return { readings, complete: true };
  const seen = new Set([structuralKey(first.expr)]);
  let attempts = 0;
  while (queue.length > 0 && readings.length < maxReadings && attempts < 2 * maxReadings) {
    checkpoint();
    const choices = choicesOf(queue.shift() as Branch);
    attempts++;
    let reading: ReadResult;
    try {
      reading = parseReading(tokens, choices);
    } catch (error) {
      if (error instanceof ReadError) continue;
      throw error;
    }
    const key = structuralKey(reading.expr);
    if (!seen.has(key)) {
      seen.add(key);
      readings.push(reading);
    }
    branch(reading, choices);
  }
  return { readings, complete: queue.length === 0 };
}

/** A branch of readEveryReading's decision tree, its choices not yet built. */
interface Branch {
  /** The choices of the reading it branches from. */
  choices: ReadonlyMap<string, number>;
  /** The places that reading met, in order. */
  places: readonly Ambiguity[];
  /** The place it turns to its other reading; the places before it not chosen are kept documented. */
  at: number;
}

function choicesOf({ choices, places, at }: Branch): Map<string, number> {
  const built = new Map(choices);
  for (let i = 0; i < at; i++) {
    const key = (places[i] as Ambiguity).key;
    if (!built.has(key)) built.set(key, 0);
  }
  built.set((places[at] as Ambiguity).key, 1);
  return built;
}

/** The input as tokens the grammar reads: lexed, its left side dropped, names and words resolved. */
interface Tokenized {
  input: string;
  tokens: Token[];
  format: ReadResult['format'];
  variable: string;
  limits: Limits;
  knownNames: ReadonlySet<string>;
  // Always present, undefined when unknown: one object shape for every reading.
  exponentialBases: ReadonlySet<string> | undefined;
  /** An answer (E may be Euler's number) or a function (what it writes is what it means). */
  role: Role;
  /** Warnings of the word resolver, the same for every reading. */
  warnings: ReadWarning[];
}

function tokenize(input: string, options: ReadOptions): Tokenized {
  const limits = resolveLimits(options.limits);
  const variable = checkedVariable(options.variable ?? 'x');
  const format = formatOf(input, options.format);
  const raw = format === 'mathml' ? lexMathml(input, limits) : format === 'latex' ? lexLatex(input, limits) : lexText(input, limits);
  refuseLargeNumbers(input, raw, limits);
  refuseDetachedZeroGroups(input, raw);
  const role = options.role ?? 'answer';
  const knownNames = new Set([variable, ...(options.knownNames ?? [])]);
  const named = mergeSubscriptedNames(input, raw, { role, variable, knownNames });
  const warnings: ReadWarning[] = [];
  const body = dropLeftSide(input, named, role, variable, knownNames, warnings);
  const own = role === 'answer' && options.knownFunctions ? { names: knownNames, functions: new Set(options.knownFunctions) } : undefined;
  const tokens = applyGreekFunctions(resolveWords(input, body, variable, warnings, own), variable);
  return { input, tokens, format, variable, limits, knownNames, exponentialBases: options.exponentialBases, role, warnings };
}

/**
 * The letters an exponential of the function is of (ReadOptions.exponentialBases): the base of a power
 * whose exponent depends on the variable (a of a^(2x)), and a letter under a logarithm in such an
 * exponent or in exp's (a of e^(2x ln a), which is a^(2x) written another way). Not a letter of the
 * exponent otherwise: k^2t for e^(-k^2 t^2) is k²·t.
 */
export function exponentialBases(expr: Expr, variable: string, into = new Set<string>()): Set<string> {
  const add = (names: readonly string[]) => {
    for (const name of names) if (name !== variable) into.add(name);
  };
  const exponent = isBinary(expr, '^') ? expr.args[1] : isCall(expr) && expr.fn.name === 'exp' ? expr.args[0] : undefined;
  if (exponent !== undefined && mentions(exponent, variable)) {
    if (isBinary(expr, '^')) add(symbolNames(expr.args[0]));
    add(loggedLetters(exponent));
  }
  for (const child of children(expr)) exponentialBases(child, variable, into);
  return into;
}

/** The letters under a logarithm (log, log10, log2, log(x, b)) anywhere in an expression. */
function loggedLetters(expr: Expr, into: string[] = []): string[] {
  if (isCall(expr) && LOGARITHMS.has(expr.fn.name)) return symbolNames(expr, into);
  for (const child of children(expr)) loggedLetters(child, into);
  return into;
}

const LOGARITHMS: ReadonlySet<string> = new Set(['log', 'log10', 'log2']);

/** A number over the limit, in any format, checked once after lexing (400 digits in LaTeX were Infinity, and a 500). */
function refuseLargeNumbers(input: string, tokens: readonly Token[], limits: Limits): void {
  for (const t of tokens) {
    if (t.kind !== 'number' || Math.abs(t.value as number) <= limits.maxNumber) continue;
    throw readError(input, 'too_large', t.start, (p) => msg('read.number_too_large', { text: t.text, position: p, limit: limits.maxNumber }), { token: t.text });
  }
}

/**
 * A group of three digits starting with 0 left apart after a number or a bracket (`x^2 000`, `x^{-2}
 * 000`: not joined, as a thousands group never is after an exponent) is no factor either: it was x²·0,
 * silently. Checked once after lexing, for every format.
 */
function refuseDetachedZeroGroups(input: string, tokens: readonly Token[]): void {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== 'number' || !t.spaceBefore || t.digitGroups || !/^0\d{2}$/.test(t.text)) continue;
    // Not tokens[k - 1]: at k = 0 that is tokens[-1], a named-property lookup many times the cost.
    const before = k > 0 ? tokens[k - 1] : undefined;
    if (before?.kind !== 'number' && before?.kind !== 'close') continue;
    throw readError(input, 'unexpected_token', t.start, (p) => msg('read.two_numbers', { position: p }), { token: t.text });
  }
}

/** The format an input is in: as asked, or for auto, MathML by its <math> element, LaTeX by its commands. */
export function formatOf(input: string, format: Format | undefined): ReadResult['format'] {
  if (format === 'text' || format === 'latex' || format === 'mathml') return format;
  if (looksLikeMathml(input)) return 'mathml';
  return looksLikeLatex(input) ? 'latex' : 'text';
}

function parseReading(tokenized: Tokenized, choices: ReadonlyMap<string, number>): ReadResult {
  const { input, tokens, variable, limits } = tokenized;
  const warnings = [...tokenized.warnings];
  const ambiguities: Ambiguity[] = [];
  const expr = parseTokens(tokens, { input, variable, limits, warnings, knownNames: tokenized.knownNames, exponentialBases: tokenized.exponentialBases, choices, ambiguities, eulerE: tokenized.role === 'answer' });
  const nodes = size(expr);
  if (nodes > limits.maxNodes) {
    throw readError(input, 'too_large', 0, () => msg('read.too_many_nodes', { nodes, limit: limits.maxNodes }), {
      hint: msg('read.too_many_nodes.hint'),
    });
  }
  const parameters = symbolNames(expr).filter((name) => name !== variable && !CONSTANTS.has(name));
  if (parameters.length > limits.maxParameters) {
    throw readError(input, 'too_large', 0, () =>
      msg('read.too_many_constants', { count: parameters.length, constants: list(parameters, 'comma'), limit: limits.maxParameters }));
  }
  // The input counted once for every position (counted from its start for each, an answer with
  // hundreds of ambiguous places cost its length times theirs, in every reading).
  const index = codePointIndexer(input);
  return {
    expr,
    format: tokenized.format,
    variable,
    parameters,
    functions: functionNames(expr),
    warnings: warnings.map((w) => ({ ...w, position: index(w.position) })),
    ambiguities: ambiguities.map((a) => ({ ...a, position: index(a.position) })),
  };
}

function checkedVariable(variable: string): string {
  const name = normalizeVariable(variable);
  if (!name) {
    throw new ReadError({
      code: 'invalid_variable',
      message: msg('read.invalid_variable', { variable }),
      position: 0,
      token: variable,
      hint: msg('read.send_variable', { variable: 'x' }),
    });
  }
  return name;
}
