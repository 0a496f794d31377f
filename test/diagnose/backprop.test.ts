/**
 * Backpropagation exercises (issue 14): a loss of an activation of w·x + b, one neuron and two layers,
 * squared error, binary cross-entropy and its softplus form, sigmoid (as σ and written out), tanh,
 * relu, leaky relu, softplus, swish and GELU, gradients with respect to a weight or a bias; and the
 * source article's own examples. test/fixtures/backprop-exercises.json holds each function, its
 * gradient and student answers under a buggy rule at named chain nodes; tools/backprop_sympy.py checks
 * every gradient and every answer with SymPy, independently of src/. Here the service must grade the
 * gradient correct in several forms, and diagnose each answer with its code, at its nodes, with the
 * backpropagation sentence (`says`) in its feedback, and with nothing else but the coincidences the
 * fixture lists (`also`) — open and quiet.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { check, type CheckResult } from '../../src/check.js';
import { CATALOGUE } from '../../src/diagnose/catalogue.js';
import { CHAIN_RULE_CODES } from '../../src/mistake-codes.js';
import { readExpression } from '../../src/parse/read.js';
import { asWritten, render } from '../../src/tree/render.js';

interface NodeSpec {
  node: string;
  outer: string;
  inner: string;
}

interface Placed {
  mistake: string;
  variant: string;
  systematic: boolean;
  at: NodeSpec[];
}

interface ExerciseMistake extends Placed {
  answer: string;
  /** A phrase the feedback says in backpropagation's terms (the part before " = " also when quiet). */
  says?: string;
  /**
   * Every other mistake, at its nodes, that gives the same answer (coincidences, checked by
   * tools/backprop_sympy.py too): with the mistake itself, exactly the diagnosis.
   */
  also?: Placed[];
}

interface Exercise {
  id: string;
  group: 'article' | 'neuron' | 'two-layer';
  /** How the activation is written: σ, written (1/(1 + e^(-z))), tanh, relu…; elementary for the article's. */
  notation: string;
  function: string;
  variable: string;
  gradient: string;
  mistakes: ExerciseMistake[];
}

const EXERCISES: Exercise[] = JSON.parse(readFileSync(new URL('../fixtures/backprop-exercises.json', import.meta.url), 'utf8')) as Exercise[];
const BACKPROP = EXERCISES.filter((e) => e.group !== 'article');

describe('the exercises cover the issue', () => {
  test('at least 20 backpropagation exercises, one neuron and two layers', () => {
    expect(BACKPROP.length).toBeGreaterThanOrEqual(20);
    expect(BACKPROP.filter((e) => e.group === 'neuron').length).toBeGreaterThanOrEqual(10);
    expect(BACKPROP.filter((e) => e.group === 'two-layer').length).toBeGreaterThanOrEqual(5);
  });
  test('three losses: squared error, binary cross-entropy and its softplus form', () => {
    const squared = BACKPROP.filter((e) => e.function.includes('y)^2') || e.function.includes('- y)^2/2'));
    const crossEntropy = BACKPROP.filter((e) => e.function.includes('(1 - y)*ln(1 - '));
    const softplusForm = BACKPROP.filter((e) => /^(softplus|ln)\(.*\) - y\*\(/.test(e.function));
    for (const loss of [squared, crossEntropy, softplusForm]) expect(loss.length).toBeGreaterThanOrEqual(3);
  });
  test('activations: sigmoid (as σ and written out), tanh, relu and more', () => {
    const notations = new Set(BACKPROP.map((e) => e.notation));
    for (const notation of ['σ', 'written', 'tanh', 'relu', 'leaky_relu', 'softplus', 'swish', 'gelu']) expect(notations).toContain(notation);
    expect(BACKPROP.some((e) => e.variable.startsWith('b'))).toBe(true);
  });
  test('each of the four chain-rule mistakes is diagnosed in both notations, σ and written out', () => {
    for (const code of CHAIN_RULE_CODES) {
      for (const notation of ['σ', 'written']) {
        expect(BACKPROP.some((e) => e.notation === notation && e.mistakes.some((m) => m.mistake === code)), `${code} with ${notation}`).toBe(true);
      }
    }
  });
  test("the source article's examples: sin²x, e^(-x), the sigmoid, log(sin x)", () => {
    const functions = EXERCISES.filter((e) => e.group === 'article').map((e) => e.function);
    expect(functions).toEqual(expect.arrayContaining(['sin(x)^2', 'e^(-x)', '1/(1 + e^(-x))', 'log(sin(x))']));
  });
});

/** A node as the service names a place: as the function writes it (the fixture's node is a piece of the function). */
const shownNode = (text: string, variable: string) => asWritten(readExpression(text, { variable }).expr).text;

/** A mistake at a set of nodes, as one string (a node written twice counts once). */
const keyOf = (mistake: { mistake: string; variant: string | null; systematic: boolean }, nodes: readonly string[]) =>
  `${mistake.mistake}/${mistake.variant}${mistake.systematic ? '*' : ''}@${[...new Set(nodes)].sort().join(' , ')}`;

const listedKey = (exercise: Exercise, placed: Placed) => keyOf(placed, placed.at.map((n) => shownNode(n.node, exercise.variable)));

const entryKey = (entry: CheckResult['diagnosis'][number]) => keyOf(entry, entry.nodes.map((n) => n.text));

/** The diagnosis entry of this mistake at exactly these nodes. */
function entryFor(result: CheckResult, exercise: Exercise, mistake: Placed) {
  const wanted = listedKey(exercise, mistake);
  return result.diagnosis.find((d) => entryKey(d) === wanted);
}

/** The diagnosis is exactly the mistake and its coincidences: nothing missing, nothing unexplained. */
function expectExactly(result: CheckResult, exercise: Exercise, mistake: ExerciseMistake) {
  const listed = [mistake, ...(mistake.also ?? [])].map((m) => listedKey(exercise, m)).sort();
  expect(result.diagnosis.map(entryKey).sort()).toEqual(listed);
}

describe.each(EXERCISES)('$id: $function', (exercise) => {
  const options = { variable: exercise.variable };

  test(`the gradient ${exercise.gradient} is correct, also as the service writes it, in LaTeX and after ∂L/∂w =`, () => {
    const shown = render(readExpression(exercise.gradient, options).expr, exercise.variable);
    for (const answer of [exercise.gradient, shown.text, shown.latex, `∂L/∂${exercise.variable} = ${shown.text}`]) {
      const result = check(exercise.function, answer, options);
      expect(result.verdict, answer).toBe('correct');
      expect(result.diagnosis).toEqual([]);
    }
  });

  if (exercise.mistakes.length === 0) return;
  test.each(exercise.mistakes)('$mistake ($variant) at $at.0.node: $answer', (mistake) => {
    const shown = render(readExpression(mistake.answer, options).expr, exercise.variable);
    for (const answer of [mistake.answer, shown.latex]) {
      const result = check(exercise.function, answer, options);
      expect(result.verdict, answer).toBe('incorrect');
      expectExactly(result, exercise, mistake);
      const entry = entryFor(result, exercise, mistake);
      expect(result.ambiguous).toBe(new Set(result.diagnosis.map((d) => d.mistake)).size > 1);
      if (mistake.says) expect(entry?.feedback).toContain(mistake.says);
    }
    const quiet = check(exercise.function, mistake.answer, { ...options, quiet: true });
    expectExactly(quiet, exercise, mistake);
    const entry = entryFor(quiet, exercise, mistake);
    if (mistake.says) expect(entry?.feedback).toContain(mistake.says.split(' = ')[0]);
    expect(quiet.feedback).not.toContain(check(exercise.function, exercise.gradient, options).expected?.text);
  });
});

describe('answers as students type them', () => {
  const f = '(σ(w x + b) - y)^2';
  const options = { variable: 'w' };
  test.each([
    ['2(σ(wx+b) − y)σ(wx+b)(1 − σ(wx+b))x', 'correct'],
    ['2x(σ(w x + b) - y)·σ(w x + b)·(1 - σ(w x + b))', 'correct'],
    ['dL/dw = 2(sigmoid(w x + b) - y) sigmoid(w x + b)(1 - sigmoid(w x + b)) x', 'correct'],
    ['\\frac{\\partial L}{\\partial w} = 2\\left(\\sigma(wx+b)-y\\right)\\sigma(wx+b)\\left(1-\\sigma(wx+b)\\right)x', 'correct'],
    ['2(logistic(w x + b) - y) logistic(w x + b)(1 - logistic(w x + b)) x', 'correct'],
    ['2(σ(w x + b) - y)σ(w x + b)(1 - σ(w x + b))', 'incorrect'],
  ])('%s is %s', (answer, verdict) => {
    expect(check(f, answer, options).verdict).toBe(verdict);
  });
  test("the issue's own example: forgetting ∂z/∂w with σ written out, the minus of -z kept", () => {
    const result = check('(1/(1+e^(-(w*x+b))) - y)^2', '2(1/(1+e^(-(w x+b))) - y) e^(-(w x+b))/(1+e^(-(w x+b)))^2', options);
    expect(result.diagnosis.map((d) => `${d.mistake}/${d.variant}@${d.at?.text}`)).toEqual(['missing_inner_factor/b@e^(-(w*x + b))']);
    expect(result.feedback).toContain('you kept the minus sign of -z but left out ∂z/∂w = x');
    expect(result.feedback).toContain('with z = w*x + b, a = 1/(1 + e^(-z)) and L = (a - y)^2');
  });
});

describe('the catalogue', () => {
  const examples = CATALOGUE.flatMap((entry) => entry.variants.flatMap((v) => (v.example ? [{ code: entry.code, variant: v.variant, ...v.example }] : [])));
  test('has worked examples of the new variants', () => {
    expect(examples.map((e) => `${e.code}/${e.variant}`)).toEqual(expect.arrayContaining(['missing_inner_factor/b', 'outer_not_differentiated/b']));
  });
  test.each(examples)('$code ($variant): $function answered $answer', (example) => {
    const options = example.variable ? { variable: example.variable } : {};
    const result = check(example.function, example.answer, options);
    expect(result.diagnosis.map((d) => `${d.mistake}/${d.variant}`)).toContain(`${example.code}/${example.variant}`);
    expect(check(example.function, example.correct, options).verdict).toBe('correct');
  });
});

describe('no backpropagation sentence where the function is no network', () => {
  test.each([
    ['(3x+1)^5', '15x^4', 'x'],
    ['tanh(3x+1)', 'sech(3x+1)^2', 'x'],
    ['sin(w x + b)^2', '2 sin(w x + b) cos(w x + b)', 'w'],
    ['e^(-x^2)', '-e^(-x^2)', 'x'],
  ])('%s answered %s', (f, answer, variable) => {
    expect(check(f, answer, { variable }).feedback).not.toContain('backpropagation');
  });
});
