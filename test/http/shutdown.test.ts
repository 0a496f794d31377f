/**
 * Graceful shutdown: once close is called no new connection is accepted, a request already in flight
 * is still answered, and only then is the checker closed. And the real entry point: it starts from
 * the environment, exits 0 on SIGTERM, and refuses an invalid environment with a clear message.
 */
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ListenError, startServer } from '../../src/server.js';
import { runServer, slowChecker, testApp, until } from './helpers.js';

const body = { function: 'sin(x^2)', answer: 'cos(x^2)' };

describe('graceful shutdown', () => {
  it('app.close() lets an in-flight request finish and refuses new connections', async () => {
    const { checker, events } = slowChecker(300);
    const app = await testApp({ checker });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const inFlight = request(url).post('/v1/check').send(body).then((response) => response);
    await until(() => events.includes('check started'));
    const closing = app.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.body.diagnosis[0].mistake).toBe('missing_inner_factor');
    await closing;
    await expect(request(url).get('/health')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('stop() waits for in-flight requests, then closes the checker', async () => {
    const { checker, events } = slowChecker(300);
    const server = await startServer({ env: { PORT: '0' }, checker, logger: pino({ level: 'silent' }), handleSignals: false });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const inFlight = request(server.url).post('/v1/check').send(body).then((response) => response);
    await until(() => events.includes('check started'));
    const stopped = server.stop();
    expect(server.stop()).toBe(stopped);
    expect((await inFlight).status).toBe(200);
    await stopped;
    expect(events).toEqual(['check started', 'check answered', 'closed']);
  });
});

describe('the entry point', () => {
  it('listens on HOST:PORT from the environment and exits 0 on SIGTERM', async () => {
    const server = runServer({ PORT: '0', HOST: '127.0.0.1' });
    try {
      let url: string | undefined;
      await until(() => {
        url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output().stdout)?.[1];
        return url !== undefined || server.child.exitCode !== null;
        // Loading the service under tsx takes seconds, more while other test files run beside it.
      }, 25_000);
      expect(url, server.output().stderr).toBeDefined();
      await request(url as string).get('/health').expect(200);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const lines = server.output().stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['request completed', 'shutting down: finishing in-flight requests', 'stopped']));
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 40_000);

  it('refuses an invalid environment before it starts anything', async () => {
    const checker = slowChecker(0);
    await expect(startServer({ env: { PORT: 'eighty', CORS_ORIGINS: 'lms.example' }, checker: checker.checker, handleSignals: false })).rejects.toThrow(
      /PORT: expected a whole number from 0 to 65535, got "eighty"\n.*CORS_ORIGINS: "lms.example" is not an origin/,
    );
  });

  it('closes the checker when it cannot listen', async () => {
    const first = await startServer({ env: { PORT: '0' }, logger: pino({ level: 'silent' }), handleSignals: false });
    const { checker, events } = slowChecker(0);
    try {
      const port = new URL(first.url).port;
      const refused = startServer({ env: { PORT: port }, checker, logger: pino({ level: 'silent' }), handleSignals: false });
      // The operator's error, saying what to change; the system's error kept as its cause.
      await expect(refused).rejects.toThrow(ListenError);
      await expect(refused).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: another process listens on that port (EADDRINUSE): stop it, or set PORT to a free port`);
      await expect(refused).rejects.toMatchObject({ cause: { code: 'EADDRINUSE' } });
      expect(events).toEqual(['closed']);
    } finally {
      await first.stop();
    }
  });
});
