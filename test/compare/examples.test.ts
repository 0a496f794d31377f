/**
 * The shared worked examples (correct derivatives and mistake candidates checked against SymPy) as a
 * field test: every listed candidate differs from the correct derivative (void ones are dropped by
 * definition), and candidates printed identically are found equivalent.
 */
import { describe, expect, it } from 'vitest';
import { sampleDomain } from '../../src/compare/domain.js';
import { compare, prepare } from '../../src/compare/equivalence.js';
import { symbolNames } from '../../src/tree/nodes.js';
import { tree } from '../helpers/mathjs-tree.js';
import { EXAMPLES as examples } from '../fixtures/examples.js';

describe('the worked chain-rule examples', () => {
  it('tells every mistake candidate from the correct derivative and finds identical candidates equivalent', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const original = tree(example.function);
      const correct = tree(example.correct);
      const parameters = symbolNames(original).filter((name) => name !== example.variable && name !== 'e' && name !== 'pi');
      const domain = sampleDomain({ definedBy: [original, correct], variable: example.variable, parameters });
      const reference = prepare(correct, domain);
      expect(compare(prepare(tree(example.correct), domain), reference).verdict, example.function).toBe('equivalent');
      const candidates = example.candidates.map((c) => ({ ...c, prepared: prepare(tree(c.candidate), domain) }));
      for (const candidate of candidates) {
        const label = `${example.function}: ${candidate.mistake}/${candidate.variant} ${candidate.candidate}`;
        expect(compare(candidate.prepared, reference).verdict, label).toBe('not_equivalent');
      }
      for (const one of candidates) {
        for (const other of candidates) {
          if (one.candidate === other.candidate) {
            expect(compare(one.prepared, other.prepared).verdict, `${example.function}: ${one.candidate}`).toBe('equivalent');
          }
        }
      }
    }
  });
});
