/**
 * A whole assignment in one request. As JSON: `{ "items": [...] }` in, `{ results, summary }` out, up
 * to a limit of items. As NDJSON (`Content-Type: application/x-ndjson`): one item per line in, one
 * result per line out, streamed in input order as each finishes, then a summary line; no item limit,
 * and memory stays flat. Either way one bad item is an error result for that item, never a failed
 * batch, and items with the same function share its preparation (the checker's cache).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Checker } from '../../service/checker.js';
import { grade, SummaryCounter, type GradeInput } from '../../service/grade.js';
import { ndjsonRecords } from '../../service/ndjson.js';
import { InvalidItem, problemFromError, type ProblemDetails } from '../../service/problems.js';
import { gradeInputFrom, parseBody } from '../../service/requests.js';
import { TooManyItems } from '../problem.js';

export interface BatchSettings {
  /** Items in one JSON batch (NDJSON has no limit). */
  maxItems: number;
  /** Largest JSON batch body, bytes. */
  bodyLimit: number;
  /** Longest NDJSON line, bytes. */
  maxLineBytes: number;
  /** Checks in flight at once for one batch. */
  concurrency: number;
}

const BatchBody = z.strictObject({ items: z.array(z.unknown()) });
export const NDJSON = 'application/x-ndjson';

export function registerBatchRoutes(app: FastifyInstance, checker: Checker, settings: BatchSettings): void {
  // The NDJSON body stays a stream: it is read line by line as the results go out.
  app.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));

  app.post('/v1/check/batch', { bodyLimit: settings.bodyLimit }, async (request, reply) => {
    if (isNdjson(request)) return streamBatch(request, reply, checker, settings);
    const body = parseBody(BatchBody, request.body);
    if (body.items.length > settings.maxItems) throw new TooManyItems(body.items.length, settings.maxItems);
    const counter = new SummaryCounter();
    const results = [];
    const inputs = body.items.map((item) => gradeInputFrom(item));
    const options = { concurrency: settings.concurrency, toProblem: itemProblem(request), signal: clientGone(reply) };
    for await (const result of grade(inputs, checker, options)) {
      counter.add(result);
      results.push(result);
    }
    request.log.debug({ items: results.length }, 'batch');
    return { results, summary: counter.summary };
  });
}

/** Whether the body is an NDJSON stream (read as it comes, not parsed whole). */
export function isNdjson(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === NDJSON;
}

/** Aborted when the connection closes before the whole answer was sent: nobody will read the rest. */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** An item's failure as its problem; a fault of the service is also logged, whole, for its operators. */
function itemProblem(request: FastifyRequest): (error: unknown) => ProblemDetails {
  return (error) => {
    const problem = problemFromError(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'a batch item failed inside the service');
    return problem;
  };
}

function streamBatch(request: FastifyRequest, reply: FastifyReply, checker: Checker, settings: BatchSettings): FastifyReply {
  const body = request.body as Readable;
  async function* inputs(): AsyncGenerator<GradeInput> {
    for await (const record of ndjsonRecords(body, settings.maxLineBytes)) {
      yield 'error' in record ? { invalid: new InvalidItem(`line ${record.line}: ${record.error}`) } : gradeInputFrom(record.value);
    }
  }
  async function* lines(): AsyncGenerator<string> {
    const counter = new SummaryCounter();
    const options = { concurrency: settings.concurrency, toProblem: itemProblem(request), signal: clientGone(reply) };
    for await (const result of grade(inputs(), checker, options)) {
      counter.add(result);
      yield `${JSON.stringify(result)}\n`;
    }
    yield `${JSON.stringify({ summary: counter.summary })}\n`;
    request.log.debug({ items: counter.summary.total }, 'batch stream');
  }
  return reply.type(NDJSON).send(Readable.from(lines()));
}
