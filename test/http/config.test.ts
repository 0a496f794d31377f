/**
 * The environment read into a typed configuration: the defaults, every override, and a clear error
 * naming each invalid variable.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/http/config.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toEqual({
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
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
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
    });
    expect(config).toEqual({
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
    });
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
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
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
