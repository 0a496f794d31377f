/**
 * Mathematics on the page, rendered by KaTeX from the LaTeX the service prints. KaTeX builds DOM
 * nodes (its sizes set through the CSSOM, which the CSP allows) with MathML beside them for screen
 * readers. The only command that needs KaTeX's `trust` is \htmlClass with the class that marks a
 * mistake's place.
 */
import katex from 'katex';
import { h } from './dom.js';
import { PLACE_CLASS } from './highlight.js';

const OPTIONS = {
  throwOnError: false,
  output: 'htmlAndMathml',
  trust: (context: { command: string; class?: string }) => context.command === '\\htmlClass' && context.class === PLACE_CLASS,
  // \htmlClass is a KaTeX extension: fine here, and not worth a console warning each time.
  strict: (code: string) => (code === 'htmlExtension' ? 'ignore' : 'warn'),
  maxSize: 20,
  maxExpand: 300,
} as const;

/** A span (or a block with `display`) showing `latex` typeset. */
export function math(latex: string, display = false): HTMLElement {
  const element = h(display ? 'div' : 'span', { class: display ? 'math display' : 'math' });
  katex.render(latex, element, { ...OPTIONS, displayMode: display });
  return element;
}
