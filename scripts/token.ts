/**
 * Issues a local API token against the configured database (DATABASE_URL: SQLite or PostgreSQL), so a
 * cluster's first admin needs no `npm start`:
 *   npm run token -- --role admin --label "first admin" [--role executive] [--subject ops] [--expires-in-days 90]
 * The token goes to stdout once (only its hash is stored); everything else to stderr.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { issueToken } from '../api/auth/local-tokens';
import { ROLES } from '../api/auth/principal';
import { parseEnv } from '../config/env';
import { IssueTokenBody } from '../domain/access-schemas';
import { createDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';

export class TokenUsageError extends Error {}

const USAGE = 'usage: npm run token -- --role <role> [--role <role>...] --label <text> [--subject <who>] [--agency <agency>] [--expires-in-days <1-400>]';

export function tokenRequest(argv: string[]): z.infer<typeof IssueTokenBody> {
  let values: Record<string, string | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { role: { type: 'string', multiple: true }, label: { type: 'string' }, subject: { type: 'string' }, agency: { type: 'string' }, 'expires-in-days': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new TokenUsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (!values.label) throw new TokenUsageError(`--label: required (what the token is for, shown in GET /api/tokens)\n${USAGE}`);
  const roles = (values.role as string[] | undefined ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  if (roles.length === 0) throw new TokenUsageError(`--role: required, one or more of ${ROLES.join(', ')}\n${USAGE}`);
  const days = values['expires-in-days'];
  const parsed = IssueTokenBody.safeParse({
    subject: values.subject ?? `cli-${roles[0] ?? 'admin'}`,
    roles,
    ...(values.agency ? { agency: values.agency } : {}),
    label: values.label,
    ...(days !== undefined ? { expiresInDays: /^\d+$/.test(String(days)) ? Number(days) : NaN } : {}),
  });
  if (!parsed.success) {
    const flag = (field: string) => ({ roles: '--role', expiresInDays: '--expires-in-days' })[field] ?? `--${field}`;
    throw new TokenUsageError(`${parsed.error.issues.map((i) => `${flag(String(i.path[0]))}: ${i.message}`).join('\n')}\n${USAGE}`);
  }
  return parsed.data;
}

export async function issueTokenFromCommandLine(argv: string[], databaseUrl: string, nowMs = Date.now()): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  const request = tokenRequest(argv);
  await applyMigrations(databaseUrl);
  const db = createDatabase(databaseUrl);
  try {
    return await issueToken(db, { subject: request.subject, roles: request.roles, agency: request.agency, label: request.label, expiresAt: new Date(nowMs + request.expiresInDays * 86_400_000) });
  } finally {
    await db.$disconnect();
  }
}

if (require.main === module) {
  const env = parseEnv();
  issueTokenFromCommandLine(process.argv.slice(2), env.DATABASE_URL)
    .then((issued) => {
      process.stderr.write(`token ${issued.id} issued against ${env.DATABASE_URL.replace(/\/\/[^@/]*@/, '//')}, expires ${issued.expiresAt?.toISOString() ?? 'never'}; it is shown once:\n`);
      process.stdout.write(`${issued.token}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`token: ${(err as Error).message}\n`);
      process.exit(err instanceof TokenUsageError ? 2 : 1);
    });
}
