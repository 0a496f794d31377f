/**
 * Reading the function to differentiate, and with it the variable. `variable` defaults to x, but a
 * function written in t (`sin(3t)`) sent without one must not be differentiated with respect to x and
 * graded 0 without a word. So, when no variable is given:
 * - a function that has x is in x;
 * - a function without x whose letters are exactly one other letter (t, θ, w_1) is in that letter, and
 *   a warning says so;
 * - a function with no letter at all is in x, with the warning that it does not depend on it;
 * - a function with several letters and no x cannot be decided: a 422 that asks for `variable`.
 * A variable that is given is used as given, with a warning when the function does not depend on it.
 */
import { list, msg } from '../i18n/message.js';
import { mentions } from '../tree/nodes.js';
import { ReadError, codePointIndex } from './errors.js';
import { GREEK_NAMES } from './names.js';
import { formatOf, readExpression, type ReadOptions, type ReadResult } from './read.js';

const DEFAULT_VARIABLE = 'x';

export function readFunction(input: string, options: Omit<ReadOptions, 'role'> = {}): ReadResult {
  const read = (variable: string) => readExpression(input, { ...options, variable, role: 'function' });
  if (options.variable !== undefined) return withDependence(read(options.variable));
  let first: ReadResult;
  try {
    first = read(DEFAULT_VARIABLE);
  } catch (error) {
    // `sint` is a typo of sin with variable x, but sin(t) in t: try the letters the input has.
    if (!(error instanceof ReadError) || error.code !== 'unknown_name' || formatOf(input, options.format) === 'mathml') throw error;
    const inferred = lettersOf(input).flatMap((letter) => readsAsFunctionOf(input, letter, read));
    if (inferred.length === 1) return inferredFrom(inferred[0] as ReadResult, input);
    throw error;
  }
  if (mentions(first.expr, first.variable)) return first;
  if (first.parameters.length === 0) return withDependence(first);
  if (first.parameters.length === 1) {
    const [letter] = first.parameters as [string];
    const reread = readsAsFunctionOf(input, letter, read)[0];
    if (reread) return inferredFrom(reread, input);
  }
  const letters = first.parameters;
  const at = Math.max(0, firstIndexOf(input, letters));
  throw new ReadError({
    code: 'variable_needed',
    field: 'function',
    message: msg('read.variable_needed', { default: DEFAULT_VARIABLE, count: letters.length, letters: list(letters, 'comma') }),
    position: codePointIndex(input, at),
    token: letters.join(', '),
    hint: msg('read.variable_needed.hint', { variable: letters.find((l) => l === 't') ?? (letters[letters.length - 1] as string) }),
  });
}

/** The read with `letter` as the variable, when it reads and depends on it with no other letter. */
function readsAsFunctionOf(input: string, letter: string, read: (variable: string) => ReadResult): ReadResult[] {
  try {
    const result = read(letter);
    return mentions(result.expr, result.variable) && result.parameters.length === 0 ? [result] : [];
  } catch (error) {
    if (error instanceof ReadError) return [];
    throw error;
  }
}

function inferredFrom(read: ReadResult, input: string): ReadResult {
  const warning = {
    code: 'variable_inferred' as const,
    position: codePointIndex(input, Math.max(0, firstIndexOf(input, [read.variable]))),
    message: msg('warn.variable_inferred', { default: DEFAULT_VARIABLE, variable: read.variable }),
  };
  return { ...read, warnings: [warning, ...read.warnings] };
}

function withDependence(read: ReadResult): ReadResult {
  if (mentions(read.expr, read.variable)) return read;
  const [only] = read.parameters;
  const message = read.parameters.length === 1
    ? msg('warn.variable_absent.one', { variable: read.variable, other: only as string })
    : read.parameters.length > 1
      ? msg('warn.variable_absent.several', { variable: read.variable, others: list(read.parameters, 'comma') })
      : msg('warn.variable_absent', { variable: read.variable });
  const warning = { code: 'variable_absent' as const, position: 0, message };
  return { ...read, warnings: [...read.warnings, warning] };
}

/** Letters of the input that could be a variable: Latin letters other than x and e, and Greek ones. */
function lettersOf(input: string): string[] {
  const latin = new Set(input.match(/[A-Za-z]/g) ?? []);
  latin.delete(DEFAULT_VARIABLE);
  latin.delete('e');
  const greek = new Set(input.match(/[\u0370-\u03ff]/gu) ?? []);
  return [...latin, ...greek].filter((letter) => letter !== 'π');
}

/** Where the first of these names is written (a name spelled out, θ as theta, is found as either). */
function firstIndexOf(input: string, names: readonly string[]): number {
  const found = names
    .flatMap((name) => [name.split('_')[0] as string, GREEK_NAMES.has(name) ? name : ''])
    .filter((name) => name !== '')
    .map((name) => input.indexOf(name))
    .filter((index) => index >= 0);
  return found.length === 0 ? -1 : Math.min(...found);
}
