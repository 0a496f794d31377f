/**
 * Every code a diagnosis can carry: the four chain-rule mistakes of MISTAKES.md, and the other slips
 * the service recognises under codes of their own. LMS authors map these onto rubrics, so each has a
 * stable code, a title, a description and a worked example.
 */
import { MISTAKE_CODES, type MistakeCode, type Variant } from '../differentiate/chain-steps.js';

export const SLIP_CODES = ['sign_error', 'constant_factor', 'missing_term', 'not_differentiated'] as const;
export type SlipCode = (typeof SLIP_CODES)[number];
export type DiagnosisCode = MistakeCode | SlipCode;

export interface CatalogueVariant {
  variant: Variant;
  /** The candidate at the chain node, as MISTAKES.md writes it. */
  rule: string;
  description: string;
}

export interface CatalogueEntry {
  code: DiagnosisCode;
  /** true for the four chain-rule mistakes. */
  chainRule: boolean;
  title: string;
  description: string;
  variants: CatalogueVariant[];
  example: { function: string; answer: string; correct: string };
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    code: 'missing_inner_factor',
    chainRule: true,
    title: 'Inner derivative left out',
    description: "At a composite F(u) the student differentiated the outer function but did not multiply by the inner function's derivative u'.",
    variants: [{ variant: 'a', rule: "F'(u)", description: 'the outer derivative alone' }],
    example: { function: 'sin(x^2)', answer: 'cos(x^2)', correct: '2*x*cos(x^2)' },
  },
  {
    code: 'outer_at_inner_derivative',
    chainRule: true,
    title: "Outer derivative evaluated at the inner derivative: f'(g'(x))",
    description: "The student computed f'(g'(x)) where the chain rule gives f'(g(x))·g'(x).",
    variants: [
      { variant: 'a', rule: "F'(u')", description: "the outer derivative evaluated at u'" },
      { variant: 'b', rule: "F'(u')·u'", description: "the same, then multiplied by u'" },
    ],
    example: { function: 'sin(x^2)', answer: 'cos(2*x)', correct: '2*x*cos(x^2)' },
  },
  {
    code: 'swapped_inner_outer',
    chainRule: true,
    title: 'Inner and outer functions swapped',
    description: 'The student took the inner function for the outer one and differentiated the composition the other way round.',
    variants: [
      { variant: 'a', rule: 'd/dx u(F(x))', description: 'the inner function applied to the outer one' },
      { variant: 'b', rule: 'd/dx G(F(R))', description: 'where u = G(R) is itself composite, the two outermost layers exchanged' },
    ],
    example: { function: 'sin(x)^2', answer: '2*x*cos(x^2)', correct: '2*sin(x)*cos(x)' },
  },
  {
    code: 'missed_composite',
    chainRule: true,
    title: 'Composite function not recognised',
    description: 'The student differentiated F(u) as if its argument were the variable itself.',
    variants: [
      { variant: 'a', rule: "F'(x)·u'", description: 'the outer derivative at x, times the inner derivative' },
      { variant: 'b', rule: "F'(x)·u + F(x)·u'", description: 'F(u) read as a product F·u and differentiated with the product rule' },
      { variant: 'c', rule: "F'(x)", description: 'the outer function differentiated alone' },
    ],
    example: { function: 'sin(x^2)', answer: 'cos(x)', correct: '2*x*cos(x^2)' },
  },
  {
    code: 'sign_error',
    chainRule: false,
    title: 'Wrong sign',
    description: 'The answer is the negative of the derivative (often d/dx cos u = -sin u · u\' with the minus lost).',
    variants: [],
    example: { function: 'cos(3*x)', answer: '3*sin(3*x)', correct: '-3*sin(3*x)' },
  },
  {
    code: 'constant_factor',
    chainRule: false,
    title: 'Constant factor off',
    description: 'The answer is a constant multiple of the derivative (a coefficient or an exponent brought down wrongly).',
    variants: [],
    example: { function: '(3*x+1)^5', answer: '5*(3*x+1)^4*5', correct: '15*(3*x + 1)^4' },
  },
  {
    code: 'missing_term',
    chainRule: false,
    title: 'Part of a sum not differentiated',
    description: 'The answer is the derivative of some of the terms of the function: the others were left out.',
    variants: [],
    example: { function: 'sin(x^2) + x^3', answer: '2*x*cos(x^2)', correct: '2*x*cos(x^2) + 3*x^2' },
  },
  {
    code: 'not_differentiated',
    chainRule: false,
    title: 'Function not differentiated',
    description: 'The answer equals the function itself, not its derivative.',
    variants: [],
    example: { function: 'sin(x^2)', answer: 'sin(x^2)', correct: '2*x*cos(x^2)' },
  },
];

export function catalogueEntry(code: DiagnosisCode): CatalogueEntry {
  const entry = CATALOGUE.find((e) => e.code === code);
  if (!entry) throw new RangeError(`unknown diagnosis code ${code}`);
  return entry;
}

export function isChainRuleCode(code: string): code is MistakeCode {
  return (MISTAKE_CODES as readonly string[]).includes(code);
}
