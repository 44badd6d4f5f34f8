/**
 * Each role's guide in docs/guides/, followed step by step in a real browser (Debian's Chromium) on
 * the time-skipping stack (real SMTP listener, SQLite file, the API over HTTP), from an empty
 * database: the administrator issues every other person's token through the Access page, and each
 * guide then signs in with the token it was given and clicks only what its guide says. What a guide
 * treats as earlier work (a rapid review run to its outcome) is set up through the API.
 *
 * The screenshots in docs/guides/img/ come from here: `UPDATE_GUIDE_SCREENSHOTS=1 npx jest
 * tests/browser/guides.test.ts` writes them; otherwise they go to test-artifacts/guides/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openApiDocument } from '../../api/openapi';
import { addCalendarDays } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { eventually } from '../support/api';
import { chromiumPath, fillDate } from '../support/browser';
import { caseIdle } from '../support/case-idle';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

const SHOTS = process.env.UPDATE_GUIDE_SCREENSHOTS ? join(__dirname, '..', '..', 'docs', 'guides', 'img') : join(__dirname, '..', '..', 'test-artifacts', 'guides');
// The practice review form needs POST /api/practice-reviews; until that endpoint is served its step cannot run.
const practiceReviewsServed = '/api/practice-reviews' in (openApiDocument(utcToLondonDate(Date.now())) as { paths: Record<string, unknown> }).paths;

let stack: E2eStack;
let browser: Browser;
let today: string;
const day = (n: number) => addCalendarDays(today, n);
/** Tokens the administrator hands out in the first guide, by role. */
const tokens: Record<string, string> = {};
const RAPID_REVIEW = 'WSCP-2026-01';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startE2eStack({ name: 'guides' });
  today = await stack.today();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(): Promise<Page> {
  return browser.newPage({ viewport: { width: 1000, height: 800 } });
}

/** A form the guide fills in, or the top of the page's main area (at most 720 pixels high, to keep the committed images small). */
async function shot(page: Page, name: string, part?: string): Promise<void> {
  const path = join(SHOTS, `${name}.png`);
  if (part) return void (await page.locator(part).screenshot({ path, animations: 'disabled', mask: [page.getByTestId('token')] }));
  const box = (await page.evaluate(`(() => { const r = document.querySelector('main').getBoundingClientRect(); return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }; })()`)) as { x: number; y: number; width: number; height: number };
  await page.screenshot({ path, fullPage: true, animations: 'disabled', mask: [page.getByTestId('token')], clip: { ...box, height: Math.min(box.height, 720) } });
}

async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })`);
  return (result as { violations: { id: string; impact: string; nodes: unknown[] }[] }).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${stack.api.url}/sign-in`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(my-work)?$/);
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true }).click();
const notice = (page: Page, text: string | RegExp) => page.locator('#message .notice', { hasText: text }).waitFor();

test('administrator: issue each person a token, from an empty database', async () => {
  const page = await newPage();
  await signIn(page, stack.api.token);
  await nav(page, 'Access');
  await page.locator('#token-form').waitFor();
  await shot(page, 'administrator-1-access');
  const people: [string, string, string?][] = [
    ['chair@wscp.test', 'CSPR chair'],
    ['reviewer@wscp.test', 'Reviewer'],
    ['executive@wscp.test', 'Executive'],
    ['qapp-chair@wscp.test', 'QAPP chair'],
    ['health-lead@wscp.test', 'Agency lead', 'health'],
  ];
  for (const [subject, role, agency] of people) {
    await page.getByLabel('Person').fill(subject);
    await page.getByLabel('Role').selectOption({ label: role });
    if (agency) await page.getByLabel(/^Agency code/).fill(agency);
    await page.getByLabel('Days until it stops working').fill('365');
    await page.getByRole('button', { name: 'Issue the token' }).click();
    await notice(page, `Token issued for ${subject}.`);
    tokens[role] = (await page.getByTestId('token').textContent())!;
    if (role === 'CSPR chair') await shot(page, 'administrator-2-token-issued');
  }
  await expect(page.locator('#tokens tbody tr').count()).resolves.toBe(people.length + 1);
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});

test('CSPR chair: record an incident, then the first decision on its rapid review', async () => {
  const page = await newPage();
  await signIn(page, tokens['CSPR chair']!);
  await expect(page.getByTestId('empty-state').textContent()).resolves.toContain('Nothing is open yet.');
  await shot(page, 'cspr-chair-1-empty-dashboard');
  await page.getByTestId('empty-state').getByRole('link', { name: 'Record an incident' }).click();
  await page.getByLabel('Case reference').fill(RAPID_REVIEW);
  await page.getByLabel('Pseudonym').fill('Child G');
  await fillDate(page, 'Date the local authority became aware', day(-1));
  await shot(page, 'cspr-chair-2-incident');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Start the rapid review' }).click();
  await page.waitForURL(/\/case\?ref=/);
  await page.locator('#milestone-form').waitFor();
  await expect(page.locator('#title').textContent()).resolves.toBe(`${RAPID_REVIEW} (Child G)`);

  await page.getByLabel('Milestone', { exact: true }).selectOption('notification-decision');
  await page.getByLabel(/notifiable/i).selectOption({ label: 'Yes' });
  await page.getByLabel(/looked-after/i).selectOption({ label: 'No' });
  await shot(page, 'cspr-chair-3-milestone', '#milestone-form');
  await page.getByRole('button', { name: 'Record milestone' }).click();
  await notice(page, 'Milestone recorded.');
  await expect(page.locator('ol').textContent()).resolves.toMatch(/notif/i);
  await shot(page, 'cspr-chair-4-recorded');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});

/** Earlier work, through the API: a rapid review run to the decision to hold a practice review. */
async function practiceReviewFrom(rr: string, lc: string, awareAgo: number): Promise<void> {
  const at = (n: number) => day(-awareAgo + n);
  expect((await stack.api.request('POST', '/api/rapid-reviews', { reference: rr, childPseudonym: 'Child P', awareOn: at(0) })).status).toBe(201);
  const steps: Record<string, unknown>[] = [
    { milestone: 'notification-decision', occurredOn: at(1), notifiable: true },
    { milestone: 'notification-sent', occurredOn: at(2) },
    { milestone: 'partners-told', occurredOn: at(2) },
    { milestone: 'agency-summaries-requested', occurredOn: at(3), agencies: [{ agency: 'police', dueOn: at(7) }] },
    { milestone: 'agency-summary-received', occurredOn: at(7), agency: 'police' },
    { milestone: 'rapid-review-meeting-held', occurredOn: at(8) },
    { milestone: 'partner-sign-off', occurredOn: at(9) },
    { milestone: 'rapid-review-submitted', occurredOn: at(9), recommendation: 'lcspr' },
    { milestone: 'panel-response', occurredOn: at(14), nationalReview: false },
    { milestone: 'outcome-decided', occurredOn: at(15), outcome: 'lcspr', reviewerName: 'Dr A Reviewer', practiceReviewReference: lc },
  ];
  for (const step of steps) {
    if (step.milestone === 'outcome-decided') await caseIdle(stack.api, rr);
    const r = await stack.api.request('POST', `/api/cases/${rr}/milestones`, step);
    expect([step.milestone, r.status, r.body.detail]).toEqual([step.milestone, 200, undefined]);
  }
  await eventually(async () => ((await stack.api.request('GET', `/api/cases/${lc}`)).status === 200 ? true : undefined), `practice review ${lc} in the read model`);
}

test('CSPR chair: record a hold on a practice review with its from and to dates', async () => {
  await practiceReviewFrom('WSCP-2026-02', 'WSCP-2026-03', 30);
  const page = await newPage();
  await signIn(page, tokens['CSPR chair']!);
  await page.goto(`${stack.api.url}/case?ref=WSCP-2026-03`);
  await page.locator('#hold-form').waitFor();
  await fillDate(page, 'On hold from', day(-10));
  await page.getByLabel('Reason').selectOption('inquest');
  await fillDate(page, 'Back on', day(-3));
  await shot(page, 'cspr-chair-5-hold', '#hold-form');
  await page.getByRole('button', { name: 'Put on hold' }).click();
  await notice(page, `On hold from ${day(-10)} to ${day(-3)}.`);
  await expect(page.locator('svg.timeline [data-testid="pause"]').count()).resolves.toBe(1);
  await expect(page.getByRole('button', { name: 'Put on hold' }).count()).resolves.toBe(1);
  await expect(page.locator('table').first().textContent()).resolves.toContain('statutory');
  await shot(page, 'cspr-chair-6-hold-recorded');
  await page.close();
});

(practiceReviewsServed ? test : test.skip)('CSPR chair: start a practice review whose rapid review was held elsewhere', async () => {
  const page = await newPage();
  await signIn(page, tokens['CSPR chair']!);
  await nav(page, 'Start a practice review');
  await page.getByLabel('Practice review reference').fill('WSCP-2026-04');
  await fillDate(page, 'Date the review was commissioned', day(-10));
  await page.getByLabel('Lead reviewer').fill('Ms B Reviewer');
  await page.getByLabel(/^Rapid review reference/).fill('OTHER-2025-07');
  await shot(page, 'cspr-chair-7-practice-review');
  await page.getByRole('button', { name: 'Start the practice review' }).click();
  await page.waitForURL(/\/case\?ref=WSCP-2026-04/);
  await page.locator('#hold-form').waitFor();
  await page.close();
});

test('reviewer: the administrator assigns the case, the reviewer finds it in their work and records the next milestone', async () => {
  const admin = await newPage();
  await signIn(admin, stack.api.token);
  await nav(admin, 'Access');
  await admin.getByLabel('Case reference').fill(RAPID_REVIEW);
  await admin.getByLabel('Reviewer').fill('reviewer@wscp.test');
  await admin.getByRole('button', { name: 'Assign' }).click();
  await notice(admin, `reviewer@wscp.test is assigned to ${RAPID_REVIEW}.`);
  await shot(admin, 'administrator-3-assigned');
  await admin.close();

  const page = await newPage();
  await signIn(page, tokens.Reviewer!);
  await page.waitForURL(/\/my-work$/);
  await page.getByRole('link', { name: RAPID_REVIEW }).waitFor();
  await shot(page, 'reviewer-1-my-work');
  await page.getByRole('link', { name: RAPID_REVIEW }).click();
  await page.locator('#milestone-form').waitFor();
  const before = await page.locator('ol li').count();
  await page.getByLabel('Milestone', { exact: true }).selectOption('notification-sent');
  await shot(page, 'reviewer-2-milestone', '#milestone-form');
  await page.getByRole('button', { name: 'Record milestone' }).click();
  await notice(page, 'Milestone recorded.');
  await expect(page.locator('ol li').count()).resolves.toBe(before + 1);

  // The agencies asked for summaries: one group per agency, added and removed by clicking.
  await page.getByLabel('Milestone', { exact: true }).selectOption('agency-summaries-requested');
  const form = page.locator('#milestone-form');
  const agency = (n: number) => form.getByRole('group', { name: `Agency ${n}`, exact: true });
  await agency(1).getByLabel('Agency', { exact: true }).fill('police');
  await fillDate(agency(1), 'Due on', day(4));
  for (const n of [2, 3]) await form.getByRole('button', { name: 'Add another agency' }).click().then(() => agency(n).waitFor());
  await agency(2).getByLabel('Agency', { exact: true }).fill('education');
  await agency(3).getByLabel('Agency', { exact: true }).fill('health');
  await fillDate(agency(3), 'Due on', day(6));
  await agency(2).getByRole('button', { name: 'Remove agency 2' }).click();
  await expect(agency(3).count()).resolves.toBe(0);
  await expect(agency(2).getByLabel('Agency', { exact: true }).inputValue()).resolves.toBe('health');
  await shot(page, 'reviewer-3-agencies', '#milestone-form');
  expect(await accessibilityViolations(page)).toEqual([]);
  // A wrong code in one box is refused with that box named and linked, and nothing is recorded.
  await agency(2).getByLabel('Agency', { exact: true }).fill('Health visitors');
  await page.getByRole('button', { name: 'Record milestone' }).click();
  const refusal = page.locator('#message .govuk-error-summary__list a', { hasText: 'agencies.1.agency: must be an agency code' });
  await refusal.click();
  await expect(page.evaluate('document.activeElement.getAttribute("name")')).resolves.toBe('agencies.1.agency');
  await expect(agency(2).getByLabel('Agency', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
  await agency(2).getByLabel('Agency', { exact: true }).fill('health');
  await page.getByRole('button', { name: 'Record milestone' }).click();
  await notice(page, 'Milestone recorded.');
  await page.getByLabel('Milestone', { exact: true }).selectOption('agency-summary-received');
  await expect(page.locator('#milestone-form').getByLabel('Agency').locator('option').allTextContents()).resolves.toEqual(['police', 'health']);
  await page.close();
});

test('executive: the portfolio of open practice reviews, holds shaded and the late one flagged', async () => {
  // Seven months on, the first practice review is late; a second one, commissioned since, is not.
  today = await stack.sleepUntil(day(210), 9);
  await practiceReviewFrom('WSCP-2027-05', 'WSCP-2027-06', 30);
  const page = await newPage();
  await signIn(page, tokens.Executive!);
  await nav(page, 'Practice reviews');
  await page.locator('svg.portfolio').waitFor();
  const bars = page.locator('svg.portfolio [data-testid="review-bar"]');
  await expect(bars.count()).resolves.toBe(practiceReviewsServed ? 3 : 2);
  await expect(page.locator('svg.portfolio [data-reference="WSCP-2026-03"]').getAttribute('data-late')).resolves.toBe('true');
  await expect(page.locator('svg.portfolio [data-reference="WSCP-2027-06"]').getAttribute('data-late')).resolves.toBe('false');
  await expect(page.locator('svg.portfolio [data-reference="WSCP-2026-03"] [data-testid="hold"]').count()).resolves.toBe(1);
  await expect(page.locator('svg.portfolio [data-testid="statutory-target"]').count()).resolves.toBe(practiceReviewsServed ? 3 : 2);
  await expect(page.locator('svg.portfolio [data-testid="today"]').count()).resolves.toBe(1);
  await expect(page.locator('svg.portfolio [data-testid="month-tick"]').count()).resolves.toBeGreaterThanOrEqual(6);
  // The table under the chart gives the same dates as the case page's deadline table.
  const caseAnswer = (await stack.api.request('GET', '/api/cases/WSCP-2026-03')).body as { deadlines: { key: string; due: string; statutoryDue: string }[] };
  const completion = caseAnswer.deadlines.find((d) => d.key === 'completion')!;
  expect(completion.due > completion.statutoryDue).toBe(true);
  await expect(page.locator('#portfolio-table tr[data-reference="WSCP-2026-03"]').textContent()).resolves.toContain(`${completion.statutoryDue}${completion.due}`);
  await expect(page.locator('#portfolio-table tr[data-reference="WSCP-2026-03"] .status').textContent()).resolves.toBe('Overdue');
  await shot(page, 'executive-1-portfolio');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'WSCP-2026-03' }).click();
  await page.locator('svg.timeline').waitFor();
  await expect(page.locator('svg.timeline [data-testid="month-tick"]').count()).resolves.toBeGreaterThanOrEqual(6);
  await shot(page, 'executive-2-case');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});

test('QAPP chair: start the meeting cycle, then an audit, and record a return received', async () => {
  const page = await newPage();
  await signIn(page, tokens['QAPP chair']!);
  await nav(page, 'QAPP meetings');
  await page.getByTestId('empty-state').waitFor();
  await page.getByLabel('Partnership code').fill('WSCP');
  await page.getByLabel('Meet every how many months').fill('2');
  await page.getByLabel('Day of the month').fill('10');
  await shot(page, 'qapp-chair-1-start-cycle');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Start the cycle' }).click();
  await notice(page, 'The QAPP meeting cycle of WSCP has started.');
  await expect(page.locator('tr[data-meeting]').count()).resolves.toBeGreaterThanOrEqual(1);
  await shot(page, 'qapp-chair-2-meetings');

  await nav(page, 'Audits');
  await page.getByTestId('empty-state').waitFor();
  // The list's filter controls and empty state, as well as the start form.
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByLabel('Audit reference').fill('S175-2027');
  await page.getByLabel('Type').selectOption('section-175');
  await page.getByLabel(/^Agencies that owe a return/).fill('police; Police\nhealth; Health trust');
  await fillDate(page, 'Returns due by', day(20));
  await shot(page, 'qapp-chair-3-start-audit', '#audit-form');
  await page.getByRole('button', { name: 'Start the audit' }).click();
  await page.waitForURL(/\/audit\?ref=S175-2027/);
  await page.locator('#outstanding').waitFor();
  await expect(page.locator('#outstanding tbody tr').count()).resolves.toBe(2);
  await page.getByLabel('Agency', { exact: true }).selectOption('police');
  await fillDate(page, 'Date the return was completed', today);
  await page.getByRole('button', { name: 'Record the return' }).click();
  await notice(page, 'Return from police recorded: 1 of 2.');
  await expect(page.locator('#outstanding tbody tr').count()).resolves.toBe(1);
  await shot(page, 'qapp-chair-4-audit');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});

test("agency lead: send the agency's return to the audit", async () => {
  const page = await newPage();
  await signIn(page, tokens['Agency lead']!);
  await page.waitForURL(/\/my-work$/);
  await page.getByTestId('empty-state').getByRole('link', { name: 'send the return here' }).click();
  await page.getByLabel('Audit reference').fill('S175-2027');
  await page.getByLabel('Your agency code').fill('police');
  await fillDate(page, 'Date the return was completed', today);
  await page.getByRole('button', { name: 'Send the return' }).click();
  // Another agency's return is not theirs to send: it does not exist for them.
  await page.locator('#message .error').waitFor();
  await page.getByLabel('Your agency code').fill('health');
  await shot(page, 'agency-lead-1-return');
  await page.getByRole('button', { name: 'Send the return' }).click();
  await notice(page, 'Return recorded: 2 of 2 returns are in.');
  await shot(page, 'agency-lead-2-sent');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});

test("administrator: bring the partnership's existing cases in", async () => {
  // Three rows of the sample tracker and one broken row (its awareness date is not a date), in a file a person would choose.
  const sample = readFileSync(join(__dirname, '..', '..', 'examples', 'tracker.csv'), 'utf8').trim().split('\n');
  const file = join(mkdtempSync(join(tmpdir(), 'guide-tracker-')), 'our-tracker.csv');
  writeFileSync(file, [...sample.slice(0, 4), sample[38]].join('\n') + '\n');
  const page = await newPage();
  await signIn(page, stack.api.token);
  await nav(page, 'Bring cases in');
  await page.getByLabel('Tracker file').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.locator('#problems').waitFor();
  await expect(page.getByTestId('import-message').textContent()).resolves.toMatch(/^Dry run: nothing was created\. 3 case\(s\) would be created/);
  await shot(page, 'administrator-4-import-checked');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Import the cases' }).click();
  await page.getByTestId('import-message').filter({ hasText: /^3 case\(s\) created/ }).waitFor();
  await shot(page, 'administrator-5-imported');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
});
