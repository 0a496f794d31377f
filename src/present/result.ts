/**
 * The edge between the core and everyone who reads a result: the core's report (every text a message)
 * presented for an audience, in a language, with a score. Rendering happens here, once per result:
 * each text in the chosen language, with its `{code, params}` beside it (`i18n`) for an LMS that
 * renders its own. The HTTP service, the batch endpoint and the command line all present through this.
 *
 * Views. A teacher's view (the default) has everything. A student's view leaves out what gives the
 * answer away — the expected derivative, the candidates, the expected value at the counterexample,
 * each reading's verdict, and the worked answer in the feedback — unless `reveal` (after the deadline,
 * say); `quiet` is the student's view without reveal. The core already builds the reduced report
 * (check.ts, `hidesAnswer`), so the views differ in content, never in shape.
 */
import type { CheckReport, Evidence, ReadingReport, Verdict, WarningReport } from '../check.js';
import type { DerivativeReport } from '../derive.js';
import type { DiagnosisEntry } from '../diagnosis.js';
import { DEFAULT_LANGUAGE, isLanguage, matchLanguage, type Language } from '../i18n/languages.js';
import type { Message } from '../i18n/message.js';
import { renderMessage } from '../i18n/render.js';
import type { Rendered } from '../tree/render.js';
import { answerNote } from './note.js';
import { gradingStatus, scoreOf, type GradingStatus, type Score, type ScoringPolicy, type ScoringRequest } from './scoring.js';

export const AUDIENCES = ['teacher', 'student'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface PresentOptions extends ScoringRequest {
  /** A served language, or any BCP 47 tag (the closest served one is used; English if none is close). */
  lang?: string;
  /** Who reads the result: `teacher` (default) or `student`. */
  audience?: Audience;
  /** A student's view with the answer shown (the expected derivative, the worked feedback). */
  reveal?: boolean;
  /** Exams: a student's view without reveal. */
  quiet?: boolean;
  /** The server's scoring defaults (SCORING_POLICY). */
  policy?: ScoringPolicy;
}

export interface WarningResult {
  code: WarningReport['code'];
  position: number;
  message: string;
  field: WarningReport['field'];
  i18n: { message: Message };
}

export interface DiagnosisResult extends Omit<DiagnosisEntry, 'feedback'> {
  feedback: string;
  i18n: { feedback: Message };
}

export interface CheckResult {
  correct: boolean;
  verdict: Verdict;
  /** graded, needs_review (undetermined) or not_gradable (needs brackets): LTI's FullyGraded, PendingManual, NotReady. */
  grading_status: GradingStatus;
  /** null when not gradable. */
  score: Score | null;
  /** The answer note (present/note.ts): the same mistake gives the same note whatever the function. */
  note: string;
  /** The correct derivative (left out of a student's view without reveal). */
  expected?: Rendered;
  /** How the answer was read, as written (not simplified). */
  answer: Rendered;
  variable: string;
  warnings: WarningResult[];
  diagnosis: DiagnosisResult[];
  /** More than one mistake code explains the answer. */
  ambiguous: boolean;
  feedback: string;
  i18n: { feedback: Message };
  evidence: Evidence;
  /** With needs_brackets: every reading of the answer, and (teacher, or reveal) each one's verdict. */
  readings?: ReadingReport[];
  /** The language of every text in the result. */
  lang: Language;
  /** The caller's identifiers and data, echoed unchanged (added by the service, never cached). */
  submission_id?: string;
  user_id?: string;
  metadata?: unknown;
}

/** The language a result is written in: a served one as given, otherwise the closest (English if none). */
export function languageOf(lang: string | undefined): Language {
  if (lang === undefined) return DEFAULT_LANGUAGE;
  return isLanguage(lang) ? lang : matchLanguage([lang]);
}

export function present(report: CheckReport, options: PresentOptions = {}): CheckResult {
  const lang = languageOf(options.lang);
  // The whole feedback is often the first diagnosis entry's own message (one mistake): rendered once.
  const rendered = new Map<Message, string>();
  const render = (message: Message) => {
    let text = rendered.get(message);
    if (text === undefined) rendered.set(message, (text = renderMessage(message, lang)));
    return text;
  };
  const { expected, readings, feedback, warnings, diagnosis, ...rest } = report;
  return {
    correct: rest.correct,
    verdict: rest.verdict,
    grading_status: gradingStatus(rest.verdict),
    score: scoreOf(report, options, options.policy),
    note: answerNote(report),
    ...(expected ? { expected } : {}),
    answer: rest.answer,
    variable: rest.variable,
    warnings: warnings.map((w) => ({ code: w.code, position: w.position, message: render(w.message), field: w.field, i18n: { message: w.message } })),
    diagnosis: diagnosis.map((entry) => {
      const presented = presentEntry(entry, lang, render);
      rendered.set(entry.feedback, presented.feedback);
      return presented;
    }),
    ambiguous: rest.ambiguous,
    feedback: render(feedback),
    i18n: { feedback },
    evidence: rest.evidence,
    ...(readings ? { readings } : {}),
    lang,
  };
}

/**
 * Diagnosis entries presented, by language, for the entries the diagnosis keeps (frozen, one per
 * mistake candidate: diagnosis.ts): every answer a candidate explains shows the same words, and
 * rendering them was most of presenting a wrong answer. Held weakly, they go with their entries.
 */
const PRESENTED = new WeakMap<DiagnosisEntry, Map<Language, DiagnosisResult>>();

function presentEntry(entry: DiagnosisEntry, lang: Language, render: (message: Message) => string): DiagnosisResult {
  const make = (): DiagnosisResult => ({ ...entry, feedback: render(entry.feedback), i18n: { feedback: entry.feedback } });
  if (!Object.isFrozen(entry)) return make();
  let byLanguage = PRESENTED.get(entry);
  if (!byLanguage) {
    byLanguage = new Map();
    PRESENTED.set(entry, byLanguage);
  }
  let presented = byLanguage.get(lang);
  if (!presented) {
    // Shared by every result it appears in, so frozen as kept results are.
    presented = Object.freeze(make());
    Object.freeze(presented.i18n);
    byLanguage.set(lang, presented);
  }
  return presented;
}

/** The worked derivative of a function (POST /v1/derivative), its reader's warnings rendered. */
export type DerivativeResult = Omit<DerivativeReport, 'warnings'> & { warnings: Array<PresentedWarning<DerivativeReport['warnings'][number]>> };

export function presentDerivative(report: DerivativeReport, lang: Language): DerivativeResult {
  return { ...report, warnings: report.warnings.map((w) => presentWarning(w, lang)) };
}

type PresentedWarning<W extends { message: Message }> = Omit<W, 'message'> & { message: string; i18n: { message: Message } };

/** A reader's warning rendered (validate and derive report them outside a check). */
export function presentWarning<W extends { code: string; position: number; message: Message }>(warning: W, lang: Language): PresentedWarning<W> {
  return { ...warning, message: renderMessage(warning.message, lang), i18n: { message: warning.message } };
}
