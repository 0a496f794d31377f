/**
 * The outer function F of a chain node N = F(u), kept as a template F(□) with a placeholder symbol, so
 * F can be applied to anything the rules need: F(u) for the correct step, F(u') for "f'(g'(x))",
 * F(x) for a missed composite, and F'(t) comes from differentiating the template itself with the same
 * table entry that differentiates everything else.
 */
import { functionNamed } from '../functions/elementary.js';
import type { MistakeCode, Variant } from '../mistake-codes.js';
import { call, div, num, pow, substitute, sym, type Expr } from '../tree/nodes.js';
import { powerRuleMistakes } from './power-rules.js';

/** A name no reader can produce (readers only make letters, Greek names, e and pi). */
export const PLACEHOLDER = '□';

export type OuterKind =
  | 'function' // sin(□), log(□, b), nthRoot(□, n)
  | 'power' // □^n with constant n (also the reciprocal of a chain node: □^(-k))
  | 'exponential'; // a^□ with constant base a (e^□ included)

/**
 * A wrong F'(□) as students remember it (the power rule without the exponent reduced, sin's
 * derivative with its sign flipped…), under its mistake code: a buggy rule beside the rule it corrupts.
 */
export interface OuterMistake {
  readonly code: MistakeCode;
  readonly variant: Variant;
  readonly derivativeTemplate: Expr;
}

export interface OuterFunction {
  kind: OuterKind;
  /** F(□). */
  template: Expr;
  /** F'(□), from the elementary table or the power/exponential rule. */
  derivativeTemplate: Expr;
  /** The wrong F'(□) students give instead. */
  mistakes: readonly OuterMistake[];
  /** n when F(□) is the power □^n, n constant: a power, or a root (□^(1/k)). */
  exponent?: Expr;
}

export function outerFunction(kind: OuterKind, template: Expr, derivativeTemplate: Expr, mistakes: readonly OuterMistake[] = [], exponent?: Expr): OuterFunction {
  return exponent === undefined ? { kind, template, derivativeTemplate, mistakes } : { kind, template, derivativeTemplate, mistakes, exponent };
}

export function applyOuter(outer: OuterFunction, argument: Expr): Expr {
  return substitute(outer.template, PLACEHOLDER, argument);
}

export function applyOuterDerivative(outer: OuterFunction, argument: Expr): Expr {
  return substitute(outer.derivativeTemplate, PLACEHOLDER, argument);
}

/** A template (F(□), F'(□) or a wrong F'(□)) with the argument in place of □. */
export function applyTemplate(template: Expr, argument: Expr): Expr {
  return substitute(template, PLACEHOLDER, argument);
}

/** F written with `u` for its argument (`sin(u)`, `u^2`, `e^u`), for people. */
export function outerWithPlaceholder(outer: OuterFunction, name = 'u'): Expr {
  return substitute(outer.template, PLACEHOLDER, sym(name));
}

export function functionOuter(name: string, parameter?: Expr): OuterFunction {
  const box = sym(PLACEHOLDER);
  const args = parameter === undefined ? [box] : [box, parameter];
  const entry = functionNamed(name, args.length);
  if (!entry) throw new TypeError(`no elementary function ${name}/${args.length}`);
  const mistakes = entry.mistakes(args).map(({ code, variant, derivative }) => ({ code, variant, derivativeTemplate: derivative }));
  // A root is the power □^(1/k) as well: its derivative stays the table's (1/(2·sqrt(□))), and the power
  // rule's wrong forms are made at it as at any u^n (√x → ½x^½, the exponent not reduced).
  const index = entry.rootIndex?.(args);
  if (index === undefined) return outerFunction('function', call(name, ...args), entry.derivative(args), mistakes);
  const exponent = div(num(1), index);
  return outerFunction('function', call(name, ...args), entry.derivative(args), [...mistakes, ...powerRuleMistakes(exponent, box)], exponent);
}

/** F'(□) and the wrong ones, each built from the placeholder. */
type Derivatives = (box: Expr) => { derivative: Expr; mistakes: readonly OuterMistake[] };

export function powerOuter(exponent: Expr, derivatives: Derivatives): OuterFunction {
  const box = sym(PLACEHOLDER);
  const { derivative, mistakes } = derivatives(box);
  return outerFunction('power', pow(box, exponent), derivative, mistakes, exponent);
}

export function exponentialOuter(base: Expr, derivatives: Derivatives): OuterFunction {
  const box = sym(PLACEHOLDER);
  const { derivative, mistakes } = derivatives(box);
  return outerFunction('exponential', pow(base, box), derivative, mistakes);
}
