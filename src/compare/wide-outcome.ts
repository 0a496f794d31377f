/**
 * Two log-magnitude values (src/numbers/log-magnitude.ts) compared at one point: the first stage of the
 * comparison beyond double range (extended-range.ts), and the look a witness point gets when its values
 * in doubles went through an overflow (equivalence.ts), so both read such values by one rule.
 */
import * as W from '../numbers/log-magnitude.js';
import { BOUND_MARGIN } from './error-bound.js';

/** Logarithms that agree this closely (relative), with bounds this small, are equal values. */
const LOG_TIGHT = 1e-9;
/** Relative slack on top of the bounds, as in doubles. */
const LOG_SLACK = 1e-12;

export type Outcome = 'agree' | 'disagree' | 'skip' | 'refine';

/** One point; `refine` when only decimal evaluation can settle it. */
export function logOutcome(a: W.Wide, r: W.Wide, lenient: boolean): Outcome {
  const knownA = W.isKnown(a);
  const knownR = W.isKnown(r);
  if (lenient && (!knownA || !knownR)) return 'skip';
  if (W.isUndefined(a) && W.isUndefined(r)) return 'skip';
  // Genuinely undefined on one side only (sqrt of a negative number that the other side avoids).
  if ((W.isUndefined(a) && knownR) || (W.isUndefined(r) && knownA)) return 'disagree';
  if (!knownA || !knownR) return 'refine';
  if (a.sign === 0 && r.sign === 0) return 'agree';
  // A known sign is sure (the bounds keep each value within a factor of itself), and so is a non-zero.
  if (a.sign !== r.sign) return 'disagree';
  const noise = BOUND_MARGIN * (a.error + r.error) + LOG_SLACK * Math.max(1, Math.abs(a.log), Math.abs(r.log));
  if (Math.abs(a.log - r.log) > noise) return 'disagree';
  return noise <= LOG_TIGHT ? 'agree' : 'refine';
}
