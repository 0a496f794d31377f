/**
 * A constant's derivative is 0; the buggy version (MISTAKES-BEYOND.md, constant_as_variable)
 * differentiates a constant term such as e^2 or ln 3 as if its base or argument were the variable:
 * e^2 → 2e, pi^2 → 2pi, ln 3 → 1/3, sqrt 2 → 1/(2 sqrt 2).
 */
import { children, isCall, isBinary, isConstant, isSymbol, substitute, sym, withChildren, type Expr } from '../tree/nodes.js';
import type { ConstantTermPlace, PlaceMistake } from './places.js';

/**
 * What a student takes for the variable in a constant term: its first symbol (e, pi, a parameter),
 * walking outermost first, or — with none — its first number that is a function's argument or a
 * power's base.
 */
export function constantAtom(term: Expr): Expr | undefined {
  const symbol = firstMatch(term, (node) => isSymbol(node));
  if (symbol) return symbol;
  let found: Expr | undefined;
  const visit = (node: Expr) => {
    if (found) return;
    if (isCall(node) && node.args[0] && isConstant(node.args[0])) found = node.args[0];
    else if (isBinary(node, '^') && node.args[0] && isConstant(node.args[0])) found = node.args[0];
    for (const child of children(node)) visit(child);
  };
  visit(term);
  return found;
}

function firstMatch(node: Expr, test: (node: Expr) => boolean): Expr | undefined {
  if (test(node)) return node;
  for (const child of children(node)) {
    const found = firstMatch(child, test);
    if (found) return found;
  }
  return undefined;
}

/** The tree with `target` (this very node) replaced. */
function replaceNode(node: Expr, target: Expr, by: Expr): Expr {
  if (node === target) return by;
  const kids = children(node);
  if (kids.length === 0) return node;
  return withChildren(node, kids.map((child) => replaceNode(child, target, by)));
}

export const CONSTANT_TERM_MISTAKES: readonly PlaceMistake<ConstantTermPlace>[] = [
  {
    code: 'constant_as_variable',
    variant: 'a',
    appliesAt: (place) => constantAtom(place.node) !== undefined,
    step: (place, s) => {
      const atom = constantAtom(place.node) as Expr;
      const x = sym(s.variable);
      // The atom stands for the variable: every occurrence of a symbol, the one node of a number.
      const asVariable = isSymbol(atom) ? substitute(place.node, atom.name, x) : replaceNode(place.node, atom, x);
      return substitute(s.correct(asVariable), s.variable, atom);
    },
  },
];
