/**
 * What every response shares: the x-request-id header, CORS, and the request log (one line per
 * request at info, without the body; the expressions only at debug).
 */
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, PINO_LEVELS, testApp } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

describe('x-request-id', () => {
  it('echoes a sane incoming id', async () => {
    const id = 'lms-42.attempt_7-A';
    const response = await request(app.server).get('/health').set('x-request-id', id).expect(200);
    expect(response.headers['x-request-id']).toBe(id);
  });

  it('generates a UUID when there is none, a fresh one per request', async () => {
    const first = await request(app.server).get('/health');
    const second = await request(app.server).get('/health');
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('replaces an id that is too long or has characters outside [A-Za-z0-9._-]', async () => {
    for (const id of ['a'.repeat(65), 'has space', 'quote"d', 'new\\nline', 'ünï', '{"level":60}']) {
      const response = await request(app.server).get('/health').set('x-request-id', id);
      expect(response.headers['x-request-id']).toMatch(UUID);
    }
    const longest = 'a'.repeat(64);
    expect((await request(app.server).get('/health').set('x-request-id', longest)).headers['x-request-id']).toBe(longest);
  });

  it('is on error responses too', async () => {
    for (const response of [
      await request(app.server).get('/nowhere').set('x-request-id', 'r-404'),
      await request(app.server).post('/v1/check').set('x-request-id', 'r-422').send({ function: 'sin(', answer: '1' }),
      await request(app.server).post('/v1/check').set('x-request-id', 'r-415').set('content-type', 'text/plain').send('x'),
    ]) {
      expect(response.headers['x-request-id']).toMatch(/^r-4\d\d$/);
    }
  });
});

describe('CORS', () => {
  it('allows any origin by default and exposes x-request-id', async () => {
    const response = await request(app.server).post('/v1/check').set('origin', 'https://lms.example').send({ function: 'x^2', answer: '2x' });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-expose-headers']).toBe('x-request-id');
  });

  it('answers a preflight', async () => {
    const response = await request(app.server)
      .options('/v1/check')
      .set('origin', 'https://lms.example')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type');
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-methods']).toBe('GET, HEAD, POST');
    expect(response.headers['access-control-allow-headers']).toBe('content-type');
  });

  it('allows only the configured origins', async () => {
    const limited = await testApp({ env: { CORS_ORIGINS: 'https://lms.example, https://other.example:8443' } });
    try {
      const allowed = await request(limited.server).get('/health').set('origin', 'https://other.example:8443');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://other.example:8443');
      expect(allowed.headers.vary).toMatch(/origin/i);
      const refused = await request(limited.server).get('/health').set('origin', 'https://evil.example');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await limited.close();
    }
  });
});

describe('the request log', () => {
  const body = { function: 'sin(q^7 + 13)', answer: 'cos(q^7 + 13)', variable: 'q' };

  it('writes one info line per request: method, url, status, time, id; never the body', async () => {
    const { logger, lines } = capturingLogger('info');
    const logged = await testApp({ logger });
    try {
      await request(logged.server).post('/v1/check').set('x-request-id', 'log-1').send(body).expect(200);
      await request(logged.server).post('/v1/check').set('x-request-id', 'log-2').send({ ...body, answer: 'cos(q^7' }).expect(422);
      const requestLines = lines.filter((line) => line.requestId !== undefined);
      expect(requestLines).toHaveLength(2);
      expect(requestLines[0]).toMatchObject({ level: PINO_LEVELS.info, requestId: 'log-1', method: 'POST', url: '/v1/check', statusCode: 200, msg: 'request completed' });
      expect(requestLines[1]).toMatchObject({ requestId: 'log-2', statusCode: 422 });
      expect(typeof requestLines[0]?.responseTime).toBe('number');
      expect(JSON.stringify(lines)).not.toContain('q^7');
    } finally {
      await logged.close();
    }
  });

  it('logs the expressions at debug level', async () => {
    const { logger, lines } = capturingLogger('debug');
    const logged = await testApp({ logger });
    try {
      await request(logged.server).post('/v1/check').set('x-request-id', 'dbg').send(body).expect(200);
      const debug = lines.find((line) => line.level === PINO_LEVELS.debug && line.msg === 'check');
      expect(debug).toMatchObject({ requestId: 'dbg', function: body.function, answer: body.answer, variable: 'q' });
    } finally {
      await logged.close();
    }
  });
});
