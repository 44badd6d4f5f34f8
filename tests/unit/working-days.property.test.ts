import fc from 'fast-check';
import { addWorkingDays, buildCalendar, defaultCalendar, isWorkingDay, workingDaysBetween, type WorkingCalendar } from '../../domain/calendar';
import { addCalendarDays, compareIsoDates } from '../../domain/dates';

const cal = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test
const anyDay = fc.integer({ min: 0, max: 365 * 22 }).map((n) => addCalendarDays('2014-06-01', n));
const anyCount = fc.integer({ min: -300, max: 300 });

/** Day by day, as a person with a wall calendar would count. */
function countOnFingers(from: string, n: number, calendar: WorkingCalendar = cal()): string {
  let day = from;
  if (n === 0) {
    while (!isWorkingDay(calendar, day)) day = addCalendarDays(day, 1);
    return day;
  }
  for (let left = Math.abs(n); left > 0; ) {
    day = addCalendarDays(day, Math.sign(n));
    if (isWorkingDay(calendar, day)) left--;
  }
  return day;
}

describe('addWorkingDays properties', () => {
  it('agrees with counting day by day', () => {
    fc.assert(fc.property(anyDay, anyCount, (from, n) => addWorkingDays(cal(), from, n).date === countOnFingers(from, n)), { numRuns: 400 });
  });

  it('agrees with counting day by day on calendars crowded with holidays', () => {
    const crowded = fc
      .uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 60 })
      .map((days) => buildCalendar(days.map((n) => ({ date: addCalendarDays('2030-01-01', n), title: `Holiday ${n}` }))));
    const near = fc.integer({ min: -20, max: 140 }).map((n) => addCalendarDays('2030-01-01', n));
    fc.assert(
      fc.property(crowded, near, fc.integer({ min: -80, max: 80 }), (calendar, from, n) => addWorkingDays(calendar, from, n).date === countOnFingers(from, n, calendar)),
      { numRuns: 400 },
    );
  });

  it('always lands on a working day', () => {
    fc.assert(fc.property(anyDay, anyCount, (from, n) => isWorkingDay(cal(), addWorkingDays(cal(), from, n).date)), { numRuns: 400 });
  });

  it('is monotonic in n', () => {
    fc.assert(
      fc.property(anyDay, anyCount, anyCount, (from, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return compareIsoDates(addWorkingDays(cal(), from, lo).date, addWorkingDays(cal(), from, hi).date) <= 0;
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic in the start date', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 30 }), anyCount, (from, later, n) => {
        return compareIsoDates(addWorkingDays(cal(), from, n).date, addWorkingDays(cal(), addCalendarDays(from, later), n).date) <= 0;
      }),
      { numRuns: 300 },
    );
  });

  it('is undone by workingDaysBetween: forward from any day, back from a working day', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 1, max: 300 }), (from, n) => workingDaysBetween(cal(), from, addWorkingDays(cal(), from, n).date) === n),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -300, max: 0 }), (day, n) => {
        const from = addWorkingDays(cal(), day, 0).date;
        return workingDaysBetween(cal(), from, addWorkingDays(cal(), from, n).date) === n;
      }),
      { numRuns: 300 },
    );
  });

  it('skips exactly the non-working days it passes over', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 1, max: 60 }), (from, n) => {
        const { date, skipped } = addWorkingDays(cal(), from, n);
        const expected: string[] = [];
        for (let d = addCalendarDays(from, 1); d < date; d = addCalendarDays(d, 1)) if (!isWorkingDay(cal(), d)) expected.push(d);
        return JSON.stringify(skipped.map((s) => s.date)) === JSON.stringify(expected);
      }),
      { numRuns: 200 },
    );
  });
});
