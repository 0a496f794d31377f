/**
 * The reference endpoints: the catalogue of mistake codes an LMS maps onto its rubrics, liveness and
 * readiness.
 */
import type { FastifyInstance } from 'fastify';
import { CATALOGUE } from '../../diagnose/catalogue.js';
import { msg } from '../../i18n/message.js';
import { HTTP_PROBLEM_TYPES, sendProblem } from '../problem.js';

/** Whether the checker can take requests within their budget yet (mutable: set once warm). */
export interface Readiness {
  ready: boolean;
  retryAfterSeconds: number;
}

export function registerCatalogueRoutes(app: FastifyInstance, readiness: Readiness): void {
  const mistakes = { mistakes: CATALOGUE };
  app.get('/v1/mistakes', async () => mistakes);

  // Liveness only: the process is up and its event loop answers. Nothing here can fail for a reason a
  // restart would not fix.
  app.get('/health', async () => ({ status: 'ok' }));

  // Readiness, for load balancers and orchestrators: route traffic here only once the checker is warm.
  app.get('/ready', async (request, reply) => {
    if (readiness.ready) return { status: 'ready' };
    reply.header('retry-after', String(readiness.retryAfterSeconds));
    return sendProblem(request, reply, {
      type: HTTP_PROBLEM_TYPES.notReady,
      title: msg('problem.not_ready.title'),
      status: 503,
      detail: msg('problem.not_ready.detail'),
    });
  });
}
