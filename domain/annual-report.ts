/**
 * The review section of the partnership's annual report (PROCESSES.md T12) for a period (`from` and
 * `to`, both inclusive), from read-model rows. Everything is counted by what happened in the period:
 * rapid reviews by awareness date; practice reviews commissioned, on hold (working days within the
 * period only), published and in progress at its end; each timescale's within-time rate on the one
 * verdict of deadlines.ts. One per-case table (`annualReportRows`) is what JSON, Markdown and CSV
 * are rendered from, so they cannot disagree.
 */
import { workingDaysBetween, type WorkingCalendar } from './calendar';
import { addCalendarDays, addCalendarMonths, type IsoDate } from './dates';
import { deadlineStatus } from './deadlines';
import { AUDIT_TEMPLATES, AUDIT_TYPES, honestPercent, returnVerdicts, type AuditType } from './audits';
import { keyInWords } from './words';

export interface ReportPeriod {
  from: IsoDate;
  to: IsoDate;
}

export interface ReportHold {
  kind: 'pause' | 'publication-deferral';
  from: IsoDate;
  /** The day the review worked again; none while still on hold. */
  to?: IsoDate;
  reason: string;
}

export interface ReportCase {
  reference: string;
  process: string;
  stage: string;
  state: string;
  awareOn: IsoDate;
  /** A practice review: the decision to hold it (the start of T7). */
  commissionedOn?: IsoDate;
  holds: ReportHold[];
  deadlines: { key: string; ruleId: string; due: IsoDate; statutoryDue: IsoDate; metOn: IsoDate | null }[];
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

/** The timescales the report gives a within-time rate for, and the deadline each reads. */
export const REPORTED_TIMESCALES = [
  { ruleId: 'T1', key: 'notification', process: 'rapid-review', title: 'Serious incident notified within 5 working days' },
  { ruleId: 'T4', key: 'rapid-review', process: 'rapid-review', title: 'Rapid review sent to the Panel within 15 working days' },
  { ruleId: 'T7', key: 'completion', process: 'practice-review', title: 'Practice review published within 6 months (moved by holds)' },
  { ruleId: 'T8', key: 'pre-publication-copy', process: 'practice-review', title: 'Final report to the Panel and Secretary of State 7 working days before publication' },
] as const;
export type ReportedRule = (typeof REPORTED_TIMESCALES)[number]['ruleId'];

export type RowVerdict = 'met' | 'met-late' | 'open' | '';

/** One case's line in the report: every figure is a count or sum over these. */
export interface ReportRow {
  reference: string;
  process: string;
  stage: string;
  awareOn: IsoDate;
  commissionedOn: IsoDate | '';
  publishedOn: IsoDate | '';
  /** For each reported timescale: the date worked to, the statutory date, when met, and the verdict as at the period's end. */
  timescales: Record<ReportedRule, { due: IsoDate | ''; statutoryDue: IsoDate | ''; metOn: IsoDate | ''; verdict: RowVerdict }>;
  holds: ReportHold[];
  workingDaysOnHoldInPeriod: number;
  commissionedInPeriod: boolean;
  publishedInPeriod: boolean;
  onHoldInPeriod: boolean;
  inProgressAtEnd: boolean;
  decisions: string;
}

function within(d: IsoDate | undefined | null | '', p: ReportPeriod): d is IsoDate {
  return !!d && d >= p.from && d <= p.to;
}
function min(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}
function max(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** The partnership's reporting year containing `day`, starting on `yearStart` ('04-01': April to March). */
export function reportingYear(day: IsoDate, yearStart = '04-01'): ReportPeriod {
  const thisYear = `${day.slice(0, 4)}-${yearStart}`;
  const from = day >= thisYear ? thisYear : `${Number(day.slice(0, 4)) - 1}-${yearStart}`;
  return { from, to: addCalendarDays(addCalendarMonths(from, 12), -1) };
}

/** Working days on hold inside the period (and not after `asOf`), each hold from `from` to the day before `to`. */
function workingDaysOnHoldIn(holds: readonly ReportHold[], period: ReportPeriod, asOf: IsoDate, calendar: WorkingCalendar): number {
  const end = min(period.to, asOf);
  let total = 0;
  for (const h of holds) {
    const first = max(h.from, period.from);
    const last = min(h.to ? addCalendarDays(h.to, -1) : end, end);
    if (first <= last) total += workingDaysBetween(calendar, addCalendarDays(first, -1), last);
  }
  return total;
}

/**
 * The per-case table for the period as it stood on `asOf` (the period's end, or today if earlier).
 * Rapid reviews are the ones the partnership became aware of in the period; practice reviews, those
 * running at any time in it (commissioned by its end, and not published before it began).
 */
export function annualReportRows(cases: readonly ReportCase[], period: ReportPeriod, today: IsoDate, calendar: WorkingCalendar): ReportRow[] {
  const asOf = min(period.to, today);
  const rows: ReportRow[] = [];
  for (const c of cases) {
    const completion = c.deadlines.find((d) => d.key === 'completion');
    const published = completion?.metOn ?? undefined;
    if (c.process === 'rapid-review') {
      if (!within(c.awareOn, period)) continue;
    } else if (c.process === 'practice-review') {
      if (!c.commissionedOn || c.commissionedOn > asOf || (published !== undefined && published < period.from)) continue;
    } else continue;
    const timescales = {} as ReportRow['timescales'];
    for (const t of REPORTED_TIMESCALES) {
      const d = c.process === t.process ? c.deadlines.find((x) => x.key === t.key) : undefined;
      const metOn = d?.metOn && d.metOn <= asOf ? d.metOn : undefined;
      // Stryker disable next-line BooleanLiteral: a paused flag changes only an unmet deadline's status, which the row calls open either way
      const status = d ? deadlineStatus({ ...d, paused: false }, asOf, calendar, metOn ? { metOn } : {}).status : undefined;
      const verdict: RowVerdict = !d ? '' : status === 'met' || status === 'met-late' ? status : 'open';
      timescales[t.ruleId] = { due: d?.due ?? '', statutoryDue: d?.statutoryDue ?? '', metOn: metOn ?? '', verdict };
    }
    const publishedByEnd = published !== undefined && published <= asOf;
    const onHoldInPeriod = c.holds.some((h) => h.from <= asOf && (h.to === undefined || h.to > period.from));
    rows.push({
      reference: c.reference,
      process: c.process,
      stage: c.stage,
      awareOn: c.awareOn,
      commissionedOn: c.commissionedOn ?? '',
      publishedOn: publishedByEnd ? published : '',
      timescales,
      holds: c.holds.filter((h) => h.from <= asOf),
      workingDaysOnHoldInPeriod: workingDaysOnHoldIn(c.holds, period, asOf, calendar),
      commissionedInPeriod: within(c.commissionedOn, period),
      publishedInPeriod: publishedByEnd && within(published, period),
      onHoldInPeriod,
      inProgressAtEnd: c.process === 'practice-review' && !publishedByEnd && c.state === 'open',
      decisions: c.decisions
        .filter((d) => d.occurredOn <= asOf)
        .map((d) => `${d.occurredOn} ${d.summary}`)
        .join('; '),
    });
  }
  return rows.sort((a, b) => (a.commissionedOn || a.awareOn).localeCompare(b.commissionedOn || b.awareOn) || a.reference.localeCompare(b.reference));
}

export interface TimelinessFigure {
  title: string;
  /** Met in the period (on time or late) among the cases it counts. */
  met: number;
  metLate: number;
  /** Still open at the period's end. */
  open: number;
  /** met / (met + metLate), in whole per cent; null when none was met. */
  withinTimePercent: number | null;
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
  timeliness: Record<ReportedRule, TimelinessFigure>;
  auditsCompleted: number;
  section175ReturnRate: number | null;
}

/**
 * Which rows a timescale's rate counts: rapid reviews in the period for T1 and T4; practice reviews
 * published in the period, or still in progress at its end, for T7; for T8, copies sent in the period,
 * or due in it and not sent by its end (a T8 date after the period is not yet the period's business).
 */
function countsFor(ruleId: ReportedRule, row: ReportRow, period: ReportPeriod): boolean {
  if (ruleId === 'T1' || ruleId === 'T4') return row.process === 'rapid-review';
  if (ruleId === 'T7') return row.process === 'practice-review' && (row.publishedInPeriod || row.inProgressAtEnd);
  return row.process === 'practice-review' && (within(row.timescales.T8.metOn, period) || (row.inProgressAtEnd && within(row.timescales.T8.due, period)));
}

/**
 * The review figures; audits completed are the quality assurance table's (`qa`, from `qaReportRows`
 * for the same period), so the summary line and the QA section cannot disagree.
 */
export function figuresFromRows(rows: readonly ReportRow[], period: ReportPeriod, qa: readonly QaRow[]): AnnualFigures {
  const rapid = rows.filter((r) => r.process === 'rapid-review');
  // Stryker disable next-line MethodExpression: the practice figures read only flags that are false, and days that are 0, on a rapid review's row
  const practice = rows.filter((r) => r.process === 'practice-review');
  const timeliness = Object.fromEntries(
    REPORTED_TIMESCALES.map((t) => {
      const counted = rows.filter((r) => countsFor(t.ruleId, r, period));
      const met = counted.filter((r) => r.timescales[t.ruleId].verdict === 'met').length;
      const metLate = counted.filter((r) => r.timescales[t.ruleId].verdict === 'met-late').length;
      const open = counted.filter((r) => r.timescales[t.ruleId].verdict === 'open').length;
      return [t.ruleId, { title: t.title, met, metLate, open, withinTimePercent: met + metLate > 0 ? Math.round((met / (met + metLate)) * 100) : null }];
    }),
  ) as Record<ReportedRule, TimelinessFigure>;
  const t4 = timeliness.T4;
  const submitted = t4.met + t4.metLate;
  // The QA table's figure (every section 175 audit opened in the period), so the two can never disagree.
  const s175 = qa.find((r) => r.measure === 'returns-received' && r.auditType === 'section-175');
  return {
    rapidReviews: rapid.length,
    rapidReviewsSubmitted: submitted,
    rapidReviewsWithin15WorkingDays: submitted ? t4.met : null,
    rapidReviewsWithin15WorkingDaysShare: t4.withinTimePercent,
    lcsprsCommissioned: practice.filter((r) => r.commissionedInPeriod).length,
    lcsprsInProgress: practice.filter((r) => r.inProgressAtEnd).length,
    lcsprsPaused: practice.filter((r) => r.onHoldInPeriod).length,
    workingDaysPaused: practice.reduce((n, r) => n + r.workingDaysOnHoldInPeriod, 0),
    lcsprsPublished: practice.filter((r) => r.publishedInPeriod).length,
    timeliness,
    auditsCompleted: auditsCompletedTotal(qa),
    section175ReturnRate: s175 && s175.of ? s175.percent : null,
  };
}

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}
function holdsInWords(r: ReportRow): string {
  return r.holds.map((h) => `${h.kind === 'pause' ? 'on hold' : 'publication deferred'} ${h.from} to ${h.to ?? 'now'} (${h.reason})`).join('; ');
}
function verdictWords(v: RowVerdict): string {
  const words: Record<RowVerdict, string> = { met: 'in time', 'met-late': 'late', open: 'open', '': '' };
  return words[v];
}

export function annualReportMarkdown(rows: readonly ReportRow[], audits: readonly ReportAudit[], period: ReportPeriod, qa: readonly QaRow[]): string {
  const f = figuresFromRows(rows, period, qa);
  const rapid = rows.filter((r) => r.process === 'rapid-review');
  const practice = rows.filter((r) => r.process === 'practice-review');
  const rate = (t: TimelinessFigure) => `${t.met} of ${t.met + t.metLate} in time${t.withinTimePercent === null ? '' : ` (${t.withinTimePercent}%)`}${t.open ? `; ${t.open} open at the period's end` : ''}`;
  const lines = [
    `# Serious incidents and practice reviews, ${period.from} to ${period.to}`,
    '',
    `- Rapid reviews: ${f.rapidReviews} (submitted ${f.rapidReviewsSubmitted}; within 15 working days: ${f.rapidReviewsWithin15WorkingDays ?? 'n/a'}${f.rapidReviewsWithin15WorkingDaysShare === null ? '' : `, ${f.rapidReviewsWithin15WorkingDaysShare}%`})`,
    `- Local child safeguarding practice reviews commissioned: ${f.lcsprsCommissioned}; on hold in the period ${f.lcsprsPaused} (${f.workingDaysPaused} working days within the period); published ${f.lcsprsPublished}; in progress at the period's end ${f.lcsprsInProgress}`,
    `- Audits completed: ${f.auditsCompleted}; section 175 return rate: ${f.section175ReturnRate === null ? 'n/a' : `${f.section175ReturnRate}%`}`,
    '',
    '## Timeliness',
    '',
    ...REPORTED_TIMESCALES.map((t) => `- ${t.ruleId}, ${t.title}: ${rate(f.timeliness[t.ruleId])}`),
    '',
    '## Rapid reviews',
    '',
    '| Reference | Aware | Stage | T1 due | T1 met | T1 | T4 due | T4 met | T4 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rapid.map((r) => {
      const { T1, T4 } = r.timescales;
      return `| ${r.reference} | ${r.awareOn} | ${r.stage} | ${T1.due} | ${T1.metOn || 'not yet'} | ${verdictWords(T1.verdict)} | ${T4.due} | ${T4.metOn || 'not yet'} | ${verdictWords(T4.verdict)} |`;
    }),
    '',
    '### Decisions',
    '',
    ...(rapid.some((r) => r.decisions) ? rapid.filter((r) => r.decisions).map((r) => `- ${r.reference}: ${r.decisions}`) : ['- none recorded']),
    '',
    '## Practice reviews',
    '',
    ...(practice.length
      ? practice.map((r) => {
          const { T7, T8 } = r.timescales;
          const published = r.publishedOn ? `published ${r.publishedOn} (${verdictWords(T7.verdict)}; due ${T7.due}, statutory date ${T7.statutoryDue})` : `not published by the period's end (due ${T7.due}, statutory date ${T7.statutoryDue})`;
          // A T8 date after the period is not yet the period's business (the CSV keeps it).
          const copy = within(T8.due, period) || within(T8.metOn, period) ? `; T8 copy due ${T8.due}${T8.metOn ? `, sent ${T8.metOn} (${verdictWords(T8.verdict)})` : ''}` : '';
          const holds = r.holds.length ? `; ${holdsInWords(r)}: ${r.workingDaysOnHoldInPeriod} working days on hold within the period` : '';
          return `- ${r.reference} (commissioned ${r.commissionedOn}): ${published}${copy}${holds}`;
        })
      : ['- none']),
    '',
    '## Audits',
    '',
    ...(audits.some((a) => within(a.openedOn, period)) ? audits.filter((a) => within(a.openedOn, period)).map((a) => `- ${a.reference} (${a.type}${a.theme ? `: ${a.theme}` : ''}): ${a.state}, returns ${a.returned} of ${a.participants}`) : ['- none']),
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

export const ANNUAL_REPORT_CSV_HEADER = [
  'reference',
  'process',
  'stage',
  'aware_on',
  'commissioned_on',
  'published_on',
  ...REPORTED_TIMESCALES.flatMap((t) => [`${t.ruleId}_due`, `${t.ruleId}_statutory_due`, `${t.ruleId}_met_on`, `${t.ruleId}_verdict`].map((h) => h.toLowerCase())),
  'commissioned_in_period',
  'on_hold_in_period',
  'working_days_on_hold_in_period',
  'published_in_period',
  'in_progress_at_end',
  'holds',
  'decisions',
];

export function annualReportCsv(rows: readonly ReportRow[]): string {
  const lines = rows.map((r) => [
    r.reference,
    r.process,
    r.stage,
    r.awareOn,
    r.commissionedOn,
    r.publishedOn,
    ...REPORTED_TIMESCALES.flatMap((t) => {
      const x = r.timescales[t.ruleId];
      return [x.due, x.statutoryDue, x.metOn, x.verdict];
    }),
    yesNo(r.commissionedInPeriod),
    yesNo(r.onHoldInPeriod),
    r.workingDaysOnHoldInPeriod,
    yesNo(r.publishedInPeriod),
    yesNo(r.inProgressAtEnd),
    holdsInWords(r),
    r.decisions,
  ]);
  return [ANNUAL_REPORT_CSV_HEADER, ...lines].map((l) => l.map(csvCell).join(',')).join('\n') + '\n';
}

// --- the quality assurance section (issue 17) ----------------------------------------------------
// One table (`qaReportRows`) from which the JSON figures, the Markdown section and the CSV are drawn.

export interface QaReportAudit {
  reference: string;
  type: AuditType;
  theme: string | null;
  openedOn: IsoDate;
  returnsDueOn: IsoDate;
  paused: boolean;
  milestones: { milestone: string; occurredOn: IsoDate }[];
  participants: { id: string; label: string; returnedOn: IsoDate | null }[];
  actions: { dueOn: IsoDate; completedOn: IsoDate | null }[];
}

export interface QaReportMeeting {
  date: IsoDate;
  state: string;
  /** The day its actions were agreed: the minutes' date. */
  minutedOn: IsoDate | null;
  actions: { dueOn: IsoDate; completedOn: IsoDate | null }[];
}

export interface QaReportControl {
  kind: 'cadence-changed' | 'audit-activity-suspended' | 'audit-activity-resumed' | 'cycle-stopped';
  effectiveOn: IsoDate;
  detail: string;
}

export const QA_MEASURES = [
  'audits-opened',
  'audits-completed',
  'returns-received',
  'returns-late',
  'actions-agreed',
  'actions-done',
  'actions-open',
  'meetings-held',
  'meetings-skipped',
  'cadence-changes',
  'suspensions',
] as const;
export type QaMeasure = (typeof QA_MEASURES)[number];

export interface QaRow {
  measure: QaMeasure;
  /** An audit type, or '' for the programme as a whole. */
  auditType: AuditType | '';
  count: number;
  /** What `count` is out of, where a rate is meant (returns expected, returns received, actions agreed). */
  of: number | null;
  percent: number | null;
  detail: string;
}

/** The day an audit was completed, as the workflow's 'completed' state means: its last stage reached and every action done. */
export function auditCompletedOn(a: Pick<QaReportAudit, 'type' | 'milestones' | 'actions'>): IsoDate | undefined {
  const last = AUDIT_TEMPLATES[a.type].milestones.at(-1);
  const stageOn = a.milestones.find((m) => m.milestone === last)?.occurredOn;
  if (stageOn === undefined || a.actions.some((x) => x.completedOn === null)) return undefined;
  return a.actions.reduce<IsoDate>((on, x) => max(on, x.completedOn ?? on), stageOn);
}

/**
 * Audits opened in the period by type; audits completed in it; for audits opened in it, returns
 * received and returns received late (deadlineStatus against the returns due date, as every statutory
 * deadline); actions agreed in the period, done by its end or still open; QAPP meetings held and skipped;
 * cadence changes and suspensions taking effect in it.
 */
export function qaReportRows(audits: readonly QaReportAudit[], meetings: readonly QaReportMeeting[], controls: readonly QaReportControl[], period: ReportPeriod, today: IsoDate, calendar: WorkingCalendar): QaRow[] {
  const rows: QaRow[] = [];
  const row = (measure: QaMeasure, auditType: AuditType | '', count: number, of: number | null, detail: string) =>
    rows.push({ measure, auditType, count, of, percent: of === null ? null : honestPercent(count, of), detail });
  const asOf = min(today, period.to);
  for (const type of AUDIT_TYPES) {
    const opened = audits.filter((a) => a.type === type && within(a.openedOn, period));
    const completed = audits.filter((a) => a.type === type && within(auditCompletedOn(a), period));
    if (opened.length === 0 && completed.length === 0) continue;
    row('audits-opened', type, opened.length, null, opened.map((a) => a.reference).join(' '));
    row('audits-completed', type, completed.length, null, completed.map((a) => `${a.reference} (${auditCompletedOn(a)})`).join(' '));
    if (opened.length === 0) continue;
    let expected = 0;
    let received = 0;
    const late: string[] = [];
    for (const a of opened) {
      // Stryker disable next-line ArrowFunction,ConditionalExpression,EqualityOperator,StringLiteral: the closing date only sets the day unreturned participants are judged on, and only late returns are counted
      const closedOn = a.milestones.find((m) => m.milestone === 'returns-closed')?.occurredOn;
      const returned = new Map(a.participants.flatMap((p) => (p.returnedOn && p.returnedOn <= asOf ? [[p.id, { submittedOn: p.returnedOn }] as const] : [])));
      // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: as above, the day judged on matters only to returns not made
      const verdicts = returnVerdicts(a.participants, returned, a.returnsDueOn, closedOn && closedOn < asOf ? closedOn : asOf, calendar, a.paused);
      expected += a.participants.length;
      received += returned.size;
      late.push(...verdicts.filter((v) => v.status === 'met-late').map((v) => `${a.reference}/${v.participantId} (${v.workingDaysLate} working days)`));
    }
    row('returns-received', type, received, expected, '');
    row('returns-late', type, late.length, received, late.join(' '));
  }
  const agreed: { completedOn: IsoDate | null }[] = [];
  for (const a of audits) {
    const on = a.milestones.find((m) => m.milestone === 'action-plan-agreed')?.occurredOn;
    if (within(on, period)) agreed.push(...a.actions);
  }
  for (const m of meetings) if (within(m.minutedOn, period)) agreed.push(...m.actions);
  const done = agreed.filter((a) => a.completedOn !== null && a.completedOn <= period.to).length;
  row('actions-agreed', '', agreed.length, null, '');
  row('actions-done', '', done, agreed.length, 'by the period end');
  row('actions-open', '', agreed.length - done, agreed.length, 'at the period end');
  const inPeriod = meetings.filter((m) => within(m.date, period) && m.date <= today);
  const held = inPeriod.filter((m) => ['awaiting-minutes', 'minuted', 'minutes-missing'].includes(m.state));
  const skipped = inPeriod.filter((m) => m.state === 'skipped');
  row('meetings-held', '', held.length, null, held.map((m) => m.date).join(' '));
  row('meetings-skipped', '', skipped.length, null, skipped.map((m) => m.date).join(' '));
  const changes = controls.filter((c) => c.kind === 'cadence-changed' && within(c.effectiveOn, period));
  const suspensions = controls.filter((c) => c.kind === 'audit-activity-suspended' && within(c.effectiveOn, period));
  row('cadence-changes', '', changes.length, null, changes.map((c) => c.detail).join('; '));
  row('suspensions', '', suspensions.length, null, suspensions.map((c) => c.detail).join('; '));
  return rows;
}

/** Audits completed in the period, every type: the sum of the QA table's 'audits-completed' rows. */
export function auditsCompletedTotal(qa: readonly QaRow[]): number {
  return qa.filter((r) => r.measure === 'audits-completed').reduce((n, r) => n + r.count, 0);
}

export interface QaFigures {
  auditsOpened: Partial<Record<AuditType, number>>;
  auditsCompleted: Partial<Record<AuditType, number>>;
  returns: Partial<Record<AuditType, { received: number; expected: number; percent: number; late: number }>>;
  actions: { agreed: number; done: number; open: number };
  meetings: { held: number; skipped: number };
  cadenceChanges: number;
  suspensions: number;
}

export function qaFiguresFromRows(rows: readonly QaRow[]): QaFigures {
  const byType = (measure: QaMeasure) => Object.fromEntries(rows.filter((r) => r.measure === measure && r.auditType).map((r) => [r.auditType, r.count]));
  const total = (measure: QaMeasure) => rows.find((r) => r.measure === measure)?.count ?? 0;
  const returns: QaFigures['returns'] = {};
  for (const r of rows.filter((x) => x.measure === 'returns-received' && x.auditType)) {
    const late = rows.find((x) => x.measure === 'returns-late' && x.auditType === r.auditType)?.count ?? 0;
    returns[r.auditType as AuditType] = { received: r.count, expected: r.of ?? 0, percent: r.percent ?? 0, late };
  }
  return {
    auditsOpened: byType('audits-opened'),
    auditsCompleted: byType('audits-completed'),
    returns,
    actions: { agreed: total('actions-agreed'), done: total('actions-done'), open: total('actions-open') },
    meetings: { held: total('meetings-held'), skipped: total('meetings-skipped') },
    cadenceChanges: total('cadence-changes'),
    suspensions: total('suspensions'),
  };
}

function measureWords(measure: QaMeasure): string {
  const otherWords: Partial<Record<QaMeasure, string>> = {
    'returns-late': 'Returns received late',
    'meetings-held': 'QAPP meetings held',
    'meetings-skipped': 'QAPP meetings skipped',
    'cadence-changes': 'Meeting cadence changes',
    suspensions: 'Suspensions of audit activity',
  };
  return otherWords[measure] ?? keyInWords(measure);
}

export function qaReportMarkdown(rows: readonly QaRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '## Quality assurance',
    '',
    '| Measure | Audit type | Count | Of | % | Detail |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${measureWords(r.measure)} | ${r.auditType ? AUDIT_TEMPLATES[r.auditType].title : 'all'} | ${r.count} | ${r.of ?? ''} | ${r.percent === null ? '' : r.percent.toFixed(1)} | ${esc(r.detail)} |`),
    '',
  ].join('\n');
}

export const QA_REPORT_CSV_HEADER = ['measure', 'audit_type', 'count', 'of', 'percent', 'detail'];

export function qaReportCsv(rows: readonly QaRow[]): string {
  return [QA_REPORT_CSV_HEADER, ...rows.map((r) => [r.measure, r.auditType, r.count, r.of, r.percent === null ? null : r.percent.toFixed(1), r.detail])].map((l) => l.map(csvCell).join(',')).join('\n') + '\n';
}
