/**
 * Writes domain/data/bank-holidays-england-and-wales.json, England and Wales bank holidays 2015-2035
 * in the shape of gov.uk's https://www.gov.uk/bank-holidays.json (division `england-and-wales` only).
 *
 * Source: the npm package `date-holidays` (offline rules, `new Holidays('GB', 'ENG')`, only
 * `type === 'public'`), because gov.uk cannot be fetched from the build machines. gov.uk remains the
 * authority: its file can replace this one, and its titles (typographic apostrophe included) are
 * reproduced here so the calendar version hash is the same either way.
 *
 * Shaping to gov.uk's conventions:
 * - gov.uk lists the day off, not the anniversary: a holiday on a Saturday or Sunday is left out and
 *   its substitute weekday carries the holiday's own title with notes "Substitute day".
 * - One-off proclamations are checked against KNOWN_ONE_OFF_CHANGES below; anything date-holidays
 *   gets wrong is corrected, and every correction is printed.
 *
 * Run: npx tsx scripts/generate-bank-holidays.ts   (npm run calendar:generate)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Holidays from 'date-holidays';

const FIRST_YEAR = 2015;
const LAST_YEAR = 2035;
const OUTPUT = join(__dirname, '..', 'domain', 'data', 'bank-holidays-england-and-wales.json');

interface GovUkEvent {
  title: string;
  date: string;
  notes: string;
  bunting: boolean;
}

/** Royal proclamations that moved or added a bank holiday, with gov.uk's titles. */
const KNOWN_ONE_OFF_CHANGES: { date: string; title: string; replaces?: string; why: string }[] = [
  { date: '2020-05-08', title: 'Early May bank holiday (VE day)', replaces: '2020-05-04', why: '75th anniversary of VE day: early May bank holiday moved from Mon 4 May' },
  { date: '2022-06-02', title: 'Spring bank holiday', replaces: '2022-05-30', why: 'Platinum Jubilee: spring bank holiday moved from Mon 30 May' },
  { date: '2022-06-03', title: 'Platinum Jubilee bank holiday', why: 'Platinum Jubilee: additional bank holiday' },
  { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II', why: 'State funeral of Queen Elizabeth II' },
  { date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III', why: 'Coronation of King Charles III' },
];

/** Substitute days gov.uk lists, checked after generation so a regression in date-holidays is caught. */
const EXPECTED_SUBSTITUTE_DAYS: { date: string; title: string }[] = [
  { date: '2020-12-28', title: 'Boxing Day' },
  { date: '2021-12-27', title: 'Christmas Day' },
  { date: '2021-12-28', title: 'Boxing Day' },
  { date: '2022-01-03', title: 'New Year’s Day' },
  { date: '2022-12-27', title: 'Christmas Day' },
  { date: '2023-01-02', title: 'New Year’s Day' },
  { date: '2026-12-28', title: 'Boxing Day' },
  { date: '2027-12-27', title: 'Christmas Day' },
  { date: '2027-12-28', title: 'Boxing Day' },
];

// gov.uk flies no bunting on Good Friday or the state funeral; the flag is carried for fidelity only.
const NO_BUNTING = new Set(['Good Friday', 'Bank Holiday for the State Funeral of Queen Elizabeth II']);

function govUkTitle(dateHolidaysName: string): string {
  return dateHolidaysName.replace(/ \(substitute day\)$/, '').replace(/'/g, '’');
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

function fromDateHolidays(): GovUkEvent[] {
  const holidays = new Holidays('GB', 'ENG');
  const events: GovUkEvent[] = [];
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const holiday of holidays.getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      const date = holiday.date.slice(0, 10);
      if (isWeekend(date)) continue;
      const title = govUkTitle(holiday.name);
      events.push({ title, date, notes: holiday.substitute ? 'Substitute day' : '', bunting: !NO_BUNTING.has(title) });
    }
  }
  return events;
}

function applyKnownOneOffChanges(events: GovUkEvent[]): { events: GovUkEvent[]; corrections: string[] } {
  const byDate = new Map(events.map((event) => [event.date, event]));
  const corrections: string[] = [];
  for (const change of KNOWN_ONE_OFF_CHANGES) {
    if (change.replaces && byDate.delete(change.replaces)) {
      corrections.push(`removed ${change.replaces} (${change.why})`);
    }
    const existing = byDate.get(change.date);
    if (!existing) {
      corrections.push(`added ${change.date} "${change.title}" (${change.why})`);
    } else if (existing.title !== change.title) {
      corrections.push(`retitled ${change.date} "${existing.title}" -> "${change.title}" (gov.uk title)`);
    }
    byDate.set(change.date, { title: change.title, date: change.date, notes: '', bunting: !NO_BUNTING.has(change.title) });
  }
  const corrected = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { events: corrected, corrections };
}

function check(events: GovUkEvent[]): string[] {
  const byDate = new Map(events.map((event) => [event.date, event]));
  const problems: string[] = [];
  for (const change of KNOWN_ONE_OFF_CHANGES) {
    if (byDate.get(change.date)?.title !== change.title) problems.push(`missing one-off ${change.date}`);
    if (change.replaces && byDate.has(change.replaces)) problems.push(`${change.replaces} should not be a bank holiday`);
  }
  for (const substitute of EXPECTED_SUBSTITUTE_DAYS) {
    const event = byDate.get(substitute.date);
    if (event?.title !== substitute.title || event.notes !== 'Substitute day') problems.push(`missing substitute ${substitute.date} ${substitute.title}`);
  }
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const count = events.filter((event) => event.date.startsWith(`${year}-`)).length;
    const expected = year === 2022 ? 10 : year === 2023 ? 9 : 8;
    if (count !== expected) problems.push(`${year} has ${count} bank holidays, expected ${expected}`);
  }
  return problems;
}

function main(): void {
  const { events, corrections } = applyKnownOneOffChanges(fromDateHolidays());
  const problems = check(events);
  if (problems.length > 0) {
    throw new Error(`bank holiday data failed its checks:\n  ${problems.join('\n  ')}`);
  }
  const file = { 'england-and-wales': { division: 'england-and-wales', events } };
  writeFileSync(OUTPUT, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`wrote ${events.length} England and Wales bank holidays ${FIRST_YEAR}-${LAST_YEAR} to ${OUTPUT}`);
  if (corrections.length === 0) {
    console.log('date-holidays matched every known one-off change; no corrections');
  } else {
    console.log(`corrected date-holidays with the known one-off changes:\n  ${corrections.join('\n  ')}`);
  }
}

main();
