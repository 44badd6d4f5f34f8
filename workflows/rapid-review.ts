/**
 * The rapid review (PROCESSES.md T1-T6): from the local authority's awareness of a serious incident
 * to the outcome: a national review (the Panel leads; the case follows the local agencies'
 * information until the Panel publishes), no local review (alternative learning; the case follows
 * the action plan until every action is completed), or a local child safeguarding practice review,
 * started here as a child workflow that outlives this one.
 * Sleeps until the next reminder rather than waking daily, so a case's history stays small.
 */
import { ApplicationFailure, ParentClosePolicy, log, patched, setHandler, startChild } from '@temporalio/workflow';
import type { WorkingCalendar } from '../domain/calendar';
import { workflowIdFor } from '../domain/contracts';
import type { Deadline } from '../domain/deadlines';
import { statusOnEntryNotice } from '../domain/notices';
import {
  informationOutstanding,
  isChased,
  isComplete,
  metOn,
  milestoneKey,
  milestoneRefusal,
  openActions,
  outcomeActions,
  outcomeOf,
  owedItems,
  rapidReviewAllowedNext,
  rapidReviewDeadlines,
  requestedAgencies,
  stageAfter,
  type RapidReviewMilestoneInput,
  type RapidReviewVersion,
  type RecordedMilestone,
} from '../domain/rapid-review';
import {
  actionPlanNotice,
  lcsprCommissionedNotice,
  nationalReviewInformationRequestedNotice,
  nationalReviewPublishedNotice,
  rapidActionPlanCompletedNotice,
  rapidMilestoneNotices,
  rapidMilestoneSummary,
} from '../domain/rapid-review-notices';
import { DEFAULT_LADDER, reminderSchedule, remindersToSend } from '../domain/reminders';
import { deadlineView, ladderTo, reviewRuntime, scheduledReminder, upsertStageSafely, type ScheduledNotice } from './case-runtime';
import { setRecordedUpdate } from './runtime';
import { calendarChanged, rapidReviewStatus, recordMilestone, type DeadlineView, type RapidReviewInput, type RapidReviewStatus } from './definitions';
import type { PracticeReviewInput } from './practice-review-definitions';
import { practiceReview } from './practice-review';
import { FOLLOW_UP_PATCH, LCSPR_DURING_FLUSH_PATCH, LIFECYCLE_PATCH } from './patches';

/** Reminders of what agencies owe (summaries, national review information, actions) go to agency leads too. */
const TO_AGENCY_LEADS = /^(?:agency-summary|national-review-information|action):/;

export async function rapidReview(input: RapidReviewInput): Promise<RapidReviewStatus> {
  const { reference, awareOn, ruleSet } = input;
  const version: RapidReviewVersion = patched(LIFECYCLE_PATCH) ? (patched(FOLLOW_UP_PATCH) ? 3 : 2) : 1;
  const ladder = input.ladder ?? DEFAULT_LADDER;
  const startedAtMs = Date.now();
  let calendar: WorkingCalendar = input.calendar;
  const milestones: RecordedMilestone[] = [];
  let practiceReviewStarted: { reference: string; workflowId: string } | undefined;

  const deadlines = () => rapidReviewDeadlines({ awareOn, ruleSet, calendar, milestones, version });
  const today = () => rt.today();
  const views = (at = today()): DeadlineView[] => deadlines().map((d) => deadlineView(d, at, calendar, metOn(d.key, milestones)));
  const ladderFor = (d: Deadline) => (TO_AGENCY_LEADS.test(d.key) ? ladderTo(ladder, ['agency-lead', 'cspr-chair']) : ladder);
  const openSchedule = () =>
    deadlines()
      .filter((d) => isChased(d.key, milestones, version))
      .flatMap((d) => reminderSchedule(d, calendar, ladderFor(d)).map((r) => ({ d, r })))
      .sort((a, b) => a.r.at.localeCompare(b.r.at));
  const schedule = (): ScheduledNotice[] => openSchedule().map(({ d, r }) => scheduledReminder(reference, d, r));
  const completed = () => isComplete(version, milestones);
  const stage = () => stageAfter(milestones, version);

  const rt = reviewRuntime(input, () => calendar, { process: 'rapid-review', stage, completed, deadlines: views, schedule, startedAtMs, skipRemindersBeforeSeen: version >= 2 });

  /** As of the caller's today where given (`rt.asOf`). */
  const status = (query?: { asOf?: string }): RapidReviewStatus => {
    const outcome = outcomeOf(milestones);
    const nextAt = rt.nextReminderAt();
    const at = rt.asOf(query?.asOf);
    return {
      reference,
      stage: stage(),
      state: completed() ? 'completed' : 'open',
      awareOn,
      today: at,
      deadlines: views(at),
      milestones: [...milestones],
      ...(nextAt && Date.parse(nextAt) > Date.now() ? { nextReminderAt: nextAt } : {}),
      remindersSent: rt.remindersSent,
      revision: rt.revision,
      version,
      ...(outcome ? { outcome: outcome.outcome } : {}),
      owed: owedItems(milestones, version),
      ...(version >= 3 && outcome?.outcome === 'no-lcspr' ? { openActions: openActions(milestones) } : {}),
      ...(practiceReviewStarted ? { practiceReview: practiceReviewStarted } : {}),
      allowedNext: rapidReviewAllowedNext({ awareOn, today: at, recorded: milestones, version, reference }),
    };
  };

  /** Version 3: what the outcome's follow-up adds to a milestone (notices, timeline entries, closing). */
  const followUp = (m: RapidReviewMilestoneInput) => {
    switch (m.milestone) {
      case 'outcome-decided': {
        if (m.outcome === 'lcspr') return;
        const unreceived = requestedAgencies(milestones).filter((a) => !metOn(`agency-summary:${a.agency}`, milestones));
        if (unreceived.length > 0) {
          rt.changed({ key: 'agency-summaries-not-chased', occurredOn: m.occurredOn, kind: 'note', summary: `Agency summaries never recorded as received, no longer chased after the outcome: ${unreceived.map((a) => a.agency).join(', ')}` });
        }
        if (m.outcome === 'no-lcspr') {
          rt.queueNotice(actionPlanNotice(reference, m));
        }
        return;
      }
      case 'national-review-information-requested':
        rt.queueNotice(nationalReviewInformationRequestedNotice(reference, m));
        return;
      case 'national-review-published': {
        // The Panel publishes whatever the local agencies supplied: the timeline says what never came.
        const outstanding = informationOutstanding(milestones);
        if (outstanding.length > 0) {
          rt.changed({ key: 'national-review-information-outstanding', occurredOn: m.occurredOn, kind: 'note', summary: `Published without local information recorded as supplied by: ${outstanding.map((a) => `${a.agency} (due ${a.dueOn})`).join(', ')}` });
        }
        rt.queueNotice(nationalReviewPublishedNotice(reference, m.occurredOn, outstanding));
        return;
      }
      case 'action-completed': {
        if (openActions(milestones).length > 0) return;
        const actions = outcomeActions(milestones);
        const completedOn = (id: string) => milestones.find((r) => r.milestone === 'action-completed' && r.actionId === id)!.occurredOn;
        rt.changed({ key: 'action-plan-completed', occurredOn: m.occurredOn, kind: 'action-plan-completed', summary: `Action plan complete: all ${actions.length} action(s) done; the rapid review is closed` });
        rt.queueNotice(rapidActionPlanCompletedNotice(reference, m.occurredOn, actions, completedOn));
        return;
      }
      default:
        return;
    }
  };

  /** A milestone recorded live, or replayed from an imported history: the same state, timeline and notices. */
  const applyMilestone = (m: RapidReviewMilestoneInput) => {
    milestones.push({ ...m, recordedAt: new Date().toISOString() });
    rt.changed({ key: milestoneKey(m as { milestone: string; agency?: string; actionId?: string }), occurredOn: m.occurredOn, kind: m.milestone, summary: rapidMilestoneSummary(m), actor: m.recordedBy });
    if (version >= 2) for (const notice of rapidMilestoneNotices(reference, m)) rt.queueNotice(notice);
    if (version >= 3) followUp(m);
    rt.rearm();
  };
  const refusalOf = (m: RapidReviewMilestoneInput) => milestoneRefusal(m, { awareOn, today: today(), recorded: milestones, version, reference });

  setHandler(rapidReviewStatus, (query) => status(query));
  setRecordedUpdate(recordMilestone, { refusal: refusalOf, apply: applyMilestone }, () => status(), rt.persisted);
  setHandler(calendarChanged, (next) => {
    if (next.version === calendar.version) return;
    const before = deadlines();
    calendar = next;
    const moved = deadlines().filter((d, i) => d.due !== before[i]?.due);
    rt.changed({
      key: `calendar:${next.version}`,
      occurredOn: today(),
      kind: 'calendar-changed',
      summary:
        moved.length === 0
          ? `Bank holiday calendar updated to ${next.version}; no deadline moved`
          : `Bank holiday calendar updated to ${next.version}: ${moved.map((d) => `${d.title} moved from ${before.find((b) => b.key === d.key)?.due ?? '?'} to ${d.due}`).join('; ')}`,
    });
    rt.rearm();
  });

  upsertStageSafely(stage());
  rt.changed({ key: 'opened', occurredOn: today(), kind: 'case-opened', summary: `Rapid review opened; local authority became aware on ${awareOn}` });
  if (input.imported) {
    // Issue 12: a case brought in from the partnership's tracker enters at its true state, through the live validators.
    for (const m of input.imported) {
      const refusal = refusalOf(m);
      if (refusal) throw ApplicationFailure.nonRetryable(`imported milestone '${m.milestone}' refused: ${refusal}`, 'ImportRefused');
      rt.replayingImport(m.occurredOn);
      applyMilestone(m);
    }
    rt.replayingImport(undefined);
    rt.changed({ key: 'imported', occurredOn: today(), kind: 'imported', summary: importedSummary(input.imported.length, outcomeOf(milestones)) });
  }

  // A case entered with dates already past gets one status message, not every reminder it missed.
  const { missedAtStart } = remindersToSend(
    openSchedule().map(({ r }) => r),
    Date.now(),
    new Set(),
    startedAtMs,
  );
  rt.settle(missedAtStart.map((r) => r.key));
  if (missedAtStart.length > 0) {
    const open = views().filter((d) => !d.metOn);
    const late = open.filter((d) => d.status === 'overdue' || d.status === 'due-today');
    if (late.length > 0 && !input.imported) {
      await rt.sendNow(statusOnEntryNotice(reference, today(), late, open.filter((d) => !late.includes(d))), {
        key: 'status-on-entry',
        occurredOn: today(),
        kind: 'email',
        summary: `Status on entry sent: ${late.length} deadline(s) due or overdue; ${missedAtStart.length} earlier reminders summarised`,
      });
    } else {
      rt.changed({ key: 'reminders-before-entry', occurredOn: today(), kind: 'note', summary: `${missedAtStart.length} reminder(s) fell before the case was recorded and were not sent` });
    }
  }

  // An imported LCSPR outcome's practice review is imported on its own (issue 12), not started here.
  const practiceReviewOwed = () => version >= 2 && outcomeOf(milestones)?.outcome === 'lcspr' && !practiceReviewStarted && !input.imported?.some((m) => m.milestone === 'outcome-decided');
  for (;;) {
    const outcome = outcomeOf(milestones);
    if (practiceReviewOwed() && outcome?.outcome === 'lcspr') {
      const childInput: PracticeReviewInput = {
        reference: outcome.practiceReviewReference,
        parentReference: reference,
        awareOn,
        decidedOn: outcome.occurredOn,
        reviewerName: outcome.reviewerName,
        decidedBy: outcome.recordedBy,
        ruleSet,
        calendar,
        ...(input.ladder ? { ladder: input.ladder } : {}),
        ...(input.partnership ? { partnership: input.partnership } : {}),
      };
      const workflowId = workflowIdFor('practice-review', outcome.practiceReviewReference);
      // ABANDON: the practice review runs for months after this rapid review has ended.
      await startChild(practiceReview, { workflowId, args: [childInput], parentClosePolicy: ParentClosePolicy.ABANDON });
      practiceReviewStarted = { reference: outcome.practiceReviewReference, workflowId };
      rt.changed({ key: 'practice-review-started', occurredOn: today(), kind: 'practice-review-started', summary: `Local child safeguarding practice review ${outcome.practiceReviewReference} started` });
      rt.queueNotice(lcsprCommissionedNotice(reference, outcome));
    }
    await rt.flush();
    if (completed()) {
      if (practiceReviewOwed() && patched(LCSPR_DURING_FLUSH_PATCH)) continue;
      await rt.finish();
      break;
    }
    await rt.sleep();
  }
  log.info('rapid review completed', { reference });
  return status();
}

function importedSummary(count: number, outcome: ReturnType<typeof outcomeOf>): string {
  const lcspr = outcome?.outcome === 'lcspr' ? `; its practice review ${outcome.practiceReviewReference} is a case of its own, not started from here` : '';
  return `Imported from the partnership's tracker: ${count} milestone(s) recorded with their own dates; notices dated before the import recorded, not sent; reminders from today${lcspr}`;
}
