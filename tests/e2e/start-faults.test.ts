/**
 * Fault tests of starts and retries (issue 13, items 2, 5 and 6), with real processes only: the
 * Temporal dev server on a SQLite file, API and worker processes (tests/support/fault-api.ts,
 * fault-worker.ts) sent SIGKILL, a SQLite read model, a real SMTP listener, HTTP.
 *
 * 1. The whole stack killed during 100 concurrent starts: every case that got a 201 has its
 *    workflow; the start reconciler leaves no case without one; retries with the same keys get
 *    the original answers, and the requests that never got one are finished.
 * 2. The Temporal server killed and restarted while starts and milestones go on: the API answers
 *    503 with Retry-After while it is down (starts within 5 s), and nothing accepted is lost.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { issueToken } from '../../api/auth/local-tokens';
import { workflowIdFor } from '../../domain/contracts';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { rapidReviewStatus } from '../../workflows/definitions';
import { eventually } from '../support/api';
import { freshDatabase } from '../support/database';
import { uniqueReference, workflowBundle } from '../support/temporal';
import { devServerProcess, freePort, type DevServerProcess } from '../support/temporal-process';
import { killAllWorkerProcesses, startFaultProcess, startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const ROOT = join(__dirname, '..', '..');
const STARTS = 100;
let dir: string;
let temporalServer: DevServerProcess;
let db: Database;
let url: string;
let mail: MailCatcher;
let token: string;
let bundlePath: string;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'start-faults-'));
  [temporalServer, { db, url }, mail] = await Promise.all([devServerProcess(join(dir, 'temporal.db')), freshDatabase('sqlite', 'start-faults'), startMailCatcher()]);
  bundlePath = join(dir, 'workflows.json');
  writeFileSync(bundlePath, JSON.stringify(await workflowBundle()));
  token = (await issueToken(db, { subject: 'fault-chair@lscp.test', roles: ['admin', 'cspr-chair', 'executive'], label: 'start faults' })).token;
  connection = await Connection.connect({ address: temporalServer.address });
  client = new Client({ connection });
}, 120_000);

afterAll(async () => {
  await killAllWorkerProcesses();
  await connection?.close();
  await temporalServer?.kill();
  await mail?.close();
  await db?.$disconnect();
});

const stackEnv = (): Record<string, string> => ({
  DATABASE_URL: url,
  TEMPORAL_ADDRESS: temporalServer.address,
  TEMPORAL_TASK_QUEUE: 'start-faults',
  SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
  LOG_LEVEL: 'error',
  DIGEST_ENABLED: 'false',
  RATE_LIMIT_PER_MINUTE: '100000',
  WORKFLOW_BUNDLE_PATH: bundlePath,
});

async function startApiProcess(extra: Record<string, string> = {}): Promise<{ process: WorkerProcess; url: string }> {
  const port = await freePort();
  const api = startFaultProcess(join(ROOT, 'tests', 'support', 'fault-api.ts'), { ...stackEnv(), API_PORT: String(port), ...extra }, 'api: listening');
  await api.running;
  return { process: api, url: `http://127.0.0.1:${port}` };
}

interface Answer {
  /** 0: no answer (the connection died with the process). */
  status: number;
  text: string;
  replayed: boolean;
  retryAfter: string | null;
  ms: number;
}

async function post(base: string, path: string, body: unknown, key: string): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `"${key}"` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: res.status, text: await res.text(), replayed: res.headers.get('idempotent-replayed') === 'true', retryAfter: res.headers.get('retry-after'), ms: Date.now() - started };
  } catch {
    return { status: 0, text: '', replayed: false, retryAfter: null, ms: Date.now() - started };
  }
}

/** Retries with the same key while the answer says "later" (no answer, 409 in progress, 503). */
async function postUntilAnswered(base: string, path: string, body: unknown, key: string, api?: WorkerProcess): Promise<Answer> {
  const giveUpAt = Date.now() + 90_000;
  for (;;) {
    const answer = await post(base, path, body, key);
    const later = answer.status === 0 || answer.status === 503 || (answer.status === 409 && answer.text.includes('request in progress'));
    if (!later) return answer;
    if (Date.now() > giveUpAt) throw new Error(`${path} (${key}) still answered ${answer.status} ${answer.text} after 90 s; API output:\n${api?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const startBody = (reference: string) => ({ reference, childPseudonym: 'Child F', awareOn: '2026-11-02' });
const hasWorkflow = (reference: string) =>
  client.workflow
    .getHandle(workflowIdFor('rapid-review', reference))
    .describe()
    .then(() => true)
    .catch(() => false);

async function casesWithoutWorkflow(references: string[]): Promise<string[]> {
  const rows = await db.case.findMany({ where: { reference: { in: references } }, select: { reference: true } });
  const missing: string[] = [];
  for (const r of rows) if (!(await hasWorkflow(r.reference))) missing.push(r.reference);
  return missing;
}

const references = Array.from({ length: STARTS }, () => uniqueReference('SIG'));
const firstAnswers = new Map<string, Answer>();

describe('the whole stack killed during 100 concurrent starts', () => {
  test('every 201 has its workflow; the reconciler finishes every half-made case; retries get the original answers', async () => {
    const api = await startApiProcess({ FAULT_KILL_AT_START: String(STARTS / 2) });
    const worker = startWorkerProcess(stackEnv());
    await worker.running;
    void api.process.exited.then(() => worker.kill()); // the whole stack goes down at once
    const answers = await Promise.all(references.map((r) => post(api.url, '/api/rapid-reviews', startBody(r), `start-${r}`)));
    expect((await api.process.exited).signal).toBe('SIGKILL');
    await worker.exited;
    references.forEach((r, i) => firstAnswers.set(r, answers[i]!));

    const accepted = references.filter((r) => firstAnswers.get(r)!.status === 201);
    const unanswered = references.filter((r) => firstAnswers.get(r)!.status === 0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(unanswered.length).toBeGreaterThan(0);
    expect(references.filter((r) => ![0, 201].includes(firstAnswers.get(r)!.status))).toEqual([]);
    for (const r of accepted) {
      expect(await db.case.count({ where: { reference: r } })).toBe(1);
      expect(await hasWorkflow(r)).toBe(true);
    }
    const halfMade = await casesWithoutWorkflow(references);
    expect(halfMade.length).toBeGreaterThanOrEqual(1); // at least the request the API died starting
    console.log(`start faults: ${accepted.length} answered 201, ${unanswered.length} unanswered, ${halfMade.length} cases left without a workflow by the kill`);

    // A worker comes back: its reconciler (grace 0 here: nothing else runs) finishes them.
    const reconciling = startWorkerProcess({ ...stackEnv(), START_RECONCILER_EVERY_MS: '500', START_RECONCILER_GRACE_MS: '0' });
    await reconciling.running;
    await eventually(async () => (await casesWithoutWorkflow(references)).length === 0 || undefined, 'no case without its workflow', 60_000);
    await reconciling.kill();

    // An API and a worker with the reconciler as deployed; every client retries with its key.
    const worker2 = startWorkerProcess({ ...stackEnv(), START_RECONCILER_EVERY_MS: '15000' });
    await worker2.running;
    const api2 = await startApiProcess();
    const retries = await Promise.all(references.map((r) => postUntilAnswered(api2.url, '/api/rapid-reviews', startBody(r), `start-${r}`, api2.process)));
    references.forEach((r, i) => {
      const first = firstAnswers.get(r)!;
      const retry = retries[i]!;
      if (first.status === 201) expect({ status: retry.status, text: retry.text, replayed: retry.replayed }).toEqual({ status: 201, text: first.text, replayed: true });
      else expect({ reference: r, status: retry.status }).toEqual({ reference: r, status: 201 });
    });
    expect(await db.case.count({ where: { reference: { in: references } } })).toBe(STARTS);
    expect(await casesWithoutWorkflow(references)).toEqual([]);
    await api2.process.kill();
  }, 240_000);
});

describe('the Temporal server killed and restarted under load', () => {
  test('starts and milestones answer 503 with Retry-After while it is down; nothing accepted is lost', async () => {
    const api = await startApiProcess();
    const fresh = Array.from({ length: 30 }, () => uniqueReference('TDN'));
    const milestone = { milestone: 'notification-decision', occurredOn: '2026-11-03', notifiable: true };
    type Task = { kind: 'start' | 'milestone'; reference: string; attempts: Answer[]; at: number[] };
    const tasks: Task[] = fresh.flatMap((reference, i) => [
      { kind: 'start' as const, reference, attempts: [], at: [] },
      { kind: 'milestone' as const, reference: references[i]!, attempts: [], at: [] },
    ]);
    // Two runners per kind, each with its own queue: a runner retries its task until the server is back,
    // so with one shared queue all four could be on starts when the server dies and no milestone would be tried.
    let stopped = false;
    let restarted = false;
    const run = async (queue: Task[]) => {
      for (let task = queue.shift(); task && !stopped; task = queue.shift()) {
        const [path, body, key] = task.kind === 'start' ? ['/api/rapid-reviews', startBody(task.reference), `start-${task.reference}`] : [`/api/cases/${task.reference}/milestones`, milestone, `decision-${task.reference}`];
        while (!stopped) {
          task.at.push(Date.now());
          const answer = await post(api.url, path, body, key);
          task.attempts.push(answer);
          if (!(answer.status === 0 || answer.status === 503 || (answer.status === 409 && answer.text.includes('request in progress')))) break;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    };
    const startQueue = tasks.filter((t) => t.kind === 'start');
    const milestoneQueue = tasks.filter((t) => t.kind === 'milestone');
    const load = Promise.all([run(startQueue), run(startQueue), run(milestoneQueue), run(milestoneQueue)]);
    try {
    await eventually(() => tasks.filter((t) => t.attempts.length > 0).length >= 4 || undefined, 'some requests answered before the kill', 60_000);
    await temporalServer.kill();
    const downAt = Date.now();
    const answeredWhileDown = (kind: Task['kind']) => tasks.filter((t) => t.kind === kind).flatMap((t) => t.attempts.filter((a, i) => t.at[i]! > downAt)).length;
    await eventually(() => (answeredWhileDown('start') >= 4 && answeredWhileDown('milestone') >= 2) || undefined, 'starts and milestones answered while the server is down', 60_000).catch((err: Error) => {
      const pending = tasks.filter((t) => t.at.length > t.attempts.length).map((t) => `${t.kind} ${t.reference} waiting ${Date.now() - t.at.at(-1)!} ms`);
      const after = tasks.flatMap((t) => t.attempts.filter((_a, i) => t.at[i]! > downAt).map((a) => `${t.kind} ${a.status} in ${a.ms} ms`));
      throw new Error(`${err.message}; answered since the kill: [${after.join(', ')}]; still waiting: [${pending.join(', ')}]`);
    });
    await temporalServer.start();
    restarted = true;
    const upAt = Date.now();
    await load;

    const whileDown = tasks.flatMap((t) => t.attempts.map((a, i) => ({ kind: t.kind, answer: a, sentAt: t.at[i]! })).filter((x) => x.sentAt > downAt && x.sentAt + x.answer.ms < upAt));
    expect(whileDown.length).toBeGreaterThan(0);
    for (const { answer } of whileDown) expect({ status: answer.status, retryAfter: answer.retryAfter === null ? null : 'set' }).toEqual({ status: 503, retryAfter: 'set' });
    const slowestStartMs = Math.max(0, ...whileDown.filter((x) => x.kind === 'start').map((x) => x.answer.ms));
    const slowestMilestoneMs = Math.max(0, ...whileDown.filter((x) => x.kind === 'milestone').map((x) => x.answer.ms));
    console.log(`temporal restart: ${whileDown.length} answers while down, slowest start ${slowestStartMs} ms, slowest milestone ${slowestMilestoneMs} ms, down ${upAt - downAt} ms`);
    expect(whileDown.filter((x) => x.kind === 'start').length).toBeGreaterThanOrEqual(4);
    expect(slowestStartMs).toBeLessThan(5_000);

    for (const t of tasks) expect({ reference: t.reference, status: t.attempts.at(-1)!.status, ...(t.attempts.at(-1)!.status >= 300 ? { text: t.attempts.at(-1)!.text } : {}) }).toEqual({ reference: t.reference, status: t.kind === 'start' ? 201 : 200 });
    expect(await casesWithoutWorkflow(fresh)).toEqual([]);
    expect(await db.case.count({ where: { reference: { in: fresh } } })).toBe(fresh.length);
    for (const t of tasks.filter((x) => x.kind === 'milestone')) {
      const status = await client.workflow.getHandle(workflowIdFor('rapid-review', t.reference)).query(rapidReviewStatus, { asOf: '2026-11-04' });
      expect(JSON.stringify(status.milestones)).toContain('notification-decision');
    }
    } finally {
      stopped = true;
      if (!restarted) await temporalServer.start().catch(() => undefined);
      await api.process.kill();
    }
  }, 240_000);
});
