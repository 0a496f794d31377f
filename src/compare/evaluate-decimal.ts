/**
 * Trees evaluated in decimal.js at two precisions (36 and 50 significant digits), for the points
 * where values overflow doubles and their logarithms in doubles are too coarse to call two values
 * equal. The difference between the two results bounds the error of the first (the usual check of a
 * computation by raising its precision, as mpmath and SymPy's evalf do), so the second is trusted to
 * far more digits than a comparison needs.
 *
 * decimal.js is slow (a fraction of a millisecond for exp at these precisions, several for a
 * logarithm or an arctangent), so its work is counted in units of one exp: each node evaluated adds
 * its weight (the table's decimalWork for a function; a few hundredths for arithmetic). Values are
 * remembered per point and node for the life of the evaluator — one check — so a mistake candidate,
 * sharing most of its subtrees with the correct derivative, costs only its own parts, and what a
 * check's budget allows still depends on the check alone, never on what other checks did before.
 * {@link decimalCost} bounds what evaluating an expression at one point can cost, memo or not.
 */
import { children, isBinary, isCall, isConstant, isOperator, isSymbol, isUnaryMinus, type Expr } from '../tree/nodes.js';
import { decimalContext, decimalE, decimalExp as exp, decimalPi, decimalPow, decimalPowerConstant, exactDecimal, type Decimal, type DecimalContext } from '../numbers/decimal.js';
import { smallRational } from '../numbers/real-power.js';
import { compile, constantValue, isNaturalBase, resolveSymbol, tableEntry, withoutCancellation } from './compile.js';
import { exactRational } from './power.js';
import { checkpoint } from '../deadline.js';

/** The precisions of the two evaluations: the first's error is bounded by their difference. */
export const PRECISIONS = [36, 50] as const;
/** Values remembered before the memo is cleared (a bound on memory, not on work). */
const MAX_MEMO = 50_000;
/** Work of arithmetic (+ - * / and negation), of an integer power, and of reading a point's coordinate, in units of exp. */
const ARITHMETIC_WORK = 0.04;
const INTEGER_POWER_WORK = 0.1;
/** A non-integer power (ln and exp) and one of a constant base (exp, its ln remembered). */
const POWER_WORK = 3;

export class DecimalEvaluator {
  private readonly contexts: readonly DecimalContext[];
  /** Values by point and shape (structurally equal subtrees, of any tree, share one). */
  private readonly memo: Array<Map<Float64Array, Map<number, Decimal>>>;
  /** Subtrees without symbols, and the logarithms of constant bases: the same at every point. */
  private readonly constants: Array<Map<number, Decimal>>;
  private readonly logarithms: Array<Map<number, Decimal>>;
  private readonly shapes = new Shapes();
  private readonly constancy: Constancy;
  private remembered = 0;
  /** Units of work done so far (each node evaluated at each precision adds its weight). */
  work = 0;

  /** `precisions`: other than 36 and 50 digits where a comparison must see further (hidden-twins.ts). */
  constructor(
    private readonly symbols: readonly string[],
    precisions: readonly number[] = PRECISIONS,
  ) {
    this.constancy = constancyFor(symbols);
    this.contexts = precisions.map(decimalContext);
    this.memo = precisions.map(() => new Map());
    this.constants = precisions.map(() => new Map());
    this.logarithms = precisions.map(() => new Map());
  }

  /** The expression at the point, at each precision (NaN outside its real domain, ±Infinity or 0 beyond range). */
  values(expr: Expr, point: Float64Array): Decimal[] {
    return this.contexts.map((_, k) => this.at(expr, point, k));
  }

  private at(node: Expr, point: Float64Array, k: number): Decimal {
    const memo = this.constancy(node) ? (this.constants[k] as Map<number, Decimal>) : this.pointMemo(point, k);
    const shape = this.shapes.id(node);
    let value = memo.get(shape);
    if (value === undefined) {
      this.work += nodeWork(node, this.constancy);
      value = this.evaluate(node, point, k);
      if (this.remembered >= MAX_MEMO) this.forget();
      memo.set(shape, value);
      this.remembered++;
    }
    return value;
  }

  private pointMemo(point: Float64Array, k: number): Map<number, Decimal> {
    const byPoint = this.memo[k] as Map<Float64Array, Map<number, Decimal>>;
    let memo = byPoint.get(point);
    if (!memo) {
      memo = new Map();
      byPoint.set(point, memo);
    }
    return memo;
  }

  private forget(): void {
    for (const maps of [this.memo, this.constants, this.logarithms]) for (const map of maps) map.clear();
    this.remembered = 0;
  }

  private evaluate(node: Expr, point: Float64Array, k: number): Decimal {
    checkpoint();
    const D = this.contexts[k] as DecimalContext;
    if (isConstant(node)) return new D(constantValue(node));
    if (isSymbol(node)) {
      const where = resolveSymbol(node.name, this.symbols);
      if ('slot' in where) return exactDecimal(D, point[where.slot] as number);
      return node.name === 'pi' ? decimalPi(D) : decimalE(D);
    }
    const stable = withoutCancellation(node);
    if (stable) return this.at(stable, point, k);
    if (isCall(node)) {
      const evaluate = tableEntry(node).evaluateDecimal;
      const first = this.at(node.args[0] as Expr, point, k);
      return node.args.length === 1 ? evaluate(first) : evaluate(first, this.at(node.args[1] as Expr, point, k));
    }
    if (!isOperator(node)) throw new TypeError(`unsupported node type ${node.type}`);
    if (isUnaryMinus(node)) return this.at(node.args[0] as Expr, point, k).neg();
    const [leftNode, rightNode] = node.args as [Expr, Expr];
    if (node.op === '^') return this.power(leftNode, rightNode, point, k);
    const left = this.at(leftNode, point, k);
    const right = this.at(rightNode, point, k);
    switch (node.op) {
      case '+':
        return left.plus(right);
      case '-':
        return left.minus(right);
      case '*':
        return left.times(right);
      case '/':
        return left.div(right);
      default:
        throw new TypeError(`unsupported operator ${node.op}`);
    }
  }

  /** Powers with the semantics of compile.ts: e^u as exp(u), constant exponents exact when written so. */
  private power(leftNode: Expr, rightNode: Expr, point: Float64Array, k: number): Decimal {
    const constantExponent = this.constancy(rightNode);
    if (isNaturalBase(leftNode, this.symbols) && !constantExponent) return exp(this.at(rightNode, point, k));
    const base = this.at(leftNode, point, k);
    if (constantExponent) {
      const exact = exactRational(rightNode);
      const D = this.contexts[k] as DecimalContext;
      const exponent = exact ? new D(exact.n).div(exact.d) : this.at(rightNode, point, k);
      return decimalPowerConstant(base, exponent, exact ?? smallRational(compile(rightNode, this.symbols)([])));
    }
    const exponent = this.at(rightNode, point, k);
    if (this.constancy(leftNode) && base.gt(0)) return exp(exponent.times(this.lnOf(leftNode, base, k)));
    return decimalPow(base, exponent);
  }

  /** ln of a constant base, once per precision (decimal.js's pow would take it again at every point). */
  private lnOf(node: Expr, base: Decimal, k: number): Decimal {
    const logarithms = this.logarithms[k] as Map<number, Decimal>;
    const shape = this.shapes.id(node);
    let ln = logarithms.get(shape);
    if (!ln) {
      ln = base.ln();
      logarithms.set(shape, ln);
    }
    return ln;
  }
}

/** Whether a node mentions none of the symbols, remembered per node (one walk for a whole tree). */
type Constancy = (node: Expr) => boolean;

const CONSTANCY = new Map<string, Constancy>();

function constancyFor(symbols: readonly string[]): Constancy {
  const key = symbols.join(',');
  let constancy = CONSTANCY.get(key);
  if (!constancy) {
    const known = new WeakMap<Expr, boolean>();
    const test: Constancy = (node) => {
      let constant = known.get(node);
      if (constant === undefined) {
        constant = isSymbol(node) ? !symbols.includes(node.name) : isOperator(node) || isCall(node) ? node.args.every(test) : true;
        known.set(node, constant);
      }
      return constant;
    };
    constancy = test;
    // Symbol lists are few (the variable and a problem's parameters): a bounded cache.
    if (CONSTANCY.size < 256) CONSTANCY.set(key, constancy);
  }
  return constancy;
}

/** The work of evaluating one node (its operands apart), in units of exp. */
function nodeWork(node: Expr, constant: Constancy): number {
  if (isCall(node)) return tableEntry(node).decimalWork;
  if (isBinary(node, '^')) {
    const exponent = node.args[1] as Expr;
    if (constant(exponent)) return exactRational(exponent)?.d === 1 ? INTEGER_POWER_WORK : POWER_WORK;
    return constant(node.args[0] as Expr) ? 1 : POWER_WORK;
  }
  return isOperator(node) || isSymbol(node) ? ARITHMETIC_WORK : 0;
}

/**
 * One number per shape: structurally equal subtrees, in one tree or in several (an answer typed by a
 * student and the derivative the differentiator built share many), get the same id, so their values
 * are computed once (hash-consing, bottom up: a key is a node's kind and its children's ids).
 */
class Shapes {
  private readonly ids = new Map<string, number>();
  private readonly known = new WeakMap<Expr, number>();

  id(node: Expr): number {
    let id = this.known.get(node);
    if (id === undefined) {
      const operands = children(node).map((child) => this.id(child)).join(',');
      const key = isConstant(node) ? `#${node.value}` : isSymbol(node) ? `$${node.name}` : isCall(node) ? `${node.fn.name}(${operands})` : isOperator(node) ? `${node.fn}(${operands})` : node.type;
      id = this.ids.get(key);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(key, id);
      }
      this.known.set(node, id);
    }
    return id;
  }
}

/**
 * The most evaluating these expressions at one point can cost, at both precisions: the work of each
 * of their distinct shapes that depend on the symbols (constant subtrees are evaluated once a check).
 * `withConstants`: the constant subtrees counted too, once each — what the first point costs a new
 * evaluator (hidden-twins.ts makes one at the precision it needs).
 */
export function decimalCost(exprs: readonly Expr[], symbols: readonly string[], withConstants = false): number {
  const constant = constancyFor(symbols);
  const shapes = new Shapes();
  const seen = new Set<number>();
  let units = 0;
  const visit = (node: Expr) => {
    if (constant(node) && !withConstants) return;
    const shape = shapes.id(node);
    if (seen.has(shape)) return;
    seen.add(shape);
    units += nodeWork(node, constant);
    for (const operand of children(node)) visit(operand);
  };
  exprs.forEach(visit);
  return units * PRECISIONS.length;
}
