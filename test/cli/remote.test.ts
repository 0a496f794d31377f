/**
 * `chainrule grade --url`: the same grading, done by a running service through POST /v1/check/batch
 * (NDJSON both ways), gives the same results as grading in process.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { testApp } from '../http/helpers.js';

let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  app = await testApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
});

const run = runCli;

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));

test('CSV graded remotely equals CSV graded in process', async () => {
  const args = ['grade', fixture('awkward.csv'), '--id-column', 'Student', '--function-column', 'Question', '--answer-column', 'Response'];
  const local = await run(args);
  const remote = await run([...args, '--url', url]);
  expect(remote.out).toBe(local.out);
  expect(remote.code).toBe(1);
  expect(remote.err).toContain("line 7: answer: the bracket '(' at position 3 is never closed");
});

test('NDJSON graded remotely, unreadable lines kept local', async () => {
  const args = ['grade', fixture('answers.ndjson'), '--output', 'ndjson'];
  const local = await run(args);
  const remote = await run([...args, '--url', url]);
  const strip = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line));
  expect(strip(remote.out)).toEqual(strip(local.out));
  expect(remote.code).toBe(local.code);
});

test('a service that is not there is reported, not a crash', async () => {
  const { code, err } = await run(['grade', fixture('answers.ndjson'), '--url', 'http://127.0.0.1:9']);
  expect(code).toBe(1);
  expect(err).toMatch(/^chainrule: grading on http:\/\/127\.0\.0\.1:9 failed: fetch failed/);
});
