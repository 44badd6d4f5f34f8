import { dayOfWeekOfDayNumber, fromDayNumber, toDayNumber, type IsoDate } from './dates';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

// Summer Time Act 1972, as set by the Summer Time Order 2002: British Summer Time runs from
// 01:00 GMT on the last Sunday in March to 01:00 GMT on the last Sunday in October.
function lastSundayOf(year: number, month: '03' | '10'): number {
  const lastDay = toDayNumber(`${String(year).padStart(4, '0')}-${month}-31`);
  return lastDay - dayOfWeekOfDayNumber(lastDay);
}

export function isBritishSummerTime(instantMs: number): boolean {
  const year = Number(fromDayNumber(Math.floor(instantMs / DAY_MS)).slice(0, 4));
  const starts = lastSundayOf(year, '03') * DAY_MS + HOUR_MS;
  const ends = lastSundayOf(year, '10') * DAY_MS + HOUR_MS;
  return instantMs >= starts && instantMs < ends;
}

/**
 * The UTC instant of a wall-clock time in London, 'YYYY-MM-DDTHH:MM:00.000Z'. A time the clocks
 * skip in March (01:00-01:59) is read as GMT, i.e. an hour later in BST; a time that happens
 * twice in October is the first (BST) one.
 */
export function londonLocalToUtc(date: IsoDate, time: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`not a time of day (HH:MM): ${JSON.stringify(time)}`);
  const localMs = toDayNumber(date) * DAY_MS + Number(match[1]) * HOUR_MS + Number(match[2]) * MINUTE_MS;
  const ifSummer = localMs - HOUR_MS;
  return formatInstant(isBritishSummerTime(ifSummer) ? ifSummer : localMs);
}

/** The calendar date in London at an instant. */
export function utcToLondonDate(instantMs: number): IsoDate {
  const localMs = instantMs + (isBritishSummerTime(instantMs) ? HOUR_MS : 0);
  return fromDayNumber(Math.floor(localMs / DAY_MS));
}

function formatInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const minutes = Math.floor((ms - day * DAY_MS) / MINUTE_MS);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${fromDayNumber(day)}T${hh}:${mm}:00.000Z`;
}
