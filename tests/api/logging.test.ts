/** Structured logs carry the request id on every line and never the child's pseudonym or free text. */
import { Writable } from 'node:stream';
import { createLogger } from '../../api/logger';
import type { Database } from '../../prisma/client';
import type { RunningApi } from '../support/api';
import { startAccessApi } from './support';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
    done();
  },
});
let api: RunningApi;
let db: Database;

beforeAll(async () => {
  ({ api, db } = await startAccessApi({ logger: createLogger({ destination: sink }) }));
});
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
});

test('each request logs one line with its request id, method, path, status and subject', async () => {
  await api.request('POST', '/api/rapid-reviews', { reference: 'LOG-2026-01', childPseudonym: 'Child Secret', awareOn: '2026-01-05' }, { headers: { 'x-request-id': 'log-req-1' } });
  const line = lines.find((l) => l.requestId === 'log-req-1');
  expect(line).toMatchObject({ level: 30, msg: 'request', method: 'POST', path: '/api/rapid-reviews', status: 201, subject: 'test-chair@lscp.test' });
  expect(JSON.stringify(lines)).not.toContain('Child Secret');
  expect(JSON.stringify(lines)).not.toContain(api.token);
});

test('the logger redacts pseudonyms, notes, rationale and credentials wherever they are nested', () => {
  const captured: string[] = [];
  const logger = createLogger({ destination: new Writable({ write: (c: Buffer, _e, d) => (captured.push(c.toString()), d()) }) });
  logger.error({ requestId: 'r1', childPseudonym: 'Child H', input: { note: 'named the school', rationale: 'because of X' }, deep: { x: { summary: 'free text' } }, authorization: 'Bearer abc' }, 'failed');
  const out = captured.join('');
  expect(out).toContain('"requestId":"r1"');
  for (const secret of ['Child H', 'named the school', 'because of X', 'free text', 'Bearer abc']) expect(out).not.toContain(secret);
  expect(out.match(/\[redacted\]/g)).toHaveLength(5);
});
