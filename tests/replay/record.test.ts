/**
 * With RECORD_HISTORIES=1, runs each path of the review processes on the time-skipping server,
 * replays each history at once and writes it to tests/replay/histories, the corpus that
 * tests/replay/replay.test.ts replays against every later version of the workflow code in `npm test`:
 *   RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts
 * Record again only for a new path; never overwrite a history to make a replay pass.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { defaultCalendar } from '../../domain/calendar';
import { addCalendarDays } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import type { PracticeMilestoneInput } from '../../domain/practice-review';
import { STANDARD_RULES, ruleSetFor } from '../../domain/rules';
import type { ExecutiveMilestoneInput } from '../../domain/executive-cycle';
import { audit, executiveCycle, executiveDigest, practiceReview, qappCycle, rapidReview } from '../../workflows';
import { executiveCycleStatus, recordExecutiveMilestone } from '../../workflows/executive-cycle';
import { completeAuditAction, recordAuditMilestone, recordAuditReturn } from '../../workflows/audit-definitions';
import { changeCadence, qappStatus, recordMinutes, resumeAuditActivity, stopCycle, suspendAuditActivity } from '../../workflows/qapp-definitions';
import { qappWorkflowId } from '../../domain/contracts';
import { recordMilestone, type MilestoneInput } from '../../workflows/definitions';
import { deferPublication, pauseReview, recordPracticeMilestone, resumeReview, type PracticeReviewInput } from '../../workflows/practice-review-definitions';
import { loadHistory, saveHistory } from '../support/histories';
import { startTimeSkippingServer, workflowBundle } from '../support/temporal';

const RECORD = process.env.RECORD_HISTORIES === '1';
const calendar = defaultCalendar();
const activities = {
  async persistCase() {},
  async sendNotice(n: { key: string }) {
    return { messageId: `<${n.key}>`, outcome: 'sent' as const };
  },
  async sendNoticesTogether(notices: { key: string }[]) {
    return notices.map((n) => ({ key: n.key, outcome: 'sent' as const }));
  },
  async persistAudit() {},
  async persistMeetings() {},
  async sendNotices(notices: unknown[]) {
    return { sent: notices.length };
  },
  async sendWeeklyDigest() {},
} as unknown as Activities;

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startTimeSkippingServer();
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

const step = (what: string) => process.env.RECORD_DEBUG && process.stderr.write(`${what}\n`);
const today = async () => utcToLondonDate(await env.currentTimeMs());
/**
 * Waits for completion without `result()`: while a caller awaits a result the time-skipping server
 * may jump to the run's 10-year timeout, which would date every later step in 2036.
 */
async function completion(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await handle.describe()).status.name === 'COMPLETED') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${handle.workflowId} did not complete`);
}

/** Replays a recorded history at once, then adds it to the corpus (never over an existing file) and replays it from the file. */
async function replayThenKeep(name: string, history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): Promise<void> {
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `check:${name}`);
  const { file, written } = saveHistory(name, history);
  if (written) await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, loadHistory(file), `file:${name}`);
  else console.warn(`kept the recorded ${name}: an existing history is never overwritten`);
}

const recorded: { name: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[] = [];
async function keep(name: string, handle: WorkflowHandle, open: boolean): Promise<void> {
  recorded.push({ name, history: await handle.fetchHistory() });
  if (open) await handle.terminate('recorded');
}

// Recording takes about three minutes of real time: on demand, not in every `npm test`.
(RECORD ? test : test.skip)('every path of the rapid review and the practice review records a history that replays', async () => {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'record', workflowBundle: await workflowBundle(), activities });
  await worker.runUntil(async () => {
    const start = await today();
    const rr = (reference: string, awareOn: string) => env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue: 'record', args: [{ reference, awareOn, ruleSet: STANDARD_RULES, calendar }] });
    const record = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordMilestone, { args: [{ occurredOn: await today(), recordedBy: 'chair', ...m } as MilestoneInput] });
    const practice = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordPracticeMilestone, { args: [{ occurredOn: await today(), recordedBy: 'reviewer', ...m } as PracticeMilestoneInput] });

    const notNotifiable = await rr('REC-2026-01', start);
    await record(notNotifiable, { milestone: 'notification-decision', notifiable: false, lookedAfterChildDeath: true });
    step('nn');
    await completion(notNotifiable);
    step('nn done');

    const lcspr = await rr('REC-2026-02', addCalendarDays(start, -1));
    const open = await rr('REC-2026-03', addCalendarDays(start, -1));
    for (const h of [lcspr, open]) {
      await record(h, { milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false });
      await record(h, { milestone: 'notification-sent' });
      await record(h, { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(start, 10) }] });
    }
    step('sleep 12');
    await env.sleep('12 days');
    step('slept');
    for (const m of [
      { milestone: 'partners-told' },
      { milestone: 'agency-summary-received', agency: 'police' },
      { milestone: 'rapid-review-meeting-held' },
      { milestone: 'partner-sign-off' },
      { milestone: 'rapid-review-submitted', recommendation: 'lcspr' },
      { milestone: 'panel-response', nationalReview: false },
      { milestone: 'outcome-decided', outcome: 'lcspr', reviewerName: 'A. Reviewer', practiceReviewReference: 'REC-2026-04' },
    ]) {
      await record(lcspr, m);
    }
    step('lcspr');
    await completion(lcspr);
    step('child');

    const child = env.client.workflow.getHandle('practice-review:REC-2026-04');
    await practice(child, { milestone: 'terms-of-reference-agreed' });
    await practice(child, { milestone: 'agency-reports-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(await today(), 20) }] });
    await env.sleep('5 days');
    await child.executeUpdate(pauseReview, { args: [{ from: await today(), reason: 'inquest', expectedResumeOn: addCalendarDays(await today(), 14), recordedBy: 'chair' }] });
    await env.sleep('21 days');
    await child.executeUpdate(resumeReview, { args: [{ on: await today(), recordedBy: 'chair' }] });
    await env.sleep('10 days');
    for (const m of [
      { milestone: 'agency-report-received', agency: 'police' },
      { milestone: 'practitioner-learning-event-held' },
      { milestone: 'family-involvement-completed' },
      { milestone: 'draft-requested' },
      { milestone: 'draft-report-received' },
      { milestone: 'partner-sign-off', plannedPublicationOn: addCalendarDays(await today(), 30) },
    ]) {
      await practice(child, m);
    }
    step('deferral');
    await child.executeUpdate(deferPublication, { args: [{ from: await today(), reason: 'criminal-proceedings', recordedBy: 'chair' }] });
    await env.sleep('20 days');
    await child.executeUpdate(resumeReview, { args: [{ on: await today(), plannedPublicationOn: addCalendarDays(await today(), 20), recordedBy: 'chair' }] });
    await practice(child, { milestone: 'pre-publication-copy-sent' });
    await env.sleep('20 days');
    await practice(child, { milestone: 'published' });
    await practice(child, { milestone: 'action-plan-agreed', actions: [{ id: 'A1', owner: 'police', dueOn: addCalendarDays(await today(), 30) }] });
    await env.sleep('10 days');
    await practice(child, { milestone: 'action-completed', actionId: 'A1' });
    // Since the learning-audit patch the review waits for the QAPP group's learning-embedded audit.
    step('learning audit');
    const learning = env.client.workflow.getHandle('audit:REC-2026-LEARN-04');
    await learning.executeUpdate(recordAuditReturn, { args: [{ participantId: 'police', submittedOn: await today(), recordedBy: 'qapp' }] });
    for (const m of ['findings-agreed', 'learning-shared'] as const) await learning.executeUpdate(recordAuditMilestone, { args: [{ milestone: m, occurredOn: await today(), recordedBy: 'qapp-chair' }] });
    step('child completion');
    await completion(child);
    step('paused open');

    const pausedOpen = await env.client.workflow.start(practiceReview, {
      workflowId: 'practice-review:REC-2026-05',
      taskQueue: 'record',
      args: [{ reference: 'REC-2026-05', parentReference: 'REC-2026-03', awareOn: await today(), decidedOn: await today(), reviewerName: 'B. Reviewer', decidedBy: 'chair', ruleSet: STANDARD_RULES, calendar }],
    });
    await practice(pausedOpen, { milestone: 'terms-of-reference-agreed' });
    await pausedOpen.executeUpdate(pauseReview, { args: [{ from: await today(), reason: 'covid', expectedResumeOn: addCalendarDays(await today(), 7), recordedBy: 'chair' }] });
    await env.sleep('14 days');

    await keep('rapid-review-v2-not-notifiable', notNotifiable, false);
    await keep('rapid-review-v2-lcspr', lcspr, false);
    await keep('rapid-review-v2-open-summaries-requested', open, true);
    // Recorded before the learning-audit patch as practice-review-paused-deferred-published-closed (kept).
    await keep('practice-review-closed-after-learning-audit', child, false);
    await keep('practice-review-open-paused', pausedOpen, true);
  });
  // Replayed once the recording worker has stopped.
  expect(recorded).toHaveLength(5);
  for (const { name, history } of recorded) {
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `check:${name}`);
    if (!RECORD) continue;
    const { file, written } = saveHistory(name, history);
    if (written) await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, loadHistory(file), `file:${name}`);
    else console.warn(`kept the recorded ${name}: an existing history is never overwritten`);
  }
}, 600_000);

// The follow-up of a national review or no-LCSPR outcome (rapid review version 3), on its own task
// queue: `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t follow-up` records only these.
(RECORD ? test : test.skip)('the follow-up of a rapid review outcome records a history per path that replays', async () => {
  const taskQueue = 'record-follow-up';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const histories: { name: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[] = [];
  await worker.runUntil(async () => {
    const start = await today();
    const rr = (reference: string) => env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [{ reference, awareOn: start, ruleSet: STANDARD_RULES, calendar }] });
    const record = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordMilestone, { args: [{ occurredOn: await today(), recordedBy: 'chair', ...m } as MilestoneInput] });
    const plan = await rr('REC-2026-21');
    const national = await rr('REC-2026-22');
    for (const [h, nationalReview] of [
      [plan, false],
      [national, true],
    ] as const) {
      for (const m of [
        { milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false },
        { milestone: 'notification-sent' },
        { milestone: 'partners-told' },
        { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(start, 7) }] },
        { milestone: 'agency-summary-received', agency: 'police' },
        { milestone: 'rapid-review-meeting-held' },
        { milestone: 'partner-sign-off' },
        { milestone: 'rapid-review-submitted' },
        { milestone: 'panel-response', nationalReview },
      ]) {
        await record(h, m);
      }
    }
    await record(plan, {
      milestone: 'outcome-decided',
      outcome: 'no-lcspr',
      learningRoute: 'multi-agency-learning-review',
      actions: [
        { id: 'A1', owner: 'police', dueOn: addCalendarDays(start, 14) },
        { id: 'A2', owner: 'health', dueOn: addCalendarDays(start, 28) },
      ],
    });
    await record(national, { milestone: 'outcome-decided', outcome: 'national-review' });
    await record(national, {
      milestone: 'national-review-information-requested',
      agencies: [
        { agency: 'police', dueOn: addCalendarDays(start, 10) },
        { agency: 'health', dueOn: addCalendarDays(start, 21) },
      ],
    });
    step('follow-up: sleep 16');
    await env.sleep('16 days');
    await record(plan, { milestone: 'action-completed', actionId: 'A1' });
    await record(national, { milestone: 'national-review-information-supplied', agency: 'police' });
    step('follow-up: sleep 20');
    await env.sleep('20 days');
    await record(plan, { milestone: 'action-completed', actionId: 'A2' });
    await record(national, { milestone: 'national-review-published' });
    await completion(plan);
    await completion(national);
    histories.push({ name: 'rapid-review-v3-no-lcspr-action-plan-closed', history: await plan.fetchHistory() });
    histories.push({ name: 'rapid-review-v3-national-review-published', history: await national.fetchHistory() });
  });
  for (const { name, history } of histories) {
    await replayThenKeep(name, history);
  }
}, 300_000);

// Since the patch holds-shift-running-deadlines (issue 11): a review paused and resumed, signed off
// after the resume with a T8 date the hold no longer moves, published late, left open at its action
// plan; under the rule set in force today (T9 a standing obligation, T7 planned on a working day).
// `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t 'running deadlines'` records only this.
(RECORD ? test : test.skip)('a hold that moves only the running deadlines records a history that replays', async () => {
  const taskQueue = 'record-running-deadlines';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const name = 'practice-review-holds-shift-running-deadlines-published-late';
  let history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> | undefined;
  await worker.runUntil(async () => {
    const start = await today();
    const ruleSet = ruleSetFor(start);
    const practice = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordPracticeMilestone, { args: [{ occurredOn: await today(), recordedBy: 'reviewer', ...m } as PracticeMilestoneInput] });
    const review = await env.client.workflow.start(practiceReview, {
      workflowId: 'practice-review:REC-2026-31',
      taskQueue,
      args: [{ reference: 'REC-2026-31', parentReference: 'REC-2026-30', awareOn: start, decidedOn: start, reviewerName: 'C. Reviewer', decidedBy: 'chair', ruleSet, calendar }],
    });
    await practice(review, { milestone: 'terms-of-reference-agreed' });
    await practice(review, { milestone: 'agency-reports-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(start, 20) }] });
    await env.sleep('7 days');
    await review.executeUpdate(pauseReview, { args: [{ from: await today(), reason: 'covid', expectedResumeOn: addCalendarDays(await today(), 60), recordedBy: 'chair' }] });
    await env.sleep('90 days');
    await review.executeUpdate(resumeReview, { args: [{ on: await today(), recordedBy: 'chair' }] });
    for (const m of [
      { milestone: 'agency-report-received', agency: 'police' },
      { milestone: 'practitioner-learning-event-held' },
      { milestone: 'family-involvement-completed' },
      { milestone: 'draft-requested' },
      { milestone: 'draft-report-received' },
    ]) {
      await practice(review, m);
    }
    step('running deadlines: sleep 120');
    await env.sleep('120 days');
    await practice(review, { milestone: 'partner-sign-off', plannedPublicationOn: addCalendarDays(await today(), 21) });
    await env.sleep('7 days');
    await practice(review, { milestone: 'pre-publication-copy-sent' });
    await env.sleep('14 days');
    await practice(review, { milestone: 'published' });
    await env.sleep('3 days');
    history = await review.fetchHistory();
    await review.terminate('recorded');
  });
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history!, `check:${name}`);
  const { file, written } = saveHistory(name, history!);
  if (written) await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, loadHistory(file), `file:${name}`);
  else console.warn(`kept the recorded ${name}: an existing history is never overwritten`);
}, 300_000);

// Since the persist-before-notices patch (a milestone answers once recorded; emails and reminders go
// out alongside the loop): each workflow's new order, on its own task queue:
// `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t persist-before-notices`.
(RECORD ? test : test.skip)('persist-before-notices: each workflow records a history of the new order that replays', async () => {
  const taskQueue = 'record-persist-first';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const histories: { name: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[] = [];
  await worker.runUntil(async () => {
    const start = await today();
    const record = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordMilestone, { args: [{ occurredOn: await today(), recordedBy: 'chair', ...m } as MilestoneInput] });
    const practice = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordPracticeMilestone, { args: [{ occurredOn: await today(), recordedBy: 'reviewer', ...m } as PracticeMilestoneInput] });

    const lcspr = await env.client.workflow.start(rapidReview, { workflowId: 'rapid-review:REC-2026-31', taskQueue, args: [{ reference: 'REC-2026-31', awareOn: addCalendarDays(start, -1), ruleSet: STANDARD_RULES, calendar }] });
    const learning = await env.client.workflow.start(audit, {
      workflowId: 'audit:REC-2026-AUD-33',
      taskQueue,
      args: [{ reference: 'REC-2026-AUD-33', type: 'learning-embedded', participants: [{ id: 'police', label: 'Police' }, { id: 'health', label: 'Health' }], openedOn: start, returnsDueOn: addCalendarDays(start, 10), calendar }],
    });
    const cycle = await env.client.workflow.start(qappCycle, { workflowId: qappWorkflowId('RECPF'), taskQueue, args: [{ partnership: 'RECPF', calendar, cadence: { everyMonths: 1, dayOfMonth: 15, from: start } }] });
    await record(lcspr, { milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: true });
    await record(lcspr, { milestone: 'notification-sent' });
    await record(lcspr, { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(start, 10) }] });
    step('persist-first: sleep 12');
    await env.sleep('12 days');
    await learning.executeUpdate(recordAuditReturn, { args: [{ participantId: 'police', submittedOn: await today(), recordedBy: 'qapp' }] });
    for (const m of [
      { milestone: 'partners-told' },
      { milestone: 'agency-summary-received', agency: 'police' },
      { milestone: 'rapid-review-meeting-held' },
      { milestone: 'partner-sign-off' },
      { milestone: 'rapid-review-submitted', recommendation: 'lcspr' },
      { milestone: 'panel-response', nationalReview: false },
      { milestone: 'outcome-decided', outcome: 'lcspr', reviewerName: 'A. Reviewer', practiceReviewReference: 'REC-2026-34' },
    ]) {
      await record(lcspr, m);
    }
    await completion(lcspr);
    step('persist-first: child');
    const child = env.client.workflow.getHandle('practice-review:REC-2026-34');
    await practice(child, { milestone: 'terms-of-reference-agreed' });
    await practice(child, { milestone: 'agency-reports-requested', agencies: [{ agency: 'police', dueOn: addCalendarDays(await today(), 20) }] });
    await env.sleep('5 days');
    await child.executeUpdate(pauseReview, { args: [{ from: await today(), reason: 'inquest', expectedResumeOn: addCalendarDays(await today(), 7), recordedBy: 'chair' }] });
    await env.sleep('14 days');
    await child.executeUpdate(resumeReview, { args: [{ on: await today(), recordedBy: 'chair' }] });
    await env.sleep('20 days');
    step('persist-first: minutes');
    const { meetings } = await cycle.query(qappStatus);
    const held = meetings.find((m) => m.state === 'awaiting-minutes');
    if (held) await cycle.executeUpdate(recordMinutes, { args: [{ meetingId: held.id, heldOn: held.date, recordedBy: 'qapp-chair', decisions: 1, actions: [{ key: 'A1', owner: 'police', dueOn: addCalendarDays(await today(), 10) }] }] });
    await env.sleep('15 days');
    histories.push({ name: 'rapid-review-persist-first-lcspr', history: await lcspr.fetchHistory() });
    histories.push({ name: 'practice-review-persist-first-resumed-open', history: await child.fetchHistory() });
    histories.push({ name: 'audit-persist-first-open', history: await learning.fetchHistory() });
    histories.push({ name: 'qapp-cycle-persist-first-open', history: await cycle.fetchHistory() });
    for (const h of [child, learning, cycle]) await h.terminate('recorded');
  });
  for (const { name, history } of histories) {
    // The new order, not the old: each history carries the patch's marker.
    const markers = (history.events ?? []).flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString())));
    expect([name, markers.some((m) => m.includes('persist-before-notices'))]).toEqual([name, true]);
    await replayThenKeep(name, history);
  }
}, 300_000);

// Issue 12: cases imported with their history, and a practice review started on its own.
(RECORD ? test : test.skip)('the imported paths record histories that replay', async () => {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'record-import', workflowBundle: await workflowBundle(), activities });
  const histories: { name: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[] = [];
  await worker.runUntil(async () => {
    const now = await today();
    const rapid = await env.client.workflow.start(rapidReview, {
      workflowId: 'rapid-review:REC-2026-51',
      taskQueue: 'record-import',
      args: [
        {
          reference: 'REC-2026-51', awareOn: '2019-09-02', ruleSet: ruleSetFor('2019-09-02'), calendar,
          imported: [
            { milestone: 'notification-decision', occurredOn: '2019-09-03', recordedBy: 'import', notifiable: true, lookedAfterChildDeath: false },
            { milestone: 'notification-sent', occurredOn: '2019-09-05', recordedBy: 'import' },
            { milestone: 'partners-told', occurredOn: '2019-09-05', recordedBy: 'import' },
            { milestone: 'agency-summaries-requested', occurredOn: '2019-09-05', recordedBy: 'import', agencies: [{ agency: 'police', dueOn: '2019-09-12' }] },
            { milestone: 'agency-summary-received', occurredOn: '2019-09-11', recordedBy: 'import', agency: 'police' },
            { milestone: 'rapid-review-meeting-held', occurredOn: '2019-09-16', recordedBy: 'import' },
            { milestone: 'partner-sign-off', occurredOn: '2019-09-18', recordedBy: 'import' },
            { milestone: 'rapid-review-submitted', occurredOn: '2019-09-20', recordedBy: 'import' },
            { milestone: 'panel-response', occurredOn: '2019-10-04', recordedBy: 'import', nationalReview: false },
            { milestone: 'outcome-decided', occurredOn: '2019-10-07', recordedBy: 'import', outcome: 'no-lcspr', learningRoute: 'learning-briefing', actions: [{ id: 'A1', owner: 'police', dueOn: '2020-01-31' }, { id: 'A2', owner: 'health', dueOn: addCalendarDays(now, 30) }] },
            { milestone: 'action-completed', occurredOn: '2020-01-20', recordedBy: 'import', actionId: 'A1' },
          ],
        },
      ],
    });
    await env.sleep('2 days');
    await rapid.executeUpdate(recordMilestone, { args: [{ milestone: 'action-completed', occurredOn: await today(), recordedBy: 'chair', actionId: 'A2' }] });
    await completion(rapid);
    const practiceInput = (reference: string, imported?: PracticeReviewInput['imported']): PracticeReviewInput => ({
      reference, awareOn: '2019-10-01', decidedOn: '2019-11-12', reviewerName: 'Reviewer', decidedBy: 'import', ruleSet: ruleSetFor('2019-10-01'), calendar, ...(imported ? { imported, parentReference: 'OLD-2019-07' } : {}),
    });
    const imported = await env.client.workflow.start(practiceReview, {
      workflowId: 'practice-review:REC-2026-52',
      taskQueue: 'record-import',
      args: [
        practiceInput('REC-2026-52', [
          { kind: 'milestone', milestone: { milestone: 'terms-of-reference-agreed', occurredOn: '2019-12-02', recordedBy: 'import' } },
          { kind: 'pause', pause: { from: '2020-03-23', reason: 'covid', expectedResumeOn: '2020-06-30', recordedBy: 'import' } },
          { kind: 'resume', resume: { on: '2020-09-01', recordedBy: 'import' } },
          { kind: 'milestone', milestone: { milestone: 'draft-requested', occurredOn: '2020-11-02', recordedBy: 'import' } },
          { kind: 'milestone', milestone: { milestone: 'family-involvement-completed', occurredOn: '2020-11-20', recordedBy: 'import' } },
          { kind: 'pause', pause: { from: '2021-01-11', reason: 'criminal-proceedings', expectedResumeOn: addCalendarDays(now, 20), recordedBy: 'import' } },
        ]),
      ],
    });
    await env.sleep('3 days');
    await imported.executeUpdate(resumeReview, { args: [{ on: await today(), recordedBy: 'chair' }] });
    await env.sleep('2 days');
    const alone = await env.client.workflow.start(practiceReview, { workflowId: 'practice-review:REC-2026-53', taskQueue: 'record-import', args: [practiceInput('REC-2026-53')] });
    await env.sleep('1 day');
    await alone.executeUpdate(recordPracticeMilestone, { args: [{ milestone: 'terms-of-reference-agreed', occurredOn: await today(), recordedBy: 'reviewer' }] });
    await env.sleep('2 days');
    histories.push({ name: 'rapid-review-imported-no-lcspr-closed-live', history: await rapid.fetchHistory() });
    histories.push({ name: 'practice-review-imported-holds-resumed-live-open', history: await imported.fetchHistory() });
    histories.push({ name: 'practice-review-started-on-its-own-open', history: await alone.fetchHistory() });
    for (const h of [imported, alone]) await h.terminate('recorded');
  });
  for (const { name, history } of histories) {
    await replayThenKeep(name, history);
  }
}, 300_000);

// The Executive Group's meeting cycle (new workflow): its history entered quietly, an action chased
// and completed, a cadence change; and a run that continued as new past its history limit.
// `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t executive-cycle`.
(RECORD ? test : test.skip)('executive-cycle: a cycle with its history, an action chased until done, and a continue-as-new record histories that replay', async () => {
  const taskQueue = 'record-executive-cycle';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const histories: { name: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[] = [];
  await worker.runUntil(async () => {
    const record = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordExecutiveMilestone, { args: [{ occurredOn: await today(), recordedBy: 'executive', ...m } as ExecutiveMilestoneInput] });
    const cycle = await env.client.workflow.start(executiveCycle, { workflowId: 'executive-cycle:RECEX-2019-01', taskQueue, args: [{ reference: 'RECEX-2019-01', pattern: 'monthly', firstMeetingOn: '2019-10-16', calendar }] });
    await record(cycle, { milestone: 'meeting-held', occurredOn: '2019-10-16', meetingOn: '2019-10-16' });
    await record(cycle, { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27' });
    await record(cycle, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' });
    await record(cycle, { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-05-01' }] });
    const { allowedNext } = await cycle.query(executiveCycleStatus);
    const lastHeld = allowedNext.find((a) => a.milestone === 'meeting-held')!.choices!.meetingOn!.at(-1)!;
    await record(cycle, { milestone: 'meeting-held', occurredOn: lastHeld, meetingOn: lastHeld });
    await record(cycle, { milestone: 'actions-agreed', meetingOn: lastHeld, actions: [{ id: 'E2', owner: 'police', dueOn: addCalendarDays(await today(), 7) }] });
    step('executive-cycle: sleep 20');
    await env.sleep('20 days');
    await record(cycle, { milestone: 'action-completed', actionId: 'E2' });
    await record(cycle, { milestone: 'cadence-changed', pattern: 'monthly', from: addCalendarDays(await today(), 14) });
    await env.sleep('3 days');
    histories.push({ name: 'executive-cycle-actions-chased-open', history: await cycle.fetchHistory() });
    await cycle.terminate('recorded');

    const long = await env.client.workflow.start(executiveCycle, { workflowId: 'executive-cycle:RECEX-2019-02', taskQueue, args: [{ reference: 'RECEX-2019-02', pattern: 'monthly', firstMeetingOn: '2019-10-16', calendar, historyLimit: 40 }] });
    const firstRun = (await long.describe()).runId;
    for (const d of ['2019-10-16', '2019-11-18', '2019-12-16', '2020-01-16', '2020-02-17', '2020-03-16']) await record(env.client.workflow.getHandle(long.workflowId), { milestone: 'meeting-held', occurredOn: d, meetingOn: d });
    for (let i = 0; i < 100 && (await env.client.workflow.getHandle(long.workflowId).describe()).runId === firstRun; i++) await new Promise((r) => setTimeout(r, 50));
    histories.push({ name: 'executive-cycle-continued-as-new', history: await env.client.workflow.getHandle(long.workflowId, firstRun).fetchHistory() });
    await env.client.workflow.getHandle(long.workflowId).terminate('recorded');
  });
  for (const { name, history } of histories) {
    await replayThenKeep(name, history);
  }
  expect(histories.map((h) => h.history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes !== undefined && h.history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes !== null)).toEqual([false, true]);
}, 300_000);

// Since patch executive-deadlines-in-read-model: the cycle's deadlines in the read model, and a wake
// (a timer where none was) when its papers deadline has passed, to write the next meeting's.
// `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t executive-deadlines`.
(RECORD ? test : test.skip)('executive-deadlines: a cycle whose papers deadline moves on with nothing to remind records a history that replays', async () => {
  const taskQueue = 'record-executive-deadlines';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const histories: { name: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[] = [];
  await worker.runUntil(async () => {
    const record = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordExecutiveMilestone, { args: [{ occurredOn: await today(), recordedBy: 'executive', ...m } as ExecutiveMilestoneInput] });
    const firstMeetingOn = addCalendarDays(await today(), 21);
    const cycle = await env.client.workflow.start(executiveCycle, { workflowId: 'executive-cycle:RECEX-2026-03', taskQueue, args: [{ reference: 'RECEX-2026-03', pattern: 'monthly', firstMeetingOn, calendar }] });
    const { nextMeeting } = await cycle.query(executiveCycleStatus);
    await record(cycle, { milestone: 'agenda-issued', meetingOn: nextMeeting.meetingOn });
    step('executive-deadlines: sleep 30');
    await env.sleep('30 days');
    const { deadlines } = await cycle.query(executiveCycleStatus);
    expect(deadlines.find((d) => d.key === 'papers')!.due > nextMeeting.meetingOn).toBe(true);
    histories.push({ name: 'executive-cycle-papers-deadline-moves-open', history: await cycle.fetchHistory() });
    await cycle.terminate('recorded');
  });
  for (const { name, history } of histories) {
    const markers = (history.events ?? []).flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString())));
    expect([name, markers.some((m) => m.includes('executive-deadlines-in-read-model'))]).toEqual([name, true]);
    await replayThenKeep(name, history);
  }
}, 300_000);

// Issue 17's paths, behind patch qa-history-quiet: an audit recorded from the past (returns and an
// action entered late, one catch-up each) and a QAPP cycle begun in the past, re-planned by a past
// cadence change, suspension and resumption, minuted late and stopped.
// `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t qa-history-quiet`.
(RECORD ? test : test.skip)('qa-history-quiet: an audit and a QAPP cycle recorded from the past record histories that replay', async () => {
  const taskQueue = 'record-qa-history-quiet';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const histories: { name: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[] = [];
  await worker.runUntil(async () => {
    const start = await today();
    const past = await env.client.workflow.start(audit, {
      workflowId: 'audit:REC-2019-AUD-41',
      taskQueue,
      args: [{ reference: 'REC-2019-AUD-41', type: 'case-file', participants: [{ id: 'police', label: 'Police', address: 'qa@police.test' }, { id: 'health', label: 'Health' }], openedOn: addCalendarDays(start, -60), returnsDueOn: addCalendarDays(start, -30), calendar }],
    });
    await past.executeUpdate(recordAuditReturn, { args: [{ participantId: 'police', submittedOn: addCalendarDays(start, -28), recordedBy: 'qapp' }] });
    const cycle = await env.client.workflow.start(qappCycle, { workflowId: qappWorkflowId('RECQH'), taskQueue, args: [{ partnership: 'RECQH', calendar, cadence: { everyMonths: 1, dayOfMonth: 15, from: addCalendarDays(start, -200) }, endsOn: addCalendarDays(start, 120), config: { whileSuspended: 'skip' } }] });
    await cycle.executeUpdate(changeCadence, { args: [{ everyMonths: 2, dayOfMonth: 10, from: addCalendarDays(start, -100), recordedBy: 'executive' }] });
    await cycle.executeUpdate(suspendAuditActivity, { args: [{ reason: 'recorded', from: addCalendarDays(start, -90), recordedBy: 'executive' }] });
    await cycle.executeUpdate(resumeAuditActivity, { args: [{ on: addCalendarDays(start, -20), recordedBy: 'executive' }] });
    step('qa-history-quiet: sleep 3');
    await env.sleep('3 days');
    await past.executeUpdate(recordAuditMilestone, { args: [{ milestone: 'returns-closed', occurredOn: addCalendarDays(start, -25), recordedBy: 'qapp' }] });
    await past.executeUpdate(recordAuditMilestone, { args: [{ milestone: 'audit-meeting-held', occurredOn: addCalendarDays(start, -20), recordedBy: 'qapp' }] });
    await past.executeUpdate(recordAuditMilestone, { args: [{ milestone: 'findings-agreed', occurredOn: addCalendarDays(start, -15), recordedBy: 'qapp' }] });
    await past.executeUpdate(recordAuditMilestone, {
      args: [{ milestone: 'action-plan-agreed', occurredOn: addCalendarDays(start, -10), recordedBy: 'qapp', actions: [{ key: 'A1', owner: 'police', dueOn: addCalendarDays(start, -5) }, { key: 'A2', owner: 'health', dueOn: addCalendarDays(start, 30) }] }],
    });
    await past.executeUpdate(completeAuditAction, { args: [{ key: 'A2', completedOn: await today(), recordedBy: 'qapp' }] });
    const { meetings } = await cycle.query(qappStatus);
    const missing = meetings.find((m) => m.state === 'minutes-missing' || m.state === 'awaiting-minutes');
    if (missing) await cycle.executeUpdate(recordMinutes, { args: [{ meetingId: missing.id, heldOn: missing.date, recordedBy: 'qapp-chair', decisions: 1, actions: [{ key: 'A1', owner: 'police', dueOn: addCalendarDays(missing.date, 5) }] }] });
    await env.sleep('10 days');
    await cycle.executeUpdate(stopCycle, { args: [{ on: addCalendarDays(await today(), 30), recordedBy: 'executive' }] });
    await env.sleep('2 days');
    histories.push({ name: 'audit-qa-history-quiet-recorded-open', history: await past.fetchHistory() });
    histories.push({ name: 'qapp-cycle-qa-history-quiet-past-open', history: await cycle.fetchHistory() });
    for (const h of [past, cycle]) await h.terminate('recorded');
  });
  for (const { name, history } of histories) {
    const markers = (history.events ?? []).flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString())));
    expect([name, markers.some((m) => m.includes('qa-history-quiet'))]).toEqual([name, true]);
    await replayThenKeep(name, history);
  }
}, 300_000);

// Since patch qapp-controls-recorded the cycle writes each control (cadence change, suspension,
// resumption, stop) to the read model with its meetings: a write where none was before.
// `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t qapp-controls-recorded`.
(RECORD ? test : test.skip)('qapp-controls-recorded: a QAPP cycle writing its controls records a history that replays', async () => {
  const taskQueue = 'record-qapp-controls';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  let history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> | undefined;
  await worker.runUntil(async () => {
    const start = await today();
    const cycle = await env.client.workflow.start(qappCycle, { workflowId: qappWorkflowId('RECQC'), taskQueue, args: [{ partnership: 'RECQC', calendar, cadence: { everyMonths: 1, dayOfMonth: 15, from: addCalendarDays(start, -60) } }] });
    step('qapp-controls: cadence');
    await cycle.executeUpdate(changeCadence, { args: [{ everyMonths: 2, dayOfMonth: 10, from: addCalendarDays(start, 40), recordedBy: 'executive' }] });
    step('qapp-controls: suspend');
    await cycle.executeUpdate(suspendAuditActivity, { args: [{ reason: 'recorded', from: addCalendarDays(start, -10), recordedBy: 'executive' }] });
    step('qapp-controls: sleep 3');
    await env.sleep('3 days');
    step('qapp-controls: resume');
    await cycle.executeUpdate(resumeAuditActivity, { args: [{ on: await today(), recordedBy: 'executive' }] });
    step('qapp-controls: stop');
    await cycle.executeUpdate(stopCycle, { args: [{ on: addCalendarDays(await today(), 90), recordedBy: 'executive' }] });
    step('qapp-controls: sleep 2');
    await env.sleep('2 days');
    history = await cycle.fetchHistory();
    await cycle.terminate('recorded');
  });
  const name = 'qapp-cycle-controls-recorded-open';
  const markers = (history!.events ?? []).flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString())));
  expect(markers.some((m) => m.includes('qapp-controls-recorded'))).toBe(true);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history!, `check:${name}`);
  const { file, written } = saveHistory(name, history!);
  if (written) await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, loadHistory(file), `file:${name}`);
  else console.warn(`kept the recorded ${name}: an existing history is never overwritten`);
}, 300_000);

// A practice review whose reference is not in the engine's own shape reaches its learning audit
// (patch `learning-audit-reference-any-scheme`): `-t 'any reference scheme'` records only this.
(RECORD ? test : test.skip)('a practice review under any reference scheme starts its learning audit under a valid audit reference', async () => {
  const taskQueue = 'record-any-scheme';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  let history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> | undefined;
  await worker.runUntil(async () => {
    const practice = async (h: WorkflowHandle, m: Record<string, unknown>) => h.executeUpdate(recordPracticeMilestone, { args: [{ occurredOn: await today(), recordedBy: 'reviewer', ...m } as PracticeMilestoneInput] });
    const reference = 'CSPR/2026/014';
    const review = await env.client.workflow.start(practiceReview, {
      workflowId: 'practice-review:CSPR~2026~014',
      taskQueue,
      args: [{ reference, awareOn: await today(), decidedOn: await today(), reviewerName: 'C. Reviewer', decidedBy: 'chair', ruleSet: STANDARD_RULES, calendar }],
    });
    await practice(review, { milestone: 'terms-of-reference-agreed' });
    await practice(review, { milestone: 'agency-reports-requested', agencies: [{ agency: 'health', dueOn: addCalendarDays(await today(), 20) }] });
    await env.sleep('10 days');
    for (const m of [
      { milestone: 'agency-report-received', agency: 'health' },
      { milestone: 'practitioner-learning-event-held' },
      { milestone: 'family-involvement-completed' },
      { milestone: 'draft-requested' },
      { milestone: 'draft-report-received' },
      { milestone: 'partner-sign-off', plannedPublicationOn: addCalendarDays(await today(), 20) },
      { milestone: 'pre-publication-copy-sent' },
    ]) {
      await practice(review, m);
    }
    await env.sleep('20 days');
    await practice(review, { milestone: 'published' });
    await practice(review, { milestone: 'action-plan-agreed', actions: [{ id: 'A1', owner: 'health', dueOn: addCalendarDays(await today(), 30) }] });
    await practice(review, { milestone: 'action-completed', actionId: 'A1' });
    // FNV-1a 64 of 'CSPR/2026/014' begins ea575253 (computed outside the engine).
    const learning = env.client.workflow.getHandle('audit:LEARN-2026-EA575253');
    await learning.executeUpdate(recordAuditReturn, { args: [{ participantId: 'health', submittedOn: await today(), recordedBy: 'qapp' }] });
    for (const m of ['findings-agreed', 'learning-shared'] as const) await learning.executeUpdate(recordAuditMilestone, { args: [{ milestone: m, occurredOn: await today(), recordedBy: 'qapp-chair' }] });
    await completion(review);
    history = await review.fetchHistory();
  });
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history!, 'check:any-scheme');
  const { file, written } = saveHistory('practice-review-learning-audit-any-scheme', history!);
  if (written) await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, loadHistory(file), 'file:any-scheme');
}, 600_000);

// Since patch audit-ends-after-handlers the audit ends only once the update that completed it has
// answered. `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t audit-ends-after-handlers`.
(RECORD ? test : test.skip)('audit-ends-after-handlers: an audit completed by its last milestone records a history that replays', async () => {
  const taskQueue = 'record-audit-ends';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  let history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> | undefined;
  await worker.runUntil(async () => {
    const start = await today();
    const learning = await env.client.workflow.start(audit, {
      workflowId: 'audit:REC-2026-LEARN-61',
      taskQueue,
      args: [{ reference: 'REC-2026-LEARN-61', type: 'learning-embedded', participants: [{ id: 'police', label: 'Police' }], openedOn: start, returnsDueOn: addCalendarDays(start, 28), calendar, sampledCases: ['REC-2026-61'] }],
    });
    await learning.executeUpdate(recordAuditReturn, { args: [{ participantId: 'police', submittedOn: start, recordedBy: 'qapp' }] });
    await learning.executeUpdate(recordAuditMilestone, { args: [{ milestone: 'findings-agreed', occurredOn: start, recordedBy: 'qapp-chair' }] });
    const last = await learning.executeUpdate(recordAuditMilestone, { args: [{ milestone: 'learning-shared', occurredOn: start, recordedBy: 'qapp-chair' }] });
    expect(last.state).toBe('completed');
    await completion(learning);
    history = await learning.fetchHistory();
  });
  const markers = (history!.events ?? []).flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString())));
  expect(markers.some((m) => m.includes('audit-ends-after-handlers'))).toBe(true);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history!, 'check:audit-ends');
  const { file, written } = saveHistory('audit-ends-after-handlers-completed', history!);
  if (written) await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, loadHistory(file), 'file:audit-ends');
}, 300_000);

// The hand-over to a fresh history of every long-lived workflow, recorded before continue-as-new
// moved into workflows/runtime.ts (continueAsNewWhen), so the corpus proves the move kept their
// commands: an audit past its history limit, a QAPP cycle at its cycle boundary (after meeting 3)
// and the weekly digest after its quarter. Each history is the first run's, ending in the hand-over.
// `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t continue-as-new`.
(RECORD ? test : test.skip)('continue-as-new: an audit, a QAPP cycle and the weekly digest hand over to a fresh history and record histories that replay', async () => {
  const taskQueue = 'record-continue-as-new';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const histories: { name: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[] = [];
  const firstRunHistory = (handle: { workflowId: string; firstExecutionRunId: string }) => env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
  await worker.runUntil(async () => {
    const start = await today();
    const schools = Array.from({ length: 12 }, (_, i) => ({ id: `school-${i + 1}`, label: `School ${i + 1}` }));
    const returns = await env.client.workflow.start(audit, {
      workflowId: 'audit:REC-2026-AUD-61',
      taskQueue,
      args: [{ reference: 'REC-2026-AUD-61', type: 'section-175', participants: schools, openedOn: start, returnsDueOn: addCalendarDays(start, 14), calendar, repeatAfterMonths: 0, continueAsNewAfterEvents: 40 }],
    });
    const cycle = await env.client.workflow.start(qappCycle, { workflowId: qappWorkflowId('RECCAN'), taskQueue, args: [{ partnership: 'RECCAN', calendar, cadence: { everyMonths: 1, dayOfMonth: 15, from: addCalendarDays(start, 5) } }] });
    const digest = await env.client.workflow.start(executiveDigest, { workflowId: 'executive-digest:RECCAN', taskQueue, args: [{ partnership: 'RECCAN', weekday: 1, localTime: '09:00', calendar }] });
    for (const s of schools) await returns.executeUpdate(recordAuditReturn, { args: [{ participantId: s.id, submittedOn: start, recordedBy: 'school' }] });
    step('continue-as-new: sleep 100');
    await env.sleep('100 days');
    histories.push({ name: 'audit-continued-as-new', history: await firstRunHistory(returns) });
    histories.push({ name: 'qapp-cycle-continued-as-new', history: await firstRunHistory(cycle) });
    histories.push({ name: 'executive-digest-continued-as-new', history: await firstRunHistory(digest) });
    for (const h of [returns, cycle, digest]) await env.client.workflow.getHandle(h.workflowId).terminate('recorded');
  });
  expect(histories.map((h) => [h.name, h.history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes != null])).toEqual(histories.map((h) => [h.name, true]));
  for (const { name, history } of histories) {
    await replayThenKeep(name, history);
  }
}, 300_000);

// Since patch notices-sent-together a case's emails due at the same moment (its reminders, a
// milestone's notices) go out in one activity. `RECORD_HISTORIES=1 npx jest tests/replay/record.test.ts -t notices-sent-together`.
(RECORD ? test : test.skip)('notices-sent-together: a rapid review whose reminders fall due together records a history that replays', async () => {
  const taskQueue = 'record-notices-together';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  let history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> | undefined;
  await worker.runUntil(async () => {
    const reference = 'REC-2026-71';
    const rapid = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [{ reference, awareOn: await today(), ruleSet: STANDARD_RULES, calendar }] });
    await env.sleep('8 days');
    await rapid.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false, occurredOn: await today(), recordedBy: 'chair' }] });
    await env.sleep('2 days');
    history = await rapid.fetchHistory();
    await rapid.terminate('recorded');
  });
  const events = history!.events ?? [];
  const markers = events.flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString())));
  expect(markers.some((m) => m.includes('notices-sent-together'))).toBe(true);
  expect(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNoticesTogether').length).toBeGreaterThan(0);
  expect(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotice')).toHaveLength(0);
  await replayThenKeep('rapid-review-notices-sent-together-open', history!);
}, 300_000);
