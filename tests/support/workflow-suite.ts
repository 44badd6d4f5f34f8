/** What every workflow suite on the time-skipping server shares: the server, a worker per test, test time. */
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { defaultCalendar } from '../../domain/calendar';
import type { CaseSnapshot } from '../../domain/contracts';
import { addCalendarDays, dayOfWeek, type IsoDate } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import type { Notice } from '../../domain/notices';
import { startTimeSkippingServer, workflowBundle } from './temporal';

/** A notice as an injected activity saw it, with the test server's time of sending. */
export interface SentNotice extends Notice {
  sentAtMs: number;
}

/**
 * In-memory activities that keep what a workflow sent and wrote: every notice (one by one or in a
 * batch, with the test server's time of sending) and every read-model snapshot.
 */
export function recordingActivities(): { sent: SentNotice[]; snapshots: CaseSnapshot[]; activities: Activities } {
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
    // The learning-embedded audit a closing practice review starts runs on the same worker.
    async persistAudit() {},
    async sendNotices(notices: Notice[]) {
      for (const notice of notices) sent.push({ ...notice, sentAtMs: Context.current().info.currentAttemptScheduledTimestampMs });
      return { sent: notices.length };
    },
  } as unknown as Activities;
  return { sent, snapshots, activities };
}

/** One time-skipping server for the suite, handed over once it runs and torn down after the last test. */
export function useTimeSkippingServer(started: (env: TestWorkflowEnvironment) => void): void {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await startTimeSkippingServer();
    started(env);
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  });
}

/** A fresh worker on its own task queue for the length of `fn`. */
export async function runWithWorker<T>(env: TestWorkflowEnvironment, activities: object, taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  return worker.runUntil(fn());
}

/** Moves test time to 06:00 UTC on the next Monday that is a working day, so the week's shape is known. */
export async function advanceToNextWorkingMonday(env: TestWorkflowEnvironment): Promise<IsoDate> {
  const calendar = defaultCalendar();
  let day = addCalendarDays(utcToLondonDate(await env.currentTimeMs()), 1);
  while (dayOfWeek(day) !== 1 || calendar.holidays.some((h) => h.date === day)) day = addCalendarDays(day, 1);
  await env.sleep(Date.parse(`${day}T06:00:00Z`) - (await env.currentTimeMs()));
  return day;
}
