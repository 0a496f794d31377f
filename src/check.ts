/**
 * check(function, answer): the verdict on a student's derivative, and when it is wrong, the chain-rule
 * mistake that explains it (MISTAKES.md), where it sits and feedback the student can act on. Pure:
 * the HTTP service, the batch endpoint and the command line all call this.
 */
import type { Variant } from './differentiate/chain-steps.js';
import { extendDomain, pointsAtNewBreakpoints, withFurther, type Domain } from './compare/domain.js';
import { compareOn, inTurn, prepare, type CompareOptions, type Comparison, type Prepared } from './compare/equivalence.js';
import { isChainRuleCode, type DiagnosisCode } from './diagnose/catalogue.js';
import { chainFeedback, mistakePhrase } from './diagnose/feedback.js';
import type { NodeText } from './diagnose/node-text.js';
import { findSlips } from './diagnose/slips.js';
import { readingField } from './parse/errors.js';
import { readExpression, type Format, type ReadResult } from './parse/read.js';
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

export type Verdict = 'correct' | 'incorrect' | 'undetermined';

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
  /** Sample points of the function's domain (those beside the answer's own breakpoints included). */
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
}

export function check(functionText: string, answerText: string, options: CheckOptions = {}): CheckResult {
  return checkAnswer(Problem.read(functionText, options), answerText, options);
}

export function checkAnswer(
  problem: Problem,
  answerText: string,
  options: { quiet?: boolean; format?: Format } = {},
): CheckResult {
  const quiet = options.quiet ?? false;
  const answer = readingField('answer', () =>
    readExpression(answerText, {
      variable: problem.variable,
      format: options.format ?? problem.options.format,
      limits: problem.options.limits,
      role: 'answer',
    }),
  );
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
 * The answer's values, and any other expression's, on the domains they are compared on: the problem's
 * own (shared and cached) and its further points, a candidate's own domain, the answer's own
 * breakpoints, each with columns for letters only the answer uses.
 */
class AnswerValues {
  readonly answer: Prepared;
  readonly extraParameters: string[];
  private readonly answers = new Map<Domain, Prepared>();
  private readonly others = new Map<Domain, Map<Expr, Prepared>>();
  private readonly widened = new Map<Domain, Domain>();
  private ownDomain: Domain | undefined;

  constructor(
    readonly problem: Problem,
    private readonly read: ReadResult,
  ) {
    this.extraParameters = read.parameters.filter((name) => !problem.source.parameters.includes(name));
    this.answer = this.answerOn(problem.domain);
  }

  /** A domain with the answer's own letters added (the same domain when it has none, or has them already). */
  private widen(domain: Domain): Domain {
    if (this.extraParameters.length === 0 || this.extraParameters.every((name) => domain.parameters.includes(name))) return domain;
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
   * An expression on the answer's (widened) version of `domain`. Only the correct derivative on the
   * problem's own points comes from the problem's cache: anything built for this answer (a slip's
   * reference, the answer's own points) is kept for this check alone, so a function checked against
   * thousands of answers does not accumulate them.
   */
  of(expr: Expr, domain: Domain = this.problem.domain): Prepared {
    const shared = domain === this.problem.domain || domain === this.problem.domain.further;
    if (this.extraParameters.length === 0 && expr === this.problem.expected && shared) return this.problem.expectedOn(domain);
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

  /**
   * Points beside the answer's own kinks and domain edges that the problem's domain has none at (an
   * answer with |x - 3000| to a function without one): computed on first use, empty for most answers.
   */
  get ownPoints(): Domain {
    this.ownDomain ??= pointsAtNewBreakpoints(this.widen(this.problem.domain), [this.read.expr], [this.problem.f, this.problem.expected]);
    return this.ownDomain;
  }

  /**
   * The answer against a reference: on `domain`, then — only while every point agrees — on its further
   * points, beside the answer's own breakpoints and on any `more` domains (a candidate's own points).
   */
  compareTo(reference: Expr, options: CompareOptions = {}, domain: Domain = this.problem.domain, more: () => Domain[] = () => [], onDomain?: Prepared): Comparison {
    // In turn: the answer's own and the candidate's points are found only if the comparison gets there.
    const domains = inTurn(() => withFurther(domain), () => [this.ownPoints], more);
    return compareOn(domains, (d) => [this.answerOn(d), d === domain && onDomain ? onDomain : this.of(reference, d)], options);
  }

  /** Does the answer equal this expression, with the same test that decides correctness? */
  equals(expr: Expr): boolean {
    return this.compareTo(expr).verdict === 'equivalent';
  }

  /** Does the answer equal a candidate (on the candidate's domain, and beside its own and the answer's breakpoints)? */
  matches(candidate: PreparedCandidate): boolean {
    const domain = candidate.values.domain;
    const values = this.extraParameters.length === 0 ? candidate.values : this.of(candidate.expr, domain);
    return this.compareTo(candidate.expr, CANDIDATE_MATCHING, domain, () => [candidate.ownPoints()], values).verdict === 'equivalent';
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
      equals: (expr) => values.equals(expr),
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
  const domains = [...withFurther(values.problem.domain), values.ownPoints];
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

