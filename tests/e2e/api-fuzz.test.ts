/**
 * schemathesis fuzzes the served OpenAPI document against the real API on the Temporal dev server
 * with a worker and a real SQLite database, with every check over every phase: no 5xx, every
 * response as documented, everything valid by the document accepted and everything invalid refused,
 * an undeclared method answered 405 with Allow.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { CalendarStore } from '../../config/calendar-store';
import type { Mailer } from '../../activities/mailer';
import { defaultCalendar } from '../../domain/calendar';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { runSchemathesis } from '../../scripts/api-fuzz';
import { createReviewWorker } from '../../worker/create-worker';
import { startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { startDevServer, workflowBundle } from '../support/temporal';
import { TEST_RECIPIENTS } from '../support/recipients';

const taskQueue = 'e2e-api-fuzz';
let env: TestWorkflowEnvironment;
let db: Database;
let api: RunningApi;
let worker: Worker;
let running: Promise<void>;

// Mail is not what this test is about: a mailer that accepts everything.
const mailer: Mailer = { send: async () => undefined, close: () => undefined };
const recipients = TEST_RECIPIENTS;

beforeAll(async () => {
  env = await startDevServer();
  ({ db } = await freshDatabase('sqlite', 'fuzz'));
  worker = await createReviewWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients } }),
  });
  running = worker.run();
  // As api/main.ts: a calendar store, so calendar changes are served as in production.
  const calendarStore = new CalendarStore(db, defaultCalendar());
  await calendarStore.refresh();
  api = await startTestApi({ temporal: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }), db, taskQueue, calendar: () => calendarStore.current(), calendarStore, ruleSet: () => STANDARD_RULES, searchAttributes: true });
  // One real case, so operations on /api/cases/{ref} reach more than 404.
  expect((await api.request('POST', '/api/rapid-reviews', { reference: 'WSCP-2026-01', childPseudonym: 'Child F', awareOn: '2026-11-02' })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await db?.$disconnect();
  await env?.teardown();
});

test('schemathesis finds no server error and no response that departs from the OpenAPI document', async () => {
  const result = await runSchemathesis(api.url, api.token, { maxExamples: 15, seed: 6 });
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/schemathesis.txt', result.output);
  process.stdout.write(`schemathesis: ${result.generated} cases generated, ${result.passed} passed, ${result.skipped} skipped (not sent)\n`);
  expect(result.output).not.toMatch(/Failed to load specification/);
  expect(result.generated).toBeGreaterThan(500);
  expect({ exitCode: result.exitCode, failures: result.output.match(/^_{3,} .* _{3,}$/gm) ?? [] }).toEqual({ exitCode: 0, failures: [] });
  expect(result.passed).toBe(result.generated);
}, 600_000);

test("the child's pseudonym is nowhere in Temporal: not in the workflow ID, history, search attributes or memo", async () => {
  const handle = env.client.workflow.getHandle('rapid-review:WSCP-2026-01');
  const description = await handle.describe();
  const history = await handle.fetchHistory();
  // Payload data arrives base64-encoded: decode it so the search sees the JSON inside.
  const decoded = JSON.stringify({ id: description.workflowId, memo: description.memo, searchAttributes: description.typedSearchAttributes, history }, (k, v: unknown) =>
    k === 'data' && typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
  );
  // Proof the payloads were decoded: the input's awareOn is only inside them (JSON-escaped here).
  expect(decoded).toContain('\\"awareOn\\":\\"2026-11-02\\"');
  expect(decoded).not.toContain('Child F');
  const subjects = (await db.emailMessage.findMany({ select: { subject: true } })).map((m) => m.subject).join('\n');
  expect(subjects).not.toContain('Child F');
});
