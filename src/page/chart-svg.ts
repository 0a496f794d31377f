/**
 * A bar chart drawn as SVG by the page itself (no chart library, nothing from elsewhere), at the
 * width of its box and drawn again when that changes, so its text stays legible from a phone to a
 * wide screen. Screen readers get its title and every value in its description.
 */
import { layoutBars, type Bar, CHART } from './chart.js';
import { h, svg } from './dom.js';

export function barChart(bars: readonly Bar[], options: { id: string; title: string; unit: string; className: string }): HTMLElement {
  const box = h('div', { class: `chart ${options.className}` });
  if (bars.length === 0) {
    box.append(h('p', { class: 'note' }, 'None.'));
    return box;
  }
  let drawnAt = -1;
  const draw = () => {
    const width = Math.floor(box.clientWidth);
    if (width <= 0 || width === drawnAt) return;
    drawnAt = width;
    box.replaceChildren(drawing(bars, width, options));
  };
  new ResizeObserver(draw).observe(box);
  return box;
}

function drawing(bars: readonly Bar[], width: number, options: { id: string; title: string; unit: string }): SVGSVGElement {
  const layout = layoutBars(bars, width);
  const described = bars.map((bar) => `${bar.label}${bar.note ? ` (${bar.note})` : ''}: ${bar.count} ${bar.count === 1 ? options.unit : `${options.unit}s`}`).join('; ');
  return svg(
    'svg',
    {
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      role: 'img',
      'aria-labelledby': `${options.id}-title ${options.id}-desc`,
      'font-size': CHART.fontSize,
    },
    svg('title', { id: `${options.id}-title` }, options.title),
    svg('desc', { id: `${options.id}-desc` }, `${described}.`),
    ...layout.rows.map((row) =>
      svg(
        'g',
        { class: 'row', 'data-key': row.bar.key },
        svg('title', {}, `${row.bar.label}${row.bar.note ? ` (${row.bar.note})` : ''}: ${row.bar.count}`),
        svg('text', { x: 0, y: row.labelY, class: 'label' }, row.text),
        svg('rect', { x: 0, y: row.barY, width: row.barWidth, height: layout.barHeight, rx: 2, class: 'bar' }),
        svg('text', { x: row.countX, y: row.countY, class: 'count' }, row.bar.count),
      ),
    ),
  );
}
