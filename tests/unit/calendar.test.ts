import {
  addWorkingDays,
  addWorkingDaysDate,
  holidaysFromGovUk,
  applyOverrides,
  buildCalendar,
  calendarCovers,
  defaultCalendar,
  holidayOn,
  isWorkingDay,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../domain/calendar';
import { bankHolidaySchema, calendarOverridesSchema, workingCalendarSchema } from '../../domain/calendar-files';
import { fnv1a64Hex } from '../../domain/content-hash';

const cal = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test

describe('working days', () => {
  it.each([
    // Christmas and New Year
    ['2019-12-20', 15, '2020-01-15', 'T4 over Christmas 2019'],
    ['2019-12-24', 1, '2019-12-27', 'Christmas Day and Boxing Day 2019'],
    ['2020-12-23', 2, '2020-12-29', 'Boxing Day 2020 on a Saturday, substitute Mon 28 Dec'],
    ['2020-12-24', 1, '2020-12-29', 'Christmas 2020'],
    ['2020-12-31', 1, '2021-01-04', "New Year's Day 2021 on a Friday"],
    ['2021-12-24', 1, '2021-12-29', 'Christmas 2021 on a weekend: substitutes 27 and 28 Dec'],
    ['2021-12-31', 1, '2022-01-04', "New Year's Day 2022 on a Saturday: substitute Mon 3 Jan"],
    ['2022-12-23', 1, '2022-12-28', 'Christmas Day 2022 on a Sunday: substitute Tue 27 Dec'],
    ['2026-12-24', 1, '2026-12-29', 'Boxing Day 2026 on a Saturday: substitute Mon 28 Dec'],
    ['2027-12-24', 1, '2027-12-29', 'Christmas 2027 on a weekend'],
    // Easter
    ['2019-04-18', 1, '2019-04-23', 'Easter 2019'],
    ['2020-04-09', 1, '2020-04-14', 'Easter 2020'],
    ['2024-03-28', 1, '2024-04-02', 'Easter 2024 across the month end'],
    // one-off days
    ['2020-05-01', 1, '2020-05-04', 'Mon 4 May 2020 was a working day'],
    ['2020-05-07', 1, '2020-05-11', 'VE day 8 May 2020'],
    ['2022-05-27', 1, '2022-05-30', 'Mon 30 May 2022 was a working day'],
    ['2022-06-01', 1, '2022-06-06', 'Platinum Jubilee 2 and 3 June 2022'],
    ['2022-09-16', 1, '2022-09-20', 'State funeral 19 Sep 2022'],
    ['2023-04-28', 1, '2023-05-02', 'Early May 2023'],
    ['2023-05-05', 1, '2023-05-09', 'Coronation 8 May 2023'],
    // leap years
    ['2020-02-27', 1, '2020-02-28', 'the day before a leap day'],
    ['2020-02-28', 1, '2020-03-02', 'Sat 29 Feb 2020'],
    ['2024-02-28', 1, '2024-02-29', 'Thu 29 Feb 2024 is a working day'],
    ['2024-02-28', 2, '2024-03-01', 'past the leap day'],
    // weekend starts
    ['2020-01-04', 1, '2020-01-06', 'from a Saturday'],
    ['2020-01-05', 1, '2020-01-06', 'from a Sunday'],
    ['2020-01-04', 5, '2020-01-10', 'five from a Saturday'],
    ['2020-01-04', 0, '2020-01-06', 'zero from a Saturday is the next working day'],
    ['2020-01-06', 0, '2020-01-06', 'zero from a working day is that day'],
    ['2019-12-25', 0, '2019-12-27', 'zero from Christmas Day'],
    // counting back
    ['2021-02-12', -7, '2021-02-03', 'T8: 7 working days before Fri 12 Feb 2021'],
    ['2021-01-05', -7, '2020-12-22', 'back over Christmas and New Year 2020'],
    ['2020-04-14', -1, '2020-04-09', 'back over Easter 2020'],
    ['2020-01-04', -1, '2020-01-03', 'back from a Saturday'],
    ['2022-06-06', -1, '2022-06-01', 'back over the Jubilee'],
    // a long count
    ['2019-12-31', 254, '2020-12-31', 'the 254 working days of 2020'],
  ])('%s %+i working days = %s (%s)', (from, n, expected) => {
    const { date } = addWorkingDays(cal(), from, n);
    expect(date).toBe(expected);
    expect(isWorkingDay(cal(), date)).toBe(true);
  });

  it('lists what it skipped, oldest first', () => {
    expect(addWorkingDays(cal(), '2020-12-23', 2).skipped).toEqual([
      { date: '2020-12-25', reason: 'bank holiday', name: 'Christmas Day' },
      { date: '2020-12-26', reason: 'weekend', name: 'Saturday' },
      { date: '2020-12-27', reason: 'weekend', name: 'Sunday' },
      { date: '2020-12-28', reason: 'bank holiday', name: 'Boxing Day' },
    ]);
    expect(addWorkingDays(cal(), '2021-01-05', -7).skipped.map((s) => `${s.date} ${s.name}`)).toEqual([
      '2020-12-25 Christmas Day',
      '2020-12-26 Saturday',
      '2020-12-27 Sunday',
      '2020-12-28 Boxing Day',
      "2021-01-01 New Year's Day",
      '2021-01-02 Saturday',
      '2021-01-03 Sunday',
    ]);
    expect(addWorkingDays(cal(), '2020-01-04', 0).skipped.map((s) => s.date)).toEqual(['2020-01-04', '2020-01-05']);
    expect(addWorkingDays(cal(), '2020-01-06', 3).skipped).toEqual([]);
  });

  it.each([
    ['2019-12-20', '2020-01-15', 15],
    ['2020-01-15', '2019-12-20', -15],
    ['2020-01-04', '2020-01-06', 1],
    ['2020-01-04', '2020-01-05', 0],
    ['2020-01-06', '2020-01-06', 0],
    ['2019-12-31', '2020-12-31', 254],
    ['2021-12-31', '2022-12-31', 250],
  ])('working days in (%s, %s] = %i', (from, to, expected) => {
    expect(workingDaysBetween(cal(), from, to)).toBe(expected);
  });

  it('counts weekends only beyond the data, and says so', () => {
    expect(addWorkingDays(cal(), '2040-12-24', 1).date).toBe('2040-12-25');
    expect(calendarCovers(cal(), '2035-06-01')).toBe(true);
    expect(calendarCovers(cal(), '2040-12-25')).toBe(false);
  });
});

describe('calendar versions and overrides', () => {
  it('hashes with FNV-1a 64 (published test vectors)', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  it('names a calendar by its content, whatever the order it was given in', () => {
    const holidays = [
      { date: '2020-12-25', title: 'Christmas Day' },
      { date: '2020-12-28', title: 'Boxing Day' },
    ];
    const a = buildCalendar(holidays);
    const b = buildCalendar([...holidays].reverse());
    expect(a.version).toMatch(/^ew-[0-9a-f]{16}$/);
    expect(b).toEqual(a);
    expect(buildCalendar([{ date: '2020-12-25', title: 'Christmas' }, holidays[1]!]).version).not.toBe(a.version);
    expect(defaultCalendar().version).toBe(defaultCalendar().version);
  });

  it('rejects a holiday that is not a date', () => {
    expect(() => buildCalendar([{ date: '2020-02-30', title: 'Nonsense' }])).toThrow(RangeError);
  });

  it('adds a newly announced holiday as a new version, and removes it again', () => {
    const announced = applyOverrides(cal(), { add: [{ date: '2030-06-14', title: 'Bank holiday for an event' }] });
    expect(announced.version).not.toBe(cal().version);
    expect(isWorkingDay(cal(), '2030-06-14')).toBe(true);
    expect(isWorkingDay(announced, '2030-06-14')).toBe(false);
    expect(addWorkingDays(announced, '2030-06-13', 1).date).toBe('2030-06-17');
    const withdrawn = applyOverrides(announced, { remove: ['2030-06-14'] });
    expect(withdrawn.version).toBe(cal().version);
  });

  it('takes a gov.uk-format file as additions, reading its apostrophes as plain ones', () => {
    const file = {
      'england-and-wales': {
        division: 'england-and-wales',
        events: [
          { title: 'New Year’s Day', date: '2036-01-01', notes: '', bunting: true },
          { title: 'Christmas Day', date: '2020-12-25', notes: '', bunting: true },
        ],
      },
    };
    const merged = applyOverrides(cal(), file);
    expect(holidayOn(merged, '2036-01-01')).toEqual({ date: '2036-01-01', title: "New Year's Day" });
    expect(merged.holidays).toHaveLength(cal().holidays.length + 1);
  });

  it('is plain data that survives JSON, as workflow input does', () => {
    const copy = JSON.parse(JSON.stringify(cal())) as WorkingCalendar;
    expect(copy).toEqual(cal());
    expect(addWorkingDays(copy, '2019-12-20', 15)).toEqual(addWorkingDays(cal(), '2019-12-20', 15));
    expect(workingCalendarSchema.safeParse(copy).success).toBe(true);
    expect(workingCalendarSchema.safeParse({ ...copy, holidays: copy.holidays.slice(1) }).success).toBe(false);
  });
});

describe('calendar data and overrides, refused and accepted', () => {
  // Expected versions are FNV-1a 64 of "date<TAB>title<LF>" lines, computed outside this code base.
  it('names a calendar by its sorted lines, later duplicates winning', () => {
    const christmas = { date: '2020-12-25', title: 'Christmas Day' };
    const boxing = { date: '2020-12-28', title: 'Boxing Day' };
    expect(buildCalendar([christmas, boxing]).version).toBe('ew-72483640f5827fc7');
    expect(buildCalendar([boxing, { date: '2020-12-25', title: 'Xmas' }, christmas]).version).toBe('ew-72483640f5827fc7');
    expect(buildCalendar([boxing, christmas]).holidays.map((h) => h.date)).toEqual(['2020-12-25', '2020-12-28']);
    expect(buildCalendar([christmas, boxing]).holidays.map((h) => h.date)).toEqual(['2020-12-25', '2020-12-28']);
    expect(buildCalendar([{ date: '2021-01-01', title: 'New Year’s Day' }]).version).toBe('ew-1f99647587a74574');
    expect(buildCalendar([{ date: '2021-01-01', title: 'New Year’s Day’’' }]).holidays[0]!.title).toBe("New Year's Day''");
    expect(Object.isFrozen(buildCalendar([christmas]).holidays[0])).toBe(true);
  });

  it('refuses a holiday without a title or with a date that is not a date', () => {
    expect(() => buildCalendar([{ date: '2020-12-25', title: '' }])).toThrow('bank holiday on 2020-12-25 has no title');
    expect(() => buildCalendar([{ date: '25/12/2020', title: 'Christmas Day' }])).toThrow('bank holiday date is not a calendar date: "25/12/2020"');
  });

  it('refuses a malformed date to remove, rather than ignoring it', () => {
    expect(() => applyOverrides(cal(), { remove: ['2020-12-25', '2020-13-01'] })).toThrow('date to remove is not a calendar date: "2020-13-01"');
    expect(() => applyOverrides(cal(), { remove: ['25 Dec 2020'] })).toThrow(RangeError);
  });

  it('removes and re-adds a date to retitle it; an empty override changes nothing', () => {
    const retitled = applyOverrides(cal(), { remove: ['2020-12-25'], add: [{ date: '2020-12-25', title: 'Christmas' }] });
    expect(holidayOn(retitled, '2020-12-25')?.title).toBe('Christmas');
    expect(retitled.holidays).toHaveLength(cal().holidays.length);
    const removed = applyOverrides(cal(), { remove: ['2020-12-25'] });
    expect(isWorkingDay(removed, '2020-12-25')).toBe(true);
    expect(removed.holidays).toHaveLength(cal().holidays.length - 1);
    expect(applyOverrides(cal(), {}).version).toBe(cal().version);
    expect(applyOverrides(cal(), { add: [] }).version).toBe(cal().version);
  });

  it('covers 2015 to 2035 and no year outside it', () => {
    expect(['2014-12-31', '2015-01-01', '2035-12-31', '2036-01-01'].map((d) => calendarCovers(cal(), d))).toEqual([false, true, true, false]);
    expect(calendarCovers(buildCalendar([]), '2020-01-01')).toBe(false);
    const one = buildCalendar([{ date: '2020-12-25', title: 'Christmas Day' }]);
    expect(['2019-12-31', '2020-01-01', '2020-12-31', '2021-01-01'].map((d) => calendarCovers(one, d))).toEqual([false, true, true, false]);
  });

  it('checks override files at the edge', () => {
    expect(calendarOverridesSchema.safeParse({ add: [{ date: '2030-06-14', title: 'Event' }], remove: ['2030-06-13'] }).success).toBe(true);
    expect(calendarOverridesSchema.safeParse({ remove: ['2030-06-31'] }).error?.issues[0]?.message).toBe('expected a calendar date YYYY-MM-DD');
    expect(calendarOverridesSchema.safeParse({ add: [{ date: '2030-06-14', title: '' }] }).success).toBe(false);
    expect(calendarOverridesSchema.safeParse({ add: [], extra: true }).success).toBe(false);
    const file = { 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Event', date: '2030-06-14' }] } };
    expect(calendarOverridesSchema.safeParse(file).success).toBe(true);
    expect(bankHolidaySchema.safeParse({ date: '2030-06-14', title: 'Event' }).success).toBe(true);
    expect(holidaysFromGovUk({ 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Event', date: '2030-06-14', notes: '', bunting: true }] } })).toEqual([
      { date: '2030-06-14', title: 'Event' },
    ]);
  });
});

describe('working days beyond the usual cases', () => {
  it('lists a midweek holiday skipped from the start of a week', () => {
    // Mon 23 Dec 2019 + 5: Tue 24, Fri 27, Mon 30, Tue 31, Thu 2 Jan.
    expect(addWorkingDays(cal(), '2019-12-23', 5)).toEqual({
      date: '2020-01-02',
      skipped: [
        { date: '2019-12-25', reason: 'bank holiday', name: 'Christmas Day' },
        { date: '2019-12-26', reason: 'bank holiday', name: 'Boxing Day' },
        { date: '2019-12-28', reason: 'weekend', name: 'Saturday' },
        { date: '2019-12-29', reason: 'weekend', name: 'Sunday' },
        { date: '2020-01-01', reason: 'bank holiday', name: "New Year's Day" },
      ],
    });
    expect(addWorkingDays(cal(), '2020-01-02', -5).skipped.map((s) => s.date)).toEqual(['2019-12-25', '2019-12-26', '2019-12-28', '2019-12-29', '2020-01-01']);
    expect(addWorkingDays(cal(), '2019-12-25', 0)).toEqual({ date: '2019-12-27', skipped: [
      { date: '2019-12-25', reason: 'bank holiday', name: 'Christmas Day' },
      { date: '2019-12-26', reason: 'bank holiday', name: 'Boxing Day' },
    ] });
  });

  it.each([
    ['1969-12-26', 1, '1969-12-29'],
    ['1970-01-02', -1, '1970-01-01'],
    ['1970-01-05', -2, '1970-01-01'],
    ['1969-12-31', 3, '1970-01-05'],
    ['1969-12-29', -1, '1969-12-26'],
  ])('before any holiday data %s %+i working days = %s', (from, n, expected) => {
    expect(addWorkingDays(cal(), from, n).date).toBe(expected);
    expect(addWorkingDaysDate(cal(), from, n)).toBe(expected);
  });

  it('counts a calendar with one holiday, from either side of it', () => {
    const one = buildCalendar([{ date: '2020-12-25', title: 'Christmas Day' }]);
    expect(addWorkingDaysDate(one, '2020-12-24', 1)).toBe('2020-12-28');
    expect(addWorkingDaysDate(one, '2020-12-28', -1)).toBe('2020-12-24');
    expect(addWorkingDaysDate(one, '2020-12-25', 0)).toBe('2020-12-28');
    expect(workingDaysBetween(one, '2020-12-24', '2020-12-28')).toBe(1);
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => addWorkingDays(cal(), '2020-01-06', 1.5)).toThrow('not a whole number of working days: 1.5');
    expect(() => addWorkingDaysDate(cal(), '2020-01-06', Number.NaN)).toThrow(RangeError);
  });
});
