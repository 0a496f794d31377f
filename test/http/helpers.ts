/**
 * What the HTTP tests share: an app built from an environment (as the server builds it), checkers that
 * fail or dawdle on purpose, and a logger whose lines can be read back.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/http/config.js';
import { CONTRACT_PATH } from '../../src/http/contract.js';
import { inProcessChecker, type Checker } from '../../src/service/checker.js';

/**
 * Load shedding is off unless a test turns it on (MAX_EVENT_LOOP_DELAY_MS): building several apps and
 * running vitest's other files on two cores can block the event loop for a whole sample, which
 * @fastify/under-pressure rightly reads as overload.
 */
const TEST_DEFAULTS = { MAX_EVENT_LOOP_DELAY_MS: '0' };

export interface TestAppOptions {
  env?: Record<string, string>;
  checker?: Checker;
  logger?: Logger;
  pressureSampleIntervalMs?: number;
}

export async function testApp(options: TestAppOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig({ ...TEST_DEFAULTS, ...(options.env ?? {}) });
  return buildApp({
    config,
    checker: options.checker ?? inProcessChecker({ limits: config.limits, policy: config.scoringPolicy }),
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.pressureSampleIntervalMs !== undefined ? { pressureSampleIntervalMs: options.pressureSampleIntervalMs } : {}),
  });
}

/** A checker whose every call fails the way a bug in the core would: not with a ReadError. */
export function failingChecker(): Checker {
  const fail = async (): Promise<never> => {
    throw new TypeError("Cannot read properties of undefined (reading 'secret internals')");
  };
  return { check: fail, derive: fail, validate: fail, close: async () => {} };
}

/** A checker whose every call fails with the given error (a pool's refusal, say). */
export function rejectingChecker(error: Error): Checker {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { check: fail, derive: fail, validate: fail, close: async () => {} };
}

/** The core, answering only after `ms` milliseconds; records calls and when it was closed. */
export function slowChecker(ms: number) {
  const inner = inProcessChecker();
  const events: string[] = [];
  const checker: Checker = {
    async check(request) {
      events.push('check started');
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push('check answered');
      return inner.check(request);
    },
    derive: (request) => inner.derive(request),
    validate: (request) => inner.validate(request),
    async close() {
      events.push('closed');
    },
  };
  return { checker, events };
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger at `level` writing into memory. */
export function capturingLogger(level: string) {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n')) if (text.trim()) lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

export const PINO_LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/** Resolves once `condition()` holds, polling every 5 ms; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The real entry point (src/server.ts under tsx, or the command given) in a process of its own, its
 * output collected. One HTTP process unless the test asks for more: PROCESSES' default follows the
 * machine's cores.
 */
export function runServer(env: Record<string, string>, args: string[] = ['--import', 'tsx', 'src/server.ts']) {
  const child = spawn(process.execPath, args, {
    cwd: dirname(CONTRACT_PATH),
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PROCESSES: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}
