/**
 * The same both-ways comparison as examples.test.ts on further functions: every function family,
 * nests three and four deep, chain nodes side by side in sums, products and quotients, constants and
 * parameters outside, reciprocals, parameter exponents, other variables, linear inner functions and
 * functions without chain nodes. The expected candidates come from tools/mistakes_sympy.py, an
 * implementation of MISTAKES.md in SymPy written independently of src/ (see
 * test/fixtures/more-examples.ts).
 */
import { MORE_EXAMPLES } from '../fixtures/more-examples.js';
import { describeExamples } from '../helpers/example-comparison.js';

describeExamples(MORE_EXAMPLES);
