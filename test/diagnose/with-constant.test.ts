/**
 * A place mistake and a constant added at once (the maths review): the answer is a mistake candidate
 * plus + C, + K, a number, or the function's own constant part. Both are named, as a pair is, with one
 * message; and a systematic form that is the same function as a single candidate of its code is
 * reported once, as that single one.
 */
import { describe, expect, test } from 'vitest';
import { check, type CheckResult } from '../../src/check.js';
import { scoreOf } from '../../src/present/scoring.js';

const codes = (r: CheckResult) =>
  r.diagnosis.map((d) => `${d.mistake}${d.variant ? `/${d.variant}` : ''}${d.systematic ? '*' : ''}@${d.at?.text ?? '-'}${d.combined ? `#${d.combined}` : ''}`);

describe('a place mistake together with a constant', () => {
  test("the review's example: x^3 + sin(2x) answered 3x^2 + cos(2x) + C", () => {
    const r = check('x^3 + sin(2x)', '3x^2 + cos(2x) + C');
    expect(r.verdict).toBe('incorrect');
    expect(codes(r)).toEqual(['missing_inner_factor/a@sin(2*x)#1', 'constant_of_integration_added@-#1']);
    expect(r.ambiguous).toBe(false);
    const [place, constant] = r.diagnosis;
    expect(place?.candidate?.text).toBe('3*x^2 + cos(2*x)');
    expect(place?.feedback).toMatch(/^You left out the inner derivative at sin\(2\*x\)\./);
    expect(constant?.candidate).toBeUndefined();
    expect(constant?.feedback).toBe('Your answer also adds the constant C: a derivative has no constant of integration (+ C belongs to antiderivatives).');
    // One message names both; the C is not said a second time, nor is a counterexample given.
    expect(r.feedback).toBe(`Two mistakes together explain your answer. ${place?.feedback} ${constant?.feedback}`);
    expect(r.feedback.match(/\bC\b/g)).toHaveLength(2);
    expect(r.feedback).not.toMatch(/For example/);
  });

  test("the review's example with + 5: the number is named", () => {
    const r = check('x^3 + sin(2x)', '3x^2 + cos(2x) + 5');
    expect(codes(r)).toEqual(['missing_inner_factor/a@sin(2*x)#1', 'constant_of_integration_added@-#1']);
    expect(r.feedback).toContain('Your answer also adds the constant 5:');
  });

  test.each([
    // other letters, other places, other mistakes, a negative number, the constant written first
    ['e^(3x)', 'e^(3x) + K', ['missing_inner_factor/a@e^(3*x)#1', 'constant_of_integration_added@-#1'], 'the constant K'],
    ['sin(cos(5x))', 'cos(cos(5x)) + c', ['missing_inner_factor/a@sin(cos(5*x))#1', 'constant_of_integration_added@-#1'], 'the constant c'],
    ['(x^2+1)^5', '5(x^2+1)^4 - 3', ['missing_inner_factor/a@(x^2 + 1)^5#1', 'constant_of_integration_added@-#1'], 'the constant -3'],
    ['x^2 sin(x)', 'C + 2x cos(x)', ['product_of_derivatives/a@x^2*sin(x)#1', 'constant_of_integration_added@-#1'], 'the constant C'],
    ['tan(4x)', 'sec(4x)^2 + C', ['missing_inner_factor/a@tan(4*x)#1', 'constant_of_integration_added@-#1'], 'the constant C'],
    // the same mistake at every place, and C
    ['sin(2x) + cos(3x)', 'cos(2x) - sin(3x) + C', ['missing_inner_factor/a*@sin(2*x)#1', 'constant_of_integration_added@-#1'], 'the constant C'],
    // the constant together with the derivative's own constant term: C is named, not 2 + C
    ['x^3 + 2x + sin(2x)', '3x^2 + 2 + cos(2x) + C', ['missing_inner_factor/a@sin(2*x)#1', 'constant_of_integration_added@-#1'], 'the constant C'],
  ])('%s answered %s', (f, answer, expected, named) => {
    const r = check(f, answer);
    expect(r.verdict).toBe('incorrect');
    expect(codes(r)).toEqual(expected);
    expect(r.feedback).toMatch(/^Two mistakes together explain your answer\./);
    expect(r.feedback).toContain(`Your answer also adds ${named}:`);
  });

  test('written another way (LaTeX, the constant first) the diagnosis is the same', () => {
    for (const answer of ['C + cos(2x) + 3x^2', '3x^{2}+\\cos\\left(2x\\right)+C', '(3x^2 + cos(2x)) + C']) {
      expect(codes(check('x^3 + sin(2x)', answer)), answer).toEqual(['missing_inner_factor/a@sin(2*x)#1', 'constant_of_integration_added@-#1']);
    }
  });

  test("the function's own constant part kept beside a place mistake is said so", () => {
    const r = check('x^3 + sin(2x) + 7', '3x^2 + cos(2x) + 7');
    expect(codes(r)).toEqual(['missing_inner_factor/a@sin(2*x)#1', 'constant_of_integration_added@-#1']);
    expect(r.diagnosis[1]?.feedback).toBe("Your answer also keeps the constant part of the function, 7: a constant's derivative is 0, so it does not stay.");
    // … and alone, as before (answer-values.ts addsExactly).
    expect(check('x^3 + 7', '3x^2 + 7').feedback).toContain('plus the constant part of the function, 7:');
  });

  test('the derivative plus C alone stays one whole-answer entry', () => {
    const r = check('x^3 + sin(2x)', '3x^2 + 2cos(2x) + C');
    expect(codes(r)).toEqual(['constant_of_integration_added@-']);
    expect(r.feedback).toMatch(/^Your answer is the derivative, .*, plus a constant/);
  });

  test('a difference that is not constant names nothing', () => {
    for (const answer of ['3x^2 + cos(2x) + x', '3x^2 + cos(2x) + C x', '3x^2 + cos(2x) + abs(x)/x', '3x^2 + cos(2x) + C^x']) {
      const r = check('x^3 + sin(2x)', answer);
      expect(r.verdict, answer).toBe('incorrect');
      expect(r.diagnosis.filter((d) => d.mistake === 'constant_of_integration_added' || d.mistake === 'missing_inner_factor'), answer).toEqual([]);
    }
  });

  test('quiet: both named, nothing to copy', () => {
    const r = check('x^3 + sin(2x)', '3x^2 + cos(2x) + C', { quiet: true });
    expect(codes(r)).toEqual(['missing_inner_factor/a@sin(2*x)#1', 'constant_of_integration_added@-#1']);
    expect(r.feedback).not.toContain('2*cos(2*x)');
    expect(r.feedback).toContain('Your answer also adds the constant C');
    expect(r.diagnosis.every((d) => d.candidate === undefined)).toBe(true);
  });

  test('scored as a pair: the product of the two credits', () => {
    const r = check('x^3 + sin(2x)', '3x^2 + cos(2x) + C');
    expect(scoreOf(r, { scoring: 'partial' })?.fraction).toBe(0.375);
    expect(scoreOf(check('x^3 + sin(2x)', '3x^2 + 2cos(2x) + C'), { scoring: 'partial' })?.fraction).toBe(0.75);
  });

  test('one message in every language', () => {
    const expected: Record<string, RegExp> = {
      de: /^Zwei Fehler zusammen erklären Ihre Antwort\. .* Außerdem addiert Ihre Antwort die Konstante C:/,
      es: /^Dos errores combinados explican tu respuesta\. .* Además, tu respuesta suma la constante C:/,
      fr: /^Deux erreurs ensemble expliquent votre réponse\. .* De plus, votre réponse ajoute la constante C :/,
      'pt-BR': /^Dois erros juntos explicam sua resposta\. .* Além disso, sua resposta soma a constante C:/,
      'zh-Hans': /^你的答案可以用两个错误同时出现来解释。.*此外，你的答案还加上了常数 C：/,
    };
    for (const [lang, pattern] of Object.entries(expected)) {
      expect(check('x^3 + sin(2x)', '3x^2 + cos(2x) + C', { lang }).feedback, lang).toMatch(pattern);
    }
  });
});

describe('naming the constant: by value first, then the equivalence test (review)', () => {
  test('many constant terms are named as their sum, and only terms that fit are tested in full', () => {
    const r = check('x^3 + sin(2x)', '3x^2 + cos(2x)' + ' + 1'.repeat(30));
    expect(codes(r)).toEqual(['missing_inner_factor/a@sin(2*x)#1', 'constant_of_integration_added@-#1']);
    expect(r.feedback).toContain('adds the constant 30');
  });
  test('several pairs: one lead sentence, not two', () => {
    const r = check('sqrt(sqrt(x))', '1/(2sqrt(sqrt(x))) + C');
    expect(r.feedback).toMatch(/^More than one pair of mistakes fits your answer\. One of them: You /);
    expect(r.feedback).not.toContain('Two mistakes together');
  });
});

describe('a counterexample for an answer with a letter of its own', () => {
  test('the letter is shown as a value taken for the answer, apart from the point', () => {
    const r = check('x^3 + sin(2x)', '3x^2 + x + C');
    expect(r.diagnosis).toEqual([]);
    expect(Object.keys(r.evidence.counterexample?.at ?? {})).toEqual(['x', 'C']);
    expect(r.feedback).toMatch(/For example, at x = -?[\d.]+ \(taking C = -?[\d.]+\) your answer gives/);
    // The function's own parameters stay part of the point.
    expect(check('a x^2', '2a + C x').feedback).toMatch(/at x = -?[\d.]+, a = -?[\d.]+ \(taking C = -?[\d.]+\)/);
    expect(check('x^3 + sin(2x)', '3x^2 + x').feedback).toMatch(/For example, at x = -?[\d.]+ your answer gives/);
  });
});

describe('a systematic form the same as a single candidate of its code', () => {
  test.each([
    ['sin(cos(5x))', 'cos(cos(5x))', 'missing_inner_factor/a@sin(cos(5*x))'],
    ['ln(1+e^(3x))', '1/(1+e^(3x))', 'missing_inner_factor/a@ln(1 + e^(3*x))'],
    ['sqrt(1 + sin(2x))', '1/(2 sqrt(1 + sin(2x)))', 'missing_inner_factor/a@sqrt(1 + sin(2*x))'],
    ['e^(tan(x^2))', 'e^(tan(x^2))', 'missing_inner_factor/a@e^(tan(x^2))'],
  ])('%s answered %s: the single one only', (f, answer, expected) => {
    const r = check(f, answer);
    expect(codes(r)).toEqual([expected]);
    expect(r.ambiguous).toBe(false);
  });
  test('a systematic form that differs from every single one is still reported', () => {
    expect(codes(check('sin(cos(x^2))', 'cos(-sin(2x))'))).toEqual(['outer_at_inner_derivative/a*@sin(cos(x^2))']);
    expect(codes(check('sin(2x) + cos(3x)', 'cos(2x) - sin(3x)'))).toEqual(['missing_inner_factor/a*@sin(2*x)']);
  });
});
