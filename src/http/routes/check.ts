/**
 * The checking API: a student's derivative checked and diagnosed, and the worked derivative of a
 * function. The handlers only validate the body and hand it to the Checker: all the mathematics is
 * the core's, and whether it runs in this thread or in a worker pool is the Checker's business.
 */
import type { FastifyInstance } from 'fastify';
import { checkSerialized, type Checker } from '../../service/checker.js';
import { CheckBody, DerivativeBody, parseBody } from '../../service/requests.js';

export function registerCheckRoutes(app: FastifyInstance, checker: Checker): void {
  app.post('/v1/check', async (request, reply) => {
    const body = parseBody(CheckBody, request.body);
    // Expressions are what students wrote: never in the info-level request log, only when debugging.
    request.log.debug({ function: body.function, answer: body.answer, variable: body.variable, format: body.format }, 'check');
    // Serialised where it was checked (a worker thread): sent as it comes.
    const { json } = await checkSerialized(checker, body);
    return reply.type('application/json; charset=utf-8').send(json);
  });

  app.post('/v1/derivative', async (request) => {
    const body = parseBody(DerivativeBody, request.body);
    request.log.debug({ function: body.function, variable: body.variable, format: body.format }, 'derivative');
    return checker.derive(body);
  });
}
