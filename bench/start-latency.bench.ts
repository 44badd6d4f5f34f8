/**
 * POST /api/rapid-reviews against a bare `client.workflow.start` of the same workflow, on the real
 * dev server (file database with WAL, as `npm start` runs it), a worker and a SQLite read model.
 * Starts alternate between the two so machine noise falls on both; a third series, the bare start
 * with the case's search attributes as the API sends them, says what the request itself costs.
 *
 * `in-process` runs the worker in the bench's process (bench/stack.ts): each started workflow's
 * first task and read-model write then run on the API's event loop, landing in the tail of the POST
 * that started it. `worker-process` runs the worker as its own process, as deployed (`npm run
 * worker` beside `npm run api`), with mail to a listener that accepts and drops it.
 * Every answer carries its phases (api/phase-timing.ts: Server-Timing), printed as medians beside
 * the bare start's, so the table says where the time goes. `key` sends an Idempotency-Key with every
 * POST; `postgresql` puts the read model on PostgreSQL (TEST_POSTGRES_URL's server; worker-process
 * only, as deployed on the cluster).
 * Run: npx tsx bench/start-latency.bench.ts [count] [in-process|worker-process] [key] [postgresql]
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
import { freshDatabase } from '../tests/support/database';
import { startWorkerProcess } from '../tests/support/worker-process';
import { rapidReview } from '../workflows';
import type { RapidReviewInput } from '../workflows/definitions';
import { CaseReferenceKey, ReviewProcessKey, ReviewStageKey } from '../workflows/search-attributes';
import { benchStackOver, devServerIn, readModelIn, startBenchStack } from './stack';
import { printRatio, progress, summary } from './stats';

interface StartStack {
  env: TestWorkflowEnvironment;
  api: RunningApi;
  taskQueue: string;
  close(): Promise<void>;
}

/** The dev server and the API here; the worker a child process; mail accepted and dropped. */
export async function withWorkerProcess(readModel: 'sqlite' | 'postgresql' = 'sqlite'): Promise<StartStack & { db: ReturnType<typeof createDatabase> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const env = await devServerIn(dir);
  const { db, url } = readModel === 'sqlite' ? { db: await readModelIn(dir), url: `file:${join(dir, 'app.db')}` } : await freshDatabase('postgresql', 'bench_start');
  const smtp = new SMTPServer({ authOptional: true, disableReverseLookup: true, onData: (stream, _session, done) => stream.on('end', () => done()).resume() });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const taskQueue = 'bench-start';
  const worker = startWorkerProcess({ TEMPORAL_ADDRESS: env.address, DATABASE_URL: url, TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, LOG_LEVEL: 'warn' });
  await worker.running;
  return benchStackOver(env, db, taskQueue, async () => {
    await worker.kill();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }, { phaseTiming: true });
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200);
  const mode = process.argv[3] ?? 'in-process';
  const options = process.argv.slice(4);
  const withKey = options.includes('key');
  const readModel = options.includes('postgresql') ? 'postgresql' : 'sqlite';
  if (mode !== 'in-process' && mode !== 'worker-process') throw new Error(`mode: in-process or worker-process, not ${mode}`);
  if (mode === 'in-process' && readModel === 'postgresql') throw new Error('postgresql: worker-process only');
  const { env, api, taskQueue, close } = mode === 'in-process' ? await startBenchStack('start', { phaseTiming: true }) : await withWorkerProcess(readModel);
  const calendar = defaultCalendar();
  const awareOn = '2026-11-02';

  const viaApi: number[] = [];
  const bare: number[] = [];
  // The same start request as the API sends: the bare start plus the case's search attributes.
  const bareWithAttributes: number[] = [];
  const phases = new Map<string, number[]>();
  let unavailable = 0;
  const warmup = 10;
  for (let i = 0; i < count + warmup; i++) {
    const reference = `BENCH${String(i).padStart(5, '0')}`.slice(0, 12);
    let t = performance.now();
    const res = await api.request('POST', '/api/rapid-reviews', { reference: `A${reference}-2026-01`, childPseudonym: 'Child B', awareOn }, withKey ? { headers: { 'Idempotency-Key': `"bench-${reference}"` } } : {});
    const took = performance.now() - t;
    // A start cut off by its deadline on an overloaded machine: counted, and the pair left out.
    if (res.status === 503) {
      unavailable += 1;
      continue;
    }
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (i >= warmup) {
      viaApi.push(took);
      let server = 0;
      for (const [, phase, ms] of (res.headers.get('server-timing') ?? '').matchAll(/([\w-]+);dur=([\d.]+)/g)) {
        phases.set(phase!, [...(phases.get(phase!) ?? []), Number(ms)]);
        server += Number(ms);
      }
      phases.set('outside the app (HTTP, fetch)', [...(phases.get('outside the app (HTTP, fetch)') ?? []), took - server]);
    }
    const input: RapidReviewInput = { reference: `B${reference}-2026-01`, awareOn, ruleSet: STANDARD_RULES, calendar };
    t = performance.now();
    await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:B${reference}-2026-01`, taskQueue, args: [input] });
    if (i >= warmup) bare.push(performance.now() - t);
    t = performance.now();
    await env.client.workflow.start(rapidReview, {
      workflowId: `rapid-review:C${reference}-2026-01`,
      taskQueue,
      args: [{ ...input, reference: `C${reference}-2026-01` }],
      typedSearchAttributes: [{ key: CaseReferenceKey, value: `C${reference}-2026-01` }, { key: ReviewProcessKey, value: 'rapid-review' }, { key: ReviewStageKey, value: 'notification-due' }],
    });
    if (i >= warmup) bareWithAttributes.push(performance.now() - t);
    progress('starts', i + 1, count + warmup);
  }
  console.log(`\n${count} starts each (after ${warmup} warm-up), dev server on a WAL file database, ${readModel === 'sqlite' ? 'SQLite' : 'PostgreSQL'} read model, worker ${mode === 'in-process' ? 'in the bench process' : 'in its own process'}, ${withKey ? 'with' : 'without'} Idempotency-Key`);
  if (unavailable > 0) console.log(`${unavailable} POSTs answered 503 (start deadline passed) and were left out with their pair`);
  printRatio(summary('POST /api/rapid-reviews', viaApi), summary('client.workflow.start', bare));
  printRatio(summary('POST /api/rapid-reviews', viaApi), summary('client.workflow.start with the search attributes', bareWithAttributes));
  const bareMedian = summary('', bare).median;
  console.log(`where a POST's time goes (median ms per phase; the bare start's median ${bareMedian.toFixed(2)} ms):`);
  for (const [phase, samples] of phases) {
    const { median, p99 } = summary(phase, samples);
    console.log(`  ${phase.padEnd(32)} median ${median.toFixed(2).padStart(7)}  p99 ${p99.toFixed(2).padStart(7)}`);
  }

  await close();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
