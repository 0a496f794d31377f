/**
 * One id per request, in every log line of it and echoed in the `x-request-id` response header, so a
 * client's report can be found in the logs. A caller's own id (a gateway's, a test harness's) is kept
 * when it is sane; anything else — too long, or characters that could forge log fields or headers —
 * is replaced with a fresh UUID.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
}
