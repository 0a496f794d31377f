import { describe, expect, it } from 'vitest';
import { checkCore, serialized, type CheckRequest } from '../../src/service/checker.js';

// The serialised path keeps the JSON text of a result rather than its object tree: it must answer
// exactly what serialising the object path's result answers, for every shape and echo.
describe('checkCore: results kept per prepared function', () => {
  const requests: CheckRequest[] = [
    { function: 'sin(x^2)', answer: 'cos(x^2)' },
    { function: 'sin(x^2)', answer: '2x cos(x^2)' },
    { function: 'sin(x^2)', answer: 'cos(x^2)', lang: 'de', audience: 'student' },
    { function: 'sin(x^2)', answer: 'cos(x^2)', quiet: true },
    { function: 'sin(x^2)', answer: 'cos(x^2)', user_id: 'u1', submission_id: 's1', metadata: { attempt: 2 } },
    { function: 'sin(x^2)', answer: 'cos(x^2)', profile: 'xqueue', user_id: 'u2' },
    { function: 'sin(x^2)', answer: 'cos(x^2)', profile: 'lti-ags', user_id: 'u3', timestamp: '2026-11-30T12:00:00Z' },
    { function: '(3x+1)^5', answer: '\\frac{15(3x+1)^4}{1}', format: 'latex' },
  ];

  it('answers the same text through the serialised path as serialising the checked result, first time and kept', () => {
    const kept = checkCore();
    const fresh = () => checkCore();
    for (const request of requests) {
      const expected = serialized(fresh().check(request), request);
      expect(kept.checkSerialized(request)).toEqual(expected);
      // The third time comes from what was kept (from the second on), and is still the same.
      expect(kept.checkSerialized(request)).toEqual(expected);
      expect(kept.checkSerialized(request)).toEqual(expected);
    }
  });

  it('keeps the text for our own shape with nothing echoed, and never lets an echo or another shape reuse it', () => {
    const core = checkCore();
    // Kept from an answer's second check on (kept-results.ts).
    core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)' });
    const plain = core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)' });
    expect(core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)' })).toBe(plain);
    const echoed = core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)', user_id: 'u1' });
    expect(JSON.parse(echoed.json)).toMatchObject({ user_id: 'u1' });
    expect(JSON.parse(plain.json)).not.toHaveProperty('user_id');
    const xqueue = core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)', profile: 'xqueue' });
    expect(xqueue.json).not.toBe(plain.json);
    // The object path and the text path are kept apart: the object is a result, not a text.
    expect(core.check({ function: 'sin(x^2)', answer: 'cos(x^2)' })).toMatchObject({ verdict: 'incorrect' });
  });

  it('keeps a language or a view apart from another', () => {
    const core = checkCore();
    const en = JSON.parse(core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)', lang: 'en' }).json) as { feedback: string };
    const de = JSON.parse(core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)', lang: 'de' }).json) as { feedback: string };
    expect(de.feedback).not.toBe(en.feedback);
    const teacher = JSON.parse(core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)' }).json) as Record<string, unknown>;
    const student = JSON.parse(core.checkSerialized({ function: 'sin(x^2)', answer: 'cos(x^2)', audience: 'student' }).json) as Record<string, unknown>;
    expect(teacher).toHaveProperty('expected');
    expect(student).not.toHaveProperty('expected');
  });
});
