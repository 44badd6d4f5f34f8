/**
 * The cost of the API around the database, access control included: with 10,000 cases in the read
 * model, an executive's authenticated GET /api/cases/:ref (token check, policy, audited read) and
 * the executive's list of all open cases (GET /api/dashboard?limit=20000), each against the bare
 * Prisma query that answers it, measured alternately in the same run.
 * Run: npx tsx bench/api-access.bench.ts [cases] [iterations]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { defaultCalendar } from '../domain/calendar';
import { STANDARD_RULES } from '../domain/rules';
import { createDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { startTestApi } from '../tests/support/api';
import { printRatio, progress, summary } from './stats';

// Closed and open cases answer from the read model: a stand-in Temporal client refuses queries at once.
const temporal = {
  withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
  withAbortSignal: (_signal: AbortSignal, fn: () => Promise<unknown>) => fn(),
  workflow: { getHandle: () => ({ query: () => Promise.reject(new Error('no Temporal in this bench')) }) },
} as unknown as Client;

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const iterations = Number(process.argv[3] ?? 300);
  const url = `file:${join(mkdtempSync(join(tmpdir(), 'bench-access-')), 'app.db')}`;
  await applyMigrations(url);
  const db = createDatabase(url);
  const calendar = defaultCalendar();
  for (let start = 0; start < count; start += 500) {
    const refs = Array.from({ length: Math.min(500, count - start) }, (_, i) => `BEN${String(start + i).padStart(5, '0')}-2026-01`);
    await db.case.createMany({
      data: refs.map((reference, i) => ({ reference, process: 'rapid-review', workflowId: `rapid-review:${reference}`, stage: i % 2 ? 'closed' : 'notification-due', state: i % 2 ? 'closed' : 'open', awareOn: '2026-10-01', childPseudonym: 'Child B', ruleSetId: STANDARD_RULES.id, calendarVersion: calendar.version, nextDue: '2026-10-08' })),
    });
    await db.deadline.createMany({
      data: refs.flatMap((reference) => [
        { caseReference: reference, key: 'notification', ruleId: 'notification', title: 'Notification', due: '2026-10-08', statutoryDue: '2026-10-08', paused: false, sentence: 'due', explanation: '{"steps":[]}', calendarVersion: calendar.version },
        { caseReference: reference, key: 'rapid-review', ruleId: 'rapid-review', title: 'Rapid review', due: '2026-10-22', statutoryDue: '2026-10-22', paused: false, sentence: 'due', explanation: '{"steps":[]}', calendarVersion: calendar.version },
      ]),
    });
    progress('seeding cases', start + refs.length, count);
  }
  const api = await startTestApi({ temporal, db, taskQueue: 'none', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, seedRoles: ['executive'] });
  const refs = Array.from({ length: iterations }, (_, i) => `BEN${String((i * 7919) % count).padStart(5, '0')}-2026-01`);

  const getCase: number[] = [];
  const bareCase: number[] = [];
  const list: number[] = [];
  const bareList: number[] = [];
  let listed = 0;
  for (let i = -10; i < iterations; i++) {
    const ref = refs[Math.max(0, i)]!;
    let t = performance.now();
    const r = await api.request('GET', `/api/cases/${ref}`);
    if (r.status !== 200) throw new Error(`GET /api/cases/${ref} answered ${r.status}`);
    const viaApi = performance.now() - t;
    t = performance.now();
    const row = await db.case.findUnique({ where: { reference: ref }, include: { deadlines: { orderBy: { due: 'asc' } }, events: { orderBy: { id: 'asc' } }, emails: { orderBy: { id: 'asc' } } } });
    if (!row) throw new Error('missing row');
    const bare = performance.now() - t;
    if (i >= 0) {
      getCase.push(viaApi);
      bareCase.push(bare);
    }
  }
  const listIterations = Math.max(10, Math.floor(iterations / 10));
  for (let i = -2; i < listIterations; i++) {
    let t = performance.now();
    const r = await api.request('GET', '/api/dashboard?limit=20000');
    if (r.status !== 200) throw new Error(`GET /api/dashboard answered ${r.status}`);
    listed = (r.body.items as unknown[]).length;
    const viaApi = performance.now() - t;
    t = performance.now();
    // The same query the dashboard runs (prisma/read-model.ts), without the API around it.
    const rows = await db.case.findMany({
      where: { state: 'open' },
      select: { reference: true, process: true, stage: true, deadlines: { where: { metOn: null }, select: { key: true, title: true, due: true, statutoryDue: true, paused: true, sentence: true } } },
    });
    const bare = performance.now() - t;
    if (rows.length === 0) throw new Error('no open cases');
    if (i >= 0) {
      list.push(viaApi);
      bareList.push(bare);
    }
  }
  console.log(`${count} cases in the read model (${Math.ceil(count / 2)} open); ${iterations} case reads, ${listIterations} list reads; ${await db.auditEntry.count()} access audit entries written`);
  printRatio(summary('authenticated GET /api/cases/:ref', getCase), summary('bare findUnique with deadlines, timeline, emails', bareCase));
  printRatio(summary(`executive's open-case list GET /api/dashboard (${listed} items)`, list), summary('bare findMany of open cases with open deadlines (same select)', bareList));
  await api.close();
  await db.$disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
