/**
 * The QAPP meeting cycle (PROCESSES.md "The QAPP meeting cycle"): a rotation of three meeting
 * types, a cadence the executive can change, meeting dates moved off weekends and bank holidays,
 * and the papers deadline and agenda a configurable number of working days ahead. Pure.
 */
import { addWorkingDaysDate, type WorkingCalendar } from './calendar';
import { addCalendarMonths, daysInMonth, type IsoDate } from './dates';

export type MeetingType = 1 | 2 | 3;

export const MEETING_PURPOSES: Record<MeetingType, string> = {
  1: 'QAPP dashboard and data; identify audit activity; review learning from earlier audits',
  2: 'Policies and procedures; learning and development',
  3: 'Audit activity: the audits against the theme chosen at meeting 1',
};

/** Meetings every `everyMonths` months (1 monthly, 2 bi-monthly, other: custom) on `dayOfMonth`, from `from`. */
export interface Cadence {
  everyMonths: number;
  dayOfMonth: number;
  from: IsoDate;
}

export interface QappConfig {
  papersDeadlineWorkingDays: number;
  agendaWorkingDays: number;
  /** Working days after the meeting before minutes are chased. */
  minutesDueWorkingDays: number;
  /** What happens to an audit-activity meeting while audit activity is suspended. */
  whileSuspended: 'skip' | 'repurpose';
}

export const DEFAULT_QAPP_CONFIG: QappConfig = { papersDeadlineWorkingDays: 5, agendaWorkingDays: 3, minutesDueWorkingDays: 10, whileSuspended: 'repurpose' };

export function cadenceName(c: Pick<Cadence, 'everyMonths'>): 'monthly' | 'bi-monthly' | 'custom' {
  return c.everyMonths === 1 ? 'monthly' : c.everyMonths === 2 ? 'bi-monthly' : 'custom';
}

function slotDate(c: Cadence, k: number): IsoDate {
  const month = addCalendarMonths(`${c.from.slice(0, 7)}-01`, k * c.everyMonths);
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return `${month.slice(0, 8)}${String(Math.min(c.dayOfMonth, daysInMonth(y, m))).padStart(2, '0')}`;
}

/** A meeting date falling on a weekend or bank holiday moves to the next working day. */
export function meetingDayFor(cal: WorkingCalendar, d: IsoDate): IsoDate {
  return addWorkingDaysDate(cal, d, 0);
}

/**
 * The first meeting date strictly after `after` under the cadences in force: each cadence applies
 * from its `from` date until the next one's (cadences sorted by `from`).
 */
export function nextMeetingDate(cal: WorkingCalendar, cadences: Cadence[], after: IsoDate): IsoDate {
  const sorted = [...cadences].sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i] as Cadence;
    const until = sorted[i + 1]?.from;
    for (let k = 0; k < 1200; k++) {
      const slot = slotDate(c, k);
      if (slot < c.from) continue;
      const day = meetingDayFor(cal, slot);
      if (until !== undefined && slot >= until) break;
      if (day > after) return day;
    }
  }
  throw new RangeError(`no meeting date after ${after}`);
}

export interface MeetingDates {
  date: IsoDate;
  papersDueOn: IsoDate;
  agendaOn: IsoDate;
  minutesDueOn: IsoDate;
}

export function meetingDates(cal: WorkingCalendar, date: IsoDate, config: QappConfig): MeetingDates {
  return {
    date,
    papersDueOn: addWorkingDaysDate(cal, date, -config.papersDeadlineWorkingDays),
    agendaOn: addWorkingDaysDate(cal, date, -config.agendaWorkingDays),
    minutesDueOn: addWorkingDaysDate(cal, date, config.minutesDueWorkingDays),
  };
}

/** The rotation: position 0, 1, 2 hold meetings 1, 2, 3; a cycle ends after meeting 3. */
export function meetingTypeAt(position: number): MeetingType {
  return ((((position % 3) + 3) % 3) + 1) as MeetingType;
}

export type MeetingPurpose = 'standard' | 'repurposed' | 'skipped';

/** An audit-activity meeting while audit activity is suspended is skipped or repurposed (to meeting 2's business). */
export function purposeOf(type: MeetingType, suspended: boolean, config: Pick<QappConfig, 'whileSuspended'>): MeetingPurpose {
  if (type !== 3 || !suspended) return 'standard';
  return config.whileSuspended === 'skip' ? 'skipped' : 'repurposed';
}

export function cadenceRefusal(c: { everyMonths: number; dayOfMonth: number; from: IsoDate }, today: IsoDate, current: Cadence[]): string | undefined {
  if (!Number.isInteger(c.everyMonths) || c.everyMonths < 1 || c.everyMonths > 12) return 'everyMonths must be a whole number from 1 to 12';
  if (!Number.isInteger(c.dayOfMonth) || c.dayOfMonth < 1 || c.dayOfMonth > 31) return 'dayOfMonth must be from 1 to 31';
  if (c.from < today) return `a cadence change cannot start in the past (from ${c.from}, today is ${today})`;
  const latest = [...current].sort((a, b) => a.from.localeCompare(b.from)).at(-1);
  if (latest && c.from < latest.from) return `a cadence already applies from ${latest.from}; a change must start on or after it`;
  return undefined;
}
