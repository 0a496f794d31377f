/**
 * Names a reader may meet: Greek letters, the constants e and π, and the words that are refused
 * outright (derivative operators, mathjs and JavaScript internals). Shared by both lexers and the
 * word resolver, so every reader agrees on what a name means.
 */
import { msg, type Message } from '../i18n/message.js';
import { allSpellings, isLetteredSpelling } from '../functions/elementary.js';
import { checkpoint } from '../deadline.js';

/** Lower-case Greek letters by unicode character → the ASCII symbol name used in the tree. */
const GREEK_LOWER: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ϵ: 'epsilon', ζ: 'zeta', η: 'eta',
  θ: 'theta', ϑ: 'theta', ι: 'iota', κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', ρ: 'rho',
  σ: 'sigma', τ: 'tau', υ: 'upsilon', φ: 'phi', ϕ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega',
};
const GREEK_UPPER: Record<string, string> = {
  Γ: 'Gamma', Δ: 'Delta', Θ: 'Theta', Λ: 'Lambda', Ξ: 'Xi', Σ: 'Sigma', Υ: 'Upsilon', Φ: 'Phi',
  Ψ: 'Psi', Ω: 'Omega',
};

/** Every Greek letter name a symbol may have, for words spelled out (`theta`, `omega`). */
export const GREEK_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(GREEK_LOWER),
  ...Object.values(GREEK_UPPER),
]);

/** LaTeX's variant letters, by command name → the letter's name (\vartheta is θ). */
export const LATEX_GREEK_VARIANTS: Readonly<Record<string, string>> = {
  varepsilon: 'epsilon',
  vartheta: 'theta',
  varphi: 'phi',
  varrho: 'rho',
  varsigma: 'sigma',
  varkappa: 'kappa',
};

/** The longest Greek letter's name (a bound on a piece of a word: resolve-words.ts). */
export const LONGEST_GREEK_NAME = Math.max(...[...GREEK_NAMES].map((name) => name.length));

/** The symbol name of a Greek character, or undefined (π is the constant pi, handled apart). */
export function greekName(char: string): string | undefined {
  // Own properties only: a variable option "__proto__" or "constructor" must not find Object's.
  if (Object.hasOwn(GREEK_LOWER, char)) return GREEK_LOWER[char];
  if (Object.hasOwn(GREEK_UPPER, char)) return GREEK_UPPER[char];
  return undefined;
}

/** Unicode of a Greek symbol name, for messages that quote what the student typed. */
export function isGreekChar(char: string): boolean {
  return greekName(char) !== undefined;
}

/**
 * Root signs written as one character, shared by every reader: the function each names and, for ∜,
 * the index it carries (∜x is nthRoot(x, 4), there being no function of its own).
 */
export const ROOT_SIGNS: ReadonlyMap<string, { name: string; index?: number }> = new Map([
  ['√', { name: 'sqrt' }],
  ['∛', { name: 'cbrt' }],
  ['∜', { name: 'nthRoot', index: 4 }],
]);

/** Constants: fixed numbers, never parameters. */
export const CONSTANTS: ReadonlySet<string> = new Set(['e', 'pi']);

/**
 * Words refused with their own explanation. Derivative operators: an answer is a derivative, not an
 * instruction to take one. Program words: mathjs functions that evaluate, import or build code, and
 * JavaScript internals that injection attempts name.
 */
export const DERIVATIVE_WORDS: ReadonlySet<string> = new Set([
  'diff', 'derivative', 'deriv', 'differentiate', 'dydx', 'ddx',
]);
export const PROGRAM_WORDS: ReadonlySet<string> = new Set([
  'import', 'evaluate', 'eval', 'parse', 'compile', 'simplify', 'createunit', 'function', 'constructor',
  'prototype', '__proto__', 'proto', 'require', 'process', 'global', 'globalthis', 'this', 'return',
  'new', 'class', 'reviver', 'config', 'chain', 'typed', 'resolve', 'rationalize', 'symbolicequal',
  'mathjs', 'math', 'window', 'document', 'fetch',
]);
/**
 * Words refused, with why and, where there is more than one way to mean them, what to write instead.
 * `applied`: the word names a function students write against its argument as they write `lnx`, so
 * `lgx` (the word, then the variable) is refused too rather than read as the letters' product.
 */
export const UNSUPPORTED_WORDS: Record<string, { why: Message; hint?: Message; applied?: true }> = {
  inf: { why: msg('why.infinity_value') },
  infinity: { why: msg('why.infinity_value') },
  nan: { why: msg('why.nan_value') },
  undefined: { why: msg('why.not_expression') },
  null: { why: msg('why.not_expression') },
  true: { why: msg('why.truth_value') },
  false: { why: msg('why.truth_value') },
  mod: { why: msg('why.modulo') },
  int: { why: msg('why.integrals_write_derivative') },
  integral: { why: msg('why.integrals_write_derivative') },
  lim: { why: msg('why.limits_write_derivative') },
  sum: { why: msg('why.sums') },
  floor: { why: msg('why.name_not_supported', { name: 'floor' }) },
  ceil: { why: msg('why.name_not_supported', { name: 'ceil' }) },
  max: { why: msg('why.name_not_supported', { name: 'max' }) },
  min: { why: msg('why.name_not_supported', { name: 'min' }) },
  gamma_function: { why: msg('why.gamma') },
  // ISO 80000-2's log base 10, and many textbooks' (German, Chinese); log base 2 in computer science.
  lg: { why: msg('why.lg'), hint: msg('read.lg.hint'), applied: true },
};

/** Unit names: mathjs reads `5 cm` as a quantity; here units have no meaning, and say so. */
export const UNIT_WORDS: ReadonlySet<string> = new Set([
  'cm', 'mm', 'km', 'kg', 'mg', 'ms', 'ns', 'us', 'hz', 'khz', 'mhz', 'deg', 'rad', 'mol', 'hr',
  'inch', 'ft', 'yd', 'mi', 'lb', 'oz', 'kn', 'kj', 'kw', 'mw', 'ml', 'cl', 'dl', 'kpa', 'pa', 'atm', 'ev', 'kev', 'mev',
]);

/**
 * A variable name is a single letter (Latin or Greek) or a Greek letter spelled out, never e or pi,
 * optionally with a subscript of digits or one letter: `w_1`, `w_{1}`, `w1`, `W1`, `θ_0` (the symbol
 * `w_1` the readers make of each, see subscripted-names.ts).
 */
export function normalizeVariable(variable: string): string | undefined {
  // One character, nearly every variable, is a letter or nothing: the subscripted form needs two
  // characters at least, and the regex and the trim below would only give it back.
  if (variable.length === 1) return letterName(variable);
  const trimmed = variable.trim();
  const subscripted = /^(.+?)(?:_\{([0-9]{1,3}|[A-Za-z])\}|_([0-9]{1,3}|[A-Za-z])|([0-9]{1,3}))$/.exec(trimmed);
  if (subscripted) {
    const base = letterName(subscripted[1] as string);
    const subscript = subscripted[2] ?? subscripted[3] ?? subscripted[4];
    return base === undefined ? undefined : `${base}_${subscript}`;
  }
  return letterName(trimmed);
}

function letterName(text: string): string | undefined {
  if (/^[A-Za-z]$/.test(text)) return text === 'e' ? undefined : text;
  const greek = greekName(text);
  if (greek) return greek;
  if (GREEK_NAMES.has(text)) return text;
  // The variable as a LaTeX editor's page holds it, `\theta` (`\vartheta`): the letter the LaTeX reads as.
  if (text.startsWith('\\')) {
    const command = text.slice(1);
    const name = Object.hasOwn(LATEX_GREEK_VARIANTS, command) ? LATEX_GREEK_VARIANTS[command] as string : command;
    if (GREEK_NAMES.has(name)) return name;
  }
  return undefined;
}

/** Levenshtein distance, for "did you mean" hints (words are short; quadratic is fine). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    checkpoint();
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** The known function spelling closest to a word, when it is close enough to be a likely typo. */
export function closestFunction(word: string): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const spelling of allSpellings()) {
    if (isLetteredSpelling(spelling)) continue;
    // A known name at the start of the word (sinn, coss, sqrtt) is the likeliest meaning: it wins ties.
    const distance = lower.startsWith(spelling) ? lower.length - spelling.length - 0.5 : editDistance(lower, spelling);
    if (distance < bestDistance) {
      best = spelling;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(lower.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}
