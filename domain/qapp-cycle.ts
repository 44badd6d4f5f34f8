/**
 * The QAPP meeting cycle (PROCESSES.md "The QAPP meeting cycle"): a rotation of three meeting
 * types, a cadence the executive can change, meeting dates moved off weekends and bank holidays,
 * and the papers deadline and agenda a configurable number of working days ahead. Pure.
 */
import { addWorkingDaysDate, type WorkingCalendar } from './calendar';
import { addCalendarMonths, daysInMonth, type IsoDate } from './dates';
import { actionCompletionRefusalOf, recordedDateRefusal } from './milestones';

export type MeetingType = 1 | 2 | 3;

// Built on each read, not at module load: code run at load is static to mutation testing.
export const MEETING_PURPOSES: Record<MeetingType, string> = {
  get 1() {
    return 'QAPP dashboard and data; identify audit activity; review learning from earlier audits';
  },
  get 2() {
    return 'Policies and procedures; learning and development';
  },
  get 3() {
    return 'Audit activity: the audits against the theme chosen at meeting 1';
  },
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

// --- the rules the cycle's updates are judged by (issue 15: out of the workflow's validators) ----

/** A period of suspended multi-agency audit activity: from its first day, until the day it resumed (exclusive). */
export interface Suspension {
  from: IsoDate;
  to?: IsoDate;
  reason: string;
}

export function suspendedOn(suspensions: readonly Suspension[], day: IsoDate): boolean {
  return suspensions.some((s) => s.from <= day && (s.to === undefined || day < s.to));
}

/** The last meeting day with minutes: an effective date before it would re-plan a minuted meeting. */
function replanRefusal(what: string, from: IsoDate, lastMinutedOn: IsoDate | undefined): string | undefined {
  if (lastMinutedOn !== undefined && from < lastMinutedOn) return `${what} from ${from} would re-plan meetings already minuted (the last on ${lastMinutedOn}): date it on or after ${lastMinutedOn}`;
  return undefined;
}

/**
 * A cadence change takes effect from its date, past or future, with one meaning: meetings from
 * that date follow it. Only the order of changes and the minutes already recorded limit it.
 */
export function cadenceChangeRefusal(c: { everyMonths: number; dayOfMonth: number; from: IsoDate }, current: Cadence[], lastMinutedOn: IsoDate | undefined): string | undefined {
  if (!Number.isInteger(c.everyMonths) || c.everyMonths < 1 || c.everyMonths > 12) return 'everyMonths must be a whole number from 1 to 12';
  if (!Number.isInteger(c.dayOfMonth) || c.dayOfMonth < 1 || c.dayOfMonth > 31) return 'dayOfMonth must be from 1 to 31';
  const latest = [...current].sort((a, b) => a.from.localeCompare(b.from)).at(-1);
  if (latest && c.from <= latest.from) return `a cadence already applies from ${latest.from}; a change must start after it`;
  return replanRefusal('a cadence change', c.from, lastMinutedOn);
}

/** A suspension takes effect from its date, past or future, like a cadence change. */
export function suspensionRefusal(s: { reason: string; from: IsoDate }, suspensions: readonly Suspension[], lastMinutedOn: IsoDate | undefined): string | undefined {
  const open = suspensions.find((x) => x.to === undefined);
  if (open) return `audit activity is already suspended (since ${open.from})`;
  if (s.reason.trim().length === 0 || s.reason.length > 200) return 'a reason of 1 to 200 characters is required';
  const last = suspensions.at(-1);
  if (last?.to !== undefined && s.from < last.to) return `from ${s.from} is before the last suspension ended (${last.to})`;
  return replanRefusal('a suspension', s.from, lastMinutedOn);
}

export function resumeRefusal(on: IsoDate, suspensions: readonly Suspension[], lastMinutedOn: IsoDate | undefined): string | undefined {
  const open = suspensions.find((x) => x.to === undefined);
  if (!open) return 'audit activity is not suspended';
  if (on <= open.from) return `on must be after the suspension began (${open.from})`;
  return replanRefusal('a resumption', on, lastMinutedOn);
}

export function stopRefusal(on: IsoDate, firstMeetingFrom: IsoDate, endsOn: IsoDate | undefined, lastMinutedOn: IsoDate | undefined): string | undefined {
  if (endsOn !== undefined && endsOn < on) return `the cycle already ends on ${endsOn}`;
  if (on < firstMeetingFrom) return `on ${on} is before the cycle began (${firstMeetingFrom})`;
  if (lastMinutedOn !== undefined && on < lastMinutedOn) return `meetings up to ${lastMinutedOn} are minuted: the cycle cannot end before then`;
  return undefined;
}

export interface MinutesFacts {
  meeting?: { id: string; type: MeetingType; purpose: MeetingPurpose; date: IsoDate; state: string };
  meetingId: string;
  heldOn: IsoDate;
  decisions: number;
  actions: { key: string; owner: string; dueOn: IsoDate }[];
  takenActionKeys: ReadonlySet<string>;
  launches: { reference: string; multiAgency: boolean; participants: number; returnsDueOn: IsoDate }[];
  knownAudits: ReadonlySet<string>;
  suspended: (day: IsoDate) => boolean;
  /** A cycle begun before issue 17 keeps its first rules: only a meeting awaiting minutes takes them, and a suspension in force now (since this day) bars launches. */
  original?: { suspendedSince: IsoDate | undefined };
}

/**
 * Minutes are recorded once, after the meeting, with their real date: a meeting whose minutes were
 * never recorded (minutes missing, or a past meeting recorded now) takes them as well.
 */
export function minutesRefusal(m: MinutesFacts, today: IsoDate, patterns: { reference: RegExp; owner: RegExp }): string | undefined {
  const meeting = m.meeting;
  if (!meeting) return `no meeting ${m.meetingId} is awaiting minutes`;
  const open = meeting.state === 'awaiting-minutes' || (meeting.state === 'minutes-missing' && !m.original) || (meeting.state === 'scheduled' && meeting.date <= today);
  if (!open) return `meeting ${meeting.id} is ${meeting.state}: minutes are recorded once, after it is held`;
  if (m.heldOn < meeting.date || m.heldOn > today) return `heldOn must be between the meeting date ${meeting.date} and today ${today}`;
  if (!Number.isInteger(m.decisions) || m.decisions < 0) return 'decisions must be a count';
  const keys = new Set<string>();
  for (const a of m.actions) {
    if (keys.has(a.key) || m.takenActionKeys.has(`${meeting.id}:${a.key}`)) return `action '${a.key}' appears twice`;
    keys.add(a.key);
    if (!patterns.owner.test(a.owner)) return `owner '${a.owner}' must be an agency or role code such as 'police' or 'qapp-chair'`;
    if (a.dueOn < m.heldOn) return `action '${a.key}' is due before the meeting`;
  }
  if (m.launches.length > 0 && (meeting.type !== 1 || meeting.purpose !== 'standard')) return 'audits are launched by QAPP meeting 1 (dashboard and data)';
  for (const l of m.launches) {
    if (!patterns.reference.test(l.reference)) return `audit reference '${l.reference}' must look like CFA-2027-NEGLECT`;
    if (m.knownAudits.has(l.reference) || m.launches.filter((x) => x.reference === l.reference).length > 1) return `audit ${l.reference} already exists`;
    if (m.original) {
      if (m.original.suspendedSince !== undefined && l.multiAgency) return `multi-agency audit activity is suspended (since ${m.original.suspendedSince}): ${l.reference} cannot be launched`;
    } else if (m.suspended(m.heldOn) && l.multiAgency) return `multi-agency audit activity is suspended on ${m.heldOn}: ${l.reference} cannot be launched`;
    if (l.participants === 0) return `audit ${l.reference} has no participants`;
    if (l.returnsDueOn <= m.heldOn) return `audit ${l.reference}: returns must be due after the meeting`;
  }
  return undefined;
}

export function meetingActionRefusal(a: { key: string; completedOn?: IsoDate; meetingDate?: IsoDate } | undefined, key: string, completedOn: IsoDate, today: IsoDate): string | undefined {
  return actionCompletionRefusalOf(a, key, completedOn, today, {
    missing: `no open action '${key}'`,
    ...(a?.meetingDate !== undefined ? { notBefore: { on: a.meetingDate, words: `the meeting that agreed it (${a.meetingDate})` } } : {}),
  });
}

/**
 * The controls of a cycle begun before issue 17 ('qa-history-quiet'): one suspension at a time,
 * dated no later than today; it cannot be stopped. Its cadence changes follow cadenceRefusal.
 */
export const ORIGINAL_CYCLE_RULES = {
  suspension(s: { reason: string; from: IsoDate }, current: { from: IsoDate } | undefined, today: IsoDate): string | undefined {
    if (current) return `audit activity is already suspended (since ${current.from})`;
    if (s.reason.trim().length === 0 || s.reason.length > 200) return 'a reason of 1 to 200 characters is required';
    return recordedDateRefusal('from', s.from, today);
  },
  resumption(on: IsoDate, current: { from: IsoDate } | undefined, today: IsoDate): string | undefined {
    if (!current) return 'audit activity is not suspended';
    if (on < current.from || on > today) return `on must be between ${current.from} and today ${today}`;
    return undefined;
  },
  stop(): string {
    return 'this cycle began before cycles could be stopped: start a new one';
  },
};
