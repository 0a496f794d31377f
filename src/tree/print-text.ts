/**
 * toText: the plain-text form of a tree, in the notation chainrule's own reader accepts back and a
 * student writes: explicit `*`, spaces around binary + and -, none around * / ^, and only the
 * parentheses the value needs (`(x + 1)^3`, `x^(1/3)`, `a - (b - c)`, `a/(b*c)`, `(-x)^2`). Functions
 * print through the elementary-function table (`ln(x)`, `arcsin(x)`, `log(x, b)`), exp(u) as `e^u`.
 */
import { functionNamed } from '../functions/elementary.js';
import { isBinary, isCall, isConstant, isSymbol, isUnaryMinus, onlyArg, operands, type CallExpr, type Expr } from './nodes.js';
import { numberParts } from './number-format.js';
import { Level, startsWithMinus, type Printed } from './print-levels.js';

export function toText(expr: Expr): string {
  return print(expr).text;
}

function print(node: Expr): Printed {
  if (isConstant(node)) return printNumber(node.value);
  if (isSymbol(node)) return { text: node.name, level: Level.ATOM };
  if (isCall(node)) return printCall(node);
  if (isUnaryMinus(node)) {
    const operand = print(onlyArg(node));
    return { text: `-${wrapIf(operand, operand.level < Level.PRODUCT || startsWithMinus(operand))}`, level: Level.NEGATION };
  }
  if (isBinary(node, '+') || isBinary(node, '-')) {
    const [l, r] = operands(node).map(print) as [Printed, Printed];
    // a + (b - c) is a + b - c; only a subtracted sum keeps its parentheses.
    const wrapRight = startsWithMinus(r) || (node.op === '-' && r.level === Level.SUM);
    return { text: `${l.text} ${node.op} ${wrapIf(r, wrapRight)}`, level: Level.SUM };
  }
  if (isBinary(node, '*') || isBinary(node, '/')) {
    const [l, r] = operands(node).map(print) as [Printed, Printed];
    // A leading minus may stay unwrapped (-a*b and -a/b have one value however they are grouped);
    // a divisor binds tighter than a product, so a/(b*c) keeps its parentheses.
    const wrapRight = startsWithMinus(r) || r.level < (node.op === '/' ? Level.POWER : Level.PRODUCT);
    return { text: `${wrapIf(l, l.level === Level.SUM)}${node.op}${wrapIf(r, wrapRight)}`, level: Level.PRODUCT };
  }
  if (isBinary(node, '^')) {
    const [base, exponent] = operands(node);
    return { text: `${printBase(print(base))}^${printExponent(exponent)}`, level: Level.POWER };
  }
  throw new TypeError(`toText: not a canonical node: ${node.type}`);
}

function wrapIf(printed: Printed, wrap: boolean): string {
  return wrap ? `(${printed.text})` : printed.text;
}

function printBase(base: Printed): string {
  return wrapIf(base, base.level < Level.ATOM || startsWithMinus(base));
}

/**
 * Only a letter or a plain non-negative number goes bare after `^`; anything else is parenthesized,
 * calls included (`e^(sin(x))`), so no reader has to guess how far an exponent reaches.
 */
function printExponent(exponent: Expr): string {
  const printed = print(exponent);
  const bare = (isSymbol(exponent) || isConstant(exponent)) && printed.level === Level.ATOM && !startsWithMinus(printed);
  return wrapIf(printed, !bare);
}

function printCall(node: CallExpr): Printed {
  const name = node.fn.name;
  if (name === 'exp' && node.args.length === 1) {
    return { text: `e^${printExponent(onlyArg(node))}`, level: Level.POWER };
  }
  const args = node.args.map((arg) => print(arg).text);
  const entry = functionNamed(name, args.length);
  return { text: entry ? entry.text(args) : `${name}(${args.join(', ')})`, level: Level.ATOM };
}

function printNumber(value: number): Printed {
  const { mantissa, exponent, negative } = numberParts(value);
  let printed: Printed = { text: mantissa, level: Level.ATOM };
  if (exponent !== undefined) {
    const power = `10^${exponent < 0 ? `(${exponent})` : exponent}`;
    printed = mantissa === '1' ? { text: power, level: Level.POWER } : { text: `${mantissa}*${power}`, level: Level.PRODUCT };
  }
  return negative ? { text: `-${printed.text}`, level: Level.NEGATION } : printed;
}
