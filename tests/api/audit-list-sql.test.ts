/**
 * GET /api/audits filters by status in SQL. Its answers must agree with the dashboard's status of
 * the same audits (auditReturnsDue, itemStatus) on any day: random audits (paused, all returned,
 * closed) on random days, around the late May bank holiday too, on SQLite and PostgreSQL.
 */
import fc from 'fast-check';
import { auditPage, AUDIT_LIST_STATUSES, type AuditListQuery } from '../../api/list-query';
import { defaultCalendar } from '../../domain/calendar';
import type { Database } from '../../prisma/client';
import { dashboardItems } from '../../prisma/read-model';
import { freshDatabase, type Provider } from '../support/database';
import { postgresAvailability } from '../support/postgres';

const calendar = defaultCalendar();
const day = (n: number) => new Date(Date.UTC(2026, 4, 1) + n * 86_400_000).toISOString().slice(0, 10);
const auditArb = fc.record({
  state: fc.constantFrom('open', 'open', 'open', 'closed'),
  paused: fc.constantFrom(false, false, false, true),
  participants: fc.integer({ min: 1, max: 4 }),
  returned: fc.integer({ min: 0, max: 4 }),
  returnsDueOn: fc.integer({ min: 0, max: 90 }).map(day),
});
const AUDITS = fc.sample(auditArb, { seed: 1616, numRuns: 80 }).map((a, i) => ({ ...a, returned: Math.min(a.returned, a.participants), reference: `S11-AUD-${String(i).padStart(3, '0')}` }));
const TODAYS = [...fc.sample(fc.integer({ min: -3, max: 95 }).map(day), { seed: 14, numRuns: 8 }), '2026-05-22', '2026-05-25', '2026-05-26'];
const query = (q: Partial<AuditListQuery>): AuditListQuery => ({ sort: 'returns-due', limit: 500, ...q });

describe.each<Provider>(['sqlite', 'postgresql'])('the audit list in SQL on %s', (provider) => {
  let db: Database | undefined;
  beforeAll(async () => {
    if (provider === 'postgresql' && !(await postgresAvailability()).available) return console.warn('skipped on PostgreSQL (not reachable): audit list in SQL');
    db = (await freshDatabase(provider, 'audit_list_sql')).db;
    for (const a of AUDITS) {
      await db.audit.create({ data: { reference: a.reference, type: 'section-11', workflowId: `audit:${a.reference}`, stage: a.state === 'closed' ? 'closed' : 'returns-open', state: a.state, paused: a.paused, openedOn: '2026-04-01', returnsDueOn: a.returnsDueOn, participants: a.participants, returned: a.returned } });
    }
  }, 60_000);
  afterAll(async () => db?.$disconnect());

  test("each status filter lists exactly the audits with that status, which is the dashboard's for every open audit", async () => {
    if (!db) return;
    for (const today of TODAYS) {
      const ctx = { today, calendar };
      const all = (await auditPage(db, query({}), ctx, (a) => ({ reference: a.reference, returnsDueOn: a.returnsDueOn }))).audits;
      expect(all).toHaveLength(AUDITS.length);
      const dashboard = new Map((await dashboardItems(db, calendar, today)).filter((i) => i.kind === 'audit').map((i) => [i.reference, i.status]));
      for (const a of all) expect([today, a.reference, a.status]).toEqual([today, a.reference, dashboard.get(a.reference) ?? 'closed']);
      for (const status of AUDIT_LIST_STATUSES) {
        const filtered = await auditPage(db, query({ status }), ctx, (a) => ({ reference: a.reference, returnsDueOn: a.returnsDueOn }));
        expect([today, status, filtered.audits.map((a) => a.reference).sort()]).toEqual([today, status, all.filter((a) => a.status === status).map((a) => a.reference).sort()]);
      }
    }
  });

  test('pages sorted by reference list every audit once', async () => {
    if (!db) return;
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await auditPage(db, query({ sort: 'reference', limit: 9, ...(cursor ? { cursor } : {}) }), { today: '2026-06-01', calendar }, (a) => ({ reference: a.reference, returnsDueOn: a.returnsDueOn }));
      seen.push(...page.audits.map((a) => a.reference));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(AUDITS.map((a) => a.reference).sort());
  });
});
