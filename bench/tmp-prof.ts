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
await loadNewAnswers(url, 3, 10_000_000);
const r = await loadNewAnswers(url, Number(process.env.SECS ?? 12), 0);
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
