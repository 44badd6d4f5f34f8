/**
 * The Executive Group meetings page in Chromium on the whole stack: an executive opens the cycle
 * with a first meeting in 2019, records a meeting held from the form built from allowedNext, and
 * sees the workflow's reason when a milestone is refused.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from '../support/browser';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

let stack: E2eStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startE2eStack({ name: 'executive-cycle-page' });
  // The server's first start can take longer than the API's start deadline on a loaded machine.
  await stack.env.client.workflow.start('warm-up', { workflowId: `warm-up-${Date.now()}`, taskQueue: 'nobody' }).then((h) => h.terminate());
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function signedIn(token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(`${stack.api.url}/sign-in`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(my-work)?$/);
  return page;
}

test('an executive opens the cycle, records a meeting held, and sees a refusal with its reason', async () => {
  const page = await signedIn(await stack.api.issueToken('exec@lscp.test', ['executive']));
  await page.goto(`${stack.api.url}/executive-cycle`);
  await page.getByLabel('Reference').fill('WSCPEX-2019-01');
  await page.getByLabel('Cadence').selectOption('monthly');
  await page.getByLabel('First meeting').fill('2019-10-16');
  await page.getByRole('button', { name: 'Open the cycle' }).click();
  await page.getByRole('heading', { name: 'Executive Group meetings WSCPEX-2019-01' }).waitFor();

  const held = page.locator('#form-meeting-held');
  await held.getByLabel('Meeting on').selectOption('2019-11-18');
  await held.getByLabel('Occurred on').fill('2019-11-18');
  await held.getByRole('button', { name: 'Meeting held' }).click();
  await page.locator('[data-meeting="2019-11-18"]').waitFor();

  const again = page.locator('#form-meeting-held');
  await again.getByLabel('Meeting on').selectOption('2019-10-16');
  await again.getByLabel('Occurred on').fill('2019-10-17');
  await again.getByRole('button', { name: 'Meeting held' }).click();
  expect(await page.getByTestId('refusal').textContent()).toContain('a meeting is held on its date (2019-10-16), not 2019-10-17');
}, 120_000);
