/**
 * Reading an expression, start to end: pick the lexer (text or LaTeX), drop a derivative's left side,
 * resolve words, parse with the one grammar, then check the limits. The only entry point the rest of
 * the service uses to turn user text into a tree.
 */
import { resolveLimits, type Limits } from '../limits.js';
import { size, symbolNames, type Expr } from '../tree/nodes.js';
import { codePointIndex, ReadError, readError } from './errors.js';
import { parseTokens } from './grammar.js';
import { dropLeftSide, type Role } from './left-side.js';
import { lexLatex, looksLikeLatex } from './lex-latex.js';
import { lexText } from './lex-text.js';
import { CONSTANTS, normalizeVariable } from './names.js';
import { resolveWords } from './resolve-words.js';
import type { ReadWarning } from './warnings.js';

export type Format = 'auto' | 'text' | 'latex';

export interface ReadOptions {
  /** The variable of differentiation: a letter or a Greek letter (default x). */
  variable?: string;
  format?: Format;
  /** A function may carry `f(x) =`, an answer `f'(x) =` / `dy/dx =`. */
  role?: Role;
  limits?: Partial<Limits>;
}

export interface ReadResult {
  expr: Expr;
  /** The format actually read (auto resolved). */
  format: 'text' | 'latex';
  variable: string;
  /** Letters other than the variable: constants the answer may use (a, k, ω…). */
  parameters: string[];
  /** Ambiguous readings, positions in code points. */
  warnings: ReadWarning[];
}

export function readExpression(input: string, options: ReadOptions = {}): ReadResult {
  const limits = resolveLimits(options.limits);
  const variable = checkedVariable(options.variable ?? 'x');
  const format = options.format === 'latex' || (options.format !== 'text' && looksLikeLatex(input)) ? 'latex' : 'text';
  const raw = format === 'latex' ? lexLatex(input, limits) : lexText(input, limits);
  const body = dropLeftSide(input, raw, options.role ?? 'answer', variable);
  const warnings: ReadWarning[] = [];
  const tokens = resolveWords(input, body, variable, warnings);
  const expr = parseTokens(tokens, { input, variable, limits, warnings });
  const nodes = size(expr);
  if (nodes > limits.maxNodes) {
    throw readError(input, 'too_large', 0, () => `the expression has ${nodes} parts; the limit is ${limits.maxNodes}`, {
      hint: 'send a smaller expression',
    });
  }
  const parameters = symbolNames(expr).filter((name) => name !== variable && !CONSTANTS.has(name));
  if (parameters.length > limits.maxParameters) {
    throw readError(input, 'too_large', 0, () =>
      `the expression uses ${parameters.length} constants (${parameters.join(', ')}); the limit is ${limits.maxParameters}`);
  }
  return {
    expr,
    format,
    variable,
    parameters,
    warnings: warnings.map((w) => ({ ...w, position: codePointIndex(input, w.position) })),
  };
}

function checkedVariable(variable: string): string {
  const name = normalizeVariable(variable);
  if (!name) {
    throw new ReadError({
      code: 'invalid_variable',
      message: `'${variable}' cannot be the variable: use one letter (x, t…) or a Greek letter, not e`,
      position: 0,
      token: variable,
      hint: 'send "variable": "x"',
    });
  }
  return name;
}
