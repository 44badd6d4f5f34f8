/**
 * An audit on the time-skipping server (a fresh one: its own clock) with the mail relay down: the
 * reminder batch is refused and retried while a milestone is recorded, which answers at once.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AuditSnapshot } from '../../activities/qa';
import { addWorkingDaysDate, defaultCalendar } from '../../domain/calendar';
import { utcToLondonDate } from '../../domain/london-time';
import { audit } from '../../workflows';
import { recordAuditMilestone, recordAuditReturn, type AuditInput } from '../../workflows/audit-definitions';
import { auditWorkflowId } from '../../domain/contracts';
import { uniqueReference } from '../support/temporal';
import { advanceToNextWorkingMonday, runWithWorker, useTimeSkippingServer } from '../support/workflow-suite';

let env: TestWorkflowEnvironment;
useTimeSkippingServer((started) => (env = started));

const calendar = defaultCalendar();
const withWorker = <T>(activities: object, taskQueue: string, fn: () => Promise<T>): Promise<T> => runWithWorker(env, activities, taskQueue, fn);

async function sleepUntil(date: string, time = '12:00:00'): Promise<void> {
  await env.sleep(Math.max(0, Date.parse(`${date}T${time}Z`) - (await env.currentTimeMs())));
}

test('with the mail relay down, a milestone answers while the reminders it chases are still being retried', async () => {
  const snapshots: AuditSnapshot[] = [];
  let relayDown = true;
  let refusedAttempts = 0;
  const delivered: string[] = [];
  const activities = {
    startAuditWorkflow: async () => ({ workflowId: '', started: false }),
    async persistAudit(s: AuditSnapshot) {
      snapshots.push(s);
    },
    async sendNotices(notices: { key: string }[]) {
      if (relayDown) {
        refusedAttempts += 1;
        throw new Error('451 mail system unavailable');
      }
      delivered.push(...notices.map((n) => n.key));
      return { sent: notices.length };
    },
  };
  const taskQueue = `audit-${uniqueReference()}`;
  await withWorker(activities, taskQueue, async () => {
    const monday = await advanceToNextWorkingMonday(env);
    const reference = uniqueReference('LEA');
    const due = addWorkingDaysDate(calendar, monday, 10);
    const input: AuditInput = { reference, type: 'learning-embedded', participants: [{ id: 'police', label: 'Police' }], openedOn: monday, returnsDueOn: due, calendar };
    const handle = await env.client.workflow.start(audit, { workflowId: auditWorkflowId(reference), taskQueue, args: [input] });
    await sleepUntil(addWorkingDaysDate(calendar, due, -5)); // the first reminder is refused from 09:00
    for (let hour = 0; refusedAttempts === 0 && hour < 72; hour++) await env.sleep('1 hour');
    expect(refusedAttempts).toBeGreaterThan(0);
    await handle.executeUpdate(recordAuditReturn, { args: [{ participantId: 'police', submittedOn: await londonToday(), recordedBy: 'qapp' }] });

    let answered = false;
    const findings = handle.executeUpdate(recordAuditMilestone, { args: [{ milestone: 'findings-agreed', occurredOn: await londonToday(), recordedBy: 'qapp-chair' }] }).finally(() => {
      answered = true;
    });
    // Not a timer: either the answer comes, or the reminder is refused twice more while the caller waits.
    const attemptsBefore = refusedAttempts;
    while (!answered && refusedAttempts < attemptsBefore + 2) await env.sleep('1 minute');
    const answeredWhileRelayDown = answered;
    relayDown = false;
    expect((await findings).stage).toBe('findings-agreed');
    expect(answeredWhileRelayDown).toBe(true);
    expect(snapshots.at(-1)?.stage).toBe('findings-agreed');
    while (delivered.length === 0) await env.sleep('1 minute'); // the retry's backoff
    expect(delivered.length > 0 && delivered.every((key) => key.startsWith(`${reference}:police:`))).toBe(true);
    await handle.terminate('test over');
  });
}, 120_000);

async function londonToday(): Promise<string> {
  return utcToLondonDate(await env.currentTimeMs());
}
