/**
 * Compiles a canonical tree once into nested closures, so the equivalence test can evaluate it at
 * many points cheaply. Trees may come from hostile users, so nothing here builds code from text
 * (no `new Function`, no `eval`, no mathjs `evaluate`): every node maps to a fixed closure, and
 * function values come from the elementary-function table, the single source of truth for them.
 * Real mode throughout: results are real numbers or NaN, never complex.
 */
import { functionNamed, type ElementaryFunction } from '../functions/elementary.js';
import {
  isCall,
  isConstant,
  isOne,
  isOperator,
  isSymbol,
  isUnaryMinus,
  symbolNames,
  type CallExpr,
  type Expr,
  type OperatorExpr,
} from '../tree/nodes.js';
import { compiledOnce } from './compiled-once.js';
import { exactRational } from './power.js';
import { powerFunction, realPow, smallRational } from '../numbers/real-power.js';
import { checkpoint } from '../deadline.js';

/** Values in the order of the `symbols` the expression was compiled for. */
export type Evaluator = (values: ArrayLike<number>) => number;

/** Symbols that are constants unless the caller lists them as variables or parameters. */
const NAMED_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['e', Math.E],
  ['pi', Math.PI],
]);

/** Where a symbol's value comes from: a slot in the values, or a named constant. */
export function resolveSymbol(name: string, symbols: readonly string[]): { slot: number } | { constant: number } {
  const slot = symbols.indexOf(name);
  if (slot >= 0) return { slot };
  const constant = NAMED_CONSTANTS.get(name);
  if (constant !== undefined) return { constant };
  throw new TypeError(`unknown symbol "${name}": not among [${symbols.join(', ')}] and not e or pi`);
}

/** True when the subtree mentions none of the listed symbols (it may mention e and pi). */
export function isConstantIn(node: Expr, symbols: readonly string[]): boolean {
  return symbolNames(node).every((name) => !symbols.includes(name));
}

/**
 * Is this power node's base the constant e? Then `e^u` is evaluated as exp(u): Math.pow(Math.E, u)
 * would carry Math.E's rounding, amplified u times (6e-15 relative at u = 60), into both the value
 * and its error bound.
 */
export function isNaturalBase(base: Expr, symbols: readonly string[]): boolean {
  return isSymbol(base) && base.name === 'e' && !symbols.includes('e');
}

/** A constant's number, rejecting anything a canonical tree cannot hold. */
export function constantValue(node: Expr): number {
  const value = (node as { value?: unknown }).value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`constant is not a finite number: ${String(value)}`);
  }
  return value;
}

/** The table entry for a call node, or a TypeError naming what is not in the table. */
export function tableEntry(node: CallExpr): ElementaryFunction {
  const name = (node.fn as { name?: unknown } | undefined)?.name;
  const entry = typeof name === 'string' ? functionNamed(name, node.args.length) : undefined;
  if (entry === undefined) {
    throw new TypeError(`unknown function ${String(name)} with ${node.args.length} argument(s)`);
  }
  return entry;
}

/**
 * 1 - F(t) (also -F(t) + 1) rewritten by F's table entry so nothing cancels (1 - σ(t) is σ(-t)), or
 * undefined. Every evaluator uses it (doubles, error bounds, wide range, decimals), so the values and
 * bounds of one tree all come from the same expression.
 */
export function withoutCancellation(node: Expr): Expr | undefined {
  if (!isOperator(node) || node.args.length !== 2) return undefined;
  const [left, right] = node.args as [Expr, Expr];
  let subtracted: Expr | undefined;
  if (node.op === '-' && isOne(left)) subtracted = right;
  else if (node.op === '+' && isOne(right) && isUnaryMinus(left)) subtracted = left.args[0] as Expr;
  else if (node.op === '+' && isOne(left) && isUnaryMinus(right)) subtracted = right.args[0] as Expr;
  if (subtracted === undefined || !isCall(subtracted) || subtracted.args.length !== 1) return undefined;
  const complement = functionNamed((subtracted.fn as { name?: string }).name ?? '', 1)?.complement;
  return complement?.(subtracted.args[0] as Expr);
}

/**
 * The function t ↦ t^exponent for a constant exponent subtree: exact when the exponent is built from
 * integers (`1/3`), otherwise read back from its float (so `0.5` is 1/2 and `pi` is irrational).
 */
export function constantPower(exponentNode: Expr, evaluateConstant: () => number): (t: number) => number {
  const exact = exactRational(exponentNode);
  if (exact !== undefined) return powerFunction(exact.n / exact.d, exact);
  const exponent = evaluateConstant();
  return powerFunction(exponent, smallRational(exponent));
}

const NO_VALUES: ArrayLike<number> = new Float64Array(0);

/** A compiled node; `constant` is set when the node's value does not depend on the symbols. */
interface Compiled {
  readonly run: Evaluator;
  readonly constant?: number;
}

function constantNode(value: number): Compiled {
  return { run: () => value, constant: value };
}

/**
 * Compile `expr` for evaluation at points whose coordinates are `symbols` (values[i] is symbols[i]).
 * Throws a TypeError at compile time for a symbol that is neither listed nor e/pi, a function the
 * table does not know, or any node outside the canonical shape.
 */
export const compile: (expr: Expr, symbols: readonly string[]) => Evaluator = compiledOnce((expr, symbols) => build(expr, symbols).run);

function build(node: Expr, symbols: readonly string[]): Compiled {
  checkpoint();
  if (isConstant(node)) return constantNode(constantValue(node));
  if (isSymbol(node)) {
    const where = resolveSymbol(node.name, symbols);
    if ('constant' in where) return constantNode(where.constant);
    const slot = where.slot;
    return { run: (v) => v[slot] as number };
  }
  if (!isOperator(node) && !isCall(node)) throw new TypeError(`unsupported node type ${node.type}`);
  const stable = withoutCancellation(node);
  if (stable) return build(stable, symbols);
  const args = node.args.map((arg) => build(arg, symbols));
  const compiled = combine(node, args, symbols);
  // Fold: a subtree without symbols is evaluated once here instead of at every point.
  if (args.every((arg) => arg.constant !== undefined)) return constantNode(compiled.run(NO_VALUES));
  return compiled;
}

function combine(node: OperatorExpr | CallExpr, args: readonly Compiled[], symbols: readonly string[]): Compiled {
  if (isCall(node)) return buildCall(node, args);
  if (isUnaryMinus(node) && args.length === 1) {
    const inner = (args[0] as Compiled).run;
    return { run: (v) => -inner(v) };
  }
  if (args.length !== 2) throw new TypeError(`unsupported operator ${node.op} with ${args.length} operand(s)`);
  const left = args[0] as Compiled;
  const right = args[1] as Compiled;
  if (node.op === '^') {
    if (isNaturalBase(node.args[0] as Expr, symbols) && right.constant === undefined) {
      const exponent = right.run;
      return { run: (v) => Math.exp(exponent(v)) };
    }
    return buildPower(node.args[1] as Expr, left, right);
  }
  return buildArithmetic(node.op, left, right);
}

/**
 * + - * / with the constant-operand cases specialised: most derivative terms are `c * u` or `u + c`,
 * and a closure that reads a captured number is cheaper than calling a constant closure.
 */
function buildArithmetic(op: string, left: Compiled, right: Compiled): Compiled {
  const l = left.run;
  const r = right.run;
  const lc = left.constant;
  const rc = right.constant;
  switch (op) {
    case '+':
      if (lc !== undefined) return { run: (v) => lc + r(v) };
      if (rc !== undefined) return { run: (v) => l(v) + rc };
      return { run: (v) => l(v) + r(v) };
    case '-':
      if (lc !== undefined) return { run: (v) => lc - r(v) };
      if (rc !== undefined) return { run: (v) => l(v) - rc };
      return { run: (v) => l(v) - r(v) };
    case '*':
      if (lc !== undefined) return { run: (v) => lc * r(v) };
      if (rc !== undefined) return { run: (v) => l(v) * rc };
      return { run: (v) => l(v) * r(v) };
    case '/':
      if (lc !== undefined) return { run: (v) => lc / r(v) };
      if (rc !== undefined) return { run: (v) => l(v) / rc };
      return { run: (v) => l(v) / r(v) };
    default:
      throw new TypeError(`unsupported operator ${op}`);
  }
}

function buildPower(exponentNode: Expr, base: Compiled, exponent: Compiled): Compiled {
  const b = base.run;
  if (exponent.constant !== undefined) {
    const power = constantPower(exponentNode, () => exponent.constant as number);
    return { run: (v) => power(b(v)) };
  }
  const e = exponent.run;
  const bc = base.constant;
  // e^u, 2^u: a positive constant base is real for every exponent, so skip the real-mode checks.
  if (bc !== undefined && bc > 0) return { run: (v) => Math.pow(bc, e(v)) };
  return { run: (v) => realPow(b(v), e(v)) };
}

function buildCall(node: CallExpr, args: readonly Compiled[]): Compiled {
  const evaluate = tableEntry(node).evaluate;
  const first = (args[0] as Compiled).run;
  if (args.length === 1) return { run: (v) => evaluate(first(v)) };
  const second = args[1] as Compiled;
  const sc = second.constant;
  if (sc !== undefined) return { run: (v) => evaluate(first(v), sc) };
  const s = second.run;
  return { run: (v) => evaluate(first(v), s(v)) };
}
