/**
 * Every error status, each an RFC 9457 problem: bad JSON and invalid bodies (400), a body too large
 * (413), the wrong media type (415), unknown routes (404) and methods (405), unreadable expressions
 * (422), and a fault inside (500) that shows nothing of its cause.
 */
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from './contract.js';
import { msg } from '../../src/i18n/message.js';
import { Overloaded } from '../../src/service/problems.js';
import { capturingLogger, failingChecker, PINO_LEVELS, rejectingChecker, testApp } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

/** The fields a check request takes, in the order a 400 lists them. */
const CHECK_FIELDS = 'function, answer, variable, format, quiet, lang, audience, reveal, scoring, max_score, credits, attempt, penalty_per_attempt, profile, user_id, submission_id, metadata, timestamp';

/** A problem's errors without their `{code, params}` (checked in test/i18n). */
function texts(errors: Array<{ field: string; message: string; i18n?: unknown }>): Array<{ field: string; message: string }> {
  return errors.map(({ field, message }) => ({ field, message }));
}

function expectProblem(response: request.Response, status: number, type: string, instance: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: `https://chainrule.dev/problems/${type}`, status, instance });
  expect(typeof response.body.title).toBe('string');
  expect(typeof response.body.detail).toBe('string');
}

const postJson = (path: string, text: string) => request(app.server).post(path).set('content-type', 'application/json').send(text);

describe('400: the body is not JSON', () => {
  it('says where the JSON breaks', async () => {
    const response = await postJson('/v1/check', '{\n  "function": "sin(x)"\n  "answer": "cos(x)"\n}');
    expectProblem(response, 400, 'malformed-json', '/v1/check');
    expect(response.body.position).toBe(27);
    expect(response.body.detail).toBe("The body is not valid JSON: expected ',' or '}' after property value at position 27 (line 3, column 3).");
  });

  it('says where it breaks also where V8 names only the token (regression: a BOM inside, NaN, a misspelt literal had no position)', async () => {
    for (const [body, position, detail] of [
      ['{"function":\uFEFF"x","answer":"1"}', 12, 'The body is not valid JSON: unexpected "\uFEFF" at position 12 (line 1, column 13).'],
      ['{"function":"x",\n "answer":"1", "attempt": NaN}', 43, 'The body is not valid JSON: unexpected "N" at position 43 (line 2, column 27).'],
      ['{"function":"x","answer":"1","quiet":tru}', 40, 'The body is not valid JSON: unexpected "}" at position 40 (line 1, column 41).'],
      ['{"function":"x","answer":"1","metadata":[1,]}', 43, 'The body is not valid JSON: unexpected "]" at position 43 (line 1, column 44).'],
    ] as const) {
      const response = await postJson('/v1/check', body);
      expectProblem(response, 400, 'malformed-json', '/v1/check');
      expect(response.body.position).toBe(position);
      expect(response.body.detail).toBe(detail);
    }
  });

  it('ignores a byte order mark before the JSON, as the NDJSON route does (regression: a file saved with one by a Windows editor was refused)', async () => {
    const response = await postJson('/v1/check', '\uFEFF{"function":"sin(x^2)","answer":"2x cos(x^2)"}');
    expect(response.status).toBe(200);
    expect(response.body.verdict).toBe('correct');
    const broken = await postJson('/v1/check', '\uFEFF{"function": "sin(x)",}');
    expectProblem(broken, 400, 'malformed-json', '/v1/check');
    expect(broken.body.position).toBe(22);
  });

  it('counts the position in code points, like expression positions', async () => {
    const response = await postJson('/v1/check', '{"function": "√𝑥", }');
    expect(response.body.position).toBe(19);
  });

  it('says when the body ends too early', async () => {
    const response = await postJson('/v1/check', '{"function": "sin(x)", "answer":');
    expectProblem(response, 400, 'malformed-json', '/v1/check');
    expect(response.body).toMatchObject({ position: 32 });
    expect(response.body.detail).toContain('ends before the JSON value is complete');
  });

  it('refuses an empty JSON body', async () => {
    const response = await postJson('/v1/derivative', '');
    expectProblem(response, 400, 'malformed-json', '/v1/derivative');
    expect(response.body.detail).toBe('The body is empty: send a JSON object.');
  });
});

describe('400: the body is not a valid request', () => {
  it('names an unknown field', async () => {
    const response = await request(app.server).post('/v1/check').send({ function: 'x', answer: '1', varaible: 't' });
    expectProblem(response, 400, 'invalid-request', '/v1/check');
    expect(texts(response.body.errors)).toEqual([{ field: 'varaible', message: `unknown field (the body takes ${CHECK_FIELDS})` }]);
  });

  it('lists every issue: which field, what was expected, what came', async () => {
    const response = await request(app.server).post('/v1/check').send({ function: 42, format: 'tex', quiet: 'false', extra: null });
    expectProblem(response, 400, 'invalid-request', '/v1/check');
    expect(texts(response.body.errors)).toEqual([
      { field: 'function', message: 'expected a string, got a number' },
      { field: 'answer', message: 'required (a string)' },
      { field: 'format', message: 'expected one of "auto", "text", "latex", "mathml", got "tex"' },
      { field: 'quiet', message: 'expected a boolean, got a string' },
      { field: 'extra', message: `unknown field (the body takes ${CHECK_FIELDS})` },
    ]);
    expect(response.body.detail).toContain('function: expected a string, got a number; answer: required (a string)');
  });

  it('coerces nothing', async () => {
    for (const body of [{ function: 'x', answer: 1 }, { function: ['x'], answer: '1' }, { function: 'x', answer: '1', quiet: 0 }, { function: 'x', answer: '1', variable: null }]) {
      const response = await request(app.server).post('/v1/check').send(body);
      expectProblem(response, 400, 'invalid-request', '/v1/check');
    }
  });

  it('says a number too large for a number is too large (regression: "expected a number, got a number")', async () => {
    for (const field of ['attempt', 'max_score', 'penalty_per_attempt']) {
      const response = await postJson('/v1/check', `{"function":"x","answer":"1","${field}":-1e999}`);
      expectProblem(response, 400, 'invalid-request', '/v1/check');
      expect(texts(response.body.errors)).toEqual([{ field, message: 'expected a number, got one too large for a number (it reads as infinity)' }]);
    }
  });

  it('wants a JSON object', async () => {
    for (const [text, got] of [['[]', 'an array'], ['"sin(x)"', 'a string'], ['null', 'null'], ['7', 'a number']]) {
      const response = await postJson('/v1/derivative', text as string);
      expectProblem(response, 400, 'invalid-request', '/v1/derivative');
      expect(texts(response.body.errors)).toEqual([{ field: 'body', message: `expected a JSON object, got ${got}` }]);
    }
  });

  it('wants a body at all', async () => {
    const response = await request(app.server).post('/v1/check');
    expectProblem(response, 400, 'invalid-request', '/v1/check');
    expect(texts(response.body.errors)).toEqual([{ field: 'body', message: 'expected a JSON object, got no body' }]);
  });

  it('refuses a URL that does not decode', async () => {
    const response = await request(app.server).get('/v1/%zz');
    expectProblem(response, 400, 'bad-request', '/v1/%zz');
    expect(response.headers['x-request-id']).toBeTruthy();
  });
});

describe('413, 415, 404, 405', () => {
  it('413: a body over BODY_LIMIT', async () => {
    const small = await testApp({ env: { BODY_LIMIT: '100' } });
    try {
      const response = await request(small.server).post('/v1/check').send({ function: 'x'.repeat(100), answer: '1' });
      expectProblem(response, 413, 'payload-too-large', '/v1/check');
      expect(response.body.detail).toBe('The request body is over the limit of 100 bytes.');
      await request(small.server).post('/v1/check').send({ function: 'x', answer: '1' }).expect(200);
    } finally {
      await small.close();
    }
  });

  it('413 also when the body streams in without a Content-Length', async () => {
    const small = await testApp({ env: { BODY_LIMIT: '100' } });
    try {
      await small.listen({ port: 0, host: '127.0.0.1' });
      const { port } = small.server.address() as AddressInfo;
      // supertest always sends a Content-Length; a chunked upload is checked as it arrives.
      const response = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/v1/check', headers: { 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
        });
        req.on('error', reject);
        req.write('{"function": "');
        req.end(`${'x'.repeat(200)}", "answer": "1"}`);
      });
      expect(response.status).toBe(413);
      expect(response.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(response.body)).toMatchObject({ type: 'https://chainrule.dev/problems/payload-too-large', instance: '/v1/check' });
    } finally {
      await small.close();
    }
  });

  it('a request that is not well-formed HTTP gets a problem too', async () => {
    const served = await testApp();
    try {
      await served.listen({ port: 0, host: '127.0.0.1' });
      const { port } = served.server.address() as AddressInfo;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}');
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request/);
      expect(head).toMatch(/content-type: application\/problem\+json/i);
      expect(head).toMatch(/content-security-policy: default-src 'none'/i);
      expect(schemaErrors('/components/schemas/FramingProblem', JSON.parse(body ?? ''))).toEqual([]);
    } finally {
      await served.close();
    }
  });

  it('Node refusals of its own are problems too: an HTTP/1.1 request without Host (400), an Expect it does not take (417) (regression: no body)', async () => {
    const served = await testApp();
    try {
      await served.listen({ port: 0, host: '127.0.0.1' });
      const { port } = served.server.address() as AddressInfo;
      const exchange = (text: string) =>
        new Promise<{ head: string; body: string }>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => socket.write(text));
          let received = '';
          socket.on('data', (chunk) => {
            received += chunk.toString();
            if (/\r\n\r\n[\s\S]*\}$/.test(received)) socket.end();
          });
          socket.on('close', () => {
            const [head = '', body = ''] = received.split('\r\n\r\n');
            resolve({ head, body });
          });
          socket.on('error', reject);
        });
      const check = '{"function":"x^2","answer":"2x"}';
      const noHost = await exchange(`POST /v1/check HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: ${check.length}\r\nConnection: close\r\n\r\n${check}`);
      expect(noHost.head).toMatch(/^HTTP\/1\.1 400 Bad Request/);
      expect(noHost.head).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(noHost.body)).toMatchObject({ status: 400, detail: 'An HTTP/1.1 request needs a Host header.', instance: '/v1/check' });
      const expectation = await exchange(`POST /v1/check HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nAccept-Language: de\r\nContent-Type: application/json\r\nContent-Length: ${check.length}\r\n\r\n${check}`);
      expect(expectation.head).toMatch(/^HTTP\/1\.1 417 Expectation Failed/);
      expect(expectation.head).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(expectation.body)).toMatchObject({ status: 417, detail: 'Der Expect-Header verlangt "200-ok"; dieser Dienst kennt nur 100-continue.' });
      // Regression: these answers, written before the protection plugin's hook or by Node's server, had none of the API's security headers.
      for (const { head } of [noHost, expectation]) expect(head).toMatch(/x-content-type-options: nosniff/i);
      // HTTP/1.0 has no Host to require.
      const old = await exchange(`POST /v1/check HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${check.length}\r\n\r\n${check}`);
      expect(old.head).toMatch(/^HTTP\/1\.1 200 OK/);
    } finally {
      await served.close();
    }
  });

  it('415: a body that is not JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const response = await request(app.server).post('/v1/check').set('content-type', type).send('function=x');
      expectProblem(response, 415, 'unsupported-media-type', '/v1/check');
      expect(response.body.detail).toContain(`not "${type}"`);
    }
  });

  it('415: NDJSON anywhere but the batch route (regression: a 400 that listed the stream internals as unknown fields)', async () => {
    const line = '{"function":"sin(x^2)","answer":"2x cos(x^2)"}\n';
    for (const path of ['/v1/check', '/v1/validate', '/v1/derivative']) {
      const response = await request(app.server).post(path).set('content-type', 'application/x-ndjson; charset=utf-8').send(line);
      expectProblem(response, 415, 'unsupported-media-type', path);
      expect(response.body.detail).toContain('not "application/x-ndjson; charset=utf-8"');
      expect(JSON.stringify(response.body)).not.toMatch(/_readableState|_events/);
    }
    const batch = await request(app.server).post('/v1/check/batch').set('content-type', 'application/x-ndjson').send(line);
    expect(batch.status).toBe(200);
    expect(batch.text.split('\n')[0]).toContain('"verdict":"correct"');
  });

  it('404, not 415, for NDJSON to a path no route has (as for a JSON body)', async () => {
    const line = '{"function":"sin(x^2)","answer":"2x cos(x^2)"}\n';
    for (const path of ['/v1/nope', '/v1/check/batch/extra']) {
      const response = await request(app.server).post(path).set('content-type', 'application/x-ndjson').send(line);
      expectProblem(response, 404, 'not-found', path);
    }
  });

  it('takes JSON with a charset parameter', async () => {
    await request(app.server).post('/v1/check').set('content-type', 'application/json; charset=utf-8').send('{"function":"x","answer":"1"}').expect(200);
  });

  it('404: an unknown path, for any method, the query left out of instance', async () => {
    for (const method of ['get', 'post', 'delete'] as const) {
      const response = await request(app.server)[method]('/v1/nothing?function=secret');
      expectProblem(response, 404, 'not-found', '/v1/nothing');
    }
  });

  it('405: a known path with a method it does not take, with an Allow header', async () => {
    const check = await request(app.server).get('/v1/check');
    expectProblem(check, 405, 'method-not-allowed', '/v1/check');
    expect(check.headers.allow).toBe('OPTIONS, POST');
    const health = await request(app.server).post('/health').send({});
    expectProblem(health, 405, 'method-not-allowed', '/health');
    expect(health.headers.allow).toBe('GET, HEAD, OPTIONS');
    const head = await request(app.server).head('/v1/derivative');
    expect(head.status).toBe(405);
    expect(head.headers.allow).toBe('OPTIONS, POST');
  });
});

describe('422: an expression that cannot be read', () => {
  it('maps the reader error of the function: field, position, token, hint, code', async () => {
    const response = await request(app.server).post('/v1/check').send({ function: 'sin(x', answer: '1' });
    expectProblem(response, 422, 'invalid-expression', '/v1/check');
    expect(response.body).toMatchObject({ field: 'function', position: 3, token: '(', hint: "add ')'", code: 'unclosed_bracket' });
    expect(response.body.detail).toContain("the bracket '(' at position 3 is never closed (the input ends at position 5)");
  });

  it('names the answer when the answer is at fault', async () => {
    const response = await request(app.server).post('/v1/check').send({ function: 'sin(x)', answer: 'd/dx sin(x)' });
    expectProblem(response, 422, 'invalid-expression', '/v1/check');
    expect(response.body).toMatchObject({ field: 'answer', code: 'derivative_operator' });
  });

  it('names the variable when the variable is invalid', async () => {
    const requests = [
      ['/v1/check', { function: 'sin(x)', answer: 'cos(x)', variable: 'xy' }],
      ['/v1/derivative', { function: 'sin(x)', variable: 'xy' }],
    ] as const;
    for (const [path, body] of requests) {
      const response = await request(app.server).post(path).send(body);
      expectProblem(response, 422, 'invalid-expression', path);
      expect(response.body).toMatchObject({ field: 'variable', code: 'invalid_variable', token: 'xy' });
    }
  });

  it('refuses what is not allowed, and an expression over the configured limits', async () => {
    const names = await request(app.server).post('/v1/derivative').send({ function: 'constructor(x)' });
    expectProblem(names, 422, 'invalid-expression', '/v1/derivative');
    const limited = await testApp({ env: { MAX_EXPRESSION_LENGTH: '10' } });
    try {
      const long = await request(limited.server).post('/v1/check').send({ function: 'sin(x^2) + 1', answer: '1' });
      expectProblem(long, 422, 'invalid-expression', '/v1/check');
      expect(long.body).toMatchObject({ field: 'function', code: 'too_long' });
    } finally {
      await limited.close();
    }
  });
});

describe('503: a refusal under load', () => {
  it('is logged as a warning without a stack, not as an unexpected error (regression: every refusal logged a stack at error level)', async () => {
    const { logger, lines } = capturingLogger('info');
    const refusing = await testApp({ checker: rejectingChecker(new Overloaded(msg('problem.overloaded.shutting_down'), 5)), logger });
    try {
      const response = await request(refusing.server).post('/v1/check').set('x-request-id', 'req-503').send({ function: 'x', answer: '1' });
      expectProblem(response, 503, 'overloaded', '/v1/check');
      expect(response.headers['retry-after']).toBe('5');
      expect(lines.filter((line) => line.level >= PINO_LEVELS.error)).toEqual([]);
      // (Without a built page, the app itself warns once at start: this request's line is looked for.)
      const logged = lines.find((line) => line.level === PINO_LEVELS.warn && line.requestId === 'req-503');
      expect(logged).toMatchObject({ requestId: 'req-503', msg: 'request refused: overloaded', status: 503, reason: 'The service is shutting down.' });
      expect(JSON.stringify(logged)).not.toContain('stack');
    } finally {
      await refusing.close();
    }
  });
});

describe('500: a fault inside the service', () => {
  it('whatever the checker throws, not only Errors', async () => {
    for (const thrown of [null, undefined, 'a string', { statusCode: 404, message: 'not a framework error' }]) {
      const fail = async (): Promise<never> => {
        throw thrown;
      };
      const broken = await testApp({ checker: { check: fail, derive: fail, validate: fail, close: async () => {} } });
      try {
        const response = await request(broken.server).post('/v1/derivative').send({ function: 'x' });
        expectProblem(response, 500, 'internal-error', '/v1/derivative');
      } finally {
        await broken.close();
      }
    }
  });

  it('is a problem with nothing of the cause, logged at error level with its stack', async () => {
    const { logger, lines } = capturingLogger('info');
    const broken = await testApp({ checker: failingChecker(), logger });
    try {
      const response = await request(broken.server).post('/v1/check').set('x-request-id', 'req-500').send({ function: 'x', answer: '1' });
      expectProblem(response, 500, 'internal-error', '/v1/check');
      expect(JSON.stringify(response.body)).not.toMatch(/secret internals|TypeError|at .*\.ts/);
      const logged = lines.find((line) => line.level === PINO_LEVELS.error);
      expect(logged).toMatchObject({ requestId: 'req-500', msg: 'unexpected error' });
      expect(JSON.stringify(logged)).toContain('secret internals');
    } finally {
      await broken.close();
    }
  });
});
