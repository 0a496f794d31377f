/**
 * The length limit, counted in code points (what a person sees as characters), checked before a lexer
 * does any work so an oversized input costs nothing.
 */
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
    (p) => `the expression is longer than ${limits.maxLength} characters (the excess starts at position ${p})`,
    { hint: 'shorten the expression' },
  );
}
