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
import { list, msg, type Message } from './i18n/message.js';
import type { Format, ReadResult } from './parse/read.js';
import type { ReadWarning } from './parse/warnings.js';
import { present, type CheckResult, type PresentOptions } from './present/result.js';
import { Problem, type ProblemOptions } from './problem.js';
import { toText } from './tree/print-text.js';
import { asWritten, render, type Rendered } from './tree/render.js';

export type { DiagnosisEntry, PlaceReport } from './diagnosis.js';
export type { CheckResult } from './present/result.js';

export interface CheckOptions extends ProblemOptions, PresentOptions {}

/** What the core's check is told: whether to leave out what gives the answer away. */
export interface CoreCheckOptions {
  /** Exams, and students' views without reveal: leave out the expected derivative, candidates and anything that gives the answer away. */
  quiet?: boolean;
  format?: Format;
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
  /**
   * Present (true) when the values overflow double precision, so the answer was compared in extended
   * range (logarithms of magnitudes, then decimal.js): the counts above are then that range's points.
   */
  extendedRange?: true;
  /**
   * Where the answer differs from the derivative (expected left out when quiet); values beyond double
   * range are null there and written out in `approximately`.
   */
  counterexample?: {
    at: Record<string, number>;
    answer: number;
    expected?: number;
    approximately?: { answer: string; expected?: string };
  };
}

/**
 * The core's result: every text a message (`{code, params}`), rendered once at the edge
 * (present/result.ts) in the language asked for.
 */
export interface CheckReport {
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
  feedback: Message;
  evidence: Evidence;
  /** With needs_brackets: every reading of the answer, and (unless quiet) each one's verdict. */
  readings?: ReadingReport[];
}

export interface ReadingReport extends Rendered {
  verdict?: Exclude<Verdict, 'needs_brackets'>;
}

/** The answer checked and presented (in English, to a teacher, unless the options say otherwise). */
export function check(functionText: string, answerText: string, options: CheckOptions = {}): CheckResult {
  const problem = Problem.read(functionText, options);
  return present(checkAnswer(problem, answerText, { quiet: hidesAnswer(options), format: options.format }), options);
}

/** Whether a view leaves out what gives the answer away: quiet, or a student's view without reveal. */
export function hidesAnswer(options: PresentOptions): boolean {
  return options.quiet === true || (options.audience === 'student' && options.reveal !== true);
}

/** The answer checked under every reading it has (an ambiguous answer decides nothing on its own). */
export function checkAnswer(problem: Problem, answerText: string, options: CoreCheckOptions = {}): CheckReport {
  return checkEveryReading(problem, answerText, options, checkReading);
}

/** One reading of the answer checked: the verdict and, when it is wrong, the diagnosis. */
export function checkReading(problem: Problem, answer: ReadResult, options: { quiet?: boolean } = {}): CheckReport {
  const quiet = options.quiet ?? false;
  const values = new AnswerValues(problem, answer);
  const comparison = values.compareTo(problem.expected);
  const base = {
    ...(quiet ? {} : { expected: problem.expectedRendered() }),
    answer: asWritten(answer.expr),
    variable: problem.variable,
    warnings: [
      ...problem.source.warnings.map((w) => ({ ...w, field: 'function' as const })),
      ...answer.warnings.map((w) => ({ ...w, field: 'answer' as const })),
    ],
  };
  const evidence = evidenceOf(comparison, values, quiet);
  if (comparison.verdict === 'equivalent') {
    return { correct: true, verdict: 'correct', ...base, diagnosis: [], ambiguous: false, feedback: msg('check.correct'), evidence };
  }
  if (comparison.verdict === 'undetermined') {
    return {
      correct: false,
      verdict: 'undetermined',
      ...base,
      diagnosis: [],
      ambiguous: false,
      feedback: msg('check.undetermined', { reason: comparison.reason }),
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
  const extended = comparison.extended === true;
  const own = extended ? values.extendedOwnPointsUsed : values.ownPointsUsed;
  const home = extended ? values.problem.extendedRange().domain : values.problem.domain;
  const domains = [...withFurther(home), ...(own ? [own] : [])];
  const sum = (count: (domain: Domain) => number) => domains.reduce((total, domain) => total + count(domain), 0);
  const evidence: Evidence = {
    points: sum((d) => d.points.length),
    compared: comparison.compared,
    far: sum((d) => d.far),
    atBreakpoints: sum((d) => d.atBreakpoints),
  };
  const unsolved = [...new Set(domains.flatMap((d) => d.unsolved.map((expr) => toText(expr))))];
  if (unsolved.length > 0) evidence.unsolved = unsolved;
  if (extended) evidence.extendedRange = true;
  if (comparison.verdict === 'not_equivalent') {
    const { at, actual, expected, approximately } = comparison.counterexample;
    evidence.counterexample = quiet ? { at, answer: actual } : { at, answer: actual, expected };
    if (approximately) {
      evidence.counterexample.approximately = quiet ? { answer: approximately.actual } : { answer: approximately.actual, expected: approximately.expected };
    }
  }
  return evidence;
}

function overallFeedback(diagnosis: Diagnosis, comparison: Comparison, values: AnswerValues, answer: ReadResult, quiet: boolean): Message {
  const parts: Message[] = [];
  const explained = diagnosis.entries.some((d) => d.mistake === 'constant_of_integration_added');
  if (diagnosis.feedback !== undefined) {
    parts.push(diagnosis.feedback);
  } else {
    parts.push(msg('check.unexplained'));
    if (comparison.verdict === 'not_equivalent' && !quiet) {
      const { at, actual, expected, approximately } = comparison.counterexample;
      // The answer's own letters (C) are drawn like a parameter: a wrong answer is wrong for almost every
      // value of them, while C = 0 could make it agree by chance. They are shown apart from the point,
      // as values taken for the answer (x = -0.8338 (taking C = 2.9)), not as the function's.
      const coordinate = ([name, value]: [string, number]) => msg('check.point_coordinate', { name, value: short(value) });
      const own = Object.entries(at).filter(([name]) => !values.extraParameters.includes(name));
      const taken = Object.entries(at).filter(([name]) => values.extraParameters.includes(name));
      const point = list(own.map(coordinate), 'comma');
      const where = taken.length === 0 ? point : msg('check.point_taking', { where: point, letters: list(taken.map(coordinate), 'comma') });
      parts.push(
        approximately
          ? msg('check.for_example_approximately', { where, answer: approximately.actual, expected: approximately.expected })
          : msg('check.for_example', { where, ...shortApart(actual, expected) }),
      );
    }
    parts.push(rulesNeeded(values.problem.differentiator));
  }
  if (values.realNowhereOnDomain) {
    parts.push(msg('check.undefined_on_domain', { f: render(values.problem.f, values.problem.variable).text }));
  }
  if (values.extraParameters.length > 0 && !explained) {
    const names = list(values.extraParameters, 'comma');
    const integration = values.extraParameters.some((name) => name === 'C' || name === 'c');
    parts.push(integration
      ? msg('check.extra_letters_integration', { names })
      : msg('check.extra_letters', { names, variable: values.problem.variable }));
  }
  if (answer.warnings.length > 0) {
    parts.push(msg('check.read_as', { warnings: list(answer.warnings.map((w) => w.message), 'semicolon') }));
  }
  // One sentence is its own message: an LMS rendering its own texts meets `sentences` only when there are several.
  return parts.length === 1 ? (parts[0] as Message) : msg('sentences', { sentences: list(parts, 'sentence') });
}

/**
 * A value shown in a sentence: a number to 4 significant digits (formatted per locale), or a word.
 * Scientific beyond ordinary sizes: 3.711E-289 rather than 0.000…0003711 with 288 zeros.
 */
function short(value: number, digits = 4): Message {
  if (!Number.isFinite(value)) return msg(Number.isNaN(value) ? 'number.undefined' : value > 0 ? 'number.infinity' : 'number.minus_infinity');
  const scientific = value !== 0 && (Math.abs(value) < 1e-5 || Math.abs(value) >= 1e9);
  const code = scientific ? (digits > 4 ? 'number.scientific_precise' : 'number.scientific') : digits > 4 ? 'number.precise' : 'number.short';
  return msg(code, { value: Number(value.toPrecision(digits)) });
}

/**
 * The answer's and the derivative's values at a counterexample, with as many digits as tell them apart:
 * π written 3.1416 gives -2.723 against -2.723 to four digits, -2.72282 against -2.72271 to six.
 */
function shortApart(answer: number, expected: number): { answer: Message; expected: Message } {
  let digits = 4;
  while (digits < 17 && Number.isFinite(answer) && Number.isFinite(expected) && answer !== expected && answer.toPrecision(digits) === expected.toPrecision(digits)) digits++;
  // One digit past the first that differs, so the difference reads as more than rounding.
  if (digits > 4 && digits < 17) digits++;
  return { answer: short(answer, digits), expected: short(expected, digits) };
}

