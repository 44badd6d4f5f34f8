/** The working calendar and rule set in force, with the partnership's overrides applied. */
import { readFileSync } from 'node:fs';
import { applyOverrides, defaultCalendar, type WorkingCalendar } from '../domain/calendar';
import { ruleSetFor, type RuleSet } from '../domain/rules';
import type { Env } from './env';

export function loadCalendar(env: Pick<Env, 'BANK_HOLIDAYS_FILE'>): WorkingCalendar {
  const base = defaultCalendar();
  if (!env.BANK_HOLIDAYS_FILE) return base;
  let overrides: Parameters<typeof applyOverrides>[1];
  try {
    overrides = JSON.parse(readFileSync(env.BANK_HOLIDAYS_FILE, 'utf8')) as Parameters<typeof applyOverrides>[1];
  } catch (err) {
    throw new Error(`BANK_HOLIDAYS_FILE=${env.BANK_HOLIDAYS_FILE} could not be read as JSON: ${(err as Error).message}`);
  }
  return applyOverrides(base, overrides);
}

export function ruleSetProvider(env: Pick<Env, 'RAPID_REVIEW_CLOCK_START'>): (startedOn: string) => RuleSet {
  return (startedOn) => ({ ...ruleSetFor(startedOn), rapidReviewClockStart: env.RAPID_REVIEW_CLOCK_START });
}
