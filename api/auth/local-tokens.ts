/**
 * Locally issued API tokens for scripts and the embedded default. The secret is shown once; only its
 * sha-256 is stored. A token reads `rvw_<id>_<secret>`, so it is found by id and compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../prisma/client';
import { isRole, type Principal, type Role } from './principal';

export const LOCAL_TOKEN_PREFIX = 'rvw_';
const TOKEN_PATTERN = /^rvw_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssueTokenInput {
  subject: string;
  roles: Role[];
  agency?: string | undefined;
  label?: string | undefined;
  expiresAt?: Date | null | undefined;
}

export interface IssuedToken {
  id: string;
  token: string;
  expiresAt: Date | null;
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export async function issueToken(db: Database, input: IssueTokenInput): Promise<IssuedToken> {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = input.expiresAt ?? null;
  await db.apiToken.create({
    data: { id, secretHash: hashSecret(secret), subject: input.subject, roles: input.roles.join(','), agency: input.agency ?? null, label: input.label ?? null, expiresAt },
  });
  return { id, token: `${LOCAL_TOKEN_PREFIX}${id}_${secret}`, expiresAt };
}

export async function revokeToken(db: Database, id: string, at: Date): Promise<boolean> {
  const result = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  return result.count > 0;
}

/** The principal for a valid, unexpired, unrevoked local token; otherwise why not. */
export async function verifyLocalToken(db: Database, token: string, nowMs: number): Promise<Principal | { refused: string }> {
  const checked = await checkLocalToken(db, token, nowMs);
  return 'refused' in checked ? checked : checked.principal;
}

/** As verifyLocalToken, with the token's expiry, so a process that remembers the check can still refuse it on time. */
export async function checkLocalToken(db: Database, token: string, nowMs: number): Promise<{ principal: Principal; expiresAt: number | null } | { refused: string }> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return { refused: 'malformed token' };
  const [, id, secret] = match as unknown as [string, string, string];
  const row = await db.apiToken.findUnique({ where: { id } });
  const expected = Buffer.from(row?.secretHash ?? '0'.repeat(64), 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (!row || !timingSafeEqual(expected, actual)) return { refused: 'unknown token' };
  if (row.revokedAt) return { refused: 'token revoked' };
  if (row.expiresAt && row.expiresAt.getTime() <= nowMs) return { refused: 'token expired' };
  const principal: Principal = { subject: row.subject, roles: row.roles.split(',').filter(isRole), ...(row.agency ? { agency: row.agency } : {}), via: `token:${row.id}` };
  return { principal, expiresAt: row.expiresAt?.getTime() ?? null };
}
