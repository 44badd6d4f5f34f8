/**
 * An audit whose returns arrive one by one continues-as-new and keeps its state. On the dev server:
 * the time-skipping test server does not carry an update sent during continue-as-new to the new run.
 */
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { QaActivities } from '../../activities';
import { createQaActivities, type AuditSnapshot } from '../../activities/qa';
import { addWorkingDaysDate, defaultCalendar } from '../../domain/calendar';
import { utcToLondonDate } from '../../domain/london-time';
import type { Database } from '../../prisma/client';
import { audit } from '../../workflows';
import { auditStatus, recordAuditReturn, type AuditInput } from '../../workflows/audit-definitions';
import { auditWorkflowId } from '../../domain/contracts';
import { startDevServer, uniqueReference, workflowBundle } from '../support/temporal';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await startDevServer();
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

const calendar = defaultCalendar();
const schools = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `school-${100001 + i}`, label: `School ${100001 + i}`, address: `office@school-${100001 + i}.sch.test` }));

function recordingActivities() {
  const snapshots: AuditSnapshot[] = [];
  const activities: Pick<QaActivities, 'persistAudit' | 'sendNotices' | 'startAuditWorkflow'> = {
    async persistAudit(s) {
      snapshots.push(s);
    },
    async sendNotices(notices) {
      void Context.current();
      return { sent: notices.length };
    },
    startAuditWorkflow: createQaActivities({ db: {} as Database, sendNotice: async () => undefined }).startAuditWorkflow,
  };
  return { snapshots, activities };
}

async function withWorker<T>(activities: object, taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  return worker.runUntil(fn());
}

async function refusal<T>(p: Promise<T>): Promise<string | undefined> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause?.message;
}

test('returns arriving one by one: the audit continues-as-new with its state, and every run stays bounded', async () => {
  const { snapshots, activities } = recordingActivities();
  const taskQueue = `audit-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = utcToLondonDate(Date.now());
    const reference = uniqueReference('S');
    const all = schools(60);
    const input: AuditInput = { reference, type: 'section-175', participants: all, openedOn: monday, returnsDueOn: addWorkingDaysDate(calendar, monday, 10), calendar, repeatAfterMonths: 0, continueAsNewAfterEvents: 150 };
    const handle = await env.client.workflow.start(audit, { workflowId: auditWorkflowId(reference), taskQueue, args: [input] });
    for (const s of all.slice(0, 59)) await handle.executeUpdate(recordAuditReturn, { args: [{ participantId: s.id, submittedOn: monday, recordedBy: 'school' }] });
    expect(await refusal(handle.executeUpdate(recordAuditReturn, { args: [{ participantId: all[0]!.id, submittedOn: monday, recordedBy: 'school' }] }))).toBe(`'${all[0]!.id}' already returned on ${monday}: a duplicate return is refused`);
    await handle.executeUpdate(recordAuditReturn, { args: [{ participantId: all[59]!.id, submittedOn: monday, recordedBy: 'school' }] });
    const status = await handle.query(auditStatus);
    expect(status.returnRate).toEqual({ returned: 60, total: 60, percent: 100 });
    expect(status.stage).toBe('returns-closed');
    const lengths: number[] = [];
    let runId: string | undefined = handle.firstExecutionRunId;
    while (runId) {
      const history: { events?: { workflowExecutionContinuedAsNewEventAttributes?: { newExecutionRunId?: string | null } | null }[] | null } = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      lengths.push(history.events?.length ?? 0);
      runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    console.log(`60 returns one by one, continue-as-new after 150 events: runs ${lengths.join(', ')}`);
    expect(lengths.length).toBeGreaterThan(2);
    expect(Math.max(...lengths)).toBeLessThan(200);
    expect(snapshots.reduce((n, s) => n + s.returns.length, 0)).toBe(60);
    await handle.terminate('test over');
  });
});
