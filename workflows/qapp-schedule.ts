/**
 * The meeting plan of a QAPP cycle: the next meeting under the cadences in force, re-planning from a
 * dated change, and the timed events of each meeting and action (agenda, papers deadline, held,
 * minutes chased, action reminders) in the order they fall due.
 */
import { ACTION_LADDER, ladderFromNow, ladderReminders, type LadderStep } from '../domain/audits';
import { addCalendarDays, type IsoDate } from '../domain/dates';
import { londonLocalToUtc } from '../domain/london-time';
import type { Notice } from '../domain/notices';
import { actionReminderNotice, agendaNotice, minutesReminderNotice, papersDeadlineNotice } from '../domain/qa-notices';
import { meetingDates, meetingTypeAt, nextMeetingDate, purposeOf } from '../domain/qapp-cycle';
import type { MeetingState } from './qapp-definitions';
import type { CycleCore } from './qapp-state';

/** Minutes: on the due day, a week later, then escalation; after 20 working days the meeting is recorded as minutes missing. */
const MINUTES_LADDER: LadderStep[] = [
  { offset: 0, kind: 'reminder' },
  { offset: 5, kind: 'overdue' },
  { offset: 10, kind: 'escalation' },
];
const MINUTES_GIVE_UP_STEP: LadderStep = { offset: 20, kind: 'escalation' };

interface Timed {
  key: string;
  atMs: number;
  apply: () => Notice[];
}

export function meetingPlan(core: CycleCore) {
  const { c, calendar, config, partnership, quiet } = core;
  const auditsDueBy = (date: IsoDate) => c.audits.filter((a) => a.state !== 'completed' && a.returnsDueOn <= date).map((a) => a.reference);

  const schedule = (m: MeetingState | undefined, date: IsoDate, type = meetingTypeAt(c.position)): MeetingState => {
    const dates = meetingDates(calendar, date, config);
    const next: MeetingState = m ?? { seq: c.nextSeq, id: `${partnership}-M${c.nextSeq}`, type, purpose: 'standard', ...dates, state: 'scheduled', auditsForReview: [] };
    Object.assign(next, dates, { purpose: purposeOf(next.type, core.suspendedAt(date), config) });
    if (!m) {
      c.nextSeq += 1;
      c.meetings.push(next);
    }
    core.touchMeeting(next);
    return next;
  };

  const timed = (): Timed[] => {
    const events: Timed[] = [];
    const at = (date: IsoDate, time: string) => Date.parse(londonLocalToUtc(date, time));
    for (const m of c.meetings) {
      if (m.state === 'scheduled') {
        if (m.purpose !== 'skipped') {
          events.push({
            key: `${m.id}:${m.date}:agenda`,
            atMs: at(m.agendaOn, '09:00'),
            apply: () => {
              if (m.type === 3 && m.purpose === 'standard') m.auditsForReview = auditsDueBy(m.date);
              core.touchMeeting(m);
              return [agendaNotice(partnership, m.id, m.type, m.purpose === 'repurposed' ? 'repurposed' : 'standard', m.date, m.papersDueOn, m.auditsForReview)];
            },
          });
          events.push({ key: `${m.id}:${m.date}:papers`, atMs: at(m.papersDueOn, '09:00'), apply: () => [papersDeadlineNotice(partnership, m.id, m.date, m.papersDueOn)] });
        }
        events.push({
          key: `${m.id}:${m.date}:held`,
          atMs: at(m.date, '17:00'),
          apply: () => {
            m.state = m.purpose === 'skipped' ? 'skipped' : 'awaiting-minutes';
            core.touchMeeting(m);
            c.lastSlotOn = m.date;
            c.position = (c.position + 1) % 3;
            if (c.position === 0) core.boundary = true;
            return [];
          },
        });
      } else if (m.state === 'awaiting-minutes') {
        for (const r of ladderReminders(`minutes-${m.id}`, m.minutesDueOn, calendar, MINUTES_LADDER)) {
          events.push({ key: r.key, atMs: Date.parse(r.at), apply: () => [minutesReminderNotice(partnership, m.id, m.date, r)] });
        }
        const [giveUp] = ladderReminders(`minutes-${m.id}`, m.minutesDueOn, calendar, [MINUTES_GIVE_UP_STEP]);
        if (giveUp) {
          events.push({
            key: `${giveUp.key}:missing`,
            atMs: Date.parse(giveUp.at),
            apply: () => {
              m.state = 'minutes-missing';
              core.touchMeeting(m);
              return [];
            },
          });
        }
      }
    }
    for (const a of c.openActions) {
      if (a.completedOn) continue;
      const steps = ladderReminders(`action-${a.key}`, a.dueOn, calendar, ACTION_LADDER);
      for (const r of quiet ? ladderFromNow(steps, a.dueOn, c.actionsKnownAtMs?.[a.key] ?? c.quietBeforeMs ?? 0, calendar) : steps) {
        events.push({ key: r.key, atMs: Date.parse(r.at), apply: () => [actionReminderNotice(a.meetingId, a.key, a.owner, undefined, r, a.dueOn)] });
      }
    }
    return events.filter((e) => !core.sentKeys.has(e.key)).sort((x, y) => x.atMs - y.atMs);
  };

  return {
    schedule,
    scheduleNext(): void {
      if (core.upcoming() || core.boundary) return;
      const after = c.lastSlotOn ?? addCalendarDays(quiet ? core.firstFrom() : core.currentCadence().from, -1);
      const date = nextMeetingDate(calendar, c.cadences, after);
      if (quiet && c.endsOn !== undefined && date > c.endsOn) return;
      schedule(undefined, date);
    },
    /**
     * A change dated `from` (cadence, suspension, resumption, stop), past or future, means the same:
     * meetings from that day are planned again under it. Those not minuted are withdrawn and planned
     * afresh with the same numbers; what that replays of the past is recorded quietly.
     */
    replanFrom(from: IsoDate): void {
      const withdrawn = c.meetings.filter((m) => m.date >= from && m.state !== 'minuted');
      if (withdrawn.length === 0) return;
      const firstSeq = Math.min(...withdrawn.map((m) => m.seq));
      for (const m of withdrawn) {
        m.state = 'withdrawn';
        core.touchMeeting(m);
        // Its number is planned again, perhaps on the same day: its events are new ones.
        for (const key of [...core.sentKeys]) if (key.includes(`${m.id}:`)) core.sentKeys.delete(key);
      }
      c.meetings = c.meetings.filter((m) => m.state !== 'withdrawn');
      c.nextSeq = firstSeq;
      c.position = (firstSeq - 1) % 3;
      const firstWithdrawnOn = withdrawn.map((m) => m.date).sort()[0]!;
      // The slot before the first withdrawn one: a kept meeting, the last minuted, or the last slot consumed before it.
      const before = [...c.meetings.filter((m) => m.seq < firstSeq).map((m) => m.date), c.lastMinutedOn, c.lastSlotOn !== undefined && c.lastSlotOn < firstWithdrawnOn ? c.lastSlotOn : undefined]
        .filter((d): d is IsoDate => d !== undefined)
        .sort()
        .at(-1);
      c.lastSlotOn = before ?? addCalendarDays(core.firstFrom(), -1);
      c.quietBeforeMs = Date.now();
      core.boundary = false;
    },
    rescheduleUpcoming(): void {
      const m = core.upcoming();
      if (!m) return;
      const after = c.lastSlotOn ?? addCalendarDays(core.firstFrom(), -1);
      schedule(m, nextMeetingDate(calendar, c.cadences, after));
    },
    /** When the next timed event falls due (ms), if any. */
    nextAtMs: (): number | undefined => timed()[0]?.atMs,
    /** Applies the events now due, up to a cycle boundary; returns the notices to send (none for what passed before the quiet line). */
    applyDue(): Notice[] {
      const notices: Notice[] = [];
      for (const e of timed().filter((x) => x.atMs <= Date.now())) {
        core.sentKeys.add(e.key);
        const words = e.apply();
        if (!quiet || e.atMs >= (c.quietBeforeMs ?? 0)) notices.push(...words);
        if (core.boundary) break;
      }
      return notices;
    },
  };
}
