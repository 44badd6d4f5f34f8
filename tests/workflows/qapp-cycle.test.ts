/**
 * The QAPP meeting cycle on the time-skipping server: five years of monthly meetings across
 * continue-as-new (no meeting lost or doubled, history per run bounded), actions chased until done,
 * cadence change and suspension of audit activity.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { QaActivities } from '../../activities';
import { createQaActivities } from '../../activities/qa';
import type { Database } from '../../prisma/client';
import type { AuditSnapshot, MeetingsSnapshot } from '../../activities/qa';
import { addWorkingDaysDate, defaultCalendar, isWorkingDay } from '../../domain/calendar';
import { addCalendarDays, addCalendarMonths } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { qappCycle } from '../../workflows';
import { auditStatus } from '../../workflows/audit-definitions';
import { changeCadence, completeMeetingAction, qappStatus, recordMinutes, resumeAuditActivity, suspendAuditActivity, type CycleAction, type MeetingState } from '../../workflows/qapp-definitions';
import { auditWorkflowId, qappWorkflowId } from '../../domain/contracts';
import { uniqueReference } from '../support/temporal';
import { runWithWorker, type SentNotice, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));

const calendar = defaultCalendar();

function recordingActivities() {
  const sent: SentNotice[] = [];
  const meetingWrites: MeetingState[] = [];
  const meetings = new Map<string, MeetingState>();
  const actions = new Map<string, CycleAction>();
  const audits: AuditSnapshot[] = [];
  const activities: QaActivities = {
    // The real one: it starts the audit through the worker's own client.
    startAuditWorkflow: createQaActivities({ db: {} as Database, sendNotice: async () => undefined }).startAuditWorkflow,
    async persistMeetings(s: MeetingsSnapshot) {
      for (const m of s.meetings) {
        meetingWrites.push(m);
        meetings.set(m.id, m);
      }
      for (const a of s.actions) actions.set(a.key, a);
    },
    async persistAudit(s) {
      audits.push(s);
    },
    async sendNotices(notices) {
      const at = Context.current().info.currentAttemptScheduledTimestampMs;
      sent.push(...notices.map((n) => ({ ...n, sentAtMs: at })));
      return { sent: notices.length };
    },
  };
  return { sent, meetings, meetingWrites, actions, audits, activities };
}

const withWorker = <T>(activities: object, taskQueue: string, fn: () => Promise<T>): Promise<T> => runWithWorker(env, activities, taskQueue, fn);

const londonToday = async () => utcToLondonDate(await env.currentTimeMs());
async function sleepUntil(date: string, time = '20:00:00'): Promise<void> {
  await env.sleep(Math.max(1000, Date.parse(`${date}T${time}Z`) - (await env.currentTimeMs())));
}

/** Every run of a workflow, first to last, with its history length. */
async function runHistories(workflowId: string, firstRunId: string): Promise<number[]> {
  const lengths: number[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: { events?: { workflowExecutionContinuedAsNewEventAttributes?: { newExecutionRunId?: string | null } | null }[] | null } = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    lengths.push(events.length);
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return lengths;
}

async function refusal<T>(p: Promise<T>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause?.message;
}

/** Records the minutes of every meeting awaiting them; meeting 2 sets an action due in 10 working days. */
async function minuteEverything(handle: WorkflowHandle): Promise<number> {
  const status = await handle.query(qappStatus);
  const today = status.today;
  let recorded = 0;
  for (const m of status.meetings.filter((x) => x.state === 'awaiting-minutes')) {
    await handle.executeUpdate(recordMinutes, {
      args: [{ meetingId: m.id, heldOn: m.date, recordedBy: 'qapp-chair', decisions: 2, actions: m.type === 2 ? [{ key: 'A1', owner: 'police', dueOn: addWorkingDaysDate(calendar, today, 10) }] : [] }],
    });
    recorded += 1;
  }
  return recorded;
}

test('five years of monthly meetings across continue-as-new: none lost or doubled, history per run bounded, actions carried over', async () => {
  const { meetings, actions, sent, activities } = recordingActivities();
  const taskQueue = `qapp-${uniqueReference()}`;
  const partnership = uniqueReference('P').split('-')[0]!;
  await withWorker(activities, taskQueue, async () => {
    const start = await londonToday();
    const from = `${addCalendarMonths(start, 1).slice(0, 7)}-01`;
    const handle = await env.client.workflow.start(qappCycle, { workflowId: qappWorkflowId(partnership), taskQueue, args: [{ partnership, calendar, cadence: { everyMonths: 1, dayOfMonth: 15, from } }] });
    const end = addCalendarMonths(from, 60);
    let minuted = 0;
    // Leave the action of every other meeting 2 open for a while, so open actions cross run boundaries.
    let completeNext = false;
    for (;;) {
      const status = await handle.query(qappStatus);
      const next = status.nextMeeting!;
      if (next.date >= end) break;
      await sleepUntil(next.date);
      minuted += await minuteEverything(handle);
      const open = (await handle.query(qappStatus)).openActions;
      if (completeNext) for (const a of open) await handle.executeUpdate(completeMeetingAction, { args: [{ key: a.key, completedOn: await londonToday(), recordedBy: 'police-lead' }] });
      completeNext = !completeNext;
    }
    const finalStatus = await handle.query(qappStatus);

    const all = [...meetings.values()].sort((a, b) => a.seq - b.seq);
    expect(all).toHaveLength(61); // 60 held, the 61st scheduled
    expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(new Set(all.map((m) => m.date.slice(0, 7))).size).toBe(61);
    expect(all.map((m) => m.type)).toEqual(Array.from({ length: 61 }, (_, i) => (i % 3) + 1));
    expect(all.every((m) => isWorkingDay(calendar, m.date))).toBe(true);
    expect(all.every((m) => m.papersDueOn === addWorkingDaysDate(calendar, m.date, -5) && m.agendaOn === addWorkingDaysDate(calendar, m.date, -3))).toBe(true);
    expect(all.slice(0, 60).every((m) => m.state === 'minuted')).toBe(true);
    expect(minuted).toBe(60);
    // One agenda per meeting, whatever run it fell in.
    const agendas = sent.filter((n) => n.key.endsWith(':agenda'));
    expect(agendas.map((n) => n.caseReference)).toEqual(all.slice(0, 60).map((m) => m.id));
    expect(new Set(sent.map((n) => n.key)).size).toBe(sent.length);
    // Actions set at meeting 2s (20 of them) were all recorded; open ones were carried across runs.
    expect([...actions.values()]).toHaveLength(20);
    expect(sent.filter((n) => n.key.includes(':action:')).length).toBeGreaterThan(0);
    expect(finalStatus.run).toBeGreaterThanOrEqual(20);

    const lengths = await runHistories(qappWorkflowId(partnership), handle.firstExecutionRunId);
    console.log(`qapp cycle, 5 years monthly: ${lengths.length} runs, history events per run max ${Math.max(...lengths)}, mean ${Math.round(lengths.reduce((a, b) => a + b, 0) / lengths.length)}`);
    expect(lengths.length).toBe(finalStatus.run);
    expect(Math.max(...lengths)).toBeLessThan(2000);
    await handle.terminate('test over');
  });
}, 600_000);

test('cadence change and suspension: bi-monthly from a date; audit meetings repurposed while suspended; refusals; all in the control log', async () => {
  const { meetings, sent, activities } = recordingActivities();
  const taskQueue = `qapp-${uniqueReference()}`;
  const partnership = uniqueReference('Q').split('-')[0]!;
  await withWorker(activities, taskQueue, async () => {
    const start = await londonToday();
    const from = `${addCalendarMonths(start, 1).slice(0, 7)}-01`;
    const handle = await env.client.workflow.start(qappCycle, { workflowId: qappWorkflowId(partnership), taskQueue, args: [{ partnership, calendar, cadence: { everyMonths: 1, dayOfMonth: 10, from } }] });
    let status = await handle.query(qappStatus);
    const first = status.nextMeeting!;
    expect(first).toMatchObject({ seq: 1, type: 1, purpose: 'standard' });

    await sleepUntil(first.date);
    const today = await londonToday();
    expect(await refusal(handle.executeUpdate(recordMinutes, { args: [{ meetingId: 'nope', heldOn: today, recordedBy: 'c', decisions: 0, actions: [] }] }))).toBe('no meeting nope is awaiting minutes');
    expect(await refusal(handle.executeUpdate(recordMinutes, { args: [{ meetingId: first.id, heldOn: today, recordedBy: 'c', decisions: 1, actions: [{ key: 'A1', owner: 'Jane Smith', dueOn: today }] }] }))).toMatch(/must be an agency or role code/);
    const auditRef = `CFA-${today.slice(0, 4)}-${partnership.slice(1, 9)}`;
    status = await handle.executeUpdate(recordMinutes, {
      args: [
        {
          meetingId: first.id,
          heldOn: first.date,
          recordedBy: 'qapp-chair',
          decisions: 3,
          actions: [],
          launchAudits: [{ reference: auditRef, type: 'case-file', theme: 'neglect', sampledCases: ['WSCP-2026-01'], participants: [{ id: 'police', label: 'Police' }, { id: 'health', label: 'Health' }], returnsDueOn: addWorkingDaysDate(calendar, today, 20) }],
        },
      ],
    });
    expect(status.audits.map((a) => a.reference)).toEqual([auditRef]);
    const auditHandle = env.client.workflow.getHandle(auditWorkflowId(auditRef));
    expect((await auditHandle.query(auditStatus)).theme).toBe('neglect');
    expect(await refusal(handle.executeUpdate(recordMinutes, { args: [{ meetingId: first.id, heldOn: first.date, recordedBy: 'c', decisions: 0, actions: [] }] }))).toBe(`no meeting ${first.id} is awaiting minutes`);

    // Suspend: the open case-file audit pauses; the coming meeting 3 is repurposed.
    status = await handle.executeUpdate(suspendAuditActivity, { args: [{ reason: 'pandemic: partners redeployed', from: today, recordedBy: 'executive' }] });
    expect(await refusal(handle.executeUpdate(suspendAuditActivity, { args: [{ reason: 'again', from: today, recordedBy: 'executive' }] }))).toMatch(/already suspended/);
    await env.sleep('1 hour');
    expect((await auditHandle.query(auditStatus)).paused).toBe(true);

    expect(await refusal(handle.executeUpdate(changeCadence, { args: [{ everyMonths: 2, dayOfMonth: 10, from: addCalendarDays(today, -1), recordedBy: 'executive' }] }))).toMatch(/would re-plan meetings already minuted/); // issue 17: a past date is allowed, not before minutes already recorded
    const biMonthlyFrom = addCalendarMonths(status.nextMeeting!.date, 1).slice(0, 8) + '01';
    status = await handle.executeUpdate(changeCadence, { args: [{ everyMonths: 2, dayOfMonth: 10, from: biMonthlyFrom, recordedBy: 'executive' }] });
    expect(status.controls.map((c) => c.kind)).toEqual(['audit-activity-suspended', 'cadence-changed']);

    // Meeting 2 (before the change), meeting 3 on the new cadence's first date, then every two months.
    for (let i = 0; i < 2; i++) {
      const next = (await handle.query(qappStatus)).nextMeeting!;
      await sleepUntil(next.date);
      await minuteEverything(handle);
    }
    const held = [...meetings.values()].sort((a, b) => a.seq - b.seq);
    expect(held.map((m) => [m.type, m.purpose])).toEqual([
      [1, 'standard'],
      [2, 'standard'],
      [3, 'repurposed'],
      [1, 'standard'],
    ]);
    const monthsApart = (a: string, b: string) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
    expect(monthsApart(held[1]!.date, held[2]!.date)).toBe(1);
    expect(monthsApart(held[2]!.date, held[3]!.date)).toBe(2);
    expect(sent.find((n) => n.key === `qapp:${partnership}:${held[2]!.id}:agenda`)?.text).toContain('repurposed');

    status = await handle.executeUpdate(resumeAuditActivity, { args: [{ on: await londonToday(), recordedBy: 'executive' }] });
    expect(status.suspension).toBeUndefined();
    await env.sleep('1 hour');
    expect((await auditHandle.query(auditStatus)).paused).toBe(false);
    expect((await handle.query(qappStatus)).controls.map((c) => c.kind)).toEqual(['audit-activity-suspended', 'cadence-changed', 'audit-activity-resumed']);
    await auditHandle.terminate('test over');
    await handle.terminate('test over');
  });
}, 120_000);
