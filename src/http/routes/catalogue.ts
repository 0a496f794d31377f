/**
 * The reference endpoints: the catalogue of mistake codes an LMS maps onto its rubrics, and liveness.
 */
import type { FastifyInstance } from 'fastify';
import { CATALOGUE } from '../../diagnose/catalogue.js';

export function registerCatalogueRoutes(app: FastifyInstance): void {
  const mistakes = { mistakes: CATALOGUE };
  app.get('/v1/mistakes', async () => mistakes);

  // Liveness only: the process is up and its event loop answers. Nothing here can fail for a reason a
  // restart would not fix.
  app.get('/health', async () => ({ status: 'ok' }));
}
