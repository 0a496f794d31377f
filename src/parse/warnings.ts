import type { Message } from '../i18n/message.js';

/**
 * A reading that is certain to be what the reader decided but not certain to be what the student
 * meant. Every one is reported with the result, so an LMS can show "we read 1/2x as (1/2)·x".
 */
export type ReadWarningCode =
  | 'ambiguous_division' // 1/2x, x/2y: implicit multiplication next to a division
  | 'ambiguous_exponent' // e^2x read as e^(2x); x^1/2 read as (x^1)/2
  | 'implicit_split' // sinx read as sin·x, kt as k·t
  | 'number_after_name' // x2 read as x·2
  | 'digit_groups' // 20 000 read as 20000
  | 'case' // X is not the variable x
  | 'left_side_dropped' // f'(x) = … : the left side was removed
  | 'variable_inferred' // no variable given, the function has no x but one other letter: that one
  | 'variable_absent' // the function does not depend on the variable: its derivative is 0
  | 'letter_not_in_function'; // (validate) the answer uses a letter its function does not

export interface ReadWarning {
  code: ReadWarningCode;
  /** Rendered at the edge, in the language of the request. */
  message: Message;
  /** Offset in the input where the ambiguous part starts (UTF-16 until the reader converts it). */
  position: number;
}
