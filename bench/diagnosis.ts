/**
 * The diagnosis in process, over both files of worked examples (the 40 shared ones and the 90 of the
 * SymPy cross-check): preparing a function with every mistake candidate indexed by value, and a wrong
 * answer against a prepared function — the figures issue 9 sets bounds on.
 */
import { readFileSync } from 'node:fs';
import { checkAnswer } from '../src/check.js';
import { Problem } from '../src/problem.js';
import { readExpression } from '../src/parse/read.js';
import { render } from '../src/tree/render.js';
import { millisEach, percentile, row } from './timing.js';

interface Example {
  function: string;
  variable: string;
  candidates: Array<{ candidate: string }>;
}

const load = (name: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8')) as Example[];

export function benchDiagnosis(): void {
  const examples = [...load('chain-rule-examples.json'), ...load('more-chain-rule-examples.json')];
  console.log(`\ndiagnosis in process (${examples.length} functions of the worked examples)`);
  let candidates = 0;
  const prepare = millisEach(examples, (e) => {
    candidates += Problem.read(e.function, { variable: e.variable }).prepareDiagnosis();
  }, 3);
  row('prepare a function with all its candidates indexed', `p50 ${percentile(prepare, 50).toFixed(2)} ms, p90 ${percentile(prepare, 90).toFixed(2)} ms (${(candidates / (4 * examples.length)).toFixed(0)} candidates a function)`);
  const problems = new Map(examples.map((e) => {
    const problem = Problem.read(e.function, { variable: e.variable });
    problem.prepareDiagnosis();
    return [e, problem] as const;
  }));
  const wrong = examples.flatMap((e) =>
    e.candidates.map((c) => ({ problem: problems.get(e) as Problem, answer: render(readExpression(c.candidate, { variable: e.variable }).expr, e.variable).text })),
  );
  const times = millisEach(wrong, (w) => {
    checkAnswer(w.problem, w.answer);
  }, 3);
  row(`a wrong answer against a prepared function (${wrong.length} answers)`, `p50 ${percentile(times, 50).toFixed(3)} ms, p90 ${percentile(times, 90).toFixed(3)} ms`);
}
