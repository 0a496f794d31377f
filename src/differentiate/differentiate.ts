/**
 * The differentiator: sum, product, quotient and constant-multiple rules, every elementary function of
 * the table, powers, exponentials and u^v by logarithmic differentiation, with the chain rule at each
 * chain node. One Differentiator per function: it finds the chain nodes once (numbered outermost
 * first, left to right) and can then differentiate correctly or with a buggy rule at chosen nodes.
 *
 * Results are raw trees (`5*(3x+1)^(5-1)*(3*1)`); simplify() makes them readable. Numeric comparison
 * does not need that, so the diagnosis simplifies only what it shows.
 */
import { add, call, div, mul, neg, num, pow, sub, sym, type Expr } from '../tree/nodes.js';
import { appliesAt, BUGGY_STEPS, correctStep, type ChainStepContext, type MistakeCode, type Variant } from './chain-steps.js';
import { applyOuter, applyOuterDerivative } from './outer-function.js';
import { classify, functionDerivativeAt, type ChainMatch, type Rule } from './rules.js';

export interface ChainNode {
  /** 0 for the first chain node met walking the tree outermost first, left to right. */
  id: number;
  /** The tree node (c·F(u) for a reciprocal with a constant numerator). */
  node: Expr;
  chain: ChainMatch;
  /** F(u), the composite itself without any constant factor. */
  composite: Expr;
  /** The chain node this one sits inside (in its inner function), if any. */
  parent: number | undefined;
  /** 0 for outermost chain nodes, 1 inside one, … */
  depth: number;
  /** u as a chain node G(R), when it is one. */
  innerChain: ChainMatch | undefined;
}

/** A buggy rule in place of the correct chain step at some chain nodes. */
export interface MistakePlan {
  mistake: MistakeCode;
  variant: Variant;
  nodes: ReadonlySet<number>;
}

/** One chain-rule step of the correct derivative, for worked solutions. */
export interface ChainStep {
  node: ChainNode;
  /** F'(u). */
  outerDerivative: Expr;
  /** u'. */
  innerDerivative: Expr;
  /** F'(u)·u'. */
  derivative: Expr;
}

export class Differentiator {
  readonly chainNodes: readonly ChainNode[];
  private readonly rules = new Map<Expr, Rule>();
  private readonly chainIds = new Map<Expr, number>();
  private correct: Expr | undefined;

  constructor(
    readonly expr: Expr,
    readonly variable: string,
  ) {
    const found: ChainNode[] = [];
    this.collectChainNodes(expr, undefined, 0, found);
    this.chainNodes = found;
  }

  /** The correct derivative (raw). */
  derivative(): Expr {
    this.correct ??= this.d(this.expr, undefined);
    return this.correct;
  }

  /** The derivative with a buggy rule at the plan's chain nodes; undefined if it applies at none. */
  derivativeWith(plan: MistakePlan): Expr | undefined {
    const applicable = this.chainNodes.some((n) => plan.nodes.has(n.id) && appliesAt(plan.mistake, plan.variant, n.innerChain));
    if (!applicable) return undefined;
    return this.d(this.expr, plan);
  }

  /** The chain nodes where a buggy rule can be applied. */
  nodesAccepting(mistake: MistakeCode, variant: Variant): ChainNode[] {
    return this.chainNodes.filter((n) => appliesAt(mistake, variant, n.innerChain));
  }

  /** Each chain node's F'(u) and u' in the correct derivative. */
  steps(): ChainStep[] {
    return this.chainNodes.map((node) => {
      const outerDerivative = applyOuterDerivative(node.chain.outer, node.chain.inner);
      const innerDerivative = this.d(node.chain.inner, undefined);
      return { node, outerDerivative, innerDerivative, derivative: mul(outerDerivative, innerDerivative) };
    });
  }

  /** Correct derivative of any expression in the same variable (used by the swap rules). */
  differentiateOther(expr: Expr): Expr {
    return new Differentiator(expr, this.variable).derivative();
  }

  // ------------------------------------------------------------------------------------------------

  private rule(node: Expr): Rule {
    let rule = this.rules.get(node);
    if (!rule) {
      rule = classify(node, this.variable);
      this.rules.set(node, rule);
    }
    return rule;
  }

  /** Walk the tree as the differentiator will, numbering the chain nodes it meets. */
  private collectChainNodes(node: Expr, parent: number | undefined, depth: number, out: ChainNode[]): void {
    const rule = this.rule(node);
    const walk = (child: Expr) => this.collectChainNodes(child, parent, depth, out);
    switch (rule.kind) {
      case 'constant':
      case 'variable':
      case 'powerOfVariable':
      case 'exponentialOfVariable':
      case 'functionOfVariable':
        return;
      case 'sum':
      case 'product':
        walk(rule.left);
        walk(rule.right);
        return;
      case 'negate':
      case 'constantMultiple':
        walk(rule.arg);
        return;
      case 'quotient':
        walk(rule.numerator);
        walk(rule.denominator);
        return;
      case 'reciprocal':
        walk(rule.denominator);
        return;
      case 'logarithmic':
        walk(rule.base);
        walk(rule.exponent);
        return;
      case 'rewrite':
        walk(rule.expr);
        return;
      case 'chain': {
        const id = out.length;
        const inner = rule.chain.inner;
        const innerRule = this.rule(inner);
        out.push({
          id,
          node,
          chain: rule.chain,
          composite: applyOuter(rule.chain.outer, inner),
          parent,
          depth,
          innerChain: innerRule.kind === 'chain' ? innerRule.chain : undefined,
        });
        this.chainIds.set(node, id);
        this.collectChainNodes(inner, id, depth + 1, out);
        return;
      }
    }
  }

  private d(node: Expr, plan: MistakePlan | undefined): Expr {
    const rule = this.rule(node);
    const d = (child: Expr) => this.d(child, plan);
    switch (rule.kind) {
      case 'constant':
        return num(0);
      case 'variable':
        return num(1);
      case 'sum':
        return (rule.subtract ? sub : add)(d(rule.left), d(rule.right));
      case 'negate':
        return neg(d(rule.arg));
      case 'constantMultiple':
        return rule.divide ? div(d(rule.arg), rule.constant) : mul(rule.constant, d(rule.arg));
      case 'product':
        return add(mul(d(rule.left), rule.right), mul(rule.left, d(rule.right)));
      case 'quotient':
        return div(
          sub(mul(d(rule.numerator), rule.denominator), mul(rule.numerator, d(rule.denominator))),
          pow(rule.denominator, num(2)),
        );
      case 'reciprocal':
        return neg(div(mul(rule.constant, d(rule.denominator)), pow(rule.denominator, num(2))));
      case 'powerOfVariable':
        return mul(rule.exponent, pow(sym(this.variable), sub(rule.exponent, num(1))));
      case 'exponentialOfVariable': {
        const power = pow(rule.base, sym(this.variable));
        return isE(rule.base) ? power : mul(power, call('log', rule.base));
      }
      case 'logarithmic': {
        const { base, exponent } = rule;
        return mul(pow(base, exponent), add(mul(d(exponent), call('log', base)), div(mul(exponent, d(base)), base)));
      }
      case 'functionOfVariable':
        return functionDerivativeAt(rule.name, rule.args);
      case 'rewrite':
        return d(rule.expr);
      case 'chain': {
        const step = this.chainStep(node, rule.chain, plan);
        return rule.chain.coefficient ? mul(rule.chain.coefficient, step) : step;
      }
    }
  }

  private chainStep(node: Expr, chain: ChainMatch, plan: MistakePlan | undefined): Expr {
    const id = this.chainIds.get(node);
    let innerDerivative: Expr | undefined;
    const innerRule = this.rule(chain.inner);
    const context: ChainStepContext = {
      chain,
      variable: this.variable,
      innerDerivative: () => (innerDerivative ??= this.d(chain.inner, plan)),
      correctDerivative: (expr) => this.differentiateOther(expr),
      innerChain: innerRule.kind === 'chain' ? innerRule.chain : undefined,
    };
    if (plan && id !== undefined && plan.nodes.has(id) && appliesAt(plan.mistake, plan.variant, context.innerChain)) {
      const buggy = BUGGY_STEPS[plan.mistake][plan.variant];
      if (buggy) return buggy(context);
    }
    return correctStep(context);
  }
}

function isE(node: Expr): boolean {
  return node.type === 'SymbolNode' && (node as unknown as { name: string }).name === 'e';
}

/** The correct derivative of expr with respect to variable (raw tree). */
export function differentiate(expr: Expr, variable: string): Expr {
  return new Differentiator(expr, variable).derivative();
}
