/**
 * The named character references MathML editors write (WIRIS `&nbsp;`, MathType's and older MathML 2
 * translators' `&ApplyFunction;`, `&InvisibleTimes;`, `&minus;`, Greek letters). XML itself knows only
 * five; these are given to the parser one by one. A document's own entity declarations are never read
 * (a DOCTYPE is refused outright, see lex-mathml.ts), so no reference can expand to more than the one
 * character listed here.
 */
const GREEK = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu',
  'xi', 'omicron', 'pi', 'rho', 'sigmaf', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
];
const GREEK_FIRST_LOWER = 0x3b1;
const GREEK_FIRST_UPPER = 0x391;

/** Greek letters by name; the capitals sit 0x20 below, with a hole where a capital final sigma would be. */
function greekEntities(): Record<string, string> {
  const out: Record<string, string> = {};
  GREEK.forEach((name, k) => {
    out[name] = String.fromCodePoint(GREEK_FIRST_LOWER + k);
    if (name !== 'sigmaf') out[name.charAt(0).toUpperCase() + name.slice(1)] = String.fromCodePoint(GREEK_FIRST_UPPER + k);
  });
  out.epsiv = out.varepsilon = 'ϵ';
  out.thetav = out.vartheta = 'ϑ';
  out.phiv = out.varphi = 'ϕ';
  return out;
}

export const MATHML_ENTITIES: Readonly<Record<string, string>> = Object.freeze({
  ...greekEntities(),
  nbsp: '\u00a0',
  NonBreakingSpace: '\u00a0',
  thinsp: '\u2009',
  ThinSpace: '\u2009',
  hairsp: '\u200a',
  VeryThinSpace: '\u200a',
  MediumSpace: '\u205f',
  ensp: '\u2002',
  emsp: '\u2003',
  ZeroWidthSpace: '\u200b',
  NegativeThinSpace: '\u200b',
  NegativeMediumSpace: '\u200b',
  NegativeThickSpace: '\u200b',
  NegativeVeryThinSpace: '\u200b',
  NoBreak: '\u2060',
  ApplyFunction: '\u2061',
  af: '\u2061',
  InvisibleTimes: '\u2062',
  it: '\u2062',
  InvisibleComma: '\u2063',
  ic: '\u2063',
  minus: '\u2212',
  plus: '+',
  times: '\u00d7',
  middot: '\u00b7',
  centerdot: '\u00b7',
  CenterDot: '\u00b7',
  sdot: '\u22c5',
  divide: '\u00f7',
  div: '\u00f7',
  sol: '/',
  ast: '*',
  lpar: '(',
  rpar: ')',
  lsqb: '[',
  rsqb: ']',
  lbrack: '[',
  rbrack: ']',
  lcub: '{',
  rcub: '}',
  lbrace: '{',
  rbrace: '}',
  verbar: '|',
  vert: '|',
  VerticalLine: '|',
  comma: ',',
  period: '.',
  equals: '=',
  prime: '\u2032',
  Prime: '\u2033',
  radic: '\u221a',
  Sqrt: '\u221a',
  ExponentialE: '\u2147',
  ee: '\u2147',
  DifferentialD: '\u2146',
  dd: '\u2146',
  PartialD: '\u2202',
  part: '\u2202',
  infin: '\u221e',
  plusmn: '\u00b1',
  PlusMinus: '\u00b1',
  // HTML's own names, which an HTML editor that stores the MathML in a page (TinyMCE encodes named
  // entities by default) may write for characters the reader takes: x&sup2;, &frac12;, a dash for minus,
  // and the bar KaTeX writes as U+2223.
  sup1: '\u00b9',
  sup2: '\u00b2',
  sup3: '\u00b3',
  frac12: '\u00bd',
  frac14: '\u00bc',
  frac34: '\u00be',
  ndash: '\u2013',
  mdash: '\u2014',
  mid: '\u2223',
  VerticalBar: '\u2223',
  le: '\u2264',
  ge: '\u2265',
  ne: '\u2260',
});
