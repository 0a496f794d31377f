/**
 * A message as the core produces it: a stable `code` (a key of the catalogues in src/messages/) and
 * its `params`. The core never writes prose: it says which message and with what, and the edge
 * (src/present) renders it once, in the language a request asked for. An LMS that renders its own
 * texts receives the same `{code, params}` beside every rendered text.
 *
 * A parameter is mathematics as text (never translated), a number (formatted per locale where the
 * message says `{name, number}`, chosen among plural forms where it says `{name, plural, …}`), another
 * message (rendered first, in the same language), or a list of these (joined the language's way).
 */
export type MessageParam = string | number | Message | MessageList;

export interface Message {
  readonly code: string;
  readonly params: Readonly<Record<string, MessageParam>>;
}

/**
 * Items joined as the language joins them: `and` ("a, b and c", "a, b y c"), `or` ("a or b"),
 * `either` (the alternatives of "you either …, or …"), `comma` and `semicolon` (plain separators),
 * `sentence` (sentences one after the other: a space in English, nothing in Chinese).
 */
export interface MessageList {
  readonly list: readonly MessageParam[];
  readonly join: ListJoin;
}

export type ListJoin = 'and' | 'or' | 'either' | 'comma' | 'semicolon' | 'sentence';

export function msg(code: string, params: Record<string, MessageParam> = {}): Message {
  return { code, params };
}

export function list(items: readonly MessageParam[], join: ListJoin): MessageList {
  return { list: items, join };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).code === 'string' && typeof (value as Message).params === 'object';
}
