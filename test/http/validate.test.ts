/**
 * POST /v1/validate: how an answer reads before it is graded. Unreadable answers are data (valid:
 * false, errors with field, position, token and hint), not 422s; requests that are not validation
 * requests are 400s; hostile MathML gets an error entry, never a 500 or a hang.
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/http/config.js';
import { msg } from '../../src/i18n/message.js';
import { createChecker } from '../../src/server.js';
import type { WorkerPoolChecker } from '../../src/service/worker-pool.js';
import { Overloaded } from '../../src/service/problems.js';
import { validateAnswer } from '../../src/validate.js';
import { responseErrors } from './contract.js';
import { rejectingChecker, testApp } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

async function validate(body: object): Promise<request.Response> {
  const response = await request(app.server).post('/v1/validate').send(body);
  expect(responseErrors('/v1/validate', 'post', response.status, response.headers['content-type'], response.body)).toEqual([]);
  return response;
}

describe('POST /v1/validate', () => {
  test('an answer that reads one way', async () => {
    const { body } = await validate({ answer: '2x cos(x^2)' });
    expect(body).toMatchObject({ valid: true, reading: { text: '2*x*cos(x^2)' }, variable: 'x', format: 'text', variables: ['x'], functions: ['cos'], errors: [] });
    expect(body.readings).toHaveLength(1);
  });
  test('an ambiguous answer lists every reading, and the warning says how it was read', async () => {
    const { body } = await validate({ answer: 'e^2x' });
    expect(body.readings.map((r: { text: string }) => r.text)).toEqual(['e^(2*x)', 'e^2*x']);
    expect(body.warnings[0]).toMatchObject({ code: 'ambiguous_exponent', field: 'answer' });
  });
  test('with the function: its variable, and letters it does not use', async () => {
    const { body } = await validate({ answer: '3k cos(3t)', function: 'sin(3t)' });
    expect(body.variable).toBe('t');
    expect(body.variables).toEqual(['t', 'k']);
    expect(body.warnings.map((w: { code: string }) => w.code)).toEqual(['variable_inferred', 'letter_not_in_function']);
  });
  test('an unreadable answer is valid: false with the error where it is', async () => {
    const { status, body } = await validate({ answer: 'sinn(x)' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ valid: false, reading: null, readings: [] });
    expect(body.errors).toEqual([expect.objectContaining({ field: 'answer', code: 'unknown_name', position: 0, token: 'sinn' })]);
  });
  test('an unreadable function and an invalid variable are errors of their own fields', async () => {
    expect((await validate({ answer: 'x', function: 'sin(' })).body.errors[0].field).toBe('function');
    expect((await validate({ answer: 'x', variable: 'ee' })).body.errors[0].field).toBe('variable');
    expect((await validate({ answer: 'cos t', function: 'a sin(t)' })).body.errors[0]).toMatchObject({ field: 'function', code: 'variable_needed' });
  });
  test('MathML, LaTeX and the format asked for', async () => {
    expect((await validate({ answer: '<math><mi>x</mi></math>' })).body.format).toBe('mathml');
    expect((await validate({ answer: '\\frac{1}{2}x' })).body.format).toBe('latex');
    expect((await validate({ answer: 'x', format: 'latex' })).body.format).toBe('latex');
  });
  test('hostile MathML is an error entry, never a 500', async () => {
    for (const answer of [
      '<!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><math><mi>&b;</mi></math>',
      '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><math><mi>&x;</mi></math>',
      `<math>${'<mrow>'.repeat(300)}</math>`,
    ]) {
      const { status, body } = await validate({ answer });
      expect(status).toBe(200);
      expect(body.valid).toBe(false);
      expect(body.errors[0]).toMatchObject({ field: 'answer', code: 'invalid_mathml' });
      expect(JSON.stringify(body)).not.toMatch(/root:|passwd:/);
    }
  });
  test('a body that is not a validation request is a 400', async () => {
    const response = await validate({ answer: 'x', quiet: true });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'quiet' });
  });
});

/**
 * 660 times 2xx: 1,980 characters within the limits, hundreds of ambiguous places, read 16 ways. It took
 * 100 to 250 ms warm (up to a second cold) on the service's own thread, with no deadline: ten at once
 * held /health for 1.7 s and set off load shedding.
 */
const COSTLY = { answer: '2xx'.repeat(660) };

/** An app with the worker pool the configuration makes (CHECKER=pool), one thread, and its pool. */
async function pooledApp(env: Record<string, string>): Promise<{ app: FastifyInstance; pool: WorkerPoolChecker }> {
  const all = { CHECKER: 'pool', WORKER_THREADS: '1', MAX_EVENT_LOOP_DELAY_MS: '0', ...env };
  const pool = createChecker(loadConfig(all), pino({ level: 'silent' })) as WorkerPoolChecker;
  await pool.ready();
  return { app: await testApp({ env: all, checker: pool }), pool };
}

async function validateOn(on: FastifyInstance, body: object): Promise<request.Response> {
  const response = await request(on.server).post('/v1/validate').send(body);
  expect(responseErrors('/v1/validate', 'post', response.status, response.headers['content-type'], response.body)).toEqual([]);
  return response;
}

describe('POST /v1/validate through the worker pool, as a check goes', () => {
  test('an ordinary answer is read on the service thread; one past the inline deadline is read on a thread, with the same answer', async () => {
    // A deadline far below what COSTLY takes, a budget far above it.
    const { app: pooled, pool } = await pooledApp({ INLINE_CHECK_MS: '20', CHECK_TIMEOUT_MS: '60000' });
    try {
      const before = pool.stats();
      const ordinary = await validateOn(pooled, { answer: '3k cos(3t)', function: 'sin(3t)' });
      expect(ordinary.status).toBe(200);
      expect(ordinary.body).toEqual((await validate({ answer: '3k cos(3t)', function: 'sin(3t)' })).body);
      expect(pool.stats()).toMatchObject({ inline: before.inline + 1, completed: before.completed });

      const costly = await validateOn(pooled, COSTLY);
      expect(costly.status).toBe(200);
      expect(costly.body).toEqual(JSON.parse(JSON.stringify(validateAnswer(COSTLY))));
      expect(costly.body.readings).toHaveLength(16);
      expect(pool.stats()).toMatchObject({ inline: before.inline + 1, inlineDeadlinesPassed: before.inlineDeadlinesPassed + 1, completed: before.completed + 1 });
    } finally {
      await pooled.close();
      await pool.close();
    }
  }, 60_000);

  test('one past the thread budget is a 422 too-expensive, and the service goes on reading', async () => {
    // 20 ms: far below what COSTLY takes on a warm thread.
    const { app: pooled, pool } = await pooledApp({ INLINE_CHECK_MS: '5', CHECK_TIMEOUT_MS: '20' });
    try {
      const stopped = await validateOn(pooled, COSTLY);
      expect(stopped.status).toBe(422);
      expect(stopped.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stopped.body).toMatchObject({
        type: 'https://chainrule.dev/problems/too-expensive',
        status: 422,
        detail: expect.stringContaining('20 ms'),
        instance: '/v1/validate',
      });
      expect(pool.stats()).toMatchObject({ timeouts: 1 });
      const fine = await validateOn(pooled, { answer: '2x cos(x^2)' });
      expect(fine.status).toBe(200);
      expect(fine.body.valid).toBe(true);
    } finally {
      await pooled.close();
      await pool.close();
    }
  }, 60_000);

  test('ten costly ones at once do not hold /health', async () => {
    const { app: pooled, pool } = await pooledApp({ INLINE_CHECK_MS: '50', CHECK_TIMEOUT_MS: '2000' });
    try {
      await new Promise<void>((resolve) => pooled.server.listen(0, '127.0.0.1', resolve));
      const validations = Array.from({ length: 10 }, (_, i) => request(pooled.server).post('/v1/validate').send({ answer: `${'2xx'.repeat(660 - i)}` }));
      const sent = Promise.all(validations.map((each) => each.then((response) => response.status)));
      // Let the validations arrive first.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = performance.now();
      expect((await request(pooled.server).get('/health')).status).toBe(200);
      const healthMs = performance.now() - started;
      expect(await sent).toEqual(Array.from({ length: 10 }, () => 200));
      // On the service thread with no deadline: 1 to 2.5 s (ten times 100 to 250 ms).
      expect(healthMs).toBeLessThan(500);
    } finally {
      await pooled.close();
      await pool.close();
    }
  }, 60_000);

  test('an overloaded pool is a 503 with Retry-After, as documented', async () => {
    const refusing = await testApp({ checker: rejectingChecker(new Overloaded(msg('problem.overloaded.queue_full', { threads: 1, waiting: 0 }), 5)) });
    try {
      const refused = await validateOn(refusing, { answer: 'x' });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body).toMatchObject({ type: 'https://chainrule.dev/problems/overloaded', instance: '/v1/validate' });
    } finally {
      await refusing.close();
    }
  });
});
