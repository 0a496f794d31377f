/**
 * Newline-delimited JSON read from a stream, one record per non-blank line, with a bound on the length
 * of a line: a hostile or broken client cannot make the service buffer an endless line, and one bad
 * line is an error for that line only.
 */
import { msg, type Message } from '../i18n/message.js';

export type NdjsonRecord = { line: number; value: unknown } | { line: number; error: Message };

export async function* ndjsonRecords(
  chunks: AsyncIterable<Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonRecord> {
  const decoder = new TextDecoder();
  let line = 0;
  let pending = '';
  let overlong = false;
  const finish = (text: string): NdjsonRecord | undefined => {
    line++;
    if (overlong || Buffer.byteLength(text) > maxLineBytes) {
      overlong = false;
      return { line, error: msg('request.line_too_long', { limit: maxLineBytes }) };
    }
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (trimmed.trim() === '') return undefined;
    try {
      return { line, value: JSON.parse(trimmed) as unknown };
    } catch (error) {
      // The JSON parser's own words (English), kept as they are.
      return { line, error: msg('request.line_not_json', { reason: (error as Error).message }) };
    }
  };
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const record = finish(pending.slice(0, newline));
      if (record) yield record;
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    // Past the bound, keep nothing of the line: only remember that it is too long.
    if (Buffer.byteLength(pending) > maxLineBytes) {
      overlong = true;
      pending = '';
    }
  }
  pending += decoder.decode();
  if (pending !== '' || overlong) {
    const record = finish(pending);
    if (record) yield record;
  }
}
