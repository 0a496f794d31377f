/**
 * The benchmark workload: the 40 worked examples, each answered correctly and with every listed
 * mistake candidate (written as our printer writes it, so the reader does real work).
 */
import { readFileSync } from 'node:fs';
import { readExpression } from '../src/parse/read.js';
import { render } from '../src/tree/render.js';

interface Example {
  function: string;
  variable: string;
  correct: string;
  candidates: Array<{ candidate: string }>;
}

export interface Item {
  function: string;
  variable: string;
  answer: string;
  correct: boolean;
}

const EXAMPLES = JSON.parse(
  readFileSync(new URL('../test/fixtures/chain-rule-examples.json', import.meta.url), 'utf8'),
) as Example[];

function shown(text: string, variable: string): string {
  return render(readExpression(text, { variable }).expr, variable).text;
}

export const CORRECT_ITEMS: Item[] = EXAMPLES.map((e) => ({
  function: e.function,
  variable: e.variable,
  answer: shown(e.correct, e.variable),
  correct: true,
}));

export const WRONG_ITEMS: Item[] = EXAMPLES.flatMap((e) =>
  e.candidates.map((c) => ({ function: e.function, variable: e.variable, answer: shown(c.candidate, e.variable), correct: false })),
);

/** Half correct, half wrong, interleaved: what a class's submissions look like. */
export const MIXED_ITEMS: Item[] = WRONG_ITEMS.flatMap((wrong, i) => [CORRECT_ITEMS[i % CORRECT_ITEMS.length] as Item, wrong]);
