/**
 * At scale (issue 14), on Temporal's production server (four services on PostgreSQL, read model on
 * PostgreSQL) and, side by side, on the dev server (SQLite file with WAL, SQLite read model, as
 * `npm start` runs): open rapid reviews parked on timers across 20 partnerships, started through
 * the API at concurrency 20; POST / bare-start ratio; the worker's resident memory (a process of its
 * own, cache bounded: SCALE_WORKER_CACHE) per 1,000 parked; reminders falling due in the same minute
 * (time until the last is received by a real SMTP listener, duplicates); case read and executive
 * list at concurrency 20 against bare SQL on the same rows, p50/p99. Not in CI.
 *
 *   npx tsx bench/scale.bench.ts [parked=20000] [reminders=1000] [backends=cluster,dev-server,last-working-day] [minutes from the reminder cases' first start to their minute=3]
 *
 * SCALE_ONLY=reminders skips the start ratio and the reads (the parked cases are still started), to
 * measure the burst alone. SCALE_WORKERS worker processes share the task queue (default 2, as
 * `npm run start:cluster` runs); WORKER_WORKFLOW_THREADS and the other WORKER_* settings reach them.
 */
import { bareCaseRead } from './bare-sql';
import { devServerIn } from './stack';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultCalendar, isWorkingDay } from '../domain/calendar';
import { workflowIdFor } from '../domain/contracts';
import { utcToLondonDate } from '../domain/london-time';
import { DEFAULT_LADDER } from '../domain/reminders';
import { STANDARD_RULES } from '../domain/rules';
import { createDatabase, type Database } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { startMailCatcher, type MailCatcher } from '../scripts/mail-catcher';
import { freeFrontendPort, startTemporalCluster, type TemporalCluster } from '../scripts/temporal-cluster';
import { temporalServerTools, timeSkippingServerAt } from '../scripts/temporal-tools';
import { startTestApi, type RunningApi } from '../tests/support/api';
import { freshPostgresDatabase, TEST_POSTGRES_URL } from '../tests/support/postgres';
import { installRuntime } from '../worker/create-worker';
import { rapidReview } from '../workflows';
import type { RapidReviewInput } from '../workflows/definitions';
import { concurrently, percentile } from './stats';

const ROOT = resolve(__dirname, '..');
const PARTNERSHIPS = 20;
const CONCURRENCY = 20;
/** The worker's workflow cache and heap: SCALE_WORKER_CACHE (default 1,000 workflows) and SCALE_WORKER_HEAP_MB. */
const WORKER_CACHE = Number(process.env.SCALE_WORKER_CACHE ?? 1000);
const HEAP_MB = Number(process.env.SCALE_WORKER_HEAP_MB ?? 2048);
const REMINDERS_ONLY = process.env.SCALE_ONLY === 'reminders';
const WORKER_PROCESSES = Number(process.env.SCALE_WORKERS ?? 2);
const topology = () => `${WORKER_PROCESSES} worker process${WORKER_PROCESSES === 1 ? '' : 'es'}, each cache ${WORKER_CACHE}, heap cap ${HEAP_MB} MB, workflow threads ${process.env.WORKER_WORKFLOW_THREADS ?? 'default'}`;

interface Backend {
  name: string;
  address: string;
  namespace: string;
  databaseUrl: string;
  client: Client;
  /** How far the server's clock runs behind this machine's (the last-working-day backend). */
  clockOffsetMs?: number;
  searchAttributes?: boolean;
  close(): Promise<void>;
}

async function clusterBackend(): Promise<Backend> {
  const tools = await temporalServerTools({ build: false });
  const server = new URL(TEST_POSTGRES_URL);
  const dir = mkdtempSync(join(tmpdir(), 'scale-cluster-'));
  const cluster: TemporalCluster = await startTemporalCluster({
    tools,
    dir,
    postgres: { host: server.hostname, port: Number(server.port || 5432), user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) },
    database: `temporal_scale_${Date.now()}`,
    frontendPort: await freeFrontendPort(),
    namespace: 'default',
  });
  const connection = await Connection.connect(cluster.connectionOptions);
  return {
    name: 'Temporal server (4 services, PostgreSQL) + PostgreSQL read model',
    address: cluster.address,
    namespace: cluster.namespace,
    databaseUrl: await freshPostgresDatabase('scale'),
    client: new Client({ connection, namespace: cluster.namespace }),
    async close() {
      await connection.close();
      await cluster.stop();
    },
  };
}

async function devServerBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'scale-dev-'));
  const env = await devServerIn(dir);
  return {
    name: 'dev server (SQLite, WAL) + SQLite read model',
    address: env.address,
    namespace: env.namespace ?? 'default',
    databaseUrl: `file:${join(dir, 'app.db')}`,
    client: env.client,
    close: () => env.teardown(),
  };
}

/**
 * Reminders go out on working days only, so on a weekend neither server above has a minute for
 * them. This backend is Temporal's Java test server (in memory, time not skipped) with its clock
 * set back to the last working day, at the same time of day: the worker, the read model (SQLite)
 * and the mail are the same as on the dev server; Temporal's own persistence is not measured.
 */
async function lastWorkingDayBackend(): Promise<Backend> {
  const dayMs = 24 * 3600_000;
  const weekday = new Date(utcToLondonDate(Date.now())).getUTCDay();
  const clockOffsetMs = (weekday === 6 ? 1 : weekday === 0 ? 2 : 0) * dayMs;
  const port = await new Promise<number>((done) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as AddressInfo;
      probe.close(() => done(p));
    });
  });
  const server = spawn(timeSkippingServerAt().path, [String(port), `--start-at=${new Date(Date.now() - clockOffsetMs).toISOString()}`], { stdio: 'ignore' });
  const address = `127.0.0.1:${port}`;
  let connection: Connection | undefined;
  for (let attempt = 0; !connection; attempt++) {
    connection = await Connection.connect({ address, connectTimeout: 1000 }).catch(async (err: unknown) => {
      if (attempt === 60) throw err;
      await new Promise((r) => setTimeout(r, 1000));
      return undefined;
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'scale-weekday-'));
  return {
    name: 'Java test server, clock on the last working day (in memory) + SQLite read model',
    address,
    namespace: 'default',
    databaseUrl: `file:${join(dir, 'app.db')}`,
    client: new Client({ connection, namespace: 'default' }),
    clockOffsetMs,
    searchAttributes: false,
    async close() {
      await connection.close();
      server.kill('SIGTERM');
      await Promise.race([once(server, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}

/** Where each worker writes its running totals (bench/profiled-worker.ts) when it is sent SIGUSR2. */
const profileFiles = new WeakMap<ChildProcess, string>();

function startWorker(backend: Backend, taskQueue: string, smtpPort: number): ChildProcess {
  const profile = join(mkdtempSync(join(tmpdir(), 'scale-worker-')), 'profile.json');
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'profiled-worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, PROFILE_FILE: profile, NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`, DATABASE_URL: backend.databaseUrl, TEMPORAL_ADDRESS: backend.address, TEMPORAL_NAMESPACE: backend.namespace, TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, WORKER_MAX_CACHED_WORKFLOWS: String(WORKER_CACHE), DIGEST_ENABLED: 'false', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  profileFiles.set(child, profile);
  return child;
}

function startWorkers(backend: Backend, taskQueue: string, smtpPort: number): ChildProcess[] {
  return Array.from({ length: WORKER_PROCESSES }, () => startWorker(backend, taskQueue, smtpPort));
}

const residentMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
/** Resident memory of each worker process. */
const residentMbOf = (workers: ChildProcess[]) => workers.map((w) => residentMb(w.pid!));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const memoryLine = (mb: number[]) => `${f(sum(mb))} MB${mb.length > 1 ? ` (${mb.map(f).join(' + ')})` : ''}`;

const f = (n: number) => n.toFixed(1);
let retried503 = 0;

const socketLost = (err: unknown) => ['ECONNRESET', 'UND_ERR_SOCKET'].includes((err as { cause?: { code?: string } }).cause?.code ?? '');

/**
 * POST a start as a client does: a 503 (Temporal did not take the start in time; nothing recorded)
 * is retried after its Retry-After, and a connection lost under the request is asked again with the
 * same Idempotency-Key, so the start is made once.
 */
async function startCase(api: RunningApi, body: Record<string, unknown>): Promise<void> {
  const headers = { 'idempotency-key': `start-${String(body.reference)}` };
  for (let attempt = 1; ; attempt++) {
    const r = await api.request('POST', '/api/rapid-reviews', body, { headers }).catch((err: unknown) => {
      if (!socketLost(err) || attempt === 10) throw err;
      return { status: 503, headers: new Headers({ 'retry-after': '1' }), body: {} };
    });
    // A start whose answer was lost with its connection, asked again: it was made the first time.
    if (r.status === 201 || (r.status === 409 && attempt > 1 && /already running/.test(JSON.stringify(r.body)))) return;
    // A 500 is counted and reported (its cause is in the API's log line), not allowed to end an hour's run.
    if (r.status === 500) {
      failed500.push(`${String(body.reference)} ${String((r.body as { requestId?: string }).requestId)}`);
      return;
    }
    if (r.status !== 503 || attempt === 10) throw new Error(`start answered ${r.status}: ${JSON.stringify(r.body)}`);
    retried503 += 1;
    await new Promise((done) => setTimeout(done, Number(r.headers.get('retry-after') ?? 1) * 1000));
  }
}
const failed500: string[] = [];
let resetReads = 0;
/** A GET, asked again (up to three times) if the connection was reset (a keep-alive socket closed under the client). */
async function read(api: RunningApi, path: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.request('GET', path);
    } catch (err) {
      if (!socketLost(err) || attempt === 3) throw err;
      resetReads += 1;
    }
  }
}
const line = (name: string, ms: number[]) => `${name}: p50 ${f(percentile(ms, 50))} ms, p99 ${f(percentile(ms, 99))} ms`;

async function measure(backend: Backend, parked: number, reminders: number, leadMinutes: number, tag: string): Promise<Record<string, string>> {
  const row: Record<string, string> = {};
  await applyMigrations(backend.databaseUrl);
  const db: Database = createDatabase(backend.databaseUrl);
  const mail: MailCatcher = await startMailCatcher();
  const taskQueue = `scale-${tag}`;
  const workers = startWorkers(backend, taskQueue, mail.smtpPort);
  // The API's unhandled errors go to stderr with their request id, so a 500 in a run can be explained.
  const log = (message: string, fields: Record<string, unknown>) => process.stderr.write(`[${tag}] API ${message} ${JSON.stringify(fields)}\n`);
  const deps = { temporal: backend.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: backend.searchAttributes ?? true, rateLimitPerMinute: 10_000_000, log };
  const api: RunningApi = await startTestApi(deps);
  const today = utcToLondonDate(Date.now() - (backend.clockOffsetMs ?? 0));
  const ref = (p: number, i: number, kind: string) => `P${String(p).padStart(2, '0')}${kind}${tag}-2026-${String(i).padStart(4, '0')}`;
  try {
    // Parked cases, started through the API at concurrency 20 across 20 partnerships.
    const t = performance.now();
    const startMs = await concurrently(parked, CONCURRENCY, async (i) => {
      await startCase(api, { reference: ref(i % PARTNERSHIPS, Math.floor(i / PARTNERSHIPS), 'S'), childPseudonym: 'Child P', awareOn: '2026-11-02' });
      if ((i + 1) % Math.max(1, Math.floor(parked / 10)) === 0) process.stderr.write(`[${tag}] ${i + 1}/${parked} started\n`);
    });
    const seconds = (performance.now() - t) / 1000;
    row['starts through the API (conc. 20)'] = `${f(parked / seconds)} /s; ${line('POST', startMs)} (including ${retried503} retries after a 503; ${failed500.length} answered 500${failed500.length ? `: ${failed500.slice(0, 5).join(', ')}` : ''})`;
    retried503 = 0;

    if (!REMINDERS_ONLY) await startsAndReads(backend, api, db, workers, ref, parked, taskQueue, row);

    // Reminders go out on working days only: on a weekend or bank holiday no case's first reminder
    // can fall due today on a server with the real clock (the last-working-day backend sets it back).
    if (reminders > 0 && !isWorkingDay(defaultCalendar(), today)) row['reminder burst'] = `not measured: ${today} is not a working day here (run the last-working-day backend)`;
    else if (reminders > 0) await reminderBurst(backend, deps, db, mail, workers, ref, reminders, today, leadMinutes, tag, row);
  } finally {
    await api.close();
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.race([Promise.all(workers.map((w) => (w.exitCode === null ? once(w, 'exit') : undefined))), new Promise((r) => setTimeout(r, 10_000))]);
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await mail.close();
    await db.$disconnect();
  }
  return row;
}

type Ref = (p: number, i: number, kind: string) => string;

async function startsAndReads(backend: Backend, api: RunningApi, db: Database, workers: ChildProcess[], ref: Ref, parked: number, taskQueue: string, row: Record<string, string>): Promise<void> {
  {
    // POST against a bare client.workflow.start, alternating, one at a time.
    const viaApi: number[] = [];
    const bare: number[] = [];
    const calendar = defaultCalendar();
    let overloaded = 0;
    for (let i = 0; i < 200; i++) {
      let s = performance.now();
      const r = await api.request('POST', '/api/rapid-reviews', { reference: ref(98, i, 'A'), childPseudonym: 'Child B', awareOn: '2026-11-02' });
      // Overloaded (503 with Retry-After): counted, its pair left out, and the next pair waits as asked.
      if (r.status === 503) {
        overloaded += 1;
        await new Promise((done) => setTimeout(done, Number(r.headers.get('retry-after') ?? 1) * 1000));
        continue;
      }
      if (r.status !== 201) throw new Error(`POST answered ${r.status}`);
      viaApi.push(performance.now() - s);
      const input: RapidReviewInput = { reference: ref(99, i, 'B'), awareOn: '2026-11-02', ruleSet: STANDARD_RULES, calendar };
      s = performance.now();
      await backend.client.workflow.start(rapidReview, { workflowId: `rapid-review:${input.reference}`, taskQueue, args: [input] });
      bare.push(performance.now() - s);
    }
    row['POST / bare start (200 each)'] = `median ${(percentile(viaApi, 50) / percentile(bare, 50)).toFixed(2)}x, p99 ${(percentile(viaApi, 99) / percentile(bare, 99)).toFixed(2)}x (POST ${f(percentile(viaApi, 50))} ms, bare ${f(percentile(bare, 50))} ms; ${overloaded} POSTs answered 503 and left out with their pair)`;

    // Every case persisted by its workflow (stage past `starting`), then the worker's memory.
    const total = parked + viaApi.length + bare.length;
    // The API takes starts faster than the workers park them, so the reads, the memory and the burst
    // wait for the backlog to clear: measured on a backlog, they say nothing about a settled system.
    const settle = await untilParked(db, total, 45 * 60_000);
    row['parked by their workflows (stage past starting, after the last start answered)'] = settle;
    const rss = residentMbOf(workers);
    row[`worker resident memory (${topology()})`] = `${memoryLine(rss)} with ${total} parked = ${f(sum(rss) / (total / 1000))} MB per 1,000`;

    // Reads at concurrency 20 against bare SQL on the same rows.
    const refs = await db.case.findMany({ select: { reference: true }, take: 5000 });
    const pick = (i: number) => refs[(i * 7919) % refs.length]!.reference;
    // In ten alternating rounds, so a change in the machine's load (the workers finishing their
    // backlog, a checkpoint) falls on the API and the bare SQL alike.
    const reads = 2000;
    const lists = 500;
    const apiRead: number[] = [];
    const sqlRead: number[] = [];
    const apiList: number[] = [];
    const sqlList: number[] = [];
    for (let round = 0; round < 10; round++) {
      const at = (i: number) => round * (reads / 10) + i;
      apiRead.push(
        ...(await concurrently(reads / 10, CONCURRENCY, async (i) => {
          const r = await read(api, `/api/cases/${pick(at(i))}`);
          if (r.status !== 200) throw new Error(`read answered ${r.status}`);
        })),
      );
      sqlRead.push(...(await concurrently(reads / 10, CONCURRENCY, (i) => bareCaseRead(db, pick(at(i))))));
      apiList.push(
        ...(await concurrently(lists / 10, CONCURRENCY, async () => {
          const r = await read(api, '/api/cases?state=open&limit=50');
          if (r.status !== 200) throw new Error(`list answered ${r.status}`);
        })),
      );
      sqlList.push(
        ...(await concurrently(lists / 10, CONCURRENCY, async () => {
          await db.$queryRaw`SELECT * FROM "Case" WHERE state = 'open' ORDER BY "nextDue", reference LIMIT 50`;
        })),
      );
    }
    row['case read (conc. 20)'] = `${line('API', apiRead)}; ${line('bare SQL', sqlRead)}; p99 ratio ${(percentile(apiRead, 99) / percentile(sqlRead, 99)).toFixed(2)}`;
    row['executive list, 50 a page (conc. 20)'] = `${line('API', apiList)}; ${line('bare SQL', sqlList)}; p99 ratio ${(percentile(apiList, 99) / percentile(sqlList, 99)).toFixed(2)}; ${resetReads} reads asked again after ECONNRESET`;
  }
}

/** Waits (with a progress line) until `total` cases have been written by their workflows, or `capMs` passes; says how long it took. */
async function untilParked(db: Database, total: number, capMs: number, references?: string[]): Promise<string> {
  const started = Date.now();
  // In chunks of 500 references: Prisma allows SQLite 999 parameters a statement.
  const chunks = references ? Array.from({ length: Math.ceil(references.length / 500) }, (_, i) => references.slice(i * 500, (i + 1) * 500)) : [undefined];
  const parked = async () => {
    let count = 0;
    for (const chunk of chunks) count += await db.case.count({ where: { stage: { not: 'starting' }, ...(chunk ? { reference: { in: chunk } } : {}) } });
    return count;
  };
  let done = await parked();
  let shown = 0;
  while (done < total && Date.now() - started < capMs) {
    await new Promise((r) => setTimeout(r, 2000));
    done = await parked();
    if (Date.now() - shown > 30_000) {
      shown = Date.now();
      console.log(`[parking] ${done}/${total} written by their workflows, ${f((Date.now() - started) / 1000)} s`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  return done < total ? `NOT all: ${done}/${total} after ${f(seconds)} s (cap)` : `all ${total} within ${f(seconds)} s`;
}

/** The workers' CPU seconds so far (user + system, all threads), from /proc. */
const cpuSeconds = (workers: ChildProcess[]) =>
  sum(
    workers.map((w) => {
      const fields = readFileSync(`/proc/${w.pid!}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    }),
  );

interface Tally {
  count: number;
  totalMs: number;
  maxMs: number;
  failures: Record<string, number>;
}
interface WorkerProfile {
  tallies: Record<string, Tally>;
  peakInFlight: number;
}

/** The worker's running totals, asked for with SIGUSR2. */
async function workerProfile(worker: ChildProcess): Promise<WorkerProfile> {
  const file = profileFiles.get(worker)!;
  const before = existsSync(file) ? statSync(file).mtimeMs : 0;
  worker.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (!existsSync(file) || statSync(file).mtimeMs === before) continue;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as WorkerProfile;
    } catch {
      // read while being written: asked again
    }
  }
  throw new Error('the worker wrote no profile');
}

/** Every worker's totals added up (longest: the longest of any); activities in flight: the sum of each worker's most. */
async function workersProfile(workers: ChildProcess[]): Promise<WorkerProfile> {
  const profiles = await Promise.all(workers.map(workerProfile));
  const tallies: Record<string, Tally> = {};
  for (const p of profiles) {
    for (const [name, t] of Object.entries(p.tallies)) {
      const into = (tallies[name] ??= { count: 0, totalMs: 0, maxMs: 0, failures: {} });
      into.count += t.count;
      into.totalMs += t.totalMs;
      into.maxMs = Math.max(into.maxMs, t.maxMs);
      for (const [k, n] of Object.entries(t.failures)) into.failures[k] = (into.failures[k] ?? 0) + n;
    }
  }
  return { tallies, peakInFlight: sum(profiles.map((p) => p.peakInFlight)) };
}

/** What happened between two readings: per tally, count, mean and failures. */
function profileBetween(a: WorkerProfile, b: WorkerProfile): Record<string, Tally> {
  const out: Record<string, Tally> = {};
  for (const [name, t] of Object.entries(b.tallies)) {
    const p = a.tallies[name] ?? { count: 0, totalMs: 0, maxMs: 0, failures: {} };
    const failures: Record<string, number> = {};
    for (const [k, n] of Object.entries(t.failures)) if (n - (p.failures[k] ?? 0) > 0) failures[k] = n - (p.failures[k] ?? 0);
    out[name] = { count: t.count - p.count, totalMs: t.totalMs - p.totalMs, maxMs: t.maxMs, failures };
  }
  return out;
}

const eventMs = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }) => {
  const seconds = e.eventTime?.seconds as number | { toNumber(): number } | null | undefined;
  return (typeof seconds === 'object' && seconds !== null ? seconds.toNumber() : Number(seconds ?? 0)) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
};

/**
 * Workflow tasks, activities by type, activity retries and failed or timed-out workflow tasks in the
 * cases' histories so far; and, by the server's clock, when each case's last timer fired after
 * `minuteMs`, and how long from it to its next workflow task and its next send.
 */
async function historyCounts(client: Client, references: string[], minuteMs?: number) {
  const counts = { workflowTasks: 0, workflowTaskFailures: 0, activityRetries: 0, activities: {} as Record<string, number>, timerFiredAfterMinute: [] as number[], toWorkflowTask: [] as number[], toSend: [] as number[] };
  for (const reference of references) {
    const history = await client.workflow.getHandle(workflowIdFor('rapid-review', reference)).fetchHistory();
    const events = history.events ?? [];
    const fired = events.map((e) => Boolean(e.timerFiredEventAttributes)).lastIndexOf(true);
    if (minuteMs !== undefined && fired >= 0) {
      const firedMs = eventMs(events[fired]!);
      counts.timerFiredAfterMinute.push((firedMs - minuteMs) / 1000);
      const task = events.slice(fired).find((e) => e.workflowTaskStartedEventAttributes);
      const send = events.slice(fired).find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name?.startsWith('sendNotice'));
      if (task) counts.toWorkflowTask.push((eventMs(task) - firedMs) / 1000);
      if (send) counts.toSend.push((eventMs(send) - firedMs) / 1000);
    }
    for (const e of events) {
      if (e.workflowTaskCompletedEventAttributes) counts.workflowTasks += 1;
      if (e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes) counts.workflowTaskFailures += 1;
      if (e.activityTaskStartedEventAttributes) counts.activityRetries += (e.activityTaskStartedEventAttributes.attempt ?? 1) - 1;
      const type = e.activityTaskScheduledEventAttributes?.activityType?.name;
      if (type) counts.activities[type] = (counts.activities[type] ?? 0) + 1;
    }
  }
  return counts;
}

function burstBreakdown(before: Awaited<ReturnType<typeof historyCounts>>, after: Awaited<ReturnType<typeof historyCounts>>, sampled: number, profile: Record<string, Tally>, peakInFlight: number): string {
  const per = (n: number) => (n / sampled).toFixed(2);
  const activities = Object.keys(after.activities).map((k) => `${k} ${per((after.activities[k] ?? 0) - (before.activities[k] ?? 0))}`).join(', ');
  const tally = (name: string) => {
    const t = profile[name];
    if (!t || t.count === 0) return `${name}: none`;
    const failed = Object.entries(t.failures).map(([k, n]) => `${n} ${k}`).join(', ');
    return `${name}: ${t.count}, mean ${f(t.totalMs / t.count)} ms, longest ${f(t.maxMs)} ms, ${f(t.totalMs / 1000)} s in all${failed ? `; failed: ${failed}` : ''}`;
  };
  return [
    `per case (${sampled} sampled histories): workflow tasks ${per(after.workflowTasks - before.workflowTasks)} (failed or timed out ${per(after.workflowTaskFailures - before.workflowTaskFailures)}), activities ${activities}, activity retries ${per(after.activityRetries - before.activityRetries)}`,
    ...Object.keys(profile).sort().map(tally),
    `most activities in flight at once ${peakInFlight}${WORKER_PROCESSES > 1 ? ` (each worker's most, added up)` : ''}`,
    `by the server's clock (sampled): timer fired after the minute p50 ${f(percentile(after.timerFiredAfterMinute, 50))}, p90 ${f(percentile(after.timerFiredAfterMinute, 90))} s; timer to its workflow task p50 ${f(percentile(after.toWorkflowTask, 50))}, p90 ${f(percentile(after.toWorkflowTask, 90))} s; timer to the send scheduled p50 ${f(percentile(after.toSend, 50))}, p90 ${f(percentile(after.toSend, 90))} s`,
  ].join('; ');
}

async function reminderBurst(backend: Backend, deps: Parameters<typeof startTestApi>[0], db: Database, mail: MailCatcher, workers: ChildProcess[], ref: Ref, reminders: number, today: string, leadMinutes: number, tag: string, row: Record<string, string>): Promise<void> {
  {
    // Reminders, once everything else is measured (so nothing else loads the machine or the mail
    // listener in this process): these cases' ladder runs at a minute a few minutes from now, so
    // their first reminder (5 working days before the notification is due, i.e. today) falls due together.
    const dueAt = new Date(Math.ceil((Date.now() + leadMinutes * 60_000) / 60_000) * 60_000);
    const localTime = new Date(dueAt).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
    const reminderApi = await startTestApi({ ...deps, ladder: { ...DEFAULT_LADDER, localTime } });
    const reminderRefs: string[] = [];
    const t = performance.now();
    await concurrently(reminders, CONCURRENCY, async (i) => {
      const reference = ref(i % PARTNERSHIPS, Math.floor(i / PARTNERSHIPS), 'R');
      await startCase(reminderApi, { reference, childPseudonym: 'Child S', awareOn: today });
      reminderRefs.push(reference);
    });
    await reminderApi.close();
    const reminderStartSeconds = (performance.now() - t) / 1000;
    const parkedBeforeMinute = await untilParked(db, reminders, Math.max(0, dueAt.getTime() - 20_000 - Date.now()), reminderRefs);
    row['reminder cases started (conc. 20)'] = `${reminders} in ${f(reminderStartSeconds)} s; parked before their minute: ${parkedBeforeMinute}`;

    // The reminders: wait for their minute, then until every case has its reminder at the listener.
    const wanted = new Set(reminderRefs);
    // By the reference in the subject: this runs every second in the process that holds the SMTP listener.
    const reminderMail = () => mail.messages.filter((m) => /reminder|due/i.test(m.subject) && wanted.has(/\[([^\]]+)\]/.exec(m.subject)?.[1] ?? ''));
    const deadline = dueAt.getTime() + 10 * 60_000;
    let last = NaN;
    while (Date.now() < dueAt.getTime() - 15_000) await new Promise((r) => setTimeout(r, Math.min(1000, dueAt.getTime() - Date.now())));
    const sampled = reminderRefs.filter((_, i) => i % Math.max(1, Math.floor(reminderRefs.length / 50)) === 0);
    const historyBefore = await historyCounts(backend.client, sampled);
    const profileBefore = await workersProfile(workers);
    while (Date.now() < dueAt.getTime()) await new Promise((r) => setTimeout(r, Math.min(1000, dueAt.getTime() - Date.now())));
    const cpuAtMinute = cpuSeconds(workers);
    let peakRss = workers.map(() => 0);
    for (;;) {
      peakRss = residentMbOf(workers).map((mb, i) => Math.max(mb, peakRss[i]!));
      const got = reminderMail();
      const cases = new Set(got.map((m) => /\[([^\]]+)\]/.exec(m.subject)?.[1]));
      if (cases.size >= wanted.size) {
        last = Math.max(...got.map((m) => Date.parse(m.receivedAt)));
        break;
      }
      if (Date.now() > deadline) break;
      if (Date.now() >= dueAt.getTime() && Math.floor(Date.now() / 1000) % 10 === 0) process.stderr.write(`[${tag}] ${f((Date.now() - dueAt.getTime()) / 1000)} s after the minute: ${cases.size}/${wanted.size} cases reminded\n`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const got = reminderMail();
    const perId = new Map<string, number>();
    for (const m of got) perId.set(m.messageId, (perId.get(m.messageId) ?? 0) + 1);
    const duplicates = [...perId.values()].filter((n) => n > 1).length;
    const reached = new Set(got.map((m) => /\[([^\]]+)\]/.exec(m.subject)?.[1])).size;
    const retried = await db.emailMessage.count({ where: { attempts: { gt: 1 } } });
    const after = (m: { receivedAt: string }) => (Date.parse(m.receivedAt) - dueAt.getTime()) / 1000;
    const firstPerCase = new Map<string, number>();
    for (const m of got) {
      const c = /\[([^\]]+)\]/.exec(m.subject)?.[1] ?? '';
      firstPerCase.set(c, Math.min(firstPerCase.get(c) ?? Infinity, after(m)));
    }
    const reminded = [...firstPerCase.values()];
    const byEmail = got.map(after);
    const spread = (xs: number[]) => `p10 ${f(percentile(xs, 10))}, p50 ${f(percentile(xs, 50))}, p90 ${f(percentile(xs, 90))}, last ${f(percentile(xs, 100))} s`;
    row[`${reminders} reminders due at ${localTime} London`] = Number.isNaN(last)
      ? `only ${reached}/${reminders} cases reminded within 10 min; duplicates ${duplicates}`
      : `last received ${f((last - dueAt.getTime()) / 1000)} s after the minute; ${got.length} emails for ${reached} cases; duplicates ${duplicates}; emails sent on a retry ${retried}; worker peak resident memory ${memoryLine(peakRss)} (${topology()})`;
    const burstCpu = cpuSeconds(workers) - cpuAtMinute;
    // The last snapshot of each case (its emails on the timeline) follows its last email.
    await new Promise((r) => setTimeout(r, 10_000));
    const profileAfter = await workersProfile(workers);
    row['burst breakdown'] = burstBreakdown(historyBefore, await historyCounts(backend.client, sampled, dueAt.getTime() - (backend.clockOffsetMs ?? 0)), sampled.length, profileBetween(profileBefore, profileAfter), profileAfter.peakInFlight);
    row['burst profile'] = `first email per case after the minute: ${spread(reminded)}; every email: ${spread(byEmail)}; worker CPU in the burst ${f(burstCpu)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
  }
}

async function main(): Promise<void> {
  const parked = Number(process.argv[2] ?? 20_000);
  const reminders = Number(process.argv[3] ?? 1_000);
  const backends = (process.argv[4] ?? 'cluster,dev-server').split(',');
  installRuntime('ERROR');
  const table: Record<string, Record<string, string>> = {};
  for (const which of backends) {
    const started = Date.now();
    const backend = which === 'cluster' ? await clusterBackend() : which === 'last-working-day' ? await lastWorkingDayBackend() : await devServerBackend();
    try {
      const row = await measure(backend, parked, reminders, Number(process.argv[5] ?? 3), which === 'cluster' ? 'C' : which === 'last-working-day' ? 'W' : 'D');
      table[backend.name] = row;
      // Printed as soon as measured too: a run stopped during the next backend keeps these figures.
      console.log(`\n## ${backend.name}\n${Object.entries(row).map(([k, v]) => `- ${k}: ${v}`).join('\n')}`);
    } finally {
      await backend.close();
    }
    process.stderr.write(`[${which}] done in ${f((Date.now() - started) / 1000)} s\n`);
  }
  console.log(`\n${parked} parked + ${reminders} reminder cases across ${PARTNERSHIPS} partnerships; goals: POST <= 1.3x bare start, reads p99 <= 2x bare SQL, reminders all within 60 s and none twice, worker < 2 GB at 20,000 parked`);
  for (const [name, row] of Object.entries(table)) {
    console.log(`\n## ${name}`);
    for (const [k, v] of Object.entries(row)) console.log(`- ${k}: ${v}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
