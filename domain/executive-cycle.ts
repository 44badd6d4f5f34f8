/**
 * The partnership Executive Group's meeting cycle (annual report 2019-20, section 6: monthly
 * meetings under the new arrangements, moved to two-weekly in 2020 to steer the response to
 * COVID-19). Meetings fall on working days; papers and agenda are due a set number of working days
 * before; each meeting's decisions and actions are recorded, and every action is chased until it is
 * done. A cadence change is recorded with the date it takes effect. Pure: rules, wording, bodies.
 *
 * A cycle may be entered with its history: nothing dated before today is ever reminded.
 */
import { z } from 'zod';
import { addWorkingDaysDate, type WorkingCalendar } from './calendar';
import { CaseReference } from './case-reference';
import { addCalendarDays, addCalendarMonths, formatLongDate, type IsoDate } from './dates';
import type { DeadlineView } from './contracts';
import { deadlineStatus, type Deadline } from './deadlines';
import { londonLocalToUtc } from './london-time';
import type { AllowedMilestone } from './milestones';
import type { Notice } from './notices';
import type { ProcessDefinition } from './processes';
import { pageFields, type PageField } from './form-fields';
import { ISO_DATE_2000S_PATTERN } from './text-patterns';
import { keyInWords } from './words';

export const CADENCE_PATTERNS = ['monthly', 'two-weekly'] as const;
export type CadencePattern = (typeof CADENCE_PATTERNS)[number];

/** A cadence in force from `from`, the first meeting date it sets (until the next change's `from`). */
export interface Cadence {
  pattern: CadencePattern;
  from: IsoDate;
  /** When the Executive decided it (the first cadence: when the cycle was set up). */
  decidedOn: IsoDate;
}

export interface ExecutiveCycleConfig {
  papersWorkingDays: number;
  agendaWorkingDays: number;
  /** Working days between chases of an overdue action. */
  chaseEveryWorkingDays: number;
}

export const DEFAULT_EXECUTIVE_CONFIG: ExecutiveCycleConfig = { papersWorkingDays: 5, agendaWorkingDays: 3, chaseEveryWorkingDays: 5 };

export const EXECUTIVE_MILESTONES = ['cadence-changed', 'agenda-issued', 'meeting-held', 'decisions-recorded', 'actions-agreed', 'action-completed'] as const;
export type ExecutiveMilestone = (typeof EXECUTIVE_MILESTONES)[number];

// Tables and helpers here are built on each call, not held in module constants: code that runs when a
// module loads is "static" to mutation testing, and each of its mutants would rerun every unit test.

/** A meeting date that falls on a weekend or bank holiday moves to the next working day. */
function onWorkingDay(cal: WorkingCalendar, d: IsoDate): IsoDate {
  return addWorkingDaysDate(cal, d, 0);
}

function slot(c: Cadence, k: number): IsoDate {
  return c.pattern === 'monthly' ? addCalendarMonths(c.from, k) : addCalendarDays(c.from, 14 * k);
}

/** Every meeting date from the first cadence's start up to and including `until`, each cadence running until the next one's `from`. */
export function meetingsUntil(cal: WorkingCalendar, cadences: readonly Cadence[], until: IsoDate): IsoDate[] {
  const sorted = [...cadences].sort((a, b) => a.from.localeCompare(b.from));
  const dates: IsoDate[] = [];
  sorted.forEach((c, i) => {
    const next = sorted[i + 1]?.from;
    for (let k = 0; ; k++) {
      const s = slot(c, k);
      if (s > until || (next !== undefined && s >= next)) break;
      const day = onWorkingDay(cal, s);
      if (day <= until && (dates.length === 0 || day > dates[dates.length - 1]!)) dates.push(day);
    }
  });
  return dates;
}

/** The first meeting on or after `on`. */
export function meetingOnOrAfter(cal: WorkingCalendar, cadences: readonly Cadence[], on: IsoDate): IsoDate {
  // Two months past the later of `on` and the first cadence's start covers the longest gap between
  // meetings under any cadence, and a cycle whose first meeting is months ahead.
  const firstFrom = cadences.reduce<IsoDate | undefined>((min, c) => (min === undefined || c.from < min ? c.from : min), undefined);
  const from = firstFrom !== undefined && firstFrom > on ? firstFrom : on;
  const found = meetingsUntil(cal, cadences, addCalendarMonths(from, 2)).find((d) => d >= on);
  if (!found) throw new RangeError(`no meeting on or after ${on}`);
  return found;
}

export interface MeetingDates {
  meetingOn: IsoDate;
  papersDueOn: IsoDate;
  agendaDueOn: IsoDate;
}

export function meetingDates(cal: WorkingCalendar, meetingOn: IsoDate, config: ExecutiveCycleConfig): MeetingDates {
  return { meetingOn, papersDueOn: addWorkingDaysDate(cal, meetingOn, -config.papersWorkingDays), agendaDueOn: addWorkingDaysDate(cal, meetingOn, -config.agendaWorkingDays) };
}

export function cadenceAt(cadences: readonly Cadence[], on: IsoDate): Cadence | undefined {
  return [...cadences].sort((a, b) => a.from.localeCompare(b.from)).filter((c) => c.from <= on).at(-1) ?? cadences[0];
}

// ---- state and milestones ----

export interface ExecutiveAction {
  actionId: string;
  owner: string;
  dueOn: IsoDate;
  agreedAt: IsoDate;
  completedOn?: IsoDate;
}

export interface MeetingRecord {
  meetingOn: IsoDate;
  agendaIssuedOn?: IsoDate;
  heldOn?: IsoDate;
  decisionsRecordedOn?: IsoDate;
  actionsAgreedOn?: IsoDate;
}

export interface ExecutiveCycleState {
  cadences: Cadence[];
  meetings: MeetingRecord[];
  actions: ExecutiveAction[];
}

export type ExecutiveMilestoneInput = { recordedBy?: string; occurredOn: IsoDate } & (
  | { milestone: 'cadence-changed'; pattern: CadencePattern; from: IsoDate }
  | { milestone: 'agenda-issued' | 'meeting-held' | 'decisions-recorded'; meetingOn: IsoDate }
  | { milestone: 'actions-agreed'; meetingOn: IsoDate; actions: { id: string; owner: string; dueOn: IsoDate }[] }
  | { milestone: 'action-completed'; actionId: string }
);

function meetingOf(s: ExecutiveCycleState, on: IsoDate): MeetingRecord | undefined {
  return s.meetings.find((m) => m.meetingOn === on);
}

/** The meetings a milestone may name: every meeting so far and the next one. */
export function meetingChoices(cal: WorkingCalendar, s: ExecutiveCycleState, today: IsoDate): IsoDate[] {
  return meetingsUntil(cal, s.cadences, meetingOnOrAfter(cal, s.cadences, addCalendarDays(today, 1)));
}

/** Why this milestone cannot be recorded now, or undefined. Checked in the update's validator and by allowedNext. */
export function executiveMilestoneRefusal(cal: WorkingCalendar, s: ExecutiveCycleState, input: ExecutiveMilestoneInput, today: IsoDate): string | undefined {
  if (input.occurredOn > today) return `occurredOn ${input.occurredOn} is in the future (today is ${today})`;
  switch (input.milestone) {
    case 'cadence-changed': {
      const latest = [...s.cadences].sort((a, b) => a.from.localeCompare(b.from)).at(-1)!;
      if (input.from <= latest.from) return `a cadence already applies from ${latest.from}; a change must take effect after it`;
      if (input.from < input.occurredOn) return `from ${input.from} is before the decision (${input.occurredOn}): a change takes effect on or after the day it is decided`;
      return undefined;
    }
    case 'action-completed': {
      const action = s.actions.find((a) => a.actionId === input.actionId);
      if (!action) return `no action '${input.actionId}' was agreed`;
      if (action.completedOn) return `action '${input.actionId}' was already completed on ${action.completedOn}`;
      if (input.occurredOn < action.agreedAt) return `occurredOn ${input.occurredOn} is before the action was agreed (${action.agreedAt})`;
      return undefined;
    }
    // Stryker disable next-line ConditionalExpression: without the default, no case matches and the switch is left the same way
    default:
      break;
  }
  const { meetingOn } = input;
  if (!meetingChoices(cal, s, today).includes(meetingOn)) return `${meetingOn} is not a meeting date of the cycle`;
  const m = meetingOf(s, meetingOn);
  switch (input.milestone) {
    case 'agenda-issued':
      if (m?.agendaIssuedOn) return `the agenda for ${meetingOn} was already issued on ${m.agendaIssuedOn}`;
      if (m?.heldOn) return `the meeting of ${meetingOn} was already held`;
      if (input.occurredOn > meetingOn) return `an agenda is issued before its meeting (${meetingOn})`;
      return undefined;
    case 'meeting-held':
      if (m?.heldOn) return `the meeting of ${meetingOn} was already recorded as held`;
      if (input.occurredOn !== meetingOn) return `a meeting is held on its date (${meetingOn}), not ${input.occurredOn}`;
      return undefined;
    case 'decisions-recorded':
    case 'actions-agreed': {
      if (!m?.heldOn) return `'${input.milestone}' cannot be recorded before 'meeting-held' for ${meetingOn}`;
      if (input.occurredOn < m.heldOn) return `occurredOn ${input.occurredOn} is before the meeting (${m.heldOn})`;
      if (input.milestone === 'decisions-recorded') return m.decisionsRecordedOn ? `the decisions of ${meetingOn} were already recorded` : undefined;
      if (m.actionsAgreedOn) return `the actions of ${meetingOn} were already recorded`;
      if (input.milestone !== 'actions-agreed') return undefined;
      const ids = input.actions.map((a) => a.id);
      const taken = ids.find((id, i) => ids.indexOf(id) !== i || s.actions.some((a) => a.actionId === id));
      if (taken) return `action '${taken}' is already an action of the cycle: each action needs its own id`;
      const early = input.actions.find((a) => a.dueOn < input.occurredOn);
      if (early) return `action '${early.id}' is due ${early.dueOn}, before it was agreed (${input.occurredOn})`;
      return undefined;
    }
  }
}

/** The state after an accepted milestone (the validator has already refused a wrong one). */
export function applyExecutiveMilestone(s: ExecutiveCycleState, input: ExecutiveMilestoneInput): ExecutiveCycleState {
  if (input.milestone === 'cadence-changed') return { ...s, cadences: [...s.cadences, { pattern: input.pattern, from: input.from, decidedOn: input.occurredOn }] };
  if (input.milestone === 'action-completed') return { ...s, actions: s.actions.map((a) => (a.actionId === input.actionId ? { ...a, completedOn: input.occurredOn } : a)) };
  const existing = meetingOf(s, input.meetingOn) ?? { meetingOn: input.meetingOn };
  const field = ({ 'agenda-issued': 'agendaIssuedOn', 'meeting-held': 'heldOn', 'decisions-recorded': 'decisionsRecordedOn', 'actions-agreed': 'actionsAgreedOn' } as const)[input.milestone];
  const meetings = [...s.meetings.filter((m) => m.meetingOn !== input.meetingOn), { ...existing, [field]: input.occurredOn }].sort((a, b) => a.meetingOn.localeCompare(b.meetingOn));
  const actions = input.milestone === 'actions-agreed' ? [...s.actions, ...input.actions.map((a) => ({ actionId: a.id, owner: a.owner, dueOn: a.dueOn, agreedAt: input.occurredOn }))] : s.actions;
  return { ...s, meetings, actions };
}

/** The timeline key of a milestone: a meeting's milestones per meeting, a cadence change per effective date. */
export function executiveMilestoneKey(input: { milestone: string; meetingOn?: string; actionId?: string; from?: string }): string {
  const item = input.meetingOn ?? input.actionId ?? input.from;
  return `milestone:${input.milestone}:${item ?? ''}`;
}

export function executiveMilestoneSummary(input: ExecutiveMilestoneInput): string {
  switch (input.milestone) {
    case 'cadence-changed':
      return `Cadence changed to ${input.pattern} from ${formatLongDate(input.from)} (decided ${formatLongDate(input.occurredOn)})`;
    case 'action-completed':
      return `Action ${input.actionId} completed`;
    case 'actions-agreed':
      return `Actions agreed at the meeting of ${formatLongDate(input.meetingOn)}: ${input.actions.map((a) => `${a.id} (${a.owner}, due ${formatLongDate(a.dueOn)})`).join(', ')}`;
    default:
      return `${keyInWords(input.milestone)} for the meeting of ${formatLongDate(input.meetingOn)}`;
  }
}

/** What recordMilestone would accept now: the milestones with the meetings and actions each may name. */
export function executiveAllowedNext(cal: WorkingCalendar, s: ExecutiveCycleState, today: IsoDate): AllowedMilestone<ExecutiveMilestone>[] {
  const meetings = meetingChoices(cal, s, today);
  const held = (d: IsoDate) => meetingOf(s, d)?.heldOn;
  const open = s.actions.filter((a) => !a.completedOn).map((a) => a.actionId);
  const lists: Record<Exclude<ExecutiveMilestone, 'cadence-changed' | 'action-completed'>, IsoDate[]> = {
    'agenda-issued': meetings.filter((d) => !meetingOf(s, d)?.agendaIssuedOn && !held(d)),
    'meeting-held': meetings.filter((d) => d <= today && !held(d)),
    'decisions-recorded': meetings.filter((d) => held(d) && !meetingOf(s, d)?.decisionsRecordedOn),
    'actions-agreed': meetings.filter((d) => held(d) && !meetingOf(s, d)?.actionsAgreedOn),
  };
  const allowed: AllowedMilestone<ExecutiveMilestone>[] = [{ milestone: 'cadence-changed', title: keyInWords('cadence-changed'), why: 'the Executive may change its cadence at any time, from a date after the latest change' }];
  for (const [milestone, dates] of Object.entries(lists) as [keyof typeof lists, IsoDate[]][]) {
    if (dates.length === 0) continue;
    const why = milestone === 'decisions-recorded' || milestone === 'actions-agreed' ? "follows 'meeting-held' for the meeting" : 'for a meeting of the cycle';
    allowed.push({ milestone, title: keyInWords(milestone), why, choices: { meetingOn: dates } });
  }
  if (open.length > 0) allowed.push({ milestone: 'action-completed', title: keyInWords('action-completed'), why: "follows 'actions-agreed'; still open", items: open });
  return allowed;
}

export type ExecutiveStage = `meeting ${CadencePattern}`;

export function executiveStage(cadences: readonly Cadence[], today: IsoDate): ExecutiveStage {
  return `meeting ${cadenceAt(cadences, today)!.pattern}`;
}

// ---- deadlines in the read model ----

/** The next papers deadline: the first meeting not yet held whose papers are due today or later. */
export function nextPapersDue(cal: WorkingCalendar, s: ExecutiveCycleState, today: IsoDate, config: ExecutiveCycleConfig): MeetingDates {
  let d = meetingDates(cal, meetingOnOrAfter(cal, s.cadences, today), config);
  while (d.papersDueOn < today || meetingOf(s, d.meetingOn)?.heldOn) d = meetingDates(cal, meetingOnOrAfter(cal, s.cadences, addCalendarDays(d.meetingOn, 1)), config);
  return d;
}

/** When the next papers deadline moves on to the following meeting unless a milestone moves it first: the start of the day after it (London). */
export function papersDeadlineMovesAt(cal: WorkingCalendar, s: ExecutiveCycleState, today: IsoDate, config: ExecutiveCycleConfig): string {
  return londonLocalToUtc(addCalendarDays(nextPapersDue(cal, s, today, config).papersDueOn, 1), '00:00');
}

function arrangedDeadline(cal: WorkingCalendar, key: string, title: string, due: IsoDate, note: string): Deadline {
  return {
    key,
    ruleId: 'EG',
    title,
    kind: 'deadline',
    due,
    statutoryDue: due,
    paused: false,
    explanation: { rule: { id: 'EG', title, source: "the Executive Group's own arrangements (annual report 2019-20, section 6)", duty: 'should', status: 'stated' }, ruleSetId: 'none', start: { event: 'date-set', date: due }, count: 'date set', skipped: [], pauses: [], calendarVersion: cal.version, note },
    sentence: `due ${formatLongDate(due)}: ${note}`,
  };
}

/**
 * What the cycle owes, as the deadlines the read model keeps and the one case-health function
 * reads (domain/case-health.ts): the next papers deadline, one row that moves on to the following
 * meeting, and every action agreed, met when completed. So an overdue action makes the cycle
 * overdue, and papers due within a few working days make it at risk.
 */
export function executiveDeadlines(cal: WorkingCalendar, s: ExecutiveCycleState, today: IsoDate, config: ExecutiveCycleConfig): DeadlineView[] {
  const papers = nextPapersDue(cal, s, today, config);
  const owed: { deadline: Deadline; metOn?: IsoDate }[] = [
    { deadline: arrangedDeadline(cal, 'papers', `Papers for the meeting of ${formatLongDate(papers.meetingOn)}`, papers.papersDueOn, `${config.papersWorkingDays} working days before the meeting of ${formatLongDate(papers.meetingOn)}`) },
    ...s.actions.map((a) => ({
      deadline: arrangedDeadline(cal, `action:${a.actionId}`, `Action ${a.actionId} (${a.owner})`, a.dueOn, `the date set when the action was agreed on ${formatLongDate(a.agreedAt)}`),
      ...(a.completedOn ? { metOn: a.completedOn } : {}),
    })),
  ];
  return owed.map(({ deadline, metOn }) => ({ ...deadline, ...(metOn ? { metOn } : {}), ...deadlineStatus(deadline, today, cal, metOn ? { metOn } : {}) }));
}

// ---- reminders and their wording ----

export interface ExecutiveReminder {
  key: string;
  /** Reminders dated before their group first appeared are never sent (history is recorded quietly). */
  group: string;
  at: string;
  notice: Notice;
}

function at9(d: IsoDate, time: string): string {
  return londonLocalToUtc(d, time);
}

/**
 * Reminders still owed: papers and agenda for the meetings from today on, and each open action
 * before its due date, on it, and every few working days after until it is completed.
 */
export function executiveReminders(reference: string, cal: WorkingCalendar, s: ExecutiveCycleState, today: IsoDate, config: ExecutiveCycleConfig, localTime: string): ExecutiveReminder[] {
  const out: ExecutiveReminder[] = [];
  const next = meetingOnOrAfter(cal, s.cadences, today);
  for (const meetingOn of [next]) {
    const d = meetingDates(cal, meetingOn, config);
    const m = meetingOf(s, meetingOn);
    if (m?.heldOn) continue;
    const group = `meeting:${meetingOn}`;
    out.push({ key: `exec:papers:${meetingOn}`, group, at: at9(addWorkingDaysDate(cal, d.papersDueOn, -2), localTime), notice: papersNotice(reference, d) });
    if (!m?.agendaIssuedOn) out.push({ key: `exec:agenda:${meetingOn}`, group, at: at9(d.agendaDueOn, localTime), notice: agendaNotice(reference, d) });
  }
  for (const a of s.actions.filter((x) => !x.completedOn)) {
    const group = `action:${a.actionId}:${a.dueOn}`;
    out.push({ key: `exec:action:${a.actionId}:${a.dueOn}:before`, group, at: at9(addWorkingDaysDate(cal, a.dueOn, -3), localTime), notice: actionNotice(reference, a, 'before') });
    out.push({ key: `exec:action:${a.actionId}:${a.dueOn}:due`, group, at: at9(a.dueOn, localTime), notice: actionNotice(reference, a, 'due') });
    // Chased until done: the next chase only, so the list stays short however long an action runs.
    let chase = 1;
    let on = addWorkingDaysDate(cal, a.dueOn, config.chaseEveryWorkingDays);
    while (on < today) {
      chase += 1;
      on = addWorkingDaysDate(cal, on, config.chaseEveryWorkingDays);
    }
    out.push({ key: `exec:action:${a.actionId}:${a.dueOn}:chase:${chase}`, group, at: at9(on, localTime), notice: actionNotice(reference, a, chase) });
  }
  return out;
}

function notice(reference: string, key: string, kind: Notice['kind'], subject: string, lines: string[]): Notice {
  return {
    key: `${reference}:${key}`,
    caseReference: reference,
    kind,
    to: ['executive'],
    subject: `[${reference}] ${subject}`,
    text: [`Executive Group meeting cycle ${reference}.`, '', ...lines, '', 'Sent by review-engine for the partnership Executive Group. Record it when it is done and the reminders stop.'].join('\n'),
  };
}

export function papersNotice(reference: string, d: MeetingDates): Notice {
  return notice(reference, `exec:papers:${d.meetingOn}`, 'reminder', `Reminder: papers for the Executive meeting of ${formatLongDate(d.meetingOn)} due ${formatLongDate(d.papersDueOn)}`, [
    `Executive Group meeting: ${formatLongDate(d.meetingOn)}.`,
    `Papers are due by ${formatLongDate(d.papersDueOn)}; the agenda goes out by ${formatLongDate(d.agendaDueOn)}.`,
  ]);
}

export function agendaNotice(reference: string, d: MeetingDates): Notice {
  return notice(reference, `exec:agenda:${d.meetingOn}`, 'reminder', `Reminder: agenda for the Executive meeting of ${formatLongDate(d.meetingOn)} due today`, [
    `The agenda for the Executive Group meeting of ${formatLongDate(d.meetingOn)} is due today (${formatLongDate(d.agendaDueOn)}).`,
  ]);
}

/** `chase` is the number of the chase after the due date. */
export function actionNotice(reference: string, a: ExecutiveAction, step: 'before' | 'due' | number): Notice {
  const overdue = typeof step === 'number';
  const when = step === 'before' ? 'due in 3 working days' : step === 'due' ? 'due today' : `overdue (chase ${step})`;
  return notice(reference, `exec:action:${a.actionId}:${a.dueOn}:${overdue ? `chase:${step}` : step}`, overdue ? 'overdue' : 'reminder', `${overdue ? 'OVERDUE' : 'Reminder'}: Executive action ${a.actionId} (${a.owner}) ${when}`, [
    `Action ${a.actionId}, owned by ${a.owner}, agreed ${formatLongDate(a.agreedAt)}, is ${when}: due ${formatLongDate(a.dueOn)}.`,
  ]);
}

/** Told to the Executive when a cadence change is recorded before it takes effect (never for history). */
export function cadenceChangedNotice(reference: string, c: Cadence, firstMeeting: IsoDate): Notice {
  return notice(reference, `exec:cadence:${c.from}`, 'status', `Executive meetings ${c.pattern} from ${formatLongDate(c.from)}`, [
    `The Executive Group decided on ${formatLongDate(c.decidedOn)} to meet ${c.pattern} from ${formatLongDate(c.from)}.`,
    `The first meeting under it is on ${formatLongDate(firstMeeting)}.`,
  ]);
}

// ---- request bodies ----

const IsoDate = z.string().regex(new RegExp(ISO_DATE_2000S_PATTERN), 'must be a real calendar date written YYYY-MM-DD');
const Note = z.string().max(2000, 'must be at most 2000 characters');
const ActionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/, 'must be a short action number such as E1 or 2020.3');
const Owner = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be an agency code or role such as police or independent-chair');
const when = { occurredOn: IsoDate.describe('when it actually happened; may be earlier than today'), note: Note.optional() };
const meeting = { meetingOn: IsoDate.describe('the meeting date, as the cycle schedules it') };

/**
 * An Executive Group milestone. Decisions are free text and stay only in the database's protected
 * timeline note; action owners are agency codes or roles, never people.
 */
export const ExecutiveMilestoneBody = z.discriminatedUnion('milestone', [
  z.strictObject({ milestone: z.literal('cadence-changed'), ...when, pattern: z.enum(CADENCE_PATTERNS), from: IsoDate.describe('the first meeting date under the new cadence') }),
  z.strictObject({ milestone: z.literal('agenda-issued'), ...when, ...meeting }),
  z.strictObject({ milestone: z.literal('meeting-held'), ...when, ...meeting }),
  z.strictObject({ milestone: z.literal('decisions-recorded'), ...when, ...meeting, decisions: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters') }),
  z.strictObject({
    milestone: z.literal('actions-agreed'),
    ...when,
    ...meeting,
    actions: z.array(z.strictObject({ id: ActionId, owner: Owner, dueOn: IsoDate })).min(1, 'must have at least one action').max(50, 'must be at most 50 actions'),
  }),
  z.strictObject({ milestone: z.literal('action-completed'), ...when, actionId: ActionId }),
]);
export type ExecutiveMilestoneBody = z.infer<typeof ExecutiveMilestoneBody>;

export const StartExecutiveCycleBody = z.strictObject({
  reference: CaseReference.describe('the cycle\'s reference, e.g. WSCPEX-2019-01'),
  pattern: z.enum(CADENCE_PATTERNS),
  firstMeetingOn: IsoDate.describe('the first meeting date; may be in the past (its history is then recorded without reminders)'),
});
export type StartExecutiveCycleBody = z.infer<typeof StartExecutiveCycleBody>;

/** The page's form to open the cycle (api/pages/executive-cycle.js). */
function executiveStartForm(): PageField[] {
  return pageFields(StartExecutiveCycleBody, {
    reference: { label: 'Reference', hint: 'e.g. WSCPEX-2019-01' },
    pattern: { label: 'Cadence', choices: { monthly: 'Monthly', 'two-weekly': 'Two-weekly' } },
    firstMeetingOn: { label: 'First meeting', widget: 'date-picker', hint: 'A weekend or bank holiday moves to the next working day' },
  });
}

// ---- the workflow's argument and status, and the registry entry ----

export interface ExecutiveCycleInput {
  reference: string;
  pattern: CadencePattern;
  /** The first meeting; a cycle may start in the past, its history then recorded without reminders. */
  firstMeetingOn: IsoDate;
  calendar: WorkingCalendar;
  config?: ExecutiveCycleConfig;
  /** London wall-clock time reminders go out, 'HH:MM'. */
  reminderLocalTime?: string;
  /** Continue as new beyond this many history events (default 2000). */
  historyLimit?: number;
  /** Carried over by continue-as-new. */
  carried?: { state: ExecutiveCycleState; revision: number; settled: string[]; openedOn: IsoDate };
}

export interface ExecutiveCycleStatus {
  reference: string;
  stage: ExecutiveStage;
  state: 'open';
  today: IsoDate;
  openedOn: IsoDate;
  cadences: Cadence[];
  nextMeeting: MeetingDates;
  meetings: MeetingRecord[];
  openActions: (ExecutiveAction & { overdue: boolean })[];
  completedActions: ExecutiveAction[];
  deadlines: DeadlineView[];
  nextReminderAt?: string;
  revision: number;
  allowedNext: AllowedMilestone[];
}

/** The cycle as the API answers it: cadence, next meeting with its papers and agenda dates, meetings, actions. */
export function executiveCycleView(s: ExecutiveCycleStatus) {
  return { reference: s.reference, stage: s.stage, state: s.state, today: s.today, openedOn: s.openedOn, cadences: s.cadences, nextMeeting: s.nextMeeting, meetings: s.meetings, openActions: s.openActions, completedActions: s.completedActions, nextReminderAt: s.nextReminderAt ?? null };
}

export const EXECUTIVE_CYCLE_PROCESS = {
  title: 'Executive Group meeting cycle',
  owner: 'executive',
  previewRules: [],
  finishDeadline: 'none',
  milestones: EXECUTIVE_MILESTONES,
  shape: {
    milestoneBody: ExecutiveMilestoneBody,
    freeText: { field: 'decisions', label: 'Decisions' },
    milestoneRoles: ['admin', 'executive'],
    timelineKey: executiveMilestoneKey,
    view: executiveCycleView,
    // Cycles already running answer to this name.
    recordMilestoneUpdate: 'recordExecutiveMilestone',
    startedOnItsOwn: {
      path: 'executive-cycles',
      tag: 'executive group',
      body: StartExecutiveCycleBody,
      input: (body, ctx): ExecutiveCycleInput => ({
        reference: body.reference,
        pattern: body['pattern'] as CadencePattern,
        firstMeetingOn: body['firstMeetingOn'] as IsoDate,
        calendar: ctx.calendar(),
        ...(ctx.ladder ? { reminderLocalTime: ctx.ladder.localTime } : {}),
      }),
      viewSchema: z
        .object({ reference: z.string(), stage: z.string(), cadences: z.array(z.object({}).loose()), nextMeeting: z.object({ meetingOn: z.string(), papersDueOn: z.string(), agendaDueOn: z.string() }), meetings: z.array(z.object({}).loose()), openActions: z.array(z.object({}).loose()) })
        .loose(),
      summaries: {
        start: "Start the Executive Group's meeting cycle (monthly or two-weekly; may start in the past)",
        read: 'The cycle live: cadences, next meeting with its papers and agenda dates, meetings, open actions',
        milestone: 'Record an agenda, a meeting held, its decisions (kept in the protected note) or actions, a completed action, or a cadence change (refused with 409 and a reason when out of order)',
      },
      page: { path: '/executive-cycle', title: 'Executive Group meetings', heading: 'Executive Group meetings', script: 'executive-cycle.js', nav: 'Executive Group', forms: { 'executive-start-form': executiveStartForm } },
    },
  },
} satisfies ProcessDefinition;
