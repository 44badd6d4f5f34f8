/** The baselines the API's reads are measured against: the same rows read by bare SQL. */
import type { Database } from '../prisma/client';

/** What `GET /api/cases/{ref}` reads, as four plain statements. */
export async function bareCaseRead(db: Database, reference: string): Promise<void> {
  await db.$queryRaw`SELECT * FROM "Case" WHERE reference = ${reference}`;
  await db.$queryRaw`SELECT * FROM "Deadline" WHERE "caseReference" = ${reference} ORDER BY due`;
  await db.$queryRaw`SELECT * FROM "TimelineEvent" WHERE "caseReference" = ${reference} ORDER BY id`;
  await db.$queryRaw`SELECT * FROM "EmailMessage" WHERE "caseReference" = ${reference} ORDER BY id`;
}
