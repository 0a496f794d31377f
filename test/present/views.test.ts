/**
 * Views. A student's view (audience student, quiet, or an LMS profile) never gives the answer away:
 * no expected derivative, no candidate, no expected value at the counterexample, no verdict per
 * reading, and no worked answer in any feedback; with reveal it is the teacher's. Checked for every
 * worked mistake of the four and a share of the others, so no feedback template slips through.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check.js';
import { checkCore, type CheckRequest } from '../../src/service/checker.js';
import { BEYOND_EXAMPLES } from '../fixtures/beyond-examples.js';
import { EXAMPLES } from '../fixtures/examples.js';

const core = checkCore();
const run = (request: CheckRequest): CheckResult => core.check(request);

/** Everything a student's view must not show, found in a result. */
function givenAway(result: CheckResult, expected: string): string[] {
  const found: string[] = [];
  if (result.expected) found.push('expected');
  if (result.evidence.counterexample && 'expected' in result.evidence.counterexample) found.push('counterexample.expected');
  if (result.readings?.some((r) => r.verdict !== undefined)) found.push('readings[].verdict');
  for (const entry of result.diagnosis) if (entry.candidate) found.push(`candidate of ${entry.mistake}`);
  // The worked derivative written out in words (long enough not to be a piece of the function).
  const texts = [result.feedback, ...result.diagnosis.map((d) => d.feedback)];
  if (expected.length >= 8 && texts.some((text) => text.includes(expected))) found.push('the derivative in the feedback');
  return found;
}

const worked = [...EXAMPLES, ...BEYOND_EXAMPLES.filter((_, i) => i % 4 === 0)].flatMap((example) =>
  example.candidates.map((candidate) => ({ function: example.function, variable: example.variable, answer: candidate.candidate, mistake: candidate.mistake })),
);

describe('a student’s view', () => {
  it(`gives nothing away for any of ${worked.length} worked mistakes, in any language, where the teacher’s view shows it`, () => {
    let shown = 0;
    for (const [k, item] of worked.entries()) {
      const lang = (['en', 'de', 'es', 'fr', 'pt-BR', 'zh-Hans'] as const)[k % 6];
      const teacher = run({ ...item, lang });
      const expected = teacher.expected?.text ?? '';
      expect(expected).not.toBe('');
      if (givenAway(teacher, expected).length > 0) shown++;
      for (const view of [{ audience: 'student' as const }, { quiet: true }, { profile: 'lti-ags' as const }]) {
        const student = run({ ...item, lang, ...view });
        expect(givenAway(student, expected), `${item.function} → ${item.answer} (${JSON.stringify(view)})`).toEqual([]);
        // The same members, the same verdict, the same diagnosis codes and score: only what is shown differs.
        expect([student.verdict, student.note, student.score, student.grading_status]).toEqual([teacher.verdict, teacher.note, teacher.score, teacher.grading_status]);
        expect(student.diagnosis.map((d) => d.mistake)).toEqual(teacher.diagnosis.map((d) => d.mistake));
      }
    }
    // The teacher's view does show what the student's leaves out (the test could fail).
    expect(shown).toBe(worked.length);
  });

  it('with reveal is the teacher’s view; an answer that needs brackets keeps its readings, without verdicts', () => {
    const item = { function: 'sin(x^2)', answer: 'cos(x^2)' };
    const { lang: _l, ...teacher } = run(item);
    const { lang: _s, ...revealed } = run({ ...item, audience: 'student', reveal: true });
    expect(revealed).toEqual(teacher);
    const brackets = run({ function: 'sin(x/2)', answer: '1/2cos(x/2)', audience: 'student' });
    expect(brackets.readings?.length).toBe(2);
    expect(brackets.readings?.every((r) => r.verdict === undefined)).toBe(true);
    expect(run({ function: 'sin(x/2)', answer: '1/2cos(x/2)' }).readings?.map((r) => r.verdict)).toEqual(['correct', 'incorrect']);
  });

  it('keeps how the answer was read, the feedback, the score and the codes', () => {
    const student = run({ function: 'sin(x^2)', answer: 'cos(x^2)', audience: 'student', scoring: 'partial' });
    expect(student.answer).toEqual({ text: 'cos(x^2)', latex: '\\cos\\left(x^{2}\\right)' });
    expect(student.feedback).toContain('You left out the inner derivative at sin(x^2)');
    expect(student.score).toEqual({ given: 0.5, maximum: 1, fraction: 0.5 });
    expect(student.diagnosis[0]?.at?.text).toBe('sin(x^2)');
  });
});

describe('a diagnosis entry presented once per language and view', () => {
  it('is shared by the answers its candidate explains, frozen, and written in each language asked for', () => {
    const fresh = checkCore();
    const ask = (answer: string, lang?: string, audience?: 'student') => fresh.check({ function: 'sin(x^2)', answer, ...(lang ? { lang } : {}), ...(audience ? { audience } : {}) });
    const first = ask('cos(x^2)');
    const second = ask('2cos(x^2)/2');
    expect(first.diagnosis[0]?.mistake).toBe('missing_inner_factor');
    expect(second.diagnosis[0]).toBe(first.diagnosis[0]);
    expect(Object.isFrozen(first.diagnosis[0])).toBe(true);
    expect(() => Object.assign(first.diagnosis[0]!, { feedback: 'changed' })).toThrow(TypeError);
    expect(first.feedback).toBe(first.diagnosis[0]?.feedback);
    const german = ask('3cos(x^2)/3', 'de');
    expect(german.diagnosis[0]).not.toBe(first.diagnosis[0]);
    expect(german.diagnosis[0]?.feedback).not.toBe(first.diagnosis[0]?.feedback);
    expect(german.feedback).toBe(german.diagnosis[0]?.feedback);
    expect(german.diagnosis[0]?.i18n).toEqual(first.diagnosis[0]?.i18n);
    // A student's view has entries of its own (no candidate, no worked answer).
    const student = ask('4cos(x^2)/4', 'en', 'student');
    expect(student.diagnosis[0]?.candidate).toBeUndefined();
    expect(ask('cos(x^2)*5/5').diagnosis[0]).toBe(first.diagnosis[0]);
  });
});
