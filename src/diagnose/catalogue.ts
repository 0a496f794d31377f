/**
 * Every code a diagnosis can carry: the four chain-rule mistakes of MISTAKES.md, the other mistakes of
 * MISTAKES-BEYOND.md (product, quotient, power, exponential and logarithm, trigonometric tables, the
 * whole answer) and the symptom slips recognised only when no cause explains an answer. LMS authors map
 * these onto rubrics, so each has a stable code, a family, a title, a description, its candidates as
 * formulas and a worked example (which the tests diagnose again).
 */
import { ALL_CODES, familyOf, isChainRuleCode, type DiagnosisCode, type Family, type Variant } from '../mistake-codes.js';

export { isChainRuleCode } from '../mistake-codes.js';
export type { DiagnosisCode, SlipCode } from '../mistake-codes.js';

export interface CatalogueVariant {
  variant: Variant;
  /** The candidate at the place, as the specification writes it. */
  rule: string;
  description: string;
  /** A worked example of this variant, where the entry's own shows another one (variable: when not x). */
  example?: { function: string; variable?: string; answer: string; correct: string };
}

export interface CatalogueEntry {
  code: DiagnosisCode;
  /** chain, product, quotient, power, exp-log, trig, whole (the answer as a whole) or slip. */
  family: Family;
  /** true for the four chain-rule mistakes. */
  chainRule: boolean;
  title: string;
  description: string;
  variants: CatalogueVariant[];
  example: { function: string; answer: string; correct: string };
}

type Written = Omit<CatalogueEntry, 'family' | 'chainRule'>;

const WRITTEN: readonly Written[] = [
  {
    code: 'missing_inner_factor',
    title: 'Inner derivative left out',
    description: "At a composite F(u) the student differentiated the outer function but did not multiply by the inner function's derivative u'.",
    variants: [
      { variant: 'a', rule: "F'(u)", description: 'the outer derivative alone' },
      {
        variant: 'b',
        rule: "F'(u)·c, where u = c·v",
        description: "the inner function written as a constant multiple (-v, 3v, v/2, -a - b), and only that constant kept of u': e^(-x^2) → -e^(-x^2); ∂z/∂w forgotten in e^(-(w·x + b)), the minus kept",
        example: {
          function: '(1/(1+e^(-(w*x+b))) - y)^2',
          variable: 'w',
          answer: '2(1/(1+e^(-(w x+b))) - y) e^(-(w x+b))/(1+e^(-(w x+b)))^2',
          correct: '2*x*(1/(1 + e^(-(x*w + b))) - y)*e^(-(x*w + b))/(1 + e^(-(x*w + b)))^2',
        },
      },
    ],
    example: { function: 'sin(x^2)', answer: 'cos(x^2)', correct: '2*x*cos(x^2)' },
  },
  {
    code: 'outer_at_inner_derivative',
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
    title: 'Composite function not recognised',
    description: 'The student differentiated F(u) as if its argument were the variable itself.',
    variants: [
      { variant: 'a', rule: "F'(x)·u'", description: 'the outer derivative at x, times the inner derivative' },
      { variant: 'b', rule: "F'(x)·u + F(x)·u'", description: 'F(u) read as a product F·u and differentiated with the product rule' },
      { variant: 'c', rule: "F'(x)", description: 'the outer function differentiated alone' },
    ],
    example: { function: 'sin(x^2)', answer: 'cos(x)', correct: '2*x*cos(x^2)' },
  },
  // MISTAKES-BEYOND.md: the chain rule beyond the four.
  {
    code: 'inner_only',
    title: 'Only the inner function differentiated',
    description: 'At a composite F(u) the student differentiated the inside and kept the outer function as it was.',
    variants: [{ variant: 'a', rule: "F(u')", description: 'the outer function applied to the inner derivative' }],
    example: { function: '(x^2+1)^10', answer: '(2x)^10', correct: '20*x*(x^2 + 1)^9' },
  },
  {
    code: 'outer_not_differentiated',
    title: 'Outer function not differentiated',
    description: 'At a composite F(u) the student multiplied by the inner derivative but left the outer function undifferentiated.',
    variants: [
      { variant: 'a', rule: "F(u)·u'", description: "the composite itself times u'" },
      {
        variant: 'b',
        rule: "u'",
        description: "the outer derivative left out altogether: ∂L/∂a or ∂a/∂z = σ'(z) forgotten in backpropagation",
        example: {
          function: '(σ(w*x + b) - y)^2',
          variable: 'w',
          answer: '2(σ(w x + b) - y) x',
          correct: '2*x*(sigmoid(x*w + b) - y)*sigmoid(x*w + b)*(1 - sigmoid(x*w + b))',
        },
      },
    ],
    example: { function: 'cos(2*x)', answer: '2cos(2x)', correct: '-2*sin(2*x)' },
  },
  {
    code: 'inner_not_differentiated',
    title: 'Inner function in place of its derivative',
    description: 'At a composite F(u) the student multiplied the outer derivative by the inner function u instead of by u\'.',
    variants: [{ variant: 'a', rule: "F'(u)·u", description: 'the outer derivative times the inner function' }],
    example: { function: 'e^(3*x)', answer: '3x e^(3x)', correct: '3*e^(3*x)' },
  },
  {
    code: 'inner_derivative_sign_error',
    title: 'Inner derivative with the wrong sign',
    description: "At a composite F(u) the student multiplied by -u' (a minus in 1 - x or -x lost or added).",
    variants: [{ variant: 'a', rule: "F'(u)·(-u')", description: 'the inner derivative negated' }],
    example: { function: '(1-e^x)^3', answer: '3e^x(1-e^x)^2', correct: '-3*e^x*(1 - e^x)^2' },
  },
  {
    code: 'linear_extrapolation',
    title: 'Function distributed over a sum',
    description: 'The student took F(a + b) for F(a) + F(b) (as if the function were linear), then differentiated.',
    variants: [
      { variant: 'a', rule: "d/dx [F(a) + F(b) + …]", description: 'F applied to each term of its argument, roots and powers of powers simplified as students do (sqrt(x^2) = x); F(a - b) as F(a) - F(b)' },
      { variant: 'b', rule: "d/dx [F(a) + F(-b) + …]", description: "F applied to each term of its argument with the term's minus inside, F(a - b) as F(a) + F(-b); made only where a term of the variable has a minus and F(t) + F(-t) is not constant, where it differs from (a)" },
    ],
    example: { function: '(2*x+1)^3', answer: '24x^2', correct: '6*(2*x + 1)^2' },
  },
  {
    code: 'product_as_composite',
    title: 'Product taken for a composite',
    description: "The student differentiated a product f·g as if it were the composite f(g): f'(g)·g'.",
    variants: [{ variant: 'a', rule: "f'(g)·g'", description: 'the left factor read as the outer function of the right one' }],
    example: { function: 'x^2*sin(x)', answer: '2sin(x)cos(x)', correct: '2*x*sin(x) + x^2*cos(x)' },
  },
  // Product rule.
  {
    code: 'product_of_derivatives',
    title: 'Product of the derivatives',
    description: "At a product f·g the student multiplied the two derivatives; the product rule gives f'·g + f·g'.",
    variants: [{ variant: 'a', rule: "f'·g'", description: 'the derivatives multiplied' }],
    example: { function: 'x^2*sin(x)', answer: '2x cos(x)', correct: '2*x*sin(x) + x^2*cos(x)' },
  },
  {
    code: 'product_rule_one_term',
    title: 'Product rule with one term',
    description: "At a product f·g the student kept only one of the two terms of f'·g + f·g'.",
    variants: [
      { variant: 'a', rule: "f'·g", description: 'only the left factor differentiated' },
      { variant: 'b', rule: "f·g'", description: 'only the right factor differentiated' },
    ],
    example: { function: 'x^2*sin(x)', answer: '2x sin(x)', correct: '2*x*sin(x) + x^2*cos(x)' },
  },
  {
    code: 'product_rule_sum',
    title: 'Sum of the derivatives for a product',
    description: 'At a product f·g the student added the two derivatives, as for a sum.',
    variants: [{ variant: 'a', rule: "f' + g'", description: 'the derivatives added' }],
    example: { function: 'x*sin(x)', answer: '1 + cos(x)', correct: 'sin(x) + x*cos(x)' },
  },
  // Quotient rule.
  {
    code: 'quotient_of_derivatives',
    title: 'Quotient of the derivatives',
    description: "At a quotient p/q the student divided the derivatives; the quotient rule gives (p'·q - p·q')/q^2.",
    variants: [{ variant: 'a', rule: "p'/q'", description: 'the derivatives divided' }],
    example: { function: 'sin(x)/x', answer: 'cos(x)', correct: '(x*cos(x) - sin(x))/x^2' },
  },
  {
    code: 'quotient_numerator_reversed',
    title: 'Quotient rule with the numerator reversed',
    description: "At a quotient p/q the student subtracted the two terms of the numerator the wrong way round.",
    variants: [{ variant: 'a', rule: "(p·q' - p'·q)/q^2", description: 'the opposite of the right numerator' }],
    example: { function: 'sin(x)/x', answer: '(sin(x) - x cos(x))/x^2', correct: '(x*cos(x) - sin(x))/x^2' },
  },
  {
    code: 'quotient_numerator_plus',
    title: 'Quotient rule with a plus',
    description: 'At a quotient p/q the student added the two terms of the numerator (as in the product rule).',
    variants: [{ variant: 'a', rule: "(p'·q + p·q')/q^2", description: 'a plus where the minus goes' }],
    example: { function: 'ln(x)/x', answer: '(1 + ln(x))/x^2', correct: '(1 - ln(x))/x^2' },
  },
  {
    code: 'quotient_denominator_not_squared',
    title: 'Denominator not squared',
    description: 'At a quotient p/q the student divided by q instead of q^2.',
    variants: [{ variant: 'a', rule: "(p'·q - p·q')/q", description: 'the denominator kept as it was' }],
    example: { function: 'x/(x^2+1)', answer: '(1-x^2)/(x^2+1)', correct: '(1 - x^2)/(x^2 + 1)^2' },
  },
  {
    code: 'quotient_numerator_derivatives_only',
    title: 'Numerator of derivatives only',
    description: "At a quotient p/q the student put p' - q' over q^2.",
    variants: [{ variant: 'a', rule: "(p' - q')/q^2", description: 'the derivatives subtracted in the numerator' }],
    example: { function: 'sin(x)/x', answer: '(cos(x) - 1)/x^2', correct: '(x*cos(x) - sin(x))/x^2' },
  },
  {
    code: 'reciprocal_of_derivative',
    title: 'Reciprocal of the derivative',
    description: "For a constant over a function, c/q, the student differentiated the denominator in place: c/q'.",
    variants: [{ variant: 'a', rule: "c/q'", description: 'the derivative of the denominator put in its place' }],
    example: { function: '1/x^3', answer: '1/(3x^2)', correct: '-3/x^4' },
  },
  // Power rule.
  {
    code: 'power_exponent_not_reduced',
    title: 'Exponent not reduced',
    description: 'At a power u^n (1/u^k read as u^(-k), a root as u^(1/k)) the student brought the exponent down but did not subtract 1.',
    variants: [{ variant: 'a', rule: "n·u^n·u'", description: 'the exponent kept' }],
    example: { function: '(2*x+1)^4', answer: '8(2x+1)^4', correct: '8*(2*x + 1)^3' },
  },
  {
    code: 'power_exponent_increased',
    title: 'Exponent increased',
    description: 'At a power u^n the student added 1 to the exponent instead of subtracting it (often with negative n: 1/x^3 → -3/x^2).',
    variants: [{ variant: 'a', rule: "n·u^(n+1)·u'", description: 'the exponent raised by one' }],
    example: { function: '1/x^3', answer: '-3/x^2', correct: '-3/x^4' },
  },
  {
    code: 'power_rule_coefficient_added',
    title: 'Exponent added to the coefficient',
    description: 'For c·x^n (c·sqrt(x) read as c·x^(1/2)) the student added the exponent to the coefficient instead of multiplying.',
    variants: [{ variant: 'a', rule: '(c+n)·x^(n-1)', description: 'c + n in place of c·n' }],
    example: { function: '3*x^4', answer: '7x^3', correct: '12*x^3' },
  },
  {
    code: 'power_rule_on_exponential',
    title: 'Power rule on an exponential',
    description: 'The student used the power rule on a^u, whose exponent is the variable part: (a^u)\' = a^u·ln(a)·u\'.',
    variants: [
      { variant: 'a', rule: "u·a^(u-1)·u'", description: 'the power rule, with the inner derivative' },
      { variant: 'b', rule: 'u·a^(u-1)', description: 'the power rule, without the inner derivative' },
    ],
    example: { function: 'e^x', answer: 'x e^(x-1)', correct: 'e^x' },
  },
  {
    code: 'power_rule_variable_exponent',
    title: 'Power rule with a variable exponent',
    description: 'For u^v, where the exponent depends on the variable too, the student used the power rule as if v were constant.',
    variants: [{ variant: 'a', rule: "v·u^(v-1)·u'", description: 'the power rule, v treated as a constant' }],
    example: { function: 'x^x', answer: 'x·x^(x-1)', correct: 'x^x*(ln(x) + 1)' },
  },
  // Exponentials and logarithms.
  {
    code: 'exponential_missing_ln',
    title: 'ln(a) left out of an exponential',
    description: "For a^u with a base other than e the student left out the factor ln(a) (or divided by it).",
    variants: [
      { variant: 'a', rule: "a^u·u'", description: 'ln(a) left out' },
      { variant: 'b', rule: "a^u·u'/ln(a)", description: 'divided by ln(a) instead of multiplied' },
    ],
    example: { function: '2^(3*x)', answer: '3·2^(3x)', correct: '3*2^(3*x)*ln(2)' },
  },
  {
    code: 'log_as_reciprocal_log',
    title: "ln u differentiated as 1/ln u",
    description: "The student wrote u'/ln(u) for the derivative of ln(u); it is u'/u.",
    variants: [{ variant: 'a', rule: "u'/ln(u)", description: 'the logarithm kept in the denominator' }],
    example: { function: 'x*ln(x)', answer: 'ln(x) + x/ln(x)', correct: 'ln(x) + 1' },
  },
  {
    code: 'log_base_ignored',
    title: 'Base of a logarithm ignored',
    description: "For log_b(u) the student differentiated as if it were ln(u) (or put ln(b) in the numerator): (log_b u)' = u'/(u·ln b).",
    variants: [
      { variant: 'a', rule: "u'/u", description: 'as if the logarithm were natural' },
      { variant: 'b', rule: "u'·ln(b)/u", description: 'ln(b) multiplied instead of divided' },
    ],
    example: { function: 'log10(x)', answer: '1/x', correct: '1/(x*ln(10))' },
  },
  // Trigonometric tables.
  {
    code: 'trig_sign_error',
    title: 'Trigonometric derivative with the wrong sign',
    description: "The student flipped the sign of a trigonometric or inverse trigonometric derivative: (cos u)' = -sin(u)·u', not sin(u)·u'.",
    variants: [{ variant: 'a', rule: "-F'(u)·u'", description: 'the table entry with its sign flipped' }],
    example: { function: 'cos(x) - 12*ln(x)', answer: 'sin(x) - 12/x', correct: '-sin(x) - 12/x' },
  },
  {
    code: 'trig_table_error',
    title: 'Wrong trigonometric table entry',
    description: 'The student used a wrong entry of the table of trigonometric derivatives.',
    variants: [
      { variant: 'a', rule: "sec(u)·u' for tan(u)", description: 'the square of sec dropped' },
      { variant: 'b', rule: "-csc(u)·u' for cot(u)", description: 'the square of csc dropped' },
      { variant: 'c', rule: "sec(u)^2·u' for sec(u)", description: "tan's entry used for sec" },
      { variant: 'd', rule: "sec(u)·tan(u)·u' for tan(u)", description: "sec's entry used for tan" },
    ],
    example: { function: 'tan(x) + x^2', answer: 'sec(x) + 2x', correct: 'sec(x)^2 + 2*x' },
  },
  {
    code: 'inverse_trig_as_reciprocal',
    title: 'Inverse function read as a reciprocal',
    description: 'The student read sin^-1 u (arcsin u) as 1/sin u and differentiated that.',
    variants: [{ variant: 'a', rule: "d/dx 1/G(u)", description: 'arcsin, arccos, arctan… differentiated as 1/sin, 1/cos, 1/tan…' }],
    example: { function: 'asin(x)', answer: '-cos(x)/sin(x)^2', correct: '1/sqrt(1 - x^2)' },
  },
  // The whole answer.
  {
    code: 'integrated_instead',
    title: 'Integrated instead of differentiated',
    description: 'The answer is an antiderivative of the function: its own derivative is the function.',
    variants: [],
    example: { function: 'cos(2*x)', answer: 'sin(2x)/2', correct: '-2*sin(2*x)' },
  },
  {
    code: 'constant_of_integration_added',
    title: 'Constant of integration added',
    description: 'The answer is the derivative plus a constant (+ C, or a number): a derivative has no constant of integration.',
    variants: [],
    example: { function: 'x^3', answer: '3x^2 + C', correct: '3*x^2' },
  },
  {
    code: 'constant_as_variable',
    title: 'Constant differentiated as a variable',
    description: 'A constant term such as e^2, ln 3 or π^2 was differentiated as if it depended on the variable (e^2 → 2e); its derivative is 0.',
    variants: [{ variant: 'a', rule: "d/dt k(t) at the constant's base or argument", description: 'the constant treated as a function of its base or argument' }],
    example: { function: 'x^3 + e^2', answer: '3x^2 + 2e', correct: '3*x^2' },
  },
  {
    code: 'sign_error',
    title: 'Wrong sign',
    description: 'The answer is the negative of the derivative, and no mistake of a rule explains the sign.',
    variants: [],
    example: { function: 'x^3 - 2*x', answer: '2 - 3x^2', correct: '3*x^2 - 2' },
  },
  {
    code: 'constant_factor',
    title: 'Constant factor off',
    description: 'The answer is a constant multiple of the derivative (a coefficient or an exponent brought down wrongly).',
    variants: [],
    example: { function: '(3*x+1)^5', answer: '5*(3*x+1)^4*5', correct: '15*(3*x + 1)^4' },
  },
  {
    code: 'missing_term',
    title: 'Part of a sum not differentiated',
    description: 'The answer is the derivative of some of the terms of the function: the others were left out.',
    variants: [],
    example: { function: 'sin(x^2) + x^3', answer: '2*x*cos(x^2)', correct: '2*x*cos(x^2) + 3*x^2' },
  },
  {
    code: 'not_differentiated',
    title: 'Function not differentiated',
    description: 'The answer equals the function itself, not its derivative.',
    variants: [],
    example: { function: 'sin(x^2)', answer: 'sin(x^2)', correct: '2*x*cos(x^2)' },
  },
];


/** The catalogue in report order, each entry with its family. */
export const CATALOGUE: readonly CatalogueEntry[] = ALL_CODES.map((code) => {
  const written = WRITTEN.find((entry) => entry.code === code);
  if (!written) throw new Error(`the catalogue has no entry for ${code}`);
  const { title, description, variants, example } = written;
  return { code, family: familyOf(code), chainRule: isChainRuleCode(code), title, description, variants, example };
});

export function catalogueEntry(code: DiagnosisCode): CatalogueEntry {
  const entry = CATALOGUE.find((e) => e.code === code);
  if (!entry) throw new RangeError(`unknown diagnosis code ${code}`);
  return entry;
}
