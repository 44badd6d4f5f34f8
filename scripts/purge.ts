/**
 * `npm run purge` lists the closed cases past their retention period (RETENTION_YEARS, per case
 * type); `npm run purge -- --apply` blanks their protected fields. Dates, deadlines, decisions,
 * emails sent and the access audit trail stay: they are the statutory record. Run it from cron.
 */
import { parseEnv } from '../config/env';
import { utcToLondonDate } from '../domain/london-time';
import { parseRetention, PURGED_PSEUDONYM, retentionCutoff, type RetentionPolicy } from '../domain/retention';
import { createDatabase, type Database } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';

export interface PurgeResult {
  process: string;
  cutoff: string;
  references: string[];
}

export async function purgeExpired(db: Database, policy: RetentionPolicy, nowMs: number, options: { apply: boolean }): Promise<PurgeResult[]> {
  const today = utcToLondonDate(nowMs);
  const results: PurgeResult[] = [];
  for (const [process, years] of Object.entries(policy)) {
    const cutoff = retentionCutoff(today, years);
    // A closed case's last read-model update is its closing.
    const due = await db.case.findMany({
      where: { process, state: 'closed', updatedAt: { lt: new Date(`${cutoff}T00:00:00Z`) }, childPseudonym: { not: PURGED_PSEUDONYM } },
      select: { reference: true },
      orderBy: { reference: 'asc' },
    });
    const references = due.map((c) => c.reference);
    if (options.apply && references.length > 0) {
      await db.$transaction([
        db.timelineEvent.updateMany({ where: { caseReference: { in: references } }, data: { note: null } }),
        db.case.updateMany({ where: { reference: { in: references } }, data: { childPseudonym: PURGED_PSEUDONYM, startWith: null } }),
        ...references.map((reference) => db.auditEntry.create({ data: { actor: 'retention-purge', action: 'purge-protected-fields', resource: `case:${reference}`, outcome: `ok: retention ${years} years` } })),
      ]);
    }
    results.push({ process, cutoff, references });
  }
  return results;
}

if (require.main === module) {
  const env = parseEnv();
  const apply = process.argv.includes('--apply');
  const run = async () => {
    await applyMigrations(env.DATABASE_URL);
    const db = createDatabase(env.DATABASE_URL);
    try {
      for (const r of await purgeExpired(db, parseRetention(env.RETENTION_YEARS), Date.now(), { apply })) {
        console.log(`${r.process}: closed before ${r.cutoff}: ${r.references.length} case(s)${r.references.length ? ` (${r.references.join(', ')})` : ''}${apply ? ' purged' : ''}`);
      }
      if (!apply) console.log('Nothing changed. Run with --apply to blank the protected fields of the cases listed.');
    } finally {
      await db.$disconnect();
    }
  };
  run().catch((err: unknown) => {
    console.error(`purge: ${(err as Error).message}`);
    process.exit(1);
  });
}
