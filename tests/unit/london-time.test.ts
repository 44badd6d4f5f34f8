import { isBritishSummerTime, londonLocalToUtc, utcToLondonDate } from '../../domain/london-time';

describe('londonLocalToUtc', () => {
  it.each([
    ['2020-01-15', '09:00', '2020-01-15T09:00:00.000Z', 'winter: GMT'],
    ['2020-07-01', '09:00', '2020-07-01T08:00:00.000Z', 'summer: BST'],
    ['2020-03-28', '09:00', '2020-03-28T09:00:00.000Z', 'the day before the clocks go forward'],
    ['2020-03-29', '00:30', '2020-03-29T00:30:00.000Z', 'before 01:00 GMT on 29 Mar 2020'],
    ['2020-03-29', '01:30', '2020-03-29T01:30:00.000Z', 'a time the clocks skip, read as GMT'],
    ['2020-03-29', '02:00', '2020-03-29T01:00:00.000Z', 'the first minute of BST'],
    ['2020-03-29', '09:00', '2020-03-29T08:00:00.000Z', 'the morning the clocks went forward'],
    ['2020-10-24', '09:00', '2020-10-24T08:00:00.000Z', 'the day before the clocks go back'],
    ['2020-10-25', '00:30', '2020-10-24T23:30:00.000Z', 'still BST just after midnight'],
    ['2020-10-25', '01:30', '2020-10-25T00:30:00.000Z', 'a time that happens twice: the first'],
    ['2020-10-25', '02:00', '2020-10-25T02:00:00.000Z', 'GMT again'],
    ['2020-10-25', '09:00', '2020-10-25T09:00:00.000Z', 'the morning the clocks went back'],
    ['2024-03-31', '09:00', '2024-03-31T08:00:00.000Z', 'BST from 31 Mar 2024'],
    ['2024-03-30', '23:59', '2024-03-30T23:59:00.000Z', 'GMT on 30 Mar 2024'],
    ['2021-10-31', '09:00', '2021-10-31T09:00:00.000Z', 'GMT from 31 Oct 2021'],
    ['2021-10-30', '09:00', '2021-10-30T08:00:00.000Z', 'BST on 30 Oct 2021'],
  ])('%s %s London is %s (%s)', (date, time, expected) => {
    expect(londonLocalToUtc(date, time)).toBe(expected);
  });

  it.each(['9:00', '24:00', '09:60', '09:00:00', ''])('refuses the time %j', (time) => {
    expect(() => londonLocalToUtc('2020-01-15', time)).toThrow(RangeError);
  });
});

describe('utcToLondonDate', () => {
  it.each([
    [Date.UTC(2020, 0, 1, 23, 30), '2020-01-01'],
    [Date.UTC(2020, 6, 1, 23, 30), '2020-07-02'],
    [Date.UTC(2020, 6, 1, 22, 59), '2020-07-01'],
    [Date.UTC(2020, 2, 29, 0, 59), '2020-03-29'],
    [Date.UTC(2020, 2, 28, 23, 59), '2020-03-28'],
    [Date.UTC(2020, 9, 24, 22, 59), '2020-10-24'],
    [Date.UTC(2020, 9, 24, 23, 0), '2020-10-25'],
    [Date.UTC(2020, 9, 25, 23, 30), '2020-10-25'],
    [Date.UTC(2020, 11, 31, 23, 59), '2020-12-31'],
  ])('%i is %s in London', (instant, expected) => {
    expect(utcToLondonDate(instant)).toBe(expected);
  });
});

describe('British Summer Time boundaries, to the millisecond', () => {
  // 2020: from 01:00 GMT on Sun 29 March to 01:00 GMT on Sun 25 October (Summer Time Order 2002).
  it.each([
    [Date.UTC(2020, 2, 29, 1, 0) - 1, false],
    [Date.UTC(2020, 2, 29, 1, 0), true],
    [Date.UTC(2020, 9, 25, 1, 0) - 1, true],
    [Date.UTC(2020, 9, 25, 1, 0), false],
    [Date.UTC(2021, 2, 28, 1, 0), true],
    [Date.UTC(2021, 2, 28, 0, 59), false],
    [Date.UTC(2021, 9, 31, 0, 59), true],
    [Date.UTC(2021, 9, 31, 1, 0), false],
  ])('%i is summer time: %s', (instant, summer) => {
    expect(isBritishSummerTime(instant)).toBe(summer);
  });

  it.each(['00:00', '05:05', '10:00', '19:59', '20:00', '23:00'])('reads %s in winter as the same time in UTC', (time) => {
    expect(londonLocalToUtc('2020-01-15', time)).toBe(`2020-01-15T${time}:00.000Z`);
  });

  it.each(['a9:00', '09:a0', '09:5a', '9:000', ' 09:00', '09:00 ', '30:00', '0900'])('refuses the time %j', (time) => {
    expect(() => londonLocalToUtc('2020-01-15', time)).toThrow(`not a time of day (HH:MM): ${JSON.stringify(time)}`);
  });

  it('a summer evening after 23:00 UTC is the next day in London', () => {
    expect(utcToLondonDate(Date.UTC(2020, 5, 30, 23, 0))).toBe('2020-07-01');
    expect(utcToLondonDate(Date.UTC(2020, 5, 30, 22, 59, 59, 999))).toBe('2020-06-30');
    expect(londonLocalToUtc('2020-07-01', '00:15')).toBe('2020-06-30T23:15:00.000Z');
  });
});
