/**
 * The pages in a real browser (Debian's Chromium through playwright-core) against the real API,
 * the time-skipping Temporal server, the real activities and a SQLite file. Screenshots are saved
 * under test-artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createActivities } from '../../activities';
import type { Mailer } from '../../activities/mailer';
import { defaultCalendar } from '../../domain/calendar';
import { addCalendarDays } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { eventually, startTestApi, type RunningApi } from '../support/api';
import { chromiumPath } from '../support/browser';
import { freshDatabase } from '../support/database';
import { startTimeSkippingServer, uniqueReference, workflowBundle } from '../support/temporal';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const taskQueue = 'pages';
let env: TestWorkflowEnvironment;
let db: Database;
let api: RunningApi;
let browser: Browser;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  env = await startTimeSkippingServer();
  ({ db } = await freshDatabase('sqlite', 'pages'));
  const mailer: Mailer = { send: async () => undefined, close: () => undefined };
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: 'e@lscp.test', domain: 'lscp.test', recipients: { 'cspr-chair': ['c@lscp.test'], executive: ['x@lscp.test'], reviewer: ['r@lscp.test'], 'agency-lead': ['a@lscp.test'], 'qapp-chair': ['q@lscp.test'] } } }),
  });
  running = worker.run();
  api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  worker?.shutdown();
  await running;
  await db?.$disconnect();
  await env?.teardown();
});

/** axe-core's WCAG 2.x A/AA checks on the page as rendered; returns the serious and critical violations. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a script tag: the pages' Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })`);
  return (result as { violations: { id: string; impact: string; nodes: unknown[] }[] }).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.length})`);
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${api.url}/sign-in`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${api.url}/`);
}

test('the executive sees the overdue case at the top, opens it and sees its timeline chart', async () => {
  const today = utcToLondonDate(Date.now());
  const late = uniqueReference('LATE');
  const fresh = uniqueReference('NEW');
  expect((await api.request('POST', '/api/rapid-reviews', { reference: fresh, childPseudonym: 'Child F', awareOn: today })).status).toBe(201);
  expect((await api.request('POST', '/api/rapid-reviews', { reference: late, childPseudonym: 'Child L', awareOn: addCalendarDays(today, -30) })).status).toBe(201);
  await eventually(async () => ((await db.deadline.count({ where: { caseReference: { in: [late, fresh] }, key: 'rapid-review' } })) === 2 ? true : undefined), 'both cases in the read model');

  const executive = await api.issueToken('exec@lscp.test', ['executive']);
  const page = await browser.newPage();
  await signIn(page, executive);
  const firstRow = page.locator('#items tr').first();
  await expect(firstRow.getAttribute('data-reference')).resolves.toBe(late);
  await expect(firstRow.locator('.status').textContent()).resolves.toBe('Overdue');
  await expect(page.locator(`#items tr[data-reference="${fresh}"] .status`).textContent()).resolves.toBe('At risk');
  await expect(page.locator('#figures li').first().textContent()).resolves.toMatch(/^\d+Rapid reviews$/);
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  expect(await accessibilityViolations(page)).toEqual([]);

  await firstRow.getByRole('link', { name: late }).click();
  await page.waitForSelector('svg.timeline');
  await expect(page.locator('#title').textContent()).resolves.toBe(`${late} (Child L)`);
  await expect(page.locator('svg.timeline [data-testid="due-date"]').count()).resolves.toBeGreaterThanOrEqual(2);
  await expect(page.locator('svg.timeline [data-testid="today"]').count()).resolves.toBe(1);
  await expect(page.locator('table').first().textContent()).resolves.toContain('15 working days after');
  await page.screenshot({ path: join(ARTIFACTS, 'case.png'), fullPage: true });
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});

test('a reviewer submits a milestone through the form and sees it refused when out of order', async () => {
  const today = utcToLondonDate(Date.now());
  const reference = uniqueReference('REV');
  expect((await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: 'Child R', awareOn: today })).status).toBe(201);
  await db.caseAssignment.create({ data: { caseReference: reference, subject: 'reviewer@lscp.test', role: 'reviewer' } });
  const reviewer = await api.issueToken('reviewer@lscp.test', ['reviewer']);

  const page = await browser.newPage();
  await page.goto(`${api.url}/sign-in`);
  await page.getByLabel('API token').fill(reviewer);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${api.url}/`);
  await page.goto(`${api.url}/case?ref=${reference}`);
  await page.waitForSelector('#milestone-form');
  const milestone = page.getByLabel('Milestone', { exact: true });
  if ((await milestone.evaluate((e) => e.tagName)) === 'SELECT') await milestone.selectOption('rapid-review-submitted');
  else await milestone.fill('rapid-review-submitted');
  await page.getByRole('button', { name: 'Record milestone' }).click();
  const refusal = page.getByTestId('refusal');
  await refusal.waitFor();
  await expect(refusal.textContent()).resolves.toMatch(/cannot be recorded before/);
  await page.screenshot({ path: join(ARTIFACTS, 'milestone-refused.png'), fullPage: true });
  expect(await accessibilityViolations(page)).toEqual([]);

  // A case not assigned to the reviewer does not exist for them.
  await page.goto(`${api.url}/case?ref=WSCP-2019-99`);
  await page.locator('#message .error').waitFor();
  await expect(page.locator('#message').textContent()).resolves.toMatch(/does not exist/);
  await page.close();
});
