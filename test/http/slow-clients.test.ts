/**
 * Slow and broken clients, on real sockets: a client that stops sending its headers or its body, a
 * stream that stalls, a connection kept alive and left idle, a connection used for too many requests,
 * and a client that goes away in the middle of a streamed batch. Each is answered or closed within
 * its configured time, never held open.
 */
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessChecker, type Checker } from '../../src/service/checker.js';
import { slowChecker, testApp, until } from './helpers.js';

const CHECK = JSON.stringify({ function: 'sin(x^2)', answer: 'cos(x^2)' });

/** A raw connection: what the server sent, and when it closed the connection. */
interface Raw {
  socket: Socket;
  received(): string;
  closed: Promise<number>;
}

async function open(url: string): Promise<Raw> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', () => {});
  const started = performance.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)));
  return { socket, received: () => text, closed };
}

/** The status, the headers (lower-cased) and the body of the first response in `text`. */
function firstResponse(text: string) {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine?.split(' ')[1]), headers, body: text.slice(end + 4) };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(env: Record<string, string>, checker?: Checker): Promise<string> {
  app = await testApp({ env, ...(checker ? { checker } : {}) });
  return app.listen({ port: 0, host: '127.0.0.1' });
}

describe('timeouts', () => {
  it('answers headers that never finish with a 408 problem and closes the connection', async () => {
    const url = await serve({ HEADERS_TIMEOUT_MS: '300' });
    const raw = await open(url);
    raw.socket.write('POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n');
    const ms = await raw.closed;
    // The timeout, plus at most one of Node's checking intervals (a quarter of it here).
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3000);
    const response = firstResponse(raw.received());
    expect(response.status).toBe(408);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'https://chainrule.dev/problems/request-timeout',
      title: 'Request timeout',
      status: 408,
      detail: 'The request did not arrive in time. The connection is closed.',
    });
  });

  it('answers a body that stalls with a 408 problem and closes the connection', async () => {
    const url = await serve({ REQUEST_TIMEOUT_MS: '300' });
    const raw = await open(url);
    raw.socket.write(`POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${CHECK.length}\r\n\r\n`);
    raw.socket.write(CHECK.slice(0, 10));
    const ms = await raw.closed;
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3000);
    const response = firstResponse(raw.received());
    expect(response.status).toBe(408);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.headers.connection).toBe('close');
    expect(response.headers['x-request-id']).toBeDefined();
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'https://chainrule.dev/problems/request-timeout',
      title: 'Request timeout',
      status: 408,
      detail: 'The request body did not arrive within 300 ms of its headers. The connection is closed.',
      instance: '/v1/check',
    });
  });

  it('takes a body that arrives slowly but within the timeout', async () => {
    const url = await serve({ REQUEST_TIMEOUT_MS: '2000' });
    const raw = await open(url);
    raw.socket.write(`POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${CHECK.length}\r\n\r\n`);
    for (const piece of [CHECK.slice(0, 10), CHECK.slice(10, 30), CHECK.slice(30)]) {
      raw.socket.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await until(() => raw.received().includes('"verdict"'));
    expect(firstResponse(raw.received()).status).toBe(200);
    raw.socket.destroy();
  });

  it('closes a streamed batch whose client stops sending, after the results it could give', async () => {
    const url = await serve({ IDLE_TIMEOUT_MS: '400', REQUEST_TIMEOUT_MS: '100' });
    const raw = await open(url);
    raw.socket.write('POST /v1/check/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n');
    const line = `${CHECK}\n`;
    raw.socket.write(`${line.length.toString(16)}\r\n${line}\r\n`);
    // The stream outlives the request timeout (a stream has none): its first result comes back…
    await until(() => raw.received().includes('"index":0'));
    // …and once nothing has moved for the idle timeout, the connection is closed.
    const ms = await raw.closed;
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(3000);
    expect(firstResponse(raw.received()).status).toBe(200);
    expect(raw.received()).not.toContain('"summary"');
  });

  it('does not count the time the service spends checking as a client being idle', async () => {
    const { checker } = slowChecker(800);
    const url = await serve({ IDLE_TIMEOUT_MS: '200' }, checker);
    const raw = await open(url);
    raw.socket.write(`POST /v1/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${CHECK.length}\r\n\r\n${CHECK}`);
    await until(() => raw.received().includes('"verdict"'));
    expect(firstResponse(raw.received()).status).toBe(200);
    raw.socket.destroy();
  });

  it('closes a kept-alive connection left idle, and says when in Keep-Alive', async () => {
    const url = await serve({ KEEP_ALIVE_TIMEOUT_MS: '300', IDLE_TIMEOUT_MS: '60000' });
    const raw = await open(url);
    raw.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await until(() => raw.received().includes('"status":"ok"'));
    const response = firstResponse(raw.received());
    expect(response.headers.connection).toBe('keep-alive');
    expect(response.headers['keep-alive']).toMatch(/^timeout=\d+/);
    const ms = await raw.closed;
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3000);
  });

  it('serves at most MAX_REQUESTS_PER_SOCKET requests on one connection, the last marked Connection: close', async () => {
    const url = await serve({ MAX_REQUESTS_PER_SOCKET: '3' });
    const raw = await open(url);
    const statuses: Array<string | undefined> = [];
    for (let i = 1; i <= 3; i++) {
      const before = raw.received().length;
      raw.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await until(() => raw.received().slice(before).includes('"status":"ok"'));
      statuses.push(firstResponse(raw.received().slice(before)).headers.connection);
    }
    expect(statuses).toEqual(['keep-alive', 'keep-alive', 'close']);
    await raw.closed;
  });
});

describe('a client that disconnects in the middle of a batch', () => {
  /** The core behind a 20 ms delay, counting the checks started. */
  function countingChecker() {
    const counts = { started: 0 };
    const inner = inProcessChecker();
    const checker: Checker = {
      async check(request) {
        counts.started++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return inner.check(request);
      },
      derive: (request) => inner.derive(request),
      validate: (request) => inner.validate(request),
      close: async () => {},
    };
    return { checker, counts };
  }

  const items = Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, function: 'sin(x^2)', answer: `${i + 2}x cos(x^2)` }));

  /**
   * After the client has gone, what was in flight (BATCH_CONCURRENCY, 8) may finish and nothing new
   * starts. The server learns of the disconnect a moment after the client leaves (longer on a loaded
   * machine, when a few more items may start meanwhile): wait until no check has started for 300 ms,
   * then the work must have stopped far short of the 200 items.
   */
  async function expectWorkStopped(counts: { started: number }) {
    const atDisconnect = counts.started;
    let settled = -1;
    for (let waited = 0; settled !== counts.started && waited < 10_000; waited += 300) {
      settled = counts.started;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(counts.started).toBe(settled);
    expect(counts.started - atDisconnect).toBeLessThanOrEqual(24);
    expect(counts.started).toBeLessThan(60);
  }

  it('stops a streamed batch: no item is checked once it has gone', async () => {
    const { checker, counts } = countingChecker();
    const url = await serve({}, checker);
    const raw = await open(url);
    // Sent at once: the whole upload has arrived when the client goes, so only the client's leaving
    // can stop the work, not the end of its upload.
    const body = items.map((item) => JSON.stringify(item)).join('\n');
    raw.socket.write(`POST /v1/check/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await until(() => raw.received().includes('"index":10,'));
    raw.socket.destroy();
    await expectWorkStopped(counts);
  });

  it('stops a JSON batch the same way', async () => {
    const { checker, counts } = countingChecker();
    const url = await serve({}, checker);
    const raw = await open(url);
    const body = JSON.stringify({ items });
    raw.socket.write(`POST /v1/check/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await until(() => counts.started >= 10);
    raw.socket.destroy();
    await expectWorkStopped(counts);
  });
});
