/** GET /api/cases for real work: filters, status from the one case verdict, sort, cursor paging, unknown parameters refused. */
import type { Deadline } from '../../domain/deadlines';
import { processNamed } from '../../domain/processes';
import type { Database } from '../../prisma/client';
import { caseListColumns } from '../../prisma/read-model';
import type { RunningApi } from '../support/api';
import { startAccessApi } from './support';

let api: RunningApi;
let db: Database;

async function seed(reference: string, fields: { process?: string; awareOn?: string; paused?: boolean; state?: string; due?: string; commissionedOn?: string; parentReference?: string }) {
  const process = fields.process ?? 'rapid-review';
  await db.case.create({
    data: {
      reference, process, workflowId: `${process}:${reference}`, stage: process === 'rapid-review' ? 'notification-due' : 'evidence-gathering', state: fields.state ?? 'open', awareOn: fields.awareOn ?? '2026-01-05',
      childPseudonym: 'Child A', ruleSetId: 'wt2018', calendarVersion: 'test', nextDue: fields.due ?? null, paused: fields.paused ?? false, parentReference: fields.parentReference ?? null,
    },
  });
  if (fields.due) {
    const start = fields.commissionedOn ?? fields.awareOn ?? '2026-01-05';
    const explanation = JSON.stringify({ start: { event: fields.commissionedOn ? 'decision-to-initiate' : 'awareness', date: start } });
    const deadline = await db.deadline.create({
      data: { caseReference: reference, key: process === 'practice-review' ? 'completion' : 'rapid-review', ruleId: process === 'practice-review' ? 'T7' : 'T4', title: 't', due: fields.due, statutoryDue: fields.due, paused: fields.paused ?? false, sentence: 's', explanation, calendarVersion: 'test' },
    });
    // As the worker's persistCase writes them with every snapshot.
    await db.case.update({ where: { reference }, data: caseListColumns(processNamed(process), [{ ...deadline, explanation: JSON.parse(explanation) as Deadline['explanation'] }]) });
  }
}

beforeAll(async () => {
  ({ api, db } = await startAccessApi({ clock: () => Date.parse('2026-06-01T12:00:00Z') }));
  await seed('LIST-2026-01', { awareOn: '2026-01-05', due: '2026-01-26' }); // overdue
  await seed('LIST-2026-02', { awareOn: '2026-05-20', due: '2026-06-02' }); // at risk
  await seed('LIST-2026-03', { awareOn: '2026-05-28', due: '2026-06-30' }); // on track
  await seed('LIST-2026-04', { process: 'practice-review', awareOn: '2025-12-01', commissionedOn: '2026-02-10', due: '2026-08-10', paused: true, parentReference: 'LIST-2026-01' }); // on hold
  await seed('LIST-2026-05', { awareOn: '2025-11-03' }); // no deadline yet
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

type Item = { reference: string; status: string; owner: string; commissionedOn: string | null; awareOn: string };
const list = async (query: string) => {
  const r = await api.request('GET', `/api/cases${query}`);
  expect(r.status).toBe(200);
  return r.body as { cases: Item[]; nextCursor: string | null };
};
const refs = (page: { cases: Item[] }) => page.cases.map((c) => c.reference);

test('each case carries its status, owner and, for a practice review, its commissioning date', async () => {
  const all = await list('');
  expect(all.cases.map((c) => [c.reference, c.status, c.owner, c.commissionedOn])).toEqual([
    ['LIST-2026-01', 'overdue', 'cspr-chair', null],
    ['LIST-2026-02', 'at-risk', 'cspr-chair', null],
    ['LIST-2026-03', 'on-track', 'cspr-chair', null],
    ['LIST-2026-04', 'on-hold', 'reviewer', '2026-02-10'],
    ['LIST-2026-05', 'on-track', 'cspr-chair', null],
  ]);
  expect(all.nextCursor).toBeNull();
});

test.each([
  ['?status=overdue', ['LIST-2026-01']],
  ['?status=on-hold', ['LIST-2026-04']],
  ['?process=practice-review', ['LIST-2026-04']],
  ['?owner=cspr-chair&status=on-track', ['LIST-2026-03', 'LIST-2026-05']],
  ['?awareFrom=2026-01-01&awareTo=2026-05-27', ['LIST-2026-01', 'LIST-2026-02']],
  ['?stage=evidence-gathering', ['LIST-2026-04']],
  ['?state=completed', []],
  ['?sort=aware-on', ['LIST-2026-03', 'LIST-2026-02', 'LIST-2026-01', 'LIST-2026-04', 'LIST-2026-05']],
  ['?sort=reference&awareTo=2025-12-31', ['LIST-2026-04', 'LIST-2026-05']],
])('%s', async (query, expected) => {
  expect(refs(await list(query))).toEqual(expected);
});

test('a cursor pages through every case once, even when cases are added between pages', async () => {
  const first = await list('?sort=aware-on&limit=2');
  expect(refs(first)).toEqual(['LIST-2026-03', 'LIST-2026-02']);
  // Added before and after the cursor's position: neither shifts the next page.
  await seed('LIST-2026-06', { awareOn: '2026-05-31' });
  await seed('LIST-2026-07', { awareOn: '2025-01-01' });
  const second = await list(`?sort=aware-on&limit=2&cursor=${first.nextCursor!}`);
  expect(refs(second)).toEqual(['LIST-2026-01', 'LIST-2026-04']);
  const third = await list(`?sort=aware-on&limit=2&cursor=${second.nextCursor!}`);
  expect(refs(third)).toEqual(['LIST-2026-05', 'LIST-2026-07']);
  expect(third.nextCursor).toBeNull();
  await db.case.deleteMany({ where: { reference: { in: ['LIST-2026-06', 'LIST-2026-07'] } } });
});

test('unknown parameters and a malformed cursor are refused with 400 naming them', async () => {
  const unknown = await api.request('GET', '/api/cases?proces=rapid-review&colour=red');
  expect(unknown.status).toBe(400);
  expect(unknown.body.errors).toEqual([{ field: 'query', rule: 'unknown field(s): proces, colour' }]);
  const malformed = await api.request('GET', '/api/cases?cursor=not%20a%20cursor');
  expect([malformed.status, (malformed.body.errors as { field: string }[])[0]!.field]).toEqual([400, 'cursor']);
  expect((await api.request('GET', '/api/cases?status=late')).status).toBe(400);
});

test('a reviewer still lists only the cases assigned to them, filters applied within them', async () => {
  const token = await api.issueToken('rev@lscp.test', ['reviewer']);
  await db.caseAssignment.create({ data: { caseReference: 'LIST-2026-04', subject: 'rev@lscp.test', role: 'reviewer' } });
  const mine = await api.request('GET', '/api/cases', undefined, { token });
  expect((mine.body.cases as Item[]).map((c) => c.reference)).toEqual(['LIST-2026-04']);
  const filtered = await api.request('GET', '/api/cases?status=overdue', undefined, { token });
  expect(filtered.body.cases).toEqual([]);
});

test('GET /api/audits filters by type, status and returns date, sorts, pages with a cursor, and refuses unknown parameters', async () => {
  const audit = (reference: string, type: string, returnsDueOn: string) =>
    db.audit.create({ data: { reference, type, workflowId: `audit:${reference}`, stage: 'returns-open', state: 'open', openedOn: '2026-01-05', returnsDueOn, participants: 3, returned: 1 } });
  await audit('S175-2026', 'section-175', '2026-07-01');
  await audit('S11-2026', 'section-11', '2026-06-15');
  await audit('CFA-2026-NEGLECT', 'case-file', '2026-06-15');
  const page = async (query: string) => {
    const r = await api.request('GET', `/api/audits${query}`);
    expect(r.status).toBe(200);
    return r.body as { audits: { reference: string }[]; nextCursor: string | null };
  };
  expect((await page('?type=section-11')).audits.map((a) => a.reference)).toEqual(['S11-2026']);
  expect((await page('?returnsFrom=2026-06-20')).audits.map((a) => a.reference)).toEqual(['S175-2026']);
  const first = await page('?limit=2');
  expect(first.audits.map((a) => a.reference)).toEqual(['CFA-2026-NEGLECT', 'S11-2026']);
  const second = await page(`?limit=2&cursor=${first.nextCursor!}`);
  expect([second.audits.map((a) => a.reference), second.nextCursor]).toEqual([['S175-2026'], null]);
  // On 1 June 2026: returns due 15 June are on track (9 working days left); a status the list does not know is refused.
  expect((await page('?status=on-track&sort=reference')).audits.map((a) => [a.reference, (a as { status?: string }).status])).toEqual([['CFA-2026-NEGLECT', 'on-track'], ['S11-2026', 'on-track'], ['S175-2026', 'on-track']]);
  expect((await page('?status=overdue')).audits).toEqual([]);
  expect((await api.request('GET', '/api/audits?status=late')).status).toBe(400);
  const unknown = await api.request('GET', '/api/audits?owner=police');
  expect([unknown.status, unknown.body.errors]).toEqual([400, [{ field: 'query', rule: 'unknown field(s): owner' }]]);
});
