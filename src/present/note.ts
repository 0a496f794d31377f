/**
 * The answer note: one stable string per result for analytics (as STACK's answer notes), the same for
 * the same mistake whatever the function, so a class report can count them across questions.
 *
 *   note        = verdict [ "|" explanation { "/" explanation } ]
 *               | "unreadable|" read-error-code   an answer that cannot be read (a batch item's
 *                                                error, or a profile's not-gradable reply):
 *                                                unknown_name, unclosed_bracket… (ReadErrorCode)
 *   verdict     = "correct" | "incorrect" | "undetermined" | "needs_brackets"
 *   explanation = mistake { "+" mistake }        two mistakes made together
 *   mistake     = code [ "(" variant ")" ] "@" place
 *   place       = "outer" | "inner"              a chain node: outermost (depth 0), or inside another
 *               | "every"                        the same mistake at every place it applies to
 *               | "answer"                       the answer as a whole (integrated, + C, slips)
 *               | rule                           any other place, by its rule: "product", "quotient",
 *                                                "reciprocal", "coefficient", "variable_power",
 *                                                "constant", or for F(x) its kind: "function",
 *                                                "power", "exponential"
 *
 * Explanations are listed in the diagnosis's order (each once); a wrong answer nothing explains is
 * `incorrect` alone. Examples: `correct`, `incorrect|missing_inner_factor(a)@outer`,
 * `incorrect|swapped_inner_outer(a)@outer/missed_composite(a)@outer`,
 * `incorrect|product_rule_one_term(a)@product+missing_inner_factor(a)@inner`, `incorrect|sign_error@answer`.
 */
import type { CheckReport } from '../check.js';
import type { DiagnosisEntry, PlaceReport } from '../diagnosis.js';
import type { ReadErrorCode } from '../parse/errors.js';

export function answerNote(report: Pick<CheckReport, 'verdict' | 'diagnosis'>): string {
  if (report.verdict !== 'incorrect' || report.diagnosis.length === 0) return report.verdict;
  const explanations: string[] = [];
  const pairs = new Map<number, string[]>();
  for (const entry of report.diagnosis) {
    const mistake = mistakeNote(entry);
    if (entry.combined === undefined) {
      explanations.push(mistake);
      continue;
    }
    let pair = pairs.get(entry.combined);
    if (!pair) {
      pair = [];
      pairs.set(entry.combined, pair);
      explanations.push('');
    }
    pair.push(mistake);
  }
  // Pairs take the slots reserved for them, in order.
  const joined = [...pairs.values()].map((pair) => pair.join('+'));
  let next = 0;
  const all = explanations.map((text) => (text === '' ? (joined[next++] as string) : text));
  return `incorrect|${[...new Set(all)].join('/')}`;
}

/** The note of an answer that cannot be read: what the reader found wrong, as its stable code. */
export function unreadableNote(code: ReadErrorCode): string {
  return `unreadable|${code}`;
}

/** `code(variant)@place`: the part of a note for one diagnosis entry. */
export function mistakeNote(entry: DiagnosisEntry): string {
  const variant = entry.variant ? `(${entry.variant})` : '';
  return `${entry.mistake}${variant}@${placeNote(entry)}`;
}

export function placeNote(entry: Pick<DiagnosisEntry, 'systematic' | 'at'>): string {
  if (entry.systematic) return 'every';
  return entry.at ? placeOf(entry.at) : 'answer';
}

function placeOf(at: PlaceReport): string {
  if (at.depth !== undefined) return at.depth === 0 ? 'outer' : 'inner';
  return (at.rule ?? 'function').replaceAll(' ', '_');
}
