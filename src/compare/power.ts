/**
 * The exact value of a constant exponent, so `x^(1/1001)` stays an odd root even though its float
 * cannot be told from an irrational number.
 */
import { isBinary, isConstant, isOperator, isUnaryMinus, operands, onlyArg, type Expr } from '../tree/nodes.js';
import * as R from '../numbers/rational.js';

/**
 * The exact value of a constant exponent built from integers with + - * / unary minus and small
 * integer powers (`1/3`, `-(2/3)`, `(1+2)/6`), or undefined for anything else (decimals, pi, symbols).
 */
export function exactRational(node: Expr): R.Rational | undefined {
  const value = exactValue(node);
  return value !== undefined && value.kind === 'rational' ? value : undefined;
}

function exactValue(node: Expr): R.Numeric | undefined {
  if (isConstant(node)) return Number.isSafeInteger(node.value) ? R.rational(node.value) : undefined;
  if (!isOperator(node)) return undefined;
  if (isUnaryMinus(node)) {
    const inner = exactValue(onlyArg(node));
    return inner && R.negate(inner);
  }
  if (node.args.length !== 2) return undefined;
  const [leftNode, rightNode] = operands(node);
  const a = exactValue(leftNode);
  const b = exactValue(rightNode);
  if (!a || !b) return undefined;
  if (isBinary(node, '+')) return R.add(a, b);
  if (isBinary(node, '-')) return R.add(a, R.negate(b));
  if (isBinary(node, '*')) return R.multiply(a, b);
  if (isBinary(node, '/')) {
    const inverse = R.inverse(b);
    return inverse && R.multiply(a, inverse);
  }
  // Only small integer powers stay exact; anything else is left to the float path.
  if (isBinary(node, '^') && R.isInteger(b) && Math.abs(b.n) <= 64) return R.power(a, b);
  return undefined;
}
