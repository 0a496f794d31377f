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
  const app = Fastify({ logger: false });
  app.post('/v1/check', async () => response);
  const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  if (cluster.isPrimary) process.stdout.write(`${url}\n`);
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}
