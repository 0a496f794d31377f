/**
 * The HTTP layer's per-request shortcuts answer exactly as the plain code they replaced: each request's
 * logger made only when it writes (request-logger.ts) writes the lines a pino child would, Vary is
 * merged as before (routes/check.ts), a check body parsed without zod is what zod makes of it
 * (requests.ts), and an NDJSON body is told apart as before (routes/batch.ts).
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLoggerFactory } from '../../src/http/request-logger.js';
import { isNdjson } from '../../src/http/routes/batch.js';
import { addVary } from '../../src/http/routes/check.js';
import { CheckBody, parseBody } from '../../src/service/requests.js';

/** A pino logger at `level` whose lines are kept as text, the time taken out. */
function memoryLogger(level: string) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString().replace(/"time":\d+,/, ''));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('the request logger made on first use', () => {
  // One error for both loggers: its stack is part of the line.
  const boom = new Error('boom');
  const write = (log: ReturnType<typeof requestLoggerFactory>) => {
    log.trace({ a: 1 }, 'trace line');
    log.debug({ function: 'sin(x^2)' }, 'check');
    log.info({ method: 'POST', statusCode: 200 }, 'request completed');
    log.info('plain %s', 'words');
    log.warn({ err: boom }, 'request completed with an error');
    log.error({ problem: 'x', status: 500 }, 'unexpected error');
    log.fatal('fatal');
    log.child({ item: 3 }).warn('from a grandchild');
  };

  for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'silent']) {
    it(`writes what pino's own child writes, at level ${level}`, () => {
      const plain = memoryLogger(level);
      const deferred = memoryLogger(level);
      write(plain.logger.child({ requestId: 'req-1' }, {}));
      const log = requestLoggerFactory(deferred.logger, { requestId: 'req-1' }, {});
      expect(log.level).toBe(level);
      write(log);
      expect(deferred.lines).toEqual(plain.lines);
    });
  }

  it("follows its parent's level, as a pino child without a level of its own does", () => {
    const { logger, lines } = memoryLogger('warn');
    const log = requestLoggerFactory(logger, { requestId: 'req-2' }, {});
    log.info('not written');
    logger.level = 'info';
    expect(log.level).toBe('info');
    log.info('written');
    expect(lines.map((line) => JSON.parse(line) as { msg: string; requestId: string })).toEqual([expect.objectContaining({ msg: 'written', requestId: 'req-2' })]);
  });

  it("is pino's child itself when the route asks for a level of its own", () => {
    const { logger, lines } = memoryLogger('warn');
    const log = requestLoggerFactory(logger, { requestId: 'req-3' }, { level: 'debug' });
    log.debug('route level');
    expect(log.level).toBe('debug');
    expect(lines).toHaveLength(1);
  });
});

/** Vary merged as routes/check.ts did before its one-pass version. */
function addVaryBefore(current: string | string[] | undefined, name: string): string | string[] | undefined {
  const names = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((n) => n.trim()).filter((n) => n !== '');
  return names.some((n) => n.toLowerCase() === name.toLowerCase() || n === '*') ? current : [...names, name].join(', ');
}

function varyAfter(current: string | string[] | undefined, name: string): string | string[] | undefined {
  let vary = current;
  const reply = {
    getHeader: () => vary,
    header(_key: string, value: string) {
      vary = value;
      return reply;
    },
  };
  addVary(reply as unknown as FastifyReply, name);
  return vary;
}

describe('addVary', () => {
  it('merges as before', () => {
    const names = fc.constantFrom('Origin', 'origin', 'Accept', 'Accept-Language', 'accept-language', '*', '', ' ', 'Access-Control-Request-Headers');
    const header = fc.oneof(fc.constant(undefined), fc.tuple(fc.array(names, { maxLength: 4 }), fc.constantFrom(',', ', ', ' ,')).map(([list, separator]) => list.join(separator)), fc.array(names, { minLength: 1, maxLength: 3 }));
    fc.assert(
      fc.property(header, fc.constantFrom('Accept', 'Accept-Language', 'Origin'), (current, name) => {
        expect(varyAfter(current, name)).toEqual(addVaryBefore(current, name));
      }),
      { numRuns: 500 },
    );
  });

  it('starts a Vary, adds to one, and leaves one that has the name or *', () => {
    expect(varyAfter(undefined, 'Accept-Language')).toBe('Accept-Language');
    expect(varyAfter('Accept-Language', 'Accept')).toBe('Accept-Language, Accept');
    expect(varyAfter('Origin,accept', 'Accept')).toBe('Origin,accept');
    expect(varyAfter('*', 'Accept')).toBe('*');
  });
});

describe('parseBody of a check body', () => {
  const value = fc.oneof(
    fc.constantFrom('sin(x^2)', '2x cos(x^2)', 'x', 't', '', 'auto', 'latex', 'mathml', 'tex', 'teacher', 'student', 'fr', 'de-CH', 'en_US', '!!', 'x'.repeat(70)),
    fc.string(),
    fc.boolean(),
    fc.constantFrom(null, 0, 1.5, -1, [], {}, ['x'], { a: 1 }),
  );
  const key = fc.constantFrom('function', 'answer', 'variable', 'format', 'quiet', 'lang', 'audience', 'reveal', 'profile', 'attempt', 'metadata', 'answr', '__proto__', 'constructor');
  // As JSON.parse makes them: `__proto__` an own key, like any other.
  const body = fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.tuple(key, value), { maxLength: 6 }).map((entries) => JSON.parse(JSON.stringify(Object.fromEntries(entries))) as unknown) },
    { weight: 3, arbitrary: fc.record({ function: fc.string(), answer: fc.string(), variable: fc.string() }, { requiredKeys: ['function', 'answer'] }) },
    // The fields a check usually carries, every one valid, then at most one of them wrong or one more.
    {
      weight: 8,
      arbitrary: fc
        .tuple(
          fc.record(
            {
              function: fc.constantFrom('sin(x^2)', '', 'e^t'),
              answer: fc.constantFrom('2x cos(x^2)', 'x'),
              variable: fc.constantFrom('x', 't'),
              format: fc.constantFrom('auto', 'text', 'latex', 'mathml'),
              quiet: fc.boolean(),
              lang: fc.constantFrom('fr', 'de-CH', 'pt-BR', 'zh-Hant-TW'),
              audience: fc.constantFrom('teacher', 'student'),
              reveal: fc.boolean(),
            },
            { requiredKeys: ['function', 'answer'] },
          ),
          fc.option(fc.tuple(key, value), { nil: undefined }),
        )
        .map(([fields, change]) => JSON.parse(JSON.stringify(change ? { ...fields, [change[0]]: change[1] } : fields)) as unknown),
    },
  );

  it("is what zod makes of it, or zod's own refusal", () => {
    fc.assert(
      fc.property(body, (sent) => {
        const zod = CheckBody.safeParse(sent);
        if (zod.success) {
          const parsed = parseBody(CheckBody, sent);
          expect(parsed).toStrictEqual(zod.data);
          expect(Object.keys(parsed)).toEqual(Object.keys(zod.data));
          expect(parsed).not.toBe(sent);
        } else {
          expect(() => parseBody(CheckBody, sent)).toThrow();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the order of the schema, not of the body', () => {
    const parsed = parseBody(CheckBody, JSON.parse('{"lang":"fr","reveal":false,"answer":"1","quiet":false,"function":"x","variable":"x","format":"text","audience":"student"}'));
    expect(Object.keys(parsed)).toEqual(['function', 'answer', 'variable', 'format', 'quiet', 'lang', 'audience', 'reveal']);
  });
});

describe('isNdjson', () => {
  const before = (header: string | undefined) => (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-ndjson';

  it('tells an NDJSON body apart as before', () => {
    const piece = fc.constantFrom('application/x-ndjson', 'Application/X-NDJSON', 'application/json', ' ', ';', 'charset=utf-8', '', 'x');
    const header = fc.option(fc.oneof(fc.array(piece, { maxLength: 4 }).map((pieces) => pieces.join('')), fc.string()), { nil: undefined });
    fc.assert(
      fc.property(header, (sent) => {
        const request = { headers: sent === undefined ? {} : { 'content-type': sent } } as unknown as FastifyRequest;
        expect(isNdjson(request)).toBe(before(sent));
      }),
      { numRuns: 1000 },
    );
  });
});
