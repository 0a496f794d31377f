/**
 * One checked answer, as an instructor reads it: the verdict (and the score and grading status, when
 * the service gives them), how the answer was read, the derivative, each mistake with its place marked
 * in the function, the feedback, and the chain rule worked step by step. Builds elements only; what
 * to fetch is try-it.ts's business.
 */
import type { CatalogueEntry, CheckResponse, DerivativeReport, Grading } from './api.js';
import { h, type Child } from './dom.js';
import { markPlaces } from './highlight.js';
import { math } from './math.js';
import type { PlaceReport } from '../check.js';
import type { Rendered } from '../tree/render.js';

type DiagnosisEntry = CheckResponse['diagnosis'][number];

export const VERDICTS: Record<string, { label: string; mark: string }> = {
  correct: { label: 'Correct', mark: '✓' },
  incorrect: { label: 'Incorrect', mark: '✗' },
  undetermined: { label: 'Undetermined', mark: '?' },
  needs_brackets: { label: 'Needs brackets', mark: '( )' },
  error: { label: 'Not read', mark: '!' },
};

const GRADING_STATUSES: Record<string, string> = {
  graded: 'Graded',
  needs_review: 'Needs review',
  not_gradable: 'Not gradable',
};

export function verdictLabel(verdict: string): string {
  return VERDICTS[verdict]?.label ?? verdict;
}

export function gradingStatusLabel(status: string): string {
  return GRADING_STATUSES[status] ?? status.replaceAll('_', ' ');
}

/** "3 / 4", or the score after a penalty too, when there is one. */
export function scoreText(score: NonNullable<CheckResponse['score']>): string {
  const base = `${formatNumber(score.given)} / ${formatNumber(score.maximum)}`;
  return score.after_penalty !== undefined && score.after_penalty !== score.given ? `${base} (${formatNumber(score.after_penalty)} after the penalty)` : base;
}

const NUMBER = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });
export function formatNumber(value: number): string {
  return NUMBER.format(value).replace('-', '−');
}

export interface CheckViewInput {
  result: CheckResponse;
  /** The function's derivative and chain (absent when it could not be had). */
  derivative: DerivativeReport | undefined;
  catalogue: Map<string, CatalogueEntry>;
  /** Exam mode: the derivative and its steps are not shown. */
  quiet: boolean;
  /** The Content-Language the service answered in, when it says. */
  language: string | null;
}

/** The one-line summary read out when a check is done. */
export function checkSummary(result: CheckResponse, catalogue: Map<string, CatalogueEntry>): string {
  const titles = [...new Set(result.diagnosis.map((d) => catalogue.get(d.mistake)?.title ?? d.mistake))];
  const verdict = verdictLabel(result.verdict);
  return titles.length > 0 ? `${verdict}: ${titles.join('; ')}.` : `${verdict}.`;
}

export function checkView({ result, derivative, catalogue, quiet, language }: CheckViewInput): HTMLElement[] {
  const parts: HTMLElement[] = [h('h3', { id: 'result-title', tabindex: -1 }, 'Result')];
  parts.push(verdictBadge(result.verdict));
  const grading = gradingList(result);
  if (grading) parts.push(grading);

  const pairs: Child[] = [h('dt', {}, 'The answer, read as'), h('dd', {}, math(result.answer.latex))];
  if (result.expected) pairs.push(h('dt', {}, 'The derivative'), h('dd', {}, math(result.expected.latex)));
  parts.push(h('dl', { class: 'pairs' }, ...pairs));

  parts.push(h('h4', {}, 'Feedback for the student'), h('p', { class: 'feedback', lang: language ?? undefined }, result.feedback));

  if (result.diagnosis.length > 0) {
    parts.push(h('h4', {}, result.diagnosis.length === 1 ? 'The mistake' : `The mistakes that explain it (${result.diagnosis.length})`));
    if (result.ambiguous) parts.push(h('p', { class: 'note' }, 'More than one mistake gives this same answer for this function: each is listed.'));
    parts.push(h('ol', { class: 'diagnoses' }, ...result.diagnosis.map((entry) => diagnosisItem(entry, derivative, catalogue, result))));
  } else if (result.verdict === 'incorrect') {
    parts.push(h('p', { class: 'note' }, 'No known mistake explains this answer: it is wrong, but not in a way the catalogue names.'));
  }

  if (result.readings && result.readings.length > 1) parts.push(readingsList(result.readings));
  if (result.warnings.length > 0) {
    parts.push(h('h4', {}, 'How it was read'), h('ul', {}, ...result.warnings.map((w) => h('li', {}, `${w.field}: ${w.message}`))));
  }
  parts.push(evidence(result));

  if (quiet) {
    parts.push(h('p', { class: 'note' }, 'Exam mode: the derivative and its steps are left out, as a student would see it.'));
  } else if (derivative) {
    parts.push(...steps(derivative));
  }
  return parts;
}

export function verdictBadge(verdict: string): HTMLElement {
  const shown = VERDICTS[verdict] ?? { label: verdict, mark: '' };
  return h('p', { class: `verdict verdict-${verdict}` }, h('span', { 'aria-hidden': 'true' }, shown.mark), shown.label);
}

function gradingList(result: Grading): HTMLElement | undefined {
  const items: HTMLElement[] = [];
  if (result.score) items.push(h('div', {}, h('dt', {}, 'Score'), h('dd', {}, scoreText(result.score))));
  if (result.grading_status) items.push(h('div', {}, h('dt', {}, 'Grading status'), h('dd', {}, gradingStatusLabel(result.grading_status))));
  return items.length > 0 ? h('dl', { class: 'grade' }, ...items) : undefined;
}

function diagnosisItem(entry: DiagnosisEntry, derivative: DerivativeReport | undefined, catalogue: Map<string, CatalogueEntry>, result: CheckResponse): HTMLElement {
  const known = catalogue.get(entry.mistake);
  const variant = entry.variant ? `, variant ${entry.variant}` : '';
  const item = h(
    'li',
    {},
    h('p', { class: 'title' }, known?.title ?? entry.mistake, ' ', h('span', { class: 'code' }, `(${entry.mistake}${variant}${entry.systematic ? ', at every place' : ''}${entry.combined ? `, one of two mistakes together (#${entry.combined})` : ''})`)),
  );
  const place = inFunction(entry, derivative);
  if (place) item.append(place);
  item.append(placeText(entry.at));
  if (entry.candidate) item.append(h('p', {}, 'With this mistake the derivative comes out as ', math(entry.candidate.latex), ', which is what the answer is.'));
  if (entry.feedback !== result.feedback) item.append(h('p', {}, entry.feedback));
  if (known) item.append(h('details', { class: 'more' }, h('summary', {}, 'About this mistake'), h('p', {}, known.description)));
  return item;
}

/** The function with the mistake's places marked (each node of a systematic mistake). */
function inFunction(entry: DiagnosisEntry, derivative: DerivativeReport | undefined): HTMLElement | undefined {
  if (!derivative || entry.nodes.length === 0) return undefined;
  const fn = derivative.function.latex;
  const marked = markPlaces(fn, entry.nodes.map((node) => node.latex)) ?? (entry.at?.inner ? markPlaces(fn, [entry.at.inner.latex]) : undefined);
  if (!marked) return undefined;
  return h('div', { class: 'in-function' }, h('span', { class: 'visually-hidden' }, 'Where, in the function: '), math(marked, true));
}

function placeText(at: PlaceReport | null): HTMLElement {
  if (!at) return h('p', {}, 'A mistake of the answer as a whole.');
  const parts: Child[] = ['At ', math(at.latex)];
  if (at.outer && at.inner) parts.push(': the outer function is ', math(at.outer.latex), ', the inner function u = ', math(at.inner.latex), '.');
  else if (at.rule) parts.push(` (the ${at.rule} rule).`);
  else parts.push('.');
  return h('p', {}, ...parts);
}

function readingsList(readings: NonNullable<CheckResponse['readings']>): HTMLElement {
  return h(
    'div',
    {},
    h('h4', {}, 'The answer reads more than one way'),
    h('ul', {}, ...readings.map((r) => h('li', {}, math(r.latex), r.verdict ? ` — ${verdictLabel(r.verdict).toLowerCase()}` : ''))),
  );
}

/** A value at the counterexample: null in JSON where undefined or beyond double range (then written out). */
function valueText(value: number | null | undefined, written: string | undefined): string {
  if (written !== undefined) return `about ${written}`;
  return typeof value === 'number' ? formatNumber(value) : 'undefined';
}

function evidence(result: CheckResponse): HTMLElement {
  const e = result.evidence;
  const range = e.extendedRange ? ' (beyond double precision: logarithms of magnitudes, then 50-digit decimals)' : '';
  const lines: Child[] = [h('p', {}, `Compared at ${e.compared} of ${e.points} points${range}: ${e.far} beyond ±100, ${e.atBreakpoints} beside a kink, the edge of a domain or the centre of a term.`)];
  if (e.counterexample) {
    const c = e.counterexample;
    const at = Object.entries(c.at).map(([name, value]) => `${name} = ${formatNumber(value)}`).join(', ');
    const expected = c.expected !== undefined || c.approximately?.expected !== undefined ? ` and the derivative ${valueText(c.expected, c.approximately?.expected)}` : '';
    lines.push(h('p', {}, `At ${at} the answer is ${valueText(c.answer, c.approximately?.answer)}${expected}.`));
  }
  if (e.unsolved && e.unsolved.length > 0) lines.push(h('p', {}, `Kinks not all found in: ${e.unsolved.join(', ')}.`));
  return h('details', { class: 'more' }, h('summary', {}, 'How it was checked'), ...lines);
}

/** A factor of a product, bracketed when it is a sum or starts with a sign (the text printer spaces binary + and -). */
export function factor(shown: Rendered): string {
  let outside = shown.text;
  let previous;
  do {
    previous = outside;
    outside = outside.replace(/\([^()]*\)/g, '');
  } while (outside !== previous);
  return /^-| [+-] /.test(outside) ? `\\left(${shown.latex}\\right)` : shown.latex;
}

function steps(report: DerivativeReport): HTMLElement[] {
  const out: HTMLElement[] = [h('h3', {}, 'The derivative, step by step')];
  out.push(h('div', { class: 'formula' }, math(`f' = ${report.derivative.latex}`, true)));
  if (report.chain.length === 0) {
    out.push(h('p', { class: 'note' }, 'The function has no composite F(u) in it: the chain rule is not needed.'));
    return out;
  }
  out.push(h('p', {}, `The chain rule at each composite F(u) of the function, outermost first: its derivative is F′(u)·u′.`));
  const list = h('ol', { class: 'steps' });
  for (const step of report.chain) {
    const item = h(
      'li',
      {},
      h('p', {}, math(step.node.latex), ': outer function F(u) = ', math(step.outer.latex), ', inner function u = ', math(step.inner.latex)),
      h('div', { class: 'formula' }, math(`\\underbrace{${factor(step.outerDerivative)}}_{F'(u)}\\cdot\\underbrace{${factor(step.innerDerivative)}}_{u'} = ${step.derivative.latex}`, true)),
    );
    item.style.setProperty('--depth', String(step.depth));
    list.append(item);
  }
  out.push(list);
  return out;
}
