import { checkAnswer } from '../src/check.js';
import { Problem } from '../src/problem.js';
import { MIXED_ITEMS } from './workload.js';
const problems = new Map<string, Problem>();
const per = new Map<string, number[]>();
let all: number[] = [];
for (let round = 0; round < 6; round++) {
  for (let i = 0; i < MIXED_ITEMS.length; i++) {
    const item = MIXED_ITEMS[i]!;
    const key = item.function + '|' + item.variable;
    let p = problems.get(key);
    if (!p) { p = Problem.read(item.function, { variable: item.variable }); problems.set(key, p); }
    const c = 1000 * round + i + 2;
    const answer = `(${c}*(${item.answer}))/${c}`;
    const t0 = performance.now();
    checkAnswer(p, answer);
    const ms = performance.now() - t0;
    if (round >= 2) { const k = `${item.correct ? 'OK ' : 'BAD'} ${item.function} :: ${item.answer}`; (per.get(k) ?? per.set(k, []).get(k)!).push(ms); all.push(ms); }
  }
}
all.sort((a, b) => a - b);
const mean = all.reduce((s, t) => s + t, 0) / all.length;
console.log('n', all.length, 'mean', mean.toFixed(3), 'p50', all[all.length >> 1]!.toFixed(3), 'p90', all[Math.floor(all.length * 0.9)]!.toFixed(3), 'p99', all[Math.floor(all.length * 0.99)]!.toFixed(3));
const med = [...per].map(([k, v]) => [k, v.sort((a, b) => a - b)[v.length >> 1]!] as const).sort((a, b) => b[1] - a[1]);
const totalMed = med.reduce((s, [, m]) => s + m, 0);
console.log('sum of medians / n', (totalMed / med.length).toFixed(3));
for (const [k, m] of med.slice(0, 25)) console.log(m.toFixed(2), k.slice(0, 130));
const ok = med.filter(([k]) => k.startsWith('OK')).map(([, m]) => m); const bad = med.filter(([k]) => k.startsWith('BAD')).map(([, m]) => m);
console.log('OK mean-of-medians', (ok.reduce((a, b) => a + b, 0) / ok.length).toFixed(3), 'BAD', (bad.reduce((a, b) => a + b, 0) / bad.length).toFixed(3), ok.length, bad.length);
