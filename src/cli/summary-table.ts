/** The counts per verdict and per mistake, as a small table for a person reading stderr. */
import type { GradeSummary } from '../service/grade.js';

export function summaryTable(summary: GradeSummary, seconds: number): string {
  const lines = [
    `graded ${summary.total} answer${summary.total === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`,
    '',
    '  verdict        count',
    ...(['correct', 'incorrect', 'undetermined', 'needs_brackets', 'errors'] as const).map((key) => `  ${key.padEnd(14)} ${String(summary[key]).padStart(5)}`),
  ];
  const mistakes = Object.entries(summary.by_mistake).sort((a, b) => b[1] - a[1]);
  if (mistakes.length > 0) {
    const width = Math.max(...mistakes.map(([code]) => code.length), 'mistake'.length);
    lines.push('', `  ${'mistake'.padEnd(width)}  count`, ...mistakes.map(([code, count]) => `  ${code.padEnd(width)}  ${String(count).padStart(5)}`));
  }
  return `${lines.join('\n')}\n`;
}
