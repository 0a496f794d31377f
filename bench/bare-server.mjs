// The yardstick of `npm run bench`'s new-answer run: a bare Fastify route that reads the same JSON
// body as POST /v1/check and answers the same response (BARE_RESPONSE, a check result taken from the
// real service), serialised per request as any handler's would be. No checking, no protection, no
// logging: what the service's HTTP round trip would cost if checking were free. It runs as many
// processes as the service it is compared with (BARE_PROCESSES, node:cluster as the service's
// PROCESSES does): one process uses one core at most, so a one-process yardstick beside a service on
// every core would flatter the service.
import cluster from 'node:cluster';
import Fastify from 'fastify';

const processes = Number(process.env.BARE_PROCESSES ?? 1);
// BARE_WORK_US: a fixed amount of CPU work per request (bench/frontier.ts), calibrated at start. Work,
// not a wait on the clock: a process that loses its core to another must not count that as work done.
const workUs = Number(process.env.BARE_WORK_US ?? 0);

if (processes > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < processes; i++) {
    cluster.fork().once('listening', (address) => {
      if (++listening === processes) process.stdout.write(`http://127.0.0.1:${address.port}\n`);
    });
  }
  cluster.on('exit', (worker, code) => {
    if (!worker.exitedAfterDisconnect && code !== 0) process.exit(1);
  });
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    cluster.disconnect(() => process.exit(0));
  });
} else {
  const response = JSON.parse(process.env.BARE_RESPONSE ?? '{}');
  const work = workOf(workUs);
  const app = Fastify({ logger: false });
  app.post('/v1/check', async () => {
    work();
    return response;
  });
  const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  if (cluster.isPrimary) process.stdout.write(`${url}\n`);
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

/** A function that spends about `us` microseconds of CPU, timed on the quickest of many trial runs. */
function workOf(us) {
  if (!(us > 0)) return () => {};
  let sink = 0;
  const spin = (n) => {
    let a = 1.0001;
    for (let i = 0; i < n; i++) a = a * 1.0000001 + 1e-9;
    sink += a;
  };
  const trial = 100_000;
  let quickest = Infinity;
  for (let k = 0; k < 200; k++) {
    const start = performance.now();
    spin(trial);
    quickest = Math.min(quickest, performance.now() - start);
  }
  const n = Math.round((trial * us) / 1000 / quickest);
  return () => {
    spin(n);
    if (sink === 0) process.stdout.write('');
  };
}
