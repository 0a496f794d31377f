/**
 * When no known mistake explains a wrong answer, the feedback names the rules this function actually
 * needs — never the chain rule for a function without a composite.
 */
import type { Differentiator } from '../differentiate/differentiate.js';
import { PLACEHOLDER } from '../differentiate/outer-function.js';
import { substitute, sym, type Expr } from '../tree/nodes.js';
import { toText } from '../tree/print-text.js';
import { list, msg, type Message } from '../i18n/message.js';

/** "Check each step: this function needs the product rule, the chain rule … and the derivatives of sin and ln." */
export function rulesNeeded(differentiator: Differentiator): Message {
  const rules = new Map<string, Message>();
  const functions = new Set<string>();
  const add = (code: string) => rules.set(code, msg(`rules.${code}`));
  for (const place of differentiator.places) {
    switch (place.kind) {
      case 'product':
        add('product');
        break;
      case 'quotient':
        add('quotient');
        break;
      case 'variablePower':
        add('variable_power');
        break;
      case 'constantTerm':
        add('constant');
        break;
      case 'reciprocal':
      case 'coefficient':
        add('power');
        break;
      case 'application':
        if (place.outer.kind === 'power') add('power');
        else functions.add(displayName(place.outer.template));
        break;
    }
  }
  if (differentiator.chainNodes.length > 0) add('chain');
  if (functions.size > 0) rules.set('derivatives', msg('rules.derivatives', { count: functions.size, functions: list([...functions], 'and') }));
  if (rules.size === 0) return msg('rules.step_by_step');
  return msg('rules.needed', { rules: list([...rules.values()], 'and') });
}

/** sin(u), log(u, 3), e^u, 2^u: the function whose table entry the rule needs. */
function displayName(template: Expr): string {
  return toText(substitute(template, PLACEHOLDER, sym('u')));
}
