/**
 * The one route helper for workflow calls (api/workflow-calls.ts) on the real dev server: its
 * not-found policy for audits and the QAPP cycle, and its time limit. An update the workflow cannot apply in time (its worker is stopped) is answered 503 'workflow
 * busy' with Retry-After after UPDATE_WAIT_MS, not held open; the retry with the same
 * Idempotency-Key, once a worker is back, gets the answer of that same update, applied once.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { defaultCalendar } from '../../domain/calendar';
import { auditWorkflowId, workflowIdFor } from '../../domain/contracts';
import { addCalendarDays } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { TEST_RECIPIENTS } from '../support/recipients';
import { startDevServer, uniqueReference, workflowBundle } from '../support/temporal';

const taskQueue = 'workflow-calls';
let env: TestWorkflowEnvironment;
let db: Database;
let api: RunningApi;

beforeAll(async () => {
  env = await startDevServer();
  ({ db } = await freshDatabase('sqlite', 'workflow-calls'));
  api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, updateWaitMs: 1_500 });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
  await env?.teardown();
});

async function runningWorker() {
  const noMail = { send: () => Promise.reject(new Error('no mail in this test')), close: () => undefined };
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities: createActivities({ db, mailer: noMail as never, mail: { from: 'e@lscp.test', domain: 'lscp.test', recipients: TEST_RECIPIENTS } }) });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
  };
}

test('a milestone its workflow cannot apply in time is 503 workflow busy; the retry with the same key is applied once', async () => {
  const reference = uniqueReference('UW');
  let stop = await runningWorker();
  expect((await api.request('POST', '/api/executive-cycles', { reference, pattern: 'monthly', firstMeetingOn: '2019-10-16' })).status).toBe(201);
  await stop();

  const held = { milestone: 'meeting-held', occurredOn: '2019-10-16', meetingOn: '2019-10-16' };
  const key = { headers: { 'idempotency-key': `held-${reference}` } };
  const busy = await api.request('POST', `/api/executive-cycles/${reference}/milestones`, held, key);
  expect([busy.status, busy.type.split(';')[0], busy.body.reason, busy.headers.get('retry-after')]).toEqual([503, 'application/problem+json', 'workflow busy', '5']);

  stop = await runningWorker();
  try {
    // As a client would, retrying while busy: the new worker takes the workflow over once the stopped one's sticky queue times out.
    let retried = busy;
    for (let attempt = 0; attempt < 20 && retried.status === 503; attempt++) retried = await api.request('POST', `/api/executive-cycles/${reference}/milestones`, held, key);
    expect([retried.status, retried.body.detail]).toEqual([200, undefined]);
    expect((retried.body.meetings as { meetingOn: string }[]).filter((m) => m.meetingOn === '2019-10-16')).toHaveLength(1);
    const history = await env.client.workflow.getHandle(workflowIdFor('executive-cycle', reference)).fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(1);
  } finally {
    await env.client.workflow.getHandle(workflowIdFor('executive-cycle', reference)).terminate('test over');
    await stop();
  }
}, 120_000);

test("an audit's page offers the stages its template accepts next, live and from the read model once its workflow has ended", async () => {
  const reference = `S175-2026-N${Date.now().toString(36).toUpperCase().slice(-6)}`;
  const next = async () => {
    const r = await api.request('GET', `/api/audits/${reference}`);
    return [r.body.source, (r.body.allowedNext as { milestone: string }[]).map((m) => m.milestone)];
  };
  const stop = await runningWorker();
  try {
    const today = utcToLondonDate(Date.now());
    const started = await api.request('POST', '/api/audits', { reference, type: 'section-175', participants: [{ id: 'school-100234', label: 'School 100234' }], returnsDueOn: addCalendarDays(today, 30) });
    expect(started.status).toBe(201);
    expect(await next()).toEqual(['workflow', ['returns-closed']]);
    expect((await api.request('POST', `/api/audits/${reference}/milestones`, { milestone: 'returns-closed', occurredOn: today })).status).toBe(200);
    // A section 175 return has no audit meeting: the stage after closing returns is the findings.
    expect(await next()).toEqual(['workflow', ['findings-agreed']]);
    await env.client.workflow.getHandle(auditWorkflowId(reference)).terminate('ended for this test');
  } finally {
    await stop();
  }
  // No worker to answer the query: the page reads the read model, and says the same.
  expect(await next()).toEqual(['read-model', ['findings-agreed']]);
}, 120_000);

test('an update on an audit the engine knows but whose workflow has ended is 409 audit closed; an unknown audit or QAPP cycle is 404', async () => {
  const reference = `S11-2026-C${Date.now().toString(36).toUpperCase().slice(-6)}`;
  const stop = await runningWorker();
  try {
    const returnsDueOn = addCalendarDays(utcToLondonDate(Date.now()), 30);
    const started = await api.request('POST', '/api/audits', { reference, type: 'section-11', participants: [{ id: 'police', label: 'Police' }], returnsDueOn });
    expect([started.status, started.body.detail]).toEqual([201, undefined]);
    await env.client.workflow.getHandle(auditWorkflowId(reference)).terminate('ended for this test');
    const today = utcToLondonDate(Date.now());
    const closed = await api.request('POST', `/api/audits/${reference}/agencies/police/returns`, { submittedOn: today });
    expect([closed.status, closed.body.reason]).toEqual([409, 'audit closed']);
    expect((await api.request('POST', '/api/audits/S11-2026-NONE/agencies/police/returns', { submittedOn: today })).status).toBe(404);
    expect((await api.request('POST', '/api/qapp/NOPE/cadence', { everyMonths: 2, dayOfMonth: 10, from: today })).status).toBe(404);
  } finally {
    await stop();
  }
}, 120_000);
