/**
 * Issue 12 on Temporal's time-skipping server: a case imported with its history enters at the same
 * state as the same case run live milestone by milestone (deadlines, verdicts, stage, holds,
 * timeline), and sends nothing: every notice dated before the import is on its timeline as
 * "recorded on import, not sent", where the live run sent each as an email.
 */
import { Context } from '@temporalio/activity';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import type { CaseSnapshot, TimelineEntry } from '../../domain/contracts';
import { defaultCalendar } from '../../domain/calendar';
import { parseTrackerCsv, planRow, type CasePlan } from '../../domain/import';
import { utcToLondonDate } from '../../domain/london-time';
import type { Notice } from '../../domain/notices';
import { STANDARD_RULES, ruleSetFor } from '../../domain/rules';
import { practiceReview, rapidReview } from '../../workflows';
import { rapidReviewStatus, recordMilestone, type RapidReviewInput, type RapidReviewStatus } from '../../workflows/definitions';
import {
  deferPublication,
  pauseReview,
  practiceReviewStatus,
  recordPracticeMilestone,
  resumeReview,
  type PracticeReviewInput,
  type PracticeReviewStatus,
} from '../../workflows/practice-review-definitions';
import { uniqueReference } from '../support/temporal';
import { runWithWorker, type SentNotice, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));
const started: WorkflowHandle[] = [];
afterEach(async () => {
  for (const handle of started.splice(0)) await handle.terminate('test over').catch(() => undefined);
});

function recordingActivities() {
  const sent: SentNotice[] = [];
  const snapshots: CaseSnapshot[] = [];
  const activities = {
    async persistCase(snapshot: CaseSnapshot) {
      snapshots.push(snapshot);
    },
    async sendNotice(notice: Notice) {
      sent.push({ ...notice, sentAtMs: Context.current().info.currentAttemptScheduledTimestampMs });
      return { messageId: `<${notice.key}>`, outcome: 'sent' as const };
    },
    async sendNoticesTogether(notices: Notice[]) {
      for (const notice of notices) sent.push({ ...notice, sentAtMs: Context.current().info.currentAttemptScheduledTimestampMs });
      return notices.map((n) => ({ key: n.key, outcome: 'sent' as const }));
    },
    async persistAudit() {},
    async sendNotices(notices: Notice[]) {
      return { sent: notices.length };
    },
  } as unknown as Activities;
  return { sent, snapshots, activities };
}

const calendar = defaultCalendar();
const HEADER =
  'reference,process,child,aware_on,notifiable,decision_on,notified_on,partners_told_on,summaries_requested_on,summaries_due,summaries_received,meeting_on,signed_off_on,submitted_on,panel_response_on,national_review,outcome_on,outcome,learning_route,actions,actions_completed,information_requested_on,information_due,information_supplied,national_review_published_on,commissioned_on,reviewer,rapid_review,terms_agreed_on,reports_requested_on,reports_due,reports_received,learning_event_on,family_involvement_on,draft_requested_on,draft_received_on,planned_publication,final_report_sent_on,published_on,hold_1_kind,hold_1_from,hold_1_to,hold_1_reason,hold_1_expected_end,hold_2_kind,hold_2_from,hold_2_to,hold_2_reason,hold_2_new_publication,action_plan_on';
const columns = HEADER.split(',');
function csvRow(cells: Record<string, string>): string {
  return columns.map((c) => (cells[c] ?? '').replace(/^(.*[,"].*)$/, '"$1"')).join(',');
}

/** Cases of 2019-2021 and one of this autumn, each read through the import's own planning. */
function plansFor(today: string): CasePlan[] {
  const rows: Record<string, string>[] = [
    // No LCSPR: notified and submitted late, an action plan partly done (one action still open, overdue).
    {
      reference: uniqueReference('NL'), process: 'rapid review', child: 'Child A', aware_on: '2019-09-02', notifiable: 'yes', decision_on: '2019-09-03', notified_on: '2019-09-12', partners_told_on: '2019-09-05',
      summaries_requested_on: '2019-09-04', summaries_due: 'police 2019-09-11; health 2019-09-13', summaries_received: 'police 2019-09-10; health 2019-09-16', meeting_on: '2019-09-18', signed_off_on: '2019-09-24',
      submitted_on: '2019-09-27', panel_response_on: '2019-10-14', national_review: 'no', outcome_on: '2019-10-16', outcome: 'no-lcspr', learning_route: 'learning-briefing',
      actions: 'A1 police 2020-01-31; A2 health 2020-03-31', actions_completed: 'A1 2020-01-20',
    },
    // National review, published: closed, counted for the year.
    {
      reference: uniqueReference('NR'), process: 'rapid review', child: 'Child B', aware_on: '2020-01-06', notifiable: 'yes', decision_on: '2020-01-07', notified_on: '2020-01-08', partners_told_on: '2020-01-08',
      summaries_requested_on: '2020-01-08', summaries_due: 'police 2020-01-15', summaries_received: 'police 2020-01-14', meeting_on: '2020-01-20', signed_off_on: '2020-01-22', submitted_on: '2020-01-24',
      panel_response_on: '2020-02-07', national_review: 'yes', outcome_on: '2020-02-10', outcome: 'national-review', information_requested_on: '2020-02-20', information_due: 'police 2020-03-20; health 2020-03-20',
      information_supplied: 'police 2020-03-18', national_review_published_on: '2021-06-30',
    },
    // An LCSPR commissioned before adoption: paused for COVID, published late after a lifted deferral, action plan open.
    {
      reference: uniqueReference('PR'), process: 'practice review', child: 'Child C', aware_on: '2019-10-01', commissioned_on: '2019-11-12', reviewer: 'Jane Reviewer', rapid_review: 'OLD-2019-07',
      terms_agreed_on: '2019-12-02', reports_requested_on: '2019-12-09', reports_due: 'police 2020-01-31; childrens-social-care 2020-02-07', reports_received: 'police 2020-01-30; childrens-social-care 2020-02-12',
      hold_1_kind: 'pause', hold_1_from: '2020-03-23', hold_1_to: '2020-09-01', hold_1_reason: 'covid', hold_1_expected_end: '2020-06-30',
      learning_event_on: '2020-10-06', family_involvement_on: '2020-10-20', draft_requested_on: '2020-11-02', draft_received_on: '2020-12-14', signed_off_on: '2021-01-11', planned_publication: '2021-03-01',
      hold_2_kind: 'publication deferral', hold_2_from: '2021-02-01', hold_2_to: '2021-05-04', hold_2_reason: 'inquest', hold_2_new_publication: '2021-06-15',
      final_report_sent_on: '2021-06-01', published_on: '2021-06-15', action_plan_on: '2021-07-01', actions: 'A1 police 2021-12-31; A2 childrens-social-care 2027-03-31', actions_completed: 'A1 2021-12-10',
    },
    // This autumn: notified, summaries outstanding, deadlines still running.
    { reference: uniqueReference('RR'), process: 'rapid review', child: 'Child D', aware_on: '2026-11-16', notifiable: 'yes', decision_on: '2026-11-17', notified_on: '2026-11-18', summaries_requested_on: '2026-11-18', summaries_due: 'police 2026-12-09' },
  ];
  const parsed = parseTrackerCsv([HEADER, ...rows.map(csvRow)].join('\r\n'));
  expect(parsed.problems).toEqual([]);
  return parsed.rows.map((row) => {
    const planned = planRow(row, { today, calendar, ruleSet: ruleSetFor });
    expect(planned.problems).toEqual([]);
    return planned.plan!;
  });
}

type AnyStatus = RapidReviewStatus | PracticeReviewStatus;

/** The case's record without the instants it was recorded at (which differ by construction). */
function record(status: AnyStatus) {
  const rest: Record<string, unknown> = { ...status, milestones: status.milestones.map((m) => ({ ...m, recordedAt: 'instant' })) };
  for (const instant of ['today', 'revision', 'remindersSent', 'nextReminderAt']) delete rest[instant];
  return rest;
}
const milestoneEntries = (timeline: TimelineEntry[]) => timeline.filter((e) => e.key.startsWith('milestone:') || e.key.startsWith('hold:')).map(({ key, occurredOn, kind, summary, actor }) => ({ key, occurredOn, kind, summary, actor }));
const timelineOf = (snapshots: CaseSnapshot[], reference: string) => snapshots.filter((s) => s.reference === reference).flatMap((s) => s.timeline);

async function startBoth(plan: CasePlan, taskQueue: string) {
  const importedRef = plan.reference;
  const liveRef = `${plan.reference}L`;
  if (plan.process === 'rapid-review') {
    const input = (reference: string): RapidReviewInput => ({ reference, awareOn: plan.awareOn, ruleSet: ruleSetFor(plan.awareOn), calendar });
    const imported = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${importedRef}`, taskQueue, args: [{ ...input(importedRef), imported: plan.imported }] });
    const live = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${liveRef}`, taskQueue, args: [input(liveRef)] });
    started.push(imported, live);
    for (const m of plan.imported) await live.executeUpdate(recordMilestone, { args: [m] });
    return { imported: await imported.query(rapidReviewStatus), live: await live.query(rapidReviewStatus), liveRef };
  }
  const input = (reference: string): PracticeReviewInput => ({
    reference,
    ...(plan.rapidReviewReference ? { parentReference: plan.rapidReviewReference } : {}),
    awareOn: plan.awareOn,
    decidedOn: plan.commissionedOn,
    reviewerName: plan.reviewerName,
    decidedBy: 'import',
    ruleSet: ruleSetFor(plan.awareOn),
    calendar,
  });
  const imported = await env.client.workflow.start(practiceReview, { workflowId: `practice-review:${importedRef}`, taskQueue, args: [{ ...input(importedRef), imported: plan.imported }] });
  const live = await env.client.workflow.start(practiceReview, { workflowId: `practice-review:${liveRef}`, taskQueue, args: [input(liveRef)] });
  started.push(imported, live);
  for (const e of plan.imported) {
    if (e.kind === 'milestone') await live.executeUpdate(recordPracticeMilestone, { args: [e.milestone] });
    else if (e.kind === 'pause') await live.executeUpdate(pauseReview, { args: [e.pause] });
    else if (e.kind === 'resume') await live.executeUpdate(resumeReview, { args: [e.resume] });
    else await live.executeUpdate(deferPublication, { args: [e.deferral] });
  }
  return { imported: await imported.query(practiceReviewStatus), live: await live.query(practiceReviewStatus), liveRef };
}

test('an imported case has the record of the same case run live, and sends nothing where the live run sent every notice', async () => {
  const { sent, snapshots, activities } = recordingActivities();
  const today = utcToLondonDate(await env.currentTimeMs());
  const plans = plansFor(today);
  const taskQueue = `import-${uniqueReference()}`;
  await runWithWorker(env, activities, taskQueue, async () => {
    for (const plan of plans) {
      const { imported, live, liveRef } = await startBoth(plan, taskQueue);
      // Field by field: stage, state, deadlines with their verdicts, milestones, holds, health, owed, outcome.
      expect({ ...record(imported), reference: 'same' }).toEqual({ ...record(live), reference: 'same' });
      await waitFor(() => timelineOf(snapshots, plan.reference).some((e) => e.key === 'imported'));
      const importedTimeline = timelineOf(snapshots, plan.reference);
      const notSent = importedTimeline.filter((e) => e.kind === 'recorded-not-sent');
      const liveNotified = () => sent.filter((n) => n.caseReference === liveRef && n.kind === 'notification');
      await waitFor(() => liveNotified().length >= notSent.length);
      expect(milestoneEntries(importedTimeline)).toEqual(milestoneEntries(timelineOf(snapshots, liveRef)));
      // The live run emailed each notice; the import records each, with the event's own date, and sends none.
      const liveNotices = liveNotified().map((n) => n.key.slice(liveRef.length));
      expect(liveNotices.length).toBeGreaterThan(0);
      expect(notSent.map((e) => e.key.slice(`not-sent:${plan.reference}`.length)).sort()).toEqual(liveNotices.sort());
      expect(notSent.every((e) => e.summary.startsWith('Recorded on import, not sent: '))).toBe(true);
      expect(sent.filter((n) => n.caseReference === plan.reference)).toEqual([]);
    }
  });
  // Closed on import: the national review published, the rapid review whose plan is closed; none started a child.
  const [noLcspr, national, lcspr, autumn] = plans.map((p) => p.reference);
  const last = (ref: string) => snapshots.filter((s) => s.reference === ref).at(-1)!;
  expect(last(national!).state).toBe('completed');
  expect(last(noLcspr!).state).toBe('open');
  expect(last(lcspr!).stage).toBe('action-plan-monitoring');
  expect(last(autumn!).deadlines.find((d) => d.key === 'agency-summary:police')?.status).not.toBe('met');
});

test('an imported history that the live validators refuse fails the start and records nothing of it', async () => {
  const { snapshots, activities } = recordingActivities();
  const reference = uniqueReference('BAD');
  const taskQueue = `import-${uniqueReference()}`;
  await runWithWorker(env, activities, taskQueue, async () => {
    const handle = await env.client.workflow.start(rapidReview, {
      workflowId: `rapid-review:${reference}`,
      taskQueue,
      args: [{ reference, awareOn: '2020-01-06', ruleSet: STANDARD_RULES, calendar, imported: [{ milestone: 'notification-sent', occurredOn: '2020-01-07', recordedBy: 'import' }] }],
    });
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toBe("imported milestone 'notification-sent' refused: 'notification-sent' cannot be recorded before 'notification-decision'");
  });
  expect(snapshots.filter((s) => s.reference === reference)).toEqual([]);
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!done()) throw new Error('the workflow never wrote what was awaited');
}
