/**
 * The partnership year the 2019-20 annual report describes (../shared/domain/annual-report-2019-20.txt),
 * replayed through the API over HTTP on the time-skipping server with its clock started in
 * September 2019, the real activities writing to a SQLite file and sending to a real SMTP listener:
 * three rapid reviews, the first practice review commissioned in November 2019, put on hold in March
 * 2020 for COVID-19, resumed with a virtual practitioner learning event and published in early 2021,
 * and a second practice review commissioned in late August 2020. The executive's view is asserted at
 * chosen dates, and the annual report's figures come out of the run.
 * Dates are the scenario's own (the report gives months, not days); the references are WSCP's style.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { addWorkingDaysDate, workingDaysBetween, type WorkingCalendar } from '../../domain/calendar';
import { ruleSetFor } from '../../domain/rules';
import type { MailCatcher } from '../../scripts/mail-catcher';
import { eventually, type RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { TEST_RECIPIENTS } from '../support/recipients';

let stack: E2eStack;
let mail: MailCatcher;
let api: RunningApi;
let calendar: WorkingCalendar;
beforeAll(async () => {
  stack = await startE2eStack({ name: 'year', startAt: '2019-09-30T06:00:00Z', ruleSet: (awareOn) => ruleSetFor(awareOn), mailDomain: 'wscp.test' });
  ({ mail, api, calendar } = stack);
}, 120_000);
afterAll(() => stack?.close());

/** Moves the server's clock to 06:00 UTC on `day` (before the 09:00 London reminders) and the API's with it. */
async function on(day: string): Promise<void> {
  expect(await stack.sleepUntil(day, 6)).toBe(day);
}

async function milestone(reference: string, occurredOn: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await api.request('POST', `/api/cases/${reference}/milestones`, { occurredOn, ...body });
  expect([reference, body.milestone, r.status, r.body.reason]).toEqual([reference, body.milestone, 200, undefined]);
  return r.body;
}

async function startRapidReview(reference: string, pseudonym: string, awareOn: string): Promise<void> {
  const r = await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: pseudonym, awareOn });
  expect([reference, r.status]).toEqual([reference, 201]);
  await milestone(reference, awareOn, { milestone: 'notification-decision', notifiable: true, rationale: 'Serious harm; neglect suspected' });
}

interface View {
  stage: string;
  health: string;
  hold?: string;
  daysPaused?: number;
  workingDaysPaused?: number;
  deadlines: { key: string; due: string; statutoryDue: string; status: string; metOn?: string; sentence: string; workingDaysLate?: number; workingDaysLateAgainstStatutory?: number; verdict: string }[];
  owed: { who?: string; agency?: string; status?: string }[];
}
async function view(reference: string): Promise<View> {
  const r = await api.request('GET', `/api/cases/${reference}?live=true`);
  expect([reference, r.status]).toEqual([reference, 200]);
  return { ...(r.body.live as Omit<View, 'deadlines'>), deadlines: r.body.deadlines as View['deadlines'] };
}
const due = (v: View, key: string) => v.deadlines.find((d) => d.key === key)!;

const RR1 = 'WSCP-2019-01';
const RR2 = 'WSCP-2019-02';
const LCSPR1 = 'WSCP-2019-03';
const RR3 = 'WSCP-2020-01';
const RR4 = 'WSCP-2020-04';
const LCSPR2 = 'WSCP-2020-05';

test('the 2019-20 year: three rapid reviews, a practice review paused for COVID-19 and published in 2021, and a second commissioned in August 2020', async () => {
  // --- Autumn 2019: the first two rapid reviews -------------------------------------------------
  await on('2019-10-04');
  await startRapidReview(RR1, 'Child A', '2019-10-04');
  await on('2019-10-09');
  await milestone(RR1, '2019-10-09', { milestone: 'notification-sent' });
  await milestone(RR1, '2019-10-09', { milestone: 'partners-told' });
  await milestone(RR1, '2019-10-09', { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: '2019-10-18' }, { agency: 'health', dueOn: '2019-10-18' }] });
  await on('2019-10-18');
  await milestone(RR1, '2019-10-17', { milestone: 'agency-summary-received', agency: 'police' });
  await milestone(RR1, '2019-10-18', { milestone: 'agency-summary-received', agency: 'health' });

  await on('2019-10-21');
  await startRapidReview(RR2, 'Child B', '2019-10-21');
  await on('2019-10-24');
  await milestone(RR1, '2019-10-22', { milestone: 'rapid-review-meeting-held' });
  await milestone(RR1, '2019-10-24', { milestone: 'partner-sign-off' });
  for (const m of ['notification-sent', 'partners-told']) await milestone(RR2, '2019-10-24', { milestone: m });
  await milestone(RR2, '2019-10-24', {
    milestone: 'agency-summaries-requested',
    agencies: [{ agency: 'police', dueOn: '2019-11-01' }, { agency: 'childrens-social-care', dueOn: '2019-11-01' }, { agency: 'health', dueOn: '2019-11-01' }],
  });
  await on('2019-10-25');
  // T4: 15 working days from awareness on Fri 4 Oct 2019 is Fri 25 Oct: submitted on the day.
  expect(due(await view(RR1), 'rapid-review').due).toBe('2019-10-25');
  await milestone(RR1, '2019-10-25', { milestone: 'rapid-review-submitted', recommendation: 'no-lcspr', rationale: 'Single-agency learning suffices' });

  await on('2019-11-01');
  for (const agency of ['police', 'childrens-social-care']) await milestone(RR2, '2019-10-31', { milestone: 'agency-summary-received', agency });
  await milestone(RR2, '2019-11-01', { milestone: 'agency-summary-received', agency: 'health' });
  // Mon 4 Nov: five working days before the rapid review is due (Mon 11 Nov), the executive sees it at risk.
  await on('2019-11-04');
  const rr2AtRisk = await view(RR2);
  expect([rr2AtRisk.stage, rr2AtRisk.health, due(rr2AtRisk, 'rapid-review').due]).toEqual(['rapid-review-in-progress', 'at-risk', '2019-11-11']);
  await on('2019-11-08');
  await milestone(RR2, '2019-11-05', { milestone: 'rapid-review-meeting-held' });
  await milestone(RR1, '2019-11-06', { milestone: 'panel-response', nationalReview: false });
  await milestone(RR2, '2019-11-07', { milestone: 'partner-sign-off' });
  await milestone(RR2, '2019-11-08', { milestone: 'rapid-review-submitted', recommendation: 'lcspr', rationale: 'Multi-agency learning about neglect' });
  await milestone(RR1, '2019-11-08', { milestone: 'outcome-decided', outcome: 'no-lcspr', learningRoute: 'single-agency-learning', actions: [{ id: 'A1', owner: 'health', dueOn: '2020-01-31' }] });

  // --- 20 Nov 2019: the practice review is commissioned ----------------------------------------------
  await on('2019-11-20');
  await milestone(RR2, '2019-11-18', { milestone: 'panel-response', nationalReview: false });
  const decided = await milestone(RR2, '2019-11-20', { milestone: 'outcome-decided', outcome: 'lcspr', reviewerName: 'Independent Reviewer', practiceReviewReference: LCSPR1 });
  expect(decided.stage).toBe('lcspr-commissioned');
  await eventually(async () => ((await api.request('GET', `/api/cases/${LCSPR1}`)).status === 200 ? true : undefined), 'the practice review in the read model');
  const commissioned = await view(LCSPR1);
  // T7: completed and published within 6 months of the decision.
  expect([commissioned.stage, commissioned.health, commissioned.hold, commissioned.daysPaused, due(commissioned, 'completion').due]).toEqual(['terms-of-reference', 'on-track', 'none', 0, '2020-05-20']);

  await on('2019-12-16');
  await milestone(LCSPR1, '2019-12-16', { milestone: 'terms-of-reference-agreed' });
  await on('2020-01-06');
  await milestone(LCSPR1, '2020-01-06', {
    milestone: 'agency-reports-requested',
    agencies: [{ agency: 'police', dueOn: '2020-02-14' }, { agency: 'childrens-social-care', dueOn: '2020-02-14' }, { agency: 'health', dueOn: '2020-02-14' }],
  });

  // --- Early 2020: the third rapid review, submitted late -------------------------------------------
  await on('2020-01-13');
  await startRapidReview(RR3, 'Child C', '2020-01-13');
  await on('2020-01-15');
  for (const m of ['notification-sent', 'partners-told']) await milestone(RR3, '2020-01-15', { milestone: m });
  await milestone(RR3, '2020-01-15', { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: '2020-01-24' }] });
  await on('2020-01-28');
  await milestone(RR3, '2020-01-24', { milestone: 'agency-summary-received', agency: 'police' });
  await milestone(RR3, '2020-01-28', { milestone: 'rapid-review-meeting-held' });
  // The first rapid review's single-agency learning: its one action done on the day it is due closes it.
  await on('2020-01-31');
  await milestone(RR1, '2020-01-31', { milestone: 'action-completed', actionId: 'A1' });
  await eventually(async () => ((await api.request('GET', `/api/cases/${RR1}`)).body.state === 'completed' ? true : undefined), 'the first rapid review closed');
  await on('2020-02-05');
  expect([(await view(RR3)).health, due(await view(RR3), 'rapid-review').status]).toEqual(['overdue', 'overdue']);
  await milestone(RR3, '2020-02-05', { milestone: 'partner-sign-off' });
  await on('2020-02-07');
  await milestone(RR3, '2020-02-07', { milestone: 'rapid-review-submitted', recommendation: 'no-lcspr' });

  // The practice review's agency reports: two in, the police's due Friday.
  await on('2020-02-10');
  for (const agency of ['childrens-social-care', 'health']) await milestone(LCSPR1, '2020-02-10', { milestone: 'agency-report-received', agency });
  const reportsAtRisk = await view(LCSPR1);
  expect([reportsAtRisk.stage, reportsAtRisk.health]).toEqual(['learning-and-analysis', 'at-risk']);
  expect(reportsAtRisk.owed).toContainEqual(expect.objectContaining({ who: 'police', status: 'at-risk' }));
  await on('2020-02-18');
  expect((await view(LCSPR1)).health).toBe('overdue');
  await on('2020-02-20');
  await milestone(RR3, '2020-02-19', { milestone: 'panel-response', nationalReview: false });
  await milestone(RR3, '2020-02-20', { milestone: 'outcome-decided', outcome: 'no-lcspr', learningRoute: 'learning-briefing', actions: [{ id: 'A1', owner: 'childrens-social-care', dueOn: '2020-04-30' }] });
  await on('2020-03-02');
  await milestone(LCSPR1, '2020-03-02', { milestone: 'agency-report-received', agency: 'police' });
  expect((await view(LCSPR1)).health).toBe('on-track');

  // --- 23 Mar 2020: on hold for COVID-19 -------------------------------------------------------------
  await on('2020-03-23');
  const paused = await api.request('POST', `/api/cases/${LCSPR1}/pause`, { from: '2020-03-23', reason: 'covid', expectedResumeOn: '2020-06-30', note: 'Lockdown: practitioners redeployed' });
  expect([paused.status, paused.body.hold, paused.body.health]).toEqual([200, 'paused', 'on-hold']);
  const heldEarly = await api.request('POST', `/api/cases/${LCSPR1}/milestones`, { occurredOn: '2020-03-23', milestone: 'practitioner-learning-event-held' });
  expect([heldEarly.status, heldEarly.body.reason]).toEqual([409, "the review is on hold since 2020-03-23 (COVID-19): resume it before recording 'practitioner-learning-event-held'"]);

  // The year's figures as the annual report gives them.
  await on('2020-04-01');
  const year = await api.request('GET', '/api/reports/annual?from=2019-04-01');
  expect(year.status).toBe(200);
  expect(year.body.figures).toMatchObject({
    rapidReviews: 3,
    rapidReviewsSubmitted: 3,
    rapidReviewsWithin15WorkingDays: 2,
    lcsprsCommissioned: 1,
    lcsprsInProgress: 1,
    lcsprsPaused: 1,
    lcsprsPublished: 0,
  });

  await on('2020-04-29');
  await milestone(RR3, '2020-04-29', { milestone: 'action-completed', actionId: 'A1' });
  await on('2020-05-01');
  const onHold = await view(LCSPR1);
  // 23 Mar to 1 May, both counted.
  expect([onHold.stage, onHold.health, onHold.hold, onHold.daysPaused]).toEqual(['learning-and-analysis', 'on-hold', 'paused', 40]);
  // The hold is due for review on its expected resume date: the chair is reminded that day, not before.
  const holdReviews = () => mail.messages.filter((m) => m.subject.startsWith(`[${LCSPR1}] Reminder: review the hold`));
  await on('2020-06-30');
  expect(holdReviews()).toHaveLength(0);
  await on('2020-07-01');
  expect(holdReviews().map((m) => m.to)).toEqual([TEST_RECIPIENTS['cspr-chair']]);

  // --- 20 Jul 2020: resumed; the learning event is held virtually ---------------------------------------
  await on('2020-07-20');
  const resumed = await api.request('POST', `/api/cases/${LCSPR1}/resume`, { on: '2020-07-20', note: 'Virtual practitioner learning event agreed' });
  expect(resumed.status).toBe(200);
  const back = await view(LCSPR1);
  const workingDaysOnHold = workingDaysBetween(calendar, '2020-03-22', '2020-07-19');
  expect([back.hold, back.daysPaused, back.workingDaysPaused]).toEqual(['none', 119, workingDaysOnHold]);
  // The 6-month expectation moves by exactly the working days on hold; the statutory date stays visible.
  expect([due(back, 'completion').statutoryDue, due(back, 'completion').due]).toEqual(['2020-05-20', addWorkingDaysDate(calendar, '2020-05-20', workingDaysOnHold)]);

  // --- Late August 2020: the second practice review --------------------------------------------------
  await on('2020-07-27');
  await startRapidReview(RR4, 'Child D', '2020-07-27');
  await on('2020-08-27');
  for (const m of ['notification-sent', 'partners-told']) await milestone(RR4, '2020-07-29', { milestone: m });
  await milestone(RR4, '2020-07-29', { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: '2020-08-07' }] });
  await milestone(RR4, '2020-08-06', { milestone: 'agency-summary-received', agency: 'police' });
  await milestone(RR4, '2020-08-11', { milestone: 'rapid-review-meeting-held' });
  await milestone(RR4, '2020-08-13', { milestone: 'partner-sign-off' });
  await milestone(RR4, '2020-08-14', { milestone: 'rapid-review-submitted', recommendation: 'lcspr' });
  await milestone(RR4, '2020-08-25', { milestone: 'panel-response', nationalReview: false });
  await milestone(RR4, '2020-08-27', { milestone: 'outcome-decided', outcome: 'lcspr', reviewerName: 'Second Reviewer', practiceReviewReference: LCSPR2 });
  await eventually(async () => ((await api.request('GET', `/api/cases/${LCSPR2}`)).status === 200 ? true : undefined), 'the second practice review in the read model');
  await on('2020-09-14');
  await milestone(LCSPR2, '2020-09-10', { milestone: 'terms-of-reference-agreed' });
  const second = await view(LCSPR2);
  expect([second.stage, second.health, second.hold, second.daysPaused, due(second, 'completion').statutoryDue]).toEqual(['evidence-gathering', 'on-track', 'none', 0, '2021-02-27']);
  // Sat 27 Feb 2021 is not a working day: the review works to Fri 26 Feb, and says why.
  expect(due(second, 'completion').due).toBe('2021-02-26');
  expect(due(second, 'completion').sentence).toBe('due Fri 26 Feb 2021: 6 months after 27 Aug 2020 is Sat 27 Feb 2021, not a working day (a weekend): planned for the working day before');
  // Its rapid review began on 27 Jul 2020, under the COVID-19 set, and the case says why that set applied.
  const secondCase = await api.request('GET', `/api/cases/${LCSPR2}`);
  expect(secondCase.body.ruleSet).toMatchObject({ id: 'wt2018-covid-2020', effectiveTo: '2021-03-31', basis: expect.stringContaining('No source available here fixes an end date') });

  // --- The first review to publication, months beyond its moved date -------------------------------------
  await on('2020-09-21');
  await milestone(LCSPR1, '2020-09-15', { milestone: 'practitioner-learning-event-held', note: 'Held virtually: wide partnership engagement' });
  await milestone(LCSPR1, '2020-09-21', { milestone: 'draft-requested' });
  await on('2020-10-01');
  const late = await view(LCSPR1);
  expect([late.stage, late.health, due(late, 'completion').status]).toEqual(['draft-report', 'overdue', 'overdue']);
  await on('2020-12-14');
  await milestone(LCSPR1, '2020-10-02', { milestone: 'family-involvement-completed' });
  await milestone(LCSPR1, '2020-11-20', { milestone: 'draft-report-received' });
  await milestone(LCSPR1, '2020-12-14', { milestone: 'partner-sign-off', plannedPublicationOn: '2021-02-10' });
  await on('2021-01-27');
  await milestone(LCSPR1, '2021-01-27', { milestone: 'pre-publication-copy-sent' });
  await on('2021-02-10');
  await milestone(LCSPR1, '2021-02-10', { milestone: 'published' });
  const published = await view(LCSPR1);
  expect([published.stage, published.hold, published.daysPaused, due(published, 'completion').metOn]).toEqual(['action-plan-due', 'none', 119, '2021-02-10']);

  // --- The record of the late publication (issue 11) ---------------------------------------------------
  // Published after its moved six-month date: met late, against the moved date and the statutory date.
  const completionDue = addWorkingDaysDate(calendar, '2020-05-20', workingDaysOnHold);
  expect(due(published, 'completion')).toMatchObject({
    status: 'met-late',
    due: completionDue,
    statutoryDue: '2020-05-20',
    workingDaysLate: workingDaysBetween(calendar, completionDue, '2021-02-10'),
    workingDaysLateAgainstStatutory: workingDaysBetween(calendar, '2020-05-20', '2021-02-10'),
  });
  expect(due(published, 'completion').verdict).toMatch(/^met late on Wed 10 Feb 2021: \d+ working days after its adjusted date \(.+\), \d+ after the statutory date \(Wed 20 May 2020\)$/);
  expect(published.health).toBe('finished-late');
  // T8, set at sign-off on 14 Dec 2020 after the resume: 7 working days before Wed 10 Feb 2021, not moved by the hold.
  expect(due(published, 'pre-publication-copy')).toMatchObject({ due: '2021-02-01', statutoryDue: '2021-02-01', status: 'met', metOn: '2021-01-27' });
  expect(due(published, 'pre-publication-copy').sentence).toBe('due Mon 1 Feb 2021: 7 working days before the planned publication date Wed 10 Feb 2021');
  // The police's report, due before the hold and received after its date: met late.
  expect(due(published, 'agency-report:police')).toMatchObject({ status: 'met-late', workingDaysLate: workingDaysBetween(calendar, '2020-02-14', '2020-03-02') });
  // T9 is kept available, never a deadline to chase.
  expect(due(published, 'kept-published')).toMatchObject({ status: 'standing', sentence: 'kept available until Thu 10 Feb 2022: 1 year after 10 Feb 2021' });
  const board = await api.request('GET', '/api/dashboard?limit=200');
  const lcspr1Item = (board.body.items as { reference: string; status: string; next?: { key: string } }[]).find((i) => i.reference === LCSPR1)!;
  expect([lcspr1Item.status, lcspr1Item.next?.key]).toEqual(['no-deadline', undefined]);
  const listed = (await api.request('GET', '/api/cases')).body.cases as { reference: string; nextDue: string | null }[];
  expect(listed.find((c) => c.reference === LCSPR1)?.nextDue).toBeNull();
  // The third rapid review, submitted late and closed: its record says so.
  const rr3 = await api.request('GET', `/api/cases/${RR3}`);
  expect([rr3.body.state, rr3.body.health, (rr3.body.deadlines as View['deadlines']).find((d) => d.key === 'rapid-review')?.status]).toEqual(['completed', 'finished-late', 'met-late']);

  // The figures of two reporting years, each counting what happened in it.
  const year2019 = await api.request('GET', '/api/reports/annual?from=2019-04-01&to=2020-03-31');
  expect(year2019.body.figures).toMatchObject({
    rapidReviews: 3,
    rapidReviewsSubmitted: 3,
    rapidReviewsWithin15WorkingDays: 2,
    lcsprsCommissioned: 1,
    lcsprsPaused: 1,
    workingDaysPaused: workingDaysBetween(calendar, '2020-03-22', '2020-03-31'),
    lcsprsPublished: 0,
    lcsprsInProgress: 1,
    timeliness: { T1: { met: 3, metLate: 0, open: 0 }, T4: { met: 2, metLate: 1, open: 0 }, T7: { met: 0, metLate: 0, open: 1 }, T8: { met: 0, metLate: 0, open: 0 } },
  });
  const year2020 = await api.request('GET', '/api/reports/annual?from=2020-04-01&to=2021-03-31');
  expect(year2020.body.figures).toMatchObject({
    rapidReviews: 1,
    rapidReviewsSubmitted: 1,
    rapidReviewsWithin15WorkingDays: 1,
    lcsprsCommissioned: 1,
    lcsprsPaused: 1,
    workingDaysPaused: workingDaysBetween(calendar, '2020-03-31', '2020-07-19'),
    lcsprsPublished: 1,
    lcsprsInProgress: 1,
    timeliness: { T7: { met: 0, metLate: 1, open: 1 }, T8: { met: 1, metLate: 0, open: 0 } },
  });
  const markdown = await api.request('GET', '/api/reports/annual.md?from=2019-04-01&to=2020-03-31');
  expect(markdown.text).toContain(`- ${LCSPR1} (commissioned 2019-11-20): not published by the period's end`);
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/annual-report-2019-20.md', markdown.text);

  // Every email names the case by reference; no pseudonym and no note reaches a mailbox. A milestone
  // answers once recorded and its notice follows.
  await eventually(() => (mail.messages.some((m) => m.subject === `[${LCSPR1}] Local child safeguarding practice review published (T9)`) ? true : undefined), 'the T9 notice');
  const caught = mail.messages.filter((m) => [RR1, RR2, LCSPR1, RR3, RR4, LCSPR2].some((ref) => m.subject.includes(ref)));
  expect(caught.length).toBeGreaterThan(20);
  expect(caught.some((m) => /Child [A-D]|Lockdown|virtually/.test(`${m.subject}\n${m.text}`))).toBe(false);
  const toPanel = caught.filter((m) => m.subject.startsWith(`[${LCSPR1}]`) && m.to.includes('panel@panel.test')).map((m) => m.subject.replace(`[${LCSPR1}] `, ''));
  expect(toPanel).toEqual([
    'Local child safeguarding practice review paused',
    'Local child safeguarding practice review resumed',
    'Final report before publication (T8)',
    'Local child safeguarding practice review published (T9)',
  ]);
}, 600_000);
