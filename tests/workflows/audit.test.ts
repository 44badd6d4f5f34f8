/**
 * The audit engine on the time-skipping server: a section 175 return from 250 schools (refusals,
 * reminders only to schools that have not returned, escalation list, 100% closing the returns),
 * a case-file audit from theme to action plan and re-audit, and suspension moving the due date.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { QaActivities } from '../../activities';
import { createQaActivities } from '../../activities/qa';
import type { Database } from '../../prisma/client';
import type { AuditSnapshot } from '../../activities/qa';
import type { AuditMilestone } from '../../domain/audits';
import { addWorkingDaysDate, defaultCalendar } from '../../domain/calendar';
import { addCalendarDays } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { audit } from '../../workflows';
import { auditStatus, completeAuditAction, pauseAudit, recordAuditMilestone, recordAuditReturn, resumeAudit, type AuditInput, type AuditReturnInput } from '../../workflows/audit-definitions';
import { auditWorkflowId } from '../../domain/contracts';
import { uniqueReference } from '../support/temporal';
import { advanceToNextWorkingMonday, runWithWorker, type SentNotice, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));

const calendar = defaultCalendar();

function recordingActivities() {
  const sent: SentNotice[] = [];
  const snapshots: AuditSnapshot[] = [];
  const activities: Pick<QaActivities, 'persistAudit' | 'sendNotices' | 'startAuditWorkflow'> = {
    // The real one: it starts the audit through the worker's own client.
    startAuditWorkflow: createQaActivities({ db: {} as Database, sendNotice: async () => undefined }).startAuditWorkflow,
    async persistAudit(s) {
      snapshots.push(s);
    },
    async sendNotices(notices) {
      const at = Context.current().info.currentAttemptScheduledTimestampMs;
      sent.push(...notices.map((n) => ({ ...n, sentAtMs: at })));
      return { sent: notices.length };
    },
  };
  return { sent, snapshots, activities };
}

const withWorker = <T>(activities: object, taskQueue: string, fn: () => Promise<T>): Promise<T> => runWithWorker(env, activities, taskQueue, fn);

async function sleepUntil(date: string, time = '12:00:00'): Promise<void> {
  await env.sleep(Math.max(0, Date.parse(`${date}T${time}Z`) - (await env.currentTimeMs())));
}

async function refusal<T>(p: Promise<T>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause?.message;
}

const schools = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `school-${100001 + i}`, label: `School ${100001 + i}`, address: `office@school-${100001 + i}.sch.test` }));

async function returnAll(handle: WorkflowHandle, ids: string[], submittedOn: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(ids.slice(i, i + 25).map((participantId) => handle.executeUpdate(recordAuditReturn, { args: [{ participantId, submittedOn, recordedBy: 'qa-officer' } satisfies AuditReturnInput] })));
  }
}

test('section 175: 250 schools; refusals; reminders and escalation only to schools that have not returned; 100% closes the returns', async () => {
  const { sent, snapshots, activities } = recordingActivities();
  const taskQueue = `audit-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('S');
    const all = schools(250);
    const due = addWorkingDaysDate(calendar, monday, 10);
    const input: AuditInput = { reference, type: 'section-175', participants: all, openedOn: monday, returnsDueOn: due, calendar, repeatAfterMonths: 0 };
    const handle = await env.client.workflow.start(audit, { workflowId: auditWorkflowId(reference), taskQueue, args: [input] });

    const returners = all.slice(0, 200).map((s) => s.id);
    await returnAll(handle, returners, monday);
    let status = await handle.query(auditStatus);
    expect(status.returnRate).toEqual({ returned: 200, total: 250, percent: 80 });
    expect(status.outstanding).toHaveLength(50);

    expect(await refusal(handle.executeUpdate(recordAuditReturn, { args: [{ participantId: 'school-999999', submittedOn: monday, recordedBy: 'x' }] }))).toBe(`'school-999999' is not a participant in ${reference}`);
    expect(await refusal(handle.executeUpdate(recordAuditReturn, { args: [{ participantId: 'school-100001', submittedOn: monday, recordedBy: 'x' }] }))).toBe(`'school-100001' already returned on ${monday}: a duplicate return is refused`);
    expect(await refusal(handle.executeUpdate(recordAuditReturn, { args: [{ participantId: 'school-100250', submittedOn: addCalendarDays(monday, 1), recordedBy: 'x' }] }))).toMatch(/is in the future/);

    // Through to 6 working days overdue: before-5, due, after-1, after-5 (escalation).
    await sleepUntil(addWorkingDaysDate(calendar, due, 6));
    const owing = new Set(all.slice(200).map((s) => s.address));
    const toSchools = sent.filter((n) => n.toAddresses);
    expect(toSchools).toHaveLength(4 * 50);
    expect(toSchools.every((n) => n.toAddresses!.length === 1 && owing.has(n.toAddresses![0]!))).toBe(true);
    expect(new Set(sent.map((n) => n.key)).size).toBe(sent.length);
    expect(toSchools.filter((n) => n.toAddresses![0] === 'office@school-100250.sch.test').map((n) => n.key.split(':').at(-1))).toEqual(['before-5', 'due', 'after-1', 'after-5']);
    const escalations = sent.filter((n) => n.kind === 'escalation');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.to).toEqual(['executive', 'qapp-chair']);
    expect(escalations[0]!.subject).toContain('50 of 250 returns outstanding');
    expect(escalations[0]!.text).toContain('School 100250 (school-100250)');
    expect(escalations[0]!.text).not.toContain('school-100001)');

    const today = utcToLondonDate(await env.currentTimeMs());
    await returnAll(
      handle,
      all.slice(200).map((s) => s.id),
      today,
    );
    status = await handle.query(auditStatus);
    expect(status.returnRate).toEqual({ returned: 250, total: 250, percent: 100 });
    expect(status.stage).toBe('returns-closed');
    expect(await refusal(handle.executeUpdate(recordAuditReturn, { args: [{ participantId: 'school-100001', submittedOn: today, recordedBy: 'x' }] }))).toBe(`returns to ${reference} closed on ${today}: a return after close is refused`);

    const before = sent.length;
    await env.sleep('30 days');
    expect(sent.length).toBe(before);
    const last = snapshots.at(-1)!;
    expect(last.returned).toBe(250);
    expect(snapshots.reduce((n, s) => n + s.returns.length, 0)).toBe(250);
    // Persisted in batches, not once per return.
    expect(snapshots.length).toBeLessThan(150);

    const history = await handle.fetchHistory();
    const events = history.events?.length ?? 0;
    console.log(`section 175, 250 returns as updates: ${events} history events, ${snapshots.length} read-model writes`);
    expect(events).toBeLessThan(2000);
    await handle.terminate('test over');
  });
});

test('case-file audit: theme, returns, stages in order, action plan with reminders until done, then a re-audit months later', async () => {
  const { sent, activities } = recordingActivities();
  const taskQueue = `audit-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('CFA');
    const agencies = [
      { id: 'police', label: 'Police' },
      { id: 'childrens-social-care', label: "Children's social care" },
      { id: 'health', label: 'Health (ICB)' },
      { id: 'education', label: 'Education' },
    ];
    const input: AuditInput = {
      reference,
      type: 'case-file',
      theme: 'neglect',
      sampledCases: ['WSCP-2026-01', 'WSCP-2026-04', 'WSCP-2026-07', 'WSCP-2026-09', 'WSCP-2026-11'],
      participants: agencies,
      openedOn: monday,
      returnsDueOn: addWorkingDaysDate(calendar, monday, 15),
      calendar,
      repeatAfterMonths: 6,
    };
    const handle = await env.client.workflow.start(audit, { workflowId: auditWorkflowId(reference), taskQueue, args: [input] });
    const milestone = (m: string, occurredOn: string, actions?: { key: string; owner: string; dueOn: string }[]) =>
      handle.executeUpdate(recordAuditMilestone, { args: [{ milestone: m as AuditMilestone, occurredOn, recordedBy: 'qapp-chair', ...(actions ? { actions } : {}) }] });

    expect(await refusal(milestone('audit-meeting-held', monday))).toBe("'audit-meeting-held' cannot be recorded before 'returns-closed'");
    await returnAll(
      handle,
      agencies.map((a) => a.id),
      monday,
    );
    await sleepUntil(addWorkingDaysDate(calendar, monday, 20));
    const day = utcToLondonDate(await env.currentTimeMs());
    expect(await refusal(milestone('peer-challenge-held', day))).toBe("'peer-challenge-held' is not a stage of a Multi-agency case-file audit");
    await milestone('audit-meeting-held', day);
    await milestone('findings-agreed', day);
    expect(await refusal(milestone('action-plan-agreed', day, []))).toBe('an action plan needs at least one action with an owner and a due date');
    const actionDue = addWorkingDaysDate(calendar, day, 10);
    let status = await milestone('action-plan-agreed', day, [
      { key: 'A1', owner: 'police', dueOn: actionDue },
      { key: 'A2', owner: 'health', dueOn: actionDue },
    ]);
    status = await milestone('learning-shared', day);
    expect(status).toMatchObject({ stage: 'learning-shared', state: 'monitoring-actions', theme: 'neglect' });

    await handle.executeUpdate(completeAuditAction, { args: [{ key: 'A1', completedOn: day, recordedBy: 'police-lead' }] });
    await sleepUntil(addWorkingDaysDate(calendar, actionDue, 1));
    const actionMail = sent.filter((n) => n.key.includes(':action:'));
    expect(actionMail.map((n) => n.key.split(':').slice(-3, -2)[0])).toEqual(['action-A2', 'action-A2']);
    expect(actionMail.every((n) => n.subject.includes('owner health'))).toBe(true);
    const completed = await handle.executeUpdate(completeAuditAction, { args: [{ key: 'A2', completedOn: utcToLondonDate(await env.currentTimeMs()), recordedBy: 'health-lead' }] });
    expect(completed.state).toBe('completed');
    expect(completed.nextRound?.reference).toBe(`${reference}-R2`);

    await env.sleep('200 days');
    const reAudit = env.client.workflow.getHandle(auditWorkflowId(`${reference}-R2`));
    const reStatus = await reAudit.query(auditStatus);
    expect(reStatus).toMatchObject({ round: 2, type: 'case-file', theme: 'neglect', stage: 'returns-open' });
    expect(reStatus.returnRate.total).toBe(4);
    await reAudit.terminate('test over');
  });
});

test('suspension pauses a multi-agency audit: no reminders while paused, the due date moves by the working days paused', async () => {
  const { sent, activities } = recordingActivities();
  const taskQueue = `audit-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('S11');
    const due = addWorkingDaysDate(calendar, monday, 10);
    const input: AuditInput = { reference, type: 'section-11', participants: [{ id: 'police', label: 'Police' }, { id: 'health', label: 'Health' }], openedOn: monday, returnsDueOn: due, calendar };
    const handle = await env.client.workflow.start(audit, { workflowId: auditWorkflowId(reference), taskQueue, args: [input] });
    expect(await refusal(handle.executeUpdate(recordAuditReturn, { args: [{ participantId: 'police', submittedOn: monday, recordedBy: 'x', ratings: [{ standard: 'S1-leadership', rating: 'green' }] }] }))).toMatch(/^every standard must be rated: missing S2-child-voice/);

    await handle.signal(pauseAudit, { from: monday });
    await sleepUntil(addWorkingDaysDate(calendar, due, 3));
    expect(sent).toHaveLength(0);
    const resumedOn = utcToLondonDate(await env.currentTimeMs());
    await handle.signal(resumeAudit, { on: resumedOn });
    const status = await handle.query(auditStatus);
    expect(status.paused).toBe(false);
    expect(status.returnsDueOn).toBe(addWorkingDaysDate(calendar, due, 13));
    await handle.terminate('test over');
  });
});
