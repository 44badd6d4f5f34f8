/**
 * No request ends the process: malformed percent-encodings in a path answered 500 and then threw
 * from the access-audit hook after the response, which ended `npm start` (issue 13). The API runs
 * here as its own process, so an uncaught error would be seen as an exit.
 */
import { startApiProcess, type ApiProcess } from '../support/api-process-client';

let api: ApiProcess;

beforeAll(async () => {
  api = await startApiProcess();
});
afterAll(async () => {
  await api?.kill();
});

const send = async (method: string, path: string, token: string | undefined, body?: unknown) => {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} };
};

test.each([
  ['GET', '/api/cases/%E0%A4%A', 'all', 'ref'],
  ['GET', '/api/cases/%E0%A4%A', 'reviewer', 'ref'],
  ['POST', '/api/cases/%ZZ/milestones', 'all', 'ref'],
  ['POST', '/api/cases/%ZZ/milestones', 'admin', 'ref'],
  ['GET', '/api/cases/%ZZ/emails', 'executive', 'ref'],
  ['POST', '/api/audits/%E0%A4%A/agencies/%ZZ/returns', 'agency-lead', 'ref'],
  ['POST', '/api/audits/A-1/actions/%ZZ/complete', 'qapp-chair', 'key'],
  ['GET', '/api/qapp/%C0%AF/meetings', 'qapp-chair', 'partnership'],
  ['DELETE', '/api/tokens/%FF', 'admin', 'id'],
])('%s %s (%s) answers 400 naming the path parameter, and the process keeps answering', async (method, path, who, field) => {
  const r = await send(method, path, api.tokens[who], method === 'POST' ? { milestone: 'notification-sent', occurredOn: '2026-01-06' } : undefined);
  expect(r.status).toBe(400);
  expect(r.type).toMatch(/^application\/problem\+json/);
  expect((r.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  // The access-audit hook runs after the response: give it its turn before asking again.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect((await send('GET', '/api/health', undefined)).status).toBe(200);
  expect(api.alive()).toBe(true);
});

test.each(['/%E0%A4%A', '/case%ZZ', '/..%2F..%2Fetc%2Fpasswd', '/api/%ZZ', '/api/cases/%E0%A4%A/%ZZ', '/%00'])('%s outside the routes answers below 500 and the process keeps answering', async (path) => {
  const r = await send('GET', path, api.tokens.all);
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect((await send('GET', '/api/health', undefined)).status).toBe(200);
  expect(api.alive()).toBe(true);
});

test('the process logged no uncaught error', () => {
  expect(api.output()).not.toMatch(/URIError|uncaught|unhandled/i);
});
