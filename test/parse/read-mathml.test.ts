/**
 * Presentation MathML, as MathType, WIRIS, MathLive and browsers write it, read into the same tree as
 * text and LaTeX; errors at their element; hostile XML refused (a 422's ReadError), never expanded,
 * never a crash or a hang.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ReadError } from '../../src/parse/errors.js';
import { elementPosition } from '../../src/parse/lex-mathml.js';
import { readEveryReading, readExpression } from '../../src/parse/read.js';
import { structuralKey } from '../../src/tree/nodes.js';
import { toText } from '../../src/tree/print-text.js';
import { tree } from '../helpers/mathjs-tree.js';

const M = (body: string) => `<math xmlns="http://www.w3.org/1998/Math/MathML">${body}</math>`;

function reads(input: string, expected: string): void {
  const result = readExpression(input);
  expect(result.format).toBe('mathml');
  expect(structuralKey(result.expr), `read ${toText(result.expr)}`).toBe(structuralKey(tree(expected)));
}

function refused(input: string, code = 'invalid_mathml'): ReadError {
  try {
    readExpression(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).code, (error as ReadError).message).toBe(code);
    expect((error as ReadError).hint).toBeTruthy();
    return error as ReadError;
  }
  throw new Error(`expected ${input} to be refused`);
}

describe('elements', () => {
  test.each([
    [M('<mn>2</mn><mi>x</mi><mi>cos</mi><mo>&#x2061;</mo><mrow><mo>(</mo><msup><mi>x</mi><mn>2</mn></msup><mo>)</mo></mrow>'), '2 x cos(x^2)'],
    [M('<mi>cos</mi><mo>&ApplyFunction;</mo><mi>x</mi><msup><mi>e</mi><mrow><mi>sin</mi><mo>&#x2061;</mo><mi>x</mi></mrow></msup>'), 'cos(x) e^sin(x)'],
    [M('<mfrac><mn>1</mn><mn>2</mn></mfrac><mi>cos</mi><mo>(</mo><mfrac><mi>x</mi><mn>2</mn></mfrac><mo>)</mo>'), '(1/2) cos(x/2)'],
    [M('<mfrac><mi>x</mi><msqrt><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><mn>1</mn></msqrt></mfrac>'), 'x / sqrt(x^2 + 1)'],
    [M('<mroot><mi>x</mi><mn>3</mn></mroot>'), 'nthRoot(x, 3)'],
    [M('<msup><mi>sin</mi><mn>2</mn></msup><mo>&#x2061;</mo><mi>x</mi>'), 'sin(x)^2'],
    [M('<msup><mrow><mo>(</mo><mn>3</mn><mi>x</mi><mo>+</mo><mn>1</mn><mo>)</mo></mrow><mn>4</mn></msup>'), '(3x+1)^4'],
    [M('<msup><mi>e</mi><mn>2</mn></msup><mi>x</mi>'), 'e^2 * x'],
    [M('<mn>3</mn><mo>&InvisibleTimes;</mo><mi>x</mi><mo>&minus;</mo><mn>1</mn>'), '3 x - 1'],
    [M('<msub><mi>log</mi><mn>2</mn></msub><mo>&#x2061;</mo><mi>x</mi>'), 'log2(x)'],
    [M('<msub><mi>w</mi><mn>1</mn></msub><mi>x</mi>'), 'w_1 * x'],
    [M('<mfenced><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow></mfenced><mi>x</mi>'), '(x + 1) x'],
    [M('<mn>2,5</mn><mi>x</mi>'), '2.5 x'],
    [M('<mi mathvariant="normal">&#x3C0;</mi><mi>x</mi>'), 'pi x'],
    [M('<mstyle displaystyle="true"><mi>x</mi><mphantom><mn>0</mn></mphantom></mstyle>'), 'x'],
    ['<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:mi>x</mml:mi><mml:mo>+</mml:mo><mml:mn>1</mml:mn></mml:math>', 'x + 1'],
    ['<?xml version="1.0"?>' + M('<mi>x</mi>'), 'x'],
    ['<mrow><mn>2</mn><mi>x</mi><mo>cos</mo><mrow><mo>(</mo><msup><mi>x</mi><mn>2</mn></msup><mo>)</mo></mrow></mrow>', '2 x cos(x^2)'],
    ['«math xmlns=¨http://www.w3.org/1998/Math/MathML¨»«msup»«mi»e«/mi»«mrow»«mo»-«/mo»«mi»x«/mi»«/mrow»«/msup»«/math»', 'e^(-x)'],
    [M('<semantics><mrow><mi>x</mi></mrow><annotation encoding="TeX">y</annotation></semantics>'), 'x'],
    [M('<mi>cos</mi><mo>&#xA0;</mo><mi>x</mi><mo>&#xA0;</mo><msup><mi>e</mi><mi>x</mi></msup>'), 'cos(x) e^x'],
  ])('%s', (input, expected) => reads(input, expected));
  test('a derivative left side in MathML is dropped', () => {
    reads(M("<msup><mi>f</mi><mo>′</mo></msup><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mn>2</mn><mi>x</mi>"), '2 x');
  });
  test('format mathml is taken as asked', () => {
    expect(readExpression(M('<mi>x</mi>'), { format: 'mathml' }).format).toBe('mathml');
  });
});

describe('errors at their element', () => {
  test('an unknown name in <mi> points at the element', () => {
    const input = M('<mn>2</mn><mi>sinn</mi><mo>(</mo><mi>x</mi><mo>)</mo>');
    const error = refused(input, 'unknown_name');
    expect(error.position).toBe(elementPosition(input, 'mi>sinn'));
  });
  test.each([
    [M('<mtable><mtr><mtd><mn>1</mn></mtd></mtr></mtable>'), 'mtable'],
    [M('<mover><mi>x</mi><mo>¯</mo></mover>'), 'mover'],
    [M('<apply><sin/><ci>x</ci></apply>'), 'apply'],
    [M('<mfrac><mn>1</mn></mfrac>'), 'mfrac'],
    [M('<mfrac linethickness="0"><mi>n</mi><mi>k</mi></mfrac>'), 'mfrac'],
    [M('<ms>x</ms>'), 'ms'],
    [M('<foo>x</foo>'), 'foo'],
    [M('<msqrt></msqrt>'), 'msqrt'],
  ])('%s is refused at <%s>', (input, element) => {
    const error = refused(input);
    expect(error.position).toBe(elementPosition(input, element));
    expect(error.token).toBe(`<${element}>`);
  });
  test('not well-formed XML says where', () => {
    const error = refused(M('<mi>x</mo>'));
    expect(error.message).toMatch(/not well-formed at position \d+/);
    refused('<math><mi>x</mi>');
    refused(M('<mi>&undefinedentity;</mi>'));
  });
  test('a root that is not MathML', () => {
    refused('<math><mi>x</mi></math><math/>');
    expect(() => readExpression('<svg><text>x</text></svg>', { format: 'mathml' })).toThrow(ReadError);
  });
});

describe('hostile XML', () => {
  const laughs = `<?xml version="1.0"?><!DOCTYPE math [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><math><mi>&c;</mi></math>`;
  const external = `<?xml version="1.0"?><!DOCTYPE math [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><math><mi>&xxe;</mi></math>`;
  test.each([
    ['entity expansion (billion laughs)', laughs],
    ['an external entity', external],
    ['a DOCTYPE of any kind', '<!DOCTYPE math PUBLIC "-//W3C//DTD MathML 2.0//EN" "http://www.w3.org/Math/DTD/mathml2/mathml2.dtd"><math><mi>x</mi></math>'],
    ['deep nesting', `<math>${'<mrow>'.repeat(400)}<mi>x</mi>${'</mrow>'.repeat(400)}</math>`],
    ['too many elements', M('<mi>x</mi><mo>+</mo>'.repeat(4000) + '<mn>1</mn>')],
    ['too long', M(`<mtext>${'a'.repeat(60_000)}</mtext>`)],
    ['a processing instruction and comments around junk', '<math><?php system("id") ?><!-- x --><mi>x</mi><script>alert(1)</script></math>'],
  ])('%s is refused', (_what, input) => {
    const started = performance.now();
    expect(() => readExpression(input)).toThrow(ReadError);
    expect(performance.now() - started).toBeLessThan(2000);
  });
  test('a DOCTYPE is refused before its entities are read', () => {
    expect(refused(laughs).message).toMatch(/DOCTYPE/);
  });
  test('random markup only ever gives a tree or a ReadError', () => {
    const parts = ['<math>', '</math>', '<mi>', '</mi>', '<mo>', '</mo>', '<mn>', '</mn>', '<mrow>', '</mrow>', '<msup>', '</msup>',
      '<mfrac>', '</mfrac>', '<msqrt>', '</msqrt>', '<mroot>', '</mroot>', '<mspace/>', 'x', '2', 'sin', '(', ')', '+', '&#x2061;', '&nbsp;',
      '&amp;', '&lt;', '<!DOCTYPE a>', '<![CDATA[x]]>', '<!-- c -->', '"', "'", '=', '<mtable>', '&foo;', '«', '»'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 40 }), (pieces) => {
        const input = pieces.join('');
        try {
          readExpression(input, { format: 'mathml' });
        } catch (error) {
          if (!(error instanceof ReadError)) throw error;
          expect(error.position).toBeGreaterThanOrEqual(0);
          expect(error.position).toBeLessThanOrEqual([...input].length);
        }
      }),
      { numRuns: 2000, seed: 13 },
    );
  });
});

describe('a function spelled one letter at a time (an editor that does not know the name)', () => {
  test.each([
    [M('<mn>2</mn><mi>x</mi><mi>c</mi><mi>o</mi><mi>s</mi><mo>(</mo><msup><mi>x</mi><mn>2</mn></msup><mo>)</mo>'), '2 x cos(x^2)'],
    [M('<mn>2</mn><mi>x</mi><mi>l</mi><mi>n</mi><mi>x</mi>'), '2 x ln(x)'],
    [M('<mi>s</mi><mi>i</mi><mi>n</mi><mi>h</mi><mo>(</mo><mi>x</mi><mo>)</mo>'), 'sinh(x)'],
    [M('<mi>e</mi><mi>x</mi><mi>p</mi><mo>(</mo><mn>2</mn><mi>x</mi><mo>)</mo>'), 'exp(2 x)'],
    // Letters that spell nothing stay a product; a space keeps letters apart; a spelling with nothing
    // after it to apply to is letters (t·g is not tan, l·n not ln: review of the change).
    [M('<mi>a</mi><mi>b</mi>'), 'a b'],
    [M('<mi>t</mi><mi>g</mi>'), 't g'],
    [M('<mi>l</mi><mi>n</mi><mo>+</mo><mn>1</mn>'), 'l n + 1'],
    [M('<mi>l</mi><mspace/><mi>n</mi>'), 'l n'],
  ])('%s', (input, expected) => reads(input, expected));
});

/**
 * MathML as the LaTeX renderers write it for what a student types (real outputs: KaTeX 0.16
 * renderToString with output 'mathml', MathLive 0.10x convertLatexToMathMl, MathJax 3 from TeX), each
 * read as it shows.
 */
describe('what KaTeX, MathLive and MathJax write', () => {
  test.each([
    // MathLive puts U+2062 between any two factors, in an argument without brackets as well: sin 2x
    // shows as sin 2x and is sin(2x), never sin(2)·x.
    ['<mrow><mo>sin</mo><mn>2</mn><mo>&#8290;</mo><mi>x</mi></mrow>', 'sin(2 x)'],
    ['<mrow><mo>&#x2212;</mo><mi>k</mi><mo>&#8290;</mo><mo>sin</mo><mi>k</mi><mo>&#8290;</mo><mi>x</mi></mrow>', '-(k sin(k x))'],
    ['<mrow><mn>2</mn><mo>&#8290;</mo><msup><mo>sec</mo><mn>2</mn></msup><mn>2</mn><mo>&#8290;</mo><mi>x</mi></mrow>', '2 sec(2 x)^2'],
    // …and after a name it does not know (\operatorname{arctg} x), and before a slash it writes as <mi>.
    ['<mrow><mi>arctg</mi><mo>&#8290;</mo><mi>x</mi></mrow>', 'atan(x)'],
    ['<msup><mi>x</mi><mrow><mn>1</mn><mo>&#8290;</mo><mi>/</mi><mn>2</mn></mrow></msup>', 'x^(1/2)'],
    // MathLive's f′ has U+2061 inside the <msup>.
    ['<mrow><msup><mi>f</mi><mo>&#x2061;</mo><mi>′</mi></msup><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow><mo>=</mo><mn>2</mn><mo>&#8290;</mo><mi>x</mi></mrow>', '2 x'],
    // KaTeX's and MathLive's bar is U+2223 (|x|, \ln|x|, \left|x\right|).
    [M('<semantics><mrow><mi>ln</mi><mo>⁡</mo><mi mathvariant="normal">∣</mi><mi>x</mi><mi mathvariant="normal">∣</mi></mrow><annotation encoding="application/x-tex">\\ln|x|</annotation></semantics>'), 'ln(abs(x))'],
    [M('<mrow><mfrac><mi>x</mi><mrow><mo fence="true">∣</mo><mi>x</mi><mo fence="true">∣</mo></mrow></mfrac></mrow>'), 'x / abs(x)'],
    // KaTeX's \! is a thin space and U+2063, MathJax's and MathLive's a negative <mspace>: LaTeX's \!,
    // which neither separates nor ends an argument.
    [M('<mrow><mi>cos</mi><mo>⁡</mo><mtext>\u2009\u2063</mtext><mrow><mo fence="true">(</mo><msup><mi>x</mi><mn>2</mn></msup><mo fence="true">)</mo></mrow></mrow>'), 'cos(x^2)'],
    [M('<mi>sin</mi><mn>2</mn><mstyle scriptlevel="0"><mspace width="-0.167em"></mspace></mstyle><mi>x</mi>'), 'sin(2 x)'],
    // MathJax's decimal comma 2{,}5; KaTeX writes <mn>2,5</mn>.
    [M('<mn>2</mn><mrow data-mjx-texclass="ORD"><mo>,</mo></mrow><mn>5</mn><mi>x</mi>'), '2.5 x'],
    [M('<mn>0,125</mn><mi>x</mi>'), '0.125 x'],
  ])('%s', (input, expected) => reads(input, expected));

  test('MathLive\'s mixed number (U+2064 invisible plus) is one number, as 1½ is in text', () => {
    reads('<mrow><mn>1</mn><mo>&#x2064;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mi>x</mi></mrow>', '(1 + 1/2) x');
    reads('<mrow><mn>3</mn><mo>&#x2064;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mo>&#8290;</mo><msup><mi>x</mi><mn>2</mn></msup></mrow>', '(3 + 1/2) x^2');
    reads('<mrow><mi>x</mi><mo>&#8290;</mo><mn>1</mn><mo>&#x2064;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac></mrow>', 'x * (1 + 1/2)');
    // Not a fraction of numbers: the sum it says.
    reads(M('<mn>2</mn><mo>&#x2064;</mo><mfrac><mi>x</mi><mn>2</mn></mfrac>'), '2 + x/2');
    // Not a whole number before it: the sum it says too (a review found -1⁤½ read as -1 + ½ silently
    // inside a mixed number's brackets, and a blank <mn> crash the bracketing with a 500).
    reads(M('<mn>-1</mn><mo>&#x2064;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mi>x</mi>'), '-1 + 1/2 x');
    reads(M('<mn>0.5</mn><mo>&#x2064;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac>'), '0.5 + 1/2');
    for (const blank of ['', ' ', '&#x200b;', '&nbsp;']) {
      expect(() => readExpression(M(`<mn>${blank}</mn><mo>&#x2064;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac>`), { format: 'mathml' })).not.toThrow(TypeError);
    }
  });

  test('an <mroot> whose index was left empty is the square root, as \\sqrt[]{x} is', () => {
    // An editor's nth-root template with no index: it was refused with "'' closes a bracket that was never opened".
    reads(M('<mfrac><mn>1</mn><mrow><mn>2</mn><mroot><mi>x</mi><mrow/></mroot></mrow></mfrac>'), '1 / (2 sqrt(x))');
    reads(M('<mroot><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mrow></mrow></mroot>'), 'sqrt(x + 1)');
    reads(M('<mroot><mi>x</mi><mi></mi></mroot>'), 'sqrt(x)');
    reads(M('<mroot><mi>x</mi><mn>3</mn></mroot>'), 'nthRoot(x, 3)');
  });

  test('a whole number against a proper fraction of numbers reads both as a product and as a mixed number', () => {
    // Word, WIRIS and MathType write 1½ (a number, then a fraction template) so, as KaTeX and MathJax
    // write TeX's 1\\frac12: it was only the product 1·½, and 1½x² for x³/2 was graded incorrect.
    for (const input of [
      M('<mn>1</mn><mfrac><mn>1</mn><mn>2</mn></mfrac><msup><mi>x</mi><mn>2</mn></msup>'),
      M('<mn>1</mn><mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac><msup><mi>x</mi><mn>2</mn></msup>'),
    ]) {
      const { readings } = readEveryReading(input, { format: 'mathml' });
      expect(readings.map((r) => structuralKey(r.expr)), input).toEqual([structuralKey(tree('1 * (1/2) * x^2')), structuralKey(tree('(1 + 1/2) * x^2'))]);
    }
    // Invisible times says the product (MathLive writes a mixed number with invisible plus), and an
    // improper fraction or one with a letter is no mixed number.
    for (const input of [
      M('<mn>2</mn><mo>&#x2062;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mi>x</mi>'),
      M('<mn>2</mn><mfrac><mn>3</mn><mn>2</mn></mfrac><mi>x</mi>'),
      M('<mn>2</mn><mfrac><mn>1</mn><mi>x</mi></mfrac>'),
      M('<mn>1</mn><mo>&#x2064;</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mi>x</mi>'),
    ]) {
      expect(readEveryReading(input, { format: 'mathml' }).readings, input).toHaveLength(1);
    }
  });

  test('invisible times before a number is still the product it says (SymPy\'s 2·2ˣ·ln 2, MathLive\'s x·2)', () => {
    reads(M('<mrow><mn>2</mn><mo>&InvisibleTimes;</mo><msup><mn>2</mn><mi>x</mi></msup><mo>&InvisibleTimes;</mo><mrow><mi>log</mi><mrow><mo>(</mo><mn>2</mn><mo>)</mo></mrow></mrow></mrow>'), '2 * (2^x ln(2))');
    reads(M('<mn>2</mn><mo>&#x2062;</mo><msup><mrow><mn>3</mn><mi>x</mi></mrow><mn>2</mn></msup>'), '2 * (3x)^2');
    reads('<mrow><mi>x</mi><mo>&#8290;</mo><mn>2</mn></mrow>', 'x * 2');
  });

  test('a space put in on purpose still ends an argument, a negative one does not', () => {
    reads(M('<mi>sin</mi><mn>2</mn><mspace width="0.167em"/><mi>x</mi>'), 'sin(2) x');
    reads(M('<mi>sin</mi><mn>2</mn><mtext>\u2009</mtext><mi>x</mi>'), 'sin(2) x');
  });

  test('a decimal split across elements is the number it shows: <mn>2</mn><mo>.</mo><mn>5</mn>', () => {
    reads(M('<mn>2</mn><mo>.</mo><mn>5</mn><mi>x</mi>'), '2.5 * x');
    reads(M('<mn>2</mn><mi>.</mi><mn>5</mn><mi>x</mi>'), '2.5 * x');
    reads(M('<mn>0</mn><mrow><mo>.</mo></mrow><mn>25</mn><msup><mi>x</mi><mrow><mn>1</mn><mo>.</mo><mn>5</mn></mrow></msup>'), '0.25 * x ^ 1.5');
    // Between anything but two numbers it is still refused.
    refused(M('<mn>3</mn><mi>x</mi><mo>.</mo><mn>5</mn>'));
  });

  test('an explicit product still ends an argument without brackets', () => {
    reads(M('<mi>sin</mi><mo>&#x2061;</mo><mn>2</mn><mo>&#xB7;</mo><mi>x</mi>'), 'sin(2) x');
  });

  test('MathLive\'s d/dx is refused as derivative notation, as KaTeX\'s is', () => {
    refused('<mrow><mfrac><mi>d</mi><mrow><mi>d</mi><mo>&#8290;</mo><mi>x</mi></mrow></mfrac><mrow><mo>(</mo><msup><mi>x</mi><mn>2</mn></msup><mo>)</mo></mrow></mrow>', 'derivative_operator');
  });

  test('a comma with three digits after it is a decimal comma or a thousands separator: refused, both offered', () => {
    for (const input of [M('<mn>1,000</mn><mi>x</mi>'), M('<mn>1</mn><mrow data-mjx-texclass="ORD"><mo>,</mo></mrow><mn>000</mn><mi>x</mi>')]) {
      const error = refused(input, 'invalid_number');
      expect(error.position).toBe(elementPosition(input, 'mn'));
      expect(error.hint).toMatch(/1\.000.*1000/);
    }
  });

  test('text outside a token element is refused wherever it stands, the decimal comma joined or not', () => {
    for (const input of [M('<mi>x</mi>junk<mo>+</mo><mn>1</mn>'), M('<mn>2</mn><mrow><mo>,</mo></mrow>junk<mn>5</mn>'), M('<mn>2</mn> <mrow><mo>,</mo></mrow> <mn>5</mn>junk')]) {
      expect(refused(input).message).toMatch(/text outside a token element/);
    }
    reads(M('<mn>2</mn>\n  <mrow><mo>,</mo></mrow>\n  <mn>5</mn>'), '2.5');
  });

  test('an unbraced comma between numbers stays a comma', () => {
    expect(() => readExpression(M('<mn>2</mn><mo>,</mo><mn>5</mn>'))).toThrow(expect.objectContaining({ code: 'matrix' }));
  });
});

describe('enclosures and error marks', () => {
  test.each([
    // <maction> shows the child its selection names: reading the first read what was not shown.
    [M('<maction actiontype="toggle" selection="2"><mi>x</mi><mrow><mn>2</mn><mi>x</mi></mrow></maction>'), '2 x'],
    [M('<maction actiontype="tooltip"><mrow><mn>2</mn><mi>x</mi></mrow><mtext>derivative</mtext></maction>'), '2 x'],
    [M('<maction actiontype="toggle" selection="7"><mi>x</mi><mi>y</mi></maction>'), 'x'],
    // \boxed (KaTeX, MathJax; MathLive without <math> around it), \fbox: a frame is looked through.
    [M('<mrow><menclose notation="box"><mrow><mn>2</mn><mi>x</mi></mrow></menclose></mrow>'), '2 x'],
    ['<menclose notation="box"><mi>x</mi></menclose>', 'x'],
    [M('<menclose notation="roundedbox circle"><mi>x</mi></menclose>'), 'x'],
    // A radical enclosure is the square root it draws.
    [M('<mn>2</mn><menclose notation="radical"><mi>x</mi><mo>+</mo><mn>1</mn></menclose>'), '2 sqrt(x + 1)'],
  ])('%s', (input, expected) => reads(input, expected));

  test.each([
    // \cancel, \bcancel, \xcancel as KaTeX, MathJax and MathLive write them: a crossed-out factor
    // was read as if it were there (\cancel{2}x was 2x).
    [M('<mrow><menclose notation="updiagonalstrike"><mn>2</mn></menclose><mi>x</mi></mrow>'), 'updiagonalstrike'],
    [M('<menclose notation="downdiagonalstrike"><mn>2</mn></menclose><mi>x</mi>'), 'downdiagonalstrike'],
    [M('<menclose notation="updiagonalstrike downdiagonalstrike"><mn>2</mn></menclose><mi>x</mi>'), 'updiagonalstrike downdiagonalstrike'],
    [M('<menclose notation="box horizontalstrike"><mi>x</mi></menclose>'), 'horizontalstrike'],
    // No notation is MathML's default, a long division.
    [M('<menclose><mi>x</mi></menclose>'), 'longdiv'],
  ])('%s is refused, naming the notation', (input, notation) => {
    const error = refused(input);
    expect(error.position).toBe(elementPosition(input, 'menclose'));
    expect(error.message).toContain(`'${notation}'`);
  });

  test('MathJax\'s error mark is refused as one, not read as the student\'s expression', () => {
    for (const input of [
      M('<merror data-mjx-error="Missing argument for \\frac"><mtext>Missing argument for \\frac</mtext></merror>'),
      M('<mn>2</mn><merror><mi>x</mi></merror>'),
    ]) {
      const error = refused(input);
      expect(error.position).toBe(elementPosition(input, 'merror'));
      expect(error.message).toMatch(/marked this part as an error/);
    }
  });

  test('MathLive\'s fragments without <math>: a bare <mtext> or <menclose> is MathML', () => {
    expect(readExpression('<mtext>2x</mtext>').format).toBe('mathml');
    expect(readExpression('<menclose notation="box"><mi>x</mi></menclose>').format).toBe('mathml');
  });
});

describe('a full stop', () => {
  test('ending the expression ends its sentence, as in text', () => {
    reads(M('<semantics><mrow><mn>2</mn><mi>x</mi><mo>.</mo></mrow><annotation encoding="application/x-tex">2x.</annotation></semantics>'), '2 x');
    reads(M('<mn>3.</mn>'), '3');
  });
  test.each([
    // KaTeX's x.y, MathJax's, MathLive's: the dot was dropped, x·y. An editor writes a product as · or
    // U+2062, so a dot between elements is refused (typed text's x.y, a hand-written ·, is a product).
    [M('<mrow><mi>x</mi><mi mathvariant="normal">.</mi><mi>y</mi></mrow>'), 'mi'],
    [M('<mi>x</mi><mo>.</mo><mi>y</mi>'), 'mo'],
    ['<mrow><mi>x</mi><mn>.</mn><mo>&#8290;</mo><mi>y</mi></mrow>', 'mn'],
    [M('<mn>3</mn><mi>x</mi><mo>.</mo><mn>5</mn>'), 'mo'],
    [M('<mn>3.</mn><mi>x</mi>'), 'mn'],
  ])('anywhere else is refused: %s', (input, element) => {
    const error = refused(input);
    expect(error.token).toBe(`<${element}>`);
    // At the element holding the dot (the inputs are ASCII: a character is a code point).
    expect(error.position).toBe(input.lastIndexOf(`<${element}`, input.search(/>\d*\.</)));
  });
});

describe('HTML\'s named references, as an HTML editor storing the MathML in a page writes them', () => {
  test.each([
    [M('<mi>x</mi><mo>&sup2;</mo><mo>&ndash;</mo><mn>1</mn>'), 'x^2 - 1'],
    [M('<mn>3</mn><msup><mi>x</mi><mn>2</mn></msup><mo>&mdash;</mo><mn>1</mn>'), '3 x^2 - 1'],
    [M('<mn>&frac12;</mn><msup><mi>x</mi><mrow><mo>&minus;</mo><mn>&frac12;</mn></mrow></msup>'), '(1/2) x^(-(1/2))'],
    [M('<mi>ln</mi><mo>&VerticalBar;</mo><mi>x</mi><mo>&mid;</mo>'), 'ln(abs(x))'],
  ])('%s', (input, expected) => reads(input, expected));
  test('a name no table has is still refused, not guessed', () => {
    refused(M('<mi>&ImaginaryI;</mi>'));
  });
});
