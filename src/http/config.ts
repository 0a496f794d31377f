/**
 * The service's settings, read once from the environment at startup. Every variable is checked and a
 * wrong one stops the start with a message naming it, rather than a service that runs with a setting
 * nobody asked for.
 */
import { z } from 'zod';
import { resolveLimits, type Limits } from '../limits.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServiceConfig {
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

const Environment = z.object({
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
  NODE_ENV: z.string().optional(),
});

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
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    corsOrigins: e.CORS_ORIGINS,
    limits: resolveLimits({
      ...(e.MAX_EXPRESSION_LENGTH !== undefined ? { maxLength: e.MAX_EXPRESSION_LENGTH } : {}),
      ...(e.MAX_NESTING_DEPTH !== undefined ? { maxDepth: e.MAX_NESTING_DEPTH } : {}),
      ...(e.MAX_NODES !== undefined ? { maxNodes: e.MAX_NODES } : {}),
    }),
    development: e.NODE_ENV === 'development',
    batchMaxItems: e.BATCH_MAX_ITEMS,
    batchBodyLimit: e.BATCH_BODY_LIMIT,
    batchConcurrency: e.BATCH_CONCURRENCY,
  };
}
