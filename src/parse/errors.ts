import type { Language } from '../i18n/languages.js';
import type { Message } from '../i18n/message.js';
import { renderMessage } from '../i18n/render.js';

/**
 * What the readers say when they cannot read an expression: a stable code for programs, a message
 * for people, where (the character position) and which token, and a hint that says what to write.
 */
export type ReadErrorCode =
  | 'empty' // nothing to read
  | 'unexpected_character' // a character no reader accepts (NUL, `$`, `@`…)
  | 'unexpected_token' // a token in a place the grammar does not allow it
  | 'unexpected_end' // the input stops where more was needed
  | 'unclosed_bracket' // ( [ { | never closed
  | 'mismatched_bracket' // ( closed by ] …
  | 'invalid_number' // 1.2.3
  | 'unknown_name' // a multi-letter name that is no function or constant
  | 'not_allowed' // a name reserved for programs (import, evaluate, constructor…)
  | 'derivative_operator' // diff, d/dx, derivative in an answer
  | 'equation' // an assignment, an equation or inequality other than a derivative's left side
  | 'string' // quoted text
  | 'matrix' // a list or matrix [1, 2]
  | 'unsupported' // notation known but not supported (factorial, ∞…)
  | 'argument_count' // log(x, b, c), sin(x, y)
  | 'missing_argument' // sin with nothing to apply to
  | 'invalid_variable' // the variable option is not a letter
  | 'too_long' // input over the length limit
  | 'too_deep' // nesting over the depth limit
  | 'too_large' // tree over the size limit, or a number/exponent over its bound
  | 'invalid_latex' // a LaTeX command the reader does not know, or a malformed \frac
  | 'invalid_mathml' // MathML that is not well-formed XML, or an element the reader does not take
  | 'variable_needed'; // no variable given, and the function does not say which letter it is

/** Which input of a request an expression came from. */
export type InputField = 'function' | 'answer' | 'variable';

/** What a reader found wrong, as the core says it: the texts as messages. */
export interface ReadErrorData {
  code: ReadErrorCode;
  /** The request field the expression came from, when the caller knows it. */
  field?: InputField;
  message: Message;
  /** 0-based index of the offending character, counted in Unicode code points. */
  position: number;
  /** The offending token or character as typed, when there is one. */
  token?: string;
  /** What to write instead. */
  hint?: Message;
}

/** The same, rendered in a language: the shape of an entry of `errors` (validate) and of a 422 problem's members. */
export interface ReadErrorDetails {
  code: ReadErrorCode;
  field?: InputField;
  message: string;
  position: number;
  token?: string;
  hint?: string;
  /** The texts as `{code, params}`, for an LMS that renders its own. */
  i18n: { message: Message; hint?: Message };
}

export class ReadError extends Error {
  readonly code: ReadErrorCode;
  readonly position: number;
  readonly token?: string;
  /** The message and the hint as messages: rendered at the edge, in the language of the request. */
  readonly text: Message;
  readonly hintText?: Message;
  field?: InputField;

  constructor(details: ReadErrorData) {
    super();
    this.name = 'ReadError';
    this.code = details.code;
    this.position = details.position;
    this.text = details.message;
    if (details.token !== undefined) this.token = details.token;
    if (details.hint !== undefined) this.hintText = details.hint;
    if (details.field !== undefined) this.field = details.field;
    // Error.message, for logs and stack traces, is the English text, rendered only if someone reads it.
    Object.defineProperty(this, 'message', { get: () => renderMessage(this.text, 'en'), enumerable: false, configurable: true });
  }

  /** The hint in English (as `message` is). */
  get hint(): string | undefined {
    return this.hintText === undefined ? undefined : renderMessage(this.hintText, 'en');
  }

  /** What crosses between threads and is rebuilt on the other side. */
  toData(): ReadErrorData {
    const out: ReadErrorData = { code: this.code, message: this.text, position: this.position };
    if (this.field !== undefined) out.field = this.field;
    if (this.token !== undefined) out.token = this.token;
    if (this.hintText !== undefined) out.hint = this.hintText;
    return out;
  }

  /** Rendered in a language (English by default). */
  details(language: Language = 'en'): ReadErrorDetails {
    const out: ReadErrorDetails = { code: this.code, message: renderMessage(this.text, language), position: this.position, i18n: { message: this.text } };
    if (this.field !== undefined) out.field = this.field;
    if (this.token !== undefined) out.token = this.token;
    if (this.hintText !== undefined) {
      out.hint = renderMessage(this.hintText, language);
      out.i18n.hint = this.hintText;
    }
    return out;
  }

  toJSON(): ReadErrorDetails {
    return this.details('en');
  }
}

/**
 * codePointIndex for many offsets into one input: the table is built once (none when the input has no
 * surrogate pair, where the two indices agree), rather than the input counted from its start for each.
 */
export function codePointIndexer(input: string): (utf16Offset: number) => number {
  // The offsets counted up to, as codePointIndex counts them (none below 0, none past the end).
  const end = (offset: number) => (offset > 0 ? Math.min(Math.ceil(offset), input.length) : 0);
  if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(input)) return end;
  const table = new Int32Array(input.length + 1);
  for (let i = 0; i < input.length; i++) table[i + 1] = (table[i] as number) + (isSecondHalf(input, i) ? 0 : 1);
  return (offset) => table[end(offset)] as number;
}

function isSecondHalf(input: string, i: number): boolean {
  const code = input.charCodeAt(i);
  if (code < 0xdc00 || code > 0xdfff || i === 0) return false;
  const prev = input.charCodeAt(i - 1);
  return prev >= 0xd800 && prev <= 0xdbff;
}

/** Code-point index of a UTF-16 offset, so positions mean the same in every client language. */
export function codePointIndex(input: string, utf16Offset: number): number {
  let index = 0;
  for (let i = 0; i < utf16Offset && i < input.length; i++) {
    const code = input.charCodeAt(i);
    // The low half of a surrogate pair belongs to the character already counted.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const prev = input.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) continue;
    }
    index++;
  }
  return index;
}

/**
 * Build a ReadError at a UTF-16 offset of `input`; the message should name the position itself via
 * `at(...)` so people read it, and programs read `position`.
 */
export function readError(
  input: string,
  code: ReadErrorCode,
  utf16Offset: number,
  message: (position: number) => Message,
  extra: { token?: string; hint?: Message } = {},
): ReadError {
  const position = codePointIndex(input, utf16Offset);
  return new ReadError({ code, message: message(position), position, ...extra });
}

/**
 * Run a read of one request field, labelling any ReadError with that field (an invalid variable
 * option is labelled `variable`, whichever expression was being read).
 */
export function readingField<T>(field: Exclude<InputField, 'variable'>, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ReadError && error.field === undefined) {
      error.field = error.code === 'invalid_variable' ? 'variable' : field;
    }
    throw error;
  }
}
