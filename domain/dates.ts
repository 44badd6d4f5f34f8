/** A calendar date in England, 'YYYY-MM-DD'. Never a `Date`: deadlines are days, not instants. */
export type IsoDate = string;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const FULL_WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

function parse(s: string): CivilDate | undefined {
  if (s.length !== 10 || s[4] !== '-' || s[7] !== '-') return undefined;
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return undefined;
  return { year, month, day };
}

function parseOrThrow(d: IsoDate): CivilDate {
  const civil = parse(d);
  if (!civil) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(d)}`);
  return civil;
}

export function isIsoDate(s: string): boolean {
  return typeof s === 'string' && parse(s) !== undefined;
}

// Days since 1970-01-01, by Hinnant's civil-days algorithm: integer arithmetic only,
// so nothing depends on the host's time zone or Date implementation.
function civilToDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function dayNumberToCivil(n: number): CivilDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yearOfEra + (month <= 2 ? 1 : 0), month, day };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatCivil({ year, month, day }: CivilDate): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// Reminder schedules and deadline explanations convert the same few thousand dates over and over
// (most of a workflow's replay time went here); both directions are memoised, within a bound.
const MEMO_LIMIT = 50_000;
const dayNumbers = new Map<IsoDate, number>();
const isoDates = new Map<number, IsoDate>();

function remembered<K, V>(memo: Map<K, V>, key: K, compute: (key: K) => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute(key);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only limits memory; remembering more or less gives the same dates
    if (memo.size < MEMO_LIMIT) memo.set(key, value);
  }
  return value;
}

/** Days since 1970-01-01 (negative before). The integer form the calendar counts with. */
export function toDayNumber(d: IsoDate): number {
  return remembered(dayNumbers, d, (key) => civilToDayNumber(parseOrThrow(key)));
}

export function fromDayNumber(n: number): IsoDate {
  return remembered(isoDates, n, (key) => formatCivil(dayNumberToCivil(key)));
}

/** 0 = Sunday ... 6 = Saturday, as `Date.prototype.getDay`. */
export function dayOfWeekOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function dayOfWeek(d: IsoDate): number {
  return dayOfWeekOfDayNumber(toDayNumber(d));
}

export function weekdayName(d: IsoDate): string {
  return FULL_WEEKDAY_NAMES[dayOfWeek(d)] as string;
}

export function addCalendarDays(d: IsoDate, n: number): IsoDate {
  assertWholeNumber(n);
  return fromDayNumber(toDayNumber(d) + n);
}

/** Same day of the month n months on; a day the target month lacks clamps to its last day. */
export function addCalendarMonths(d: IsoDate, n: number): IsoDate {
  assertWholeNumber(n);
  const { year, month, day } = parseOrThrow(d);
  const monthIndex = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatCivil({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  const da = toDayNumber(a);
  const db = toDayNumber(b);
  return da < db ? -1 : da > db ? 1 : 0;
}

/** 'Wed 15 Jan 2020' */
export function formatLongDate(d: IsoDate): string {
  const civil = parseOrThrow(d);
  return `${WEEKDAY_NAMES[dayOfWeekOfDayNumber(civilToDayNumber(civil))]} ${formatShortCivil(civil)}`;
}

/** '15 Jan 2020' */
export function formatShortDate(d: IsoDate): string {
  return formatShortCivil(parseOrThrow(d));
}

function formatShortCivil({ year, month, day }: CivilDate): string {
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

function assertWholeNumber(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of days or months: ${n}`);
}
