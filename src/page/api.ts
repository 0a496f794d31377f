/**
 * The page's calls to the service's own API (same origin: the CSP allows no other). The shapes are
 * the service's types, so the page cannot drift from what the API answers. An older service (one
 * without languages, scores and grading statuses) is still served: `lang` is sent only once the
 * service is known to take it (languages.ts), and what an older result lacks is simply not shown.
 */
import type { CheckResult, DerivativeResult as DerivativeReport } from '../present/result.js';
import type { CatalogueEntry } from '../diagnose/catalogue.js';
import type { GradeOutput, GradeSummary } from '../service/grade.js';
import type { ProblemDetails as ServiceProblem } from '../service/problems.js';
import type { ValidationResult } from '../validate.js';
import { ndjsonLines } from '../client/ndjson-lines.js';

export { ndjsonLines };

/** A problem as the page shows it: the service's, or one of the page's own (without `i18n`). */
export type ProblemDetails = Omit<ServiceProblem, 'i18n'> & Partial<Pick<ServiceProblem, 'i18n'>>;

/** A score and a grading status: every result of this service has them; an older one's lacks them. */
export type Grading = Partial<Pick<CheckResult, 'score' | 'grading_status'>>;

export type CheckResponse = CheckResult;
export type BatchResult = GradeOutput<ProblemDetails>;
export type { CatalogueEntry, DerivativeReport, GradeSummary, ValidationResult };

/** A problem+json answer (or a failure to reach the service, as a problem of our own making). */
export class ProblemError extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail || problem.title);
    this.name = 'ProblemError';
  }
}

export interface Answered<T> {
  body: T;
  /** The Content-Language of the answer, when the service says. */
  language: string | null;
}

export interface ApiEvents {
  /** The service wants an API key (401): the page asks for one. */
  unauthorized(problem: ProblemDetails): void;
}

const JSON_TYPE = 'application/json';
export const NDJSON_TYPE = 'application/x-ndjson';

export class Api {
  private key: string | undefined;
  private language: string | undefined;
  /** Endpoints that refused a `lang` field: it is not sent to them again. */
  private readonly withoutLanguage = new Set<string>();

  constructor(private readonly events: ApiEvents) {}

  setKey(key: string | undefined): void {
    this.key = key && key.trim() !== '' ? key.trim() : undefined;
  }

  /** The language asked for in `lang` (only once the service is known to take it), or none. */
  setLanguage(language: string | undefined): void {
    this.language = language;
  }

  async post<T>(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<Answered<T>> {
    const send = (withLanguage: boolean) => this.fetch(path, { method: 'POST', headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(withLanguage ? { ...body, lang: this.language } : body), signal });
    const asked = this.language !== undefined && !this.withoutLanguage.has(path);
    let response = await send(asked);
    if (asked && response.status === 400) {
      // A service without languages refuses the unknown field by name: never send it there again.
      const problem = await readProblem(response.clone());
      if (problem.errors?.some((error) => error.field === 'lang')) {
        this.withoutLanguage.add(path);
        response = await send(false);
      }
    }
    return this.answer<T>(response);
  }

  /**
   * Whether the service takes a `lang` field: true when a check with one is answered, false when the
   * field is refused by name, undefined when it cannot be told yet (no API key given, say).
   */
  async takesLanguage(): Promise<boolean | undefined> {
    const body = JSON.stringify({ function: 'x', answer: '1', lang: 'en' });
    const response = await this.fetch('/v1/check', { method: 'POST', headers: { 'content-type': JSON_TYPE }, body });
    if (response.ok) return true;
    if (response.status !== 400) return undefined;
    const problem = await readProblem(response);
    return problem.errors?.some((error) => error.field === 'lang') ? false : undefined;
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<Answered<T>> {
    return this.answer<T>(await this.fetch(path, { method: 'GET', signal }));
  }

  /**
   * A batch as NDJSON: one item a line in, one result a line out as each is graded (so progress can be
   * shown), then a summary line. No item limit, unlike a JSON batch.
   */
  async batch(items: Array<Record<string, unknown>>, onResult: (result: BatchResult) => void, signal?: AbortSignal): Promise<GradeSummary> {
    const path = '/v1/check/batch';
    const withLanguage = this.language !== undefined && !this.withoutLanguage.has(path);
    const lines = items.map((item) => JSON.stringify(withLanguage ? { ...item, lang: this.language } : item)).join('\n');
    // Stopped by the caller, or here (to ask again without `lang`).
    const stop = new AbortController();
    signal?.addEventListener('abort', () => stop.abort(), { once: true });
    const response = await this.fetch(path, { method: 'POST', headers: { 'content-type': NDJSON_TYPE }, body: `${lines}\n`, signal: stop.signal });
    if (!response.ok || !response.body) throw new ProblemError(await readProblem(response));
    let summary: GradeSummary | undefined;
    let first = true;
    for await (const line of ndjsonLines(response.body)) {
      const record = JSON.parse(line) as BatchResult | { summary: GradeSummary };
      if (first && withLanguage && refusesLanguage(record)) {
        // A service whose batch items do not take `lang` (each would be an error): ask again without it.
        stop.abort();
        this.withoutLanguage.add(path);
        return this.batch(items, onResult, signal);
      }
      first = false;
      if ('summary' in record) summary = record.summary;
      else onResult(record);
    }
    if (!summary) throw new ProblemError(localProblem('The service stopped before it had graded every answer.'));
    return summary;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('accept', `${JSON_TYPE}, ${NDJSON_TYPE}, application/problem+json`);
    if (this.key) headers.set('authorization', `Bearer ${this.key}`);
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers, credentials: 'omit' });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ProblemError(localProblem('The service cannot be reached: is it still running?'));
    }
    if (response.status === 401) {
      const problem = await readProblem(response.clone());
      this.events.unauthorized(problem);
    }
    return response;
  }

  private async answer<T>(response: Response): Promise<Answered<T>> {
    if (!response.ok) throw new ProblemError(await readProblem(response));
    return { body: (await response.json()) as T, language: response.headers.get('content-language') };
  }
}

/** A batch result refused because its item had a `lang` field the service does not take. */
function refusesLanguage(record: BatchResult | { summary: GradeSummary }): boolean {
  return 'error' in record && (record.error.errors ?? []).some((error) => error.field === 'lang');
}

/** Whether a failed call was only overtaken by a newer one (typing on), not a failure to show. */
export function isAborted(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function readProblem(response: Response): Promise<ProblemDetails> {
  try {
    const body = (await response.json()) as Partial<ProblemDetails>;
    if (typeof body.title === 'string') return { type: body.type ?? 'about:blank', status: response.status, detail: body.title, ...body } as ProblemDetails;
  } catch {
    // Not JSON: described below from the status alone.
  }
  return { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail: `The service answered ${response.status} ${response.statusText}.` };
}

function localProblem(detail: string): ProblemDetails {
  return { type: 'about:blank', title: 'Not answered', status: 0, detail };
}

export type Catalogue = Map<string, CatalogueEntry>;

/**
 * The catalogue of mistake codes (GET /v1/mistakes), by code: fetched once it is first needed and
 * kept; a failed fetch (no API key yet, the service away) is tried again the next time.
 */
export function catalogueLoader(api: Api): () => Promise<Catalogue> {
  let loading: Promise<Catalogue> | undefined;
  return () => {
    loading ??= api.get<{ mistakes: CatalogueEntry[] }>('/v1/mistakes').then(
      ({ body }) => new Map(body.mistakes.map((entry) => [entry.code, entry])),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
}
