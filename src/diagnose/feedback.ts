/**
 * Feedback sentences a student can act on: what they did, where, and what the chain rule gives there.
 * Specific to the function (the node, its outer and inner functions, the derivative at that node).
 * In quiet mode (exams) the sentence names the mistake and the place but never an expression the
 * answer could be copied from.
 */
import type { ChainRuleCode as MistakeCode, Variant } from '../mistake-codes.js';
import type { NodeText } from './node-text.js';

interface Sentences {
  /** What the student did, as a phrase after "you": "left out the inner derivative". */
  did: string;
  /** The full sentence at one node, with the answer given away. */
  open: (n: NodeText, v: string) => string;
  /** The same without any expression that gives the answer away. */
  quiet: (n: NodeText, v: string) => string;
}

const t = (r: { text: string }) => r.text;

/** "In sin(x^2) the outer function is sin(u) and the inner function is u = x^2: its derivative is …". */
export const structure = (n: NodeText) =>
  `In ${t(n.composite)} the outer function is ${t(n.outer)} and the inner function is u = ${t(n.inner)}`;
export const stepDone = (n: NodeText) =>
  `${structure(n)}, so the derivative of ${t(n.composite)} is ${t(n.outerDerivative)} times u' = ${t(n.innerDerivative)}: ${t(n.derivative)}.`;

const SENTENCES: Record<MistakeCode, Partial<Record<Variant, Sentences>>> = {
  missing_inner_factor: {
    a: {
      did: 'left out the inner derivative',
      open: (n) => `You left out the inner derivative at ${t(n.composite)}. ${stepDone(n)}`,
      quiet: (n) => `You left out the inner derivative at ${t(n.composite)}: after differentiating the outer function, multiply by the derivative of the inner function.`,
    },
    b: {
      did: 'kept only the constant factor of the inner derivative',
      open: (n) =>
        `At ${t(n.composite)} you multiplied by ${t(n.innerFactor ?? n.inner)}, the constant factor of the inner function u = ${t(n.inner)}, but not by the derivative of ${t(n.innerRest ?? n.inner)}. ${stepDone(n)}`,
      quiet: (n) => `At ${t(n.composite)} you kept the constant factor of the inner function but left out the derivative of the rest of it: multiply by the whole inner derivative.`,
    },
  },
  outer_at_inner_derivative: {
    a: {
      did: "evaluated the outer derivative at the inner derivative, F'(u') instead of F'(u)·u'",
      open: (n) =>
        `At ${t(n.composite)} you evaluated the outer derivative at the inner derivative, ${t(n.outerDerivativeAtInnerDerivative)}: that is F'(u') where the chain rule gives F'(u)·u'. ${stepDone(n)}`,
      quiet: (n) => `At ${t(n.composite)} you evaluated the outer derivative at the inner derivative (F'(u')); the chain rule keeps the inner function inside: F'(u)·u'.`,
    },
    b: {
      did: "used F'(u')·u' instead of F'(u)·u'",
      open: (n) =>
        `At ${t(n.composite)} you evaluated the outer derivative at the inner derivative and multiplied by it: F'(u')·u', with F'(u') = ${t(n.outerDerivativeAtInnerDerivative)}. The outer derivative must be taken at u itself. ${stepDone(n)}`,
      quiet: (n) => `At ${t(n.composite)} you evaluated the outer derivative at the inner derivative (F'(u')·u'); the chain rule takes it at the inner function: F'(u)·u'.`,
    },
  },
  swapped_inner_outer: {
    a: {
      did: 'swapped the inner and outer functions',
      open: (n, v) =>
        `You treated ${t(n.outerOfVariable)} as the inner function: you differentiated ${t(n.swapped)} (the inner function with ${v} replaced by ${t(n.outerOfVariable)}) instead of ${t(n.composite)}. ${stepDone(n)}`,
      quiet: (n) => `At ${t(n.composite)} you swapped the inner and outer functions.`,
    },
    b: {
      did: 'exchanged the two outermost layers of the composite',
      open: (n) =>
        `You exchanged the two outermost layers of ${t(n.composite)}: you differentiated ${t(n.swappedLayers ?? n.swapped)} instead. ${stepDone(n)}`,
      quiet: (n) => `At ${t(n.composite)} you exchanged the two outermost layers of the composite.`,
    },
  },
  missed_composite: {
    a: {
      did: "differentiated the outer function as if its argument were the variable (F'(x)·u')",
      open: (n, v) =>
        `You differentiated ${t(n.composite)} as if its argument were ${v}: ${t(n.outerDerivativeOfVariable)} stands where ${t(n.outerDerivative)} belongs. ${stepDone(n)}`,
      quiet: (n, v) => `You differentiated ${t(n.composite)} as if its argument were ${v}: it is a composite function, a function of ${t(n.inner)}.`,
    },
    b: {
      did: "read the composite as a product and used the product rule (F'(x)·u + F(x)·u')",
      open: (n) =>
        `You read ${t(n.composite)} as the product of ${t(n.outerOfVariable)} and ${t(n.inner)} and used the product rule. It is a composite, not a product. ${stepDone(n)}`,
      quiet: (n) => `You read ${t(n.composite)} as a product; it is a composite function (a function of a function).`,
    },
    c: {
      did: "differentiated the outer function alone (F'(x))",
      open: (n) =>
        `You differentiated ${t(n.outerOfVariable)} instead of ${t(n.composite)}: it is a composite function. ${stepDone(n)}`,
      quiet: (n) => `You differentiated only the outer function of ${t(n.composite)}; it is a composite function (a function of a function).`,
    },
  },
};

function sentences(mistake: MistakeCode, variant: Variant): Sentences {
  const found = SENTENCES[mistake][variant];
  if (!found) throw new RangeError(`no feedback for ${mistake}/${variant}`);
  return found;
}

/** What the student did, as a phrase: "left out the inner derivative". */
export function mistakePhrase(mistake: MistakeCode, variant: Variant): string {
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
): string {
  const s = sentences(mistake, variant);
  if (systematic) {
    const distinct = [...new Set(nodes.map((n) => t(n.composite)))];
    const where = distinct.join(', ');
    const head = !someSteps
      ? `You made the same mistake at every chain-rule step (${where}): you ${s.did}.`
      : distinct.length === 1
        ? `You made the same mistake at each of the ${nodes.length} places ${where} appears: you ${s.did}.`
        : `You made the same mistake at each of these chain-rule steps (${where}): you ${s.did}.`;
    if (quiet || expected === undefined) return `${head} Apply the chain rule F'(u)·u' at each step, from the outside in.`;
    return `${head} Apply the chain rule F'(u)·u' at each step, from the outside in: the derivative is ${expected}.`;
  }
  const node = nodes[0] as NodeText;
  return quiet ? s.quiet(node, variable) : s.open(node, variable);
}
