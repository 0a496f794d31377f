/**
 * chainrule/client against the real server (listening on a port, checks in its worker pool): every
 * helper, the typed openapi-fetch client underneath, problems as ChainruleError, the API key and the
 * language sent with every request, and an NDJSON batch streamed both ways.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainruleError, createChainruleClient, type BatchItem, type BatchItemResult } from 'chainrule/client';
import { startServer, type RunningServer } from '../../src/server.js';

const KEY = 'a-long-enough-test-key-0001';
let server: RunningServer;
let keyed: RunningServer;

beforeAll(async () => {
  const quiet = { logger: pino({ level: 'silent' }), handleSignals: false };
  server = await startServer({ env: { PORT: '0', WORKER_THREADS: '1', MAX_EVENT_LOOP_DELAY_MS: '0' }, ...quiet });
  keyed = await startServer({ env: { PORT: '0', CHECKER: 'inline', API_KEYS: KEY, MAX_EVENT_LOOP_DELAY_MS: '0' }, ...quiet });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await keyed?.stop();
});

describe('chainrule/client', () => {
  it('checks an answer: verdict, diagnosis, score, grading status, note, in the language asked for', async () => {
    const chainrule = createChainruleClient({ baseUrl: server.url });
    const result = await chainrule.check({ function: 'sin(x^2)', answer: 'cos(x^2)', scoring: 'partial', max_score: 4, lang: 'de', user_id: 'u-1' });
    expect(result).toMatchObject({ verdict: 'incorrect', grading_status: 'graded', note: 'incorrect|missing_inner_factor(a)@outer', lang: 'de', user_id: 'u-1' });
    expect(result.score).toEqual({ given: 2, maximum: 4, fraction: 0.5 });
    expect(result.feedback).toMatch(/^Sie haben bei sin\(x\^2\) die innere Ableitung weggelassen/);
    expect(result.diagnosis[0]?.i18n.feedback.code).toBe('chain.missing_inner_factor.a.open');
  });

  it('gets an AGS Score and an xqueue reply', async () => {
    const chainrule = createChainruleClient({ baseUrl: `${server.url}/`, language: 'fr' });
    const score = await chainrule.agsScore({ function: '(3x+1)^5', answer: '5(3x+1)^4', user_id: '5:ann', scoring: 'partial', max_score: 10, timestamp: '2026-11-30T09:00:00.000Z' });
    expect(score).toMatchObject({ userId: '5:ann', scoreGiven: 5, scoreMaximum: 10, gradingProgress: 'FullyGraded', activityProgress: 'Completed', timestamp: '2026-11-30T09:00:00.000Z' });
    expect(score.comment).toMatch(/^Vous avez oublié/);
    const reply = await chainrule.xqueue({ function: 'e^(3x)', answer: '3e^(3x)', submission_id: 'xq-1' });
    expect(reply).toEqual({ correct: true, score: 1, msg: '<p>Correct : votre réponse est égale à la dérivée.</p>'.replace(' :', '\u202f:'), submission_id: 'xq-1' });
  });

  it('validates, differentiates, lists the mistakes', async () => {
    const chainrule = createChainruleClient({ baseUrl: server.url });
    const validation = await chainrule.validate({ answer: '1/2x', function: 'ln(sqrt(x))', lang: 'es' });
    expect(validation.readings).toHaveLength(2);
    expect(validation.warnings[0]?.i18n.message.code).toMatch(/^warn\./);
    const derivative = await chainrule.derivative({ function: 'sin(x^2)' });
    expect(derivative.derivative.text).toBe('2*x*cos(x^2)');
    const mistakes = await chainrule.mistakes();
    expect(mistakes.map((m) => m.code)).toContain('missing_inner_factor');
  });

  it('grades a JSON batch with defaults, and streams an NDJSON batch of any length', async () => {
    const chainrule = createChainruleClient({ baseUrl: server.url });
    const { results, summary } = await chainrule.batch({ defaults: { function: 'sin(x^2)', lang: 'pt-BR' }, items: [{ answer: '2x cos(x^2)' }, { answer: 'cos(x^2)', id: 'b' }] });
    expect(results.map((r) => ('verdict' in r ? r.verdict : undefined))).toEqual(['correct', 'incorrect']);
    expect(summary.by_note).toEqual({ correct: 1, 'incorrect|missing_inner_factor(a)@outer': 1 });

    async function* answers(): AsyncGenerator<BatchItem> {
      for (let i = 0; i < 30; i++) yield { id: `s${i}`, answer: i % 3 === 0 ? 'cos(x^2)' : '2x cos(x^2)', user_id: `u${i}` };
    }
    const streamed: BatchItemResult[] = [];
    const stream = chainrule.batchStream(answers(), { function: 'sin(x^2)', profile: 'lti-ags', scoring: 'partial' });
    let next = await stream.next();
    while (!next.done) {
      streamed.push(next.value);
      next = await stream.next();
    }
    expect(streamed.map((r) => ('userId' in r ? r.userId : undefined))).toEqual(Array.from({ length: 30 }, (_, i) => `u${i}`));
    expect(streamed.map((r) => ('scoreGiven' in r ? r.scoreGiven : undefined))).toEqual(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 0.5 : 1)));
    expect(next.value).toMatchObject({ total: 30, correct: 20, incorrect: 10 });

    const fromArray = chainrule.batchStream([{ function: 'x^2', answer: '2x' }]);
    const first = await fromArray.next();
    expect(first.value).toMatchObject({ index: 0, verdict: 'correct' });
    expect((await fromArray.next()).value).toMatchObject({ total: 1 });
  });

  it('throws a ChainruleError with the service’s problem, in the language asked for', async () => {
    const chainrule = createChainruleClient({ baseUrl: server.url, language: 'de' });
    const unreadable = await chainrule.check({ function: 'sin(x^2)', answer: 'sinn(x^2)' }).catch((error: unknown) => error);
    expect(unreadable).toBeInstanceOf(ChainruleError);
    expect((unreadable as ChainruleError).status).toBe(422);
    expect((unreadable as ChainruleError).problem).toMatchObject({ field: 'answer', code: 'unknown_name', grading_status: 'not_gradable' });
    expect((unreadable as ChainruleError).message).toMatch(/^Der Ausdruck lässt sich nicht lesen: /);
    const invalid = await chainrule.batch({ defaults: { scoring: 'plenty' as 'partial' }, items: [] }).catch((error: unknown) => error);
    expect((invalid as ChainruleError).problem?.errors?.[0]?.field).toBe('defaults.scoring');
  });

  it('sends the API key, and the typed openapi-fetch client is there for the rest', async () => {
    const without = createChainruleClient({ baseUrl: keyed.url });
    const refused = await without.check({ function: 'x^2', answer: '2x' }).catch((error: unknown) => error);
    expect((refused as ChainruleError).status).toBe(401);
    const chainrule = createChainruleClient({ baseUrl: keyed.url, apiKey: KEY });
    expect((await chainrule.check({ function: 'x^2', answer: '2x' })).correct).toBe(true);
    const { data, response } = await chainrule.api.POST('/v1/check', {
      body: { function: 'x^2', answer: '2x', profile: 'lti-ags' },
      headers: { 'accept-language': 'zh-Hans' },
    });
    expect(response.headers.get('content-language')).toBe('zh-Hans');
    expect(response.headers.get('content-type')).toMatch(/^application\/vnd\.ims\.lis\.v1\.score\+json/);
    expect(data && 'gradingProgress' in data ? data.gradingProgress : undefined).toBe('FullyGraded');
  });
});
