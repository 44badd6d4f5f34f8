/**
 * The rapid review as a process: its milestones, their order, and the deadlines they meet.
 * Source: Working Together to Safeguard Children 2018, chapter 4; PROCESSES.md T1 and T4.
 */
import type { WorkingCalendar } from './calendar';
import type { IsoDate } from './dates';
import { computeDeadline, type Deadline } from './deadlines';
import type { RuleSet } from './rules';

export const RAPID_REVIEW_MILESTONES = ['notification-sent', 'rapid-review-submitted'] as const;
export type RapidReviewMilestone = (typeof RAPID_REVIEW_MILESTONES)[number];

interface MilestoneDefinition {
  title: string;
  after: RapidReviewMilestone[];
  meets: RapidReviewDeadlineKey;
  completesCase: boolean;
}

export type RapidReviewDeadlineKey = 'notification' | 'rapid-review';

export const MILESTONE_DEFINITIONS: Record<RapidReviewMilestone, MilestoneDefinition> = {
  'notification-sent': { title: 'Serious incident notification sent to the Panel', after: [], meets: 'notification', completesCase: false },
  'rapid-review-submitted': { title: 'Rapid review submitted to the Panel', after: ['notification-sent'], meets: 'rapid-review', completesCase: true },
};

export type RapidReviewStage = 'notification-due' | 'rapid-review-in-progress' | 'submitted-to-panel';

export interface RecordedMilestone {
  milestone: RapidReviewMilestone;
  occurredOn: IsoDate;
  recordedBy: string;
  recordedAt: string;
}

export function stageAfter(milestones: readonly RecordedMilestone[]): RapidReviewStage {
  const done = new Set(milestones.map((m) => m.milestone));
  if (done.has('rapid-review-submitted')) return 'submitted-to-panel';
  if (done.has('notification-sent')) return 'rapid-review-in-progress';
  return 'notification-due';
}

/** Why a milestone cannot be recorded now, or undefined when it can. */
export function milestoneRefusal(
  milestone: RapidReviewMilestone,
  occurredOn: IsoDate,
  context: { awareOn: IsoDate; today: IsoDate; recorded: readonly RecordedMilestone[] },
): string | undefined {
  const definition = MILESTONE_DEFINITIONS[milestone];
  if (context.recorded.some((m) => m.milestone === milestone)) return `'${milestone}' was already recorded`;
  const missing = definition.after.filter((m) => !context.recorded.some((r) => r.milestone === m));
  if (missing.length > 0) return `'${milestone}' cannot be recorded before ${missing.map((m) => `'${m}'`).join(', ')}`;
  if (occurredOn > context.today) return `occurredOn ${occurredOn} is in the future (today is ${context.today})`;
  if (occurredOn < context.awareOn) return `occurredOn ${occurredOn} is before the local authority became aware (${context.awareOn})`;
  const previous = context.recorded.map((m) => m.occurredOn).sort().at(-1);
  if (previous && occurredOn < previous) return `occurredOn ${occurredOn} is before the previous milestone (${previous})`;
  return undefined;
}

/** T1 (notification, 5 working days from awareness) and T4 (rapid review, 15 working days). */
export function rapidReviewDeadlines(args: {
  awareOn: IsoDate;
  ruleSet: RuleSet;
  calendar: WorkingCalendar;
  milestones: readonly RecordedMilestone[];
}): Deadline[] {
  const { awareOn, ruleSet, calendar, milestones } = args;
  const notification = computeDeadline({
    key: 'notification',
    rule: ruleSet.rules.T1,
    ruleSetId: ruleSet.id,
    start: { event: 'local authority became aware', date: awareOn },
    calendar,
  });
  const notifiedOn = milestones.find((m) => m.milestone === 'notification-sent')?.occurredOn;
  const rapidReviewStart =
    ruleSet.rapidReviewClockStart === 'awareness'
      ? { start: { event: 'local authority became aware', date: awareOn }, note: 'counted from awareness (rule set option rapidReviewClockStart = awareness)' }
      : notifiedOn
        ? { start: { event: 'notification sent', date: notifiedOn }, note: 'counted from the date the notification was sent (rule set option rapidReviewClockStart = notification-sent)' }
        : {
            start: { event: 'notification deadline (notification not yet sent)', date: notification.due },
            note: 'provisional: counted from the notification deadline until the notification is recorded (rapidReviewClockStart = notification-sent)',
          };
  const rapidReview = computeDeadline({ key: 'rapid-review', rule: ruleSet.rules.T4, ruleSetId: ruleSet.id, calendar, ...rapidReviewStart });
  return [notification, rapidReview];
}

export function metOn(key: RapidReviewDeadlineKey, milestones: readonly RecordedMilestone[]): IsoDate | undefined {
  return milestones.find((m) => MILESTONE_DEFINITIONS[m.milestone].meets === key)?.occurredOn;
}
