/**
 * Regressions from the fifth fresh-eyes review of verdicts (1,813 cases against SymPy): right answers
 * refused or misread in notations real editors and students produce.
 */
import { describe, expect, test } from 'vitest';
import { check } from '../../src/check.js';

describe("MathType's and Maple's TeX: a function's name braced with its power, plain TeX's \\rm", () => {
  test.each([
    ['tan(x)', '{\\sec ^2}x'],
    ['sin(x)^3', '3{\\sin ^2}x\\cos x'],
    ['tan(3x)', '3{\\sec ^2}\\left( {3x} \\right)'],
    ['tan(3x)', '3{\\sec ^2}3x'],
    ['log2(x)', '\\frac{1}{{x\\ln 2}}'],
    ['atan(x)', '{\\tan ^{ - 1}}x \\cdot 0 + \\frac{1}{{1 + {x^2}}}'],
    ['e^(-x)', '-{{\\rm{e}}^{ - x}}'],
    ['e^(-x)', '-{\\rm e}^{-x}'],
    ['x e^x', '{{\\rm{e}}^x} + x{{\\rm{e}}^x}'],
    ['e^(x^2)', '2\\,x\\,{{\\rm e}^{{x}^{2}}}'],
    ['sech(x)', '-{\\mathop{\\rm sech}\\nolimits} x \\tanh x'],
    ['tanh(x)', '{{\\mathop{\\rm sech}\\nolimits} ^2}x'],
    ['x^2', '\\boxed{2x}'],
  ])('%s answered %s is correct', (f, answer) => {
    // Recognised as LaTeX by its commands (the format left to auto).
    expect(check(f, answer).verdict).toBe('correct');
  });

  test.each([
    // The function itself as MathType writes it.
    ['{\\log _2}x', '\\frac{1}{{x\\ln 2}}'],
    ['{\\log _{10}}x', '\\frac{1}{{x\\ln 10}}'],
    ['{\\log _2}\\left( {{x^2} + 1} \\right)', '\\frac{{2x}}{{\\left( {{x^2} + 1} \\right)\\ln 2}}'],
    ['{\\sin ^{ - 1}}x', '\\frac{1}{{\\sqrt {1 - {x^2}} }}'],
    ['{\\mathop{\\rm arccot}\\nolimits} x', '-\\frac{1}{1+x^2}'],
  ])('the function %s answered %s is correct', (f, answer) => {
    expect(check(f, answer, { format: 'latex' }).verdict).toBe('correct');
  });

  test('a braced group that holds more than a function name stays a group', () => {
    expect(check('sin(2x)', '{2\\cos 2x}', { format: 'latex' }).verdict).toBe('correct');
    expect(check('x^3', '{3}{x^2}', { format: 'latex' }).verdict).toBe('correct');
    // A wrong answer in MathType's form is still wrong: sec², not sec, and the power of sin kept.
    expect(check('tan(x)', '{\\sec}x', { format: 'latex' }).verdict).toBe('incorrect');
    expect(check('sin(x)^3', '3{\\sin ^3}x\\cos x', { format: 'latex' }).verdict).toBe('incorrect');
  });
});

describe('function names of the languages the service speaks', () => {
  test.each([
    ['-cos(x)', 'sen(x)'],
    ['sen(x^2)', '2x cos(x^2)'],
    ['cos(x^2)', '-2x sen(x^2)'],
    ['cot(x)', '-cosec^2(x)'],
    ['cotg(2x)', '-2cosec^2(2x)'],
    ['arcsen(x)', '1/sqrt(1-x^2)'],
    ['senh(2x)', '2cosh(2x)'],
    ['cosech(x)', '-cosech(x)coth(x)'],
    ['acot(x)', '-1/(1+x^2) + 0*arccotg(x)'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });

  test('cossec is left to read as cos·sec, which a derivative of sin(sec x) writes', () => {
    expect(check('sin(sec(x))', 'cossecx secx tanx').verdict).toBe('correct');
  });

  test('sen is sin, not s·e·n: a wrong answer in it is wrong', () => {
    expect(check('sin(2x)', 'sen(2x)').verdict).toBe('incorrect');
    expect(check('sin(2x)', 'sen(2x)').answer?.text).toBe('sin(2*x)');
  });
});

describe('marks of writing direction copied from a right-to-left page are nothing', () => {
  test.each([['2x\u200e'], ['\u200f2x'], ['\u200f2\u200ex']])('x^2 answered %j is correct', (answer) => {
    expect(check('x^2', answer).verdict).toBe('correct');
  });
  test.each([['\u202e2^x3'], ['\u20662x\u2069']])('%j, shown in another order than it is read, is refused', (answer) => {
    expect(() => check('x^2', answer)).toThrow(/unexpected character/);
  });
});

describe('a root sign before a number and a letter reads two ways', () => {
  test.each([
    // √2·x (a coefficient) and √(2x): an answer right under one reading only needs brackets.
    ['sqrt(2)x^2/2', '√2x'],
    ['sqrt(3)x^2', '2√3x'],
    ['cbrt(2)x^2', '2∛2x'],
    ['sqrt(2x)', '1/√2x'],
  ])('%s answered %s needs brackets', (f, answer) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('needs_brackets');
    expect(result.warnings.map((w) => w.code)).toContain('implicit_split');
  });

  test('wrong under both readings is incorrect; a bracketed root or a lone number is read as before', () => {
    expect(check('sqrt(2)x^2/2', '√2x^2').verdict).toBe('incorrect');
    expect(check('sqrt(2x)', '1/√(2x)').verdict).toBe('correct');
    expect(check('x√2', '√2').verdict).toBe('correct');
    expect(check('x^2', '2x√2').verdict).toBe('incorrect');
  });
});

describe('root(3, x): a whole-number index written first is the index', () => {
  test.each([
    ['cbrt(x)', '1/(3 root(3, x^2))'],
    ['cbrt(x)', '1/(3 root(3,x)^2)'],
    ['root(3, x)', '1/(3x^(2/3))'],
    ['nthRoot(x, 3)', '1/(3 root(x^2, 3))'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });
  test('a number radicand with a letter index is read as written', () => {
    expect(check('nthRoot(2, k) + x', '1').verdict).toBe('correct');
  });
});

describe('spaces inside brackets of a bracketless argument do not end it', () => {
  test('\\ln \\left| x \\right| is read without a warning', () => {
    const result = check('\\ln \\left| x \\right|', '\\frac{1}{x}');
    expect(result.verdict).toBe('correct');
    expect(result.warnings).toEqual([]);
  });
  test('a space at the argument\'s own level still reads two ways', () => {
    expect(check('\\ln \\left| x \\right| x', '1').warnings.map((w) => w.code)).toContain('implicit_split');
  });
});

describe('a function name after a letter, read as the function\'s own letters, is still judged', () => {
  test.each([['kAcosz(kx)'], ['kAcoskk']])('A sin(kx) answered %s is refused as a typo', (answer) => {
    expect(() => check('A sin(kx)', answer)).toThrow(/unknown function/);
  });
  test.each([
    // The function's own letter and the variable after the name: its argument (verdict review 5).
    ['sin(wt)', 'wcoswt', 't', 'w*cos(w*t)'],
    ['sin(k*x)', 'kcoskx', 'x', 'k*cos(k*x)'],
  ])('%s answered %s (variable %s) reads %s', (f, answer, variable, read) => {
    const result = check(f, answer, { variable });
    expect(result.answer?.text).toBe(read);
    expect(result.verdict).toBe('correct');
  });
  test('a letter that is not the function\'s, or no variable after it, is still a typo', () => {
    expect(() => check('sin(wt)', 'wcoswx', { variable: 't' })).toThrow(/unknown function/);
    expect(() => check('sin(x)', 'cosax')).toThrow(/unknown function/);
  });
});

describe('d(…)/dx = as a left side', () => {
  test.each([
    ['sin(x^2)', 'd(sin(x^2))/dx = 2x cos(x^2)'],
    ['sin(x^2)', 'd(sin(x^2))/d x = 2x cos(x^2)'],
    ['sin(t^2)', 'd(sin(t^2))/dt = 2t cos(t^2)'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer).verdict).toBe('correct');
  });
  test('over another variable it is no left side: an equation, refused', () => {
    expect(() => check('sin(x^2)', 'd(sin(x^2))/dy = 2x cos(x^2)')).toThrow(/equation/);
  });
});

describe('a TeX group is not shown, so it is no bracket and no level of its own (MathType)', () => {
  test.each([
    ['e^(sin(x))', '\\cos x{{\\rm{e}}^{\\sin x}}'],
    ['e^(sin(x))', '\\cos x{e^{\\sin x}}'],
    ['sin(x)^2', '2\\sin x{\\cos x}'],
    ['x e^x', '{e^x} + x{e^x}'],
    ['sin(x^2)', '2x\\cos {x^2}'],
  ])('%s answered %s is correct', (f, answer) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('correct');
    expect(result.warnings).toEqual([]);
  });
  test('a bracket shown inside a group still multiplies two ways', () => {
    expect(check('sin(2x)', '\\cos 2x{(2)}').verdict).toBe('needs_brackets');
  });
});

describe('a LaTeX line break at the very end, as a row of an align environment is copied', () => {
  test.each([
    ['2x \\cos (x^2)\\\\'],
    ['2x \\cos (x^2) \\\\ \\, '],
    ['$2x \\cos (x^2)\\\\$'],
    ['2x \\cos\\left(x^2\\right).\\\\'],
  ])('sin(x^2) answered %s is correct', (answer) => {
    expect(check('sin(x^2)', answer, { format: 'latex' }).verdict).toBe('correct');
  });
  test.each([['2x \\\\ \\cos (x^2)'], ['2x \\cos (x^2)\\\\\\\\'], ['\\\\']])('%s, a break inside or two of them, is refused', (answer) => {
    expect(() => check('sin(x^2)', answer, { format: 'latex' })).toThrow(/line break/);
  });
});

describe("a style's one-letter argument unbraced, as TeX takes it", () => {
  test.each([
    ['e^(x^2)', '2x\\mathrm e^{x^2}'],
    ['e^(x^2)', '2x{\\mathrm  e}^{x^2}'],
    ['e^(x^2)', '2x\\mathit e^{x^2}'],
    ['sin(x^2)', '\\frac{\\mathrm d y}{\\mathrm d x} = 2x\\cos x^2'],
    ['pi x^2', '2\\mathrm\\pi x'],
  ])('%s answered %s is correct', (f, answer) => {
    expect(check(f, answer, { format: 'latex' }).verdict).toBe('correct');
  });
  test('a style before what is not a letter, a number or a command still needs braces', () => {
    expect(() => check('x^2', '2\\mathrm +x', { format: 'latex' })).toThrow(/braces/);
    expect(() => check('x^2', '2x\\mathrm', { format: 'latex' })).toThrow(/braces/);
    // Before a run of letters the run was meant upright (\mathrm ch x, \mathrm cos x): its braces are asked for.
    expect(() => check('\\sinh x', '\\mathrm ch x', { format: 'latex' })).toThrow(/braces/);
    expect(() => check('\\sin x', '\\mathrm cos x', { format: 'latex' })).toThrow(/braces/);
  });
});

describe('maths letters in LaTeX are the letters they show, as in text (ℯ U+212F for Euler\'s e)', () => {
  test.each([
    ['e^(x^2)', '2x\\,ℯ^{x^2}', 'latex'],
    ['e^(x^2)', '2x ℯ^(x^2)', 'text'],
    ['x e^x', '\\mathrm{e}^x + 𝑥\\,ℯ^{𝑥}', 'latex'],
    ['pi x^2', '2𝜋x', 'latex'],
    ['x^2', '2ｘ', 'latex'],
  ] as const)('%s answered %s (%s) is correct', (f, answer, format) => {
    const result = check(f, answer, { format });
    expect(result.verdict).toBe('correct');
    expect(result.warnings).toEqual([]);
  });
  test('written against a letter it is a word of letters, in LaTeX as in text', () => {
    for (const format of ['latex', 'text'] as const) {
      const result = check('e^(x^2)', '2xℯ^{x^2}', { format });
      expect(result.verdict).toBe('correct');
      expect(result.warnings.map((w) => w.code)).toEqual(['implicit_split']);
    }
  });
  test('a superscript letter is not folded to a letter: xˣ stays refused', () => {
    expect(() => check('x^2', 'xˣ', { format: 'latex' })).toThrow(/unexpected/);
  });
});

describe("plain TeX's \\over: its group is the fraction (MathType, Maple)", () => {
  test.each([
    ['\\sqrt{x}', '{1 \\over {2\\sqrt x }}'],
    ['\\sqrt{x}', '{{1}\\over{2\\,\\sqrt{x}}}'],
    ['\\sqrt{x}', '1 \\over 2\\sqrt x'],
    ['ln(x^2+1)', '{2x \\over x^2+1}'],
    ['sqrt(x)', '{x^{-1 \\over 2} \\over 2}'],
    ['sin(x^2)', '{dy \\over dx} = 2x\\cos x^2'],
  ])('%s answered %s is correct', (f, answer) => {
    const result = check(f, answer, { format: 'latex' });
    expect(result.verdict).toBe('correct');
    expect(result.warnings).toEqual([]);
  });
  test('a wrong fraction in it is wrong', () => {
    expect(check('\\sqrt{x}', '{1 \\over \\sqrt x}', { format: 'latex' }).verdict).toBe('incorrect');
  });
  test.each([
    ['{1 \\over 2 \\over x}', /only one \\over/],
    ['\\left(1 \\over 2x\\right)', /bracket opened on one side/],
    ['{n \\atop k}', /without a fraction bar/],
    ['{n \\choose k}', /binomial/],
  ])('%s is refused', (answer, why) => {
    expect(() => check('x^2', answer, { format: 'latex' })).toThrow(why);
  });
});

describe('∜ is the fourth root, read as √ and ∛ are', () => {
  test.each([
    ['x^(3/4)', '3/(4 ∜x)', 'text'],
    ['x^(3/4)', '3/(4∜(x))', 'text'],
    ['nthRoot(x, 4)', '1/(4 ∜x^3)', 'text'],
    ['x^(3/4)', '\\frac{3}{4∜x}', 'latex'],
    ['x^(3/4)', '<math><mfrac><mn>3</mn><mrow><mn>4</mn><mo>∜</mo><mi>x</mi></mrow></mfrac></math>', 'auto'],
  ] as const)('%s answered %s (%s) is correct', (f, answer, format) => {
    expect(check(f, answer, { format }).verdict).toBe('correct');
  });
  test('before a number and a letter it reads two ways, as √2x does', () => {
    const result = check('nthRoot(2, 4) x^2/2', '∜2x');
    expect(result.verdict).toBe('needs_brackets');
    expect(result.warnings.map((w) => w.code)).toContain('implicit_split');
  });
  test('its index is its own: a second argument is refused, a wrong root is wrong', () => {
    expect(() => check('x^2', '∜(x, 3)')).toThrow(/takes 1 argument/);
    expect(check('x^(3/4)', '3/(4 ∛x)').verdict).toBe('incorrect');
  });
});

describe('a space between groups of three digits: 20 000 is one number, said in a warning', () => {
  test.each([
    ['10000x^2', '20 000x', 'text'],
    ['10000x^2', '20 000 x', 'text'],
    ['10000x^2', '20\u2009000x', 'text'],
    ['10000x^2', '20\u202f000x', 'text'],
    ['10000x^2', '20\u00a0000 x', 'text'],
    ['500000x^2', '1 000 000x', 'text'],
    ['10000x^2', '20\\,000x', 'latex'],
    ['10000x^2', '20 000\\,x', 'latex'],
  ] as const)('%s answered %j (%s) is correct', (f, answer, format) => {
    const result = check(f, answer, { format });
    expect(result.verdict).toBe('correct');
    expect(result.warnings.map((w) => w.code)).toEqual(['digit_groups']);
  });
  test.each([['20  000x'], ['20 00x'], ['20 0000x'], ['2.5 000x'], ['20 000.5x'], ['1234 567x']])('%j is still two numbers in a row', (answer) => {
    expect(() => check('10000x^2', answer)).toThrow(/two numbers in a row/);
  });
  test('an exponent or a name before the number keeps its reading', () => {
    expect(check('x^2', 'e^2 100x').answer?.text).toBe('e^2*100*x');
  });
  test('a group of three digits left apart starting with 0 is no factor: x^2 000 is refused (it was x²·0, silently)', () => {
    expect(() => check('5', 'x^2 000')).toThrow(/two numbers in a row/);
    expect(() => check('5', 'x^-2 000')).toThrow(/two numbers in a row/);
    expect(() => check('5', 'x^{-2} 000', { format: 'latex' })).toThrow(/two numbers in a row/);
  });
  test('a thin or no-break space, \\, and a MathML <mn> are only a thousands mark: one reading', () => {
    for (const [answer, format] of [['2\\,250x', 'latex'], ['2\u2009250x', 'text'], ['2\u00a0250x', 'text'],
      ['<math><mn>2&#160;250</mn><mi>x</mi></math>', 'mathml'], ['<math><mn>2 250</mn><mi>x</mi></math>', 'mathml']] as const) {
      // The function is text: a MathML answer is told apart by its <math> element.
      const result = check('1125*x^2', answer, format === 'mathml' ? {} : { format });
      expect(result.verdict).toBe('correct');
      expect(result.answer?.text).toBe('2250*x');
    }
  });
  test('a first group starting with 0 is no thousands', () => {
    expect(() => check('sin(x)', 'cos(x) + 0 002')).toThrow(/two numbers in a row/);
  });
  test('every place that takes a number says so (a coefficient over it)', () => {
    expect(check('x/1000', '1/1 000').warnings.map((w) => w.code)).toEqual(['digit_groups']);
  });
  test('groups that could each be a factor (none starts with 0) read two ways: an answer written factor by factor', () => {
    // 2 250 (x^2+1) 2x: 2·250·(x^2+1)·2x is right, 2250·… is not: the notation decides, and it does not say.
    const product = check('250*(x^2+1)^2', '2 250 (x^2+1) 2x');
    expect(product.verdict).toBe('needs_brackets');
    expect(product.readings?.map((r) => [r.text, r.verdict])).toEqual([
      ['2250*(x^2 + 1)*2*x', 'incorrect'],
      ['2*250*(x^2 + 1)*2*x', 'correct'],
    ]);
    // Both readings agree: graded, with the documented reading's warning.
    const agreeing = check('x^3', '3x^2 + 0*2 100');
    expect(agreeing.verdict).toBe('correct');
    expect(agreeing.warnings.map((w) => w.code)).toContain('digit_groups');
  });
});

describe('Russian and French names of the hyperbolic functions, and arc written apart', () => {
  test.each([
    ['sh(x)', 'ch(x)'],
    ['sinh(x)', 'ch x'],
    ['sinh(x^2)', '2x ch(x^2)'],
    ['th(x)', '1/ch^2(x)'],
    ['th(x)', '1/ch^2 x'],
    ['cth(x)', '-1/sh^2(x)'],
    ['arsh(x)', '1/sqrt(x^2+1)'],
    ['argsh(2x)', '2/sqrt(4x^2+1)'],
    ['arch(x)', '1/sqrt(x^2-1)'],
    ['argch(x)', '1/sqrt(x^2-1)'],
    ['arth(x)', '1/(1-x^2)'],
    ['argth(x)', '1/(1-x^2)'],
    ['arc sin(x)', '1/sqrt(1-x^2)'],
    ['asin(x)', '1/sqrt(1-x^2) + 0*arc sin(x)'],
    ['arc cos x', '-1/sqrt(1-x^2)'],
    ['arc tg x', '1/(1+x^2)'],
    ['arctg(x)', '1/(1+x^2)'],
    ['tg(x)', '1/cos^2 x'],
    ['asin(x)', '\\frac{1}{\\sqrt{1-x^2}} + 0 \\cdot arc\\sin x'],
    ['sinh(x)', '\\operatorname{ch} x'],
    ['sinh(x)', '<math><mi>ch</mi><mo>&#x2061;</mo><mi>x</mi></math>'],
    ['sinh(x)', '<math><mi>c</mi><mi>h</mi><mo>&#x2061;</mo><mi>x</mi></math>'],
    ['-cos(x)', '<math><mi>sen</mi><mo>&#x2061;</mo><mi>x</mi></math>'],
  ])('%s answered %s is correct', (f, answer) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('correct');
    // A lettered name (sh, ch, th…) read as its function is said, as any split of letters is; nothing else is.
    const lettered = /(?:^|[^a-z])(?:ar[cg]?)?c?(?:sh|ch|th)\b/i.test(f + ' ' + answer.replace(/<[^>]*>/g, '').replace(/\\operatorname\{ch\}/, ''));
    for (const w of result.warnings) {
      expect(w.code).toBe('implicit_split');
      expect(w.message).toMatch(/ as (?:a?(?:sin|cos|tan|cot|sec)h|cosh)/);
    }
    if (!lettered) expect(result.warnings).toEqual([]);
  });

  test.each([
    // Review of the change: the function's own letters win even where it applies the function too.
    ['c*h*cosh(x)', 'ch sinh(x)', 'c*h*sinh(x)', 'correct'],
    ['s*h*sinh(x)', 'sh cosh(x)', 's*h*cosh(x)', 'correct'],
    ['t*h*tanh(x)', 'th sech^2 x', 't*h*sech(x)^2', 'correct'],
    // A power as a superscript or in TeX's braces applies the name as ^2 does.
    ['tanh(x)', '1/ch²x', '1/cosh(x)^2', 'correct'],
    ['\\tanh x', '\\frac{1}{ch^2 x}', '1/cosh(x)^2', 'correct'],
    // sch (sech) and arc + sh, ch (arcsh, arcch) are names of their own, not s·ch or a·r·c·sh.
    ['sech(x)', '-sch x th x', '-sech(x)*tanh(x)', 'correct'],
    // A bracket right after the name is the function's, own letters or not (second review of the change).
    ['x*cosh(h*x)+c', 'ch(hx) + hx sh(hx)', 'cosh(h*x) + h*x*sinh(h*x)', 'correct'],
    ['s*cosh(h*x)', 's h sh(hx)', 's*h*sinh(h*x)', 'correct'],
    ['sinh(x)^3', '3sh^(2) x ch x', '3*sinh(x)^2*cosh(x)', 'correct'],
    // Spanish and Portuguese: tgh, cotgh.
    ['tgh(2x)', '2/cosh^2(2x)', '2/cosh(2*x)^2', 'correct'],
    ['coth(x)', '-1/senh^2 x + 0*cotgh x', '-1/sinh(x)^2 + 0*coth(x)', 'correct'],
    ['asinh(x)', 'arcsh x', 'arsinh(x)', 'incorrect'],
    ['acosh(x)', '1/sqrt(x^2-1) + 0*arcch x', '1/sqrt(x^2 - 1) + 0*arcosh(x)', 'correct'],
  ])('%s answered %s reads %s (%s)', (f, answer, read, verdict) => {
    const result = check(f, answer);
    expect(result.answer?.text).toBe(read);
    expect(result.verdict).toBe(verdict);
  });

  test('in a function, a lettered name applied is its function, and the warning says so', () => {
    const result = check('ch sin(x)', 'sinh(sin(x))*cos(x)');
    expect(result.verdict).toBe('correct');
    expect(result.warnings).toEqual([expect.objectContaining({ field: 'function', code: 'implicit_split', message: "read 'ch' as cosh" })]);
  });

  test('with the variable t, th and ch are still functions where applied', () => {
    expect(check('sinh(t)', 'ch(t)', { variable: 't' }).verdict).toBe('correct');
    expect(check('th(t^2)', '2t/ch^2(t^2)', { variable: 't' }).verdict).toBe('correct');
  });

  test('a wrong answer in them is wrong: ch is cosh, not c·h·x', () => {
    expect(check('sh(x)', 'sh(x)').verdict).toBe('incorrect');
    expect(check('sh(x)', 'sh(x)').answer?.text).toBe('sinh(x)');
  });

  test.each([
    // The function's own letters: c·h, with the split said.
    ['c*h*x^2', '2chx', '2*c*h*x'],
    ['c*h*x^2', '2ch x', '2*c*h*x'],
    ['c*h*x^2', '<math><mn>2</mn><mi>c</mi><mi>h</mi><mi>x</mi></math>', '2*c*h*x'],
    ['c*h*e^x', 'che^x', 'c*h*e^x'],
    ['s*h*x', 'sh', 's*h'],
  ])('%s answered %s keeps the letters (%s) and says so', (f, answer, read) => {
    const result = check(f, answer);
    expect(result.verdict).toBe('correct');
    expect(result.answer?.text).toBe(read);
    expect(result.warnings.map((w) => w.code)).toContain('implicit_split');
  });

  test('not applied, the letters are letters: at the end, before a sign or an operator', () => {
    expect(check('x^2', '2x + ch').answer?.text).toBe('2*x + c*h');
    expect(check('x^2', 'ch - x').answer?.text).toBe('c*h - x');
    expect(check('x^2', '2x*ch^2').answer?.text).toBe('2*x*c*h^2');
  });
});

describe("Newton's dot as the left side of an answer whose variable is t", () => {
  test.each([
    ['\\dot{x}=2t\\cos\\left(t^2\\right)'],
    ['\\dot x = 2t\\cos(t^2)'],
    ['\\dot{ y } = 2t\\cos(t^2)'],
    ['ẋ = 2t cos(t^2)'],
    ['ẋ(t) = 2t cos(t^2)'],
    ['\\dot{x}(t) = 2t\\cos(t^2)'],
    ['x\u0307 = 2t cos(t^2)'],
  ])('sin(t^2) answered %s is correct', (answer) => {
    const result = check('sin(t^2)', answer, { variable: 't' });
    expect(result.verdict).toBe('correct');
  });
  test('a wrong right side is still wrong', () => {
    expect(check('sin(t^2)', 'ẋ = cos(t^2)', { variable: 't' }).verdict).toBe('incorrect');
  });
  test.each([
    // Another variable: no time derivative.
    ['sin(x^2)', '\\dot{y}=2x\\cos x^2', 'x'],
    ['sin(x^2)', 'ẏ = 2x cos(x^2)', 'x'],
    // Anywhere but the left side, or over anything but a letter.
    ['sin(t^2)', '2t\\cos(t^2) + 0\\dot x', 't'],
    ['sin(t^2)', '2t cos(t^2) + 0ẋ', 't'],
    ['sin(t^2)', '\\dot{x} = \\dot{x}', 't'],
    ['sin(t^2)', '\\dot{x}_1 = 2t\\cos(t^2)', 't'],
    ['sin(t^2)', '\\dot{\\theta} = 2t\\cos(t^2)', 't'],
    ['sin(t^2)', '\\ddot{x} = 2t\\cos(t^2)', 't'],
    ['sin(t^2)', 'ẋ(s) = 2t cos(t^2)', 't'],
    ['sin(t^2)', '2t cos(t^2) + 0ẋ(t)', 't'],
  ])('%s answered %s (variable %s) is refused as an accent', (f, answer, variable) => {
    expect(() => check(f, answer, { variable })).toThrow(/accents are not supported/);
  });
});
