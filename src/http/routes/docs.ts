/**
 * The contract as served (GET /openapi.yaml, the file byte for byte) and interactive docs rendered
 * from it (GET /docs). @fastify/swagger in static mode reads the hand-written openapi.yaml instead of
 * generating a document from routes, so the docs show exactly the contract the tests check;
 * @fastify/swagger-ui serves Swagger UI's assets from node_modules, so the page works offline.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { dirname } from 'node:path';
import { CONTRACT_PATH, readContract } from '../contract.js';
import { documentSecurityHeaders } from '../protection.js';

export async function registerDocsRoutes(app: FastifyInstance): Promise<void> {
  const contract = readContract();
  app.get('/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(contract));

  await app.register(fastifySwagger, {
    mode: 'static',
    specification: { path: CONTRACT_PATH, baseDir: dirname(CONTRACT_PATH) },
  });
  // Swagger UI's documents (/docs, and the HTML among its files under /docs/static: its own index and
  // the OAuth redirect page) run its scripts: helmet's set for every route under /docs, the files
  // included, which the plugin's own `uiHooks` would leave out.
  await app.register(async (docs) => {
    docs.addHook('onRequest', documentSecurityHeaders);
    await docs.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true },
      theme: { title: 'chainrule API' },
    });
  });
}
