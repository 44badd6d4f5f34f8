/**
 * The whole stack of an end-to-end test on the time-skipping server: the server (at real time, or
 * started at a chosen instant), a real SMTP listener, a SQLite file, the API over HTTP whose clock
 * follows the server's, and a worker running the real activities.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
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
      if (target > current) await env.sleep(target - current);
      return today();
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
