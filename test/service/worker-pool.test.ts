/**
 * The worker pool with real work, nothing mocked: an expression that is legal but takes seconds to
 * check (many chain nodes multiply the mistake candidates and their size) is stopped at its budget, the
 * stopped thread is replaced and the pool keeps answering; failures cross the thread boundary as the
 * same errors (so the same problems) as in process; a full queue refuses at once; and through the
 * HTTP app those surface as 422 and 503 problems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadError } from '../../src/parse/errors.js';
import { inProcessChecker, type CheckRequest, type DeriveRequest } from '../../src/service/checker.js';
import { BudgetExceeded, MemoryExceeded, Overloaded, problemFromError, retryAfterSeconds } from '../../src/service/problems.js';
import { workerPoolChecker, type WorkerPoolChecker } from '../../src/service/worker-pool.js';
import type { ValidateRequest } from '../../src/validate.js';
// The app as the service builds it (buildApp from a loaded configuration), with the tests' defaults.
import { testApp } from '../http/helpers.js';
import { product, rejection } from '../helpers/costly-work.js';

const SLOW: CheckRequest = { function: product(50), answer: '1' };
/** Budgets far above what an ordinary check takes (a few ms), far below what SLOW takes. */
const BUDGET_MS = 250;

const EXAMPLES: CheckRequest[] = [
  { function: 'sin(x^2)', answer: 'cos(x^2)' },
  { function: 'sin(x^2)', answer: '2x cos(x^2)' },
  { function: '(3x+1)^4', answer: '4(3x+1)^3', quiet: true },
  { function: 'e^{\\cos t}', answer: '-\\sin(t)\\, e^{\\cos t}', variable: 't', format: 'latex' },
  { function: 'ln(cos(sqrt(x)))', answer: '-tan(sqrt(x))' },
  { function: 'sqrt(a x^2 + 1)', answer: 'a x / sqrt(a x^2 + 1)' },
];
const DERIVATIONS: DeriveRequest[] = [{ function: 'sin(cos(x^3))' }, { function: '\\sqrt{\\ln y}', variable: 'y', format: 'latex' }];
const VALIDATIONS: ValidateRequest[] = [
  { answer: '3k cos(3t)', function: 'sin(3t)', lang: 'de' },
  { answer: 'e^2x' },
  { answer: 'sinn(x)' },
  { answer: '\\frac{1}{2}x', format: 'latex' },
  { answer: 'x', function: 'sin(' },
];

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('workerPoolChecker, two threads', () => {
  let pool: WorkerPoolChecker;
  const inline = inProcessChecker();

  beforeAll(() => {
    pool = workerPoolChecker({ threads: 2, budgetMs: BUDGET_MS, queueTimeoutMs: 60_000 });
  });
  afterAll(() => pool.close());

  it('starts every thread at once and is ready once each has warmed up', async () => {
    // Both threads are busy with their warm-up task from the start.
    expect(pool.stats()).toMatchObject({ threads: 2, running: 2, queued: 0 });
    await pool.ready();
    expect(pool.stats()).toEqual({ threads: 2, queued: 0, running: 0, completed: 0, timeouts: 0, rejectedOverload: 0, inline: 0, inlineDeadlinesPassed: 0, inlineCacheDrops: 0, inlineSpentMs: 0 });
  }, 60_000);

  it('answers exactly as the core does in process', async () => {
    for (const request of EXAMPLES) expect(await pool.check(request), request.function).toEqual(await inline.check(request));
    for (const request of DERIVATIONS) expect(await pool.derive(request), request.function).toEqual(await inline.derive(request));
    // Unreadable inputs included: a validation answers them as data (valid: false), from a thread too.
    for (const request of VALIDATIONS) expect(await pool.validate(request), request.answer).toEqual(await inline.validate(request));
  });

  it('rebuilds a ReadError from a thread, with its field, as the same problem as in process', async () => {
    const cases: CheckRequest[] = [
      { function: 'sin(x^2', answer: 'cos(x^2)' },
      { function: 'sin(x^2)', answer: '2x cos(x^2' },
      { function: 'sin(x^2)', answer: 'cos(x^2)', variable: '2' },
    ];
    const fields = [];
    for (const request of cases) {
      const error = await rejection(pool.check(request));
      expect(error).toBeInstanceOf(ReadError);
      fields.push((error as ReadError).field);
      expect(problemFromError(error)).toEqual(problemFromError(await rejection(inline.check(request))));
      expect(problemFromError(error).status).toBe(422);
    }
    expect(fields).toEqual(['function', 'answer', 'variable']);
    const derive = await rejection(pool.derive({ function: 'sin(' }));
    expect(derive).toBeInstanceOf(ReadError);
    expect((derive as ReadError).field).toBe('function');
  });

  it('turns a fault inside a thread into a plain Error with the thread’s stack (a 500)', async () => {
    // Not a request the HTTP layer would let through: the core itself fails on it.
    const error = await rejection(pool.check({ function: undefined as unknown as string, answer: 'x' }));
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ReadError);
    expect((error as Error).stack).toContain('<checking thread>');
    expect(problemFromError(error).status).toBe(500);
  });

  it('stops a check at its budget with BudgetExceeded, long before it would finish', async () => {
    const started = performance.now();
    const error = await rejection(pool.check(SLOW));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(BudgetExceeded);
    expect((error as BudgetExceeded).budgetMs).toBe(BUDGET_MS);
    // Checking SLOW to the end takes about ten seconds; the call came back at about the budget.
    expect(elapsed).toBeLessThan(BUDGET_MS + 5000);
    expect(problemFromError(error)).toMatchObject({
      type: 'https://chainrule.dev/problems/too-expensive',
      title: 'The expression is too expensive to check',
      status: 422,
      detail: expect.stringContaining(`${BUDGET_MS} ms`),
    });
    expect(pool.stats()).toMatchObject({ threads: 2, timeouts: 1 });
    // The other thread goes on answering meanwhile.
    expect((await pool.check(EXAMPLES[0] as CheckRequest)).diagnosis[0]?.mistake).toBe('missing_inner_factor');
  });

  it('answers through the HTTP app as in process: 200, and 422 for an unreadable answer', async () => {
    const app = await testApp({ checker: pool });
    try {
      const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/check', payload });
      const fine = await post(EXAMPLES[1] as CheckRequest);
      expect(fine.statusCode).toBe(200);
      expect(fine.json()).toMatchObject({ correct: true });
      const unreadable = await post({ function: 'sin(x^2)', answer: 'cos(x^2' });
      expect(unreadable.statusCode).toBe(422);
      expect(unreadable.json()).toMatchObject({ type: 'https://chainrule.dev/problems/invalid-expression', field: 'answer', code: 'unclosed_bracket' });
    } finally {
      await app.close();
    }
  });

  it('close() ends the threads and refuses later calls', async () => {
    await pool.ready();
    const closing = pool.close();
    expect(pool.close()).toBe(closing);
    await closing;
    expect(pool.stats().threads).toBe(0);
    const error = await rejection(pool.check(EXAMPLES[0] as CheckRequest));
    expect(error).toBeInstanceOf(Overloaded);
  });
});

describe('workerPoolChecker, one thread and a queue of one', () => {
  let pool: WorkerPoolChecker;

  beforeAll(async () => {
    pool = workerPoolChecker({ threads: 1, maxQueue: 1, budgetMs: BUDGET_MS, queueTimeoutMs: 60_000 });
    await pool.ready();
  }, 60_000);
  afterAll(() => pool.close());

  it('refuses at once what does not fit, stops the slow check, and its replacement answers the one waiting', async () => {
    // Submitted together: the first runs, the second waits, the queue is then full.
    const slow = rejection(pool.check(SLOW));
    const waiting = pool.check({ function: 'sin(x^2)', answer: '2x cos(x^2)' });
    const refused = [rejection(pool.check(SLOW)), rejection(pool.check(SLOW))];
    expect(pool.stats()).toMatchObject({ threads: 1, running: 1, queued: 1, rejectedOverload: 2 });
    for (const error of await Promise.all(refused)) {
      expect(error).toBeInstanceOf(Overloaded);
      expect(retryAfterSeconds(error)).toBe(1);
      expect(problemFromError(error)).toMatchObject({ type: 'https://chainrule.dev/problems/overloaded', title: 'The service is overloaded', status: 503 });
    }
    // Refused before anything ran to an end.
    expect(pool.stats()).toMatchObject({ running: 1, queued: 1, completed: 0, timeouts: 0 });

    const stopped = await slow;
    expect(stopped).toBeInstanceOf(BudgetExceeded);
    expect(retryAfterSeconds(stopped)).toBeUndefined();
    // The only thread was terminated: this answer comes from the thread that replaced it.
    expect((await waiting).verdict).toBe('correct');
    expect(pool.stats()).toEqual({ threads: 1, queued: 0, running: 0, completed: 1, timeouts: 1, rejectedOverload: 2, inline: 0, inlineDeadlinesPassed: 0, inlineCacheDrops: 0, inlineSpentMs: 0 });
  });

  it('answers 503, 422 and 200 through the HTTP app', async () => {
    const app = await testApp({ checker: pool });
    try {
      const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/check', payload });
      // In this order: the slow check running, an ordinary one waiting behind it, a third refused.
      const slow = post(SLOW);
      await until(() => pool.stats().running === 1);
      const queued = post(EXAMPLES[0] as CheckRequest);
      await until(() => pool.stats().queued === 1);
      const refused = await post(EXAMPLES[0] as CheckRequest);
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({ type: 'https://chainrule.dev/problems/overloaded', status: 503, instance: '/v1/check' });
      const stopped = await slow;
      expect(stopped.statusCode).toBe(422);
      expect(stopped.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stopped.json()).toMatchObject({
        type: 'https://chainrule.dev/problems/too-expensive',
        title: 'The expression is too expensive to check',
        status: 422,
        detail: expect.stringContaining(`${BUDGET_MS} ms`),
        instance: '/v1/check',
      });
      // It waited for the replacement of the thread stopped under the slow check.
      expect((await queued).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('rejects the calls still waiting when it closes, after those running end', async () => {
    const running = rejection(pool.check(SLOW));
    const waiting = rejection(pool.check(EXAMPLES[0] as CheckRequest));
    await pool.close();
    expect(await running).toBeInstanceOf(BudgetExceeded);
    expect(await waiting).toBeInstanceOf(Overloaded);
    expect(pool.stats().threads).toBe(0);
  });
});

describe('a check that runs its thread out of memory', () => {
  it('is refused as too expensive (422), and the pool answers afterwards', async () => {
    // A real memory-hungry input (a nest 40 deep makes hundreds of mistake candidates) against a
    // heap cap far below the default 512 MB, yet well above a warm thread's own ~22 MB: with a few MB
    // to spare, the replacement thread itself ran out while warming up when the cores were busy.
    const pool = workerPoolChecker({ threads: 1, budgetMs: 60_000, resourceLimits: { maxOldGenerationSizeMb: 40 } });
    try {
      await pool.ready();
      const heavy = { function: `${'sin('.repeat(40)}x^2${')'.repeat(40)}`, answer: '0' };
      const error = await pool.check(heavy).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(MemoryExceeded);
      expect(problemFromError(error)).toMatchObject({ status: 422, type: 'https://chainrule.dev/problems/too-expensive' });
      expect((await pool.check({ function: 'sin(x^2)', answer: 'cos(x^2)' })).verdict).toBe('incorrect');
    } finally {
      await pool.close();
    }
  }, 60_000);
});
