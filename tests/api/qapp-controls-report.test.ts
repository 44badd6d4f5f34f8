/**
 * The annual report's QAPP controls (cadence changes, suspensions) come from the read model the
 * cycle writes, not from asking its workflow: recorded through the API on a running cycle, they are
 * still in the report once the worker has stopped and the cycle is terminated. A retried write of the
 * same control records it once. Time-skipping server, real activities, SQLite, SMTP listener.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { defaultCalendar } from '../../domain/calendar';
import { qappWorkflowId } from '../../domain/contracts';
import { addCalendarDays } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import type { ControlEntry } from '../../workflows/qapp-definitions';
import { startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { TEST_RECIPIENTS } from '../support/recipients';
import { startTimeSkippingServer, uniqueReference, workflowBundle } from '../support/temporal';

const partnership = uniqueReference('Q').split('-')[0]!;
const taskQueue = `qapp-controls-${Date.now()}`;
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let mailer: Mailer;
let db: Database;
let api: RunningApi;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  mail = await startMailCatcher();
  mailer = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
  ({ db } = await freshDatabase('sqlite', 'qapp-controls'));
  api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, partnership });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
  mailer?.close();
  await mail?.close();
  await env?.teardown();
});

async function ok(method: string, path: string, body?: unknown, status = 200): Promise<Record<string, unknown>> {
  const res = await api.request(method, path, body);
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

interface QaRowView {
  measure: string;
  count: number;
  detail: string;
}

test('the annual report shows the cycle controls from the database with the cycle not running', async () => {
  const activities = createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients: TEST_RECIPIENTS } });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const today = utcToLondonDate(await env.currentTimeMs());
  const began = addCalendarDays(today, -90);
  const biMonthlyFrom = addCalendarDays(today, -40);
  const suspendedFrom = addCalendarDays(today, -20);
  const resumedOn = addCalendarDays(today, -5);
  let controls: ControlEntry[] = [];
  await worker.runUntil(async () => {
    await ok('POST', '/api/qapp', { partnership, cadence: { everyMonths: 1, dayOfMonth: 15, from: began } }, 201);
    await ok('POST', `/api/qapp/${partnership}/cadence`, { everyMonths: 2, dayOfMonth: 15, from: biMonthlyFrom });
    await ok('POST', `/api/qapp/${partnership}/suspend`, { reason: 'COVID-19', from: suspendedFrom });
    controls = (await ok('POST', `/api/qapp/${partnership}/resume`, { on: resumedOn })).controls as ControlEntry[];
  });
  await env.client.workflow.getHandle(qappWorkflowId(partnership)).terminate('the report must not need the cycle');

  expect(await db.qappControl.findMany({ where: { partnership }, orderBy: { effectiveOn: 'asc' }, select: { kind: true, effectiveOn: true } })).toEqual([
    { kind: 'cadence-changed', effectiveOn: biMonthlyFrom },
    { kind: 'audit-activity-suspended', effectiveOn: suspendedFrom },
    { kind: 'audit-activity-resumed', effectiveOn: resumedOn },
  ]);
  // A retried write (the activity run again after a lost answer) records each control once.
  await activities.persistMeetings({ partnership, revision: 1_000, meetings: [], actions: [], controls });
  expect(await db.qappControl.count({ where: { partnership } })).toBe(3);

  const period = `from=${addCalendarDays(today, -180)}&to=${addCalendarDays(today, 180)}`;
  const report = await ok('GET', `/api/reports/annual?${period}`);
  const qa = report.qualityAssurance as { figures: { cadenceChanges: number; suspensions: number }; rows: QaRowView[] };
  expect([qa.figures.cadenceChanges, qa.figures.suspensions]).toEqual([1, 1]);
  expect(qa.rows.find((r) => r.measure === 'cadence-changes')?.detail).toBe(`bi-monthly (every 2 month(s), day 15) from ${biMonthlyFrom}`);
  expect(qa.rows.find((r) => r.measure === 'suspensions')?.detail).toBe(`from ${suspendedFrom}: COVID-19`);
  const csv = await api.request('GET', `/api/reports/annual.csv?${period}&section=quality-assurance`);
  expect(csv.text).toContain(`from ${suspendedFrom}: COVID-19`);
}, 180_000);
