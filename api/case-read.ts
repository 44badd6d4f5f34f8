/**
 * The rows behind `GET /api/cases/{ref}`: the case, its deadlines, timeline and emails, as four
 * plain statements sent at once (on PostgreSQL, four pooled connections answer in parallel). The
 * read is the API's hottest path; Prisma's `findUnique` with `include` spent about 4 ms per call
 * compiling and mapping against 1 ms for the same statements (bench/case-read-profile.ts).
 */
import type { Database } from '../prisma/client';

export interface CaseRow {
  reference: string;
  process: string;
  workflowId: string;
  stage: string;
  state: string;
  awareOn: string;
  /** protected */
  childPseudonym: string;
  ruleSetId: string;
  calendarVersion: string;
  paused: boolean;
}

export interface DeadlineRow {
  key: string;
  ruleId: string;
  title: string;
  kind: string;
  due: string;
  statutoryDue: string;
  paused: boolean;
  metOn: string | null;
  sentence: string;
  explanation: string;
}

export interface TimelineRow {
  occurredOn: string;
  recordedAt: Date;
  kind: string;
  summary: string;
  actor: string | null;
  /** protected */
  note: string | null;
}

export interface EmailRow {
  messageId: string;
  kind: string;
  recipients: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
}

export interface CaseRows extends CaseRow {
  deadlines: DeadlineRow[];
  events: TimelineRow[];
  emails: EmailRow[];
}

export async function readCaseRows(db: Database, reference: string): Promise<CaseRows | undefined> {
  const [cases, deadlines, events, emails] = await Promise.all([
    db.$queryRaw<CaseRow[]>`SELECT "reference", "process", "workflowId", "stage", "state", "awareOn", "childPseudonym", "ruleSetId", "calendarVersion", "paused" FROM "Case" WHERE "reference" = ${reference}`,
    db.$queryRaw<DeadlineRow[]>`SELECT "key", "ruleId", "title", "kind", "due", "statutoryDue", "paused", "metOn", "sentence", "explanation" FROM "Deadline" WHERE "caseReference" = ${reference} ORDER BY "due", "id"`,
    db.$queryRaw<TimelineRow[]>`SELECT "occurredOn", "recordedAt", "kind", "summary", "actor", "note" FROM "TimelineEvent" WHERE "caseReference" = ${reference} ORDER BY "id"`,
    db.$queryRaw<EmailRow[]>`SELECT "messageId", "kind", "recipients", "subject", "status", "attempts", "lastError", "sentAt" FROM "EmailMessage" WHERE "caseReference" = ${reference} ORDER BY "id"`,
  ]);
  const found = cases[0];
  return found ? { ...found, deadlines, events, emails } : undefined;
}
