import {
  addCalendarDays,
  addCalendarMonths,
  compareIsoDates,
  dayOfWeek,
  formatLongDate,
  formatShortDate,
  fromDayNumber,
  isIsoDate,
  toDayNumber,
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
