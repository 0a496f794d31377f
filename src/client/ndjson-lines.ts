/**
 * NDJSON read from a fetch body, line by line: what the typed client's batch stream and the instructors'
 * page both read (the page's bundle takes this module alone, without the client's openapi-fetch).
 */
/** The lines of a streamed body, as they arrive (a line split across chunks is joined first). */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') yield line;
  }
  pending += decoder.decode();
  if (pending.trim() !== '') yield pending;
}
