/**
 * Values of many related trees at a few fixed points, each distinct subtree evaluated once. Mistake
 * candidates share almost all of their subtrees with the correct derivative and with each other (the
 * differentiator reuses the correct derivative of every part a buggy rule did not touch), so indexing a
 * few hundred of them by value costs only their changed parts. Same arithmetic as compile.ts (the same
 * table functions, real powers and e^u as exp(u)), so the values are those the compiled form gives.
 */
import { isCall, isConstant, isOperator, isSymbol, isUnaryMinus, type Expr } from '../tree/nodes.js';
import { constantPower, constantValue, isConstantIn, isNaturalBase, resolveSymbol, tableEntry } from './compile.js';
import { realPow } from '../numbers/real-power.js';
import { checkpoint } from '../deadline.js';

export class SharedEvaluator {
  private readonly memo = new Map<Expr, Float64Array>();

  /** `points`: the coordinates (in `symbols` order) of each point. */
  constructor(
    private readonly symbols: readonly string[],
    private readonly points: readonly Float64Array[],
  ) {}

  /** The tree's value at every point (NaN where it is undefined). */
  values(node: Expr): Float64Array {
    let found = this.memo.get(node);
    if (!found) {
      found = this.evaluate(node);
      this.memo.set(node, found);
    }
    return found;
  }

  private each(f: (i: number) => number): Float64Array {
    const out = new Float64Array(this.points.length);
    for (let i = 0; i < out.length; i++) out[i] = f(i);
    return out;
  }

  private evaluate(node: Expr): Float64Array {
    checkpoint();
    if (isConstant(node)) {
      const value = constantValue(node);
      return this.each(() => value);
    }
    if (isSymbol(node)) {
      const where = resolveSymbol(node.name, this.symbols);
      if ('constant' in where) return this.each(() => where.constant);
      return this.each((i) => (this.points[i] as Float64Array)[where.slot] as number);
    }
    if (isCall(node)) {
      const evaluate = tableEntry(node).evaluate;
      const first = this.values(node.args[0] as Expr);
      const second = node.args[1] === undefined ? undefined : this.values(node.args[1]);
      return this.each((i) => (second ? evaluate(first[i] as number, second[i] as number) : evaluate(first[i] as number)));
    }
    if (!isOperator(node)) throw new TypeError(`unsupported node type ${node.type}`);
    if (isUnaryMinus(node)) {
      const inner = this.values(node.args[0] as Expr);
      return this.each((i) => -(inner[i] as number));
    }
    const [leftNode, rightNode] = node.args as [Expr, Expr];
    if (node.op === '^') {
      if (isNaturalBase(leftNode, this.symbols) && !isConstantIn(rightNode, this.symbols)) {
        const exponent = this.values(rightNode);
        return this.each((i) => Math.exp(exponent[i] as number));
      }
      const base = this.values(leftNode);
      if (isConstantIn(rightNode, this.symbols)) {
        const power = constantPower(rightNode, () => this.values(rightNode)[0] as number);
        return this.each((i) => power(base[i] as number));
      }
      const exponent = this.values(rightNode);
      return this.each((i) => realPow(base[i] as number, exponent[i] as number));
    }
    const left = this.values(leftNode);
    const right = this.values(rightNode);
    switch (node.op) {
      case '+':
        return this.each((i) => (left[i] as number) + (right[i] as number));
      case '-':
        return this.each((i) => (left[i] as number) - (right[i] as number));
      case '*':
        return this.each((i) => (left[i] as number) * (right[i] as number));
      case '/':
        return this.each((i) => (left[i] as number) / (right[i] as number));
      default:
        throw new TypeError(`unsupported operator ${node.op}`);
    }
  }
}
