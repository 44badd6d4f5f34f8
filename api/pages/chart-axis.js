// The date axis both charts share: a scale from ISO dates to x, and a tick at the first of each month.
import { svg } from './client.js';

const DAY = 86_400_000;
export const dayNumber = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** x for an ISO date between `from` and `to` (ISO dates), over [left, right] pixels. */
export function dateScale(from, to, left, right) {
  const min = dayNumber(from);
  const span = Math.max(1, dayNumber(to) - min);
  return (iso) => left + ((dayNumber(iso) - min) / span) * (right - left);
}

/** The first day of each month from `from` to `to`, as ISO dates. */
export function monthStarts(from, to) {
  const out = [];
  let [y, m] = from.split('-').map(Number);
  if (!from.endsWith('-01')) m += 1;
  for (;;) {
    if (m > 12) { y += 1; m = 1; }
    const iso = `${y}-${String(m).padStart(2, '0')}-01`;
    if (iso > to) return out;
    out.push(iso);
    m += 1;
  }
}

/** Month ticks as faint gridlines from `top` to `bottom`, labelled under the axis; sparse labels on long spans. */
export function monthAxis(root, { from, to, x, top, bottom }) {
  const months = monthStarts(from, to);
  const every = Math.max(1, Math.ceil(months.length / 12));
  root.append(svg('line', { x1: x(from), x2: x(to), y1: bottom, y2: bottom, stroke: '#0b0c0c' }));
  months.forEach((iso, i) => {
    root.append(svg('line', { class: 'month-tick', x1: x(iso), x2: x(iso), y1: top, y2: bottom + 5, 'data-testid': 'month-tick' }));
    const [y, m] = iso.split('-');
    if (i % every === 0) root.append(svg('text', { x: x(iso), y: bottom + 18, 'text-anchor': 'middle' }, `${MONTHS[Number(m) - 1]}${m === '01' || i === 0 ? ` ${y}` : ''}`));
  });
}
