/**
 * GET /api/actions filters by status in SQL. Its answers must agree with the dashboard's status of
 * the same open actions (dueDate, itemStatus) on any day: random audit and meeting actions (some
 * done), on random days and around the late May bank holiday, on SQLite and PostgreSQL.
 */
import fc from 'fast-check';
import { actionPage, ACTION_LIST_STATUSES, ActionListQuery } from '../../api/list-query';
import { defaultCalendar } from '../../domain/calendar';
import type { Database } from '../../prisma/client';
import { dashboardItems } from '../../prisma/read-model';
import { freshDatabase, type Provider } from '../support/database';
import { postgresAvailability } from '../support/postgres';

const day = (n: number) => new Date(Date.UTC(2026, 4, 1) + n * 86_400_000).toISOString().slice(0, 10);
const actionArb = fc.record({
  scope: fc.constantFrom('audit', 'meeting'),
  owner: fc.constantFrom('police', 'health', 'school-a'),
  dueOn: fc.integer({ min: 0, max: 90 }).map(day),
  done: fc.constantFrom(false, false, false, true),
});
const ACTIONS = fc.sample(actionArb, { seed: 1717, numRuns: 80 }).map((a, i) => ({ ...a, key: `${a.scope === 'audit' ? 'S11-2026' : 'LSCP-M1'}:A${String(i).padStart(3, '0')}` }));
const TODAYS = [...fc.sample(fc.integer({ min: -3, max: 95 }).map(day), { seed: 15, numRuns: 8 }), '2026-05-22', '2026-05-25', '2026-05-26'];
const query = (q: Record<string, string>) => ActionListQuery.parse(q);

describe.each<Provider>(['sqlite', 'postgresql'])('the action list in SQL on %s', (provider) => {
  let db: Database | undefined;
  beforeAll(async () => {
    if (provider === 'postgresql' && !(await postgresAvailability()).available) return console.warn('skipped on PostgreSQL (not reachable): action list in SQL');
    db = (await freshDatabase(provider, 'action_list_sql')).db;
    for (const a of ACTIONS) {
      await db.qaAction.create({ data: { key: a.key, scope: a.scope, parentRef: a.scope === 'audit' ? 'S11-2026' : 'LSCP-M1', owner: a.owner, dueOn: a.dueOn, completedOn: a.done ? '2026-04-30' : null } });
    }
  }, 60_000);
  afterAll(async () => db?.$disconnect());

  test("each status filter lists exactly the actions with that status, which is the dashboard's for every open action", async () => {
    if (!db) return;
    const calendar = defaultCalendar();
    for (const today of TODAYS) {
      const ctx = { today, calendar };
      const all = (await actionPage(db, query({}), ctx)).actions;
      expect(all).toHaveLength(ACTIONS.length);
      const dashboard = new Map((await dashboardItems(db, calendar, today)).filter((i) => i.kind === 'action').map((i) => [i.reference, i.status]));
      for (const a of all) expect([today, a.key, a.status]).toEqual([today, a.key, dashboard.get(a.key) ?? 'done']);
      for (const status of ACTION_LIST_STATUSES) {
        const filtered = await actionPage(db, query({ status }), ctx);
        expect([today, status, filtered.actions.map((a) => a.key).sort()]).toEqual([today, status, all.filter((a) => a.status === status).map((a) => a.key).sort()]);
      }
    }
  });

  test('filters by scope, owner and due dates, and pages in due order listing every action once', async () => {
    if (!db) return;
    const ctx = { today: '2026-06-01', calendar: defaultCalendar() };
    const police = (await actionPage(db, query({ scope: 'meeting', owner: 'police', dueFrom: '2026-05-10', dueTo: '2026-06-10' }), ctx)).actions.map((a) => a.key);
    expect(police).toEqual(ACTIONS.filter((a) => a.scope === 'meeting' && a.owner === 'police' && a.dueOn >= '2026-05-10' && a.dueOn <= '2026-06-10').sort((x, y) => x.dueOn.localeCompare(y.dueOn) || x.key.localeCompare(y.key)).map((a) => a.key));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await actionPage(db, query({ limit: '7', ...(cursor ? { cursor } : {}) }), ctx);
      seen.push(...page.actions.map((a) => a.key));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...ACTIONS].sort((x, y) => x.dueOn.localeCompare(y.dueOn) || x.key.localeCompare(y.key)).map((a) => a.key));
  });

  test('an unknown parameter or a bad owner is refused, naming it', () => {
    expect(ActionListQuery.safeParse({ colour: 'red' }).success).toBe(false);
    expect(ActionListQuery.safeParse({ owner: 'Police Force' }).error?.issues[0]).toMatchObject({ path: ['owner'] });
  });
});
