/**
 * `npm run soak` (not in CI; minutes): one million distinct checks against the compiled service, and
 * its memory over time. Nine in ten checks are new answers to the worked examples' functions,
 * `(c*(A))/c`; one in ten is a new function as well, `c*(F)` answered `c*(A)`, so the cache of
 * prepared functions keeps evicting. Most go through NDJSON batch streams, the rest as single
 * requests, in parallel. The service's resident memory (every thread) and its main thread's heap are
 * sampled every two seconds; the table and an SVG chart go to soak-output/ (git-ignored).
 *
 * A 503 (load shed: the service's event loop fell behind, or its queue was full) is retried after its
 * Retry-After, as a client should, and counted apart. It fails (exit 1) if a check errs or goes
 * missing, or if memory grows: the resident size at the end
 * more than 15 % (and 40 MB) above the highest seen in the first quarter, once the caches are full.
 *
 * SOAK_CHECKS sets another count (say 100000 for a quick run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buildService, ROOT, startService } from './servers.js';
import { MIXED_ITEMS } from './workload.js';

/** A whole number of hundreds: of each hundred numbers, SINGLE_SHARE go as single requests. */
const TOTAL = Math.max(100, Math.round(Number(process.env.SOAK_CHECKS ?? 1_000_000) / 100) * 100);
const STREAMS = 3;
const BATCH = 2000;
const SINGLE_LANES = 8;
/** Of every 100 numbers, those checked as single requests. */
const SINGLE_SHARE = 5;
const SAMPLE_MS = 2000;
const OUT = join(ROOT, 'soak-output');

interface Sample {
  seconds: number;
  checks: number;
  rssMb: number;
  heapMb: number;
}

/** Check number n: a new answer to an example's function, or (one in ten) a new function too. */
function item(n: number): { function: string; answer: string; variable: string } {
  const example = MIXED_ITEMS[n % MIXED_ITEMS.length]!;
  const c = n + 2;
  if (n % 10 === 9) return { function: `${c}*(${example.function})`, answer: `${c}*(${example.answer})`, variable: example.variable };
  return { function: example.function, answer: `(${c}*(${example.answer}))/${c}`, variable: example.variable };
}

async function main(): Promise<void> {
  buildService();
  const server = await startService({ LOG_LEVEL: 'warn' });
  const pid = server.child.pid as number;
  const counts = { done: 0, errors: 0, missing: 0, shed: 0 };
  const failures: string[] = [];
  // Check numbers, 0 to TOTAL - 1: the first SINGLE_SHARE of each hundred for the single requests,
  // the rest for the streams, each taken in turn.
  let nextSingle = 0;
  let nextStreamed = 0;
  const takeSingle = (): number | undefined => {
    const n = Math.floor(nextSingle / SINGLE_SHARE) * 100 + (nextSingle % SINGLE_SHARE);
    if (n >= TOTAL) return undefined;
    nextSingle++;
    return n;
  };
  const takeStreamed = (): number | undefined => {
    const per = 100 - SINGLE_SHARE;
    const n = Math.floor(nextStreamed / per) * 100 + SINGLE_SHARE + (nextStreamed % per);
    if (n >= TOTAL) return undefined;
    nextStreamed++;
    return n;
  };

  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async () => {
    const status = await import('node:fs').then((fs) => fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const heap = Number(/^chainrule_nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1]);
    samples.push({ seconds: (performance.now() - started) / 1000, checks: counts.done, rssMb: rssKb / 1024, heapMb: heap / 1048576 });
  };
  await sample();
  const sampler = setInterval(() => void sample().catch((error: unknown) => failures.push(`sampling: ${String(error)}`)), SAMPLE_MS);
  const progress = setInterval(() => {
    const last = samples.at(-1);
    process.stdout.write(`  ${counts.done.toLocaleString('en')} checks, ${(counts.done / ((performance.now() - started) / 1000)).toFixed(0)}/s, RSS ${last?.rssMb.toFixed(0)} MB\n`);
  }, 30_000);

  /** A request, sent again after Retry-After while the service sheds load (503), five times at most. */
  async function send(path: string, init: () => RequestInit): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${server.url}${path}`, init());
      if (response.status !== 503 || attempt > 5) return response;
      counts.shed++;
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
    }
  }

  async function singleLane(): Promise<void> {
    for (;;) {
      const n = takeSingle();
      if (n === undefined) return;
      const response = await send('/v1/check', () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(item(n)) }));
      const body = (await response.json()) as { verdict?: string };
      if (response.status !== 200 || body.verdict === undefined) {
        counts.errors++;
        if (failures.length < 10) failures.push(`check ${n}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      }
      counts.done++;
    }
  }

  async function* batchLines(numbers: number[]): AsyncGenerator<string> {
    for (const n of numbers) yield `${JSON.stringify({ id: String(n), ...item(n) })}\n`;
  }

  async function streamLane(): Promise<void> {
    for (;;) {
      const numbers: number[] = [];
      for (let n = takeStreamed(); n !== undefined; n = numbers.length < BATCH ? takeStreamed() : undefined) numbers.push(n);
      if (numbers.length === 0) return;
      const response = await send('/v1/check/batch', () => ({
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: Readable.toWeb(Readable.from(batchLines(numbers))) as ReadableStream,
        duplex: 'half',
      }) as RequestInit);
      const text = await response.text();
      const lines = text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { index?: number; verdict?: string; error?: unknown; summary?: { total: number; errors: number } });
      const summary = lines.at(-1)?.summary;
      const results = lines.slice(0, -1);
      if (response.status !== 200 || summary === undefined || summary.total !== results.length) {
        counts.missing++;
        if (failures.length < 10) failures.push(`a batch answered ${response.status} with ${results.length} results and summary ${JSON.stringify(summary)}`);
      }
      results.forEach((result, i) => {
        if (result.index !== i) counts.missing++;
        if (result.error !== undefined || result.verdict === undefined) {
          counts.errors++;
          if (failures.length < 10) failures.push(`batch item: ${JSON.stringify(result).slice(0, 300)}`);
        }
      });
      counts.done += results.length;
    }
  }

  try {
    await Promise.all([...Array.from({ length: SINGLE_LANES }, singleLane), ...Array.from({ length: STREAMS }, streamLane)]);
    await sample();
  } finally {
    clearInterval(sampler);
    clearInterval(progress);
    await server.stop();
  }

  const seconds = (performance.now() - started) / 1000;
  const table = report(samples, seconds, counts);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'soak.md'), table);
  writeFileSync(join(OUT, 'soak.svg'), chart(samples));
  writeFileSync(join(OUT, 'soak.json'), JSON.stringify({ total: TOTAL, seconds, counts, samples }, null, 1));
  process.stdout.write(`\n${table}\nwritten: soak-output/soak.md, soak-output/soak.svg, soak-output/soak.json\n`);

  const problems = [...failures];
  if (counts.done !== TOTAL) problems.push(`${counts.done} checks answered of ${TOTAL}`);
  if (counts.errors > 0) problems.push(`${counts.errors} checks erred`);
  if (counts.missing > 0) problems.push(`${counts.missing} results missing or out of order`);
  const early = samples.filter((s) => s.checks <= TOTAL / 4 && s.checks > 0);
  const settled = Math.max(...early.map((s) => s.rssMb));
  const end = samples.at(-1)?.rssMb ?? 0;
  if (end > settled * 1.15 && end - settled > 40) problems.push(`memory grew: RSS ${settled.toFixed(0)} MB in the first quarter, ${end.toFixed(0)} MB at the end`);
  if (problems.length > 0) {
    process.stderr.write(`\nsoak: FAILED\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`soak: ${TOTAL.toLocaleString('en')} checks, no error; RSS ${settled.toFixed(0)} MB at most in the first quarter, ${end.toFixed(0)} MB at the end\n`);
}

function report(samples: Sample[], seconds: number, counts: { done: number; errors: number; missing: number; shed: number }): string {
  // One row per tenth of the run, from the sample nearest to it.
  const rows = Array.from({ length: 11 }, (_, i) => {
    const target = (TOTAL * i) / 10;
    return samples.reduce((best, s) => (Math.abs(s.checks - target) < Math.abs(best.checks - target) ? s : best));
  });
  const peak = Math.max(...samples.map((s) => s.rssMb));
  return [
    `# Soak: ${TOTAL.toLocaleString('en')} distinct checks in ${(seconds / 60).toFixed(1)} min (${(counts.done / seconds).toFixed(0)}/s), ${counts.errors} errors, ${counts.missing} missing, ${counts.shed} requests shed (503) and retried`,
    '',
    `node ${process.version}; peak RSS ${peak.toFixed(0)} MB; ${samples.length} samples every ${SAMPLE_MS / 1000} s`,
    '',
    '| elapsed | checks | RSS (all threads) | heap used (main thread) |',
    '| ---: | ---: | ---: | ---: |',
    ...rows.map((s) => `| ${(s.seconds / 60).toFixed(1)} min | ${s.checks.toLocaleString('en')} | ${s.rssMb.toFixed(0)} MB | ${s.heapMb.toFixed(0)} MB |`),
    '',
  ].join('\n');
}

function chart(samples: Sample[]): string {
  const width = 720;
  const height = 360;
  const left = 60;
  const bottom = 40;
  const top = 30;
  const maxChecks = Math.max(1, ...samples.map((s) => s.checks));
  const maxMb = Math.ceil(Math.max(...samples.map((s) => s.rssMb)) / 100) * 100;
  const x = (checks: number) => left + ((width - left - 20) * checks) / maxChecks;
  const y = (mb: number) => height - bottom - ((height - bottom - top) * mb) / maxMb;
  const line = (pick: (s: Sample) => number) => samples.map((s) => `${x(s.checks).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(' ');
  const ticksY = Array.from({ length: 5 }, (_, i) => (maxMb * i) / 4);
  const ticksX = Array.from({ length: 6 }, (_, i) => (maxChecks * i) / 5);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${left}" y="18" font-size="14">chainrule soak: memory over ${maxChecks.toLocaleString('en')} distinct checks</text>
${ticksY.map((mb) => `<line x1="${left}" x2="${width - 20}" y1="${y(mb)}" y2="${y(mb)}" stroke="#ddd"/><text x="${left - 6}" y="${y(mb) + 4}" text-anchor="end">${mb} MB</text>`).join('\n')}
${ticksX.map((c) => `<text x="${x(c)}" y="${height - bottom + 16}" text-anchor="middle">${Math.round(c / 1000)}k</text>`).join('\n')}
<text x="${(left + width) / 2}" y="${height - 6}" text-anchor="middle">checks answered</text>
<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line((s) => s.rssMb)}"/>
<polyline fill="none" stroke="#ff7f0e" stroke-width="2" points="${line((s) => s.heapMb)}"/>
<text x="${width - 200}" y="${top + 10}" fill="#1f77b4">RSS (all threads)</text>
<text x="${width - 200}" y="${top + 26}" fill="#ff7f0e">heap used (main thread)</text>
</svg>
`;
}

await main();
