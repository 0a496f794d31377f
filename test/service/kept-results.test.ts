import { describe, expect, it } from 'vitest';
import { KeptResults, SEEN_REMEMBERED } from '../../src/kept-results.js';

describe('results kept per prepared function', () => {
  /** A KeptResults whose computations are counted. */
  function counted(capacity: number) {
    const kept = new KeptResults(capacity);
    let computed = 0;
    const get = (key: string) => kept.resultFor(key, () => ({ key, n: ++computed }));
    return { kept, get, computed: () => computed };
  }

  it('keeps a result from its answer’s second check on, and answers it from then on', () => {
    const { kept, get, computed } = counted(4);
    const first = get('a');
    const second = get('a');
    expect(second).toEqual({ key: 'a', n: 2 });
    expect(first).not.toBe(second);
    expect(kept.size).toBe(1);
    expect(get('a')).toBe(second);
    expect(get('a')).toBe(second);
    expect(computed()).toBe(2);
  });

  it('keeps nothing for answers that never repeat', () => {
    const { kept, get } = counted(4);
    for (let i = 0; i < 3 * SEEN_REMEMBERED; i++) get(`answer ${i}`);
    expect(kept.size).toBe(0);
  });

  it('keeps the most recently used up to its capacity', () => {
    const { kept, get, computed } = counted(2);
    for (const key of ['a', 'a', 'b', 'b']) get(key);
    expect(kept.size).toBe(2);
    const a = get('a'); // a is now the most recent; c pushes b out
    for (const key of ['c', 'c']) get(key);
    expect(kept.size).toBe(2);
    const before = computed();
    expect(get('a')).toBe(a);
    expect(computed()).toBe(before);
    get('b');
    expect(computed()).toBe(before + 1);
  });

  it('prepares a result as it is kept (the problem freezes it), and only then', () => {
    const kept = new KeptResults(4, (result) => Object.freeze(result));
    const once = kept.resultFor('a', () => ({ n: 1 }));
    expect(Object.isFrozen(once)).toBe(false);
    const twice = kept.resultFor('a', () => ({ n: 2 }));
    expect(Object.isFrozen(twice)).toBe(true);
    expect(kept.resultFor('a', () => ({ n: 3 }))).toBe(twice);
  });

  it('forgets an answer seen once after SEEN_REMEMBERED others', () => {
    const { kept, get } = counted(4);
    get('early');
    for (let i = 0; i < SEEN_REMEMBERED; i++) get(`answer ${i}`);
    get('early');
    expect(kept.size).toBe(0);
  });
});
