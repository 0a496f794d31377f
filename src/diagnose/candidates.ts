/**
 * The derivatives a student would write under each buggy rule (MISTAKES.md): for every mistake and
 * variant, one candidate per chain node where the rule applies (everything else differentiated
 * correctly), and the systematic form (the rule at every such node, inner derivatives mistaken
 * inward) where there is more than one such node. Each candidate is an exact derivative, computed by
 * the same differentiator with one step replaced.
 */
import { MISTAKE_CODES, variantsOf, type MistakeCode, type Variant } from '../differentiate/chain-steps.js';
import type { ChainNode, Differentiator } from '../differentiate/differentiate.js';
import type { Expr } from '../tree/nodes.js';

export interface Candidate {
  mistake: MistakeCode;
  variant: Variant;
  systematic: boolean;
  /** Where the buggy rule replaced the chain step: one node, or every node it applies to. */
  nodes: readonly ChainNode[];
  /** The derivative under the buggy rule (raw tree). */
  expr: Expr;
}

/**
 * Chain nodes diagnosed one by one, outermost first. A function with more (far beyond any exercise)
 * is still diagnosed at its first 24 nodes and systematically: the bound keeps the work per function
 * small whatever the input (8 candidates a node at most).
 */
export const MAX_DIAGNOSED_NODES = 24;

export function chainRuleCandidates(differentiator: Differentiator, maxNodes = MAX_DIAGNOSED_NODES): Candidate[] {
  const candidates: Candidate[] = [];
  for (const mistake of MISTAKE_CODES) {
    for (const variant of variantsOf(mistake)) {
      const nodes = differentiator.nodesAccepting(mistake, variant);
      for (const node of nodes.slice(0, maxNodes)) {
        const expr = differentiator.derivativeWith({ mistake, variant, nodes: new Set([node.id]) });
        if (expr) candidates.push({ mistake, variant, systematic: false, nodes: [node], expr });
      }
      if (nodes.length > 1) {
        const expr = differentiator.derivativeWith({ mistake, variant, nodes: new Set(nodes.map((n) => n.id)) });
        if (expr) candidates.push({ mistake, variant, systematic: true, nodes, expr });
      }
    }
  }
  return candidates;
}

const CODE_ORDER = new Map(MISTAKE_CODES.map((code, i) => [code, i]));

/** MISTAKES.md's order: single-node before systematic, outer nodes before inner, then code and variant. */
export function byReportOrder(a: Candidate, b: Candidate): number {
  const first = (c: Candidate) => c.nodes[0] as ChainNode;
  return (
    Number(a.systematic) - Number(b.systematic) ||
    first(a).depth - first(b).depth ||
    first(a).id - first(b).id ||
    (CODE_ORDER.get(a.mistake) as number) - (CODE_ORDER.get(b.mistake) as number) ||
    a.variant.localeCompare(b.variant)
  );
}
