/**
 * Test-only: build a canonical tree from trusted test text with mathjs's parser (parentheses dropped,
 * negative constants as unary minus). Production code reads user text with src/parse only; this lets
 * tests of modules below the reader state expressions compactly.
 */
import { parse, type MathNode } from 'mathjs';
import { functionSpelled } from '../../src/functions/elementary.js';
import { call, num, sym, withChildren, type Expr } from '../../src/tree/nodes.js';

export function tree(text: string): Expr {
  return canonical(parse(text));
}

function canonical(node: MathNode): Expr {
  const n = node as MathNode & {
    content?: MathNode;
    value?: unknown;
    name?: string;
    args?: MathNode[];
    fn?: { name: string } | string;
    op?: string;
  };
  switch (node.type) {
    case 'ParenthesisNode':
      return canonical(n.content as MathNode);
    case 'ConstantNode':
      return num(Number(n.value));
    case 'SymbolNode':
      return sym(n.name as string);
    case 'FunctionNode': {
      const name = typeof n.fn === 'string' ? n.fn : (n.fn as { name: string }).name;
      return call(functionSpelled(name) ?? name, ...(n.args ?? []).map(canonical));
    }
    case 'OperatorNode':
      if (n.op === '+' && n.args?.length === 1) return canonical(n.args[0] as MathNode);
      return withChildren(node, (n.args ?? []).map(canonical));
    default:
      throw new Error(`test tree: unsupported node ${node.type}`);
  }
}
