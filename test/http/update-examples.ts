/**
 * UPDATE_OPENAPI_EXAMPLES=1: the contract test writes the service's real answers into openapi.yaml's
 * response examples, through the yaml library's document model so that comments, key order and the
 * rest of the file stay as they are. Outputs come from the running service, never from a keyboard.
 */
import { isDeepStrictEqual } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { CONTRACT_PATH } from '../../src/http/contract.js';

export const UPDATE_EXAMPLES = process.env.UPDATE_OPENAPI_EXAMPLES === '1';

export function writeExamples(values: ReadonlyArray<readonly [readonly string[], unknown]>): void {
  const document = parseDocument(readFileSync(CONTRACT_PATH, 'utf8'));
  for (const [path, value] of values) update(document, path, value);
  writeFileSync(CONTRACT_PATH, document.toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: true }));
}

/** Set only what changed, member by member, so unchanged parts keep their formatting. */
function update(document: Document, path: readonly string[], value: unknown): void {
  const node = document.getIn(path, true);
  const current = document.getIn(path);
  const plain = (v: unknown) => (v !== null && typeof v === 'object' && 'toJSON' in v ? (v as { toJSON: () => unknown }).toJSON() : v);
  if (isDeepStrictEqual(plain(current), value)) return;
  if (isMap(node) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = value as Record<string, unknown>;
    for (const key of Object.keys(plain(current) as object)) if (!(key in entries)) document.deleteIn([...path, key]);
    for (const [key, member] of Object.entries(entries)) update(document, [...path, key], member);
    return;
  }
  if (isSeq(node) && Array.isArray(value) && node.items.length === value.length) {
    value.forEach((member, i) => update(document, [...path, String(i)], member));
    return;
  }
  document.setIn(path, document.createNode(value));
}
