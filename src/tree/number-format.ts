/**
 * How both printers write a number. JavaScript's shortest form, except that exponent notation is
 * never used: a reader of student notation takes `1e-7` as 1·e − 7, so 1.5e-7 is written as the
 * product 1.5·10^(-7) and 1e21 as the power 10^21.
 */
export interface NumberParts {
  /** The digits before any power of ten, without sign: `1.5`, `42`, `0.25`. */
  readonly mantissa: string;
  /** The power of ten the mantissa is multiplied by, when JavaScript would use exponent notation. */
  readonly exponent?: number;
  readonly negative: boolean;
}

export function numberParts(value: number): NumberParts {
  const negative = value < 0;
  const text = String(Math.abs(value));
  const at = text.indexOf('e');
  if (at < 0) return { mantissa: text, negative };
  return { mantissa: text.slice(0, at), exponent: Number(text.slice(at + 1)), negative };
}
