/**
 * GET /api/cases for real work: filters (process, stage, state, status, owner, awareness dates),
 * a sort, and keyset paging with an opaque cursor, so a page never repeats or skips a case when
 * others are added meanwhile. Unknown parameters are refused (the query schema is strict). The
 * access policy's case scope is applied first, exactly as before. Status is the case's one verdict,
 * `caseHealthOf` in domain/case-health.ts, as the case answer shows it.
 */
import { z } from 'zod';
import type { WorkingCalendar } from '../domain/calendar';
import { AT_RISK_WORKING_DAYS, caseHealthOn, notAtRiskFrom } from '../domain/case-health';
import { auditReturnsDue, dueDate, itemStatus } from '../domain/dashboard';
import type { CaseHealth } from '../domain/deadlines';
import { PartnershipCode } from '../domain/audit-schemas';
import { AUDIT_TYPES, PARTICIPANT_ID_PATTERN } from '../domain/audits';
import { PROCESS_DEFINITIONS, PROCESS_NAMES, processNamed, type ProcessDefinition } from '../domain/processes';
import { IsoDateSchema, wholeNumberText } from '../domain/schemas';
import type { Database } from '../prisma/client';
import { Prisma } from '../prisma/generated/sqlite/client';
import { CASE_OWNER } from '../prisma/read-model';

const STATUSES = ['on-track', 'at-risk', 'overdue', 'on-hold', 'met-late', 'closed'] as const;
type ListStatus = (typeof STATUSES)[number];
const HEALTH_TO_STATUS: Record<CaseHealth, ListStatus> = { 'on-track': 'on-track', 'at-risk': 'at-risk', overdue: 'overdue', 'on-hold': 'on-hold', 'finished-late': 'met-late', closed: 'closed' };

const SORTS = ['next-due', 'aware-on', 'reference'] as const;
/** The roles the registry says owe a case's next step. */
const CASE_OWNERS = [...new Set(PROCESS_NAMES.map((p) => PROCESS_DEFINITIONS[p].owner))] as [ProcessDefinition['owner'], ...ProcessDefinition['owner'][]];
type Sort = (typeof SORTS)[number];

/** An optional range on a list's main date: `from` on or after a day, `to` on or before it. */
function dateRange<From extends string, To extends string>(from: From, to: To, what: string) {
  const bound = (side: string) => IsoDateSchema.optional().describe(`${what} on ${side} this day`);
  return { [from]: bound('or after'), [to]: bound('or before') } as Record<From | To, ReturnType<typeof bound>>;
}

/** The end of every list query: its sorts (the first is the default), a page size and the cursor. */
function paging<const Sorts extends readonly [string, ...string[]]>(sorts: Sorts, described: string) {
  return {
    sort: z.enum(sorts).default(sorts[0]).describe(described),
    limit: wholeNumberText(1, 500).default(500),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{0,200}\.[A-Za-z0-9_-]{1,200}$/, 'must be the nextCursor of a previous page')
      .optional()
      .describe('nextCursor from the previous page, with the same filters and sort: the position after its last case'),
  };
}

export const CaseListQuery = z.strictObject({
  process: z.enum(PROCESS_NAMES).optional().describe('only cases of this process'),
  stage: z.string().regex(/^[a-z][a-z0-9-]{0,59}$/, 'must be a stage name such as notification-due').optional().describe('only cases at this stage, e.g. notification-due'),
  state: z.enum(['open', 'completed']).optional().describe('open or completed cases only'),
  status: z.enum(STATUSES).optional().describe('the case verdict: met-late is a case that finished after its finishing deadline'),
  owner: z.enum(CASE_OWNERS).optional().describe(`who owes the next step, by process: ${PROCESS_NAMES.map((p) => `${PROCESS_DEFINITIONS[p].owner} (${PROCESS_DEFINITIONS[p].title})`).join(', ')}`),
  ...dateRange('awareFrom', 'awareTo', 'awareness date'),
  ...paging(SORTS, 'next-due: soonest first, cases with none last; aware-on: newest first; reference: A to Z'),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export interface CaseListItem {
  reference: string;
  process: string;
  stage: string;
  state: string;
  status: ListStatus;
  owner: string;
  awareOn: string;
  /** A practice review's decision to initiate (T7 counts from it); null for a rapid review. */
  commissionedOn: string | null;
  nextDue: string | null;
  paused: boolean;
  parentReference: string | null;
}

// The key a page ends on: next-due and reference ascend, aware-on descends; the reference breaks ties.
const NO_NEXT_DUE = '9999-99-99';
const sortKey = (c: CaseListItem, sort: Sort): string => (sort === 'next-due' ? (c.nextDue ?? NO_NEXT_DUE) : sort === 'aware-on' ? c.awareOn : '');
type Position = { key: string; reference: string };
const position = (c: CaseListItem, sort: Sort): Position => ({ key: sortKey(c, sort), reference: c.reference });

// A position, not an offset: any text of the documented shape is one, so a cursor is never "invalid".
const encodeCursor = ({ key, reference }: Position) => `${Buffer.from(key).toString('base64url')}.${Buffer.from(reference).toString('base64url')}`;
function decodeCursor(cursor: string): Position {
  const [key = '', reference = ''] = cursor.split('.').map((part) => Buffer.from(part, 'base64url').toString('utf8'));
  return { key, reference };
}

/** The first `limit` rows (each list asks for one more, to know whether another page follows) and the cursor after them. */
function pageOf<Row, Item>(rows: Row[], limit: number, present: (row: Row) => Item, positionOf: (item: Item) => Position): { items: Item[]; nextCursor: string | null } {
  const items = rows.slice(0, limit).map(present);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}

/**
 * Keyset paging on a date column then a unique key, or the key alone, as both QA lists page: the
 * date range, the position after the cursor, the order, and one row more than the page.
 */
function keyset<DateColumn extends string, KeyColumn extends string>(date: DateColumn, key: KeyColumn, byDate: boolean, query: { cursor?: string | undefined; limit: number }, range: { from?: string | undefined; to?: string | undefined }) {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const on = <Column extends string, Value>(column: Column, value: Value) => ({ [column]: value }) as Record<Column, Value>;
  const { from, to } = range;
  const inRange = from || to ? on(date, { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) }) : {};
  const afterCursor = !after ? {} : byDate ? { OR: [on(date, { gt: after.key }), { ...on(date, after.key), ...on(key, { gt: after.reference }) }] } : on(key, { gt: after.reference });
  return {
    // Prisma reads an undefined filter as none.
    where: <Filters extends object, Status extends object>(filters: Filters, status: Status) => ({ ...filters, ...inRange, AND: [status, afterCursor] }),
    order: { orderBy: byDate ? [on(date, 'asc' as const), on(key, 'asc' as const)] : [on(key, 'asc' as const)], take: query.limit + 1 },
  };
}

export interface CaseListResult {
  cases: CaseListItem[];
  nextCursor: string | null;
}

/**
 * The rows where the case's status is `status` on `today`: caseHealthOn (domain/case-health.ts)
 * written as a condition on the stored basis, so the database filters and pages. The list test
 * checks the two agree on random cases and days, on SQLite and PostgreSQL.
 */
function statusCondition(status: ListStatus, today: string, calendar: WorkingCalendar): Prisma.Sql {
  const running = Prisma.sql`"state" = 'open' AND NOT "paused"`;
  const safeFrom = notAtRiskFrom(today, calendar);
  const notYetAtRisk = Prisma.sql`("governingDue" IS NULL OR "governingDue" >= ${safeFrom})`;
  switch (status) {
    case 'closed':
      return Prisma.sql`"state" <> 'open' AND NOT "finishedLate"`;
    case 'met-late':
      return Prisma.sql`"finishedLate" AND ("state" <> 'open' OR (${running} AND ${notYetAtRisk}))`;
    case 'on-hold':
      return Prisma.sql`"state" = 'open' AND "paused"`;
    case 'overdue':
      return Prisma.sql`${running} AND "governingDue" < ${today}`;
    case 'at-risk':
      return Prisma.sql`${running} AND "governingDue" >= ${today} AND "governingDue" < ${safeFrom}`;
    case 'on-track':
      return Prisma.sql`${running} AND ${notYetAtRisk} AND NOT "finishedLate"`;
  }
}

// After the cursor's position, in the sort's order (cases with no next due date last).
function afterCondition(sort: Sort, after: Position): Prisma.Sql {
  if (sort === 'reference') return Prisma.sql`"reference" > ${after.reference}`;
  if (sort === 'aware-on') return Prisma.sql`("awareOn" < ${after.key} OR ("awareOn" = ${after.key} AND "reference" > ${after.reference}))`;
  if (after.key === NO_NEXT_DUE) return Prisma.sql`("nextDue" IS NULL AND "reference" > ${after.reference})`;
  return Prisma.sql`("nextDue" > ${after.key} OR ("nextDue" = ${after.key} AND "reference" > ${after.reference}) OR "nextDue" IS NULL)`;
}

const ORDER: Record<Sort, Prisma.Sql> = {
  'next-due': Prisma.sql`"nextDue" ASC NULLS LAST, "reference" ASC`,
  'aware-on': Prisma.sql`"awareOn" DESC, "reference" ASC`,
  reference: Prisma.sql`"reference" ASC`,
};

interface CaseListRow {
  reference: string;
  process: string;
  stage: string;
  state: string;
  awareOn: string;
  nextDue: string | null;
  /** SQLite answers 0 or 1, PostgreSQL a boolean. */
  paused: boolean | number;
  parentReference: string | null;
  governingDue: string | null;
  finishedLate: boolean | number;
  commissionedOn: string | null;
}

// One SQL statement on the list columns (an ORM query costs the API twice the statement itself, issue 14).
export async function listCases(db: Database, query: CaseListQuery, ctx: { scope: string[] | undefined; today: string; calendar: WorkingCalendar }): Promise<CaseListResult> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const processes = Object.keys(CASE_OWNER).filter((p) => (!query.process || p === query.process) && (!query.owner || CASE_OWNER[p] === query.owner));
  const conditions = [
    ...(ctx.scope ? [ctx.scope.length ? Prisma.sql`"reference" IN (${Prisma.join(ctx.scope)})` : Prisma.sql`1 = 0`] : []),
    ...(query.process || query.owner ? [processes.length ? Prisma.sql`"process" IN (${Prisma.join(processes)})` : Prisma.sql`1 = 0`] : []),
    ...(query.stage ? [Prisma.sql`"stage" = ${query.stage}`] : []),
    ...(query.state ? [Prisma.sql`"state" = ${query.state}`] : []),
    ...(query.awareFrom ? [Prisma.sql`"awareOn" >= ${query.awareFrom}`] : []),
    ...(query.awareTo ? [Prisma.sql`"awareOn" <= ${query.awareTo}`] : []),
    ...(query.status ? [statusCondition(query.status, ctx.today, ctx.calendar)] : []),
    ...(after ? [afterCondition(query.sort, after)] : []),
  ];
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const rows = await db.$queryRaw<CaseListRow[]>`
    SELECT "reference", "process", "stage", "state", "awareOn", "nextDue", "paused", "parentReference", "governingDue", "finishedLate", "commissionedOn"
    FROM "Case" ${where} ORDER BY ${ORDER[query.sort]} LIMIT ${query.limit + 1}`;
  const present = (c: CaseListRow): CaseListItem => {
    const process = processNamed(c.process);
    const paused = Boolean(c.paused);
    const health = caseHealthOn({ governingDue: c.governingDue, finishedLate: Boolean(c.finishedLate), completed: c.state !== 'open', onHold: paused }, ctx.today, ctx.calendar);
    return {
      reference: c.reference, process: c.process, stage: c.stage, state: c.state, status: HEALTH_TO_STATUS[health], owner: PROCESS_DEFINITIONS[process].owner, awareOn: c.awareOn,
      commissionedOn: c.commissionedOn, nextDue: c.nextDue, paused, parentReference: c.parentReference,
    };
  };
  const { items, nextCursor } = pageOf(rows, query.limit, present, (c) => position(c, query.sort));
  return { cases: items, nextCursor };
}

export const AUDIT_LIST_STATUSES = ['overdue', 'due-today', 'at-risk', 'on-hold', 'on-track', 'no-deadline', 'closed'] as const;
type AuditListStatus = (typeof AUDIT_LIST_STATUSES)[number];

export const AuditListQuery = z.strictObject({
  type: z.enum(AUDIT_TYPES).optional().describe('only audits of this type'),
  stage: z.string().regex(/^[a-z][a-z0-9-]{0,59}$/, 'must be a stage name such as returns-open').optional().describe('only audits at this stage, e.g. returns-open'),
  state: z.string().regex(/^[a-z][a-z-]{0,19}$/, 'must be a state such as open or closed').optional().describe('only audits in this state, e.g. open or closed'),
  status: z.enum(AUDIT_LIST_STATUSES).optional().describe("the returns' status as the dashboard shows it: no-deadline once every return is in; closed for a closed audit"),
  partnership: PartnershipCode.optional().describe("only this partnership's audits"),
  ...dateRange('returnsFrom', 'returnsTo', 'returns due'),
  ...paging(['returns-due', 'reference'], 'returns-due: soonest first; reference: A to Z'),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;

type AuditRow = Awaited<ReturnType<Database['audit']['findMany']>>[number];

/** An audit's one word in a list: the dashboard's status of its returns (auditReturnsDue), or closed. */
export function auditListStatus(audit: Pick<AuditRow, 'state' | 'returned' | 'participants' | 'returnsDueOn' | 'paused'>, today: string, calendar: WorkingCalendar): AuditListStatus {
  if (audit.state === 'closed') return 'closed';
  const status = itemStatus(auditReturnsDue(audit, today, calendar, AT_RISK_WORKING_DAYS));
  return status === 'publication-deferred' ? 'on-track' : status;
}

/** auditListStatus as a condition, so the database filters and pages; the audit list test checks they agree. */
function auditStatusWhere(db: Database, status: AuditListStatus, today: string, calendar: WorkingCalendar): Prisma.AuditWhereInput {
  if (status === 'closed') return { state: 'closed' };
  const live = { state: { not: 'closed' } };
  if (status === 'no-deadline') return { ...live, returned: { gte: db.audit.fields.participants } };
  const outstanding = { ...live, returned: { lt: db.audit.fields.participants } };
  if (status === 'on-hold') return { ...outstanding, paused: true };
  return { ...outstanding, paused: false, returnsDueOn: dueOnWhere(status, today, calendar) };
}

/**
 * The due dates with a running due date's status on `today` (deadlineStatus's words, at-risk
 * counted in working days), as a condition on a date column: one boundary for audits and actions.
 */
function dueOnWhere(status: 'overdue' | 'due-today' | 'at-risk' | 'on-track', today: string, calendar: WorkingCalendar): Prisma.StringFilter | string {
  if (status === 'overdue') return { lt: today };
  if (status === 'due-today') return today;
  const safeFrom = notAtRiskFrom(today, calendar);
  return status === 'at-risk' ? { gt: today, lt: safeFrom } : { gte: safeFrom };
}

/** Audits by returns due date (or reference), then reference, paged by the same kind of cursor as the cases. */
export async function auditPage<T extends { reference: string; returnsDueOn: string }>(
  db: Database,
  query: AuditListQuery,
  ctx: { today: string; calendar: WorkingCalendar },
  present: (row: AuditRow) => T,
): Promise<{ audits: (T & { status: AuditListStatus })[]; nextCursor: string | null }> {
  const byDue = query.sort === 'returns-due';
  const page = keyset('returnsDueOn', 'reference', byDue, query, { from: query.returnsFrom, to: query.returnsTo });
  const rows = await db.audit.findMany({
    where: page.where({ type: query.type, stage: query.stage, state: query.state, partnership: query.partnership }, query.status ? auditStatusWhere(db, query.status, ctx.today, ctx.calendar) : {}),
    ...page.order,
  });
  const { items, nextCursor } = pageOf(rows, query.limit, (row) => ({ ...present(row), status: auditListStatus(row, ctx.today, ctx.calendar) }), (a) => ({ key: byDue ? a.returnsDueOn : '', reference: a.reference }));
  return { audits: items, nextCursor };
}

export const ACTION_LIST_STATUSES = ['overdue', 'due-today', 'at-risk', 'on-track', 'done'] as const;
type ActionListStatus = (typeof ACTION_LIST_STATUSES)[number];

export const ActionListQuery = z.strictObject({
  scope: z.enum(['audit', 'meeting']).optional().describe("audit: an audit's action plan; meeting: a QAPP meeting's actions"),
  parent: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:_-]{0,79}$/, 'must be an audit reference or a meeting id').optional().describe('only the actions of this audit or meeting'),
  owner: z.string().regex(PARTICIPANT_ID_PATTERN, 'must be an agency or school code: lower-case letters, digits and hyphens').optional().describe('only the actions this agency or school owns'),
  status: z.enum(ACTION_LIST_STATUSES).optional().describe("the dashboard's status of an open action, or done"),
  ...dateRange('dueFrom', 'dueTo', 'due'),
  ...paging(['due', 'reference'], 'due: soonest first; reference: by action key'),
});
export type ActionListQuery = z.infer<typeof ActionListQuery>;

type ActionRow = Awaited<ReturnType<Database['qaAction']['findMany']>>[number];

/** An action's one word in a list: the dashboard's status of its due date (dashboardItems), or done. */
export function actionListStatus(action: Pick<ActionRow, 'key' | 'owner' | 'dueOn' | 'completedOn'>, today: string, calendar: WorkingCalendar): ActionListStatus {
  if (action.completedOn) return 'done';
  const status = itemStatus(dueDate({ key: action.key, title: `Action for ${action.owner}`, due: action.dueOn }, today, calendar, AT_RISK_WORKING_DAYS));
  return status === 'publication-deferred' || status === 'no-deadline' || status === 'on-hold' ? 'on-track' : status;
}

/** actionListStatus as a condition, so the database filters and pages; the action list test checks they agree. */
function actionStatusWhere(status: ActionListStatus, today: string, calendar: WorkingCalendar): Prisma.QaActionWhereInput {
  if (status === 'done') return { completedOn: { not: null } };
  return { completedOn: null, dueOn: dueOnWhere(status, today, calendar) };
}

/** QA actions (audit action plans and QAPP meeting actions) by due date (or key), paged by the same kind of cursor as the cases. */
export async function actionPage(db: Database, query: ActionListQuery, ctx: { today: string; calendar: WorkingCalendar }) {
  const byDue = query.sort === 'due';
  const page = keyset('dueOn', 'key', byDue, query, { from: query.dueFrom, to: query.dueTo });
  const rows = await db.qaAction.findMany({
    where: page.where({ scope: query.scope, parentRef: query.parent, owner: query.owner }, query.status ? actionStatusWhere(query.status, ctx.today, ctx.calendar) : {}),
    ...page.order,
    select: { key: true, scope: true, parentRef: true, owner: true, dueOn: true, completedOn: true },
  });
  const present = (a: (typeof rows)[number]) => ({ key: a.key, scope: a.scope, parent: a.parentRef, owner: a.owner, dueOn: a.dueOn, completedOn: a.completedOn, status: actionListStatus(a, ctx.today, ctx.calendar) });
  const { items, nextCursor } = pageOf(rows, query.limit, present, (a) => ({ key: byDue ? a.dueOn : '', reference: a.key }));
  return { actions: items, nextCursor };
}
