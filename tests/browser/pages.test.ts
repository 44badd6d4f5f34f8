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
import { chromiumPath, fillDate } from '../support/browser';
import { caseIdle } from '../support/case-idle';
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
let offsetMs = 0;

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
  api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, clock: () => Date.now() + offsetMs });
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
  await expect(page.locator('svg.timeline [data-testid="month-tick"]').count()).resolves.toBeGreaterThanOrEqual(1);
  await expect(page.locator('table').first().textContent()).resolves.toContain('15 working days after');
  // Each deadline's verdict, and the case's health, from the one verdict function (issue 11).
  await expect(page.locator('[data-testid="verdict"]').allTextContents()).resolves.toContainEqual(expect.stringMatching(/^overdue: due \w{3} \d+ \w{3} \d{4}, \d+ working days ago$/));
  await expect(page.locator('#content p .status').first().textContent()).resolves.toBe('Overdue');
  await page.screenshot({ path: join(ARTIFACTS, 'case.png'), fullPage: true });
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});

test('the pages use govuk-frontend from the API, without the GDS Transport font that only gov.uk services may use', async () => {
  const css = await fetch(`${api.url}/govuk-frontend.css`);
  expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  const text = await css.text();
  expect(text).toContain('.govuk-error-summary');
  expect(text).not.toMatch(/GDS Transport|\/assets\/fonts\//);
  const page = await browser.newPage();
  await page.goto(`${api.url}/sign-in`);
  await page.getByLabel('API token').waitFor();
  await expect(page.evaluate(`getComputedStyle(document.querySelector('.govuk-label')).fontFamily`)).resolves.toMatch(/^system-ui/);
  // No crown: the header is the service navigation, not the GOV.UK header with its logo.
  await expect(page.locator('.govuk-header__logo, .govuk-logo').count()).resolves.toBe(0);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.govuk-error-summary [data-testid="refusal"]').textContent()).resolves.toMatch(/^Sign in first/);
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
  await page.waitForURL(`${api.url}/my-work`);
  await page.goto(`${api.url}/case?ref=${reference}`);
  await page.waitForSelector('#milestone-form');
  const milestone = page.getByLabel('Milestone', { exact: true });
  const offered = await milestone.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
  const allowedNext = (await api.request('GET', `/api/cases/${reference}`)).body.allowedNext as { milestone: string }[] | undefined;
  if (allowedNext) {
    // With allowedNext (issue 16 item 1) the form offers exactly what the workflow would accept now.
    expect(offered).toEqual(allowedNext.map((m) => m.milestone));
    expect(offered).not.toContain('rapid-review-submitted');
  } else {
    // Before it, every milestone is offered and the API's refusal is shown in the error summary.
    await milestone.selectOption('rapid-review-submitted');
    await page.getByRole('button', { name: 'Record milestone' }).click();
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/cannot be recorded before/);
    await page.screenshot({ path: join(ARTIFACTS, 'milestone-refused.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    // The outcome's follow-up takes its action's id from the form: the API answers with the order, not a missing field.
    await milestone.selectOption('action-completed');
    await page.getByLabel('Action completed (its id in the action plan, e.g. A1)').fill('A1');
    await page.getByRole('button', { name: 'Record milestone' }).click();
    await page.getByTestId('refusal').filter({ hasText: "'action-completed' cannot be recorded before 'outcome-decided'" }).waitFor();
  }

  // A case not assigned to the reviewer does not exist for them.
  await page.goto(`${api.url}/case?ref=WSCP-2019-99`);
  await page.locator('#message .error').waitFor();
  await expect(page.locator('#message').textContent()).resolves.toMatch(/does not exist/);
  await page.close();
});

test('the chair puts a practice review on hold through the form and its timeline shades the pause', async () => {
  const today = utcToLondonDate(Date.now());
  const day = (n: number) => addCalendarDays(today, n);
  const rr = uniqueReference('RRP');
  const lc = uniqueReference('LCP');
  expect((await api.request('POST', '/api/rapid-reviews', { reference: rr, childPseudonym: 'Child P', awareOn: day(-30) })).status).toBe(201);
  const steps: Record<string, unknown>[] = [
    { milestone: 'notification-decision', occurredOn: day(-29), notifiable: true },
    { milestone: 'notification-sent', occurredOn: day(-28) },
    { milestone: 'partners-told', occurredOn: day(-28) },
    { milestone: 'agency-summaries-requested', occurredOn: day(-27), agencies: [{ agency: 'police', dueOn: day(-23) }] },
    { milestone: 'agency-summary-received', occurredOn: day(-23), agency: 'police' },
    { milestone: 'rapid-review-meeting-held', occurredOn: day(-22) },
    { milestone: 'partner-sign-off', occurredOn: day(-21) },
    { milestone: 'rapid-review-submitted', occurredOn: day(-21), recommendation: 'lcspr' },
    { milestone: 'panel-response', occurredOn: day(-16), nationalReview: false },
    { milestone: 'outcome-decided', occurredOn: day(-15), outcome: 'lcspr', reviewerName: 'Dr A Reviewer', practiceReviewReference: lc },
  ];
  for (const step of steps) {
    if (step.milestone === 'outcome-decided') await caseIdle(api, rr);
    const r = await api.request('POST', `/api/cases/${rr}/milestones`, step);
    expect([step.milestone, r.status, r.body.detail]).toEqual([step.milestone, 200, undefined]);
  }
  await eventually(async () => ((await api.request('GET', `/api/cases/${lc}`)).status === 200 ? true : undefined), 'the practice review in the read model');

  const page = await browser.newPage();
  await signIn(page, api.token);
  await page.goto(`${api.url}/case?ref=${lc}`);
  await page.waitForSelector('#hold-form');
  await fillDate(page, 'On hold from', day(-10));
  await page.getByLabel('Reason').selectOption('covid');
  await fillDate(page, 'Back on', day(20));
  await page.getByRole('button', { name: 'Put on hold' }).click();
  await page.locator('#message .notice', { hasText: 'On hold.' }).waitFor();
  await page.waitForSelector('svg.timeline [data-testid="pause"]');
  await expect(page.locator('svg.timeline [data-testid="pause"]').count()).resolves.toBeGreaterThanOrEqual(1);
  await expect(page.getByRole('button', { name: 'Resume' }).count()).resolves.toBe(1);
  await page.screenshot({ path: join(ARTIFACTS, 'case-on-hold.png'), fullPage: true });
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});

test('the QAPP chair records the minutes of a meeting through the form, and a malformed action is refused with the field named', async () => {
  const today = utcToLondonDate(await env.currentTimeMs());
  const partnership = `B${Date.now() % 100000}`;
  const started = await api.request('POST', '/api/qapp', { partnership, cadence: { everyMonths: 1, dayOfMonth: 10, from: today } });
  expect(started.status).toBe(201);
  const first = await eventually(async () => {
    const meetings = (await api.request('GET', `/api/qapp/${partnership}/meetings`)).body.meetings as { id: string; date: string }[] | undefined;
    return meetings?.[0];
  }, 'the first meeting scheduled');
  await env.sleep(Date.parse(`${addCalendarDays(first.date, 1)}T12:00:00Z`) - (await env.currentTimeMs()));
  offsetMs = (await env.currentTimeMs()) - Date.now();
  await eventually(async () => {
    const meetings = (await api.request('GET', `/api/qapp/${partnership}/meetings`)).body.meetings as { id: string; state: string }[];
    return meetings.find((m) => m.id === first.id && m.state === 'awaiting-minutes');
  }, 'the first meeting awaiting minutes');

  const page = await browser.newPage();
  await signIn(page, api.token);
  await page.goto(`${api.url}/qapp?p=${partnership}`);
  await page.waitForSelector('#minutes-form');
  await fillDate(page, 'Held on', first.date);
  await page.getByLabel('Decisions, one a line').fill('Theme for the next case-file audit: neglect');
  await page.getByLabel(/^Actions, one a line/).fill('A1; police; not-a-date; refresh the escalation policy');
  await page.getByRole('button', { name: 'Record minutes' }).click();
  await page.locator('#message .error').waitFor();
  await expect(page.locator('#message').textContent()).resolves.toMatch(/actions\.0\.dueOn/);

  await page.getByLabel(/^Actions, one a line/).fill(`A1; police; ${addCalendarDays(first.date, 30)}; refresh the escalation policy`);
  await page.getByRole('button', { name: 'Record minutes' }).click();
  await page.locator('#message .notice', { hasText: 'Minutes recorded.' }).waitFor();
  await expect(page.locator(`tr[data-meeting="${first.id}"]`).textContent()).resolves.toContain(`A1 (police, due ${addCalendarDays(first.date, 30)})`);
  await page.screenshot({ path: join(ARTIFACTS, 'qapp-minutes.png'), fullPage: true });
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
  await env.client.workflow.getHandle(`qapp-cycle:${partnership}`).terminate('test over');
});
