/**
 * simplify: the value-preserving normal form chainrule shows people. It reads the tree bottom-up into
 * the normal-form algebra (normal-form.ts), which folds numbers exactly and merges like terms and like
 * factors but never multiplies out a product of sums, then lays the result out for reading
 * (display.ts). Linear in practice: one pass over the tree, merges against short factor lists.
 */
import { display } from './display.js';
import { applyFunction } from './function-values.js';
import { MINUS_ONE, addAll, atom, constant, multiplyAll, negate, power, symbolBase, type Sum } from './normal-form.js';
import { isBinary, isCall, isConstant, isOperator, isSymbol, isUnaryMinus, onlyArg, operands, type Expr } from './nodes.js';
import { fromNumber } from '../numbers/rational.js';

export interface SimplifyOptions {
  /** The variable of differentiation: it decides which factors count as constants. Default `x`. */
  variable?: string;
}

export function simplify(expr: Expr, options: SimplifyOptions = {}): Expr {
  return display(normalForm(expr), options.variable ?? 'x');
}

/** Bottom-up through the normal-form constructors. */
function normalForm(node: Expr): Sum {
  if (isConstant(node)) return constant(fromNumber(node.value));
  if (isSymbol(node)) return atom(symbolBase(node.name));
  if (isUnaryMinus(node)) return negate(normalForm(onlyArg(node)));
  if (isCall(node)) return applyFunction(node.fn.name, node.args.map(normalForm));
  if (isBinary(node, '+') || isBinary(node, '-')) return addAll(sumParts(node, false, []));
  if (isBinary(node, '*') || isBinary(node, '/')) return multiplyAll(productParts(node, false, []));
  if (isBinary(node, '^')) {
    const [base, exponent] = operands(node);
    return power(normalForm(base), normalForm(exponent));
  }
  throw new TypeError(`simplify: not a canonical node: ${isOperator(node) ? `operator ${node.op}` : node.type}`);
}

// A whole chain a + b - c + … (or a*b/c*…) is collected before combining, so a long sum costs one
// pass over its terms rather than one per operator.

function sumParts(node: Expr, negated: boolean, into: Sum[]): Sum[] {
  if (isBinary(node, '+') || isBinary(node, '-')) {
    const [left, right] = operands(node);
    sumParts(left, negated, into);
    sumParts(right, node.op === '-' ? !negated : negated, into);
    return into;
  }
  const part = normalForm(node);
  into.push(negated ? negate(part) : part);
  return into;
}

function productParts(node: Expr, inverted: boolean, into: Sum[]): Sum[] {
  if (isBinary(node, '*') || isBinary(node, '/')) {
    const [left, right] = operands(node);
    productParts(left, inverted, into);
    productParts(right, node.op === '/' ? !inverted : inverted, into);
    return into;
  }
  const part = normalForm(node);
  into.push(inverted ? power(part, MINUS_ONE) : part);
  return into;
}
