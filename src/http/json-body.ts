/**
 * The only body the API takes: JSON. Fastify's own parser answers every syntax error with one fixed
 * message; this one says where the JSON breaks when the JavaScript parser says so, as a code-point
 * position like the expression errors, with its line and column.
 *
 * Plain JSON.parse is safe here although it keeps a `__proto__` key (as an own property, never as the
 * prototype): bodies are only read through strict schemas that refuse every unknown key, and the
 * parsed object is never merged into another.
 */
import { codePointIndex } from '../parse/errors.js';
import { MalformedJson } from './problem.js';

export function parseJson(body: string): unknown {
  if (body.trim() === '') throw new MalformedJson('The body is empty: send a JSON object.');
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw malformed(body, error instanceof Error ? error.message : '');
  }
}

function malformed(body: string, message: string): MalformedJson {
  const at = /^(.*?)(?: in JSON)? at position (\d+)/.exec(message);
  if (at) return located(body, Number(at[2]), lowerFirst(at[1] ?? 'unexpected input'));
  if (/^Unexpected end of JSON input/.test(message)) {
    return located(body, body.length, 'it ends before the JSON value is complete');
  }
  // V8 names the token but not its place for some errors; the token alone still helps.
  const token = /^Unexpected token '(.{1,8}?)'/.exec(message)?.[1];
  return new MalformedJson(token ? `The body is not valid JSON: unexpected ${JSON.stringify(token)}.` : 'The body is not valid JSON.');
}

function located(body: string, utf16Offset: number, reason: string): MalformedJson {
  const position = codePointIndex(body, utf16Offset);
  const before = body.slice(0, utf16Offset);
  const line = before.split('\n').length;
  const column = codePointIndex(before, before.length) - codePointIndex(before, before.lastIndexOf('\n') + 1) + 1;
  return new MalformedJson(`The body is not valid JSON: ${reason} at position ${position} (line ${line}, column ${column}).`, position);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
