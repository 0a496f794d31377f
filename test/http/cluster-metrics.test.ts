/**
 * A worker's side of /metrics with several processes (cluster-metrics.ts), over a stand-in for the
 * IPC channel: it reports its registry when the primary collects, answers are matched to their
 * requests, and a primary that reports a failed collection,
 * does not answer in time, or cannot be reached gives the 503 problem with Retry-After. (The real
 * channel, and a stopped primary, are in processes.test.ts.)
 */
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricsFromPrimary, type PrimaryChannel } from '../../src/http/cluster-metrics.js';
import { problemFromError, retryAfterSeconds } from '../../src/service/problems.js';
import { until } from './helpers.js';

/** A channel whose primary is this test: it sees each message sent and answers (or not) when told. */
function fakePrimary() {
  const sent: Array<{ type: string; id?: number; collection?: number; metrics?: Array<{ name: string }> }> = [];
  let deliver: (message: unknown) => void = () => {};
  const channel: PrimaryChannel = {
    send(message, done) {
      sent.push(message as (typeof sent)[number]);
      done(null);
    },
    onMessage(listener) {
      deliver = listener;
    },
  };
  return {
    channel,
    sent,
    get requests() {
      return sent.filter((message) => message.type === 'chainrule:metrics-request');
    },
    answer: (message: unknown) => deliver(message),
  };
}

describe('metrics from the primary', () => {
  it('resolves each request with its own answer, whatever the order they come back in', async () => {
    const primary = fakePrimary();
    const whole = metricsFromPrimary(new Registry(), 5, { channel: primary.channel, waitMs: 5000 });
    const first = whole();
    const second = whole();
    const [a, b] = primary.requests;
    expect(a?.id).not.toBe(b?.id);
    primary.answer({ type: 'chainrule:metrics-response', id: b?.id, text: 'second' });
    primary.answer({ type: 'something else', id: a?.id, text: 'not an answer' });
    primary.answer({ type: 'chainrule:metrics-response', id: a?.id, text: 'first' });
    expect(await first).toBe('first');
    expect(await second).toBe('second');
  });

  it("reports this process's own registry when the primary collects", async () => {
    const primary = fakePrimary();
    const registry = new Registry();
    new Counter({ name: 'chainrule_test_total', help: 'A counter of this process.', registers: [registry] }).inc(3);
    metricsFromPrimary(registry, 5, { channel: primary.channel });
    primary.answer({ type: 'chainrule:metrics-collect', collection: 41 });
    await until(() => primary.sent.length > 0);
    expect(primary.sent).toEqual([{ type: 'chainrule:metrics-report', collection: 41, metrics: [expect.objectContaining({ name: 'chainrule_test_total', values: [{ value: 3, labels: {} }] })] }]);
  });

  it.each([
    ['the primary reports a failed collection', (primary: ReturnType<typeof fakePrimary>) => primary.answer({ type: 'chainrule:metrics-response', id: primary.requests[0]?.id, error: 'Operation timed out.' })],
    ['the primary does not answer in time', () => {}],
  ])('is a 503 problem with Retry-After when %s', async (_case, act) => {
    const primary = fakePrimary();
    const whole = metricsFromPrimary(new Registry(), 7, { channel: primary.channel, waitMs: 50 });
    const pending = whole();
    act(primary);
    const error = await pending.catch((caught: unknown) => caught);
    expect(retryAfterSeconds(error)).toBe(7);
    expect(problemFromError(error)).toMatchObject({
      type: 'https://chainrule.dev/problems/overloaded',
      status: 503,
      detail: "The service's processes did not all report their metrics in time. Retry in 7 s.",
    });
  });

  it('is the same 503 at once when the primary cannot be reached', async () => {
    const channel: PrimaryChannel = { send: (_message, done) => done(new Error('channel closed')), onMessage: () => {} };
    // A wait longer than the test's own timeout: only an answer at once passes.
    const error = await metricsFromPrimary(new Registry(), 5, { channel, waitMs: 60_000 })().catch((caught: unknown) => caught);
    expect(problemFromError(error).status).toBe(503);
  });
});
