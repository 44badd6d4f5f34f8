import {
  addCalendarDays,
  addCalendarMonths,
  compareIsoDates,
  daysInMonth,
  dayOfWeek,
  formatLongDate,
  formatShortDate,
  fromDayNumber,
  isIsoDate,
  toDayNumber,
  weekdayName,
} from '../../domain/dates';

describe('isIsoDate', () => {
  it.each([
    ['2020-02-29', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2019-02-29', false],
    ['1900-02-29', false],
    ['2021-04-31', false],
    ['2021-13-01', false],
    ['2021-00-10', false],
    ['2021-01-00', false],
    ['2021-1-05', false],
    ['2021-01-05T00:00', false],
    ['20210105', false],
    ['', false],
    ['2021-01-0x', false],
  ])('%s -> %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2019-12-31', 1, '2020-01-01'],
    ['2020-02-28', 1, '2020-02-29'],
    ['2020-02-29', 1, '2020-03-01'],
    ['2021-02-28', 1, '2021-03-01'],
    ['2020-03-01', -1, '2020-02-29'],
    ['2020-01-01', 366, '2021-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('%s + %i days = %s', (d, n, expected) => {
    expect(addCalendarDays(d, n)).toBe(expected);
  });

  it.each([
    ['2019-08-31', 6, '2020-02-29'],
    ['2020-08-31', 6, '2021-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2019-11-15', 6, '2020-05-15'],
    ['2020-01-31', 1, '2020-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2021-01-31', -2, '2020-11-30'],
    ['2020-12-15', 1, '2021-01-15'],
    ['2021-01-15', -1, '2020-12-15'],
  ])('%s + %i months = %s', (d, n, expected) => {
    expect(addCalendarMonths(d, n)).toBe(expected);
  });

  it.each([
    ['1970-01-01', 4],
    ['2020-01-15', 3],
    ['2020-02-29', 6],
    ['2021-02-12', 5],
    ['2023-05-08', 1],
    ['2026-12-27', 0],
  ])('%s is day %i of the week', (d, expected) => {
    expect(dayOfWeek(d)).toBe(expected);
  });

  it('numbers days from 1970-01-01 and back', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2020-01-15')).toBe(18276);
    expect(fromDayNumber(18276)).toBe('2020-01-15');
    expect(fromDayNumber(-719162)).toBe('0001-01-01');
  });

  it('rejects what is not a date', () => {
    expect(() => addCalendarDays('2021-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2021-02-01', 1.5)).toThrow(RangeError);
    expect(() => dayOfWeek('15/01/2020')).toThrow(RangeError);
  });
});

describe('formatting and comparing', () => {
  it('writes dates the way letters to the Panel do', () => {
    expect(formatLongDate('2020-01-15')).toBe('Wed 15 Jan 2020');
    expect(formatLongDate('2021-02-12')).toBe('Fri 12 Feb 2021');
    expect(formatLongDate('2024-02-29')).toBe('Thu 29 Feb 2024');
    expect(formatShortDate('2019-12-20')).toBe('20 Dec 2019');
  });

  it('orders dates', () => {
    expect(compareIsoDates('2019-12-31', '2020-01-01')).toBe(-1);
    expect(compareIsoDates('2020-01-01', '2020-01-01')).toBe(0);
    expect(compareIsoDates('2020-10-01', '2020-09-30')).toBe(1);
  });
});

describe('day numbers across centuries (expected values from Python datetime)', () => {
  it.each([
    ['0001-01-01', -719162, 1],
    ['0400-02-29', -573372, 2],
    ['1600-03-01', -135080, 3],
    ['1899-12-31', -25568, 0],
    ['1900-03-01', -25508, 4],
    ['1969-12-28', -4, 0],
    ['2000-02-29', 11016, 2],
    ['2000-03-01', 11017, 3],
    ['2100-02-28', 47540, 0],
    ['2100-03-01', 47541, 1],
    ['2400-02-29', 157113, 2],
    ['9999-12-31', 2932896, 5],
  ])('%s is day %i, weekday %i', (d, n, weekday) => {
    expect(toDayNumber(d)).toBe(n);
    expect(fromDayNumber(n)).toBe(d);
    expect(dayOfWeek(d)).toBe(weekday);
  });
});

describe('what is and is not a date', () => {
  it.each([
    ['2021/01/05', false],
    ['2021-01/05', false],
    ['2021/01-05', false],
    ['2021-01-0/', false],
    ['2021-01-0:', false],
    ['/021-01-05', false],
    ['2:21-01-05', false],
    ['0000-01-01', false],
    ['0001-01-01', true],
    ['2021-12-31', true],
    ['2021-12-32', false],
    ['2100-02-29', false],
    ['2021-01-01 ', false],
  ])('%j -> %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected);
  });

  it('answers false, not a crash, for what is not a string', () => {
    expect(isIsoDate(['2', '0', '2', '0', '-', '0', '1', '-', '0', '1'] as unknown as string)).toBe(false);
    expect(isIsoDate(20200101 as unknown as string)).toBe(false);
  });

  it.each([
    [2021, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]],
    [2020, [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]],
    [2100, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]],
    [2000, [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]],
  ])('the months of %i', (year, lengths) => {
    expect(lengths.map((_, i) => daysInMonth(year, i + 1))).toEqual(lengths);
  });
});

describe('months, names and refusals', () => {
  it.each([
    ['2021-03-31', -13, '2020-02-29'],
    ['2021-01-15', -12, '2020-01-15'],
    ['2020-12-31', 2, '2021-02-28'],
    ['2020-11-30', 3, '2021-02-28'],
    ['2019-12-31', 0, '2019-12-31'],
    ['2021-05-31', 1, '2021-06-30'],
  ])('%s + %i months = %s', (d, n, expected) => {
    expect(addCalendarMonths(d, n)).toBe(expected);
  });

  it('refuses fractions of a month and dates that are not dates', () => {
    expect(() => addCalendarMonths('2021-01-15', 0.5)).toThrow('not a whole number of days or months: 0.5');
    expect(() => addCalendarMonths('2021-02-30', 1)).toThrow('not a calendar date (YYYY-MM-DD): "2021-02-30"');
    expect(() => formatShortDate('2021-02-30')).toThrow(RangeError);
    expect(() => formatLongDate('2021-02-30')).toThrow(RangeError);
  });

  it('names every weekday and month', () => {
    expect(['2021-01-03', '2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08', '2021-01-09'].map(weekdayName)).toEqual([
      'Sunday',
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
    ]);
    expect(['2021-01-03', '2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08', '2021-01-09'].map((d) => formatLongDate(d).slice(0, 3))).toEqual([
      'Sun',
      'Mon',
      'Tue',
      'Wed',
      'Thu',
      'Fri',
      'Sat',
    ]);
    expect(Array.from({ length: 12 }, (_, i) => formatShortDate(`2021-${String(i + 1).padStart(2, '0')}-05`))).toEqual([
      '5 Jan 2021',
      '5 Feb 2021',
      '5 Mar 2021',
      '5 Apr 2021',
      '5 May 2021',
      '5 Jun 2021',
      '5 Jul 2021',
      '5 Aug 2021',
      '5 Sep 2021',
      '5 Oct 2021',
      '5 Nov 2021',
      '5 Dec 2021',
    ]);
  });
});
