import { $, api, el, emptyState, heading, link, page, para, row, statusTag, svg, table } from './client.js';
import { dateScale, dayNumber, monthAxis } from './chart-axis.js';

// The executive's portfolio: every open practice review from commissioning to its target, from the
// cases list and each case's answer (the same deadlines and verdicts the case page shows).
page(async () => {
  const list = await api('GET', '/api/cases?process=practice-review&state=open&sort=next-due');
  if (list.cases.length === 0) {
    $('#content').replaceChildren(emptyState('No practice review is open.', para('One starts when a rapid review ends with the decision to hold a local review, or ', link('/practice-review', 'start one here'), ' if its rapid review was held elsewhere.')));
    return;
  }
  const reviews = await Promise.all(list.cases.map(async (item) => ({ item, c: await api('GET', `/api/cases/${encodeURIComponent(item.reference)}`) })));
  const bars = reviews.map(({ item, c }) => {
    const target = c.deadlines.find((d) => d.key === 'completion');
    return {
      reference: item.reference,
      start: item.commissionedOn ?? c.awareOn,
      due: target?.due ?? null,
      statutoryDue: target?.statutoryDue ?? null,
      status: target?.status ?? c.health,
      late: target?.status === 'overdue' || c.health === 'overdue',
      holds: target?.explanation?.pauses ?? [],
      today: c.today,
    };
  });
  const late = bars.filter((b) => b.late).length;
  $('#content').replaceChildren(
    para(`${bars.length} open practice review${bars.length === 1 ? '' : 's'}, ${late} late.`),
    portfolioChart(bars),
    el('ul', { class: 'legend govuk-body-s', 'aria-label': 'Key' },
      el('li', {}, el('span', { class: 'key', style: 'background:#1d70b8' }), 'from commissioning to the target'),
      el('li', {}, el('span', { class: 'key', style: 'background:#d4351c' }), 'late'),
      el('li', {}, el('span', { class: 'key', style: 'background:rgba(76,44,146,.35)' }), 'on hold'),
      el('li', {}, el('span', { class: 'key', style: 'background:#fff;border-style:dashed;border-color:#d4351c' }), 'statutory target (six months)'),
      el('li', {}, el('span', { class: 'key', style: 'background:#0b0c0c' }), 'target moved by holds, and today')),
    heading('The same in a table'),
    table({
      head: ['Practice review', 'Commissioned', 'Statutory target', 'Target after holds', 'Holds', 'Status'],
      id: 'portfolio-table',
      rows: bars.map((b) => row({ 'data-reference': b.reference },
        link(`/case?ref=${encodeURIComponent(b.reference)}`, b.reference), b.start, b.statutoryDue ?? '—', b.due ?? '—',
        b.holds.length ? b.holds.map((h) => `${h.from} to ${h.to || 'now'} (${h.reason})`).join('; ') : 'none',
        statusTag(b.status))),
    }),
  );
});

const shift = (iso, days) => new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10);

function portfolioChart(bars) {
  const today = bars[0].today;
  const dates = [today, ...bars.flatMap((b) => [b.start, b.due, b.statutoryDue, ...b.holds.flatMap((h) => [h.from, h.to || today])])].filter(Boolean).sort();
  const from = shift(dates[0], -7);
  const to = shift(dates[dates.length - 1], 14);
  const W = 960, left = 190, right = 20, rowH = 34, top = 24;
  const x = dateScale(from, to, left, W - right);
  const axisY = top + bars.length * rowH + 6;
  const H = axisY + 44;
  const root = svg('svg', { class: 'chart portfolio', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'pf-title pf-desc' });
  root.append(svg('title', { id: 'pf-title' }, 'Open practice reviews from commissioning to target'));
  root.append(svg('desc', { id: 'pf-desc' }, `${bars.length} reviews; ${bars.filter((b) => b.late).length} late. The table below gives the same dates.`));
  monthAxis(root, { from, to, x, top, bottom: axisY });
  bars.forEach((b, i) => {
    const y = top + i * rowH + 6;
    const g = svg('g', { 'data-testid': 'review-bar', 'data-reference': b.reference, 'data-late': String(b.late) });
    g.append(svg('text', { x: 4, y: y + 16 }, `${b.late ? '⚠ ' : ''}${b.reference}`));
    const end = b.due ?? today;
    g.append(svg('rect', { x: x(b.start), y, width: Math.max(3, x(end) - x(b.start)), height: rowH - 12, fill: b.late ? '#d4351c' : '#1d70b8', 'data-testid': 'bar' }));
    for (const h of b.holds) {
      g.append(svg('rect', { x: x(h.from), y: y - 3, width: Math.max(2, x(h.to || today) - x(h.from)), height: rowH - 6, fill: '#4c2c92', 'fill-opacity': 0.35, 'data-testid': 'hold' }));
    }
    if (b.statutoryDue) g.append(svg('line', { x1: x(b.statutoryDue), x2: x(b.statutoryDue), y1: y - 4, y2: y + rowH - 8, stroke: '#d4351c', 'stroke-width': 2, 'stroke-dasharray': '4 3', 'data-testid': 'statutory-target' }));
    if (b.due) g.append(svg('line', { x1: x(b.due), x2: x(b.due), y1: y - 4, y2: y + rowH - 8, stroke: '#0b0c0c', 'stroke-width': 3, 'data-testid': 'adjusted-target' }));
    if (b.late) g.append(svg('text', { x: Math.min(x(end) + 6, W - 40), y: y + 16, 'data-testid': 'late-flag' }, 'late'));
    root.append(g);
  });
  root.append(svg('line', { x1: x(today), x2: x(today), y1: top - 8, y2: axisY, stroke: '#0b0c0c', 'stroke-width': 2, 'data-testid': 'today' }));
  root.append(svg('text', { x: x(today), y: axisY + 36, 'text-anchor': 'middle' }, `today ${today}`));
  return root;
}
