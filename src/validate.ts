/**
 * validate(answer): how an answer reads, before it is graded — what LMS quiz engines show as "your
 * answer was read as …" while the student types. Every reading of an ambiguous answer, the letters and
 * functions it uses, the warnings, and the errors (each with its field, position, token and hint) as
 * data rather than a 422, since an answer that does not read yet is the normal case here.
 *
 * No differentiation and no sampling: the function, when given, is only read (for its variable and its
 * letters), so this is cheap enough to call on every keystroke. Pure, like check().
 */
import type { WarningReport } from './check.js';
import { list, msg } from './i18n/message.js';
import type { Limits } from './limits.js';
import { ReadError, readingField, type ReadErrorDetails } from './parse/errors.js';
import { languageOf, presentWarning, type WarningResult } from './present/result.js';
import { exponentialBases, readEveryReading, type Format, type ReadResult } from './parse/read.js';
import { readFunction } from './parse/variable.js';
import { mentions } from './tree/nodes.js';
import { asWritten, type Rendered } from './tree/render.js';

export interface ValidateRequest {
  answer: string;
  variable?: string;
  format?: Format;
  /** The function the answer is a derivative of: decides the variable and which letters are its own. */
  function?: string;
  /** The language of the warnings and errors (English by default). */
  lang?: string;
}

export interface ValidationResult {
  /** The answer reads (and so do the function and the variable, when given). */
  valid: boolean;
  /** The answer as read (the documented reading of an ambiguous one), as written: not simplified. */
  reading: Rendered | null;
  /** Every way the answer reads, that one first; more than one means it is ambiguous. */
  readings: Rendered[];
  /** The variable of differentiation the answer was read with. */
  variable: string | null;
  /** The format the answer was read in (auto resolved). */
  format: ReadResult['format'] | null;
  /** The letters the answer uses (the variable and constants), e and π left out. */
  variables: string[];
  /** The functions it uses, by their names here (sin, sqrt, nthRoot, log…). */
  functions: string[];
  warnings: WarningResult[];
  errors: ValidationError[];
}

export type ValidationError = ReadErrorDetails;

export function validateAnswer(request: ValidateRequest, options: { limits?: Partial<Limits> } = {}): ValidationResult {
  const lang = languageOf(request.lang);
  const errors: ReadError[] = [];
  const warnings: WarningReport[] = [];
  let variable = request.variable;
  let knownNames: string[] = [];
  let knownFunctions: string[] | undefined;
  let bases: ReadonlySet<string> | undefined;
  if (request.function !== undefined) {
    const fn = attempt(errors, () => readingField('function', () => readFunction(request.function as string, {
      ...(request.variable !== undefined ? { variable: request.variable } : {}),
      ...(request.format !== undefined ? { format: request.format } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    })));
    if (fn) {
      variable = fn.variable;
      knownNames = fn.parameters;
      knownFunctions = fn.functions;
      bases = exponentialBases(fn.expr, fn.variable);
      warnings.push(...fn.warnings.map((w) => ({ ...w, field: 'function' as const })));
    }
  }
  // An invalid variable makes the answer unreadable too: say it once.
  if (errors.some((e) => e.field === 'variable')) return invalid(errors, warnings, lang);
  const read = attempt(errors, () => readingField('answer', () => readEveryReading(request.answer, {
    ...(variable !== undefined ? { variable } : {}),
    ...(request.format !== undefined ? { format: request.format } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    role: 'answer',
    knownNames,
    ...(knownFunctions ? { knownFunctions } : {}),
    ...(bases ? { exponentialBases: bases } : {}),
  })));
  if (!read) return invalid(errors, warnings, lang);
  const first = read.readings[0] as ReadResult;
  warnings.push(...first.warnings.map((w) => ({ ...w, field: 'answer' as const })));
  if (request.function !== undefined && errors.length === 0) {
    const own = first.parameters.filter((name) => !knownNames.includes(name));
    if (own.length > 0) {
      warnings.push({
        code: 'letter_not_in_function',
        field: 'answer',
        position: 0,
        message: msg('warn.letter_not_in_function', { letters: list(own, 'comma'), variable: first.variable }),
      });
    }
  }
  return {
    valid: errors.length === 0,
    reading: asWritten(first.expr),
    readings: read.readings.map((reading) => asWritten(reading.expr)),
    variable: first.variable,
    format: first.format,
    variables: [...(mentions(first.expr, first.variable) ? [first.variable] : []), ...first.parameters],
    functions: first.functions,
    warnings: warnings.map((w) => presentWarning(w, lang)),
    errors: errors.map((e) => e.details(lang)),
  };
}

function attempt<T>(errors: ReadError[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ReadError)) throw error;
    errors.push(error);
    return undefined;
  }
}

function invalid(errors: readonly ReadError[], warnings: readonly WarningReport[], lang: ReturnType<typeof languageOf>): ValidationResult {
  return {
    valid: false,
    reading: null,
    readings: [],
    variable: null,
    format: null,
    variables: [],
    functions: [],
    warnings: warnings.map((w) => presentWarning(w, lang)),
    errors: errors.map((e) => e.details(lang)),
  };
}
