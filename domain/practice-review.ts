/**
 * The local child safeguarding practice review (LCSPR) as a process: stages, milestone order,
 * holds and publication deferral, and the deadlines they move.
 * Sources: Working Together to Safeguard Children 2018 chapter 4; SI 2018/789 reg 14 (a request for
 * a draft is made in writing); PROCESSES.md T7-T11.
 */
import { fnv1a64Hex } from './content-hash';
import { addWorkingDaysDate, workingDaysBetween, type WorkingCalendar } from './calendar';
import { addCalendarDays, toDayNumber, type IsoDate } from './dates';
import { computeDeadline, type ClockEvent, type Deadline } from './deadlines';
import { actionDeadlines, actionPlanRefusal, actionsNotCompleted, agenciesAsked, agenciesNotDelivered, agencyRequestRefusal, type ActionItem, type AgencyDue } from './action-plan';
import type { RuleSet } from './rules';
import { allowedNext, findMilestone, metOnBy, milestoneRefusalOf, recordedDateRefusal, type AllowedMilestone, type MetBy, type MilestoneProcess, type MilestoneRule } from './milestones';
import { setDateDeadline } from './set-date-deadline';

export const PRACTICE_REVIEW_MILESTONES = [
  'reviewer-appointed',
  'terms-of-reference-agreed',
  'agency-reports-requested',
  'agency-report-received',
  'practitioner-learning-event-held',
  'family-involvement-completed',
  'draft-requested',
  'draft-report-received',
  'partner-sign-off',
  'pre-publication-copy-sent',
  'published',
  'improvements-published',
  'action-plan-agreed',
  'action-completed',
] as const;
export type PracticeReviewMilestone = (typeof PRACTICE_REVIEW_MILESTONES)[number];

export const PAUSE_REASONS = ['criminal-proceedings', 'inquest', 'covid', 'capacity'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export const DEFERRAL_REASONS = ['criminal-proceedings', 'inquest'] as const;
export type DeferralReason = (typeof DEFERRAL_REASONS)[number];

export type PracticeMilestoneInput = { occurredOn: IsoDate; recordedBy: string } & (
  | { milestone: 'reviewer-appointed'; reviewerName: string }
  | { milestone: 'terms-of-reference-agreed' }
  | { milestone: 'agency-reports-requested'; agencies: AgencyDue[] }
  | { milestone: 'agency-report-received'; agency: string }
  | { milestone: 'practitioner-learning-event-held' }
  | { milestone: 'family-involvement-completed' }
  | { milestone: 'draft-requested' }
  | { milestone: 'draft-report-received' }
  | { milestone: 'partner-sign-off'; plannedPublicationOn: IsoDate }
  | { milestone: 'pre-publication-copy-sent' }
  | { milestone: 'published' }
  | { milestone: 'improvements-published' }
  | { milestone: 'action-plan-agreed'; actions: ActionItem[] }
  | { milestone: 'action-completed'; actionId: string }
);
export type RecordedPracticeMilestone = PracticeMilestoneInput & { recordedAt: string };

export interface PauseInput {
  from: IsoDate;
  reason: PauseReason;
  expectedResumeOn: IsoDate;
  recordedBy: string;
}
export interface ResumeInput {
  on: IsoDate;
  recordedBy: string;
  /** Publication deferral lifted: the new planned date, if it moved. */
  plannedPublicationOn?: IsoDate;
}
export interface DeferralInput {
  from: IsoDate;
  reason: DeferralReason;
  recordedBy: string;
}

export interface HoldRecord {
  kind: 'pause' | 'publication-deferral';
  from: IsoDate;
  to?: IsoDate;
  reason: PauseReason;
  expectedResumeOn?: IsoDate;
  /** The day the engine told the Panel and the Secretary of State (T10). */
  panelAndSoSToldOn: IsoDate;
  /** Set when a publication deferral is lifted with a new planned publication date. */
  replannedPublicationOn?: IsoDate;
  /**
   * The new publication date already allows for this deferral, so it does not move T8 again. Set by
   * reviews started before holds moved only running deadlines (whose T8 otherwise counted it twice).
   */
  replanAllowsForIt?: true;
}

export interface PracticeReviewState {
  decidedOn: IsoDate;
  ruleSet: RuleSet;
  calendar: WorkingCalendar;
  milestones: readonly RecordedPracticeMilestone[];
  holds: readonly HoldRecord[];
  /**
   * A hold moves only the deadlines running while it lasted: a date first set after the resume (a
   * planned publication and its T8 copy, agency reports requested later) starts from its own event.
   * Off for reviews started before this rule (their recorded dates and reminders stay as they were).
   */
  holdsMoveOnlyRunningDeadlines?: boolean;
}

// Built on each call, not held in a module constant: code that runs when a module loads is "static"
// to mutation testing, and each of its mutants would rerun every unit test.
export function practiceMilestoneDefinitions(): Record<PracticeReviewMilestone, MilestoneRule<PracticeReviewMilestone>> {
  return {
    'reviewer-appointed': { title: 'Reviewer appointed', after: [] },
    'terms-of-reference-agreed': { title: 'Terms of reference agreed', after: ['reviewer-appointed'] },
    'agency-reports-requested': { title: 'Agency reports and chronologies requested', after: ['terms-of-reference-agreed'] },
    'agency-report-received': { title: 'Agency report and chronology received', after: ['agency-reports-requested'], perItem: true, listedAs: 'reports were requested from' },
    'practitioner-learning-event-held': { title: 'Practitioner learning event held', after: ['agency-reports-requested'] },
    'family-involvement-completed': { title: 'Family involvement completed', after: ['terms-of-reference-agreed'] },
    'draft-requested': { title: 'Draft report requested in writing (reg 14)', after: ['terms-of-reference-agreed'] },
    'draft-report-received': { title: 'Draft report received', after: ['draft-requested', 'practitioner-learning-event-held'] },
    'partner-sign-off': { title: 'Final report signed off by the safeguarding partners', after: ['draft-report-received', 'family-involvement-completed'] },
    'pre-publication-copy-sent': { title: 'Final report sent to the Panel and the Secretary of State', after: ['partner-sign-off'] },
    published: { title: 'Report published', after: ['pre-publication-copy-sent'] },
    'improvements-published': { title: 'Only the improvements published, with the justification', after: ['pre-publication-copy-sent'] },
    'action-plan-agreed': { title: 'Action plan agreed', after: [], afterAny: ['published', 'improvements-published'] },
    'action-completed': { title: 'Action completed', after: ['action-plan-agreed'], perItem: true, listedAs: 'the plan has' },
  };
}

export type PracticeReviewStage =
  | 'terms-of-reference'
  | 'evidence-gathering'
  | 'learning-and-analysis'
  | 'draft-report'
  | 'partner-sign-off'
  | 'pre-publication'
  | 'publication-due'
  | 'action-plan-due'
  | 'action-plan-monitoring'
  | 'learning-audit'
  | 'closed';

export { milestoneKey as practiceMilestoneKey } from './milestones';

export function publishedOn(ms: readonly RecordedPracticeMilestone[]): IsoDate | undefined {
  return (findMilestone(ms, 'published') ?? findMilestone(ms, 'improvements-published'))?.occurredOn;
}
/** The day the planned publication date was set: the sign-off, or the lifting of a deferral that replanned it. */
export function plannedPublicationSetOn(ms: readonly RecordedPracticeMilestone[], holds: readonly HoldRecord[] = []): IsoDate | undefined {
  const replanned = holds.filter((h) => h.replannedPublicationOn !== undefined).at(-1);
  return replanned?.to ?? findMilestone(ms, 'partner-sign-off')?.occurredOn;
}
export function plannedPublicationOn(ms: readonly RecordedPracticeMilestone[], holds: readonly HoldRecord[] = []): IsoDate | undefined {
  const replanned = holds.map((h) => h.replannedPublicationOn).filter((d): d is IsoDate => d !== undefined).at(-1);
  return replanned ?? findMilestone(ms, 'partner-sign-off')?.plannedPublicationOn;
}
export function actionsOf(ms: readonly RecordedPracticeMilestone[]): ActionItem[] {
  return findMilestone(ms, 'action-plan-agreed')?.actions ?? [];
}
export function openActions(ms: readonly RecordedPracticeMilestone[]): ActionItem[] {
  return actionsNotCompleted(actionsOf(ms), ms);
}
export function agenciesOf(ms: readonly RecordedPracticeMilestone[]): AgencyDue[] {
  return agenciesAsked(ms, 'agency-reports-requested');
}

/** Every action completed: the learning is handed to the QAPP group to audit, and the review closes. */
export function isClosed(ms: readonly RecordedPracticeMilestone[]): boolean {
  return ms.some((m) => m.milestone === 'action-plan-agreed') && openActions(ms).length === 0;
}

/**
 * `learningAuditOpen`: every action is done and the QAPP group's learning-embedded audit is still
 * checking that the learning reached practitioners (PROCESSES.md: "learning checked by a QAPP audit -> closed").
 */
export function practiceStage(ms: readonly RecordedPracticeMilestone[], learningAuditOpen = false): PracticeReviewStage {
  const done = new Set(ms.map((m) => m.milestone));
  if (isClosed(ms)) return learningAuditOpen ? 'learning-audit' : 'closed';
  if (done.has('action-plan-agreed')) return 'action-plan-monitoring';
  if (publishedOn(ms)) return 'action-plan-due';
  if (done.has('pre-publication-copy-sent')) return 'publication-due';
  if (done.has('partner-sign-off')) return 'pre-publication';
  if (done.has('draft-report-received')) return 'partner-sign-off';
  if (done.has('practitioner-learning-event-held') || done.has('draft-requested')) return 'draft-report';
  if (done.has('agency-reports-requested')) return 'learning-and-analysis';
  if (done.has('terms-of-reference-agreed')) return 'evidence-gathering';
  return 'terms-of-reference';
}

export function openHold(holds: readonly HoldRecord[]): HoldRecord | undefined {
  return holds.find((h) => h.to === undefined);
}

export function reasonInWords(r: PauseReason): string {
  const words: Record<PauseReason, string> = {
    'criminal-proceedings': 'criminal proceedings',
    inquest: 'inquest',
    covid: 'COVID-19',
    capacity: 'capacity',
  };
  return words[r];
}

function lastMilestoneOn(ms: readonly RecordedPracticeMilestone[]): IsoDate | undefined {
  return ms.map((m) => m.occurredOn).sort().at(-1);
}

function dateRefusal(field: string, date: IsoDate, state: PracticeReviewState, today: IsoDate): string | undefined {
  return recordedDateRefusal(field, date, today, { on: state.decidedOn, words: `the review was commissioned (${state.decidedOn})` });
}

/** The practice review's answers to the milestone engine (domain/milestones.ts). */
function practiceReviewProcess(state: PracticeReviewState, today: IsoDate): MilestoneProcess<PracticeReviewMilestone> {
  const ms = state.milestones;
  const hold = openHold(state.holds);
  return {
    rules: practiceMilestoneDefinitions(),
    recorded: ms,
    closed: () => (isClosed(ms) ? 'the practice review is closed: no further milestones' : undefined),
    gate: (milestone) => (hold?.kind === 'pause' ? `the review is on hold since ${hold.from} (${reasonInWords(hold.reason)}): resume it before recording '${milestone}'` : undefined),
    lateGate: (milestone) => {
      if (milestone === 'draft-report-received') {
        const outstanding = agenciesNotDelivered(ms, 'agency-reports-requested', 'agency-report-received');
        return outstanding.length > 0 ? `agency reports are outstanding from ${outstanding.map((a) => `'${a.agency}'`).join(', ')}` : undefined;
      }
      if (milestone === 'published' || milestone === 'improvements-published') {
        if (hold?.kind === 'publication-deferral') return `publication is deferred since ${hold.from} (${reasonInWords(hold.reason)}): lift the deferral first`;
        if (publishedOn(ms)) return `the review was already published on ${publishedOn(ms)}`;
      }
      return undefined;
    },
    items: (milestone) => (milestone === 'agency-report-received' ? agenciesOf(ms).map((a) => a.agency) : milestone === 'action-completed' ? actionsOf(ms).map((a) => a.id) : []),
    dateRefusal: (occurredOn) => dateRefusal('occurredOn', occurredOn, state, today),
  };
}

/** What can be recorded next, from the same rules as practiceMilestoneRefusal. */
export function practiceAllowedNext(state: PracticeReviewState, today: IsoDate): AllowedMilestone<PracticeReviewMilestone>[] {
  return allowedNext(practiceReviewProcess(state, today));
}

export function practiceMilestoneRefusal(input: PracticeMilestoneInput, state: PracticeReviewState, today: IsoDate): string | undefined {
  return milestoneRefusalOf(practiceReviewProcess(state, today), input, () => practiceBodyRefusal(input, state));
}

function practiceBodyRefusal(input: PracticeMilestoneInput, state: PracticeReviewState): string | undefined {
  const ms = state.milestones;
  const occurredOn = input.occurredOn;
  switch (input.milestone) {
    case 'agency-reports-requested':
      return agencyRequestRefusal(input.agencies, occurredOn, { a: 'a report', the: 'the report' });
    case 'partner-sign-off':
      return input.plannedPublicationOn <= occurredOn ? `plannedPublicationOn ${input.plannedPublicationOn} must be after the sign-off (${occurredOn})` : undefined;
    case 'published':
    case 'improvements-published': {
      const copy = findMilestone(ms, 'pre-publication-copy-sent')!.occurredOn;
      const gap = workingDaysBetween(state.calendar, copy, occurredOn);
      if (gap < state.ruleSet.rules.T8.count.amount) {
        return `the Panel and the Secretary of State must have the final report at least ${state.ruleSet.rules.T8.count.amount} working days before publication: it was sent on ${copy}, ${gap} working day(s) before ${occurredOn}`;
      }
      return undefined;
    }
    case 'action-plan-agreed':
      return actionPlanRefusal(input.actions, occurredOn, 'the plan was agreed');
    default:
      return undefined;
  }
}

export function pauseRefusal(input: Omit<PauseInput, 'recordedBy'>, state: PracticeReviewState, today: IsoDate): string | undefined {
  const ms = state.milestones;
  if (isClosed(ms)) return 'the practice review is closed';
  const published = publishedOn(ms);
  if (published) return `the review was published on ${published}: a published review cannot be paused`;
  const hold = openHold(state.holds);
  if (hold) return hold.kind === 'pause' ? `the review is already paused since ${hold.from}` : `publication is deferred since ${hold.from}: a deferred review cannot also be paused`;
  const start = holdStartRefusal(input.from, state, today);
  if (start) return start;
  if (input.expectedResumeOn <= input.from) return `expectedResumeOn ${input.expectedResumeOn} must be after the pause starts (${input.from})`;
  return undefined;
}

export function resumeRefusal(input: Omit<ResumeInput, 'recordedBy'>, state: PracticeReviewState, today: IsoDate): string | undefined {
  const hold = openHold(state.holds);
  if (!hold) return 'the review is not paused';
  const dateProblem = recordedDateRefusal('on', input.on, today, { on: hold.from, words: `the hold began (${hold.from})` });
  if (dateProblem) return dateProblem;
  if (input.plannedPublicationOn !== undefined) {
    if (hold.kind !== 'publication-deferral') return 'plannedPublicationOn applies only when a publication deferral is lifted';
    if (input.plannedPublicationOn <= input.on) return `plannedPublicationOn ${input.plannedPublicationOn} must be after ${input.on}`;
  }
  return undefined;
}

export function deferralRefusal(input: Omit<DeferralInput, 'recordedBy'>, state: PracticeReviewState, today: IsoDate): string | undefined {
  const ms = state.milestones;
  const published = publishedOn(ms);
  if (published) return `the review was published on ${published}: there is no publication to defer`;
  if (!ms.some((m) => m.milestone === 'partner-sign-off')) return "publication can be deferred only once the report is signed off ('partner-sign-off')";
  const hold = openHold(state.holds);
  if (hold) return hold.kind === 'pause' ? `the review is paused since ${hold.from}: resume it first` : `publication is already deferred since ${hold.from}`;
  return holdStartRefusal(input.from, state, today);
}

/**
 * A hold's first day: a real date not after today, not inside an earlier hold (its days would be
 * counted twice) and not before the last milestone.
 */
function holdStartRefusal(from: IsoDate, state: PracticeReviewState, today: IsoDate): string | undefined {
  const dateProblem = dateRefusal('from', from, state, today);
  if (dateProblem) return dateProblem;
  const lastEnd = state.holds.map((h) => h.to ?? h.from).sort().at(-1);
  if (lastEnd && from < lastEnd) return `from ${from} is before the end of the previous hold (${lastEnd})`;
  const last = lastMilestoneOn(state.milestones);
  return last && from < last ? `from ${from} is before the last milestone (${last})` : undefined;
}

/** The holds as the statutory clock sees them: a lifted deferral counts as a pause of the same days. */
export function clockEvents(holds: readonly HoldRecord[]): ClockEvent[] {
  return holds.map((h): ClockEvent =>
    h.kind === 'publication-deferral' && h.to === undefined
      ? { kind: 'publication-deferral', from: h.from, reason: reasonInWords(h.reason), panelAndSoSToldOn: h.panelAndSoSToldOn }
      : { kind: 'pause', from: h.from, ...(h.to ? { to: h.to } : {}), reason: reasonInWords(h.reason) },
  );
}

/** Working days on hold so far, each day counted once. */
export function workingDaysOnHold(state: Pick<PracticeReviewState, 'holds' | 'calendar'>, today: IsoDate): number {
  return state.holds.reduce((sum, h) => sum + workingDaysBetween(state.calendar, addCalendarDays(h.from, -1), addCalendarDays(h.to ?? addCalendarDays(today, 1), -1)), 0);
}
/** Calendar days on hold so far (the executive's "days paused"). */
export function calendarDaysOnHold(holds: readonly HoldRecord[], today: IsoDate): number {
  return holds.reduce((sum, h) => sum + (toDayNumber(h.to ?? addCalendarDays(today, 1)) - toDayNumber(h.from)), 0);
}

/**
 * T7 (completed and published within 6 months of the decision), each agency report's due date,
 * T8 (final report to the Panel and Secretary of State 7 working days before the planned
 * publication), T9 (kept published a year) and each action's due date. Holds move them.
 */
export function practiceReviewDeadlines(state: PracticeReviewState, today: IsoDate): Deadline[] {
  const { ruleSet, calendar, milestones: ms } = state;
  const events = clockEvents(state.holds);
  const requested = findMilestone(ms, 'agency-reports-requested');
  const plan = findMilestone(ms, 'action-plan-agreed');
  const planned = plannedPublicationOn(ms, state.holds);
  const published = publishedOn(ms);
  const running = state.holdsMoveOnlyRunningDeadlines === true;
  const setOn = (date: IsoDate | undefined) => (running && date !== undefined ? { setOn: date } : {});
  const completion = computeDeadline({
    key: 'completion',
    rule: ruleSet.rules.T7,
    ruleSetId: ruleSet.id,
    start: { event: 'decision to hold a local review', date: state.decidedOn },
    calendar,
    events,
    asOf: today,
    ...setOn(state.decidedOn),
  });
  const deadlines: Deadline[] = [completion];
  for (const a of requested?.agencies ?? []) {
    deadlines.push(
      setDateDeadline({ key: `agency-report:${a.agency}`, title: `Agency report and chronology from ${a.agency}`, ruleId: 'T11', ruleSource: 'SI 2018/789 reg 14; Working Together 2018 ch. 4', setOn: requested!.occurredOn, due: a.dueOn, ruleSetId: ruleSet.id, calendar, events, asOf: today, onlyRunningHolds: running }),
    );
  }
  if (planned) {
    deadlines.push(
      computeDeadline({ key: 'pre-publication-copy', rule: ruleSet.rules.T8, ruleSetId: ruleSet.id, start: { event: 'planned-publication', date: planned }, calendar, events: clockEvents(state.holds.filter((h) => !h.replanAllowsForIt)).filter((e) => e.kind !== 'publication-deferral'), asOf: today, ...setOn(plannedPublicationSetOn(ms, state.holds)) }),
    );
  }
  if (published) deadlines.push(computeDeadline({ key: 'kept-published', rule: ruleSet.rules.T9, ruleSetId: ruleSet.id, start: { event: 'publication', date: published }, calendar }));
  if (plan) deadlines.push(...actionDeadlines({ actions: plan.actions, agreedOn: plan.occurredOn, ruleId: 'T11', ruleSource: 'Working Together 2018 ch. 4 (action plan)', ruleSetId: ruleSet.id, calendar }));
  return deadlines;
}

export function practiceMetOn(key: string, ms: readonly RecordedPracticeMilestone[]): IsoDate | undefined {
  const metBy: MetBy<PracticeReviewMilestone> = {
    once: { completion: ['published', 'improvements-published'], 'pre-publication-copy': ['pre-publication-copy-sent'] },
    perItem: { 'agency-report:': 'agency-report-received', 'action:': 'action-completed' },
  };
  return metOnBy(metBy, key, ms);
}

/** Working days the practitioner groups have to return the learning-embedded questionnaire (as for an audit round). */
export const LEARNING_AUDIT_RETURN_WORKING_DAYS = 20;

export interface LearningAuditPlan {
  /** e.g. WSCP-2019-LEARN-03 for the practice review WSCP-2019-03: one audit per review, references only. */
  reference: string;
  /** The agencies asked for reports and the owners of the plan's actions: codes, never people. */
  participants: { id: string; label: string }[];
  openedOn: IsoDate;
  returnsDueOn: IsoDate;
}

/** A reference in the engine's own shape (letters, a year, a number), whose learning audit is named after it. */
function defaultShapedReference(): RegExp {
  return /^([A-Z][A-Z0-9]{1,11})-(\d{4})-([A-Z0-9]{1,10})$/;
}

/**
 * The learning audit's reference, an audit reference (AUDIT_REFERENCE_PATTERN) whatever the
 * partnership's case reference scheme: WSCP-2019-03 gives WSCP-2019-LEARN-03; any other shape gives
 * LEARN-<year>-<8 hex digits of the reference's hash>, the year the first 19xx/20xx in the
 * reference, else the year the audit opens. The audit's sampled case names the review.
 */
export function learningAuditReference(reference: string, openedOn: IsoDate): string {
  const own = defaultShapedReference().exec(reference);
  if (own) return `${own[1]}-${own[2]}-LEARN-${own[3]}`;
  const year = /(?:19|20)\d{2}/.exec(reference)?.[0] ?? openedOn.slice(0, 4);
  return `LEARN-${year}-${fnv1a64Hex(reference).slice(0, 8).toUpperCase()}`;
}

/** What reviews started before patch `learning-audit-reference-any-scheme` computed (garbled for other schemes); kept so they replay. */
export function legacyLearningAuditReference(reference: string): string {
  const [prefix, year, number] = reference.split('-') as [string, string, string];
  return `${prefix}-${year}-LEARN-${number}`;
}

/** Whether the reference has the engine's own shape (its learning audit reference is the same under either rule). */
export function isDefaultShapedReference(reference: string): boolean {
  return defaultShapedReference().test(reference);
}

/**
 * The learning-embedded audit the QAPP group runs once a practice review's action plan is complete:
 * each agency that reported or owned an action is asked, through its practitioners, whether the
 * learning changed practice.
 */
export function learningAuditPlan(args: { reference: string; milestones: readonly RecordedPracticeMilestone[]; calendar: WorkingCalendar; openedOn: IsoDate; legacyReference?: boolean }): LearningAuditPlan {
  const codes = [...agenciesOf(args.milestones).map((a) => a.agency), ...actionsOf(args.milestones).map((a) => a.owner)];
  const participants = [...new Set(codes)].map((code) => ({ id: code, label: code }));
  return {
    reference: args.legacyReference ? legacyLearningAuditReference(args.reference) : learningAuditReference(args.reference, args.openedOn),
    participants,
    openedOn: args.openedOn,
    returnsDueOn: addWorkingDaysDate(args.calendar, args.openedOn, LEARNING_AUDIT_RETURN_WORKING_DAYS),
  };
}
