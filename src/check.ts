/**
 * check(function, answer): the verdict on a student's derivative, and when it is wrong, the mistake
 * that explains it (MISTAKES.md, MISTAKES-BEYOND.md), where it sits and feedback the student can act
 * on. Pure: the HTTP service, the batch endpoint and the command line all call this.
 */
import { AnswerValues } from './answer-values.js';
import { checkEveryReading } from './check-readings.js';
import { withFurther, type Domain } from './compare/domain.js';
import type { Comparison } from './compare/equivalence.js';
import { rulesNeeded } from './diagnose/rules-needed.js';
import { diagnose, type Diagnosis, type DiagnosisEntry } from './diagnosis.js';
import type { Format, ReadResult } from './parse/read.js';
import type { ReadWarning } from './parse/warnings.js';
import { Problem, type ProblemOptions } from './problem.js';
import { toLatex } from './tree/print-latex.js';
import { toText } from './tree/print-text.js';
import type { Rendered } from './tree/render.js';

export type { DiagnosisEntry, PlaceReport } from './diagnosis.js';

export interface CheckOptions extends ProblemOptions {
  /** Exams: leave out the expected derivative, candidates and anything that gives the answer away. */
  quiet?: boolean;
}

/** `needs_brackets`: the answer reads more than one way and the readings disagree (check-readings.ts). */
export type Verdict = 'correct' | 'incorrect' | 'undetermined' | 'needs_brackets';

export type WarningReport = ReadWarning & { field: 'function' | 'answer' };

export interface Evidence {
  /** Sample points of the function's domain, and those beside the answer's own breakpoints when the comparison got to them. */
  points: number;
  /** Points where answer and derivative could be compared. */
  compared: number;
  /** Of the points, those where |variable| > 100. */
  far: number;
  /** Of the points, those placed on either side of a kink, a jump or a domain edge. */
  atBreakpoints: number;
  /** Arguments whose kinks or domain edges could not all be found (present only when there are some). */
  unsolved?: string[];
  /** Where the answer differs from the derivative (expected left out when quiet). */
  counterexample?: { at: Record<string, number>; answer: number; expected?: number };
}

export interface CheckResult {
  correct: boolean;
  verdict: Verdict;
  /** The correct derivative (left out when quiet). */
  expected?: Rendered;
  /** How the answer was read, as written (not simplified). */
  answer: Rendered;
  variable: string;
  warnings: WarningReport[];
  diagnosis: DiagnosisEntry[];
  /** More than one mistake code explains the answer. */
  ambiguous: boolean;
  feedback: string;
  evidence: Evidence;
  /** With needs_brackets: every reading of the answer, and (unless quiet) each one's verdict. */
  readings?: ReadingReport[];
}

export interface ReadingReport extends Rendered {
  verdict?: Exclude<Verdict, 'needs_brackets'>;
}

export function check(functionText: string, answerText: string, options: CheckOptions = {}): CheckResult {
  return checkAnswer(Problem.read(functionText, options), answerText, options);
}

/** The answer checked under every reading it has (an ambiguous answer decides nothing on its own). */
export function checkAnswer(
  problem: Problem,
  answerText: string,
  options: { quiet?: boolean; format?: Format } = {},
): CheckResult {
  return checkEveryReading(problem, answerText, options, checkReading);
}

/** One reading of the answer checked: the verdict and, when it is wrong, the diagnosis. */
export function checkReading(problem: Problem, answer: ReadResult, options: { quiet?: boolean } = {}): CheckResult {
  const quiet = options.quiet ?? false;
  const values = new AnswerValues(problem, answer);
  const comparison = values.compareTo(problem.expected);
  const base = {
    ...(quiet ? {} : { expected: problem.expectedRendered() }),
    answer: { text: toText(answer.expr), latex: toLatex(answer.expr) },
    variable: problem.variable,
    warnings: [
      ...problem.source.warnings.map((w) => ({ ...w, field: 'function' as const })),
      ...answer.warnings.map((w) => ({ ...w, field: 'answer' as const })),
    ],
  };
  const evidence = evidenceOf(comparison, values, quiet);
  if (comparison.verdict === 'equivalent') {
    return { correct: true, verdict: 'correct', ...base, diagnosis: [], ambiguous: false, feedback: 'Correct: your answer equals the derivative.', evidence };
  }
  if (comparison.verdict === 'undetermined') {
    return {
      correct: false,
      verdict: 'undetermined',
      ...base,
      diagnosis: [],
      ambiguous: false,
      feedback: `Your answer could not be checked: ${comparison.reason}.`,
      evidence,
    };
  }
  const diagnosis = diagnose(problem, values, quiet);
  return {
    correct: false,
    verdict: 'incorrect',
    ...base,
    diagnosis: diagnosis.entries,
    ambiguous: diagnosis.ambiguous,
    feedback: overallFeedback(diagnosis, comparison, values, answer, quiet),
    evidence,
  };
}

function evidenceOf(comparison: Comparison, values: AnswerValues, quiet: boolean): Evidence {
  // The points looked at, or that would have been: the answer's own only when a comparison got there.
  const own = values.ownPointsUsed;
  const domains = [...withFurther(values.problem.domain), ...(own ? [own] : [])];
  const sum = (count: (domain: Domain) => number) => domains.reduce((total, domain) => total + count(domain), 0);
  const evidence: Evidence = {
    points: sum((d) => d.points.length),
    compared: comparison.compared,
    far: sum((d) => d.far),
    atBreakpoints: sum((d) => d.atBreakpoints),
  };
  const unsolved = [...new Set(domains.flatMap((d) => d.unsolved.map((expr) => toText(expr))))];
  if (unsolved.length > 0) evidence.unsolved = unsolved;
  if (comparison.verdict === 'not_equivalent') {
    const { at, actual, expected } = comparison.counterexample;
    evidence.counterexample = quiet ? { at, answer: actual } : { at, answer: actual, expected };
  }
  return evidence;
}

function overallFeedback(diagnosis: Diagnosis, comparison: Comparison, values: AnswerValues, answer: ReadResult, quiet: boolean): string {
  const parts: string[] = [];
  const explained = diagnosis.entries.some((d) => d.mistake === 'constant_of_integration_added');
  if (diagnosis.feedback !== undefined) {
    parts.push(diagnosis.feedback);
  } else {
    parts.push('Your answer is not the derivative, and it does not match any of the common mistakes.');
    if (comparison.verdict === 'not_equivalent' && !quiet) {
      const { at, actual, expected } = comparison.counterexample;
      const where = Object.entries(at).map(([name, value]) => `${name} = ${short(value)}`).join(', ');
      parts.push(`For example, at ${where} your answer gives ${short(actual)} but the derivative is ${short(expected)}.`);
    }
    parts.push(rulesNeeded(values.problem.differentiator));
  }
  if (values.extraParameters.length > 0 && !explained) {
    const names = values.extraParameters.join(', ');
    const integration = values.extraParameters.some((name) => name === 'C' || name === 'c');
    parts.push(integration
      ? `Your answer uses ${names}, which the function does not: a derivative has no constant of integration (+ C belongs to antiderivatives).`
      : `Your answer uses ${names}, which the function does not (the variable is ${values.problem.variable}).`);
  }
  if (answer.warnings.length > 0) {
    parts.push(`Note how your answer was read: ${answer.warnings.map((w) => w.message).join('; ')}.`);
  }
  return parts.join(' ');
}

function short(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'undefined' : String(value);
  return String(Number(value.toPrecision(4)));
}

