/**
 * The page's API client, against a stand-in for fetch: `lang` sent only where it is taken (and
 * dropped for good where it is refused, a batch included), the probe's three answers, a key asked
 * for on a 401, NDJSON results as they stream (lines split across chunks), a service out of reach.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api, ndjsonLines, ProblemError } from '../../src/page/api.js';

interface Sent {
  path: string;
  body: string;
  headers: Headers;
}

/** fetch answering each call with the next of `answers` (a function of what was sent). */
function serve(...answers: Array<(sent: Sent) => Response>): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    const call = { path, body: String(init.body ?? ''), headers: new Headers(init.headers) };
    sent.push(call);
    const answer = answers.shift();
    if (!answer) throw new Error(`no answer for ${path}`);
    return answer(call);
  });
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const refusedLang = () => json(400, { type: 'https://chainrule.dev/problems/invalid-request', title: 'The request is not valid', status: 400, detail: 'lang: unknown field', errors: [{ field: 'lang', message: 'unknown field' }] });
const ndjson = (lines: unknown[]) => new Response(`${lines.map((line) => JSON.stringify(line)).join('\n')}\n`, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
const summary = { total: 1, correct: 1, incorrect: 0, undetermined: 0, needs_brackets: 0, errors: 0, by_mistake: {} };

describe('lang', () => {
  it('is sent only once set, and dropped for good by an endpoint that refuses it', async () => {
    const api = new Api({ unauthorized: () => {} });
    const sent = serve(() => json(200, { valid: true }), refusedLang, () => json(200, { valid: true }), () => json(200, { valid: true }, { 'content-language': 'de' }));
    await api.post('/v1/validate', { answer: 'x' });
    api.setLanguage('de');
    const answered = await api.post('/v1/validate', { answer: 'x' });
    await api.post('/v1/check', { function: 'x', answer: '1' }).catch(() => undefined);
    expect(sent.map((s) => [s.path, JSON.parse(s.body).lang])).toEqual([
      ['/v1/validate', undefined],
      ['/v1/validate', 'de'],
      ['/v1/validate', undefined],
      ['/v1/check', 'de'],
    ]);
    expect(answered.body).toEqual({ valid: true });
  });

  it('is asked about once: taken, refused by name, or not known yet', async () => {
    const api = new Api({ unauthorized: () => {} });
    serve(() => json(200, { verdict: 'incorrect' }));
    expect(await api.takesLanguage()).toBe(true);
    serve(refusedLang);
    expect(await api.takesLanguage()).toBe(false);
    serve(() => json(401, { type: 'https://chainrule.dev/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'key' }));
    expect(await api.takesLanguage()).toBeUndefined();
  });

  it('is dropped from a batch whose items refuse it, and the batch asked for again', async () => {
    const api = new Api({ unauthorized: () => {} });
    api.setLanguage('fr');
    const itemError = { id: null, index: 0, error: { type: 'https://chainrule.dev/problems/invalid-request', title: 'The request is not valid', status: 400, detail: 'lang', errors: [{ field: 'lang', message: 'unknown field' }] } };
    const sent = serve(() => ndjson([itemError, { summary }]), () => ndjson([{ id: null, index: 0, verdict: 'correct' }, { summary }]));
    const results: unknown[] = [];
    expect(await api.batch([{ function: 'x^2', answer: '2x' }], (r) => results.push(r))).toEqual(summary);
    expect(results).toEqual([{ id: null, index: 0, verdict: 'correct' }]);
    expect(sent.map((s) => JSON.parse(s.body.trim()).lang)).toEqual(['fr', undefined]);
  });
});

describe('the key', () => {
  it('is asked for on a 401, and sent once given', async () => {
    const unauthorized = vi.fn();
    const api = new Api({ unauthorized });
    const sent = serve(() => json(401, { type: 'https://chainrule.dev/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'This service requires an API key.' }), () => json(200, { mistakes: [] }));
    await expect(api.get('/v1/mistakes')).rejects.toThrow('This service requires an API key.');
    expect(unauthorized).toHaveBeenCalledOnce();
    api.setKey('  a-long-enough-test-key-0001 ');
    await api.get('/v1/mistakes');
    expect(sent.map((s) => s.headers.get('authorization'))).toEqual([null, 'Bearer a-long-enough-test-key-0001']);
  });
});

describe('failures', () => {
  it('are problems: what the service said, or that it cannot be reached', async () => {
    const api = new Api({ unauthorized: () => {} });
    serve(() => json(422, { type: 'https://chainrule.dev/problems/invalid-expression', title: 'The expression cannot be read', status: 422, detail: 'function: …', field: 'function', position: 3 }));
    const unreadable = await api.post('/v1/check', { function: 'sin(', answer: '1' }).catch((e: unknown) => e);
    expect(unreadable).toBeInstanceOf(ProblemError);
    expect((unreadable as ProblemError).problem).toMatchObject({ status: 422, field: 'function', position: 3 });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.post('/v1/check', {})).rejects.toThrow('The service cannot be reached');
    serve(() => new Response('<html>proxy error</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(api.get('/v1/mistakes')).rejects.toThrow('The service answered 502 Bad Gateway.');
  });

  it('a batch that stops before its summary says so', async () => {
    const api = new Api({ unauthorized: () => {} });
    serve(() => ndjson([{ id: null, index: 0, verdict: 'correct' }]));
    await expect(api.batch([{ function: 'x', answer: '1' }], () => {})).rejects.toThrow('stopped before it had graded every answer');
  });
});

describe('ndjsonLines', () => {
  it('joins a line split across chunks, multi-byte characters included, and skips blank lines', async () => {
    const bytes = new TextEncoder().encode('{"a":"√x"}\n\n{"b":2}\n{"c":3}');
    const chunks = [bytes.slice(0, 8), bytes.slice(8, 9), bytes.slice(9)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const lines: string[] = [];
    for await (const line of ndjsonLines(body)) lines.push(line);
    expect(lines).toEqual(['{"a":"√x"}', '{"b":2}', '{"c":3}']);
  });
});
