/**
 * The differentiator: sum, product, quotient and constant-multiple rules, every elementary function of
 * the table, powers, exponentials and u^v by logarithmic differentiation, with the chain rule at each
 * chain node. One Differentiator per function: it finds the chain nodes and the other places where a
 * rule is applied once (numbered outermost first, left to right) and can then differentiate correctly,
 * or with buggy rules at chosen places (a Plan).
 *
 * Results are raw trees (`5*(3x+1)^(5-1)*(3*1)`); simplify() makes them readable. Numeric comparison
 * does not need that, so the diagnosis simplifies only what it shows.
 */
import { add, call, div, isBinary, isConstant, isOne, isSymbol, mentions, mul, neg, num, operands, pow, sub, sym, type Expr } from '../tree/nodes.js';
import { correctStep, type ChainStepContext } from './chain-steps.js';
import { applyOuter, applyOuterDerivative, applyTemplate, functionOuter, type OuterFunction } from './outer-function.js';
import type { ApplicationPlace, ChainNode, MistakesAt, Place, Plan, StepContext } from './places.js';
import { productRule } from './product-rule.js';
import { quotientRule, reciprocalRule } from './quotient-rule.js';
import { logarithmicRule } from './power-rules.js';
import { asPower, classify, constantBase, constantPower, functionDerivativeAt, productFactors, type ChainMatch, type Rule } from './rules.js';

export type { ChainNode } from './places.js';

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
  /** Every place a rule is applied at, outermost first, left to right (see places.ts). */
  readonly places: readonly Place[];
  private readonly rules = new Map<Expr, Rule>();
  private readonly placesAt = new Map<Expr, Place[]>();
  private correct: Expr | undefined;
  private readonly correctAt = new Map<Expr, Expr>();
  /** The place ids inside each node's subtree, as [first, end): a plan elsewhere leaves it correct. */
  private readonly span = new Map<Expr, readonly [number, number]>();
  /** The place ids of each term of the function's top-level sum, left to right, as [first, end). */
  private readonly termSpans: Array<readonly [number, number]> = [];

  constructor(
    readonly expr: Expr,
    readonly variable: string,
  ) {
    const chainNodes: ChainNode[] = [];
    const places: Place[] = [];
    this.collect(expr, { parent: undefined, depth: 0, term: true }, chainNodes, places);
    this.chainNodes = chainNodes;
    this.places = places;
  }

  /** The correct derivative (raw). */
  derivative(): Expr {
    this.correct ??= this.d(this.expr, undefined);
    return this.correct;
  }

  /**
   * Which term of the function's top-level sum (through + , - and a minus sign) a place lies in,
   * counted from 0; the function that is not a sum is its one term. Mistakes in two different terms
   * change the derivative each by its own difference, whatever the other does.
   */
  termOf(placeId: number): number | undefined {
    const at = this.termSpans.findIndex(([first, end]) => placeId >= first && placeId < end);
    return at < 0 ? undefined : at;
  }

  /** The derivative with the plan's buggy rules at its places. */
  derivativeWith(plan: Plan): Expr {
    return this.d(this.expr, plan);
  }

  /** The derivative of one subexpression of the function (a place's node), with the plan's mistakes or without. */
  derivativeAt(node: Expr, plan?: Plan): Expr {
    return this.d(node, plan);
  }

  /** Each chain node's F'(u) and u' in the correct derivative. */
  steps(): ChainStep[] {
    return this.chainNodes.map((node) => {
      const outerDerivative = applyOuterDerivative(node.chain.outer, node.chain.inner);
      const innerDerivative = this.d(node.chain.inner, undefined);
      return { node, outerDerivative, innerDerivative, derivative: mul(outerDerivative, innerDerivative) };
    });
  }

  /** Correct derivative of any expression in the same variable (used by the rules that rearrange). */
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

  /**
   * Walk the tree as the differentiator will, numbering the chain nodes and places it meets. `term`:
   * the node is a term of the function's top-level sum (or the function itself).
   */
  private collect(node: Expr, where: { parent: number | undefined; depth: number; term: boolean }, chainNodes: ChainNode[], places: Place[]): void {
    const first = places.length;
    const rule = this.rule(node);
    const addPlace = (place: PlaceData) => {
      const full = { ...place, id: places.length, node } as Place;
      places.push(full);
      const here = this.placesAt.get(node);
      if (here) here.push(full);
      else this.placesAt.set(node, [full]);
    };
    const inside = { ...where, term: false };
    const walk = (child: Expr, at = inside) => this.collect(child, at, chainNodes, places);
    const x = sym(this.variable);
    const applied = (outer: OuterFunction, coefficient?: Expr, chain?: ChainNode) =>
      addPlace({ kind: 'application', outer, argument: chain ? chain.chain.inner : x, coefficient, chain });
    switch (rule.kind) {
      case 'constant':
        if (where.term && !isConstant(node)) addPlace({ kind: 'constantTerm' });
        break;
      case 'variable':
        break;
      case 'powerOfVariable':
        applied(constantPower(rule.exponent));
        break;
      case 'exponentialOfVariable':
        applied(constantBase(rule.base));
        break;
      case 'functionOfVariable':
        applied(functionOuter(rule.name, rule.args[1]));
        break;
      case 'sum':
        walk(rule.left, where);
        walk(rule.right, where);
        break;
      case 'negate':
        walk(rule.arg, where);
        break;
      case 'constantMultiple': {
        // c·x^n, x^n/c, c·√x as c·x^(1/2), and c·x as c·x^1 (3x → 4 is the same slip as 3x^4 → 7x^3).
        const isVariable = isSymbol(rule.arg) && rule.arg.name === this.variable;
        const power = isVariable ? { base: rule.arg, exponent: num(1) } : asPower(rule.arg, this.variable);
        if (power && isSymbol(power.base) && power.base.name === this.variable) {
          addPlace({ kind: 'coefficient', constant: rule.divide ? div(num(1), rule.constant) : rule.constant, exponent: power.exponent });
        }
        walk(rule.arg);
        break;
      }
      case 'product':
        addPlace({ kind: 'product', left: rule.left, right: rule.right });
        walk(rule.left);
        walk(rule.right);
        break;
      case 'quotient':
        addPlace({ kind: 'quotient', numerator: rule.numerator, denominator: rule.denominator });
        walk(rule.numerator);
        walk(rule.denominator);
        break;
      case 'reciprocal': {
        addPlace({ kind: 'reciprocal', constant: rule.constant, denominator: rule.denominator });
        // c/x^k, c/(2x), c/√x read as (c/2)·x^(-k): the power rule's place too, one place with its
        // denominator (whose x^k is not a place of its own).
        const view = reciprocalPower(rule.constant, rule.denominator, this.variable);
        if (view) {
          applied(constantPower(view.exponent), view.coefficient);
          // 4/x^2 is 4·x^(-2), a coefficient times a power too (→ (4 - 2)·x^(-3) when the two are added).
          if (!isOne(view.coefficient)) addPlace({ kind: 'coefficient', constant: view.coefficient, exponent: view.exponent });
        } else walk(rule.denominator);
        break;
      }
      case 'logarithmic':
        addPlace({ kind: 'variablePower', base: rule.base, exponent: rule.exponent });
        walk(rule.base);
        walk(rule.exponent);
        break;
      case 'rewrite':
        walk(rule.expr);
        break;
      case 'chain': {
        const id = chainNodes.length;
        const inner = rule.chain.inner;
        const innerRule = this.rule(inner);
        const reciprocal = isBinary(node, '/') && !mentions(operands(node)[0], this.variable);
        const chainNode: ChainNode = {
          id,
          node,
          chain: rule.chain,
          composite: (reciprocal && reciprocalAsWritten(operands(node)[1], this.variable)) || applyOuter(rule.chain.outer, inner),
          parent: where.parent,
          depth: where.depth,
          innerChain: innerRule.kind === 'chain' ? innerRule.chain : undefined,
        };
        chainNodes.push(chainNode);
        if (reciprocal) {
          addPlace({ kind: 'reciprocal', constant: operands(node)[0], denominator: operands(node)[1] });
        }
        applied(rule.chain.outer, rule.chain.coefficient, chainNode);
        this.collect(inner, { parent: id, depth: where.depth + 1, term: false }, chainNodes, places);
        break;
      }
    }
    this.span.set(node, [first, places.length]);
    if (where.term && rule.kind !== 'sum' && rule.kind !== 'negate') this.termSpans.push([first, places.length]);
  }

  /** Does the plan touch a place inside this node? */
  private touched(node: Expr, plan: Plan): boolean {
    const span = this.span.get(node);
    if (!span) return true; // a rearranged tree (a rewrite's): differentiate it through
    for (const id of plan.keys()) if (id >= span[0] && id < span[1]) return true;
    return false;
  }

  private d(node: Expr, plan: Plan | undefined): Expr {
    if (plan === undefined || !this.touched(node, plan)) return this.correctOf(node);
    const here = this.placesAt.get(node);
    if (here) {
      for (const place of here) {
        const mistakes = plan.get(place.id);
        if (mistakes) return this.buggy(place, mistakes, plan);
      }
    }
    return this.rulesStep(node, this.context(plan));
  }

  /** The correct derivative of a node of this function, computed once. */
  private correctOf(node: Expr): Expr {
    let found = this.correctAt.get(node);
    if (!found) {
      found = this.rulesStep(node, this.context(undefined));
      this.correctAt.set(node, found);
    }
    return found;
  }

  private context(plan: Plan | undefined): StepContext {
    return { variable: this.variable, d: (child) => this.d(child, plan), correct: (expr) => this.differentiateOther(expr) };
  }

  /** The derivative of a node by the correct rule, its children differentiated in the context. */
  private rulesStep(node: Expr, s: StepContext): Expr {
    const rule = this.rule(node);
    switch (rule.kind) {
      case 'constant':
        return num(0);
      case 'variable':
        return num(1);
      case 'sum':
        return (rule.subtract ? sub : add)(s.d(rule.left), s.d(rule.right));
      case 'negate':
        return neg(s.d(rule.arg));
      case 'constantMultiple':
        return rule.divide ? div(s.d(rule.arg), rule.constant) : mul(rule.constant, s.d(rule.arg));
      case 'product':
        return productRule(rule.left, rule.right, s);
      case 'quotient':
        return quotientRule(rule.numerator, rule.denominator, s);
      case 'reciprocal':
        return reciprocalRule(rule.constant, rule.denominator, s);
      case 'powerOfVariable':
        return mul(rule.exponent, pow(sym(this.variable), minusOne(rule.exponent)));
      case 'exponentialOfVariable': {
        const power = pow(rule.base, sym(this.variable));
        return isE(rule.base) ? power : mul(power, call('log', rule.base));
      }
      case 'logarithmic':
        return logarithmicRule(rule.base, rule.exponent, s);
      case 'functionOfVariable':
        return functionDerivativeAt(rule.name, rule.args);
      case 'rewrite':
        return s.d(rule.expr);
      case 'chain': {
        // Nodes the walk did not number (a quotient's denominator that a reciprocal rule reads through)
        // get the correct step; they host no planned mistake.
        const inner = this.rule(rule.chain.inner);
        return this.chainStep(rule.chain, inner.kind === 'chain' ? inner.chain : undefined, {}, s, undefined);
      }
    }
  }

  /** The derivative of a place's node with the planned mistakes there. */
  private buggy(place: Place, mistakes: MistakesAt, plan: Plan): Expr {
    const s = this.context(plan);
    if (place.kind === 'application') {
      if (place.chain) return this.chainStep(place.chain.chain, place.chain.innerChain, mistakes, s, place);
      // F(x): only a wrong table entry applies, F'(x) in place of the right one.
      const derivative = outerDerivativeWith(place.outer, mistakes)(place.argument);
      return place.coefficient ? mul(place.coefficient, derivative) : derivative;
    }
    return mistakes.step ? mistakes.step.step(place, s) : this.rulesStep(place.node, s);
  }

  private chainStep(chain: ChainMatch, innerChain: ChainMatch | undefined, mistakes: MistakesAt, s: StepContext, place: ApplicationPlace | undefined): Expr {
    let innerDerivative: Expr | undefined;
    const context: ChainStepContext = {
      ...s,
      chain,
      innerChain,
      innerDerivative: () => (innerDerivative ??= s.d(chain.inner)),
      outerDerivative: outerDerivativeWith(chain.outer, mistakes),
    };
    const step = mistakes.step && place ? mistakes.step.step(place, context) : correctStep(context);
    return chain.coefficient ? mul(chain.coefficient, step) : step;
  }
}

/**
 * c/q is the chain node q^(-1) (times c): shown to the student as the 1/q it is written as, q's own
 * constant factors left out as a chain node's constant is (1/(2(x^2 + 1)) is 1/(x^2 + 1)). Undefined
 * when q is not one factor with the variable times constants.
 */
function reciprocalAsWritten(denominator: Expr, variable: string): Expr | undefined {
  const withVariable = productFactors(denominator).filter((factor) => mentions(factor, variable));
  return withVariable.length === 1 ? div(num(1), withVariable[0] as Expr) : undefined;
}

/** A place as the walk finds it, before it is numbered. */
type PlaceData = Place extends infer P ? (P extends Place ? Omit<P, 'id' | 'node'> : never) : never;

/** F'(t), or the planned wrong table entry in its place. */
function outerDerivativeWith(outer: OuterFunction, mistakes: MistakesAt): (argument: Expr) => Expr {
  const wrong = mistakes.outer;
  return wrong ? (argument) => applyTemplate(wrong.derivativeTemplate, argument) : (argument) => applyOuterDerivative(outer, argument);
}

/**
 * c/q as c'·x^(-k) when q is a constant times x, x^k or a root of x (the reciprocals the differentiator
 * does not treat as chain nodes): the exponent -k and the coefficient c' = c/(q's constant factor).
 */
function reciprocalPower(constant: Expr, denominator: Expr, variable: string): { exponent: Expr; coefficient: Expr } | undefined {
  const factors = productFactors(denominator);
  const constants = factors.filter((f) => !mentions(f, variable));
  const [single, ...rest] = factors.filter((f) => mentions(f, variable));
  if (!single || rest.length > 0) return undefined;
  const coefficient = constants.length === 0 ? constant : div(constant, constants.reduce((a, b) => mul(a, b)));
  const isVariable = (e: Expr) => isSymbol(e) && e.name === variable;
  if (isVariable(single)) return { exponent: num(-1), coefficient };
  const power = asPower(single, variable);
  if (power && isVariable(power.base)) return { exponent: neg(power.exponent), coefficient };
  return undefined;
}

const minusOne = (e: Expr) => sub(e, num(1));

function isE(node: Expr): boolean {
  return node.type === 'SymbolNode' && (node as unknown as { name: string }).name === 'e';
}

/** The correct derivative of expr with respect to variable (raw tree). */
export function differentiate(expr: Expr, variable: string): Expr {
  return new Differentiator(expr, variable).derivative();
}

export type { ChainMatch };
