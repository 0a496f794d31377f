// The check alone, on the new-answer bodies of `npm run bench -- new-answers`: the compiled core of a
// service checkout (argv[2]) called in this process, no HTTP and no threads, on whichever Node runs
// this script (bench/new-answers.ts starts it on the servers' Node). Prints its figures as JSON.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [root, templatesFile, countText] = process.argv.slice(2);
const templates = JSON.parse(readFileSync(templatesFile, 'utf8'));
const { checkCore } = await import(pathToFileURL(`${root}/dist/service/checker.js`).href);
const body = (n) => templates[n % templates.length].join(String(n + 2));
const count = Number(countText);
const core = checkCore();
// Warm-up on coefficients the timed run never uses: every function prepared, the JIT settled.
for (let n = 0; n < 3 * templates.length; n++) core.checkSerialized(JSON.parse(body(2_000_000_000 + n)));
const times = new Float64Array(count);
const cpuBefore = process.cpuUsage();
const started = performance.now();
for (let n = 0; n < count; n++) {
  const start = performance.now();
  core.checkSerialized(JSON.parse(body(n)));
  times[n] = performance.now() - start;
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
times.sort();
const at = (p) => times[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)] * 1000;
process.stdout.write(JSON.stringify({ meanUs: (wallMs * 1000) / count, p50Us: at(50), p99Us: at(99), cpuUs: (cpu.user + cpu.system) / count }));
