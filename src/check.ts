/**
 * check(function, answer): the verdict on a student's derivative, and when it is wrong, the chain-rule
 * mistake that explains it (MISTAKES.md), where it sits and feedback the student can act on. Pure:
 * the HTTP service, the batch endpoint and the command line all call this.
 */
import type { Variant } from './differentiate/chain-steps.js';
import { extendDomain, type Domain } from './compare/domain.js';
import { compare, prepare, type Comparison, type Prepared } from './compare/equivalence.js';
import { isChainRuleCode, type DiagnosisCode } from './diagnose/catalogue.js';
import { chainFeedback, mistakePhrase } from './diagnose/feedback.js';
import type { NodeText } from './diagnose/node-text.js';
import { findSlips } from './diagnose/slips.js';
import { checkEveryReading } from './check-readings.js';
import type { Format, ReadResult } from './parse/read.js';
import type { ReadWarning } from './parse/warnings.js';
import { CANDIDATE_MATCHING, Problem, type PreparedCandidate, type ProblemOptions } from './problem.js';
import type { Expr } from './tree/nodes.js';
import { toLatex } from './tree/print-latex.js';
import { toText } from './tree/print-text.js';
import { render, type Rendered } from './tree/render.js';

export interface CheckOptions extends ProblemOptions {
  /** Exams: leave out the expected derivative, candidates and anything that gives the answer away. */
  quiet?: boolean;
}

/** `needs_brackets`: the answer reads more than one way and the readings disagree (check-readings.ts). */
export type Verdict = 'correct' | 'incorrect' | 'undetermined' | 'needs_brackets';

export interface NodeReport extends Rendered {
  /** The outer function with u for its argument: sin(u), u^2. */
  outer: Rendered;
  /** The inner function u. */
  inner: Rendered;
}

export interface DiagnosisEntry {
  mistake: DiagnosisCode;
  /** a/b/c for the chain-rule mistakes (MISTAKES.md), null for the other slips. */
  variant: Variant | null;
  /** The same mistake made at every chain node. */
  systematic: boolean;
  /** The (outermost) chain node where the mistake sits; null for slips that have no node. */
  at: NodeReport | null;
  /** Every chain node the mistake was made at (one, unless systematic). */
  nodes: NodeReport[];
  /** The derivative under the mistake, which the answer equals (left out when quiet). */
  candidate?: Rendered;
  feedback: string;
}

export type WarningReport = ReadWarning & { field: 'function' | 'answer' };

export interface Evidence {
  /** Sample points of the function's domain. */
  points: number;
  /** Points where answer and derivative could be compared. */
  compared: number;
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
  const comparison = compare(values.answer, values.of(problem.expected));
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
  const ambiguous = new Set(diagnosis.map((d) => d.mistake)).size > 1;
  return {
    correct: false,
    verdict: 'incorrect',
    ...base,
    diagnosis,
    ambiguous,
    feedback: overallFeedback(diagnosis, ambiguous, comparison, values, answer, quiet),
    evidence,
  };
}

/**
 * The answer's values, and any other expression's, on the domain they are compared on: the problem's
 * own (shared and cached), a candidate's own domain, or either with columns for letters only the
 * answer uses.
 */
class AnswerValues {
  readonly answer: Prepared;
  readonly extraParameters: string[];
  private readonly answers = new Map<Domain, Prepared>();
  private readonly others = new Map<Domain, Map<Expr, Prepared>>();
  private readonly widened = new Map<Domain, Domain>();

  constructor(
    readonly problem: Problem,
    private readonly read: ReadResult,
  ) {
    this.extraParameters = read.parameters.filter((name) => !problem.source.parameters.includes(name));
    this.answer = this.answerOn(problem.domain);
  }

  /** A domain with the answer's own letters added (the same domain when it has none). */
  private widen(domain: Domain): Domain {
    if (this.extraParameters.length === 0) return domain;
    let wide = this.widened.get(domain);
    if (!wide) {
      wide = extendDomain(domain, this.extraParameters);
      this.widened.set(domain, wide);
    }
    return wide;
  }

  answerOn(domain: Domain): Prepared {
    let prepared = this.answers.get(domain);
    if (!prepared) {
      prepared = prepare(this.read.expr, this.widen(domain));
      this.answers.set(domain, prepared);
    }
    return prepared;
  }

  /**
   * An expression on the answer's (widened) version of `domain`. Only the correct derivative comes
   * from the problem's own cache: anything built for this answer (a slip's reference) is kept for this
   * check alone, so a function checked against thousands of answers does not accumulate them.
   */
  of(expr: Expr, domain: Domain = this.problem.domain): Prepared {
    if (this.extraParameters.length === 0 && expr === this.problem.expected) return this.problem.expectedOn(domain);
    let cache = this.others.get(domain);
    if (!cache) {
      cache = new Map();
      this.others.set(domain, cache);
    }
    let prepared = cache.get(expr);
    if (!prepared) {
      prepared = prepare(expr, this.widen(domain));
      cache.set(expr, prepared);
    }
    return prepared;
  }

  /** Does the answer equal a candidate (on the candidate's domain)? */
  matches(candidate: PreparedCandidate): boolean {
    const domain = candidate.values.domain;
    const values = this.extraParameters.length === 0 ? candidate.values : this.of(candidate.expr, domain);
    return compare(this.answerOn(domain), values, CANDIDATE_MATCHING).verdict === 'equivalent';
  }
}

function diagnose(problem: Problem, values: AnswerValues, quiet: boolean): DiagnosisEntry[] {
  const matches = problem.candidates().filter((c) => values.matches(c));
  const expectedText = quiet ? undefined : problem.expectedRendered().text;
  if (matches.length > 0) {
    return matches.map((c) => {
      const texts = c.nodes.map((node) => problem.nodeText(node.id));
      const nodes = texts.map(nodeReport);
      return {
        mistake: c.mistake,
        variant: c.variant,
        systematic: c.systematic,
        at: nodes[0] ?? null,
        nodes,
        ...(quiet ? {} : { candidate: render(c.expr, problem.variable) }),
        feedback: chainFeedback(c.mistake, c.variant, c.systematic, texts, problem.variable, quiet, expectedText),
      };
    });
  }
  const slips = findSlips(
    {
      f: problem.f,
      expected: problem.expected,
      variable: problem.variable,
      expectedValues: values.of(problem.expected),
      prepare: (expr) => values.of(expr),
    },
    values.answer,
  );
  return slips.map((slip) => ({
    mistake: slip.code,
    variant: null,
    systematic: false,
    at: null,
    nodes: [],
    ...(quiet ? {} : { candidate: render(slip.expr, problem.variable) }),
    feedback: quiet ? slip.feedback.quiet : slip.feedback.open,
  }));
}

function nodeReport(text: NodeText): NodeReport {
  return { ...text.composite, outer: text.outer, inner: text.inner };
}

function evidenceOf(comparison: Comparison, values: AnswerValues, quiet: boolean): Evidence {
  const evidence: Evidence = { points: values.answer.domain.points.length, compared: comparison.compared };
  if (comparison.verdict === 'not_equivalent') {
    const { at, actual, expected } = comparison.counterexample;
    evidence.counterexample = quiet ? { at, answer: actual } : { at, answer: actual, expected };
  }
  return evidence;
}

function overallFeedback(
  diagnosis: readonly DiagnosisEntry[],
  ambiguous: boolean,
  comparison: Comparison,
  values: AnswerValues,
  answer: ReadResult,
  quiet: boolean,
): string {
  const parts: string[] = [];
  const first = diagnosis[0];
  if (first && ambiguous) {
    const phrases = [
      ...new Map(
        diagnosis.flatMap((d) => (isChainRuleCode(d.mistake) && d.variant !== null ? [[d.mistake, mistakePhrase(d.mistake, d.variant)] as const] : [])),
      ).values(),
    ];
    parts.push(phrases.length > 1
      ? `Your answer fits more than one chain-rule mistake, which give the same result for this function: you either ${phrases.join(', or ')}.`
      : 'Your answer fits more than one mistake.');
    parts.push(first.feedback);
  } else if (first) {
    parts.push(first.feedback);
  } else {
    parts.push('Your answer is not the derivative, and it does not match any of the common chain-rule mistakes.');
    if (comparison.verdict === 'not_equivalent' && !quiet) {
      const { at, actual, expected } = comparison.counterexample;
      const where = Object.entries(at).map(([name, value]) => `${name} = ${short(value)}`).join(', ');
      parts.push(`For example, at ${where} your answer gives ${short(actual)} but the derivative is ${short(expected)}.`);
    }
    parts.push('Check each step of the chain rule: F\'(u)·u\' at every composite.');
  }
  if (values.extraParameters.length > 0) {
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

