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
import { msg, type Message } from '../i18n/message.js';
import { MalformedJson } from './problem.js';

export function parseJson(body: string): unknown {
  if (body.trim() === '') throw new MalformedJson(msg('problem.malformed_json.empty'));
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw malformed(body, error instanceof Error ? error.message : '');
  }
}

function malformed(body: string, message: string): MalformedJson {
  const at = /^(.*?)(?: in JSON)? at position (\d+)/.exec(message);
  // V8's own words for what is wrong (English), kept as they are.
  if (at) return located(body, Number(at[2]), msg('problem.malformed_json.v8', { reason: lowerFirst(at[1] ?? 'unexpected input') }));
  if (/^Unexpected end of JSON input/.test(message)) {
    return located(body, body.length, msg('problem.malformed_json.ends_early'));
  }
  // V8 names the token but not its place for some errors; the token alone still helps.
  const token = /^Unexpected token '(.{1,8}?)'/.exec(message)?.[1];
  return new MalformedJson(token ? msg('problem.malformed_json.token', { token: JSON.stringify(token) }) : msg('problem.malformed_json.detail'));
}

function located(body: string, utf16Offset: number, reason: Message): MalformedJson {
  const position = codePointIndex(body, utf16Offset);
  const before = body.slice(0, utf16Offset);
  const line = before.split('\n').length;
  const column = codePointIndex(before, before.length) - codePointIndex(before, before.lastIndexOf('\n') + 1) + 1;
  return new MalformedJson(msg('problem.malformed_json.at', { reason, position, line, column }), position);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
