import { startService } from '/work/main/bench/servers.ts';
import { body } from '/work/main/bench/new-answers.ts';
const s = await startService({ CHECKER: 'inline' });
let total = 0, n = 0, max = 0; const sizes: number[] = [];
for (let i = 0; i < 400; i++) {
  const r = await fetch(s.url + '/v1/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(i) });
  const t = await r.text(); sizes.push(t.length); total += t.length; n++; max = Math.max(max, t.length);
}
sizes.sort((a, b) => a - b);
console.log('mean', Math.round(total / n), 'p50', sizes[n >> 1], 'p90', sizes[Math.floor(n * 0.9)], 'max', max);
const r = await fetch(s.url + '/v1/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(1) });
const text = await r.text(); console.log(text.slice(0, 3000));
await s.stop();
