/**
 * Starts that are whole or absent, and retries that are safe (issue 13, item 2 and part of 5): the
 * Idempotency-Key header on the real dev server, a SQLite file and the API over HTTP; the start
 * reconciler against rows a dead API process leaves; a start while Temporal is unreachable.
 */
import { closedPort } from '../support/ports';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, defaultPayloadConverter } from '@temporalio/client';
import { runImport } from '../../api/import-run';
import { parseTrackerCsv } from '../../domain/import';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultCalendar } from '../../domain/calendar';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { rapidReviewInput } from '../../worker/rapid-review-start';
import { reconcileStarts, type StartReconcilerDependencies } from '../../worker/reconcile-starts';
import { workflowIdFor } from '../../domain/contracts';
import { createActivities } from '../../activities';
import type { Mailer } from '../../activities/mailer';
import { createReviewWorker } from '../../worker/create-worker';
import { eventually, startTestApi, type RunningApi } from '../support/api';
import { TEST_RECIPIENTS } from '../support/recipients';
import { freshDatabase } from '../support/database';
import { startDevServer, uniqueReference, workflowBundle } from '../support/temporal';

const taskQueue = 'idempotency-no-worker';
let env: TestWorkflowEnvironment;
let db: Database;
let api: RunningApi;
let temporal: Client;

beforeAll(async () => {
  env = await startDevServer();
  ({ db } = await freshDatabase('sqlite', 'idempotency'));
  temporal = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  // No worker polls this task queue until the in-flight test starts one: a start needs none.
  api = await startTestApi({ temporal, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: true });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
  await env?.teardown();
});

const startBody = (reference: string, childPseudonym = 'Child K') => ({ reference, childPseudonym, awareOn: '2026-11-02' });
const keyed = (key: string) => ({ headers: { 'Idempotency-Key': `"${key}"` } });
const workflowExists = (workflowId: string) =>
  temporal.workflow
    .getHandle(workflowId)
    .describe()
    .then(() => true)
    .catch(() => false);

describe('Idempotency-Key on POST /api/rapid-reviews', () => {
  test('a retry with the same key and body gets the original answer; without the key it is a clash (409)', async () => {
    const reference = uniqueReference('IDM');
    const first = await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed(`k-${reference}`));
    expect(first.status).toBe(201);
    const retry = await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed(`k-${reference}`));
    expect({ status: retry.status, body: retry.body, location: retry.headers.get('location') }).toEqual({ status: 201, body: first.body, location: `/api/cases/${reference}` });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const clash = await api.request('POST', '/api/rapid-reviews', startBody(reference));
    expect(clash.status).toBe(409);
    expect(await db.case.count({ where: { reference } })).toBe(1);
  });

  test('the same key with a different body answers 422 problem+json and changes nothing', async () => {
    const reference = uniqueReference('IDM');
    expect((await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed(`k-${reference}`))).status).toBe(201);
    const other = await api.request('POST', '/api/rapid-reviews', startBody(reference, 'Child Z'), keyed(`k-${reference}`));
    expect(other.status).toBe(422);
    expect(other.type).toMatch(/application\/problem\+json/);
    expect(other.body.errors).toEqual([{ field: 'header Idempotency-Key', rule: 'already used with a different request' }]);
    expect((await db.case.findUniqueOrThrow({ where: { reference } })).childPseudonym).toBe('Child K');
  });

  test('keys are per principal: another token with the same key makes its own request', async () => {
    const reference = uniqueReference('IDM');
    const chair = await api.issueToken('other-chair@lscp.test', ['cspr-chair']);
    expect((await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed('shared-key'))).status).toBe(201);
    const theirs = await api.request('POST', '/api/rapid-reviews', startBody(reference), { token: chair, ...keyed('shared-key') });
    expect(theirs.status).toBe(409); // not a replay of someone else's answer
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });

  test('a malformed key is refused with 400 naming the header', async () => {
    const res = await api.request('POST', '/api/rapid-reviews', startBody(uniqueReference('IDM')), { headers: { 'Idempotency-Key': '"has space"' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'header Idempotency-Key', rule: 'must be 1 to 255 visible ASCII characters' }]);
  });

  test('a retry while the first request is still running answers 409; once the first is answered, a retry gets that answer', async () => {
    const reference = uniqueReference('IDM');
    expect((await api.request('POST', '/api/rapid-reviews', startBody(reference))).status).toBe(201);
    // No worker polls the task queue yet: the update waits in Temporal, and its request with it.
    const milestone = { milestone: 'notification-decision', occurredOn: '2026-11-03', notifiable: true };
    const first = api.request('POST', `/api/cases/${reference}/milestones`, milestone, keyed(`m-${reference}`));
    const second = await eventually(async () => {
      const r = await api.request('POST', `/api/cases/${reference}/milestones`, milestone, keyed(`m-${reference}`));
      return r.status === 409 ? r : undefined;
    }, 'the retry refused as in progress');
    expect(second.body.reason).toBe('request in progress');
    expect(second.headers.get('retry-after')).toBe('1');
    const mailer: Mailer = { send: async () => undefined, close: () => undefined };
    const worker = await createReviewWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients: TEST_RECIPIENTS } }),
    });
    const running = worker.run();
    try {
      const answered = await first;
      expect(answered.status).toBe(200);
      const third = await api.request('POST', `/api/cases/${reference}/milestones`, milestone, keyed(`m-${reference}`));
      expect({ status: third.status, body: third.body, replayed: third.headers.get('idempotent-replayed') }).toEqual({ status: 200, body: answered.body, replayed: 'true' });
    } finally {
      worker.shutdown();
      await running;
    }
  }, 60_000);
});

describe('a start left half-made by a process that died', () => {
  /** What a dead API process leaves: the case row in stage `starting`. */
  async function halfMade(reference: string) {
    await db.case.create({
      data: { reference, process: 'rapid-review', workflowId: workflowIdFor('rapid-review', reference), stage: 'starting', state: 'open', awareOn: '2026-11-02', childPseudonym: 'Child K', ruleSetId: STANDARD_RULES.id, calendarVersion: defaultCalendar().version },
    });
  }

  const reconciler = (): StartReconcilerDependencies => ({
    db,
    temporal,
    taskQueue,
    searchAttributes: true,
    settings: { calendar: defaultCalendar, ruleSet: () => STANDARD_RULES },
    log: () => undefined,
  });

  test('the reconciler starts the workflow of every case left starting, once, however many reconcilers run', async () => {
    const references = [uniqueReference('REC'), uniqueReference('REC'), uniqueReference('REC')];
    for (const r of references) await halfMade(r);
    const rounds = await Promise.all([reconcileStarts(reconciler(), 60_000), reconcileStarts(reconciler(), 0), reconcileStarts(reconciler(), 0), reconcileStarts(reconciler(), 0)]);
    expect(rounds[0]!.finished).toEqual([]); // within the grace period a start may still be in progress: left alone
    const finished = rounds.flatMap((r) => r.finished);
    for (const r of references) expect(finished.filter((f) => f === r)).toHaveLength(1);
    for (const r of references) expect(await workflowExists(workflowIdFor('rapid-review', r))).toBe(true);
    const again = await reconcileStarts(reconciler(), 0);
    expect(again.finished).toEqual([]);
    expect(again.alreadyRunning).toEqual(expect.arrayContaining(references));
  });

  test('an import that died before its starts: the reconciler starts each case with its history, and the practice review with its reviewer', async () => {
    const [rr, pr] = [uniqueReference('IMR'), uniqueReference('IMP')];
    const tracker = readFileSync(join(__dirname, '..', '..', 'examples', 'tracker.csv'), 'utf8').split('\n');
    const row = (ref: string) => tracker.find((l) => l.startsWith(`${ref},`))!;
    const csv = [tracker[0], row('WSCP-2019-02').replace('WSCP-2019-02', rr), row('LCSPR-2018-01').replace('LCSPR-2018-01', pr)].join('\n');
    // The process dies where the import starts its workflows: every row is written, none started.
    const dying = { ...temporal, workflow: { start: () => Promise.reject(new Error('the import process died here')) } } as unknown as Client;
    const settings = { calendar: defaultCalendar, ruleSet: () => STANDARD_RULES };
    const report = await runImport({ temporal: dying, db, taskQueue, searchAttributes: true, ...settings }, parseTrackerCsv(csv), { dryRun: false, actor: 'token:admin', today: '2026-11-20' });
    expect([report.created, report.notStarted]).toEqual([0, 2]);
    expect((await db.case.findMany({ where: { reference: { in: [rr, pr] } }, select: { stage: true } })).map((c) => c.stage)).toEqual(['starting', 'starting']);

    const round = await reconcileStarts(reconciler(), 0);
    expect(round.finished).toEqual(expect.arrayContaining([rr, pr]));
    const inputOf = async (workflowId: string) => {
      const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
      return defaultPayloadConverter.fromPayload<Record<string, unknown>>(history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!);
    };
    // Before starts were kept, the reconciler started the rapid review as if new (no history) and left the practice review starting.
    const rapid = await inputOf(workflowIdFor('rapid-review', rr));
    expect((rapid.imported as { milestone: string }[]).map((m) => m.milestone)).toEqual(expect.arrayContaining(['notification-decision', 'outcome-decided']));
    const practice = await inputOf(workflowIdFor('practice-review', pr));
    expect(practice).toMatchObject({ reference: pr, parentReference: 'OLD-2018-09', decidedOn: '2018-12-03', reviewerName: 'Independent Reviewer', decidedBy: 'token:admin' });
    expect((practice.imported as unknown[]).length).toBeGreaterThan(3);
  });

  test('an import whose summary email cannot be queued still answers with what it recorded, and says the email was not queued', async () => {
    const reference = uniqueReference('IMS');
    const tracker = readFileSync(join(__dirname, '..', '..', 'examples', 'tracker.csv'), 'utf8').split('\n');
    const csv = [tracker[0], tracker.find((l) => l.startsWith('WSCP-2019-02,'))!.replace('WSCP-2019-02', reference)].join('\n');
    const start = temporal.workflow.start.bind(temporal.workflow);
    const summaryFails = { ...temporal, workflow: { start: (wf: unknown, o: { workflowId: string }) => (o.workflowId.startsWith('import-summary:') ? Promise.reject(new Error('Temporal did not answer')) : start(wf as never, o as never)) } } as unknown as Client;
    const report = await runImport({ temporal: summaryFails, db, taskQueue, searchAttributes: true, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES }, parseTrackerCsv(csv), { dryRun: false, actor: 'token:admin', today: '2026-11-20' });
    expect([report.created, report.summaryEmail]).toEqual([1, false]);
    expect(report.message).toContain('The summary email to the CSPR chair and the executive could not be queued (Temporal did not answer)');
    expect(await workflowExists(workflowIdFor('rapid-review', reference))).toBe(true);
  });

  test('a practice review row left starting from before starts were kept is left for its retry, not guessed at', async () => {
    const reference = uniqueReference('OLP');
    await db.case.create({
      data: { reference, process: 'practice-review', workflowId: workflowIdFor('practice-review', reference), stage: 'starting', state: 'open', awareOn: '2026-11-02', childPseudonym: 'Child K', ruleSetId: STANDARD_RULES.id, calendarVersion: defaultCalendar().version },
    });
    const round = await reconcileStarts(reconciler(), 0);
    expect(round.unstartable).toContain(reference);
    expect(await workflowExists(workflowIdFor('practice-review', reference))).toBe(false);
  });

  test('a retry with the key of a request that died unanswered resumes it: 201, one case, one workflow', async () => {
    const reference = uniqueReference('RES');
    const key = `dead-${reference}`;
    await halfMade(reference);
    // The record the dead request held, unanswered, its lease lapsed. A probe with another key and
    // the same request gives the principal and fingerprint as the API writes them.
    const probe = await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed(`probe-${reference}`));
    expect(probe.status).toBe(409);
    const written = await db.idempotencyRecord.findFirstOrThrow({ where: { key: `probe-${reference}` } });
    await db.idempotencyRecord.create({ data: { principal: written.principal, key, fingerprint: written.fingerprint, lockedUntil: new Date(Date.now() - 1), expiresAt: new Date(Date.now() + 60_000) } });
    const retry = await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed(key));
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ reference, workflowId: workflowIdFor('rapid-review', reference) });
    expect(await workflowExists(workflowIdFor('rapid-review', reference))).toBe(true);
    expect(await db.case.count({ where: { reference } })).toBe(1);
    const replay = await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed(key));
    expect({ status: replay.status, body: replay.body }).toEqual({ status: 201, body: retry.body });
  });
});

describe('a start whose answer was lost as Temporal died', () => {
  // What that leaves: the workflow running (the start reached the server) and no case row (the
  // request could not confirm the start with the server gone, so it removed its row and answered 503).
  async function orphanedStart(reference: string, awareOn: string) {
    const input = rapidReviewInput({ calendar: defaultCalendar, ruleSet: () => STANDARD_RULES }, { reference, awareOn });
    await temporal.workflow.start('rapidReview', { workflowId: workflowIdFor('rapid-review', reference), taskQueue, args: [input] });
  }

  test('the retry with the same key adopts the running workflow: 201, one case, one workflow run', async () => {
    const reference = uniqueReference('ORP');
    await orphanedStart(reference, '2026-11-02');
    const runId = (await temporal.workflow.getHandle(workflowIdFor('rapid-review', reference)).describe()).runId;
    const retry = await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed(`orphan-${reference}`));
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ reference, workflowId: workflowIdFor('rapid-review', reference) });
    expect(await db.case.findUniqueOrThrow({ where: { reference } })).toMatchObject({ childPseudonym: 'Child K', awareOn: '2026-11-02' });
    expect((await temporal.workflow.getHandle(workflowIdFor('rapid-review', reference)).describe()).runId).toBe(runId);
  });

  test('a running workflow for another awareness date is not adopted: 409 and no case row', async () => {
    const reference = uniqueReference('ORP');
    await orphanedStart(reference, '2026-10-01');
    const clash = await api.request('POST', '/api/rapid-reviews', startBody(reference), keyed(`orphan-${reference}`));
    expect(clash.status).toBe(409);
    expect(await db.case.count({ where: { reference } })).toBe(0);
  });
});

describe('a start while Temporal is unreachable', () => {
  test('answers 503 with Retry-After within 5 s and leaves no case behind', async () => {
    const port = await closedPort();
    const unreachable = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${port}` }) });
    const down = await startTestApi({ temporal: unreachable, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: true });
    try {
      const reference = uniqueReference('DWN');
      const started = Date.now();
      const res = await down.request('POST', '/api/rapid-reviews', startBody(reference), keyed(`down-${reference}`));
      const elapsedMs = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.type).toMatch(/application\/problem\+json/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(elapsedMs).toBeLessThan(5_000);
      expect(await db.case.count({ where: { reference } })).toBe(0);
      // The 503 is not kept: the same key works once Temporal answers.
      const later = await api.request('POST', '/api/rapid-reviews', startBody(reference), { token: down.token, ...keyed(`down-${reference}`) });
      expect(later.status).toBe(201);
    } finally {
      await down.close();
    }
  }, 30_000);
});

