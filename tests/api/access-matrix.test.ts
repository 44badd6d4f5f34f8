/**
 * Every role against every route of the policy table, over HTTP or through the policy's one decision
 * function; a reviewer gets 404 for cases not theirs, and words in a path decide nothing.
 */
import { decide, matchRoute, PERMISSIONS, ROUTES, SCOPED_ROLES } from '../../api/auth/policy';
import type { Principal, Role } from '../../api/auth/principal';
import type { Database } from '../../prisma/client';
import type { RunningApi } from '../support/api';
import { seedCase, startAccessApi } from './support';

let api: RunningApi;
let db: Database;
const tokens = {} as Record<Role | 'none', string | null>;
const MINE = 'ASSIGN-2026-01';
const OTHER = 'OTHER-2026-02';

beforeAll(async () => {
  ({ api, db } = await startAccessApi());
  await seedCase(db, MINE);
  await seedCase(db, OTHER);
  await db.caseAssignment.create({ data: { caseReference: MINE, subject: 'rev@lscp.test', role: 'reviewer' } });
  // An audit the read model knows: an update on an unknown one is 404 whoever asks (api/workflow-calls.ts).
  await db.audit.create({ data: { reference: 'S11-2026', type: 'section-11', workflowId: 'audit:S11-2026', stage: 'returns-open', state: 'open', openedOn: '2026-01-05', returnsDueOn: '2026-02-05', participants: 1, returned: 0 } });
  for (const role of ['admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair'] as const) {
    tokens[role] = await api.issueToken(role === 'reviewer' ? 'rev@lscp.test' : `${role}@lscp.test`, [role], role === 'agency-lead' ? { agency: 'police' } : {});
  }
  tokens.none = null;
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

type Who = keyof typeof tokens;
const WHO: Who[] = ['none', 'admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair'];

// Expected status per caller, in WHO order.
const HTTP_MATRIX: [string, string, unknown, number[]][] = [
  ['GET', '/api/health', undefined, [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/openapi.json', undefined, [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/docs', undefined, [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/calendar/working-days?from=2026-01-05&add=1', undefined, [401, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/cases', undefined, [401, 403, 200, 200, 200, 403, 403]],
  ['GET', `/api/cases/${MINE}`, undefined, [401, 403, 200, 200, 200, 403, 403]],
  ['GET', `/api/cases/${OTHER}`, undefined, [401, 403, 200, 200, 404, 403, 403]],
  ['POST', `/api/cases/${MINE}/milestones`, { milestone: 'notification-sent', occurredOn: '2026-01-06' }, [401, 403, 403, 200, 200, 403, 403]],
  ['POST', `/api/cases/${OTHER}/milestones`, { milestone: 'notification-sent', occurredOn: '2026-01-06' }, [401, 403, 403, 200, 404, 403, 403]],
  ['POST', '/api/rapid-reviews', { reference: 'WSCP-2026-77', childPseudonym: 'Child Q', awareOn: '2026-01-05' }, [401, 403, 403, 201, 403, 403, 403]],
  ['GET', '/api/tokens', undefined, [401, 200, 403, 403, 403, 403, 403]],
  ['GET', '/api/case-assignments', undefined, [401, 200, 403, 403, 403, 403, 403]],
  ['GET', '/api/audit-log', undefined, [401, 200, 200, 403, 403, 403, 403]],
  ['GET', '/api/audit-log.csv', undefined, [401, 200, 200, 403, 403, 403, 403]],
  ['POST', '/api/calendar/changes', { nonsense: true }, [401, 400, 403, 403, 403, 403, 403]],
  ['GET', '/api/my-work', undefined, [401, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/dashboard', undefined, [401, 200, 200, 200, 403, 403, 200]],
  ['GET', '/api/reports/annual', undefined, [401, 200, 200, 200, 403, 403, 200]],
  ['GET', '/api/reports/annual.csv', undefined, [401, 200, 200, 200, 403, 403, 200]],
  // Reviewers may not pause at all: 403 whether or not the case exists, so nothing leaks.
  ['POST', `/api/cases/${OTHER}/pause`, { nonsense: true }, [401, 403, 403, 400, 403, 403, 403]],
  ['GET', '/api/audits', undefined, [401, 403, 200, 403, 403, 403, 200]],
  ['GET', '/api/actions', undefined, [401, 403, 200, 403, 403, 403, 200]],
  ['POST', '/api/audits', { nonsense: true }, [401, 403, 403, 403, 403, 403, 400]],
  ['POST', '/api/qapp/WSCP/cadence', { nonsense: true }, [401, 403, 400, 403, 403, 403, 403]],
  ['POST', '/api/executive-cycles', { nonsense: true }, [401, 400, 400, 403, 403, 403, 403]],
  ['POST', '/api/qapp/WSCP/suspend', { nonsense: true }, [401, 403, 400, 403, 403, 403, 400]],
  ['POST', '/api/audits/S11-2026-01/agencies/police/returns', { nonsense: true }, [401, 403, 403, 403, 403, 400, 400]],
  ['POST', '/api/audits/S11-2026-01/agencies/health/returns', { nonsense: true }, [401, 403, 403, 403, 403, 404, 400]],
  ['GET', '/api/no-such-thing', undefined, [401, 403, 403, 403, 403, 403, 403]],
  // Issue 13: words in an action key decided access (an agency lead completed `returns`, the executive `cadence`).
  ['POST', '/api/audits/S11-2026/actions/returns/complete', { completedOn: '2026-01-06' }, [401, 403, 403, 403, 403, 403, 200]],
  ['POST', '/api/audits/S11-2026/actions/cadence/complete', { completedOn: '2026-01-06' }, [401, 403, 403, 403, 403, 403, 200]],
  ['POST', '/api/audits/S11-2026/actions/agencies/complete', { completedOn: '2026-01-06' }, [401, 403, 403, 403, 403, 403, 200]],
];

test.each(HTTP_MATRIX)('%s %s answers each role as the policy says', async (method, path, body, expected) => {
  const got: number[] = [];
  for (const who of WHO) got.push((await api.request(method, path, body, { token: tokens[who] })).status);
  expect(WHO.map((w, i) => `${w}:${got[i]}`)).toEqual(WHO.map((w, i) => `${w}:${expected[i]}`));
});

test('a reviewer sees only assigned cases in the list, and an unassigned case looks exactly like a missing one', async () => {
  const list = await api.request('GET', '/api/cases', undefined, { token: tokens.reviewer });
  expect((list.body.cases as { reference: string }[]).map((c) => c.reference)).toEqual([MINE]);
  const other = await api.request('GET', `/api/cases/${OTHER}`, undefined, { token: tokens.reviewer });
  const missing = await api.request('GET', '/api/cases/NOPE-2026-03', undefined, { token: tokens.reviewer });
  expect([other.status, missing.status]).toEqual([404, 404]);
  expect(other.body.title).toBe(missing.body.title);
  expect(other.body.detail).toBe(`case ${OTHER} does not exist`);
  expect(missing.body.detail).toBe('case NOPE-2026-03 does not exist');
  expect(JSON.stringify(other.body)).not.toMatch(/reviewer|assign|forbidden/i);
});

test('my work lists to a reviewer only the practice reviews assigned to them, like the case itself', async () => {
  for (const [ref, assigned] of [['PR-MINE-2026-01', true], ['PR-OTHER-2026-02', false]] as const) {
    await db.case.create({ data: { reference: ref, process: 'practice-review', workflowId: `practice-review:${ref}`, stage: 'scoping', state: 'open', awareOn: '2026-01-05', childPseudonym: 'Child P', ruleSetId: 'standard', calendarVersion: 'test' } });
    if (assigned) await db.caseAssignment.create({ data: { caseReference: ref, subject: 'rev@lscp.test', role: 'reviewer' } });
  }
  const reviewer = await api.issueToken('rev@lscp.test', ['reviewer']);
  const listed = ((await api.request('GET', '/api/my-work', undefined, { token: reviewer })).body.items as { reference: string }[]).map((i) => i.reference);
  expect(listed).toContain('PR-MINE-2026-01');
  expect(listed).not.toContain('PR-OTHER-2026-02');
  expect((await api.request('GET', '/api/cases/PR-OTHER-2026-02', undefined, { token: reviewer })).status).toBe(404);
});

// Routes without an HTTP row above, through the policy's one decision function.
const ROLES: Role[] = ['admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair'];
const principal = (role: Role): Principal => ({ subject: `${role}@x`, roles: [role], via: 't', ...(role === 'reviewer' ? { assignedCases: ['WSCP-2026-01'] } : {}), ...(role === 'agency-lead' ? { agency: 'police' } : {}) });
const DECISIONS: [string, string, (number | 'ok')[]][] = [
  // method, path, expected for admin, executive, cspr-chair, reviewer, agency-lead, qapp-chair
  ['GET', '/api/calendar/deadlines', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']],
  ['GET', '/api/reports/annual.md', ['ok', 'ok', 'ok', 403, 403, 'ok']],
  ['POST', '/api/tokens', ['ok', 403, 403, 403, 403, 403]],
  ['DELETE', '/api/tokens/0123456789abcdef', ['ok', 403, 403, 403, 403, 403]],
  ['POST', '/api/case-assignments', ['ok', 403, 403, 403, 403, 403]],
  ['DELETE', '/api/case-assignments/3', ['ok', 403, 403, 403, 403, 403]],
  ['GET', '/api/cases/WSCP-2026-01/emails', [403, 'ok', 'ok', 'ok', 403, 403]],
  ['GET', '/api/cases/WSCP-2026-09/emails', [403, 'ok', 'ok', 404, 403, 403]],
  ['POST', '/api/cases/WSCP-2026-01/resume', [403, 403, 'ok', 403, 403, 403]],
  ['POST', '/api/cases/WSCP-2026-01/publication-deferral', [403, 403, 'ok', 403, 403, 403]],
  ['GET', '/api/audits/S11-2026', [403, 'ok', 403, 403, 403, 'ok']],
  ['POST', '/api/audits/recorded', [403, 403, 403, 403, 403, 'ok']],
  ['GET', '/api/audits/S11-2026/returns', [403, 'ok', 403, 403, 403, 'ok']],
  // Issue 17: an agency lead reads the audit it returns to, at its own agency's path only.
  ['GET', '/api/audits/S11-2026/agencies/police', [403, 'ok', 403, 403, 'ok', 'ok']],
  ['GET', '/api/audits/S11-2026/agencies/health', [403, 'ok', 403, 403, 404, 'ok']],
  ['POST', '/api/qapp/LSCP/stop', [403, 'ok', 403, 403, 403, 403]],
  ['POST', '/api/audits/S11-2026/milestones', [403, 403, 403, 403, 403, 'ok']],
  ['POST', '/api/audits/S11-2026/actions/suspend/complete', [403, 403, 403, 403, 403, 'ok']],
  ['POST', '/api/qapp', [403, 403, 403, 403, 403, 'ok']],
  ['GET', '/api/executive-cycles/WSCPEX-2019-01', ['ok', 'ok', 403, 403, 403, 403]],
  ['POST', '/api/executive-cycles/WSCPEX-2019-01/milestones', ['ok', 'ok', 403, 403, 403, 403]],
  ['GET', '/api/qapp/LSCP', [403, 'ok', 403, 403, 403, 'ok']],
  ['GET', '/api/qapp/LSCP/meetings', [403, 'ok', 403, 403, 403, 'ok']],
  ['GET', '/api/qapp/LSCP/dashboard', [403, 'ok', 403, 403, 403, 'ok']],
  ['POST', '/api/qapp/LSCP/meetings/LSCP-M1/minutes', [403, 403, 403, 403, 403, 'ok']],
  ['POST', '/api/qapp/LSCP/actions/complete', [403, 403, 403, 403, 403, 'ok']],
  ['POST', '/api/qapp/LSCP/resume', [403, 'ok', 403, 403, 403, 'ok']],
  // Words in a path decide nothing: only the route does.
  ['POST', '/api/audits/returns/milestones', [403, 403, 403, 403, 403, 'ok']],
  ['POST', '/api/qapp/CADENCE/actions/complete', [403, 403, 403, 403, 403, 'ok']],
  ['GET', '/api/audits/S11-2026/agencies/police/reports', [403, 403, 403, 403, 403, 403]],
  ['PUT', '/api/qapp/LSCP/cadence', [403, 403, 403, 403, 403, 403]],
  // Issue 12: a practice review started on its own, by the CSPR chair or an admin bringing cases in.
  ['POST', '/api/practice-reviews', ['ok', 403, 'ok', 403, 403, 403]],
  ['POST', '/api/imports', ['ok', 403, 403, 403, 403, 403]],
  ['DELETE', '/api/unknown', [403, 403, 403, 403, 403, 403]],
];

test.each(DECISIONS)('policy: %s %s', (method, path, expected) => {
  const got = ROLES.map((r) => {
    const d = decide(method, path, principal(r));
    return d.allow ? 'ok' : d.status;
  });
  expect(ROLES.map((r, i) => `${r}:${got[i]}`)).toEqual(ROLES.map((r, i) => `${r}:${expected[i]}`));
});

test('every route in the policy is exercised by this matrix', () => {
  const exercised = [...HTTP_MATRIX.map(([m, p]) => [m, p.split('?')[0]!] as const), ...DECISIONS.map(([m, p]) => [m, p] as const)];
  const covered = new Set(exercised.map(([m, p]) => matchRoute(m, p)?.rule));
  expect(ROUTES.filter((r) => !covered.has(r)).map((r) => `${r.method} ${r.route}`)).toEqual([]);
});

test('every route that names a resource and that a scoped role may use says which parameter scopes it', () => {
  const loose = ROUTES.filter((r) => r.route.includes('/:') && (PERMISSIONS[r.permission] as readonly Role[]).some((role) => role in SCOPED_ROLES) && r.scope === undefined);
  expect(loose.map((r) => `${r.method} ${r.route}`)).toEqual([]);
  for (const r of ROUTES.filter((x) => x.scope)) expect([r.route, r.route.includes(`/:${r.scope!.param}`)]).toEqual([r.route, true]);
});

test('an import is on the access audit trail under the admin who made it, like every other action', async () => {
  const dryRun = await api.request('POST', '/api/imports', { dryRun: true, cases: [{ reference: 'IMP-2019-01', process: 'rapid review', child: 'Child I', aware_on: '2019-05-07' }] }, { token: tokens.admin, headers: { 'x-request-id': 'import-actor-1' } });
  expect(dryRun.status).toBe(200);
  const entries = await db.auditEntry.findMany({ where: { requestId: 'import-actor-1' } });
  expect(entries.map((e) => [e.actor, e.action, e.resource])).toEqual([['admin@lscp.test', 'import-dry-run', 'imports']]);
});
