/**
 * The rapid review as a process: its milestones, their order, and the deadlines they meet.
 * Source: Working Together to Safeguard Children 2018, chapter 4; PROCESSES.md T1-T6.
 *
 * Two versions: cases started before the full lifecycle (version 1) know only notification and
 * submission, and end at submission; cases started since (version 2) run from the notification
 * decision to the outcome. The workflow picks the version with `patched()`.
 */
import type { WorkingCalendar } from './calendar';
import type { IsoDate } from './dates';
import { computeDeadline, type Deadline } from './deadlines';
import type { RuleSet } from './rules';
import { setDateDeadline } from './set-date-deadline';

export const RAPID_REVIEW_MILESTONES = [
  'notification-decision',
  'notification-sent',
  'partners-told',
  'agency-summaries-requested',
  'agency-summary-received',
  'rapid-review-meeting-held',
  'partner-sign-off',
  'rapid-review-submitted',
  'panel-response',
  'outcome-decided',
] as const;
export type RapidReviewMilestone = (typeof RAPID_REVIEW_MILESTONES)[number];

export const RAPID_REVIEW_OUTCOMES = ['national-review', 'no-lcspr', 'lcspr'] as const;
export type RapidReviewOutcome = (typeof RAPID_REVIEW_OUTCOMES)[number];

/** Alternative learning routes when no local review is held (PROCESSES.md: "no LCSPR"). */
export const LEARNING_ROUTES = ['single-agency-learning', 'multi-agency-learning-review', 'learning-briefing', 'multi-agency-audit'] as const;
export type LearningRoute = (typeof LEARNING_ROUTES)[number];

export interface AgencyDue {
  /** An agency's short code, e.g. 'police', 'childrens-social-care': never a person. */
  agency: string;
  dueOn: IsoDate;
}

export interface ActionItem {
  id: string;
  /** The owning agency or role, e.g. 'police', 'cspr-chair'. */
  owner: string;
  dueOn: IsoDate;
}

/** What the workflow receives: no free text (rationales and notes stay in the database). */
export type RapidReviewMilestoneInput = { occurredOn: IsoDate; recordedBy: string } & (
  | { milestone: 'notification-decision'; notifiable: boolean; lookedAfterChildDeath: boolean }
  | { milestone: 'notification-sent' }
  | { milestone: 'partners-told' }
  | { milestone: 'agency-summaries-requested'; agencies: AgencyDue[] }
  | { milestone: 'agency-summary-received'; agency: string }
  | { milestone: 'rapid-review-meeting-held' }
  | { milestone: 'partner-sign-off' }
  | { milestone: 'rapid-review-submitted'; recommendation?: RapidReviewOutcome }
  | { milestone: 'panel-response'; nationalReview: boolean }
  | { milestone: 'outcome-decided'; outcome: 'national-review' }
  | { milestone: 'outcome-decided'; outcome: 'no-lcspr'; learningRoute: LearningRoute; actions: ActionItem[] }
  | { milestone: 'outcome-decided'; outcome: 'lcspr'; reviewerName: string; practiceReviewReference: string }
);

export type RecordedMilestone = RapidReviewMilestoneInput & { recordedAt: string };

export type RapidReviewVersion = 1 | 2;

interface MilestoneDefinition {
  title: string;
  after: RapidReviewMilestone[];
  /** Recorded once per agency (or item) rather than once per case. */
  perItem?: boolean;
}

export const MILESTONE_DEFINITIONS: Record<RapidReviewMilestone, MilestoneDefinition> = {
  'notification-decision': { title: 'Notification decision recorded', after: [] },
  'notification-sent': { title: 'Serious incident notification sent to the Panel', after: ['notification-decision'] },
  'partners-told': { title: 'Safeguarding partners told of the serious incident', after: ['notification-decision'] },
  'agency-summaries-requested': { title: 'Agency summaries requested', after: ['notification-decision'] },
  'agency-summary-received': { title: 'Agency summary received', after: ['agency-summaries-requested'], perItem: true },
  'rapid-review-meeting-held': { title: 'Rapid review meeting held', after: ['agency-summaries-requested'] },
  'partner-sign-off': { title: 'Rapid review signed off by the safeguarding partners', after: ['rapid-review-meeting-held'] },
  'rapid-review-submitted': { title: 'Rapid review submitted to the Panel', after: ['partner-sign-off', 'notification-sent', 'partners-told'] },
  'panel-response': { title: "Panel's response to the rapid review recorded", after: ['rapid-review-submitted'] },
  'outcome-decided': { title: 'Outcome of the rapid review decided', after: ['panel-response'] },
};

/** Version 1: notification, then submission, which ended the case. */
const VERSION_1_ORDER: Partial<Record<RapidReviewMilestone, RapidReviewMilestone[]>> = {
  'notification-sent': [],
  'rapid-review-submitted': ['notification-sent'],
};

export type RapidReviewDeadlineKey = 'notification' | 'partners' | 'rapid-review' | `agency-summary:${string}`;

export type RapidReviewStage =
  | 'notification-due'
  | 'closed-not-notifiable'
  | 'rapid-review-in-progress'
  | 'submitted-to-panel'
  | 'awaiting-outcome'
  | 'national-review'
  | 'no-lcspr'
  | 'lcspr-commissioned';

/** The timeline key of a milestone: per agency for the per-item ones. The API writes notes by it. */
export function milestoneKey(m: { milestone: string; agency?: string }): string {
  return m.agency !== undefined ? `milestone:${m.milestone}:${m.agency}` : `milestone:${m.milestone}`;
}

function find<M extends RapidReviewMilestone>(milestones: readonly RecordedMilestone[], milestone: M): Extract<RecordedMilestone, { milestone: M }> | undefined {
  return milestones.find((m) => m.milestone === milestone) as Extract<RecordedMilestone, { milestone: M }> | undefined;
}

export function notificationDecision(milestones: readonly RecordedMilestone[]) {
  return find(milestones, 'notification-decision');
}

export function outcomeOf(milestones: readonly RecordedMilestone[]) {
  return find(milestones, 'outcome-decided');
}

export function requestedAgencies(milestones: readonly RecordedMilestone[]): AgencyDue[] {
  return find(milestones, 'agency-summaries-requested')?.agencies ?? [];
}

export function isComplete(version: RapidReviewVersion, milestones: readonly RecordedMilestone[]): boolean {
  if (version === 1) return milestones.some((m) => m.milestone === 'rapid-review-submitted');
  return notificationDecision(milestones)?.notifiable === false || outcomeOf(milestones) !== undefined;
}

export function stageAfter(milestones: readonly RecordedMilestone[], version: RapidReviewVersion = 2): RapidReviewStage {
  const done = new Set(milestones.map((m) => m.milestone));
  const outcome = outcomeOf(milestones);
  if (outcome) return outcome.outcome === 'lcspr' ? 'lcspr-commissioned' : outcome.outcome;
  if (notificationDecision(milestones)?.notifiable === false) return 'closed-not-notifiable';
  if (done.has('panel-response')) return 'awaiting-outcome';
  if (done.has('rapid-review-submitted')) return 'submitted-to-panel';
  if (done.has('notification-sent') || (version === 2 && done.has('agency-summaries-requested'))) return 'rapid-review-in-progress';
  return 'notification-due';
}

/** Why a milestone cannot be recorded now, or undefined when it can. */
export function milestoneRefusal(
  input: RapidReviewMilestoneInput,
  context: { awareOn: IsoDate; today: IsoDate; recorded: readonly RecordedMilestone[]; version?: RapidReviewVersion; reference?: string },
): string | undefined {
  const { milestone, occurredOn } = input;
  const version = context.version ?? 2;
  const recorded = context.recorded;
  const after = version === 1 ? VERSION_1_ORDER[milestone] : MILESTONE_DEFINITIONS[milestone]?.after;
  if (after === undefined) return `unknown milestone '${milestone}'`;
  if (isComplete(version, recorded)) return `the rapid review is closed (${stageAfter(recorded, version)}): no further milestones`;
  const agency = 'agency' in input ? input.agency : undefined;
  if (recorded.some((m) => m.milestone === milestone && ('agency' in m ? m.agency : undefined) === agency)) {
    return agency !== undefined ? `'${milestone}' for '${agency}' was already recorded` : `'${milestone}' was already recorded`;
  }
  const missing = after.filter((m) => !recorded.some((r) => r.milestone === m));
  if (missing.length > 0) return `'${milestone}' cannot be recorded before ${missing.map((m) => `'${m}'`).join(', ')}`;
  if (occurredOn > context.today) return `occurredOn ${occurredOn} is in the future (today is ${context.today})`;
  if (occurredOn < context.awareOn) return `occurredOn ${occurredOn} is before the local authority became aware (${context.awareOn})`;
  const previous = recorded.map((m) => m.occurredOn).sort().at(-1);
  if (version === 1 && previous && occurredOn < previous) return `occurredOn ${occurredOn} is before the previous milestone (${previous})`;
  for (const m of after) {
    const on = recorded.find((r) => r.milestone === m)?.occurredOn;
    if (on && occurredOn < on) return `occurredOn ${occurredOn} is before '${m}' (${on})`;
  }
  return version === 2 ? payloadRefusal(input, recorded, context.reference) : undefined;
}

function payloadRefusal(input: RapidReviewMilestoneInput, recorded: readonly RecordedMilestone[], reference?: string): string | undefined {
  const decision = notificationDecision(recorded);
  switch (input.milestone) {
    case 'notification-sent':
    case 'agency-summaries-requested':
      if (decision?.notifiable === false) return `'${input.milestone}' does not apply: the incident was decided not notifiable`;
      if (input.milestone === 'agency-summaries-requested') {
        if (input.agencies.length === 0) return 'at least one agency must be asked for a summary';
        const names = input.agencies.map((a) => a.agency);
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup) return `agency '${dup}' is listed twice`;
        const early = input.agencies.find((a) => a.dueOn < input.occurredOn);
        if (early) return `the summary from '${early.agency}' is due (${early.dueOn}) before it was requested (${input.occurredOn})`;
      }
      return undefined;
    case 'agency-summary-received': {
      const known = requestedAgencies(recorded).map((a) => a.agency);
      if (!known.includes(input.agency)) return `unknown agency '${input.agency}': summaries were requested from ${known.map((a) => `'${a}'`).join(', ')}`;
      return undefined;
    }
    case 'outcome-decided': {
      const response = find(recorded, 'panel-response');
      if (response?.nationalReview && input.outcome !== 'national-review') return `the Panel decided on a national review: the outcome must be 'national-review'`;
      if (input.outcome === 'lcspr' && reference !== undefined && input.practiceReviewReference === reference) return `the practice review needs its own reference, not the rapid review's (${reference})`;
      if (input.outcome === 'no-lcspr') {
        const early = input.actions.find((a) => a.dueOn < input.occurredOn);
        if (early) return `action '${early.id}' is due (${early.dueOn}) before the outcome was decided (${input.occurredOn})`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * T1 (notification, 5 working days from awareness), T2 (partners told, 5 working days), T4
 * (rapid review, 15 working days) and each agency summary's own due date. Version 1 has T1 and T4.
 * A decision that the incident is not notifiable leaves no deadline to run.
 */
export function rapidReviewDeadlines(args: {
  awareOn: IsoDate;
  ruleSet: RuleSet;
  calendar: WorkingCalendar;
  milestones: readonly RecordedMilestone[];
  version?: RapidReviewVersion;
}): Deadline[] {
  const { awareOn, ruleSet, calendar, milestones } = args;
  const version = args.version ?? 2;
  const aware = { event: 'local authority became aware', date: awareOn };
  const notification = computeDeadline({ key: 'notification', rule: ruleSet.rules.T1, ruleSetId: ruleSet.id, start: aware, calendar });
  const notifiedOn = milestones.find((m) => m.milestone === 'notification-sent')?.occurredOn;
  const rapidReviewStart =
    ruleSet.rapidReviewClockStart === 'awareness'
      ? { start: aware, note: 'counted from awareness (rule set option rapidReviewClockStart = awareness)' }
      : notifiedOn
        ? { start: { event: 'notification sent', date: notifiedOn }, note: 'counted from the date the notification was sent (rule set option rapidReviewClockStart = notification-sent)' }
        : {
            start: { event: 'notification deadline (notification not yet sent)', date: notification.due },
            note: 'provisional: counted from the notification deadline until the notification is recorded (rapidReviewClockStart = notification-sent)',
          };
  const rapidReview = computeDeadline({ key: 'rapid-review', rule: ruleSet.rules.T4, ruleSetId: ruleSet.id, calendar, ...rapidReviewStart });
  if (version === 1) return [notification, rapidReview];
  if (notificationDecision(milestones)?.notifiable === false) return [];
  const partners = computeDeadline({ key: 'partners', rule: ruleSet.rules.T2, ruleSetId: ruleSet.id, start: aware, calendar });
  const requested = find(milestones, 'agency-summaries-requested');
  const summaries = (requested?.agencies ?? []).map((a) =>
    setDateDeadline({
      key: `agency-summary:${a.agency}`,
      title: `Agency summary from ${a.agency}`,
      ruleId: 'T4',
      ruleSource: 'Working Together to Safeguard Children 2018, chapter 4 (rapid review)',
      setOn: requested!.occurredOn,
      due: a.dueOn,
      ruleSetId: ruleSet.id,
      calendar,
    }),
  );
  return [notification, partners, rapidReview, ...summaries];
}

export function metOn(key: string, milestones: readonly RecordedMilestone[]): IsoDate | undefined {
  if (key.startsWith('agency-summary:')) {
    const agency = key.slice('agency-summary:'.length);
    return milestones.find((m) => m.milestone === 'agency-summary-received' && m.agency === agency)?.occurredOn;
  }
  const by: Record<string, RapidReviewMilestone> = { notification: 'notification-sent', partners: 'partners-told', 'rapid-review': 'rapid-review-submitted' };
  const milestone = by[key];
  return milestone ? milestones.find((m) => m.milestone === milestone)?.occurredOn : undefined;
}
