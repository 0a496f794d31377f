/**
 * `POST /v1/validate`: how an answer reads, before it is graded ("your answer was read as …"). It only
 * reads (no differentiation, no sampling), cheap enough for every keystroke, yet a crafted answer within
 * the limits (hundreds of ambiguous places, each reading read again) could hold this thread for a
 * second: so it goes through the checker as a check does. With the pool, it is read in this thread
 * under the inline deadline (an ordinary one in well under a millisecond, no round trip) and past it on
 * a worker thread under the check's time budget (a 422 too-expensive beyond), or refused with a 503
 * when the pool is overloaded. Every input is bounded by the same limits as a check.
 */
import type { FastifyInstance } from 'fastify';
import type { Checker } from '../../service/checker.js';
import { ValidateBody, parseBody } from '../../service/requests.js';
import { languageOfRequest } from '../problem.js';

export function registerValidateRoutes(app: FastifyInstance, checker: Checker): void {
  app.post('/v1/validate', async (request, reply) => {
    const body = parseBody(ValidateBody, request.body);
    request.log.debug({ answer: body.answer, function: body.function, variable: body.variable, format: body.format }, 'validate');
    const lang = languageOfRequest(request);
    const result = await checker.validate({ ...body, lang });
    reply.header('content-language', lang);
    return result;
  });
}
