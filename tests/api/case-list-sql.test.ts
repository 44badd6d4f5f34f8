/**
 * GET /api/cases filters, sorts and pages in SQL on columns stored with each snapshot (issue 14).
 * Its answers must be those of the in-memory computation it replaced: every case's deadlines through
 * deadlineStatus and caseHealthOf on the day. Random cases (holds, met, late, standing deadlines,
 * closed) are checked on random days, around bank holidays too, on SQLite and PostgreSQL. The
 * migration's backfill of rows written before the columns is checked against the same function.
 */
import { createClient } from '@libsql/client';
import fc from 'fast-check';
import { createActivities } from '../../activities';
import type { Mailer } from '../../activities/mailer';
import { Client as PgClient } from 'pg';
import { listCases, type CaseListItem, type CaseListQuery } from '../../api/list-query';
import { defaultCalendar } from '../../domain/calendar';
import { caseHealthOf } from '../../domain/case-health';
import { deadlineStatus, type Deadline } from '../../domain/deadlines';
import type { CaseSnapshot, DeadlineView, ProcessName } from '../../domain/contracts';
import { createDatabase, type Database } from '../../prisma/client';
import { migrationsFor } from '../../prisma/migrate';
import { caseListColumns } from '../../prisma/read-model';
import { freshDatabase, type Provider } from '../support/database';
import { freshPostgresDatabase, postgresAvailability } from '../support/postgres';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const calendar = defaultCalendar();
const day = (n: number) => new Date(Date.UTC(2026, 4, 1) + n * 86_400_000).toISOString().slice(0, 10);
const dateIn = (from: number, to: number) => fc.integer({ min: from, max: to }).map(day);

interface StoredDeadline {
  key: string;
  ruleId: string;
  kind: 'deadline' | 'standing';
  due: string;
  paused: boolean;
  metOn: string | null;
  start: string;
}
interface RandomCase {
  process: ProcessName;
  state: 'open' | 'completed';
  paused: boolean;
  awareOn: string;
  deadlines: StoredDeadline[];
}

// One rule per deadline, as in the rule sets: a practice review's completion counts from its commissioning (T7).
const RULE_OF: Record<string, string> = { 'rapid-review': 'T4', completion: 'T7', notification: 'T1', 'panel-sent': 'T5', publication: 'T8' };
const deadlineArb: fc.Arbitrary<StoredDeadline> = fc
  .record({
    key: fc.constantFrom(...Object.keys(RULE_OF)),
    kind: fc.constantFrom<StoredDeadline['kind']>('deadline', 'deadline', 'deadline', 'standing'),
    due: dateIn(0, 120),
    paused: fc.constantFrom(false, false, true),
    metOn: fc.option(dateIn(0, 120), { freq: 3 }),
    start: dateIn(-60, 0),
  })
  .map((d) => ({ ...d, ruleId: RULE_OF[d.key]! }));
const caseArb: fc.Arbitrary<RandomCase> = fc.record({
  process: fc.constantFrom('rapid-review', 'practice-review'),
  state: fc.constantFrom('open', 'open', 'open', 'completed'),
  paused: fc.constantFrom(false, false, false, true),
  awareOn: dateIn(-90, 30),
  // Unique keys, as the read model's (caseReference, key) constraint demands.
  deadlines: fc.uniqueArray(deadlineArb, { maxLength: 4, selector: (d) => d.key }),
});

const CASES = fc.sample(caseArb, { seed: 1414, numRuns: 90 });
// Random days, and the days around the late May bank holiday (25 May 2026) and a weekend.
const TODAYS = [...fc.sample(dateIn(-5, 125), { seed: 16, numRuns: 10 }), '2026-05-22', '2026-05-23', '2026-05-25', '2026-05-26', '2026-05-29'];
const reference = (i: number) => `SQL-2026-${String(i).padStart(3, '0')}`;
const explanation = (d: StoredDeadline) => ({ start: { event: 'awareness', date: d.start } }) as Deadline['explanation'];

/** The list's status as it was computed before it moved into SQL: every deadline's verdict, then the case's one word. */
function statusInMemory(c: RandomCase, today: string): CaseListItem['status'] {
  const verdicts = c.deadlines.map((d) => ({ key: d.key, ...deadlineStatus({ due: d.due, statutoryDue: d.due, paused: d.paused, kind: d.kind }, today, calendar, d.metOn ? { metOn: d.metOn } : {}) }));
  const health = caseHealthOf(c.process, verdicts, { completed: c.state !== 'open', onHold: c.paused });
  return health === 'finished-late' ? 'met-late' : health;
}
const nextDueOf = (c: RandomCase) => c.deadlines.filter((d) => !d.metOn && d.kind !== 'standing').map((d) => d.due).sort()[0] ?? null;

async function seed(db: Database): Promise<void> {
  for (const [i, c] of CASES.entries()) {
    await db.case.create({
      data: {
        reference: reference(i), process: c.process, workflowId: `${c.process}:${reference(i)}`, stage: 'scoping', state: c.state, awareOn: c.awareOn, childPseudonym: 'Child Q', ruleSetId: 'standard', calendarVersion: 'test',
        nextDue: nextDueOf(c), paused: c.paused, ...caseListColumns(c.process, c.deadlines.map((d) => ({ ...d, explanation: explanation(d) }))),
      },
    });
  }
}

const STATUSES = ['on-track', 'at-risk', 'overdue', 'on-hold', 'met-late', 'closed'] as const;
const query = (q: Partial<CaseListQuery>): CaseListQuery => ({ sort: 'next-due', limit: 500, ...q });

describe.each<Provider>(['sqlite', 'postgresql'])('the case list in SQL on %s', (provider) => {
  let db: Database | undefined;
  beforeAll(async () => {
    if (provider === 'postgresql' && !(await postgresAvailability()).available) return console.warn('skipped on PostgreSQL (not reachable): case list in SQL');
    db = (await freshDatabase(provider, 'case_list_sql')).db;
    await seed(db);
  }, 60_000);
  afterAll(async () => db?.$disconnect());

  test('every case has the status the in-memory computation gives it, and each status filter lists exactly those, on every day', async () => {
    if (!db) return;
    for (const today of TODAYS) {
      const ctx = { scope: undefined, today, calendar };
      const expected = new Map(CASES.map((c, i) => [reference(i), statusInMemory(c, today)]));
      const all = await listCases(db, query({}), ctx);
      expect(new Map(all.cases.map((c) => [c.reference, c.status]))).toEqual(expected);
      for (const status of STATUSES) {
        const filtered = await listCases(db, query({ status }), ctx);
        expect([today, status, filtered.cases.map((c) => c.reference).sort()]).toEqual([today, status, [...expected].filter(([, s]) => s === status).map(([r]) => r).sort()]);
      }
    }
  });

  test.each(['next-due', 'aware-on', 'reference'] as const)('pages sorted by %s, a few at a time, list every case once in the in-memory order', async (sort) => {
    if (!db) return;
    const today = '2026-06-10';
    const key = (c: RandomCase) => (sort === 'next-due' ? (nextDueOf(c) ?? '9999-99-99') : sort === 'aware-on' ? c.awareOn : '');
    const byRef = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expected = CASES.map((c, i) => ({ reference: reference(i), key: key(c), status: statusInMemory(c, today) }))
      .filter((c) => c.status !== 'closed')
      .sort((a, b) => (sort === 'aware-on' ? byRef(b.key, a.key) : byRef(a.key, b.key)) || byRef(a.reference, b.reference))
      .map((c) => c.reference);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listCases(db, query({ sort, limit: 7, state: 'open', ...(cursor ? { cursor } : {}) }), { scope: undefined, today, calendar });
      seen.push(...page.cases.filter((c) => c.status !== 'closed').map((c) => c.reference));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const open = new Set(CASES.map((c, i) => (c.state === 'open' ? reference(i) : '')));
    expect(seen).toEqual(expected.filter((r) => open.has(r)));
  });
});

describe.each<Provider>(['sqlite', 'postgresql'])('the migration case_list_columns on %s', (provider) => {
  test('backfills rows written before it with the values the worker writes now', async () => {
    if (provider === 'postgresql' && !(await postgresAvailability()).available) return console.warn('skipped on PostgreSQL (not reachable): backfill');
    const migrations = migrationsFor(provider);
    const at = migrations.findIndex((m) => m.name.endsWith('_case_list_columns'));
    const before = migrations.slice(0, at);
    const rows = CASES.map((c, i) => [reference(i), c] as const);
    const inserts: [string, unknown[]][] = [];
    for (const [ref, c] of rows) {
      inserts.push([`INSERT INTO "Case" ("reference","process","workflowId","stage","state","awareOn","childPseudonym","ruleSetId","calendarVersion","paused","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?)`, [ref, c.process, `${c.process}:${ref}`, 'scoping', c.state, c.awareOn, 'Child Q', 'standard', 'test', c.paused, '2026-06-01T00:00:00.000Z']]);
      for (const d of c.deadlines) {
        inserts.push([`INSERT INTO "Deadline" ("caseReference","key","ruleId","title","kind","due","statutoryDue","paused","metOn","sentence","explanation","calendarVersion") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`, [ref, d.key, d.ruleId, 't', d.kind, d.due, d.due, d.paused, d.metOn, 's', JSON.stringify(explanation(d)), 'test']]);
      }
    }
    let url: string;
    if (provider === 'sqlite') {
      url = `file:${join(mkdtempSync(join(tmpdir(), 'review-engine-')), 'app.db')}`;
      const client = createClient({ url });
      for (const m of before) await client.executeMultiple(m.sql);
      for (const [sql, args] of inserts) await client.execute({ sql, args: args.map((a) => (typeof a === 'boolean' ? Number(a) : a)) as (string | number | null)[] });
      await client.executeMultiple(migrations[at]!.sql);
      client.close();
    } else {
      url = await freshPostgresDatabase('backfill');
      const client = new PgClient({ connectionString: url });
      await client.connect();
      for (const m of before) await client.query(m.sql);
      for (const [sql, args] of inserts) {
        let n = 0;
        await client.query(sql.replace(/\?/g, () => `$${++n}`), args);
      }
      await client.query(migrations[at]!.sql);
      await client.end();
    }
    const db = createDatabase(url);
    try {
      const stored = await db.case.findMany({ select: { reference: true, governingDue: true, finishedLate: true, commissionedOn: true }, orderBy: { reference: 'asc' } });
      expect(stored).toEqual(rows.map(([ref, c]) => ({ reference: ref, ...caseListColumns(c.process, c.deadlines.map((d) => ({ ...d, explanation: explanation(d) }))) })));
    } finally {
      await db.$disconnect();
    }
  });
});

describe('persistCase', () => {
  test("writes the list columns with every snapshot: a practice review's commissioning date, its running deadline, then its late finish", async () => {
    const { db } = await freshDatabase('sqlite', 'persist_list_columns');
    const activities = createActivities({ db, mailer: { send: () => Promise.reject(new Error('no mail here')) } as unknown as Mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients: {} } });
    const view = (key: string, ruleId: string, due: string, extra: Partial<DeadlineView> = {}): DeadlineView =>
      ({ key, ruleId, title: key, kind: 'deadline', due, statutoryDue: due, paused: false, sentence: 's', explanation: { start: { event: 'decision-to-initiate', date: '2026-02-10' }, calendarVersion: 'test' }, status: 'on-track', workingDaysRemaining: 1, statutoryDuePassed: false, verdict: 'v', ...extra }) as DeadlineView;
    const snapshot = (revision: number, deadlines: DeadlineView[], state: 'open' | 'completed' = 'open'): CaseSnapshot => ({
      reference: 'PERSIST-2026-01', process: 'practice-review', workflowId: 'practice-review:PERSIST-2026-01', stage: 'scoping', state, awareOn: '2026-01-05', ruleSetId: 'standard', calendarVersion: 'test', revision, deadlines, timeline: [],
    });
    const columns = () => db.case.findUniqueOrThrow({ where: { reference: 'PERSIST-2026-01' }, select: { governingDue: true, finishedLate: true, commissionedOn: true } });
    try {
      await activities.persistCase(snapshot(1, [view('completion', 'T7', '2026-08-10'), view('panel-sent', 'T8', '2026-05-01', { paused: true })]));
      await expect(columns()).resolves.toEqual({ governingDue: '2026-08-10', finishedLate: false, commissionedOn: '2026-02-10' });
      await activities.persistCase(snapshot(2, [view('completion', 'T7', '2026-08-10', { metOn: '2026-08-20' })], 'completed'));
      await expect(columns()).resolves.toEqual({ governingDue: null, finishedLate: true, commissionedOn: '2026-02-10' });
    } finally {
      await db.$disconnect();
    }
  });
});
