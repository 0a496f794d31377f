/**
 * A mistake in backpropagation's terms (issue 14). When the function is a loss of an activation of an
 * affine form in the variable — L(a), a = σ(z), z = w·x + b, written any way (x·w + b, b + w x,
 * w_1 x_1 + w_2 x_2 + b), σ an activation of the table or the sigmoid written out as 1/(1 + e^(-z)),
 * one layer or several (z_2 = w_2·a_1 + b_2) — its chain nodes are the network's pieces, and the
 * feedback can say which factor of ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w an answer left out or got wrong, on
 * top of the chain-rule code: ∂L/∂a, ∂a/∂z = σ'(z) or ∂z/∂w = x. The binary cross-entropy written with
 * softplus, softplus(z) - y·z, is a loss of z itself (no activation layer). Recognised once per
 * function from the differentiator's chain nodes; a function of any other shape gets no such sentence.
 */
import { list, msg, type Message, type MessageParam } from '../i18n/message.js';
import type { Mistake } from './candidates.js';
import { numberValue, writtenMultiple } from '../differentiate/chain-steps.js';
import { Differentiator, type ChainNode } from '../differentiate/differentiate.js';
import { PLACEHOLDER } from '../differentiate/outer-function.js';
import type { Place } from '../differentiate/places.js';
import { functionNamed } from '../functions/elementary.js';
import { add, children, div, isBinary, isCall, isSymbol, isUnaryMinus, mentions, mul, neg, num, onlyArg, operands, pow, structuralKey, substitute, sym, symbolNames, withChildren, type Expr } from '../tree/nodes.js';
import { asWritten, render } from '../tree/render.js';
import { simplify } from '../tree/simplify.js';

/** One layer: a = act(z). */
interface Layer {
  /** The activation as it stands in the function (every occurrence has this structure). */
  readonly activation: Expr;
  readonly key: string;
  /** z, the activation's argument: for the sigmoid written out, minus the exponent of e. */
  readonly preactivation: Expr;
  /** a as a function of □ standing for z: sigmoid(□), 1/(1 + e^(-□)). */
  readonly ofZ: Expr;
  /**
   * The sigmoid written out: the activation's own inner function, 1 + e^(-z). A constant over it,
   * w_2/(1 + e^(-z)), is that constant times the activation.
   */
  readonly writtenInner: Expr | undefined;
}

/** How a chain node's inner function u stands to the network. */
type Level =
  | { kind: 'a'; layer: number; slope: Expr } // u is a function of a_k; slope = du/da_k, of □
  | { kind: 'z'; layer: number; factor: number } // u = factor·z_k + a constant
  | { kind: 'inside'; layer: number }; // u = 1 + e^(-z_k), inside a sigmoid written out

/** What a chain node is in the network. */
type Role = { kind: 'activation'; layer: number } | { kind: 'loss'; whole: boolean } | { kind: 'inside'; layer: number };

interface Factor {
  readonly name: string;
  readonly value: string;
}

const box = () => sym(PLACEHOLDER);

/** The network a function is: its layers, its loss, and the factors of its backpropagation chain in words. */
export class Network {
  private readonly factors = new Map<string, Factor>();

  constructor(
    private readonly differentiator: Differentiator,
    /** The first layer's z, affine in the variable. */
    private readonly z1: Expr,
    private readonly layers: readonly Layer[],
    /** L(□), □ the last activation (or z, for a loss of the logit); undefined when f is the network itself. */
    private readonly loss: Expr | undefined,
    private readonly names: { readonly a: string; readonly z: string },
  ) {}

  private get variable(): string {
    return this.differentiator.variable;
  }

  /** Activation layers (the logit form has none). */
  private get depth(): number {
    return this.layers.length;
  }

  private a(k: number): string {
    return this.depth > 1 ? `${this.names.a}_${k}` : this.names.a;
  }

  private z(k: number): string {
    return this.depth > 1 ? `${this.names.z}_${k}` : this.names.z;
  }

  /** What the loss is a function of: the last activation, or z for a loss of the logit. */
  private get top(): string {
    return this.depth === 0 ? this.z(1) : this.a(this.depth);
  }

  private layer(k: number): Layer {
    return this.layers[k - 1] as Layer;
  }

  /** z_k with the layer below named: z_2 = w_2*a_1 + b_2. */
  private zShown(k: number): string {
    const z = k === 1 ? this.z1 : replaceLayer(this.layer(k).preactivation, this.layer(k - 1), sym(this.a(k - 1)));
    return `${this.z(k)} = ${asWritten(z).text}`;
  }

  private aShown(k: number): string {
    return `${this.a(k)} = ${render(substitute(this.layer(k).ofZ, PLACEHOLDER, sym(this.z(k))), this.z(k)).text}`;
  }

  private factor(name: string, value: () => string): Factor {
    let found = this.factors.get(name);
    if (!found) {
      found = { name, value: value() };
      this.factors.set(name, found);
    }
    return found;
  }

  /** ∂a_k/∂z_k: σ'(z) as the table gives it. */
  private activationFactor(k: number): Factor {
    const z = this.z(k);
    return this.factor(`∂${this.a(k)}/∂${z}`, () => render(derivative(substitute(this.layer(k).ofZ, PLACEHOLDER, sym(z)), z), z).text);
  }

  /** ∂z_1/∂w, or ∂z_k/∂a_(k-1). */
  private affineFactor(k: number): Factor {
    if (k === 1) return this.factor(`∂${this.z(1)}/∂${this.variable}`, () => render(derivative(this.z1, this.variable), this.variable).text);
    const a = this.a(k - 1);
    const z = replaceLayer(this.layer(k).preactivation, this.layer(k - 1), sym(a));
    return this.factor(`∂${this.z(k)}/∂${a}`, () => render(derivative(z, a), a).text);
  }

  private lossFactor(): Factor | undefined {
    const loss = this.loss;
    if (!loss) return undefined;
    const top = this.top;
    return this.factor(`∂L/∂${top}`, () => render(derivative(substitute(loss, PLACEHOLDER, sym(top)), top), top).text);
  }

  /** The factors below a level, outermost first: from a_k (∂a_k/∂z_k, ∂z_k/∂a_(k-1), …, ∂z_1/∂w) or from z_k. */
  private below(level: 'a' | 'z', k: number): Factor[] {
    const out: Factor[] = [];
    for (let layer = k; layer >= 1; layer--) {
      if (layer < k || level === 'a') out.push(this.activationFactor(layer));
      out.push(this.affineFactor(layer));
    }
    return out;
  }

  /** Every factor of the gradient, outermost first. */
  private chain(): Factor[] {
    const loss = this.lossFactor();
    return [...(loss ? [loss] : []), ...(this.depth === 0 ? this.below('z', 1) : this.below('a', this.depth))];
  }

  // ---- how a chain node stands to the network ---------------------------------------------------

  private levelOf(u: Expr): Level | undefined {
    const w = this.variable;
    for (let k = this.depth; k >= 1; k--) {
      const layer = this.layer(k);
      if (containsLayer(u, layer)) {
        const rest = replaceLayer(u, layer, box());
        if (!mentions(rest, w)) return { kind: 'a', layer: k, slope: derivative(rest, PLACEHOLDER) };
      }
      const factor = this.zFactor(u, k);
      if (factor !== undefined) return { kind: 'z', layer: k, factor };
      if (layer.writtenInner && sameTree(u, layer.writtenInner)) return { kind: 'inside', layer: k };
    }
    if (this.depth === 0) {
      const factor = this.zFactor(u, 1);
      if (factor !== undefined) return { kind: 'z', layer: 1, factor };
    }
    return undefined;
  }

  /** c when u = c·z_k + a constant (a number c), else undefined. */
  private zFactor(u: Expr, k: number): number | undefined {
    if (k === 1) return affine(u, this.variable) ? ratio(u, this.z1, this.variable) : undefined;
    const below = this.layer(k - 1);
    if (!containsLayer(u, below)) return undefined;
    const rest = replaceLayer(u, below, box());
    if (mentions(rest, this.variable) || !affine(rest, PLACEHOLDER)) return undefined;
    return ratio(rest, replaceLayer(this.layer(k).preactivation, below, box()), PLACEHOLDER);
  }

  private roleOf(node: ChainNode): Role | undefined {
    const layer = this.layers.findIndex((l) => isLayer(node.node, l));
    if (layer >= 0) return { kind: 'activation', layer: layer + 1 };
    const level = this.levelOf(node.chain.inner);
    if (level?.kind === 'z' && this.depth > 0 && this.layer(level.layer).writtenInner) return { kind: 'inside', layer: level.layer };
    const output = this.depth === 0 ? this.z1 : this.layer(this.depth);
    if (!(output === this.z1 ? contains(node.node, this.z1) : containsLayer(node.node, output as Layer))) return undefined;
    const outside = replace(this.differentiator.expr, node.node, box());
    return { kind: 'loss', whole: !mentions(outside, this.variable) && affine(outside, PLACEHOLDER) };
  }

  // ---- sentences ------------------------------------------------------------------------------

  /**
   * The sentence for one mistake, or undefined when there is nothing to say in the network's terms. A
   * mistake at one node (or at each place one node appears) is said at that node; one at every
   * activation, layer by layer; one at every step, as the whole chain.
   */
  sentence(mistake: Mistake, quiet: boolean): Message | undefined {
    const nodes = mistake.nodes;
    if (nodes.length === 0 || nodes.length !== mistake.places.length) return undefined;
    const distinct = [...new Map(nodes.map((node) => [structuralKey(node.node), node] as const)).values()];
    const saidAt = (node: ChainNode) => this.said(mistake, node, this.roleOf(node), this.levelOf(node.chain.inner), quiet);
    let said: Message | undefined;
    if (distinct.length === 1) {
      said = saidAt(distinct[0] as ChainNode);
    } else if (distinct.every((node) => this.roleOf(node)?.kind === 'activation')) {
      const each = distinct.map(saidAt);
      if (each.every((one): one is Message => one !== undefined)) said = msg('neuron.every_layer', { each: list(each, 'semicolon') });
    } else if (mistake.systematic) {
      return this.chainSentence(quiet);
    }
    return said === undefined ? undefined : msg('neuron.sentence', { definitions: this.definitions(), said });
  }

  /**
   * The places of a mistake's group made at every occurrence of a node written more than once (σ(z) in
   * the cross-entropy), and at every activation (every layer): the systematic form in the network's terms.
   */
  groups<T extends { place: Place }>(placed: readonly T[]): T[][] {
    const chainId = (p: T) => (p.place.kind === 'application' && p.place.chain ? p.place.chain : undefined);
    const byStructure = new Map<string, T[]>();
    const activations: T[] = [];
    for (const one of placed) {
      const node = chainId(one);
      if (!node) continue;
      const key = structuralKey(node.node);
      byStructure.set(key, [...(byStructure.get(key) ?? []), one]);
      if (this.roleOf(node)?.kind === 'activation') activations.push(one);
    }
    const groups = [...[...byStructure.values()].filter((group) => group.length > 1), ...(activations.length > 1 ? [activations] : [])];
    // Each set of places once, and never all of them: that is the systematic form already.
    const seen = new Set<string>([placed.map((p) => p.place.id).join(',')]);
    return groups.filter((group) => {
      const key = group.map((p) => p.place.id).join(',');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Are these chain nodes one of the groups above (some of the chain nodes, not all)? */
  isGroup(nodes: readonly ChainNode[]): boolean {
    return nodes.length < this.differentiator.chainNodes.length && nodes.length > 1;
  }

  /** "z = x*w + b, a = sigmoid(z) and L = (a - y)^2": the names the sentences use (joined the language's way). */
  private definitions(): MessageParam {
    const parts: string[] = [];
    if (this.depth === 0) parts.push(this.zShown(1));
    for (let k = 1; k <= this.depth; k++) parts.push(this.zShown(k), this.aShown(k));
    if (this.loss) parts.push(`L = ${render(substitute(this.loss, PLACEHOLDER, sym(this.top)), this.top).text}`);
    return parts.length === 1 ? (parts[0] as string) : list(parts, 'and');
  }

  private said(mistake: Mistake, node: ChainNode, role: Role | undefined, level: Level | undefined, quiet: boolean): Message | undefined {
    const code = `${mistake.mistake}/${mistake.variant}`;
    switch (code) {
      case 'missing_inner_factor/a':
        return level && this.leftOut(level, quiet);
      case 'missing_inner_factor/b':
        return level?.kind === 'z' ? msg('neuron.kept_left_out', { kept: this.factorOfZ(level), left: this.zChain(level.layer, quiet) }) : undefined;
      case 'outer_not_differentiated/b':
        return role && msg('neuron.left_out', { left: this.outerFactor(role, node, quiet) });
      case 'outer_not_differentiated/a':
        if (role?.kind === 'activation') return msg('neuron.activation_itself', { activation: this.aShown(role.layer), derivative: shown(this.activationFactor(role.layer), quiet) });
        if (role?.kind === 'loss' && role.whole) return msg('neuron.loss_itself', { derivative: shown(this.lossFactor() as Factor, quiet) });
        return role && this.roleSaid(role, node);
      case 'inner_not_differentiated/a':
        if (level?.kind === 'z' && level.factor === 1) return msg('neuron.multiplied_itself', { z: this.zShown(level.layer), chain: this.zChain(level.layer, quiet) });
        return role && this.roleSaid(role, node);
      default:
        return role && this.roleSaid(role, node);
    }
  }

  /** What missing the inner factor left out: everything below the node's inner function. */
  private leftOut(level: Level, quiet: boolean): Message | undefined {
    const w = this.variable;
    switch (level.kind) {
      case 'z':
        if (level.factor === 1) return msg('neuron.left_out', { left: this.zChain(level.layer, quiet) });
        return msg('neuron.left_out_both', { chain: this.zChain(level.layer, quiet), factor: this.factorOfZ(level) });
      case 'a': {
        const a = this.a(level.layer);
        const slope = numberValue(simplify(level.slope, { variable: PLACEHOLDER }));
        const total = `∂${a}/∂${w}`;
        const named: MessageParam = slope === 1 ? total : slope === -1 ? `-${total}` : msg('neuron.loss_inner_times', { a, total });
        return msg('neuron.left_out', { left: this.spelledOut(named, total, this.below('a', level.layer), quiet) });
      }
      case 'inside': {
        const k = level.layer;
        return msg('neuron.left_out_inside', {
          inner: render(this.layer(k).writtenInner as Expr, w).text,
          factor: `∂${this.a(k)}/∂${this.z(k)}`,
          activation: this.aShown(k),
          chain: this.zChain(k, quiet),
        });
      }
    }
  }

  /** "∂z/∂w = x", or for a deeper layer "∂z_2/∂w = ∂z_2/∂a_1 · ∂a_1/∂z_1 · ∂z_1/∂w, with … = …". */
  private zChain(k: number, quiet: boolean): MessageParam {
    const total = `∂${this.z(k)}/∂${this.variable}`;
    const factors = this.below('z', k);
    if (factors.length === 1) return shown(factors[0] as Factor, quiet);
    return this.spelledOut(total, total, factors, quiet);
  }

  /**
   * `name` spelled out as its factors: "∂a/∂w = ∂a/∂z · ∂z/∂w, with ∂a/∂z = … and ∂z/∂w = …" (the
   * values left out when quiet, the product when it is the name itself).
   */
  private spelledOut(name: MessageParam, total: string, factors: readonly Factor[], quiet: boolean): MessageParam {
    const product = factors.map((f) => f.name).join(' · ');
    const equals = product !== total;
    if (quiet) return equals ? msg('neuron.equals', { name, product }) : name;
    return msg(equals ? 'neuron.equals_with' : 'neuron.with', { name, product, values: listed(factors) });
  }

  /** "the minus sign of -z", "the factor 3 of 3*z". */
  private factorOfZ(level: Extract<Level, { kind: 'z' }>): Message {
    const z = this.z(level.layer);
    const cz = render(mul(num(Math.abs(level.factor)), sym(z)), z).text;
    if (level.factor === -1) return msg('neuron.minus_sign', { term: `-${z}` });
    return msg('neuron.factor_of', { factor: render(level.factor < 0 ? neg(num(-level.factor)) : num(level.factor), z).text, term: level.factor < 0 ? `-${cz}` : cz });
  }

  /** F'(u) of a node in the network's terms: ∂L/∂a, ∂a/∂z, or part of one. */
  private outerFactor(role: Role, node: ChainNode, quiet: boolean): MessageParam {
    const composite = asWritten(node.composite).text;
    switch (role.kind) {
      case 'activation':
        return shown(this.activationFactor(role.layer), quiet);
      case 'loss':
        return role.whole ? shown(this.lossFactor() as Factor, quiet) : msg('neuron.part_of', { factor: `∂L/∂${this.top}`, composite });
      case 'inside':
        return msg('neuron.part_of', { factor: `∂${this.a(role.layer)}/∂${this.z(role.layer)}`, composite });
    }
  }

  /** What the node is: "sigmoid(x*w + b) is the activation a = sigmoid(z) of z = x*w + b". */
  private roleSaid(role: Role, node: ChainNode): Message {
    const at = asWritten(node.composite).text;
    switch (role.kind) {
      case 'activation':
        return msg('neuron.role.activation', { at, activation: this.aShown(role.layer), z: this.zShown(role.layer) });
      case 'loss':
        return msg(role.whole ? 'neuron.role.loss' : 'neuron.role.loss_part', { at, loss: `L(${this.top})` });
      case 'inside':
        return msg('neuron.role.inside', { at, activation: this.aShown(role.layer) });
    }
  }

  /** The whole chain, for a mistake made at every step. */
  private chainSentence(quiet: boolean): Message {
    const factors = this.chain();
    const total = this.loss ? `∂L/∂${this.variable}` : `∂${this.top}/∂${this.variable}`;
    const product = factors.map((f) => f.name).join(' · ');
    const params = { definitions: this.definitions(), total, product };
    return quiet ? msg('neuron.chain.quiet', params) : msg('neuron.chain.open', { ...params, values: listed(factors) });
  }
}

/** A factor by its name, and (unless quiet) its value: "∂a/∂z = a*(1 - a)". Mathematics, never translated. */
const shown = (factor: Factor, quiet: boolean) => (quiet ? factor.name : `${factor.name} = ${factor.value}`);

/** "∂a/∂z = …, ∂z/∂w = … and …" (joined the language's way). */
function listed(factors: readonly Factor[]): MessageParam {
  const parts = factors.map((f) => `${f.name} = ${f.value}`);
  return parts.length === 1 ? (parts[0] as string) : list(parts, 'and');
}

const networks = new WeakMap<Differentiator, Network | null>();

/** The network a function is, or undefined; recognised once per function. */
export function networkOf(differentiator: Differentiator): Network | undefined {
  let found = networks.get(differentiator);
  if (found === undefined) {
    found = recognise(differentiator) ?? null;
    networks.set(differentiator, found);
  }
  return found ?? undefined;
}

/** The network's groups of places for a mistake (see Network.groups); none when the function is no network. */
export function networkGroups<T extends { place: Place }>(differentiator: Differentiator, placed: readonly T[]): T[][] {
  return networkOf(differentiator)?.groups(placed) ?? [];
}

/** A systematic mistake made at some of the chain nodes only, as a network's groups are. */
export function isNetworkGroup(differentiator: Differentiator, nodes: readonly ChainNode[]): boolean {
  return networkOf(differentiator)?.isGroup(nodes) ?? false;
}

/** The backpropagation sentence for a mistake in this function, if the function is a network. */
export function neuronSentence(differentiator: Differentiator, mistake: Mistake, quiet: boolean): Message | undefined {
  return networkOf(differentiator)?.sentence(mistake, quiet);
}

function recognise(differentiator: Differentiator): Network | undefined {
  const w = differentiator.variable;
  const f = differentiator.expr;
  const names = { a: freshName(f, ['a', 'h', 'A']), z: freshName(f, ['z', 'u', 'Z']) };
  const pending = activations(differentiator.chainNodes);
  // Inner layers first: the first layer's z is affine in the variable, each next one in the layer below.
  const layers: Layer[] = [];
  for (;;) {
    const below = layers.at(-1);
    const next = pending.findIndex((layer) => (below ? affineIn(layer.preactivation, below, w) : isFirstLayer(layer.preactivation, w)));
    if (next < 0) break;
    layers.push(...pending.splice(next, 1));
  }
  const top = layers.at(-1);
  if (top) {
    const loss = replaceLayer(f, top, box());
    const isNetwork = isSymbol(loss) && loss.name === PLACEHOLDER;
    if (!mentions(loss, w)) return new Network(differentiator, (layers[0] as Layer).preactivation, layers, isNetwork ? undefined : loss, names);
  }
  // softplus(z) - y·z, ln(1 + e^z) - y·z: a loss of the logit z itself.
  for (const node of differentiator.chainNodes) {
    const z = node.chain.inner;
    if (!isLogitLoss(node, differentiator.chainNodes) || !isFirstLayer(z, w)) continue;
    const loss = replace(f, z, box());
    if (!mentions(loss, w)) return new Network(differentiator, z, [], loss, names);
  }
  return undefined;
}

/**
 * A first layer's z: affine in the variable and with a weight, an input or a bias besides it (w·x + b),
 * so that tanh(3x + 1) or (3x + 1)^5 stay calculus exercises.
 */
function isFirstLayer(z: Expr, variable: string): boolean {
  return affine(z, variable) && symbolNames(z).some((name) => name !== variable && name !== 'e' && name !== 'pi');
}

/** softplus(z), or ln(1 + e^z) written out: the loss of a logit z (cross-entropy with logits). */
function isLogitLoss(node: ChainNode, nodes: readonly ChainNode[]): boolean {
  const expr = node.node;
  if (isCall(expr) && functionNamed(expr.fn.name, expr.args.length)?.activation) return true;
  // e^z inside ln(1 + e^z).
  if (!exponentOfE(expr)) return false;
  const parent = node.parent === undefined ? undefined : nodes[node.parent];
  if (!parent || !isCall(parent.node) || parent.node.fn.name !== 'log' || !isBinary(parent.chain.inner, '+')) return false;
  const [left, right] = operands(parent.chain.inner);
  return (numberValue(left) === 1 && sameTree(right, expr)) || (numberValue(right) === 1 && sameTree(left, expr));
}

/** The activations among the chain nodes, each structure once, outermost first. */
function activations(nodes: readonly ChainNode[]): Layer[] {
  const found = new Map<string, Layer>();
  for (const node of nodes) {
    const layer = asActivation(node);
    if (layer && !found.has(layer.key)) found.set(layer.key, layer);
  }
  return [...found.values()];
}

/** act(z) of the table, or the sigmoid written out: 1/(1 + e^(-z)) (also (1 + e^(-z))^(-1), e^(-z) + 1). */
function asActivation(node: ChainNode): Layer | undefined {
  const expr = node.node;
  const key = structuralKey(expr);
  if (isCall(expr) && functionNamed(expr.fn.name, expr.args.length)?.activation) {
    const ofZ = withChildren(expr, [box(), ...expr.args.slice(1)]);
    return { activation: expr, key, preactivation: expr.args[0] as Expr, ofZ, writtenInner: undefined };
  }
  const { outer, inner } = node.chain;
  if (outer.kind !== 'power' || !isBinary(outer.template, '^')) return undefined;
  if (numberValue(operands(outer.template)[1]) !== -1 || !isBinary(inner, '+')) return undefined;
  const [left, right] = operands(inner);
  const exponential = numberValue(left) === 1 ? right : numberValue(right) === 1 ? left : undefined;
  const v = exponential && exponentOfE(exponential);
  if (v === undefined) return undefined;
  const z = minus(v);
  const ofZ = div(num(1), add(num(1), pow(sym('e'), neg(box()))));
  // With a constant over it (w_2/(1 + e^(-z))), the activation is 1/(1 + e^(-z)) all the same.
  const activation = node.chain.coefficient === undefined ? expr : div(num(1), inner);
  return { activation, key: structuralKey(activation), preactivation: z, ofZ, writtenInner: inner };
}

/** The node is the layer's activation, or a constant over its written-out denominator (w_2/(1 + e^(-z))). */
function isLayer(node: Expr, layer: Layer): boolean {
  if (structuralKey(node) === layer.key) return true;
  return layer.writtenInner !== undefined && isBinary(node, '/') && sameTree(operands(node)[1], layer.writtenInner);
}

function containsLayer(expr: Expr, layer: Layer): boolean {
  return isLayer(expr, layer) || children(expr).some((child) => containsLayer(child, layer));
}

/** Every occurrence of the layer's activation replaced by `by` (c/(1 + e^(-z)) by c·by). */
function replaceLayer(expr: Expr, layer: Layer, by: Expr): Expr {
  if (structuralKey(expr) === layer.key) return by;
  if (isLayer(expr, layer) && isBinary(expr, '/')) return mul(operands(expr)[0], by);
  const kids = children(expr);
  return kids.length === 0 ? expr : withChildren(expr, kids.map((child) => replaceLayer(child, layer, by)));
}

/** v of e^v or exp(v). */
function exponentOfE(expr: Expr): Expr | undefined {
  if (isBinary(expr, '^')) {
    const [base, exponent] = operands(expr);
    return isSymbol(base) && base.name === 'e' ? exponent : undefined;
  }
  if (isCall(expr) && expr.fn.name === 'exp') return expr.args[0] as Expr;
  return undefined;
}

function derivative(expr: Expr, variable: string): Expr {
  return new Differentiator(expr, variable).derivative();
}

/** expr = p·t + q with p ≠ 0 free of t (t the variable or another symbol). */
function affine(expr: Expr, t: string): boolean {
  if (!mentions(expr, t)) return false;
  const slope = simplify(derivative(expr, t), { variable: t });
  return !mentions(slope, t) && numberValue(slope) !== 0;
}

/** expr is affine in the layer below's activation and free of the variable otherwise. */
function affineIn(expr: Expr, below: Layer, variable: string): boolean {
  if (!containsLayer(expr, below)) return false;
  const rest = replaceLayer(expr, below, box());
  return !mentions(rest, variable) && affine(rest, PLACEHOLDER);
}

/** du/dt over dz/dt when it is a number: u = c·z + a constant. */
function ratio(u: Expr, z: Expr, t: string): number | undefined {
  const c = numberValue(simplify(div(derivative(u, t), derivative(z, t)), { variable: t }));
  return c !== undefined && Number.isFinite(c) && c !== 0 ? c : undefined;
}

function sameTree(a: Expr, b: Expr): boolean {
  return structuralKey(a) === structuralKey(b);
}

function contains(expr: Expr, part: Expr): boolean {
  const key = structuralKey(part);
  const visit = (node: Expr): boolean => structuralKey(node) === key || children(node).some(visit);
  return visit(expr);
}

/** Every occurrence of the subtree `part` replaced. */
function replace(expr: Expr, part: Expr, by: Expr): Expr {
  const key = structuralKey(part);
  const visit = (node: Expr): Expr => {
    if (structuralKey(node) === key) return by;
    const kids = children(node);
    return kids.length === 0 ? node : withChildren(node, kids.map(visit));
  };
  return visit(expr);
}

/** The first of the names the function does not use itself (it may have a parameter a or z). */
function freshName(f: Expr, candidates: readonly string[]): string {
  const used = symbolNames(f);
  return candidates.find((name) => !used.includes(name)) ?? (candidates[0] as string);
}

/**
 * -v as the exponent writes z: w*x for -w*x (read (-w)*x), w*x + b for -w*x - b and for -(w*x + b),
 * 2*w*x for -2*w*x; -v itself where v is not written as a negative number times something.
 */
function minus(v: Expr): Expr {
  if (isUnaryMinus(v)) return onlyArg(v);
  const multiple = writtenMultiple(v);
  const c = multiple && numberValue(multiple.factor);
  if (multiple === undefined || c === undefined || c >= 0) return neg(v);
  return c === -1 ? multiple.rest : mul(num(-c), multiple.rest);
}
