/**
 * The checking API: a student's derivative checked and diagnosed, and the worked derivative of a
 * function. The handlers only validate the body and hand it to the Checker: all the mathematics is
 * the core's, and whether it runs in this thread or in a worker pool is the Checker's business.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkSerialized, type Checker } from '../../service/checker.js';
import { AGS_SCORE_MEDIA_TYPE, echoOf, shapedUnreadable, unreadable } from '../../present/profiles.js';
import { presentDerivative } from '../../present/result.js';
import { isUnreadableAnswer, problemFromError } from '../../service/problems.js';
import { CheckBody, DerivativeBody, parseBody } from '../../service/requests.js';
import { languageOfRequest } from '../problem.js';

/** Whether the Accept header names this media type (with a q-value above 0). */
function accepts(request: FastifyRequest, type: string): boolean {
  const header = request.headers.accept;
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return name === type && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * Adds a request header to Vary, keeping those already there (CORS adds Origin), each once, as a list
 * separated by ", "; a Vary of * already says it all. Runs twice per API request, so written as one
 * pass over the names rather than a chain of array methods.
 */
export function addVary(reply: FastifyReply, name: string): void {
  const current = reply.getHeader('vary');
  // The usual case: the first name of the request's Vary.
  if (current === undefined) {
    reply.header('vary', name);
    return;
  }
  // The next most usual: the same merge as the last request's (Accept after Accept-Language).
  if (lastMerge !== undefined && lastMerge.current === current && lastMerge.name === name) {
    if (lastMerge.merged !== undefined) reply.header('vary', lastMerge.merged);
    return;
  }
  const merged = mergedVary(Array.isArray(current) ? current.join(',') : String(current), name);
  if (typeof current === 'string') lastMerge = { current, name, merged };
  if (merged !== undefined) reply.header('vary', merged);
}

/** The last merge of a Vary held as a string: a function of that string and the name alone. */
let lastMerge: { current: string; name: string; merged: string | undefined } | undefined;

/** The Vary list with `name` added, or undefined when it already has it or `*`. */
function mergedVary(current: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const names: string[] = [];
  for (const part of current.split(',')) {
    const present = part.trim();
    if (present === '') continue;
    if (present === '*' || present.toLowerCase() === wanted) return undefined;
    names.push(present);
  }
  names.push(name);
  return names.join(', ');
}

export function registerCheckRoutes(app: FastifyInstance, checker: Checker): void {
  app.post('/v1/check', async (request, reply) => {
    const body = parseBody(CheckBody, request.body);
    // Expressions are what students wrote: never in the info-level request log, only when debugging.
    request.log.debug({ function: body.function, answer: body.answer, variable: body.variable, format: body.format }, 'check');
    // The body's lang wins over Accept-Language; Accept: the AGS Score media type asks for that shape.
    const lang = languageOfRequest(request);
    const profile = body.profile ?? (accepts(request, AGS_SCORE_MEDIA_TYPE) ? 'lti-ags' : undefined);
    addVary(reply, 'Accept');
    // Serialised where it was checked (a worker thread): sent as it comes.
    let checked: { json: string; contentType: string };
    try {
      checked = await checkSerialized(checker, { ...body, lang, ...(profile ? { profile } : {}) });
    } catch (error) {
      // In an LMS shape, an answer that cannot be read is a not-gradable reply, like one that needs brackets.
      const shaped = isUnreadableAnswer(error) ? shapedUnreadable({ problem: problemFromError(error, lang), ...unreadable(error, lang), ...echoOf(body) }, profile, body.timestamp) : undefined;
      if (!shaped) throw error;
      checked = { json: JSON.stringify(shaped.body), contentType: shaped.contentType };
    }
    return reply.type(checked.contentType).header('content-language', lang).send(checked.json);
  });

  app.post('/v1/derivative', async (request, reply) => {
    const body = parseBody(DerivativeBody, request.body);
    request.log.debug({ function: body.function, variable: body.variable, format: body.format }, 'derivative');
    const lang = languageOfRequest(request);
    const report = await checker.derive(body);
    reply.header('content-language', lang);
    return presentDerivative(report, lang);
  });
}
