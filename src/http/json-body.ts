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

export function parseJson(text: string): unknown {
  const body = withoutByteOrderMark(text);
  if (body.trim() === '') throw new MalformedJson(msg('problem.malformed_json.empty'));
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw malformed(body, error instanceof Error ? error.message : '');
  }
}

/**
 * A byte order mark before the JSON is ignored, as RFC 8259 (8.1) allows a parser to: a file saved by a
 * Windows editor and sent with `curl -d @file.json` starts with one, it means nothing, and the NDJSON
 * route's decoder already drops it. Positions then count from the JSON's first character.
 */
function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function malformed(body: string, message: string): MalformedJson {
  const at = /^(.*?)(?: in JSON)? at position (\d+)/.exec(message);
  // V8's own words for what is wrong (English), kept as they are.
  if (at) return located(body, Number(at[2]), msg('problem.malformed_json.v8', { reason: lowerFirst(at[1] ?? 'unexpected input') }));
  if (/^Unexpected end of JSON input/.test(message)) {
    return located(body, body.length, msg('problem.malformed_json.ends_early'));
  }
  // V8 names the token but not its place for some errors (a character that starts no value, a
  // misspelt literal, a comma before a closing bracket): the place is found by scanning the body.
  const token = /^Unexpected token '(.{1,8}?)'/.exec(message)?.[1];
  const offset = syntaxErrorOffset(body);
  if (offset !== undefined && offset < body.length) {
    const found = String.fromCodePoint(body.codePointAt(offset) as number);
    return located(body, offset, msg('problem.malformed_json.unexpected', { token: JSON.stringify(found) }));
  }
  return new MalformedJson(token ? msg('problem.malformed_json.token', { token: JSON.stringify(token) }) : msg('problem.malformed_json.detail'));
}

/**
 * The UTF-16 offset of the first character at which `text` stops being JSON (RFC 8259), its length when
 * it ends too early, undefined when it is JSON. One pass, no recursion (a body may nest deep).
 */
export function syntaxErrorOffset(text: string): number | undefined {
  const closers: string[] = [];
  let i = 0;
  let expect: 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end' = 'value';
  const afterValue = () => (closers.length > 0 ? 'commaOrClose' : 'end');
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= text.length) return expect === 'end' ? undefined : text.length;
    const c = text[i] as string;
    if (expect === 'end') return i;
    if (expect === 'colon') {
      if (c !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'commaOrClose') {
      const closer = closers[closers.length - 1];
      if (c === ',') {
        i++;
        expect = closer === '}' ? 'key' : 'value';
      } else if (c === closer) {
        closers.pop();
        i++;
        expect = afterValue();
      } else {
        return i;
      }
      continue;
    }
    if ((expect === 'keyOrClose' && c === '}') || (expect === 'valueOrClose' && c === ']')) {
      closers.pop();
      i++;
      expect = afterValue();
      continue;
    }
    if (expect === 'key' || expect === 'keyOrClose') {
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end.error !== undefined) return end.error;
      i = end.next;
      expect = 'colon';
      continue;
    }
    // A value.
    if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      i++;
      expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end.error !== undefined) return end.error;
      i = end.next;
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) return Math.min(i + k, text.length);
      i += word.length;
    } else {
      NUMBER.lastIndex = i;
      const number = NUMBER.exec(text);
      if (number === null) return i;
      i += number[0].length;
    }
    expect = afterValue();
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Past the string that starts at `start`, or where it breaks (a bad escape, a control character, its end missing). */
function stringEnd(text: string, start: number): { next: number; error?: undefined } | { next?: undefined; error: number } {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return { next: i + 1 };
    if (code < 0x20) return { error: i };
    if (code === 0x5c) {
      const escaped = text[i + 1];
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { error: i + 1 };
        i += 5;
      } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) {
        i++;
      } else {
        return { error: Math.min(i + 1, text.length) };
      }
    }
  }
  return { error: text.length };
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
