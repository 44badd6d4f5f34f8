/** Hostile and malformed input: every refusal is problem+json, nothing leaks, free text stays inert. */
import type { Database } from '../../prisma/client';
import type { RunningApi } from '../support/api';
import { eventually } from '../support/api';
import { seedCase, startAccessApi } from './support';

let api: RunningApi;
let db: Database;

beforeAll(async () => {
  ({ api, db } = await startAccessApi());
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

const expectProblem = (r: { status: number; type: string; text: string }, status: number) => {
  expect(r.status).toBe(status);
  expect(r.type).toMatch(/^application\/problem\+json/);
  expect(r.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|Temporal|WorkflowNotFound|grpc|prisma/i);
};

test('an oversized body is refused with 413 before any handler runs', async () => {
  const r = await api.request('POST', '/api/rapid-reviews', { reference: 'BIG-2026-01', childPseudonym: 'Child B', awareOn: '2026-01-05', pad: 'x'.repeat(70_000) });
  expectProblem(r, 413);
  expect(await db.case.count()).toBe(0);
});

test.each([
  ['wrong type', { reference: 42, childPseudonym: 'Child B', awareOn: '2026-01-05' }, 'reference'],
  ['array for object', [], 'body'],
  ['unknown field', { reference: 'WSCP-2026-10', childPseudonym: 'Child B', awareOn: '2026-01-05', childName: 'Real Name' }, 'body'],
  ['date out of range', { reference: 'WSCP-2026-11', childPseudonym: 'Child B', awareOn: '1899-12-31' }, 'awareOn'],
  ['impossible date', { reference: 'WSCP-2026-12', childPseudonym: 'Child B', awareOn: '2026-02-30' }, 'awareOn'],
  ['date in the future', { reference: 'WSCP-2026-13', childPseudonym: 'Child B', awareOn: '2099-01-01' }, 'awareOn'],
  ['pseudonym too long', { reference: 'WSCP-2026-14', childPseudonym: 'x'.repeat(61), awareOn: '2026-01-05' }, 'childPseudonym'],
])('%s is refused with 400 naming the field', async (_what, body, field) => {
  const r = await api.request('POST', '/api/rapid-reviews', body);
  expectProblem(r, 400);
  expect((r.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  expect(await db.case.count()).toBe(0);
});

test('unknown query parameters and wrong types in the query are refused', async () => {
  expectProblem(await api.request('GET', '/api/calendar/working-days?from=2026-01-05&add=1&x=1'), 400);
  expectProblem(await api.request('GET', '/api/calendar/working-days?from=2026-01-05&add=one'), 400);
  expectProblem(await api.request('GET', '/api/audit-log?limit=-1'), 400);
  expectProblem(await api.request('GET', '/api/cases/..%2F..%2Fetc'), 400);
});

test('SQL and script text in free text is stored and returned exactly, as inert JSON', async () => {
  const sql = "Child'); DROP TABLE \"Case\";--";
  const script = '<script>alert(1)</script>';
  expect((await api.request('POST', '/api/rapid-reviews', { reference: 'INERT-2026-01', childPseudonym: sql, awareOn: '2026-01-05' })).status).toBe(201);
  expect((await api.request('POST', '/api/rapid-reviews', { reference: 'INERT-2026-02', childPseudonym: script, awareOn: '2026-01-05' })).status).toBe(201);
  const first = await api.request('GET', '/api/cases/INERT-2026-01');
  const second = await api.request('GET', '/api/cases/INERT-2026-02');
  expect(first.body.childPseudonym).toBe(sql);
  expect(second.body.childPseudonym).toBe(script);
  expect(second.type).toMatch(/^application\/json/);
  expect(second.headers.get('x-content-type-options')).toBe('nosniff');
  expect(await db.case.count()).toBe(2);
  const token = await api.request('POST', '/api/tokens', { subject: 'svc@lscp.test', roles: ['executive'], label: `${script} ${sql}` });
  expect(token.status).toBe(201);
  const listed = (await api.request('GET', '/api/tokens')).body.tokens as { label: string | null }[];
  expect(listed.map((t) => t.label)).toContain(`${script} ${sql}`);
});

test('missing, malformed, wrong, expired and revoked tokens get 401 with a Bearer challenge', async () => {
  await seedCase(db, 'TOK-2026-01');
  const expired = await api.issueToken('old@lscp.test', ['executive'], { expiresAt: new Date(Date.now() - 1000) });
  const revoked = await api.request('POST', '/api/tokens', { subject: 'gone@lscp.test', roles: ['executive'], expiresInDays: 1 });
  const revokedToken = revoked.body.token as string;
  expect((await api.request('GET', '/api/cases/TOK-2026-01', undefined, { token: revokedToken })).status).toBe(200);
  expect((await api.request('DELETE', `/api/tokens/${String(revoked.body.id)}`)).status).toBe(200);
  const wrongSecret = `${api.token.slice(0, -4)}AAAA`;
  for (const [what, token] of [['none', null], ['malformed', 'hello'], ['wrong secret', wrongSecret], ['expired', expired], ['revoked', revokedToken]] as const) {
    const r = await api.request('GET', '/api/cases/TOK-2026-01', undefined, { token });
    expectProblem(r, 401);
    expect([what, r.headers.get('www-authenticate')]).toEqual([what, 'Bearer realm="review-engine"']);
  }
  expect((await api.request('GET', '/api/cases/TOK-2026-01', undefined, { token: expired })).body.detail).toBe('token expired');
  expect((await api.request('GET', '/api/cases/TOK-2026-01', undefined, { token: revokedToken })).body.detail).toBe('token revoked');
  expect(await db.apiToken.count({ where: { secretHash: { contains: revokedToken.slice(-43) } } })).toBe(0);
});

test('every response carries a request id and hardening headers; CORS is closed by default', async () => {
  const r = await api.request('GET', '/api/health', undefined, { headers: { origin: 'https://evil.example' } });
  expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.headers.get('access-control-allow-origin')).toBeNull();
  expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(r.headers.get('x-powered-by')).toBeNull();
  const denied = await api.request('GET', '/api/cases', undefined, { token: null, headers: { 'x-request-id': 'trace-123' } });
  expect(denied.headers.get('x-request-id')).toBe('trace-123');
  expect(denied.body.requestId).toBe('trace-123');
});

test('reads of a case and every write are on the access audit trail, queryable and exportable as CSV', async () => {
  await seedCase(db, 'AUD-2026-01');
  const exec = await api.issueToken('=HYPERLINK("x")@lscp.test', ['executive']);
  expect((await api.request('GET', '/api/cases/AUD-2026-01', undefined, { token: exec, headers: { 'x-request-id': 'read-aud-1' } })).status).toBe(200);
  expect((await api.request('POST', '/api/case-assignments', { caseReference: 'AUD-2026-01', subject: 'rev@lscp.test' }, { headers: { 'x-request-id': 'write-aud-1' } })).status).toBe(201);
  const entries = await eventually(async () => {
    const r = await api.request('GET', '/api/audit-log?resource=case%3AAUD-2026-01', undefined, { token: exec });
    const list = r.body.entries as { actor: string; action: string; requestId: string; origin: string; outcome: string }[];
    return list.length >= 1 ? list : undefined;
  }, 'the read on the audit trail');
  expect(entries.map((e) => [e.actor, e.action, e.requestId, e.origin, e.outcome])).toEqual([['=HYPERLINK("x")@lscp.test', 'GET /api/cases/AUD-2026-01', 'read-aud-1', '127.0.0.1', 'ok 200']]);
  const write = await eventually(async () => (await db.auditEntry.findMany({ where: { requestId: 'write-aud-1' } }))[0], 'the write on the audit trail');
  expect([write.actor, write.action, write.outcome]).toEqual(['test-chair@lscp.test', 'POST /api/case-assignments', 'ok 201']);
  const csv = await api.request('GET', '/api/audit-log.csv?resource=case%3AAUD-2026-01', undefined, { token: exec });
  expect(csv.type).toMatch(/^text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('id,at,actor,action,resource,origin,requestId,outcome');
  expect(lines[1]).toMatch(/^\d+,\d{4}-\d\d-\d\dT[\d:.]+Z,"'=HYPERLINK\(""x""\)@lscp\.test",GET \/api\/cases\/AUD-2026-01,case:AUD-2026-01,127\.0\.0\.1,read-aud-1,ok 200$/);
  // Database triggers refuse both (Prisma reports SQLite's trigger abort as a constraint violation).
  const before = await db.auditEntry.count();
  await expect(db.auditEntry.deleteMany({})).rejects.toThrow(/constraint|append-only/i);
  await expect(db.auditEntry.updateMany({ data: { actor: 'someone else' } })).rejects.toThrow(/constraint|append-only/i);
  expect(await db.auditEntry.count()).toBe(before);
  expect(await db.auditEntry.count({ where: { actor: 'someone else' } })).toBe(0);
});

test('the rate limit is per token and answers 429 as problem+json', async () => {
  const limited = await startAccessApi({ rateLimitPerMinute: 3 });
  try {
    const other = await limited.api.issueToken('other@lscp.test', ['executive']);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await limited.api.request('GET', '/api/cases')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await limited.api.request('GET', '/api/cases', undefined, { token: other })).status).toBe(200);
  } finally {
    await limited.api.close();
    await limited.db.$disconnect();
  }
});

// Every numeric query and path parameter: digits only, no sign on zero, no leading zeros, no blanks.
const NUMERIC_PARAMETERS: [string, string, (v: string) => string][] = [
  ['add', 'add', (v) => `/api/calendar/working-days?from=2026-01-05&add=${v}`],
  ['atRisk', 'atRisk', (v) => `/api/dashboard?atRisk=${v}`],
  ['limit (dashboard)', 'limit', (v) => `/api/dashboard?limit=${v}`],
  ['limit (audit log)', 'limit', (v) => `/api/audit-log?limit=${v}`],
];
const LOOSE_NUMBERS = ['', '0x10', '1e3', '-0', '%205', '5%20', '+5', '05', '1.0', 'Infinity', '0b1'];

test.each(NUMERIC_PARAMETERS.flatMap(([what, field, url]) => LOOSE_NUMBERS.map((v) => [what, v, field, url(v)] as const)))('%s=%j is refused with 400 naming the field', async (_what, _value, field, url) => {
  const r = await api.request('GET', url);
  expectProblem(r, 400);
  expect((r.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
});

test('a numeric parameter given twice is refused with 400 naming it', async () => {
  const r = await api.request('GET', '/api/calendar/working-days?from=2026-01-05&add=5&add=6');
  expectProblem(r, 400);
  expect((r.body.errors as { field: string }[]).map((e) => e.field)).toContain('add');
});

test('strict numbers still accept plain whole numbers, negative where allowed', async () => {
  expect((await api.request('GET', '/api/calendar/working-days?from=2026-01-05&add=-3')).body.add).toBe(-3);
  expect((await api.request('GET', '/api/calendar/working-days?from=2026-01-05&add=0')).body.add).toBe(0);
  expect((await api.request('GET', '/api/dashboard?atRisk=10&limit=1')).status).toBe(200);
  expect((await api.request('GET', '/api/audit-log?limit=20')).status).toBe(200);
});

test.each(['0x10', '1e3', '-0', '05', '%201'])('a case assignment id of %j is refused with 400 naming id', async (v) => {
  const r = await api.request('DELETE', `/api/case-assignments/${v}`);
  expectProblem(r, 400);
  expect((r.body.errors as { field: string }[]).map((e) => e.field)).toContain('id');
});

test('failed authentication is limited per client address: 429 problem+json with Retry-After; other clients go on', async () => {
  const limited = await startAccessApi({ authFailuresPerMinute: 3 });
  try {
    const from = (address: string) => ({ token: 'rvw_0000000000000000_wrongwrongwrongwrongwrongwrongwrongwrongwro', headers: { 'x-forwarded-for': address } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await limited.api.request('GET', '/api/cases', undefined, from('203.0.113.7'))).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await limited.api.request('GET', '/api/cases', undefined, { ...from('203.0.113.7'), token: null });
    expectProblem(refused, 429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // The same address is refused even with a good token until the window ends; another address is not.
    expect((await limited.api.request('GET', '/api/cases', undefined, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(429);
    expect((await limited.api.request('GET', '/api/cases', undefined, { headers: { 'x-forwarded-for': '198.51.100.2' } })).status).toBe(200);
    expect((await limited.api.request('GET', '/api/cases', undefined, from('198.51.100.2'))).status).toBe(401);
    // Successful requests never count.
    for (let i = 0; i < 10; i += 1) expect((await limited.api.request('GET', '/api/cases', undefined, { headers: { 'x-forwarded-for': '198.51.100.3' } })).status).toBe(200);
    expect((await limited.api.request('GET', '/api/cases', undefined, from('198.51.100.3'))).status).toBe(401);
  } finally {
    await limited.api.close();
    await limited.db.$disconnect();
  }
});

test.each([
  ['a malformed date', '2026-1-5', 'must be a real calendar date written YYYY-MM-DD'],
  ['an empty date', '', 'must be a real calendar date written YYYY-MM-DD'],
  ['an impossible date', '2026-02-30', 'must be a real calendar date written YYYY-MM-DD'],
  ['a real date outside the range', '1999-12-31', 'must be between 2000-01-01 and 2099-12-31'],
])('%s gets one error saying what is wrong, not a second about the range', async (_what, awareOn, rule) => {
  const r = await api.request('POST', '/api/rapid-reviews', { reference: 'DATE-2026-01', childPseudonym: 'Child B', awareOn });
  expectProblem(r, 400);
  expect(r.body.errors).toEqual([{ field: 'awareOn', rule }]);
});

test('a method a known path does not serve is answered 405 with Allow from the route table, before authentication', async () => {
  for (const [method, path, allow] of [
    ['PATCH', '/api/health', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/api/cases/WSCP-2026-01', 'GET, HEAD, OPTIONS'],
    ['PUT', '/api/tokens', 'GET, HEAD, POST, OPTIONS'],
    ['GET', '/api/cases/WSCP-2026-01/milestones', 'POST, OPTIONS'],
  ] as const) {
    const r = await api.request(method, path, undefined, { token: null });
    expectProblem(r, 405);
    expect(r.headers.get('allow')).toBe(allow);
  }
  const options = await api.request('OPTIONS', '/api/tokens', undefined, { token: null });
  expect(options.status).toBe(204);
  expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
  expect((await api.request('DELETE', '/api/no-such-thing')).status).toBe(403);
});
