/**
 * Calendar cases the other tests leave open, found by mutation testing (npm run test:mutation):
 * holidays that fall on a weekend in a partnership's own calendar file, and counting in both
 * directions across them. Expected dates are hand counts (weekdays checked with Python's datetime).
 */
import {
  addWorkingDays,
  addWorkingDaysDate,
  buildCalendar,
  defaultCalendar,
  holidayOn,
  isWorkingDay,
  workingDaysBetween,
} from '../../domain/calendar';
import { calendarOverridesSchema, govUkBankHolidaysSchema, workingCalendarSchema } from '../../domain/calendar-files';

// Fri 25 and Sat 26 Dec 2020, listed as they fell, without gov.uk's substitute Mon 28 Dec.
const asTheyFell = () =>
  buildCalendar([
    { date: '2020-12-26', title: 'Boxing Day' },
    { date: '2020-12-25', title: 'Christmas Day' },
  ]);

describe('a holiday on a weekend', () => {
  it('is skipped once, by its name, and takes no working day', () => {
    expect(addWorkingDays(asTheyFell(), '2020-12-24', 1)).toEqual({
      date: '2020-12-28',
      skipped: [
        { date: '2020-12-25', reason: 'bank holiday', name: 'Christmas Day' },
        { date: '2020-12-26', reason: 'bank holiday', name: 'Boxing Day' },
        { date: '2020-12-27', reason: 'weekend', name: 'Sunday' },
      ],
    });
    expect(holidayOn(asTheyFell(), '2020-12-26')).toEqual({ date: '2020-12-26', title: 'Boxing Day' });
    expect(isWorkingDay(asTheyFell(), '2020-12-26')).toBe(false);
    expect(isWorkingDay(asTheyFell(), '2020-12-28')).toBe(true);
  });

  it.each([
    // (24 Dec, 31 Dec]: Mon 28, Tue 29, Wed 30, Thu 31.
    ['2020-12-24', '2020-12-31', 4],
    ['2020-12-31', '2020-12-24', -4],
    // (Fri 25, Mon 28]: only the Monday.
    ['2020-12-25', '2020-12-28', 1],
    // (Sat 26, Sun 27]: nothing.
    ['2020-12-26', '2020-12-27', 0],
    // (Thu 17 Dec, Thu 7 Jan 2021]: 15 weekdays less Christmas Day (this calendar has no New Year's Day).
    ['2020-12-17', '2021-01-07', 14],
  ])('working days in (%s, %s] = %i', (from, to, n) => {
    expect(workingDaysBetween(asTheyFell(), from, to)).toBe(n);
  });

  it.each([
    ['2020-12-24', 1, '2020-12-28'],
    ['2020-12-24', 5, '2021-01-01'],
    ['2020-12-31', -4, '2020-12-24'],
    ['2020-12-28', -1, '2020-12-24'],
    ['2020-12-26', 0, '2020-12-28'],
    ['2020-12-25', 0, '2020-12-28'],
    ['2020-12-17', 14, '2021-01-07'],
    ['2021-01-07', -14, '2020-12-17'],
  ])('%s %+i working days = %s', (from, n, expected) => {
    expect(addWorkingDaysDate(asTheyFell(), from, n)).toBe(expected);
    expect(addWorkingDays(asTheyFell(), from, n).date).toBe(expected);
  });
});

describe('counting from the edge of a holiday', () => {
  it.each([
    ['2019-12-24', 'Tue 24 Dec 2019, the day before Christmas'],
    ['2020-12-24', 'Thu 24 Dec 2020'],
    ['2020-05-07', 'Thu 7 May 2020, the day before VE Day'],
    ['2020-04-09', 'Thu 9 Apr 2020, the day before Good Friday'],
  ])('zero working days from %s (%s) is that day, nothing skipped', (from) => {
    expect(addWorkingDays(defaultCalendar(), from, 0)).toEqual({ date: from, skipped: [] });
    expect(addWorkingDaysDate(defaultCalendar(), from, 0)).toBe(from);
  });

  it('counting back from a weekend skips nothing between the Friday and the start', () => {
    // Back one from Sat 4 Jan 2020 is Fri 3 Jan; the days strictly between are none.
    expect(addWorkingDays(defaultCalendar(), '2020-01-04', -1)).toEqual({ date: '2020-01-03', skipped: [] });
    // Back one from Mon 28 Dec 2020 (Boxing Day substitute) is Thu 24 Dec: Christmas Day and the weekend between.
    expect(addWorkingDays(defaultCalendar(), '2020-12-28', -1).skipped.map((d) => d.date)).toEqual(['2020-12-25', '2020-12-26', '2020-12-27']);
  });
});

describe('calendar files refused at the edge', () => {
  const file = (events: unknown[]) => ({ 'england-and-wales': { division: 'england-and-wales', events } });

  it('reads a gov.uk file whole, and refuses one whose events are not dated holidays', () => {
    const good = file([{ title: 'Event', date: '2030-06-14', notes: '', bunting: true }]);
    expect(govUkBankHolidaysSchema.parse(good)).toEqual(good);
    expect(calendarOverridesSchema.parse(good)).toEqual(good);
    for (const events of [[{ title: 'Event', date: '2030-06-31' }], [{ title: '', date: '2030-06-14' }], [{ date: '2030-06-14' }], ['2030-06-14']]) {
      expect(govUkBankHolidaysSchema.safeParse(file(events)).success).toBe(false);
      expect(calendarOverridesSchema.safeParse(file(events)).success).toBe(false);
    }
    expect(govUkBankHolidaysSchema.safeParse({ 'england-and-wales': { division: 'england-and-wales' } }).success).toBe(false);
  });

  it('says why a stored calendar does not match its holidays', () => {
    const copy = JSON.parse(JSON.stringify(defaultCalendar()));
    const result = workingCalendarSchema.safeParse({ ...copy, version: 'ew-0000000000000000' });
    expect(result.error?.issues.map((i) => i.message)).toEqual(['calendar version does not match its holidays']);
  });
});

describe('the days skipped on the way, and weekends by themselves (survivors of the 4 Dec 2026 run)', () => {
  // January 2020 by hand: Wed 1 (New Year's Day), Sat 4, Sun 5, Mon 6, Fri 10, Sat 11.
  test('counting forward to a Friday skips nothing: the weekend after the result is not on the way', () => {
    expect(addWorkingDays(defaultCalendar(), '2020-01-06', 4)).toEqual({ date: '2020-01-10', skipped: [] });
  });

  test('counting forward from a Saturday lists the Sunday passed over, not the Saturday counted from', () => {
    expect(addWorkingDays(defaultCalendar(), '2020-01-04', 1)).toEqual({ date: '2020-01-06', skipped: [{ date: '2020-01-05', reason: 'weekend', name: 'Sunday' }] });
  });

  test('a Sunday and a Saturday are not working days, a Monday is', () => {
    const calendar = defaultCalendar();
    expect(['2020-01-04', '2020-01-05', '2020-01-06'].map((d) => isWorkingDay(calendar, d))).toEqual([false, false, true]);
  });
});
