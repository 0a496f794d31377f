/**
 * The environment read into a typed configuration: the defaults, every override, and a clear error
 * naming each invalid variable.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/http/config.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';

/** The policy files' folder, removed when the tests are done. */
const policyDir = mkdtempSync(join(tmpdir(), 'chainrule-policy-'));
afterAll(() => rmSync(policyDir, { recursive: true, force: true }));
let policies = 0;

/** A scoring policy written to a file of its own, as SCORING_POLICY names one. */
function policyFile(policy: object): string {
  const file = join(policyDir, `policy-${policies++}.json`);
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const cores = Math.min(availableParallelism(), 256);
    expect(loadConfig({})).toEqual({
      processes: cores,
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      bodyLimit: 65536,
      corsOrigins: '*',
      limits: DEFAULT_LIMITS,
      development: false,
      batchMaxItems: 1000,
      batchBodyLimit: 5 * 1024 * 1024,
      batchConcurrency: 8,
      // A process per core, so one checking thread in each.
      checker: { mode: 'pool', budgetMs: 2000, threads: 1, maxQueue: 64, memoryMb: 512, inlineMs: 50 },
      apiKeys: [],
      rateLimitMax: 6000,
      rateLimitWindowMs: 60000,
      maxEventLoopDelayMs: 1000,
      retryAfterSeconds: 5,
      metrics: true,
      connections: { headersTimeoutMs: 10_000, requestTimeoutMs: 10_000, idleTimeoutMs: 15_000, keepAliveTimeoutMs: 72_000, maxRequestsPerSocket: 1000 },
      scoringPolicy: {},
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PROCESSES: '3',
      PORT: '8080',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'DEBUG',
      BODY_LIMIT: '1024',
      CORS_ORIGINS: 'https://a.example,https://b.example:8443',
      MAX_EXPRESSION_LENGTH: '500',
      MAX_NESTING_DEPTH: '20',
      MAX_NODES: '300',
      NODE_ENV: 'development',
      BATCH_MAX_ITEMS: '20',
      BATCH_BODY_LIMIT: '100000',
      BATCH_CONCURRENCY: '2',
      CHECKER: 'Inline',
      CHECK_TIMEOUT_MS: '500',
      WORKER_THREADS: '3',
      MAX_QUEUE: '10',
      API_KEYS: 'first-key-0123456789, second-key-0123456789',
      RATE_LIMIT_MAX: '100',
      RATE_LIMIT_WINDOW_MS: '1000',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      RETRY_AFTER_SECONDS: '9',
      METRICS: 'off',
      CHECK_MEMORY_MB: '256',
      INLINE_CHECK_MS: '0',
      HEADERS_TIMEOUT_MS: '5000',
      REQUEST_TIMEOUT_MS: '6000',
      IDLE_TIMEOUT_MS: '7000',
      KEEP_ALIVE_TIMEOUT_MS: '8000',
      MAX_REQUESTS_PER_SOCKET: '9',
      SCORING_POLICY: policyFile({ scoring: 'partial', max_score: 10, penalty_per_attempt: 0.2, credits: { missing_inner_factor: 0.6 } }),
    });
    expect(config).toEqual({
      processes: 3,
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'debug',
      bodyLimit: 1024,
      corsOrigins: ['https://a.example', 'https://b.example:8443'],
      limits: { ...DEFAULT_LIMITS, maxLength: 500, maxDepth: 20, maxNodes: 300 },
      development: true,
      batchMaxItems: 20,
      batchBodyLimit: 100000,
      batchConcurrency: 2,
      checker: { mode: 'inline', budgetMs: 500, threads: 3, maxQueue: 10, memoryMb: 256, inlineMs: 0 },
      apiKeys: ['first-key-0123456789', 'second-key-0123456789'],
      rateLimitMax: 100,
      rateLimitWindowMs: 1000,
      maxEventLoopDelayMs: 0,
      retryAfterSeconds: 9,
      metrics: false,
      connections: { headersTimeoutMs: 5000, requestTimeoutMs: 6000, idleTimeoutMs: 7000, keepAliveTimeoutMs: 8000, maxRequestsPerSocket: 9 },
      scoringPolicy: { scoring: 'partial', max_score: 10, penalty_per_attempt: 0.2, credits: { missing_inner_factor: 0.6 } },
    });
  });

  it('sizes the default queue by the threads, and takes MAX_QUEUE=0 (refuse whenever every thread is busy)', () => {
    expect(loadConfig({ WORKER_THREADS: '4' }).checker).toEqual({ mode: 'pool', budgetMs: 2000, threads: 4, maxQueue: 256, memoryMb: 512, inlineMs: 50 });
    expect(loadConfig({ MAX_QUEUE: '0' }).checker.maxQueue).toBe(0);
    expect(loadConfig({ CHECKER: 'POOL' }).checker.mode).toBe('pool');
  });

  it('shares the cores between the processes: WORKER_THREADS defaults to cores ÷ PROCESSES (at least 1), an explicit one is per process', async () => {
    // The cores as Node reports them, five here, so that the division has a remainder.
    vi.resetModules();
    vi.doMock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), availableParallelism: () => 5 }));
    try {
      const { loadConfig: load } = await import('../../src/http/config.js');
      expect(load({}).processes).toBe(5);
      expect(load({}).checker).toMatchObject({ threads: 1, maxQueue: 64 });
      expect(load({ PROCESSES: '1' }).checker).toMatchObject({ threads: 5, maxQueue: 5 * 64 });
      expect(load({ PROCESSES: '2' }).checker).toMatchObject({ threads: 2, maxQueue: 2 * 64 });
      expect(load({ PROCESSES: '8' }).checker).toMatchObject({ threads: 1, maxQueue: 64 });
      expect(load({ PROCESSES: '2', WORKER_THREADS: '4' }).checker).toMatchObject({ threads: 4, maxQueue: 4 * 64 });
      expect(load({ PROCESSES: '2', MAX_QUEUE: '7' }).checker).toMatchObject({ threads: 2, maxQueue: 7 });
    } finally {
      vi.doUnmock('node:os');
      vi.resetModules();
    }
  });

  it('takes an empty or blank variable as unset, and ignores other variables', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '  ', CORS_ORIGINS: '', PATH: '/usr/bin' })).toEqual(loadConfig({}));
  });

  it('accepts port 0 (any free port) and trims spaces in the origin list', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example , ,https://b.example ' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it.each([
    ['PORT', 'abc', 'PORT: expected a whole number from 0 to 65535, got "abc"'],
    ['PORT', '65536', 'PORT: expected a whole number from 0 to 65535, got "65536"'],
    ['PORT', '3000abc', 'PORT'],
    ['PORT', '-1', 'PORT'],
    ['PORT', '1e3', 'PORT'],
    ['HOST', 'local host', 'HOST: expected a host name or address without spaces'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent'],
    ['BODY_LIMIT', '0', 'BODY_LIMIT: expected a whole number from 1 to'],
    ['BODY_LIMIT', '64kb', 'BODY_LIMIT'],
    ['CORS_ORIGINS', 'https://a.example/', 'CORS_ORIGINS: "https://a.example/" is not an origin'],
    ['CORS_ORIGINS', 'lms.example', 'CORS_ORIGINS: "lms.example" is not an origin'],
    ['CORS_ORIGINS', '*,https://a.example', 'CORS_ORIGINS: "*" is not an origin'],
    ['MAX_EXPRESSION_LENGTH', '0', 'MAX_EXPRESSION_LENGTH: expected a whole number from 1 to 1000000'],
    ['MAX_NESTING_DEPTH', 'deep', 'MAX_NESTING_DEPTH'],
    ['MAX_NODES', '1.5', 'MAX_NODES'],
    ['CHECKER', 'threads', 'CHECKER: expected one of pool, inline'],
    ['CHECK_TIMEOUT_MS', '0', 'CHECK_TIMEOUT_MS: expected a whole number from 1 to 600000'],
    ['CHECK_TIMEOUT_MS', '2s', 'CHECK_TIMEOUT_MS'],
    ['PROCESSES', '0', 'PROCESSES: expected a whole number from 1 to 256, got "0"'],
    ['PROCESSES', '257', 'PROCESSES: expected a whole number from 1 to 256'],
    ['PROCESSES', 'auto', 'PROCESSES'],
    ['PROCESSES', '1.5', 'PROCESSES'],
    ['WORKER_THREADS', '0', 'WORKER_THREADS: expected a whole number from 1 to 256'],
    ['WORKER_THREADS', 'auto', 'WORKER_THREADS'],
    ['MAX_QUEUE', '-1', 'MAX_QUEUE: expected a whole number from 0 to 100000'],
    ['CHECK_MEMORY_MB', '8', 'CHECK_MEMORY_MB: expected a whole number from 16 to 65536'],
    ['INLINE_CHECK_MS', '5000', 'INLINE_CHECK_MS: expected a whole number from 0 to 1000'],
    ['HEADERS_TIMEOUT_MS', '0', 'HEADERS_TIMEOUT_MS: expected a whole number from 1 to 600000'],
    ['REQUEST_TIMEOUT_MS', '10s', 'REQUEST_TIMEOUT_MS'],
    ['IDLE_TIMEOUT_MS', '-5', 'IDLE_TIMEOUT_MS'],
    ['KEEP_ALIVE_TIMEOUT_MS', '0', 'KEEP_ALIVE_TIMEOUT_MS'],
    ['MAX_REQUESTS_PER_SOCKET', '0', 'MAX_REQUESTS_PER_SOCKET: expected a whole number from 1 to 1000000'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it.each([
    ['an unknown mistake code', { credits: { missing_inner: 0.5 } }, 'credits.missing_inner: unknown mistake code'],
    ['a credit over 1', { credits: { sign_error: 1.5 } }, 'credits.sign_error'],
    ['an unknown member', { scoring: 'partial', bonus: 1 }, 'bonus: unknown member (a policy takes scoring, max_score, penalty_per_attempt, credits)'],
    ['an unknown scoring mode', { scoring: 'generous' }, 'scoring'],
    ['a maximum of 0', { max_score: 0 }, 'max_score'],
    ['a penalty over 1', { penalty_per_attempt: 2 }, 'penalty_per_attempt'],
  ])('refuses a SCORING_POLICY with %s, naming the file and the member', (_what, policy, message) => {
    const file = policyFile(policy);
    expect(() => loadConfig({ SCORING_POLICY: file })).toThrow(ConfigError);
    expect(() => loadConfig({ SCORING_POLICY: file })).toThrow(`SCORING_POLICY: ${file}: ${message}`);
  });

  it('refuses a SCORING_POLICY that is not JSON or cannot be read', () => {
    const file = policyFile({});
    writeFileSync(file, '{"scoring": "partial",}');
    expect(() => loadConfig({ SCORING_POLICY: file })).toThrow(`SCORING_POLICY: ${file} is not JSON`);
    expect(() => loadConfig({ SCORING_POLICY: `${file}.missing` })).toThrow(`SCORING_POLICY: cannot read ${file}.missing`);
  });

  it('reports every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', MAX_NODES: '-3' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { issues, message } = error as ConfigError;
      expect(issues.map((issue) => issue.split(':')[0])).toEqual(['PORT', 'LOG_LEVEL', 'MAX_NODES']);
      expect(message).toMatch(/^invalid configuration:\n {2}- PORT: /);
    }
  });
});
