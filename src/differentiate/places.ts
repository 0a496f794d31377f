/**
 * The places of a function where the differentiator applies a rule a student can get wrong
 * (MISTAKES-BEYOND.md): every application F(u) or F(x) of an outer function, every product, quotient,
 * c/q, c·x^n, u^v and constant term. A buggy rule replaces the step at one place (or at every place it
 * applies to, for the systematic form); the places are numbered outermost first, left to right.
 */
import type { OuterFunction, OuterMistake } from './outer-function.js';
import type { ChainMatch } from './rules.js';
import type { Expr } from '../tree/nodes.js';
import type { MistakeCode, Variant } from '../mistake-codes.js';

/** A chain node (MISTAKES.md): node = coefficient · F(inner), inner depending on x and not x itself. */
export interface ChainNode {
  /** 0 for the first chain node met walking the tree outermost first, left to right. */
  id: number;
  /** The tree node (c·F(u) for a reciprocal with a constant numerator). */
  node: Expr;
  chain: ChainMatch;
  /** F(u), the composite itself without any constant factor, as the function writes it (1/q for c/q). */
  composite: Expr;
  /** The chain node this one sits inside (in its inner function), if any. */
  parent: number | undefined;
  /** 0 for outermost chain nodes, 1 inside one, … */
  depth: number;
  /** u as a chain node G(R), when it is one. */
  innerChain: ChainMatch | undefined;
}

interface PlaceBase {
  /** 0 for the first place met walking the tree outermost first, left to right. */
  readonly id: number;
  /** The tree node the rule is applied at. */
  readonly node: Expr;
}

/**
 * c·F(argument): a chain node (argument ≠ x), or an outer function applied to the variable itself —
 * sin(x), x^n, a^x, and c/x^k read as c·x^(-k).
 */
export interface ApplicationPlace extends PlaceBase {
  readonly kind: 'application';
  readonly outer: OuterFunction;
  readonly argument: Expr;
  readonly coefficient: Expr | undefined;
  /** The chain node, when the argument is not the variable. */
  readonly chain: ChainNode | undefined;
}

/** f·g, both depending on the variable. */
export interface ProductPlace extends PlaceBase {
  readonly kind: 'product';
  readonly left: Expr;
  readonly right: Expr;
}

/** p/q, both depending on the variable. */
export interface QuotientPlace extends PlaceBase {
  readonly kind: 'quotient';
  readonly numerator: Expr;
  readonly denominator: Expr;
}

/** c/q: a constant over a function of the variable. */
export interface ReciprocalPlace extends PlaceBase {
  readonly kind: 'reciprocal';
  readonly constant: Expr;
  readonly denominator: Expr;
}

/** c·x^n (or x^n/c): a constant times a power of the variable itself. */
export interface CoefficientPlace extends PlaceBase {
  readonly kind: 'coefficient';
  /** c (1/c for x^n/c). */
  readonly constant: Expr;
  readonly exponent: Expr;
}

/** u^v, both depending on the variable. */
export interface VariablePowerPlace extends PlaceBase {
  readonly kind: 'variablePower';
  readonly base: Expr;
  readonly exponent: Expr;
}

/** A term of the function's top-level sum (or the whole function) without the variable that is not a plain number: e^2, ln 3. */
export interface ConstantTermPlace extends PlaceBase {
  readonly kind: 'constantTerm';
}

export type Place = ApplicationPlace | ProductPlace | QuotientPlace | ReciprocalPlace | CoefficientPlace | VariablePowerPlace | ConstantTermPlace;
export type PlaceKind = Place['kind'];

/** What the rest of one differentiation provides to a buggy step. */
export interface StepContext {
  readonly variable: string;
  /** The derivative of a subexpression under the same plan (mistakes inward stay made). */
  d(expr: Expr): Expr;
  /** The correct derivative of any expression. */
  correct(expr: Expr): Expr;
}

/** At an application c·F(u): F' as this differentiation takes it (a wrong table entry, when planned). */
export interface ApplicationContext extends StepContext {
  outerDerivative(argument: Expr): Expr;
}

/** A buggy rule at places of one kind: the derivative of the place's node under the mistake. */
export interface PlaceMistake<P extends Place = Place, C extends StepContext = StepContext> {
  readonly code: MistakeCode;
  readonly variant: Variant;
  /** Where the rule can be applied (every place of the kind, when absent), in a function of `variable`. */
  readonly appliesAt?: (place: P, variable: string) => boolean;
  readonly step: (place: P, s: C) => Expr;
}

/**
 * The mistakes made at one place: at most one wrong table entry F' (at an application) and one wrong
 * step, so `cos(x^2) → sin(x^2)` is the sign of cos' flipped and the inner factor left out, together.
 */
export interface MistakesAt {
  readonly outer?: OuterMistake;
  // The step's place type is the place it is planned at (checked when the plan is made).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly step?: PlaceMistake<any, any>;
}

/** Which places get which mistakes, for one differentiation. */
export type Plan = ReadonlyMap<number, MistakesAt>;
