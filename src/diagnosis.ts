/**
 * The diagnosis of a wrong answer (MISTAKES.md, MISTAKES-BEYOND.md): the causes first — every mistake
 * candidate the answer equals (the four chain-rule mistakes, then the others) and the whole-answer
 * mistakes (integrated instead, a constant added) — then, only when no single cause explains it, two
 * mistakes at once, then one mistake and a constant the answer writes (+ C), and only when nothing
 * does, the symptom slips. Each entry says where the mistake
 * sits and gives feedback the student can act on; quiet mode gives nothing away.
 */
import type { AnswerValues } from './answer-values.js';
import { beyondFeedback, beyondPhrase, systematicBeyondFeedback, type Said } from './diagnose/beyond-feedback.js';
import type { Mistake } from './diagnose/candidates.js';
import { chainFeedback, mistakePhrase } from './diagnose/feedback.js';
import { isNetworkGroup, neuronSentence } from './diagnose/neuron.js';
import type { NodeText } from './diagnose/node-text.js';
import { findSlips } from './diagnose/slips.js';
import { list, msg, type Message } from './i18n/message.js';
import type { Place, Plan } from './differentiate/places.js';
import { isChainRuleCode, type BeyondCode, type DiagnosisCode, type Variant } from './mistake-codes.js';
import type { PreparedCandidate, Problem } from './problem.js';
import { resolveLimits } from './limits.js';
import { asWritten, render, type Rendered } from './tree/render.js';
import { add, isSymbol, mentions, neg, type Expr } from './tree/nodes.js';
import { numberValue, signedTerms } from './differentiate/chain-steps.js';
import { compile } from './compare/compile.js';

/** Where a mistake sits: a chain node with its outer and inner functions, or another place with its rule. */
export interface PlaceReport extends Rendered {
  /** The outer function with u for its argument: sin(u), u^2 (chain nodes and functions). */
  outer?: Rendered;
  /** The inner function u (chain nodes and functions). */
  inner?: Rendered;
  /** The rule applied there, for places other than chain nodes: product, quotient, power… */
  rule?: string;
  /** Chain nodes: 0 for an outermost one, 1 inside one, … (the answer note's outer and inner). */
  depth?: number;
}

export interface DiagnosisEntry {
  mistake: DiagnosisCode;
  /** a, b, c or d (the catalogue's variants); null for codes without variants. */
  variant: Variant | null;
  /** The same mistake made at every place it applies to. */
  systematic: boolean;
  /** The (outermost) place where the mistake sits; null for mistakes of the answer as a whole. */
  at: PlaceReport | null;
  /** Every place the mistake was made at (one, unless systematic). */
  nodes: PlaceReport[];
  /** The derivative under the mistake, which the answer equals (left out when quiet). */
  candidate?: Rendered;
  feedback: Message;
  /** Two mistakes at once: both entries of one explanation carry the same number (1, 2, …). */
  combined?: number;
}

export interface Diagnosis {
  entries: DiagnosisEntry[];
  /** More than one explanation, with different codes, fits the answer. */
  ambiguous: boolean;
  /** The feedback for the answer as a whole; undefined when nothing explains the answer. */
  feedback: Message | undefined;
}

export function diagnose(problem: Problem, values: AnswerValues, quiet: boolean): Diagnosis {
  const expected = quiet ? undefined : problem.expectedRendered().text;
  const matched = problem.matchingSingles(values);
  const placed = matched.map((c) => candidateEntry(problem, c, c, quiet, expected));
  // A mistake at a place says more than one about the whole answer: 3x^2 + 2e for x^3 + e^2 is e^2
  // differentiated as if e were the variable, though it is also the derivative plus a constant.
  // Whether the answer is the derivative plus a constant: asked by the whole-answer test and again by
  // the mistake-plus-constant test, computed once.
  let offset: boolean | undefined;
  const differsByConstant = () => (offset ??= values.differsByConstant(problem.expected));
  const causes = placed.length > 0 ? placed : wholeAnswer(problem, values, quiet, differsByConstant);
  if (causes.length > 0) {
    const ambiguous = new Set(causes.map((d) => d.mistake)).size > 1;
    return { entries: causes, ambiguous, feedback: causesFeedback(problem, matched, causes, ambiguous) };
  }
  // Two mistakes at once are looked for in doubles only: beyond double range, making and indexing a
  // function's hundreds of pairs would take a good part of a check's time budget by itself.
  const pairs = values.extended ? [] : problem.matchingPairs(values);
  if (pairs.length > 0) {
    const entries = pairs.flatMap((c, i) => {
      const second = c.second as Mistake;
      return [candidateEntry(problem, c, c, quiet, expected), candidateEntry(problem, c, second, quiet, expected)].map((entry) => ({ ...entry, combined: i + 1 }));
    });
    const ambiguous = pairs.length > 1;
    const [first, second] = entries;
    const lead = msg(ambiguous ? 'diagnosis.pairs_ambiguous' : 'diagnosis.pair');
    const parts = [lead, ...[first, second].flatMap((entry) => (entry ? [entry.feedback] : []))];
    return { entries, ambiguous, feedback: msg('sentences', { sentences: list(parts, 'sentence') }) };
  }
  // A place mistake and + C at once (3x^2 + cos(2x) + C for x^3 + sin(2x)): looked for only now, so an
  // answer something else explains pays nothing for it.
  const shifted = values.extended ? [] : problem.matchingSinglesPlusConstant(values);
  const withC = shifted.length > 0 ? withConstant(problem, values, shifted, quiet, expected, differsByConstant()) : undefined;
  if (withC) return withC;
  const slips = findSlips(
    {
      f: problem.f,
      expected: problem.expected,
      variable: problem.variable,
      expectedValues: values.of(problem.expected),
      prepare: (expr) => values.of(expr),
      equals: (expr) => values.equals(expr),
      ...(values.extended ? { extendedFactor: () => values.extendedFactor() } : {}),
    },
    values.answer,
  ).map((slip) => ({
    mistake: slip.code,
    variant: null,
    systematic: false,
    at: null,
    nodes: [],
    ...(quiet ? {} : { candidate: render(slip.expr, problem.variable) }),
    feedback: quiet ? slip.feedback.quiet : slip.feedback.open,
  }));
  const first = slips[0];
  if (first) return { entries: slips, ambiguous: new Set(slips.map((s) => s.mistake)).size > 1, feedback: first.feedback };
  return { entries: [], ambiguous: false, feedback: undefined };
}

/**
 * Entries made for a candidate, by its mistake (the candidate's own, or the second of a pair) and
 * quietness: the same wrong answer, or another equal to the same candidate, needs the same words, and
 * rendering them (simplifying the candidate, the place's derivatives) is the dearest part of a diagnosis.
 */
const ENTRIES = new WeakMap<PreparedCandidate, Map<string, DiagnosisEntry>>();

/** The entry for one mistake of a candidate (the candidate's own, or the second of a pair). */
function candidateEntry(problem: Problem, candidate: PreparedCandidate, mistake: Mistake, quiet: boolean, expected: string | undefined): DiagnosisEntry {
  let entries = ENTRIES.get(candidate);
  if (!entries) {
    entries = new Map();
    ENTRIES.set(candidate, entries);
  }
  const key = `${mistake === candidate ? 'first' : 'second'}:${quiet}`;
  let entry = entries.get(key);
  if (!entry) {
    entry = Object.freeze(makeEntry(problem, candidate, mistake, quiet, expected));
    entries.set(key, entry);
  }
  return entry;
}

function makeEntry(problem: Problem, candidate: PreparedCandidate, mistake: Mistake, quiet: boolean, expected: string | undefined): DiagnosisEntry {
  const nodes = mistake.places.map((place) => placeReport(problem, place));
  return {
    mistake: mistake.mistake,
    variant: mistake.variant,
    systematic: mistake.systematic,
    at: nodes[0] ?? null,
    nodes,
    ...(quiet ? {} : { candidate: render(candidate.expr, problem.variable) }),
    feedback: withNeuronTerms(mistakeFeedback(problem, mistake, candidate.plan, quiet, expected), neuronSentence(problem.differentiator, mistake, quiet)),
  };
}

/** A loss of a neuron's activation: what the mistake left out, said in backpropagation's terms too. */
function withNeuronTerms(feedback: Message, sentence: Message | undefined): Message {
  return sentence === undefined ? feedback : msg('sentences', { sentences: list([feedback, sentence], 'sentence') });
}

function mistakeFeedback(problem: Problem, mistake: Mistake, plan: Plan, quiet: boolean, expected: string | undefined): Message {
  if (isChainRuleCode(mistake.mistake)) {
    const texts = mistake.nodes.map((node) => problem.nodeText(node.id));
    const someSteps = mistake.systematic && isNetworkGroup(problem.differentiator, mistake.nodes);
    return chainFeedback(mistake.mistake, mistake.variant, mistake.systematic, texts, problem.variable, quiet, expected, someSteps);
  }
  const code = mistake.mistake as BeyondCode;
  const said = mistake.places.map((place) => saidAt(problem, place, plan));
  if (mistake.systematic) return systematicBeyondFeedback(code, mistake.variant, said, quiet, expected);
  return beyondFeedback(code, mistake.variant, said[0] as Said, plan, quiet);
}

function saidAt(problem: Problem, place: Place, plan: Plan): Said {
  const chain = place.kind === 'application' && place.chain ? problem.nodeText(place.chain.id) : undefined;
  return { place: problem.placeText(place.id), chain, outerMistake: plan.get(place.id)?.outer, variable: problem.variable };
}

/** What a student did, in a phrase, for the ambiguity sentence. */
function phrase(problem: Problem, mistake: Mistake, plan: Plan): Message {
  if (isChainRuleCode(mistake.mistake)) return mistakePhrase(mistake.mistake, mistake.variant);
  const place = mistake.places[0] as Place;
  return msg('diagnosis.did_at', { did: beyondPhrase(mistake.mistake as BeyondCode, mistake.variant, saidAt(problem, place, plan)), place: problem.placeText(place.id).node.text });
}

const PLACE_RULES: Record<Place['kind'], (place: Place) => string> = {
  application: (place) => (place.kind === 'application' ? place.outer.kind : 'function'),
  product: () => 'product',
  quotient: () => 'quotient',
  reciprocal: () => 'reciprocal',
  coefficient: () => 'coefficient',
  variablePower: () => 'variable power',
  constantTerm: () => 'constant',
};

function placeReport(problem: Problem, place: Place): PlaceReport {
  if (place.kind === 'application' && place.chain) {
    const text: NodeText = problem.nodeText(place.chain.id);
    return { ...text.composite, outer: text.outer, inner: text.inner, depth: place.chain.depth };
  }
  const text = problem.placeText(place.id);
  const report: PlaceReport = { ...text.node, rule: PLACE_RULES[place.kind](place) };
  if (place.kind === 'application') {
    report.outer = text.outer;
    report.inner = asWritten(place.argument);
  }
  return report;
}

/**
 * A place mistake together with a constant the answer writes: each candidate's own entry and a
 * constant_of_integration_added entry, the two combined as a pair is (scored as one), with one
 * message naming both.
 */
function withConstant(
  problem: Problem,
  values: AnswerValues,
  matched: readonly PreparedCandidate[],
  quiet: boolean,
  expected: string | undefined,
  differsByConstant: boolean,
): Diagnosis | undefined {
  // A number the answer writes counts unless the answer is itself a number away from the derivative:
  // 2x + 3 for (x + 1)^2 is a wrong constant, not a mistake that gives 2x plus 3. A letter (C, K)
  // always counts.
  const numbers = !differsByConstant;
  const named = matched.flatMap((c) => {
    const feedback = addedConstantFeedback(problem, values, c, numbers);
    return feedback ? [{ candidate: c, feedback }] : [];
  });
  if (named.length === 0) return undefined;
  const pairs = named.map(({ candidate, feedback }, i) => {
    const place = { ...candidateEntry(problem, candidate, candidate, quiet, expected), combined: i + 1 };
    const constant: DiagnosisEntry = { mistake: 'constant_of_integration_added', variant: null, systematic: false, at: null, nodes: [], feedback, combined: i + 1 };
    return [place, constant] as const;
  });
  const [place, constant] = pairs[0] as readonly [DiagnosisEntry, DiagnosisEntry];
  const ambiguous = new Set(named.map(({ candidate }) => candidate.mistake)).size > 1;
  // After "more than one pair fits… one of them:", the pair without its own lead sentence.
  const feedback =
    named.length > 1
      ? msg('sentences', { sentences: list([msg('diagnosis.pairs_ambiguous'), msg('diagnosis.pair_with_constant.body', { mistake: place.feedback, constant: constant.feedback })], 'sentence') })
      : msg('diagnosis.pair_with_constant', { mistake: place.feedback, constant: constant.feedback });
  return { entries: pairs.flat(), ambiguous, feedback };
}

/** What the answer adds to the candidate, in words, if the answer writes it (`addedConstant`). */
function addedConstantFeedback(problem: Problem, values: AnswerValues, candidate: PreparedCandidate, numbers: boolean): Message | undefined {
  const added = addedConstant(problem, values, candidate.expr, { numbers });
  if (!added) return undefined;
  const term = render(added.term, problem.variable).text;
  return added.kept ? msg('whole.constant_term_kept_also', { term }) : msg('whole.constant_added_also', { term });
}

/**
 * The constant an answer adds to `base` (the derivative, or a mistake's candidate), if the answer
 * writes it: the function's own constant part kept (x^3 + sin(2x) + 7 → … + 7), or a term of the
 * answer free of the variable (C, 5; all of them, or one). A constant the answer does not write as a
 * term is no constant added: 3x^2 for x^3 + 4x is the derivative less 4, but what the student did is
 * leave the term 4 out; 2x for x^2 + sin(2x) is sin(u') = sin(2) at sin(2x) less sin(2), the same.
 */
function addedConstant(problem: Problem, values: AnswerValues, base: Expr, options = { numbers: true }): { term: Expr; kept: boolean } | undefined {
  // The constant the answer adds, at one point where it is defined: a term whose value there differs
  // cannot be it, so only a term that fits gets the full equivalence test (a hostile answer may write
  // hundreds of constant terms, and each full test costs a comparison).
  const domain = values.answer.domain;
  const at = domain.points.findIndex((_, i) => Number.isFinite(values.answer.values[i]));
  if (at < 0) return undefined;
  const point = domain.points[at] as Float64Array;
  const added = (values.answer.values[at] as number) - compile(base, domain.symbols)(point);
  const fits = (term: Expr): boolean => {
    const value = compile(term, domain.symbols)(point);
    if (!(Math.abs(value - added) <= 1e-9 * Math.max(Math.abs(value), Math.abs(added)) + 1e-300)) return false;
    // The same equivalence test as for correctness: is the answer the base plus this?
    return values.equals(add(base, term));
  };
  const kept = constantTerms(problem.f, problem.variable);
  if (kept !== undefined && fits(kept)) return { term: kept, kept: true };
  const written = termsOf(values.read.expr).filter((term) => !mentions(term, problem.variable) && (options.numbers || numberValue(term) === undefined));
  const sum = written.reduce<Expr | undefined>((total, t) => (total === undefined ? t : add(total, t)), undefined);
  const named = [...(written.length > 1 && sum ? [sum] : []), ...written.slice(0, MAX_WRITTEN_CONSTANTS)].find(fits);
  return named ? { term: named, kept: false } : undefined;
}

/** Single constant terms of an answer tried one by one, at most (besides their sum). */
const MAX_WRITTEN_CONSTANTS = 8;

/** integrated_instead and constant_of_integration_added: tests on the answer itself. */
function wholeAnswer(problem: Problem, values: AnswerValues, quiet: boolean, differsByConstant: () => boolean): DiagnosisEntry[] {
  const maxNodes = resolveLimits(problem.options.limits).maxDerivativeNodes;
  const entries: DiagnosisEntry[] = [];
  const entry = (mistake: DiagnosisCode, feedback: Message): DiagnosisEntry => ({ mistake, variant: null, systematic: false, at: null, nodes: [], feedback });
  const f = render(problem.f, problem.variable).text;
  if (values.derivativeEquals(problem.f, maxNodes)) {
    entries.push(
      entry(
        'integrated_instead',
        quiet
          ? msg('whole.integrated_instead.quiet')
          : msg('whole.integrated_instead.open', { f, expected: problem.expectedRendered().text }),
      ),
    );
  } else if (differsByConstant()) {
    // Only a constant the answer writes: 3x^2 for x^3 + 4x differs from the derivative by a constant
    // too, but left a term out (a symptom slip says so). The function's own constant terms kept
    // (x^3 + 7 → 3x^2 + 7) are the same code, since the answer is the derivative plus a number, but
    // the student added no C and is told what they did.
    const added = addedConstant(problem, values, problem.expected);
    const expected = problem.expectedRendered().text;
    // A letter the function does not have (C, K) inside a bracket is a constant of integration too:
    // 3(x^2 + C) for x^3. Written as a term of its own it was tried above, and 2x + 4 + C for x^2 + 3x
    // is then a mistake plus C (below), not the derivative plus 1 + C.
    const own = (name: string) => !problem.source.parameters.includes(name);
    const asTerm = termsOf(values.read.expr).some((term) => isSymbol(term) && own(term.name));
    const letter = !asTerm && values.read.parameters.some(own);
    if (added || letter) {
      entries.push(
        entry(
          'constant_of_integration_added',
          added?.kept
            ? quiet
              ? msg('whole.constant_term_kept.quiet')
              : msg('whole.constant_term_kept.open', { expected, term: render(added.term, problem.variable).text })
            : quiet
              ? msg('whole.constant_of_integration_added.quiet')
              : msg('whole.constant_of_integration_added.open', { expected }),
        ),
      );
    }
  }
  return entries;
}

/** The sum of a function's additive terms that do not depend on the variable (7 in x^3 + 7), if any. */
function constantTerms(f: Expr, variable: string): Expr | undefined {
  return termsOf(f)
    .filter((term) => !mentions(term, variable))
    .reduce<Expr | undefined>((sum, t) => (sum === undefined ? t : add(sum, t)), undefined);
}

/** An expression's additive terms, each with its sign (x^3 - 7 + C: x^3, -7, C). */
function termsOf(expr: Expr): Expr[] {
  return signedTerms(expr).map(({ term, negative }) => (negative ? neg(term) : term));
}

function causesFeedback(problem: Problem, matched: readonly PreparedCandidate[], causes: readonly DiagnosisEntry[], ambiguous: boolean): Message {
  const first = causes[0] as DiagnosisEntry;
  if (!ambiguous) return first.feedback;
  // One phrase per code, from its first (outermost) candidate.
  const firstOfCode = new Map<string, PreparedCandidate>();
  for (const candidate of matched) if (!firstOfCode.has(candidate.mistake)) firstOfCode.set(candidate.mistake, candidate);
  const phrases = [...firstOfCode.values()].map((c) => phrase(problem, c, c.plan));
  const allChain = causes.every((d) => isChainRuleCode(d.mistake));
  const lead = allChain ? 'diagnosis.either_chain' : 'diagnosis.either';
  const head = phrases.length > 1 ? msg(lead, { phrases: list(phrases, 'either') }) : msg('diagnosis.several');
  return msg('sentences', { sentences: list([head, first.feedback], 'sentence') });
}

