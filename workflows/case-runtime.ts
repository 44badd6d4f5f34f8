/**
 * What every review workflow does the same way: a timeline of changes written to the read model
 * with an increasing revision, an outbox of notices sent before the next write, and reminders
 * slept towards (never a daily wake-up). Each workflow supplies its own deadlines and stage.
 *
 * The command order (outbox, persist, search attribute, timer, reminders) is the one the rapid
 * review had before this file existed, so its running cases replay unchanged. Since
 * PERSIST_BEFORE_NOTICES_PATCH the read model is written first, with the outbox as queued emails, and
 * the emails are sent alongside the loop, so a milestone answers while the relay is down.
 */
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, patched, proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { WorkingCalendar } from '../domain/calendar';
import type { CaseSnapshot, QueuedEmail, TimelineEntry } from '../domain/contracts';
import type { IsoDate } from '../domain/dates';
import { deadlineStatus, type Deadline } from '../domain/deadlines';
import { utcToLondonDate } from '../domain/london-time';
import { reminderNotice, type Notice } from '../domain/notices';
import type { RecipientRole, Reminder, ReminderLadder } from '../domain/reminders';
import type { DeadlineView } from './definitions';
import { NOTICES_SENT_TOGETHER_PATCH, PERSIST_BEFORE_NOTICES_PATCH } from './patches';
import { ACTIVITY_OPTIONS, revisions, sleepUntil } from './runtime';
import { CaseReferenceKey, ReviewStageKey } from './search-attributes';

const { persistCase, sendNotice } = proxyActivities<Activities>(ACTIVITY_OPTIONS.step);
/**
 * A batch's attempt: up to 8 s for an SMTP connection and 20 s (the socket timeout) for each of its
 * NOTICES_PER_SEND transfers, so it never times out mid-transfer; a worker lost mid-batch is retried
 * after a minute.
 */
const NOTICES_PER_SEND = 2;
const { sendNoticesTogether } = proxyActivities<Activities>({ ...ACTIVITY_OPTIONS.step, startToCloseTimeout: '1 minute' });

export interface ScheduledNotice {
  /** Unique per send: a moved deadline gives new keys. */
  key: string;
  /** The deadline and due date it belongs to: reminders dated before their group first appeared are never sent. */
  group: string;
  at: string;
  notice: () => Notice;
}

export interface CaseRuntimeOptions {
  reference: string;
  process: CaseSnapshot['process'];
  awareOn: IsoDate;
  ruleSetId: string;
  calendarVersion: () => string;
  stage: () => string;
  completed: () => boolean;
  deadlines: () => DeadlineView[];
  schedule: () => ScheduledNotice[];
  parentReference?: string;
  paused?: () => boolean;
  startedAtMs: number;
  /**
   * Version 2 behaviour: a deadline that appears or moves (agency due dates, a resume) skips the
   * reminders already in the past, rather than sending them all at once. Version 1 (the rapid
   * review before the full lifecycle) only skipped those before the case started.
   */
  skipRemindersBeforeSeen: boolean;
  /** The last revision written by the run this one continues (continue-as-new), so its writes are not taken for older ones. */
  carriedRevision?: number;
  /** When the deadlines move with no reminder due (the Executive Group's next papers deadline moving on): the loop wakes then and writes them. */
  deadlinesMoveAt?: () => string | undefined;
}

export function caseRuntime(options: CaseRuntimeOptions) {
  let pendingTimeline: TimelineEntry[] = [];
  let outbox: QueuedNotice[] = [];
  /** Queued emails written to the read model by the last persist, to be sent once it has succeeded. */
  const recorded: QueuedNotice[] = [];
  let sending = false;
  let sendFailure: unknown;
  let persistFirst = false;
  const revision = revisions(options.carriedRevision);
  let rearmed = false;
  const sent = new Set<string>();
  const seen = new Map<string, number>();
  /** While a case's imported history is replayed: the date of the event being replayed. */
  let importedOn: IsoDate | undefined;
  const today = () => utcToLondonDate(Date.now());

  const changed = (entry: TimelineEntry) => {
    pendingTimeline.push(entry);
    revision.changed();
  };

  // Asked at each step of the main loop: a case started before the patch moves to the new order at
  // its next step, and replays the old one up to there.
  const persistsFirst = () => persistFirst || (persistFirst = patched(PERSIST_BEFORE_NOTICES_PATCH));

  const persist = async () => {
    const target = revision.current;
    const entries = pendingTimeline;
    pendingTimeline = [];
    const queued = persistFirst ? outbox.splice(0) : [];
    const snapshot: CaseSnapshot = {
      reference: options.reference,
      process: options.process,
      workflowId: workflowInfo().workflowId,
      stage: options.stage(),
      state: options.completed() ? 'completed' : 'open',
      awareOn: options.awareOn,
      ruleSetId: options.ruleSetId,
      calendarVersion: options.calendarVersion(),
      revision: target,
      deadlines: options.deadlines(),
      timeline: entries,
      ...(options.parentReference ? { parentReference: options.parentReference } : {}),
      ...(options.paused ? { paused: options.paused() } : {}),
      ...(queued.length > 0 ? { queuedEmails: queued.map(({ notice }): QueuedEmail => ({ key: notice.key, kind: notice.kind, subject: notice.subject, to: notice.to, ...(notice.toAddresses ? { toAddresses: notice.toAddresses } : {}) })) } : {}),
    };
    await persistCase(snapshot);
    recorded.push(...queued);
    revision.recordPersisted(target);
    upsertStageSafely(snapshot.stage);
  };

  /** A notice nobody can receive (no address configured for its roles) must not end the case. */
  const undeliverable = (err: unknown): err is ActivityFailure & { cause: ApplicationFailure } =>
    err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable === true;
  const failedEntry = (notice: Notice, summary: string, reason: string): TimelineEntry =>
    // Recorded on the timeline for the business unit to send by hand.
    ({ key: `email-failed:${notice.key}`, occurredOn: today(), kind: 'email-failed', summary: `Not sent (${reason}): ${summary}` });
  const sentEntry = ({ notice, summary, entry }: QueuedNotice): TimelineEntry => entry ?? { key: `email:${notice.key}`, occurredOn: today(), kind: 'email', summary };

  /** The next few queued emails in one activity; their entries are recorded together, so one write follows. */
  const sendTogether = async (): Promise<boolean> => {
    const batch = recorded.splice(0, NOTICES_PER_SEND);
    let outcomes;
    try {
      outcomes = await sendNoticesTogether(batch.map((q) => q.notice));
    } catch (err) {
      sendFailure ??= err;
      return false;
    }
    batch.forEach((queued, i) => {
      const outcome = outcomes[i]!;
      changed(outcome.outcome === 'undeliverable' ? failedEntry(queued.notice, queued.summary, outcome.reason) : sentEntry(queued));
    });
    return true;
  };

  /**
   * Sends what the read model shows as queued without holding up the loop: in the order queued,
   * a few at a time in one activity (since NOTICES_SENT_TOGETHER_PATCH), else one email at a time,
   * each with its activity's retries.
   */
  const dispatch = () => {
    if (sending || recorded.length === 0) return;
    sending = true;
    void (async () => {
      try {
        while (recorded.length > 0) {
          if (patched(NOTICES_SENT_TOGETHER_PATCH)) {
            if (await sendTogether()) continue;
            return;
          }
          const { notice, summary, entry } = recorded.shift()!;
          try {
            await sendNotice(notice);
            changed(entry ?? { key: `email:${notice.key}`, occurredOn: today(), kind: 'email', summary });
          } catch (err) {
            if (!undeliverable(err)) {
              sendFailure ??= err;
              return;
            }
            changed(failedEntry(notice, summary, err.cause.message));
          }
        }
      } finally {
        sending = false;
      }
    })();
  };
  const throwSendFailure = () => {
    if (sendFailure !== undefined) throw sendFailure;
  };

  const sendable = (s: ScheduledNotice) =>
    !sent.has(s.key) && Date.parse(s.at) >= (options.skipRemindersBeforeSeen ? (seen.get(s.group) ?? Date.now()) : options.startedAtMs);
  const nextScheduled = () =>
    options
      .schedule()
      .filter(sendable)
      .sort((a, b) => a.at.localeCompare(b.at))[0];
  // Only the main loop observes (never a query), so the record replays identically.
  const observe = () => {
    for (const s of options.schedule()) if (!seen.has(s.group)) seen.set(s.group, Date.now());
  };

  return {
    today,
    /**
     * The date a status query answers for: the workflow's clock stops at its last wake-up while it
     * sleeps towards the next reminder, so a caller may pass its own (later) today.
     */
    asOf: (requested?: string): IsoDate => (requested && requested > today() ? requested : today()),
    changed,
    get revision() {
      return revision.current;
    },
    get remindersSent() {
      return sent.size;
    },
    /** Replays an imported event dated `on`: its notices are recorded on the timeline, not sent. */
    replayingImport(on: IsoDate | undefined) {
      importedOn = on;
    },
    /** Marks keys as settled without sending (summarised on entry, or passed while on hold). */
    settle(keys: Iterable<string>) {
      for (const k of keys) sent.add(k);
    },
    isSettled: (key: string) => sent.has(key),
    nextReminderAt: () => nextScheduled()?.at,
    /** Deadlines moved or a milestone met some: the sleeping loop recomputes its next wake-up. */
    rearm() {
      rearmed = true;
    },
    /**
     * Queued by handlers (which must not run activities). Before the patch, sent by the main loop
     * before the next write; since, written to the read model as queued and sent after it.
     */
    queueNotice(notice: Notice, summary = notice.subject) {
      if (importedOn !== undefined) {
        // Issue 12: a notice of an event dated before the import went (or not) at the time; it is never sent now.
        changed({ key: `not-sent:${notice.key}`, occurredOn: importedOn, kind: 'recorded-not-sent', summary: `Recorded on import, not sent: ${summary}` });
        return;
      }
      outbox.push({ notice, summary });
      revision.changed();
    },
    async sendNow(notice: Notice, entry: TimelineEntry) {
      if (persistsFirst()) {
        outbox.push({ notice, summary: notice.subject, entry });
        revision.changed();
        return;
      }
      await sendNotice(notice);
      changed(entry);
    },
    /** Resolves once the read model shows this handler's change, so the caller reads its own write. */
    persisted: () => revision.persistedNow(),
    async flush(): Promise<void> {
      if (persistsFirst()) {
        throwSendFailure();
        if (revision.unpersisted() || outbox.length > 0) await persist();
        dispatch();
        return;
      }
      while (outbox.length > 0) {
        const { notice, summary } = outbox.shift()!;
        try {
          await sendNotice(notice);
          changed({ key: `email:${notice.key}`, occurredOn: today(), kind: 'email', summary });
        } catch (err) {
          if (!undeliverable(err)) throw err;
          changed(failedEntry(notice, summary, err.cause.message));
        }
      }
      outbox = [];
      if (revision.unpersisted()) await persist();
    },
    /**
     * Before the workflow returns: a change that arrived during the last write is written too, every
     * email has gone (or failed for good), and every update handler has answered (else its caller
     * sees "workflow completed before the update").
     */
    async finish(): Promise<void> {
      for (;;) {
        if (outbox.length > 0 || revision.unpersisted()) await this.flush();
        else if (sending) await condition(() => !sending || revision.unpersisted() || sendFailure !== undefined);
        else break;
        throwSendFailure();
      }
      await condition(allHandlersFinished);
    },
    /** Sleeps until the next reminder or a change, then sends what is due. */
    async sleep(): Promise<void> {
      if (options.skipRemindersBeforeSeen) observe();
      const next = nextScheduled();
      const moves = options.deadlinesMoveAt?.();
      rearmed = false;
      const wake = () => rearmed || revision.unpersisted() || options.completed() || sendFailure !== undefined;
      const at = moves !== undefined && (next === undefined || Date.parse(moves) < Date.parse(next.at)) ? moves : next?.at;
      // Version 1 slept ten years when nothing was scheduled; that timer is what the time-skipping
      // server jumps to while a caller waits, so later versions wait without one.
      const woke = await sleepUntil(at !== undefined ? Date.parse(at) : undefined, wake, options.skipRemindersBeforeSeen ? 'no-timer' : 'ten-year-timer');
      if (woke) return;
      if (moves !== undefined && Date.parse(moves) <= Date.now()) revision.changed();
      const nowMs = Date.now();
      const due = options
        .schedule()
        .filter((s) => sendable(s) && Date.parse(s.at) <= nowMs)
        .sort((a, b) => a.at.localeCompare(b.at));
      if (due.length > 0 && persistsFirst()) {
        for (const s of due) {
          sent.add(s.key);
          const notice = s.notice();
          outbox.push({ notice, summary: notice.subject });
          revision.changed();
        }
        return;
      }
      for (const s of due) {
        const notice = s.notice();
        await sendNotice(notice);
        sent.add(s.key);
        changed({ key: `email:${notice.key}`, occurredOn: today(), kind: 'email', summary: notice.subject });
      }
    },
  };
}

interface QueuedNotice {
  notice: Notice;
  summary: string;
  /** The timeline entry once sent, where it is not the usual `email:<key>`. */
  entry?: TimelineEntry;
}

export type CaseRuntime = ReturnType<typeof caseRuntime>;

/** Only where the starter set search attributes, i.e. the server has them registered. */
export function upsertStageSafely(stage: string): void {
  const attributes = workflowInfo().typedSearchAttributes;
  if (attributes.get(CaseReferenceKey) === undefined || attributes.get(ReviewStageKey) === stage) return;
  upsertSearchAttributes([{ key: ReviewStageKey, value: stage }]);
}

/** A deadline as its case shows it: the verdict on `at`, and the day it was met if it was. */
export function deadlineView(d: Deadline, at: IsoDate, calendar: WorkingCalendar, metOn: IsoDate | undefined): DeadlineView {
  return { ...d, ...deadlineStatus(d, at, calendar, { metOn }), ...(metOn ? { metOn } : {}) };
}

/** One step of a deadline's reminder ladder, grouped by the deadline and its due date (a moved date is a new group). */
export function scheduledReminder(reference: string, d: Deadline, r: Reminder): ScheduledNotice {
  return { key: r.key, group: `${d.key}:${d.due}`, at: r.at, notice: () => reminderNotice(reference, d, r) };
}

/** The same ladder sent to other recipients (agency leads for their own returns). */
export function ladderTo(ladder: ReminderLadder, to: RecipientRole[]): ReminderLadder {
  return { ...ladder, steps: ladder.steps.map((s) => ({ ...s, to })) };
}

/** A review's runtime: its reference, awareness date and rule set from its input, its calendar's version as the calendar stands. */
export function reviewRuntime(input: { reference: string; awareOn: IsoDate; ruleSet: { id: string } }, calendar: () => WorkingCalendar, options: Omit<CaseRuntimeOptions, 'reference' | 'awareOn' | 'ruleSetId' | 'calendarVersion'>) {
  return caseRuntime({ reference: input.reference, awareOn: input.awareOn, ruleSetId: input.ruleSet.id, calendarVersion: () => calendar().version, ...options });
}
