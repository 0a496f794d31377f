/**
 * The service's speed on answers it has never seen, against a bare Fastify route in the same run:
 * 32 connections, `POST /v1/check`, the functions of the worked examples (prepared once, as for a class
 * answering its questions), every answer new — a coefficient from a counter, `(c*(A))/c`, so no two
 * requests repeat and no result is reused — and half of them wrong (the examples' mistake candidates,
 * which are then diagnosed). The bare route (bench/bare-server.mjs) reads the same bodies and answers
 * a check result of the service's, in as many processes as the service serves with, so the ratio says
 * what share of a bare HTTP round trip's speed the service keeps on the same cores. wrk drives the load when it is installed (C, light on the shared cores); autocannon
 * otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SERVER_NODE, SERVICE_ROOT, serviceProcesses, startBareRoute, startService, type Server } from './servers.js';
import { row } from './timing.js';
import { MIXED_ITEMS } from './workload.js';

export const CONNECTIONS = 32;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
/**
 * Load before the measured run, on the same kind of answers. Each HTTP process prepares the functions
 * and compiles its hot paths on its own, and under this load that takes longer than it looks: measured
 * (PROCESSES=2), a process checks in ~226 µs a request during its seconds 3–11 and ~195 µs after, and
 * the service answered 2,100, then 4,300, then 5,000 requests a second over its first 3, next 8 and
 * next 8 s. A service runs for hours: the figure is the settled one. BENCH_WARMUP_S overrides it.
 */
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 15);
const MARK = '@@C@@';
const IN_PROCESS_CHECKS = 20_000;

/** Each item as the text of its request body around the coefficient: pieces joined by `c`. */
export const TEMPLATES: string[][] = MIXED_ITEMS.map((item) =>
  JSON.stringify({ function: item.function, answer: `(${MARK}*(${item.answer}))/${MARK}`, variable: item.variable }).split(MARK),
);

/** The body of item `item` (an index of MIXED_ITEMS) with coefficient `c`. */
export function bodyOf(item: number, c: number): string {
  return (TEMPLATES[item] as string[]).join(String(c));
}

/** The body of request number `n` (from 0): item n mod the item count, coefficient n + 2. */
export function body(n: number): string {
  return bodyOf(n % TEMPLATES.length, n + 2);
}

/** Coefficients above any the load reaches, for requests made beside it. */
const ASIDE = 3_000_000_000;

export interface LoadResult {
  tool: 'wrk' | 'autocannon';
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function wrkInstalled(): boolean {
  return process.env.BENCH_LOAD !== 'autocannon' && spawnSync('wrk', ['--version']).error === undefined;
}

/** wrk with a Lua script that writes the same bodies as `body()`; each of its threads takes every k-th number. */
async function wrk(url: string, seconds: number, offset: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'chainrule-wrk-'));
  const threads = 2;
  const lua = `
local templates = {${TEMPLATES.map((pieces) => `{${pieces.map((piece) => `[==[${piece}]==]`).join(',')}}`).join(',\n')}}
local counter = 0
local thread_count = 0
function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
end
function init(args)
  n = ${offset} + id
end
request = function()
  local t = templates[(n % #templates) + 1]
  local c = tostring(n + 2)
  n = n + ${threads}
  return wrk.format("POST", "/v1/check", { ["Content-Type"] = "application/json" }, table.concat(t, c))
end
`;
  const script = join(dir, 'new-answers.lua');
  writeFileSync(script, lua);
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', ['-t', String(threads), '-c', String(CONNECTIONS), '-d', `${seconds}s`, '--latency', '-s', script, url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}:\n${text}`))));
    });
    const ms = (label: string) => {
      const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
      if (!match) throw new Error(`no ${label} latency in wrk's output:\n${output}`);
      return Number(match[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[match[2] as string]!;
    };
    const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
    const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
    const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
    return {
      tool: 'wrk',
      requestsPerSecond: Number(rate?.[1]),
      p50Ms: ms('50%'),
      p99Ms: ms('99%'),
      errors: Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function cannon(url: string, seconds: number, offset: number): Promise<LoadResult> {
  let n = offset;
  const headers = { 'content-type': 'application/json' };
  const result = await autocannon({
    url: `${url}/v1/check`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'POST', path: '/v1/check', headers, setupRequest: (request: autocannon.Request) => ({ ...request, body: body(n++) }) }],
  });
  return {
    tool: 'autocannon',
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

/** Load `url` for `seconds` with new answers numbered from `offset`. */
export function loadNewAnswers(url: string, seconds: number, offset: number): Promise<LoadResult> {
  return wrkInstalled() ? wrk(url, seconds, offset) : cannon(url, seconds, offset);
}

function describe(result: LoadResult): string {
  return `${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms${result.errors ? `, ${result.errors} errors` : ''}`;
}

async function post(server: Server, text: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
  if (response.status !== 200) throw new Error(`POST /v1/check answered ${response.status}: ${await response.text()}`);
  return response.text();
}

/** The verdicts of a sample of the bodies, as the items intend: the load is what it says it is. */
async function sampleVerdicts(server: Server): Promise<string> {
  let asIntended = 0;
  const count = TEMPLATES.length;
  for (let item = 0; item < count; item++) {
    const response = await post(server, bodyOf(item, ASIDE + item));
    const result = JSON.parse(response) as { correct?: boolean };
    if (result.correct === MIXED_ITEMS[item]?.correct) asIntended++;
  }
  return `${asIntended} of ${count} sample answers checked as intended (${MIXED_ITEMS.filter((item) => !item.correct).length} of ${count} wrong)`;
}

/** A process's CPU figures by thread: its name, its process, and the CPU seconds (user + system) it used. */
type ThreadTimes = Map<number, { name: string; pid: number; seconds: number }>;

/**
 * CPU seconds of each thread of a process and of its child processes (the service's HTTP processes
 * when it runs several, PROCESSES), by thread id (Linux /proc; empty elsewhere).
 */
function threadCpu(pid: number, times: ThreadTimes = new Map()): ThreadTimes {
  const dir = `/proc/${pid}/task`;
  if (!existsSync(dir)) return times;
  for (const tid of readdirSync(dir)) {
    try {
      const stat = readFileSync(`${dir}/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      times.set(Number(tid), { name, pid, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
      for (const child of readFileSync(`${dir}/${tid}/children`, 'utf8').split(' ').filter((text) => text !== '')) threadCpu(Number(child), times);
    } catch {
      // the thread ended meanwhile
    }
  }
  return times;
}

/**
 * What Node and V8 name their threads, as the figures call them: where a request's CPU goes says what
 * to make cheaper (the HTTP thread, the checks, or the garbage the checks leave).
 */
const THREAD_KINDS: Record<string, string> = {
  WorkerThread: 'the checking threads',
  V8Worker: "V8's garbage collection and compiler",
};

/** Where the service's CPU went per request: its main threads (HTTP, most checks), the checking threads, V8's helpers. */
function cpuPerRequest(before: ThreadTimes, after: ThreadTimes, requests: number): string | undefined {
  if (after.size === 0 || requests === 0) return undefined;
  const byKind = new Map<string, number>();
  let total = 0;
  for (const [tid, { name, pid, seconds }] of after) {
    const used = seconds - (before.get(tid)?.seconds ?? 0);
    // A process's main thread has the process's id; with several HTTP processes, theirs together.
    const kind = tid === pid ? 'the main threads (HTTP and the checks answered there)' : (THREAD_KINDS[name] ?? 'other threads');
    byKind.set(kind, (byKind.get(kind) ?? 0) + used);
    total += used;
  }
  const us = (seconds: number) => `${((seconds * 1e6) / requests).toFixed(0)} µs`;
  const parts = [...byKind].filter(([, seconds]) => seconds > 0).sort((a, b) => b[1] - a[1]).map(([kind, seconds]) => `${us(seconds)} on ${kind}`);
  return `${us(total)} of CPU a request: ${parts.join(', ')}`;
}

/**
 * The same bodies checked in one process on the servers' Node, without HTTP or threads: what a check
 * itself costs, the figure that moves least from run to run on a shared machine. CPU above the wall
 * time is V8's background threads (garbage collection, compilation).
 */
function checkInProcess(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'chainrule-core-'));
  try {
    const templates = join(dir, 'templates.json');
    writeFileSync(templates, JSON.stringify(TEMPLATES));
    const script = fileURLToPath(new URL('./check-in-process.mjs', import.meta.url));
    const run = spawnSync(SERVER_NODE, [script, SERVICE_ROOT, templates, String(count)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`the in-process check failed:\n${run.stderr}`);
    const figures = JSON.parse(run.stdout) as { meanUs: number; p50Us: number; p99Us: number; cpuUs: number };
    return `mean ${figures.meanUs.toFixed(0)} µs, p50 ${figures.p50Us.toFixed(0)} µs, p99 ${figures.p99Us.toFixed(0)} µs; CPU ${figures.cpuUs.toFixed(0)} µs a check`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Measured rounds, the service and the bare route in turn (each round's order the reverse of the last):
 * this machine's speed drifts by a tenth and more over a minute (other virtual machines on the same
 * host), and measuring the two one after the other put the drift into their ratio. In turn, each
 * ratio is of two figures taken under the same conditions. BENCH_ROUNDS overrides it.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

/** Rounds of one server as one figure: the mean throughput, the median p50, the worst p99. */
function pooled(rounds: readonly LoadResult[]): LoadResult {
  const sorted = (pick: (r: LoadResult) => number) => rounds.map(pick).sort((a, b) => a - b);
  return {
    tool: (rounds[0] as LoadResult).tool,
    requestsPerSecond: rounds.reduce((sum, r) => sum + r.requestsPerSecond, 0) / rounds.length,
    p50Ms: sorted((r) => r.p50Ms)[Math.floor(rounds.length / 2)] as number,
    p99Ms: Math.max(...rounds.map((r) => r.p99Ms)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
}

export async function benchNewAnswers(env: Record<string, string> = {}): Promise<void> {
  const roundS = DURATION_S / ROUNDS;
  console.log(`\nNew answers: POST /v1/check, ${CONNECTIONS} connections, every answer new, half wrong, against a bare Fastify route: each warmed ${WARMUP_S} s, then ${ROUNDS} rounds of ${roundS} s each, the two in turn`);
  row(`the check alone, in one process (${IN_PROCESS_CHECKS} checks)`, checkInProcess(IN_PROCESS_CHECKS));
  const serviceRounds: LoadResult[] = [];
  const bareRounds: LoadResult[] = [];
  let response: string;
  // CPU seconds the service's threads used while it was loaded, summed over the rounds.
  const cpuSeconds: ThreadTimes = new Map();
  let serviceRequests = 0;
  const server = await startService(env);
  try {
    console.log(`  ${await sampleVerdicts(server)}`);
    // A response of the service to serve from the bare route: a diagnosed wrong answer (the larger kind).
    const wrong = MIXED_ITEMS.findIndex((item) => !item.correct);
    response = await post(server, bodyOf(wrong, ASIDE + TEMPLATES.length));
    const processes = await serviceProcesses(env);
    const bare = await startBareRoute(response, processes);
    try {
      // The prepared functions and the JIT warm, as in a service that has been running (WARMUP_S).
      await loadNewAnswers(server.url, WARMUP_S, 0);
      await loadNewAnswers(bare.url, WARMUP_S, 0);
      const pid = server.child.pid as number;
      for (let round = 0; round < ROUNDS; round++) {
        const offset = 100_000_000 + round * 10_000_000;
        const measureService = async () => {
          const before = threadCpu(pid);
          const started = performance.now();
          const result = await loadNewAnswers(server.url, roundS, offset);
          const after = threadCpu(pid);
          serviceRequests += (result.requestsPerSecond * (performance.now() - started)) / 1000;
          for (const [tid, times] of after) {
            const used = times.seconds - (before.get(tid)?.seconds ?? 0);
            cpuSeconds.set(tid, { ...times, seconds: (cpuSeconds.get(tid)?.seconds ?? 0) + used });
          }
          serviceRounds.push(result);
        };
        const measureBare = async () => {
          bareRounds.push(await loadNewAnswers(bare.url, roundS, offset));
        };
        for (const measure of round % 2 === 0 ? [measureService, measureBare] : [measureBare, measureService]) await measure();
      }
    } finally {
      await bare.stop();
    }
    const service = pooled(serviceRounds);
    const yardstick = pooled(bareRounds);
    const ratios = serviceRounds.map((r, k) => r.requestsPerSecond / (bareRounds[k] as LoadResult).requestsPerSecond);
    const each = (figures: readonly number[], digits: number) => figures.map((f) => f.toFixed(digits)).join(', ');
    row(`the service (load: ${service.tool})`, `${describe(service)} (rounds: ${each(serviceRounds.map((r) => r.requestsPerSecond), 0)})`);
    row(`a bare Fastify route (same bodies, ${Buffer.byteLength(response)}-byte response, ${processes} process${processes === 1 ? '' : 'es'})`, `${describe(yardstick)} (rounds: ${each(bareRounds.map((r) => r.requestsPerSecond), 0)})`);
    row('ratio, service / bare route (goal ≥ 1/3)', `${(service.requestsPerSecond / yardstick.requestsPerSecond).toFixed(2)} (rounds: ${each(ratios, 2)})`);
    const cpu = cpuPerRequest(new Map(), cpuSeconds, serviceRequests);
    if (cpu) console.log(`  the service used ${cpu}`);
  } finally {
    await server.stop();
  }
}
