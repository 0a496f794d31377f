/**
 * chainrule/client: the service's API for TypeScript (an LMS plugin, a grading pipeline, a page).
 * Every type comes from openapi.yaml, generated into ./openapi.ts by openapi-typescript when the
 * package is built (never written by hand), and every call goes through openapi-fetch, so a request
 * or a result that drifts from the contract does not compile. Runs wherever fetch does: Node 20+,
 * browsers, workers.
 *
 *   const chainrule = createChainruleClient({ baseUrl: 'http://localhost:3000', apiKey });
 *   const result = await chainrule.check({ function: 'sin(x^2)', answer: 'cos(x^2)', lang: 'de' });
 *   const score = await chainrule.agsScore({ function, answer, user_id, scoring: 'partial' });
 *
 * The helpers return the result or throw a ChainruleError carrying the service's problem (RFC 9457);
 * `api` is the typed openapi-fetch client itself, for anything else (headers, raw responses).
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './openapi.js';
import { ndjsonLines } from './ndjson-lines.js';

export type { components, paths };

type Schemas = components['schemas'];
export type CheckRequest = Schemas['CheckRequest'];
export type CheckResult = Schemas['CheckResult'];
export type AgsScore = Schemas['AgsScore'];
export type XqueueReply = Schemas['XqueueReply'];
export type BatchRequest = Schemas['BatchRequest'];
export type BatchDefaults = Schemas['BatchDefaults'];
export type BatchItem = Schemas['BatchItem'];
export type BatchResult = Schemas['BatchResult'];
export type BatchItemResult = Schemas['BatchItemResult'];
export type BatchSummary = Schemas['BatchSummary'];
export type ValidateRequest = Schemas['ValidateRequest'];
export type ValidationResult = Schemas['ValidationResult'];
export type DerivativeRequest = Schemas['DerivativeRequest'];
export type DerivativeReport = Schemas['DerivativeReport'];
export type CatalogueEntry = Schemas['CatalogueEntry'];
export type Language = Schemas['Language'];
export type Message = Schemas['Message'];
export type Score = Schemas['Score'];
export type GradingStatus = Schemas['GradingStatus'];
export type Profile = Schemas['Profile'];
/** A problem as the service sends it (every kind has at least these members). */
export type Problem = Schemas['ItemProblem'] & { instance?: string };

/** A check request for one shape: the helper says which, so the request does not. */
type ShapedRequest = Omit<CheckRequest, 'profile'>;

export interface ChainruleClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the service is, e.g. https://chainrule.example.edu (no trailing path). */
  baseUrl: string;
  /** A key of the service's API_KEYS, sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Sent as Accept-Language with every request: the language of the texts unless a body's `lang` says. */
  language?: string;
}

/** A request the service refused or could not answer: its status and its problem (RFC 9457). */
export class ChainruleError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem ? `${problem.title}: ${problem.detail}` : `chainrule answered ${status}`);
    this.name = 'ChainruleError';
  }
}

export interface ChainruleClient {
  /** The typed openapi-fetch client: every operation of openapi.yaml, with its request and response types. */
  readonly api: Client<paths>;
  /** POST /v1/check: the verdict, diagnosis, score, grading status and note, in our own shape. */
  check(request: ShapedRequest & { profile?: 'chainrule' }): Promise<CheckResult>;
  /** POST /v1/check as an LTI AGS Score, ready for the line item's scores endpoint (a student's view unless `audience` says). */
  agsScore(request: ShapedRequest): Promise<AgsScore>;
  /** POST /v1/check as an Open edX external grader's reply. */
  xqueue(request: ShapedRequest): Promise<XqueueReply>;
  /** POST /v1/check/batch as JSON (up to BATCH_MAX_ITEMS items): every result in input order, and the class summary. */
  batch(request: BatchRequest): Promise<BatchResult>;
  /**
   * POST /v1/check/batch as NDJSON: any number of items, sent as they come; each result is yielded as
   * soon as it and all before it are graded, then the summary is returned.
   */
  batchStream(items: Iterable<BatchItem> | AsyncIterable<BatchItem>, defaults?: BatchDefaults): AsyncGenerator<BatchItemResult, BatchSummary>;
  /** POST /v1/validate: how an answer reads, before it is graded. */
  validate(request: ValidateRequest): Promise<ValidationResult>;
  /** POST /v1/derivative: the correct derivative with its chain. */
  derivative(request: DerivativeRequest): Promise<DerivativeReport>;
  /** GET /v1/mistakes: every mistake code, for mapping onto a rubric. */
  mistakes(): Promise<CatalogueEntry[]>;
}

export function createChainruleClient(options: ChainruleClientOptions): ChainruleClient {
  const { apiKey, language, headers, ...rest } = options;
  const common: Record<string, string> = {
    ...(apiKey !== undefined ? { authorization: `Bearer ${apiKey}` } : {}),
    ...(language !== undefined ? { 'accept-language': language } : {}),
  };
  const api = createClient<paths>({ ...rest, headers: { ...common, ...(headers as Record<string, string> | undefined) } });
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetcher = options.fetch ?? ((input: Request) => globalThis.fetch(input));

  async function answer<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (error !== undefined || data === undefined) throw new ChainruleError(response.status, asProblem(error));
    return data as T;
  }

  async function shaped<T>(request: ShapedRequest, profile: Profile, is: (body: object) => boolean): Promise<T> {
    const body = await answer<object>(api.POST('/v1/check', { body: { ...request, profile } }));
    if (!is(body)) throw new ChainruleError(200, undefined);
    return body as T;
  }

  return {
    api,
    check: (request) => shaped<CheckResult>({ ...request }, 'chainrule', (body) => 'verdict' in body),
    agsScore: (request) => shaped<AgsScore>(request, 'lti-ags', (body) => 'gradingProgress' in body),
    xqueue: (request) => shaped<XqueueReply>(request, 'xqueue', (body) => 'msg' in body),
    batch: (request) => answer<BatchResult>(api.POST('/v1/check/batch', { body: request })),
    validate: (request) => answer<ValidationResult>(api.POST('/v1/validate', { body: request })),
    derivative: (request) => answer<DerivativeReport>(api.POST('/v1/derivative', { body: request })),
    mistakes: async () => (await answer<{ mistakes: CatalogueEntry[] }>(api.GET('/v1/mistakes'))).mistakes,

    async *batchStream(items, defaults) {
      const line = (value: unknown) => `${JSON.stringify(value)}\n`;
      const head = defaults !== undefined ? line({ defaults }) : '';
      // An array is sent as one text (any fetch takes that); other sources are streamed as they come
      // (Node's fetch, and browsers that stream request bodies).
      const body = Array.isArray(items) ? head + items.map(line).join('') : uploadStream(head, items, line);
      // NDJSON is outside what openapi-fetch serialises: the same headers, sent with fetch itself.
      const request = new Request(`${baseUrl}/v1/check/batch`, {
        method: 'POST',
        headers: { ...common, ...(headers as Record<string, string> | undefined), 'content-type': 'application/x-ndjson', accept: 'application/x-ndjson, application/problem+json' },
        body,
        ...(typeof body === 'string' ? {} : { duplex: 'half' }),
      } as RequestInit);
      const response = await fetcher(request);
      if (!response.ok || !response.body) throw new ChainruleError(response.status, asProblem(await response.json().catch(() => undefined)));
      for await (const text of ndjsonLines(response.body)) {
        const record = JSON.parse(text) as BatchItemResult | { summary: BatchSummary };
        if ('summary' in record) return record.summary;
        yield record;
      }
      // The stream ended without its summary: the service stopped before grading every item.
      throw new ChainruleError(response.status, undefined);
    },
  };
}

/** Items as a byte stream of NDJSON lines, read from the source only as the upload goes. */
function uploadStream(head: string, items: Iterable<BatchItem> | AsyncIterable<BatchItem>, line: (value: unknown) => string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started && head !== '') {
        started = true;
        controller.enqueue(encoder.encode(head));
        return;
      }
      started = true;
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(line(next.value)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function asProblem(value: unknown): Problem | undefined {
  return typeof value === 'object' && value !== null && typeof (value as { title?: unknown }).title === 'string' ? (value as Problem) : undefined;
}
