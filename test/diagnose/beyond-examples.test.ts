/**
 * The both-ways comparison of examples.test.ts for every code with candidates at places: the chain rule
 * beyond the four, the product, quotient and power rules, exponentials and logarithms, the
 * trigonometric tables and constants differentiated as variables, against tools/beyond_sympy.py (an
 * independent SymPy implementation; see test/fixtures/beyond-examples.ts). Each listed candidate is
 * produced once, no other is, and each, written another way, is diagnosed with its code.
 */
import { BEYOND_EXAMPLES } from '../fixtures/beyond-examples.js';
import { describeExamples } from '../helpers/example-comparison.js';
import { ALL_CODES } from '../../src/mistake-codes.js';

const PLACED = ALL_CODES.filter((code) => !['integrated_instead', 'constant_of_integration_added', 'sign_error', 'constant_factor', 'missing_term', 'not_differentiated'].includes(code));

describeExamples(BEYOND_EXAMPLES, {}, PLACED);
