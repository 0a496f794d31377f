/**
 * `POST /v1/validate`: how an answer reads, before it is graded ("your answer was read as …"). It only
 * reads (no differentiation, no sampling), so it answers in this thread, without the worker pool's
 * round trip: cheap enough for every keystroke. Every input is bounded by the same limits as a check.
 */
import type { FastifyInstance } from 'fastify';
import type { Limits } from '../../limits.js';
import { ValidateBody, parseBody } from '../../service/requests.js';
import { validateAnswer } from '../../validate.js';
import { languageOfRequest } from '../problem.js';

export function registerValidateRoutes(app: FastifyInstance, limits: Limits): void {
  app.post('/v1/validate', async (request, reply) => {
    const body = parseBody(ValidateBody, request.body);
    request.log.debug({ answer: body.answer, function: body.function, variable: body.variable, format: body.format }, 'validate');
    const lang = languageOfRequest(request);
    reply.header('content-language', lang);
    return validateAnswer({ ...body, lang }, { limits });
  });
}
