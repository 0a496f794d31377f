/**
 * What an LMS gets over HTTP with no glue: scores (and the server's SCORING_POLICY), grading statuses,
 * students' views, answer notes, languages (lang, Accept-Language with q-values, Content-Language,
 * `{code, params}` beside every text), the AGS Score and xqueue shapes, the caller's ids echoed in
 * every result, and batches with defaults and a class summary.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseErrors } from './contract.js';
import { testApp } from './helpers.js';

let app: FastifyInstance;
let partialByPolicy: FastifyInstance;
let policyDir: string;

beforeAll(async () => {
  app = await testApp();
  policyDir = mkdtempSync(join(tmpdir(), 'chainrule-policy-'));
  const policy = join(policyDir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ scoring: 'partial', max_score: 10, penalty_per_attempt: 0.2, credits: { missing_inner_factor: 0.7 } }));
  partialByPolicy = await testApp({ env: { SCORING_POLICY: policy } });
});
afterAll(async () => {
  await app.close();
  await partialByPolicy.close();
  rmSync(policyDir, { recursive: true, force: true });
});

const WRONG = { function: 'sin(x^2)', answer: 'cos(x^2)' };
const AGS = 'application/vnd.ims.lis.v1.score+json';

/** POST /v1/check, its answer checked against the contract. */
async function checkOn(server: FastifyInstance, body: object, headers: Record<string, string> = {}): Promise<request.Response> {
  let call = request(server.server).post('/v1/check');
  for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
  const response = await call.send(body);
  expect(responseErrors('/v1/check', 'post', response.status, response.headers['content-type'], response.body)).toEqual([]);
  return response;
}

describe('scores', () => {
  it('all or nothing by default; partial with the request’s scoring, maximum, credits and attempt', async () => {
    expect((await checkOn(app, WRONG)).body.score).toEqual({ given: 0, maximum: 1, fraction: 0 });
    const { body } = await checkOn(app, { ...WRONG, scoring: 'partial', max_score: 4, credits: { missing_inner_factor: 0.75 }, attempt: 2, penalty_per_attempt: 0.25 });
    expect(body.score).toEqual({ given: 3, maximum: 4, fraction: 0.75, after_penalty: 2 });
  });

  it('takes the server’s SCORING_POLICY as the defaults, which a request overrides', async () => {
    expect((await checkOn(partialByPolicy, WRONG)).body.score).toEqual({ given: 7, maximum: 10, fraction: 0.7 });
    expect((await checkOn(partialByPolicy, { ...WRONG, attempt: 3 })).body.score.after_penalty).toBe(3);
    expect((await checkOn(partialByPolicy, { ...WRONG, scoring: 'all_or_nothing', max_score: 1 })).body.score).toEqual({ given: 0, maximum: 1, fraction: 0 });
  });

  it.each([
    [{ credits: { missing_inner: 0.5 } }, 'credits.missing_inner', /^unknown mistake code/],
    // Regression: zod's record passed over the key, so the request was graded as if it were not there.
    [JSON.parse('{"credits": {"__proto__": 0.5}}') as object, 'credits.__proto__', /^unknown mistake code/],
    [{ credits: { sign_error: 2 } }, 'credits.sign_error', /^expected at most 1/],
    [{ scoring: 'generous' }, 'scoring', /^expected one of "all_or_nothing", "partial"/],
    [{ max_score: 0 }, 'max_score', /^expected more than 0/],
    [{ attempt: 0 }, 'attempt', /^expected at least 1/],
    [{ attempt: 1.5 }, 'attempt', /^expected a whole number/],
    [{ penalty_per_attempt: -0.1 }, 'penalty_per_attempt', /^expected at least 0/],
    [{ audience: 'parent' }, 'audience', /^expected one of "teacher", "student"/],
    [{ quiet: true, audience: 'teacher' }, 'quiet', /^quiet is the student view/],
    [{ quiet: true, reveal: true }, 'reveal', /^quiet hides the answer/],
    [{ profile: 'scorm' }, 'profile', /^expected one of "chainrule", "lti-ags", "xqueue"/],
    [{ lang: 'not a language' }, 'lang', /^expected a language tag/],
    [{ user_id: 'u'.repeat(257) }, 'user_id', /^expected at most 256/],
    [{ timestamp: 'yesterday' }, 'timestamp', /^expected a date and time in ISO 8601/],
  ])('refuses %j, naming %s', async (extra, field, message) => {
    const response = await checkOn(app, { ...WRONG, ...extra });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field, message: expect.stringMatching(message) })]);
  });
});

describe('grading statuses and notes', () => {
  it.each([
    [{ function: 'sin(x^2)', answer: '2x cos(x^2)' }, 'graded', 'correct'],
    [WRONG, 'graded', 'incorrect|missing_inner_factor(a)@outer'],
    [{ function: 'sqrt(-1-x^2)', answer: '0' }, 'needs_review', 'undetermined'],
    [{ function: 'sin(x/2)', answer: '1/2cos(x/2)' }, 'not_gradable', 'needs_brackets'],
  ])('%j is %s, noted %s', async (body, status, note) => {
    const response = await checkOn(app, body);
    expect([response.body.grading_status, response.body.note]).toEqual([status, note]);
    if (status === 'not_gradable') expect(response.body.score).toBeNull();
  });

  it('an answer that cannot be read is a 422 that says it is not gradable; a function that cannot be read is not', async () => {
    const answer = await checkOn(app, { function: 'sin(x^2)', answer: '2x cos(x^2' });
    expect([answer.status, answer.body.field, answer.body.grading_status]).toEqual([422, 'answer', 'not_gradable']);
    const fn = await checkOn(app, { function: 'sin(x^2', answer: '2x' });
    expect([fn.status, fn.body.field, fn.body.grading_status]).toEqual([422, 'function', undefined]);
  });
});

describe('languages', () => {
  it('writes feedback, warnings and problems in the language of lang, and says which in Content-Language', async () => {
    const response = await checkOn(app, { function: 'e^2x', answer: '2cos(x)', lang: 'de' });
    expect(response.headers['content-language']).toBe('de');
    expect(response.body.lang).toBe('de');
    expect(response.body.feedback).toMatch(/^Ihre Antwort/);
    expect(response.body.warnings[0].message).toMatch(/gelesen/);
    expect(response.body.i18n.feedback).toEqual(expect.objectContaining({ code: 'sentences' }));
    expect(response.body.warnings[0].i18n.message.code).toMatch(/^warn\./);
    const problem = await checkOn(app, { function: 'sin(x^2)', answer: 'sinn(x^2)', lang: 'fr' });
    expect(problem.headers['content-language']).toBe('fr');
    expect(problem.body.title).toBe('L’expression ne peut pas être lue');
    expect(problem.body.i18n.title).toEqual({ code: 'problem.invalid_expression.title', params: {} });
  });

  it('takes the best of Accept-Language by q-value, the body’s lang over it, and English when none is served', async () => {
    const cases: Array<[Record<string, string>, object, string]> = [
      [{ 'accept-language': 'fr;q=0.5, es;q=0.9, en;q=0.1' }, {}, 'es'],
      [{ 'accept-language': 'pt-PT' }, {}, 'pt-BR'],
      [{ 'accept-language': 'zh-CN,zh;q=0.9' }, {}, 'zh-Hans'],
      [{ 'accept-language': 'tlh, de;q=0.2' }, {}, 'de'],
      [{ 'accept-language': 'tlh' }, {}, 'en'],
      [{ 'accept-language': 'de' }, { lang: 'fr-CA' }, 'fr'],
      [{}, { lang: 'ja' }, 'en'],
    ];
    for (const [headers, extra, language] of cases) {
      const response = await checkOn(app, { ...WRONG, ...extra }, headers);
      expect([response.headers['content-language'], response.body.lang], JSON.stringify([headers, extra])).toEqual([language, language]);
    }
  });

  it('answers problems of every kind in the language asked for, and varies on Accept-Language', async () => {
    const invalid = await request(app.server).post('/v1/check').set('accept-language', 'de').send({ function: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['content-language']).toBe('de');
    expect(invalid.body.errors[0].message).toMatch(/^erforderlich/);
    const notFound = await request(app.server).get('/v1/nowhere').set('accept-language', 'zh-Hans');
    expect(notFound.headers['content-language']).toBe('zh-Hans');
    expect(notFound.body.title).not.toBe('Not found');
    expect(notFound.headers.vary).toMatch(/Accept-Language/);
    expect((await checkOn(app, WRONG)).headers.vary).toMatch(/Accept-Language/);
    expect((await checkOn(app, WRONG)).headers.vary).toMatch(/Accept\b/);
  });

  it('keeps the mathematics as it is, and formats numbers the language’s way', async () => {
    const de = await checkOn(app, { function: 'e^x', answer: '3', lang: 'de' });
    expect(de.body.feedback).toMatch(/x = -?\d+,\d+/);
    expect(de.body.feedback).toContain('e^u');
    const zh = await checkOn(app, { ...WRONG, lang: 'zh-Hans' });
    expect(zh.body.feedback).toContain('sin(x^2)');
    expect(zh.body.feedback).toContain('2*x*cos(x^2)');
  });
});

describe('the LTI AGS Score', () => {
  it('is asked for by Accept or by profile, with the student’s feedback as its comment and no answer in it', async () => {
    const byAccept = await checkOn(app, { ...WRONG, user_id: 'u-1', scoring: 'partial', max_score: 2 }, { accept: AGS });
    const byProfile = await checkOn(app, { ...WRONG, user_id: 'u-1', scoring: 'partial', max_score: 2, profile: 'lti-ags' });
    for (const response of [byAccept, byProfile]) {
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/vnd\.ims\.lis\.v1\.score\+json/);
      expect(response.body).toMatchObject({ userId: 'u-1', scoreGiven: 1, scoreMaximum: 2, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
      expect(response.body.comment).toContain('You left out the inner derivative at sin(x^2)');
      expect(response.body.comment).not.toContain('2*x*cos(x^2)');
      expect(new Date(response.body.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    // A teacher's comment when asked for; the request's own timestamp; the penalty in scoreGiven.
    const teacher = await checkOn(app, { ...WRONG, profile: 'lti-ags', audience: 'teacher', attempt: 2, timestamp: '2026-11-30T09:00:00+01:00' });
    expect(teacher.body.comment).toContain('2*x*cos(x^2)');
    expect(teacher.body.timestamp).toBe('2026-11-30T09:00:00+01:00');
    const penalised = await checkOn(app, { function: 'sin(x^2)', answer: '2x cos(x^2)', profile: 'lti-ags', attempt: 3 });
    expect([penalised.body.scoreGiven, penalised.body.scoreMaximum]).toEqual([0.8, 1]);
  });

  it('carries no score unless fully graded: PendingManual when undetermined, NotReady when not gradable', async () => {
    const pending = await checkOn(app, { function: 'sqrt(-1-x^2)', answer: '0', profile: 'lti-ags' });
    expect(pending.body.gradingProgress).toBe('PendingManual');
    expect(pending.body).not.toHaveProperty('scoreGiven');
    const brackets = await checkOn(app, { function: 'sin(x/2)', answer: '1/2cos(x/2)', profile: 'lti-ags', lang: 'es' });
    expect(brackets.body.gradingProgress).toBe('NotReady');
    expect(brackets.body).not.toHaveProperty('scoreGiven');
    expect(brackets.body.comment).toMatch(/paréntesis/);
    const unreadable = await checkOn(app, { function: 'sin(x^2)', answer: '2x cos(x^2', profile: 'lti-ags', user_id: 'u-2', lang: 'de' });
    expect(unreadable.status).toBe(200);
    expect(unreadable.body).toMatchObject({ userId: 'u-2', gradingProgress: 'NotReady', activityProgress: 'Completed' });
    expect(unreadable.body.comment).toMatch(/^Ihre Antwort kann nicht gelesen werden: /);
    expect(unreadable.body['https://chainrule.dev/lti/result']).toMatchObject({ grading_status: 'not_gradable', note: 'unreadable|unclosed_bracket', lang: 'de', problem: { status: 422, field: 'answer' } });
  });

  it('is not chosen by an Accept that refuses it, and a body’s profile wins over Accept', async () => {
    expect((await checkOn(app, WRONG, { accept: `${AGS};q=0, application/json` })).body).toHaveProperty('verdict');
    expect((await checkOn(app, { ...WRONG, profile: 'chainrule' }, { accept: AGS })).body).toHaveProperty('verdict');
  });
});

describe('the xqueue reply', () => {
  it('is {correct, score, msg} with msg as escaped HTML, in the student’s view', async () => {
    const { body } = await checkOn(app, { function: 'sin(x^2)', answer: '2x cos(x^2)', profile: 'xqueue', submission_id: 's-1' });
    expect(body).toEqual({ correct: true, score: 1, msg: '<p>Correct: your answer equals the derivative.</p>', submission_id: 's-1' });
    const wrong = await checkOn(app, { ...WRONG, profile: 'xqueue', scoring: 'partial' });
    expect([wrong.body.correct, wrong.body.score]).toEqual([false, 0.5]);
    expect(wrong.body.msg).toMatch(/^<p>You left out the inner derivative at sin\(x\^2\)[^<>]*<\/p>$/);
    const unreadable = await checkOn(app, { function: 'sin(x^2)', answer: 'x <= 2', profile: 'xqueue' });
    expect(unreadable.body).toMatchObject({ correct: false, score: 0 });
    expect(unreadable.body.msg).toContain('&lt;');
    expect(unreadable.body.msg.slice(3, -4)).not.toMatch(/[<>]/);
  });
});

describe('the caller’s ids', () => {
  const ids = { user_id: 'u-7', submission_id: 'sub-9', metadata: { course: 'calc-1', tags: ['q3', 2], nested: { ok: true } } };

  it('come back unchanged in every shape', async () => {
    expect((await checkOn(app, { ...WRONG, ...ids })).body).toMatchObject(ids);
    const ags = await checkOn(app, { ...WRONG, ...ids, profile: 'lti-ags' });
    expect(ags.body.userId).toBe('u-7');
    expect(ags.body['https://chainrule.dev/lti/result']).toMatchObject({ submission_id: 'sub-9', metadata: ids.metadata });
    expect((await checkOn(app, { ...WRONG, ...ids, profile: 'xqueue' })).body).toMatchObject(ids);
  });

  it('come back in every batch item, errors included, and are never shared between answers', async () => {
    const { body } = await request(app.server)
      .post('/v1/check/batch')
      .send({
        items: [
          { ...WRONG, ...ids },
          { ...WRONG, user_id: 'u-8' },
          { function: 'sin(x^2)', answer: 'cos(x^2', ...ids },
          { ...WRONG, ...ids, colour: 'blue' },
          { function: 'sin(x^2)', answer: 'cos(x^2', ...ids, profile: 'lti-ags' },
        ],
      });
    const [first, second, unreadable, invalid, ags] = body.results;
    expect(first).toMatchObject(ids);
    expect(second.user_id).toBe('u-8');
    expect(second).not.toHaveProperty('submission_id');
    expect(second).not.toHaveProperty('metadata');
    expect(unreadable).toMatchObject({ ...ids, grading_status: 'not_gradable', note: 'unreadable|unclosed_bracket', error: { status: 422, grading_status: 'not_gradable' } });
    expect(invalid).toMatchObject({ ...ids, error: { status: 400 } });
    expect(ags).toMatchObject({ index: 4, userId: 'u-7', gradingProgress: 'NotReady' });
  });
});

describe('metadata nested too deep (regression: a 500)', () => {
  // Echoed in every result, it is copied to a checking thread and written out as JSON, which both
  // recurse: 5,000 nested arrays (10 KB) overflowed the stack there.
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const bodyWith = (metadata: string, fields: object = WRONG) => `${JSON.stringify(fields).slice(0, -1)},"metadata":${metadata}}`;

  it('is a 400 that names metadata, in a check and in a batch item, where the other items are graded', async () => {
    const response = await request(app.server).post('/v1/check').set('content-type', 'application/json').send(bodyWith(nested(20_000)));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'metadata', message: 'expected JSON nested at most 32 levels deep' })]);
    const item = bodyWith(nested(20_000), { function: 'sin(x^2)', answer: '2x cos(x^2)', user_id: 'u-1' });
    const batch = await request(app.server).post('/v1/check/batch').set('content-type', 'application/json').send(`{"items":[${item},${JSON.stringify({ ...WRONG, metadata: 1 })}]}`);
    expect(batch.status).toBe(200);
    const [deep, graded] = batch.body.results;
    expect(deep).toMatchObject({ user_id: 'u-1', error: { status: 400, errors: [expect.objectContaining({ field: 'metadata' })] } });
    expect(deep).not.toHaveProperty('metadata');
    expect(graded).toMatchObject({ verdict: 'incorrect', metadata: 1 });
  });

  it('is taken and echoed up to 32 levels deep', async () => {
    const response = await request(app.server).post('/v1/check').set('content-type', 'application/json').send(bodyWith(nested(32)));
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body.metadata)).toBe(nested(32));
    const deeper = await request(app.server).post('/v1/check').set('content-type', 'application/json').send(bodyWith(nested(33)));
    expect(deeper.status).toBe(400);
  });
});

describe('a batch', () => {
  it('takes defaults every item shares unless it says otherwise, and counts the class', async () => {
    const response = await request(app.server)
      .post('/v1/check/batch')
      .set('accept-language', 'fr')
      .send({
        defaults: { function: 'sin(x^2)', scoring: 'partial', max_score: 2, lang: 'de', audience: 'student' },
        items: [
          { id: 'a', answer: '2x cos(x^2)' },
          { id: 'b', answer: 'cos(x^2)' },
          { id: 'c', answer: 'cos(x^2)', lang: 'es', max_score: 4 },
          { id: 'd', function: 'cos(3x)', answer: '3 sin(3x)' },
          { id: 'e', answer: 'cos(x^2' },
          { id: 'f', answer: '1/2x', function: 'ln(sqrt(x))' },
        ],
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-language']).toBe('de');
    const [a, b, c, d, e, f] = response.body.results;
    expect(a.score).toEqual({ given: 2, maximum: 2, fraction: 1 });
    expect([b.score.given, b.lang, b.expected]).toEqual([1, 'de', undefined]);
    expect([c.score.given, c.lang]).toEqual([2, 'es']);
    expect(d.diagnosis[0].mistake).toBe('trig_sign_error');
    expect(e.error.detail).toMatch(/^answer: die Klammer/);
    expect(f.verdict).toBe('needs_brackets');
    expect(response.body.summary).toMatchObject({
      total: 6,
      correct: 1,
      incorrect: 3,
      needs_brackets: 1,
      errors: 1,
      by_grading_status: { graded: 4, needs_review: 0, not_gradable: 2 },
      by_mistake: { missing_inner_factor: 2, trig_sign_error: 1, inner_derivative_sign_error: 1 },
      by_note: { correct: 1, 'incorrect|missing_inner_factor(a)@outer': 2, 'incorrect|trig_sign_error(a)@outer/inner_derivative_sign_error(a)@outer': 1, needs_brackets: 1, 'unreadable|unclosed_bracket': 1 },
      by_node: [
        { node: 'sin(x^2)', place: 'outer', mistake: 'missing_inner_factor', count: 2 },
        { node: 'cos(3*x)', place: 'outer', mistake: 'trig_sign_error', count: 1 },
        { node: 'cos(3*x)', place: 'outer', mistake: 'inner_derivative_sign_error', count: 1 },
      ],
    });
  });

  it('refuses invalid defaults as a whole (400), and takes them as the first NDJSON line', async () => {
    for (const [defaults, field] of [[{ answer: 'x' }, 'defaults.answer'], [{ user_id: 'u' }, 'defaults.user_id'], [{ scoring: 'lots' }, 'defaults.scoring'], [{ quiet: true, audience: 'teacher' }, 'defaults.quiet']] as const) {
      const response = await request(app.server).post('/v1/check/batch').send({ defaults, items: [WRONG] });
      expect(response.status, JSON.stringify(defaults)).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    // Defaults need not name a function, or anything at all.
    expect((await request(app.server).post('/v1/check/batch').send({ defaults: { lang: 'de' }, items: [WRONG] })).body.results[0].lang).toBe('de');
    expect((await request(app.server).post('/v1/check/batch').send({ defaults: {}, items: [WRONG] })).body.results[0].verdict).toBe('incorrect');
    const lines = [{ defaults: { function: 'sin(x^2)', profile: 'lti-ags', timestamp: '2026-11-30T09:00:00Z', lang: 'fr' } }, { answer: 'cos(x^2)', user_id: 'u1' }, { answer: '2x cos(x^2)', user_id: 'u2' }];
    const streamed = await request(app.server)
      .post('/v1/check/batch')
      .set('content-type', 'application/x-ndjson')
      .send(lines.map((line) => JSON.stringify(line)).join('\n'));
    expect(streamed.headers['content-language']).toBe('fr');
    const out = streamed.text.trim().split('\n').map((line) => JSON.parse(line));
    expect(out.map((r) => [r.index, r.userId, r.scoreGiven, r.timestamp])).toEqual([
      [0, 'u1', 0, '2026-11-30T09:00:00Z'],
      [1, 'u2', 1, '2026-11-30T09:00:00Z'],
      [undefined, undefined, undefined, undefined],
    ]);
    expect(out[0].comment).toMatch(/^Vous avez oublié/);
    expect(out[2].summary.total).toBe(2);
    const bad = await request(app.server).post('/v1/check/batch').set('content-type', 'application/x-ndjson').send('{"defaults": {"profile": "scorm"}}\n{"function": "x", "answer": "1"}');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
