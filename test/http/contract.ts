/**
 * openapi.yaml for the tests: the document, its operations, and a check of a real response against the
 * schema the document gives for it.
 *
 * Responses are validated with Ajv2020 against the document's own schemas rather than with
 * openapi-backend: OpenAPI 3.1 schemas are JSON Schema 2020-12, so Ajv2020 reads them exactly as the
 * contract means them (unevaluatedProperties, `type: [number, 'null']`, const), with no framework
 * re-interpreting them, and it adds no package that declares a newer Node than the project runs on.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { CONTRACT_PATH } from '../../src/http/contract.js';

export interface Example {
  summary?: string;
  value: unknown;
}
export interface MediaType {
  schema: object;
  examples?: Record<string, Example>;
}
export interface Response {
  description: string;
  content?: Record<string, MediaType>;
  $ref?: string;
}
export interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, Response>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, Response>; schemas: Record<string, object> };
}

export const CONTRACT_TEXT = readFileSync(CONTRACT_PATH, 'utf8');
export const contract = parse(CONTRACT_TEXT) as OpenApiDocument;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function operations(): Array<{ path: string; method: string; operation: Operation }> {
  return Object.entries(contract.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => (HTTP_METHODS as readonly string[]).includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** A response object, its `$ref` (to components/responses) followed. */
export function resolveResponse(response: Response): { response: Response; pointer: string | undefined } {
  if (!response.$ref) return { response, pointer: undefined };
  const name = response.$ref.replace('#/components/responses/', '');
  const resolved = contract.components.responses[name];
  if (!resolved) throw new Error(`unresolved ${response.$ref}`);
  return { response: resolved, pointer: `/components/responses/${name}` };
}

const ajv = new Ajv2020({
  allErrors: true,
  // The document holds OpenAPI keywords (paths, example…) beside the schemas: not schema errors.
  strict: false,
  // No schema here relies on a `format` (and ajv-formats would be one more package).
  validateFormats: false,
});
ajv.addSchema(contract, 'openapi.yaml');

const compiled = new Map<string, ValidateFunction>();

function validatorAt(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    const found = ajv.getSchema(`openapi.yaml#${pointer}`);
    if (!found) throw new Error(`no schema at ${pointer}`);
    validate = found;
    compiled.set(pointer, validate);
  }
  return validate;
}

const escape = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');

/** The JSON pointer of the schema a documented response has for its media type. */
export function responseSchemaPointer(path: string, method: string, status: number | string, mediaType: string): string {
  const operation = contract.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not documented`);
  const raw = operation.responses[String(status)];
  if (!raw) throw new Error(`${method} ${path} documents no ${status} response`);
  const { pointer } = resolveResponse(raw);
  const base = pointer ?? `/paths/${escape(path)}/${method.toLowerCase()}/responses/${status}`;
  return `${base}/content/${escape(mediaType)}/schema`;
}

/** Schema errors of `body` against the schema at `pointer` (empty when it conforms). */
export function schemaErrors(pointer: string, body: unknown): string[] {
  const validate = validatorAt(pointer);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Schema errors of a real response against what the contract documents for it. */
export function responseErrors(path: string, method: string, status: number, contentType: string | undefined, body: unknown): string[] {
  const mediaType = (contentType ?? '').split(';')[0]?.trim() ?? '';
  return schemaErrors(responseSchemaPointer(path, method, status, mediaType), body);
}

/** The pointer of a component response's schema (NotFound, MethodNotAllowed: no operation has them). */
export function componentResponsePointer(name: string): string {
  return `/components/responses/${name}/content/application~1problem+json/schema`;
}
