/**
 * Several HTTP processes (PROCESSES > 1), on the real thing: the entry point under tsx in a process of
 * its own, as a primary forking cluster workers. Both workers answer; /metrics reports the whole
 * service from whichever answers, and a 503 problem when the primary does not answer; each process
 * enforces its share of the rate limit; a worker killed is replaced while the other serves; SIGTERM
 * drains every request in flight, exits 0 and leaves no process behind; a bad configuration stops the
 * primary before it forks; workers that keep dying make it give up rather than fork forever; workers
 * that cannot listen stop it at once, the cause said once; and
 * PROCESSES=1 is one process, no cluster. Which process answered is read from the logs (pino's pid).
 */
import { request as httpRequest, Agent } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServer, until } from './helpers.js';
import { sigtermUnderLoad } from '../helpers/sigterm-under-load.js';

interface LogLine {
  msg: string;
  pid: number;
  level: number;
  worker?: number;
  url?: string;
  requestId?: string;
}

type Running = ReturnType<typeof runServer>;

function logLines(server: Running): LogLine[] {
  return server
    .output()
    .stdout.split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Loading the service under tsx takes seconds per process, more while other test files run beside it. */
const START_MS = 90_000;

/**
 * Start a primary with two workers of one checking thread each, and wait until both serve with warm
 * pools. Returns the shared URL and the workers' pids.
 */
async function startCluster(env: Record<string, string>, args?: string[]) {
  const server = runServer({ PROCESSES: '2', WORKER_THREADS: '1', PORT: '0', HOST: '127.0.0.1', MAX_EVENT_LOOP_DELAY_MS: '0', ...env }, args);
  const { stdout } = server.output();
  await until(() => {
    const out = server.output().stdout;
    return (count(out, '"msg":"HTTP process serving"') >= 2 && count(out, '"msg":"checking threads ready"') >= 2) || server.child.exitCode !== null;
  }, START_MS);
  expect(server.child.exitCode, `${stdout}\n${server.output().stderr}`).toBeNull();
  const lines = logLines(server);
  const listening = lines.map((line) => /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line.msg)?.[1]).filter((url) => url !== undefined);
  // Port 0 is chosen once, by the primary: every worker listens on the same port.
  expect(listening).toHaveLength(2);
  expect(new Set(listening).size).toBe(1);
  const workers = lines.filter((line) => line.msg === 'HTTP process serving').map((line) => line.worker as number);
  expect(workers).not.toContain(server.child.pid);
  return { server, url: listening[0] as string, workers };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request on a connection of its own (no keep-alive), unless an agent is given: the cluster hands
 * each new connection to the next process in turn.
 */
function send(url: string, path: string, options: { method?: string; body?: unknown; headers?: Record<string, string>; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(
      new URL(path, url),
      {
        method: options.method ?? 'GET',
        agent: options.agent ?? false,
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const check = (url: string, i: number) => send(url, '/v1/check', { method: 'POST', body: { function: 'sin(x^2)', answer: `${i + 1}x cos(x^2)` } });

/** The value of each series of a metric in Prometheus text, by its labels (`{}` when it has none). */
function series(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) found.set(match[2] ?? '{}', Number(match[3]));
  }
  return found;
}

const total = (values: Map<string, number>) => [...values.values()].reduce((sum, value) => sum + value, 0);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('PROCESSES=2: a primary and two workers (src/server.ts)', () => {
  let running: Awaited<ReturnType<typeof startCluster>>;
  beforeAll(async () => {
    running = await startCluster({ LOG_LEVEL: 'debug', RATE_LIMIT_MAX: '1000000' });
  }, START_MS + 10_000);
  afterAll(() => {
    running?.server.child.kill('SIGKILL');
  });

  it('answers checks from both workers, and /metrics reports the whole service', async () => {
    const { server, url, workers } = running;
    const n = 20;
    for (let i = 0; i < n; i++) expect((await check(url, i)).status).toBe(200);

    const metrics = await send(url, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    // Counters and histograms summed over the processes: every check counted once, wherever it ran.
    expect(total(series(metrics.body, 'chainrule_checks_total'))).toBe(n);
    expect(series(metrics.body, 'chainrule_http_requests_total').get('{route="/v1/check",method="POST",status="200"}')).toBe(n);
    expect(series(metrics.body, 'chainrule_http_request_duration_seconds_count').get('{route="/v1/check",method="POST"}')).toBe(n);
    // The pools' gauges summed: one thread in each process.
    expect(series(metrics.body, 'chainrule_pool_threads').get('{}')).toBe(2);
    // Every check done by a pool, on its threads or in its service thread.
    const pooled = (name: string) => series(metrics.body, name).get('{}') ?? 0;
    expect(pooled('chainrule_pool_completed') + pooled('chainrule_pool_inline')).toBeGreaterThanOrEqual(n);
    // Node's own metrics as prom-client aggregates them: one version line, no start time (it omits it).
    expect(series(metrics.body, 'chainrule_nodejs_version_info').size).toBe(1);
    expect(metrics.body).not.toContain('chainrule_process_start_time_seconds');

    // Each worker answered some of them, neither all: two processes served.
    const answeredBy = new Map<number, number>();
    for (const line of logLines(server)) {
      if (line.msg === 'request completed' && line.url === '/v1/check') answeredBy.set(line.pid, (answeredBy.get(line.pid) ?? 0) + 1);
    }
    expect([...answeredBy.keys()].sort()).toEqual([...workers].sort());
    for (const answered of answeredBy.values()) expect(answered).toBeLessThan(n);
  });

  it('answers /metrics with a 503 problem when the primary does not answer in time', async () => {
    const { server, url } = running;
    // A kept-alive connection is the worker's own: it is answered with the primary stopped.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const primary = server.child.pid as number;
    try {
      expect((await send(url, '/health', { agent })).status).toBe(200);
      process.kill(primary, 'SIGSTOP');
      const metrics = await send(url, '/metrics', { agent });
      expect(metrics.status).toBe(503);
      expect(metrics.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(metrics.headers['retry-after']).toBe('5');
      expect(JSON.parse(metrics.body)).toMatchObject({
        type: 'https://chainrule.dev/problems/overloaded',
        status: 503,
        detail: "The service's processes did not all report their metrics in time. Retry in 5 s.",
        instance: '/metrics',
      });
    } finally {
      process.kill(primary, 'SIGCONT');
      agent.destroy();
    }
    // And once it answers again, so does /metrics.
    expect((await send(url, '/metrics')).status).toBe(200);
  }, 30_000);

  it('replaces a worker killed with SIGKILL, while the other keeps answering', async () => {
    const { server, url, workers } = running;
    const [victim, survivor] = workers as [number, number];
    process.kill(victim, 'SIGKILL');
    await until(() => logLines(server).some((line) => line.msg === 'HTTP process died: starting another' && line.worker === victim), 10_000);
    const died = logLines(server).find((line) => line.msg === 'HTTP process died: starting another');
    expect(died).toMatchObject({ pid: server.child.pid, level: 50 });
    // Served by the survivor while the replacement loads; /metrics too, from the workers that serve
    // (one still loading has counted nothing, and is not waited for).
    for (let i = 0; i < 4; i++) expect((await check(url, 100 + i)).status).toBe(200);
    const metrics = await send(url, '/metrics');
    expect(metrics.status).toBe(200);
    expect(total(series(metrics.body, 'chainrule_checks_total'))).toBeGreaterThanOrEqual(4);

    await until(() => logLines(server).filter((line) => line.msg === 'HTTP process serving').length >= 3, START_MS);
    const replacement = logLines(server).filter((line) => line.msg === 'HTTP process serving').at(-1)?.worker as number;
    expect(workers).not.toContain(replacement);
    expect(alive(victim)).toBe(false);
    running.workers = [survivor, replacement];

    // The replacement takes its turn: both processes answer again.
    const before = logLines(server).length;
    for (let i = 0; i < 8; i++) expect((await check(url, 200 + i)).status).toBe(200);
    const answeredBy = new Set(
      logLines(server)
        .slice(before)
        .filter((line) => line.msg === 'request completed' && line.url === '/v1/check')
        .map((line) => line.pid),
    );
    expect([...answeredBy].sort()).toEqual([survivor, replacement].sort());
  }, START_MS);

  it('on SIGTERM answers every request in flight, stops every worker, exits 0 and leaves no process behind', async () => {
    const { server, url, workers } = running;
    const { child, exited } = server;
    const { code, outcomes } = await sigtermUnderLoad(url, child, exited);
    expect(code).toBe(0);

    const lines = logLines(server);
    const shutdownAt = lines.findIndex((line) => line.msg === 'shutting down: every HTTP process finishes its in-flight requests');
    expect(shutdownAt).toBeGreaterThan(0);
    // Every request a worker took in (its handler logged it) was answered, with a 200.
    const accepted = lines.filter((line) => line.msg === 'check' && line.requestId?.startsWith('lane')).map((line) => line.requestId as string);
    expect(accepted.length).toBeGreaterThan(100);
    expect(accepted.filter((id) => typeof outcomes.get(id) !== 'number')).toEqual([]);
    expect(new Set(accepted.map((id) => outcomes.get(id)))).toEqual(new Set([200]));
    // Both workers drained and stopped on the primary's word, then the primary.
    for (const pid of workers) {
      expect(lines.some((line) => line.pid === pid && line.msg === 'shutting down: finishing in-flight requests')).toBe(true);
      expect(lines.some((line) => line.pid === pid && line.msg === 'stopped')).toBe(true);
      expect(alive(pid)).toBe(false);
    }
    expect(lines.at(-1)).toMatchObject({ pid: child.pid, msg: 'stopped' });
  }, 60_000);
});

describe('chainrule serve with PROCESSES=2', () => {
  it('forks the workers too, each enforcing its share of the rate limit, and stops on SIGTERM', async () => {
    // 60 a window in all, so 30 in each process; the window is longer than the test.
    const { server, url, workers } = await startCluster({ RATE_LIMIT_MAX: '60', RATE_LIMIT_WINDOW_MS: '600000' }, ['bin/chainrule.js', 'serve']);
    try {
      const answers: Answer[] = [];
      for (let i = 0; i < 80; i++) answers.push(await send(url, '/v1/mistakes'));
      for (const answer of answers) expect(answer.headers['x-ratelimit-limit']).toBe('30');
      const taken = answers.filter((answer) => answer.status === 200).length;
      const refused = answers.filter((answer) => answer.status === 429);
      expect(taken + refused.length).toBe(80);
      // More than one process's share was taken (the connections were spread), never more than the total.
      expect(taken).toBeGreaterThan(30);
      expect(taken).toBeLessThanOrEqual(60);
      expect(JSON.parse(refused[0]?.body ?? '{}')).toMatchObject({ type: 'https://chainrule.dev/problems/rate-limited', status: 429 });

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      for (const pid of workers) expect(alive(pid)).toBe(false);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, START_MS + 30_000);
});

describe('starting several processes', () => {
  it.each([
    [{ PROCESSES: '2', PORT: 'eighty' }, /PORT: expected a whole number from 0 to 65535, got "eighty"/],
    [{ PROCESSES: '0' }, /PROCESSES: expected a whole number from 1 to 256, got "0"/],
  ])('refuses a bad configuration in the primary, before it forks anything (%o)', async (env, message) => {
    const server = runServer(env);
    try {
      expect(await server.exited).toBe(1);
      expect(server.output().stderr).toMatch(message);
      // Not a line logged: no primary started, no worker forked.
      expect(server.output().stdout).toBe('');
    } finally {
      server.child.kill('SIGKILL');
    }
  }, START_MS);

  it('gives up with status 1 when workers keep dying as they start, rather than fork forever', async () => {
    // Every worker exits as it loads (NODE_OPTIONS reaches the forked workers; the primary is no worker).
    const crashAtStart = "--import=data:text/javascript,if(process.getBuiltinModule('node:cluster').isWorker)process.exit(3)";
    const server = runServer({ PROCESSES: '2', WORKER_THREADS: '1', PORT: '0', HOST: '127.0.0.1', NODE_OPTIONS: crashAtStart });
    try {
      expect(await server.exited).toBe(1);
      const lines = logLines(server);
      // RESTART_LIMIT (5) replaced, the sixth death within the window ends it.
      expect(lines.filter((line) => line.msg === 'HTTP process died: starting another')).toHaveLength(5);
      expect(lines.filter((line) => line.msg === 'HTTP processes keep dying: giving up')).toHaveLength(1);
      const pids = new Set(lines.filter((line) => line.worker !== undefined).map((line) => line.worker as number));
      for (const pid of pids) expect(alive(pid)).toBe(false);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 2 * START_MS);

  it('stops at once with status 1 and says why when the workers cannot listen (the port is taken)', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as { port: number }).port);
    const server = runServer({ PROCESSES: '2', WORKER_THREADS: '1', PORT: port, HOST: '127.0.0.1' });
    try {
      expect(await server.exited).toBe(1);
      const lines = logLines(server);
      // Every worker would fail alike: none is replaced, and the cause is said once, by the primary.
      expect(lines.filter((line) => line.msg === 'HTTP process died: starting another')).toHaveLength(0);
      const fatal = lines.filter((line) => line.level === 60);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatchObject({ pid: server.child.pid, msg: `cannot listen on 127.0.0.1:${port}: another process listens on that port (EADDRINUSE): stop it, or set PORT to a free port` });
      // Nothing else at error level: the checking threads closed on purpose are no failure to report.
      expect(lines.filter((line) => line.level >= 50 && line.level < 60), server.output().stdout).toEqual([]);
      expect(server.output().stderr).toBe('');
      const pids = new Set(lines.filter((line) => line.worker !== undefined).map((line) => line.worker as number));
      for (const pid of pids) expect(alive(pid)).toBe(false);
    } finally {
      server.child.kill('SIGKILL');
      taken.close();
    }
  }, 2 * START_MS);

  it.each([
    ['npm start', undefined],
    ['chainrule serve', ['--import', 'tsx', 'bin/chainrule.js', 'serve']],
  ])('with PROCESSES=1 says why it cannot listen in one line, no stack, and exits 1 (%s)', async (_, args) => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as { port: number }).port);
    const server = runServer({ PROCESSES: '1', WORKER_THREADS: '1', PORT: port, HOST: '127.0.0.1' }, args);
    try {
      expect(await server.exited).toBe(1);
      expect(server.output().stderr).toBe(`chainrule: cannot listen on 127.0.0.1:${port}: another process listens on that port (EADDRINUSE): stop it, or set PORT to a free port\n`);
      expect(logLines(server).filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      server.child.kill('SIGKILL');
      taken.close();
    }
  }, START_MS);

  it('with PROCESSES=1 serves in the process started: no primary, no cluster', async () => {
    const server = runServer({ PROCESSES: '1', WORKER_THREADS: '1', PORT: '0', HOST: '127.0.0.1' });
    try {
      let url: string | undefined;
      await until(() => {
        url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output().stdout)?.[1];
        return url !== undefined || server.child.exitCode !== null;
      }, START_MS);
      expect(url, server.output().stderr).toBeDefined();
      expect((await check(url as string, 0)).status).toBe(200);
      const metrics = await send(url as string, '/metrics');
      expect(total(series(metrics.body, 'chainrule_checks_total'))).toBe(1);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const lines = logLines(server);
      // Every line from the process started; none of the primary's.
      expect(new Set(lines.map((line) => line.pid))).toEqual(new Set([server.child.pid]));
      expect(lines.map((line) => line.msg)).not.toContain('starting HTTP processes');
    } finally {
      server.child.kill('SIGKILL');
    }
  }, START_MS);
});
