/**
 * The class's mistakes as bar charts: what is counted (answers per mistake code, answers per place in
 * the function) and where each bar goes. Pure: the SVG itself is drawn by chart-svg.ts.
 */
import type { BatchResult, CatalogueEntry, GradeSummary } from './api.js';

export interface Bar {
  key: string;
  label: string;
  /** Said after the label (the code, or the function a place is in). */
  note?: string;
  count: number;
}

/** Answers per mistake code, most frequent first: the service's own tally (an ambiguous answer counts under each code). */
export function barsByCode(summary: GradeSummary, catalogue: Map<string, CatalogueEntry>): Bar[] {
  return Object.entries(summary.by_mistake)
    .map(([code, count]) => ({ key: code, label: catalogue.get(code)?.title ?? code, note: code, count }))
    .sort(byCount);
}

/**
 * Answers per place a mistake was made at: a chain node (or another place: a product, a quotient) of
 * its function, or the answer as a whole. An answer counts once per place, whatever the codes there.
 * Results do not repeat their function: each comes with the function the file gave it, which is
 * named beside the place when the class answered more than one.
 */
export function barsByPlace(answers: ReadonlyArray<{ function: string; result: BatchResult }>): Bar[] {
  const bars = new Map<string, Bar>();
  const functions = new Set(answers.map((answer) => answer.function));
  for (const { function: fn, result } of answers) {
    if ('error' in result) continue;
    const places = new Set<string>();
    for (const entry of result.diagnosis) {
      if (entry.nodes.length === 0) places.add('');
      for (const node of entry.nodes) places.add(node.text);
    }
    for (const place of places) {
      const key = `${fn}\u0000${place}`;
      const named = functions.size > 1 && !sameExpression(place, fn);
      const bar = bars.get(key) ?? { key, label: place === '' ? 'the answer as a whole' : place, ...(named ? { note: `in ${fn.trim()}` } : {}), count: 0 };
      bar.count++;
      bars.set(key, bar);
    }
  }
  return [...bars.values()].sort(byCount);
}

/** Whether a place (as the service prints it) is the function as the file wrote it: spaces and * aside. */
function sameExpression(printed: string, written: string): boolean {
  const bare = (text: string) => text.replace(/[\s*]/g, '');
  return bare(printed) === bare(written);
}

function byCount(a: Bar, b: Bar): number {
  return b.count - a.count || a.label.localeCompare(b.label);
}

export interface BarRow {
  bar: Bar;
  /** The label line, cut to fit (the whole label is the bar's title). */
  text: string;
  labelY: number;
  barY: number;
  barWidth: number;
  countX: number;
  countY: number;
}

export interface BarLayout {
  width: number;
  height: number;
  barHeight: number;
  rows: BarRow[];
}

export const CHART = {
  fontSize: 14,
  /** Average advance of a character at that size, for cutting labels (system sans-serif fonts). */
  charWidth: 7.6,
  rowHeight: 46,
  barHeight: 16,
  countRoom: 52,
} as const;

/** Horizontal bars, one row each: the label above its bar, the count after it. `width` in CSS pixels. */
export function layoutBars(bars: readonly Bar[], width: number): BarLayout {
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  const barRoom = Math.max(40, width - CHART.countRoom);
  const rows = bars.map((bar, i): BarRow => {
    const top = i * CHART.rowHeight;
    const barWidth = bar.count === 0 ? 0 : Math.max(3, (bar.count / max) * barRoom);
    return {
      bar,
      text: fit(bar.note ? `${bar.label} (${bar.note})` : bar.label, Math.floor(width / CHART.charWidth)),
      labelY: top + CHART.fontSize + 2,
      barY: top + CHART.fontSize + 8,
      barWidth,
      countX: barWidth + 6,
      countY: top + CHART.fontSize + 8 + CHART.barHeight - 3,
    };
  });
  return { width, height: Math.max(CHART.rowHeight, bars.length * CHART.rowHeight), barHeight: CHART.barHeight, rows };
}

/** A label cut to `chars` characters, with an ellipsis when cut. */
export function fit(text: string, chars: number): string {
  const points = Array.from(text);
  return points.length <= chars ? text : `${points.slice(0, Math.max(1, chars - 1)).join('')}…`;
}
