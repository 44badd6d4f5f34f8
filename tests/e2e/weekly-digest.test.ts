/**
 * The executive's weekly digest on the time-skipping server: sent on the configured weekday at the
 * configured London time, once a week, HTML with a plain-text part, naming overdue items; its HTML
 * is rendered in Chromium and saved as a screenshot.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { chromium } from 'playwright-core';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { ensureWeeklyDigest } from '../../api/digest';
import { defaultCalendar } from '../../domain/calendar';
import { addCalendarDays, dayOfWeek, formatLongDate } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { digestStatus } from '../../workflows/executive-digest';
import { eventually, startTestApi, type RunningApi } from '../support/api';
import { chromiumPath } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startTimeSkippingServer, uniqueReference, workflowBundle } from '../support/temporal';

const taskQueue = 'digest';
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let mailer: Mailer;
let db: Database;
let api: RunningApi;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  mail = await startMailCatcher();
  mailer = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
  ({ db } = await freshDatabase('sqlite', 'digest'));
  api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
  mailer?.close();
  await mail?.close();
  await env?.teardown();
});

test('the digest goes to the executive once a week on the configured day, naming what is overdue', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients: { 'cspr-chair': ['chair@lscp.test'], executive: ['exec@lscp.test'] } } }),
  });
  await worker.runUntil(async () => {
    const today = utcToLondonDate(await env.currentTimeMs());
    const overdue = uniqueReference('OVD');
    expect((await api.request('POST', '/api/rapid-reviews', { reference: overdue, childPseudonym: 'Child D', awareOn: addCalendarDays(today, -30) })).status).toBe(201);
    await eventually(async () => ((await db.deadline.count({ where: { caseReference: overdue } })) > 0 ? true : undefined), 'the case in the read model');

    const partnership = `D${Date.now() % 100000}`;
    expect(await ensureWeeklyDigest(env.client, { taskQueue, partnership, weekday: 3, localTime: '08:00', calendar: defaultCalendar() })).toBe('started');
    expect(await ensureWeeklyDigest(env.client, { taskQueue, partnership, weekday: 3, localTime: '08:00', calendar: defaultCalendar() })).toBe('running');
    const handle = env.client.workflow.getHandle(`executive-digest:${partnership}`);
    const { nextOn } = await handle.query(digestStatus);
    expect(dayOfWeek(nextOn)).toBe(3);

    await env.sleep(Date.parse(`${addCalendarDays(nextOn, 14)}T12:00:00Z`) - (await env.currentTimeMs()));
    const digests = mail.messages.filter((m) => m.subject.startsWith(`[${partnership}] Weekly digest`));
    const weeks = [nextOn, addCalendarDays(nextOn, 7), addCalendarDays(nextOn, 14)].map(formatLongDate);
    expect(digests.map((m) => m.subject.replace(/:.*$/, ''))).toEqual(weeks.map((w) => `[${partnership}] Weekly digest w/c ${w}`));
    expect(new Set(digests.map((m) => m.messageId)).size).toBe(3);
    const first = digests[0]!;
    expect(first.to).toEqual(['exec@lscp.test']);
    expect(first.subject).toMatch(/: [1-9]\d* overdue, \d+ at risk$/);
    expect(first.text).toContain(`${overdue} (rapid-review`);
    expect(first.text).not.toContain('Child D');
    expect(first.html).toContain(`<li>${overdue} (rapid-review`);

    mkdirSync(join(__dirname, '..', '..', 'test-artifacts'), { recursive: true });
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.setContent(first.html!);
      await expect(page.locator('h1').textContent()).resolves.toMatch(/^Weekly digest: week of /);
      await expect(page.locator('h2:has-text("Overdue") + ul li', { hasText: overdue }).count()).resolves.toBe(1);
      await page.screenshot({ path: join(__dirname, '..', '..', 'test-artifacts', 'weekly-digest.png'), fullPage: true });
    } finally {
      await browser.close();
    }
    await handle.terminate('test over');
  });
});
