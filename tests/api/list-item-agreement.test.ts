/**
 * Every list agrees with its items: for each role, the items a list shows are exactly those the
 * policy lets that role read one by one (or, for what the caller owes, among them), and reading
 * each item over HTTP answers as the policy says. Issue 13: my-work listed to every reviewer every
 * practice review, including ones whose case page answered them 404.
 */
import { decide, mayReach } from '../../api/auth/policy';
import { ROLES, type Principal, type Role } from '../../api/auth/principal';
import { itemPath } from '../../api/routes/dashboard';
import type { Database } from '../../prisma/client';
import type { RunningApi } from '../support/api';
import { startAccessApi } from './support';

let api: RunningApi;
let db: Database;
const who = {} as Record<Role | 'every-role', { token: string; principal: Principal }>;
const REVIEWER = 'rev@lscp.test';
const ASSIGNED = ['WSCP-2026-01', 'WSCP-2026-03'];

beforeAll(async () => {
  ({ api, db } = await startAccessApi());
  const cases: [string, string][] = [['WSCP-2026-01', 'rapid-review'], ['WSCP-2026-02', 'rapid-review'], ['WSCP-2026-03', 'practice-review'], ['WSCP-2026-04', 'practice-review']];
  for (const [reference, process] of cases) {
    await db.case.create({ data: { reference, process, workflowId: `${process}:${reference}`, stage: 'scoping', state: 'open', awareOn: '2026-01-05', childPseudonym: 'Child L', ruleSetId: 'standard', calendarVersion: 'test', nextDue: '2026-02-01' } });
  }
  for (const ref of ASSIGNED) await db.caseAssignment.create({ data: { caseReference: ref, subject: REVIEWER, role: 'reviewer' } });
  for (const [reference, partnership] of [['S11-2026', 'LSCP'], ['S175-2026', null]] as const) {
    await db.audit.create({ data: { reference, type: 'section-11', partnership, workflowId: `audit:${reference}`, stage: 'returns-open', state: 'open', openedOn: '2026-01-05', returnsDueOn: '2026-02-01', participants: 3, returned: 1 } });
  }
  await db.qaAction.create({ data: { key: 'S11-2026:train-staff', scope: 'audit', parentRef: 'S11-2026', owner: 'agency-lead', dueOn: '2026-03-01' } });
  await db.qaAction.create({ data: { key: 'LSCP-M1:report', scope: 'meeting', parentRef: 'LSCP-M1', owner: 'qapp-chair', dueOn: '2026-03-01' } });
  const grant = async (key: Role | 'every-role', roles: Role[]) => {
    const subject = key === 'reviewer' ? REVIEWER : `${key}@lscp.test`;
    const token = await api.issueToken(subject, roles, { agency: 'police' });
    who[key] = { token, principal: { subject, roles, agency: 'police', via: 'test', ...(roles.includes('reviewer') ? { assignedCases: ASSIGNED } : {}) } };
  };
  for (const role of ROLES) await grant(role, [role]);
  await grant('every-role', [...ROLES]);
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

type Item = { kind: 'case' | 'audit' | 'action'; reference: string; process: string };
const universe = async (): Promise<Item[]> => [
  ...(await db.case.findMany()).map((c) => ({ kind: 'case' as const, reference: c.reference, process: c.process })),
  ...(await db.audit.findMany()).map((a) => ({ kind: 'audit' as const, reference: a.reference, process: `audit:${a.type}` })),
  ...(await db.qaAction.findMany()).map((a) => ({ kind: 'action' as const, reference: a.key, process: `action:${a.scope}` })),
];

/** Each list endpoint: how to read its items' paths, which items it covers, and whether it shows all of them or only what the caller owes. */
const LISTS: { list: string; items: (body: Record<string, unknown>) => string[]; covers: (i: Item) => boolean; shows: 'every readable item' | 'only readable items' }[] = [
  { list: '/api/cases', items: (b) => (b.cases as { reference: string }[]).map((c) => `/api/cases/${c.reference}`), covers: (i) => i.kind === 'case', shows: 'every readable item' },
  { list: '/api/dashboard', items: (b) => (b.items as Item[]).map(itemPath), covers: () => true, shows: 'every readable item' },
  { list: '/api/my-work', items: (b) => (b.items as Item[]).map(itemPath), covers: () => true, shows: 'only readable items' },
  { list: '/api/audits', items: (b) => (b.audits as { reference: string }[]).map((a) => `/api/audits/${a.reference}`), covers: (i) => i.kind === 'audit', shows: 'every readable item' },
  { list: '/api/qapp/LSCP/dashboard', items: (b) => ((b.audits as { items: { reference: string }[] }).items ?? []).map((a) => `/api/audits/${a.reference}`), covers: (i) => i.kind === 'audit', shows: 'every readable item' },
];

const CALLERS = [...ROLES, 'every-role'] as const;

test.each(LISTS.flatMap((l) => CALLERS.map((c) => [l.list, c, l] as const)))('%s for %s lists what the policy lets it read one by one', async (list, caller, spec) => {
  const { token, principal } = who[caller];
  const res = await api.request('GET', list, undefined, { token });
  const listReachable = decide('GET', list, principal).allow;
  expect(res.status).toBe(listReachable ? 200 : 403);
  if (!listReachable) return;
  const listed = [...new Set(spec.items(res.body))].sort();
  const readable = [...new Set((await universe()).filter(spec.covers).map(itemPath))].filter((p) => mayReach(principal, 'GET', p)).sort();
  if (spec.shows === 'every readable item') expect(listed).toEqual(readable);
  else expect(listed.filter((p) => !readable.includes(p))).toEqual([]);
});

test.each(CALLERS)('reading each case and audit over HTTP as %s answers as the policy says', async (caller) => {
  const { token, principal } = who[caller];
  const paths = [...new Set((await universe()).filter((i) => i.kind !== 'action').map(itemPath))];
  const got = await Promise.all(paths.map(async (p) => `${p}:${(await api.request('GET', p, undefined, { token })).status}`));
  expect(got).toEqual(paths.map((p) => {
    const d = decide('GET', p, principal);
    return `${p}:${d.allow ? 200 : d.status}`;
  }));
});

test('a reviewer sees their own practice review in my-work and in the case list, and nobody else\'s anywhere', async () => {
  const { token } = who.reviewer;
  const mine = ((await api.request('GET', '/api/my-work', undefined, { token })).body.items as Item[]).map((i) => i.reference);
  const cases = ((await api.request('GET', '/api/cases', undefined, { token })).body.cases as Item[]).map((i) => i.reference);
  expect(mine.sort()).toEqual([...ASSIGNED].sort());
  expect(cases.sort()).toEqual([...ASSIGNED].sort());
});
