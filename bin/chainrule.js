#!/usr/bin/env node
// The `chainrule` command. In a development checkout (tsx installed) it runs the TypeScript source, so
// it never runs a stale build; in a production install it runs the compiled dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
let cli;
try {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('src/cli/main.ts', root).href);
} catch (error) {
  const built = new URL('dist/cli/main.js', root);
  if (!existsSync(fileURLToPath(built))) throw error;
  cli = await import(built.href);
}
process.exitCode = await cli.main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
