/**
 * Faults, with real threads and a real process: a checking thread that dies in the middle of a batch
 * (a crash, and a thread stopped by its memory cap) costs that item alone, answered as an error, and
 * the batch completes with every item in order; SIGTERM under load answers every request the service
 * accepted before it exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerPoolChecker, type WorkerPoolChecker } from '../../src/service/worker-pool.js';
import { runServer, testApp } from '../http/helpers.js';
import { CRASH } from './crashing-worker.js';
import { SLOW_REQUEST_ID, sigtermUnderLoad } from '../helpers/sigterm-under-load.js';

interface BatchResult {
  index: number;
  id: string | null;
  verdict?: string;
  error?: { status: number; type: string };
}

/** A batch of `n` ordinary items (correct and wrong in turn), with `odd` in place of item `at`. */
function batch(n: number, at: number, odd: { function: string; answer: string }) {
  return Array.from({ length: n }, (_, i) =>
    i === at ? { id: `s${i}`, ...odd } : { id: `s${i}`, function: 'sin(x^2)', answer: i % 2 === 0 ? `2x cos(x^2) + 0*${i}` : `${i + 3}x cos(x^2)` },
  );
}

function expectOnlyItemFailed(results: BatchResult[], n: number, at: number, status: number, type: string) {
  // Nothing lost, nothing out of order.
  expect(results.map((result) => result.index)).toEqual(Array.from({ length: n }, (_, i) => i));
  expect(results.map((result) => result.id)).toEqual(Array.from({ length: n }, (_, i) => `s${i}`));
  expect(results[at]?.error).toMatchObject({ status, type: `https://chainrule.dev/problems/${type}` });
  results.forEach((result, i) => {
    if (i !== at) expect(result.verdict, `item ${i}`).toBe(i % 2 === 0 ? 'correct' : 'incorrect');
  });
}

describe('a checking thread that dies in the middle of a batch', () => {
  let pool: WorkerPoolChecker;
  beforeAll(async () => {
    pool = workerPoolChecker({ threads: 2, workerFile: new URL('./crashing-worker.ts', import.meta.url), onError: () => {} });
    await pool.ready();
  }, 60_000);
  afterAll(() => pool.close());

  it('answers its item as a 500 problem, every other item as usual, in order (JSON batch)', async () => {
    const app = await testApp({ checker: pool, env: { BATCH_CONCURRENCY: '4' } });
    try {
      const n = 40;
      const response = await app.inject({ method: 'POST', url: '/v1/check/batch', payload: { items: batch(n, 17, { function: 'sin(x^2)', answer: CRASH }) } });
      expect(response.statusCode).toBe(200);
      const { results, summary } = response.json() as { results: BatchResult[]; summary: { total: number; errors: number } };
      expectOnlyItemFailed(results, n, 17, 500, 'internal-error');
      expect(summary).toMatchObject({ total: n, errors: 1 });
      // The thread was replaced: the pool is whole again and answers.
      expect(pool.stats().threads).toBe(2);
      expect((await pool.check({ function: 'sin(x^2)', answer: 'cos(x^2)' })).verdict).toBe('incorrect');
    } finally {
      await app.close();
    }
  });

  it('does the same in a streamed batch', async () => {
    const app = await testApp({ checker: pool, env: { BATCH_CONCURRENCY: '4' } });
    try {
      const n = 30;
      const payload = batch(n, 3, { function: 'sin(x^2)', answer: CRASH }).map((item) => JSON.stringify(item)).join('\n');
      const response = await app.inject({ method: 'POST', url: '/v1/check/batch', headers: { 'content-type': 'application/x-ndjson' }, payload });
      const lines = response.body.trim().split('\n').map((line) => JSON.parse(line) as BatchResult & { summary?: { total: number; errors: number } });
      expect(lines.at(-1)?.summary).toMatchObject({ total: n, errors: 1 });
      expectOnlyItemFailed(lines.slice(0, -1), n, 3, 500, 'internal-error');
    } finally {
      await app.close();
    }
  });
});

describe('the only checking thread dying', () => {
  it('leaves the next check waiting for its replacement, not spending its budget on the wait', async () => {
    // A thread takes far longer than 200 ms to start and warm up: a check sent before it is ready
    // would be stopped at its budget before it began (the bug this guards against).
    const pool = workerPoolChecker({ threads: 1, budgetMs: 200, queueTimeoutMs: 60_000, workerFile: new URL('./crashing-worker.ts', import.meta.url), onError: () => {} });
    try {
      await pool.ready();
      const crashed = await pool.check({ function: 'sin(x^2)', answer: CRASH }).then(() => undefined, (error: unknown) => error);
      // The crash ends the check; on a loaded machine the thread's exit can be noticed after the 200 ms
      // budget, which ends it the same way (the thread is replaced either way).
      expect(String(crashed)).toMatch(/The checking thread stopped unexpectedly|The check was stopped/);
      const timeoutsBefore = pool.stats().timeouts;
      // The point: the next check waits for the replacement to warm up, then runs within its budget.
      expect((await pool.check({ function: 'sin(x^2)', answer: 'cos(x^2)' })).verdict).toBe('incorrect');
      expect(pool.stats()).toMatchObject({ threads: 1, timeouts: timeoutsBefore });
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('a checking thread stopped by its memory cap in the middle of a batch', () => {
  it('answers its item 422 too-expensive, every other item as usual', async () => {
    const pool = workerPoolChecker({ threads: 2, budgetMs: 60_000, resourceLimits: { maxOldGenerationSizeMb: 24 } });
    const app = await testApp({ checker: pool, env: { BATCH_CONCURRENCY: '4' } });
    try {
      await pool.ready();
      const n = 20;
      const heavy = { function: `${'sin('.repeat(40)}x^2${')'.repeat(40)}`, answer: '0' };
      const response = await app.inject({ method: 'POST', url: '/v1/check/batch', payload: { items: batch(n, 9, heavy) } });
      expectOnlyItemFailed((response.json() as { results: BatchResult[] }).results, n, 9, 422, 'too-expensive');
    } finally {
      await app.close();
      await pool.close();
    }
  }, 60_000);
});

describe('SIGTERM under load', () => {
  it('answers every request the service accepted, then exits 0', async () => {
    // A budget that the slow check in flight (sigtermUnderLoad) meets on a loaded machine too.
    const { child, exited, output } = runServer({ LOG_LEVEL: 'debug', PORT: '0', HOST: '127.0.0.1', WORKER_THREADS: '2', RATE_LIMIT_MAX: '1000000', MAX_EVENT_LOOP_DELAY_MS: '0', CHECK_TIMEOUT_MS: '60000' });
    try {
      const deadline = Date.now() + 40_000;
      let url: string | undefined;
      while (url === undefined || !(await fetch(`${url}/ready`).then((r) => r.ok, () => false))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output().stderr}`);
        url ??= /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output().stdout)?.[1];
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      // 16 clients, each sending checks one after another (new answers, so the threads work) until
      // the service stops taking them.
      const tookIn = (id: string) => output().stdout.split('\n').some((line) => line.includes('"msg":"check"') && line.includes(`"requestId":"${id}"`));
      const { code, outcomes } = await sigtermUnderLoad(url, child, exited, tookIn);
      expect(code).toBe(0);

      const lines = output().stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; requestId?: string });
      const shutdownAt = lines.findIndex((line) => line.msg === 'shutting down: finishing in-flight requests');
      expect(shutdownAt).toBeGreaterThan(0);
      // Every request the service took in (its handler logged it) was answered, with a status.
      const accepted = lines.filter((line) => line.msg === 'check').map((line) => line.requestId as string);
      expect(accepted.length).toBeGreaterThan(100);
      const unanswered = accepted.filter((id) => typeof outcomes.get(id) !== 'number');
      expect(unanswered).toEqual([]);
      expect(new Set(accepted.map((id) => outcomes.get(id)))).toEqual(new Set([200]));
      // The slow one was still being checked when SIGTERM came (the helper waited until it was taken
      // in): the drain was put to the test, and it was answered.
      expect(accepted).toContain(SLOW_REQUEST_ID);
      expect(outcomes.get(SLOW_REQUEST_ID)).toBe(200);
      expect(lines.slice(shutdownAt).some((line) => line.msg === 'request completed')).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
