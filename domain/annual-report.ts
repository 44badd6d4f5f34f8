/**
 * The review section of the partnership's annual report (PROCESSES.md T12) for a chosen 12 months,
 * from read-model rows: the counts and timeliness the report gives, decisions, pauses with reasons,
 * audits. Pure, so Markdown, CSV and the dashboard's figures agree.
 */
import type { IsoDate } from './dates';

export interface ReportCase {
  reference: string;
  process: string;
  stage: string;
  state: string;
  awareOn: IsoDate;
  deadlines: { key: string; ruleId: string; due: IsoDate; statutoryDue: IsoDate; metOn: IsoDate | null; paused: boolean; pauses: { from: IsoDate; to?: IsoDate; workingDays: number; reason: string }[] }[];
  decisions: { occurredOn: IsoDate; summary: string }[];
}

export interface ReportAudit {
  reference: string;
  type: string;
  theme: string | null;
  state: string;
  openedOn: IsoDate;
  participants: number;
  returned: number;
}

export interface AnnualFigures {
  rapidReviews: number;
  rapidReviewsSubmitted: number;
  rapidReviewsWithin15WorkingDays: number | null;
  rapidReviewsWithin15WorkingDaysShare: number | null;
  lcsprsCommissioned: number;
  lcsprsInProgress: number;
  lcsprsPaused: number;
  workingDaysPaused: number;
  lcsprsPublished: number;
  auditsCompleted: number;
  section175ReturnRate: number | null;
}

// Stages a practice review reaches only once its report (or its improvements) is published.
const PUBLISHED = new Set(['published', 'improvements-published', 'action-plan-due', 'action-plan-monitoring', 'learning-audit', 'closed']);
const inPeriod = (d: IsoDate, from: IsoDate, to: IsoDate) => d >= from && d <= to;
const pausedDays = (c: ReportCase) => Math.max(0, ...c.deadlines.map((d) => d.pauses.reduce((n, p) => n + p.workingDays, 0)));

export function annualFigures(cases: ReportCase[], audits: ReportAudit[], period: { from: IsoDate; to: IsoDate }): AnnualFigures {
  const rapid = cases.filter((c) => c.process === 'rapid-review' && inPeriod(c.awareOn, period.from, period.to));
  const submitted = rapid.map((c) => c.deadlines.find((d) => d.key === 'rapid-review')).filter((d) => d?.metOn);
  const within = submitted.filter((d) => d!.metOn! <= d!.statutoryDue).length;
  const lcsprs = cases.filter((c) => c.process === 'practice-review' && inPeriod(c.awareOn, period.from, period.to));
  const s175 = audits.filter((a) => a.type === 'section-175' && inPeriod(a.openedOn, period.from, period.to)).sort((a, b) => b.openedOn.localeCompare(a.openedOn))[0];
  return {
    rapidReviews: rapid.length,
    rapidReviewsSubmitted: submitted.length,
    rapidReviewsWithin15WorkingDays: submitted.length ? within : null,
    rapidReviewsWithin15WorkingDaysShare: submitted.length ? Math.round((within / submitted.length) * 100) : null,
    lcsprsCommissioned: lcsprs.length,
    lcsprsInProgress: lcsprs.filter((c) => c.state === 'open' && !PUBLISHED.has(c.stage)).length,
    lcsprsPaused: lcsprs.filter((c) => c.deadlines.some((d) => d.pauses.length > 0)).length,
    workingDaysPaused: lcsprs.reduce((n, c) => n + pausedDays(c), 0),
    lcsprsPublished: lcsprs.filter((c) => PUBLISHED.has(c.stage)).length,
    auditsCompleted: audits.filter((a) => a.state === 'closed' && inPeriod(a.openedOn, period.from, period.to)).length,
    section175ReturnRate: s175 && s175.participants > 0 ? Math.round((s175.returned / s175.participants) * 100) : null,
  };
}

export function annualReportMarkdown(cases: ReportCase[], audits: ReportAudit[], period: { from: IsoDate; to: IsoDate }): string {
  const f = annualFigures(cases, audits, period);
  const rapid = cases.filter((c) => c.process === 'rapid-review' && inPeriod(c.awareOn, period.from, period.to));
  const lcsprs = cases.filter((c) => c.process === 'practice-review' && inPeriod(c.awareOn, period.from, period.to));
  const lines = [
    `# Serious incidents and practice reviews, ${period.from} to ${period.to}`,
    '',
    `- Rapid reviews: ${f.rapidReviews} (submitted ${f.rapidReviewsSubmitted}; within 15 working days: ${f.rapidReviewsWithin15WorkingDays ?? 'n/a'}${f.rapidReviewsWithin15WorkingDaysShare === null ? '' : `, ${f.rapidReviewsWithin15WorkingDaysShare}%`})`,
    `- Local child safeguarding practice reviews commissioned: ${f.lcsprsCommissioned}; in progress ${f.lcsprsInProgress}; paused ${f.lcsprsPaused} (${f.workingDaysPaused} working days in all); published ${f.lcsprsPublished}`,
    `- Audits completed: ${f.auditsCompleted}; section 175 return rate: ${f.section175ReturnRate === null ? 'n/a' : `${f.section175ReturnRate}%`}`,
    '',
    '## Rapid reviews',
    '',
    '| Reference | Aware | Stage | Rapid review due | Submitted | Within timescale |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rapid.map((c) => {
      const d = c.deadlines.find((x) => x.key === 'rapid-review');
      return `| ${c.reference} | ${c.awareOn} | ${c.stage} | ${d?.statutoryDue ?? ''} | ${d?.metOn ?? 'not yet'} | ${d?.metOn ? (d.metOn <= d.statutoryDue ? 'yes' : 'no') : ''} |`;
    }),
    '',
    '### Decisions',
    '',
    ...(rapid.flatMap((c) => c.decisions.map((d) => `- ${c.reference}, ${d.occurredOn}: ${d.summary}`)).length ? rapid.flatMap((c) => c.decisions.map((d) => `- ${c.reference}, ${d.occurredOn}: ${d.summary}`)) : ['- none recorded']),
    '',
    '## Practice reviews',
    '',
    ...(lcsprs.length
      ? lcsprs.map((c) => {
          const pauses = c.deadlines.flatMap((d) => d.pauses).filter((p, i, all) => all.findIndex((q) => q.from === p.from) === i);
          return `- ${c.reference} (commissioned ${c.awareOn}): ${c.stage}${pauses.length ? `; on hold ${pauses.map((p) => `${p.from} to ${p.to ?? 'now'} (${p.reason}, ${p.workingDays} working days)`).join(', ')}` : ''}`;
        })
      : ['- none']),
    '',
    '## Audits',
    '',
    ...(audits.length ? audits.filter((a) => inPeriod(a.openedOn, period.from, period.to)).map((a) => `- ${a.reference} (${a.type}${a.theme ? `: ${a.theme}` : ''}): ${a.state}, returns ${a.returned} of ${a.participants}`) : ['- none']),
    '',
  ];
  return lines.join('\n');
}

const csvCell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would be read as a formula by spreadsheet software.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function annualReportCsv(cases: ReportCase[], period: { from: IsoDate; to: IsoDate }): string {
  const header = ['reference', 'process', 'aware_or_commissioned_on', 'stage', 'state', 'rapid_review_due', 'rapid_review_submitted', 'within_timescale', 'working_days_paused', 'pause_reasons', 'decisions'];
  const rows = cases
    .filter((c) => inPeriod(c.awareOn, period.from, period.to))
    .map((c) => {
      const d = c.deadlines.find((x) => x.key === 'rapid-review');
      const pauses = c.deadlines.flatMap((x) => x.pauses).filter((p, i, all) => all.findIndex((q) => q.from === p.from) === i);
      return [c.reference, c.process, c.awareOn, c.stage, c.state, d?.statutoryDue ?? '', d?.metOn ?? '', d?.metOn ? (d.metOn <= d.statutoryDue ? 'yes' : 'no') : '', pausedDays(c), pauses.map((p) => p.reason).join('; '), c.decisions.map((x) => `${x.occurredOn} ${x.summary}`).join('; ')];
    });
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
