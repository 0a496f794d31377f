/**
 * The step the differentiator takes at a chain node N = F(u): the correct one, F'(u)·u', and each
 * "buggy rule" of MISTAKES.md that a student may use in its place. The diagnosis differentiates the
 * whole function again with one of these in place of the correct step (at one chain node, or at all of
 * them for the systematic form), so every candidate is an exact derivative under a mistaken rule.
 */
import { mul, add, sym, substitute, type Expr } from '../tree/nodes.js';
import { applyOuter, applyOuterDerivative } from './outer-function.js';
import type { ChainMatch } from './rules.js';

export const MISTAKE_CODES = [
  'missing_inner_factor',
  'outer_at_inner_derivative',
  'swapped_inner_outer',
  'missed_composite',
] as const;
export type MistakeCode = (typeof MISTAKE_CODES)[number];
export type Variant = 'a' | 'b' | 'c';

export interface ChainStepContext {
  chain: ChainMatch;
  variable: string;
  /** u' as the rest of this differentiation computes it (mistaken inward for the systematic form). */
  innerDerivative: () => Expr;
  /** The correct derivative of any expression, for rules that differentiate a rearranged function. */
  correctDerivative: (expr: Expr) => Expr;
  /** u itself read as a chain node G(R), when it is one (the swap of the two outermost layers). */
  innerChain: ChainMatch | undefined;
}

type StepRule = (s: ChainStepContext) => Expr;

/** u(F(x)): the function a swap (a) differentiates (also what its feedback quotes). */
export function swappedFunction(chain: ChainMatch, variable: string): Expr {
  return substitute(chain.inner, variable, applyOuter(chain.outer, sym(variable)));
}

/** G(F(R)) where u = G(R): the function a swap (b) differentiates. */
export function swappedLayers(chain: ChainMatch, inner: ChainMatch): Expr {
  const swapped = applyOuter(inner.outer, applyOuter(chain.outer, inner.inner));
  return inner.coefficient ? mul(inner.coefficient, swapped) : swapped;
}

export function correctStep(s: ChainStepContext): Expr {
  return mul(applyOuterDerivative(s.chain.outer, s.chain.inner), s.innerDerivative());
}

const x = (s: ChainStepContext) => sym(s.variable);

/** The buggy rules, by code and variant, exactly as the table in MISTAKES.md gives them. */
export const BUGGY_STEPS: Record<MistakeCode, Partial<Record<Variant, StepRule>>> = {
  missing_inner_factor: {
    // F'(u): the inner derivative left out.
    a: (s) => applyOuterDerivative(s.chain.outer, s.chain.inner),
  },
  outer_at_inner_derivative: {
    // F'(u'), and F'(u')·u'.
    a: (s) => applyOuterDerivative(s.chain.outer, s.innerDerivative()),
    b: (s) => {
      const du = s.innerDerivative();
      return mul(applyOuterDerivative(s.chain.outer, du), du);
    },
  },
  swapped_inner_outer: {
    // d/dx u(F(x)): the variable in u replaced by F(x).
    a: (s) => s.correctDerivative(swappedFunction(s.chain, s.variable)),
    // u = G(R) is a chain node itself: d/dx G(F(R)), the two outermost layers exchanged.
    b: (s) => s.correctDerivative(swappedLayers(s.chain, s.innerChain as ChainMatch)),
  },
  missed_composite: {
    // F'(x)·u', F'(x)·u + F(x)·u' (read as a product), F'(x).
    a: (s) => mul(applyOuterDerivative(s.chain.outer, x(s)), s.innerDerivative()),
    b: (s) =>
      add(
        mul(applyOuterDerivative(s.chain.outer, x(s)), s.chain.inner),
        mul(applyOuter(s.chain.outer, x(s)), s.innerDerivative()),
      ),
    c: (s) => applyOuterDerivative(s.chain.outer, x(s)),
  },
};

export function variantsOf(code: MistakeCode): Variant[] {
  return Object.keys(BUGGY_STEPS[code]) as Variant[];
}

/** Whether a buggy rule can be applied at a node (swap (b) needs u to be a chain node itself). */
export function appliesAt(code: MistakeCode, variant: Variant, innerChain: ChainMatch | undefined): boolean {
  if (!BUGGY_STEPS[code][variant]) return false;
  return !(code === 'swapped_inner_outer' && variant === 'b' && innerChain === undefined);
}
