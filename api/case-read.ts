/**
 * The rows behind `GET /api/cases/{ref}`: the case with its deadlines, timeline and emails, in one
 * statement (each child table aggregated to a JSON array). The read is the API's hottest path, and
 * each statement costs the API more than the database: Prisma compiles every raw statement and
 * takes a pooled connection for it, so four statements at once at concurrency 20 queued 80 queries
 * on PostgreSQL's pool of 10 (bench/api-access.bench.ts, issue 14).
 */
import { Prisma } from '../prisma/generated/sqlite/client';
import { databaseProviderOf, type Database, type DatabaseProvider } from '../prisma/client';

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

const CASE_COLUMNS = ['reference', 'process', 'workflowId', 'stage', 'state', 'awareOn', 'childPseudonym', 'ruleSetId', 'calendarVersion', 'paused'] as const;

/** Each child table: its columns and order, and what its JSON brings back as text or a number. */
const CHILDREN = {
  deadlines: { table: 'Deadline', columns: ['key', 'ruleId', 'title', 'kind', 'due', 'statutoryDue', 'paused', 'metOn', 'sentence', 'explanation'], orderBy: '"due", "id"', flags: ['paused'], instants: [] },
  events: { table: 'TimelineEvent', columns: ['occurredOn', 'recordedAt', 'kind', 'summary', 'actor', 'note'], orderBy: '"id"', flags: [], instants: ['recordedAt'] },
  emails: { table: 'EmailMessage', columns: ['messageId', 'kind', 'recipients', 'subject', 'status', 'attempts', 'lastError', 'sentAt'], orderBy: '"id"', flags: [], instants: ['sentAt'] },
} as const;
type Child = keyof typeof CHILDREN;

const JSON_FUNCTIONS: Record<DatabaseProvider, { array: string; object: string }> = {
  postgresql: { array: 'json_agg', object: 'json_build_object' },
  sqlite: { array: 'json_group_array', object: 'json_object' },
};

// Written once per dialect from the constants above; the reference is the statement's one parameter.
const statementHead = new Map<DatabaseProvider, string>();
function caseStatementHead(provider: DatabaseProvider): string {
  let head = statementHead.get(provider);
  if (head === undefined) {
    const f = JSON_FUNCTIONS[provider];
    const childArray = (name: Child) => {
      const { table, columns, orderBy } = CHILDREN[name];
      const object = `${f.object}(${columns.map((column) => `'${column}', "${column}"`).join(', ')})`;
      return `COALESCE((SELECT ${f.array}(${object} ORDER BY ${orderBy}) FROM "${table}" WHERE "caseReference" = c."reference"), '[]') AS "${name}"`;
    };
    head = `SELECT ${CASE_COLUMNS.map((column) => `c."${column}"`).join(', ')}, ${(Object.keys(CHILDREN) as Child[]).map(childArray).join(', ')} FROM "Case" c WHERE c."reference" = `;
    statementHead.set(provider, head);
  }
  return head;
}

/**
 * Inside JSON a timestamp is the database's text of a UTC instant: '2026-01-02 03:04:05' (SQLite's
 * CURRENT_TIMESTAMP), '2026-01-02T03:04:05.678+00:00' (Prisma on SQLite), '2026-01-02T03:04:05.678'
 * (PostgreSQL's timestamp without time zone), or milliseconds where a driver wrote a number.
 */
function utcInstant(text: string | number): Date {
  if (typeof text === 'number') return new Date(text);
  const iso = text.replace(' ', 'T');
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

// PostgreSQL's JSON arrives parsed, SQLite's as text, and SQLite 3.44 sorts an ordered aggregate's
// objects as text too (losing their JSON subtype); SQLite's booleans are 0 or 1.
function childRows(name: Child, value: unknown): Record<string, unknown>[] {
  const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as (string | Record<string, unknown>)[];
  const rows = parsed.map((row) => (typeof row === 'string' ? (JSON.parse(row) as Record<string, unknown>) : row));
  const { flags, instants } = CHILDREN[name];
  for (const row of rows) {
    for (const flag of flags) row[flag] = Boolean(row[flag]);
    for (const instant of instants) row[instant] = row[instant] === null ? null : utcInstant(row[instant] as string | number);
  }
  return rows;
}

/** The one statement, as it is sent (the access bench runs it bare, as a baseline). */
export const caseReadStatement = (db: Database, reference: string): Prisma.Sql => Prisma.sql([caseStatementHead(databaseProviderOf(db)), ''], reference);

export async function readCaseRows(db: Database, reference: string): Promise<CaseRows | undefined> {
  const [found] = await db.$queryRaw<(CaseRow & Record<Child, unknown>)[]>(caseReadStatement(db, reference));
  if (!found) return undefined;
  return {
    ...found,
    paused: Boolean(found.paused),
    deadlines: childRows('deadlines', found.deadlines) as unknown as DeadlineRow[],
    events: childRows('events', found.events) as unknown as TimelineRow[],
    emails: childRows('emails', found.emails) as unknown as EmailRow[],
  };
}
