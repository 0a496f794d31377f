/**
 * Hostile input: injection attempts aimed at mathjs and JavaScript, huge and deep inputs, hostile XML in
 * MathML, NUL bytes and invalid UTF-8, JSON with duplicate or extra fields, wrong content types. Each gets a 4xx problem
 * that says what is wrong, and the service answers correctly afterwards.
 */
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { responseErrors } from './contract.js';
import { testApp } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

async function stillCorrect(): Promise<void> {
  const response = await request(app.server).post('/v1/check').send({ function: 'sin(x^2)', answer: '2x cos(x^2)' });
  expect(response.status).toBe(200);
  expect(response.body.correct).toBe(true);
}

function expectProblem(response: request.Response, status: number, detail: RegExp): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.detail).toMatch(detail);
  expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack trace
}

describe('injection attempts never reach an evaluator', () => {
  test.each([
    ['import({}, {override: true})', /unexpected character : at position 20/],
    ['import(x)', /'import' at position 0 is not allowed/],
    ['createUnit("foo")', /quoted text|'createUnit' at position 0 is not allowed/],
    ['createUnit(x)', /'createUnit' at position 0 is not allowed/],
    ['evaluate(x)', /'evaluate' at position 0 is not allowed/],
    ['parse(x)', /'parse' at position 0 is not allowed/],
    ['simplify(x)', /'simplify' at position 0 is not allowed/],
    // a full stop between words is a multiplication dot (2x.cos x): the name after it is refused
    ['cos.constructor', /'constructor' at position 4 is not allowed/],
    ['cos["constructor"]', /quoted text at position 4/],
    ['__proto__', /'proto' at position 2 is not allowed/],
    ['constructor.prototype', /'constructor' at position 0 is not allowed/],
    ['x.prototype', /'prototype' at position 2 is not allowed/],
    ['constructor', /'constructor' at position 0 is not allowed/],
    ['prototype(x)', /'prototype' at position 0 is not allowed/],
    ['x.constructor("return process")()', /quoted text at position 14/],
    ['f(x) = x; f(2)', /only one expression/],
    ['[1,2,3]', /list or matrix/],
    ['eval(x)', /'eval' at position 0 is not allowed/],
    ['process', /'process' at position 0 is not allowed/],
    ['require(x)', /'require' at position 0 is not allowed/],
    ['\\operatorname{constructor}(x)', /'constructor' at position \d+ is not allowed/],
    ['\\constructor', /unknown LaTeX command/],
  ])('%s', async (answer, detail) => {
    const response = await request(app.server).post('/v1/check').send({ function: 'sin(x)', answer });
    expectProblem(response, 422, detail);
    expect(responseErrors('/v1/check', 'post', 422, response.headers['content-type'], response.body)).toEqual([]);
    await stillCorrect();
  });
});

describe('huge and deep inputs are refused with the limit named', () => {
  test.each([
    ['x^10^10^10', /exponent at position 4 is over the limit 10000/],
    ['(x+1)^100000', /exponent at position 5 is over the limit 10000/],
    ['9^9^9^9', /over the limit/],
    ['x+'.repeat(1200) + 'x', /longer than 2000 characters/],
    ['('.repeat(200) + 'x' + ')'.repeat(200), /nests deeper than 60 levels/],
    ['sin('.repeat(100) + 'x' + ')'.repeat(100), /nests deeper than 60 levels/],
    ['1'.repeat(30), /over the limit 1000000000000/],
    ['x' + '*x'.repeat(900), /the limit is 1500/],
    ['a*b*c*d*f*g*h*k*m*n', /the limit is 8/],
  ])('%s', async (answer, detail) => {
    const response = await request(app.server).post('/v1/check').send({ function: 'sin(x)', answer });
    expectProblem(response, 422, detail);
    await stillCorrect();
  });
  test('a body over the limit is a 413', async () => {
    const response = await request(app.server).post('/v1/check').send({ function: 'x', answer: 'x'.repeat(100_000) });
    expectProblem(response, 413, /over the limit of 65536 bytes/);
    await stillCorrect();
  });
});

describe('hostile XML in a MathML answer is a 422 at its position, never expanded', () => {
  test.each([
    ['entity expansion', '<!DOCTYPE math [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><math><mi>&b;</mi></math>', /DOCTYPE/],
    ['a mismatched tag', '<math><mi>x</mi></mo></math>', /not well-formed/],
    ['too many elements', `<math>${'<mi/>'.repeat(6500)}</math>`, /more than 6000 elements/],
    ['too long', `<math>${'<mi>x</mi>'.repeat(5100)}</math>`, /longer than 50000/],
    ['an external entity', '<!DOCTYPE math [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><math><mi>&xxe;</mi></math>', /DOCTYPE/],
    ['deep nesting', `<math>${'<mrow>'.repeat(300)}<mi>x</mi>${'</mrow>'.repeat(300)}</math>`, /nests deeper than 240/],
  ])('%s is a 422 at its position', async (_what, answer, detail) => {
    const response = await request(app.server).post('/v1/check').send({ function: 'x^2', answer });
    expect(response.status).toBe(422);
    expect(response.body.detail).toMatch(detail);
    expect(response.body).toMatchObject({ field: 'answer', code: expect.stringMatching(/invalid_mathml|too_long/) });
    expect(typeof response.body.position).toBe('number');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    await stillCorrect();
  });
});

describe('options that name JavaScript internals', () => {
  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('variable %s is a 422 (regression: was a 500)', async (variable) => {
    for (const path of ['/v1/check', '/v1/derivative']) {
      const response = await request(app.server).post(path).send({ function: 'sin(x)', answer: 'cos(x)', ...(path === '/v1/derivative' ? { answer: undefined } : {}), variable });
      expectProblem(response, 422, /cannot be the variable/);
    }
    await stillCorrect();
  });
});

describe('bytes that are not text', () => {
  test('NUL and control characters', async () => {
    for (const answer of ['cos(x)\u0000', '\u0007', 'x\u001b[31m']) {
      const response = await request(app.server).post('/v1/check').send({ function: 'sin(x)', answer });
      expectProblem(response, 422, /unexpected character U\+00/);
    }
    await stillCorrect();
  });
  test('invalid UTF-8 in the body', async () => {
    const body = Buffer.concat([Buffer.from('{"function": "sin(x)", "answer": "cos(x)'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const response = await request(app.server).post('/v1/check').set('content-type', 'application/json').send(body);
    // Decoded with replacement characters, the answer is text the reader refuses by position.
    expect([400, 422]).toContain(response.status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    await stillCorrect();
  });
  test('lone surrogates and unusual unicode', async () => {
    for (const answer of ['\ud800', 'cos(x)\u202e', '𝔁', '\ufeffcos(x)']) {
      const response = await request(app.server).post('/v1/check').send({ function: 'sin(x)', answer });
      expect([200, 422]).toContain(response.status);
    }
    await stillCorrect();
  });
});

describe('JSON that is not a plain request', () => {
  test('duplicate fields: the last one counts, as JSON.parse does, and the answer is checked', async () => {
    const response = await request(app.server)
      .post('/v1/check')
      .set('content-type', 'application/json')
      .send('{"function": "sin(x^2)", "answer": "0", "answer": "2x cos(x^2)"}');
    expect(response.status).toBe(200);
    expect(response.body.correct).toBe(true);
  });
  test('extra fields, prototype keys, wrong types, wrong top level', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"function": "x", "answer": "1", "extra": 1}', /extra: unknown field/],
      ['{"function": "x", "answer": "1", "__proto__": {"quiet": true}}', /__proto__: unknown field/],
      ['{"function": "x", "answer": "1", "constructor": {"prototype": {}}}', /constructor: unknown field/],
      ['{"function": ["x"], "answer": "1"}', /function: expected a string, got an array/],
      ['{"function": "x", "answer": 1}', /answer: expected a string, got a number/],
      ['[]', /expected a JSON object, got an array/],
      ['"x"', /expected a JSON object, got a string/],
      ['null', /expected a JSON object, got null/],
      ['{"function": "x", "answer": "1"', /not valid JSON/i],
      ['', /empty|not valid JSON/i],
    ];
    for (const [body, detail] of cases) {
      const response = await request(app.server).post('/v1/check').set('content-type', 'application/json').send(body);
      expectProblem(response, 400, detail);
    }
    await stillCorrect();
  });
  test('wrong content types', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const response = await request(app.server).post('/v1/check').set('content-type', type).send('function=x&answer=1');
      expectProblem(response, 415, /Content-Type: application\/json/);
    }
    await stillCorrect();
  });
});
