/**
 * The local child safeguarding practice review (PROCESSES.md T7-T11), a child of the rapid review
 * that commissioned it: from the reviewer's appointment to publication and the action plan, with
 * holds (pause and resume) and publication deferral moving the deadlines the engine owns.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ApplicationFailure, ChildWorkflowFailure, ParentClosePolicy, log, patched, setHandler, startChild } from '@temporalio/workflow';
import { addWorkingDaysDate } from '../domain/calendar';
import { auditWorkflowId } from '../domain/contracts';
import { caseHealthOf } from '../domain/case-health';
import type { Deadline } from '../domain/deadlines';
import { londonLocalToUtc } from '../domain/london-time';
import { holdReviewNotice } from '../domain/notices';
import {
  learningAuditStartedNotice,
  learningHandOffNotice,
  practiceMilestoneNotices,
  practiceMilestoneSummary,
  practiceReviewClosedNotice,
  publicationDeferredNotice,
  pausedNotice,
  resumedNotice,
} from '../domain/practice-review-notices';
import {
  agenciesOf,
  calendarDaysOnHold,
  deferralRefusal,
  isClosed,
  isDefaultShapedReference,
  learningAuditPlan,
  openActions,
  openHold,
  pauseRefusal,
  plannedPublicationOn,
  practiceAllowedNext,
  practiceMetOn,
  practiceMilestoneKey,
  practiceMilestoneRefusal,
  practiceReviewDeadlines,
  practiceStage,
  reasonInWords,
  resumeRefusal,
  workingDaysOnHold,
  type DeferralInput,
  type HoldRecord,
  type PauseInput,
  type PracticeMilestoneInput,
  type PracticeReviewState,
  type RecordedPracticeMilestone,
  type ResumeInput,
} from '../domain/practice-review';
import { DEFAULT_LADDER, reminderSchedule, type RecipientRole } from '../domain/reminders';
import { deadlineView, ladderTo, reviewRuntime, scheduledReminder, type ScheduledNotice } from './case-runtime';
import { setRecordedUpdate } from './runtime';
import { audit } from './audit';
import { HOLDS_SHIFT_RUNNING_DEADLINES_PATCH, LEARNING_AUDIT_PATCH, LEARNING_AUDIT_REFERENCE_PATCH, REPLAN_ALLOWS_FOR_DEFERRAL_PATCH } from './patches';
import type { DeadlineView } from './definitions';
import {
  deferPublication,
  importedEventOn,
  pauseReview,
  practiceReviewStatus,
  recordPracticeMilestone,
  resumeReview,
  type ImportedPracticeEvent,
  type PracticeReviewInput,
  type PracticeReviewStatus,
} from './practice-review-definitions';

/** After the expected resume date, the hold is raised again every 5 working days, up to this many times. */
const HOLD_REVIEW_REPEATS = 12;

function recipientsOf(d: Deadline): RecipientRole[] {
  if (d.key.startsWith('agency-report:') || d.key.startsWith('action:')) return ['agency-lead', 'cspr-chair'];
  if (d.key === 'completion') return ['cspr-chair', 'reviewer'];
  return ['cspr-chair'];
}

export async function practiceReview(input: PracticeReviewInput): Promise<PracticeReviewStatus> {
  const { reference, parentReference, ruleSet, calendar, decidedOn } = input;
  const ladder = input.ladder ?? DEFAULT_LADDER;
  const startedAtMs = Date.now();
  const milestones: RecordedPracticeMilestone[] = [
    { milestone: 'reviewer-appointed', reviewerName: input.reviewerName, occurredOn: decidedOn, recordedBy: input.decidedBy, recordedAt: new Date().toISOString() },
  ];
  const holds: HoldRecord[] = [];
  const holdsMoveOnlyRunningDeadlines = patched(HOLDS_SHIFT_RUNNING_DEADLINES_PATCH);
  let handedToQapp = false;
  let learningAudit: PracticeReviewStatus['learningAudit'];

  const today = () => rt.today();
  const state = (): PracticeReviewState => ({ decidedOn, ruleSet, calendar, milestones, holds, holdsMoveOnlyRunningDeadlines });
  const deadlines = (at = today()) => practiceReviewDeadlines(state(), at);
  const views = (at = today()): DeadlineView[] => deadlines(at).map((d) => deadlineView(d, at, calendar, practiceMetOn(d.key, milestones)));
  const schedule = (): ScheduledNotice[] => {
    const reminders = deadlines()
      .filter((d) => d.kind !== 'standing' && !practiceMetOn(d.key, milestones))
      .flatMap((d) => reminderSchedule(d, calendar, ladderTo(ladder, recipientsOf(d))).map((r) => scheduledReminder(reference, d, r)));
    const hold = openHold(holds);
    if (hold?.expectedResumeOn) {
      const index = holds.indexOf(hold);
      for (let n = 0; n <= HOLD_REVIEW_REPEATS; n++) {
        const date = n === 0 ? hold.expectedResumeOn : addWorkingDaysDate(calendar, hold.expectedResumeOn, 5 * n);
        const key = `hold-review:${index}:${date}`;
        reminders.push({ key, group: `hold:${index}`, at: londonLocalToUtc(date, ladder.localTime), notice: () => holdReviewNotice(reference, hold.expectedResumeOn!, hold.from, reasonInWords(hold.reason), key) });
      }
    }
    return reminders;
  };
  const completed = () => isClosed(milestones) && handedToQapp && learningAudit?.state !== 'open';
  const stage = () => practiceStage(milestones, learningAudit?.state === 'open');
  const hold = () => openHold(holds);

  const rt = reviewRuntime(input, () => calendar, { process: 'practice-review', stage, completed, deadlines: views, schedule, parentReference, paused: () => hold() !== undefined, startedAtMs, skipRemindersBeforeSeen: true });

  /** As of the caller's today where given (`rt.asOf`). */
  const status = (query?: { asOf?: string }): PracticeReviewStatus => {
    const at = rt.asOf(query?.asOf);
    const all = views(at);
    const open = all.filter((d) => !d.metOn && d.kind !== 'standing');
    const current = hold();
    const health = caseHealthOf('practice-review', all, { completed: completed(), onHold: current !== undefined });
    const nextAt = rt.nextReminderAt();
    const planned = plannedPublicationOn(milestones, holds);
    return {
      reference,
      parentReference,
      stage: stage(),
      state: completed() ? 'completed' : 'open',
      hold: current ? (current.kind === 'pause' ? 'paused' : 'publication-deferred') : 'none',
      today: at,
      health,
      daysPaused: calendarDaysOnHold(holds, at),
      workingDaysPaused: workingDaysOnHold({ holds, calendar }, at),
      holds: holds.map((h) => ({ ...h })),
      deadlines: all,
      milestones: [...milestones],
      owed: [
        ...open.map((d) => ({ who: recipientsOf(d)[0] === 'agency-lead' ? d.key.split(':')[1]! : recipientsOf(d).join(', '), what: d.title, due: d.due, status: d.status })),
        ...(learningAudit?.state === 'open' ? [{ who: 'qapp-chair', what: `Learning-embedded audit ${learningAudit.reference}`, due: learningAudit.returnsDueOn, status: 'open' }] : []),
      ],
      openActions: openActions(milestones),
      agencies: agenciesOf(milestones),
      ...(planned ? { plannedPublicationOn: planned } : {}),
      ...(nextAt && Date.parse(nextAt) > Date.now() ? { nextReminderAt: nextAt } : {}),
      ...(learningAudit ? { learningAudit: { ...learningAudit } } : {}),
      remindersSent: rt.remindersSent,
      revision: rt.revision,
      allowedNext: practiceAllowedNext(state(), at),
    };
  };

  /** Reminders that fell while on hold are not sent on resume: the moved dates carry their own. */
  const settlePast = () => rt.settle(schedule().filter((s) => Date.parse(s.at) <= Date.now()).map((s) => s.key));

  /** Each change as recorded live, or replayed from an imported history: the same state, timeline and notices. */
  const applyMilestone = (m: PracticeMilestoneInput) => {
    milestones.push({ ...m, recordedAt: new Date().toISOString() });
    rt.changed({ key: practiceMilestoneKey(m as { milestone: string; agency?: string; actionId?: string }), occurredOn: m.occurredOn, kind: m.milestone, summary: practiceMilestoneSummary(m), actor: m.recordedBy });
    for (const notice of practiceMilestoneNotices(reference, m, plannedPublicationOn(milestones, holds))) rt.queueNotice(notice);
    rt.rearm();
  };
  const applyPause = ({ from, reason, expectedResumeOn, recordedBy }: PauseInput) => {
    holds.push({ kind: 'pause', from, reason, expectedResumeOn, panelAndSoSToldOn: today() });
    const n = holds.length;
    rt.changed({ key: `hold:${n}:start`, occurredOn: from, kind: 'paused', summary: `Review paused (${reasonInWords(reason)}); expected to resume by ${expectedResumeOn}; Panel and Secretary of State told`, actor: recordedBy });
    rt.queueNotice(pausedNotice(reference, n, { from, reason, expectedResumeOn }));
    rt.rearm();
  };
  const applyResume = ({ on, recordedBy, plannedPublicationOn: replanned }: ResumeInput) => {
    const current = hold()!;
    current.to = on;
    if (replanned) current.replannedPublicationOn = replanned;
    if (replanned && current.kind === 'publication-deferral' && !holdsMoveOnlyRunningDeadlines && patched(REPLAN_ALLOWS_FOR_DEFERRAL_PATCH)) current.replanAllowsForIt = true;
    const n = holds.indexOf(current) + 1;
    const what = current.kind === 'pause' ? 'Review resumed' : 'Publication deferral lifted';
    rt.changed({ key: `hold:${n}:end`, occurredOn: on, kind: current.kind === 'pause' ? 'resumed' : 'deferral-lifted', summary: `${what} after ${reasonInWords(current.reason)} (on hold from ${current.from})${replanned ? `; publication now planned for ${replanned}` : ''}`, actor: recordedBy });
    rt.queueNotice(resumedNotice(reference, n, current, what, { on, replanned }));
    settlePast();
    rt.rearm();
  };
  const applyDeferral = ({ from, reason, recordedBy }: DeferralInput) => {
    holds.push({ kind: 'publication-deferral', from, reason, panelAndSoSToldOn: today() });
    const n = holds.length;
    rt.changed({ key: `hold:${n}:start`, occurredOn: from, kind: 'publication-deferred', summary: `Publication deferred (${reasonInWords(reason)}); Panel and Secretary of State told`, actor: recordedBy });
    rt.queueNotice(publicationDeferredNotice(reference, n, { from, reason }));
    rt.rearm();
  };

  setHandler(practiceReviewStatus, (query) => status(query));
  setRecordedUpdate(recordPracticeMilestone, { refusal: (m) => practiceMilestoneRefusal(m, state(), today()), apply: applyMilestone }, () => status(), rt.persisted);
  setRecordedUpdate(pauseReview, { refusal: (p) => pauseRefusal(p, state(), today()), apply: applyPause }, () => status(), rt.persisted);
  setRecordedUpdate(resumeReview, { refusal: (r) => resumeRefusal(r, state(), today()), apply: applyResume }, () => status(), rt.persisted);
  setRecordedUpdate(deferPublication, { refusal: (d) => deferralRefusal(d, state(), today()), apply: applyDeferral }, () => status(), rt.persisted);

  rt.changed({
    key: 'opened',
    occurredOn: today(),
    kind: 'case-opened',
    summary: parentReference !== undefined ? `Local child safeguarding practice review opened for rapid review ${parentReference}; decided on ${decidedOn}` : `Local child safeguarding practice review opened on its own; decided on ${decidedOn}`,
  });
  rt.changed({ key: practiceMilestoneKey({ milestone: 'reviewer-appointed' }), occurredOn: decidedOn, kind: 'reviewer-appointed', summary: `Reviewer appointed: ${input.reviewerName}`, actor: input.decidedBy });
  if (input.imported) {
    // Issue 12: a review brought in from the partnership's tracker enters at its true state, through the live validators.
    for (const event of input.imported) {
      const refusal = importedRefusal(event);
      if (refusal) throw ApplicationFailure.nonRetryable(`imported ${event.kind} refused: ${refusal}`, 'ImportRefused');
      rt.replayingImport(importedEventOn(event));
      if (event.kind === 'milestone') applyMilestone(event.milestone);
      else if (event.kind === 'pause') applyPause(event.pause);
      else if (event.kind === 'resume') applyResume(event.resume);
      else applyDeferral(event.deferral);
    }
    rt.replayingImport(undefined);
    // A review closed before adoption had its learning checked then: no audit is started for it now.
    if (isClosed(milestones)) handedToQapp = true;
    rt.changed({ key: 'imported', occurredOn: today(), kind: 'imported', summary: `Imported from the partnership's tracker: ${input.imported.length} event(s) recorded with their own dates; notices dated before the import recorded, not sent; reminders from today` });
  }

  for (;;) {
    if (isClosed(milestones) && !handedToQapp) {
      handedToQapp = true;
      if (patched(LEARNING_AUDIT_PATCH)) await startLearningAudit();
      else
        rt.queueNotice(learningHandOffNotice(reference, milestones.at(-1)!.occurredOn), 'Hand-off to the QAPP group: audit that the learning reached practitioners');
    }
    await rt.flush();
    if (completed()) {
      await rt.finish();
      break;
    }
    await rt.sleep();
  }
  log.info('practice review closed', { reference });
  return status();

  /**
   * The QAPP group's check that the learning reached practitioners: an audit of its own (it outlives
   * this review if the review is ever ended by hand), whose completion closes the review.
   */
  async function startLearningAudit(): Promise<void> {
    // Reviews whose reference has another shape computed a garbled reference before this patch.
    const legacyReference = !isDefaultShapedReference(reference) && !patched(LEARNING_AUDIT_REFERENCE_PATCH);
    const plan = learningAuditPlan({ reference, milestones, calendar, openedOn: today(), legacyReference });
    const workflowId = auditWorkflowId(plan.reference);
    const lastActionOn = milestones.at(-1)!.occurredOn;
    try {
      const child = await startChild(audit, {
        workflowId,
        args: [{ reference: plan.reference, type: 'learning-embedded', participants: plan.participants, openedOn: plan.openedOn, returnsDueOn: plan.returnsDueOn, calendar, sampledCases: [reference], ...(input.partnership ? { partnership: input.partnership } : {}) }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      learningAudit = { reference: plan.reference, workflowId, openedOn: plan.openedOn, returnsDueOn: plan.returnsDueOn, state: 'open' };
      void child.result().then(
        (result) => learningAuditEnded('completed', `Learning-embedded audit ${plan.reference} completed (${result.returnRate.returned} of ${result.returnRate.total} returns): the QAPP group checked the learning reached practitioners`),
        (err: unknown) => learningAuditEnded('ended', `Learning-embedded audit ${plan.reference} ended without completing (${err instanceof ChildWorkflowFailure ? (err.cause?.name ?? 'failed') : 'failed'}): the QAPP group to follow up`),
      );
      rt.changed({ key: 'learning-audit:started', occurredOn: today(), kind: 'learning-audit-started', summary: `Learning-embedded audit ${plan.reference} started for the QAPP group: ${plan.participants.length} agencies, returns due ${plan.returnsDueOn}` });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // Started already (by hand, or by an earlier run of this review): the QAPP group owns it.
      learningAudit = { reference: plan.reference, workflowId, openedOn: plan.openedOn, returnsDueOn: plan.returnsDueOn, state: 'ended' };
      rt.changed({ key: 'learning-audit:started', occurredOn: today(), kind: 'learning-audit-started', summary: `Learning-embedded audit ${plan.reference} was already running; the QAPP group follows it; review closed` });
    }
    rt.queueNotice(learningAuditStartedNotice(reference, lastActionOn, plan), 'Hand-off to the QAPP group: learning-embedded audit started');
  }

  function learningAuditEnded(state: 'completed' | 'ended', what: string): void {
    learningAudit = { ...learningAudit!, state };
    rt.changed({ key: 'learning-audit:ended', occurredOn: today(), kind: state === 'completed' ? 'learning-audit-completed' : 'learning-audit-ended', summary: `${what}; review closed` });
    rt.queueNotice(practiceReviewClosedNotice(reference, what));
    rt.rearm();
  }

  function importedRefusal(event: ImportedPracticeEvent): string | undefined {
    if (event.kind === 'milestone') return practiceMilestoneRefusal(event.milestone, state(), today());
    if (event.kind === 'pause') return pauseRefusal(event.pause, state(), today());
    if (event.kind === 'resume') return resumeRefusal(event.resume, state(), today());
    return deferralRefusal(event.deferral, state(), today());
  }
}
