// Adds to each AsciiMath item of a fixture file the LaTeX asciimath2tex (a port of the asciimath.org
// parser) reads it as: node asciimath-tex.mjs test/fixtures/editor-outputs.json (asciimath2tex installed apart).
import { readFileSync } from 'node:fs';
const { default: AsciiMathParser } = await import(`${process.env.EDITORS_MODULES ?? '/tmp/editors/node_modules'}/asciimath2tex/dist/asciimath2tex.mjs`);
const parser = new AsciiMathParser();
const { items } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const item of items) if (item.editor === 'asciimath') console.log(JSON.stringify(item.answer), '→', parser.parse(item.answer));
