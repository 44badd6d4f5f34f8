/** Queries over the read model shared by the API and activities (the dashboard, the weekly digest). */
import type { WorkingCalendar } from '../domain/calendar';
import { caseHealthBasis } from '../domain/case-health';
import { PROCESS_NAMES, type ProcessName } from '../domain/contracts';
import type { IsoDate } from '../domain/dates';
import type { Deadline } from '../domain/deadlines';
import { PROCESS_DEFINITIONS } from '../domain/processes';
import { auditReturnsDue, byUrgency, dueDate, itemStatus, nextDeadline, type DashboardItem } from '../domain/dashboard';
import type { Database } from './client';

/** Who owes a case's next step, by process (the registry's owner). */
export const CASE_OWNER: Record<string, string> = Object.fromEntries(PROCESS_NAMES.map((p) => [p, PROCESS_DEFINITIONS[p].owner]));

/**
 * The case row's list columns, written with every snapshot (and backfilled once by the migration
 * case_list_columns), so GET /api/cases filters, sorts and pages in SQL: what its health turns on
 * (caseHealthBasis) and a practice review's commissioning date.
 */
export function caseListColumns(
  process: ProcessName,
  deadlines: readonly (Pick<Deadline, 'key' | 'due' | 'paused'> & { ruleId: string; kind: string; metOn?: IsoDate | null; explanation: Pick<Deadline['explanation'], 'start'> })[],
): { governingDue: IsoDate | null; finishedLate: boolean; commissionedOn: IsoDate | null } {
  const commissionedBy = PROCESS_DEFINITIONS[process].commissionedBy;
  const commissioning = commissionedBy ? deadlines.find((d) => d.ruleId === commissionedBy) : undefined;
  return { ...caseHealthBasis(process, deadlines), commissionedOn: commissioning?.explanation.start.date ?? null };
}

/** A snapshot's fields that the read model keeps in columns of the same name, copied as they are. */
export function sameNamedColumns<S extends object, K extends keyof S>(snapshot: S, columns: readonly K[]): Pick<S, K> {
  return Object.fromEntries(columns.map((c) => [c, snapshot[c]])) as Pick<S, K>;
}

export async function dashboardItems(db: Database, calendar: WorkingCalendar, today: string, atRisk = 5): Promise<DashboardItem[]> {
  const [cases, audits, actions] = await Promise.all([
    db.case.findMany({
      where: { state: 'open' },
      select: { reference: true, process: true, stage: true, deadlines: { where: { metOn: null, kind: 'deadline' }, select: { key: true, title: true, due: true, statutoryDue: true, paused: true, sentence: true } } },
    }),
    db.audit.findMany({ where: { state: { not: 'closed' } } }),
    db.qaAction.findMany({ where: { completedOn: null } }),
  ]);
  const items: DashboardItem[] = [];
  for (const c of cases) {
    const next = nextDeadline(c.deadlines, today, calendar, atRisk);
    items.push({ kind: 'case', reference: c.reference, process: c.process, stage: c.stage, owner: CASE_OWNER[c.process] ?? 'cspr-chair', status: itemStatus(next, { publicationDeferred: c.stage === 'publication-deferred' }), ...(next ? { next } : {}) });
  }
  for (const a of audits) {
    const next = auditReturnsDue(a, today, calendar, atRisk);
    items.push({ kind: 'audit', reference: a.reference, process: `audit:${a.type}`, stage: a.stage, owner: 'qapp-chair', status: itemStatus(next), ...(next ? { next } : {}) });
  }
  for (const action of actions) {
    const next = dueDate({ key: action.key, title: `Action for ${action.owner}`, due: action.dueOn }, today, calendar, atRisk);
    items.push({ kind: 'action', reference: action.key, process: `action:${action.scope}`, stage: 'open', owner: action.owner, status: itemStatus(next), next });
  }
  return items.sort(byUrgency);
}
