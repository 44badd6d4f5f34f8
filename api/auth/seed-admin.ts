/**
 * The embedded default's first token: issued once, its secret printed once and kept in
 * data/admin-token (mode 0600) so a later start can say where it is. Only its hash is in the database.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Database } from '../../prisma/client';
import { issueToken, verifyLocalToken } from './local-tokens';
import type { Role } from './principal';

/** The embedded default is one person running everything, so its token carries every role but reviewer and agency lead. */
export const SEEDED_ROLES: Role[] = ['admin', 'executive', 'cspr-chair', 'qapp-chair'];

export async function seedAdminToken(db: Database, file: string, nowMs: number): Promise<{ created: boolean; file: string; token?: string }> {
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (!('refused' in (await verifyLocalToken(db, kept, nowMs)))) return { created: false, file };
  }
  const issued = await issueToken(db, { subject: 'local-admin', roles: SEEDED_ROLES, label: 'seeded by npm start', expiresAt: new Date(nowMs + 365 * 86_400_000) });
  writeFileSync(file, `${issued.token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { created: true, file, token: issued.token };
}
