/**
 * `GET /api/cases/{ref}` reads its case in one statement, each child table aggregated to JSON
 * (api/case-read.ts). It must bring back exactly what Prisma's own query brings: the same rows in the
 * same order, with booleans, nulls, numbers and instants of the same types, on SQLite and PostgreSQL.
 */
import { readCaseRows } from '../../api/case-read';
import type { Database } from '../../prisma/client';
import { freshDatabase, type Provider } from '../support/database';
import { postgresAvailability } from '../support/postgres';

async function seedCaseWithEverything(db: Database, reference: string): Promise<void> {
  await db.case.create({ data: { reference, process: 'practice-review', workflowId: `practice-review:${reference}`, stage: 'on-hold', state: 'open', awareOn: '2026-03-02', childPseudonym: 'Child "Q"', ruleSetId: 'wt2018', calendarVersion: 'ew-1', paused: true } });
  // Inserted out of date order, with a tie on the due date that the id settles.
  const deadline = { caseReference: reference, ruleId: 'T7', title: 'Completion', kind: 'deadline', statutoryDue: '2026-09-02', sentence: 'due in 6 months', explanation: '{"start":{"event":"commissioned","date":"2026-03-02"}}', calendarVersion: 'ew-1' };
  await db.deadline.create({ data: { ...deadline, key: 'publication', due: '2026-09-30', paused: true, metOn: null } });
  await db.deadline.create({ data: { ...deadline, key: 'completion', due: '2026-09-02', paused: false, metOn: '2026-08-30' } });
  await db.deadline.create({ data: { ...deadline, key: 'action-plan', kind: 'standing', due: '2026-09-02', paused: false, metOn: null, title: 'Action plan, "agreed"' } });
  await db.timelineEvent.create({ data: { idempotencyKey: `${reference}:1`, caseReference: reference, occurredOn: '2026-03-02', kind: 'commissioned', summary: 'Review commissioned', actor: 'chair@lscp.test', note: 'a note with ünïcode and a \\ backslash', recordedAt: new Date('2026-03-02T09:15:30.123Z') } });
  await db.$executeRaw`INSERT INTO "TimelineEvent" ("idempotencyKey", "caseReference", "occurredOn", "kind", "summary") VALUES (${`${reference}:2`}, ${reference}, '2026-04-01', 'hold', 'Paused: criminal proceedings')`;
  await db.emailMessage.create({ data: { idempotencyKey: `${reference}:m1`, messageId: '<m1@review-engine>', caseReference: reference, kind: 'reminder', recipients: 'a@lscp.test,b@lscp.test', subject: 'Reminder', status: 'sent', attempts: 2, lastError: '421', sentAt: new Date('2026-03-03T08:00:00.007Z') } });
  await db.emailMessage.create({ data: { idempotencyKey: `${reference}:m2`, messageId: '<m2@review-engine>', caseReference: reference, kind: 'notice', recipients: 'c@lscp.test', subject: 'Notice', status: 'pending' } });
}

describe.each<Provider>(['sqlite', 'postgresql'])('the case read in one statement on %s', (provider) => {
  let db: Database | undefined;
  beforeAll(async () => {
    if (provider === 'postgresql' && !(await postgresAvailability()).available) return console.warn('skipped on PostgreSQL (not reachable): case read in one statement');
    ({ db } = await freshDatabase(provider, 'case_read_rows'));
    await seedCaseWithEverything(db, 'ROWS-2026-01');
    await db.case.create({ data: { reference: 'ROWS-2026-02', process: 'rapid-review', workflowId: 'rapid-review:ROWS-2026-02', stage: 'notification-due', state: 'open', awareOn: '2026-03-02', childPseudonym: 'Child R', ruleSetId: 'wt2018', calendarVersion: 'ew-1' } });
  }, 60_000);
  afterAll(async () => db?.$disconnect());

  test("brings back what Prisma's own query does: rows, order and types", async () => {
    if (!db) return;
    const expected = await db.case.findUnique({
      where: { reference: 'ROWS-2026-01' },
      select: {
        reference: true, process: true, workflowId: true, stage: true, state: true, awareOn: true, childPseudonym: true, ruleSetId: true, calendarVersion: true, paused: true,
        deadlines: { orderBy: [{ due: 'asc' }, { id: 'asc' }], select: { key: true, ruleId: true, title: true, kind: true, due: true, statutoryDue: true, paused: true, metOn: true, sentence: true, explanation: true } },
        events: { orderBy: { id: 'asc' }, select: { occurredOn: true, recordedAt: true, kind: true, summary: true, actor: true, note: true } },
        emails: { orderBy: { id: 'asc' }, select: { messageId: true, kind: true, recipients: true, subject: true, status: true, attempts: true, lastError: true, sentAt: true } },
      },
    });
    const read = await readCaseRows(db, 'ROWS-2026-01');
    expect(read).toStrictEqual(expected);
    expect(read?.deadlines.map((d) => d.key)).toEqual(['completion', 'action-plan', 'publication']);
    expect(read?.events[0]?.recordedAt.toISOString()).toBe('2026-03-02T09:15:30.123Z');
  });

  test('a case with no deadlines, timeline or emails has empty lists; an unknown one is absent', async () => {
    if (!db) return;
    expect(await readCaseRows(db, 'ROWS-2026-02')).toMatchObject({ reference: 'ROWS-2026-02', paused: false, deadlines: [], events: [], emails: [] });
    expect(await readCaseRows(db, 'ROWS-2026-99')).toBeUndefined();
  });
});
