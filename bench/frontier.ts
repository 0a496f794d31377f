/**
 * What any service gets on this machine under the new-answer load, as a function of the CPU it spends on
 * a request: the bare Fastify route of `new-answers` (same bodies, same 2 KB response, as many processes
 * as the service) made to spend a fixed amount of CPU work on each request first, 0 µs and up. The
 * service is a bare route plus its own cost (the check, and its HTTP layer's extra over the bare one),
 * so the row whose throughput it matches says what that cost is, and the rows say which costs could
 * meet a goal such as 6,000 requests a second with p99 under 10 ms on the same cores (the load
 * generator sharing them).
 */
import { checkCore, type CheckRequest } from '../src/service/checker.js';
import { bodyOf, CONNECTIONS, loadNewAnswers, type LoadResult } from './new-answers.js';
import { serviceProcesses, startBareRoute } from './servers.js';
import { row } from './timing.js';
import { MIXED_ITEMS } from './workload.js';

/** The costs tried, in µs of CPU a request; BENCH_FRONTIER_US (comma-separated) overrides them. */
const COSTS = (process.env.BENCH_FRONTIER_US ?? '0,50,100,150,200,250').split(',').map(Number);
const WARMUP_S = 5;
const ROUNDS = 2;
const ROUND_S = 5;

export async function benchFrontier(): Promise<void> {
  const processes = await serviceProcesses();
  // A diagnosed wrong answer's result, as the service writes it (the larger kind), from the core here.
  const wrong = MIXED_ITEMS.findIndex((item) => !item.correct);
  const response = checkCore().checkSerialized(JSON.parse(bodyOf(wrong, 7)) as CheckRequest).json;
  console.log(
    `\nFrontier: the bare route (${Buffer.byteLength(response)}-byte response, ${processes} process${processes === 1 ? '' : 'es'}) spending a fixed CPU cost on each request, ${CONNECTIONS} connections, new-answer bodies; warmed ${WARMUP_S} s, then ${ROUNDS} rounds of ${ROUND_S} s`,
  );
  for (const cost of COSTS) {
    const bare = await startBareRoute(response, processes, cost);
    try {
      await loadNewAnswers(bare.url, WARMUP_S, 0);
      const rounds: LoadResult[] = [];
      for (let round = 0; round < ROUNDS; round++) rounds.push(await loadNewAnswers(bare.url, ROUND_S, 1_000_000 * (round + 1)));
      const rate = rounds.reduce((sum, r) => sum + r.requestsPerSecond, 0) / rounds.length;
      const p50 = Math.max(...rounds.map((r) => r.p50Ms));
      const p99 = Math.max(...rounds.map((r) => r.p99Ms));
      const errors = rounds.reduce((sum, r) => sum + r.errors, 0);
      row(
        `${cost} µs of CPU a request`,
        `${rate.toFixed(0)} req/s, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (the worse round; rounds ${rounds.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')} req/s)${errors ? `, ${errors} errors` : ''}`,
      );
    } finally {
      await bare.stop();
    }
  }
}
