/**
 * Feedback sentences a student can act on: what they did, where, and what the chain rule gives there.
 * Specific to the function (the node, its outer and inner functions, the derivative at that node).
 * In quiet mode (exams) the sentence names the mistake and the place but never an expression the
 * answer could be copied from.
 */
import { list, msg, type Message, type MessageParam } from '../i18n/message.js';
import type { ChainRuleCode as MistakeCode, Variant } from '../mistake-codes.js';
import type { NodeText } from './node-text.js';

interface Sentences {
  /** What the student did, as a phrase after "you": "left out the inner derivative". */
  did: Message;
  /** The full sentence at one node, with the answer given away. */
  open: (n: NodeText, v: string) => Message;
  /** The same without any expression that gives the answer away. */
  quiet: (n: NodeText, v: string) => Message;
}

const t = (r: { text: string }) => r.text;

/** "In sin(x^2) the outer function is sin(u) and the inner function is u = x^2". */
export const structure = (n: NodeText) => msg('chain.structure', { composite: t(n.composite), outer: t(n.outer), inner: t(n.inner) });
/** … ", so the derivative of sin(x^2) is cos(x^2) times u' = 2*x: 2*x*cos(x^2)." */
export const stepDone = (n: NodeText) =>
  msg('chain.step_done', {
    structure: structure(n),
    composite: t(n.composite),
    outerDerivative: t(n.outerDerivative),
    innerDerivative: t(n.innerDerivative),
    derivative: t(n.derivative),
  });

/** The three sentences of a code and variant, from the catalogue's `chain.<code>.<variant>.*` messages. */
function sentencesOf(code: MistakeCode, variant: Variant, open: (n: NodeText, v: string) => Record<string, MessageParam>, quiet: (n: NodeText, v: string) => Record<string, MessageParam>): Sentences {
  const key = `chain.${code}.${variant}`;
  return {
    did: msg(`${key}.did`),
    open: (n, v) => msg(`${key}.open`, { ...open(n, v), step: stepDone(n) }),
    quiet: (n, v) => msg(`${key}.quiet`, quiet(n, v)),
  };
}

const composite = (n: NodeText) => ({ composite: t(n.composite) });

const SENTENCES: Record<MistakeCode, Partial<Record<Variant, Sentences>>> = {
  missing_inner_factor: {
    a: sentencesOf('missing_inner_factor', 'a', composite, composite),
    b: sentencesOf(
      'missing_inner_factor',
      'b',
      (n) => ({ ...composite(n), innerFactor: t(n.innerFactor ?? n.inner), inner: t(n.inner), innerRest: t(n.innerRest ?? n.inner) }),
      composite,
    ),
  },
  outer_at_inner_derivative: {
    a: sentencesOf('outer_at_inner_derivative', 'a', (n) => ({ ...composite(n), outerAtInner: t(n.outerDerivativeAtInnerDerivative) }), composite),
    b: sentencesOf('outer_at_inner_derivative', 'b', (n) => ({ ...composite(n), outerAtInner: t(n.outerDerivativeAtInnerDerivative) }), composite),
  },
  swapped_inner_outer: {
    a: sentencesOf(
      'swapped_inner_outer',
      'a',
      (n, v) => ({ ...composite(n), outerOfVariable: t(n.outerOfVariable), swapped: t(n.swapped), variable: v }),
      composite,
    ),
    b: sentencesOf('swapped_inner_outer', 'b', (n) => ({ ...composite(n), swapped: t(n.swappedLayers ?? n.swapped) }), composite),
  },
  missed_composite: {
    a: sentencesOf(
      'missed_composite',
      'a',
      (n, v) => ({ ...composite(n), variable: v, outerDerivativeOfVariable: t(n.outerDerivativeOfVariable), outerDerivative: t(n.outerDerivative) }),
      (n, v) => ({ ...composite(n), variable: v, inner: t(n.inner) }),
    ),
    b: sentencesOf('missed_composite', 'b', (n) => ({ ...composite(n), outerOfVariable: t(n.outerOfVariable), inner: t(n.inner) }), composite),
    c: sentencesOf('missed_composite', 'c', (n) => ({ ...composite(n), outerOfVariable: t(n.outerOfVariable) }), composite),
  },
};

function sentences(mistake: MistakeCode, variant: Variant): Sentences {
  const found = SENTENCES[mistake][variant];
  if (!found) throw new RangeError(`no feedback for ${mistake}/${variant}`);
  return found;
}

/** What the student did, as a phrase: "left out the inner derivative". */
export function mistakePhrase(mistake: MistakeCode, variant: Variant): Message {
  return sentences(mistake, variant).did;
}

export function chainFeedback(
  mistake: MistakeCode,
  variant: Variant,
  systematic: boolean,
  nodes: readonly NodeText[],
  variable: string,
  quiet: boolean,
  expected: string | undefined,
  /** The systematic form at only some of the chain nodes (a network's activations, a node written twice). */
  someSteps = false,
): Message {
  const s = sentences(mistake, variant);
  if (systematic) {
    const distinct = [...new Set(nodes.map((n) => t(n.composite)))];
    const where = list(distinct, 'comma');
    // At every step; at each place one node is written; at some of the steps (a network's layers).
    const form = !someSteps ? 'chain.systematic' : distinct.length === 1 ? 'chain.systematic_repeated' : 'chain.systematic_some';
    const params = { where, did: s.did, count: nodes.length };
    if (quiet || expected === undefined) return msg(`${form}.quiet`, params);
    return msg(`${form}.open`, { ...params, expected });
  }
  const node = nodes[0] as NodeText;
  return quiet ? s.quiet(node, variable) : s.open(node, variable);
}
