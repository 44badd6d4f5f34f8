/** The working calendar and rule set in force, with the partnership's overrides applied. */
import { readFileSync } from 'node:fs';
import { applyOverrides, defaultCalendar, type WorkingCalendar } from '../domain/calendar';
import { overridesSchemaFor } from '../domain/calendar-files';
import { ruleSetFor, type RuleSet } from '../domain/rules';
import type { Env } from './env';

export function loadCalendar(env: Pick<Env, 'BANK_HOLIDAYS_FILE'>): WorkingCalendar {
  const base = defaultCalendar();
  if (!env.BANK_HOLIDAYS_FILE) return base;
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(env.BANK_HOLIDAYS_FILE, 'utf8'));
  } catch (err) {
    throw new Error(`BANK_HOLIDAYS_FILE=${env.BANK_HOLIDAYS_FILE} could not be read as JSON: ${(err as Error).message}`);
  }
  const overrides = overridesSchemaFor(file).safeParse(file);
  if (!overrides.success) {
    const faults = overrides.error.issues.map((issue) => `${issue.path.join('.') || 'the file'}: ${issue.message}`).join('; ');
    throw new Error(
      `BANK_HOLIDAYS_FILE=${env.BANK_HOLIDAYS_FILE} is not a bank-holiday file (${faults}). ` +
        'Give gov.uk\'s bank-holidays.json, or { "add": [{ "date": "YYYY-MM-DD", "title": "..." }], "remove": ["YYYY-MM-DD"] }.',
    );
  }
  return applyOverrides(base, overrides.data);
}

export function ruleSetProvider(env: Pick<Env, 'RAPID_REVIEW_CLOCK_START'>): (startedOn: string) => RuleSet {
  return (startedOn) => ({ ...ruleSetFor(startedOn), rapidReviewClockStart: env.RAPID_REVIEW_CLOCK_START });
}
