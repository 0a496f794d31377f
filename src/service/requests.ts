/**
 * What a request to check or differentiate must look like, for every transport (an HTTP body, a batch
 * item, an NDJSON line, a CSV row), as zod schemas: strict (an unknown field is refused by name, so a
 * typo such as `"varaible"` is not silently ignored) and without coercion (`"quiet": "false"` is an
 * error, not `true`). A request that fails is reported field by field, with what was expected, as an
 * invalid-request problem (400). Defaults (`variable` x, `format` auto) are the core's, so they live
 * in one place.
 */
import { z } from 'zod';
import type { GradeInput } from './grade.js';
import { InvalidItem } from './problems.js';

const FORMATS = ['auto', 'text', 'latex', 'mathml'] as const;

export const CheckBody = z.strictObject({
  function: z.string(),
  answer: z.string(),
  variable: z.string().optional(),
  format: z.enum(FORMATS).optional(),
  quiet: z.boolean().optional(),
});
export type CheckBody = z.infer<typeof CheckBody>;

/** One answer of a batch: a check request with an optional id of the caller's. */
export const BatchItem = CheckBody.extend({ id: z.string().max(200).optional() });
export type BatchItem = z.infer<typeof BatchItem>;

/**
 * A batch item as a grading input: the item, or the reason it is not one. `lenient` ignores unknown
 * fields (the command-line grader reads LMS exports, whose lines carry columns of their own).
 */
export function gradeInputFrom(value: unknown, lenient = false): GradeInput {
  const schema = lenient ? z.object(BatchItem.shape) : BatchItem;
  const id = typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
    ? (value as { id: string }).id
    : undefined;
  try {
    return { item: parseBody(schema, value, 'item') };
  } catch (error) {
    return { invalid: error, ...(id !== undefined ? { id } : {}) };
  }
}

export const DerivativeBody = z.strictObject({
  function: z.string(),
  variable: z.string().optional(),
  format: z.enum(FORMATS).optional(),
});
export type DerivativeBody = z.infer<typeof DerivativeBody>;

export const ValidateBody = z.strictObject({
  answer: z.string(),
  variable: z.string().optional(),
  format: z.enum(FORMATS).optional(),
  function: z.string().optional(),
});
export type ValidateBody = z.infer<typeof ValidateBody>;

export interface FieldError {
  field: string;
  message: string;
}

/** The body as the schema's type, or an InvalidItem listing every problem found. */
export function parseBody<S extends z.ZodObject>(schema: S, body: unknown, what: 'request body' | 'item' = 'request body'): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors = result.error.issues.flatMap((issue) => describeIssue(issue, body, Object.keys(schema.shape)));
  throw new InvalidItem(`The ${what} is not valid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}.`, errors);
}

/**
 * One issue in words. Zod's own messages say "Invalid input: expected string, received undefined";
 * a client is better served by "required" and by the JSON name of what it sent.
 */
function describeIssue(issue: z.core.$ZodIssue, body: unknown, fields: string[]): FieldError[] {
  const field = issue.path.length === 0 ? 'body' : issue.path.map(String).join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: key,
        message: `unknown field (the body takes ${fields.join(', ')})`,
      }));
    case 'invalid_type': {
      const expected = issue.expected === 'object' ? 'a JSON object' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
      if (issue.path.length === 0) return [{ field, message: `expected ${expected}, got ${jsonType(body)}` }];
      const sent = valueAt(body, issue.path);
      if (sent === undefined) return [{ field, message: `required (${expected})` }];
      return [{ field, message: `expected ${expected}, got ${jsonType(sent.value)}` }];
    }
    case 'invalid_value':
      return [{ field, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(valueAt(body, issue.path)?.value)}` }];
    default:
      return [{ field, message: issue.message }];
  }
}

function valueAt(body: unknown, path: readonly PropertyKey[]): { value: unknown } | undefined {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { value };
}

function jsonType(value: unknown): string {
  if (value === undefined) return 'no body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : jsonType(value);
}
