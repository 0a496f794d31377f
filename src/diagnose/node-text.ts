/**
 * A chain node described in words a student reads: the node, its outer function with u for the
 * argument, its inner function, and the expressions each buggy rule produced there. Rendered lazily
 * and once per node, since feedback needs only the nodes an answer's mistakes sit at.
 */
import { applyOuter, applyOuterDerivative, outerWithPlaceholder, PLACEHOLDER } from '../differentiate/outer-function.js';
import type { ChainNode, Differentiator } from '../differentiate/differentiate.js';
import { swappedFunction, swappedLayers, writtenFactor, writtenMultiple } from '../differentiate/chain-steps.js';
import { mul, substitute, sym, type Expr } from '../tree/nodes.js';
import { simplify } from '../tree/simplify.js';
import { asWritten, render, type Rendered } from '../tree/render.js';

export class NodeText {
  private readonly cache = new Map<string, Rendered>();
  private innerDerivativeTree: Expr | undefined;

  constructor(
    readonly node: ChainNode,
    private readonly differentiator: Differentiator,
  ) {}

  /** u', differentiated once for the three sentences that use it. */
  private get du(): Expr {
    this.innerDerivativeTree ??= this.differentiator.differentiateOther(this.node.chain.inner);
    return this.innerDerivativeTree;
  }

  private get variable(): string {
    return this.differentiator.variable;
  }

  private memo(key: string, make: () => Rendered): Rendered {
    let value = this.cache.get(key);
    if (!value) {
      value = make();
      this.cache.set(key, value);
    }
    return value;
  }

  /** F(u) as it stands in the function. */
  get composite(): Rendered {
    return this.memo('composite', () => asWritten(this.node.composite));
  }
  /** F with u for its argument: sin(u), u^2, e^u. */
  get outer(): Rendered {
    return this.memo('outer', () => render(outerWithPlaceholder(this.node.chain.outer), 'u'));
  }
  get inner(): Rendered {
    return this.memo('inner', () => asWritten(this.node.chain.inner));
  }
  /**
   * F'(u), with u as the function writes it (e^(-w*x), not e^(-x*w)): the simplified F' of the table
   * with u put in its place, so the student finds the u of the sentence before in it.
   */
  get outerDerivative(): Rendered {
    return this.memo('outerDerivative', () => {
      const template = simplify(applyOuterDerivative(this.node.chain.outer, sym(PLACEHOLDER)), { variable: PLACEHOLDER });
      return asWritten(substitute(template, PLACEHOLDER, this.node.chain.inner));
    });
  }
  /** u'. */
  get innerDerivative(): Rendered {
    return this.memo('innerDerivative', () => render(this.du, this.variable));
  }
  /** F'(u)·u', the derivative of the composite. */
  get derivative(): Rendered {
    return this.memo('derivative', () =>
      render(
        mul(applyOuterDerivative(this.node.chain.outer, this.node.chain.inner), this.du),
        this.variable,
      ));
  }
  /** F(x): the outer function applied to the variable. */
  get outerOfVariable(): Rendered {
    return this.memo('outerOfVariable', () => render(applyOuter(this.node.chain.outer, sym(this.variable)), this.variable));
  }
  /** F'(x). */
  get outerDerivativeOfVariable(): Rendered {
    return this.memo('outerDerivativeOfVariable', () => render(applyOuterDerivative(this.node.chain.outer, sym(this.variable)), this.variable));
  }
  /** F'(u'). */
  get outerDerivativeAtInnerDerivative(): Rendered {
    return this.memo('outerAtInner', () =>
      render(applyOuterDerivative(this.node.chain.outer, this.du), this.variable));
  }
  /** u(F(x)): the function a swap differentiates. */
  get swapped(): Rendered {
    return this.memo('swapped', () => render(swappedFunction(this.node.chain, this.variable), this.variable));
  }
  /** c when u is written c·v (-v, 3v): the constant factor a student keeps (missing_inner_factor b). */
  get innerFactor(): Rendered | undefined {
    const c = writtenFactor(this.node.chain.inner);
    return c && this.memo('innerFactor', () => render(c, this.variable));
  }
  /** v when u is written c·v: the part whose derivative a student leaves out. */
  get innerRest(): Rendered | undefined {
    const rest = writtenMultiple(this.node.chain.inner)?.rest;
    return rest && this.memo('innerRest', () => asWritten(rest));
  }
  /** G(F(R)) where u = G(R): the two outermost layers exchanged. */
  get swappedLayers(): Rendered | undefined {
    const g = this.node.innerChain;
    if (!g) return undefined;
    return this.memo('swappedLayers', () => render(swappedLayers(this.node.chain, g), this.variable));
  }
}
