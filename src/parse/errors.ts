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

export interface ReadErrorDetails {
  code: ReadErrorCode;
  /** The request field the expression came from, when the caller knows it. */
  field?: InputField;
  message: string;
  /** 0-based index of the offending character, counted in Unicode code points. */
  position: number;
  /** The offending token or character as typed, when there is one. */
  token?: string;
  /** What to write instead. */
  hint?: string;
}

export class ReadError extends Error implements ReadErrorDetails {
  readonly code: ReadErrorCode;
  readonly position: number;
  readonly token?: string;
  readonly hint?: string;
  field?: InputField;

  constructor(details: ReadErrorDetails) {
    super(details.message);
    this.name = 'ReadError';
    this.code = details.code;
    this.position = details.position;
    if (details.token !== undefined) this.token = details.token;
    if (details.hint !== undefined) this.hint = details.hint;
    if (details.field !== undefined) this.field = details.field;
  }

  toJSON(): ReadErrorDetails {
    const out: ReadErrorDetails = { code: this.code, message: this.message, position: this.position };
    if (this.field !== undefined) out.field = this.field;
    if (this.token !== undefined) out.token = this.token;
    if (this.hint !== undefined) out.hint = this.hint;
    return out;
  }
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
  message: (position: number) => string,
  extra: { token?: string; hint?: string } = {},
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
