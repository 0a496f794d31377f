/**
 * Which buggy rules can be applied at a place: the wrong table entries of an application's outer
 * function, the buggy chain steps at a chain node, and the buggy versions of the product, quotient,
 * reciprocal, coefficient, u^v and constant rules. Each is data beside the rule it corrupts; this only
 * gathers them by the kind of place, in report order.
 */
import { CHAIN_STEP_MISTAKES } from './chain-steps.js';
import { CONSTANT_TERM_MISTAKES } from './constant-rule.js';
import type { MistakesAt, Place, PlaceMistake } from './places.js';
import { COEFFICIENT_MISTAKES, VARIABLE_POWER_MISTAKES } from './power-rules.js';
import { PRODUCT_MISTAKES } from './product-rule.js';
import { QUOTIENT_MISTAKES, RECIPROCAL_MISTAKES } from './quotient-rule.js';
import type { MistakeCode, Variant } from '../mistake-codes.js';

/** One buggy rule at one place: its code, and what to plan there. */
export interface PlacedMistake {
  readonly code: MistakeCode;
  readonly variant: Variant;
  readonly at: MistakesAt;
}

// Each list is typed for its place kind; the switch below only hands a list its own kind of place.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const steps = <P extends Place>(place: P, variable: string, list: readonly PlaceMistake<P, any>[]): PlacedMistake[] =>
  list.filter((m) => m.appliesAt?.(place, variable) ?? true).map((m) => ({ code: m.code, variant: m.variant, at: { step: m } }));

export function mistakesAt(place: Place, variable: string): PlacedMistake[] {
  switch (place.kind) {
    case 'application':
      return [
        ...(place.chain ? steps(place, variable, CHAIN_STEP_MISTAKES) : []),
        ...place.outer.mistakes.map((m) => ({ code: m.code, variant: m.variant, at: { outer: m } })),
      ];
    case 'product':
      return steps(place, variable, PRODUCT_MISTAKES);
    case 'quotient':
      return steps(place, variable, QUOTIENT_MISTAKES);
    case 'reciprocal':
      return steps(place, variable, RECIPROCAL_MISTAKES);
    case 'coefficient':
      return steps(place, variable, COEFFICIENT_MISTAKES);
    case 'variablePower':
      return steps(place, variable, VARIABLE_POWER_MISTAKES);
    case 'constantTerm':
      return steps(place, variable, CONSTANT_TERM_MISTAKES);
  }
}
