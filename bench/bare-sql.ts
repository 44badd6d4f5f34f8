/** The baselines the API's reads are measured against: the same rows read by bare SQL. */
import { caseReadStatement } from '../api/case-read';
import type { Database } from '../prisma/client';

/** What `GET /api/cases/{ref}` reads, as four plain statements. */
export async function bareCaseRead(db: Database, reference: string): Promise<void> {
  await db.$queryRaw`SELECT * FROM "Case" WHERE reference = ${reference}`;
  await db.$queryRaw`SELECT * FROM "Deadline" WHERE "caseReference" = ${reference} ORDER BY due`;
  await db.$queryRaw`SELECT * FROM "TimelineEvent" WHERE "caseReference" = ${reference} ORDER BY id`;
  await db.$queryRaw`SELECT * FROM "EmailMessage" WHERE "caseReference" = ${reference} ORDER BY id`;
}

/** The statement `GET /api/cases/{ref}` sends (api/case-read.ts), without the API around it. */
export async function bareOneStatementCaseRead(db: Database, reference: string): Promise<void> {
  await db.$queryRaw(caseReadStatement(db, reference));
}

/** The executive's first page of open cases, next due first. */
export async function bareExecutiveList(db: Database): Promise<void> {
  await db.$queryRaw`SELECT * FROM "Case" WHERE state = 'open' ORDER BY "nextDue", reference LIMIT 50`;
}
