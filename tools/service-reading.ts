/**
 * The service's own reading of texts, for tools/student_answers.py --service-reading: reads JSON lines
 * {"text", "variable", "role"} on stdin and prints, per line, {"text": the tree as explicit text, "warnings"}
 * or {"error"}. A development tool (run with `npx tsx tools/service-reading.ts`); the tests do not use it.
 */
import { createInterface } from 'node:readline';
import { readExpression } from '../src/parse/read.js';
import { toText } from '../src/tree/print-text.js';

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { text, variable, role } = JSON.parse(line) as { text: string; variable: string; role?: 'answer' | 'function' };
  try {
    const read = readExpression(text, { variable, role: role ?? 'answer', format: 'text' });
    console.log(JSON.stringify({ text: toText(read.expr), warnings: read.warnings.map((w) => w.message) }));
  } catch (error) {
    console.log(JSON.stringify({ error: (error as Error).message }));
  }
}
