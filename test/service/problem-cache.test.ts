import { describe, expect, it } from 'vitest';
import { keyOf } from '../../src/service/problem-cache.js';
import { resolveLimits } from '../../src/limits.js';

/** The key as written out, without the reuse of the last one. */
const fresh = (text: string, variable?: string, format?: 'text' | 'latex', limits?: object) => JSON.stringify([text, variable ?? null, format ?? 'auto', limits ?? null]);

describe('the prepared functions’ key', () => {
  it('is the same whether reused or written out, for every part that tells functions apart', () => {
    const limits = Object.freeze(resolveLimits({ maxLength: 500 }));
    const asks: Array<[string, string | undefined, 'text' | 'latex' | undefined, object | undefined]> = [
      ['sin(x^2)', undefined, undefined, limits],
      ['sin(x^2)', undefined, undefined, limits],
      ['sin(x^2)', 't', undefined, limits],
      ['sin(x^2)', 't', 'latex', limits],
      ['sin(x^2)', 't', 'latex', undefined],
      ['sin(x^2)', 't', 'latex', undefined],
      ['cos(x)', 't', 'latex', undefined],
      ['cos(x)', undefined, undefined, Object.freeze(resolveLimits({ maxLength: 400 }))],
    ];
    for (const [text, variable, format, limitsGiven] of asks) {
      expect(keyOf(text, { variable, format, limits: limitsGiven as never })).toBe(fresh(text, variable, format, limitsGiven));
    }
  });

  it('is written out again for limits that could have changed (not frozen)', () => {
    const limits = resolveLimits({ maxLength: 500 });
    expect(keyOf('x^2', { limits })).toBe(fresh('x^2', undefined, undefined, limits));
    limits.maxLength = 600;
    expect(keyOf('x^2', { limits })).toBe(fresh('x^2', undefined, undefined, limits));
  });
});
