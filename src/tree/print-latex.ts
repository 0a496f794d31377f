/**
 * toLatex: the LaTeX a derivative is shown in. Division as \frac, products by juxtaposition
 * (`2x\cos\left(x^{2}\right)`) with \cdot only where juxtaposition would misread (2\cdot 3, x\cdot 2,
 * 2\cdot\frac{1}{3} is not 2⅓), \left( \right) for grouping, `\sin^{2}\left(x\right)` for a positive
 * integer power of a named function, exp(u) as e^{u}, Greek parameter names as their letters.
 */
import { functionNamed, functionOfAppliedLetter } from '../functions/elementary.js';
import {
  isBinary,
  isCall,
  isConstant,
  isSymbol,
  isUnaryMinus,
  onlyArg,
  operands,
  type CallExpr,
  type Expr,
} from './nodes.js';
import { numberParts } from './number-format.js';
import { Level, startsWithMinus, type Printed } from './print-levels.js';

export function toLatex(expr: Expr): string {
  return print(expr).text;
}

/** Greek letters that have a LaTeX command of the same name (omicron has none: it is an o). */
const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta',
  'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi',
  'varphi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);

function print(node: Expr): Printed {
  if (isConstant(node)) return printNumber(node.value);
  if (isSymbol(node)) return { text: printSymbol(node.name), level: Level.ATOM };
  if (isCall(node)) return printCall(node);
  if (isUnaryMinus(node)) {
    const operand = print(onlyArg(node));
    return { text: `-${wrapIf(operand, operand.level < Level.PRODUCT || startsWithMinus(operand))}`, level: Level.NEGATION };
  }
  if (isBinary(node, '+') || isBinary(node, '-')) {
    const [l, r] = operands(node).map(print) as [Printed, Printed];
    const wrapRight = startsWithMinus(r) || (node.op === '-' && r.level === Level.SUM);
    return { text: `${l.text}${node.op}${wrapIf(r, wrapRight)}`, level: Level.SUM };
  }
  if (isBinary(node, '*')) return printProduct(node);
  if (isBinary(node, '/')) {
    const [l, r] = operands(node).map(print) as [Printed, Printed];
    return { text: `\\frac{${l.text}}{${r.text}}`, level: Level.PRODUCT };
  }
  if (isBinary(node, '^')) return printPower(...operands(node));
  throw new TypeError(`toLatex: not a canonical node: ${node.type}`);
}

function wrapIf(printed: Printed, wrap: boolean): string {
  return wrap ? `\\left(${printed.text}\\right)` : printed.text;
}

function printSymbol(name: string): string {
  // w_1, theta_0: a subscripted name (parse/subscripted-names.ts) is w_{1}, \theta_{0}.
  const [base = name, subscript] = name.split('_');
  const shown = GREEK.has(base) ? `\\${base}` : base.length === 1 ? base : `\\mathit{${base}}`;
  return subscript === undefined ? shown : `${shown}_{${subscript}}`;
}

/** The factors of a chain of `*`, in order (multiplication is associative, so nesting is irrelevant). */
function productFactors(node: Expr, into: Expr[] = []): Expr[] {
  if (isBinary(node, '*')) {
    for (const operand of operands(node)) productFactors(operand, into);
  } else {
    into.push(node);
  }
  return into;
}

function printProduct(node: Expr): Printed {
  let text = '';
  let previous = '';
  for (const [i, factor] of productFactors(node).entries()) {
    const printed = print(factor);
    // Only the first factor may carry a bare minus sign: -2x reads as -(2x), x-2 would not.
    const wrapped = wrapIf(printed, printed.level === Level.SUM || (i > 0 && startsWithMinus(printed)));
    // The separator looks at the end of what precedes, which is the previous factor: given the whole
    // text so far, its tests flattened and scanned it at every factor, quadratic in a long product.
    text = i === 0 ? wrapped : `${text}${separator(previous, wrapped)}${wrapped}`;
    previous = wrapped;
  }
  return { text, level: Level.PRODUCT };
}

/** What goes between two juxtaposed factors. */
function separator(left: string, right: string): string {
  // A digit after anything reads as part of a number (x2, 23); 2\frac{1}{3} reads as a mixed number.
  if (isDigitOrPoint(right.charCodeAt(0))) return '\\cdot ';
  const last = left.charCodeAt(left.length - 1);
  if (isDigitOrPoint(last)) return right.startsWith('\\frac') ? '\\cdot ' : '';
  // What follows looks at a command at the end of the left factor, which ends in a letter or a brace:
  // anything else needs no separator (and no pattern run over the whole of a long factor).
  if (!(isAsciiLetter(last) || last === CLOSING_BRACE)) return '';
  // \sigma\left(x\right) and \sigma^{2}\left(x\right) read as the sigmoid of x: the letter σ (or its
  // power) times a bracket needs its sign.
  const letter = /\\([a-zA-Z]+)(?:\^\{-?[0-9.]+\})?$/.exec(left)?.[1];
  if (letter !== undefined && functionOfAppliedLetter(letter) !== undefined && right.startsWith('\\left(')) return '\\cdot ';
  // \pi x, not \pix: a command name would swallow the letters that follow.
  if (/\\[a-zA-Z]+$/.test(left) && /^[a-zA-Z]/.test(right)) return ' ';
  return '';
}

const CLOSING_BRACE = 0x7d;

function isDigitOrPoint(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2e;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function printPower(base: Expr, exponent: Expr): Printed {
  const exponentText = print(exponent).text;
  if (isCall(base) && base.args.length === 1 && isConstant(exponent) && Number.isInteger(exponent.value) && exponent.value > 0) {
    const operator = functionNamed(base.fn.name, 1)?.latexOperator;
    if (operator !== undefined) {
      return { text: `${operator}^{${exponentText}}\\left(${print(onlyArg(base)).text}\\right)`, level: Level.POWER };
    }
  }
  const b = print(base);
  // A function with its own layout (\sqrt{x}, \log_{2}(x)) is wrapped so the exponent cannot look
  // like part of it; one that closes with a delimiter (|x|) takes the exponent as it is.
  const ownLayout =
    isCall(base) && functionNamed(base.fn.name, base.args.length)?.latexOperator === undefined && !b.text.endsWith('\\right|');
  const wrap = b.level < Level.ATOM || startsWithMinus(b) || ownLayout;
  return { text: `${wrapIf(b, wrap)}^{${exponentText}}`, level: Level.POWER };
}

function printCall(node: CallExpr): Printed {
  const name = node.fn.name;
  const args = node.args.map((arg) => print(arg).text);
  if (name === 'exp' && args.length === 1) return { text: `e^{${args[0]}}`, level: Level.POWER };
  const entry = functionNamed(name, args.length);
  const text = entry ? entry.latex(args) : `\\operatorname{${name}}\\left(${args.join(',')}\\right)`;
  return { text, level: Level.ATOM };
}

function printNumber(value: number): Printed {
  const { mantissa, exponent, negative } = numberParts(value);
  let printed: Printed = { text: mantissa, level: Level.ATOM };
  if (exponent !== undefined) {
    const power = `10^{${exponent}}`;
    printed = mantissa === '1' ? { text: power, level: Level.POWER } : { text: `${mantissa}\\cdot ${power}`, level: Level.PRODUCT };
  }
  return negative ? { text: `-${printed.text}`, level: Level.NEGATION } : printed;
}
