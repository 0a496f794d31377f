/**
 * `--url`: grade on a running service instead of in process. The items stream to POST /v1/check/batch
 * as NDJSON and the results stream back a line each, so a whole class goes in one request with
 * constant memory on both sides.
 */
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { GradeInput } from '../service/grade.js';
import { problemFromError, type ProblemDetails } from '../service/problems.js';
import type { LineOutput } from './write-results.js';
import type { LineInput } from './read-items.js';

export async function* gradeRemotely(inputs: AsyncIterable<LineInput>, url: string, apiKey?: string): AsyncGenerator<LineOutput> {
  // Lines travel to the service in order; its results come back in the same order, so the i-th result
  // belongs to the i-th input line. Unreadable rows never leave this process.
  const lines: number[] = [];
  const local = new Map<number, { id: string | null; error: ProblemDetails }>();
  async function* body(): AsyncGenerator<string> {
    let index = 0;
    for await (const input of inputs) {
      lines.push(input.line);
      const item = toWire(input);
      if ('invalid' in input) local.set(index, { id: input.id ?? null, error: problemFromError(input.invalid) });
      // An unreadable row is still sent as a line (an empty object) so the positions stay aligned; its
      // service-side error is replaced by the local one, which says what was wrong with the row.
      yield `${JSON.stringify(item ?? {})}\n`;
      index++;
    }
  }
  const endpoint = new URL('/v1/check/batch', url);
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-ndjson',
      accept: 'application/x-ndjson',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    },
    body: Readable.toWeb(Readable.from(body())) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    throw new Error(`${endpoint.href} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  const results = createInterface({ input: Readable.fromWeb(response.body as never), crlfDelay: Infinity });
  let index = 0;
  for await (const text of results) {
    if (text.trim() === '') continue;
    const parsed = JSON.parse(text) as LineOutput | { summary: unknown };
    // The stream ends with the service's own counts; the grader keeps its own.
    if ('summary' in parsed) continue;
    const result = parsed;
    const line = lines[index] ?? 0;
    const own = local.get(index);
    yield own ? { id: own.id, index, line, error: own.error } : { ...result, line };
    index++;
  }
}

function toWire(input: GradeInput): Record<string, unknown> | undefined {
  return 'item' in input ? { ...input.item } : undefined;
}
