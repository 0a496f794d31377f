/**
 * "A class at a glance": a CSV file read in the browser, its columns confirmed, every answer graded
 * in one streamed request (POST /v1/check/batch as NDJSON: progress as results come, no item limit),
 * then the counts, a bar chart of the mistakes per code and per place, a sortable table, and the
 * graded CSV (the command line's columns) to download. The file never leaves the page but as the
 * answers sent to be checked.
 */
import sampleUrl from './sample-class.csv';
import { ProblemError, type Api, type BatchResult, type Catalogue, type GradeSummary } from './api.js';
import { barsByCode, barsByPlace } from './chart.js';
import { barChart } from './chart-svg.js';
import { verdictLabel } from './check-view.js';
import { classItems, ClassFileError, guessColumns, OPTIONAL_ROLES, readClassFile, ROLE_LABELS, ROLES, type ClassFile, type ClassItem, type Role } from './class-file.js';
import { gradedRows, type GradedRow } from './class-rows.js';
import { byId, h, replaceChildren } from './dom.js';
import { ResultsTable } from './results-table.js';
import { csvText } from '../cli/write-results.js';

interface Loaded {
  name: string;
  file: ClassFile;
}


export class ClassView {
  private readonly fileInput = byId('class-file', HTMLInputElement);
  private readonly form = byId('class-form', HTMLFormElement);
  private readonly readNote = byId('class-read', HTMLElement);
  private readonly columnsBox = byId('class-columns', HTMLElement);
  private readonly quiet = byId('class-quiet', HTMLInputElement);
  private readonly gradeButton = byId('grade-button', HTMLButtonElement);
  private readonly progressBox = byId('class-progress', HTMLElement);
  private readonly progress = byId('class-progress-bar', HTMLProgressElement);
  private readonly status = byId('class-status', HTMLElement);
  private readonly result = byId('class-result', HTMLElement);
  private loaded: Loaded | undefined;
  private grading: AbortController | undefined;

  constructor(
    private readonly api: Api,
    private readonly catalogue: () => Promise<Catalogue>,
  ) {
    const link = byId('sample-link', HTMLAnchorElement);
    link.href = sampleUrl;
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0];
      if (file) void this.load(file.name, () => file.text());
    });
    byId('use-sample', HTMLButtonElement).addEventListener('click', () => {
      void this.load('sample-class.csv', async () => {
        const response = await fetch(sampleUrl);
        if (!response.ok) throw new Error(`the sample could not be fetched (${response.status})`);
        return response.text();
      });
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.grade();
    });
  }

  private async load(name: string, text: () => Promise<string>): Promise<void> {
    this.grading?.abort();
    this.result.hidden = true;
    this.progressBox.hidden = true;
    try {
      const file = readClassFile(await text());
      this.loaded = { name, file };
      this.showColumns(file);
      const skipped = file.unreadable.length > 0 ? `; ${file.unreadable.length} cannot be read and will be listed as errors` : '';
      this.readNote.textContent = `${name}: ${file.rows.length} answer${file.rows.length === 1 ? '' : 's'}${skipped}. Columns: ${file.columns.join(', ')}.`;
      this.form.hidden = false;
      this.status.textContent = `${name} is read: check the columns, then grade.`;
      this.gradeButton.focus();
    } catch (error) {
      this.loaded = undefined;
      this.form.hidden = true;
      this.status.textContent = error instanceof ClassFileError ? error.message : `The file cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private showColumns(file: ClassFile): void {
    const guessed = guessColumns(file.columns);
    const fields = ROLES.map((role) => {
      const select = h('select', { id: `column-${role}`, name: role, required: !OPTIONAL_ROLES.has(role) });
      if (OPTIONAL_ROLES.has(role)) select.append(h('option', { value: '' }, '(none)'));
      else if (guessed[role] === undefined) select.append(h('option', { value: '' }, '(choose a column)'));
      for (const column of file.columns) select.append(h('option', { value: column, selected: guessed[role] === column }, column));
      return h('div', { class: 'field' }, h('label', { for: select.id }, ROLE_LABELS[role], OPTIONAL_ROLES.has(role) ? ' (optional)' : ''), select);
    });
    replaceChildren(this.columnsBox, ...fields);
  }

  private columnMap(): Partial<Record<Role, string>> {
    const map: Partial<Record<Role, string>> = {};
    for (const role of ROLES) {
      const value = byId(`column-${role}`, HTMLSelectElement).value;
      if (value !== '') map[role] = value;
    }
    return map;
  }

  private async grade(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) return;
    const map = this.columnMap();
    const missing = ROLES.filter((role) => !OPTIONAL_ROLES.has(role) && map[role] === undefined);
    if (missing.length > 0) {
      this.status.textContent = `Choose the column that holds the ${missing.join(' and the ')}.`;
      byId(`column-${missing[0]}`, HTMLSelectElement).focus();
      return;
    }
    this.grading?.abort();
    const call = (this.grading = new AbortController());
    const items = classItems(loaded.file, map, this.quiet.checked);
    const results: BatchResult[] = [];
    this.gradeButton.disabled = true;
    this.result.hidden = true;
    this.progress.max = Math.max(1, items.length);
    this.progress.value = 0;
    this.progressBox.hidden = false;
    this.status.textContent = `Grading ${items.length} answers…`;
    try {
      const [served, catalogue] = await Promise.all([
        items.length > 0
          ? this.api.batch(items.map((i) => i.item), (result) => {
              results.push(result);
              this.progress.value = results.length;
            }, call.signal)
          : Promise.resolve(emptySummary()),
        this.catalogue().catch((): Catalogue => new Map()),
      ]);
      if (call.signal.aborted) return;
      const { all, allItems, summary } = withUnreadable(loaded.file, items, results, served);
      const rows = gradedRows(allItems, all);
      this.show(loaded.name, rows, summary, catalogue);
      this.status.textContent = `Graded ${summary.total} answers: ${summary.correct} correct, ${summary.incorrect} incorrect, ${summary.needs_brackets} needing brackets, ${summary.undetermined} undetermined, ${summary.errors} not read.`;
    } catch (error) {
      if (call.signal.aborted) return;
      this.status.textContent = `Not graded: ${error instanceof ProblemError ? error.problem.detail : String(error)}`;
    } finally {
      if (this.grading === call) {
        this.gradeButton.disabled = false;
        this.progressBox.hidden = true;
      }
    }
  }

  private show(name: string, rows: GradedRow[], summary: GradeSummary, catalogue: Catalogue): void {
    const byCode = barsByCode(summary, catalogue);
    const byPlace = barsByPlace(rows);
    const download = h('button', { type: 'button', class: 'primary' }, 'Download the graded CSV');
    download.addEventListener('click', () => saveCsv(gradedName(name), csvText(rows.map((row) => row.result))));
    replaceChildren(
      this.result,
      h('h3', {}, `${name}: the class at a glance`),
      summaryList(summary),
      h('div', { class: 'actions' }, download),
      h('h3', {}, 'Mistakes'),
      h(
        'div',
        { class: 'charts' },
        h('figure', {}, h('figcaption', {}, 'Answers per mistake'), barChart(byCode, { id: 'chart-codes', title: 'Answers per mistake', unit: 'answer', className: 'codes' })),
        h('figure', {}, h('figcaption', {}, 'Answers per place in the function'), barChart(byPlace, { id: 'chart-places', title: 'Answers per place in the function', unit: 'answer', className: 'places' })),
      ),
      new ResultsTable(rows, catalogue).element,
    );
    this.result.hidden = false;
  }
}

function emptySummary(): GradeSummary {
  return { total: 0, correct: 0, incorrect: 0, undetermined: 0, needs_brackets: 0, errors: 0, by_grading_status: { graded: 0, needs_review: 0, not_gradable: 0 }, by_mistake: {}, by_place: {}, by_note: {}, by_node: [] };
}

/** Rows the browser could not read join the service's results as errors, as the command line lists them. */
function withUnreadable(file: ClassFile, items: ClassItem[], results: BatchResult[], served: GradeSummary) {
  const allItems: ClassItem[] = [...items];
  const all: BatchResult[] = [...results];
  for (const { line, message } of file.unreadable) {
    all.push({ id: null, index: allItems.length, error: { type: 'https://chainrule.dev/problems/invalid-request', title: 'The row cannot be read', status: 400, detail: `line ${line}: ${message}` } });
    allItems.push({ line, item: {} });
  }
  const summary = { ...served, total: served.total + file.unreadable.length, errors: served.errors + file.unreadable.length };
  return { all, allItems, summary };
}

function summaryList(summary: GradeSummary): HTMLElement {
  const counts: Array<[string, number]> = [
    ['answers', summary.total],
    [verdictLabel('correct'), summary.correct],
    [verdictLabel('incorrect'), summary.incorrect],
    [verdictLabel('needs_brackets'), summary.needs_brackets],
    [verdictLabel('undetermined'), summary.undetermined],
    [verdictLabel('error'), summary.errors],
  ];
  return h('ul', { class: 'summary' }, ...counts.map(([label, count]) => h('li', {}, h('span', { class: 'count' }, count), label)));
}

function gradedName(name: string): string {
  return `${name.replace(/\.(csv|txt)$/i, '')}-graded.csv`;
}

/** Offers a text as a file to save (a link to an object URL, clicked and released). */
function saveCsv(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
