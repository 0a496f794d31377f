/**
 * POST /v1/check/batch: a JSON batch (mixed good and bad items, order, summary, the item limit) and an
 * NDJSON stream (one result per line in input order, malformed lines as error results, a summary line,
 * results flowing back before the request has ended).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testApp } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp({ env: { BATCH_MAX_ITEMS: '50' } });
});
afterAll(async () => {
  await app.close();
});

const ITEMS = [
  { id: 'ann', function: 'sin(x^2)', answer: '2x cos(x^2)' },
  { id: 'bob', function: 'sin(x^2)', answer: 'cos(x^2)' },
  { id: 'cy', function: 'sin(x', answer: '1' },
  { function: 'cos(3x)', answer: '3 sin(3x)' },
  { id: 'dee', function: 'sin(x^2)', answer: 'cos(x^2)', colour: 'blue' },
  { id: 'eve', function: 'e^(-k t)', answer: '-k e^(-k t)', variable: 't', quiet: true },
  'not an object',
  { id: 'fay', function: '(3x+1)^5', answer: '15x^4' },
];

describe('a JSON batch', () => {
  test('results in input order, one error entry per bad item, and a summary', async () => {
    const response = await request(app.server).post('/v1/check/batch').send({ items: ITEMS });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const { results, summary } = response.body;
    expect(results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results.map((r: { id: string | null; verdict?: string; error?: { status: number } }) => [r.id, r.verdict ?? r.error?.status])).toEqual([
      ['ann', 'correct'],
      ['bob', 'incorrect'],
      ['cy', 422],
      [null, 'incorrect'],
      ['dee', 400],
      ['eve', 'correct'],
      [null, 400],
      ['fay', 'incorrect'],
    ]);
    expect(results[1].diagnosis[0].mistake).toBe('missing_inner_factor');
    expect(results[2].error).toMatchObject({ type: 'https://chainrule.dev/problems/invalid-expression', field: 'function', position: 3 });
    expect(results[4].error.errors).toEqual([{ field: 'colour', message: expect.stringMatching(/^unknown field/), i18n: { message: expect.objectContaining({ code: 'request.unknown_field' }) } }]);
    expect(results[5].expected).toBeUndefined();
    expect(summary).toEqual({
      total: 8,
      correct: 2,
      incorrect: 3,
      undetermined: 0,
      needs_brackets: 0,
      errors: 3,
      by_grading_status: { graded: 5, needs_review: 0, not_gradable: 0 },
      by_mistake: { missing_inner_factor: 1, trig_sign_error: 1, inner_derivative_sign_error: 1, swapped_inner_outer: 1, missed_composite: 1 },
      by_place: { outer: 3 },
      by_note: {
        correct: 2,
        'incorrect|missing_inner_factor(a)@outer': 1,
        'incorrect|trig_sign_error(a)@outer/inner_derivative_sign_error(a)@outer': 1,
        'incorrect|swapped_inner_outer(a)@outer/missed_composite(a)@outer': 1,
      },
      by_node: [
        { node: 'sin(x^2)', place: 'outer', mistake: 'missing_inner_factor', count: 1 },
        { node: 'cos(3*x)', place: 'outer', mistake: 'trig_sign_error', count: 1 },
        { node: 'cos(3*x)', place: 'outer', mistake: 'inner_derivative_sign_error', count: 1 },
        { node: '(3*x + 1)^5', place: 'outer', mistake: 'swapped_inner_outer', count: 1 },
        { node: '(3*x + 1)^5', place: 'outer', mistake: 'missed_composite', count: 1 },
      ],
    });
  });
  test('an empty batch', async () => {
    const response = await request(app.server).post('/v1/check/batch').send({ items: [] });
    expect(response.body).toEqual({ results: [], summary: { total: 0, correct: 0, incorrect: 0, undetermined: 0, needs_brackets: 0, errors: 0, by_grading_status: { graded: 0, needs_review: 0, not_gradable: 0 }, by_mistake: {}, by_place: {}, by_note: {}, by_node: [] } });
  });
  test('more items than the limit is a 413 problem that says the limit', async () => {
    const items = Array.from({ length: 51 }, () => ({ function: 'x^2', answer: '2x' }));
    const response = await request(app.server).post('/v1/check/batch').send({ items });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toContain('The batch has 51 items; the limit is 50 per request.');
  });
  test("a body over the batch's own limit says that limit, not a check's (regression: it said 65536 bytes)", async () => {
    const small = await testApp({ env: { BATCH_BODY_LIMIT: '100000', BODY_LIMIT: '65536' } });
    try {
      const items = Array.from({ length: 40 }, () => ({ function: 'x^2', answer: `2x${' '.repeat(3000)}` }));
      const response = await request(small.server).post('/v1/check/batch').send({ items });
      expect(response.status).toBe(413);
      expect(response.body.detail).toContain('100000');
      expect(response.body.detail).not.toContain('65536');
    } finally {
      await small.close();
    }
  });
  test('a body that is not a batch is a 400', async () => {
    for (const body of [{ item: [] }, { items: {} }, [ITEMS[0]]]) {
      const response = await request(app.server).post('/v1/check/batch').send(body);
      expect(response.status).toBe(400);
      expect(response.body.type).toBe('https://chainrule.dev/problems/invalid-request');
    }
  });
});

const ndjson = (items: unknown[]) => items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');

describe('an NDJSON stream', () => {
  test('one result per line in input order, malformed lines as errors, then the summary', async () => {
    const lines = [...ITEMS.slice(0, 2), '{"function": "x^2", "answer": ', '', ...ITEMS.slice(2)];
    const response = await request(app.server)
      .post('/v1/check/batch')
      .set('content-type', 'application/x-ndjson')
      .send(ndjson(lines));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const out = response.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(out).toHaveLength(10);
    expect(out.slice(0, 9).map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(out[2].error).toMatchObject({ status: 400, detail: expect.stringMatching(/^line 3: not JSON/) });
    expect(out[3].error.status).toBe(422);
    expect(out.at(-1)).toEqual({ summary: expect.objectContaining({ total: 9, errors: 4 }) });
  });
  test('no item limit', async () => {
    const items = Array.from({ length: 120 }, (_, i) => ({ id: `s${i}`, function: 'sin(x^2)', answer: i % 2 ? '2x cos(x^2)' : 'cos(x^2)' }));
    const response = await request(app.server).post('/v1/check/batch').set('content-type', 'application/x-ndjson').send(ndjson(items));
    const out = response.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(out).toHaveLength(121);
    expect(out.at(-1).summary).toMatchObject({ total: 120, correct: 60, incorrect: 60, by_mistake: { missing_inner_factor: 60 } });
  });
  test('a line over the length limit is an error for that line only', async () => {
    const small = await testApp({ env: { BODY_LIMIT: '200' } });
    try {
      const long = JSON.stringify({ function: `x${'+x'.repeat(200)}`, answer: '1' });
      const response = await request(small.server)
        .post('/v1/check/batch')
        .set('content-type', 'application/x-ndjson')
        .send(ndjson([ITEMS[0], long, ITEMS[1]]));
      const out = response.text.trim().split('\n').map((line) => JSON.parse(line));
      expect(out.map((r) => r.verdict ?? r.error?.detail)).toEqual(['correct', 'line 2: the line is longer than 200 bytes', 'incorrect', undefined]);
    } finally {
      await small.close();
    }
  });
  test('results flow back while the request is still being sent', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/check/batch', headers: { 'content-type': 'application/x-ndjson' } }, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          received.push(...lines);
          // The first results are here although the request is not finished: finish it now.
          if (received.length >= 5 && !req.writableEnded) req.end(`${JSON.stringify(ITEMS[0])}\n`);
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      req.on('error', reject);
      // 12 lines, and the request kept open: results for the first ones must come back regardless.
      for (let i = 0; i < 12; i++) req.write(`${JSON.stringify(ITEMS[i % 2])}\n`);
    });
    expect(received).toHaveLength(14);
    expect(JSON.parse(received.at(-1) as string).summary.total).toBe(13);
  });
});
