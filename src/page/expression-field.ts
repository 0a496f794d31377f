/**
 * One expression field (the function, or the answer): a MathLive math field, the editor many LMSs
 * embed, with a plain-text input as its alternative. The text input is in the page's HTML and works
 * from the first moment; the math field is created once MathLive has loaded. Switching carries the
 * expression over, through the service's own reading of it when there is one (its text reads back,
 * its LaTeX is what MathLive edits).
 */
import type { MathfieldElement } from 'mathlive';
import { h } from './dom.js';
import type { Rendered } from '../tree/render.js';

export type InputMode = 'math' | 'text';

/** What a field holds, as the API takes it: LaTeX from the math field, anything from the text input. */
export interface FieldValue {
  value: string;
  /** 'latex' for the math field; left out (auto) for text, which may be pasted LaTeX or MathML. */
  format?: 'latex';
}

export interface MathLive {
  MathfieldElement: typeof MathfieldElement;
  convertAsciiMathToLatex(ascii: string): string;
}

export class ExpressionField {
  private math: MathfieldElement | undefined;
  private mathlive: MathLive | undefined;
  private mode: InputMode = 'text';
  /** The service's reading of what the field holds now (cleared as soon as it changes). */
  reading: Rendered | undefined;

  constructor(
    readonly name: string,
    readonly input: HTMLInputElement,
    private readonly label: HTMLLabelElement,
    private readonly editor: HTMLElement,
    private readonly changed: () => void,
    private readonly submit: () => void,
  ) {
    input.addEventListener('input', () => this.onChange());
  }

  /** Creates the math field (hidden until math mode). */
  attachMath(mathlive: MathLive): void {
    const field = new mathlive.MathfieldElement();
    field.id = `${this.name}-math`;
    // MathLive names its editable part after the host's label: the visible one.
    field.setAttribute('aria-labelledby', this.label.id);
    field.setAttribute('aria-describedby', this.input.getAttribute('aria-describedby') ?? '');
    field.smartFence = true;
    field.mathVirtualKeyboardPolicy = 'auto';
    field.hidden = true;
    field.addEventListener('input', () => this.onChange());
    // Enter checks the answer, as it does in the text inputs (MathLive keeps Enter to itself otherwise).
    field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        this.submit();
      }
    });
    this.editor.append(field);
    this.math = field;
    this.mathlive = mathlive;
  }

  get hasMath(): boolean {
    return this.math !== undefined;
  }

  setMode(mode: InputMode): void {
    if (mode === this.mode || (mode === 'math' && !this.math)) return;
    const math = this.math as MathfieldElement;
    if (mode === 'math') {
      const text = this.input.value;
      math.value = this.reading?.latex ?? (text.trim() === '' ? '' : (this.mathlive as MathLive).convertAsciiMathToLatex(text));
    } else {
      this.input.value = this.reading?.text ?? math.getValue('ascii-math');
    }
    this.mode = mode;
    this.input.hidden = mode === 'math';
    math.hidden = mode !== 'math';
    this.label.htmlFor = mode === 'math' ? math.id : this.input.id;
  }

  value(): FieldValue {
    if (this.mode === 'math' && this.math) return { value: this.math.value, format: 'latex' };
    return { value: this.input.value };
  }

  /** Puts an expression in, in whichever form the field is in now. */
  set(text: string, latex: string): void {
    if (this.mode === 'math' && this.math) this.math.value = latex;
    else this.input.value = text;
    this.onChange();
  }

  isEmpty(): boolean {
    return this.value().value.trim() === '';
  }

  focus(): void {
    if (this.mode === 'math' && this.math) this.math.focus();
    else this.input.focus();
  }

  /** Whether the user is in this field now (the page does not switch modes under their fingers). */
  get touched(): boolean {
    return this.input.value !== this.input.defaultValue || document.activeElement === this.input;
  }

  private onChange(): void {
    this.reading = undefined;
    this.changed();
  }
}

/** The position of an error (code points), shown in what was typed: the text with the token marked. */
export function markedSource(source: string, position: number | undefined, token: string | undefined): HTMLElement | undefined {
  if (position === undefined) return undefined;
  const points = Array.from(source);
  if (position > points.length) return undefined;
  const length = Math.max(1, token ? Array.from(token).length : 1);
  const before = points.slice(0, position).join('');
  const at = points.slice(position, position + length).join('');
  const after = points.slice(position + length).join('');
  return h('code', { class: 'where' }, before, at === '' ? h('mark', {}, ' ') : h('mark', {}, at), after);
}
