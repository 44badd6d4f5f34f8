/**
 * The rapid review as a process: its milestones, their order, and the deadlines they meet.
 * Source: Working Together to Safeguard Children 2018, chapter 4; PROCESSES.md T1-T6.
 *
 * Three versions: cases started before the full lifecycle (version 1) know only notification and
 * submission, and end at submission; cases started since (version 2) run from the notification
 * decision to the outcome; cases started since the follow-up was tracked (version 3) go on after a
 * national review or no-LCSPR outcome until the Panel publishes or every action is completed.
 * The workflow picks the version with `patched()`.
 */
import { actionDeadlines, actionPlanRefusal, actionsNotCompleted, agenciesAsked, agenciesNotDelivered, agencyRequestRefusal, type ActionItem, type AgencyDue } from './action-plan';
import type { WorkingCalendar } from './calendar';
import type { IsoDate } from './dates';
import { computeDeadline, type Deadline } from './deadlines';
import type { RuleSet } from './rules';
import { allowedNext, findMilestone, metOnBy, milestoneRefusalOf, recordedDateRefusal, type AllowedMilestone, type MetBy, type MilestoneProcess, type MilestoneRule, type MilestoneRules } from './milestones';
import { setDateDeadline } from './set-date-deadline';

export type { ActionItem, AgencyDue } from './action-plan';

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
  // Version 3: the follow-up of a national review or no-LCSPR outcome.
  'national-review-information-requested',
  'national-review-information-supplied',
  'national-review-published',
  'action-completed',
] as const;
export type RapidReviewMilestone = (typeof RAPID_REVIEW_MILESTONES)[number];

export const RAPID_REVIEW_OUTCOMES = ['national-review', 'no-lcspr', 'lcspr'] as const;
export type RapidReviewOutcome = (typeof RAPID_REVIEW_OUTCOMES)[number];

/** Alternative learning routes when no local review is held (PROCESSES.md: "no LCSPR"). */
export const LEARNING_ROUTES = ['single-agency-learning', 'multi-agency-learning-review', 'learning-briefing', 'multi-agency-audit'] as const;
export type LearningRoute = (typeof LEARNING_ROUTES)[number];

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
  | { milestone: 'national-review-information-requested'; agencies: AgencyDue[] }
  | { milestone: 'national-review-information-supplied'; agency: string }
  | { milestone: 'national-review-published' }
  | { milestone: 'action-completed'; actionId: string }
);

export type RecordedMilestone = RapidReviewMilestoneInput & { recordedAt: string };

export type RapidReviewVersion = 1 | 2 | 3;

interface MilestoneDefinition extends MilestoneRule<RapidReviewMilestone> {
  /** A follow-up of this outcome (version 3 only): refused after any other. */
  follows?: Exclude<RapidReviewOutcome, 'lcspr'>;
}

// Built on each call, not held in a module constant: code that runs when a module loads is "static"
// to mutation testing, and each of its mutants would rerun every unit test.
export function milestoneDefinitions(): Record<RapidReviewMilestone, MilestoneDefinition> {
  return {
    'notification-decision': { title: 'Notification decision recorded', after: [] },
    'notification-sent': { title: 'Serious incident notification sent to the Panel', after: ['notification-decision'] },
    'partners-told': { title: 'Safeguarding partners told of the serious incident', after: ['notification-decision'] },
    'agency-summaries-requested': { title: 'Agency summaries requested', after: ['notification-decision'] },
    'agency-summary-received': { title: 'Agency summary received', after: ['agency-summaries-requested'], perItem: true, listedAs: 'summaries were requested from' },
    'rapid-review-meeting-held': { title: 'Rapid review meeting held', after: ['agency-summaries-requested'] },
    'partner-sign-off': { title: 'Rapid review signed off by the safeguarding partners', after: ['rapid-review-meeting-held'] },
    'rapid-review-submitted': { title: 'Rapid review submitted to the Panel', after: ['partner-sign-off', 'notification-sent', 'partners-told'] },
    'panel-response': { title: "Panel's response to the rapid review recorded", after: ['rapid-review-submitted'] },
    'outcome-decided': { title: 'Outcome of the rapid review decided', after: ['panel-response'] },
    'national-review-information-requested': { title: 'Information for the national review requested from local agencies', after: ['outcome-decided'], follows: 'national-review' },
    'national-review-information-supplied': { title: 'Information for the national review supplied', after: ['national-review-information-requested'], perItem: true, listedAs: 'information for the national review was requested from', follows: 'national-review' },
    'national-review-published': { title: 'National review published by the Panel', after: ['outcome-decided'], follows: 'national-review' },
    'action-completed': { title: 'Action completed', after: ['outcome-decided'], perItem: true, listedAs: 'the action plan has', follows: 'no-lcspr' },
  };
}

/** Version 1: notification, then submission, which ended the case. */
function version1Rules(): MilestoneRules<RapidReviewMilestone> {
  const definitions = milestoneDefinitions();
  return {
    'notification-sent': { ...definitions['notification-sent'], after: [] },
    'rapid-review-submitted': { ...definitions['rapid-review-submitted'], after: ['notification-sent'] },
  };
}

export type RapidReviewDeadlineKey = 'notification' | 'partners' | 'rapid-review' | `agency-summary:${string}` | `action:${string}` | `national-review-information:${string}`;

export type RapidReviewStage =
  | 'notification-due'
  | 'closed-not-notifiable'
  | 'rapid-review-in-progress'
  | 'submitted-to-panel'
  | 'awaiting-outcome'
  | 'national-review'
  | 'no-lcspr'
  | 'lcspr-commissioned';

export { milestoneKey } from './milestones';

export function notificationDecision(milestones: readonly RecordedMilestone[]) {
  return findMilestone(milestones, 'notification-decision');
}

export function outcomeOf(milestones: readonly RecordedMilestone[]) {
  return findMilestone(milestones, 'outcome-decided');
}

export function requestedAgencies(milestones: readonly RecordedMilestone[]): AgencyDue[] {
  return agenciesAsked(milestones, 'agency-summaries-requested');
}

/** The no-LCSPR outcome's action plan (empty for any other outcome). */
export function outcomeActions(milestones: readonly RecordedMilestone[]): ActionItem[] {
  const outcome = outcomeOf(milestones);
  return outcome?.outcome === 'no-lcspr' ? outcome.actions : [];
}

export function openActions(milestones: readonly RecordedMilestone[]): ActionItem[] {
  return actionsNotCompleted(outcomeActions(milestones), milestones);
}

export function informationOutstanding(milestones: readonly RecordedMilestone[]): AgencyDue[] {
  return agenciesNotDelivered(milestones, 'national-review-information-requested', 'national-review-information-supplied');
}

/**
 * Version 1 ends at submission; version 2 at the outcome (or a not-notifiable decision); version 3
 * at an LCSPR outcome (the practice review takes over), at the national review's publication, or
 * once every action of the no-LCSPR action plan is completed.
 */
export function isComplete(version: RapidReviewVersion, milestones: readonly RecordedMilestone[]): boolean {
  if (version === 1) return milestones.some((m) => m.milestone === 'rapid-review-submitted');
  if (notificationDecision(milestones)?.notifiable === false) return true;
  const outcome = outcomeOf(milestones);
  if (!outcome) return false;
  if (version === 2 || outcome.outcome === 'lcspr') return true;
  return outcome.outcome === 'no-lcspr' ? openActions(milestones).length === 0 : milestones.some((m) => m.milestone === 'national-review-published');
}

/** Something an agency (or, for an action, its owning agency or role) still owes, and by when. */
export interface OwedItem extends AgencyDue {
  what: string;
  deadlineKey: RapidReviewDeadlineKey;
}

/**
 * Before the outcome, the agency summaries; in version 3 after it, the follow-up's information and
 * actions, until the case closes (information never supplied is then on the timeline, not owed).
 */
export function owedItems(milestones: readonly RecordedMilestone[], version: RapidReviewVersion = 2): OwedItem[] {
  if (version >= 3 && isComplete(version, milestones)) return [];
  if (version >= 3 && outcomeOf(milestones)) {
    return [
      ...informationOutstanding(milestones).map((a): OwedItem => ({ ...a, what: 'Information for the national review', deadlineKey: `national-review-information:${a.agency}` })),
      ...openActions(milestones).map((a): OwedItem => ({ agency: a.owner, dueOn: a.dueOn, what: `Action ${a.id}`, deadlineKey: `action:${a.id}` })),
    ].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  }
  return requestedAgencies(milestones)
    .filter((a) => !metOn(`agency-summary:${a.agency}`, milestones))
    .map((a): OwedItem => ({ ...a, what: 'Agency summary', deadlineKey: `agency-summary:${a.agency}` }));
}

/**
 * Whether the engine still chases a deadline with reminders. In version 3 the rapid review's own
 * deadlines end with the outcome (a summary never recorded as received is not chased through a
 * national review or an action plan); only the follow-up's are chased after it.
 */
export function isChased(key: string, milestones: readonly RecordedMilestone[], version: RapidReviewVersion = 2): boolean {
  if (metOn(key, milestones)) return false;
  return version < 3 || !outcomeOf(milestones) || /^(?:action|national-review-information):/.test(key);
}

export function stageAfter(milestones: readonly RecordedMilestone[], version: RapidReviewVersion = 2): RapidReviewStage {
  const done = new Set(milestones.map((m) => m.milestone));
  const outcome = outcomeOf(milestones);
  if (outcome) return outcome.outcome === 'lcspr' ? 'lcspr-commissioned' : outcome.outcome;
  if (notificationDecision(milestones)?.notifiable === false) return 'closed-not-notifiable';
  if (done.has('panel-response')) return 'awaiting-outcome';
  if (done.has('rapid-review-submitted')) return 'submitted-to-panel';
  if (done.has('notification-sent') || (version >= 2 && done.has('agency-summaries-requested'))) return 'rapid-review-in-progress';
  return 'notification-due';
}

export interface RapidReviewRulesContext {
  awareOn: IsoDate;
  today: IsoDate;
  recorded: readonly RecordedMilestone[];
  version?: RapidReviewVersion;
  reference?: string;
}

/** The rapid review's answers to the milestone engine (domain/milestones.ts). */
function rapidReviewProcess(context: RapidReviewRulesContext): MilestoneProcess<RapidReviewMilestone> {
  const version = context.version ?? 2;
  const recorded = context.recorded;
  return {
    rules: version === 1 ? version1Rules() : milestoneDefinitions(),
    recorded,
    closed: () => (isComplete(version, recorded) ? `the rapid review is closed (${stageAfter(recorded, version)}): no further milestones` : undefined),
    gate: (milestone) =>
      milestoneDefinitions()[milestone].follows && version < 3 ? `'${milestone}' is not tracked for this case: it began before the follow-up of a rapid review's outcome was tracked` : undefined,
    lateGate: (milestone) => {
      const follows = milestoneDefinitions()[milestone].follows;
      const outcome = outcomeOf(recorded)?.outcome;
      return follows && outcome !== follows ? `'${milestone}' applies only when the outcome is ${follows} (the outcome is ${outcome})` : undefined;
    },
    items: (milestone) =>
      milestone === 'agency-summary-received'
        ? requestedAgencies(recorded).map((a) => a.agency)
        : milestone === 'national-review-information-supplied'
          ? agenciesAsked(recorded, 'national-review-information-requested').map((a) => a.agency)
          : milestone === 'action-completed'
            ? outcomeActions(recorded).map((a) => a.id)
            : [],
    choices: (milestone) => (milestone === 'outcome-decided' ? { outcome: allowedOutcomes(recorded) } : undefined),
    dateRefusal: (occurredOn) => {
      const dateProblem = recordedDateRefusal('occurredOn', occurredOn, context.today, { on: context.awareOn, words: `the local authority became aware (${context.awareOn})` });
      if (dateProblem) return dateProblem;
      const previous = recorded.map((m) => m.occurredOn).sort().at(-1);
      if (version === 1 && previous && occurredOn < previous) return `occurredOn ${occurredOn} is before the previous milestone (${previous})`;
      return undefined;
    },
  };
}

/** Why a milestone cannot be recorded now, or undefined when it can. */
export function milestoneRefusal(input: RapidReviewMilestoneInput, context: RapidReviewRulesContext): string | undefined {
  const version = context.version ?? 2;
  return milestoneRefusalOf(rapidReviewProcess(context), input, () => (version >= 2 ? payloadRefusal(input, context.recorded, context.reference) : undefined));
}

/** What can be recorded next, from the same rules as milestoneRefusal. */
export function rapidReviewAllowedNext(context: RapidReviewRulesContext): AllowedMilestone<RapidReviewMilestone>[] {
  return allowedNext(rapidReviewProcess(context));
}

/** The outcomes the partners may still decide: only a national review once the Panel has said it holds one. */
export function allowedOutcomes(recorded: readonly RecordedMilestone[]): readonly RapidReviewOutcome[] {
  return findMilestone(recorded, 'panel-response')?.nationalReview ? ['national-review'] : RAPID_REVIEW_OUTCOMES;
}

function payloadRefusal(input: RapidReviewMilestoneInput, recorded: readonly RecordedMilestone[], reference?: string): string | undefined {
  const decision = notificationDecision(recorded);
  switch (input.milestone) {
    case 'notification-sent':
    case 'agency-summaries-requested':
      // Stryker disable next-line all: unreachable from milestoneRefusal, which refuses every milestone of a not-notifiable case as closed first
      if (decision?.notifiable === false) return `'${input.milestone}' does not apply: the incident was decided not notifiable`;
      return input.milestone === 'agency-summaries-requested' ? agencyRequestRefusal(input.agencies, input.occurredOn, { a: 'a summary', the: 'the summary' }) : undefined;
    case 'outcome-decided': {
      if (!allowedOutcomes(recorded).includes(input.outcome)) return `the Panel decided on a national review: the outcome must be 'national-review'`;
      if (input.outcome === 'lcspr' && reference !== undefined && input.practiceReviewReference === reference) return `the practice review needs its own reference, not the rapid review's (${reference})`;
      if (input.outcome === 'no-lcspr') return actionPlanRefusal(input.actions, input.occurredOn, 'the outcome was decided');
      return undefined;
    }
    case 'national-review-information-requested':
      return agencyRequestRefusal(input.agencies, input.occurredOn, { a: 'information', the: 'the information' });
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
  const requested = findMilestone(milestones, 'agency-summaries-requested');
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
  return [notification, partners, rapidReview, ...summaries, ...(version >= 3 ? followUpDeadlines(ruleSet.id, calendar, milestones) : [])];
}

/**
 * Version 3, after the outcome: each action of the no-LCSPR action plan by its due date, and each
 * agency's information for the Panel's national review by the date the Panel's reviewers set.
 */
function followUpDeadlines(ruleSetId: string, calendar: WorkingCalendar, milestones: readonly RecordedMilestone[]): Deadline[] {
  const outcome = outcomeOf(milestones);
  if (outcome?.outcome === 'no-lcspr') {
    return actionDeadlines({ actions: outcome.actions, agreedOn: outcome.occurredOn, ruleId: 'T4', ruleSource: 'Working Together to Safeguard Children 2018, chapter 4 (no local review: alternative learning and action plan)', ruleSetId, calendar });
  }
  const requested = findMilestone(milestones, 'national-review-information-requested');
  return (requested?.agencies ?? []).map((a) =>
    setDateDeadline({
      key: `national-review-information:${a.agency}`,
      title: `Information for the national review from ${a.agency}`,
      ruleId: 'T6',
      ruleSource: 'Working Together to Safeguard Children 2018, chapter 4 (national review: the Panel leads, local partners support it)',
      setOn: requested!.occurredOn,
      due: a.dueOn,
      ruleSetId,
      calendar,
    }),
  );
}

export function metOn(key: string, milestones: readonly RecordedMilestone[]): IsoDate | undefined {
  const metBy: MetBy<RapidReviewMilestone> = {
    once: { notification: ['notification-sent'], partners: ['partners-told'], 'rapid-review': ['rapid-review-submitted'] },
    perItem: { 'agency-summary:': 'agency-summary-received', 'national-review-information:': 'national-review-information-supplied', 'action:': 'action-completed' },
  };
  return metOnBy(metBy, key, milestones);
}
