/**
 * When no known mistake explains a wrong answer, the feedback names the rules this function actually
 * needs — never the chain rule for a function without a composite.
 */
import type { Differentiator } from '../differentiate/differentiate.js';
import { PLACEHOLDER } from '../differentiate/outer-function.js';
import { substitute, sym, type Expr } from '../tree/nodes.js';
import { toText } from '../tree/print-text.js';

/** "Check each step: this function needs the product rule, the chain rule … and the derivatives of sin and ln." */
export function rulesNeeded(differentiator: Differentiator): string {
  const rules = new Set<string>();
  const functions = new Set<string>();
  for (const place of differentiator.places) {
    switch (place.kind) {
      case 'product':
        rules.add('the product rule');
        break;
      case 'quotient':
        rules.add('the quotient rule');
        break;
      case 'variablePower':
        rules.add('logarithmic differentiation for u^v');
        break;
      case 'constantTerm':
        rules.add('the derivative of a constant, 0');
        break;
      case 'reciprocal':
      case 'coefficient':
        rules.add('the power rule');
        break;
      case 'application':
        if (place.outer.kind === 'power') rules.add('the power rule');
        else functions.add(displayName(place.outer.template));
        break;
    }
  }
  if (differentiator.chainNodes.length > 0) rules.add("the chain rule (F'(u)·u' at every composite)");
  if (functions.size > 0) rules.add(`the derivative${functions.size > 1 ? 's' : ''} of ${list([...functions])}`);
  if (rules.size === 0) return 'Check your differentiation step by step.';
  return `Check each step: this function needs ${list([...rules])}.`;
}

/** sin(u), log(u, 3), e^u, 2^u: the function whose table entry the rule needs. */
function displayName(template: Expr): string {
  return toText(substitute(template, PLACEHOLDER, sym('u')));
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
