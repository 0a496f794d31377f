// The yardstick of `npm run bench`'s new-answer run: a bare Fastify route that reads the same JSON
// body as POST /v1/check and answers the same response (BARE_RESPONSE, a check result taken from the
// real service), serialised per request as any handler's would be. No checking, no protection, no
// logging: what the service's HTTP round trip would cost if checking were free.
import Fastify from 'fastify';

const response = JSON.parse(process.env.BARE_RESPONSE ?? '{}');
const app = Fastify({ logger: false });
app.post('/v1/check', async () => response);
const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${url}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
