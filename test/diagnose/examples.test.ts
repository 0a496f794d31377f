/**
 * The diagnosis against the 40 worked examples (MISTAKES.md's facts, computed with SymPy): the
 * service produces exactly the listed non-void candidates (same code, variant, systematic flag, node
 * and expression) and no others; each candidate, written in another form, is diagnosed with its code;
 * the correct derivative in several forms is correct with no diagnosis. The comparison itself is in
 * ../helpers/example-comparison.ts.
 */
import { CHAIN_RULE_CODES } from '../../src/mistake-codes.js';
import { EXAMPLES } from '../fixtures/examples.js';
import { describeExamples } from '../helpers/example-comparison.js';

// The shared examples list MISTAKES.md's own variants; missing_inner_factor (b), this project's
// addition (README), is compared on the more examples (tools/mistakes_sympy.py computes it too).
describeExamples(EXAMPLES, {}, CHAIN_RULE_CODES, { missing_inner_factor: ['a'] });
