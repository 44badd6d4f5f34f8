import { defaultCalendar, holidayOn, isWorkingDay } from '../../domain/calendar';
import file from '../../domain/data/bank-holidays-england-and-wales.json';

// gov.uk bank-holidays.json, england-and-wales, 2018-2025, as published (titles with gov.uk's apostrophe).
const GOV_UK_2018_2025: [string, string][] = [
  ['2018-01-01', 'New Year’s Day'], ['2018-03-30', 'Good Friday'], ['2018-04-02', 'Easter Monday'], ['2018-05-07', 'Early May bank holiday'],
  ['2018-05-28', 'Spring bank holiday'], ['2018-08-27', 'Summer bank holiday'], ['2018-12-25', 'Christmas Day'], ['2018-12-26', 'Boxing Day'],
  ['2019-01-01', 'New Year’s Day'], ['2019-04-19', 'Good Friday'], ['2019-04-22', 'Easter Monday'], ['2019-05-06', 'Early May bank holiday'],
  ['2019-05-27', 'Spring bank holiday'], ['2019-08-26', 'Summer bank holiday'], ['2019-12-25', 'Christmas Day'], ['2019-12-26', 'Boxing Day'],
  ['2020-01-01', 'New Year’s Day'], ['2020-04-10', 'Good Friday'], ['2020-04-13', 'Easter Monday'], ['2020-05-08', 'Early May bank holiday (VE day)'],
  ['2020-05-25', 'Spring bank holiday'], ['2020-08-31', 'Summer bank holiday'], ['2020-12-25', 'Christmas Day'], ['2020-12-28', 'Boxing Day'],
  ['2021-01-01', 'New Year’s Day'], ['2021-04-02', 'Good Friday'], ['2021-04-05', 'Easter Monday'], ['2021-05-03', 'Early May bank holiday'],
  ['2021-05-31', 'Spring bank holiday'], ['2021-08-30', 'Summer bank holiday'], ['2021-12-27', 'Christmas Day'], ['2021-12-28', 'Boxing Day'],
  ['2022-01-03', 'New Year’s Day'], ['2022-04-15', 'Good Friday'], ['2022-04-18', 'Easter Monday'], ['2022-05-02', 'Early May bank holiday'],
  ['2022-06-02', 'Spring bank holiday'], ['2022-06-03', 'Platinum Jubilee bank holiday'], ['2022-08-29', 'Summer bank holiday'],
  ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'], ['2022-12-26', 'Boxing Day'], ['2022-12-27', 'Christmas Day'],
  ['2023-01-02', 'New Year’s Day'], ['2023-04-07', 'Good Friday'], ['2023-04-10', 'Easter Monday'], ['2023-05-01', 'Early May bank holiday'],
  ['2023-05-08', 'Bank holiday for the coronation of King Charles III'], ['2023-05-29', 'Spring bank holiday'], ['2023-08-28', 'Summer bank holiday'],
  ['2023-12-25', 'Christmas Day'], ['2023-12-26', 'Boxing Day'],
  ['2024-01-01', 'New Year’s Day'], ['2024-03-29', 'Good Friday'], ['2024-04-01', 'Easter Monday'], ['2024-05-06', 'Early May bank holiday'],
  ['2024-05-27', 'Spring bank holiday'], ['2024-08-26', 'Summer bank holiday'], ['2024-12-25', 'Christmas Day'], ['2024-12-26', 'Boxing Day'],
  ['2025-01-01', 'New Year’s Day'], ['2025-04-18', 'Good Friday'], ['2025-04-21', 'Easter Monday'], ['2025-05-05', 'Early May bank holiday'],
  ['2025-05-26', 'Spring bank holiday'], ['2025-08-25', 'Summer bank holiday'], ['2025-12-25', 'Christmas Day'], ['2025-12-26', 'Boxing Day'],
];

const events = file['england-and-wales'].events;

describe('domain/data/bank-holidays-england-and-wales.json', () => {
  it('matches gov.uk for 2018-2025, day for day and title for title', () => {
    const generated = events.filter((e) => e.date >= '2018-01-01' && e.date <= '2025-12-31').map((e): [string, string] => [e.date, e.title]);
    expect(generated).toEqual(GOV_UK_2018_2025);
  });

  it('covers 2015 to 2035 in date order with gov.uk fields', () => {
    expect(events[0]?.date).toBe('2015-01-01');
    expect(events[events.length - 1]?.date).toBe('2035-12-26');
    const dates = events.map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const e of events) expect(Object.keys(e)).toEqual(['title', 'date', 'notes', 'bunting']);
  });

  it.each(['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08'])('one-off bank holiday %s is a holiday', (date) => {
    expect(isWorkingDay(defaultCalendar(), date)).toBe(false);
  });

  it.each([
    ['2020-05-04', 'the early May bank holiday moved to VE day'],
    ['2022-05-30', 'the spring bank holiday moved to 2 June'],
  ])('%s is a working day: %s', (date) => {
    expect(isWorkingDay(defaultCalendar(), date)).toBe(true);
    expect(holidayOn(defaultCalendar(), date)).toBeUndefined();
  });

  it.each([
    ['2020-12-28', "Boxing Day"],
    ['2021-12-27', 'Christmas Day'],
    ['2021-12-28', 'Boxing Day'],
    ['2022-12-26', 'Boxing Day'],
    ['2022-12-27', 'Christmas Day'],
    ['2026-12-28', 'Boxing Day'],
    ['2027-12-27', 'Christmas Day'],
    ['2027-12-28', 'Boxing Day'],
    ['2033-01-03', "New Year's Day"],
  ])('substitute day %s is %s', (date, title) => {
    expect(holidayOn(defaultCalendar(), date)?.title).toBe(title);
  });

  it('lists the day off, not a weekend anniversary', () => {
    expect(holidayOn(defaultCalendar(), '2020-12-26')).toBeUndefined();
    expect(holidayOn(defaultCalendar(), '2021-12-25')).toBeUndefined();
    expect(events.filter((e) => e.notes === 'Substitute day').every((e) => ['Christmas Day', 'Boxing Day', 'New Year’s Day'].includes(e.title))).toBe(true);
  });
});
