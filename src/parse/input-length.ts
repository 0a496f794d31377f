/**
 * The length limit, counted in code points (what a person sees as characters), checked before a lexer
 * does any work so an oversized input costs nothing.
 */
import { msg } from '../i18n/message.js';
import type { Limits } from '../limits.js';
import { readError } from './errors.js';

export function checkLength(input: string, limits: Limits): void {
  // UTF-16 length bounds the code-point count from above, so short inputs skip the count entirely.
  if (input.length <= limits.maxLength) return;
  let points = 0;
  let offset = 0;
  while (offset < input.length && points < limits.maxLength) {
    offset += (input.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
    points++;
  }
  if (offset >= input.length) return;
  throw readError(
    input,
    'too_long',
    offset,
    (p) => msg('read.too_long', { limit: limits.maxLength, position: p }),
    { hint: msg('read.too_long.hint') },
  );
}
