/**
 * A case's snapshot written to the read model, in plain SQL inside one write transaction. Prisma's
 * query compiler (engineType "client") cost 7.4 to 7.6 ms of CPU a snapshot here, against 2.9 ms for
 * the same statements sent as SQL (bench/persist-case.bench.ts), and on SQLite the write lock is
 * held for all of it: every API start and every other worker waited behind it. Each statement is
 * what Prisma sent for the ORM calls this replaced (one read per table, writes only for what
 * changed); the read-model tests run it on SQLite and PostgreSQL.
 */
import type { CaseSnapshot, DeadlineView } from '../domain/contracts';
import type { Database } from '../prisma/client';
import { Prisma } from '../prisma/generated/sqlite/client';
import { caseListColumns, sameNamedColumns } from '../prisma/read-model';

type Tx = Pick<Database, '$executeRaw' | '$queryRaw'>;

/** An email queued by a snapshot, as its `pending` row is written. */
export interface QueuedRow {
  idempotencyKey: string;
  messageId: string;
  caseReference: string;
  kind: string;
  recipients: string;
  subject: string;
}

const name = (column: string) => Prisma.raw(`"${column}"`);
const assignments = (fields: Record<string, unknown>) => Prisma.join(Object.entries(fields).map(([column, value]) => Prisma.sql`${name(column)} = ${value}`));
const columnList = (columns: readonly string[]) => Prisma.join(columns.map(name));
const valuesOf = (rows: Record<string, unknown>[], columns: readonly string[]) => Prisma.join(rows.map((row) => Prisma.sql`(${Prisma.join(columns.map((c) => row[c] ?? null))})`));

/** Differs from what is recorded in any column it would write (SQLite answers booleans as 0 or 1). */
function differs(recorded: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).some(([k, v]) => (typeof v === 'boolean' ? Boolean(recorded[k]) !== v : recorded[k] !== v));
}

const DEADLINE_COLUMNS = ['ruleId', 'title', 'kind', 'due', 'statutoryDue', 'paused', 'sentence', 'metOn', 'explanation', 'calendarVersion'] as const;
const TIMELINE_COLUMNS = ['occurredOn', 'kind', 'summary', 'actor'] as const;
const EMAIL_COLUMNS = ['idempotencyKey', 'messageId', 'caseReference', 'kind', 'recipients', 'subject', 'status', 'createdAt'] as const;

/**
 * Writes the snapshot in `tx` (a write transaction); an older revision never overwrites a newer one,
 * though its queued emails are still recorded. A case started outside the API (a practice review
 * started by its rapid review, or by an operator with the Temporal CLI) gets its row here, with the
 * parent case's pseudonym, if any.
 */
export async function writeSnapshot(tx: Tx, snapshot: CaseSnapshot, queued: QueuedRow[]): Promise<void> {
  const now = new Date();
  const fields = {
    ...sameNamedColumns(snapshot, ['stage', 'state', 'ruleSetId', 'calendarVersion', 'revision']),
    nextDue: snapshot.deadlines.filter((d) => !d.metOn && d.kind !== 'standing').map((d) => d.due).sort()[0] ?? null,
    paused: snapshot.paused ?? false,
    startWith: null,
    ...caseListColumns(snapshot.process, snapshot.deadlines),
    ...(snapshot.parentReference ? { parentReference: snapshot.parentReference } : {}),
  };
  const updated = await tx.$executeRaw`UPDATE "Case" SET ${assignments({ ...fields, updatedAt: now })} WHERE "reference" = ${snapshot.reference} AND "revision" < ${snapshot.revision}`;
  if (updated === 0) {
    const existing = await tx.$queryRaw<{ revision: number }[]>`SELECT "revision" FROM "Case" WHERE "reference" = ${snapshot.reference}`;
    if (existing.length > 0) return recordQueued(tx, queued, now); // a newer revision is already recorded
    const parent = snapshot.parentReference ? await tx.$queryRaw<{ childPseudonym: string }[]>`SELECT "childPseudonym" FROM "Case" WHERE "reference" = ${snapshot.parentReference}` : [];
    const row = { reference: snapshot.reference, process: snapshot.process, workflowId: snapshot.workflowId, awareOn: snapshot.awareOn, childPseudonym: parent[0]?.childPseudonym ?? '', ...fields, createdAt: now, updatedAt: now };
    const columns = Object.keys(row);
    await tx.$executeRaw`INSERT INTO "Case" (${columnList(columns)}) VALUES ${valuesOf([row], columns)}`;
  }

  const deadlinesNow = new Map((await tx.$queryRaw<({ id: number; key: string } & Record<string, unknown>)[]>`SELECT "id", "key", ${columnList(DEADLINE_COLUMNS)} FROM "Deadline" WHERE "caseReference" = ${snapshot.reference}`).map((d) => [d.key, d]));
  const newDeadlines: Record<string, unknown>[] = [];
  for (const d of snapshot.deadlines) {
    const data = {
      ...sameNamedColumns(d, ['ruleId', 'title', 'due', 'statutoryDue', 'paused', 'sentence']),
      // A snapshot scheduled before deadlines had kinds (an activity retried across the deploy) has none: the column's default.
      kind: (d.kind as DeadlineView['kind'] | undefined) ?? 'deadline',
      metOn: d.metOn ?? null,
      explanation: JSON.stringify(d.explanation),
      calendarVersion: d.explanation.calendarVersion,
    };
    const recorded = deadlinesNow.get(d.key);
    if (!recorded) newDeadlines.push({ caseReference: snapshot.reference, key: d.key, ...data });
    else if (differs(recorded, data)) await tx.$executeRaw`UPDATE "Deadline" SET ${assignments(data)} WHERE "id" = ${recorded.id}`;
  }
  if (newDeadlines.length > 0) {
    const columns = ['caseReference', 'key', ...DEADLINE_COLUMNS];
    await tx.$executeRaw`INSERT INTO "Deadline" (${columnList(columns)}) VALUES ${valuesOf(newDeadlines, columns)}`;
  }

  const timelineNow = new Map((await tx.$queryRaw<({ id: number; idempotencyKey: string } & Record<string, unknown>)[]>`SELECT "id", "idempotencyKey", ${columnList(TIMELINE_COLUMNS)} FROM "TimelineEvent" WHERE "caseReference" = ${snapshot.reference}`).map((e) => [e.idempotencyKey, e]));
  const newEntries: Record<string, unknown>[] = [];
  for (const e of snapshot.timeline) {
    const idempotencyKey = `${snapshot.reference}:${e.key}`;
    const data = { occurredOn: e.occurredOn, kind: e.kind, summary: e.summary, actor: e.actor ?? null };
    const recorded = timelineNow.get(idempotencyKey);
    if (!recorded) newEntries.push({ idempotencyKey, caseReference: snapshot.reference, ...data, recordedAt: now });
    else if (differs(recorded, data)) await tx.$executeRaw`UPDATE "TimelineEvent" SET ${assignments(data)} WHERE "id" = ${recorded.id}`;
  }
  if (newEntries.length > 0) {
    const columns = ['idempotencyKey', 'caseReference', ...TIMELINE_COLUMNS, 'recordedAt'];
    await tx.$executeRaw`INSERT INTO "TimelineEvent" (${columnList(columns)}) VALUES ${valuesOf(newEntries, columns)}`;
  }
  await recordQueued(tx, queued, now);
}

/** Queued emails become `pending` rows, so the case shows them before the first attempt; a row already there (claimed, sent) is left alone. */
async function recordQueued(tx: Tx, queued: QueuedRow[], now: Date): Promise<void> {
  if (queued.length === 0) return;
  const rows = queued.map((q) => ({ ...q, status: 'pending', createdAt: now }));
  await tx.$executeRaw`INSERT INTO "EmailMessage" (${columnList(EMAIL_COLUMNS)}) VALUES ${valuesOf(rows, EMAIL_COLUMNS)} ON CONFLICT ("idempotencyKey") DO NOTHING`;
}
