/**
 * The service's settings, read once from the environment at startup. Every variable is checked and a
 * wrong one stops the start with a message naming it, rather than a service that runs with a setting
 * nobody asked for.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { resolveLimits, type Limits } from '../limits.js';
import { ScoringPolicy } from '../present/scoring.js';
import type { ConnectionSettings } from './slow-clients.js';
import { DEFAULT_INLINE_CHECK_MS } from '../service/inline-first.js';
import { DEFAULT_BUDGET_MS, DEFAULT_CHECK_MEMORY_MB, QUEUE_PER_THREAD } from '../service/worker-pool.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const CHECKER_MODES = ['pool', 'inline'] as const;
export type CheckerMode = (typeof CHECKER_MODES)[number];

/** How checks run: in a pool of worker threads, each check under a time budget (default), or inline. */
export interface CheckerConfig {
  /** CHECKER: `pool` (default), or `inline` in the service's own thread (no isolation, no budget). */
  mode: CheckerMode;
  /** CHECK_TIMEOUT_MS: the time budget of one check on its thread. */
  budgetMs: number;
  /** WORKER_THREADS: threads in this process's pool (default: its share of the cores, cores ÷ PROCESSES). */
  threads: number;
  /** MAX_QUEUE: checks that may wait for a free thread before the service answers 503 (default threads × 64). */
  maxQueue: number;
  /** CHECK_MEMORY_MB: the heap one check may use on its thread before it is stopped (a 422). */
  memoryMb: number;
  /**
   * INLINE_CHECK_MS: in `pool` mode, how long a check may run in the service's own thread before it is
   * abandoned and sent to a thread (0: every check goes to a thread).
   */
  inlineMs: number;
}

export interface ServiceConfig {
  /** PROCESSES: processes serving HTTP on the port (default: the cores available); more than 1 forks a cluster (processes.ts). */
  processes: number;
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Largest request body in bytes. */
  bodyLimit: number;
  /** `*`, or the exact origins a browser may call from. */
  corsOrigins: '*' | string[];
  /** The expression limits every check runs under (defaults from the core, overridden by env). */
  limits: Limits;
  /** NODE_ENV=development: human-readable logs when pino-pretty is installed. */
  development: boolean;
  /** Items in one JSON batch (an NDJSON stream has no item limit). */
  batchMaxItems: number;
  /** Largest JSON batch body in bytes. */
  batchBodyLimit: number;
  /** Checks in flight at once for one batch. */
  batchConcurrency: number;
  checker: CheckerConfig;
  /** API keys accepted as `Authorization: Bearer <key>`; empty: the service is open (local use). */
  apiKeys: string[];
  /** Requests per window and key (or address) to /v1/…. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** Event-loop delay past which requests are answered 503 with Retry-After; 0 turns load shedding off. */
  maxEventLoopDelayMs: number;
  /** The Retry-After sent with a 503. */
  retryAfterSeconds: number;
  /** Serve GET /metrics (Prometheus). */
  metrics: boolean;
  /** Timeouts and caps of a connection (slow and broken clients). */
  connections: ConnectionSettings;
  /** SCORING_POLICY: the server's scoring defaults, read from a JSON file at start (empty: the built-in ones). */
  scoringPolicy: ScoringPolicy;
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A whole number written in decimal digits only, so `3000abc`, `1e3` and `-1` are refused, not coerced. */
function wholeNumber(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got "${text}"` });
      return z.NEVER;
    }
    return value;
  });
}

const corsOrigins = z.string().transform((text, ctx): '*' | string[] => {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 1 && entries[0] === '*') return '*';
  if (entries.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'expected * or a comma-separated list of origins' });
    return z.NEVER;
  }
  for (const entry of entries) {
    // An origin is scheme://host[:port] and nothing more: a path or a trailing slash never matches the
    // Origin header a browser sends, so such an entry would silently allow nobody.
    if (!isOrigin(entry)) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not an origin like https://example.org (or * alone)` });
    }
  }
  return entries;
});

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}

const MAX_LIMIT = 1_000_000;

/** Comma-separated keys, each at least 16 characters of printable ASCII without spaces or commas. */
const apiKeys = z.string().transform((text, ctx) => {
  const keys = text.split(',').map((key) => key.trim()).filter((key) => key !== '');
  for (const key of keys) {
    if (!/^[\x21-\x7e]{16,256}$/.test(key)) {
      ctx.addIssue({ code: 'custom', message: `every key must be 16 to 256 printable characters without spaces (one is ${key.length} long)` });
      return z.NEVER;
    }
  }
  return keys;
});

/** Node's count of the cores this process may use, capped at what PROCESSES accepts. */
const CORES = Math.min(availableParallelism(), 256);

const Environment = z.object({
  PROCESSES: wholeNumber(1, 256).default(CORES),
  PORT: wholeNumber(0, 65535).default(3000),
  HOST: z.string().regex(/^\S+$/, 'expected a host name or address without spaces').default('127.0.0.1'),
  LOG_LEVEL: z
    .string()
    .transform((text) => text.toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
  BODY_LIMIT: wholeNumber(1, 1024 * 1024 * 1024).default(65536),
  CORS_ORIGINS: corsOrigins.default('*'),
  MAX_EXPRESSION_LENGTH: wholeNumber(1, MAX_LIMIT).optional(),
  MAX_NESTING_DEPTH: wholeNumber(1, MAX_LIMIT).optional(),
  MAX_NODES: wholeNumber(1, MAX_LIMIT).optional(),
  BATCH_MAX_ITEMS: wholeNumber(1, MAX_LIMIT).default(1000),
  BATCH_BODY_LIMIT: wholeNumber(1, 1024 * 1024 * 1024).default(5 * 1024 * 1024),
  BATCH_CONCURRENCY: wholeNumber(1, 1024).default(8),
  API_KEYS: apiKeys.default([]),
  RATE_LIMIT_MAX: wholeNumber(1, MAX_LIMIT).default(6000),
  RATE_LIMIT_WINDOW_MS: wholeNumber(1, 24 * 3600 * 1000).default(60_000),
  MAX_EVENT_LOOP_DELAY_MS: wholeNumber(0, 60_000).default(1000),
  RETRY_AFTER_SECONDS: wholeNumber(1, 3600).default(5),
  METRICS: z.enum(['on', 'off', 'true', 'false'], { error: 'expected on or off' }).transform((v) => v === 'on' || v === 'true').default(true),
  NODE_ENV: z.string().optional(),
  CHECKER: z
    .string()
    .transform((text) => text.toLowerCase())
    .pipe(z.enum(CHECKER_MODES, { error: `expected one of ${CHECKER_MODES.join(', ')}` }))
    .default('pool'),
  CHECK_TIMEOUT_MS: wholeNumber(1, 600_000).default(DEFAULT_BUDGET_MS),
  WORKER_THREADS: wholeNumber(1, 256).optional(),
  MAX_QUEUE: wholeNumber(0, 100_000).optional(),
  CHECK_MEMORY_MB: wholeNumber(16, 65_536).default(DEFAULT_CHECK_MEMORY_MB),
  INLINE_CHECK_MS: wholeNumber(0, 1000).default(DEFAULT_INLINE_CHECK_MS),
  HEADERS_TIMEOUT_MS: wholeNumber(1, 600_000).default(10_000),
  REQUEST_TIMEOUT_MS: wholeNumber(1, 3_600_000).default(10_000),
  IDLE_TIMEOUT_MS: wholeNumber(1, 3_600_000).default(15_000),
  KEEP_ALIVE_TIMEOUT_MS: wholeNumber(1, 3_600_000).default(72_000),
  MAX_REQUESTS_PER_SOCKET: wholeNumber(1, 1_000_000).default(1000),
  SCORING_POLICY: z.string().transform((path, ctx) => readPolicy(path, ctx)).optional(),
});

/**
 * The scoring policy file: JSON with `scoring`, `max_score`, `penalty_per_attempt` and `credits`
 * (known mistake codes only, each 0 to 1), every member optional. A file that cannot be read, is not
 * JSON or says anything else stops the start, naming what is wrong.
 */
function readPolicy(path: string, ctx: z.RefinementCtx): ScoringPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `cannot read ${path}: ${(error as Error).message}` });
    return z.NEVER;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `${path} is not JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
  const parsed = ScoringPolicy.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) ctx.addIssue({ code: 'custom', message: `${path}: ${key}: unknown member (a policy takes ${Object.keys(ScoringPolicy.shape).join(', ')})` });
        continue;
      }
      const message = issue.message === 'request.unknown_code' ? 'unknown mistake code (GET /v1/mistakes lists them)' : issue.message;
      ctx.addIssue({ code: 'custom', message: `${path}: ${issue.path.join('.') || '(top level)'}: ${message}` });
    }
    return z.NEVER;
  }
  return parsed.data as ScoringPolicy;
}

type EnvironmentKey = keyof typeof Environment.shape;

/** Read the configuration from an environment (process.env by default). Throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  // An empty or blank variable counts as unset: `PORT=` in an env file or compose file means "the default".
  const raw: Partial<Record<EnvironmentKey, string>> = {};
  for (const key of Object.keys(Environment.shape) as EnvironmentKey[]) {
    const value = env[key]?.trim();
    if (value) raw[key] = value;
  }
  const parsed = Environment.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  // Each process has a pool of its own: by default the processes share the cores between their pools.
  const threads = e.WORKER_THREADS ?? Math.max(1, Math.floor(CORES / e.PROCESSES));
  return {
    processes: e.PROCESSES,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    corsOrigins: e.CORS_ORIGINS,
    // Frozen: they hold for the process's life, and the prepared functions' keys rely on it (keyOf).
    limits: Object.freeze(
      resolveLimits({
        ...(e.MAX_EXPRESSION_LENGTH !== undefined ? { maxLength: e.MAX_EXPRESSION_LENGTH } : {}),
        ...(e.MAX_NESTING_DEPTH !== undefined ? { maxDepth: e.MAX_NESTING_DEPTH } : {}),
        ...(e.MAX_NODES !== undefined ? { maxNodes: e.MAX_NODES } : {}),
      }),
    ),
    development: e.NODE_ENV === 'development',
    batchMaxItems: e.BATCH_MAX_ITEMS,
    batchBodyLimit: e.BATCH_BODY_LIMIT,
    batchConcurrency: e.BATCH_CONCURRENCY,
    checker: {
      mode: e.CHECKER,
      budgetMs: e.CHECK_TIMEOUT_MS,
      threads,
      maxQueue: e.MAX_QUEUE ?? threads * QUEUE_PER_THREAD,
      memoryMb: e.CHECK_MEMORY_MB,
      inlineMs: e.INLINE_CHECK_MS,
    },
    apiKeys: e.API_KEYS,
    rateLimitMax: e.RATE_LIMIT_MAX,
    rateLimitWindowMs: e.RATE_LIMIT_WINDOW_MS,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    retryAfterSeconds: e.RETRY_AFTER_SECONDS,
    metrics: e.METRICS,
    connections: {
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      idleTimeoutMs: e.IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
      maxRequestsPerSocket: e.MAX_REQUESTS_PER_SOCKET,
    },
    scoringPolicy: e.SCORING_POLICY ?? {},
  };
}
