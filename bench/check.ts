/**
 * check() in process on the example set: per-check time for correct and wrong answers, with the
 * function prepared afresh every time (cold) and with the prepared function reused (a class answering
 * one question).
 */
import { check, checkAnswer } from '../src/check.js';
import { Problem } from '../src/problem.js';
import { millisEach as measure, percentile, row } from './timing.js';
import { CORRECT_ITEMS, WRONG_ITEMS, type Item } from './workload.js';

function report(label: string, times: number[]): void {
  const total = times.reduce((a, b) => a + b, 0);
  row(label, `${(times.length / (total / 1000)).toFixed(0)} checks/s, p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`);
}

export function benchCheck(): void {
  console.log(`\ncheck() in process (${CORRECT_ITEMS.length} correct and ${WRONG_ITEMS.length} wrong answers from the worked examples)`);
  const cold = (item: Item) => {
    check(item.function, item.answer, { variable: item.variable });
  };
  report('correct answers, function prepared each time', measure(CORRECT_ITEMS, cold, 5));
  report('wrong answers (diagnosed), function prepared each time', measure(WRONG_ITEMS, cold, 2));
  const problems = new Map<string, Problem>();
  const warm = (item: Item) => {
    const key = `${item.variable}|${item.function}`;
    let problem = problems.get(key);
    if (!problem) {
      problem = Problem.read(item.function, { variable: item.variable });
      problems.set(key, problem);
    }
    checkAnswer(problem, item.answer);
  };
  report('correct answers, prepared function reused', measure(CORRECT_ITEMS, warm, 20));
  report('wrong answers (diagnosed), prepared function reused', measure(WRONG_ITEMS, warm, 5));
}
