import govUkEnglandAndWales from './data/bank-holidays-england-and-wales.json';
import { fnv1a64Hex } from './content-hash';
import { dayOfWeekOfDayNumber, fromDayNumber, isIsoDate, toDayNumber, type IsoDate } from './dates';

export interface BankHoliday {
  date: IsoDate;
  title: string;
}

/**
 * The bank holidays a case's deadlines were computed with. Plain data (it travels as workflow
 * input and is stored with the case), treated as immutable: `version` identifies its content, so
 * replay and audit reproduce the same dates and a changed calendar is visible as a new version.
 */
export interface WorkingCalendar {
  division: 'england-and-wales';
  version: string;
  holidays: BankHoliday[];
}

/** gov.uk's bank-holidays.json; divisions other than England and Wales are ignored. */
export interface GovUkBankHolidays {
  'england-and-wales': {
    division: string;
    events: { title: string; date: string; notes?: string; bunting?: boolean }[];
  };
}

export interface SkippedDay {
  date: IsoDate;
  reason: 'weekend' | 'bank holiday';
  name: string;
}

/** Adds holidays, or removes them: gov.uk's format can only add, so removal is `{ remove: [dates] }`. */
export type CalendarOverrides = { add?: BankHoliday[]; remove?: IsoDate[] } | GovUkBankHolidays;

/** One holiday per date: when a date repeats, the later entry wins. Titles are read as plain text (see plainTitle). */
export function buildCalendar(holidays: BankHoliday[]): WorkingCalendar {
  const byDate = new Map<IsoDate, BankHoliday>();
  for (const { date, title } of holidays) {
    if (!isIsoDate(date)) throw new RangeError(`bank holiday date is not a calendar date: ${JSON.stringify(date)}`);
    if (title.length === 0) throw new RangeError(`bank holiday on ${date} has no title`);
    byDate.set(date, Object.freeze({ date, title: plainTitle(title) }));
  }
  // Stryker disable next-line EqualityOperator,ConditionalExpression: dates are unique here (one entry per date) and V8's sort only asks whether the result is negative
  const sorted = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return Object.freeze({ division: 'england-and-wales' as const, version: calendarVersion(sorted), holidays: Object.freeze(sorted) as BankHoliday[] });
}

/** 'ew-' and a hash of the sorted (date, title) list: equal content, equal version. */
function calendarVersion(sorted: BankHoliday[]): string {
  return `ew-${fnv1a64Hex(sorted.map(({ date, title }) => `${date}\t${title}\n`).join(''))}`;
}

/**
 * gov.uk writes "New Year’s Day" with a typographic apostrophe; deadlines and emails say
 * "New Year's Day", and both spellings must give the same calendar version.
 */
function plainTitle(title: string): string {
  return title.replace(/\u2019/g, "'");
}

export function holidaysFromGovUk(file: GovUkBankHolidays): BankHoliday[] {
  return file['england-and-wales'].events.map(({ date, title }) => ({ date, title }));
}

let cachedDefault: WorkingCalendar | undefined;

/** England and Wales 2015-2035 from domain/data (see its README for the source and checks). */
export function defaultCalendar(): WorkingCalendar {
  cachedDefault ??= buildCalendar(holidaysFromGovUk(govUkEnglandAndWales));
  return cachedDefault;
}

/**
 * A gov.uk-format file adds (or retitles) its events; `{ add, remove }` removes the dates in
 * `remove` and then adds `add`, so removing and adding one date replaces its title.
 */
export function applyOverrides(cal: WorkingCalendar, overrides: CalendarOverrides): WorkingCalendar {
  const { add, remove } =
    'england-and-wales' in overrides ? { add: holidaysFromGovUk(overrides), remove: [] } : { add: overrides.add ?? [], remove: overrides.remove ?? [] };
  for (const date of remove) {
    if (!isIsoDate(date)) throw new RangeError(`date to remove is not a calendar date: ${JSON.stringify(date)}`);
  }
  const removed = new Set(remove);
  return buildCalendar([...cal.holidays.filter((holiday) => !removed.has(holiday.date)), ...add]);
}

/** Whether the calendar has data for d's year; outside it only weekends are known. */
export function calendarCovers(cal: WorkingCalendar, d: IsoDate): boolean {
  const first = cal.holidays[0];
  const last = cal.holidays[cal.holidays.length - 1];
  if (!first || !last) return false;
  const year = d.slice(0, 4);
  // Stryker disable next-line MethodExpression: a year is a prefix of its dates, so it is <= the last date exactly when it is <= that date's year
  return year >= first.date.slice(0, 4) && year <= last.date.slice(0, 4);
}

export function isWorkingDay(cal: WorkingCalendar, d: IsoDate): boolean {
  const day = toDayNumber(d);
  return isWeekday(day) && !indexOf(cal).byDay.has(day);
}

export function holidayOn(cal: WorkingCalendar, d: IsoDate): BankHoliday | undefined {
  return indexOf(cal).byDay.get(toDayNumber(d));
}

/**
 * n > 0: the nth working day after `from`; n < 0: the |n|th working day before `from`;
 * n = 0: `from` if it is a working day, else the next one. `skipped` lists, oldest first, the
 * non-working days passed over on the way (between `from` and the result, exclusive of both,
 * and including `from` itself when n = 0 moves off it).
 */
export function addWorkingDays(cal: WorkingCalendar, from: IsoDate, n: number): { date: IsoDate; skipped: SkippedDay[] } {
  const ix = indexOf(cal);
  const start = toDayNumber(from);
  const result = workingDayNumber(ix, start, n);
  const skipped = n > 0 ? skippedDays(ix, start + 1, result - 1) : n < 0 ? skippedDays(ix, result + 1, start - 1) : skippedDays(ix, start, result - 1);
  return { date: fromDayNumber(result), skipped };
}

/** addWorkingDays without the list of skipped days. */
export function addWorkingDaysDate(cal: WorkingCalendar, from: IsoDate, n: number): IsoDate {
  return fromDayNumber(workingDayNumber(indexOf(cal), toDayNumber(from), n));
}

/** Working days in (from, to]; negative, counting (to, from], when to is before from. */
export function workingDaysBetween(cal: WorkingCalendar, from: IsoDate, to: IsoDate): number {
  const ix = indexOf(cal);
  return workingDayCount(ix, toDayNumber(to)) - workingDayCount(ix, toDayNumber(from));
}

// --- counting ----------------------------------------------------------------------------------
// Working days are counted as a running total: weekdays by weekly arithmetic, less the weekday
// holidays up to that day (a binary search). Adding n working days inverts that total, so its cost
// depends on the number of holidays (log h), not on n.

interface CalendarIndex {
  byDay: Map<number, BankHoliday>;
  holidayDays: number[];
  weekdayHolidayDays: number[];
}

const indexes = new WeakMap<WorkingCalendar, CalendarIndex>();

function indexOf(cal: WorkingCalendar): CalendarIndex {
  let ix = indexes.get(cal);
  // Stryker disable next-line ConditionalExpression: the index is a cache; rebuilding it every call gives the same dates
  if (!ix) {
    const byDay = new Map<number, BankHoliday>();
    for (const holiday of cal.holidays) byDay.set(toDayNumber(holiday.date), holiday);
    // Stryker disable next-line MethodExpression,ArithmeticOperator: cal.holidays comes sorted from buildCalendar, so the keys are already in order
    const holidayDays = [...byDay.keys()].sort((a, b) => a - b);
    ix = { byDay, holidayDays, weekdayHolidayDays: holidayDays.filter(isWeekday) };
    indexes.set(cal, ix);
  }
  return ix;
}

function isWeekday(day: number): boolean {
  const dow = dayOfWeekOfDayNumber(day);
  return dow !== 0 && dow !== 6;
}

/** Day 0 of this count is Monday 1969-12-29, three days before day number 0. */
const MONDAY_OFFSET = 3;

/** Weekdays from Monday 1969-12-29 up to and including `day` (negative before it). */
function weekdaysUpTo(day: number): number {
  const k = day + MONDAY_OFFSET;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7 + 1, 5);
}

/** The first day with weekdaysUpTo(day) === count: always a weekday. */
function weekdayWithCount(count: number): number {
  const c = count - 1;
  const weeks = Math.floor(c / 5);
  return weeks * 7 + (c - weeks * 5) - MONDAY_OFFSET;
}

/** Number of entries <= day in an ascending array. */
function countUpTo(sorted: number[], day: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function workingDayCount(ix: CalendarIndex, day: number): number {
  return weekdaysUpTo(day) - countUpTo(ix.weekdayHolidayDays, day);
}

function workingDayNumber(ix: CalendarIndex, start: number, n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
  const holidays = ix.weekdayHolidayDays;
  if (n > 0) return firstWorkingDayWithCount(ix, workingDayCount(ix, start) + n, countUpTo(holidays, start), holidays.length, 'up');
  if (n < 0) return firstWorkingDayWithCount(ix, workingDayCount(ix, start - 1) + n + 1, 0, countUpTo(holidays, start), 'down');
  return firstWorkingDayWithCount(ix, workingDayCount(ix, start - 1) + 1, countUpTo(holidays, start - 1), holidays.length, 'up');
}

/**
 * The working day on which the running total reaches `target`. If h weekday holidays precede it,
 * it is weekdayWithCount(target + h); h is the least i in [lo, hi] whose candidate has no more
 * than i holidays up to it (that excess falls by at most one per step of i, so it can be searched).
 * The search gallops from the end nearer the answer, then bisects.
 */
function firstWorkingDayWithCount(ix: CalendarIndex, target: number, lo: number, hi: number, gallop: 'up' | 'down'): number {
  const holidays = ix.weekdayHolidayDays;
  const fits = (i: number): boolean => countUpTo(holidays, weekdayWithCount(target + i)) <= i;
  let step = 1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the gallop only narrows [lo, hi] for speed; the bisection below finds the same answer from any valid bounds
  if (gallop === 'up') {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,MethodExpression,BlockStatement: as above, speed only
    for (let probe = lo; probe < hi; probe = Math.min(hi, lo + step), step *= 2) {
      if (fits(probe)) {
        hi = probe;
        break;
      }
      // Stryker disable next-line ArithmeticOperator: a lower bound that is lower still gives the same answer, more slowly
      lo = probe + 1;
    }
  // Stryker disable next-line BlockStatement: without the downward gallop the bisection alone finds the same answer
  } else {
    // Stryker disable next-line ArithmeticOperator,ConditionalExpression,EqualityOperator,BlockStatement: as above, speed only
    for (let probe = hi - 1; probe >= lo; probe = hi - step, step *= 2) {
      if (!fits(probe)) {
        // Stryker disable next-line ArithmeticOperator: a lower bound that is lower still gives the same answer, more slowly
        lo = probe + 1;
        break;
      }
      hi = probe;
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fits(mid)) hi = mid;
    else lo = mid + 1;
  }
  return weekdayWithCount(target + lo);
}

function skippedDays(ix: CalendarIndex, first: number, last: number): SkippedDay[] {
  const skipped: SkippedDay[] = [];
  let nextHoliday = countUpTo(ix.holidayDays, first - 1);
  let day = first;
  while (day <= last) {
    const holidayDay = ix.holidayDays[nextHoliday];
    if (holidayDay === day) {
      skipped.push({ date: fromDayNumber(day), reason: 'bank holiday', name: (ix.byDay.get(day) as BankHoliday).title });
      nextHoliday++;
      day++;
      continue;
    }
    const dow = dayOfWeekOfDayNumber(day);
    if (dow === 6 || dow === 0) {
      skipped.push({ date: fromDayNumber(day), reason: 'weekend', name: dow === 6 ? 'Saturday' : 'Sunday' });
      day++;
      continue;
    }
    const nextSaturday = day + (6 - dow);
    // Stryker disable next-line EqualityOperator: a holiday on that Saturday is the same day either way
    day = holidayDay !== undefined && holidayDay < nextSaturday ? holidayDay : nextSaturday;
  }
  return skipped;
}
