/**
 * A case's one word (on track, at risk, overdue, on hold, finished late, closed), computed here for
 * every screen and list: the workflow's status, the case answer and the case list agree because they
 * all ask this function.
 */
import { addWorkingDaysDate, type WorkingCalendar } from './calendar';
import type { ProcessName } from './contracts';
import type { IsoDate } from './dates';
import { caseHealth, type CaseHealth, type Deadline } from './deadlines';
import { PROCESS_DEFINITIONS } from './processes';

export const AT_RISK_WORKING_DAYS = 5;

export function caseHealthOf(process: ProcessName, deadlines: Parameters<typeof caseHealth>[0], state: { completed: boolean; onHold: boolean }): CaseHealth {
  return caseHealth(deadlines, { finishKey: PROCESS_DEFINITIONS[process].finishDeadline, ...state });
}

/**
 * What a case's health depends on apart from today and the calendar, stored with every snapshot so
 * a list filters by status in SQL: health changes with the calendar, so the read model keeps the
 * date it turns on (the earliest open, running deadline), never a word that goes stale overnight.
 */
export interface CaseHealthBasis {
  /** The earliest due date of a deadline not met, not on hold and not standing: the one that turns the case at risk, then overdue. */
  governingDue: IsoDate | null;
  /** The finishing deadline was met after its date. */
  finishedLate: boolean;
}

type StoredDeadline = Pick<Deadline, 'key' | 'due' | 'paused'> & { kind: string; metOn?: IsoDate | null };

export function caseHealthBasis(process: ProcessName, deadlines: readonly StoredDeadline[]): CaseHealthBasis {
  const finishKey = PROCESS_DEFINITIONS[process].finishDeadline;
  const running = deadlines.filter((d) => d.kind !== 'standing' && !d.metOn && !d.paused).map((d) => d.due).sort();
  return {
    governingDue: running[0] ?? null,
    finishedLate: deadlines.some((d) => d.key === finishKey && d.kind !== 'standing' && !!d.metOn && d.metOn > d.due),
  };
}

/**
 * The first due date not yet at risk on `today`: a deadline due before it (and not before today)
 * has at most `AT_RISK_WORKING_DAYS` working days left, which deadlineStatus calls at risk.
 */
export function notAtRiskFrom(today: IsoDate, calendar: WorkingCalendar): IsoDate {
  return addWorkingDaysDate(calendar, today, AT_RISK_WORKING_DAYS + 1);
}

/** caseHealthOf from the stored basis: the same word, which the case-list property test checks on random cases and days. */
export function caseHealthOn(basis: CaseHealthBasis & { completed: boolean; onHold: boolean }, today: IsoDate, calendar: WorkingCalendar): CaseHealth {
  if (basis.completed) return basis.finishedLate ? 'finished-late' : 'closed';
  if (basis.onHold) return 'on-hold';
  if (basis.governingDue !== null && basis.governingDue < today) return 'overdue';
  if (basis.governingDue !== null && basis.governingDue < notAtRiskFrom(today, calendar)) return 'at-risk';
  return basis.finishedLate ? 'finished-late' : 'on-track';
}
