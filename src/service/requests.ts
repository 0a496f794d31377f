/**
 * What a request to check or differentiate must look like, for every transport (an HTTP body, a batch
 * item, an NDJSON line, a CSV row), as zod schemas: strict (an unknown field is refused by name, so a
 * typo such as `"varaible"` is not silently ignored) and without coercion (`"quiet": "false"` is an
 * error, not `true`). A request that fails is reported field by field, with what was expected, as an
 * invalid-request problem (400). Defaults (`variable` x, `format` auto) are the core's, so they live
 * in one place.
 */
import { z } from 'zod';
import { isWellFormed } from '../i18n/languages.js';
import { list, msg, type Message } from '../i18n/message.js';
import { echoOf, PROFILES } from '../present/profiles.js';
import { AUDIENCES } from '../present/result.js';
import { Credits, SCORING_MODES } from '../present/scoring.js';
import type { GradeInput } from './grade.js';
import { InvalidItem } from './problems.js';

const FORMATS = ['auto', 'text', 'latex', 'mathml'] as const;


/** An identifier of the caller's, echoed unchanged. */
const identifier = z.string().max(256);

/**
 * How deep the caller's metadata may nest. It is echoed in every result, so it is copied to a checking
 * thread and written out as JSON, and both recurse: a body of 5,000 nested arrays (10 KB) overflowed
 * the stack there, a 500 for the client's input. An LMS's metadata nests a few levels.
 */
export const MAX_METADATA_DEPTH = 32;

/** Whether a JSON value nests at most `limit` arrays and objects deep (looked at without recursing). */
export function nestsAtMost(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: at, depth } = pending.pop() as { value: unknown; depth: number };
    if (typeof at !== 'object' || at === null) continue;
    if (depth + 1 > limit) return false;
    for (const child of Object.values(at)) if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: depth + 1 });
  }
  return true;
}

const metadata = z.unknown().refine((value) => nestsAtMost(value, MAX_METADATA_DEPTH), {
  message: 'request.metadata_depth',
  params: { limit: MAX_METADATA_DEPTH },
});

const checkFields = {
  function: z.string(),
  answer: z.string(),
  variable: z.string().optional(),
  format: z.enum(FORMATS).optional(),
  quiet: z.boolean().optional(),
  lang: z.string().refine(isWellFormed, { message: 'request.lang' }).optional(),
  audience: z.enum(AUDIENCES).optional(),
  reveal: z.boolean().optional(),
  scoring: z.enum(SCORING_MODES).optional(),
  max_score: z.number().positive().max(1e6).optional(),
  credits: Credits.optional(),
  attempt: z.number().int().min(1).max(1000).optional(),
  penalty_per_attempt: z.number().min(0).max(1).optional(),
  profile: z.enum(PROFILES).optional(),
  user_id: identifier.optional(),
  submission_id: identifier.optional(),
  metadata: metadata.optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
};

/** quiet is a student's view without reveal: a teacher's view or reveal with it says two things at once. */
function oneView(body: { quiet?: boolean | undefined; audience?: string | undefined; reveal?: boolean | undefined }, ctx: z.RefinementCtx): void {
  if (body.quiet === true && body.audience === 'teacher') {
    ctx.addIssue({ code: 'custom', path: ['quiet'], message: 'request.quiet_teacher' });
  }
  if (body.quiet === true && body.reveal === true) {
    ctx.addIssue({ code: 'custom', path: ['reveal'], message: 'request.quiet_reveal' });
  }
}

export const CheckBody = z.strictObject(checkFields).superRefine(oneView);
export type CheckBody = z.infer<typeof CheckBody>;

const itemFields = { ...checkFields, id: z.string().max(200).optional() };

/** One answer of a batch: a check request with an optional id of the caller's. */
export const BatchItem = z.strictObject(itemFields).superRefine(oneView);
export type BatchItem = z.infer<typeof BatchItem>;
/** The same, ignoring unknown fields (LMS exports carry columns of their own). */
const LenientBatchItem = z.object(itemFields).superRefine(oneView);

/**
 * What every item of a batch shares unless it says otherwise: the language, the view, the scoring, the
 * shape, even the function (a class answering one question). What belongs to one student's answer
 * (the answer, its id, user_id, submission_id) is each item's own.
 */
const { answer: _answer, user_id: _user, submission_id: _submission, ...sharedFields } = checkFields;
export const BatchDefaults = z.strictObject(sharedFields).partial().superRefine(oneView);
export type BatchDefaults = z.infer<typeof BatchDefaults>;

/**
 * A batch item as a grading input: the item, or the reason it is not one. `lenient` ignores unknown
 * fields (the command-line grader reads LMS exports, whose lines carry columns of their own). The
 * batch's defaults fill in what the item leaves out.
 */
export function gradeInputFrom(value: unknown, lenient = false, defaults?: BatchDefaults): GradeInput {
  const schema = lenient ? LenientBatchItem : BatchItem;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  try {
    return { item: parseBody(schema, isObject && defaults ? { ...defaults, ...value } : value, 'item') };
  } catch (error) {
    // What identifies the item and its student comes back with its error, when it is well formed.
    const fields = isObject ? (value as Record<string, unknown>) : {};
    const id = typeof fields.id === 'string' ? fields.id : undefined;
    const echo = echoOf({
      ...(identifier.safeParse(fields.user_id).success ? { user_id: fields.user_id as string } : {}),
      ...(identifier.safeParse(fields.submission_id).success ? { submission_id: fields.submission_id as string } : {}),
      ...('metadata' in fields && nestsAtMost(fields.metadata, MAX_METADATA_DEPTH) ? { metadata: fields.metadata } : {}),
    });
    return { invalid: error, ...(id !== undefined ? { id } : {}), ...(Object.keys(echo).length > 0 ? { echo } : {}) };
  }
}

const lang = z.string().refine(isWellFormed, { message: 'request.lang' });

export const DerivativeBody = z.strictObject({
  function: z.string(),
  variable: z.string().optional(),
  format: z.enum(FORMATS).optional(),
  lang: lang.optional(),
});
export type DerivativeBody = z.infer<typeof DerivativeBody>;

export const ValidateBody = z.strictObject({
  answer: z.string(),
  variable: z.string().optional(),
  format: z.enum(FORMATS).optional(),
  function: z.string().optional(),
  lang: lang.optional(),
});
export type ValidateBody = z.infer<typeof ValidateBody>;

export interface FieldError {
  field: string;
  message: Message;
}

/** The body as the schema's type, or an InvalidItem listing every problem found. */
export function parseBody<S extends z.ZodObject>(schema: S, body: unknown, what: 'request body' | 'item' = 'request body'): z.infer<S> {
  if ((schema as z.ZodObject) === CheckBody) {
    const plain = plainCheckBody(body);
    if (plain !== undefined) return plain as z.infer<S>;
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors = result.error.issues.flatMap((issue) => describeIssue(issue, body, schema));
  const listed = list(errors.map((e) => msg('request.field_error', { field: e.field, message: e.message })), 'semicolon');
  throw new InvalidItem(msg('request.invalid', { what: what === 'item' ? 'item' : 'body', errors: listed }), errors);
}

/** The check fields plainCheckBody reads itself, in the schema's order (zod's output follows it). */
const PLAIN_CHECK_FIELDS = new Set(['function', 'answer', 'variable', 'format', 'quiet', 'lang', 'audience', 'reveal']);
const isOneOf = (values: readonly string[], value: unknown): boolean => typeof value === 'string' && values.includes(value);

/**
 * A check body as CheckBody parses it, when it is the common kind: a plain object (as JSON.parse makes)
 * of the fields a check usually carries, every one valid. zod took 2 to 3 µs for such a body, a few per
 * cent of a request's time in the HTTP layer; this takes a tenth of that. Anything else, every invalid
 * body included, is undefined and goes to zod, so every error is zod's as before. The result is what
 * zod returns: a new object, with the fields present in the schema's order.
 */
function plainCheckBody(body: unknown): CheckBody | undefined {
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype) return undefined;
  const fields = body as Record<string, unknown>;
  for (const key in fields) if (!PLAIN_CHECK_FIELDS.has(key) || fields[key] === undefined) return undefined;
  const { function: text, answer, variable, format, quiet, lang, audience, reveal } = fields;
  if (typeof text !== 'string' || typeof answer !== 'string') return undefined;
  if (variable !== undefined && typeof variable !== 'string') return undefined;
  if (format !== undefined && !isOneOf(FORMATS, format)) return undefined;
  if ((quiet !== undefined && typeof quiet !== 'boolean') || (reveal !== undefined && typeof reveal !== 'boolean')) return undefined;
  if (audience !== undefined && !isOneOf(AUDIENCES, audience)) return undefined;
  if (lang !== undefined && (typeof lang !== 'string' || !isWellFormed(lang))) return undefined;
  // What oneView refuses is zod's to report.
  if (quiet === true && (audience === 'teacher' || reveal === true)) return undefined;
  const parsed: Record<string, unknown> = { function: text, answer };
  if (variable !== undefined) parsed.variable = variable;
  if (format !== undefined) parsed.format = format;
  if (quiet !== undefined) parsed.quiet = quiet;
  if (lang !== undefined) parsed.lang = lang;
  if (audience !== undefined) parsed.audience = audience;
  if (reveal !== undefined) parsed.reveal = reveal;
  return parsed as CheckBody;
}

/**
 * One issue in words. Zod's own messages say "Invalid input: expected string, received undefined";
 * a client is better served by "required" and by the JSON name of what it sent. Custom issues carry a
 * message code of ours (`request.…`) as their message.
 */
function describeIssue(issue: z.core.$ZodIssue, body: unknown, schema: z.ZodObject): FieldError[] {
  const field = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: [...issue.path.map(String), key].join('.'),
        message: msg('request.unknown_field', { fields: list(fieldsAt(schema, issue.path), 'comma') }),
      }));
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      if (issue.path.length === 0) return [{ field, message: msg('request.expected_got', { expected, got: jsonType(body) }) }];
      const sent = valueAt(body, issue.path);
      if (sent === undefined) return [{ field, message: msg('request.required', { expected }) }];
      // z.number().int() reports a fraction as the wrong type.
      if (issue.expected === 'int' && typeof sent.value === 'number' && Number.isFinite(sent.value)) return [{ field, message: msg('request.not_integer') }];
      // JSON.parse reads a number past the largest double (1e999) as Infinity, which z.number() refuses.
      if (typeof sent.value === 'number' && !Number.isFinite(sent.value)) return [{ field, message: msg('request.not_finite') }];
      return [{ field, message: msg('request.expected_got', { expected, got: jsonType(sent.value) }) }];
    }
    case 'invalid_value':
      return [{ field, message: msg('request.one_of', { values: list(issue.values.map((v) => JSON.stringify(v)), 'comma'), got: describeValue(valueAt(body, issue.path)?.value) }) }];
    case 'too_small':
      return [{ field, message: msg(issue.inclusive === false ? 'request.more_than' : 'request.at_least', { limit: Number(issue.minimum) }) }];
    case 'too_big':
      return [{ field, message: msg(issue.inclusive === false ? 'request.less_than' : 'request.at_most', { limit: Number(issue.maximum) }) }];
    case 'invalid_format':
      return [{ field, message: msg(issue.format === 'datetime' ? 'request.datetime' : 'request.format', { format: issue.format }) }];
    default: {
      const params = issue.code === 'custom' ? ((issue.params ?? {}) as Record<string, number>) : {};
      return [{ field, message: issue.message.startsWith('request.') ? msg(issue.message, params) : msg('request.other', { message: issue.message }) }];
    }
  }
}

/** The fields an object of the schema takes at a path (the body's, or a nested object's such as `defaults`). */
function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: z.ZodType = schema;
  for (const key of path) {
    const object = unwrapped(at);
    const next = object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType>)[String(key)] : undefined;
    if (!next) return [];
    at = next;
  }
  const object = unwrapped(at);
  // A member whose schema is never (an answer among the defaults) is not one to offer.
  return object instanceof z.ZodObject ? Object.entries(object.shape as Record<string, z.ZodType>).filter(([, member]) => !(unwrapped(member) instanceof z.ZodNever)).map(([name]) => name) : [];
}

/** A schema without its optional, default and refinement wrappers. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let at = schema;
  while (at instanceof z.ZodOptional || at instanceof z.ZodDefault || at instanceof z.ZodNullable) at = at.unwrap() as z.ZodType;
  return at;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): { value: unknown } | undefined {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { value };
}

const TYPE_NAMES = new Set(['string', 'number', 'boolean', 'object', 'array', 'int']);

function typeName(expected: string): Message {
  return TYPE_NAMES.has(expected) ? msg(`type.${expected}`) : msg('type.other', { name: expected });
}

function jsonType(value: unknown): Message {
  if (value === undefined) return msg('type.no_body');
  if (value === null) return msg('type.null');
  if (Array.isArray(value)) return msg('type.array');
  if (typeof value === 'object') return msg('type.an_object');
  return typeName(typeof value);
}

function describeValue(value: unknown): Message | string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : jsonType(value);
}
