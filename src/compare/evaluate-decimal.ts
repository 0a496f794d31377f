/**
 * Trees evaluated in decimal.js at two precisions (36 and 50 significant digits), for the points
 * where values overflow doubles and their logarithms in doubles are too coarse to call two values
 * equal. The difference between the two results bounds the error of the first (the usual check of a
 * computation by raising its precision, as mpmath and SymPy's evalf do), so the second is trusted to
 * far more digits than a comparison needs.
 *
 * decimal.js is slow (a fraction of a millisecond for exp or ln at these precisions), so the work is
 * counted: every function, exp, logarithm and non-integer power is a unit, counted once per distinct
 * node of a tree ({@link decimalCost}) whatever a memo saves, so that what a budget allows depends on
 * the expressions alone and a verdict never on what was evaluated before. Values are remembered per
 * point and node for the life of the evaluator: a mistake candidate shares most of its subtrees with
 * the correct derivative.
 */
import { isBinary, isCall, isConstant, isOperator, isSymbol, isUnaryMinus, type Expr } from '../tree/nodes.js';
import { decimalContext, decimalE, decimalExp as exp, decimalPi, decimalPow, decimalPowerConstant, exactDecimal, type Decimal, type DecimalContext } from '../numbers/decimal.js';
import { smallRational } from '../numbers/real-power.js';
import { compile, constantValue, isNaturalBase, resolveSymbol, tableEntry } from './compile.js';
import { exactRational } from './power.js';

/** The precisions of the two evaluations: the first's error is bounded by their difference. */
export const PRECISIONS = [36, 50] as const;
/** Values remembered before the memo is cleared (a bound on memory, not on work). */
const MAX_MEMO = 50_000;

export class DecimalEvaluator {
  private readonly contexts: readonly DecimalContext[] = PRECISIONS.map(decimalContext);
  private readonly memo: Array<Map<Float64Array, Map<Expr, Decimal>>> = PRECISIONS.map(() => new Map());
  /** Subtrees without symbols, and the logarithms of constant bases: the same at every point. */
  private readonly constants: Array<Map<Expr, Decimal>> = PRECISIONS.map(() => new Map());
  private readonly logarithms: Array<Map<Expr, Decimal>> = PRECISIONS.map(() => new Map());
  private readonly constancy: Constancy;
  private remembered = 0;

  constructor(private readonly symbols: readonly string[]) {
    this.constancy = constancyFor(symbols);
  }

  /** The expression at the point, at each precision (NaN outside its real domain, ±Infinity or 0 beyond range). */
  values(expr: Expr, point: Float64Array): Decimal[] {
    return this.contexts.map((_, k) => this.at(expr, point, k));
  }

  private at(node: Expr, point: Float64Array, k: number): Decimal {
    const memo = this.constancy(node) ? (this.constants[k] as Map<Expr, Decimal>) : this.pointMemo(point, k);
    let value = memo.get(node);
    if (value === undefined) {
      value = this.evaluate(node, point, k);
      if (this.remembered >= MAX_MEMO) this.forget();
      memo.set(node, value);
      this.remembered++;
    }
    return value;
  }

  private pointMemo(point: Float64Array, k: number): Map<Expr, Decimal> {
    const byPoint = this.memo[k] as Map<Float64Array, Map<Expr, Decimal>>;
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
    const D = this.contexts[k] as DecimalContext;
    if (isConstant(node)) return new D(constantValue(node));
    if (isSymbol(node)) {
      const where = resolveSymbol(node.name, this.symbols);
      if ('slot' in where) return exactDecimal(D, point[where.slot] as number);
      return node.name === 'pi' ? decimalPi(D) : decimalE(D);
    }
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
    const logarithms = this.logarithms[k] as Map<Expr, Decimal>;
    let ln = logarithms.get(node);
    if (!ln) {
      ln = base.ln();
      logarithms.set(node, ln);
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

const COSTS = new Map<string, WeakMap<Expr, number>>();

/**
 * Units of decimal work to evaluate `expr` at one point at both precisions: its distinct nodes that
 * call a function, exp, a logarithm or a non-integer power (arithmetic is cheap by comparison), with
 * constant subtrees left out (evaluated once), times the two precisions.
 */
export function decimalCost(expr: Expr, symbols: readonly string[]): number {
  const key = symbols.join(',');
  let costs = COSTS.get(key);
  if (!costs) {
    costs = new WeakMap();
    if (COSTS.size < 256) COSTS.set(key, costs);
  }
  const known = costs.get(expr);
  if (known !== undefined) return known;
  const constant = constancyFor(symbols);
  const seen = new Set<Expr>();
  let units = 0;
  const visit = (node: Expr) => {
    if (seen.has(node) || constant(node)) return;
    seen.add(node);
    if (isCall(node)) units++;
    if (isBinary(node, '^') && !(constant(node.args[1]) && exactRational(node.args[1])?.d === 1)) units++;
    if (isOperator(node) || isCall(node)) node.args.forEach(visit);
  };
  visit(expr);
  const cost = units * PRECISIONS.length;
  costs.set(expr, cost);
  return cost;
}
