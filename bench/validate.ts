/**
 * POST /v1/validate's core in process: how long reading an answer takes when an LMS asks on every
 * keystroke. The workload is the real editor outputs of the tests (text, LaTeX and MathML, with their
 * functions) and every prefix of the typed answers, most of which do not read yet.
 */
import { readFileSync } from 'node:fs';
import { validateAnswer, type ValidateRequest } from '../src/validate.js';
import { millisEach, percentile, row } from './timing.js';

interface EditorOutput {
  function: string;
  variable?: string;
  answer: string;
  editor: string;
}

const OUTPUTS = (JSON.parse(readFileSync(new URL('../test/fixtures/editor-outputs.json', import.meta.url), 'utf8')) as { items: EditorOutput[] }).items;

/** Whole answers with their function, as an LMS validates a submitted answer. */
export const VALIDATE_REQUESTS: ValidateRequest[] = OUTPUTS.map((o) => ({ answer: o.answer, function: o.function, ...(o.variable ? { variable: o.variable } : {}) }));

/** The typed answers as they are being typed: every prefix. */
const KEYSTROKES: ValidateRequest[] = OUTPUTS.filter((o) => o.editor === 'typed' || o.editor === 'asciimath').flatMap((o) =>
  [...o.answer].map((_, k) => ({ answer: [...o.answer].slice(0, k + 1).join(''), function: o.function })));

export function benchValidate(): void {
  console.log(`\nvalidate() in process (${VALIDATE_REQUESTS.length} editor outputs with their functions; ${KEYSTROKES.length} keystrokes of typed answers)`);
  for (const [label, requests] of [['whole answers', VALIDATE_REQUESTS], ['every keystroke', KEYSTROKES]] as const) {
    const times = millisEach(requests, (request) => validateAnswer(request), 10);
    row(label, `p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`);
  }
}
