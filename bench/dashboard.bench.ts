/**
 * The dashboard with 10,000 open cases in the read model: time for Chromium to render the page
 * (navigation to the table drawn) against the API's JSON of the same list, in the same run.
 * Run: npx tsx bench/dashboard.bench.ts [cases] [iterations]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium } from 'playwright-core';
import { defaultCalendar } from '../domain/calendar';
import { addCalendarDays } from '../domain/dates';
import { computeDeadline } from '../domain/deadlines';
import { STANDARD_RULES } from '../domain/rules';
import { createDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { startTestApi } from '../tests/support/api';
import { chromiumPath } from '../tests/support/browser';
import { printRatio, progress, summary } from './stats';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const iterations = Number(process.argv[3] ?? 30);
  const url = `file:${join(mkdtempSync(join(tmpdir(), 'bench-dashboard-')), 'app.db')}`;
  await applyMigrations(url);
  const db = createDatabase(url);
  const calendar = defaultCalendar();
  const base = '2026-06-01';
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, k) => start + k);
    const cases = batch.map((i) => ({ reference: `B${String(i).padStart(6, '0')}-2026-01`, awareOn: addCalendarDays(base, i % 170) }));
    await db.case.createMany({ data: cases.map((c) => ({ ...c, process: 'rapid-review', workflowId: `rapid-review:${c.reference}`, stage: 'notification-due', state: 'open', childPseudonym: 'Child B', ruleSetId: STANDARD_RULES.id, calendarVersion: calendar.version })) });
    await db.deadline.createMany({
      data: cases.flatMap((c) =>
        (['T1', 'T4'] as const).map((rule) => {
          const d = computeDeadline({ key: rule === 'T1' ? 'notification' : 'rapid-review', rule: STANDARD_RULES.rules[rule], ruleSetId: STANDARD_RULES.id, start: { event: 'awareness', date: c.awareOn }, calendar });
          return { caseReference: c.reference, key: d.key, ruleId: d.ruleId, title: d.title, due: d.due, statutoryDue: d.statutoryDue, paused: false, sentence: d.sentence, explanation: JSON.stringify(d.explanation), calendarVersion: calendar.version };
        }),
      ),
    });
    progress('seeding cases', start + batch.length, count);
  }
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const api = await startTestApi({ temporal, db, taskQueue: 'none', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, seedRoles: ['executive'] });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext();
  await context.addInitScript(`sessionStorage.setItem('review-engine-token', ${JSON.stringify(api.token)})`);
  const page = await context.newPage();

  const json: number[] = [];
  const render: number[] = [];
  for (let i = 0; i < iterations + 3; i++) {
    let t = performance.now();
    const r = await api.request('GET', '/api/dashboard');
    if (r.status !== 200 || (r.body.total as number) !== count) throw new Error(`dashboard JSON answered ${r.status} with ${String(r.body.total)} items`);
    if (i >= 3) json.push(performance.now() - t);
    t = performance.now();
    await page.goto(`${api.url}/`);
    await page.waitForFunction(`document.querySelectorAll('#items tr').length >= 200 && !/Loading/.test(document.querySelector('#figures')?.textContent ?? 'Loading')`);
    if (i >= 3) render.push(performance.now() - t);
    progress('iterations', i + 1, iterations + 3);
  }
  console.log(`\n${count} open cases, ${iterations} iterations after 3 warm-up, SQLite read model, Chromium headless`);
  printRatio(summary('dashboard page rendered', render), summary('GET /api/dashboard JSON', json));
  await browser.close();
  await api.close();
  await db.$disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
