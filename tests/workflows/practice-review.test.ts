/**
 * The rapid review's full lifecycle and the practice review (LCSPR) on Temporal's time-skipping
 * server: refusals, a 40-working-day pause across Easter 2027, and the history size of a year.
 * Activities are injected (in-memory); the server and the workflow code are real.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { CaseSnapshot } from '../../domain/contracts';
import { addWorkingDaysDate, defaultCalendar } from '../../domain/calendar';
import { addCalendarDays, addCalendarMonths, dayOfWeek } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import type { PracticeMilestoneInput } from '../../domain/practice-review';
import { STANDARD_RULES } from '../../domain/rules';
import { practiceReview, rapidReview } from '../../workflows';
import { auditStatus, recordAuditMilestone, recordAuditReturn } from '../../workflows/audit-definitions';
import { rapidReviewStatus, recordMilestone, type MilestoneInput } from '../../workflows/definitions';
import {
  deferPublication,
  pauseReview,
  practiceReviewStatus,
  recordPracticeMilestone,
  resumeReview,
  type PracticeReviewInput,
  type PracticeReviewStatus,
} from '../../workflows/practice-review-definitions';
import { saveHistory } from '../support/histories';
import { uniqueReference, workflowBundle } from '../support/temporal';
import { recordingActivities, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));
// A workflow left running after its worker stops holds the test server's clock: end every one.
const started: WorkflowHandle[] = [];
afterEach(async () => {
  for (const handle of started.splice(0)) await handle.terminate('test over').catch(() => undefined);
});
function track<H extends WorkflowHandle>(handle: H): H {
  started.push(handle);
  return handle;
}


async function withWorker<T>(activities: Activities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `pr-${uniqueReference()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  return worker.runUntil(fn(taskQueue));
}

const calendar = defaultCalendar();
const now = async () => utcToLondonDate(await env.currentTimeMs());
/** Moves test time to 06:00 UTC (before the 09:00 London reminders) on `day`. */
async function sleepUntil(day: string, hourUtc = 6): Promise<void> {
  const target = Date.parse(`${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`);
  const current = await env.currentTimeMs();
  if (target > current) await env.sleep(target - current);
}

function practiceInput(reference: string, decidedOn: string): PracticeReviewInput {
  return { reference, parentReference: 'RR-2026-01', awareOn: addCalendarDays(decidedOn, -30), decidedOn, reviewerName: 'A. Reviewer', decidedBy: 'cspr-chair@test', ruleSet: STANDARD_RULES, calendar };
}

/** Polls the live status until `ready` holds (a child's start lands a workflow task after the update's answer). */
async function eventuallyStatus(handle: WorkflowHandle, ready: (s: PracticeReviewStatus) => boolean): Promise<PracticeReviewStatus> {
  for (let i = 0; i < 100; i++) {
    const s = await handle.query(practiceReviewStatus);
    if (ready(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${handle.workflowId}: status never became ready`);
}

async function refusal<T>(run: () => Promise<T>): Promise<string | undefined> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause?.message;
}

type MilestoneBody = PracticeMilestoneInput extends infer T ? (T extends unknown ? Omit<T, 'recordedBy'> : never) : never;
const milestone = (handle: WorkflowHandle, m: MilestoneBody) =>
  handle.executeUpdate(recordPracticeMilestone, { args: [{ ...m, recordedBy: 'reviewer@test' } as PracticeMilestoneInput] });

// Time only moves forward on the test server: the Easter 2027 test runs first, while it is still 2026.
test('a practice review paused for 40 working days across Easter 2027 sends its reminders on the shifted dates and none on the old ones', async () => {
  const { sent, activities } = recordingActivities();
  await withWorker(activities, async (taskQueue) => {
    // Easter 2027: Good Friday 26 March, Easter Monday 29 March. The test server starts in 2026-11.
    const decidedOn = '2026-12-07';
    const pauseFrom = '2027-03-01';
    const resumeOn = '2027-04-28';
    expect(await now()).toMatch(/^2026-1[12]/);
    await sleepUntil(decidedOn);
    const reference = uniqueReference('EA');
    const handle = track(await env.client.workflow.start(practiceReview, { workflowId: `practice-review:${reference}`, taskQueue, args: [practiceInput(reference, decidedOn)] }));
    await milestone(handle, { milestone: 'terms-of-reference-agreed', occurredOn: decidedOn });
    await milestone(handle, { milestone: 'agency-reports-requested', occurredOn: decidedOn, agencies: [{ agency: 'police', dueOn: '2027-03-10' }] });
    const before = await handle.query(practiceReviewStatus);
    const oldPolice = before.deadlines.find((d) => d.key === 'agency-report:police')!;
    const oldCompletion = before.deadlines.find((d) => d.key === 'completion')!;
    expect([oldPolice.due, oldCompletion.due]).toEqual(['2027-03-10', '2027-06-07']);

    await sleepUntil(pauseFrom);
    const paused = await handle.executeUpdate(pauseReview, { args: [{ from: pauseFrom, reason: 'criminal-proceedings', expectedResumeOn: '2027-04-19', recordedBy: 'chair' }] });
    expect([paused.hold, paused.health]).toEqual(['paused', 'on-hold']);
    expect(paused.deadlines.every((d) => d.status === 'on-hold' || d.metOn)).toBe(true);

    await sleepUntil(resumeOn);
    const during = await handle.query(practiceReviewStatus, { asOf: resumeOn });
    // Still on hold on the morning of 28 April: that day counts until the resume is recorded.
    expect([during.today, during.workingDaysPaused, during.hold]).toEqual([resumeOn, 41, 'paused']);
    const resumed = await handle.executeUpdate(resumeReview, { args: [{ on: resumeOn, recordedBy: 'chair' }] });
    const police = resumed.deadlines.find((d) => d.key === 'agency-report:police')!;
    const completion = resumed.deadlines.find((d) => d.key === 'completion')!;
    // 40 working days on: Easter and the early May bank holiday (3 May 2027) are skipped.
    expect(police.due).toBe('2027-05-10');
    expect(police.due).toBe(addWorkingDaysDate(calendar, '2027-03-10', 40));
    expect(completion.due).toBe(addWorkingDaysDate(calendar, '2027-06-07', 40));
    expect(completion.statutoryDue).toBe('2027-06-07');
    expect(completion.sentence).toContain('plus 40 working days on hold (criminal proceedings)');
    expect([resumed.hold, resumed.workingDaysPaused, resumed.daysPaused]).toEqual(['none', 40, 58]);

    await sleepUntil('2027-05-20', 12);
    const policeMail = sent.filter((n) => n.key.includes(':agency-report:police:'));
    // Nothing for the old due date; the ladder (5 and 2 working days before, on the day, 1 and 5 after) on the new one.
    expect(policeMail.filter((n) => n.key.includes(':2027-03-10:'))).toEqual([]);
    expect(policeMail.map((n) => [n.key.replace(`${reference}:agency-report:police:`, ''), utcToLondonDate(n.sentAtMs)])).toEqual([
      ['2027-05-10:before-5', '2027-04-30'],
      ['2027-05-10:before-2', '2027-05-06'],
      ['2027-05-10:due', '2027-05-10'],
      ['2027-05-10:after-1', '2027-05-11'],
      ['2027-05-10:after-5', '2027-05-17'],
    ]);
    expect(policeMail.every((n) => n.to.includes('agency-lead'))).toBe(true);
    // While paused, only the reminders to review the hold (from its expected end) and the notice to Panel and SoS went out.
    const duringPause = sent.filter((n) => n.sentAtMs >= Date.parse(`${pauseFrom}T00:00:00Z`) && n.sentAtMs < Date.parse(`${resumeOn}T00:00:00Z`));
    expect(duringPause.map((n) => [n.key.replace(`${reference}:`, ''), utcToLondonDate(n.sentAtMs)])).toEqual([
      ['notice:paused:1', pauseFrom],
      ['hold-review:0:2027-04-19', '2027-04-19'],
      ['hold-review:0:2027-04-26', '2027-04-26'],
    ]);
    expect(sent.filter((n) => n.key.includes('hold-review') && n.sentAtMs >= Date.parse(`${resumeOn}T00:00:00Z`))).toEqual([]);
    await handle.terminate('test over');
  });
});

test('a practice review left for 12 months with weekly reminders stays well under 4,000 history events', async () => {
  const { sent, activities } = recordingActivities();
  await withWorker(activities, async (taskQueue) => {
    let start = addCalendarDays(await now(), 1);
    while (dayOfWeek(start) !== 1) start = addCalendarDays(start, 1);
    await sleepUntil(start);
    const reference = uniqueReference('YR');
    const handle = track(await env.client.workflow.start(practiceReview, { workflowId: `practice-review:${reference}`, taskQueue, args: [practiceInput(reference, start)] }));
    await milestone(handle, { milestone: 'terms-of-reference-agreed', occurredOn: start });
    const agencies = ['police', 'health', 'childrens-social-care', 'education'].map((agency, i) => ({ agency, dueOn: addCalendarDays(start, 14 + 7 * i) }));
    await milestone(handle, { milestone: 'agency-reports-requested', occurredOn: start, agencies });
    await env.sleep('365 days');
    const status: PracticeReviewStatus = await handle.query(practiceReviewStatus, { asOf: await now() });
    const events = (await handle.fetchHistory()).events?.length ?? 0;
    console.log(`practice review, 12 months, 5 open deadlines with weekly reminders: ${events} history events, ${sent.length} emails`);
    expect(status.health).toBe('overdue');
    // Each deadline: 4 before/on/after steps plus 26 weekly repeats.
    expect(sent.filter((n) => n.key.includes(':agency-report:police:'))).toHaveLength(30);
    expect(events).toBeLessThan(4000);
    await handle.terminate('test over');
  });
}, 180_000);

test('an LCSPR decided while the rapid review is still saving the milestone before it starts its practice review all the same', async () => {
  const { activities } = recordingActivities();
  // The read model write after the panel's response is held, so the outcome arrives while the
  // workflow's main loop waits on it (as a quick outcome on a busy worker does).
  let holdNext = false;
  let held: (() => void) | undefined;
  const saving = new Promise<void>((reached) => {
    const persistCase = activities.persistCase.bind(activities);
    activities.persistCase = async (snapshot: CaseSnapshot) => {
      if (holdNext && snapshot.stage !== 'lcspr-commissioned') {
        holdNext = false;
        await new Promise<void>((release) => {
          held = release;
          reached();
        });
      }
      return persistCase(snapshot);
    };
  });
  await withWorker(activities, async (taskQueue) => {
    const today = await now();
    const reference = uniqueReference('RR');
    const lcspr = uniqueReference('LC');
    const handle = track(await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [{ reference, awareOn: addCalendarDays(today, -2), ruleSet: STANDARD_RULES, calendar }] }));
    const record = (m: Record<string, unknown>) => handle.executeUpdate(recordMilestone, { args: [{ occurredOn: today, recordedBy: 'cspr-chair@test', ...m } as MilestoneInput] });
    await record({ milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false });
    await record({ milestone: 'notification-sent' });
    await record({ milestone: 'partners-told' });
    await record({ milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(today, 5) }] });
    await record({ milestone: 'agency-summary-received', agency: 'police' });
    await record({ milestone: 'rapid-review-meeting-held' });
    await record({ milestone: 'partner-sign-off' });
    await record({ milestone: 'rapid-review-submitted', recommendation: 'lcspr' });
    holdNext = true;
    const response = record({ milestone: 'panel-response', nationalReview: false });
    await saving;
    const decided = record({ milestone: 'outcome-decided', outcome: 'lcspr', reviewerName: 'A. Reviewer', practiceReviewReference: lcspr });
    await new Promise((r) => setTimeout(r, 500));
    held!();
    await Promise.all([response, decided]);
    const result = await handle.result();
    expect(result.practiceReview).toEqual({ reference: lcspr, workflowId: `practice-review:${lcspr}` });
    const child = track(env.client.workflow.getHandle(`practice-review:${lcspr}`));
    expect((await child.describe()).status.name).toBe('RUNNING');
    // The replay corpus keeps this path (RECORD_HISTORIES=1 adds it once; never overwritten).
    if (process.env.RECORD_HISTORIES === '1') saveHistory('rapid-review-lcspr-during-flush', await handle.fetchHistory());
  });
}, 120_000);

test('a rapid review runs from the notification decision to an LCSPR, which outlives it; notices name the case only', async () => {
  const { sent, snapshots, activities } = recordingActivities();
  await withWorker(activities, async (taskQueue) => {
    const today = await now();
    const reference = uniqueReference('RR');
    const lcspr = uniqueReference('LC');
    const handle = track(await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [{ reference, awareOn: addCalendarDays(today, -2), ruleSet: STANDARD_RULES, calendar }] }));
    const record = (m: Record<string, unknown>) => handle.executeUpdate(recordMilestone, { args: [{ occurredOn: today, recordedBy: 'cspr-chair@test', ...m } as MilestoneInput] });

    await record({ milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: true });
    await record({ milestone: 'notification-sent' });
    await record({ milestone: 'partners-told' });
    await record({ milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(today, 5) }, { agency: 'health', dueOn: addCalendarDays(today, 5) }] });
    expect(await refusal(() => record({ milestone: 'agency-summary-received', agency: 'education' }))).toBe("unknown agency 'education': summaries were requested from 'police', 'health'");
    await record({ milestone: 'agency-summary-received', agency: 'police' });
    expect(await refusal(() => record({ milestone: 'agency-summary-received', agency: 'police' }))).toBe("'agency-summary-received' for 'police' was already recorded");
    const midway = await handle.query(rapidReviewStatus);
    expect(midway.owed?.map((a) => a.agency)).toEqual(['health']);
    expect(midway.stage).toBe('rapid-review-in-progress');
    await record({ milestone: 'rapid-review-meeting-held' });
    await record({ milestone: 'partner-sign-off' });
    await record({ milestone: 'rapid-review-submitted', recommendation: 'lcspr' });
    await record({ milestone: 'panel-response', nationalReview: false });
    expect(await refusal(() => record({ milestone: 'outcome-decided', outcome: 'lcspr', reviewerName: 'A. Reviewer', practiceReviewReference: reference }))).toBe(
      `the practice review needs its own reference, not the rapid review's (${reference})`,
    );
    const decided = await record({ milestone: 'outcome-decided', outcome: 'lcspr', reviewerName: 'A. Reviewer', practiceReviewReference: lcspr });
    expect(decided.stage).toBe('lcspr-commissioned');

    const result = await handle.result();
    expect(result.state).toBe('completed');
    expect(result.practiceReview).toEqual({ reference: lcspr, workflowId: `practice-review:${lcspr}` });

    // The child runs on after its parent completed (ParentClosePolicy ABANDON).
    const child = track(env.client.workflow.getHandle(`practice-review:${lcspr}`));
    const childStatus = await child.query(practiceReviewStatus);
    expect([childStatus.state, childStatus.stage, childStatus.parentReference]).toEqual(['open', 'terms-of-reference', reference]);
    expect(childStatus.milestones.map((m) => m.milestone)).toEqual(['reviewer-appointed']);
    expect(childStatus.deadlines.find((d) => d.key === 'completion')?.due).toBe(addCalendarMonths(today, 6));
    expect((await child.describe()).status.name).toBe('RUNNING');

    const notices = sent.filter((n) => n.kind === 'notification');
    expect(notices.map((n) => [n.key.replace(`${reference}:notice:`, ''), n.to.join(',')])).toEqual([
      ['looked-after-child-death', 'secretary-of-state,ofsted'],
      ['serious-incident-notified', 'panel,ofsted,dfe'],
      ['partners-told', 'partners'],
      ['agency-summaries-requested', 'agency-lead'],
      ['rapid-review-submitted', 'panel'],
      ['lcspr-commissioned', 'panel,ofsted,dfe'],
    ]);
    const t5 = notices.at(-1)!;
    expect(t5.text).toContain('Reviewer: A. Reviewer.');
    expect(t5.text).toContain(`Practice review reference: ${lcspr}.`);
    expect(sent.every((n) => n.subject.startsWith(`[${n.caseReference}]`))).toBe(true);
    expect(snapshots.filter((s) => s.reference === lcspr)[0]?.parentReference).toBe(reference);
    await child.terminate('test over');
  });
});

test('a not-notifiable incident closes the rapid review at the decision', async () => {
  const { sent, activities } = recordingActivities();
  await withWorker(activities, async (taskQueue) => {
    const today = await now();
    const reference = uniqueReference('NN');
    const handle = track(await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [{ reference, awareOn: today, ruleSet: STANDARD_RULES, calendar }] }));
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-decision', notifiable: false, lookedAfterChildDeath: false, occurredOn: today, recordedBy: 'x' }] });
    const result = await handle.result();
    expect([result.state, result.stage, result.deadlines.length]).toEqual(['completed', 'closed-not-notifiable', 0]);
    expect(sent).toHaveLength(0);
  });
});

test('practice review refusals: out of order, twice, unknown agency, future dates, resume when not paused, pause when published', async () => {
  const { sent, activities } = recordingActivities();
  await withWorker(activities, async (taskQueue) => {
    const today = await now();
    const decidedOn = addCalendarDays(today, -90);
    const reference = uniqueReference('PR');
    const handle = track(await env.client.workflow.start(practiceReview, { workflowId: `practice-review:${reference}`, taskQueue, args: [practiceInput(reference, decidedOn)] }));
    const d = (n: number) => addCalendarDays(decidedOn, n);

    expect(await refusal(() => milestone(handle, { milestone: 'draft-report-received', occurredOn: d(1) }))).toBe("'draft-report-received' cannot be recorded before 'draft-requested', 'practitioner-learning-event-held'");
    expect(await refusal(() => milestone(handle, { milestone: 'terms-of-reference-agreed', occurredOn: addCalendarDays(today, 1) }))).toBe(`occurredOn ${addCalendarDays(today, 1)} is in the future (today is ${today})`);
    expect(await refusal(() => milestone(handle, { milestone: 'terms-of-reference-agreed', occurredOn: d(-1) }))).toBe(`occurredOn ${d(-1)} is before the review was commissioned (${decidedOn})`);
    await milestone(handle, { milestone: 'terms-of-reference-agreed', occurredOn: d(5) });
    expect(await refusal(() => milestone(handle, { milestone: 'terms-of-reference-agreed', occurredOn: d(6) }))).toBe("'terms-of-reference-agreed' was already recorded");
    await milestone(handle, { milestone: 'agency-reports-requested', occurredOn: d(6), agencies: [{ agency: 'police', dueOn: d(20) }, { agency: 'childrens-social-care', dueOn: d(20) }] });
    expect(await refusal(() => milestone(handle, { milestone: 'agency-report-received', occurredOn: d(10), agency: 'probation' }))).toBe(
      "unknown agency 'probation': reports were requested from 'police', 'childrens-social-care'",
    );
    expect(await refusal(() => handle.executeUpdate(resumeReview, { args: [{ on: today, recordedBy: 'x' }] }))).toBe('the review is not paused');
    expect(await refusal(() => handle.executeUpdate(pauseReview, { args: [{ from: addCalendarDays(today, 2), reason: 'inquest', expectedResumeOn: addCalendarDays(today, 30), recordedBy: 'x' }] }))).toBe(
      `from ${addCalendarDays(today, 2)} is in the future (today is ${today})`,
    );
    expect(await refusal(() => handle.executeUpdate(deferPublication, { args: [{ from: today, reason: 'inquest', recordedBy: 'x' }] }))).toBe(
      "publication can be deferred only once the report is signed off ('partner-sign-off')",
    );
    // Pause and resume twice: the timeline keeps both holds.
    await handle.executeUpdate(pauseReview, { args: [{ from: d(7), reason: 'capacity', expectedResumeOn: d(14), recordedBy: 'chair' }] });
    expect(await refusal(() => handle.executeUpdate(pauseReview, { args: [{ from: d(8), reason: 'inquest', expectedResumeOn: d(30), recordedBy: 'x' }] }))).toBe(`the review is already paused since ${d(7)}`);
    expect(await refusal(() => milestone(handle, { milestone: 'agency-report-received', occurredOn: d(8), agency: 'police' }))).toBe(
      `the review is on hold since ${d(7)} (capacity): resume it before recording 'agency-report-received'`,
    );
    expect(await refusal(() => handle.executeUpdate(resumeReview, { args: [{ on: d(6), recordedBy: 'x' }] }))).toBe(`on ${d(6)} is before the hold began (${d(7)})`);
    expect(await refusal(() => handle.executeUpdate(resumeReview, { args: [{ on: addCalendarDays(today, 1), recordedBy: 'x' }] }))).toBe(`on ${addCalendarDays(today, 1)} is in the future (today is ${today})`);
    await handle.executeUpdate(resumeReview, { args: [{ on: d(14), recordedBy: 'chair' }] });
    expect(await refusal(() => handle.executeUpdate(pauseReview, { args: [{ from: d(12), reason: 'covid', expectedResumeOn: d(30), recordedBy: 'x' }] }))).toBe(`from ${d(12)} is before the end of the previous hold (${d(14)})`);
    await handle.executeUpdate(pauseReview, { args: [{ from: d(15), reason: 'covid', expectedResumeOn: d(21), recordedBy: 'chair' }] });
    const twice = await handle.executeUpdate(resumeReview, { args: [{ on: d(21), recordedBy: 'chair' }] });
    expect(twice.holds.map((h) => [h.from, h.to, h.reason])).toEqual([
      [d(7), d(14), 'capacity'],
      [d(15), d(21), 'covid'],
    ]);
    expect(twice.daysPaused).toBe(13);

    for (const [agency, on] of [['police', 22], ['childrens-social-care', 23]] as const) await milestone(handle, { milestone: 'agency-report-received', occurredOn: d(on), agency });
    await milestone(handle, { milestone: 'practitioner-learning-event-held', occurredOn: d(30) });
    await milestone(handle, { milestone: 'family-involvement-completed', occurredOn: d(31) });
    await milestone(handle, { milestone: 'draft-requested', occurredOn: d(32) });
    await milestone(handle, { milestone: 'draft-report-received', occurredOn: d(40) });
    expect(await refusal(() => milestone(handle, { milestone: 'partner-sign-off', occurredOn: d(45), plannedPublicationOn: d(45) }))).toBe(`plannedPublicationOn ${d(45)} must be after the sign-off (${d(45)})`);
    await milestone(handle, { milestone: 'partner-sign-off', occurredOn: d(45), plannedPublicationOn: d(84) });
    await milestone(handle, { milestone: 'pre-publication-copy-sent', occurredOn: d(70) });
    const tooSoon = addWorkingDaysDate(calendar, d(70), 3);
    expect(await refusal(() => milestone(handle, { milestone: 'published', occurredOn: tooSoon }))).toMatch(/at least 7 working days before publication: it was sent on .*, 3 working day\(s\) before/);
    const published = await milestone(handle, { milestone: 'published', occurredOn: d(84) });
    expect(published.stage).toBe('action-plan-due');
    expect(published.deadlines.find((x) => x.key === 'kept-published')?.due).toBe(addCalendarMonths(d(84), 12));
    expect(await refusal(() => handle.executeUpdate(pauseReview, { args: [{ from: d(85), reason: 'inquest', expectedResumeOn: d(95), recordedBy: 'x' }] }))).toBe(
      `the review was published on ${d(84)}: a published review cannot be paused`,
    );
    expect(await refusal(() => milestone(handle, { milestone: 'improvements-published', occurredOn: d(85) }))).toBe(`the review was already published on ${d(84)}`);

    // Refused updates never reach history: accepted = 2 pauses + 2 resumes + the milestones recorded.
    const history = await handle.fetchHistory();
    const accepted = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(accepted).toHaveLength(4 + 11);

    await milestone(handle, { milestone: 'action-plan-agreed', occurredOn: d(85), actions: [{ id: 'A1', owner: 'police', dueOn: d(120) }] });
    expect(await refusal(() => milestone(handle, { milestone: 'action-completed', occurredOn: d(86), actionId: 'A9' }))).toBe("unknown action 'A9': the plan has 'A1'");
    // The last action done: the QAPP group's learning-embedded audit starts, and the review waits for it.
    const actionsDone = await milestone(handle, { milestone: 'action-completed', occurredOn: d(86), actionId: 'A1' });
    const learningRef = reference.replace(/-(\d+)$/, '-LEARN-$1');
    expect([actionsDone.stage, actionsDone.state]).toEqual(['learning-audit', 'open']);
    const waiting = await eventuallyStatus(handle, (s) => s.learningAudit !== undefined);
    expect(waiting.learningAudit).toEqual({ reference: learningRef, workflowId: `audit:${learningRef}`, openedOn: today, returnsDueOn: addWorkingDaysDate(calendar, today, 20), state: 'open' });
    expect(waiting.owed).toContainEqual({ who: 'qapp-chair', what: `Learning-embedded audit ${learningRef}`, due: addWorkingDaysDate(calendar, today, 20), status: 'open' });
    const learning = track(env.client.workflow.getHandle(`audit:${learningRef}`));
    const audit = await learning.query(auditStatus);
    expect([audit.type, audit.sampledCases, audit.outstanding]).toEqual(['learning-embedded', [reference], ['police', 'childrens-social-care']]);
    const handOff = sent.find((n) => n.key === `${reference}:notice:qapp-learning-audit`);
    expect(handOff?.to).toEqual(['qapp-chair']);
    expect(handOff?.text).toContain(`Audit ${learningRef} asks police, childrens-social-care whether the learning reached practitioners`);
    expect((await handle.query(practiceReviewStatus)).state).toBe('open');

    for (const participantId of ['police', 'childrens-social-care']) await learning.executeUpdate(recordAuditReturn, { args: [{ participantId, submittedOn: today, recordedBy: 'qapp' }] });
    for (const m of ['findings-agreed', 'learning-shared'] as const) await learning.executeUpdate(recordAuditMilestone, { args: [{ milestone: m, occurredOn: today, recordedBy: 'qapp-chair' }] });
    const final = await handle.result();
    expect([final.state, final.stage, final.health, final.learningAudit?.state]).toEqual(['completed', 'closed', 'closed', 'completed']);
    expect(sent.find((n) => n.key === `${reference}:notice:closed`)?.text).toContain(`Learning-embedded audit ${learningRef} completed (2 of 2 returns)`);
    const toPanel = sent.filter((n) => n.to.includes('panel')).map((n) => n.key.replace(`${reference}:notice:`, ''));
    expect(toPanel).toEqual(['paused:1', 'resumed:1', 'paused:2', 'resumed:2', 'pre-publication-copy', 'published']);
  });
});

