/**
 * Abuse and access: API keys, per-key and per-address rate limits, security headers, load shedding
 * under a real slow input, readiness, and the metrics an operator watches.
 */
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterEach, describe, expect, test } from 'vitest';
import type { Checker } from '../../src/service/checker.js';
import { rejectingChecker, testApp, type TestAppOptions } from './helpers.js';

const apps: FastifyInstance[] = [];
async function app(env: Record<string, string> = {}, extra: Omit<TestAppOptions, 'env'> = {}): Promise<FastifyInstance> {
  const built = await testApp({ env, ...extra });
  apps.push(built);
  return built;
}
afterEach(async () => {
  while (apps.length > 0) await apps.pop()?.close();
});

const KEY = 'lms-integration-key-0001';
const OTHER = 'lms-integration-key-0002';
const CHECK = { function: 'sin(x^2)', answer: '2x cos(x^2)' };

describe('API keys', () => {
  test('without API_KEYS the service is open', async () => {
    const open = await app();
    expect((await request(open.server).post('/v1/check').send(CHECK)).status).toBe(200);
  });
  test('with API_KEYS every /v1 route needs a valid key; liveness, readiness, metrics and docs do not', async () => {
    const keyed = await app({ API_KEYS: `${KEY}, ${OTHER}` });
    const none = await request(keyed.server).post('/v1/check').send(CHECK);
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="chainrule"');
    expect(none.body.detail).toContain('Authorization: Bearer <key>');
    const wrong = await request(keyed.server).post('/v1/check').set('authorization', `Bearer ${KEY}x`).send(CHECK);
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail).toBe('The API key is not valid.');
    expect((await request(keyed.server).get('/v1/mistakes')).status).toBe(401);
    for (const key of [KEY, OTHER]) {
      const ok = await request(keyed.server).post('/v1/check').set('authorization', `Bearer ${key}`).send(CHECK);
      expect(ok.status).toBe(200);
    }
    for (const path of ['/health', '/ready', '/metrics', '/openapi.yaml', '/docs']) {
      expect((await request(keyed.server).get(path)).status, path).toBe(200);
    }
  });
  test('a percent-encoded path reaches the same route and needs the same key (regression)', async () => {
    const keyed = await app({ API_KEYS: KEY });
    for (const path of ['/%761/check', '/%76%31/check', '/v%31/check']) {
      const response = await request(keyed.server).post(path).send(CHECK);
      expect(response.status, path).toBe(401);
    }
    expect((await request(keyed.server).post('/%76%31/check/batch').send({ items: [CHECK] })).status).toBe(401);
  });
  test('a key too short to be a secret is a configuration error', async () => {
    await expect(app({ API_KEYS: 'short' })).rejects.toThrow(/API_KEYS: every key must be 16 to 256 printable characters/);
  });
});

describe('rate limits', () => {
  test('per key: one integration over its limit does not stop another', async () => {
    const limited = await app({ API_KEYS: `${KEY},${OTHER}`, RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    for (let i = 0; i < 3; i++) {
      const ok = await request(limited.server).post('/v1/check').set('authorization', `Bearer ${KEY}`).send(CHECK);
      expect(ok.status).toBe(200);
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const over = await request(limited.server).post('/v1/check').set('authorization', `Bearer ${KEY}`).send(CHECK);
    expect(over.status).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.body).toMatchObject({ type: 'https://chainrule.dev/problems/rate-limited', status: 429 });
    expect((await request(limited.server).post('/v1/check').set('authorization', `Bearer ${OTHER}`).send(CHECK)).status).toBe(200);
    // Liveness is never limited.
    expect((await request(limited.server).get('/health')).status).toBe(200);
  });
  test('a made-up token is no identity: it cannot buy a fresh bucket (regression)', async () => {
    const limited = await app({ RATE_LIMIT_MAX: '2' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await request(limited.server).get('/v1/mistakes').set('authorization', `Bearer made-up-token-${i}`)).status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
  test('per address without keys', async () => {
    const limited = await app({ RATE_LIMIT_MAX: '2' });
    expect((await request(limited.server).get('/v1/mistakes')).status).toBe(200);
    expect((await request(limited.server).get('/v1/mistakes')).status).toBe(200);
    expect((await request(limited.server).get('/v1/mistakes')).status).toBe(429);
  });
});

describe('security headers', () => {
  /** What helmet adds for documents only: none of it says anything of a JSON answer. */
  const DOCUMENT_ONLY = [
    'cross-origin-opener-policy',
    'origin-agent-cluster',
    'referrer-policy',
    'x-dns-prefetch-control',
    'x-download-options',
    'x-permitted-cross-domain-policies',
    'x-xss-protection',
  ];

  test("an API answer carries an API's: nothing runs, nothing frames it, no sniffing, HSTS; other origins may read it", async () => {
    const open = await app();
    for (const response of [
      await request(open.server).post('/v1/check').send(CHECK),
      await request(open.server).post('/v1/check').send({ function: 'x^2' }),
      await request(open.server).get('/health'),
      await request(open.server).get('/openapi.yaml'),
    ]) {
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      // An LMS front end on another origin reads the JSON.
      expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
      for (const name of DOCUMENT_ONLY) expect(response.headers[name], name).toBeUndefined();
    }
  });

  test("the documentation page gets helmet's set for documents, its policy letting Swagger UI's own files and inline styles in", async () => {
    const open = await app();
    const docs = await request(open.server).get('/docs').redirects(1);
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
    const policy = docs.headers['content-security-policy'] as string;
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(docs.headers['x-frame-options']).toBe('DENY');
    expect(docs.headers['cross-origin-resource-policy']).toBe('cross-origin');
    for (const name of DOCUMENT_ONLY) expect(docs.headers[name], name).toBeDefined();
    // Every file under /docs too: among them are HTML pages that run Swagger UI's scripts (its own index,
    // the OAuth redirect page), which a policy allowing nothing would break.
    for (const path of ['/docs/static/', '/docs/static/oauth2-redirect.html', '/docs/static/swagger-ui-bundle.js']) {
      const file = await request(open.server).get(path);
      expect(file.status, path).toBe(200);
      expect(file.headers['content-security-policy'], path).toBe(policy);
      expect(file.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });
});

describe('load shedding', () => {
  test('a real slow input blocks the event loop: the next requests get 503 with Retry-After, then the service recovers', async () => {
    const shedding = await app({ MAX_EVENT_LOOP_DELAY_MS: '50', RETRY_AFTER_SECONDS: '7' }, { pressureSampleIntervalMs: 25 });
    await new Promise((resolve) => setTimeout(resolve, 150)); // shedding arms two samples after start
    // Checked in this thread (no pool): a nest 20 deep takes a few hundred milliseconds of CPU. The
    // delay is sampled every 25 ms, so the refusal comes with the first sample after the block and lasts
    // one sample: ask until it does (bounded). On a loaded machine a request can take longer than that
    // window, so the block is repeated (a new function each time: a prepared one would be quick) until
    // a refusal is seen, rather than betting on one request's timing.
    let shed = { status: 0 } as Awaited<ReturnType<ReturnType<typeof request>['post']>>;
    for (let round = 0; round < 6 && shed.status !== 503; round++) {
      const slow = { function: `${'sin('.repeat(20)}x^2 + ${round}${')'.repeat(20)}`, answer: '0' };
      // After a round that missed its window, the slow request itself may be the one refused.
      const blocking = await request(shedding.server).post('/v1/check').send(slow);
      expect([200, 503]).toContain(blocking.status);
      shed = blocking.status === 503 ? blocking : await request(shedding.server).post('/v1/check').send(CHECK);
      for (let attempt = 0; attempt < 40 && shed.status !== 503; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        shed = await request(shedding.server).post('/v1/check').send(CHECK);
      }
    }
    expect(shed.status).toBe(503);
    expect(shed.headers['retry-after']).toBe('7');
    expect(shed.body).toMatchObject({ type: 'https://chainrule.dev/problems/overloaded', status: 503 });
    // Liveness still answers while shedding.
    expect((await request(shedding.server).get('/health')).status).toBe(200);
    // Recovery: once the loop has kept up for a sample, checks are taken again (polled, since other
    // test files share the two cores and can delay the loop themselves).
    let status = 503;
    for (let attempt = 0; attempt < 50 && status === 503; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await request(shedding.server).post('/v1/check').send(CHECK)).status;
    }
    expect(status).toBe(200);
  });
});

describe('readiness', () => {
  test('503 with Retry-After until the checker is warm, then 200', async () => {
    let warm!: () => void;
    const ready = new Promise<void>((resolve) => (warm = resolve));
    const checker = { ...rejectingChecker(new Error('unused')), ready: () => ready } as Checker;
    const starting = await app({ RETRY_AFTER_SECONDS: '2' }, { checker });
    const before = await request(starting.server).get('/ready');
    expect(before.status).toBe(503);
    expect(before.headers['retry-after']).toBe('2');
    expect((await request(starting.server).get('/health')).status).toBe(200);
    warm();
    await ready;
    expect((await request(starting.server).get('/ready')).body).toEqual({ status: 'ready' });
  });
});

describe('metrics', () => {
  test('requests by route and status, latency, checks by verdict and mistake', async () => {
    const observed = await app();
    await request(observed.server).post('/v1/check').send(CHECK);
    await request(observed.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2)' });
    await request(observed.server).post('/v1/check/batch').send({ items: [CHECK, { function: '(3x+1)^5', answer: '15x^4' }, { function: 'x', answer: ')' }] });
    await request(observed.server).get('/v1/nothing');
    const metrics = await request(observed.server).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    const text = metrics.text;
    expect(text).toContain('chainrule_http_requests_total{route="/v1/check",method="POST",status="200"} 2');
    expect(text).toContain('chainrule_http_requests_total{route="unmatched",method="GET",status="404"} 1');
    expect(text).toMatch(/chainrule_http_request_duration_seconds_bucket\{le="0\.05",route="\/v1\/check",method="POST"\} \d/);
    expect(text).toContain('chainrule_checks_total{verdict="correct"} 2');
    expect(text).toContain('chainrule_checks_total{verdict="incorrect"} 2');
    expect(text).toContain('chainrule_diagnoses_total{mistake="missing_inner_factor"} 1');
    expect(text).toContain('chainrule_diagnoses_total{mistake="swapped_inner_outer"} 1');
    expect(text).toContain('chainrule_check_failures_total{reason="invalid-expression"} 1');
    expect(text).toContain('chainrule_process_cpu_seconds_total');
  });
  test('METRICS=off removes the route', async () => {
    const quiet = await app({ METRICS: 'off' });
    expect((await request(quiet.server).get('/metrics')).status).toBe(404);
  });
});
