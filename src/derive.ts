/**
 * The correct derivative of a function with its chain-rule steps: what an instructor checks and an
 * LMS shows as a worked solution. Pure: text in, rendered expressions out.
 */
import { Differentiator } from './differentiate/differentiate.js';
import { outerWithPlaceholder } from './differentiate/outer-function.js';
import { readingField } from './parse/errors.js';
import type { Format } from './parse/read.js';
import { readFunction } from './parse/variable.js';
import type { ReadWarning } from './parse/warnings.js';
import { resolveLimits, type Limits } from './limits.js';
import { refuseOversizedDerivative } from './problem.js';
import { asWritten, render, type Rendered } from './tree/render.js';

export interface DeriveOptions {
  variable?: string;
  format?: Format;
  limits?: Partial<Limits>;
}

export interface ChainStepReport {
  /** 0-based, outermost first, left to right. */
  index: number;
  /** The chain node F(u) as it sits in the function. */
  node: Rendered;
  /** The outer function written with u for its argument: sin(u), u^2, e^u. */
  outer: Rendered;
  /** The inner function u. */
  inner: Rendered;
  /** F'(u). */
  outerDerivative: Rendered;
  /** u'. */
  innerDerivative: Rendered;
  /** The step F'(u)·u'. */
  derivative: Rendered;
  /** Index of the chain node whose inner function contains this one. */
  parent: number | null;
  depth: number;
}

export interface DerivativeReport {
  function: Rendered;
  variable: string;
  parameters: string[];
  format: 'text' | 'latex' | 'mathml';
  derivative: Rendered;
  chain: ChainStepReport[];
  warnings: ReadWarning[];
}

export function deriveFunction(input: string, options: DeriveOptions = {}): DerivativeReport {
  const read = readingField('function', () => readFunction(input, options));
  const differentiator = new Differentiator(read.expr, read.variable);
  refuseOversizedDerivative(differentiator.derivative(), resolveLimits(options.limits).maxDerivativeNodes);
  const v = read.variable;
  return {
    function: render(read.expr, v),
    variable: v,
    parameters: read.parameters,
    format: read.format,
    derivative: render(differentiator.derivative(), v),
    chain: differentiator.steps().map((step) => ({
      index: step.node.id,
      node: asWritten(step.node.composite),
      outer: render(outerWithPlaceholder(step.node.chain.outer), 'u'),
      inner: asWritten(step.node.chain.inner),
      outerDerivative: render(step.outerDerivative, v),
      innerDerivative: render(step.innerDerivative, v),
      derivative: render(step.derivative, v),
      parent: step.node.parent ?? null,
      depth: step.node.depth,
    })),
    warnings: read.warnings,
  };
}
