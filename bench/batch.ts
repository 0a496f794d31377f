/**
 * Batch grading: items/s for a 10,000-item batch in process, over HTTP as one JSON batch and as an
 * NDJSON stream, and what sharing a function's preparation across items (the problem cache) is worth.
 */
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { buildApp } from '../src/http/app.js';
import { loadConfig } from '../src/http/config.js';
import { inProcessChecker, type Checker } from '../src/service/checker.js';
import { grade, type GradeInput } from '../src/service/grade.js';
import { problemForItem } from '../src/service/problems.js';
import { row } from './timing.js';
import { MIXED_ITEMS } from './workload.js';

const SIZE = 10_000;

function items(): Array<{ id: string; function: string; answer: string; variable: string }> {
  return Array.from({ length: SIZE }, (_, i) => {
    const item = MIXED_ITEMS[i % MIXED_ITEMS.length]!;
    return { id: `s${i}`, function: item.function, answer: item.answer, variable: item.variable };
  });
}

async function inProcess(checker: Checker): Promise<number> {
  const inputs: GradeInput[] = items().map((item) => ({ item }));
  const start = performance.now();
  let count = 0;
  for await (const _ of grade(inputs, checker, { toProblem: problemForItem })) count++;
  return count / ((performance.now() - start) / 1000);
}

export async function benchBatch(): Promise<void> {
  console.log(`\nbatch grading (${SIZE} items: the worked examples, half correct, half wrong)`);
  row('in process, functions shared (problem cache)', `${(await inProcess(inProcessChecker())).toFixed(0)} items/s`);
  row('in process, every item prepared afresh (no cache)', `${(await inProcess(inProcessChecker({ cacheSize: 0 }))).toFixed(0)} items/s`);

  const config = loadConfig({ BATCH_MAX_ITEMS: String(SIZE), BATCH_BODY_LIMIT: String(64 * 1024 * 1024) });
  const app = await buildApp({ config, checker: inProcessChecker({ limits: config.limits }), logger: pino({ level: 'silent' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/check/batch`;
  try {
    const body = JSON.stringify({ items: items() });
    let start = performance.now();
    const json = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { results: unknown[] };
    row('over HTTP, one JSON batch', `${(json.results.length / ((performance.now() - start) / 1000)).toFixed(0)} items/s`);
    const ndjson = items().map((item) => JSON.stringify(item)).join('\n');
    start = performance.now();
    const text = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: ndjson })).text();
    const lines = text.trim().split('\n').length - 1;
    row('over HTTP, one NDJSON stream', `${(lines / ((performance.now() - start) / 1000)).toFixed(0)} items/s`);
  } finally {
    await app.close();
  }
}
