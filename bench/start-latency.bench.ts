/**
 * POST /api/rapid-reviews against a bare `client.workflow.start` of the same workflow, on the real
 * dev server (file database with WAL, as `npm start` runs it), a worker and a SQLite read model.
 * Starts alternate between the two so machine noise falls on both.
 *
 * `in-process` runs the worker in the bench's process (bench/stack.ts): each started workflow's
 * first task and read-model write then run on the API's event loop, landing in the tail of the POST
 * that started it. `worker-process` runs the worker as its own process, as deployed (`npm run
 * worker` beside `npm run api`), with mail to a listener that accepts and drops it.
 * Run: npx tsx bench/start-latency.bench.ts [count] [in-process|worker-process]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { SMTPServer } from 'smtp-server';
import { defaultCalendar } from '../domain/calendar';
import { STANDARD_RULES } from '../domain/rules';
import { type createDatabase } from '../prisma/client';
import type { RunningApi } from '../tests/support/api';
import { startWorkerProcess } from '../tests/support/worker-process';
import { rapidReview } from '../workflows';
import type { RapidReviewInput } from '../workflows/definitions';
import { benchStackOver, devServerIn, readModelIn, startBenchStack } from './stack';
import { printRatio, progress, summary } from './stats';

interface StartStack {
  env: TestWorkflowEnvironment;
  api: RunningApi;
  taskQueue: string;
  close(): Promise<void>;
}

/** The dev server and the API here; the worker a child process; mail accepted and dropped. */
export async function withWorkerProcess(): Promise<StartStack & { db: ReturnType<typeof createDatabase> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const env = await devServerIn(dir);
  const db = await readModelIn(dir);
  const smtp = new SMTPServer({ authOptional: true, disableReverseLookup: true, onData: (stream, _session, done) => stream.on('end', () => done()).resume() });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const taskQueue = 'bench-start';
  const worker = startWorkerProcess({ TEMPORAL_ADDRESS: env.address, DATABASE_URL: `file:${join(dir, 'app.db')}`, TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, LOG_LEVEL: 'warn' });
  await worker.running;
  return benchStackOver(env, db, taskQueue, async () => {
    await worker.kill();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200);
  const mode = process.argv[3] ?? 'in-process';
  if (mode !== 'in-process' && mode !== 'worker-process') throw new Error(`mode: in-process or worker-process, not ${mode}`);
  const { env, api, taskQueue, close } = mode === 'in-process' ? await startBenchStack('start') : await withWorkerProcess();
  const calendar = defaultCalendar();
  const awareOn = '2026-11-02';

  const viaApi: number[] = [];
  const bare: number[] = [];
  const warmup = 10;
  for (let i = 0; i < count + warmup; i++) {
    const reference = `BENCH${String(i).padStart(5, '0')}`.slice(0, 12);
    let t = performance.now();
    const res = await api.request('POST', '/api/rapid-reviews', { reference: `A${reference}-2026-01`, childPseudonym: 'Child B', awareOn });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (i >= warmup) viaApi.push(performance.now() - t);
    const input: RapidReviewInput = { reference: `B${reference}-2026-01`, awareOn, ruleSet: STANDARD_RULES, calendar };
    t = performance.now();
    await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:B${reference}-2026-01`, taskQueue, args: [input] });
    if (i >= warmup) bare.push(performance.now() - t);
    progress('starts', i + 1, count + warmup);
  }
  console.log(`\n${count} starts each (after ${warmup} warm-up), dev server on a WAL file database, SQLite read model, worker ${mode === 'in-process' ? 'in the bench process' : 'in its own process'}`);
  printRatio(summary('POST /api/rapid-reviews', viaApi), summary('client.workflow.start', bare));

  await close();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
