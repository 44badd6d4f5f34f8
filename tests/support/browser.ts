/** Debian's Chromium for browser tests (Playwright's own browser download does not work offline). */
import { existsSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('No Chromium found for the browser tests: apt-get install -y chromium (bash .ci/run does), or set CHROMIUM_PATH.');
  return found;
}

/** Fills a GOV.UK date input (day, month and year boxes under one question) as a person would, on the page or within a part of it. */
export async function fillDate(page: Page | Locator, question: string | RegExp, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-') as [string, string, string];
  const group = page.getByRole('group', { name: question });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}
