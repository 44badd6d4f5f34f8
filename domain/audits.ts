/**
 * The quality assurance audit programme (PROCESSES.md "Audit cycles"): one engine, a template per
 * audit type. Pure: the audit workflow, the API and tests share these rules.
 */
import { addWorkingDaysDate, isWorkingDay, workingDaysBetween, type WorkingCalendar } from './calendar';
import { addCalendarMonths, type IsoDate } from './dates';
import { deadlineStatus } from './deadlines';
import { londonLocalToUtc, utcToLondonDate } from './london-time';
import { actionCompletionRefusalOf, allowedNext, milestoneRefusalOf, recordedDateRefusal, type AllowedMilestone, type MilestoneProcess, type MilestoneRules } from './milestones';

export const AUDIT_TYPES = ['case-file', 'section-11', 'section-175', 'learning-embedded', 'service-user-feedback'] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

/** Stages an audit passes through after its returns are in; the last one completes it. */
export const AUDIT_MILESTONES = [
  'returns-closed',
  'audit-meeting-held',
  'practitioner-survey-done',
  'peer-challenge-held',
  'findings-agreed',
  'action-plan-agreed',
  'learning-shared',
] as const;
export type AuditMilestone = (typeof AUDIT_MILESTONES)[number];

export type Rag = 'red' | 'amber' | 'green';

export interface AuditTemplate {
  type: AuditType;
  title: string;
  /** Who makes returns. */
  participantKind: 'agency' | 'school' | 'practitioner-group' | 'service';
  /** Paused when the executive suspends multi-agency audit activity. */
  multiAgency: boolean;
  milestones: AuditMilestone[];
  /** Section 11 returns rate every standard red, amber or green. */
  ratedStandards: boolean;
  /** A repeating cycle's default interval in months (section 11: 12 or 24; feedback: 6). */
  defaultRepeatMonths?: number;
}

/** A template's own particulars; every audit's stages begin when its returns close. */
function auditTemplate(
  type: AuditType,
  title: string,
  participantKind: AuditTemplate['participantKind'],
  stagesAfterReturns: AuditMilestone[],
  { multiAgency, ratedStandards = false, defaultRepeatMonths }: Pick<AuditTemplate, 'multiAgency' | 'defaultRepeatMonths'> & Partial<Pick<AuditTemplate, 'ratedStandards'>>,
): AuditTemplate {
  return { type, title, participantKind, multiAgency, milestones: ['returns-closed', ...stagesAfterReturns], ratedStandards, ...(defaultRepeatMonths === undefined ? {} : { defaultRepeatMonths }) };
}

// Each template is built on each read, not held at module load: code that runs when a module loads is
// "static" to mutation testing, and each of its mutants would rerun every unit test.
export const AUDIT_TEMPLATES: Record<AuditType, AuditTemplate> = {
  get 'case-file'() {
    return auditTemplate('case-file', 'Multi-agency case-file audit', 'agency', ['audit-meeting-held', 'findings-agreed', 'action-plan-agreed', 'learning-shared'], { multiAgency: true });
  },
  get 'section-11'() {
    return auditTemplate('section-11', 'Section 11 self-assessment', 'agency', ['practitioner-survey-done', 'peer-challenge-held', 'action-plan-agreed'], { multiAgency: true, ratedStandards: true, defaultRepeatMonths: 12 });
  },
  get 'section-175'() {
    return auditTemplate('section-175', 'Section 175 schools safeguarding return', 'school', ['findings-agreed'], { multiAgency: false, defaultRepeatMonths: 12 });
  },
  get 'learning-embedded'() {
    return auditTemplate('learning-embedded', 'Learning-embedded audit (practitioner questionnaire)', 'practitioner-group', ['findings-agreed', 'learning-shared'], { multiAgency: true });
  },
  get 'service-user-feedback'() {
    return auditTemplate('service-user-feedback', 'Service-user feedback', 'service', ['findings-agreed'], { multiAgency: false, defaultRepeatMonths: 6 });
  },
};

/** Working Together 2018 ch. 2 / s11 Children Act 2004: the standards most partnerships' tools rate. */
export const SECTION_11_STANDARDS = ['S1-leadership', 'S2-child-voice', 'S3-training', 'S4-safer-recruitment', 'S5-information-sharing', 'S6-policies', 'S7-supervision', 'S8-allegations'] as const;

/** References only: an audit is known by e.g. S175-2027 or CFA-2027-NEGLECT. */
export const AUDIT_REFERENCE_PATTERN = /^[A-Z][A-Z0-9]{1,11}-\d{4}(-[A-Z0-9]{1,10}){0,2}$/;
/** Agencies, schools, owners: codes such as 'police', 'school-100234'; never a person's name. */
export const PARTICIPANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

export interface Participant {
  id: string;
  /** Organisational label, e.g. 'Police' or 'School 100234'. */
  label: string;
  /** Organisational mailbox for reminders; without one the 'agency-lead' role is used. */
  address?: string;
}

export interface RecordedReturn {
  participantId: string;
  submittedOn: IsoDate;
  recordedBy: string;
  ratings?: { standard: string; rating: Rag }[];
}

export interface AuditAction {
  key: string;
  /** An agency or role code, never a person's name. */
  owner: string;
  dueOn: IsoDate;
  completedOn?: IsoDate;
}

export interface RecordedAuditMilestone {
  milestone: AuditMilestone;
  occurredOn: IsoDate;
  recordedBy: string;
}

/** What the validators need to know about an audit's state. */
export interface AuditFacts {
  reference: string;
  type: AuditType;
  openedOn: IsoDate;
  participants: ReadonlyMap<string, Participant>;
  returns: ReadonlyMap<string, RecordedReturn>;
  milestones: RecordedAuditMilestone[];
  actions: AuditAction[];
  standards: readonly string[];
}

export function returnsClosedOn(facts: Pick<AuditFacts, 'milestones'>): IsoDate | undefined {
  return facts.milestones.find((m) => m.milestone === 'returns-closed')?.occurredOn;
}

/** An audit's stages on the milestone engine: each after the stage before it in its template. */
function stageRules(type: AuditType): MilestoneRules<AuditMilestone> {
  const titles: Record<AuditMilestone, string> = {
    'returns-closed': 'Returns closed',
    'audit-meeting-held': 'Audit meeting held',
    'practitioner-survey-done': 'Practitioner survey done',
    'peer-challenge-held': 'Peer challenge held',
    'findings-agreed': 'Findings agreed',
    'action-plan-agreed': 'Action plan agreed',
    'learning-shared': 'Learning shared',
  };
  const stages = AUDIT_TEMPLATES[type].milestones;
  const rules: MilestoneRules<AuditMilestone> = {};
  stages.forEach((m, i) => {
    rules[m] = { title: titles[m], after: stages.slice(Math.max(0, i - 1), i) };
  });
  return rules;
}

function returnsProcess(facts: AuditFacts, today: IsoDate): MilestoneProcess<'return'> {
  const closedOn = returnsClosedOn(facts);
  return {
    // Returns are a per-item milestone of their own: one per participant.
    rules: { return: { title: 'Return submitted', after: [], perItem: true } },
    recorded: [...facts.returns.values()].map((r) => ({ milestone: 'return', occurredOn: r.submittedOn, agency: r.participantId })),
    closed: () => (closedOn ? `returns to ${facts.reference} closed on ${closedOn}: a return after close is refused` : undefined),
    gate: (_m, participantId) => (participantId !== undefined && !facts.participants.has(participantId) ? `'${participantId}' is not a participant in ${facts.reference}` : undefined),
    items: () => [...facts.participants.keys()],
    dateRefusal: (on) => recordedDateRefusal('submittedOn', on, today, { on: facts.openedOn, words: `the audit opened on ${facts.openedOn}` }),
    wording: { alreadyRecorded: (_m, participantId, earlier) => `'${participantId}' already returned on ${earlier.occurredOn}: a duplicate return is refused` },
  };
}

export function returnRefusal(facts: AuditFacts, r: { participantId: string; submittedOn: IsoDate; ratings?: { standard: string; rating: string }[] }, today: IsoDate): string | undefined {
  return milestoneRefusalOf(returnsProcess(facts, today), { milestone: 'return', occurredOn: r.submittedOn, agency: r.participantId }, () => ratingsRefusal(facts, r.ratings));
}

function ratingsRefusal(facts: AuditFacts, ratings: { standard: string; rating: string }[] | undefined): string | undefined {
  if (AUDIT_TEMPLATES[facts.type].ratedStandards) {
    const seen = new Set<string>();
    for (const { standard, rating } of ratings ?? []) {
      if (!facts.standards.includes(standard)) return `'${standard}' is not a standard of ${facts.reference}`;
      if (seen.has(standard)) return `'${standard}' is rated twice`;
      if (rating !== 'red' && rating !== 'amber' && rating !== 'green') return `rating of '${standard}' must be red, amber or green`;
      seen.add(standard);
    }
    const missing = facts.standards.filter((s) => !seen.has(s));
    if (missing.length > 0) return `every standard must be rated: missing ${missing.join(', ')}`;
  } else if (ratings && ratings.length > 0) {
    return `a ${AUDIT_TEMPLATES[facts.type].title} return carries no RAG ratings`;
  }
  return undefined;
}

export function nextMilestone(facts: Pick<AuditFacts, 'type' | 'milestones'>): AuditMilestone | undefined {
  return AUDIT_TEMPLATES[facts.type].milestones.find((m) => !facts.milestones.some((r) => r.milestone === m));
}

function stagesProcess(facts: Pick<AuditFacts, 'type' | 'openedOn' | 'milestones'>, today: IsoDate): MilestoneProcess<AuditMilestone> {
  const previous = (on: IsoDate) => `occurredOn ${on} is before the previous stage`;
  return {
    rules: stageRules(facts.type),
    recorded: facts.milestones,
    closed: () => undefined,
    // The first stage follows the opening, worded as the stage before it.
    dateRefusal: (on) => recordedDateRefusal('occurredOn', on, today) ?? (facts.milestones.length === 0 && on < facts.openedOn ? `${previous(on)} (${facts.openedOn})` : undefined),
    wording: {
      unknown: (m) => `'${m}' is not a stage of a ${AUDIT_TEMPLATES[facts.type].title}`,
      outOfOrder: (m) => `'${m}' cannot be recorded before '${nextMilestone(facts) ?? '?'}'`,
      beforePredecessor: (on, _stage, stageOn) => `${previous(on)} (${stageOn})`,
    },
  };
}

/** The stages the audit would accept now, from the same rules as milestoneRefusal. */
export function auditAllowedNext(facts: Pick<AuditFacts, 'type' | 'openedOn' | 'milestones'>, today: IsoDate): AllowedMilestone<AuditMilestone>[] {
  return allowedNext(stagesProcess(facts, today));
}

export function milestoneRefusal(
  facts: AuditFacts,
  m: { milestone: string; occurredOn: IsoDate; actions?: AuditAction[] },
  today: IsoDate,
): string | undefined {
  return milestoneRefusalOf(stagesProcess(facts, today), { milestone: m.milestone as AuditMilestone, occurredOn: m.occurredOn }, () => actionPlanRefusal(facts, m));
}

function actionPlanRefusal(facts: AuditFacts, m: { milestone: string; occurredOn: IsoDate; actions?: AuditAction[] }): string | undefined {
  if (m.milestone !== 'action-plan-agreed') return m.actions && m.actions.length > 0 ? `actions are recorded with 'action-plan-agreed'` : undefined;
  const actions = m.actions ?? [];
  if (actions.length === 0) return 'an action plan needs at least one action with an owner and a due date';
  const keys = new Set<string>();
  for (const a of actions) {
    if (keys.has(a.key)) return `action '${a.key}' appears twice`;
    keys.add(a.key);
    if (a.dueOn < m.occurredOn) return `action '${a.key}' is due before the plan was agreed`;
    if (a.dueOn < facts.openedOn) return `action '${a.key}' is due before the audit opened on ${facts.openedOn}`;
  }
  if (facts.type === 'section-11') {
    const owners = new Set(actions.map((a) => a.owner));
    const without = [...facts.participants.keys()].filter((p) => !owners.has(p));
    if (without.length > 0) return `section 11 needs an action plan per agency: none for ${without.join(', ')}`;
  }
  return undefined;
}

export function actionCompletionRefusal(facts: Pick<AuditFacts, 'actions' | 'reference'> & Partial<Pick<AuditFacts, 'openedOn'>>, key: string, completedOn: IsoDate, today: IsoDate): string | undefined {
  return actionCompletionRefusalOf(facts.actions.find((a) => a.key === key), key, completedOn, today, {
    missing: `${facts.reference} has no action '${key}'`,
    ...(facts.openedOn !== undefined ? { notBefore: { on: facts.openedOn, words: `the audit opened on ${facts.openedOn}` } } : {}),
  });
}

export function isComplete(facts: Pick<AuditFacts, 'type' | 'milestones'>): boolean {
  return nextMilestone(facts) === undefined;
}

export interface ReturnRate {
  returned: number;
  total: number;
  /** Percent to one decimal, rounded to the nearest (3 of 22 is 13.6), but never 100 until all are in nor 0 once one is. */
  percent: number;
}

export function returnRate(returned: number, total: number): ReturnRate {
  return { returned, total, percent: honestPercent(returned, total) };
}

/** One decimal, nearest; the ends are kept for the whole and the none, so 1,999 of 2,000 shows 99.9, not 100. */
export function honestPercent(part: number, whole: number): number {
  if (whole === 0 || part === 0) return 0;
  if (part === whole) return 100;
  const tenths = Math.round((part * 1000) / whole);
  return Math.min(999, Math.max(1, tenths)) / 10;
}

export interface ReturnVerdict {
  participantId: string;
  label: string;
  submittedOn: IsoDate | null;
  /** The statutory record's verdict (deadlineStatus): met, met-late, overdue, due-today, at-risk, on-track or on-hold. */
  status: string;
  late: boolean;
  workingDaysLate?: number;
  verdict: string;
}

/** Who returned when, on time or late, judged against the returns due date by the same function as every statutory deadline. */
export function returnVerdicts(
  participants: readonly Pick<Participant, 'id' | 'label'>[],
  returns: ReadonlyMap<string, Pick<RecordedReturn, 'submittedOn'>>,
  due: IsoDate,
  today: IsoDate,
  cal: WorkingCalendar,
  paused = false,
): ReturnVerdict[] {
  return participants.map((p) => {
    const submittedOn = returns.get(p.id)?.submittedOn;
    const v = deadlineStatus({ due, statutoryDue: due, paused }, today, cal, submittedOn ? { metOn: submittedOn } : {});
    return {
      participantId: p.id,
      label: p.label,
      submittedOn: submittedOn ?? null,
      status: v.status,
      late: v.status === 'met-late' || v.status === 'overdue',
      ...(v.workingDaysLate !== undefined ? { workingDaysLate: v.workingDaysLate } : v.status === 'overdue' ? { workingDaysLate: -v.workingDaysRemaining } : {}),
      verdict: v.verdict,
    };
  });
}

// --- reminders ----------------------------------------------------------------------------------

export interface LadderStep {
  /** Working days from the due date; negative before. */
  offset: number;
  kind: 'reminder' | 'overdue' | 'escalation';
}

/** Returns: a week before, on the day, the day after, then escalation weekly for four weeks. */
export const RETURN_LADDER: LadderStep[] = [
  { offset: -5, kind: 'reminder' },
  { offset: 0, kind: 'reminder' },
  { offset: 1, kind: 'overdue' },
  { offset: 5, kind: 'escalation' },
  { offset: 10, kind: 'escalation' },
  { offset: 15, kind: 'escalation' },
  { offset: 20, kind: 'escalation' },
];

/** Actions: two days before, on the day, then weekly overdue (escalating from 10) for eight weeks. */
export const ACTION_LADDER: LadderStep[] = [
  { offset: -2, kind: 'reminder' },
  { offset: 0, kind: 'reminder' },
  ...[5, 10, 15, 20, 25, 30, 35, 40].map((offset): LadderStep => ({ offset, kind: offset >= 10 ? 'escalation' : 'overdue' })),
];

export interface LadderReminder {
  /** `${subject}:${due}:before-5` etc.: a moved date gives new keys. */
  key: string;
  subject: string;
  kind: LadderStep['kind'];
  offset: number;
  date: IsoDate;
  at: string;
}

/** Reminders for one due date, at 09:00 London time on working days, oldest first. */
export function ladderReminders(subject: string, due: IsoDate, cal: WorkingCalendar, ladder: LadderStep[], localTime = '09:00'): LadderReminder[] {
  return ladder
    .map((step) => {
      const date = step.offset === 0 ? (isWorkingDay(cal, due) ? due : addWorkingDaysDate(cal, due, -1)) : addWorkingDaysDate(cal, due, step.offset);
      const tag = step.offset < 0 ? `before-${-step.offset}` : step.offset === 0 ? 'due' : `after-${step.offset}`;
      return { key: `${subject}:${due}:${tag}`, subject, kind: step.kind, offset: step.offset, date, at: londonLocalToUtc(date, localTime) };
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * The returns due date moved on by the working days audit activity was suspended. Without `open`
 * every pause counts whole (audits started before the 'qa-history-quiet' patch); with it only the
 * days the audit itself was open (from `open.from`, until `open.to` or today) and suspended, once
 * each however the pauses overlap: a suspension years before an audit opened moves it by nothing.
 */
export function dueAfterPauses(due: IsoDate, cal: WorkingCalendar, pauses: { from: IsoDate; to?: IsoDate }[], today: IsoDate, open?: { from: IsoDate; to?: IsoDate }): IsoDate {
  const days = open ? suspendedWorkingDays(cal, pauses, today, open) : pauses.reduce((sum, p) => sum + Math.max(0, workingDaysBetween(cal, p.from, p.to ?? today)), 0);
  return days === 0 ? due : addWorkingDaysDate(cal, due, days);
}

/** Working days in (from, to] of the pauses, clipped to the audit's open period and to today, overlaps counted once. */
export function suspendedWorkingDays(cal: WorkingCalendar, pauses: { from: IsoDate; to?: IsoDate }[], today: IsoDate, open: { from: IsoDate; to?: IsoDate }): number {
  const until = open.to !== undefined && open.to < today ? open.to : today;
  const clipped = pauses
    .map((p) => ({ from: p.from < open.from ? open.from : p.from, to: (p.to ?? today) > until ? until : (p.to ?? today) }))
    .filter((p) => p.from < p.to)
    .sort((a, b) => a.from.localeCompare(b.from));
  let days = 0;
  let reached: IsoDate | undefined;
  for (const p of clipped) {
    const from = reached !== undefined && reached > p.from ? reached : p.from;
    if (from < p.to) days += workingDaysBetween(cal, from, p.to);
    if (reached === undefined || p.to > reached) reached = p.to;
  }
  return days;
}

/**
 * History is recorded, never replayed at people: the steps of a ladder whose time passed before the
 * subject was known (an audit entered with a past due date, an action entered late) are not sent;
 * if the due date itself had passed, one catch-up takes their place at the first reminder time after
 * `knownAtMs`, worded with the real working days overdue and the gravest of the passed steps' kinds.
 * Steps from then on go out as usual.
 */
export function ladderFromNow(steps: LadderReminder[], due: IsoDate, knownAtMs: number, cal: WorkingCalendar, localTime = '09:00'): LadderReminder[] {
  const live = steps.filter((r) => Date.parse(r.at) >= knownAtMs);
  const passed = steps.filter((r) => Date.parse(r.at) < knownAtMs && r.offset >= 0);
  const last = passed.at(-1);
  if (!last) return live;
  let date = utcToLondonDate(knownAtMs);
  if (!isWorkingDay(cal, date) || Date.parse(londonLocalToUtc(date, localTime)) < knownAtMs) date = addWorkingDaysDate(cal, date, 1);
  const at = londonLocalToUtc(date, localTime);
  if (live.some((r) => r.date <= date)) return live;
  const kind = passed.some((r) => r.kind === 'escalation') ? 'escalation' : last.kind;
  return [{ key: `${last.subject}:${due}:catch-up`, subject: last.subject, kind, offset: workingDaysBetween(cal, due, date), date, at }, ...live];
}

/** The reference of the next round of a repeating audit or a re-audit: S11-2027 -> S11-2027-R2 -> S11-2027-R3. */
export function nextRoundReference(reference: string, round: number): string {
  const base = reference.replace(/-R\d+$/, '');
  return `${base}-R${round + 1}`;
}

export function nextRoundOpensOn(completedOn: IsoDate, months: number): IsoDate {
  return addCalendarMonths(completedOn, months);
}
