/**
 * check(): the article's own cases, the coincidences MISTAKES.md lists, ordering, quiet mode, the
 * other slips, and answers that bring letters of their own.
 */
import { describe, expect, test } from 'vitest';
import { check, type CheckResult } from '../../src/check.js';
import { CATALOGUE } from '../../src/diagnose/catalogue.js';

const codes = (r: CheckResult) => r.diagnosis.map((d) => `${d.mistake}/${d.variant}${d.systematic ? '*' : ''}@${d.at?.text ?? '-'}`);

describe("the source article's cases", () => {
  test('sin^2(x) answered cos(x^2)·2x: inner and outer swapped', () => {
    const r = check('sin^2(x)', 'cos(x^2)·2x');
    expect(r.verdict).toBe('incorrect');
    expect(codes(r)).toEqual(['swapped_inner_outer/a@sin(x)^2']);
    expect(r.ambiguous).toBe(false);
    const [entry] = r.diagnosis;
    expect(entry?.at).toMatchObject({ text: 'sin(x)^2', outer: { text: 'u^2' }, inner: { text: 'sin(x)' } });
    expect(entry?.candidate?.text).toBe('2*x*cos(x^2)');
    expect(entry?.feedback).toBe(
      "You treated x^2 as the inner function: you differentiated sin(x^2) (the inner function with x replaced by x^2) instead of sin(x)^2. " +
        "In sin(x)^2 the outer function is u^2 and the inner function is u = sin(x), so the derivative of sin(x)^2 is 2*sin(x) times u' = cos(x): 2*sin(x)*cos(x).",
    );
    expect(r.feedback).toBe(entry?.feedback);
  });
  test('e^(-x) answered e^(-x): the inner factor is missing (or, the same here, the sign of u\' = -1 lost)', () => {
    const r = check('e^(-x)', 'e^(-x)');
    expect(codes(r)).toEqual(['missing_inner_factor/a@e^(-x)', 'inner_derivative_sign_error/a@e^(-x)']);
    expect(r.ambiguous).toBe(true);
    expect(r.expected?.text).toBe('-e^(-x)');
  });
  test("the sigmoid with the inner factor of e^(-x) missing", () => {
    const r = check('1/(1+e^(-x))', '-e^(-x)/(1+e^(-x))^2');
    // Also the sign of u' turned at 1/(1 + e^(-x)), whose u' = -e^(-x) comes back as +e^(-x).
    expect(codes(r)).toEqual([
      'missing_inner_factor/a@e^(-x)',
      'inner_derivative_sign_error/a@1/(1 + e^(-x))',
      'inner_derivative_sign_error/a@e^(-x)',
    ]);
    expect(r.diagnosis[0]?.at?.inner?.text).toBe('-x');
  });
  test('log(sin x) answered 1/sin(x) and cos(log x)/x', () => {
    expect(codes(check('log(sin x)', '1/sin(x)'))).toEqual(['missing_inner_factor/a@ln(sin(x))']);
    expect(codes(check('log(sin x)', 'cos(ln x)/x'))).toEqual(['swapped_inner_outer/a@ln(sin(x))']);
    expect(codes(check('ln(sin(x))', 'cos(x)/x'))).toEqual(['missed_composite/a@ln(sin(x))']);
  });
  test('sin(cos x) answered cos(cos x), cos(-sin x), -cos(x)', () => {
    expect(codes(check('sin(cos x)', 'cos(cos x)'))).toEqual(['missing_inner_factor/a@sin(cos(x))']);
    expect(codes(check('sin(cos x)', 'cos(-sin x)'))).toEqual(['outer_at_inner_derivative/a@sin(cos(x))']);
    expect(codes(check('sin(cos x)', '-sin(x)cos(x)'))).toEqual(['missed_composite/a@sin(cos(x))']);
  });
});

describe('coincidences are reported as ambiguous, with both codes', () => {
  test('linear inner function: swap (a) = missed composite (a)', () => {
    const r = check('(3x+1)^5', '15x^4');
    expect(codes(r)).toEqual(['swapped_inner_outer/a@(3*x + 1)^5', 'missed_composite/a@(3*x + 1)^5']);
    expect(r.ambiguous).toBe(true);
    expect(r.feedback).toMatch(/^Your answer fits more than one chain-rule mistake/);
  });
  test("u' = 1: missing inner factor is void", () => {
    const r = check('(x+3)^4', '4(x+3)^3');
    expect(r.verdict).toBe('correct');
    const wrong = check('(x+3)^4', '4x^3');
    expect(wrong.diagnosis.map((d) => d.mistake)).not.toContain('missing_inner_factor');
  });
  test('inner e^x: outer at inner derivative (a) = missing inner factor', () => {
    const r = check('sin(e^x)', 'cos(e^x)');
    expect(codes(r)).toEqual(['missing_inner_factor/a@sin(e^x)', 'outer_at_inner_derivative/a@sin(e^x)']);
    expect(r.ambiguous).toBe(true);
  });
  test('cos(x^2): outer at inner derivative (a) = swap', () => {
    const r = check('cos(x^2)', '-sin(2x)');
    expect(codes(r)).toEqual(['outer_at_inner_derivative/a@cos(x^2)', 'swapped_inner_outer/a@cos(x^2)']);
    expect(r.ambiguous).toBe(true);
  });
  test('the same code at two variants is not ambiguous', () => {
    const r = check('(x+3)^4', '4');
    expect(codes(r)).toEqual(['outer_at_inner_derivative/a@(x + 3)^4', 'outer_at_inner_derivative/b@(x + 3)^4']);
    expect(r.ambiguous).toBe(false);
  });
});

describe('nested chains and the systematic form', () => {
  test('the mistake at the inner node only', () => {
    const r = check('sin(x^2+1)^3', '3 sin(x^2+1)^2 cos(x^2+1)');
    expect(codes(r)).toEqual(['missing_inner_factor/a@sin(x^2 + 1)']);
    expect(r.diagnosis[0]?.at?.outer?.text).toBe('sin(u)');
  });
  test('the systematic form says so and lists every node', () => {
    const r = check('sin(sqrt(x))^2', '2cos(1/(2sqrt(x)))');
    expect(codes(r)).toEqual(['outer_at_inner_derivative/a*@sin(sqrt(x))^2']);
    expect(r.diagnosis[0]?.nodes.map((n) => n.text)).toEqual(['sin(sqrt(x))^2', 'sin(sqrt(x))']);
    expect(r.diagnosis[0]?.feedback).toMatch(/^You made the same mistake at every chain-rule step \(sin\(sqrt\(x\)\)\^2, sin\(sqrt\(x\)\)\)/);
  });
  test('a systematic form that is the single mistake at the outer node is reported once, as that single one', () => {
    // missing_inner_factor at every node drops the whole inner derivative at the outermost one.
    const r = check('exp(cos(x^2))', 'exp(cos(x^2))');
    expect(codes(r)).toEqual(['missing_inner_factor/a@e^(cos(x^2))']);
    expect(r.ambiguous).toBe(false);
    const inner = check('sin(cos(x^2))', '-x sin(2x)');
    expect(codes(inner)).toEqual(['missed_composite/a*@sin(cos(x^2))']);
  });
  test('chain nodes in separate terms are each a place a mistake can sit', () => {
    const r = check('sin(2x) + cos(3x)', 'cos(2x) - sin(3x)');
    expect(codes(r)).toEqual(['missing_inner_factor/a*@sin(2*x)']);
    expect(codes(check('sin(2x) + cos(3x)', 'cos(2x) - 3sin(3x)'))).toEqual(['missing_inner_factor/a@sin(2*x)']);
  });
  test('mistakes inside products and quotients', () => {
    expect(codes(check('x^2 sin(3x)', '2x sin(3x) + x^2 cos(3x)'))).toEqual(['missing_inner_factor/a@sin(3*x)']);
    expect(codes(check('sin(2x)/x', '(x cos(2x) - sin(2x))/x^2'))).toEqual(['missing_inner_factor/a@sin(2*x)']);
  });
  test('a reciprocal node keeps its constant outside', () => {
    const r = check('2/(x^2+1)', '-2/(x^2+1)^2');
    expect(codes(r)).toEqual(['missing_inner_factor/a@1/(x^2 + 1)']);
    expect(r.diagnosis[0]?.at?.outer?.text).toBe('1/u');
  });
});

describe('correct answers', () => {
  test.each([
    ['sin(x^2)', '2x cos(x^2)'],
    ['sin(x)^2', 'sin(2x)'],
    ['sin(x)^2', '2 sin x cos x'],
    ['tan(x^2)', '2x/cos(x^2)^2'],
    ['tan(x^2)', '2x (1 + tan(x^2)^2)'],
    ['1/(1+e^(-x))', 'e^x/(1+e^x)^2'],
    ['atan(exp(2x))', '1/cosh(2x)'],
    ['sqrt(1-x^2)', '-x/√(1-x²)'],
    ['exp(-k t)', '-k e^(-k t)', 't'],
    ['ln(x^2+1)', "f'(x) = \\frac{2x}{x^2+1}"],
    ['x^x', 'x^x (ln x + 1)'],
  ] as Array<[string, string, string?]>)('%s: %s', (f, answer, variable = 'x') => {
    const r = check(f, answer, { variable });
    expect(r.verdict).toBe('correct');
    expect(r.diagnosis).toEqual([]);
    expect(r.feedback).toBe('Correct: your answer equals the derivative.');
  });
});

describe('quiet mode gives nothing away', () => {
  test('no expected derivative, no candidate, feedback without expressions to copy', () => {
    const open = check('sin(x^2)', 'cos(x^2)');
    const quiet = check('sin(x^2)', 'cos(x^2)', { quiet: true });
    expect(quiet.verdict).toBe(open.verdict);
    expect(quiet.diagnosis.map((d) => d.mistake)).toEqual(open.diagnosis.map((d) => d.mistake));
    expect(quiet.expected).toBeUndefined();
    expect(quiet.diagnosis[0]?.candidate).toBeUndefined();
    expect(quiet.evidence.counterexample?.expected).toBeUndefined();
    for (const text of [quiet.feedback, ...quiet.diagnosis.map((d) => d.feedback)]) {
      expect(text).not.toContain('2*x*cos(x^2)');
      expect(text).not.toContain('2*x');
    }
    expect(JSON.stringify(quiet)).not.toContain('2*x*cos');
  });
  test('an unmatched wrong answer gets no counterexample value in quiet mode', () => {
    const quiet = check('sin(x^2)', 'x + 1', { quiet: true });
    expect(quiet.feedback).not.toMatch(/derivative is -?\d/);
  });
});

describe('other slips, under codes of their own, only when no cause explains the answer', () => {
  test('sign', () => {
    expect(codes(check('x^3 - 2x', '2 - 3x^2'))).toEqual(['sign_error/null@-']);
    // The minus of cos' lost is a cause, not a symptom; so is a minus put into u' = 3 (the table's named first).
    expect(codes(check('cos(3x)', '3sin(3x)'))).toEqual(['trig_sign_error/a@cos(3*x)', 'inner_derivative_sign_error/a@cos(3*x)']);
    // One composite's whole step with its sign turned: the inner derivative's sign, not a slip.
    expect(codes(check('ln(x^2+4)', '-2x/(x^2+4)'))).toEqual(['inner_derivative_sign_error/a@ln(x^2 + 4)']);
  });
  test('constant factor', () => {
    const r = check('(3x+1)^5', '5(3x+1)^4 * 5');
    expect(codes(r)).toEqual(['constant_factor/null@-']);
    expect(r.diagnosis[0]?.feedback).toContain('5/3 times the derivative');
  });
  test('part of a sum', () => {
    const r = check('sin(x^2) + x^3', '2x cos(x^2)');
    expect(codes(r)).toEqual(['missing_term/null@-']);
    expect(r.diagnosis[0]?.feedback).toContain('you left out x^3');
  });
  test('the function itself', () => {
    expect(codes(check('sin(x^2)', 'sin(x^2)'))).toEqual(['not_differentiated/null@-']);
  });
  test('a cause is reported alone even when a slip also fits', () => {
    // -e^(-x)/(1+e^(-x))^2 is also the negative of the derivative.
    expect(codes(check('1/(1+e^(-x))', '-e^(-x)/(1+e^(-x))^2'))).not.toContain('sign_error/null@-');
  });
  test('no match: an empty diagnosis, said plainly, with a counterexample', () => {
    const r = check('sin(x^2)', 'x^2 + 1');
    expect(r.verdict).toBe('incorrect');
    expect(r.diagnosis).toEqual([]);
    expect(r.ambiguous).toBe(false);
    expect(r.feedback).toMatch(/^Your answer is not the derivative, and it does not match any of the common mistakes\. For example, at x = -?[\d.]+ your answer gives/);
    // It names the rules this function needs, and no others.
    expect(r.feedback).toMatch(/this function needs the power rule, the chain rule \(F'\(u\)·u' at every composite\) and the derivative of sin\(u\)\.$/);
    expect(check('x^2 sin(x)', '0').feedback).toMatch(/needs the product rule, the power rule and the derivative of sin\(u\)\.$/);
    expect(check('x^2 sin(x)', '0').feedback).not.toContain('chain rule');
    expect(r.evidence.counterexample).toBeDefined();
  });
});

describe('answers with letters of their own, and unusual functions', () => {
  test('the wrong variable is incorrect, and the feedback says why', () => {
    const r = check('exp(-k t)', '-k e^(-k x)', { variable: 't' });
    expect(r.verdict).toBe('incorrect');
    expect(r.feedback).toContain('Your answer uses x, which the function does not (the variable is t).');
  });
  test('a letter that cancels does not matter', () => {
    expect(check('sin(x^2)', '2x cos(x^2) + c - c').verdict).toBe('correct');
  });
  test('a function without chain nodes has no candidates', () => {
    const r = check('x^3', '3x');
    expect(r.verdict).toBe('incorrect');
    expect(r.diagnosis.filter((d) => CATALOGUE.find((c) => c.code === d.mistake)?.chainRule)).toEqual([]);
  });
  test('a function defined nowhere real is undetermined', () => {
    const r = check('sqrt(-1-x^2)', '0');
    expect(r.verdict).toBe('undetermined');
    expect(r.correct).toBe(false);
    expect(r.feedback).toMatch(/^Your answer could not be checked/);
  });
  test('reading warnings come back with the field they belong to', () => {
    const r = check('e^2x', '2x^2/2x');
    expect(r.verdict).toBe('incorrect');
    expect(r.warnings.map((w) => [w.field, w.code])).toEqual([['function', 'ambiguous_exponent'], ['answer', 'ambiguous_division']]);
    // The answer's own e^2x reads two ways with different verdicts: it needs brackets, whatever the function's.
    expect(check('e^2x', '2e^2x').verdict).toBe('needs_brackets');
  });
  test('a parameter squared before the variable is a power of the constant when the function has no exponential of it', () => {
    // 2a^2x for (ax)^2 needed brackets: a^2x was also read a^(2x), as e^2x is, though the function has
    // no exponential of a (regression, probe 27).
    expect(check('(a x)^2', '2a^2x').verdict).toBe('correct');
    expect(check('sin(k^2 x)', 'k^2 cos(k^2x)').verdict).toBe('correct');
    expect(check('e^(-k^2 t^2)', '-2k^2te^(-k^2t^2)', { variable: 't' }).verdict).toBe('correct');
    expect(check('(a x)^2', '2a^2x^2').verdict).toBe('incorrect');
    // A function with an exponential of a keeps both readings, as for e; a letter it lacks too.
    expect(check('a^(2x)', '2a^2x ln a').verdict).toBe('needs_brackets');
    // a^(2x) written as e^(2x ln a) or exp(2x ln a) is an exponential of a too (review, stop 27).
    expect(check('e^(2x ln a)', '2ln(a)a^2x').verdict).toBe('needs_brackets');
    expect(check('exp(2x ln(a))', '2ln(a)a^2x').verdict).toBe('needs_brackets');
    expect(check('e^(2x)', '2E^2x').verdict).toBe('needs_brackets');
  });
  test('the answer is shown as it was read, not simplified', () => {
    expect(check('sin(x^2)', '1/2x').answer).toEqual({ text: '1/2*x', latex: '\\frac{1}{2}x' });
  });
});

describe('the catalogue', () => {
  test('covers the four codes and the slips, and its examples are real diagnoses', () => {
    expect(CATALOGUE.filter((c) => c.chainRule).map((c) => c.code)).toEqual([
      'missing_inner_factor', 'outer_at_inner_derivative', 'swapped_inner_outer', 'missed_composite',
    ]);
    for (const entry of CATALOGUE) {
      const r = check(entry.example.function, entry.example.answer);
      expect(r.diagnosis.map((d) => d.mistake), entry.code).toContain(entry.code);
      expect(check(entry.example.function, entry.example.correct).verdict).toBe('correct');
      expect(entry.title.length).toBeGreaterThan(5);
    }
  });
});

describe('errors name the field they come from', () => {
  const fieldOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as { field?: string; code?: string }).field;
    }
    return undefined;
  };
  test('function, answer, variable', () => {
    expect(fieldOf(() => check('sin(x', '1'))).toBe('function');
    expect(fieldOf(() => check('sin(x)', 'cos(x'))).toBe('answer');
    expect(fieldOf(() => check('sin(x)', 'cos(x)', { variable: 'xy' }))).toBe('variable');
  });
});

describe('bounded work, complete diagnosis', () => {
  test('a mistake at the 13th chain node of a sum is found', () => {
    const f = Array.from({ length: 13 }, (_, k) => `sin(${k + 2}x)`).join(' + ');
    const answer = Array.from({ length: 13 }, (_, k) => (k === 12 ? 'cos(14x)' : `${k + 2}cos(${k + 2}x)`)).join(' + ');
    expect(codes(check(f, answer))).toEqual(['missing_inner_factor/a@sin(14*x)']);
  });
  test('a candidate defined on a small part of the domain is still matched', () => {
    // swap (a) at ln(cos(sqrt x)) differentiates cos(sqrt(ln x)), defined only for x > 1.
    const r = check('log(cos(sqrt(x)))', '-sin(sqrt(ln x))/(2x sqrt(ln x))');
    expect(r.diagnosis.map((d) => d.mistake)).toContain('swapped_inner_outer');
  });
});

describe('inputs that would make the work explode are bounded', () => {
  test('a buggy rule that doubles a subtree at every level of a deep nest (regression: out of memory)', () => {
    const f = `${'sin('.repeat(40)}x^2${')'.repeat(40)}`;
    const r = check(f, '0');
    expect(r.verdict).toBe('incorrect');
  });
  test('a derivative too large to write out is refused as the function’s fault', () => {
    const f = Array.from({ length: 100 }, (_, k) => `sin(${k + 2}x)`).join('*');
    let error: unknown;
    try {
      check(f, '0');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'too_large', field: 'function' });
    expect((error as Error).message).toContain('too large to check');
  });
});

describe('review regressions', () => {
  test('a counterexample shows values with the digits that tell them apart', () => {
    // 2π written 6.28318: to four digits both are 0.672 at every point (π written 3.1416 has a point
    // where the two are apart in four digits, and that one is shown).
    const feedback = check('sin(x)', 'cos(x + 6.28318)').feedback;
    const [, answer, expected] = /your answer gives (\S+) but the derivative is (\S+)\./.exec(feedback) ?? [];
    expect(answer).toBeDefined();
    expect(answer).not.toBe(expected);
    expect(Number(answer)).toBeCloseTo(Number(expected), 3);
    // ... and only as many as that: an ordinary counterexample keeps four.
    expect(check('x^3', '3x^2 + x').feedback).toMatch(/your answer gives -?\d\.?\d{0,3} but/);
  });
  test("a function's constant part kept is said so, under the +C code", () => {
    for (const [f, answer, part] of [['x^3 + 7', '3x^2 + 7', '7'], ['5x^2 + 3x - 7', '10x + 3 - 7', '-7'], ['a x^2 + b', '2a x + b', 'b']]) {
      const result = check(f as string, answer as string);
      expect(result.diagnosis.map((d) => d.mistake)).toEqual(['constant_of_integration_added']);
      expect(result.feedback).toContain(`plus the constant part of the function, ${part}:`);
    }
    // A constant that is not the function's is a C.
    expect(check('x^3 + 7', '3x^2 + 5').feedback).toContain('no constant of integration');
    expect(check('x^3', '3x^2 + C').feedback).toContain('no constant of integration');
    expect(check('x^3 + 7', '3x^2 + 7', { quiet: true }).feedback).toBe("Your answer keeps the constant part of the function: a constant's derivative is 0.");
  });
  test('a factor near 1 is not shown as 1', () => {
    expect(check('sin(x)', '1.000001cos(x)').feedback).toMatch(/^Your answer is 1\.000001 times the derivative/);
  });
  test('values that underflow are no evidence: x^4999 is not the derivative of x^5000', () => {
    expect(check('x^5000', 'x^4999').verdict).toBe('incorrect');
    expect(check('x^9999', '0').verdict).toBe('incorrect');
    expect(check('x^5000', '5000x^4999').verdict).toBe('correct');
    // A true zero is still a value: the derivative of sin²x + cos²x is 0.
    expect(check('sin(x)^2 + cos(x)^2', '0').verdict).toBe('correct');
  });
  test('a zero whose error bound is infinite is no evidence: 0 is not the derivative of e^(-e^(x^2+7))', () => {
    // Every point underflows through e^(-Infinity): nothing can be compared in doubles.
    expect(check('e^(-e^(x^2+7))', '0').verdict).not.toBe('correct');
    expect(check('e^(-e^(x+7))', '0').verdict).toBe('incorrect');
  });
  test('quiet constant-factor feedback does not give the factor away', () => {
    const quiet = check('(3x+1)^5', '25(3x+1)^4', { quiet: true });
    expect(quiet.diagnosis.map((d) => d.mistake)).toEqual(['constant_factor']);
    expect(quiet.feedback).not.toMatch(/5\/3/);
  });
  test('a constant factor is named as a person would', () => {
    expect(check('10^x', '10^x ln(10)^2').diagnosis[0]?.feedback).toContain('ln(10) times the derivative');
    expect(check('log10(x^2+1)', '2x/(2.303(x^2+1))').feedback).toContain('as if a constant were rounded');
  });
  test('the sign hint names the rule this function uses', () => {
    expect(check('cos(3x)', '3sin(3x)').feedback).toContain('The derivative of cos(u) is -sin(u)');
    expect(check('cosh(x^2) + x^3', '-2x sinh(x^2) - 3x^2').feedback).toContain('d/du cosh(u) = sinh(u), with no minus');
  });
  test('+ C is called out', () => {
    expect(check('sin(x^2)', '2x cos(x^2) + C').feedback).toContain('a derivative has no constant of integration');
  });
  test('distinct wrong answers do not accumulate in the prepared function (memory)', async () => {
    const { Problem } = await import('../../src/problem.js');
    const { checkAnswer } = await import('../../src/check.js');
    const problem = Problem.read('sin(x^2) + x^3');
    checkAnswer(problem, '0');
    const cache = (problem as unknown as { preparedCache: Map<unknown, unknown> }).preparedCache;
    const size = cache.size;
    for (let i = 1; i <= 200; i++) checkAnswer(problem, `${i}x + 1`);
    expect(cache.size).toBe(size);
  });
  test("a candidate keeps its values on the problem's further and own points, never on an answer's", async () => {
    const { Problem } = await import('../../src/problem.js');
    const { pointsAtNewBreakpoints } = await import('../../src/compare/domain.js');
    const { tree } = await import('../helpers/mathjs-tree.js');
    const problem = Problem.read('sin(x^2)*abs(x - 60)');
    const candidate = (problem as unknown as { singles(): { all: Array<import('../../src/problem.js').PreparedCandidate> } }).singles().all[0]!;
    const home = candidate.values.domain;
    expect(candidate.on(home)).toBe(candidate.values);
    if (home.further) expect(candidate.on(home.further)).toBe(candidate.on(home.further));
    const own = candidate.ownPoints();
    expect(candidate.on(own)).toBe(candidate.on(own));
    // An answer's own points (here, beside a kink at 3000 the function lacks) stay with that answer.
    const answers = pointsAtNewBreakpoints(home, [tree('abs(x - 3000)')], [tree('x')]);
    expect(answers.points.length).toBeGreaterThan(0);
    expect(candidate.on(answers)).toBeUndefined();
  });
});
