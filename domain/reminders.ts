import { addWorkingDaysDate, isWorkingDay, type WorkingCalendar } from './calendar';
import type { Deadline } from './deadlines';
import type { IsoDate } from './dates';
import { londonLocalToUtc } from './london-time';

export type RecipientRole =
  | 'cspr-chair'
  | 'executive'
  | 'reviewer'
  | 'agency-lead'
  | 'qapp-chair'
  // Statutory recipients of notifications (PROCESSES.md T1-T10).
  | 'panel'
  | 'secretary-of-state'
  | 'ofsted'
  | 'dfe'
  | 'partners';

export interface ReminderStep {
  /** Working days from the due date: negative before it, positive once overdue. */
  offsetWorkingDays: number;
  kind: 'before' | 'due' | 'overdue' | 'escalation';
  to: RecipientRole[];
}

export interface ReminderLadder {
  steps: ReminderStep[];
  /** Weekly (every 5 working days) repeats follow this many working days overdue. */
  weeklyAfterWorkingDays: number;
  /** From this many working days overdue a reminder is an escalation and also goes to the executive. */
  escalateFromWorkingDays: number;
  maxWeeklyRepeats: number;
  /** London wall-clock time reminders go out, 'HH:MM'. */
  localTime: string;
}

// Built on each read, not at module load: code run at load is static to mutation testing.
export const DEFAULT_LADDER: ReminderLadder = {
  get steps(): ReminderLadder['steps'] {
    return [
      { offsetWorkingDays: -5, kind: 'before', to: ['cspr-chair'] },
      { offsetWorkingDays: -2, kind: 'before', to: ['cspr-chair'] },
      { offsetWorkingDays: 0, kind: 'due', to: ['cspr-chair'] },
      { offsetWorkingDays: 1, kind: 'overdue', to: ['cspr-chair'] },
    ];
  },
  // Weekly counted from the due date (5, 10, 15 ... working days overdue), so the first escalation
  // falls exactly 5 working days overdue.
  weeklyAfterWorkingDays: 0,
  escalateFromWorkingDays: 5,
  maxWeeklyRepeats: 26,
  localTime: '09:00',
};

export interface Reminder {
  /** `${deadlineKey}:${due}:before-5` | `...:due` | `...:after-5`: a moved deadline gets new keys. */
  key: string;
  deadlineKey: string;
  kind: ReminderStep['kind'];
  date: IsoDate;
  /** UTC instant of the ladder's London time on `date`. */
  at: string;
  workingDaysFromDue: number;
  to: RecipientRole[];
}

/**
 * The reminders for a deadline, in time order; none while it is on hold. Offsets are working days
 * from the due date; the "on the day" reminder of a due date that is not a working day (a month
 * rule ending on a Saturday) goes on the working day before. Weekly repeats go every 5 working days
 * after `weeklyAfterWorkingDays`, to the last step's recipients; with the default ladder: 1, 5, 10,
 * 15 ... working days overdue, escalating from 5.
 */
export function reminderSchedule(d: Deadline, cal: WorkingCalendar, ladder: ReminderLadder = DEFAULT_LADDER): readonly Reminder[] {
  if (d.paused) return [];
  // Workflows ask for the same schedule on every activation while nothing has changed; it depends
  // only on the deadline's key and date, the calendar and the ladder, so it is computed once.
  const key = `${d.key}|${d.due}|${cal.version}|${JSON.stringify(ladder)}`;
  const known = schedules.get(key);
  if (known) return known;
  const computed = Object.freeze(computeSchedule(d, cal, ladder));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only limits memory; clearing sooner or later gives the same schedules
  if (schedules.size >= SCHEDULE_MEMO_LIMIT) schedules.clear();
  schedules.set(key, computed);
  return computed;
}

const SCHEDULE_MEMO_LIMIT = 2_000;
const schedules = new Map<string, readonly Reminder[]>();

function computeSchedule(d: Deadline, cal: WorkingCalendar, ladder: ReminderLadder): Reminder[] {
  const steps = [...ladder.steps];
  const lastStep = steps.reduce<ReminderStep | undefined>((last, step) => (!last || step.offsetWorkingDays > last.offsetWorkingDays ? step : last), undefined);
  for (let repeat = 1; repeat <= ladder.maxWeeklyRepeats; repeat++) {
    steps.push({ offsetWorkingDays: ladder.weeklyAfterWorkingDays + 5 * repeat, kind: 'overdue', to: lastStep?.to ?? [] });
  }
  const reminders = steps.map((step): Reminder => {
    const offset = step.offsetWorkingDays;
    const escalates = offset >= ladder.escalateFromWorkingDays;
    const date = offset === 0 ? (isWorkingDay(cal, d.due) ? d.due : addWorkingDaysDate(cal, d.due, -1)) : addWorkingDaysDate(cal, d.due, offset);
    return {
      key: `${d.key}:${d.due}:${offset < 0 ? `before-${-offset}` : offset === 0 ? 'due' : `after-${offset}`}`,
      deadlineKey: d.key,
      kind: escalates ? 'escalation' : step.kind,
      date,
      at: londonLocalToUtc(date, ladder.localTime),
      workingDaysFromDue: offset,
      to: escalates && !step.to.includes('executive') ? [...step.to, 'executive'] : [...step.to],
    };
  });
  // Stryker disable next-line ConditionalExpression: a reminder's time never falls as its offset rises, so the offset alone gives the same order
  return reminders.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.workingDaysFromDue - b.workingDaysFromDue));
}

/**
 * What to send now. A reminder whose time had passed before the case was entered (at <
 * startedAtMs) is never sent on its own: it comes back in `missedAtStart` for one status message
 * instead. Keys in `sentKeys` are left out of both lists, so adding the missed keys to it after
 * the status message is sent settles them.
 */
export function remindersToSend(
  schedule: readonly Reminder[],
  nowMs: number,
  sentKeys: ReadonlySet<string>,
  startedAtMs: number,
): { due: Reminder[]; missedAtStart: Reminder[] } {
  const due: Reminder[] = [];
  const missedAtStart: Reminder[] = [];
  for (const reminder of schedule) {
    if (sentKeys.has(reminder.key)) continue;
    const atMs = Date.parse(reminder.at);
    if (atMs < startedAtMs) missedAtStart.push(reminder);
    else if (atMs <= nowMs) due.push(reminder);
  }
  return { due, missedAtStart };
}
