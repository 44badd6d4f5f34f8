/**
 * A real worker process for fault tests, built as worker/main.ts builds one (real activities, real
 * database, real SMTP), spawned with node and tsx by tests/support/worker-process.ts.
 *
 * With FAULT_KILL_AFTER_SEND_KEY set, it SIGKILLs itself as soon as the real sendNotice (or
 * sendNoticesTogether) has sent and recorded a notice whose key contains that text, before the activity returns: Temporal never hears
 * of the completion. It dies once: FAULT_KILLED_MARKER is created first, and a worker that finds it
 * runs normally.
 *
 * With START_RECONCILER_EVERY_MS set, it runs the start reconciler as worker/main.ts does, every so
 * many milliseconds, finishing cases left `starting` for longer than START_RECONCILER_GRACE_MS.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSmtpMailer } from '../../activities/mailer';
import { parseEnv } from '../../config/env';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import type { Notice } from '../../domain/notices';
import { sharedDatabase } from '../../prisma/client';
import { createReviewWorker, installRuntime } from '../../worker/create-worker';
import { runStartReconcilerFor } from '../../worker/reconcile-starts';
import { TEST_RECIPIENTS } from './recipients';

/** Creates the marker; false if another worker already did (it died in this fault already). */
function claimTheFault(marker: string): boolean {
  try {
    writeFileSync(marker, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const env = parseEnv();
  const killAfterSendKey = process.env.FAULT_KILL_AFTER_SEND_KEY;
  const marker = process.env.FAULT_KILLED_MARKER;
  const bundlePath = process.env.WORKFLOW_BUNDLE_PATH;
  installRuntime('WARN');
  const db = sharedDatabase(env.DATABASE_URL);
  const mailer = createSmtpMailer(env.SMTP_URL);
  const connection = await NativeConnection.connect(temporalConnectionOptions(env));
  const activities = createActivities({ db, mailer, mail: { from: env.MAIL_FROM, domain: env.MAIL_DOMAIN, recipients: TEST_RECIPIENTS } });
  const dieAfter = (notices: Notice[]) => {
    if (killAfterSendKey && marker && notices.some((n) => n.key.includes(killAfterSendKey)) && claimTheFault(marker)) process.kill(process.pid, 'SIGKILL');
  };
  const sendNotice = async (notice: Notice) => {
    const result = await activities.sendNotice(notice);
    dieAfter([notice]);
    return result;
  };
  const sendNoticesTogether = async (notices: Notice[]) => {
    const result = await activities.sendNoticesTogether(notices);
    dieAfter(notices);
    return result;
  };
  const worker = await createReviewWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities: { ...activities, sendNotice, sendNoticesTogether },
    ...(bundlePath ? { workflowBundle: JSON.parse(readFileSync(bundlePath, 'utf8')) as WorkflowBundleWithSourceMap } : {}),
    identity: `fault-worker-${process.pid}`,
  });
  const running = worker.run();
  process.stdout.write('worker running\n');
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => worker.shutdown());
  const reconciling = new AbortController();
  const everyMs = process.env.START_RECONCILER_EVERY_MS;
  const reconciler = everyMs
    ? runStartReconcilerFor(env, db, reconciling.signal, { everyMs: Number(everyMs), graceMs: Number(process.env.START_RECONCILER_GRACE_MS ?? 30_000) })
    : Promise.resolve();
  await running;
  reconciling.abort();
  await reconciler;
  await connection.close();
  mailer.close();
}

main().catch((err: unknown) => {
  console.error(`fault worker: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
