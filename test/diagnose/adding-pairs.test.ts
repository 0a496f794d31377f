/**
 * The two-sum search on its own (diagnose/adding-pairs.ts): singles as their values at key points, the
 * derivative's values, an answer's; which pairs it offers, in which order.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AddingPairs } from '../../src/diagnose/adding-pairs.js';

type Single = { name: string; values: number[] };
const expected = [1, 2, 3];
const single = (name: string, ...deltas: number[]): Single => ({ name, values: deltas.map((d, k) => (expected[k] as number) + d) });
const search = (singles: Single[]) => new AddingPairs(singles, (s) => s.values, expected);
const names = (pairs: Array<[Single, Single]>) => pairs.map(([a, b]) => `${a.name}+${b.name}`);
const answerOf = (...deltas: number[]) => deltas.map((d, k) => (expected[k] as number) + d);

describe('AddingPairs', () => {
  const a = single('a', 1, 0, 2);
  const b = single('b', 0.5, 4, -1);
  const c = single('c', -3, 1, 1);
  const d = single('d', 7, 7, 7);

  test('offers the pairs whose differences sum to the answer’s, each once, lower position first', () => {
    expect(names(search([a, b, c, d]).find(answerOf(1.5, 4, 1), 8))).toEqual(['a+b']);
    expect(names(search([a, b, c, d]).find(answerOf(-2, 1, 3), 8))).toEqual(['a+c']);
    expect(names(search([a, b, c, d]).find(answerOf(9, 9, 9), 8))).toEqual([]);
  });

  test('a point undefined or infinite for one of them cannot exclude a pair; one seen point is needed', () => {
    const loose = { name: 'n', values: [Number.NaN, 2 + 4, 3 - 1] };
    expect(names(search([a, loose]).find(answerOf(1.5, 4, 1), 8))).toEqual(['a+n']);
    const infinite = { name: 'i', values: [Number.POSITIVE_INFINITY, 6, 2] };
    expect(names(search([a, infinite]).find(answerOf(1.5, 4, 1), 8))).toEqual(['a+i']);
    const nowhere = { name: 'z', values: [Number.NaN, Number.NaN, Number.NaN] };
    expect(names(search([a, nowhere]).find(answerOf(1.5, 4, 1), 8))).toEqual([]);
  });

  test('the closest first, then those seen at more points; the filter and the cap apply after', () => {
    // A term of 1e8 in every value: the tolerance lets both pairs, the exact one comes first.
    const big = [1e8, 1e8, 1e8];
    const s = (name: string, ...deltas: number[]) => ({ name, values: deltas.map((x, k) => (big[k] as number) + x) });
    const exact = [s('p', 1, 2, 3), s('q', 4, 5, 6)];
    const near = [s('r', 1, 2, 3 + 1), s('t', 4, 5, 6 - 2)];
    const pairs = new AddingPairs([...near, ...exact], (x) => x.values, big).find(big.map((v, k) => v + [5, 7, 9][k]!), 8);
    expect(names(pairs)[0]).toBe('p+q');
    expect(names(new AddingPairs([...near, ...exact], (x) => x.values, big).find(big.map((v, k) => v + [5, 7, 9][k]!), 8, (x) => x.name !== 'p'))).not.toContain('p+q');
    expect(new AddingPairs([...near, ...exact], (x) => x.values, big).find(big.map((v, k) => v + [5, 7, 9][k]!), 1)).toHaveLength(1);
  });

  test('property: any two of many singles are found from the sum of their differences', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        (deltas, i, j) => {
          const singles = deltas.map((ds, n) => single(String(n), ...ds));
          const first = i % singles.length;
          const second = j % singles.length;
          fc.pre(first !== second);
          const answer = expected.map((e, k) => e + (deltas[first]![k] as number) + (deltas[second]![k] as number));
          const [lo, hi] = first < second ? [first, second] : [second, first];
          const found = names(search(singles).find(answer, singles.length * singles.length));
          expect(found).toContain(`${lo}+${hi}`);
        },
      ),
    );
  });
});
