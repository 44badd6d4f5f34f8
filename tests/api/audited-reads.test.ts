/**
 * What the cheaper case read must keep (issue 14), over HTTP on a real database file (and
 * PostgreSQL where reachable): no answer leaves before its access-audit entry is committed, however
 * many requests share one insert; a token revoked through one API process is refused by another
 * within TOKEN_CHECK_TTL_MS; and a process killed between the audit commit and the answer leaves
 * the entry behind, while the caller, who saw nothing, reads again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { createAuthenticator, TOKEN_CHECK_TTL_MS } from '../../api/auth/authenticate';
import { issueToken } from '../../api/auth/local-tokens';
import { defaultCalendar } from '../../domain/calendar';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startApiProcess } from '../support/api-process-client';
import { freshDatabase, type Provider } from '../support/database';
import { postgresAvailability } from '../support/postgres';
import { seedCase, standInTemporal } from './support';

const PROVIDERS: Provider[] = ['sqlite', 'postgresql'];
const skipped = async (provider: Provider) => provider === 'postgresql' && !(await postgresAvailability()).available && (console.warn('skipped on PostgreSQL (not reachable): audited reads'), true);

/** Holds every access-audit insert (plain SQL or Prisma's create) until released. */
function gatedAuditWrites(db: Database) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const firstReached = new Promise<void>((resolve) => (reached = resolve));
  const isAuditInsert = (sql: string) => /INSERT INTO "AuditEntry"/.test(sql);
  const gated = new Proxy(db, {
    get(target, property) {
      if (property === '$executeRaw') {
        return async (...args: Parameters<Database['$executeRaw']>) => {
          if (isAuditInsert([...(args[0] as TemplateStringsArray)].join('?'))) {
            reached();
            await released;
          }
          return target.$executeRaw(...args);
        };
      }
      if (property === 'auditEntry') {
        const delegate = target.auditEntry;
        return new Proxy(delegate, {
          get(d, name) {
            const method = Reflect.get(d, name) as unknown;
            if (typeof method !== 'function' || !['create', 'createMany'].includes(String(name))) return method;
            return async (...args: unknown[]) => {
                reached();
              await released;
              return (method as (...a: unknown[]) => unknown).apply(d, args);
            };
          },
        });
      }
      return Reflect.get(target, property) as unknown;
    },
  });
  return { db: gated, release, firstReached };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.each(PROVIDERS)('on %s', (provider) => {
  test('every case read is answered only once its audit entry is committed: 60 reads sent at once, 60 entries, one each', async () => {
    if (await skipped(provider)) return;
    const { db } = await freshDatabase(provider, 'audited_reads');
    const gate = gatedAuditWrites(db);
    let server: Server | undefined;
    try {
      for (const ref of ['AUD-2026-01', 'AUD-2026-02', 'AUD-2026-03']) await seedCase(db, ref);
      const token = (await issueToken(db, { subject: 'exec@lscp.test', roles: ['executive'] })).token;
      const app = createApp({ temporal: standInTemporal, db: gate.db, taskQueue: 'audited', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, auth: createAuthenticator({ db }), rateLimitPerMinute: 100_000 });
      let answered = 0;
      const listening = await listen((req, res) => {
        res.once('finish', () => (answered += 1));
        app(req, res);
      });
      server = listening.server;
      const reads = Array.from({ length: 60 }, (_, i) => ({ ref: i % 10 === 9 ? 'NONE-2026-09' : `AUD-2026-0${1 + (i % 3)}`, requestId: `audited-read-${provider}-${i}` }));
      const answers = Promise.all(
        reads.map(({ ref, requestId }) => fetch(`${listening.url}/api/cases/${ref}`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId } }).then((r) => r.status)),
      );
      await gate.firstReached;
      // While the first insert is held, no answer has gone, not even the one whose entry it carries...
      await new Promise((resolve) => setImmediate(resolve));
      expect(answered).toBe(0);
      gate.release();
      const statuses = await answers;
      expect(statuses.filter((s) => s === 200)).toHaveLength(54);
      expect(statuses.filter((s) => s === 404)).toHaveLength(6);
      // ...and, answered, every one is on the trail once, with its outcome, without waiting for anything.
      const entries = await db.auditEntry.findMany({ where: { requestId: { startsWith: `audited-read-${provider}-` } } });
      expect(entries.map((e) => e.requestId).sort()).toEqual(reads.map((r) => r.requestId).sort());
      for (const { ref, requestId } of reads) {
        expect(entries.find((e) => e.requestId === requestId)).toMatchObject({ actor: 'exec@lscp.test', action: `GET /api/cases/${ref}`, resource: `case:${ref}`, outcome: ref.startsWith('NONE') ? 'refused 404' : 'ok 200' });
      }
    } finally {
      gate.release();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await db.$disconnect();
    }
  }, 60_000);

  test(`a token revoked through one API process is refused by another within ${TOKEN_CHECK_TTL_MS} ms`, async () => {
    if (await skipped(provider)) return;
    const { db, url } = await freshDatabase(provider, 'revoked_elsewhere');
    const other = await startApiProcess({ API_DATABASE_URL: url });
    let server: Server | undefined;
    try {
      await seedCase(db, 'REV-2026-01');
      const issued = await issueToken(db, { subject: 'exec@lscp.test', roles: ['executive'] });
      let now = Date.now();
      const app = createApp({ temporal: standInTemporal, db, taskQueue: 'revoked', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, auth: createAuthenticator({ db }), clock: () => now });
      const listening = await listen(app);
      server = listening.server;
      const read = async () => {
        const r = await fetch(`${listening.url}/api/cases/REV-2026-01`, { headers: { authorization: `Bearer ${issued.token}` } });
        return { status: r.status, detail: ((await r.json()) as { detail?: string }).detail };
      };
      expect((await read()).status).toBe(200);
      const revoked = await fetch(`${other.url}/api/tokens/${issued.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${other.tokens.admin}` } });
      expect(revoked.status).toBe(200);
      const refusedThere = await fetch(`${other.url}/api/cases/REV-2026-01`, { headers: { authorization: `Bearer ${issued.token}` } });
      expect(refusedThere.status).toBe(401);
      now += TOKEN_CHECK_TTL_MS;
      expect(await read()).toEqual({ status: 401, detail: 'token revoked' });
    } finally {
      await other.kill();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await db.$disconnect();
    }
  }, 60_000);
});

test('a read whose audit entry cannot be written answers 503 and shows nothing of the case', async () => {
  const { db } = await freshDatabase('sqlite', 'audit_refused');
  let server: Server | undefined;
  try {
    await seedCase(db, 'NOAUD-2026-01', 'Child Q');
    const token = (await issueToken(db, { subject: 'exec@lscp.test', roles: ['executive'] })).token;
    const failing = new Proxy(db, {
      get: (target, property) => (property === '$executeRaw' ? async () => Promise.reject(new Error('disk full')) : (Reflect.get(target, property) as unknown)),
    });
    const app = createApp({ temporal: standInTemporal, db: failing, taskQueue: 'refused', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, auth: createAuthenticator({ db }), log: () => undefined });
    const listening = await listen(app);
    server = listening.server;
    const r = await fetch(`${listening.url}/api/cases/NOAUD-2026-01`, { headers: { authorization: `Bearer ${token}` } });
    const text = await r.text();
    expect([r.status, r.headers.get('content-type')]).toEqual([503, 'application/problem+json; charset=utf-8']);
    expect(JSON.parse(text)).toMatchObject({ status: 503, title: 'Service Unavailable' });
    expect(JSON.parse(text)).toMatchObject({ instance: '/api/cases/NOAUD-2026-01' });
    expect(text).not.toMatch(/Child Q|"reference"|deadlines|timeline/);
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await db.$disconnect();
  }
});

test('a process killed after the audit commit and before the answer loses nothing: the entry stays, the caller reads again', async () => {
  const { db, url } = await freshDatabase('sqlite', 'killed_after_audit');
  const dying = await startApiProcess({ API_DATABASE_URL: url, FAULT_KILL_AFTER_AUDIT: '1' });
  try {
    const read = (base: string, token: string, requestId: string) => fetch(`${base}/api/cases/WSCP-2026-01`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId } });
    await expect(read(dying.url, dying.tokens.executive!, 'killed-after-audit')).rejects.toThrow();
    await dying.kill();
    expect(dying.child.signalCode).toBe('SIGKILL');
    expect((await db.auditEntry.findMany({ where: { requestId: 'killed-after-audit' } })).map((e) => [e.actor, e.resource, e.outcome])).toEqual([['executive@lscp.test', 'case:WSCP-2026-01', 'ok 200']]);
    const restarted = await startApiProcess({ API_DATABASE_URL: url });
    try {
      const again = await read(restarted.url, restarted.tokens.executive!, 'read-again');
      expect(again.status).toBe(200);
      expect(((await again.json()) as { reference: string }).reference).toBe('WSCP-2026-01');
      expect(await db.auditEntry.count({ where: { requestId: { in: ['killed-after-audit', 'read-again'] } } })).toBe(2);
    } finally {
      await restarted.kill();
    }
  } finally {
    await dying.kill();
    await db.$disconnect();
  }
}, 60_000);
