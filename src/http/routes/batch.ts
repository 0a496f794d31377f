/**
 * A whole assignment in one request. As JSON: `{ "defaults": {...}, "items": [...] }` in,
 * `{ results, summary }` out, up to a limit of items. As NDJSON (`Content-Type: application/x-ndjson`):
 * one item per line in (the first line may be `{"defaults": {...}}`), one result per line out, streamed
 * in input order as each finishes, then a summary line; no item limit, and memory stays flat. Either
 * way one bad item is an error result for that item, never a failed batch, and items with the same
 * function share its preparation (the checker's cache). The defaults (language, view, scoring, shape,
 * even the function) fill in what an item leaves out; invalid defaults fail the batch (400).
 */
import { Readable } from 'node:stream';
import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Language } from '../../i18n/languages.js';
import { msg } from '../../i18n/message.js';
import { languageOf } from '../../present/result.js';
import type { Checker } from '../../service/checker.js';
import { grade, SummaryCounter, wireOutput, type GradeInput, type GradeItem } from '../../service/grade.js';
import { ndjsonRecords, type NdjsonRecord } from '../../service/ndjson.js';
import { InvalidItem, problemFromError, type ProblemDetails } from '../../service/problems.js';
import { BatchDefaults, gradeInputFrom, parseBody } from '../../service/requests.js';
import { languageOfRequest, TooManyItems } from '../problem.js';

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

const BatchBody = z.strictObject({ defaults: BatchDefaults.optional(), items: z.array(z.unknown()) });
const DefaultsLine = z.strictObject({ defaults: BatchDefaults });
export const NDJSON = 'application/x-ndjson';
const BATCH_PATH = '/v1/check/batch';

export function registerBatchRoutes(app: FastifyInstance, checker: Checker, settings: BatchSettings): void {
  // The NDJSON body stays a stream: it is read line by line as the results go out. Only this route
  // takes it: the parser is the whole app's, and another route handed the stream read the Readable's
  // internals as the request's fields (a 400 naming _events, _readableState…, for a 415's mistake).
  app.addContentTypeParser(NDJSON, (request, payload, done) => {
    // A path no route has (routeOptions.url undefined) is left to the 404 it gets with any body.
    if (request.routeOptions.url === BATCH_PATH || request.routeOptions.url === undefined) done(null, payload);
    else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(NDJSON));
  });

  app.post(BATCH_PATH, { bodyLimit: settings.bodyLimit }, async (request, reply) => {
    if (isNdjson(request)) return streamBatch(request, reply, checker, settings);
    const body = parseBody(BatchBody, request.body);
    if (body.items.length > settings.maxItems) throw new TooManyItems(body.items.length, settings.maxItems);
    // The defaults' lang, else Accept-Language: the language of every item that does not say its own.
    const language = batchLanguage(request, body.defaults);
    reply.header('content-language', language);
    const counter = new SummaryCounter();
    const results = [];
    const inputs = body.items.map((item) => inLanguage(gradeInputFrom(item, false, body.defaults), language));
    const options = { concurrency: settings.concurrency, toProblem: itemProblem(request, language), signal: clientGone(reply) };
    for await (const result of grade(inputs, checker, options)) {
      counter.add(result);
      results.push(wireOutput(result));
    }
    request.log.debug({ items: results.length }, 'batch');
    return { results, summary: counter.summary };
  });
}

/**
 * Whether the body is an NDJSON stream (read as it comes, not parsed whole): the media type before any
 * parameter. Asked of every request (slow-clients.ts), so without splitting the header into an array.
 */
export function isNdjson(request: FastifyRequest): boolean {
  const header = request.headers['content-type'];
  if (header === undefined) return false;
  const end = header.indexOf(';');
  return (end === -1 ? header : header.slice(0, end)).trim().toLowerCase() === NDJSON;
}

/** Aborted when the connection closes before the whole answer was sent: nobody will read the rest. */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

function batchLanguage(request: FastifyRequest, defaults: BatchDefaults | undefined): Language {
  return defaults?.lang !== undefined ? languageOf(defaults.lang) : languageOfRequest(request);
}

/** An item without a language of its own takes the request's. */
function inLanguage(input: GradeInput, language: Language): GradeInput {
  return 'item' in input && input.item.lang === undefined ? { item: { ...input.item, lang: language } } : input;
}

/** An item's failure as its problem, in its language; a fault of the service is also logged, whole, for its operators. */
function itemProblem(request: FastifyRequest, language: Language): (error: unknown, item?: GradeItem) => ProblemDetails {
  return (error, item) => {
    const problem = problemFromError(error, item?.lang !== undefined ? languageOf(item.lang) : language);
    // A refusal for load (503) is the service protecting itself, logged as a single request's is, at warn.
    if (problem.status === 503) request.log.warn({ reason: problem.detail }, 'a batch item was refused: the service is overloaded');
    else if (problem.status >= 500) request.log.error({ err: error }, 'a batch item failed inside the service');
    return problem;
  };
}

async function streamBatch(request: FastifyRequest, reply: FastifyReply, checker: Checker, settings: BatchSettings): Promise<FastifyReply> {
  const records = ndjsonRecords(request.body as Readable, settings.maxLineBytes)[Symbol.asyncIterator]();
  // A first line of defaults is read before anything is sent: invalid, it fails the batch (400).
  const first = await records.next();
  let defaults: BatchDefaults | undefined;
  let pending: NdjsonRecord | undefined;
  if (!first.done) {
    const value = 'value' in first.value ? first.value.value : undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'defaults')) {
      defaults = parseBody(DefaultsLine, value).defaults;
    } else {
      pending = first.value;
    }
  }
  const language = batchLanguage(request, defaults);
  reply.header('content-language', language);
  const input = (record: NdjsonRecord): GradeInput =>
    'error' in record
      ? { invalid: new InvalidItem(msg('request.line', { line: record.line, reason: record.error })) }
      : inLanguage(gradeInputFrom(record.value, false, defaults), language);
  async function* inputs(): AsyncGenerator<GradeInput> {
    try {
      if (pending) yield input(pending);
      for (let next = await records.next(); !next.done; next = await records.next()) yield input(next.value);
    } finally {
      // Stopped early (the client has gone): stop reading the upload too.
      await records.return?.(undefined);
    }
  }
  async function* lines(): AsyncGenerator<string> {
    const counter = new SummaryCounter();
    const options = { concurrency: settings.concurrency, toProblem: itemProblem(request, language), signal: clientGone(reply) };
    for await (const result of grade(inputs(), checker, options)) {
      counter.add(result);
      yield `${JSON.stringify(wireOutput(result))}\n`;
    }
    yield `${JSON.stringify({ summary: counter.summary })}\n`;
    request.log.debug({ items: counter.summary.total }, 'batch stream');
  }
  return reply.type(NDJSON).send(Readable.from(lines()));
}
