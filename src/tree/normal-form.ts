/**
 * The simplifier's working algebra: an expression as a sum of terms, a term as an exact coefficient
 * times factors, a factor as base^exponent. Every constructor here returns a normalised value (like
 * terms merged, like factors merged, numbers folded), so simplification is just reading a tree
 * bottom-up through these constructors, and products of sums are never expanded because a sum inside
 * a product is only ever a factor.
 *
 * Keys (strings) identify structurally equal parts; a term's key ignores factor order, so x*cos(x)
 * and cos(x)*x are like terms. Rules that could change a value on the input's domain are not here:
 * in particular (b^m)^r only becomes b^(m*r) where that is an identity for real b (see
 * `exponentsMultiply`), never (x^2)^(1/2) → x.
 */
import * as R from '../numbers/rational.js';
import type { Numeric } from '../numbers/rational.js';
import { checkpoint } from '../deadline.js';

export interface Sum {
  readonly terms: readonly Term[];
  /** Equal for equal sums, whatever the order of the terms. */
  readonly key: string;
}

export interface Term {
  readonly coef: Numeric;
  /** In order of first appearance, which the display keeps within its groups. */
  readonly factors: readonly Factor[];
  /** Terms with the same likeKey differ only in their coefficient. */
  readonly likeKey: string;
}

export interface Factor {
  readonly base: Base;
  readonly exp: Sum;
  /** Factors with the same mergeKey multiply by adding exponents. */
  readonly mergeKey: string;
  readonly key: string;
}

export type Base =
  | { readonly kind: 'symbol'; readonly name: string; readonly key: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Sum[]; readonly key: string }
  /** A number whose power did not fold: 2 in 2^x, sqrt(2), 9^99. */
  | { readonly kind: 'number'; readonly value: Numeric; readonly key: string }
  /** A sum (or a product a power could not be distributed over) raised as a whole: (x + 1)^3. */
  | { readonly kind: 'group'; readonly sum: Sum; readonly key: string };

// ---- construction and keys ----

function makeSum(terms: readonly Term[]): Sum {
  checkpoint();
  const keys = terms.map((t) => `${R.numericKey(t.coef)}:${t.likeKey}`).sort();
  return { terms, key: keys.join('+') };
}

function makeTerm(coef: Numeric, factors: readonly Factor[]): Term {
  checkpoint();
  return { coef, factors, likeKey: factors.map((f) => f.key).sort().join('*') };
}

function makeFactor(base: Base, exp: Sum): Factor {
  const key = `${base.key}^{${exp.key}}`;
  let mergeKey = key;
  if (numericValue(exp) !== undefined) mergeKey = base.key;
  // e^x and e^(-2*x) merge into e^(-x); e and e^x stay apart (numeric exponents only add to numeric).
  else if (exp.terms.length === 1) mergeKey = `${base.key}^~{${(exp.terms[0] as Term).likeKey}}`;
  return { base, exp, mergeKey, key };
}

export function symbolBase(name: string): Base {
  return { kind: 'symbol', name, key: name };
}
export function callBase(name: string, args: readonly Sum[]): Base {
  return { kind: 'call', name, args, key: `${name}(${args.map((a) => a.key).join(',')})` };
}
function numberBase(value: Numeric): Base {
  return { kind: 'number', value, key: `#${R.numericKey(value)}` };
}
function groupBase(sum: Sum): Base {
  return { kind: 'group', sum, key: `[${sum.key}]` };
}

export const ZERO: Sum = makeSum([]);
export function constant(c: Numeric): Sum {
  return R.isZero(c) ? ZERO : makeSum([makeTerm(c, [])]);
}
export const ONE: Sum = constant(R.ONE);
export const MINUS_ONE: Sum = constant(R.MINUS_ONE);
export const HALF: Sum = constant(R.HALF);

/** The number a sum stands for, when it is a bare number (0 for the empty sum). */
export function numericValue(s: Sum): Numeric | undefined {
  if (s.terms.length === 0) return R.ZERO;
  const only = s.terms[0] as Term;
  return s.terms.length === 1 && only.factors.length === 0 ? only.coef : undefined;
}

function isOne(s: Sum): boolean {
  const n = numericValue(s);
  return n !== undefined && R.isOne(n);
}

/** The lone factor of a sum that is exactly one factor with coefficient 1 (x, sin(x), (x + 1)^2). */
export function loneFactor(s: Sum): Factor | undefined {
  const only = s.terms[0];
  if (s.terms.length !== 1 || only === undefined || !R.isOne(only.coef) || only.factors.length !== 1) return undefined;
  return only.factors[0];
}

export function atom(base: Base): Sum {
  return termToSum(makeTerm(R.ONE, [makeFactor(base, ONE)]));
}

/** A one-term sum, except that 1*(a + b) is the sum a + b itself. */
function termToSum(t: Term): Sum {
  if (R.isZero(t.coef)) return ZERO;
  const inner = R.isOne(t.coef) ? wrappedSum(t) : undefined;
  return inner ?? makeSum([t]);
}

/** The sum S when the term is c*(S)^1 with S a sum of several terms. */
function wrappedSum(t: Term): Sum | undefined {
  const only = t.factors[0];
  if (t.factors.length !== 1 || only === undefined || only.base.kind !== 'group') return undefined;
  return isOne(only.exp) && only.base.sum.terms.length > 1 ? only.base.sum : undefined;
}

/** A sum seen as one term: a sum of several terms becomes the single factor (S)^1. */
function asTerm(s: Sum): Term {
  if (s.terms.length === 1) return s.terms[0] as Term;
  if (s.terms.length === 0) return makeTerm(R.ZERO, []);
  return makeTerm(R.ONE, [makeFactor(groupBase(s), ONE)]);
}

// ---- sums ----

/** Collects terms, merging each into the first like term already present. */
class TermCollector {
  private readonly terms: (Term | undefined)[] = [];
  private readonly index = new Map<string, number>();

  insert(t: Term): void {
    if (R.isZero(t.coef)) return;
    // a - (b - c) reads as a - b + c: a sum under a sign is flattened into the enclosing sum. Other
    // coefficients stay as a factor (2*(x + 1) + 3 is not multiplied out).
    const inner = wrappedSum(t);
    if (inner !== undefined && (R.isOne(t.coef) || R.equals(t.coef, R.MINUS_ONE))) {
      for (const u of inner.terms) this.insert(R.isOne(t.coef) ? u : makeTerm(R.negate(u.coef), u.factors));
      return;
    }
    const at = this.index.get(t.likeKey);
    const previous = at === undefined ? undefined : this.terms[at];
    if (at !== undefined && previous !== undefined) {
      const coef = R.add(previous.coef, t.coef);
      if (coef !== undefined) {
        const merged = makeTerm(coef, previous.factors);
        // ½(x + ½) + ½(x + ½) is 1·(x + ½): a sum under a sign again, flattened like one inserted so
        // (otherwise simplifying twice would give more than simplifying once).
        const flatten = wrappedSum(merged) !== undefined && (R.isOne(coef) || R.equals(coef, R.MINUS_ONE));
        if (R.isZero(coef) || flatten) {
          this.terms[at] = undefined;
          this.index.delete(t.likeKey);
          if (flatten) this.insert(merged);
        } else {
          this.terms[at] = merged;
        }
        return;
      }
      // The exact sum of the coefficients does not fit: keep the term apart rather than round.
      this.terms.push(t);
      return;
    }
    this.index.set(t.likeKey, this.terms.length);
    this.terms.push(t);
  }

  result(): Sum {
    const terms = this.terms.filter((t): t is Term => t !== undefined);
    if (terms.length === 1) return termToSum(terms[0] as Term);
    return makeSum(terms);
  }
}

/** Sum of all the parts, like terms merged into their first occurrence. */
export function addAll(parts: readonly Sum[]): Sum {
  const collector = new TermCollector();
  for (const part of parts) for (const t of part.terms) collector.insert(t);
  return collector.result();
}

function add(a: Sum, b: Sum): Sum {
  return addAll([a, b]);
}

// ---- products ----

/** Accumulates a product, merging each factor into the first factor with the same base. */
class ProductBuilder {
  private coef: Numeric = R.ONE;
  private readonly factors: Factor[] = [];

  multiplyNumber(c: Numeric): void {
    const product = R.multiply(this.coef, c);
    if (product !== undefined) {
      this.coef = product;
      return;
    }
    // Too large to fold exactly: the magnitude stays a factor of its own (shown as a power if it meets
    // itself again), the sign still goes to the coefficient.
    if (R.isNegative(c)) this.coef = R.negate(this.coef);
    this.multiplyFactor(makeFactor(numberBase(R.abs(c)), ONE));
  }

  multiplyFactor(first: Factor): void {
    const pending = [first];
    for (let f = pending.shift(); f !== undefined; f = pending.shift()) {
      const mergeKey = f.mergeKey;
      const at = this.factors.findIndex((g) => g.mergeKey === mergeKey);
      const existing = this.factors[at];
      if (existing === undefined) {
        this.factors.push(f);
        continue;
      }
      const merged = factorPower(existing.base, add(existing.exp, f.exp));
      this.factors.splice(at, 1);
      this.multiplyNumber(merged.coef);
      const only = merged.factors[0];
      if (merged.factors.length === 1 && only !== undefined && only.mergeKey === mergeKey) {
        this.factors.splice(at, 0, only); // stays where the base first appeared
      } else {
        pending.push(...merged.factors);
      }
    }
  }

  multiplyTerm(t: Term): void {
    this.multiplyNumber(t.coef);
    for (const f of t.factors) {
      if (R.isZero(this.coef)) return;
      this.multiplyFactor(f);
    }
  }

  result(): Term {
    if (R.isZero(this.coef)) return makeTerm(R.ZERO, []);
    return this.coef.kind === 'rational' && this.factors.some(isLooseNumber)
      ? regroupLooseNumbers(this.coef, this.factors)
      : makeTerm(this.coef, this.factors);
  }
}

/** A number kept as a factor because it did not fold into the coefficient. */
function isLooseNumber(f: Factor): boolean {
  return f.base.kind === 'number' && f.base.value.kind === 'rational' && isOne(f.exp);
}

/**
 * Numbers too large to fold into the coefficient stay factors in the order they came, so the same
 * numbers read in another order split another way (1/262144 · 1/68719476736 against the reverse) and
 * simplify was not idempotent. Here the split depends on the numbers only: their numerators and
 * denominators, cancelled against each other, sorted, and packed smallest first into groups each as
 * large as a safe integer allows. No two groups fit into one, so reading the result back packs it
 * the same way. The smallest groups make the coefficient; the sign stays on it.
 */
function regroupLooseNumbers(coef: R.Rational, factors: readonly Factor[]): Term {
  const tops = [Math.abs(coef.n)];
  const bottoms = [coef.d];
  for (const f of factors) {
    if (!isLooseNumber(f) || f.base.kind !== 'number' || f.base.value.kind !== 'rational') continue;
    tops.push(f.base.value.n);
    bottoms.push(f.base.value.d);
  }
  cancelAcross(tops, bottoms);
  const up = packed(tops);
  const down = packed(bottoms);
  const sign = R.isNegative(coef) ? -1 : 1;
  const folded = R.rational(sign * (up.shift() ?? 1), down.shift() ?? 1) ?? coef;
  return makeTerm(folded, [...groupPowers(up, ONE), ...groupPowers(down, MINUS_ONE), ...factors.filter((f) => !isLooseNumber(f))]);
}

function cancelAcross(tops: number[], bottoms: number[]): void {
  for (let i = 0; i < tops.length; i++) {
    for (let j = 0; j < bottoms.length; j++) {
      const g = R.gcd(tops[i] as number, bottoms[j] as number);
      if (g > 1) {
        tops[i] = (tops[i] as number) / g;
        bottoms[j] = (bottoms[j] as number) / g;
      }
    }
  }
}

function packed(values: number[]): number[] {
  const groups: number[] = [];
  let group = 1;
  for (const v of values.filter((v) => v !== 1).sort((a, b) => a - b)) {
    if (Number.isSafeInteger(group * v)) {
      group *= v;
    } else {
      groups.push(group);
      group = v;
    }
  }
  if (group !== 1) groups.push(group);
  return groups;
}

/** Equal groups as one power, as multiplying them again would merge them. */
function groupPowers(groups: readonly number[], sign: Sum): Factor[] {
  const counts = new Map<number, number>();
  for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts].map(([g, count]) => makeFactor(numberBase(R.rational(g) as R.Rational), multiply(sign, constant(R.rational(count) as R.Rational))));
}

export function multiplyAll(parts: readonly Sum[]): Sum {
  const product = new ProductBuilder();
  for (const part of parts) {
    if (part.terms.length === 0) return ZERO;
    product.multiplyTerm(asTerm(part));
  }
  return termToSum(product.result());
}

function multiply(a: Sum, b: Sum): Sum {
  return multiplyAll([a, b]);
}

export function negate(a: Sum): Sum {
  return multiply(MINUS_ONE, a);
}

// ---- powers ----

/** True when (b^m)^r = b^(m*r) for every real b where the left side is real. */
function exponentsMultiply(f: Factor, r: Numeric | undefined): boolean {
  if (f.base.kind === 'symbol' && f.base.name === 'e') return true;
  if (f.base.kind === 'number' && !R.isNegative(f.base.value)) return true;
  // With an odd numerator, b^m keeps the sign of b (or is not real), so a real root of it is the
  // same root of b: (x^3)^(1/3) = x, (x^(1/3))^(1/2) = x^(1/6). An even numerator loses the sign:
  // (x^2)^(1/2) is |x|, not x.
  const m = numericValue(f.exp);
  return m?.kind === 'rational' && r?.kind === 'rational' && Math.abs(m.n) % 2 === 1;
}

/** The single power base^exp, normalised: folded numbers, x^0 = 1, integer powers of products spread. */
function factorPower(base: Base, exp: Sum): Term {
  const n = numericValue(exp);
  if (n !== undefined && R.isZero(n)) return makeTerm(R.ONE, []);
  if (base.kind === 'number') {
    const folded = n === undefined ? undefined : R.power(base.value, n);
    if (folded !== undefined) return makeTerm(folded, []);
    if (R.isOne(base.value)) return makeTerm(R.ONE, []);
    // Every negative power of 0 is the same division by zero: one form, 1/0, so that it reads back
    // as itself (0^(-1/2) would print as 1/sqrt(0), which reads back as 1/0).
    if (R.isZero(base.value) && n !== undefined && R.isNegative(n)) return makeTerm(R.ONE, [makeFactor(base, MINUS_ONE)]);
  }
  if (base.kind === 'group' && n !== undefined && R.isInteger(n) && base.sum.terms.length === 1) {
    return powerOfTerm(base.sum.terms[0] as Term, n);
  }
  if (base.kind === 'symbol' && base.name === 'e') {
    // e^(ln(u)) = u wherever the left side is defined (u > 0).
    const inner = loneFactor(exp);
    if (inner?.base.kind === 'call' && inner.base.name === 'log' && inner.base.args.length === 1 && isOne(inner.exp)) {
      return asTerm(inner.base.args[0] as Sum);
    }
  }
  return makeTerm(R.ONE, [makeFactor(base, exp)]);
}

/** (c * f1 * f2 …)^n for an integer n: c^n * f1^n * f2^n …, each power normalised. */
function powerOfTerm(t: Term, n: R.Rational): Term {
  const product = new ProductBuilder();
  const exponent = constant(n);
  const coef = R.power(t.coef, n);
  if (coef !== undefined) {
    product.multiplyNumber(coef);
  } else {
    // Too large to fold: the sign's power is ±1, the magnitude's stays a power (2^100).
    if (R.isNegative(t.coef) && n.n % 2 !== 0) product.multiplyNumber(R.MINUS_ONE);
    product.multiplyTerm(factorPower(numberBase(R.abs(t.coef)), exponent));
  }
  for (const f of t.factors) product.multiplyTerm(factorPower(f.base, multiply(f.exp, exponent)));
  return product.result();
}

export function power(base: Sum, exp: Sum): Sum {
  const n = numericValue(exp);
  if (n !== undefined && R.isZero(n)) return ONE;
  if (n !== undefined && R.isOne(n)) return base;
  const b = numericValue(base);
  if (b !== undefined) return termToSum(factorPower(numberBase(b), exp));
  if (base.terms.length === 1) {
    const t = base.terms[0] as Term;
    if (n !== undefined && R.isInteger(n)) return termToSum(powerOfTerm(t, n));
    const f = loneFactor(base);
    if (f !== undefined && exponentsMultiply(f, n)) return termToSum(factorPower(f.base, multiply(f.exp, exp)));
  }
  return termToSum(makeTerm(R.ONE, [makeFactor(groupBase(base), exp)]));
}
