/** `npm run token`: the first admin token for a cluster, issued against the configured database (no `npm start`). */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { verifyLocalToken } from '../../api/auth/local-tokens';
import { createDatabase } from '../../prisma/client';
import { freshPostgresDatabase, postgresAvailability } from '../support/postgres';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

async function npmRunToken(databaseUrl: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/token.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const sqliteUrl = () => `file:${join(mkdtempSync(join(tmpdir(), 'token-')), 'app.db')}`;

test.each(['sqlite', 'postgresql'] as const)('on %s, a fresh database gets a working admin token, shown once on stdout', async (provider) => {
  if (provider === 'postgresql' && !(await postgresAvailability()).available) {
    console.warn('skipped on PostgreSQL (not reachable): npm run token');
    return;
  }
  const url = provider === 'sqlite' ? sqliteUrl() : await freshPostgresDatabase('token');
  const issued = await npmRunToken(url, ['--role', 'admin', '--role', 'executive', '--label', 'first admin of the cluster']);
  expect(issued.code).toBe(0);
  const token = issued.stdout.trim();
  expect(token).toMatch(/^rvw_[0-9a-f]{16}_[\w-]{43}$/);
  expect(issued.stderr).not.toContain(token);
  const db = createDatabase(url);
  try {
    expect(await verifyLocalToken(db, token, Date.now())).toMatchObject({ subject: 'cli-admin', roles: ['admin', 'executive'] });
    const row = await db.apiToken.findFirstOrThrow();
    expect([row.label, row.expiresAt!.getTime() > Date.now() + 89 * 86_400_000]).toEqual(['first admin of the cluster', true]);
  } finally {
    await db.$disconnect();
  }
}, 60_000);

test.each([
  [['--label', 'x'], '--role: '],
  [['--role', 'superuser', '--label', 'x'], '--role: '],
  [['--role', 'admin'], '--label: required'],
  [['--role', 'admin', '--label', 'x', '--expires-in-days', '0'], '--expires-in-days: '],
  [['--role', 'admin', '--label', 'x', '--colour', 'red'], "Unknown option '--colour'"],
])('%j is refused with the flag and the rule, exit 2, and issues nothing', async (args, message) => {
  const url = sqliteUrl();
  const refused = await npmRunToken(url, args);
  expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: '' });
  expect(refused.stderr).toContain(message);
  expect(refused.stderr).toContain('usage: npm run token');
}, 30_000);
