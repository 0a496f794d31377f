/**
 * Whatever JSON a client sends to /v1/check, the answer is never a 500: it is a CheckResult (200) or a
 * problem (400, 422), each conforming to its schema in openapi.yaml.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseErrors } from './contract.js';
import { testApp } from './helpers.js';
import { syntaxErrorOffset } from '../../src/http/json-body.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

/** Well-formed expressions in x, so that many bodies reach the differentiator and the diagnosis. */
const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', '2', '3x', 'a', 'pi', 'e'),
    fc.tuple(fc.constantFrom('sin', 'cos', 'tan', 'ln', 'sqrt', 'exp', 'atan'), tie('expression')).map(([f, u]) => `${f}(${u})`),
    fc.tuple(tie('expression'), fc.constantFrom('+', '-', '*', '/', ' '), tie('expression')).map(([l, op, r]) => `${l}${op}${r}`),
    fc.tuple(tie('expression'), fc.constantFrom('2', '3', '-1', '1/2', 'x')).map(([b, n]) => `(${b})^${n}`),
  ),
}));

/** Text that looks like mathematics often enough to reach the reader's every error. */
const mathText = fc
  .array(
    fc.constantFrom('x', 't', 'a', 'e', 'pi', '2', '0.5', '(', ')', '^', '*', '/', '+', '-', ' ', 'sin', 'cos', 'ln', 'sqrt', 'exp', '\\frac{', '}{', '}', '\\sin', '|', ',', '=', "'", 'θ', '²', '√',
      '%e', 'xx', '〖', '\u2061', '\\ ', 'w_1', '∂', '<math>', '<mi>', '</mi>', '<mo>', '</mo>', '</math>'),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(''));

const text = fc.oneof(expression, mathText, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 8 }));

/** A request the schema accepts: it is the core that decides. */
const validBody = fc.record(
  {
    function: fc.oneof({ weight: 3, arbitrary: expression }, { weight: 1, arbitrary: text }),
    answer: fc.oneof({ weight: 3, arbitrary: expression }, { weight: 1, arbitrary: text }),
    variable: fc.oneof({ weight: 4, arbitrary: fc.constant('x') }, { weight: 1, arbitrary: fc.constantFrom('t', 'θ', 'e', 'xy', '', '1') }),
    format: fc.constantFrom('auto', 'text', 'latex', 'mathml'),
    quiet: fc.boolean(),
  },
  { requiredKeys: ['function', 'answer'] },
);

/** Any object with some of the fields, of any JSON type, and perhaps one the schema does not know. */
const looseBody = fc.record(
  {
    function: fc.oneof(text, fc.jsonValue({ maxDepth: 1 })),
    answer: fc.oneof(text, fc.jsonValue({ maxDepth: 1 })),
    variable: fc.jsonValue({ maxDepth: 0 }),
    format: fc.jsonValue({ maxDepth: 0 }),
    quiet: fc.jsonValue({ maxDepth: 0 }),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

const anyBody = fc.oneof({ weight: 5, arbitrary: validBody }, { weight: 3, arbitrary: looseBody }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });

describe('random bodies to POST /v1/check', () => {
  it('never produce a 500; every answer is a CheckResult or a problem as documented', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        const response = await app.inject({ method: 'POST', url: '/v1/check', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        expect([200, 400, 422]).toContain(response.statusCode);
        expect(response.headers['content-type']).toMatch(response.statusCode === 200 ? /^application\/json/ : /^application\/problem\+json/);
        expect(responseErrors('/v1/check', 'post', response.statusCode, response.headers['content-type'] as string, response.json())).toEqual([]);
      }),
      { numRuns: 500 },
    );
    // The bodies reach the core, not only the validation: each outcome is seen.
    expect([...statuses.keys()].sort()).toEqual([200, 400, 422]);
  });
});

describe('random bodies to POST /v1/validate', () => {
  it('are a ValidationResult or a 400 as documented, never a 500; unreadable answers are data', async () => {
    const validateBody = fc.oneof(
      fc.record({ answer: text, function: fc.oneof(expression, text), variable: fc.constantFrom('x', 't', 'w_1', 'ee'), format: fc.constantFrom('auto', 'text', 'latex', 'mathml') }, { requiredKeys: ['answer'] }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(validateBody, async (body) => {
        const response = await app.inject({ method: 'POST', url: '/v1/validate', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        expect([200, 400]).toContain(response.statusCode);
        expect(responseErrors('/v1/validate', 'post', response.statusCode, response.headers['content-type'] as string, response.json())).toEqual([]);
        if (response.statusCode === 200) expect(response.json().valid).toBe(response.json().errors.length === 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('random bodies to POST /v1/derivative and /v1/check/batch', () => {
  it('a derivative request is a DerivativeReport or a problem as documented, never a 500', async () => {
    const derivativeBody = fc.oneof(
      fc.record({ function: fc.oneof(expression, text), variable: fc.constantFrom('x', 't', 'θ', 'xy'), format: fc.constantFrom('auto', 'text', 'latex') }, { requiredKeys: ['function'] }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(derivativeBody, async (body) => {
        const response = await app.inject({ method: 'POST', url: '/v1/derivative', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        expect([200, 400, 422]).toContain(response.statusCode);
        expect(responseErrors('/v1/derivative', 'post', response.statusCode, response.headers['content-type'] as string, response.json())).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a JSON batch of random items answers every item, in order, as documented', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyBody, { maxLength: 8 }), async (items) => {
        const response = await app.inject({ method: 'POST', url: '/v1/check/batch', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ items }) });
        expect(response.statusCode).toBe(200);
        const body = response.json() as { results: Array<{ index: number }>; summary: { total: number } };
        expect(body.results.map((r) => r.index)).toEqual(items.map((_, i) => i));
        expect(body.summary.total).toBe(items.length);
        expect(responseErrors('/v1/check/batch', 'post', 200, response.headers['content-type'] as string, body)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('an NDJSON stream of random lines answers every line, in order, then a summary', async () => {
    const line = fc.oneof(anyBody.map((body) => JSON.stringify(body)), fc.string({ maxLength: 30 }).filter((s) => !s.includes('\n')));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), async (lines) => {
        const response = await app.inject({ method: 'POST', url: '/v1/check/batch', headers: { 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') });
        expect(response.statusCode).toBe(200);
        const out = response.body.trim().split('\n').map((text) => JSON.parse(text) as { index?: number; summary?: { total: number } });
        const results = out.slice(0, -1);
        expect(out.at(-1)?.summary?.total).toBe(results.length);
        expect(results.map((r) => r.index)).toEqual(results.map((_, i) => i));
        expect(results.length).toBe(lines.filter((l) => l.trim() !== '').length);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the JSON scanner that places what V8 names without a place', () => {
  it('finds an error exactly where JSON.parse fails, and none in JSON', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((text) => text.slice(0, Math.floor(text.length / 2))),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom(',', ']', '}', 'N', 'tru', '\uFEFF', '"', ':', '\\', '-', '.', 'e', ' ', '\u0001')).map(
        ([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)),
      ),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let failure: string | undefined;
        try {
          JSON.parse(text);
        } catch (error) {
          failure = (error as Error).message;
        }
        const offset = syntaxErrorOffset(text);
        expect(offset === undefined).toBe(failure === undefined);
        // Where V8 gives a place for the first error, the scanner's is no later than it.
        const at = failure === undefined ? undefined : /at position (\d+)/.exec(failure)?.[1];
        if (at !== undefined && offset !== undefined) expect(offset).toBeLessThanOrEqual(Number(at));
      }),
      { numRuns: 2000 },
    );
  });
});
