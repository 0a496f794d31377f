/**
 * The shapes an LMS takes a result in, with no glue: our own (`chainrule`), an LTI Assignment and Grade
 * Services Score (`lti-ags`, or `Accept: application/vnd.ims.lis.v1.score+json`), and an Open edX
 * external grader's reply (`xqueue`). The caller's `user_id`, `submission_id` and `metadata` come back
 * unchanged in each.
 *
 * An answer that cannot be read is the student's to rewrite, like one that needs brackets: in the
 * LMS shapes it is a reply too (not gradable, no score, the reader's problem as the comment), so the
 * integration forwards whatever comes back. In our own shape it stays a problem (422) with
 * `grading_status: "not_gradable"`.
 */
import type { Language } from '../i18n/languages.js';
import { msg } from '../i18n/message.js';
import { renderMessage } from '../i18n/render.js';
import type { ReadError } from '../parse/errors.js';
import { unreadableNote } from './note.js';
import type { ProblemDetails } from '../service/problems.js';
import type { CheckResult } from './result.js';

export const AGS_SCORE_MEDIA_TYPE = 'application/vnd.ims.lis.v1.score+json';
/** Where an AGS Score carries what AGS has no member for (extensions are named by URL). */
export const AGS_EXTENSION = 'https://chainrule.dev/lti/result';

export const PROFILES = ['chainrule', 'lti-ags', 'xqueue'] as const;
export type ProfileName = (typeof PROFILES)[number];

export interface Echo {
  user_id?: string;
  submission_id?: string;
  metadata?: unknown;
}

export type GradingProgress = 'FullyGraded' | 'PendingManual' | 'NotReady';

export interface AgsScore {
  userId?: string;
  /** Only when FullyGraded: a provisional 0 would land in the gradebook as a grade. */
  scoreGiven?: number;
  scoreMaximum?: number;
  comment: string;
  activityProgress: 'Completed';
  gradingProgress: GradingProgress;
  timestamp: string;
  [AGS_EXTENSION]: {
    /** Absent when the answer could not be read. */
    verdict?: CheckResult['verdict'];
    grading_status: CheckResult['grading_status'];
    note: string;
    lang: Language;
    /** The score as the result has it (a needs_review answer's provisional 0 included). */
    score?: CheckResult['score'];
    /** Why the answer could not be read. */
    problem?: ProblemDetails;
    submission_id?: string;
    metadata?: unknown;
  };
}

export interface XqueueReply {
  correct: boolean;
  score: number;
  msg: string;
  user_id?: string;
  submission_id?: string;
  metadata?: unknown;
}

const GRADING_PROGRESS = { graded: 'FullyGraded', needs_review: 'PendingManual', not_gradable: 'NotReady' } as const;

/** The caller's identifiers and data, echoed as they came (absent ones left out). */
export function echoOf(request: Echo): Echo {
  return {
    ...(request.user_id !== undefined ? { user_id: request.user_id } : {}),
    ...(request.submission_id !== undefined ? { submission_id: request.submission_id } : {}),
    ...(request.metadata !== undefined ? { metadata: request.metadata } : {}),
  };
}

/** The points a gradebook records: after the penalty when an attempt was given. */
function points(result: CheckResult): number | undefined {
  if (!result.score) return undefined;
  return result.score.after_penalty ?? result.score.given;
}

/**
 * An AGS Score (LTI Assignment and Grade Services 2.0): scoreGiven out of scoreMaximum, the feedback as
 * `comment`, FullyGraded / PendingManual / NotReady from the grading status. Only a graded result
 * carries a score: one waiting for a person (undetermined) or not gradable carries none, so the
 * gradebook keeps what it had. `timestamp` is the request's, or now.
 */
export function agsScore(result: CheckResult, timestamp: string | undefined): AgsScore {
  const given = points(result);
  const graded = result.grading_status === 'graded' && given !== undefined && result.score !== null;
  return {
    ...(result.user_id !== undefined ? { userId: result.user_id } : {}),
    ...(graded && result.score ? { scoreGiven: given, scoreMaximum: result.score.maximum } : {}),
    comment: result.feedback,
    activityProgress: 'Completed',
    gradingProgress: GRADING_PROGRESS[result.grading_status],
    timestamp: timestamp ?? new Date().toISOString(),
    [AGS_EXTENSION]: {
      verdict: result.verdict,
      grading_status: result.grading_status,
      note: result.note,
      lang: result.lang,
      score: result.score,
      ...extensionEcho(result),
    },
  };
}

/** Open edX's external grader reply: `msg` is HTML, so the feedback is escaped and put in a paragraph. */
export function xqueueReply(result: CheckResult): XqueueReply {
  return { correct: result.correct, score: points(result) ?? 0, msg: paragraph(result.feedback), ...echoOf(result) };
}

/** What is known of an answer that could not be read, for its reply in an LMS shape. */
export interface Unreadable extends Echo {
  /** The reader's problem (422), in the request's language. */
  problem: ProblemDetails;
  /** For the student: why the answer cannot be read, and what to write. */
  comment: string;
  note: string;
  lang: Language;
}

/** The student's comment and the note for an answer the reader refused, in a language. */
export function unreadable(error: ReadError, lang: Language): Pick<Unreadable, 'comment' | 'note' | 'lang'> {
  const message = error.hintText
    ? msg('check.unreadable_hint', { message: error.text, hint: error.hintText })
    : msg('check.unreadable', { message: error.text });
  return { comment: renderMessage(message, lang), note: unreadableNote(error.code), lang };
}

export function unreadableAgsScore(answer: Unreadable, timestamp: string | undefined): AgsScore {
  return {
    ...(answer.user_id !== undefined ? { userId: answer.user_id } : {}),
    comment: answer.comment,
    activityProgress: 'Completed',
    gradingProgress: 'NotReady',
    timestamp: timestamp ?? new Date().toISOString(),
    [AGS_EXTENSION]: { grading_status: 'not_gradable', note: answer.note, lang: answer.lang, problem: answer.problem, ...extensionEcho(answer) },
  };
}

export function unreadableXqueueReply(answer: Unreadable): XqueueReply {
  return { correct: false, score: 0, msg: paragraph(answer.comment), ...echoOf(answer) };
}

function extensionEcho(from: Echo): Pick<Echo, 'submission_id' | 'metadata'> {
  return {
    ...(from.submission_id !== undefined ? { submission_id: from.submission_id } : {}),
    ...(from.metadata !== undefined ? { metadata: from.metadata } : {}),
  };
}

function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** A result in the shape asked for, with the media type to send it as. */
export function shaped(result: CheckResult, profile: ProfileName | undefined, timestamp?: string): { body: unknown; contentType: string } {
  if (profile === 'lti-ags') return { body: agsScore(result, timestamp), contentType: AGS_SCORE_MEDIA_TYPE };
  if (profile === 'xqueue') return { body: xqueueReply(result), contentType: JSON_TYPE };
  return { body: result, contentType: JSON_TYPE };
}

/** An unreadable answer in an LMS shape; undefined for our own shape, where it is a problem. */
export function shapedUnreadable(answer: Unreadable, profile: ProfileName | undefined, timestamp?: string): { body: unknown; contentType: string } | undefined {
  if (profile === 'lti-ags') return { body: unreadableAgsScore(answer, timestamp), contentType: AGS_SCORE_MEDIA_TYPE };
  if (profile === 'xqueue') return { body: unreadableXqueueReply(answer), contentType: JSON_TYPE };
  return undefined;
}
