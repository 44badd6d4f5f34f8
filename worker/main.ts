/** The worker process: `npm run worker`. Several can run against one Temporal cluster and database. */
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createSmtpMailer, type Mailer } from '../activities/mailer';
import { parseEnv, type Env } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { recipientsFrom } from '../config/recipients';
import { releaseShared, sharedDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { createReviewWorker, installRuntime, shutdownQuietly } from './create-worker';
import { runStartReconcilerFor } from './reconcile-starts';

/** Wrappers a profiling run (bench/profiled-worker.ts) puts around the mail transport and the activities. */
export interface WorkerProbes {
  mailer?: (mailer: Mailer) => Mailer;
  activities?: (activities: ReturnType<typeof createActivities>) => ReturnType<typeof createActivities>;
}

/** The worker's cache, slots and threads as the environment sets them. */
export function workerTuningFrom(env: Env): { maxCachedWorkflows: number; workflowTaskSlots: number; activitySlots: number; workflowThreads?: number } {
  return {
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    workflowTaskSlots: env.WORKER_WORKFLOW_TASK_SLOTS,
    activitySlots: env.WORKER_ACTIVITY_SLOTS,
    ...(env.WORKER_WORKFLOW_THREADS === undefined ? {} : { workflowThreads: env.WORKER_WORKFLOW_THREADS }),
  };
}

export async function runWorker(env: Env, signal?: AbortSignal, probes: WorkerProbes = {}): Promise<void> {
  installRuntime(env.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN');
  await applyMigrations(env.DATABASE_URL);
  const db = sharedDatabase(env.DATABASE_URL);
  const smtp = createSmtpMailer(env.SMTP_URL, env.SMTP_MAX_CONNECTIONS);
  const mailer = probes.mailer?.(smtp) ?? smtp;
  const connection = await NativeConnection.connect(temporalConnectionOptions(env)).catch((err: Error) => {
    throw new Error(`cannot reach Temporal at ${env.TEMPORAL_ADDRESS} (${err.message}). Start it with 'npm start', or set TEMPORAL_ADDRESS.`);
  });
  try {
    const worker = await createReviewWorker({
      connection,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      ...workerTuningFrom(env),
      activities: ((a) => probes.activities?.(a) ?? a)(createActivities({ db, mailer, mail: { from: env.MAIL_FROM, domain: env.MAIL_DOMAIN, recipients: recipientsFrom(env) } })),
    });
    if (signal?.aborted) shutdownQuietly(worker);
    signal?.addEventListener('abort', () => shutdownQuietly(worker), { once: true });
    const reconciling = new AbortController();
    const reconciler = runStartReconcilerFor(env, db, reconciling.signal).catch((err: unknown) => console.error(`worker: start reconciler not running: ${(err as Error).message}`));
    try {
      await worker.run();
    } finally {
      reconciling.abort();
      await reconciler;
    }
  } finally {
    await connection.close();
    mailer.close();
    await releaseShared(env.DATABASE_URL);
  }
}

if (require.main === module) {
  const controller = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => controller.abort());
  runWorker(parseEnv(), controller.signal).catch((err: unknown) => {
    console.error(`worker: ${(err as Error).message}`);
    process.exit(1);
  });
}
