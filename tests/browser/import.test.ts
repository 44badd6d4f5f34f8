/**
 * The tracker upload page (issue 12) in Chromium on the whole stack (time-skipping server, SQLite
 * file, SMTP listener, the API over HTTP): an administrator chooses a tracker file as a person
 * would, checks it (every broken row named by row and column, nothing created), imports it (the
 * valid rows created), imports it again ("Nothing changed") and checks the same rows as JSON. A small part of
 * examples/tracker.csv keeps the test short: six good rows and the five broken ones.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../support/browser';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

const SAMPLE = readFileSync(join(__dirname, '..', '..', 'examples', 'tracker.csv'), 'utf8').trim().split('\n');
/** The header and rows 2 to 7, then the sample's broken rows 39 to 43, which become rows 8 to 12. */
const TRACKER = [...SAMPLE.slice(0, 7), ...SAMPLE.slice(38, 43)].join('\n') + '\n';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'import');

let stack: E2eStack;
let browser: Browser;
let file: string;
let jsonFile: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  file = join(mkdtempSync(join(tmpdir(), 'tracker-upload-')), 'our-tracker.csv');
  writeFileSync(file, TRACKER);
  jsonFile = join(dirname(file), 'our-tracker.json');
  const [header, ...lines] = TRACKER.trim().split('\n').map((l) => l.split(','));
  writeFileSync(jsonFile, JSON.stringify(lines.map((cells) => Object.fromEntries(cells.flatMap((v, i) => (v ? [[header![i], v]] : []))))));
  stack = await startE2eStack({ name: 'import-page' });
  // The server's first start can take longer than the API's start deadline on a loaded machine.
  await stack.env.client.workflow.start('warm-up', { workflowId: `warm-up-${Date.now()}`, taskQueue: 'nobody' }).then((h) => h.terminate());
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })`);
  return (result as { violations: { id: string; impact: string; nodes: unknown[] }[] }).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

const cells = (page: Page, table: string) => page.locator(`${table} tbody tr`).evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));

test('an administrator checks a tracker (broken rows named by row and column), imports it, and a second import changes nothing', async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(`${stack.api.url}/sign-in`);
  await page.getByLabel('API token').fill(stack.api.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(my-work)?$/);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Bring cases in', exact: true }).click();

  const template = page.getByTestId('empty-state').getByRole('link', { name: 'sample tracker (CSV)' });
  const download = await fetch(`${stack.api.url}${await template.getAttribute('href')}`);
  expect([download.status, (await download.text()).split('\n')[0]]).toEqual([200, SAMPLE[0]]);
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Import the cases' }).click();
  await expect(page.locator('#message').textContent()).resolves.toContain('tracker: select a CSV or JSON file');

  await page.getByLabel('Tracker file').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.locator('#problems').waitFor();
  expect((await cells(page, '#problems')).map(([row, column]) => [row, column])).toEqual([
    ['8', 'aware_on'],
    ['9', 'notified_on'],
    ['10', 'summaries_received'],
    ['11', 'hold_1_to'],
    ['12', 'reference'],
  ]);
  await expect(page.getByTestId('import-message').textContent()).resolves.toMatch(/^Dry run: nothing was created\. 6 case\(s\) would be created/);
  await page.screenshot({ path: join(ARTIFACTS, 'import-checked.png'), fullPage: true, animations: 'disabled' });
  expect(await accessibilityViolations(page)).toEqual([]);
  expect((await stack.api.request('GET', '/api/cases')).body.cases).toEqual([]);

  await page.getByRole('button', { name: 'Import the cases' }).click();
  await page.getByTestId('import-message').filter({ hasText: /^6 case\(s\) created/ }).waitFor();
  expect((await cells(page, '#import-cases')).map((c) => c[3])).toEqual([...Array(6).fill('Created'), ...Array(5).fill('Refused: see its problems')]);
  await expect(page.locator('#problems tbody tr').count()).resolves.toBe(5);
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Import the cases' }).click();
  await page.getByTestId('import-message').filter({ hasText: /^Nothing changed: 6 case\(s\) were imported before/ }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'import-again.png'), fullPage: true, animations: 'disabled' });
  expect((await cells(page, '#import-cases')).filter((c) => c[3] === 'Created')).toEqual([]);

  // The same rows as JSON (numbered from 1, without a header row) are the same cases.
  await page.getByLabel('Tracker file').setInputFiles(jsonFile);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByTestId('import-message').filter({ hasText: /^Dry run: nothing was created\. 0 case\(s\) would be created, 6 were imported before/ }).waitFor();
  expect((await cells(page, '#problems')).map(([row, column]) => [row, column])).toEqual([
    ['7', 'aware_on'],
    ['8', 'notified_on'],
    ['9', 'summaries_received'],
    ['10', 'hold_1_to'],
    ['11', 'reference'],
  ]);
  await page.close();
}, 180_000);
