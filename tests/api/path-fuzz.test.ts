/**
 * A fuzz of path parameters and encodings for every route of the access policy (which a test holds
 * equal to the routes the app serves), against the API as its own process over HTTP: no answer is a
 * 5xx, every refusal is problem+json, and the process is alive and answers /api/health at the end.
 * Seeded and bounded (about 700 requests). Temporal here finds no workflow for any reference, as a
 * real server does for references it does not hold.
 */
import fc from 'fast-check';
import { ROUTES, type RouteRule } from '../../api/auth/policy';
import { startApiProcess, type ApiProcess } from '../support/api-process-client';

let api: ApiProcess;
const failures: string[] = [];

beforeAll(async () => {
  api = await startApiProcess({ AUTH_FAILURES_PER_MINUTE: '1000000' });
});
afterAll(async () => {
  await api?.kill();
});

const NASTY = ['%E0%A4%A', '%ZZ', '%', '%C0%AF', '%FF%FE', '%00', '%2F', '%2e%2e', '%u0041', '%E2%82', '%F0%9F%98%80', 'x'.repeat(3000), '%25', '0x10', '-0', '1e3'];
const VALID = ['WSCP-2026-01', 'S11-2026', 'LSCP', 'LSCP-M1', 'police', '1', '0123456789abcdef', 'train-staff'];

const fill = (rule: RouteRule, segment: (name: string) => string) => rule.route.replace(/:(\w+)/g, (_m, name: string) => segment(name));

async function send(method: string, path: string, token: string | undefined, body: string | undefined): Promise<void> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
  });
  const type = res.headers.get('content-type') ?? '';
  await res.arrayBuffer();
  if (res.status >= 500 || (res.status >= 400 && !type.startsWith('application/problem+json'))) failures.push(`${method} ${path.slice(0, 120)} -> ${res.status} ${type}`);
}

test('every route with each malformed or hostile encoding in each path parameter', async () => {
  for (const rule of ROUTES.filter((r) => r.route.includes('/:'))) {
    for (const nasty of NASTY) await send(rule.method, fill(rule, () => nasty), api.tokens.all, rule.method === 'POST' ? '{}' : undefined);
  }
  expect(failures).toEqual([]);
});

const byteEncoded = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }).map((bytes) => bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
const segmentOf = fc.oneof(
  fc.constantFrom(...NASTY, ...VALID),
  byteEncoded,
  fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => encodeURIComponent(s) || 'x'),
  fc.stringMatching(/^[A-Za-z0-9%._~!$&'()*+,;=:@-]{1,40}$/),
  fc.tuple(fc.constantFrom(...VALID), byteEncoded).map(([v, e]) => `${v}${e}`),
);
const bodyOf = fc.oneof(fc.constant('{}'), fc.constant('not json'), fc.json({ maxDepth: 2 }), fc.constant(JSON.stringify({ milestone: 'notification-sent', occurredOn: '2026-01-06' })));
const queryOf = fc.oneof(fc.constant(''), fc.string({ maxLength: 30 }).map((q) => `?${encodeURIComponent(q)}`), fc.constantFrom('?limit=%ZZ', '?add=%E0%A4%A', '?from=%00', '?%ZZ=1'));

test('random segments, encodings, tokens, queries and bodies on every route (seeded)', async () => {
  const callers = [...Object.keys(api.tokens), 'none', 'garbage'];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ROUTES), fc.dictionary(fc.constantFrom('ref', 'key', 'id', 'participantId', 'partnership', 'meetingId'), segmentOf), queryOf, bodyOf, fc.constantFrom(...callers), async (rule, segments, query, body, caller) => {
        const token = caller === 'none' ? undefined : caller === 'garbage' ? 'rvw_%ZZ' : api.tokens[caller];
        await send(rule.method, `${fill(rule, (name) => segments[name] ?? 'WSCP-2026-01')}${query}`, token, rule.method === 'POST' ? body : undefined);
        return true;
      }),
    { seed: 13, numRuns: 300 },
  );
  expect(failures).toEqual([]);
});

test('the process survived every request and still answers', async () => {
  const health = await fetch(`${api.url}/api/health`);
  expect(health.status).toBe(200);
  expect(api.alive()).toBe(true);
  expect(api.output()).not.toMatch(/URIError|uncaught|"level":50/);
});
