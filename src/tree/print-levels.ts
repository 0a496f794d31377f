/**
 * Binding strength of a printed expression's outermost operator, shared by the text and LaTeX
 * printers to decide where parentheses go: an operand is wrapped when it binds more loosely than its
 * position needs. Unary minus sits between sums and products, so -x^2 is -(x^2), -2*x needs no
 * parentheses and -(x + 1) does.
 */
export const Level = {
  SUM: 1,
  NEGATION: 2,
  PRODUCT: 3,
  POWER: 4,
  ATOM: 5,
} as const;

export type Level = (typeof Level)[keyof typeof Level];

export interface Printed {
  readonly text: string;
  readonly level: Level;
}

/** Printed text that begins with a minus sign must be wrapped anywhere but at the very start. */
export function startsWithMinus(printed: Printed): boolean {
  return printed.text.startsWith('-');
}
