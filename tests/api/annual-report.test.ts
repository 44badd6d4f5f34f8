/**
 * The annual report's review section from a read model holding what the partnership's annual report
 * describes (../shared/domain/annual-report-2019-20.txt): three rapid reviews in 2019-20, one leading
 * to a practice review commissioned in November 2019, put on hold in March 2020 for COVID-19, resumed
 * in July and published in February 2021; a second commissioned in August 2020; an older review
 * published in February 2019. Each year counts what happened in it (issue 11), and every figure is
 * recomputed from the CSV's rows.
 */
import { Client, Connection } from '@temporalio/client';
import { addWorkingDaysDate, defaultCalendar, workingDaysBetween } from '../../domain/calendar';
import { computeDeadline, type ClockEvent } from '../../domain/deadlines';
import { STANDARD_RULES, type RuleId } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';

let db: Database;
let api: RunningApi;
const calendar = defaultCalendar();

interface SeedDeadline {
  key: string;
  rule: RuleId;
  start: string;
  metOn?: string;
  events?: ClockEvent[];
  setOn?: string;
}
async function seedCase(
  reference: string,
  process: 'rapid-review' | 'practice-review',
  awareOn: string,
  stage: string,
  deadlines: SeedDeadline[],
  events: { key: string; occurredOn: string; kind: string; summary: string }[] = [],
  state = 'open',
) {
  await db.case.create({ data: { reference, process, workflowId: `${process}:${reference}`, stage, state, awareOn, childPseudonym: 'Child X', ruleSetId: STANDARD_RULES.id, calendarVersion: calendar.version } });
  for (const d of deadlines) {
    const c = computeDeadline({ key: d.key, rule: STANDARD_RULES.rules[d.rule], ruleSetId: STANDARD_RULES.id, start: { event: 'start', date: d.start }, calendar, ...(d.events ? { events: d.events } : {}), ...(d.setOn ? { setOn: d.setOn } : {}) });
    await db.deadline.create({ data: { caseReference: reference, key: d.key, ruleId: d.rule, title: c.title, kind: c.kind, due: c.due, statutoryDue: c.statutoryDue, paused: c.paused, metOn: d.metOn ?? null, sentence: c.sentence, explanation: JSON.stringify(c.explanation), calendarVersion: calendar.version } });
  }
  for (const e of events) await db.timelineEvent.create({ data: { idempotencyKey: `${reference}:${e.key}`, caseReference: reference, occurredOn: e.occurredOn, kind: e.kind, summary: e.summary } });
}

const covid: ClockEvent[] = [{ kind: 'pause', from: '2020-03-23', to: '2020-07-20', reason: 'COVID-19' }];

beforeAll(async () => {
  ({ db } = await freshDatabase('sqlite', 'annual'));
  await seedCase('WSCP-2019-01', 'rapid-review', '2019-07-15', 'outcome-decided', [
    { key: 'notification', rule: 'T1', start: '2019-07-15', metOn: '2019-07-19' },
    { key: 'rapid-review', rule: 'T4', start: '2019-07-15', metOn: '2019-08-02' },
  ], [{ key: 'outcome', occurredOn: '2019-08-20', kind: 'outcome-decided', summary: 'No LCSPR: learning through a single-agency review' }]);
  await seedCase('WSCP-2019-02', 'rapid-review', '2019-10-21', 'outcome-decided', [
    { key: 'notification', rule: 'T1', start: '2019-10-21', metOn: '2019-10-29' },
    { key: 'rapid-review', rule: 'T4', start: '2019-10-21', metOn: '2019-11-08' },
  ], [{ key: 'outcome', occurredOn: '2019-11-20', kind: 'outcome-decided', summary: 'LCSPR commissioned (WSCP-2019-03)' }]);
  await seedCase('WSCP-2020-01', 'rapid-review', '2020-01-13', 'outcome-decided', [
    { key: 'notification', rule: 'T1', start: '2020-01-13', metOn: '2020-01-15' },
    { key: 'rapid-review', rule: 'T4', start: '2020-01-13', metOn: '2020-02-07' },
  ]);
  // Aware of the incident on 21 Oct 2019 (its parent's date); commissioned on 20 Nov 2019.
  await seedCase('WSCP-2019-03', 'practice-review', '2019-10-21', 'action-plan-due', [
    { key: 'completion', rule: 'T7', start: '2019-11-20', metOn: '2021-02-10', events: covid, setOn: '2019-11-20' },
    { key: 'pre-publication-copy', rule: 'T8', start: '2021-02-10', metOn: '2021-01-27', events: covid, setOn: '2020-12-14' },
    { key: 'kept-published', rule: 'T9', start: '2021-02-10' },
  ], [
    { key: 'hold:1:start', occurredOn: '2020-03-23', kind: 'paused', summary: 'Review paused (COVID-19); expected to resume by 2020-06-30; Panel and Secretary of State told' },
    { key: 'hold:1:end', occurredOn: '2020-07-20', kind: 'resumed', summary: 'Review resumed after COVID-19 (on hold from 2020-03-23)' },
    { key: 'milestone:published', occurredOn: '2021-02-10', kind: 'published', summary: 'Report published' },
  ]);
  await seedCase('WSCP-2020-04', 'rapid-review', '2020-07-27', 'outcome-decided', [
    { key: 'notification', rule: 'T1', start: '2020-07-27', metOn: '2020-07-29' },
    { key: 'rapid-review', rule: 'T4', start: '2020-07-27', metOn: '2020-08-14' },
  ]);
  await seedCase('WSCP-2020-05', 'practice-review', '2020-07-27', 'evidence-gathering', [{ key: 'completion', rule: 'T7', start: '2020-08-27', setOn: '2020-08-27' }]);
  // Published before 2019-20 began: in neither year.
  await seedCase('WSCP-2018-09', 'practice-review', '2018-08-01', 'closed', [{ key: 'completion', rule: 'T7', start: '2018-09-03', metOn: '2019-02-28' }], [], 'completed');
  await db.audit.create({ data: { reference: 'S175-2019', type: 'section-175', workflowId: 'audit:S175-2019', stage: 'completed', state: 'completed', openedOn: '2019-09-02', returnsDueOn: '2019-12-13', participants: 250, returned: 250, milestones: JSON.stringify([{ milestone: 'returns-closed', occurredOn: '2020-01-10' }, { milestone: 'findings-agreed', occurredOn: '2020-02-14' }]) } });
  // Its 250 schools, every one returned by the due date, as the audit workflow writes them.
  await db.auditParticipant.createMany({ data: Array.from({ length: 250 }, (_, i) => ({ auditReference: 'S175-2019', participantId: `school-${i}`, label: `School ${i}`, returnedOn: '2019-12-13' })) });
  api = await startTestApi({ temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), db, taskQueue: 'none', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false });
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

const timeliness = (met: number, metLate: number, open: number) => expect.objectContaining({ met, metLate, open, withinTimePercent: met + metLate ? Math.round((met / (met + metLate)) * 100) : null });

test('2019-20 counts what happened in it: the hold only up to 31 March, nothing published', async () => {
  const r = await api.request('GET', '/api/reports/annual?from=2019-04-01&to=2020-03-31');
  expect(r.status).toBe(200);
  expect(r.body.period).toEqual({ from: '2019-04-01', to: '2020-03-31' });
  expect(r.body.figures).toEqual({
    rapidReviews: 3,
    rapidReviewsSubmitted: 3,
    rapidReviewsWithin15WorkingDays: 2,
    rapidReviewsWithin15WorkingDaysShare: 67,
    lcsprsCommissioned: 1,
    lcsprsInProgress: 1,
    lcsprsPaused: 1,
    // Mon 23 to Tue 31 Mar 2020.
    workingDaysPaused: 7,
    lcsprsPublished: 0,
    timeliness: { T1: timeliness(2, 1, 0), T4: timeliness(2, 1, 0), T7: timeliness(0, 0, 1), T8: timeliness(0, 0, 0) },
    auditsCompleted: 1,
    section175ReturnRate: 100,
  });
  // The same figure as the quality assurance table's: S175-2019, completed when its findings were agreed.
  expect((r.body.qualityAssurance as { figures: { auditsCompleted: unknown } }).figures.auditsCompleted).toEqual({ 'section-175': 1 });
});

test('2020-21 counts the publication late, the rest of the hold, and the second review commissioned', async () => {
  const r = await api.request('GET', '/api/reports/annual?from=2020-04-01&to=2021-03-31');
  expect(r.body.figures).toMatchObject({
    rapidReviews: 1,
    lcsprsCommissioned: 1,
    lcsprsPaused: 1,
    workingDaysPaused: workingDaysBetween(calendar, '2020-03-31', '2020-07-19'),
    lcsprsPublished: 1,
    lcsprsInProgress: 1,
    timeliness: { T1: timeliness(1, 0, 0), T4: timeliness(1, 0, 0), T7: timeliness(0, 1, 1), T8: timeliness(1, 0, 0) },
  });
  const first = (r.body.cases as { reference: string; timescales: Record<string, { due: string; statutoryDue: string; verdict: string }> }[]).find((c) => c.reference === 'WSCP-2019-03')!;
  const held = workingDaysBetween(calendar, '2020-03-22', '2020-07-19');
  expect(first.timescales.T7).toEqual({ due: addWorkingDaysDate(calendar, '2020-05-20', held), statutoryDue: '2020-05-20', metOn: '2021-02-10', verdict: 'met-late' });
  // Set at sign-off after the resume: 7 working days before the planned date, not moved by the hold.
  expect(first.timescales.T8).toEqual({ due: '2021-02-01', statutoryDue: '2021-02-01', metOn: '2021-01-27', verdict: 'met' });
});

test('the default period is the reporting year (April to March) containing today; to before from is refused', async () => {
  const r = await api.request('GET', '/api/reports/annual');
  const today = new Date().toISOString().slice(0, 10);
  const start = today.slice(5) >= '04-01' ? `${today.slice(0, 4)}-04-01` : `${Number(today.slice(0, 4)) - 1}-04-01`;
  expect((r.body.period as { from: string }).from).toBe(start);
  const bad = await api.request('GET', '/api/reports/annual?from=2020-04-01&to=2020-03-31');
  expect([bad.status, bad.body.errors]).toEqual([400, [{ field: 'to', rule: 'must not be before from' }]]);
});

/** A CSV line into cells (quoted cells may hold commas and doubled quotes). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  return [...out, cell];
}

test.each([
  ['2019-04-01', '2020-03-31'],
  ['2020-04-01', '2021-03-31'],
  ['2019-10-01', '2020-09-30'],
])('every figure for %s to %s is recomputed from the CSV rows, and the Markdown says the same', async (from, to) => {
  const [json, csv, md] = await Promise.all(['', '.csv', '.md'].map((ext) => api.request('GET', `/api/reports/annual${ext}?from=${from}&to=${to}`)));
  const [header, ...lines] = csv!.text.trim().split('\n');
  const rows = lines.map((l) => Object.fromEntries(cells(header!).map((h, i) => [h, cells(l)[i] ?? ''])));
  const rapid = rows.filter((r) => r.process === 'rapid-review');
  const practice = rows.filter((r) => r.process === 'practice-review');
  const inPeriod = (d: string | undefined) => !!d && d >= from && d <= to;
  const rate = (counted: Record<string, string>[], rule: string) => {
    const met = counted.filter((r) => r[`${rule}_verdict`] === 'met').length;
    const metLate = counted.filter((r) => r[`${rule}_verdict`] === 'met-late').length;
    const open = counted.filter((r) => r[`${rule}_verdict`] === 'open').length;
    return { met, metLate, open, withinTimePercent: met + metLate ? Math.round((met / (met + metLate)) * 100) : null };
  };
  const submitted = rapid.filter((r) => r.t4_verdict === 'met' || r.t4_verdict === 'met-late').length;
  const within = rapid.filter((r) => r.t4_verdict === 'met').length;
  const recomputed = {
    rapidReviews: rapid.length,
    rapidReviewsSubmitted: submitted,
    rapidReviewsWithin15WorkingDays: submitted ? within : null,
    rapidReviewsWithin15WorkingDaysShare: submitted ? Math.round((within / submitted) * 100) : null,
    lcsprsCommissioned: practice.filter((r) => r.commissioned_in_period === 'yes' && inPeriod(r.commissioned_on)).length,
    lcsprsInProgress: practice.filter((r) => r.in_progress_at_end === 'yes').length,
    lcsprsPaused: practice.filter((r) => r.on_hold_in_period === 'yes').length,
    workingDaysPaused: practice.reduce((n, r) => n + Number(r.working_days_on_hold_in_period), 0),
    lcsprsPublished: practice.filter((r) => r.published_in_period === 'yes' && inPeriod(r.published_on)).length,
    timeliness: {
      T1: rate(rapid, 't1'),
      T4: rate(rapid, 't4'),
      T7: rate(practice.filter((r) => r.published_in_period === 'yes' || r.in_progress_at_end === 'yes'), 't7'),
      T8: rate(practice.filter((r) => inPeriod(r.t8_met_on) || (r.in_progress_at_end === 'yes' && inPeriod(r.t8_due))), 't8'),
    },
  };
  // The audit figures come from the audit list, not from the cases' rows.
  const figures = { ...(json!.body.figures as Record<string, unknown>) };
  delete figures.auditsCompleted;
  delete figures.section175ReturnRate;
  const t = figures.timeliness as Record<string, Record<string, unknown>>;
  expect(Object.keys(t)).toEqual(['T1', 'T4', 'T7', 'T8']);
  figures.timeliness = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { met: v.met, metLate: v.metLate, open: v.open, withinTimePercent: v.withinTimePercent }]));
  expect(figures).toEqual(recomputed);
  // The Markdown gives the same counts and each review's days on hold as the CSV.
  expect(md!.text).toContain(`- Rapid reviews: ${recomputed.rapidReviews} (submitted ${recomputed.rapidReviewsSubmitted};`);
  expect(md!.text).toContain(`commissioned: ${recomputed.lcsprsCommissioned}; on hold in the period ${recomputed.lcsprsPaused} (${recomputed.workingDaysPaused} working days within the period); published ${recomputed.lcsprsPublished}; in progress at the period's end ${recomputed.lcsprsInProgress}`);
  for (const r of practice) {
    expect(md!.text).toContain(`- ${r.reference} (commissioned ${r.commissioned_on}):`);
    if (r.holds) expect(md!.text).toContain(`${r.holds}: ${r.working_days_on_hold_in_period} working days on hold within the period`);
  }
  expect(md!.text).not.toContain('Child X');
});

test('the CSV gives the commissioning date, not the parent rapid review awareness date', async () => {
  const csv = await api.request('GET', '/api/reports/annual.csv?from=2019-04-01&to=2020-03-31');
  const [header, ...lines] = csv.text.trim().split('\n');
  const row = Object.fromEntries(cells(header!).map((h, i) => [h, cells(lines.find((l) => l.startsWith('WSCP-2019-03'))!)[i]]));
  expect([row.aware_on, row.commissioned_on, row.published_on, row.working_days_on_hold_in_period, row.holds]).toEqual(['2019-10-21', '2019-11-20', '', '7', 'on hold 2020-03-23 to 2020-07-20 (COVID-19)']);
  expect(lines.some((l) => l.startsWith('WSCP-2018-09') || l.startsWith('WSCP-2020-05'))).toBe(false);
});
