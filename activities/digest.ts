/** The executive's weekly digest: read the dashboard and the week's changes, send one email. */
import type { WorkingCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import { weeklyDigest } from '../domain/digest';
import type { Notice } from '../domain/notices';
import type { Database } from '../prisma/client';
import { dashboardItems } from '../prisma/read-model';

export function createDigestActivities({ db, sendNotice }: { db: Database; sendNotice: (notice: Notice) => Promise<{ messageId: string; outcome: 'sent' | 'already-sent' }> }) {
  return {
    async sendWeeklyDigest(args: { partnership: string; weekOf: IsoDate; since: IsoDate; calendar: WorkingCalendar }): Promise<{ outcome: 'sent' | 'already-sent'; items: number; changes: number }> {
      const items = await dashboardItems(db, args.calendar, args.weekOf);
      const events = await db.timelineEvent.findMany({
        where: { recordedAt: { gte: new Date(`${args.since}T00:00:00Z`) }, kind: { notIn: ['email', 'note'] } },
        orderBy: { id: 'asc' },
        take: 500,
        select: { caseReference: true, occurredOn: true, kind: true, summary: true },
      });
      const digest = weeklyDigest({ partnership: args.partnership, weekOf: args.weekOf, since: args.since, items, changes: events.map((e) => ({ reference: e.caseReference, occurredOn: e.occurredOn, kind: e.kind, summary: e.summary })) });
      const { outcome } = await sendNotice({ key: `digest:${args.partnership}:${args.weekOf}`, caseReference: args.partnership, kind: 'digest', to: ['executive'], subject: digest.subject, text: digest.text, html: digest.html });
      return { outcome, items: items.length, changes: events.length };
    },
  };
}
