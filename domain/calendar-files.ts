/**
 * The bank-holiday files a partnership may give (`BANK_HOLIDAYS_FILE`: gov.uk's format, or
 * `{ add, remove }`) and a stored calendar, checked at the boundary where they are read, so a
 * misspelt key or a date that is not a date is refused by name instead of changing nothing. Kept
 * apart from the calendar's rules so that counting working days does not load zod.
 */
import { z } from 'zod';
import { buildCalendar } from './calendar';
import { isIsoDate } from './dates';

const isoDateSchema = z.string().refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' });

export const bankHolidaySchema = z.object({ date: isoDateSchema, title: z.string().min(1) });

export const govUkBankHolidaysSchema = z.object({
  'england-and-wales': z.object({
    division: z.string(),
    events: z.array(
      z.object({ title: z.string().min(1), date: isoDateSchema, notes: z.string().optional(), bunting: z.boolean().optional() }),
    ),
  }),
});

/** `{ add, remove }`: the one way to remove a date, as gov.uk's format can only add. */
export const calendarChangesSchema = z.strictObject({ add: z.array(bankHolidaySchema).optional(), remove: z.array(isoDateSchema).optional() });

export const calendarOverridesSchema = z.union([govUkBankHolidaysSchema, calendarChangesSchema]);

/** The schema a file is read with: gov.uk's when it has the England and Wales division, else `{ add, remove }`, so a refusal names the key at fault. */
export function overridesSchemaFor(file: unknown): typeof govUkBankHolidaysSchema | typeof calendarChangesSchema {
  return typeof file === 'object' && file !== null && 'england-and-wales' in file ? govUkBankHolidaysSchema : calendarChangesSchema;
}

/** Accepts a calendar only if its version matches its holidays, so a stored calendar cannot drift. */
export const workingCalendarSchema = z
  .object({ division: z.literal('england-and-wales'), version: z.string(), holidays: z.array(bankHolidaySchema) })
  .refine((cal) => buildCalendar(cal.holidays).version === cal.version, { message: 'calendar version does not match its holidays' });
