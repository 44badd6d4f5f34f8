/**
 * Retention of personal data per case type. After a closed case's retention period, its protected
 * fields (the child's pseudonym, free-text notes) are blanked; the statutory record (reference,
 * dates, deadlines, decisions, emails sent, the audit trail) is kept.
 */
import { addCalendarMonths } from './dates';

export type RetentionPolicy = Record<string, number>;

export const PURGED_PSEUDONYM = '[removed: retention period ended]';

/** "rapid-review=15,practice-review=25" -> years per process. */
export function parseRetention(text: string): RetentionPolicy {
  const policy: RetentionPolicy = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z][a-z-]*)=(\d{1,3})$/.exec(pair);
    if (!match) throw new Error(`retention "${pair}" must read process=years, e.g. rapid-review=15`);
    const years = Number(match[2]);
    if (years < 1) throw new Error(`retention for ${match[1]} must be at least 1 year`);
    policy[match[1]!] = years;
  }
  return policy;
}

/** The last closing date (YYYY-MM-DD) whose case is now past retention: closed on or before it. */
export function retentionCutoff(today: string, years: number): string {
  return addCalendarMonths(today, -12 * years);
}
