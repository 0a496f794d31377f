/**
 * Functions whose values overflow (or underflow) double precision at every sample point, checked in
 * extended range (issue 10, item 7): right answers correct, wrong ones incorrect with their diagnosis,
 * terms too small to be seen left undetermined, and no perturbation of a right answer accepted.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { AnswerValues } from '../../src/answer-values.js';
import { check, checkAnswer, type CheckResult } from '../../src/check.js';
import { domainAt } from '../../src/compare/domain.js';
import { compareExtended, DecimalBudget, prepareWide } from '../../src/compare/extended-range.js';
import { DecimalEvaluator } from '../../src/compare/evaluate-decimal.js';
import { renderMessage } from '../../src/i18n/render.js';
import { present } from '../../src/present/result.js';
import { Problem } from '../../src/problem.js';
import { add, call, children, div, isCall, isConstant, mul, neg, num, withChildren, type Expr } from '../../src/tree/nodes.js';
import { tree } from '../helpers/mathjs-tree.js';

const F = 'exp(2^cosh(sqrt(x)+4))';
const RIGHT = 'exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * ln(2) * sinh(sqrt(x)+4) / (2 sqrt(x))';
const codes = (r: CheckResult) => r.diagnosis.map((d) => `${d.mistake}/${d.variant}${d.systematic ? '*' : ''}@${d.at?.text ?? '-'}`);

describe('exp(2^cosh(sqrt(x) + 4)): about 10^(7·10^7) at x = 0, beyond doubles everywhere', () => {
  const problem = Problem.read(F);
  const grade = (answer: string, quiet = false) => present(checkAnswer(problem, answer, { quiet }), { quiet });

  test('in doubles it has no sample point at all', () => {
    expect(problem.domain.points).toHaveLength(0);
  });

  test('the derivative as the issue writes it is correct, compared in extended range', () => {
    const r = grade(RIGHT);
    expect(r.verdict).toBe('correct');
    expect(r.evidence.extendedRange).toBe(true);
    expect(r.evidence.points).toBeGreaterThanOrEqual(16);
    expect(r.evidence.compared).toBeGreaterThanOrEqual(8);
  });

  test.each([
    ['sinh as exponentials', 'exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * ln(2) * (e^(sqrt(x)+4) - e^(-sqrt(x)-4))/2 / (2 sqrt(x))'],
    ['2^u as e^(u ln 2), factors reordered', 'ln(2)/2 * sinh(4+sqrt(x)) * e^(cosh(sqrt(x)+4)*ln(2)) * e^(2^cosh(sqrt(x)+4)) * x^(-1/2)'],
    ['one exponential', 'e^(2^cosh(sqrt(x)+4) + cosh(sqrt(x)+4) ln(2)) ln(2) sinh(sqrt(x)+4)/(2 sqrt(x))'],
  ])('%s: correct', (_, answer) => {
    expect(grade(answer).verdict).toBe('correct');
  });

  test('a factor 2: incorrect, a constant factor, with both values written out', () => {
    const r = grade('exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * ln(2) * sinh(sqrt(x)+4) / sqrt(x)');
    expect(r.verdict).toBe('incorrect');
    expect(codes(r)).toEqual(['constant_factor/null@-']);
    expect(r.feedback).toMatch(/^Your answer is 2 times the derivative/);
    const counterexample = r.evidence.counterexample;
    expect(counterexample?.approximately?.answer).toMatch(/^\d\.\d{3}e\+\d{8,}$/);
    expect(counterexample?.approximately?.expected).toMatch(/^\d\.\d{3}e\+\d{8,}$/);
    expect(JSON.parse(JSON.stringify(r)).evidence.counterexample.answer).toBeNull();
  });

  test('0.693 for ln 2: incorrect (a rounded constant), though it is 2·10^-4 off where logarithms in doubles see 10^-4', () => {
    const r = grade('exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * 0.693 * sinh(sqrt(x)+4) / (2 sqrt(x))');
    expect(r.verdict).toBe('incorrect');
    expect(codes(r)).toEqual(['constant_factor/null@-']);
    expect(r.feedback).toMatch(/as if a constant were rounded/);
  });

  test.each([
    ['the inner derivative of cosh left out', 'exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * ln(2) * sinh(sqrt(x)+4)', ['missing_inner_factor/a@cosh(sqrt(x) + 4)']],
    ['the inner derivative of the exponential left out', 'exp(2^cosh(sqrt(x)+4))', ['missing_inner_factor/a@e^(2^(cosh(sqrt(x) + 4)))']],
    ['the inner derivative of 2^u left out', 'exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * ln(2)', ['missing_inner_factor/a@2^(cosh(sqrt(x) + 4))']],
    ['cosh not differentiated', 'exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * ln(2) * cosh(sqrt(x)+4) / (2 sqrt(x))', ['outer_not_differentiated/a@cosh(sqrt(x) + 4)']],
    ['the power rule on 2^u', 'exp(2^cosh(sqrt(x)+4)) * cosh(sqrt(x)+4) * 2^(cosh(sqrt(x)+4)-1) * sinh(sqrt(x)+4) / (2 sqrt(x))', ['power_rule_on_exponential/a@2^(cosh(sqrt(x) + 4))']],
  ])('%s: incorrect, diagnosed', (_, answer, expected) => {
    const r = grade(answer);
    expect(r.verdict).toBe('incorrect');
    expect(codes(r)).toEqual(expected);
    expect(r.evidence.extendedRange).toBe(true);
  });

  test('ln 2 left out: the outer function of 2^u not differentiated, or ln a missing (both fit)', () => {
    const r = grade('exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * sinh(sqrt(x)+4) / (2 sqrt(x))');
    expect(r.verdict).toBe('incorrect');
    expect(r.diagnosis.map((d) => d.mistake)).toEqual(['outer_not_differentiated', 'exponential_missing_ln']);
    expect(r.ambiguous).toBe(true);
  });

  test('the sign flipped: the inner derivative\'s sign, which at every composite turns the whole answer', () => {
    expect(codes(grade(`-${RIGHT}`))).toEqual([
      'inner_derivative_sign_error/a@e^(2^(cosh(sqrt(x) + 4)))',
      'inner_derivative_sign_error/a@2^(cosh(sqrt(x) + 4))',
      'inner_derivative_sign_error/a@cosh(sqrt(x) + 4)',
    ]);
  });

  test('a term far below the rest at every point is not taken as seen: undetermined, never correct', () => {
    const r = grade(`${RIGHT} + x^2`);
    expect(r.verdict).toBe('undetermined');
    expect(r.feedback).toMatch(/a term of the answer is below 10\^-12 of the rest/);
    // and no candidate is matched through such a term either
    const wrong = grade('x^2 + exp(2^cosh(sqrt(x)+4))');
    expect(wrong.verdict).toBe('incorrect');
    expect(wrong.diagnosis).toEqual([]);
    expect(wrong.feedback).toMatch(/For example, at x = [\d.]+ your answer gives about \S+ but the derivative is about \S+\./);
  });

  test('quiet: the expected value is left out, written out or not', () => {
    const r = grade('exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * ln(2) * sinh(sqrt(x)+4) / sqrt(x)', true);
    expect(r.evidence.counterexample?.expected).toBeUndefined();
    expect(r.evidence.counterexample?.approximately).toEqual({ answer: expect.any(String) });
  });

  test('the same answer gets the same result, in a fresh problem too', () => {
    const answer = 'exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * sinh(sqrt(x)+4) / (2 sqrt(x))';
    expect(check(F, answer)).toEqual(check(F, answer));
  });
});

describe('other functions beyond double range', () => {
  test.each([
    ['underflow everywhere: e^(-e^(x^2+7))', 'e^(-e^(x^2+7))', '-2x e^(x^2+7) e^(-e^(x^2+7))', '2x e^(x^2+7) e^(-e^(x^2+7))'],
    ['a sum of terms that overflow: e^(x^2+800) cos(x)', 'e^(x^2+800) cos(x)', '2x e^(x^2+800) cos(x) - e^(x^2+800) sin(x)', '2x e^(x^2+800) cos(x) + e^(x^2+800) sin(x)'],
    ['e^(1000 + sin x)', 'e^(1000+sin(x))', 'cos(x) e^(1000+sin(x))', 'e^(1000+sin(x))'],
    ['a parameter: e^(e^(a x^2 + 7))', 'e^(e^(a x^2+7))', '2 a x e^(a x^2 + 7) e^(e^(a x^2+7))', '2 x e^(a x^2 + 7) e^(e^(a x^2+7))'],
  ])('%s', (_, f, right, wrong) => {
    const correct = check(f, right);
    expect(correct.verdict).toBe('correct');
    expect(correct.evidence.extendedRange).toBe(true);
    expect(check(f, wrong).verdict).toBe('incorrect');
  });

  test('cosh and sinh of 800 and more differ by e^-1600 of their value: neither right nor wrong can be told', () => {
    const right = check('sinh(x^2+800)', '2x cosh(x^2+800)');
    expect(right.verdict).toBe('undetermined');
    expect(right.feedback).toMatch(/rests on cosh and sinh .* of arguments so large that the two differ by less than any precision used here can resolve/);
    expect(check('sinh(x^2+800)', '2x sinh(x^2+800)').verdict).toBe('undetermined');
    // a difference that shows is still one
    expect(check('sinh(x^2+800)', 'x cosh(x^2+800)').verdict).toBe('incorrect');
  });

  test('a term of the derivative that no point can show: a wrong answer without it is not graded correct', () => {
    // f' = 1 + 2x e^(x^2+40): the 1 is 10^-17 of the rest wherever f' is beyond doubles
    expect(check('x + e^(x^2+40)', '2x e^(x^2+40)').verdict).toBe('undetermined');
  });

  test('regression: a function that underflows everywhere, answered 0, is not correct', () => {
    // In doubles e^(-e^(x^2+7)) is 0 at every point with no bound on its error; those points were
    // accepted as sample points, and 0 agreed with 0.
    const r = check('e^(-e^(x^2+7))', '0');
    expect(r.verdict).toBe('incorrect');
    expect(r.evidence.counterexample?.approximately?.expected).toMatch(/^-?\d\.\d{3}e-\d{3,}$/);
  });

  test('a derivative of more than 1,000 nodes written out is not compared there: undetermined, as in doubles', () => {
    const f = 'e^(e^(x^2+7)) sin(x^3+1) cos(x^2+1) ln(x^2+2) atan(x+1) sqrt(x^2+3) (x^2+1)^5 tanh(x^3) cbrt(x^2+7) e^(sin(x)) sin(cos(x)) cos(sin(x^2)) atan(x^2+3) ln(x^4+1) sec(x/7)';
    const r = check(f, '0');
    expect(r.verdict).toBe('undetermined');
    expect(r.feedback).toMatch(/no point found where the reference is real and finite/);
    expect(r.evidence.extendedRange).toBeUndefined();
  });

  test('an ordinary function never goes there', () => {
    const r = check('sin(x^2)', '2x cos(x^2)');
    expect(r.evidence.extendedRange).toBeUndefined();
    expect(check('sin(x^2)', 'cos(x^2)').evidence.extendedRange).toBeUndefined();
  });
});

describe('the decimal budget', () => {
  test('with none left, agreement cannot be vouched for: undetermined, never equivalent', () => {
    const domain = domainAt('x', [], [0.01, 0.02, 0.03, 0.05, 0.07, 0.11, 0.13, 0.17, 0.19, 0.23].map((x) => [x]));
    const answer = prepareWide(tree(RIGHT.replace('ln(2)', 'log(2)').replace('2 sqrt(x)', '2*sqrt(x)')), domain);
    const reference = prepareWide(tree('exp(2^cosh(sqrt(x)+4)) * 2^cosh(sqrt(x)+4) * log(2) * sinh(sqrt(x)+4) / (2*sqrt(x))'), domain);
    const pair = () => ({ answer, reference, decimals: new DecimalEvaluator(['x']) });
    const none = compareExtended([domain], pair, new DecimalBudget(0));
    expect(none.verdict).toBe('undetermined');
    if (none.verdict === 'undetermined') expect(renderMessage(none.reason)).toMatch(/at 10 of them the decimal work a check may do had run out/);
    // enough for a few points only: still never equivalent on fewer than 8
    const budget = new DecimalBudget(30);
    expect(compareExtended([domain], pair, budget).verdict).toBe('undetermined');
    expect(budget.left).toBeGreaterThanOrEqual(0);
    expect(compareExtended([domain], pair, new DecimalBudget()).verdict).toBe('equivalent');
  });
});

/** The overflowing functions of the property tests, each with its problem made once. */
const FAMILIES = ['exp(2^cosh(sqrt(x)+4))', 'e^(e^(x^2+7))', 'e^(-e^(x^2+7))', 'e^(x^2+800) cos(x)', 'x^3 e^(e^(x^2+7))'].map((f) => Problem.read(f));

/** Nodes of a tree in pre-order, but those inside a constant subtree that is 0 (changing 0·δ changes nothing). */
function nodesOf(expr: Expr): Expr[] {
  const out: Expr[] = [];
  const visit = (node: Expr) => {
    if (isConstant(node) && node.value === 0) return;
    out.push(node);
    if (isCall(node)) visit(node.args[0] as Expr);
    else children(node).forEach(visit);
  };
  visit(expr);
  return out;
}

function replaceNode(expr: Expr, target: Expr, by: Expr): Expr {
  if (expr === target) return by;
  const kids = children(expr);
  return kids.length === 0 ? expr : withChildren(expr, kids.map((k) => replaceNode(k, target, by)));
}

const SWAPS: Record<string, string> = { sinh: 'cosh', cosh: 'sinh', sin: 'cos', cos: 'sin', exp: 'sinh', sqrt: 'cbrt', log: 'log2' };

/** A change that gives a different function for these families (none of them even or periodic in the changed part). */
const perturbation = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), delta: fc.double({ min: -9, max: 0, noNaN: true }), negative: fc.boolean() }),
  fc.record({ kind: fc.constant('shift' as const), delta: fc.double({ min: -3, max: 1, noNaN: true }), negative: fc.boolean() }),
  fc.record({ kind: fc.constant('swap' as const), delta: fc.constant(0), negative: fc.constant(false) }),
);

describe('property: a right answer changed anywhere is never accepted', () => {
  test('scaled by 1 + δ (10^-9 <= |δ| <= 1), shifted by c (10^-3 <= |c| <= 10), or a function swapped', () => {
    const tally = { not_equivalent: 0, undetermined: 0 };
    fc.assert(
      fc.property(fc.nat(FAMILIES.length - 1), fc.nat(), perturbation, (family, index, change) => {
        const problem = FAMILIES[family] as Problem;
        const nodes = nodesOf(problem.expected);
        let target = nodes[index % nodes.length] as Expr;
        let by: Expr;
        const size = 10 ** change.delta * (change.negative ? -1 : 1);
        if (change.kind === 'scale') by = mul(num(1 + size), target);
        else if (change.kind === 'shift') by = add(target, num(size));
        else {
          const calls = nodes.filter((n) => isCall(n) && n.args.length === 1 && SWAPS[n.fn.name]);
          if (calls.length === 0) return;
          target = calls[index % calls.length] as Expr;
          by = call(SWAPS[(target as Expr & { fn: { name: string } }).fn.name] as string, (target as Expr & { args: Expr[] }).args[0] as Expr);
        }
        const answer = replaceNode(problem.expected, target, by);
        const values = new AnswerValues(problem, { expr: answer, format: 'text', variable: 'x', parameters: [], functions: [], warnings: [], ambiguities: [] });
        const result = values.compareTo(problem.expected);
        expect(result.verdict, `${problem.f.toString()}: ${answer.toString()}`).not.toBe('equivalent');
        tally[result.verdict as 'not_equivalent' | 'undetermined']++;
      }),
      { numRuns: 80, seed: 20261207 },
    );
    // Most changes are seen as differences; undetermined only where a shifted term is too small to see.
    expect(tally.not_equivalent).toBeGreaterThan(tally.undetermined);
  });

  test('rewritten without changing the function, a right answer is accepted', () => {
    const rewrites: Array<(node: Expr) => Expr> = [
      (node) => mul(node, num(1)),
      (node) => neg(neg(node)),
      (node) => div(mul(node, num(3)), num(3)),
      (node) => add(node, add(tree('x'), neg(tree('x')))),
      (node) => mul(node, tree('sin(x)^2 + cos(x)^2')),
    ];
    fc.assert(
      fc.property(fc.nat(FAMILIES.length - 1), fc.nat(), fc.nat(rewrites.length - 1), (family, index, which) => {
        const problem = FAMILIES[family] as Problem;
        const nodes = nodesOf(problem.expected);
        const target = nodes[index % nodes.length] as Expr;
        const rewrite = rewrites[which] as (node: Expr) => Expr;
        const by = rewrite(target);
        const answer = replaceNode(problem.expected, target, by);
        const values = new AnswerValues(problem, { expr: answer, format: 'text', variable: 'x', parameters: [], functions: [], warnings: [], ambiguities: [] });
        expect(values.compareTo(problem.expected).verdict, `${problem.f.toString()}: ${answer.toString()}`).toBe('equivalent');
      }),
      { numRuns: 30, seed: 20261208 },
    );
  });
});
