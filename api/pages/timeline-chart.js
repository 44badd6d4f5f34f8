import { svg } from './client.js';
import { dateScale, dayNumber, monthAxis } from './chart-axis.js';

const shift = (iso, days) => new Date((dayNumber(iso) + days) * 86_400_000).toISOString().slice(0, 10);

/** One case: stages as bars, milestones as marks, holds shaded, statutory dates as lines, today marked, on a month axis. */
export function timelineChart(c) {
  const events = c.timeline.filter((e) => !['email', 'note', 'calendar-changed'].includes(e.kind));
  const pauses = c.deadlines.flatMap((d) => d.explanation?.pauses ?? []).filter((p, i, all) => all.findIndex((q) => q.from === p.from) === i);
  const dates = [c.awareOn, c.today, ...events.map((e) => e.occurredOn), ...c.deadlines.flatMap((d) => [d.due, d.statutoryDue]), ...pauses.flatMap((p) => [p.from, p.to || c.today])].sort();
  const from = shift(dates[0], -2);
  const to = shift(dates[dates.length - 1], 4);
  const W = 960, left = 150, right = 20, rowH = 28;
  const x = dateScale(from, to, left, W - right);
  const rows = ['Stages', 'Milestones', ...c.deadlines.map((d) => d.title)];
  const axisY = 40 + rows.length * rowH + 4;
  const H = axisY + 44;
  const root = svg('svg', { class: 'chart timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'tl-title tl-desc' });
  root.append(svg('title', { id: 'tl-title' }, `Timeline of ${c.reference}`));
  root.append(svg('desc', { id: 'tl-desc' }, `From ${c.awareOn} to ${c.today}: ${events.length} milestones, ${pauses.length} holds, ${c.deadlines.length} deadlines. The same dates are in the tables below.`));
  monthAxis(root, { from, to, x, top: 20, bottom: axisY });
  for (const p of pauses) {
    root.append(svg('rect', { class: 'pause', x: x(p.from), y: 20, width: Math.max(2, x(p.to || c.today) - x(p.from)), height: axisY - 20, fill: '#4c2c92', 'fill-opacity': 0.15, 'data-testid': 'pause' }));
    root.append(svg('text', { x: x(p.from) + 4, y: 16 }, `on hold: ${p.reason}`));
  }
  rows.forEach((label, i) => root.append(svg('text', { x: 4, y: 40 + i * rowH + 18 }, label.length > 22 ? `${label.slice(0, 21)}…` : label)));
  const stageStarts = [{ occurredOn: c.awareOn, summary: 'Opened' }, ...events.filter((e) => e.kind !== 'case-opened')];
  stageStarts.forEach((e, i) => {
    const end = stageStarts[i + 1]?.occurredOn ?? (c.state === 'open' ? c.today : e.occurredOn);
    root.append(svg('rect', { x: x(e.occurredOn), y: 44, width: Math.max(3, x(end) - x(e.occurredOn)), height: rowH - 10, fill: i % 2 ? '#1d70b8' : '#5694ca', 'data-testid': 'stage' }));
  });
  for (const e of events) {
    const cx = x(e.occurredOn), cy = 40 + rowH + 14;
    const mark = svg('path', { d: `M${cx} ${cy - 7} L${cx + 7} ${cy} L${cx} ${cy + 7} L${cx - 7} ${cy} Z`, fill: '#0b0c0c', 'data-testid': 'milestone' });
    mark.append(svg('title', {}, `${e.occurredOn}: ${e.summary}`));
    root.append(mark);
  }
  c.deadlines.forEach((d, i) => {
    const y = 40 + (i + 2) * rowH;
    if (d.statutoryDue !== d.due) {
      root.append(svg('line', { x1: x(d.statutoryDue), x2: x(d.statutoryDue), y1: y, y2: y + rowH - 4, stroke: '#d4351c', 'stroke-width': 2, 'stroke-dasharray': '4 3', 'data-testid': 'statutory-date' }));
    }
    root.append(svg('line', { x1: x(d.due), x2: x(d.due), y1: y, y2: y + rowH - 4, stroke: d.status === 'overdue' ? '#d4351c' : '#00703c', 'stroke-width': 3, 'data-testid': 'due-date' }));
    const nearRightEdge = x(d.due) > W - 260;
    root.append(svg('text', { x: x(d.due) + (nearRightEdge ? -6 : 4), y: y + 16, 'text-anchor': nearRightEdge ? 'end' : 'start' }, `${d.due}${d.statutoryDue !== d.due ? ` (statutory ${d.statutoryDue})` : ''}`));
  });
  root.append(svg('line', { x1: x(c.today), x2: x(c.today), y1: 20, y2: axisY, stroke: '#0b0c0c', 'stroke-width': 2, 'data-testid': 'today' }));
  root.append(svg('text', { x: x(c.today), y: axisY + 36, 'text-anchor': 'middle' }, `today ${c.today}`));
  return root;
}
