/**
 * End to end on the real Temporal dev server, a real SMTP listener, a real SQLite file and the API
 * over HTTP, including a worker restart in the middle of a case.
 */
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { defaultCalendar } from '../../domain/calendar';
import { addCalendarDays } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { createReviewWorker } from '../../worker/create-worker';
import { eventually, startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { startDevServer, uniqueReference, workflowBundle } from '../support/temporal';
import { TEST_RECIPIENTS } from '../support/recipients';

const taskQueue = 'e2e-dev-server';
let env: TestWorkflowEnvironment;
let db: Database;
let mail: MailCatcher;
let mailer: Mailer;
let api: RunningApi;

const recipients = TEST_RECIPIENTS;

async function runWorker(): Promise<{ worker: Worker; running: Promise<void> }> {
  const worker = await createReviewWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients } }),
  });
  return { worker, running: worker.run() };
}

beforeAll(async () => {
  env = await startDevServer();
  ({ db } = await freshDatabase('sqlite', 'e2e'));
  mail = await startMailCatcher();
  mailer = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
  api = await startTestApi({
    temporal: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }),
    db,
    taskQueue,
    calendar: defaultCalendar,
    ruleSet: () => STANDARD_RULES,
    searchAttributes: true,
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
  mailer?.close();
  await mail?.close();
  await db?.$disconnect();
  await env?.teardown();
});

test('bad requests are refused with problem+json naming the field, and change nothing', async () => {
  const invalid = await api.request('POST', '/api/rapid-reviews', { reference: 'not a reference', childPseudonym: 'Child H', awareOn: '2026-02-30' });
  expect(invalid.status).toBe(400);
  expect(invalid.type).toMatch(/^application\/problem\+json/);
  const fields = (invalid.body.errors as { field: string }[]).map((e) => e.field).sort();
  expect(fields).toEqual(['awareOn', 'reference']);

  const unknownField = await api.request('POST', '/api/rapid-reviews', { reference: 'WSCP-2026-99', childPseudonym: 'Child H', awareOn: '2026-01-05', childName: 'x' });
  expect(unknownField.status).toBe(400);
  expect(unknownField.body.detail).toMatch(/unknown field\(s\): childName/);

  const notJson = await api.request('POST', '/api/rapid-reviews', '{"reference":');
  expect(notJson.status).toBe(400);

  const missing = await api.request('GET', '/api/cases/WSCP-1999-01');
  expect(missing.status).toBe(404);
  expect(missing.type).toMatch(/^application\/problem\+json/);
  expect(await db.case.count({ where: { reference: 'WSCP-2026-99' } })).toBe(0);
});

test('a rapid review runs end to end across a worker restart, sending each email once', async () => {
  let { worker, running } = await runWorker();
  const reference = uniqueReference('E2E');
  const today = utcToLondonDate(Date.now());
  const awareOn = addCalendarDays(today, -40);

  const started = await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: 'Child H', awareOn });
  expect(started.status).toBe(201);
  expect(started.body.workflowId).toBe(`rapid-review:${reference}`);
  const again = await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: 'Child H', awareOn });
  expect(again.status).toBe(409);

  // Entered 40 days late: one status message, through the real SMTP listener.
  const status = await eventually(() => mail.messages.find((m) => m.subject.startsWith(`[${reference}] Status on entry`)), 'the status-on-entry email');
  expect(status.to).toEqual(['chair@lscp.test']);
  expect(status.text).not.toContain('Child H');

  const view = await eventually(async () => {
    const r = await api.request('GET', `/api/cases/${reference}`);
    return r.status === 200 && (r.body.emails as unknown[]).length === 1 ? r.body : undefined;
  }, 'the case in the read model with its email');
  expect(view.childPseudonym).toBe('Child H');
  const deadlines = view.deadlines as { key: string; status: string; sentence: string }[];
  expect(deadlines.map((d) => [d.key, d.status])).toEqual([
    ['notification', 'overdue'],
    ['partners', 'overdue'],
    ['rapid-review', 'overdue'],
  ]);
  expect(deadlines[0]!.sentence).toMatch(/^due \w{3} \d{1,2} \w{3} \d{4}: 5 working days after/);
  expect((view.emails as { messageId: string }[])[0]!.messageId).toBe(status.messageId);

  const visible = await eventually(async () => {
    for await (const w of env.client.workflow.list({ query: `CaseReference = "${reference}"` })) return w;
    return undefined;
  }, 'the workflow in Temporal visibility by its CaseReference search attribute');
  expect(visible.workflowId).toBe(`rapid-review:${reference}`);

  // Restart the worker mid-case.
  worker.shutdown();
  await running;
  ({ worker, running } = await runWorker());

  const outOfOrder = await api.request('POST', `/api/cases/${reference}/milestones`, { milestone: 'rapid-review-submitted', occurredOn: today });
  expect(outOfOrder.status).toBe(409);
  // Since issue 4: the full rapid review, from the notification decision to the outcome.
  expect(outOfOrder.body.reason).toBe("'rapid-review-submitted' cannot be recorded before 'partner-sign-off', 'notification-sent', 'partners-told'");
  const decided = await api.request('POST', `/api/cases/${reference}/milestones`, { milestone: 'notification-decision', notifiable: true, occurredOn: addCalendarDays(awareOn, 1) });
  expect(decided.status).toBe(200);
  const notified = await api.request('POST', `/api/cases/${reference}/milestones`, { milestone: 'notification-sent', occurredOn: addCalendarDays(awareOn, 3), note: 'Sent by the LADO' });
  expect(notified.status).toBe(200);
  expect(notified.body.stage).toBe('rapid-review-in-progress');
  const rest = [
    { milestone: 'partners-told' },
    { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: today }] },
    { milestone: 'agency-summary-received', agency: 'police' },
    { milestone: 'rapid-review-meeting-held' },
    { milestone: 'partner-sign-off' },
    { milestone: 'rapid-review-submitted', recommendation: 'national-review', rationale: 'Issues of national importance' },
    { milestone: 'panel-response', nationalReview: true },
    { milestone: 'outcome-decided', outcome: 'national-review' },
    // Since the outcome's follow-up is tracked, a national review case closes when the Panel publishes.
    { milestone: 'national-review-published' },
  ];
  let last: Record<string, unknown> = {};
  for (const body of rest) {
    const r = await api.request('POST', `/api/cases/${reference}/milestones`, { ...body, occurredOn: today });
    expect([body.milestone, r.status]).toEqual([body.milestone, 200]);
    last = r.body;
  }
  expect(last.state).toBe('completed');

  const final = (await api.request('GET', `/api/cases/${reference}`)).body;
  expect(final.state).toBe('completed');
  expect(final.stage).toBe('national-review');
  const timeline = final.timeline as { kind: string; note: string | null }[];
  expect(timeline.filter((e) => e.kind !== 'email').map((e) => e.kind)).toEqual(['case-opened', 'notification-decision', 'notification-sent', ...rest.map((b) => b.milestone)]);
  expect(timeline.find((e) => e.kind === 'notification-sent')!.note).toBe('Sent by the LADO');
  expect(timeline.find((e) => e.kind === 'rapid-review-submitted')!.note).toBe('Rationale: Issues of national importance');
  // Partners told and the rapid review submitted 40 days after awareness: met late (issue 11).
  expect(Object.fromEntries((final.deadlines as { key: string; status: string }[]).map((d) => [d.key, d.status]))).toEqual({ notification: 'met', partners: 'met-late', 'rapid-review': 'met-late', 'agency-summary:police': 'met' });
  // One status message, then only the formal notices: no reminder was sent twice across the restart.
  const mine = mail.messages.filter((m) => m.subject.includes(reference)).map((m) => m.subject.replace(`[${reference}] `, ''));
  expect(mine).toEqual([
    expect.stringMatching(/^Status on entry/),
    'Serious incident notification (T1)',
    'Serious incident: safeguarding partners told (T2)',
    'Rapid review: agency summaries requested',
    'Rapid review submitted (T4)',
    'Rapid review outcome: national review',
    'National review published by the Panel',
  ]);

  const history = await env.client.workflow.getHandle(`rapid-review:${reference}`).fetchHistory();
  expect(JSON.stringify(history)).not.toContain('Child H');
  expect(JSON.stringify(history)).not.toContain('Sent by the LADO');

  worker.shutdown();
  await running;
});
