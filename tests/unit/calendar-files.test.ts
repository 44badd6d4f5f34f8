/** BANK_HOLIDAYS_FILE is read at start-up: a file that would change nothing, or the wrong days, is refused by name. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCalendar } from '../../config/calendar';
import { holidayOn, isWorkingDay } from '../../domain/calendar';

function fileWith(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bank-holidays-')), 'overrides.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('loadCalendar with BANK_HOLIDAYS_FILE', () => {
  it('adds and removes days from a { add, remove } file', () => {
    // 14 June 2030 is a Friday; 26 August 2030 is the summer bank holiday (gov.uk list).
    const cal = loadCalendar({ BANK_HOLIDAYS_FILE: fileWith({ add: [{ date: '2030-06-14', title: 'Local holiday' }], remove: ['2030-08-26'] }) });
    expect(holidayOn(cal, '2030-06-14')?.title).toBe('Local holiday');
    expect(isWorkingDay(cal, '2030-08-26')).toBe(true);
  });

  it('adds the events of a gov.uk-format file', () => {
    const file = { 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Extra day', date: '2030-06-14' }] } };
    expect(holidayOn(loadCalendar({ BANK_HOLIDAYS_FILE: fileWith(file) }), '2030-06-14')?.title).toBe('Extra day');
  });

  it('refuses a misspelt key, naming it, instead of changing nothing', () => {
    expect(() => loadCalendar({ BANK_HOLIDAYS_FILE: fileWith({ ad: [{ date: '2030-06-14', title: 'Local holiday' }] }) })).toThrow(
      /is not a bank-holiday file \(the file: Unrecognized key: "ad"\)/,
    );
  });

  it('refuses a date to remove that is not a calendar date, naming where it is', () => {
    expect(() => loadCalendar({ BANK_HOLIDAYS_FILE: fileWith({ remove: ['2030-06-31'] }) })).toThrow(
      /\(remove\.0: expected a calendar date YYYY-MM-DD\)/,
    );
  });

  it('refuses a gov.uk-format file whose event has no title', () => {
    const file = { 'england-and-wales': { division: 'england-and-wales', events: [{ title: '', date: '2030-06-14' }] } };
    expect(() => loadCalendar({ BANK_HOLIDAYS_FILE: fileWith(file) })).toThrow(/england-and-wales\.events\.0\.title: /);
  });
});
