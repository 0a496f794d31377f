/**
 * Ambiguity decides nothing on its own. An answer written in a notation that reads more than one way
 * (1/2x, x/2y, e^2x, x^1/2, sin x y, x2, X for x, 2xx(x+1): see parse/grammar.ts) is checked under every
 * reading. When all readings get the same verdict, the answer is graded as its documented reading is,
 * with the warning that says how it was read. When they disagree, the student's notation is what
 * decides, and it does not say: the verdict is `needs_brackets` — never `incorrect` — with every
 * reading (and, unless quiet, each one's verdict) and feedback that asks for brackets.
 */
import type { CheckResult, ReadingReport } from './check.js';
import { readingField } from './parse/errors.js';
import { readEveryReading, type Format, type ReadResult } from './parse/read.js';
import type { Problem } from './problem.js';
import { toLatex } from './tree/print-latex.js';
import { toText } from './tree/print-text.js';

export interface ReadingOptions {
  quiet?: boolean;
  format?: Format;
}

export type CheckOne = (problem: Problem, answer: ReadResult, options: ReadingOptions) => CheckResult;

export function checkEveryReading(problem: Problem, answerText: string, options: ReadingOptions, checkOne: CheckOne): CheckResult {
  const { readings, complete } = readingField('answer', () =>
    readEveryReading(answerText, {
      variable: problem.variable,
      format: options.format ?? problem.options.format,
      limits: problem.options.limits,
      role: 'answer',
      // The function's letters are names in the answer too: w1 is its w_1, and its X is not x.
      knownNames: problem.source.parameters,
    }),
  );
  const results = readings.map((reading) => checkOne(problem, reading, options));
  const first = results[0] as CheckResult;
  if (complete && results.every((result) => result.verdict === first.verdict)) return first;
  return needsBrackets(readings, results, complete, options.quiet ?? false);
}

function needsBrackets(readings: readonly ReadResult[], results: readonly CheckResult[], complete: boolean, quiet: boolean): CheckResult {
  const first = results[0] as CheckResult;
  const reports: ReadingReport[] = readings.map((reading, k) => {
    const shown = { text: toText(reading.expr), latex: toLatex(reading.expr) };
    const verdict = (results[k] as CheckResult).verdict;
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

const VERDICT_PHRASES: Record<NonNullable<ReadingReport['verdict']>, string> = {
  correct: 'it is the derivative',
  incorrect: 'it is not the derivative',
  undetermined: 'it cannot be checked',
};

function feedback(reports: readonly ReadingReport[], documented: ReadResult, complete: boolean, quiet: boolean): string {
  const where = documented.warnings.filter((w) => w.code !== 'variable_inferred' && w.code !== 'variable_absent').map((w) => w.message);
  const parts = [
    complete
      ? `Your answer can be read in ${reports.length} ways, which do not give the same result: ${reports.map((r) => r.text).join('; ')}.`
      : `Your answer has too many places that can be read more than one way to check them all (for example ${reports.slice(0, 3).map((r) => r.text).join('; ')}).`,
  ];
  if (!quiet) {
    const verdicts = reports.filter((r) => r.verdict !== undefined).map((r) => `read as ${r.text}, ${VERDICT_PHRASES[r.verdict as keyof typeof VERDICT_PHRASES]}`);
    if (verdicts.length > 0) parts.push(`${capitalize(verdicts.join('; '))}.`);
  }
  if (where.length > 0) parts.push(`Where it is ambiguous: ${where.join('; ')}.`);
  parts.push('Add brackets (or * and ^) to say which one you mean, and submit it again: it has not been graded.');
  return parts.join(' ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
