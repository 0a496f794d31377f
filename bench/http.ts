/**
 * The service over HTTP, as it runs in production: the compiled server (`node dist/server.js`, built
 * first) on a free port, loaded with autocannon at a fixed concurrency with a mix of correct and wrong
 * answers from the worked examples, in both checker modes (the worker pool, and inline).
 */
import autocannon from 'autocannon';
import { buildService, startService } from './servers.js';
import { row } from './timing.js';
import { VALIDATE_REQUESTS } from './validate.js';
import { MIXED_ITEMS } from './workload.js';

const CONNECTIONS = 16;
const DURATION_S = 10;

async function load(url: string, path: string, bodies: string[], headers: Record<string, string>) {
  return autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: 'POST',
    headers,
    requests: bodies.map((body) => ({ method: 'POST', path, headers, body })),
  });
}

/** Every request a new answer (the same value, written differently: `+ 0*n`), so no result is reused. */
async function loadUnique(url: string, items: typeof MIXED_ITEMS) {
  let n = 0;
  const headers = { 'content-type': 'application/json' };
  return autocannon({
    url: `${url}/v1/check`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: 'POST',
    headers,
    requests: [
      {
        method: 'POST',
        path: '/v1/check',
        headers,
        setupRequest: (request: autocannon.Request) => {
          const item = items[n % items.length]!;
          n++;
          return { ...request, body: JSON.stringify({ function: item.function, answer: `${item.answer} + 0*${n}`, variable: item.variable }) };
        },
      },
    ],
  });
}

export async function benchHttp(): Promise<void> {
  buildService();
  console.log(`\nHTTP (node dist/server.js, autocannon: ${CONNECTIONS} connections for ${DURATION_S} s each; half correct, half wrong answers)`);
  const bodies = MIXED_ITEMS.map((item) => JSON.stringify({ function: item.function, answer: item.answer, variable: item.variable }));
  for (const mode of ['pool', 'inline'] as const) {
    const server = await startService({ CHECKER: mode });
    const url = server.url;
    try {
      // Warm the prepared functions (the service's cache), as a running service has them.
      await load(url, '/v1/check', bodies, { 'content-type': 'application/json' });
      const result = await load(url, '/v1/check', bodies, { 'content-type': 'application/json' });
      const errors = result.non2xx + result.errors + result.timeouts;
      row(`POST /v1/check, checker ${mode}, answers repeating (as in a class)`,
        `${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${errors ? `, ${errors} errors` : ''}`);
      const unique = await loadUnique(url, MIXED_ITEMS);
      const uniqueErrors = unique.non2xx + unique.errors + unique.timeouts;
      row(`POST /v1/check, checker ${mode}, every answer new`,
        `${unique.requests.average.toFixed(0)} req/s, p50 ${unique.latency.p50} ms, p99 ${unique.latency.p99} ms${uniqueErrors ? `, ${uniqueErrors} errors` : ''}`);
      if (mode === 'pool') {
        const batch = JSON.stringify({ items: MIXED_ITEMS.slice(0, 100).map((item) => ({ function: item.function, answer: item.answer, variable: item.variable })) });
        const batches = await autocannon({ url: `${url}/v1/check/batch`, connections: 4, duration: DURATION_S, method: 'POST', headers: { 'content-type': 'application/json' }, body: batch });
        row('POST /v1/check/batch (100 items a request, 4 connections)', `${(batches.requests.average * 100).toFixed(0)} items/s, p99 ${batches.latency.p99} ms a batch`);
        // One connection: what one student's keystrokes see, request after request.
        const headers = { 'content-type': 'application/json' };
        const validations = await autocannon({
          url: `${url}/v1/validate`, connections: 1, duration: DURATION_S, method: 'POST', headers,
          requests: VALIDATE_REQUESTS.map((body) => ({ method: 'POST', path: '/v1/validate', headers, body: JSON.stringify(body) })),
        });
        const validateErrors = validations.non2xx + validations.errors + validations.timeouts;
        row('POST /v1/validate (editor outputs with their functions, 1 connection)',
          `${validations.requests.average.toFixed(0)} req/s, p50 ${validations.latency.p50} ms (mean ${validations.latency.average.toFixed(2)} ms), p99 ${validations.latency.p99} ms${validateErrors ? `, ${validateErrors} errors` : ''}`);
      }
    } finally {
      await server.stop();
    }
  }
}
