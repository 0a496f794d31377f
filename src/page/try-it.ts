/**
 * "Try an answer": the function and the answer, each read by the service as it is typed (the
 * function through POST /v1/derivative, the answer through POST /v1/validate), and on "Check":
 * POST /v1/check, shown with the derivative's chain-rule steps. Nothing is kept but the last answers.
 */
import { isAborted, ProblemError, type Api, type Catalogue, type CheckResponse, type DerivativeReport, type ProblemDetails, type ValidationResult } from './api.js';
import { checkSummary, checkView } from './check-view.js';
import { byId, debounce, h, replaceChildren, type Child } from './dom.js';
import { ExpressionField, markedSource, type InputMode, type MathLive } from './expression-field.js';
import { math } from './math.js';

/** Pairs of function and answer that show what the page does, one click (or Enter) away. */
const EXAMPLES = [
  { label: 'inner derivative left out', fn: ['sin(x^2)', '\\sin\\left(x^2\\right)'], answer: ['cos(x^2)', '\\cos\\left(x^2\\right)'] },
  { label: 'inner and outer swapped', fn: ['sin(x)^2', '\\sin\\left(x\\right)^2'], answer: ['cos(x^2)*2x', '\\cos\\left(x^2\\right)\\cdot2x'] },
  { label: "f′(g′(x))", fn: ['e^(x^3)', 'e^{x^3}'], answer: ['e^(3x^2)', 'e^{3x^2}'] },
  { label: 'a correct answer', fn: ['sqrt(1 + x^2)', '\\sqrt{1+x^2}'], answer: ['x/sqrt(1 + x^2)', '\\frac{x}{\\sqrt{1+x^2}}'] },
] as const;

export class TryIt {
  private readonly fn: ExpressionField;
  private readonly answer: ExpressionField;
  private readonly form = byId('try-form', HTMLFormElement);
  private readonly variable = byId('variable', HTMLInputElement);
  private readonly quiet = byId('quiet', HTMLInputElement);
  private readonly status = byId('try-status', HTMLElement);
  private readonly result = byId('try-result', HTMLElement);
  private readonly button = byId('check-button', HTMLButtonElement);
  private readonly modeNote = byId('mode-note', HTMLElement);
  private readonly functionReading = new LiveReading(byId('function-reading', HTMLElement));
  private readonly answerReading = new LiveReading(byId('answer-reading', HTMLElement));
  /** The last function's derivative, by the request that asked for it (typing, then checking, asks once). */
  private derived: { key: string; report: DerivativeReport } | undefined;
  private checkCall: AbortController | undefined;
  /** What was checked last, to check again when the language changes. */
  private checked = false;

  constructor(
    private readonly api: Api,
    private readonly catalogue: () => Promise<Catalogue>,
  ) {
    const submit = () => this.form.requestSubmit();
    this.fn = new ExpressionField('function', byId('function-text', HTMLInputElement), byId('function-label', HTMLLabelElement), byId('function-editor', HTMLElement), () => this.functionChanged(), submit);
    this.answer = new ExpressionField('answer', byId('answer-text', HTMLInputElement), byId('answer-label', HTMLLabelElement), byId('answer-editor', HTMLElement), () => this.answerChanged(), submit);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.check();
    });
    this.variable.addEventListener('input', () => {
      this.functionChanged();
      this.answerChanged();
    });
    for (const radio of this.form.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
      radio.addEventListener('change', () => {
        if (radio.checked) this.setMode(radio.value as InputMode);
      });
    }
    this.addExamples();
    // Until MathLive has loaded (or if it cannot), the plain-text inputs are the fields, whatever is chosen.
    this.modeNote.textContent = 'The math editor is loading; plain text works already.';
    this.readFunction();
  }

  /** MathLive has loaded: the math fields appear, unless the user has started in plain text. */
  mathReady(mathlive: MathLive): void {
    this.fn.attachMath(mathlive);
    this.answer.attachMath(mathlive);
    this.modeNote.textContent = '';
    const wanted = byId('mode-math', HTMLInputElement).checked ? 'math' : 'text';
    const typing = this.fn.touched || this.answer.touched;
    if (wanted === 'math' && !typing) this.setMode('math');
    else if (wanted === 'math') byId('mode-text', HTMLInputElement).checked = true;
  }

  mathFailed(): void {
    byId('mode-text', HTMLInputElement).checked = true;
    byId('mode-math', HTMLInputElement).disabled = true;
    this.modeNote.textContent = 'The math editor could not be loaded in this browser: type the expressions as plain text.';
  }

  /** The language changed: the readings and the result shown are asked for again. */
  languageChanged(): void {
    this.derived = undefined;
    this.readFunction();
    this.readAnswer();
    if (this.checked) void this.check();
  }

  private setMode(mode: InputMode): void {
    if (mode === 'math' && !this.fn.hasMath) return;
    this.fn.setMode(mode);
    this.answer.setMode(mode);
    byId(mode === 'math' ? 'mode-math' : 'mode-text', HTMLInputElement).checked = true;
    this.derived = undefined;
    this.readFunction();
    this.readAnswer();
  }

  private addExamples(): void {
    const box = byId('examples', HTMLElement);
    for (const example of EXAMPLES) {
      const button = h('button', { type: 'button', 'aria-describedby': 'examples-label' }, example.label);
      button.addEventListener('click', () => {
        this.fn.set(example.fn[0], example.fn[1]);
        this.answer.set(example.answer[0], example.answer[1]);
        void this.check();
      });
      box.append(button);
    }
  }

  private functionChanged = debounce(250, () => this.readFunction());
  private answerChanged = debounce(150, () => this.readAnswer());

  private variableField(): { variable?: string } {
    const variable = this.variable.value.trim();
    return variable === '' ? {} : { variable };
  }

  private functionBody(): Record<string, unknown> {
    const { value, format } = this.fn.value();
    return { function: value, ...this.variableField(), ...(format ? { format } : {}) };
  }

  /** The function's derivative and chain (the service's reading of the function comes with it), kept per input. */
  private async derivative(signal?: AbortSignal): Promise<DerivativeReport> {
    const body = this.functionBody();
    const key = JSON.stringify(body);
    if (this.derived?.key === key) return this.derived.report;
    const { body: report } = await this.api.post<DerivativeReport>('/v1/derivative', body, signal);
    this.derived = { key, report };
    return report;
  }

  private readFunction(): void {
    this.functionReading.update(this.fn.value().value, (signal) => this.derivative(signal), (report) => {
      this.fn.reading = report.function;
      const warnings = report.warnings.map((w) => message('warning', w.message));
      return [h('p', {}, h('span', { class: 'label' }, 'Read as'), math(`f = ${report.function.latex}`), h('span', { class: 'note' }, ` (in ${report.variable})`)), ...warnings];
    });
  }

  private readAnswer(): void {
    const { value, format } = this.answer.value();
    const fn = this.fn.value().value;
    const body = { answer: value, ...(fn.trim() !== '' ? { function: fn } : {}), ...this.variableField(), ...(format ? { format } : {}) };
    this.answerReading.update(value, (signal) => this.api.post<ValidationResult>('/v1/validate', body, signal), ({ body: validation }) => this.validationView(validation, value));
  }

  private validationView(validation: ValidationResult, source: string): Child[] {
    const own = validation.errors.filter((e) => e.field !== 'function');
    if (!validation.valid || !validation.reading) {
      if (own.length === 0) return [h('p', { class: 'note' }, 'The answer is read once the function reads.')];
      return own.map((e) => message('error', `${e.message}${e.hint ? ` — ${e.hint}` : ''}`, markedSource(source, e.position, e.token)));
    }
    this.answer.reading = validation.reading;
    const parts: Child[] = [h('p', {}, h('span', { class: 'label' }, 'Read as'), math(`f' = ${validation.reading.latex}`))];
    if (validation.readings.length > 1) {
      const others = validation.readings.slice(1);
      parts.push(message('warning', 'It can also be read as ', ...others.flatMap((r, i) => [i > 0 ? ' or ' : '', math(r.latex)]), ': brackets would say which is meant.'));
    }
    for (const w of validation.warnings.filter((w) => w.field === 'answer')) parts.push(message('warning', w.message));
    return parts;
  }

  private async check(): Promise<void> {
    if (this.fn.isEmpty() || this.answer.isEmpty()) {
      const empty = this.fn.isEmpty() ? this.fn : this.answer;
      this.status.textContent = this.fn.isEmpty() ? 'Type a function first.' : "Type the student's derivative to check.";
      empty.focus();
      return;
    }
    this.checkCall?.abort();
    const call = (this.checkCall = new AbortController());
    const quiet = this.quiet.checked;
    const { value: answer, format } = this.answer.value();
    const body = { ...this.functionBody(), answer, ...(format ? { format } : {}), ...(quiet ? { quiet } : {}) };
    this.button.disabled = true;
    this.status.textContent = 'Checking…';
    try {
      const [checked, derivative, catalogue] = await Promise.all([
        this.api.post<CheckResponse>('/v1/check', body, call.signal),
        // The steps are extra: a function that cannot be read is said by the check itself.
        this.derivative(call.signal).catch(() => undefined),
        this.catalogue().catch((): Catalogue => new Map()),
      ]);
      if (call.signal.aborted) return;
      this.checked = true;
      replaceChildren(this.result, ...checkView({ result: checked.body, derivative, catalogue, quiet, language: checked.language }));
      this.result.hidden = false;
      this.status.textContent = checkSummary(checked.body, catalogue);
    } catch (error) {
      if (isAborted(error) || call.signal.aborted) return;
      const problem = error instanceof ProblemError ? error.problem : undefined;
      const source = problem?.field === 'function' ? this.fn.value().value : answer;
      replaceChildren(this.result, h('h3', {}, 'Not checked'), problemMessage(error, source));
      this.result.hidden = false;
      this.status.textContent = `Not checked: ${problem?.detail ?? String(error)}`;
    } finally {
      if (this.checkCall === call) this.button.disabled = false;
    }
  }
}

/**
 * A field's reading under it, kept current as the field is typed in: each request overtakes the one
 * before it (which is aborted, and whose answer is never shown); an empty field shows nothing.
 */
class LiveReading {
  private call: AbortController | undefined;

  constructor(private readonly target: HTMLElement) {}

  update<T>(source: string, request: (signal: AbortSignal) => Promise<T>, show: (answer: T) => Child[]): void {
    this.call?.abort();
    if (source.trim() === '') {
      replaceChildren(this.target);
      return;
    }
    const call = (this.call = new AbortController());
    request(call.signal).then(
      (answer) => {
        if (!call.signal.aborted) replaceChildren(this.target, ...show(answer));
      },
      (error: unknown) => {
        if (!isAborted(error) && !call.signal.aborted) replaceChildren(this.target, problemMessage(error, source));
      },
    );
  }
}

function message(kind: 'error' | 'warning', ...content: Child[]): HTMLElement {
  return h('p', { class: `message ${kind}` }, ...content);
}

/** A failed call as a message: an unreadable expression with its place marked, or what the service said. */
export function problemMessage(error: unknown, source: string): HTMLElement {
  if (!(error instanceof ProblemError)) return message('error', String(error));
  const problem: ProblemDetails = error.problem;
  const text = `${problem.detail}${problem.hint && !problem.detail.includes(problem.hint) ? ` — ${problem.hint}` : ''}`;
  const where = problem.field === 'function' || problem.field === 'answer' ? markedSource(source, problem.position, problem.token) : undefined;
  return message('error', text, where);
}
