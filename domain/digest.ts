/**
 * The executive's weekly digest: what is overdue, what is at risk, and what changed since the last
 * one. HTML with a plain-text part; case references only, never a child's pseudonym.
 */
import type { DashboardItem } from './dashboard';
import { formatLongDate, type IsoDate } from './dates';

export interface DigestChange {
  reference: string;
  occurredOn: IsoDate;
  kind: string;
  summary: string;
}

export interface Digest {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function line(i: DashboardItem): string {
  const days = i.next ? (i.next.workingDaysRemaining < 0 ? `${-i.next.workingDaysRemaining} working days overdue` : i.next.workingDaysRemaining === 0 ? 'due today' : `${i.next.workingDaysRemaining} working days left`) : '';
  return `${i.reference} (${i.process}, ${i.stage}): ${i.next ? `${i.next.title} due ${formatLongDate(i.next.due)}, ${days}` : 'no open deadline'}`;
}

export function weeklyDigest(args: { partnership: string; weekOf: IsoDate; since: IsoDate; items: DashboardItem[]; changes: DigestChange[] }): Digest {
  const overdue = args.items.filter((i) => i.status === 'overdue' || i.status === 'due-today');
  const atRisk = args.items.filter((i) => i.status === 'at-risk');
  const onHold = args.items.filter((i) => i.status === 'on-hold' || i.status === 'publication-deferred');
  const sections: [string, string[]][] = [
    [`Overdue or due today (${overdue.length})`, overdue.map(line)],
    [`At risk within 5 working days (${atRisk.length})`, atRisk.map(line)],
    [`On hold or publication deferred (${onHold.length})`, onHold.map(line)],
    [`Changes since ${formatLongDate(args.since)} (${args.changes.length})`, args.changes.map((c) => `${c.reference}, ${formatLongDate(c.occurredOn)}: ${c.summary}`)],
  ];
  const subject = `[${args.partnership}] Weekly digest w/c ${formatLongDate(args.weekOf)}: ${overdue.length} overdue, ${atRisk.length} at risk`;
  const text = [
    `Weekly digest for the week of ${formatLongDate(args.weekOf)}: ${args.items.length} open item${args.items.length === 1 ? "" : "s"}.`,
    '',
    ...sections.flatMap(([title, lines]) => [title, ...(lines.length ? lines.map((l) => `- ${l}`) : ['- none']), '']),
    'Sent by review-engine. The dashboard has the detail and how each date was computed.',
  ].join('\n');
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>' + escapeHtml(subject) + '</title></head>',
    '<body style="font-family:Arial,sans-serif;color:#0b0c0c;max-width:48rem">',
    `<h1 style="font-size:1.4rem">Weekly digest: week of ${escapeHtml(formatLongDate(args.weekOf))}</h1>`,
    `<p>${args.items.length} open item${args.items.length === 1 ? "" : "s"}.</p>`,
    ...sections.map(([title, lines]) => `<h2 style="font-size:1.1rem">${escapeHtml(title)}</h2>${lines.length ? `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '<p>None.</p>'}`),
    '<p style="color:#505a5f">Sent by review-engine. The dashboard has the detail and how each date was computed.</p>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
