/**
 * The whole stack of an end-to-end test on the time-skipping server: the server (at real time, or
 * started at a chosen instant), a real SMTP listener, a SQLite file, the API over HTTP whose clock
 * follows the server's, and a worker running the real activities.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { defaultCalendar, type WorkingCalendar } from '../../domain/calendar';
import type { IsoDate } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES, type RuleSet } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { startTestApi, type RunningApi } from './api';
import { freshDatabase } from './database';
import { TEST_RECIPIENTS } from './recipients';
import { startTimeSkippingServer, startTimeSkippingServerAt, workflowBundle } from './temporal';

export interface E2eStack {
  env: TestWorkflowEnvironment;
  mail: MailCatcher;
  db: Database;
  api: RunningApi;
  calendar: WorkingCalendar;
  taskQueue: string;
  /** The server's date in London; the API's clock is set to the server's on the way. */
  today(): Promise<IsoDate>;
  /** Moves the server's clock to `hourUtc` on `day` (if that is ahead) and returns the new date. */
  sleepUntil(day: IsoDate, hourUtc?: number): Promise<IsoDate>;
  /**
   * Waits until the workflow's current run has nothing in flight: no workflow task, activity,
   * outgoing signal or accepted update, seen twice in a row. The time-skipping test server (Java,
   * 1.31) never releases its time-skipping lock if a query or update reaches a run while the
   * workflow task that continues it as new is running (the task fails "workflow execution already
   * completed"); from then on its clock runs at wall-clock speed and a skip forward of days never
   * ends. A test that queries or updates a workflow which continues-as-new on its own waits for this first.
   */
  quiet(workflowId: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startE2eStack(options: {
  /** Names the database file and the task queue. */
  name: string;
  /** An ISO instant to start the server's clock at, for scenarios in past years. */
  startAt?: string;
  ruleSet?: (awareOn: string) => RuleSet;
  partnership?: string;
  mailDomain?: string;
}): Promise<E2eStack> {
  const calendar = defaultCalendar();
  const taskQueue = `${options.name}-e2e`;
  const domain = options.mailDomain ?? 'lscp.test';
  let offsetMs = 0;
  const env = options.startAt ? await startTimeSkippingServerAt(options.startAt) : await startTimeSkippingServer();
  const mail = await startMailCatcher();
  const mailer: Mailer = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
  const { db } = await freshDatabase('sqlite', options.name);
  const api = await startTestApi({
    temporal: env.client,
    db,
    taskQueue,
    calendar: () => calendar,
    ruleSet: options.ruleSet ?? (() => STANDARD_RULES),
    ...(options.partnership ? { partnership: options.partnership } : {}),
    searchAttributes: false,
    clock: () => Date.now() + offsetMs,
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: `engine@${domain}`, domain, recipients: TEST_RECIPIENTS } }),
  });
  const running = worker.run();

  const today = async () => {
    offsetMs = (await env.currentTimeMs()) - Date.now();
    return utcToLondonDate(await env.currentTimeMs());
  };
  return {
    env,
    mail,
    db,
    api,
    calendar,
    taskQueue,
    today,
    async sleepUntil(day, hourUtc = 6) {
      const target = Date.parse(`${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`);
      const current = await env.currentTimeMs();
      if (target > current) await skipForward(env, target - current);
      return today();
    },
    async quiet(workflowId, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let seen: number | undefined;
      for (;;) {
        const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
        const length = inFlight(events) ? undefined : events.length;
        if (length !== undefined && length === seen) return;
        seen = length;
        if (Date.now() > deadline) throw new Error(`${workflowId} still busy after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async close() {
      worker.shutdown();
      await running;
      await api.close();
      mailer.close();
      await mail.close();
      await db.$disconnect();
      await env.teardown();
    },
  };
}

/**
 * `env.sleep`, failing with the reason instead of hanging when the server's clock only follows the
 * wall clock (a time-skipping lock never released: see E2eStack.quiet). Real work holds the lock too,
 * but not for minutes on end.
 */
async function skipForward(env: TestWorkflowEnvironment, ms: number, stalledAfterMs = 180_000): Promise<void> {
  let done = false;
  const slept = env.sleep(ms).finally(() => {
    done = true;
  });
  let mark = { real: Date.now(), server: await env.currentTimeMs() };
  while (!done) {
    let tick: NodeJS.Timeout | undefined;
    await Promise.race([slept, new Promise((r) => (tick = setTimeout(r, 5_000)))]);
    clearTimeout(tick);
    if (done) break;
    const now = { real: Date.now(), server: await env.currentTimeMs() };
    if (now.server - mark.server > 2 * (now.real - mark.real)) mark = now;
    else if (now.real - mark.real > stalledAfterMs) {
      throw new Error(`the time-skipping server's clock has followed the wall clock for ${Math.round((now.real - mark.real) / 1000)} s: its time-skipping lock is held (a query or update sent while a workflow continued-as-new?)`);
    }
  }
  await slept;
}

const E = temporal.api.enums.v1.EventType;
const OPENS: Partial<Record<number, string>> = {
  [E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]: 'task',
  [E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED]: 'activity',
  [E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED]: 'signal',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED]: 'update',
};
const CLOSES: Partial<Record<number, string>> = {
  [E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]: 'task',
  [E.EVENT_TYPE_WORKFLOW_TASK_FAILED]: 'task',
  [E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]: 'task',
  [E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED]: 'activity',
  [E.EVENT_TYPE_ACTIVITY_TASK_FAILED]: 'activity',
  [E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT]: 'activity',
  [E.EVENT_TYPE_ACTIVITY_TASK_CANCELED]: 'activity',
  [E.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED]: 'signal',
  [E.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED]: 'signal',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED]: 'update',
};

/** Whether a history has anything open: a workflow task, activity, outgoing signal or update; a run continued as new counts as busy (its successor is not read yet). */
function inFlight(events: temporal.api.history.v1.IHistoryEvent[]): boolean {
  const open: Record<string, number> = { task: 0, activity: 0, signal: 0, update: 0 };
  for (const e of events) {
    const type = e.eventType ?? 0;
    const opens = OPENS[type];
    const closes = CLOSES[type];
    if (opens) open[opens]! += 1;
    if (closes) open[closes]! -= 1;
    if (type === E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) return true;
  }
  return Object.values(open).some((n) => n > 0);
}
