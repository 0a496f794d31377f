/**
 * The service's logger: pino JSON lines on stdout, one object per event, for whatever collects them.
 * In development, and only when pino-pretty is installed (a devDependency), lines are made readable;
 * a production install (`npm ci --omit=dev`) never needs it.
 */
import { createRequire } from 'node:module';
import { pino, type Logger, type LoggerOptions } from 'pino';
import type { ServiceConfig } from './config.js';

export function createLogger(config: Pick<ServiceConfig, 'logLevel' | 'development'>): Logger {
  const options: LoggerOptions = { level: config.logLevel };
  if (config.development && prettyPrinterInstalled()) {
    options.transport = { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } };
  }
  return pino(options);
}

function prettyPrinterInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
