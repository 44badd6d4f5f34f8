/**
 * The rapid review on Temporal's time-skipping server: weeks pass in seconds, and the test asserts
 * which reminders went out, when, and that they stop once milestones are recorded.
 * Activities are injected (in-memory); the server and the workflow code are real.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import type { CaseSnapshot } from '../../activities/types';
import { defaultCalendar } from '../../domain/calendar';
import { addCalendarDays, dayOfWeek } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import { rapidReview } from '../../workflows';
import { rapidReviewStatus, recordMilestone, type MilestoneInput, type RapidReviewInput } from '../../workflows/definitions';
import { uniqueReference } from '../support/temporal';
import { advanceToNextWorkingMonday, runWithWorker, type SentNotice, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));

function recordingActivities() {
  const sent: SentNotice[] = [];
  const snapshots: CaseSnapshot[] = [];
  const activities: Activities = {
    async persistCase(snapshot) {
      snapshots.push(snapshot);
    },
    async sendNotice(notice) {
      sent.push({ ...notice, sentAtMs: Context.current().info.currentAttemptScheduledTimestampMs });
      return { messageId: `<${notice.key}>`, outcome: 'sent' };
    },
  };
  return { sent, snapshots, activities };
}

const withWorker = <T>(activities: Activities, taskQueue: string, fn: () => Promise<T>): Promise<T> => runWithWorker(env, activities, taskQueue, fn);

const input = (reference: string, awareOn: string): RapidReviewInput => ({ reference, awareOn, ruleSet: STANDARD_RULES, calendar: defaultCalendar() });
const londonDay = (ms: number) => utcToLondonDate(ms);

test('reminders go out on working days at 09:00 and stop once each milestone is recorded', async () => {
  const { sent, snapshots, activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('RR');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, monday)] });

    const initial = await handle.query(rapidReviewStatus);
    const notification = initial.deadlines.find((d) => d.key === 'notification')!;
    const rapid = initial.deadlines.find((d) => d.key === 'rapid-review')!;
    expect(notification.sentence).toMatch(/^due .*: 5 working days after/);

    // Through to the day after the notification deadline, with no notification recorded.
    const dayAfterNotificationDue = Date.parse(`${addCalendarDays(notification.due, 1)}T12:00:00Z`);
    await env.sleep(dayAfterNotificationDue - (await env.currentTimeMs()));
    const notificationMail = sent.filter((n) => n.key.includes(':notification:'));
    expect(notificationMail.map((n) => n.kind)).toEqual(['reminder', 'reminder', 'reminder', 'overdue']);
    for (const n of notificationMail) {
      expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(londonDay(n.sentAtMs)));
      // 09:00 London is 09:00Z in winter and 08:00Z in summer.
      expect([8, 9]).toContain(new Date(n.sentAtMs).getUTCHours());
    }
    expect(londonDay(notificationMail[2]!.sentAtMs)).toBe(notification.due);
    expect(notificationMail.every((n) => !n.subject.includes('Child') && n.subject.includes(reference))).toBe(true);

    // Since the full lifecycle (issue 4) the notification follows a recorded notification decision.
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false, occurredOn: londonDay(await env.currentTimeMs()), recordedBy: 'cspr-chair@test' }] });
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-sent', occurredOn: londonDay(await env.currentTimeMs()), recordedBy: 'cspr-chair@test' }] });
    const countAfterNotification = sent.filter((n) => n.key.includes(':notification:')).length;

    // Three more weeks: no more notification reminders; the rapid review ones arrive and turn overdue.
    await env.sleep('21 days');
    expect(sent.filter((n) => n.key.includes(':notification:'))).toHaveLength(countAfterNotification);
    const rapidMail = sent.filter((n) => n.key.includes(':rapid-review:'));
    expect(rapidMail.slice(0, 4).map((n) => n.kind)).toEqual(['reminder', 'reminder', 'reminder', 'overdue']);
    expect(londonDay(rapidMail[2]!.sentAtMs)).toBe(rapid.due);
    expect(new Set(sent.map((n) => n.key)).size).toBe(sent.length);

    // Since the full lifecycle (issue 4) submission needs partners told, the meeting and sign-off, and
    // the case ends at the outcome rather than at submission.
    const on = londonDay(await env.currentTimeMs());
    for (const m of [
      { milestone: 'partners-told' },
      { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: on }] },
      { milestone: 'rapid-review-meeting-held' },
      { milestone: 'partner-sign-off' },
      { milestone: 'rapid-review-submitted', recommendation: 'national-review' },
      { milestone: 'panel-response', nationalReview: true },
      { milestone: 'outcome-decided', outcome: 'national-review' },
    ] as const) {
      await handle.executeUpdate(recordMilestone, { args: [{ ...m, occurredOn: on, recordedBy: 'cspr-chair@test' } as MilestoneInput] });
    }
    const result = await handle.result();
    expect(result.state).toBe('completed');
    expect(result.stage).toBe('national-review');
    expect(result.deadlines.find((d) => d.key === 'rapid-review')?.status).toBe('met');
    const last = snapshots.at(-1)!;
    expect(last.state).toBe('completed');
    expect(last.revision).toBe(Math.max(...snapshots.map((s) => s.revision)));
  });
});

test('a wrong, duplicate or future milestone is refused before it enters history', async () => {
  const { activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const today = londonDay(await env.currentTimeMs());
    const reference = uniqueReference('RF');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, today)] });
    const refusal = async (milestone: 'notification-sent' | 'rapid-review-submitted', occurredOn: string) => {
      const err = await handle.executeUpdate(recordMilestone, { args: [{ milestone, occurredOn, recordedBy: 'x' }] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return (err as WorkflowUpdateFailedError).cause?.message;
    };
    expect(await refusal('rapid-review-submitted', today)).toBe("'rapid-review-submitted' cannot be recorded before 'partner-sign-off', 'notification-sent', 'partners-told'");
    expect(await refusal('notification-sent', today)).toBe("'notification-sent' cannot be recorded before 'notification-decision'");
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false, occurredOn: today, recordedBy: 'x' }] });
    expect(await refusal('notification-sent', addCalendarDays(today, 3))).toMatch(/is in the future/);
    expect(await refusal('notification-sent', addCalendarDays(today, -1))).toMatch(/before the local authority became aware/);
    await handle.executeUpdate(recordMilestone, { args: [{ milestone: 'notification-sent', occurredOn: today, recordedBy: 'x' }] });
    expect(await refusal('notification-sent', today)).toBe("'notification-sent' was already recorded");

    const history = await handle.fetchHistory();
    const accepted = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(accepted).toHaveLength(2);
    await handle.terminate('test over');
  });
});

test('a case entered with its deadlines already past sends one status message, not every missed reminder', async () => {
  const { sent, activities } = recordingActivities();
  const taskQueue = `rr-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const today = londonDay(await env.currentTimeMs());
    const reference = uniqueReference('LT');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [input(reference, addCalendarDays(today, -40))] });
    const status = await handle.query(rapidReviewStatus);
    // Since issue 4 the partners' deadline (T2) runs too.
    expect(status.deadlines.map((d) => d.status)).toEqual(['overdue', 'overdue', 'overdue']);
    await env.sleep('1 hour');
    expect(sent.map((n) => n.kind)).toEqual(['status']);
    expect(sent[0]!.text).toContain('Overdue:');
    expect(sent[0]!.subject).toBe(`[${reference}] Status on entry: 3 deadlines already overdue`);
    await handle.terminate('test over');
  });
});
