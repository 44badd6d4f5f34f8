/**
 * The Executive Group's meeting cycle on Temporal's time-skipping server: a cycle entered with its
 * 2019-20 history (monthly, two-weekly for COVID-19) sends nothing for it; the next meeting's papers
 * and an open action are reminded and chased until done; wrong milestones are refused; the cycle
 * continues as new with its state and revision. Activities are injected; server and workflow are real.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addWorkingDaysDate, defaultCalendar } from '../../domain/calendar';
import { addCalendarDays } from '../../domain/dates';
import type { ExecutiveMilestoneInput } from '../../domain/executive-cycle';
import { utcToLondonDate } from '../../domain/london-time';
import { executiveCycle } from '../../workflows';
import { executiveCycleStatus, recordExecutiveMilestone } from '../../workflows/executive-cycle';
import { uniqueReference } from '../support/temporal';
import { recordingActivities, runWithWorker, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));
const started: WorkflowHandle[] = [];
afterEach(async () => {
  for (const handle of started.splice(0)) await handle.terminate('test over').catch(() => undefined);
});


const calendar = defaultCalendar();
const now = async () => utcToLondonDate(await env.currentTimeMs());
const record = (handle: WorkflowHandle, m: ExecutiveMilestoneInput) => handle.executeUpdate(recordExecutiveMilestone, { args: [{ ...m, recordedBy: 'executive@test' }] });
async function sleepUntilDay(day: string): Promise<void> {
  const target = Date.parse(`${day}T12:00:00Z`);
  const current = await env.currentTimeMs();
  if (target > current) await env.sleep(target - current);
}

// The 2019-20 year of the annual report's section 6, entered years later.
const HISTORY: ExecutiveMilestoneInput[] = [
  { milestone: 'meeting-held', occurredOn: '2019-10-16', meetingOn: '2019-10-16' },
  { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27' },
  { milestone: 'agenda-issued', occurredOn: '2020-04-07', meetingOn: '2020-04-14' },
  { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
  { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-05-01' }] },
  { milestone: 'action-completed', occurredOn: '2020-04-30', actionId: 'E1' },
];

test('a cycle entered with its COVID-19 history sends nothing for it, then reminds the next papers and chases an action until it is done', async () => {
  const { sent, snapshots, activities } = recordingActivities();
  const taskQueue = `exec-${uniqueReference()}`;
  await runWithWorker(env, activities, taskQueue, async () => {
    const reference = uniqueReference('EX');
    const handle = await env.client.workflow.start(executiveCycle, { workflowId: `executive-cycle:${reference}`, taskQueue, args: [{ reference, pattern: 'monthly', firstMeetingOn: '2019-10-16', calendar }] });
    started.push(handle);
    for (const m of HISTORY) await record(handle, m);
    const afterHistory = await handle.query(executiveCycleStatus);
    expect(afterHistory.stage).toBe('meeting two-weekly');
    expect(afterHistory.cadences.map((c) => [c.pattern, c.from])).toEqual([['monthly', '2019-10-16'], ['two-weekly', '2020-03-27']]);
    expect(afterHistory.completedActions.map((a) => [a.actionId, a.completedOn])).toEqual([['E1', '2020-04-30']]);
    expect(sent).toEqual([]);
    expect(snapshots.at(-1)?.timeline.map((e) => e.key)).toContain('milestone:action-completed:E1');

    // A meeting in the past a week ago: agree an action due in 10 working days.
    const today = await now();
    const lastHeld = [...afterHistory.allowedNext.find((a) => a.milestone === 'meeting-held')!.choices!.meetingOn!].at(-1)!;
    expect(lastHeld <= today).toBe(true);
    await record(handle, { milestone: 'meeting-held', occurredOn: lastHeld, meetingOn: lastHeld });
    const dueOn = addWorkingDaysDate(calendar, today, 10);
    await record(handle, { milestone: 'actions-agreed', occurredOn: today, meetingOn: lastHeld, actions: [{ id: 'E2', owner: 'childrens-social-care', dueOn }] });
    const { nextMeeting } = await handle.query(executiveCycleStatus);

    // Past the first chase (5 working days after the due date) and the next meeting.
    const firstChase = addWorkingDaysDate(calendar, dueOn, 5);
    await sleepUntilDay(addCalendarDays(firstChase > nextMeeting.meetingOn ? firstChase : nextMeeting.meetingOn, 1));
    const keys = () => sent.map((n) => n.key.slice(reference.length + 1));
    expect(keys()).toEqual(
      expect.arrayContaining([`exec:agenda:${nextMeeting.meetingOn}`, `exec:action:E2:${dueOn}:before`, `exec:action:E2:${dueOn}:due`, `exec:action:E2:${dueOn}:chase:1`]),
    );
    // The papers reminder goes 2 working days before the papers deadline: never when that fell before the cycle was entered.
    const papersReminderOn = addWorkingDaysDate(calendar, nextMeeting.papersDueOn, -2);
    expect(keys().includes(`exec:papers:${nextMeeting.meetingOn}`)).toBe(papersReminderOn >= today);
    expect(sent.every((n) => n.sentAtMs >= Date.parse(`${today}T00:00:00Z`))).toBe(true);
    expect(sent.every((n) => n.to.includes('executive') && n.text.includes(reference))).toBe(true);
    // Nothing twice.
    expect(new Set(keys()).size).toBe(keys().length);

    const doneOn = await now();
    await record(handle, { milestone: 'action-completed', occurredOn: doneOn, actionId: 'E2' });
    const chasesBefore = keys().filter((k) => k.startsWith('exec:action:E2')).length;
    await sleepUntilDay(addWorkingDaysDate(calendar, doneOn, 12));
    expect(keys().filter((k) => k.startsWith('exec:action:E2')).length).toBe(chasesBefore);
  });
}, 120_000);

test('wrong or out-of-order milestones are refused with the reason, before they enter history', async () => {
  const { activities } = recordingActivities();
  const taskQueue = `exec-${uniqueReference()}`;
  await runWithWorker(env, activities, taskQueue, async () => {
    const reference = uniqueReference('EX');
    const handle = await env.client.workflow.start(executiveCycle, { workflowId: `executive-cycle:${reference}`, taskQueue, args: [{ reference, pattern: 'monthly', firstMeetingOn: '2019-10-16', calendar }] });
    started.push(handle);
    const refused = async (m: ExecutiveMilestoneInput) => {
      const err = await record(handle, m).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return (err as WorkflowUpdateFailedError).cause?.message;
    };
    expect(await refused({ milestone: 'meeting-held', occurredOn: '2019-10-17', meetingOn: '2019-10-17' })).toBe('2019-10-17 is not a meeting date of the cycle');
    expect(await refused({ milestone: 'decisions-recorded', occurredOn: '2019-10-16', meetingOn: '2019-10-16' })).toBe("'decisions-recorded' cannot be recorded before 'meeting-held' for 2019-10-16");
    expect(await refused({ milestone: 'action-completed', occurredOn: '2019-10-16', actionId: 'E9' })).toBe("no action 'E9' was agreed");
    expect((await handle.query(executiveCycleStatus)).meetings).toEqual([]);
  });
}, 60_000);

test('the cycle continues as new past its history limit, keeping its state, its revision and the reminders sent', async () => {
  const { snapshots, activities } = recordingActivities();
  const taskQueue = `exec-${uniqueReference()}`;
  await runWithWorker(env, activities, taskQueue, async () => {
    const reference = uniqueReference('EX');
    const workflowId = `executive-cycle:${reference}`;
    const handle = await env.client.workflow.start(executiveCycle, { workflowId, taskQueue, args: [{ reference, pattern: 'monthly', firstMeetingOn: '2019-10-16', calendar, historyLimit: 40 }] });
    started.push(handle);
    const firstRun = (await handle.describe()).runId;
    const meetings = ['2019-10-16', '2019-11-18', '2019-12-16', '2020-01-16', '2020-02-17', '2020-03-16'];
    for (const d of meetings) await record(env.client.workflow.getHandle(workflowId), { milestone: 'meeting-held', occurredOn: d, meetingOn: d });
    let runId = firstRun;
    for (let i = 0; i < 50 && runId === firstRun; i++) {
      await new Promise((r) => setTimeout(r, 100));
      runId = (await env.client.workflow.getHandle(workflowId).describe()).runId;
    }
    expect(runId).not.toBe(firstRun);
    const s = await env.client.workflow.getHandle(workflowId).query(executiveCycleStatus);
    expect(s.meetings.map((m) => m.heldOn)).toEqual(meetings);
    const revisions = snapshots.map((x) => x.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    // A milestone after the continue-as-new is written with a newer revision than any before.
    await record(env.client.workflow.getHandle(workflowId), { milestone: 'decisions-recorded', occurredOn: '2020-03-16', meetingOn: '2020-03-16' });
    expect(snapshots.at(-1)!.revision).toBeGreaterThan(Math.max(...revisions));
    started.push(env.client.workflow.getHandle(workflowId));
  });
}, 60_000);

test('the read model keeps the next papers deadline: once its date has passed, the cycle wakes and writes the next meeting\'s, with no milestone and no reminder due', async () => {
  const { snapshots, activities } = recordingActivities();
  const taskQueue = `exec-${uniqueReference()}`;
  await runWithWorker(env, activities, taskQueue, async () => {
    const reference = uniqueReference('EX');
    const firstMeetingOn = addWorkingDaysDate(calendar, await now(), 15);
    const handle = await env.client.workflow.start(executiveCycle, { workflowId: `executive-cycle:${reference}`, taskQueue, args: [{ reference, pattern: 'monthly', firstMeetingOn, calendar }] });
    started.push(handle);
    // The agenda out early: after the papers reminder nothing is left to remind before the meeting.
    await record(handle, { milestone: 'agenda-issued', occurredOn: await now(), meetingOn: firstMeetingOn });
    const papersDue = (s: (typeof snapshots)[number] | undefined) => s?.deadlines.find((d) => d.key === 'papers')?.due;
    const { nextMeeting } = await handle.query(executiveCycleStatus);
    expect(papersDue(snapshots.at(-1))).toBe(nextMeeting.papersDueOn);

    await sleepUntilDay(addWorkingDaysDate(calendar, nextMeeting.papersDueOn, 2));
    const following = (await handle.query(executiveCycleStatus)).deadlines.find((d) => d.key === 'papers')!;
    expect(following.due > nextMeeting.meetingOn).toBe(true);
    expect(papersDue(snapshots.at(-1))).toBe(following.due);
    expect(snapshots.at(-1)!.timeline).toEqual([]);
  });
}, 60_000);
