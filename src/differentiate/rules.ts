/**
 * Which differentiation rule applies at a node, decided in one place. The differentiator follows it,
 * and so does the search for chain nodes, so "the chain nodes of f" are exactly the places where the
 * differentiator applies the chain rule (MISTAKES.md, "Chain nodes").
 */
import { functionNamed } from '../functions/elementary.js';
import {
  add,
  call,
  div,
  isBinary,
  isCall,
  isOperator,
  isSymbol,
  isUnaryMinus,
  mentions,
  mul,
  neg,
  num,
  onlyArg,
  operands,
  pow,
  sub,
  type CallExpr,
  type Expr,
  isOne,
} from '../tree/nodes.js';
import {
  exponentialOuter,
  functionOuter,
  powerOuter,
  type OuterFunction,
} from './outer-function.js';
import { powerRule } from './power-rules.js';

/** A chain node: node = coefficient · F(inner), with inner depending on the variable and not it. */
export interface ChainMatch {
  outer: OuterFunction;
  inner: Expr;
  /** Constant factor outside F (c in c/(x^2+1)); undefined when there is none. */
  coefficient?: Expr;
}

export type Rule =
  | { kind: 'constant' }
  | { kind: 'variable' }
  | { kind: 'sum'; left: Expr; right: Expr; subtract: boolean }
  | { kind: 'negate'; arg: Expr }
  | { kind: 'constantMultiple'; constant: Expr; arg: Expr; divide: boolean }
  | { kind: 'product'; left: Expr; right: Expr }
  | { kind: 'quotient'; numerator: Expr; denominator: Expr }
  | { kind: 'reciprocal'; constant: Expr; denominator: Expr } // c/q with no chain node (q = x, x^k, √x)
  | { kind: 'powerOfVariable'; exponent: Expr } // x^n
  | { kind: 'exponentialOfVariable'; base: Expr } // a^x
  | { kind: 'logarithmic'; base: Expr; exponent: Expr } // u^v, both depending on x
  | { kind: 'functionOfVariable'; name: string; args: Expr[] } // f(x)
  | { kind: 'chain'; chain: ChainMatch }
  | { kind: 'rewrite'; expr: Expr }; // log(u, x) and nthRoot(u, x): differentiate an equal form

const isE = (node: Expr) => isSymbol(node) && node.name === 'e';

export function classify(node: Expr, variable: string): Rule {
  if (!mentions(node, variable)) return { kind: 'constant' };
  if (isSymbol(node)) return { kind: 'variable' };
  if (isCall(node)) return classifyCall(node, variable);
  if (!isOperator(node)) throw new TypeError(`cannot differentiate a ${node.type}`);
  if (isUnaryMinus(node)) return { kind: 'negate', arg: onlyArg(node) };
  const [left, right] = operands(node);
  const depends = (e: Expr) => mentions(e, variable);
  switch (node.op) {
    case '+':
    case '-':
      return { kind: 'sum', left, right, subtract: node.op === '-' };
    case '*':
      if (!depends(left)) return { kind: 'constantMultiple', constant: left, arg: right, divide: false };
      if (!depends(right)) return { kind: 'constantMultiple', constant: right, arg: left, divide: false };
      return { kind: 'product', left, right };
    case '/':
      if (!depends(right)) return { kind: 'constantMultiple', constant: right, arg: left, divide: true };
      if (!depends(left)) {
        const chain = reciprocalChain(left, right, variable);
        return chain ? { kind: 'chain', chain } : { kind: 'reciprocal', constant: left, denominator: right };
      }
      return { kind: 'quotient', numerator: left, denominator: right };
    case '^':
      return classifyPower(left, right, variable);
    default:
      throw new TypeError(`cannot differentiate the operator ${node.op}`);
  }
}

function classifyCall(node: CallExpr, variable: string): Rule {
  const name = node.fn.name;
  const [arg, parameter] = node.args as [Expr, Expr | undefined];
  if (parameter !== undefined && mentions(parameter, variable)) {
    // A base or index that depends on the variable: not an outer function of one argument.
    if (name === 'log') return { kind: 'rewrite', expr: div(call('log', arg), call('log', parameter)) };
    return { kind: 'rewrite', expr: pow(arg, div(num(1), parameter)) };
  }
  if (isSymbol(arg) && arg.name === variable) return { kind: 'functionOfVariable', name, args: node.args };
  return { kind: 'chain', chain: { outer: functionOuter(name, parameter), inner: arg } };
}

function classifyPower(base: Expr, exponent: Expr, variable: string): Rule {
  const baseDepends = mentions(base, variable);
  const exponentDepends = mentions(exponent, variable);
  if (baseDepends && exponentDepends) return { kind: 'logarithmic', base, exponent };
  if (baseDepends) {
    if (isSymbol(base)) return { kind: 'powerOfVariable', exponent };
    return { kind: 'chain', chain: { outer: constantPower(exponent), inner: base } };
  }
  if (isSymbol(exponent)) return { kind: 'exponentialOfVariable', base };
  return { kind: 'chain', chain: { outer: constantBase(base), inner: exponent } };
}

/** □^n with a constant n: its F' and wrong F' are the power rule's (power-rules.ts). */
export function constantPower(exponent: Expr): OuterFunction {
  return powerOuter(exponent, (box) => powerRule(exponent, box));
}

/**
 * a^□ → a^□·ln(a); e^□ → e^□. Wrongly the power rule, □·a^(□-1), or without ln a (a^□), or divided
 * by it (a^□/ln a) — those two void for e.
 */
export function constantBase(base: Expr): OuterFunction {
  return exponentialOuter(base, (box) => ({
    derivative: isE(base) ? pow(base, box) : mul(pow(base, box), call('log', base)),
    mistakes: [
      { code: 'power_rule_on_exponential', variant: 'a', derivativeTemplate: mul(box, pow(base, sub(box, num(1)))) },
      { code: 'exponential_missing_ln', variant: 'a', derivativeTemplate: pow(base, box) },
      { code: 'exponential_missing_ln', variant: 'b', derivativeTemplate: div(pow(base, box), call('log', base)) },
    ],
  }));
}

/**
 * c/q as a chain node (MISTAKES.md: "a constant over a non-trivial u is c·u^(-1), and a constant over
 * a power or root of u is one node c·u^(-k)"). Constant factors of q move into the coefficient, since
 * constant factors are never part of the outer function: 1/(2x) is (1/2)·x^(-1), not a chain node.
 */
function reciprocalChain(constant: Expr, denominator: Expr, variable: string): ChainMatch | undefined {
  const factors = productFactors(denominator);
  const constants = factors.filter((f) => !mentions(f, variable));
  const variables = factors.filter((f) => mentions(f, variable));
  const coefficient = constants.length === 0 ? constant : div(constant, constants.reduce((a, b) => mul(a, b)));
  const withCoefficient = (outer: OuterFunction, inner: Expr): ChainMatch =>
    isOne(coefficient) ? { outer, inner } : { outer, inner, coefficient };
  if (variables.length > 1) {
    return withCoefficient(constantPower(neg(num(1))), variables.reduce((a, b) => mul(a, b)));
  }
  const single = variables[0] as Expr;
  const isVariable = (e: Expr) => isSymbol(e) && e.name === variable;
  if (isVariable(single)) return undefined;
  const power = asPower(single, variable);
  if (power) {
    if (isVariable(power.base)) return undefined;
    return withCoefficient(constantPower(neg(power.exponent)), power.base);
  }
  return withCoefficient(constantPower(neg(num(1))), single);
}

/**
 * A node as b^n with a constant n: a power b^n, or a root sqrt(b), cbrt(b), nthRoot(b, k) as b^(1/k)
 * (the index from the function table). Where the differentiator looks for a power written either way:
 * a constant over one (c/u^k, c/√u, c/x^k, c/√x) and a constant times one of the variable (c·x^n,
 * c·√x). Roots differentiated as roots are power places by their outer function (outer-function.ts).
 */
export function asPower(node: Expr, variable: string): { base: Expr; exponent: Expr } | undefined {
  if (isBinary(node, '^')) {
    const [base, exponent] = operands(node);
    return mentions(exponent, variable) ? undefined : { base, exponent };
  }
  if (isCall(node)) {
    const index = rootIndex(node);
    if (index !== undefined && !mentions(index, variable)) return { base: node.args[0] as Expr, exponent: div(num(1), index) };
  }
  return undefined;
}

/** sqrt → 2, cbrt → 3, nthRoot(u, k) → k: a root's index, as the function table gives it. */
export function rootIndex(node: CallExpr): Expr | undefined {
  return functionNamed(node.fn.name, node.args.length)?.rootIndex?.(node.args);
}

export function productFactors(node: Expr): Expr[] {
  if (isBinary(node, '*')) {
    const [a, b] = operands(node);
    return [...productFactors(a), ...productFactors(b)];
  }
  return [node];
}

/** The constant 1 (a coefficient that is none). */

/** The elementary derivative f'(t) for f(x) written directly on the variable. */
export function functionDerivativeAt(name: string, args: readonly Expr[]): Expr {
  const entry = functionNamed(name, args.length);
  if (!entry) throw new TypeError(`no elementary function ${name}/${args.length}`);
  return entry.derivative(args);
}
