/**
 * The bank-holiday calendar in force, shared by every API process through the database. A change
 * (a one-off holiday proclaimed, a day moved) is stored as a new version; processes pick it up on
 * their next refresh, and open cases are told by signal so their deadlines move visibly.
 */
import { applyOverrides, buildCalendar, type BankHoliday, type WorkingCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import type { Database } from '../prisma/client';

export class CalendarStore {
  private calendar: WorkingCalendar;
  private refreshedAt = 0;

  constructor(
    private readonly db: Database,
    base: WorkingCalendar,
    private readonly refreshEveryMs = 30_000,
  ) {
    this.calendar = base;
  }

  current(): WorkingCalendar {
    if (Date.now() - this.refreshedAt > this.refreshEveryMs) void this.refresh().catch(() => undefined);
    return this.calendar;
  }

  async refresh(): Promise<WorkingCalendar> {
    this.refreshedAt = Date.now();
    const latest = await this.db.calendarVersion.findFirst({ orderBy: { createdAt: 'desc' } });
    if (latest && latest.version !== this.calendar.version) this.calendar = buildCalendar(JSON.parse(latest.holidays) as BankHoliday[]);
    return this.calendar;
  }

  async change(args: { add: BankHoliday[]; remove: IsoDate[]; reason: string; changedBy: string }): Promise<{ previous: WorkingCalendar; next: WorkingCalendar }> {
    const previous = await this.refresh();
    const next = applyOverrides(previous, { add: args.add, remove: args.remove });
    if (next.version !== previous.version) {
      await this.db.calendarVersion.upsert({
        where: { version: next.version },
        create: { version: next.version, holidays: JSON.stringify(next.holidays), reason: args.reason, changedBy: args.changedBy },
        update: {},
      });
      this.calendar = next;
    }
    return { previous, next };
  }
}
