/**
 * Where the milliseconds of an authenticated case read go: each part of `GET /api/cases/:ref` timed
 * on its own against the same read model, serially (the cost of one) and at concurrency 20 (the cost
 * under load, where SQLite's single writer and Prisma's queue show). Issue 14's profile.
 * Run: npx tsx bench/case-read-profile.ts [cases] [reads] [sqlite|postgresql]
 */
import { verifyLocalToken } from '../api/auth/local-tokens';
import { decide } from '../api/auth/policy';
import { groupCommittedAuditLog } from '../api/auth/access-audit';
import { createAuthenticator } from '../api/auth/authenticate';
import { readCaseRows } from '../api/case-read';
import { bareCaseRead } from './bare-sql';
import { concurrently, percentile } from './stats';
import { readModelApi } from './stack';
import { seedReadModel } from './api-access.bench';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2_000);
  const reads = Number(process.argv[3] ?? 400);
  const provider = process.argv[4] ?? 'sqlite';
  const { db, api } = await readModelApi('profile', provider, (db) => seedReadModel(db, count));
  const auth = createAuthenticator({ db });
  const auditLog = groupCommittedAuditLog(db);
  const principal = await verifyLocalToken(db, api.token, Date.now());
  if ('refused' in principal) throw new Error(principal.refused);
  const pick = (i: number) => `BEN${String((i * 7919) % count).padStart(5, '0')}-2026-01`;
  // A kept-alive socket the server closed after its idle timeout resets; ask again, as the access bench does.
  const request = async (path: string, token?: null, attempt = 1): Promise<Awaited<ReturnType<typeof api.request>>> => {
    try {
      return await api.request('GET', path, undefined, token === null ? { token } : {});
    } catch (err) {
      if (attempt >= 3 || (err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err;
      return request(path, token, attempt + 1);
    }
  };
  const answer = (await request(`/api/cases/${pick(1)}`)).body;

  const parts: [string, (i: number) => Promise<unknown>][] = [
    ['HTTP + global middleware (GET /api/health)', () => request('/api/health', null)],
    ['token lookup in the database (ApiToken by id, sha-256, compare)', () => verifyLocalToken(db, api.token, Date.now())],
    ['token check remembered (api/auth/authenticate.ts)', () => auth.authenticate(api.token, Date.now())],
    ['policy (route match and decision)', async () => decide('GET', `/api/cases/${pick(7)}`, principal)],
    ['case query, Prisma findUnique with include (before)', (i) => db.case.findUnique({ where: { reference: pick(i) }, include: { deadlines: { orderBy: { due: 'asc' } }, events: { orderBy: { id: 'asc' } }, emails: { orderBy: { id: 'asc' } } } })],
    ['case query, four statements at once (api/case-read.ts)', (i) => readCaseRows(db, pick(i))],
    ['access-audit insert, Prisma create, one row a commit (before)', (i) => db.auditEntry.create({ data: { actor: 'bench', action: 'GET /api/cases/x', resource: `case:${pick(i)}`, origin: '127.0.0.1', requestId: String(i), outcome: 'ok 200' } })],
    ['access-audit insert, group commit (api/auth/access-audit.ts)', (i) => auditLog.record({ actor: 'bench', action: 'GET /api/cases/x', resource: `case:${pick(i)}`, origin: '127.0.0.1', requestId: String(i), outcome: 'ok 200' })],
    ['JSON of the answer (stringify)', async () => JSON.stringify(answer)],
    ['whole authenticated GET /api/cases/:ref', async (i) => {
      const r = await request(`/api/cases/${pick(i)}`);
      if (r.status !== 200) throw new Error(`read answered ${r.status}`);
    }],
    ['bare SQL (four statements)', (i) => bareCaseRead(db, pick(i))],
  ];
  console.log(`${provider}, ${count} cases, ${reads} calls per part; milliseconds`);
  console.log('| part | serial p50 | serial p99 | concurrency 20 p50 | concurrency 20 p99 |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, task] of parts) {
    for (let i = 0; i < 20; i++) await task(i);
    const serial = await concurrently(reads, 1, task);
    const loaded = await concurrently(reads, 20, task);
    const f = (n: number) => n.toFixed(2);
    console.log(`| ${name} | ${f(percentile(serial, 50))} | ${f(percentile(serial, 99))} | ${f(percentile(loaded, 50))} | ${f(percentile(loaded, 99))} |`);
  }
  await api.close();
  await db.$disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
