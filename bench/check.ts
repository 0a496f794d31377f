/**
 * check() in process on the example set: per-check time for correct and wrong answers, with the
 * function prepared afresh every time (cold) and with the prepared function reused (a class answering
 * one question).
 */
import { check, checkAnswer, type CheckReport } from '../src/check.js';
import { agsScore } from '../src/present/profiles.js';
import { present } from '../src/present/result.js';
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

  // The rare path, apart from the figures above: values beyond double range (extended-range.ts).
  const beyond = Problem.read(BEYOND.function);
  const fresh = (answer: string) => () => {
    // A fresh copy of the prepared function, so each check pays for its decimal work (results are kept per answer).
    checkAnswer(new Problem(beyond.source, beyond.options), answer);
  };
  report(`beyond double range: ${BEYOND.function}, correct, function prepared each time`, measure([BEYOND.correct], fresh(BEYOND.correct), 10));
  report('the same, a wrong answer (a factor 2, diagnosed)', measure([BEYOND.wrong], fresh(BEYOND.wrong), 10));
  benchPresent(problems);
}

/**
 * What the edge adds to a check: the core's report (every text a message) rendered in a language,
 * scored, noted and cut to a view (present), then serialised, for the wrong answers (the longest
 * feedback). Per result, against the check itself.
 */
function benchPresent(problems: Map<string, Problem>): void {
  const reports: CheckReport[] = WRONG_ITEMS.map((item) => checkAnswer(problems.get(`${item.variable}|${item.function}`) as Problem, item.answer));
  const perResult = (body: (report: CheckReport) => void) => {
    const times = measure(reports, body, 5);
    return `p50 ${(percentile(times, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(times, 99) * 1000).toFixed(1)} µs`;
  };
  console.log(`\npresenting a result (the ${reports.length} wrong answers' reports: render every message, score, note, view)`);
  for (const lang of ['en', 'de', 'zh-Hans']) row(`present, ${lang}`, perResult((r) => void present(r, { lang })));
  row('present, de, student view, partial scoring', perResult((r) => void present(r, { lang: 'de', audience: 'student', scoring: 'partial' })));
  row('present + JSON.stringify, en', perResult((r) => void JSON.stringify(present(r, { lang: 'en' }))));
  row('present + AGS Score + JSON.stringify, de', perResult((r) => void JSON.stringify(agsScore(present(r, { lang: 'de', audience: 'student' }), undefined))));
  const sizes = reports.map((r) => {
    const result = present(r, { lang: 'en' });
    const { i18n: _i18n, ...withoutTop } = result;
    const without = { ...withoutTop, diagnosis: result.diagnosis.map(({ i18n: _d, ...entry }) => entry), warnings: result.warnings.map(({ i18n: _w, ...warning }) => warning) };
    return [JSON.stringify(result).length, JSON.stringify(without).length] as const;
  });
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  row('JSON size of a result, mean: with i18n / without', `${mean(sizes.map(([a]) => a)).toFixed(0)} / ${mean(sizes.map(([, b]) => b)).toFixed(0)} bytes`);
}

/** A function whose values overflow doubles at every point, with a right and a wrong answer. */
const BEYOND = {
  function: 'exp(2^cosh(sqrt(x)+4))',
  correct: 'exp(2^cosh(sqrt(x)+4)) 2^cosh(sqrt(x)+4) ln(2) sinh(sqrt(x)+4)/(2 sqrt(x))',
  wrong: 'exp(2^cosh(sqrt(x)+4)) 2^cosh(sqrt(x)+4) ln(2) sinh(sqrt(x)+4)/sqrt(x)',
};
