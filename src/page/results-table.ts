/**
 * The graded answers as a table: one row an answer, sortable by any column (its heading is a button,
 * and says how it is sorted), filtered by verdict or mistake; score and grading status columns when
 * the service gives them.
 */
import type { Catalogue } from './api.js';
import { gradingStatusLabel, verdictLabel, VERDICTS } from './check-view.js';
import { filterRows, sortRows, type Direction, type GradedRow, type SortKey } from './class-rows.js';
import { h } from './dom.js';

interface Column {
  key: SortKey;
  label: string;
  cell: (row: GradedRow, catalogue: Catalogue) => HTMLTableCellElement;
}

const text = (value: string | number | undefined, className?: string) => h('td', className ? { class: className } : {}, value === undefined ? '' : String(value));

export class ResultsTable {
  readonly element: HTMLElement;
  private readonly body = h('tbody');
  private readonly headers = new Map<SortKey, HTMLTableCellElement>();
  private sortKey: SortKey = 'line';
  private direction: Direction = 'ascending';
  private filter = 'all';
  private readonly count = h('p', { class: 'note', id: 'table-count', role: 'status' });
  private readonly columnsShown: Column[];

  constructor(
    private readonly rows: GradedRow[],
    private readonly catalogue: Catalogue,
  ) {
    const columns = this.columns();
    const head = h('tr');
    for (const column of columns) {
      const button = h('button', { type: 'button' }, column.label);
      const th = h('th', { scope: 'col', 'aria-sort': column.key === this.sortKey ? this.direction : 'none' }, button);
      button.addEventListener('click', () => this.sortBy(column.key));
      this.headers.set(column.key, th);
      head.append(th);
    }
    this.columnsShown = columns;
    const table = h('table', { id: 'class-table' }, h('caption', {}, 'Every answer (select a column heading to sort by it)'), h('thead', {}, head), this.body);
    this.element = h(
      'div',
      {},
      h('h3', {}, 'Every answer'),
      h('div', { class: 'table-tools' }, this.filterField(), this.count),
      h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'class-table-label' }, h('span', { id: 'class-table-label', class: 'visually-hidden' }, 'The graded answers'), table),
    );
    this.draw();
  }

  private columns(): Column[] {
    const columns: Column[] = [
      { key: 'line', label: 'Line', cell: (row) => text(row.line) },
      { key: 'id', label: 'Student', cell: (row) => text(row.id) },
      { key: 'function', label: 'Function', cell: (row) => text(row.function, 'mono') },
      { key: 'answer', label: 'Answer, read as', cell: (row) => text(row.reading ?? row.answer, 'mono') },
      { key: 'verdict', label: 'Verdict', cell: (row) => h('td', {}, h('span', { class: `tag tag-${row.verdict}` }, verdictLabel(row.verdict))) },
      { key: 'codes', label: 'Mistakes', cell: (row, catalogue) => h('td', {}, ...row.codes.flatMap((code, i) => [i > 0 ? ', ' : '', h('abbr', { title: catalogue.get(code)?.title ?? code }, code)])) },
    ];
    if (this.rows.some((row) => row.score !== undefined)) columns.push({ key: 'score', label: 'Score', cell: (row) => text(row.score) });
    if (this.rows.some((row) => row.status !== undefined)) columns.push({ key: 'status', label: 'Grading status', cell: (row) => text(row.status === undefined ? undefined : gradingStatusLabel(row.status)) });
    columns.push({ key: 'feedback', label: 'Feedback', cell: (row) => text(row.feedback, 'feedback-cell') });
    return columns;
  }

  private filterField(): HTMLElement {
    const select = h('select', { id: 'table-filter' }, h('option', { value: 'all' }, `Every answer (${this.rows.length})`));
    for (const verdict of Object.keys(VERDICTS)) {
      const n = this.rows.filter((row) => row.verdict === verdict).length;
      if (n > 0) select.append(h('option', { value: `verdict:${verdict}` }, `${verdictLabel(verdict)} (${n})`));
    }
    const codes = [...new Set(this.rows.flatMap((row) => row.codes))].sort();
    for (const code of codes) {
      const n = this.rows.filter((row) => row.codes.includes(code)).length;
      select.append(h('option', { value: `code:${code}` }, `${this.catalogue.get(code)?.title ?? code} (${n})`));
    }
    select.addEventListener('change', () => {
      this.filter = select.value;
      this.draw();
    });
    return h('div', { class: 'field' }, h('label', { for: 'table-filter' }, 'Show'), select);
  }

  private sortBy(key: SortKey): void {
    this.direction = key === this.sortKey && this.direction === 'ascending' ? 'descending' : 'ascending';
    this.sortKey = key;
    for (const [k, th] of this.headers) th.setAttribute('aria-sort', k === key ? this.direction : 'none');
    this.draw();
  }

  private draw(): void {
    const shown = sortRows(filterRows(this.rows, this.filter), this.sortKey, this.direction);
    this.body.replaceChildren(...shown.map((row) => h('tr', { 'data-line': row.line }, ...this.columnsShown.map((column) => column.cell(row, this.catalogue)))));
    this.count.textContent = `${shown.length} of ${this.rows.length} answers shown.`;
  }
}
