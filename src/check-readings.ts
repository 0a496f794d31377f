/**
 * Ambiguity decides nothing on its own. An answer written in a notation that reads more than one way
 * (1/2x, x/2y, e^2x, x^1/2, sin x y, x2, X for x, 2xx(x+1): see parse/grammar.ts) is checked under every
 * reading. When all readings get the same verdict, the answer is graded as its documented reading is,
 * with the warning that says how it was read. When they disagree, the student's notation is what
 * decides, and it does not say: the verdict is `needs_brackets` — never `incorrect` — with every
 * reading (and, unless quiet, each one's verdict) and feedback that asks for brackets.
 */
import type { CheckReport, ReadingReport } from './check.js';
import { list, msg, type Message } from './i18n/message.js';
import { readingField } from './parse/errors.js';
import { readEveryReading, type Format, type ReadResult } from './parse/read.js';
import type { Problem } from './problem.js';
import { asWritten } from './tree/render.js';

export interface ReadingOptions {
  quiet?: boolean;
  format?: Format;
}

export type CheckOne = (problem: Problem, answer: ReadResult, options: ReadingOptions) => CheckReport;

export function checkEveryReading(problem: Problem, answerText: string, options: ReadingOptions, checkOne: CheckOne): CheckReport {
  const { readings, complete } = readingField('answer', () =>
    readEveryReading(answerText, {
      variable: problem.variable,
      format: options.format ?? problem.options.format,
      limits: problem.options.limits,
      role: 'answer',
      // The function's letters are names in the answer too: w1 is its w_1, and its X is not x.
      knownNames: problem.source.parameters,
      // …and a word it does not apply, written with its letters, is those letters: acos for sin(ax).
      knownFunctions: problem.source.functions,
      // …and a letter's power takes the letters after its exponent (a^2x as a^(2x)) only when the
      // function has an exponential of that letter.
      exponentialBases: problem.exponentialBases,
    }),
  );
  const results = readings.map((reading) => checkOne(problem, reading, options));
  const first = results[0] as CheckReport;
  if (complete && results.every((result) => result.verdict === first.verdict)) return first;
  return needsBrackets(readings, results, complete, options.quiet ?? false);
}

function needsBrackets(readings: readonly ReadResult[], results: readonly CheckReport[], complete: boolean, quiet: boolean): CheckReport {
  const first = results[0] as CheckReport;
  const reports: ReadingReport[] = readings.map((reading, k) => {
    const shown = asWritten(reading.expr);
    const verdict = (results[k] as CheckReport).verdict;
    return quiet || verdict === 'needs_brackets' ? shown : { ...shown, verdict };
  });
  return {
    correct: false,
    verdict: 'needs_brackets',
    ...(first.expected ? { expected: first.expected } : {}),
    answer: first.answer,
    variable: first.variable,
    warnings: first.warnings,
    diagnosis: [],
    ambiguous: false,
    feedback: feedback(reports, readings[0] as ReadResult, complete, quiet),
    evidence: first.evidence,
    readings: reports,
  };
}

function feedback(reports: readonly ReadingReport[], documented: ReadResult, complete: boolean, quiet: boolean): Message {
  const where = documented.warnings.filter((w) => w.code !== 'variable_inferred' && w.code !== 'variable_absent').map((w) => w.message);
  const texts = reports.map((r) => r.text);
  const parts: Message[] = [
    complete
      ? msg('readings.differ', { count: reports.length, readings: list(texts, 'semicolon') })
      : msg('readings.too_many', { examples: list(texts.slice(0, 3), 'semicolon') }),
  ];
  if (!quiet) {
    // The first one starts the sentence (capitalised where the language does).
    const verdicts = reports
      .filter((r) => r.verdict !== undefined)
      .map((r, i) => msg(`readings.read_as.${r.verdict as string}${i === 0 ? '.first' : ''}`, { reading: r.text }));
    if (verdicts.length > 0) parts.push(msg('readings.verdicts', { verdicts: list(verdicts, 'semicolon') }));
  }
  if (where.length > 0) parts.push(msg('readings.where', { warnings: list(where, 'semicolon') }));
  parts.push(msg('readings.add_brackets'));
  return msg('sentences', { sentences: list(parts, 'sentence') });
}
