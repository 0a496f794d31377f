/**
 * The expression tree every part of chainrule shares: mathjs nodes, restricted to the few node types
 * the readers produce. Keeping mathjs's own classes means toString/toTex/compile/equals work on any
 * tree, while the guards below let the rest of the code treat the tree as a small closed algebra.
 *
 * Canonical shape (what the readers and the differentiator build, and what every consumer may assume):
 * - ConstantNode with a finite number >= 0 (a negative number is a unary minus over a constant);
 * - SymbolNode: the variable, a one-letter parameter, `e` or `pi`;
 * - OperatorNode: binary + - * / ^ and unary minus;
 * - FunctionNode whose fn is a SymbolNode naming an entry of the elementary-function table.
 * No ParenthesisNode: grouping is structure, and the printers put parentheses back where needed.
 */
import {
  ConstantNode,
  FunctionNode,
  OperatorNode,
  SymbolNode,
  type MathNode,
} from 'mathjs/number';
import { checkpoint } from '../deadline.js';

export type Expr = MathNode;

/*
 * A subclass of each node class, defined and never used. On Node 20 (V8 11.3) TurboFan never keeps an
 * optimised constructor of these classes: every compilation of ConstantNode, OperatorNode and the
 * builders below is aborted ("dependency change": a map it assumed stable was not) and retried for as
 * long as the process runs, so trees were built by unoptimised code while background threads
 * recompiled them without end, about 45 % more CPU per check. Once each class has a subclass (kept
 * here, exported so no bundler drops it) the compilations hold: `node --trace-opt` shows hundreds of
 * aborted compilations a second before, none after warm-up (test/tree/stays-optimised.test.ts).
 * Node 24 does not need it and is not affected by it.
 */
export const OPTIMISATION_ANCHORS: readonly unknown[] = ([ConstantNode, FunctionNode, OperatorNode, SymbolNode] as unknown as (new () => object)[]).map(
  (NodeClass) => class extends NodeClass {},
);

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

const OP_FN = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '^': 'pow',
} as const;

export interface ConstantExpr extends MathNode {
  type: 'ConstantNode';
  value: number;
}
export interface SymbolExpr extends MathNode {
  type: 'SymbolNode';
  name: string;
}
export interface OperatorExpr extends MathNode {
  type: 'OperatorNode';
  op: string;
  fn: string;
  args: Expr[];
  implicit: boolean;
}
export interface CallExpr extends MathNode {
  type: 'FunctionNode';
  fn: SymbolExpr;
  args: Expr[];
}

export function isConstant(node: Expr): node is ConstantExpr {
  return node.type === 'ConstantNode';
}

/** The number 1 as a node (not 1.0 written otherwise, nor a tree worth 1). */
export function isOne(node: Expr): boolean {
  return isConstant(node) && node.value === 1;
}
export function isSymbol(node: Expr): node is SymbolExpr {
  return node.type === 'SymbolNode';
}
export function isOperator(node: Expr): node is OperatorExpr {
  return node.type === 'OperatorNode';
}
export function isCall(node: Expr): node is CallExpr {
  return node.type === 'FunctionNode';
}
/** An operator node known to have one operand (the guard must not narrow plain OperatorExpr away). */
export type UnaryExpr = OperatorExpr & { args: [Expr] };
/** An operator node known to have two operands. */
export type BinaryExpr = OperatorExpr & { args: [Expr, Expr] };

export function isUnaryMinus(node: Expr): node is UnaryExpr {
  return isOperator(node) && node.fn === 'unaryMinus';
}
export function isBinary(node: Expr, op: BinaryOp): node is BinaryExpr {
  return isOperator(node) && node.op === op && node.args.length === 2;
}

export function num(value: number): Expr {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  if (value < 0 || Object.is(value, -0)) return neg(num(-value));
  return new ConstantNode(value) as unknown as Expr;
}
export function sym(name: string): Expr {
  return new SymbolNode(name);
}
export function binary(op: BinaryOp, left: Expr, right: Expr, implicit = false): Expr {
  checkpoint();
  return new OperatorNode(op, OP_FN[op], [left, right], implicit) as unknown as Expr;
}
export function add(a: Expr, b: Expr): Expr {
  return binary('+', a, b);
}
export function sub(a: Expr, b: Expr): Expr {
  return binary('-', a, b);
}
export function mul(a: Expr, b: Expr): Expr {
  return binary('*', a, b);
}
export function div(a: Expr, b: Expr): Expr {
  return binary('/', a, b);
}
export function pow(a: Expr, b: Expr): Expr {
  return binary('^', a, b);
}
export function neg(a: Expr): Expr {
  checkpoint();
  return new OperatorNode('-', 'unaryMinus', [a]) as unknown as Expr;
}
export function call(name: string, ...args: Expr[]): Expr {
  checkpoint();
  return new FunctionNode(new SymbolNode(name), args) as unknown as Expr;
}

/** Left and right operand of a binary operator node (the guards above make both defined). */
export function operands(node: OperatorExpr): [Expr, Expr] {
  return [node.args[0] as Expr, node.args[1] as Expr];
}
export function onlyArg(node: OperatorExpr | CallExpr): Expr {
  return node.args[0] as Expr;
}

/** Children in left-to-right order; constants and symbols have none. */
export function children(node: Expr): readonly Expr[] {
  if (isOperator(node) || isCall(node)) return node.args;
  return [];
}

/** Rebuild a node with new children, keeping its kind (operator or function name). */
export function withChildren(node: Expr, args: Expr[]): Expr {
  checkpoint();
  if (isOperator(node)) {
    return new OperatorNode(node.op as '+', node.fn as 'add', args, node.implicit) as unknown as Expr;
  }
  if (isCall(node)) return call(node.fn.name, ...args);
  return node;
}

/** Does the expression mention the symbol? (The differentiator's "depends on the variable".) */
export function mentions(node: Expr, name: string): boolean {
  checkpoint();
  if (isSymbol(node)) return node.name === name;
  for (const child of children(node)) if (mentions(child, name)) return true;
  return false;
}

/** Every symbol name in the tree, in first-seen order. */
export function symbolNames(node: Expr, into: string[] = []): string[] {
  if (isSymbol(node)) {
    if (!into.includes(node.name)) into.push(node.name);
  } else {
    for (const child of children(node)) symbolNames(child, into);
  }
  return into;
}

/** The names of the functions the expression applies (sin, acos…), each once. */
export function functionNames(node: Expr, into: string[] = []): string[] {
  if (isCall(node) && !into.includes(node.fn.name)) into.push(node.fn.name);
  for (const child of children(node)) functionNames(child, into);
  return into;
}

/** Replace every occurrence of a symbol by an expression. */
export function substitute(node: Expr, name: string, by: Expr): Expr {
  if (isSymbol(node)) return node.name === name ? by : node;
  const kids = children(node);
  if (kids.length === 0) return node;
  return withChildren(
    node,
    kids.map((child) => substitute(child, name, by)),
  );
}

/** Number of nodes, for the size limits. */
export function size(node: Expr): number {
  checkpoint();
  let total = 1;
  for (const child of children(node)) total += size(child);
  return total;
}

/**
 * Nodes of the tree as it is printed or evaluated, where a subtree shared by several parents counts
 * every time it appears. Derivatives share subtrees (u in F'(u)·u'), and a buggy rule can use one
 * twice at every level (F'(u')·u'), so a small graph can stand for an exponentially large tree: this
 * counts it in time linear in the graph, stopping at `cap`.
 */
export function expandedSize(node: Expr, cap = Number.POSITIVE_INFINITY): number {
  const memo = new Map<Expr, number>();
  const visit = (current: Expr): number => {
    checkpoint();
    const known = memo.get(current);
    if (known !== undefined) return known;
    let total = 1;
    for (const child of children(current)) {
      total += visit(child);
      if (total > cap) break;
    }
    const bounded = Math.min(total, cap + 1);
    memo.set(current, bounded);
    return bounded;
  };
  return visit(node);
}

/** Height of the tree (a lone leaf has depth 1). */
export function depth(node: Expr): number {
  let deepest = 0;
  for (const child of children(node)) deepest = Math.max(deepest, depth(child));
  return deepest + 1;
}

/**
 * A string that is equal for structurally equal trees: the key under which the simplifier groups like
 * terms and factors. Not for display.
 */
export function structuralKey(node: Expr): string {
  checkpoint();
  if (isConstant(node)) return `#${node.value}`;
  if (isSymbol(node)) return node.name;
  if (isCall(node)) return `${node.fn.name}(${node.args.map(structuralKey).join(',')})`;
  if (isOperator(node)) {
    if (node.args.length === 1) return `(${node.fn} ${structuralKey(node.args[0] as Expr)})`;
    return `(${structuralKey(node.args[0] as Expr)}${node.op}${structuralKey(node.args[1] as Expr)})`;
  }
  throw new TypeError(`unexpected node type ${node.type}`);
}
