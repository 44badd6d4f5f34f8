/**
 * The rapid review (PROCESSES.md T1, T4): from the local authority's awareness of a serious incident
 * to the rapid review's submission to the Panel. Sleeps until the next reminder rather than waking
 * daily, so a case's history stays small however long it runs.
 */
import { condition, log, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CaseSnapshot, TimelineEntry } from '../activities/types';
import type { WorkingCalendar } from '../domain/calendar';
import { deadlineStatus } from '../domain/deadlines';
import { utcToLondonDate } from '../domain/london-time';
import { reminderNotice, statusOnEntryNotice } from '../domain/notices';
import {
  MILESTONE_DEFINITIONS,
  metOn,
  milestoneRefusal,
  rapidReviewDeadlines,
  stageAfter,
  type RapidReviewDeadlineKey,
  type RecordedMilestone,
} from '../domain/rapid-review';
import { DEFAULT_LADDER, reminderSchedule, remindersToSend, type Reminder } from '../domain/reminders';
import { calendarChanged, rapidReviewStatus, recordMilestone, type DeadlineView, type RapidReviewInput, type RapidReviewStatus } from './definitions';
import { ApplicationFailure } from '@temporalio/common';
import { CaseReferenceKey, ReviewStageKey } from './search-attributes';

const { persistCase, sendNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['InvalidNotice'] },
});

export async function rapidReview(input: RapidReviewInput): Promise<RapidReviewStatus> {
  const { reference, awareOn, ruleSet } = input;
  const ladder = input.ladder ?? DEFAULT_LADDER;
  const startedAtMs = Date.now();
  let calendar: WorkingCalendar = input.calendar;
  const milestones: RecordedMilestone[] = [];
  const sentReminderKeys = new Set<string>();
  let pendingTimeline: TimelineEntry[] = [];
  let revision = 0;
  let persistedRevision = -1;
  let remindersRearmed = false;

  const today = () => utcToLondonDate(Date.now());
  const deadlines = () => rapidReviewDeadlines({ awareOn, ruleSet, calendar, milestones });
  const views = (): DeadlineView[] =>
    deadlines().map((d) => {
      const met = metOn(d.key as RapidReviewDeadlineKey, milestones);
      return { ...d, ...deadlineStatus(d, today(), calendar, { metOn: met }), ...(met ? { metOn: met } : {}) };
    });
  const openSchedule = (): Reminder[] =>
    deadlines()
      .filter((d) => !metOn(d.key as RapidReviewDeadlineKey, milestones))
      .flatMap((d) => reminderSchedule(d, calendar, ladder))
      .sort((a, b) => a.at.localeCompare(b.at));
  const completed = () => milestones.some((m) => MILESTONE_DEFINITIONS[m.milestone].completesCase);
  const status = (): RapidReviewStatus => {
    const next = openSchedule().find((r) => !sentReminderKeys.has(r.key) && Date.parse(r.at) > Date.now());
    return {
      reference,
      stage: stageAfter(milestones),
      state: completed() ? 'completed' : 'open',
      awareOn,
      today: today(),
      deadlines: views(),
      milestones: [...milestones],
      ...(next ? { nextReminderAt: next.at } : {}),
      remindersSent: sentReminderKeys.size,
      revision,
    };
  };
  const changed = (entry: TimelineEntry) => {
    pendingTimeline.push(entry);
    revision += 1;
  };

  setHandler(rapidReviewStatus, status);
  setHandler(
    recordMilestone,
    async ({ milestone, occurredOn, recordedBy }) => {
      milestones.push({ milestone, occurredOn, recordedBy, recordedAt: new Date().toISOString() });
      changed({ key: `milestone:${milestone}`, occurredOn, kind: milestone, summary: MILESTONE_DEFINITIONS[milestone].title, actor: recordedBy });
      remindersRearmed = true;
      const mine = revision;
      // Answer only once the read model shows the milestone, so the caller reads its own write.
      await condition(() => persistedRevision >= mine);
      return status();
    },
    {
      validator: ({ milestone, occurredOn }) => {
        if (!(milestone in MILESTONE_DEFINITIONS)) throw new Error(`unknown milestone '${milestone}'`);
        const refusal = milestoneRefusal(milestone, occurredOn, { awareOn, today: today(), recorded: milestones });
        if (refusal) throw new Error(refusal);
      },
    },
  );
  setHandler(calendarChanged, (next) => {
    if (next.version === calendar.version) return;
    const before = deadlines();
    calendar = next;
    const moved = deadlines().filter((d, i) => d.due !== before[i]?.due);
    changed({
      key: `calendar:${next.version}`,
      occurredOn: today(),
      kind: 'calendar-changed',
      summary:
        moved.length === 0
          ? `Bank holiday calendar updated to ${next.version}; no deadline moved`
          : `Bank holiday calendar updated to ${next.version}: ${moved.map((d) => `${d.title} moved from ${before.find((b) => b.key === d.key)?.due ?? '?'} to ${d.due}`).join('; ')}`,
    });
    // A moved deadline has new reminder keys; the ones whose time has already passed are not sent
    // late (they would announce a countdown that is no longer true): only future ones re-arm.
    for (const r of openSchedule()) if (Date.parse(r.at) <= Date.now()) sentReminderKeys.add(r.key);
    remindersRearmed = true;
  });

  upsertSearchAttributesSafely(stageAfter(milestones));
  changed({ key: 'opened', occurredOn: today(), kind: 'case-opened', summary: `Rapid review opened; local authority became aware on ${awareOn}` });

  const persist = async () => {
    const target = revision;
    const entries = pendingTimeline;
    pendingTimeline = [];
    const snapshot: CaseSnapshot = {
      reference,
      process: 'rapid-review',
      workflowId: workflowInfo().workflowId,
      stage: stageAfter(milestones),
      state: completed() ? 'completed' : 'open',
      awareOn,
      ruleSetId: ruleSet.id,
      calendarVersion: calendar.version,
      revision: target,
      deadlines: views(),
      timeline: entries,
    };
    await persistCase(snapshot);
    persistedRevision = Math.max(persistedRevision, target);
    upsertSearchAttributesSafely(snapshot.stage);
  };

  // A case entered with dates already past gets one status message, not every reminder it missed.
  const { missedAtStart } = remindersToSend(openSchedule(), Date.now(), sentReminderKeys, startedAtMs);
  for (const r of missedAtStart) sentReminderKeys.add(r.key);
  if (missedAtStart.length > 0) {
    const open = views().filter((d) => !d.metOn);
    const late = open.filter((d) => d.status === 'overdue' || d.status === 'due-today');
    if (late.length > 0) {
      await sendNotice(statusOnEntryNotice(reference, today(), late, open.filter((d) => !late.includes(d))));
      changed({ key: 'status-on-entry', occurredOn: today(), kind: 'email', summary: `Status on entry sent: ${late.length} deadline(s) due or overdue; ${missedAtStart.length} earlier reminders summarised` });
    } else {
      changed({ key: 'reminders-before-entry', occurredOn: today(), kind: 'note', summary: `${missedAtStart.length} reminder(s) fell before the case was recorded and were not sent` });
    }
  }

  for (;;) {
    if (persistedRevision < revision) await persist();
    if (completed()) break;
    const next = openSchedule().find((r) => !sentReminderKeys.has(r.key));
    remindersRearmed = false;
    const waitMs = next ? Math.max(0, Date.parse(next.at) - Date.now()) : undefined;
    const woke = await condition(() => remindersRearmed || persistedRevision < revision || completed(), waitMs ?? '3650 days');
    if (woke) continue;
    const { due } = remindersToSend(openSchedule(), Date.now(), sentReminderKeys, startedAtMs);
    for (const reminder of due) {
      const deadline = deadlines().find((d) => d.key === reminder.deadlineKey);
      if (!deadline) throw ApplicationFailure.nonRetryable(`reminder ${reminder.key} names no deadline`);
      const notice = reminderNotice(reference, deadline, reminder);
      await sendNotice(notice);
      sentReminderKeys.add(reminder.key);
      changed({ key: `email:${notice.key}`, occurredOn: today(), kind: 'email', summary: notice.subject });
    }
  }
  log.info('rapid review completed', { reference });
  return status();
}

/** Only where the starter set search attributes, i.e. the server has them registered. */
function upsertSearchAttributesSafely(stage: string): void {
  const attributes = workflowInfo().typedSearchAttributes;
  if (attributes.get(CaseReferenceKey) === undefined || attributes.get(ReviewStageKey) === stage) return;
  upsertSearchAttributes([{ key: ReviewStageKey, value: stage }]);
}
