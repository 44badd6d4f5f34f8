/** `npm start` seeds one admin token: hashed in the database, the secret in a 0600 file, once. */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret, revokeToken } from '../../api/auth/local-tokens';
import { seedAdminToken } from '../../api/auth/seed-admin';
import { freshDatabase } from '../support/database';

test('the first start issues a token and keeps its secret only in a private file; later starts reuse it', async () => {
  const { db } = await freshDatabase('sqlite', 'seed');
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'seed-')), 'admin-token');
    const first = await seedAdminToken(db, file, Date.now());
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^rvw_[0-9a-f]{16}_[\w-]{43}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rows = await db.apiToken.findMany();
    expect(rows.map((r) => [r.subject, r.roles])).toEqual([['local-admin', 'admin,executive,cspr-chair,qapp-chair']]);
    expect(rows[0]!.secretHash).toBe(hashSecret(first.token!.slice(-43)));
    expect(JSON.stringify(rows)).not.toContain(first.token!.slice(-43));

    expect(await seedAdminToken(db, file, Date.now())).toEqual({ created: false, file });
    await revokeToken(db, rows[0]!.id, new Date());
    const again = await seedAdminToken(db, file, Date.now());
    expect(again.created).toBe(true);
    expect(again.token).not.toBe(first.token);
  } finally {
    await db.$disconnect();
  }
});
