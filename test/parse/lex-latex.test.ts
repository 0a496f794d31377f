import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits, type Limits } from '../../src/limits.js';
import { ReadError, type ReadErrorCode } from '../../src/parse/errors.js';
import { lexLatex, looksLikeLatex } from '../../src/parse/lex-latex.js';
import { CLOSING, type Token } from '../../src/parse/tokens.js';

/**
 * A token stream as one line: `fn:sin ^ ( num:2 ) word:x end`. Synthetic brackets print as plain
 * `(` `)`; brackets the user typed print as `open(` … `close)` so the two can never be confused.
 */
function render(tokens: readonly Token[]): string {
  return tokens.map(renderToken).join(' ');
}

function renderToken(t: Token): string {
  const bracket = t.bracket ?? '(';
  const renderings: Record<Token['kind'], () => string> = {
    number: () => `num:${t.value}`,
    word: () => `word:${t.name}`,
    function: () => `fn:${t.name}`,
    symbol: () => `sym:${t.name}`,
    op: () => t.name ?? '?',
    open: () => (t.synthetic ? bracket : `open${bracket}`),
    close: () => (t.synthetic ? CLOSING[bracket] : `close${CLOSING[bracket]}`),
    bar: () => '|',
    absOpen: () => 'abs|',
    absClose: () => '|abs',
    comma: () => ',',
    equals: () => '=',
    prime: () => "'",
    underscore: () => '_',
    end: () => 'end',
  };
  return renderings[t.kind]();
}

const lex = (input: string, limits: Limits = DEFAULT_LIMITS): string => render(lexLatex(input, limits));

/** The ReadError lexing throws (fails the test when it throws something else or nothing). */
function errorOf(input: string, limits: Limits = DEFAULT_LIMITS): ReadError {
  try {
    lexLatex(input, limits);
  } catch (error) {
    if (error instanceof ReadError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

function expectError(input: string, code: ReadErrorCode, position: number, limits: Limits = DEFAULT_LIMITS): ReadError {
  const error = errorOf(input, limits);
  expect({ code: error.code, position: error.position }).toEqual({ code, position });
  expect(error.message).toContain(`position ${position}`);
  return error;
}

describe('lexLatex: token streams', () => {
  it.each([
    ['\\sin^2 x', 'fn:sin ^ ( num:2 ) word:x end'],
    ['\\sin^{2}(x)', 'fn:sin ^ ( num:2 ) open( word:x close) end'],
    ['\\sin^{-1}x', 'fn:sin ^ ( - num:1 ) word:x end'],
    ['\\tan^{-1}\\left(x\\right)', 'fn:tan ^ ( - num:1 ) open( word:x close) end'],
    ['\\frac{1}{1+e^{-x}}', '( ( num:1 ) / ( num:1 + word:e ^ ( - word:x ) ) ) end'],
    ['\\dfrac{d}{dx}', '( ( word:d ) / ( word:dx ) ) end'],
    ['\\sqrt{x^2+1}', 'fn:sqrt ( word:x ^ ( num:2 ) + num:1 ) end'],
    ['\\sqrt[3]{x}', 'fn:nthRoot ( word:x , num:3 ) end'],
    ['\\left|x\\right|', 'abs| word:x |abs end'],
    ['\\ln\\left(\\cos 3x\\right)', 'fn:ln open( fn:cos num:3 word:x close) end'],
    ['\\log_{2}x', 'fn:log _ ( num:2 ) word:x end'],
    ['\\log_b(x)', 'fn:log _ ( word:b ) open( word:x close) end'],
    ['2x\\cdot\\cos(x^{2})', 'num:2 word:x * fn:cos open( word:x ^ ( num:2 ) close) end'],
    ['e^{\\sin x}', 'word:e ^ ( fn:sin word:x ) end'],
    ['\\mathrm{e}^{x}', 'sym:e ^ ( word:x ) end'],
    ['\\operatorname{sech}(x)', 'fn:sech open( word:x close) end'],
    ['\\pi x', 'sym:pi word:x end'],
    ['\\theta', 'sym:theta end'],
    ["f'(x)=2x", "word:f ' open( word:x close) = num:2 word:x end"],
    ['f^{\\prime}(x)', "word:f ' open( word:x close) end"],
    ['\\frac{dy}{dx} = 2x', '( ( word:dy ) / ( word:dx ) ) = num:2 word:x end'],
    ['y^\\prime', "word:y ' end"],
    ['3\\,x', 'num:3 word:x end'],
    ['$\\sin x$', 'fn:sin word:x end'],
    ['\\frac12', '( ( num:1 ) / ( num:2 ) ) end'],
    ['x^2', 'word:x ^ ( num:2 ) end'],
    ['1{,}5', 'num:1.5 end'],
  ])('%s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });
});

describe('lexLatex: fractions and roots', () => {
  it.each([
    ['\\frac1x', '( ( num:1 ) / ( word:x ) ) end'],
    ['\\frac{1}2', '( ( num:1 ) / ( num:2 ) ) end'],
    ['\\frac\\pi2', '( ( sym:pi ) / ( num:2 ) ) end'],
    ['\\frac 1 2', '( ( num:1 ) / ( num:2 ) ) end'],
    ['\\frac123', '( ( num:1 ) / ( num:2 ) ) num:3 end'], // TeX: one character per argument
    ['\\tfrac{a}{b}', '( ( word:a ) / ( word:b ) ) end'],
    ['\\cfrac{a}{b}', '( ( word:a ) / ( word:b ) ) end'],
    ['\\frac{\\frac{1}{x}}{2}', '( ( ( ( num:1 ) / ( word:x ) ) ) / ( num:2 ) ) end'],
    ['\\sqrt2', 'fn:sqrt ( num:2 ) end'],
    ['\\sqrt x', 'fn:sqrt ( word:x ) end'],
    ['\\sqrt(x+1)', 'fn:sqrt ( open( word:x + num:1 close) ) end'],
    ['\\sqrt[]{x}', 'fn:sqrt ( word:x ) end'],
    ['\\sqrt [n] {x+1}', 'fn:nthRoot ( word:x + num:1 , word:n ) end'],
    ['\\sqrt[\\sqrt[3]{2}]{x}', 'fn:nthRoot ( word:x , fn:nthRoot ( num:2 , num:3 ) ) end'],
  ])('%s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });
});

describe('lexLatex: powers, subscripts and primes', () => {
  it.each([
    ['e^2x', 'word:e ^ ( num:2 ) word:x end'],
    // A number is taken whole where TeX takes one digit: nobody means x^{2}3 (the reviews' 11x^10\\sin x).
    ['x^23', 'word:x ^ ( num:23 ) end'],
    ['x^-0.5', 'word:x ^ ( - num:0.5 ) end'],
    ['x^2.5', 'word:x ^ ( num:2.5 ) end'],
    // A function's power keeps TeX's one digit: the argument follows it.
    ['\\sec^22x', 'fn:sec ^ ( num:2 ) num:2 word:x end'],
    ['e^\\pi', 'word:e ^ ( sym:pi ) end'],
    ['e^{2x}', 'word:e ^ ( num:2 word:x ) end'],
    ['e^-x', 'word:e ^ ( - word:x ) end'],
    ['x^{-1}', 'word:x ^ ( - num:1 ) end'],
    ['e^(2x)', 'word:e ^ ( open( num:2 word:x close) ) end'],
    ['e^{(2x)}', 'word:e ^ ( open( num:2 word:x close) ) end'],
    ['e^\\left(x(1)\\right)+1', 'word:e ^ ( open( word:x open( num:1 close) close) ) + num:1 end'],
    ['e^\\left|x\\right|', 'word:e ^ ( abs| word:x |abs ) end'],
    ['\\log_{10}(x)', 'fn:log _ ( num:10 ) open( word:x close) end'],
    ['\\log_10', 'fn:log _ ( num:1 ) num:0 end'],
    ['\\log_28x', 'fn:log _ ( num:2 ) num:8 word:x end'],
    ['\\frac12', '( ( num:1 ) / ( num:2 ) ) end'],
    ["f''(x)", "word:f ' ' open( word:x close) end"],
    ['f^{\\prime\\prime}', "word:f ' ' end"],
    ['f^{ \\prime }(x)', "word:f ' open( word:x close) end"],
    ['f\\prime', "word:f ' end"],
    ['x^{\\primes}', null], // not a prime: an unknown command inside an exponent
    ['x²', 'word:x ^ ( num:2 ) end'],
    ['x⁻¹', 'word:x ^ ( - num:1 ) end'],
    ['{}^2', '^ ( num:2 ) end'],
  ])('%s', (input, expected) => {
    if (expected === null) expect(errorOf(input).code).toBe('invalid_latex');
    else expect(lex(input)).toBe(expected);
  });
});

describe('lexLatex: brackets and bars', () => {
  it.each([
    ['(x)[y]', 'open( word:x close) open[ word:y close] end'],
    ['{x+1}', 'open{ word:x + num:1 close} end'],
    ['\\{x\\}', 'open{ word:x close} end'],
    ['\\left[x\\right]', 'open[ word:x close] end'],
    ['\\left\\{x\\right\\}', 'open{ word:x close} end'],
    ['\\bigl(x\\bigr)', 'open( word:x close) end'],
    ['\\Bigl(x\\Bigr)', 'open( word:x close) end'],
    ['\\big(x\\big)', 'open( word:x close) end'],
    ['\\Big(x\\Big)', 'open( word:x close) end'],
    ['\\left (x\\right )', 'open( word:x close) end'],
    ['\\lvert x\\rvert', 'abs| word:x |abs end'],
    ['\\left\\vert x\\right\\vert', 'abs| word:x |abs end'],
    ['|x|', '| word:x | end'],
    ['\\vert x\\mid', '| word:x | end'],
    ['\\big|x\\big|', '| word:x | end'],
    ['\\left.x\\right|', 'word:x |abs end'],
    ['\\left(x\\right.', 'open( word:x end'],
    ['x}', 'word:x close} end'], // a stray brace is the grammar's to report, like a stray )
  ])('%s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });

  it('keeps the source text of sized brackets', () => {
    const [open, , close] = lexLatex('\\left(x\\right)', DEFAULT_LIMITS);
    expect(open).toMatchObject({ kind: 'open', bracket: '(', text: '\\left(', start: 0, end: 6 });
    expect(close).toMatchObject({ kind: 'close', bracket: '(', text: '\\right)', start: 7, end: 14 });
    expect(open?.synthetic).toBeUndefined();
  });
});

describe('lexLatex: operators, names and numbers', () => {
  it.each([
    ['a\\times b\\ast c\\cdotp d*e', 'word:a * word:b * word:c * word:d * word:e end'],
    ['a\\div b/c', 'word:a / word:b / word:c end'],
    ['a−b+c-d', 'word:a - word:b + word:c - word:d end'],
    ['x=1,2', 'word:x = num:1 , num:2 end'],
    ['\\sinh\\cosh\\tanh\\coth\\sec\\csc\\cot', 'fn:sinh fn:cosh fn:tanh fn:coth fn:sec fn:csc fn:cot end'],
    ['\\arcsin\\arccos\\arctan\\exp\\ln\\log', 'fn:arcsin fn:arccos fn:arctan fn:exp fn:ln fn:log end'],
    ['\\sech x\\arsinh x', 'fn:sech word:x fn:arsinh word:x end'],
    ['\\operatorname*{arcsin}', 'fn:arcsin end'],
    ['\\operatorname{f}(x)', 'word:f open( word:x close) end'],
    ['\\mathrm{d}x', 'word:d word:x end'],
    ['\\mathrm{sin}x', 'fn:sin word:x end'],
    ['\\text{ ln } x', 'fn:ln word:x end'],
    ['\\mathit{kt}', 'word:kt end'],
    ['\\textrm{12}', 'num:12 end'],
    ['\\exponentialE^{x}', 'sym:e ^ ( word:x ) end'],
    ['\\differentialD x', 'word:d word:x end'],
    ['\\varphi\\vartheta\\varepsilon\\epsilon', 'sym:phi sym:theta sym:epsilon sym:epsilon end'],
    ['\\Gamma\\Delta\\Omega\\Pi', 'sym:Gamma sym:Delta sym:Omega sym:Pi end'],
    ['πx+αθω', 'sym:pi word:x + sym:alpha sym:theta sym:omega end'],
    ['sin x', 'word:sin word:x end'],
    ['kt', 'word:kt end'],
    ['2.5 .5 10', 'num:2.5 num:0.5 num:10 end'],
    ['\\displaystyle\\frac12\\limits', '( ( num:1 ) / ( num:2 ) ) end'],
    ['x~\\quad\\qquad\\;\\:\\!\\ y', 'word:x word:y end'],
    ['\\(x\\)', 'word:x end'],
    ['\\[x\\]', 'word:x end'],
    ['  $$ x $$ ', 'word:x end'],
    ['', 'end'],
  ])('%s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });

  it('gives numbers their digits as text and value', () => {
    expect(lexLatex('1{,}5', DEFAULT_LIMITS)[0]).toMatchObject({ kind: 'number', value: 1.5, text: '1.5', start: 0, end: 5 });
    expect(lexLatex('2.50', DEFAULT_LIMITS)[0]).toMatchObject({ value: 2.5, text: '2.50' });
  });
});

describe('lexLatex: positions, text and spacing', () => {
  it('places typed tokens at their source offsets', () => {
    const tokens = lexLatex('\\sin^2 x', DEFAULT_LIMITS);
    expect(tokens.map((t) => [t.kind, t.start, t.end, t.text])).toEqual([
      ['function', 0, 4, '\\sin'],
      ['op', 4, 5, '^'],
      ['open', 4, 5, '^'],
      ['number', 5, 6, '2'],
      ['close', 4, 5, '^'],
      ['word', 7, 8, 'x'],
      ['end', 8, 8, ''],
    ]);
  });

  it('places synthetic fraction tokens at the command and braces that caused them', () => {
    const tokens = lexLatex('\\frac{a}{b}', DEFAULT_LIMITS);
    expect(tokens.map((t) => [t.kind, t.start, t.end, t.text, t.synthetic ?? false])).toEqual([
      ['open', 0, 5, '\\frac', true],
      ['open', 5, 6, '{', true],
      ['word', 6, 7, 'a', false],
      ['close', 7, 8, '}', true],
      ['op', 0, 5, '\\frac', true],
      ['open', 8, 9, '{', true],
      ['word', 9, 10, 'b', false],
      ['close', 10, 11, '}', true],
      ['close', 10, 11, '}', true],
      ['end', 11, 11, '', false],
    ]);
  });

  it('keeps offsets in the original input when math delimiters are stripped', () => {
    const tokens = lexLatex('$\\pi$', DEFAULT_LIMITS);
    expect(tokens[0]).toMatchObject({ kind: 'symbol', name: 'pi', start: 1, end: 4, text: '\\pi' });
    expect(tokens[1]).toMatchObject({ kind: 'end', start: 4, end: 4 });
  });

  it('moves the root index after the radicand but keeps its offsets', () => {
    const tokens = lexLatex('\\sqrt[3]{x}', DEFAULT_LIMITS);
    expect(tokens.find((t) => t.kind === 'number')).toMatchObject({ start: 6, end: 7 });
    expect(tokens[0]).toMatchObject({ kind: 'function', name: 'nthRoot', start: 0, end: 5, text: '\\sqrt' });
  });

  it('marks spaceBefore after whitespace and spacing commands only', () => {
    const spaced = (input: string) => lexLatex(input, DEFAULT_LIMITS).map((t) => t.spaceBefore);
    expect(spaced('3\\,x')).toEqual([false, true, false]);
    expect(spaced('3 x')).toEqual([false, true, false]);
    expect(spaced('3x')).toEqual([false, false, false]);
    expect(spaced('\\sqrt x')).toEqual([false, true, false, false, false]);
    expect(spaced('\\displaystyle x')).toEqual([true, false]);
  });

  it('counts error positions in code points', () => {
    // 𝑥 is the letter x (a maths letter, folded as the text reader folds it); 😀 is nothing here.
    expect(lex('ab𝑥')).toBe('word:abx end');
    expect(expectError('ab😀', 'unexpected_character', 2).token).toBe('😀');
    expectError('😀'.repeat(11), 'too_long', 10, resolveLimits({ maxLength: 10 }));
    expectError('π😀\\foo', 'unexpected_character', 1);
  });
});

describe('lexLatex: errors', () => {
  it('names unknown commands and suggests the closest', () => {
    const error = expectError('x+\\foo', 'invalid_latex', 2);
    expect(error.message).toBe('unknown LaTeX command \\foo at position 2');
    expect(error.token).toBe('\\foo');
    expect(expectError('\\sinn x', 'invalid_latex', 0).hint).toMatch(/did you mean \\sin\?/);
    expect(expectError('\\fracc{1}{2}', 'invalid_latex', 0).hint).toMatch(/did you mean \\frac\?/);
    expect(expectError('\\alfa', 'invalid_latex', 0).hint).toMatch(/did you mean \\alpha\?/);
    expect(expectError('\\cosxyz', 'invalid_latex', 0).hint).toMatch(/\\cos xyz/);
    expect(expectError('\\qaud', 'invalid_latex', 0).hint).toBe('did you mean \\quad?');
    expect(expectError('\\Sin x', 'invalid_latex', 0).hint).toBe('did you mean \\sin?');
    expect(errorOf('\\sinn x').message).toBe('unknown LaTeX command \\sinn at position 0');
  });

  it.each([
    ['\\infty', 0],
    ['x+\\sum', 2],
    ['\\int x', 0],
    ['\\lim x', 0],
    ['\\nabla f', 0],
    ['x^\\infty', 2],
    ['\\left\\langle x\\right\\rangle', 5],
    ['5!', 1],
  ])('refuses %s as unsupported', (input, position) => {
    const error = expectError(input, 'unsupported', position);
    expect(error.message).toMatch(/not supported/);
  });

  it.each([
    ['\\frac{1}', 0],
    ['\\frac', 0],
    ['x+\\frac{}{2}', 2],
    ['\\frac{1}}', 0],
    ['\\frac(1)(2)', 0],
    ['x^', 1],
    ['x^{}', 1],
    ['x^}', 1],
    ['\\log_', 4],
    ['\\sqrt', 0],
    ['\\sqrt{}', 0],
    ['\\left x', 0],
    ['x\\', 1],
    ['\\operatorname{x2}', 0],
    ['\\mathrm{x^2}', 0],
    ['\\(x\\)+\\(y\\)', 3],
  ])('refuses malformed %s as invalid_latex', (input, position) => {
    expectError(input, 'invalid_latex', position);
  });

  it.each([
    ['{x', 0],
    ['x+{{y}', 2],
    ['\\frac{1}{2', 8],
    ['e^(x', 2],
    ['{e^(x}', 3],
    ['\\sqrt[3{x}', 5],
    ['\\mathrm{e', 7],
  ])('reports the unclosed bracket of %s', (input, position) => {
    expectError(input, 'unclosed_bracket', position);
  });

  it('says what closes an unclosed bracket', () => {
    expect(expectError('e^\\left(x', 'unclosed_bracket', 2).hint).toBe('add the matching \\right)');
    expect(expectError('\\frac{1}{2', 'unclosed_bracket', 8).hint).toBe('add the matching }');
    expect(errorOf('x^').message).toBe('^ at position 1 needs an exponent');
  });

  it.each([
    ['1.2.3', 0],
    ['x+1.5.', 2],
    ['1{,}2{,}3', 0],
  ])('refuses the number in %s', (input, position) => {
    expect(expectError(input, 'invalid_number', position).token).toBe(input.slice(position));
  });

  it.each([
    ['a&b', 1],
    ['a\\\\b', 1],
    ['#1', 0],
    ['x%comment', 1],
    ['x\u0000', 1],
    ['x\u0007y', 1],
    ['x$y', 1],
    ['x@y', 1],
    ['.', 0],
    ['é', 0],
  ])('refuses the character in %j', (input, position) => {
    expectError(input, 'unexpected_character', position);
  });

  it('names control characters by code point', () => {
    expect(errorOf('x\u0000').message).toBe('unexpected control character U+0000 at position 1');
  });

  it('refuses inequalities as equations', () => {
    expectError('x\\le 2', 'equation', 1);
    expectError('x<2', 'equation', 1);
  });

  it('checks the length before anything else', () => {
    const limits = resolveLimits({ maxLength: 10 });
    expectError('\\frac{1}{2}+x', 'too_long', 10, limits);
    expectError('\u0000'.repeat(11), 'too_long', 10, limits);
    expect(lex('x'.repeat(10), limits)).toBe(`word:${'x'.repeat(10)} end`);
    // Ten characters that are twenty UTF-16 units are still ten characters: not too long.
    expect(errorOf('😀'.repeat(10), limits).code).toBe('unexpected_character');
    expect(lex('𝑥'.repeat(10), limits)).toBe(`word:${'x'.repeat(10)} end`);
  });

  it('limits nesting depth', () => {
    const limits = resolveLimits({ maxDepth: 3 });
    expect(lex('{{{x}}}', limits)).toBe('open{ open{ open{ word:x close} close} close} end');
    expectError('{{{{x}}}}', 'too_deep', 3, limits);
    expectError('\\frac{\\frac{\\frac{\\frac{1}{2}}{2}}{2}}{2}', 'too_deep', 23, limits);
    expectError('x^{x^{x^{x^{2}}}}', 'too_deep', 11, limits);
  });
});

describe('lexLatex: hostile input', () => {
  const huge = resolveLimits({ maxLength: 1_000_000, maxDepth: 60 });
  const unbounded = resolveLimits({ maxLength: 1_000_000, maxDepth: 1_000_000 });

  it('refuses 100,000 braces, whatever the limits (a hang would time the test out)', () => {
    const braces = '{'.repeat(100_000);
    expect(errorOf(braces).code).toBe('too_long');
    expect(errorOf(braces, huge).code).toBe('too_deep');
    expectError(braces, 'unclosed_bracket', 99_999, unbounded);
  });

  it('reads \\frac nested 10,000 deep without recursion', () => {
    const depth = 10_000;
    const nested = `${'\\frac{1}{'.repeat(depth)}x${'}'.repeat(depth)}`;
    expect(errorOf(nested, huge).code).toBe('too_deep');
    const tokens = lexLatex(nested, unbounded);
    expect(tokens.at(-1)?.kind).toBe('end');
    expect(tokens.length).toBe(depth * 8 + 2);
  });

  it('stays linear on long flat input', () => {
    const input = '\\sin x^{2}+'.repeat(50_000) + '1';
    expect(lexLatex(input, unbounded).at(-1)?.kind).toBe('end');
  });

  it('does not resolve commands through Object.prototype', () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      expect(errorOf(`\\${name}`).code).toBe('invalid_latex');
    }
  });
});

describe('lexLatex: property', () => {
  const alphabet = [
    '\\', '{', '}', '^', '_', 'x', 'e', 'a', 'd', '1', '2', '.', ',', ' ', '(', ')', '[', ']', '|', "'", '+', '-', '*', '/',
    '=', '$', 'frac', 'sqrt', 'left(', 'right)', 'left|', 'right|', 'sin', 'pi', 'prime', 'mathrm', 'operatorname',
    '{,}', 'cdot', 'left', 'right', '.', 'π', '²', '−', '&', '%', 'over', 'ℯ',
  ];
  const latexish = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((parts) => parts.join(''));

  it('throws nothing but ReadError and always ends with end', () => {
    const limits = resolveLimits({ maxDepth: 6 });
    fc.assert(
      fc.property(latexish, (input) => {
        let tokens: Token[];
        try {
          tokens = lexLatex(input, limits);
        } catch (error) {
          expect(error).toBeInstanceOf(ReadError);
          const { position } = error as ReadError;
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual([...input].length);
          return;
        }
        expect(tokens.at(-1)?.kind).toBe('end');
        expect(tokens.filter((t) => t.kind === 'end')).toHaveLength(1);
        for (const t of tokens) {
          expect(t.start).toBeGreaterThanOrEqual(0);
          expect(t.end).toBeGreaterThanOrEqual(t.start);
          expect(t.end).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps synthetic brackets balanced', () => {
    fc.assert(
      fc.property(latexish, (input) => {
        let tokens: Token[];
        try {
          tokens = lexLatex(input, DEFAULT_LIMITS);
        } catch {
          return;
        }
        let depth = 0;
        for (const t of tokens.filter((t) => t.synthetic)) {
          if (t.kind === 'open') depth++;
          if (t.kind === 'close') depth--;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("lexLatex: plain TeX's \\over", () => {
  it.each([
    // The group is the fraction, as \frac gives it; outside every group, the whole expression is.
    ['{1 \\over 2x}', 'open{ ( ( num:1 ) / ( num:2 word:x ) ) close} end'],
    ['a{1 \\over 2}b', 'word:a open{ ( ( num:1 ) / ( num:2 ) ) close} word:b end'],
    ['1 \\over 2x', '( ( num:1 ) / ( num:2 word:x ) ) end'],
    ['\\sqrt{1 \\over x}', 'fn:sqrt ( ( ( num:1 ) / ( word:x ) ) ) end'],
  ])('%s → %s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });

  it.each([
    ['{1 \\over 2 \\over 3}', 'invalid_latex', 11],
    ['{(1 \\over 2)}', 'invalid_latex', 4],
    ['\\left(1 \\over 2\\right)', 'invalid_latex', 8],
    ['{|x \\over 2|}', 'invalid_latex', 4],
    ['x^(1 \\over 2)', 'invalid_latex', 5],
    ['{\\over 2}', 'invalid_latex', 1],
    ['{2 \\over}', 'invalid_latex', 3],
    ['{n \\atop k}', 'invalid_latex', 3],
    ['{n \\choose k}', 'unsupported', 3],
  ] as const)('%s is refused (%s at %i)', (input, code, position) => {
    expectError(input, code, position);
  });
});

describe('looksLikeLatex', () => {
  it.each([
    ['\\frac{1}{2}', true],
    ['\\sin x', true],
    ['3\\,x', true],
    // MathQuill writes the space bar as `\ `: a student's `3 x^2`.
    ['3\\ x^2', true],
    ['2\\ x\\ e^{x}', true],
    ['2x\\ ', true],
    ['\\ x', true],
    // Not after a space, where MathQuill never writes it: a slash mistyped in text (x/2), refused as text.
    ['x \\ 2', false],
    ['2 x \\ 3', false],
    // A row copied from an align, its line break left at the end.
    ['3x^2 \\\\', true],
    ['$x^2$', true],
    ['\\(x\\)', true],
    ['\\[x\\]', true],
    ['e^{2x}', false],
    ['sin(x)', false],
    ['x^2 + 1', false],
    ['$', false],
  ])('%s → %s', (input, expected) => {
    expect(looksLikeLatex(input)).toBe(expected);
  });
});

describe('lexLatex: what editors and typists send (third review)', () => {
  it.each([
    // A fraction or a root right after ^ is the whole exponent, as KaTeX and MathJax read it.
    ['x^\\frac43', 'word:x ^ ( ( ( num:4 ) / ( num:3 ) ) ) end'],
    ['x^\\frac{-1}{2}', 'word:x ^ ( ( ( - num:1 ) / ( num:2 ) ) ) end'],
    ['x^-\\frac12+1', 'word:x ^ ( - ( ( num:1 ) / ( num:2 ) ) ) + num:1 end'],
    ['x^\\sqrt2', 'word:x ^ ( fn:sqrt ( num:2 ) ) end'],
    // MathQuill writes the space bar as `\ `, also as the last thing typed.
    ['2x\\ \\cos\\left(x^{2}\\right)\\ ', 'num:2 word:x fn:cos open( word:x ^ ( num:2 ) close) end'],
    ['2x\\ \\ ', 'num:2 word:x end'],
    // The full stop or comma of the sentence the formula ends.
    ['2x\\cos\\left(x^2\\right).', 'num:2 word:x fn:cos open( word:x ^ ( num:2 ) close) end'],
    ['2x,', 'num:2 word:x end'],
    ['2x\\text{.}', 'num:2 word:x end'],
    ['$2x.$', 'num:2 word:x end'],
    ['2x\\,', 'num:2 word:x end'],
    // Styles and colours change the looks, not the maths; a phantom is not shown.
    ['\\mathbf{2x}', 'open{ num:2 word:x close} end'],
    ['\\boldsymbol{2x}', 'open{ num:2 word:x close} end'],
    ['\\color{red}{2x}', 'open{ num:2 word:x close} end'],
    ['\\textcolor{blue}{2}x', 'open{ num:2 close} word:x end'],
    ['2x\\phantom{+1}', 'num:2 word:x end'],
  ])('%s → %s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });

  it('still refuses a lone backslash and a colour without its braces', () => {
    expectError('2x\\', 'invalid_latex', 2);
    expectError('\\color red', 'invalid_latex', 0);
  });
});
