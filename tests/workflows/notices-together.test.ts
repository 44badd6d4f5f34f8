/**
 * A case's emails due at the same moment (its 09:00 reminders) go out in one activity, and one write
 * records them on its timeline (patch notices-sent-together): the reminder burst is a third of the
 * activities it was. Time-skipping server, activities injected.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import { defaultCalendar } from '../../domain/calendar';
import type { Notice } from '../../domain/notices';
import { STANDARD_RULES } from '../../domain/rules';
import { rapidReview } from '../../workflows';
import { uniqueReference } from '../support/temporal';
import { advanceToNextWorkingMonday, recordingActivities, runWithWorker, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));

test("a case's reminders due at the same 09:00 go out in one activity, and one write puts them on its timeline", async () => {
  const { sent, snapshots, activities } = recordingActivities();
  const batches: string[][] = [];
  const oneByOne: string[] = [];
  const counted: Activities = {
    ...activities,
    sendNotice: (notice) => (oneByOne.push(notice.key), activities.sendNotice(notice)),
    sendNoticesTogether: (notices: Notice[]) => (batches.push(notices.map((n) => n.key)), activities.sendNoticesTogether(notices)),
  };
  const taskQueue = `together-${uniqueReference()}`;
  await runWithWorker(env, counted, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('RR');
    const handle = await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:${reference}`, taskQueue, args: [{ reference, awareOn: monday, ruleSet: STANDARD_RULES, calendar: defaultCalendar() }] });
    await env.sleep('8 days');
    await handle.terminate('test over');
  });

  expect(oneByOne).toEqual([]);
  expect(batches.some((b) => b.length >= 2)).toBe(true);
  expect(batches.flat()).toEqual(sent.map((n) => n.key));
  expect(new Set(sent.map((n) => n.key)).size).toBe(sent.length);
  for (const batch of batches) {
    const recordedIn = snapshots.filter((s) => batch.some((key) => s.timeline.some((e) => e.key === `email:${key}`)));
    expect(recordedIn).toHaveLength(1);
    expect(recordedIn[0]!.timeline.map((e) => e.key)).toEqual(expect.arrayContaining(batch.map((key) => `email:${key}`)));
  }
});
