/**
 * The stack most benchmarks measure against: the real dev server on a WAL file database (as
 * `npm start` runs it), one worker with the real activities (mail goes nowhere), a SQLite read model
 * and the API over HTTP with a seeded token.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../activities';
import type { Mailer } from '../activities/mailer';
import { defaultCalendar } from '../domain/calendar';
import { STANDARD_RULES } from '../domain/rules';
import { createDatabase, type Database } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { temporalCli } from '../scripts/temporal-tools';
import { startTestApi, type RunningApi } from '../tests/support/api';
import { freshPostgresDatabase } from '../tests/support/postgres';
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
  return benchStackOver(env, db, taskQueue, async () => {
    worker.shutdown();
    await running;
  }, apiOptions);
}

/** The API over `env` and `db` for a worker on `taskQueue`; closing stops the API, then the worker (`stopWorker`), the read model and the server. */
export async function benchStackOver(env: TestWorkflowEnvironment, db: Database, taskQueue: string, stopWorker: () => Promise<void>, apiOptions: { phaseTiming?: boolean } = {}): Promise<BenchStack> {
  const api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: true, ...apiOptions });
  return {
    env,
    db,
    api,
    taskQueue,
    async close() {
      await api.close();
      await stopWorker();
      await db.$disconnect();
      await env.teardown();
    },
  };
}

// Closed and open cases answer from the read model: a stand-in Temporal client refuses queries at once.
const NO_TEMPORAL = {
  withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
  withAbortSignal: (_signal: AbortSignal, fn: () => Promise<unknown>) => fn(),
  workflow: { getHandle: () => ({ query: () => Promise.reject(new Error('no Temporal in this bench')) }) },
} as unknown as Client;

/** For the read benches: a fresh read model (SQLite in a temporary folder, or a PostgreSQL database) migrated and seeded, and the API over it, no Temporal behind it. */
export async function readModelApi(name: string, provider: string, seed: (db: Database) => Promise<void>): Promise<{ db: Database; api: RunningApi }> {
  const url = provider === 'postgresql' ? await freshPostgresDatabase(`bench_${name}`) : `file:${join(mkdtempSync(join(tmpdir(), `bench-${name}-`)), 'app.db')}`;
  await applyMigrations(url);
  const db = createDatabase(url);
  await seed(db);
  const api = await startTestApi({ temporal: NO_TEMPORAL, db, taskQueue: 'none', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, seedRoles: ['executive'] });
  return { db, api };
}
