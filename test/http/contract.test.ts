/**
 * openapi.yaml both ways: a valid OpenAPI 3.1 document; every route the service registers is in it and
 * every operation in it is served; every documented example is what the service really answers to the
 * documented request; and real responses, successes and each error status, conform to the schemas.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  componentResponsePointer,
  CONTRACT_TEXT,
  contract,
  operations,
  resolveResponse,
  responseErrors,
  responseSchemaPointer,
  schemaErrors,
  type Example,
} from './contract.js';
import { msg } from '../../src/i18n/message.js';
import { BudgetExceeded, Overloaded } from '../../src/service/problems.js';
import type { Checker } from '../../src/service/checker.js';
import { failingChecker, rejectingChecker, testApp } from './helpers.js';
import { UPDATE_EXAMPLES, writeExamples } from './update-examples.js';

let app: FastifyInstance;
let failing: FastifyInstance;
let keyed: FastifyInstance;
let limited: FastifyInstance;
let overloaded: FastifyInstance;
let expensive: FastifyInstance;
let starting: FastifyInstance;

beforeAll(async () => {
  app = await testApp();
  failing = await testApp({ checker: failingChecker() });
  keyed = await testApp({ env: { API_KEYS: 'a-long-enough-test-key-0001' } });
  limited = await testApp({ env: { RATE_LIMIT_MAX: '1' } });
  // The worker pool's own refusals, as it raises them (its real behaviour is tested with real slow
  // inputs in test/service and test/http/hardening.test.ts): here, how the API answers them.
  overloaded = await testApp({ checker: rejectingChecker(new Overloaded(msg('problem.overloaded.queue_full', { threads: 2, waiting: 2 }), 5)) });
  expensive = await testApp({ checker: rejectingChecker(new BudgetExceeded(2000)) });
  starting = await testApp({ checker: { ...rejectingChecker(new Error('unused')), ready: () => new Promise<void>(() => undefined) } as Checker });
});
afterAll(async () => {
  for (const each of [app, failing, keyed, limited, overloaded, expensive, starting]) await each.close();
});

describe('the document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    // The file's own text: the validator parses the YAML itself, and never sees (or changes) our copy.
    const result = await validator.validate(CONTRACT_TEXT);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route the service registers, and the service serves every documented operation', () => {
    const registered = app.routeTable
      .routes()
      // Not API surface: HEAD is added by Fastify to every GET; OPTIONS on * is the CORS preflight;
      // below /docs/ are Swagger UI's assets and its copy of this document, below /page/ the page's files.
      .filter((route) => route.method !== 'HEAD' && route.url !== '*' && !route.url.startsWith('/docs/') && !route.url.startsWith('/page/'))
      .map((route) => `${route.method} ${route.url}`);
    const documented = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(new Set(registered)).toEqual(new Set(documented));
    expect(registered).toHaveLength(documented.length);
  });

  it('lists every problem type the service can send', () => {
    const text = JSON.stringify(contract);
    for (const name of ['malformed-json', 'invalid-request', 'bad-request', 'not-found', 'method-not-allowed', 'payload-too-large', 'unsupported-media-type', 'invalid-expression', 'internal-error', 'unauthorized', 'rate-limited', 'overloaded', 'not-ready', 'too-expensive', 'request-timeout']) {
      expect(text).toContain(`https://chainrule.dev/problems/${name}`);
    }
  });
});

/**
 * Response examples with no request example of the same name: how to make the service answer them.
 * Each returns the supertest response; the example's status and body must be what comes back.
 */
const REPRODUCTIONS: Record<string, () => Promise<request.Response>> = {
  malformedJson: () =>
    request(app.server).post('/v1/check').set('content-type', 'application/json').send('{"function": "sin(x^2)", "answer": "2x cos(x^2)",}'),
  payloadTooLarge: () => request(app.server).post('/v1/check').send({ function: 'x+'.repeat(40000), answer: '1' }),
  unsupportedMediaType: () => request(app.server).post('/v1/check').set('content-type', 'text/plain').send('sin(x^2)'),
  internalError: () => request(failing.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2)' }),
  notFound: () => request(app.server).get('/v1/checks'),
  unauthorized: () => request(keyed.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2)' }),
  rateLimited: async () => {
    await request(limited.server).post('/v1/check').send({ function: 'x^2', answer: '2x' });
    return request(limited.server).post('/v1/check').send({ function: 'x^2', answer: '2x' });
  },
  overloaded: () => request(overloaded.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2)' }),
  tooExpensive: () => request(expensive.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2)' }),
  notReady: () => request(starting.server).get('/ready'),
  streamed: () =>
    request(app.server)
      .post('/v1/check/batch')
      .set('content-type', 'application/x-ndjson')
      .send(String(operations().find((o) => o.path === '/v1/check/batch')?.operation.requestBody?.content['application/x-ndjson']?.examples?.streamed?.value)),
  tooManyItems: () =>
    request(app.server)
      .post('/v1/check/batch')
      .send({ items: Array.from({ length: 1001 }, () => ({ function: 'x^2', answer: '2x' })) }),
  methodNotAllowed: () => request(app.server).get('/v1/check'),
};

interface DocumentedExample {
  where: string;
  status: number;
  name: string;
  example: Example;
  /** Where the example's value sits in openapi.yaml, for UPDATE_OPENAPI_EXAMPLES. */
  yamlPath: string[];
  schemaPointer: string;
  send: () => Promise<request.Response>;
}

function documentedExamples(): DocumentedExample[] {
  const out: DocumentedExample[] = [];
  // A component response (413, 415, 500) is shared by operations: its examples are checked once.
  const seen = new Set<string>();
  for (const { path, method, operation } of operations()) {
    const requests = operation.requestBody?.content['application/json']?.examples ?? {};
    for (const [status, raw] of Object.entries(operation.responses)) {
      const { response, pointer } = resolveResponse(raw);
      for (const [mediaType, media] of Object.entries(response.content ?? {})) {
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          if (pointer) {
            if (seen.has(`${pointer} ${name}`)) continue;
            seen.add(`${pointer} ${name}`);
          }
          const requestExample = requests[name];
          const send = requestExample
            ? () => request(app.server)[method as 'post'](path).send(requestExample.value as object)
            : (REPRODUCTIONS[name] ?? (!operation.requestBody ? () => request(app.server)[method as 'get'](path) : undefined));
          if (!send) throw new Error(`${method} ${path} ${status} example ${name}: no request example or reproduction of that name`);
          const owner = pointer ? pointer.split('/').slice(1) : ['paths', path, method, 'responses', status];
          out.push({
            where: `${method.toUpperCase()} ${path} ${status} ${name}`,
            status: Number(status),
            name,
            example,
            yamlPath: [...owner, 'content', mediaType, 'examples', name, 'value'],
            schemaPointer: responseSchemaPointer(path, method, status, mediaType),
            send,
          });
        }
      }
    }
  }
  // Responses no operation refers to (404, 405 apply to any path): their examples are checked too.
  for (const name of ['NotFound', 'MethodNotAllowed']) {
    const response = contract.components.responses[name];
    for (const [exampleName, example] of Object.entries(response?.content?.['application/problem+json']?.examples ?? {})) {
      const send = REPRODUCTIONS[exampleName];
      if (!send) throw new Error(`component ${name} example ${exampleName}: no reproduction`);
      const { status } = example.value as { status: number };
      const yamlPath = ['components', 'responses', name, 'content', 'application/problem+json', 'examples', exampleName, 'value'];
      out.push({ where: `${name} ${exampleName}`, status, name: exampleName, example, yamlPath, schemaPointer: componentResponsePointer(name), send });
    }
  }
  return out;
}

/** JSON as parsed, anything else (NDJSON streams, YAML, HTML) as text. */
function bodyOf(response: request.Response): unknown {
  const type = response.headers['content-type'] ?? '';
  return type.includes('json') && !type.includes('ndjson') ? (response.body as unknown) : response.text;
}

describe('every documented example is a real answer of the service', () => {
  const examples = documentedExamples();
  // UPDATE_OPENAPI_EXAMPLES=1 npx vitest run test/http/contract.test.ts puts the real bodies into
  // openapi.yaml instead of comparing (the status and the schemas are still checked): review the diff.
  const updated = new Map<DocumentedExample, unknown>();
  afterAll(() => {
    if (updated.size > 0) writeExamples([...updated].map(([documented, body]) => [documented.yamlPath, body]));
  });

  it('has request examples that all have a response example', () => {
    const responseNames = new Set(examples.map((e) => e.name));
    for (const { path, operation } of operations()) {
      for (const name of Object.keys(operation.requestBody?.content['application/json']?.examples ?? {})) {
        expect(responseNames.has(name), `${path} request example ${name} has no response example`).toBe(true);
      }
    }
    // Every status a client can meet is shown by at least one example.
    expect(new Set(examples.map((e) => e.status))).toEqual(new Set([200, 400, 401, 404, 405, 413, 415, 422, 429, 500, 503]));
  });

  it.each(examples.map((e) => [e.where, e] as const))('%s', async (_where, documented) => {
    const response = await documented.send();
    expect(response.status).toBe(documented.status);
    const body = bodyOf(response);
    if (UPDATE_EXAMPLES) updated.set(documented, body);
    else expect(body).toEqual(documented.example.value);
    expect(schemaErrors(documented.schemaPointer, body)).toEqual([]);
  });
});

describe('real responses conform to the documented schemas', () => {
  const cases: Array<[string, () => Promise<request.Response>, string, string, number]> = [
    ['a check with parameters and warnings', () => request(app.server).post('/v1/check').send({ function: 'a sin(k x)', answer: 'a k cos(kx)' }), '/v1/check', 'post', 200],
    ['an undetermined check', () => request(app.server).post('/v1/check').send({ function: 'sqrt(-1-x^2)', answer: '0' }), '/v1/check', 'post', 200],
    ['a systematic mistake', () => request(app.server).post('/v1/check').send({ function: 'sin(cos(x^2))', answer: 'cos(-sin(2x))' }), '/v1/check', 'post', 200],
    ['a mistake with + C (a combined pair)', () => request(app.server).post('/v1/check').send({ function: 'x^3 + sin(2x)', answer: '3x^2 + cos(2x) + C', scoring: 'partial' }), '/v1/check', 'post', 200],
    ['a slip', () => request(app.server).post('/v1/check').send({ function: 'cos(3x)', answer: '3 sin(3x)' }), '/v1/check', 'post', 200],
    ['an answer undefined at the counterexample', () => request(app.server).post('/v1/check').send({ function: 'x^2', answer: 'ln(x)' }), '/v1/check', 'post', 200],
    ['a LaTeX derivative', () => request(app.server).post('/v1/derivative').send({ function: '\\frac{1}{\\sqrt{2x+1}}', format: 'latex' }), '/v1/derivative', 'post', 200],
    ['a derivative with a warning', () => request(app.server).post('/v1/derivative').send({ function: '1/2x', variable: 'x' }), '/v1/derivative', 'post', 200],
    ['an invalid derivative request', () => request(app.server).post('/v1/derivative').send({ function: 'x', quiet: true }), '/v1/derivative', 'post', 400],
    ['a derivative with broken JSON', () => request(app.server).post('/v1/derivative').set('content-type', 'application/json').send('{"function"'), '/v1/derivative', 'post', 400],
    ['a derivative too large', () => request(app.server).post('/v1/derivative').set('content-type', 'application/json').send(JSON.stringify({ function: 'x'.repeat(70000) })), '/v1/derivative', 'post', 413],
    ['a derivative as text/plain', () => request(app.server).post('/v1/derivative').set('content-type', 'text/plain').send('x'), '/v1/derivative', 'post', 415],
    ['a derivative of what cannot be read', () => request(app.server).post('/v1/derivative').send({ function: 'x', variable: '1' }), '/v1/derivative', 'post', 422],
    ['a derivative failing inside', () => request(failing.server).post('/v1/derivative').send({ function: 'x' }), '/v1/derivative', 'post', 500],
    ['a batch with every kind of result', () => request(app.server).post('/v1/check/batch').send({ items: [
      { function: 'sin(cos(x^2))', answer: 'cos(-sin(2x))' }, { function: 'sqrt(-1-x^2)', answer: '0' }, { function: 'x', answer: '1', colour: 1 }, 7,
    ] }), '/v1/check/batch', 'post', 200],
    ['a batch in every shape, unreadable answers and LMS ids included', () => request(app.server).post('/v1/check/batch').send({ defaults: { function: 'sin(x^2)', scoring: 'partial' }, items: [
      { answer: 'cos(x^2)', profile: 'lti-ags', user_id: 'u1' }, { answer: 'cos(x^2', profile: 'lti-ags', user_id: 'u2' },
      { answer: 'cos(x^2)', profile: 'xqueue', submission_id: 's3' }, { answer: 'cos(x^2', profile: 'xqueue', metadata: [1] },
      { answer: 'cos(x^2', user_id: 'u5', metadata: { a: 1 } }, { answer: '1/2x', user_id: 'u6' }, { answer: '2x cos(x^2)', lang: 'zh-Hans', audience: 'student' },
    ] }), '/v1/check/batch', 'post', 200],
    ['an AGS Score asked for by Accept', () => request(app.server).post('/v1/check').set('accept', 'application/vnd.ims.lis.v1.score+json').send({ function: 'sin(x^2)', answer: 'cos(x^2)', user_id: 'u1' }), '/v1/check', 'post', 200],
    ['an AGS Score waiting for a person', () => request(app.server).post('/v1/check').send({ function: 'sqrt(-1-x^2)', answer: '0', profile: 'lti-ags' }), '/v1/check', 'post', 200],
    ['an xqueue reply for an answer that cannot be read', () => request(app.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2', profile: 'xqueue' }), '/v1/check', 'post', 200],
    ['an unreadable answer in our own shape', () => request(app.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2', lang: 'es' }), '/v1/check', 'post', 422],
    ['a batch as text/plain', () => request(app.server).post('/v1/check/batch').set('content-type', 'text/plain').send('x'), '/v1/check/batch', 'post', 415],
    ['the contract', () => request(app.server).get('/openapi.yaml'), '/openapi.yaml', 'get', 200],
    ['the docs', () => request(app.server).get('/docs'), '/docs', 'get', 200],
  ];

  it.each(cases)('%s', async (_name, send, path, method, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    const body = bodyOf(response);
    expect(responseErrors(path, method, response.status, response.headers['content-type'], body)).toEqual([]);
  });

  it('the schemas are strict enough to catch drift', async () => {
    const { body } = await request(app.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2)' });
    const pointer = '/components/schemas/CheckResult';
    expect(schemaErrors(pointer, body)).toEqual([]);
    expect(schemaErrors(pointer, { ...body, extra: 1 })).not.toEqual([]);
    expect(schemaErrors(pointer, { ...body, diagnosis: [{ ...body.diagnosis[0], mistake: 'new_code' }] })).not.toEqual([]);
    const { evidence: _evidence, ...withoutEvidence } = body;
    expect(schemaErrors(pointer, withoutEvidence)).not.toEqual([]);
    const problem = { type: 'https://chainrule.dev/problems/not-found', title: 'Not found', status: 404, detail: 'x', instance: '/', i18n: { title: { code: 'problem.not_found.title', params: {} }, detail: { code: 'x', params: { method: 'GET' } } } };
    expect(schemaErrors('/components/schemas/NotFoundProblem', problem)).toEqual([]);
    expect(schemaErrors('/components/schemas/NotFoundProblem', { ...problem, stack: 'Error: at …' })).not.toEqual([]);
    expect(schemaErrors('/components/schemas/ExpressionProblem', problem)).not.toEqual([]);
    const { i18n: _i18n, ...untranslatable } = problem;
    expect(schemaErrors('/components/schemas/NotFoundProblem', untranslatable)).not.toEqual([]);
    expect(schemaErrors(pointer, { ...body, score: { given: 1 } })).not.toEqual([]);
    expect(schemaErrors(pointer, { ...body, grading_status: 'pending' })).not.toEqual([]);
    expect(schemaErrors(pointer, { ...body, lang: 'de-AT' })).not.toEqual([]);
  });

  it('a request refused before routing (a URL that does not decode) is a documented bad-request problem', async () => {
    const response = await request(app.server).get('/v1/%zz');
    expect(response.status).toBe(400);
    expect(schemaErrors('/components/schemas/FramingProblem', response.body)).toEqual([]);
  });

  it('405 on every documented path, 404 elsewhere, as the component responses say', async () => {
    for (const { path, method } of operations()) {
      const wrong = method === 'get' ? 'delete' : 'put';
      const response = await request(app.server)[wrong](path);
      expect(response.status).toBe(405);
      expect(schemaErrors(componentResponsePointer('MethodNotAllowed'), response.body)).toEqual([]);
    }
    const response = await request(app.server).post('/v2/check').send({});
    expect(schemaErrors(componentResponsePointer('NotFound'), response.body)).toEqual([]);
  });
});
