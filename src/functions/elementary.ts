/**
 * The one source of truth for every elementary function the service knows: how readers spell it,
 * how it evaluates (in real mode), its derivative rule and how it prints. Readers, the differentiator,
 * the numeric compiler and both printers all look functions up here; nothing else switches on
 * function names. Modelled on SymPy's per-class `fdiff` and mathjs's factory functions.
 *
 * Canonical names are mathjs's where mathjs has the function (so a tree still compiles with mathjs),
 * with `log` the natural logarithm, printed `ln` for students.
 */
import type { MistakeCode, Variant } from '../mistake-codes.js';
import {
  decimalCosh,
  decimalExp,
  decimalLeakyRelu,
  decimalNaN,
  decimalNormalDensity,
  decimalRelu,
  decimalSigmoid,
  decimalSoftplus,
  decimalStep,
  decimalReciprocal as inv,
  decimalRoot,
  decimalSinh,
  decimalTanh,
  trigonometric,
  type Decimal,
} from '../numbers/decimal.js';
import * as W from '../numbers/log-magnitude.js';
import { rational } from '../numbers/rational.js';
import { realPow } from '../numbers/real-power.js';
import { add, call, div, mul, neg, num, pow, sub, sym, type Expr } from '../tree/nodes.js';
import { erf, normalCdf, normalDensity } from './erf.js';

/** A wrong table entry as students remember it: F'(t) replaced by another expression (MISTAKES-BEYOND.md). */
export interface WrongDerivative {
  readonly code: MistakeCode;
  readonly variant: Variant;
  /** The wrong F'(t) at args[0] (args[1] is the parameter, when arity is 2). */
  readonly derivative: Expr;
}

export interface ElementaryFunction {
  /** Name in the tree (a FunctionNode's fn). */
  readonly name: string;
  /** Every spelling the readers accept, lower case; includes `name` and `lettered`. */
  readonly spellings: readonly string[];
  /**
   * Spellings that are as often single letters written together (Russian and French textbooks' sh, ch,
   * th for sinh, cosh, tanh are also s·h, c·h, t·h; Spanish and Portuguese tgh, cotgh): the function only where it is applied and not
   * written with the answer's function's own letters (resolve-words.ts), and never a "did you mean".
   */
  readonly lettered: readonly string[];
  /**
   * Argument count. A second argument is a constant parameter of the function (a logarithm's base,
   * a root's index), never differentiated through: the function of the variable is its first argument.
   */
  readonly arity: 1 | 2;
  /** Real-mode value: NaN outside the real domain, never a complex number. */
  readonly evaluate: (t: number, p?: number) => number;
  /**
   * The same value in decimal.js (src/numbers/decimal.ts), at the precision of t's constructor: where
   * doubles overflow, the equivalence test's last word on whether two values are equal.
   */
  readonly evaluateDecimal: (t: Decimal, p?: Decimal) => Decimal;
  /**
   * What evaluateDecimal costs, relative to exp (1): series that converge slowly cost more (logarithms,
   * inverse trigonometric and hyperbolic functions: 4), roots and |t| less (0.5). Bounds the decimal
   * work of a check (evaluate-decimal.ts). Infinity for the functions decimal.js cannot evaluate to a
   * vouched precision (erf and GELU: it has no erf): no budget covers an expression with them, so the
   * extended comparison leaves its points undecided rather than guess.
   */
  readonly decimalWork: number;
  /**
   * The value in log-magnitude form (src/numbers/log-magnitude.ts) for the functions that make or
   * undo values beyond double range — exp, the logarithms, roots, |t|, sgn, the hyperbolic functions,
   * the activations that pass such a value through or undo it — with the parameter's value (a
   * constant) when arity is 2. Undefined, or a rule that returns undefined, where the double value
   * and its error bound serve (sin of a double argument).
   */
  readonly evaluateWide?: (t: W.Wide, p?: number) => W.Wide | undefined;
  /**
   * For the hyperbolic functions: the relative difference from their twin at argument t (cosh u and
   * sinh u differ by 2e^(-2|u|) of their value, as do tanh and coth). Beyond double range a
   * comparison that cannot resolve it cannot tell the two functions apart (extended-range.ts).
   */
  readonly twinGap?: (t: number) => number;
  /** The twin itself (cosh for sinh): hidden-twins.ts swaps one for the other to see if a comparison could tell them apart. */
  readonly twin?: string;
  /**
   * 1 - F(t) as an expression that does not subtract (σ: 1 - σ(t) is σ(-t)). Every evaluator uses it:
   * where F(t) rounds to 1 (t > 37 for σ), 1 - F(t) is exactly 0 in doubles and an answer of 0 would
   * agree with σ' = σ(1 - σ) at every point.
   */
  readonly complement?: (t: Expr) => Expr;
  /** dF/dt at t = args[0] (args[1] is the parameter, when arity is 2). */
  readonly derivative: (args: readonly Expr[]) => Expr;
  /** Text the reader accepts back: args are already printed. */
  readonly text: (args: readonly string[]) => string;
  /** LaTeX of F applied to args (already rendered as LaTeX). */
  readonly latex: (args: readonly string[]) => string;
  /**
   * The LaTeX operator name when the function prints as `\name\left(…\right)`, so `\sin^{2}(x)` style
   * powers can be written; undefined for functions with their own layout (roots, |…|).
   */
  readonly latexOperator?: string;
  /** The function that `f^{-1}` names in calculus notation (sin^{-1} is arcsin). */
  readonly inverse?: string;
  /**
   * For a root, its index k (args[1] for nthRoot): the function is the power t^(1/k), so the power
   * rule and its wrong forms apply to it as to any u^n (MISTAKES-BEYOND.md, "x^n included").
   */
  readonly rootIndex?: (args: readonly Expr[]) => Expr;
  /** What the argument placeholder looks like when the outer function is shown alone: `sin(u)`. */
  readonly describe: string;
  /**
   * Values of the argument t where the function changes piece: a kink (|t| at 0), a jump (sgn), a
   * domain edge (sqrt and ln at 0, arcsin at ±1) or a pole. The sampler puts points on both sides of
   * each, since an answer can be right on one piece only. Periodic changes (tan's poles) are left out.
   */
  readonly breakpoints: (p?: number) => readonly number[];
  /**
   * Every real t with F(t) = y, for the functions that can be inverted in closed form (monotone
   * pieces); undefined for the others. Lets the sampler solve u(x) = breakpoint through F(u).
   */
  readonly preimage?: (y: number, p?: number) => readonly number[];
  /** The wrong derivatives students give for this function, each under its mistake code. */
  readonly mistakes: (args: readonly Expr[]) => readonly WrongDerivative[];
  /**
   * The function is 0 on a whole piece (relu, the unit step), so a 0 it returns is exact, never the
   * underflow of a tiny value: the sampler keeps such points (the flat side of a kink) as witnesses.
   */
  readonly exactZero: boolean;
  /**
   * A Greek letter (its symbol name) that names this function when it is applied, σ(z) for the
   * sigmoid; alone, the letter stays a letter (src/parse/greek-functions.ts).
   */
  readonly appliedLetter?: string;
  /**
   * A neural network's activation function: F(w·x + b) is read as a neuron, and its mistakes are
   * named in backpropagation's terms too (src/diagnose/neuron.ts).
   */
  readonly activation: boolean;
}

const t = (args: readonly Expr[]): Expr => args[0] as Expr;
const p = (args: readonly Expr[]): Expr => args[1] as Expr;

const one = (): Expr => num(1);
const two = (): Expr => num(2);
const square = (e: Expr): Expr => pow(e, two());
/**
 * Beyond this |t|, sech t and csch t are 2e^(-|t|) to the last bit (e^(-2|t|) < 1e-300 beside 1): the
 * form that underflows as they do. 1/cosh t is exactly 0 from t ≈ 710.5, where cosh overflows, while the
 * true value is still ~1e-309 down to 1e-323 (subnormal), and an exact 0 there refuted a right answer
 * written with exponentials.
 */
const FAR_TAIL = 350;
/** 1/sqrt(x) shaped derivatives: numerator / sqrt(inside). */
const overSqrt = (numerator: Expr, inside: Expr): Expr => div(numerator, call('sqrt', inside));

const fnText = (name: string) => (args: readonly string[]) => `${name}(${args.join(', ')})`;
const opLatex = (op: string) => (args: readonly string[]) => `${op}\\left(${args[0]}\\right)`;

/** The real n-th root: odd roots of negatives are real, even roots NaN (the same rule as powers). */
function realNthRoot(x: number, n: number): number {
  return realPow(x, 1 / n);
}

interface Spec {
  name: string;
  also?: string[];
  /** Spellings that are also single letters written together (see ElementaryFunction.lettered). */
  lettered?: string[];
  arity?: 1 | 2;
  evaluate: (t: number, p?: number) => number;
  /** Omitted only where no sound decimal evaluation exists (see hasDecimal). */
  decimal?: (t: Decimal, p?: Decimal) => Decimal;
  decimalWork?: number;
  wide?: (t: W.Wide, p?: number) => W.Wide | undefined;
  twinGap?: (t: number) => number;
  twin?: string;
  complement?: (t: Expr) => Expr;
  derivative: (args: readonly Expr[]) => Expr;
  latexOperator?: string;
  latex?: (args: readonly string[]) => string;
  text?: (args: readonly string[]) => string;
  display?: string;
  inverse?: string;
  rootIndex?: (args: readonly Expr[]) => Expr;
  describe?: string;
  breakpoints?: (p?: number) => readonly number[];
  preimage?: (y: number, p?: number) => readonly number[];
  /** Trigonometric and inverse trigonometric functions share a buggy rule: the sign of F' flipped. */
  family?: 'trig' | 'inverse-trig';
  /** For an inverse trigonometric function: the function whose reciprocal sin^-1 is taken for. */
  reciprocalOf?: string;
  /** Wrong entries particular to this function. */
  wrong?: (args: readonly Expr[]) => readonly WrongDerivative[];
  exactZero?: boolean;
  appliedLetter?: string;
  activation?: boolean;
}

/** decimalWork of the functions decimal.js computes by slowly converging series (logarithms, inverse functions). */
const SLOW = 4;
/** decimalWork of roots, |t| and sgn. */
const QUICK = 0.5;

/** cosh u and sinh u (tanh u and coth u, sech u and csch u) differ by 2e^(-2|u|) of their value. */
const hyperbolicTwinGap = (u: number): number => 2 * Math.exp(-2 * Math.abs(u));

const NONE: readonly number[] = [];
const HALF = rational(1, 2);
const THIRD = rational(1, 3);
const AT_ZERO: readonly number[] = [0];
const AT_PLUS_MINUS_ONE: readonly number[] = [-1, 1];
/** The t with F(t) = y for a monotone F with inverse `inverse` on (lo, hi), ends excluded unless closed. */
const within = (inverse: (y: number) => number, lo = -Infinity, hi = Infinity) => (y: number) =>
  y >= lo && y <= hi ? [inverse(y)] : NONE;

function entry(spec: Spec): ElementaryFunction {
  const display = spec.display ?? spec.name;
  const text = spec.text ?? fnText(display);
  const latexOperator = spec.latexOperator;
  const latex = spec.latex ?? opLatex(latexOperator ?? `\\operatorname{${display}}`);
  return {
    name: spec.name,
    spellings: [spec.name.toLowerCase(), ...(spec.also ?? []), ...(spec.lettered ?? [])],
    lettered: spec.lettered ?? [],
    arity: spec.arity ?? 1,
    evaluate: spec.evaluate,
    evaluateDecimal: spec.decimal ?? ((x) => decimalNaN(x)),
    decimalWork: spec.decimal === undefined ? Infinity : spec.decimalWork ?? (spec.family === 'inverse-trig' ? SLOW : 1),
    evaluateWide: spec.wide,
    twinGap: spec.twinGap,
    twin: spec.twin,
    complement: spec.complement,
    derivative: spec.derivative,
    text,
    latex,
    latexOperator: latexOperator ?? (spec.latex ? undefined : `\\operatorname{${display}}`),
    inverse: spec.inverse,
    rootIndex: spec.rootIndex,
    describe: spec.describe ?? text(spec.arity === 2 ? ['u', 'b'] : ['u']),
    breakpoints: spec.breakpoints ?? (() => NONE),
    preimage: spec.preimage,
    mistakes: (args) => [
      ...(spec.family ? [{ code: 'trig_sign_error', variant: 'a', derivative: neg(spec.derivative(args)) } as const] : []),
      ...(spec.reciprocalOf ? [{ code: 'inverse_trig_as_reciprocal', variant: 'a', derivative: reciprocalDerivative(spec.reciprocalOf, t(args)) } as const] : []),
      ...(spec.wrong?.(args) ?? []),
    ],
    exactZero: spec.exactZero ?? false,
    appliedLetter: spec.appliedLetter,
    activation: spec.activation ?? false,
  };
}

/** d/dt 1/G(t) = -G'(t)/G(t)^2: what sin^-1 u is differentiated as when read as 1/sin u. */
function reciprocalDerivative(name: string, argument: Expr): Expr {
  const g = functionNamed(name);
  if (!g) throw new TypeError(`no elementary function ${name}`);
  return div(neg(g.derivative([argument])), square(call(name, argument)));
}

/** A log_b taken for ln: 1/t (a), or ln(b)/t with the base's logarithm on the wrong side (b). */
const baseIgnored = (base: (args: readonly Expr[]) => Expr) => (a: readonly Expr[]): readonly WrongDerivative[] => [
  { code: 'log_base_ignored', variant: 'a', derivative: div(one(), t(a)) },
  { code: 'log_base_ignored', variant: 'b', derivative: div(call('log', base(a)), t(a)) },
];

const ENTRIES: ElementaryFunction[] = [
  // Trigonometric
  entry({ name: 'sin', also: ['sen'], family: 'trig', evaluate: Math.sin, decimal: trigonometric((x) => x.sin()), derivative: (a) => call('cos', t(a)), latexOperator: '\\sin', inverse: 'asin' }),
  entry({ name: 'cos', family: 'trig', evaluate: Math.cos, decimal: trigonometric((x) => x.cos()), derivative: (a) => neg(call('sin', t(a))), latexOperator: '\\cos', inverse: 'acos' }),
  entry({
    name: 'tan', also: ['tg'], family: 'trig', evaluate: Math.tan, decimal: trigonometric((x) => x.tan()), derivative: (a) => square(call('sec', t(a))), latexOperator: '\\tan', inverse: 'atan',
    wrong: (a) => [
      { code: 'trig_table_error', variant: 'a', derivative: call('sec', t(a)) }, // the square dropped
      { code: 'trig_table_error', variant: 'd', derivative: mul(call('sec', t(a)), call('tan', t(a))) }, // sec's entry
    ],
  }),
  entry({
    name: 'sec', family: 'trig', evaluate: (x) => 1 / Math.cos(x), decimal: trigonometric((x) => inv(x.cos())), derivative: (a) => mul(call('sec', t(a)), call('tan', t(a))), latexOperator: '\\sec', inverse: 'asec',
    wrong: (a) => [{ code: 'trig_table_error', variant: 'c', derivative: square(call('sec', t(a))) }], // tan's entry
  }),
  entry({ name: 'csc', also: ['cosec'], family: 'trig', evaluate: (x) => 1 / Math.sin(x), decimal: trigonometric((x) => inv(x.sin())), derivative: (a) => neg(mul(call('csc', t(a)), call('cot', t(a)))), latexOperator: '\\csc', inverse: 'acsc' }),
  entry({
    name: 'cot', also: ['ctg', 'cotan', 'cotg'], family: 'trig', evaluate: (x) => 1 / Math.tan(x), decimal: trigonometric((x) => inv(x.tan())), derivative: (a) => neg(square(call('csc', t(a)))), latexOperator: '\\cot', inverse: 'acot',
    wrong: (a) => [{ code: 'trig_table_error', variant: 'b', derivative: neg(call('csc', t(a))) }], // the square dropped
  }),
  // Inverse trigonometric
  entry({ name: 'asin', also: ['arcsin', 'arcsen'], display: 'arcsin', family: 'inverse-trig', reciprocalOf: 'sin', evaluate: Math.asin, decimal: (x) => x.asin(), derivative: (a) => overSqrt(one(), sub(one(), square(t(a)))), latexOperator: '\\arcsin',
    breakpoints: () => AT_PLUS_MINUS_ONE, preimage: within(Math.sin, -Math.PI / 2, Math.PI / 2) }),
  entry({ name: 'acos', also: ['arccos'], display: 'arccos', family: 'inverse-trig', reciprocalOf: 'cos', evaluate: Math.acos, decimal: (x) => x.acos(), derivative: (a) => overSqrt(neg(one()), sub(one(), square(t(a)))), latexOperator: '\\arccos',
    breakpoints: () => AT_PLUS_MINUS_ONE, preimage: within(Math.cos, 0, Math.PI) }),
  entry({ name: 'atan', also: ['arctan', 'arctg'], display: 'arctan', family: 'inverse-trig', reciprocalOf: 'tan', evaluate: Math.atan, decimal: (x) => x.atan(), derivative: (a) => div(one(), add(one(), square(t(a)))), latexOperator: '\\arctan',
    preimage: (y) => (Math.abs(y) < Math.PI / 2 ? [Math.tan(y)] : NONE) }),
  entry({ name: 'acot', also: ['arccot', 'arcctg', 'arccotg'], display: 'arccot', family: 'inverse-trig', reciprocalOf: 'cot', evaluate: (x) => Math.atan(1 / x), decimal: (x) => inv(x).atan(), derivative: (a) => div(neg(one()), add(one(), square(t(a)))), latexOperator: '\\operatorname{arccot}', breakpoints: () => AT_ZERO }),
  entry({
    name: 'asec', also: ['arcsec'], display: 'arcsec', family: 'inverse-trig', reciprocalOf: 'sec', evaluate: (x) => Math.acos(1 / x), decimal: (x) => inv(x).acos(),
    derivative: (a) => div(one(), mul(call('abs', t(a)), call('sqrt', sub(square(t(a)), one())))),
    latexOperator: '\\operatorname{arcsec}',
    breakpoints: () => AT_PLUS_MINUS_ONE,
  }),
  entry({
    name: 'acsc', also: ['arccsc', 'arccosec'], display: 'arccsc', family: 'inverse-trig', reciprocalOf: 'csc', evaluate: (x) => Math.asin(1 / x), decimal: (x) => inv(x).asin(),
    derivative: (a) => div(neg(one()), mul(call('abs', t(a)), call('sqrt', sub(square(t(a)), one())))),
    latexOperator: '\\operatorname{arccsc}',
    breakpoints: () => AT_PLUS_MINUS_ONE,
  }),
  // Hyperbolic
  entry({ name: 'sinh', also: ['senh'], lettered: ['sh'], evaluate: Math.sinh, twinGap: hyperbolicTwinGap, twin: 'cosh', decimal: decimalSinh, wide: (u) => W.hyperbolicBeyond(u, true, false), derivative: (a) => call('cosh', t(a)), latexOperator: '\\sinh', inverse: 'asinh', preimage: (y) => [Math.asinh(y)] }),
  entry({ name: 'cosh', lettered: ['ch'], evaluate: Math.cosh, twinGap: hyperbolicTwinGap, twin: 'sinh', decimal: decimalCosh, wide: (u) => W.hyperbolicBeyond(u, false, false), derivative: (a) => call('sinh', t(a)), latexOperator: '\\cosh', inverse: 'acosh',
    preimage: (y) => (y > 1 ? [-Math.acosh(y), Math.acosh(y)] : y === 1 ? AT_ZERO : NONE) }),
  entry({ name: 'tanh', lettered: ['th', 'tgh'], activation: true, evaluate: Math.tanh, twinGap: hyperbolicTwinGap, twin: 'coth', decimal: decimalTanh, wide: W.hyperbolicRatioBeyond, derivative: (a) => square(call('sech', t(a))), latexOperator: '\\tanh', inverse: 'atanh',
    preimage: (y) => (Math.abs(y) < 1 ? [Math.atanh(y)] : NONE) }),
  entry({ name: 'coth', lettered: ['cth', 'ctgh', 'cotgh'], evaluate: (x) => 1 / Math.tanh(x), twinGap: hyperbolicTwinGap, twin: 'tanh', decimal: (x) => inv(decimalTanh(x)), wide: W.hyperbolicRatioBeyond, derivative: (a) => neg(square(call('csch', t(a)))), latexOperator: '\\coth', inverse: 'acoth', breakpoints: () => AT_ZERO }),
  entry({ name: 'sech', lettered: ['sch'], evaluate: (x) => (Math.abs(x) < FAR_TAIL ? 1 / Math.cosh(x) : 2 * Math.exp(-Math.abs(x))), twinGap: hyperbolicTwinGap, twin: 'csch', decimal: (x) => inv(decimalCosh(x)), wide: (u) => W.hyperbolicBeyond(u, false, true), derivative: (a) => neg(mul(call('sech', t(a)), call('tanh', t(a)))), inverse: 'asech' }),
  entry({ name: 'csch', also: ['cosech'], evaluate: (x) => (Math.abs(x) < FAR_TAIL ? 1 / Math.sinh(x) : Math.sign(x) * 2 * Math.exp(-Math.abs(x))), twinGap: hyperbolicTwinGap, twin: 'sech', decimal: (x) => inv(decimalSinh(x)), wide: (u) => W.hyperbolicBeyond(u, true, true), derivative: (a) => neg(mul(call('csch', t(a)), call('coth', t(a)))), inverse: 'acsch', breakpoints: () => AT_ZERO }),
  entry({ name: 'asinh', also: ['arsinh', 'arcsinh'], lettered: ['arsh', 'argsh', 'arcsh'], display: 'arsinh', evaluate: Math.asinh, decimalWork: SLOW, decimal: (x) => x.asinh(), derivative: (a) => overSqrt(one(), add(square(t(a)), one())), preimage: (y) => [Math.sinh(y)] }),
  entry({ name: 'acosh', also: ['arcosh', 'arccosh'], lettered: ['arch', 'argch', 'arcch'], display: 'arcosh', evaluate: Math.acosh, decimalWork: SLOW, decimal: (x) => x.acosh(), derivative: (a) => overSqrt(one(), sub(square(t(a)), one())),
    breakpoints: () => [1], preimage: within(Math.cosh, 0) }),
  entry({ name: 'atanh', also: ['artanh', 'arctanh'], lettered: ['arth', 'argth'], display: 'artanh', evaluate: Math.atanh, decimalWork: SLOW, decimal: (x) => x.atanh(), derivative: (a) => div(one(), sub(one(), square(t(a)))),
    breakpoints: () => AT_PLUS_MINUS_ONE, preimage: (y) => [Math.tanh(y)] }),
  // arcth is arcoth as Russian textbooks write it (ar + cth), not arc + th: artanh is arth there.
  entry({ name: 'acoth', also: ['arcoth', 'arccoth'], lettered: ['arcth', 'argcth', 'arccth'], display: 'arcoth', evaluate: (x) => Math.atanh(1 / x), decimalWork: SLOW, decimal: (x) => inv(x).atanh(), derivative: (a) => div(one(), sub(one(), square(t(a)))),
    breakpoints: () => AT_PLUS_MINUS_ONE }),
  entry({
    name: 'asech', also: ['arsech', 'arcsech'], display: 'arsech', evaluate: (x) => Math.acosh(1 / x), decimalWork: SLOW, decimal: (x) => inv(x).acosh(),
    derivative: (a) => div(neg(one()), mul(t(a), call('sqrt', sub(one(), square(t(a)))))),
    breakpoints: () => [0, 1],
  }),
  entry({
    name: 'acsch', also: ['arcsch', 'arccsch'], display: 'arcsch', evaluate: (x) => Math.asinh(1 / x), decimalWork: SLOW, decimal: (x) => inv(x).asinh(),
    derivative: (a) => div(neg(one()), mul(call('abs', t(a)), call('sqrt', add(one(), square(t(a)))))),
    breakpoints: () => AT_ZERO,
  }),
  // Exponential and logarithms
  entry({
    name: 'exp', evaluate: Math.exp, decimal: decimalExp, wide: (u) => W.exponential(u, 1, 0), derivative: (a) => call('exp', t(a)),
    latex: (args) => `e^{${args[0]}}`, describe: 'e^u',
    // exp(t) is e^t: the power rule taken for the exponential's, t·e^(t-1).
    wrong: (a) => [{ code: 'power_rule_on_exponential', variant: 'a', derivative: mul(t(a), call('exp', sub(t(a), one()))) }],
    preimage: within(Math.log, 0),
  }),
  entry({
    name: 'log', also: ['ln'], display: 'ln', evaluate: Math.log, decimalWork: SLOW, decimal: (x) => x.ln(), wide: (u) => W.logarithm(u), derivative: (a) => div(one(), t(a)),
    latexOperator: '\\ln', inverse: 'exp',
    wrong: (a) => [{ code: 'log_as_reciprocal_log', variant: 'a', derivative: div(one(), call('log', t(a))) }],
    breakpoints: () => AT_ZERO, preimage: (y) => [Math.exp(y)],
  }),
  entry({
    name: 'log', also: [], arity: 2, evaluate: (x, b = Number.NaN) => Math.log(x) / Math.log(b), decimalWork: SLOW,
    decimal: (x, b) => (b ? x.ln().div(b.ln()) : x.ln().div(Number.NaN)), wide: (u, b = Number.NaN) => W.logarithmBase(u, b),
    derivative: (a) => div(one(), mul(t(a), call('log', p(a)))),
    text: (args) => `log(${args[0]}, ${args[1]})`,
    latex: (args) => `\\log_{${args[1]}}\\left(${args[0]}\\right)`,
    describe: 'log_b(u)',
    wrong: baseIgnored(p),
    breakpoints: () => AT_ZERO, preimage: (y, b = Number.NaN) => [b ** y],
  }),
  entry({
    name: 'log10', evaluate: Math.log10, decimalWork: SLOW, decimal: (x) => x.log(10), wide: (u) => W.logarithmBase(u, 10), derivative: (a) => div(one(), mul(t(a), call('log', num(10)))),
    latex: (args) => `\\log_{10}\\left(${args[0]}\\right)`,
    wrong: baseIgnored(() => num(10)),
    breakpoints: () => AT_ZERO, preimage: (y) => [10 ** y],
  }),
  entry({
    name: 'log2', evaluate: Math.log2, decimalWork: SLOW, decimal: (x) => x.log(2), wide: (u) => W.logarithmBase(u, 2), derivative: (a) => div(one(), mul(t(a), call('log', num(2)))),
    latex: (args) => `\\log_{2}\\left(${args[0]}\\right)`,
    wrong: baseIgnored(() => two()),
    breakpoints: () => AT_ZERO, preimage: (y) => [2 ** y],
  }),
  // Roots and absolute value
  entry({
    name: 'sqrt', evaluate: Math.sqrt, decimalWork: QUICK, decimal: (x) => x.sqrt(), wide: (u) => W.power(u, 0.5, HALF, 0), derivative: (a) => div(one(), mul(two(), call('sqrt', t(a)))),
    latex: (args) => `\\sqrt{${args[0]}}`, rootIndex: () => two(),
    breakpoints: () => AT_ZERO, preimage: within((y) => y * y, 0),
  }),
  entry({
    name: 'cbrt', evaluate: Math.cbrt, decimal: (x) => x.cbrt(), wide: (u) => W.power(u, 1 / 3, THIRD, 0.5 * Number.EPSILON / 3), derivative: (a) => div(one(), mul(num(3), square(call('cbrt', t(a))))),
    latex: (args) => `\\sqrt[3]{${args[0]}}`, rootIndex: () => num(3),
    breakpoints: () => AT_ZERO, preimage: (y) => [y * y * y],
  }),
  entry({
    name: 'nthRoot', also: ['root', 'nthroot'], arity: 2, evaluate: (x, n = Number.NaN) => realNthRoot(x, n), decimalWork: 2,
    decimal: (x, n) => (n ? decimalRoot(x, n) : x.div(Number.NaN)), wide: (u, n = Number.NaN) => W.root(u, n),
    derivative: (a) => div(one(), mul(p(a), pow(call('nthRoot', t(a), p(a)), sub(p(a), one())))),
    latex: (args) => `\\sqrt[${args[1]}]{${args[0]}}`, rootIndex: p,
    describe: 'nthRoot(u, n)',
    breakpoints: () => AT_ZERO,
    // t^(1/n) = y: t = y^n, real for odd n whatever the sign of y, for even n only when y >= 0.
    preimage: (y, n = Number.NaN) => (Number.isInteger(n) && (n % 2 !== 0 || y >= 0) ? [y ** n] : NONE),
  }),
  entry({
    // d/dx sign(u) is 0 wherever it is defined (u ≠ 0): students meet it as the derivative of |x|.
    name: 'sign', also: ['sgn'], evaluate: Math.sign, decimalWork: QUICK, decimal: (x) => x.isNaN() ? x : x.isZero() ? x.abs() : x.div(x.abs()), wide: W.signum, derivative: () => num(0),
    latex: (args) => `\\operatorname{sgn}\\left(${args[0]}\\right)`,
    breakpoints: () => AT_ZERO,
  }),
  entry({
    name: 'abs', evaluate: Math.abs, decimalWork: QUICK, decimal: (x) => x.abs(), wide: W.abs, derivative: (a) => div(t(a), call('abs', t(a))),
    latex: (args) => `\\left|${args[0]}\\right|`, describe: '|u|',
    breakpoints: () => AT_ZERO, preimage: (y) => (y > 0 ? [-y, y] : y === 0 ? AT_ZERO : NONE),
  }),
  // Neural networks' activations (and erf, for GELU). Each is evaluated stably for large |t|, since
  // z = w·x + b reaches thousands at the sampler's far points.
  entry({
    name: 'sigmoid', also: ['logistic', 'expit'], appliedLetter: 'sigma', activation: true, evaluate: sigmoid, decimal: decimalSigmoid, wide: W.sigmoidBeyond,
    // σ' = σ(1 - σ).
    derivative: (a) => mul(call('sigmoid', t(a)), sub(one(), call('sigmoid', t(a)))),
    complement: (t) => call('sigmoid', neg(t)),
    latexOperator: '\\sigma',
    preimage: (y) => (y > 0 && y < 1 ? [Math.log(y) - Math.log1p(-y)] : NONE),
  }),
  entry({
    name: 'softplus', activation: true, evaluate: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))), decimalWork: SLOW, decimal: decimalSoftplus, wide: W.softplusBeyond,
    derivative: (a) => call('sigmoid', t(a)),
    preimage: (y) => (y > 0 ? [y + Math.log(-Math.expm1(-y))] : NONE),
  }),
  entry({
    // max(0, t): not differentiable at 0, so the sampler puts points on both sides of t = 0 (where the
    // argument is w·x + b, at w = -b/x) and never on it; its derivative, the unit step, is undefined there.
    name: 'relu', activation: true, evaluate: (x) => (x > 0 ? x : x <= 0 ? 0 : Number.NaN), decimalWork: QUICK, decimal: decimalRelu, wide: W.reluBeyond,
    derivative: (a) => call('heaviside', t(a)),
    latexOperator: '\\operatorname{ReLU}',
    breakpoints: () => AT_ZERO, exactZero: true,
    // relu(t) = 0 on all of t <= 0: the piece changes at its edge, 0.
    preimage: (y) => (y > 0 ? [y] : y === 0 ? AT_ZERO : NONE),
  }),
  entry({
    // The unit step H(t): 0 for t < 0, 1 for t > 0, undefined at 0 (relu has no derivative there).
    name: 'heaviside', also: ['step'], display: 'step', evaluate: (x) => (x > 0 ? 1 : x < 0 ? 0 : Number.NaN), decimalWork: QUICK, decimal: decimalStep, wide: W.stepBeyond, derivative: () => num(0),
    breakpoints: () => AT_ZERO, exactZero: true,
  }),
  entry({
    // leaky_relu(t, a) = t for t > 0, a·t for t <= 0: the slope a is a constant parameter, like log's base.
    name: 'leaky_relu', also: ['leakyrelu', 'lrelu'], arity: 2, activation: true, evaluate: (x, slope = Number.NaN) => (x > 0 ? x : x <= 0 ? slope * x : Number.NaN),
    decimalWork: QUICK, decimal: (x, slope) => (slope ? decimalLeakyRelu(x, slope) : decimalNaN(x)), wide: (u, slope = Number.NaN) => W.leakyReluBeyond(u, slope),
    derivative: (a) => add(call('heaviside', t(a)), mul(p(a), call('heaviside', neg(t(a))))),
    text: (args) => `leaky_relu(${args[0]}, ${args[1]})`,
    latex: (args) => `\\operatorname{LeakyReLU}\\left(${args[0]}, ${args[1]}\\right)`,
    describe: 'leaky_relu(u, a)',
    breakpoints: () => AT_ZERO,
    preimage: (y, slope = Number.NaN) => [...(y >= 0 ? [y] : NONE), ...(slope !== 0 && y / slope < 0 ? [y / slope] : NONE)],
  }),
  entry({
    name: 'swish', also: ['silu'], activation: true, evaluate: (x) => x * sigmoid(x), decimal: (x) => x.times(decimalSigmoid(x)), wide: W.swishBeyond,
    // (t·σ(t))' = σ(t) + t·σ(t)·(1 - σ(t)).
    derivative: (a) => add(call('sigmoid', t(a)), mul(mul(t(a), call('sigmoid', t(a))), sub(one(), call('sigmoid', t(a))))),
  }),
  entry({
    // No decimal evaluation (decimal.js has no erf): the extended comparison declines expressions with it.
    name: 'erf', evaluate: erf,
    derivative: (a) => div(mul(two(), pow(sym('e'), neg(square(t(a))))), call('sqrt', sym('pi'))),
  }),
  entry({
    // Φ(t), the standard normal distribution function (1 + erf(t/√2))/2: GELU(t) = t·Φ(t), and its
    // derivative is written Φ(t) + t·φ(t) in every text on it. Φ is the function where it is applied,
    // as σ is (MATLAB's normcdf, TI's normalcdf by name).
    name: 'normcdf', also: ['normalcdf'], appliedLetter: 'Phi', evaluate: normalCdf, wide: W.normalCdfBeyond,
    derivative: (a) => call('normpdf', t(a)),
    // 1 - Φ(t) is Φ(-t): no cancellation to 0 where Φ(t) rounds to 1.
    complement: (t) => call('normcdf', neg(t)),
    latexOperator: '\\Phi',
  }),
  entry({
    // φ(t) = e^(-t²/2)/√(2π), the standard normal density (normpdf, normalpdf): φ' = -t·φ.
    name: 'normpdf', also: ['normalpdf'], appliedLetter: 'phi', evaluate: normalDensity, decimal: decimalNormalDensity, wide: W.normalDensityBeyond,
    derivative: (a) => neg(mul(t(a), call('normpdf', t(a)))),
    latexOperator: '\\varphi',
  }),
  entry({
    // t·Φ(t), Φ the standard normal distribution function (1 + erf(t/√2))/2.
    name: 'gelu', activation: true, evaluate: (x) => x * normalCdf(x),
    // Φ(t) + t·φ(t), as texts on GELU write it.
    derivative: (a) => add(call('normcdf', t(a)), mul(t(a), call('normpdf', t(a)))),
    latexOperator: '\\operatorname{GELU}',
  }),
];

/** The logistic function 1/(1 + e^(-t)), without overflow of e^(-t) for t far below 0. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

// `log` is both the natural logarithm (one argument) and the base-b one (two): entries are keyed by
// name and argument count, and a spelling resolves to a name whose arity the reader then checks.
const BY_NAME = new Map<string, ElementaryFunction>();
const BY_SPELLING = new Map<string, string>();
for (const fn of ENTRIES) {
  BY_NAME.set(`${fn.name}/${fn.arity}`, fn);
  for (const spelling of fn.spellings) BY_SPELLING.set(spelling, fn.name);
}

export const ELEMENTARY_FUNCTIONS: readonly ElementaryFunction[] = ENTRIES;

/** The length of the longest spelling the table accepts (arcsinh…). */
export const LONGEST_SPELLING = Math.max(...[...BY_SPELLING.keys()].map((spelling) => spelling.length));

/** The entry for a canonical tree name applied to `argCount` arguments (`asin`/1, `log`/2…). */
export function functionNamed(name: string, argCount = 1): ElementaryFunction | undefined {
  return BY_NAME.get(`${name}/${argCount}`);
}

/** The argument counts a canonical name accepts (`log` takes 1 or 2). */
export function aritiesOf(name: string): number[] {
  return ENTRIES.filter((fn) => fn.name === name).map((fn) => fn.arity);
}

/** The canonical name a reader should use for a spelling (`arcsin`, `ln`, `Sin`…), or undefined. */
export function functionSpelled(spelling: string): string | undefined {
  return BY_SPELLING.get(spelling.toLowerCase());
}

/** The function a Greek letter names when applied (σ → sigmoid), or undefined. */
export function functionOfAppliedLetter(letter: string): string | undefined {
  return ENTRIES.find((fn) => fn.appliedLetter === letter)?.name;
}

/** Every accepted spelling, for the readers' word segmentation and "did you mean" hints. */
export function allSpellings(): string[] {
  return [...BY_SPELLING.keys()];
}

const LETTERED = new Set(ENTRIES.flatMap((fn) => fn.lettered));

/** Whether a spelling is also letters written together (`ch`, `th`): see ElementaryFunction.lettered. */
export function isLetteredSpelling(spelling: string): boolean {
  return LETTERED.has(spelling.toLowerCase());
}
