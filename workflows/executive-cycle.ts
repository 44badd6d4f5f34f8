/**
 * The partnership Executive Group's meeting cycle: meetings on the cadence in force, papers and
 * agenda reminded ahead of the next one, each meeting's decisions and actions recorded, and every
 * action chased until it is done. It lives as long as the partnership does, so it continues as new
 * once its history grows, carrying its state, revision and the reminders already sent.
 */
import { patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { WorkingCalendar } from '../domain/calendar';
import {
  applyExecutiveMilestone,
  cadenceChangedNotice,
  DEFAULT_EXECUTIVE_CONFIG,
  executiveAllowedNext,
  executiveDeadlines,
  executiveMilestoneKey,
  executiveMilestoneRefusal,
  executiveMilestoneSummary,
  executiveReminders,
  executiveStage,
  meetingDates,
  meetingOnOrAfter,
  papersDeadlineMovesAt,
  type ExecutiveCycleInput,
  type ExecutiveCycleState,
  type ExecutiveCycleStatus,
  type ExecutiveMilestoneInput,
} from '../domain/executive-cycle';
import { caseRuntime, upsertStageSafely, type ScheduledNotice } from './case-runtime';
import { calendarChanged, processMessages } from './definitions';
import { EXECUTIVE_DEADLINES_PATCH } from './patches';
import { continueAsNewWhen } from './runtime';

export const { status: executiveCycleStatus, recordMilestone: recordExecutiveMilestone } = processMessages<ExecutiveCycleStatus, ExecutiveMilestoneInput>('executive-cycle');

/** Well under the point where replay slows (FACTS.md): a few years of two-weekly meetings. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 2000;

export async function executiveCycle(input: ExecutiveCycleInput): Promise<void> {
  const { reference } = input;
  const config = input.config ?? DEFAULT_EXECUTIVE_CONFIG;
  const localTime = input.reminderLocalTime ?? '09:00';
  let calendar: WorkingCalendar = input.calendar;
  let state: ExecutiveCycleState = input.carried?.state ?? { cadences: [{ pattern: input.pattern, from: input.firstMeetingOn, decidedOn: input.firstMeetingOn }], meetings: [], actions: [] };
  const stage = () => executiveStage(state.cadences, rt.today());
  const reminders = (today = rt.today()) => executiveReminders(reference, calendar, state, today, config, localTime);
  const schedule = (): ScheduledNotice[] => reminders().map((r) => ({ key: r.key, group: r.group, at: r.at, notice: () => r.notice }));
  // Asked only by the main loop's sleep, so a running cycle takes the patch at its next wait.
  let wakesForDeadlines = false;
  const deadlinesMoveAt = () => {
    wakesForDeadlines ||= patched(EXECUTIVE_DEADLINES_PATCH);
    return wakesForDeadlines ? papersDeadlineMovesAt(calendar, state, rt.today(), config) : undefined;
  };

  const rt = caseRuntime({
    reference,
    process: 'executive-cycle',
    awareOn: input.carried?.openedOn ?? input.firstMeetingOn,
    ruleSetId: 'none',
    calendarVersion: () => calendar.version,
    stage,
    completed: () => false,
    deadlines: () => executiveDeadlines(calendar, state, rt.today(), config),
    deadlinesMoveAt,
    schedule,
    startedAtMs: Date.now(),
    skipRemindersBeforeSeen: true,
    ...(input.carried ? { carriedRevision: input.carried.revision } : {}),
  });
  const openedOn = input.carried?.openedOn ?? rt.today();
  if (input.carried) rt.settle(input.carried.settled);

  const status = (query?: { asOf?: string }): ExecutiveCycleStatus => {
    const at = rt.asOf(query?.asOf);
    const nextAt = rt.nextReminderAt();
    return {
      reference,
      stage: executiveStage(state.cadences, at),
      state: 'open',
      today: at,
      openedOn,
      cadences: state.cadences,
      nextMeeting: meetingDates(calendar, meetingOnOrAfter(calendar, state.cadences, at), config),
      meetings: state.meetings,
      openActions: state.actions.filter((a) => !a.completedOn).map((a) => ({ ...a, overdue: a.dueOn < at })),
      completedActions: state.actions.filter((a) => a.completedOn),
      deadlines: executiveDeadlines(calendar, state, at, config),
      ...(nextAt && Date.parse(nextAt) > Date.now() ? { nextReminderAt: nextAt } : {}),
      revision: rt.revision,
      allowedNext: executiveAllowedNext(calendar, state, at),
    };
  };

  setHandler(executiveCycleStatus, (query) => status(query));
  setHandler(
    recordExecutiveMilestone,
    async (m) => {
      state = applyExecutiveMilestone(state, m);
      rt.changed({ key: executiveMilestoneKey(m), occurredOn: m.occurredOn, kind: m.milestone, summary: executiveMilestoneSummary(m), actor: m.recordedBy });
      // History is recorded quietly: only a change still to take effect is announced.
      if (m.milestone === 'cadence-changed' && m.from >= rt.today()) {
        rt.queueNotice(cadenceChangedNotice(reference, state.cadences.at(-1)!, meetingOnOrAfter(calendar, state.cadences, m.from)));
      }
      rt.rearm();
      await rt.persisted();
      return status();
    },
    {
      validator: (m) => {
        const refusal = executiveMilestoneRefusal(calendar, state, m, rt.today());
        if (refusal) throw new Error(refusal);
      },
    },
  );
  setHandler(calendarChanged, (next) => {
    if (next.version === calendar.version) return;
    calendar = next;
    rt.changed({ key: `calendar:${next.version}`, occurredOn: rt.today(), kind: 'calendar-changed', summary: `Bank holiday calendar updated to ${next.version}; meeting dates and reminders follow it` });
    rt.rearm();
  });

  upsertStageSafely(stage());
  if (!input.carried) {
    rt.changed({ key: 'opened', occurredOn: rt.today(), kind: 'cycle-opened', summary: `Executive Group meeting cycle opened: ${input.pattern} from ${input.firstMeetingOn}` });
  }

  for (;;) {
    await rt.flush();
    await continueAsNewWhen<typeof executiveCycle>({ due: () => workflowInfo().historyLength > (input.historyLimit ?? CONTINUE_AS_NEW_AFTER_EVENTS), drain: () => rt.finish(), honoursSuggestion: 'always' }, () => {
      const settled = schedule()
        .map((s) => s.key)
        .filter((k) => rt.isSettled(k));
      return { ...input, calendar, carried: { state, revision: rt.revision, settled, openedOn } };
    });
    await rt.sleep();
  }
}
