/**
 * Where a function changes piece, and the values of the variable where that happens. An answer can be
 * right on one piece and wrong on another (the student forgot the other branch of |x - 60|): sample
 * points that all fall on one piece would grade it correct. So the sampler asks this module for every
 * place in the function, its derivative and the answer where a piece changes — a kink (|u| at u = 0), a
 * jump (sgn), a domain edge (sqrt, ln, arcsin at ±1, a denominator's zero) — and solves u(x) = that
 * value for x, exactly where u is a polynomial of degree at most 2 in x or one wrapped in constant
 * shifts, multiples, powers and invertible functions; numerically (sign changes on a wide grid) where
 * not.
 *
 * Which values of its argument a function changes at is part of its table entry (src/functions); the
 * operators' own (a denominator, a fractional or negative power's base) are here.
 */
import { functionNamed } from '../functions/elementary.js';
import { isBinary, isCall, isOperator, isSymbol, isUnaryMinus, mentions, operands, onlyArg, structuralKey, type Expr } from '../tree/nodes.js';
import { compile, type Evaluator } from './compile.js';
import type { Rational } from '../numbers/rational.js';
import { exactRational } from './power.js';
import { checkpoint } from '../deadline.js';

/** An argument whose value decides the piece, and the values at which the piece changes. */
export interface BreakpointSite {
  readonly argument: Expr;
  /** The values of the argument where the piece changes, at a point's parameter values. */
  readonly values: (point: ArrayLike<number>) => readonly number[];
  /** Structural key of the argument and its values, so the same site found twice is solved once. */
  readonly key: string;
  /**
   * The values of the variable themselves, where they are not where the argument takes given values
   * (a centre: the vertex of a quadratic); undefined when they cannot all be found.
   */
  readonly solve?: (point: ArrayLike<number>) => number[] | undefined;
}

/** Roots of u(x) = y at a point's parameter values; undefined when they cannot all be found. */
export type Solver = (point: ArrayLike<number>, y: number) => number[] | undefined;

const ZERO: readonly number[] = [0];

/** Every site in the tree where a piece changes, each once, outermost first. */
export function breakpointSites(expr: Expr, variable: string, symbols: readonly string[]): BreakpointSite[] {
  const sites = new Map<string, BreakpointSite>();
  const add = (argument: Expr, tag: string, values: (point: ArrayLike<number>) => readonly number[]) => {
    if (!mentions(argument, variable)) return;
    const key = `${tag}:${structuralKey(argument)}`;
    if (!sites.has(key)) sites.set(key, { argument, values, key });
  };
  const visit = (node: Expr) => {
    if (isCall(node)) {
      const entry = functionNamed(node.fn.name, node.args.length);
      const [argument, parameterNode] = node.args as [Expr, Expr | undefined];
      if (entry && parameterNode === undefined && entry.breakpoints().length > 0) {
        add(argument, entry.name, () => entry.breakpoints());
      } else if (entry && parameterNode !== undefined && !mentions(parameterNode, variable)) {
        const parameter = compile(parameterNode, symbols);
        add(argument, `${entry.name}/${structuralKey(parameterNode)}`, (point) => entry.breakpoints(parameter(point)));
      }
    } else if (isBinary(node, '/')) {
      add(operands(node)[1], 'zero', () => ZERO);
    } else if (isBinary(node, '^')) {
      const [base, exponent] = operands(node);
      if (!mentions(exponent, variable)) {
        // Integer powers are smooth everywhere; a negative one has a pole at a zero of the base, a
        // fractional one a domain edge or a cusp (x^(1/2), x^(2/3)).
        const exact = exactRational(exponent);
        if (!(exact !== undefined && exact.d === 1 && exact.n >= 0)) add(base, 'zero', () => ZERO);
      } else {
        add(base, 'zero', () => ZERO);
      }
    }
    if (isOperator(node) || isCall(node)) for (const child of node.args) visit(child);
  };
  visit(expr);
  return [...sites.values()];
}

/**
 * Where a term is concentrated: e^(-(x - 25)^2), 1/(1 + (x - 30)^2), sech(x - 30), σ(x^3 - 125) are of
 * ordinary size (or change) only within a few units of 25, 30 or 5 and are flat elsewhere, so a wrong
 * term that lives there (the inner factor -2(x - 25) left out) can fall between the usual sample points
 * every time. Every polynomial piece of the variable (a subtree that is one, up to degree 12, not the
 * variable alone nor a multiple or power of it, centred on 0 where the usual points are) has its real
 * roots as centres, and a quadratic its vertex too; any other piece shifted by a constant its zeros
 * where they solve exactly (isShifted). The sampler places points beside each, as beside a breakpoint.
 */
export function centreSites(expr: Expr, variable: string, symbols: readonly string[]): BreakpointSite[] {
  const sites = new Map<string, BreakpointSite>();
  const withoutParameters = symbols.length === 1;
  const centre = (node: Expr, degree: number) => {
    if (isMonomial(node, variable)) return;
    const key = `centre:${structuralKey(node)}`;
    if (!sites.has(key)) sites.set(key, { argument: node, values: () => [], key, solve: centreSolver(node, degree, variable, symbols) });
  };
  // Solving a subtree costs about its size: tried for MAX_SHIFTED_TRIES pieces at most, so that no
  // input (e^x + 1 - 1 + 1 …, every partial sum a shifted piece) makes the walk cubic.
  let shiftedTries = 0;
  const shiftedCentre = (node: Expr) => {
    const key = `centre:${structuralKey(node)}`;
    if (sites.has(key) || shiftedTries >= MAX_SHIFTED_TRIES) return;
    shiftedTries++;
    // Only one that solves takes a site: sin(x) - 0.99 would fill one of the sampler's MAX_SITES for nothing.
    const solve = exactSolver(node, variable, symbols);
    if (solve) sites.set(key, { argument: node, values: () => [], key, solve: (point) => solve(point, 0)?.filter(Number.isFinite) ?? [] });
  };
  // Whether a node holds the variable, found in the same walk (children first), not by a walk of its own.
  const holdsVariable = new Map<Expr, boolean>();
  // One walk, children first, each node's degree from its children's.
  const degree = (node: Expr): number | undefined => {
    checkpoint();
    const children = isOperator(node) || isCall(node) ? (node.args as Expr[]) : [];
    const degrees = children.map(degree);
    holdsVariable.set(node, (isSymbol(node) && node.name === variable) || children.some((child) => holdsVariable.get(child)));
    const own = degreeFrom(node, variable, degrees);
    // With parameters each site is solved at values of its own (Sampler.locate), so a multiple of a
    // piece is not a second look at the same centres but at other parameter values: kept.
    if (own !== undefined && own >= 1 && !(withoutParameters && centredAsAChild(node, degrees))) centre(node, own);
    else if (own === undefined && isShifted(node, (child) => holdsVariable.get(child) === true)) shiftedCentre(node);
    return own;
  };
  degree(expr);
  return [...sites.values()];
}

/** Shifted pieces (isShifted) whose zeros are looked for in one expression, at most. */
const MAX_SHIFTED_TRIES = 24;

/**
 * u(x) - c or u(x) + c with u not a polynomial: a centre wherever it is 0 and u can be inverted there
 * (by exactSolver; none where it cannot, a place worth a look, not a piece that must have a point)
 * (sqrt(x) - 70.7, ln(x) - 8.5, e^x - 100, |x|^(1/3) - 2). A term concentrated there,
 * e^(-((sqrt(x) - 70.7)/10^-4)^2) or sech((ln x - 8.5)/10^-3), is as narrow as one around a
 * polynomial's root and as easily missed, but its centre, 4998.49 or e^8.5, is no root of a polynomial
 * piece. Not where u is itself a sum (e^x + 1 - 1): its own shifted piece is the one looked at.
 */
function isShifted(node: Expr, holdsVariable: (node: Expr) => boolean): boolean {
  if (!isBinary(node, '+') && !isBinary(node, '-')) return false;
  const [left, right] = operands(node);
  if (holdsVariable(left) === holdsVariable(right)) return false;
  const u = holdsVariable(left) ? left : right;
  return !isBinary(u, '+') && !isBinary(u, '-');
}

/**
 * A polynomial piece whose centres are those of its polynomial child: -p, c·p, p·c and p/c with c
 * constant in the variable (the same roots, the same vertex), and p^n for a natural n (the roots of p,
 * where p^n crosses 0 or touches it; (ax + b)^2's vertex is that root too). The child is looked at
 * itself — a site, or a monomial centred on 0 as the piece then is — so the piece adds no centre, only
 * work: an answer's 15(3x + 1)^4 would otherwise be scanned for the roots of a quartic that 3x + 1
 * already gave exactly. (One more difference: fewer sites, so more of a long expression's pieces fit
 * under the sampler's bound on sites, MAX_SITES, and are looked at.)
 */
function centredAsAChild(node: Expr, childDegrees: readonly (number | undefined)[]): boolean {
  if (isUnaryMinus(node)) return true;
  if (!isOperator(node) || childDegrees.length !== 2) return false;
  const [left, right] = childDegrees;
  if (node.op === '*') return left === 0 || right === 0;
  return (node.op === '/' || node.op === '^') && right === 0;
}

/** x, -x, 3x, x/2, x^3, 2x^2: centred on 0, where the usual points already are. */
function isMonomial(node: Expr, variable: string): boolean {
  if (isSymbol(node)) return node.name === variable;
  if (isUnaryMinus(node)) return isMonomial(onlyArg(node), variable);
  if (isBinary(node, '^')) return !mentions(operands(node)[1], variable) && isMonomial(operands(node)[0], variable);
  if (!isBinary(node, '*') && !isBinary(node, '/')) return false;
  const [left, right] = operands(node);
  return isBinary(node, '*') && !mentions(left, variable) ? isMonomial(right, variable) : !mentions(right, variable) && isMonomial(left, variable);
}

/** The highest degree a polynomial piece is looked at for its centres. */
const MAX_CENTRE_DEGREE = 12;

/**
 * A node's degree as a polynomial in the variable (0 for a constant, at most MAX_CENTRE_DEGREE), from
 * its children's (undefined: not one), read off its shape alone.
 */
function degreeFrom(node: Expr, variable: string, children: readonly (number | undefined)[]): number | undefined {
  if (isSymbol(node)) return node.name === variable ? 1 : 0;
  if (children.length === 0) return 0;
  if (children.every((d) => d === 0)) return 0;
  if (isUnaryMinus(node)) return children[0];
  if (!isOperator(node) || children.length !== 2) return undefined;
  const [left, right] = children;
  if (left === undefined || right === undefined) return undefined;
  const within = (d: number) => (d <= MAX_CENTRE_DEGREE ? d : undefined);
  if (node.op === '^') {
    const exact = right === 0 ? exactRational(operands(node)[1]) : undefined;
    return exact !== undefined && exact.d === 1 && exact.n >= 0 ? within(left * exact.n) : undefined;
  }
  if (node.op === '/') return right === 0 ? left : undefined;
  if (node.op === '+' || node.op === '-') return Math.max(left, right);
  return node.op === '*' ? within(left + right) : undefined;
}

/**
 * The centres of a polynomial piece at a point's parameter values: its real roots (exactly up to degree
 * 2, as sign changes on the sampler's grid beyond), and a quadratic's vertex. None rather than a failure
 * where they cannot all be found: a centre is a place worth a look, not a piece that must have a point.
 */
function centreSolver(node: Expr, degree: number, variable: string, symbols: readonly string[]): (point: ArrayLike<number>) => number[] | undefined {
  let poly: Polynomial | undefined;
  let evaluate: Evaluator | undefined;
  return (point) => {
    // Compiled only when solved: an answer's pieces the function shares are never solved again.
    if (degree > MAX_DEGREE) {
      evaluate ??= compile(node, symbols);
      return scanForRoots(evaluate, point, 0) ?? [];
    }
    poly ??= polynomial(node, variable, symbols);
    if (!poly) return [];
    const c = poly.coefficients(point);
    const [, c1 = 0, c2 = 0] = c;
    const vertex = c2 !== 0 ? [-c1 / (2 * c2)] : [];
    return [...(polynomialRoots(c, 0) ?? []), ...vertex].filter(Number.isFinite);
  };
}

// ---- Exact solving -------------------------------------------------------------------------------

/** c0 + c1·x + c2·x², with coefficients that may depend on the parameters. */
interface Polynomial {
  readonly degree: number;
  readonly coefficients: (point: ArrayLike<number>) => number[];
}

const MAX_DEGREE = 2;

function polynomial(node: Expr, variable: string, symbols: readonly string[]): Polynomial | undefined {
  checkpoint();
  if (!mentions(node, variable)) {
    const value = compile(node, symbols);
    return { degree: 0, coefficients: (p) => [value(p)] };
  }
  if (node.type === 'SymbolNode') return { degree: 1, coefficients: () => [0, 1] };
  if (isUnaryMinus(node)) {
    const inner = polynomial(onlyArg(node), variable, symbols);
    return inner && { degree: inner.degree, coefficients: (p) => inner.coefficients(p).map((c) => -c) };
  }
  if (!isOperator(node) || node.args.length !== 2) return undefined;
  const [leftNode, rightNode] = operands(node);
  if (node.op === '^') {
    const exact = exactRational(rightNode);
    const base = polynomial(leftNode, variable, symbols);
    if (!base || exact === undefined || exact.d !== 1 || exact.n < 0 || base.degree * exact.n > MAX_DEGREE) return undefined;
    const n = exact.n;
    return {
      degree: base.degree * n,
      coefficients: (p) => {
        const b = base.coefficients(p);
        let result = [1];
        for (let k = 0; k < n; k++) result = multiply(result, b);
        return result;
      },
    };
  }
  if (node.op === '/') {
    if (mentions(rightNode, variable)) return undefined;
    const numerator = polynomial(leftNode, variable, symbols);
    const divisor = compile(rightNode, symbols);
    return numerator && { degree: numerator.degree, coefficients: (p) => numerator.coefficients(p).map((c) => c / divisor(p)) };
  }
  const left = polynomial(leftNode, variable, symbols);
  const right = polynomial(rightNode, variable, symbols);
  if (!left || !right) return undefined;
  switch (node.op) {
    case '+':
      return { degree: Math.max(left.degree, right.degree), coefficients: (p) => combine(left.coefficients(p), right.coefficients(p), 1) };
    case '-':
      return { degree: Math.max(left.degree, right.degree), coefficients: (p) => combine(left.coefficients(p), right.coefficients(p), -1) };
    case '*':
      if (left.degree + right.degree > MAX_DEGREE) return undefined;
      return { degree: left.degree + right.degree, coefficients: (p) => multiply(left.coefficients(p), right.coefficients(p)) };
    default:
      return undefined;
  }
}

function combine(a: readonly number[], b: readonly number[], sign: 1 | -1): number[] {
  const out: number[] = [];
  for (let k = 0; k < Math.max(a.length, b.length); k++) out.push((a[k] ?? 0) + sign * (b[k] ?? 0));
  return out;
}

function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  a.forEach((x, i) => b.forEach((y, j) => { out[i + j] = (out[i + j] as number) + x * y; }));
  return out;
}

/** Real roots of c0 + c1·x + c2·x² = y, a double root once; undefined when every x is a root. */
function polynomialRoots(c: readonly number[], y: number): number[] | undefined {
  const c0 = (c[0] ?? 0) - y;
  const c1 = c[1] ?? 0;
  const c2 = c[2] ?? 0;
  if (c2 === 0) {
    if (c1 === 0) return c0 === 0 ? undefined : [];
    return [-c0 / c1];
  }
  let discriminant = c1 * c1 - 4 * c2 * c0;
  // (x - 60)^2 expanded with parameters can round a double root's discriminant just below 0.
  if (discriminant < 0 && -discriminant <= 1e-12 * Math.max(c1 * c1, Math.abs(4 * c2 * c0))) discriminant = 0;
  if (discriminant < 0) return [];
  if (discriminant === 0) return [-c1 / (2 * c2)];
  // The numerically stable pair: no cancellation between -c1 and the root of the discriminant.
  const q = -(c1 + Math.sign(c1 || 1) * Math.sqrt(discriminant)) / 2;
  return q === 0 ? [0] : [q / c2, c0 / q];
}

/** The real t with t^k = y, in real mode (the compiler's rule: odd denominators keep negatives). */
function powerPreimage(y: number, k: number, exact: Rational | undefined): number[] {
  if (!Number.isFinite(y)) return [];
  if (exact === undefined) return y > 0 ? [y ** (1 / k)] : y === 0 && k > 0 ? [0] : [];
  const { n, d } = exact;
  if (n === 0) return [];
  // t^(n/d) = (t^(1/d))^n: first the s with s^n = y, then t = s^d (s >= 0 when d is even).
  const target = n < 0 ? 1 / y : y;
  if (!Number.isFinite(target)) return [];
  const m = Math.abs(n);
  let roots: number[];
  if (m % 2 !== 0) roots = [Math.sign(target) * Math.abs(target) ** (1 / m)];
  else if (target < 0) roots = [];
  else {
    const r = target ** (1 / m);
    roots = r === 0 ? [0] : [-r, r];
  }
  if (d % 2 === 0) roots = roots.filter((s) => s >= 0);
  return roots.map((s) => Math.sign(s) * Math.abs(s) ** d);
}

/**
 * Roots of one site solved exactly, at most: more are left unsolved (said in the evidence), as a scan
 * finding too many is. Points are placed beside at most 16 breakpoints anyway, and each layer that
 * doubles the roots (abs, cosh, a square) would otherwise double the work: nested 16 deep, seconds.
 */
const MAX_EXACT_ROOTS = 64;

/**
 * A solver for expr(x) = y: peel one layer at a time (a constant added, subtracted, multiplied or
 * divided; a constant power; an invertible function of the table; a constant base's exponential) down
 * to a polynomial of degree ≤ 2, solved from its coefficients; a polynomial that peels no further is
 * solved so at once. Undefined where a layer cannot be inverted in closed form.
 *
 * Peeling comes first even for a polynomial: its coefficients are rounded sums, and 10^-10 - (x -
 * 31415.9)^2 written out is x^2 - 62831.8x + 986960773 with the 10^-10 below the constant's last bit,
 * so its roots 31415.9 ± 10^-5 came out as one, and a window 2·10^-5 wide there got no point of its own.
 */
export function exactSolver(expr: Expr, variable: string, symbols: readonly string[]): Solver | undefined {
  const poly = polynomial(expr, variable, symbols);
  const byCoefficients: Solver | undefined = poly && ((point, y) => polynomialRoots(poly.coefficients(point), y));
  const peeled = peeledSolver(expr, variable, symbols);
  if (!peeled || !byCoefficients) return peeled ?? byCoefficients;
  return (point, y) => peeled(point, y) ?? byCoefficients(point, y);
}

function peeledSolver(expr: Expr, variable: string, symbols: readonly string[]): Solver | undefined {
  const through = (inner: Expr, map: (point: ArrayLike<number>, y: number) => readonly number[]): Solver | undefined => {
    const solve = exactSolver(inner, variable, symbols);
    if (!solve) return undefined;
    return (point, y) => {
      const roots: number[] = [];
      for (const t of map(point, y)) {
        checkpoint();
        const found = solve(point, t);
        if (found === undefined) return undefined;
        for (const root of found) roots.push(root);
        // Each |…|, cosh or square doubles the roots: 16 nested abs are 65,536 of them.
        if (roots.length > MAX_EXACT_ROOTS) return undefined;
      }
      return roots;
    };
  };
  if (isUnaryMinus(expr)) return through(onlyArg(expr), (_, y) => [-y]);
  if (isCall(expr)) {
    const entry = functionNamed(expr.fn.name, expr.args.length);
    const [argument, parameterNode] = expr.args as [Expr, Expr | undefined];
    if (!entry?.preimage || (parameterNode !== undefined && mentions(parameterNode, variable))) return undefined;
    const preimage = entry.preimage;
    const parameter = parameterNode === undefined ? undefined : compile(parameterNode, symbols);
    return through(argument, (point, y) => preimage(y, parameter?.(point)));
  }
  if (!isOperator(expr) || expr.args.length !== 2) return undefined;
  const [left, right] = operands(expr);
  const constant = (node: Expr): Evaluator | undefined => (mentions(node, variable) ? undefined : compile(node, symbols));
  const l = constant(left);
  const r = constant(right);
  const nonZero = (c: number, value: number) => (c === 0 || !Number.isFinite(value) ? [] : [value]);
  switch (expr.op) {
    case '+':
      if (l) return through(right, (p, y) => [y - l(p)]);
      if (r) return through(left, (p, y) => [y - r(p)]);
      return undefined;
    case '-':
      if (l) return through(right, (p, y) => [l(p) - y]);
      if (r) return through(left, (p, y) => [y + r(p)]);
      return undefined;
    case '*':
      if (l) return through(right, (p, y) => nonZero(l(p), y / l(p)));
      if (r) return through(left, (p, y) => nonZero(r(p), y / r(p)));
      return undefined;
    case '/':
      if (r) return through(left, (p, y) => [y * r(p)]);
      if (l) return through(right, (p, y) => nonZero(y, l(p) / y));
      return undefined;
    case '^': {
      if (r) {
        const exact = exactRational(right);
        return through(left, (p, y) => powerPreimage(y, r(p), exact));
      }
      if (l) return through(right, (p, y) => {
        const base = l(p);
        return base > 0 && base !== 1 && y > 0 ? [Math.log(y) / Math.log(base)] : [];
      });
      return undefined;
    }
    default:
      return undefined;
  }
}

// ---- Numeric fallback ----------------------------------------------------------------------------

/** Sign changes beyond this many (a periodic argument such as sin x) mean the roots cannot all be placed. */
const MAX_SCANNED_ROOTS = 8;
const GRID = scanGrid();

/** 0 and ±10^k for k from -3 to 5 in steps of 1/24 decade: where the sampler looks at all. */
function scanGrid(): number[] {
  const positive: number[] = [];
  for (let k = -3 * 24; k <= 5 * 24; k++) positive.push(10 ** (k / 24));
  return [...positive.map((x) => -x).reverse(), 0, ...positive];
}

/**
 * Roots of g(x) = y found as sign changes of g - y between neighbouring grid points, refined by
 * bisection. Undefined when there are too many to place (a periodic argument). A root where g only
 * touches y without crossing is not seen: such sites are rare and the other points still apply.
 */
export function scanForRoots(evaluate: Evaluator, point: ArrayLike<number>, y: number): number[] | undefined {
  return scan(evaluate, point, y, false);
}

/**
 * The roots of g(x) = y found as scanForRoots finds them, all of them (complete) or, when it finds too
 * many to place (a periodic argument: sin(x) - 0.99 crosses in every period), those nearest 0, as many
 * as it places: not all, so the site stays unsolved, but a slip that repeats in every period
 * (relu(sin(x) - 0.99)) or lives in the first ones is met beside them. One scan of the whole grid.
 */
export function scanForRootsOrNearest(evaluate: Evaluator, point: ArrayLike<number>, y: number): { roots: number[]; complete: boolean } {
  let complete = true;
  const roots = scan(evaluate, point, y, true, () => (complete = false)) ?? [];
  return { roots, complete };
}

function scan(evaluate: Evaluator, point: ArrayLike<number>, y: number, nearest: boolean, tooMany?: () => void): number[] | undefined {
  const at = Float64Array.from(point);
  const g = (x: number) => {
    checkpoint();
    at[0] = x;
    return evaluate(at) - y;
  };
  // Each root as the grid point where g - y is 0, or the bracket of a sign change (bisected once chosen).
  const brackets: { lo: number; hi: number; gLo: number }[] = [];
  let previousX = Number.NaN;
  let previous = Number.NaN;
  for (const x of GRID) {
    const value = g(x);
    if (value === 0) brackets.push({ lo: x, hi: x, gLo: 0 });
    else if (Number.isFinite(value) && Number.isFinite(previous) && previous !== 0 && Math.sign(value) !== Math.sign(previous)) {
      brackets.push({ lo: previousX, hi: x, gLo: previous });
    }
    if (brackets.length > MAX_SCANNED_ROOTS && !nearest) return undefined;
    previousX = x;
    previous = value;
  }
  if (brackets.length > MAX_SCANNED_ROOTS) tooMany?.();
  const chosen = brackets.length > MAX_SCANNED_ROOTS
    ? [...brackets].sort((p, q) => Math.min(Math.abs(p.lo), Math.abs(p.hi)) - Math.min(Math.abs(q.lo), Math.abs(q.hi))).slice(0, MAX_SCANNED_ROOTS)
    : brackets;
  return chosen.map(({ lo, hi, gLo }) => (lo === hi ? lo : bisect(g, lo, hi, gLo)));
}

function bisect(g: (x: number) => number, lo: number, hi: number, gLo: number): number {
  let a = lo;
  let b = hi;
  let ga = gLo;
  for (let step = 0; step < 60 && b - a > 1e-12 * Math.max(1, Math.abs(a)); step++) {
    const mid = (a + b) / 2;
    const gm = g(mid);
    if (!Number.isFinite(gm)) break;
    if (Math.sign(gm) === Math.sign(ga)) {
      a = mid;
      ga = gm;
    } else {
      b = mid;
    }
  }
  return (a + b) / 2;
}
