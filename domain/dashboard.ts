/**
 * The executive's view: every open item with its next deadline, sorted by urgency. Pure, so the
 * API, the pages' data and the weekly digest agree on what "at risk" means.
 */
import type { WorkingCalendar } from './calendar';
import type { IsoDate } from './dates';
import { deadlineStatus, type Deadline, type DeadlineStatus } from './deadlines';

export type ItemStatus = 'overdue' | 'due-today' | 'at-risk' | 'on-hold' | 'publication-deferred' | 'on-track' | 'no-deadline';

export const ITEM_STATUSES: readonly ItemStatus[] = ['overdue', 'due-today', 'at-risk', 'on-hold', 'publication-deferred', 'on-track', 'no-deadline'];

const URGENCY: Record<ItemStatus, number> = { overdue: 0, 'due-today': 1, 'at-risk': 2, 'publication-deferred': 3, 'on-hold': 4, 'on-track': 5, 'no-deadline': 6 };

export interface NextDeadline {
  key: string;
  title: string;
  due: IsoDate;
  statutoryDue: IsoDate;
  status: DeadlineStatus;
  workingDaysRemaining: number;
  statutoryDuePassed: boolean;
  sentence: string;
}

export interface DashboardItem {
  kind: 'case' | 'audit' | 'action';
  reference: string;
  process: string;
  stage: string;
  owner: string;
  status: ItemStatus;
  next?: NextDeadline;
}

/** The deadline that matters most for an item: the earliest open one, on-hold ones last; never a standing obligation. */
export type DeadlineRow = Pick<Deadline, 'key' | 'title' | 'due' | 'statutoryDue' | 'paused' | 'sentence'> & { metOn?: IsoDate | null; kind?: string };

export function nextDeadline(deadlines: readonly DeadlineRow[], today: IsoDate, calendar: WorkingCalendar, atRiskWorkingDays = 5): NextDeadline | undefined {
  const open = deadlines
    .filter((d) => !d.metOn && d.kind !== 'standing')
    .map((d) => ({ d, s: deadlineStatus({ due: d.due, statutoryDue: d.statutoryDue, paused: d.paused }, today, calendar, { atRiskWorkingDays }) }))
    .sort((a, b) => Number(a.d.paused) - Number(b.d.paused) || a.d.due.localeCompare(b.d.due));
  const first = open[0];
  if (!first) return undefined;
  return { key: first.d.key, title: first.d.title, due: first.d.due, statutoryDue: first.d.statutoryDue, sentence: first.d.sentence, ...first.s };
}

export function itemStatus(next: NextDeadline | undefined, flags: { publicationDeferred?: boolean } = {}): ItemStatus {
  if (flags.publicationDeferred) return 'publication-deferred';
  if (!next) return 'no-deadline';
  return next.status === 'met' || next.status === 'met-late' || next.status === 'standing' ? 'on-track' : next.status;
}

export function byUrgency(a: DashboardItem, b: DashboardItem): number {
  return (
    URGENCY[a.status] - URGENCY[b.status] ||
    (a.next?.workingDaysRemaining ?? Infinity) - (b.next?.workingDaysRemaining ?? Infinity) ||
    a.reference.localeCompare(b.reference)
  );
}

/** An audit's next deadline: its returns while some are outstanding; none once all are in. */
export function auditReturnsDue(audit: { returned: number; participants: number; returnsDueOn: IsoDate; paused: boolean }, today: IsoDate, calendar: WorkingCalendar, atRiskWorkingDays = 5): NextDeadline | undefined {
  return audit.returned < audit.participants ? dueDate({ key: 'returns', title: `Returns (${audit.returned} of ${audit.participants})`, due: audit.returnsDueOn, paused: audit.paused }, today, calendar, atRiskWorkingDays) : undefined;
}

/** A plain due date (an audit's returns, an action) as a next deadline. */
export function dueDate(args: { key: string; title: string; due: IsoDate; paused?: boolean }, today: IsoDate, calendar: WorkingCalendar, atRiskWorkingDays = 5): NextDeadline {
  const status = deadlineStatus({ due: args.due, statutoryDue: args.due, paused: args.paused ?? false }, today, calendar, { atRiskWorkingDays });
  return { key: args.key, title: args.title, due: args.due, statutoryDue: args.due, sentence: `due ${args.due}`, ...status };
}
