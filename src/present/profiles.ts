/**
 * The shapes an LMS takes a result in, with no glue: our own (`chainrule`), an LTI Assignment and Grade
 * Services Score (`lti-ags`, or `Accept: application/vnd.ims.lis.v1.score+json`), and an Open edX
 * external grader's reply (`xqueue`). The caller's `user_id`, `submission_id` and `metadata` come back
 * unchanged in each.
 */
import type { CheckResult } from './result.js';

export const AGS_SCORE_MEDIA_TYPE = 'application/vnd.ims.lis.v1.score+json';
/** Where an AGS Score carries what AGS has no member for (extensions are named by URL). */
export const AGS_EXTENSION = 'https://chainrule.dev/lti/result';

export type ProfileName = 'chainrule' | 'lti-ags' | 'xqueue';

export interface Echo {
  user_id?: string;
  submission_id?: string;
  metadata?: unknown;
}

export interface AgsScore {
  userId?: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment: string;
  activityProgress: 'Completed';
  gradingProgress: 'FullyGraded' | 'PendingManual' | 'NotReady';
  timestamp: string;
  [AGS_EXTENSION]: {
    verdict: CheckResult['verdict'];
    grading_status: CheckResult['grading_status'];
    note: string;
    lang: CheckResult['lang'];
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
 * `comment`, FullyGraded / PendingManual / NotReady from the grading status; a result that cannot be
 * graded carries no score. `timestamp` is the request's, or now.
 */
export function agsScore(result: CheckResult, timestamp: string | undefined): AgsScore {
  const given = points(result);
  return {
    ...(result.user_id !== undefined ? { userId: result.user_id } : {}),
    ...(given !== undefined && result.score ? { scoreGiven: given, scoreMaximum: result.score.maximum } : {}),
    comment: result.feedback,
    activityProgress: 'Completed',
    gradingProgress: GRADING_PROGRESS[result.grading_status],
    timestamp: timestamp ?? new Date().toISOString(),
    [AGS_EXTENSION]: {
      verdict: result.verdict,
      grading_status: result.grading_status,
      note: result.note,
      lang: result.lang,
      ...(result.submission_id !== undefined ? { submission_id: result.submission_id } : {}),
      ...(result.metadata !== undefined ? { metadata: result.metadata } : {}),
    },
  };
}

/** Open edX's external grader reply: `msg` is HTML, so the feedback is escaped and put in a paragraph. */
export function xqueueReply(result: CheckResult): XqueueReply {
  return {
    correct: result.correct,
    score: points(result) ?? 0,
    msg: `<p>${escapeHtml(result.feedback)}</p>`,
    ...(result.user_id !== undefined ? { user_id: result.user_id } : {}),
    ...(result.submission_id !== undefined ? { submission_id: result.submission_id } : {}),
    ...(result.metadata !== undefined ? { metadata: result.metadata } : {}),
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A result in the shape asked for, with the media type to send it as. */
export function shaped(result: CheckResult, profile: ProfileName | undefined, timestamp?: string): { body: unknown; contentType: string } {
  if (profile === 'lti-ags') return { body: agsScore(result, timestamp), contentType: AGS_SCORE_MEDIA_TYPE };
  if (profile === 'xqueue') return { body: xqueueReply(result), contentType: 'application/json; charset=utf-8' };
  return { body: result, contentType: 'application/json; charset=utf-8' };
}
