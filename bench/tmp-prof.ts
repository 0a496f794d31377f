import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { freePort } from './servers.js';
import { loadNewAnswers } from './new-answers.js';
const dir = '/tmp/prof';
rmSync(dir, { recursive: true, force: true }); mkdirSync(dir);
const port = await freePort();
const mode = process.env.MODE ?? 'inline';
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, 'dist/server.js'], {
  env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_WINDOW_MS: '1000', NODE_ENV: 'production', CHECKER: mode },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) { try { if ((await fetch(url + '/ready')).status === 200) break; } catch {} await new Promise((r) => setTimeout(r, 100)); }
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
let r: unknown;
if (process.env.REPEAT) {
  writeFileSync('/tmp/post.lua', `wrk.method = "POST"\nwrk.body = '{"function":"sin(x^2)","answer":"2x cos(x^2)"}'\nwrk.headers["Content-Type"] = "application/json"\n`);
  execFileSync('wrk', ['-t2', '-c32', '-d3s', '-s', '/tmp/post.lua', url + '/v1/check']);
  r = execFileSync('wrk', ['-t2', '-c32', `-d${process.env.SECS ?? 12}s`, '--latency', '-s', '/tmp/post.lua', url + '/v1/check']).toString().split('\n').filter((l) => /Requests\/sec|99%|50%/.test(l)).join(' | ');
} else {
  await loadNewAnswers(url, 3, 10_000_000);
  r = await loadNewAnswers(url, Number(process.env.SECS ?? 12), 0);
}
console.log(r);
const exited = new Promise((res) => child.once('exit', res));
child.kill('SIGTERM'); await exited;
for (const f of readdirSync(dir)) {
  const prof = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const self = new Map<number, number>();
  const dt: number[] = prof.timeDeltas; const samples: number[] = prof.samples;
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (dt[i] ?? 0));
  const byKey = new Map<string, number>(); const byFile = new Map<string, number>();
  let total = 0;
  for (const node of prof.nodes) {
    const t = self.get(node.id) ?? 0; total += t;
    const cf = node.callFrame; const file = (cf.url || '(native)').replace(/^.*\/(node_modules\/[^/]+|dist\/.*|node:[^/]+).*$/, '$1');
    const key = `${cf.functionName || '(anon)'} ${file}:${cf.lineNumber}`;
    byKey.set(key, (byKey.get(key) ?? 0) + t); byFile.set(file, (byFile.get(file) ?? 0) + t);
  }
  console.log('profile', f, 'total ms', (total / 1000).toFixed(0));
  for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log('  F', (100 * v / total).toFixed(1).padStart(5), k);
  for (const [k, v] of [...byKey].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log('  f', (100 * v / total).toFixed(1).padStart(5), k);
}
// inclusive times for named functions
for (const f of readdirSync(dir)) {
  const prof = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const self = new Map<number, number>();
  const dt: number[] = prof.timeDeltas; const samples: number[] = prof.samples;
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (dt[i] ?? 0));
  const byId = new Map<number, any>(prof.nodes.map((n: any) => [n.id, n]));
  const memo = new Map<number, number>();
  const incl = (id: number): number => { if (memo.has(id)) return memo.get(id)!; const n = byId.get(id); let t = self.get(id) ?? 0; for (const c of n.children ?? []) t += incl(c); memo.set(id, t); return t; };
  const names = (process.env.NAMES ?? 'checkAnswer,present,serialized,readEveryReading,diagnose,resultFor,checkReading,deepFreeze,parseJson,prepareCheck,compareTo,findSlips,near,matchingPairs').split(',');
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // avoid double counting recursion: only count outermost occurrences
  const acc = new Map<string, number>();
  const walk = (id: number, inside: Set<string>) => {
    const n = byId.get(id); const name = n.callFrame.functionName;
    let next = inside;
    if (names.includes(name) && !inside.has(name)) { acc.set(name, (acc.get(name) ?? 0) + incl(id)); next = new Set(inside); next.add(name); }
    for (const c of n.children ?? []) walk(c, next);
  };
  walk(prof.nodes[0].id, new Set());
  for (const [k, v] of [...acc].sort((a, b) => b[1] - a[1])) console.log('  I', (100 * v / total).toFixed(1).padStart(5), k);
}
for (const f of readdirSync(dir)) {
  const prof = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const self = new Map<number, number>();
  const dt: number[] = prof.timeDeltas; const samples: number[] = prof.samples;
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (dt[i] ?? 0));
  const byId = new Map<number, any>(prof.nodes.map((n: any) => [n.id, n]));
  const memo = new Map<number, number>();
  const incl = (id: number): number => { if (memo.has(id)) return memo.get(id)!; const n = byId.get(id); let t = self.get(id) ?? 0; for (const c of n.children ?? []) t += incl(c); memo.set(id, t); return t; };
  const total = incl(prof.nodes[0].id);
  const show = (id: number, depth: number) => {
    const n = byId.get(id);
    const t = incl(id);
    if (t < total * 0.015) return;
    console.log('  T' + ' '.repeat(depth * 2), (100 * t / total).toFixed(1), n.callFrame.functionName || '(anon)', (n.callFrame.url || '').replace(/^.*\/(node_modules\/[^/]+|dist\/.*|node:[^/]+).*$/, '$1') + ':' + n.callFrame.lineNumber);
    if (depth < Number(process.env.DEPTH ?? 7)) for (const c of n.children ?? []) show(c, depth + 1);
  };
  show(prof.nodes[0].id, 0);
}
