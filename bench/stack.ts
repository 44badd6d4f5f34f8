/**
 * The stack most benchmarks measure against: the real dev server on a WAL file database (as
 * `npm start` runs it), one worker with the real activities (mail goes nowhere), a SQLite read model
 * and the API over HTTP with a seeded token.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../activities';
import type { Mailer } from '../activities/mailer';
import { defaultCalendar } from '../domain/calendar';
import { STANDARD_RULES } from '../domain/rules';
import { createDatabase, type Database } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { temporalCli } from '../scripts/temporal-tools';
import { startTestApi, type RunningApi } from '../tests/support/api';
import { TEST_RECIPIENTS } from '../tests/support/recipients';
import { createReviewWorker, installRuntime } from '../worker/create-worker';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

export interface BenchStack {
  env: TestWorkflowEnvironment;
  db: Database;
  api: RunningApi;
  taskQueue: string;
  close(): Promise<void>;
}

/** The dev server persisting to a WAL file in `dir`, as `npm start` runs it. */
export function devServerIn(dir: string): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: temporalCli(),
      dbFilename: join(dir, 'temporal.db'),
      searchAttributes: SEARCH_ATTRIBUTES,
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL', '--log-level', 'error'],
    },
  });
}

/** A migrated SQLite read model at `dir`/app.db. */
export async function readModelIn(dir: string): Promise<Database> {
  const url = `file:${join(dir, 'app.db')}`;
  await applyMigrations(url);
  return createDatabase(url);
}

export async function startBenchStack(name: string, apiOptions: { phaseTiming?: boolean } = {}): Promise<BenchStack> {
  installRuntime();
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const env = await devServerIn(dir);
  const db = await readModelIn(dir);
  const mailer: Mailer = { send: async () => undefined, close: () => undefined };
  const taskQueue = `bench-${name}`;
  const worker = await createReviewWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: createActivities({ db, mailer, mail: { from: 'bench@x.test', domain: 'x.test', recipients: TEST_RECIPIENTS } }),
  });
  const running = worker.run();
  const api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: true, ...apiOptions });
  return {
    env,
    db,
    api,
    taskQueue,
    async close() {
      await api.close();
      worker.shutdown();
      await running;
      await db.$disconnect();
      await env.teardown();
    },
  };
}
