/**
 * The API contract, openapi.yaml, hand-written at the package root. It is found from this module's own
 * location (src/http under tsx and vitest, dist/http after the build), never from the working
 * directory, so `node dist/server.js` serves it from wherever the service is started.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTRACT_FILE = 'openapi.yaml';

/** The nearest directory above this module that holds package.json: the package root. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const CONTRACT_PATH = join(packageRoot(), CONTRACT_FILE);

export function readContract(): string {
  return readFileSync(CONTRACT_PATH, 'utf8');
}
