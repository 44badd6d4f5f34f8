import { addWorkingDays, addWorkingDaysDate, holidayOn, isWorkingDay, workingDaysBetween, type SkippedDay, type WorkingCalendar } from './calendar';
import { addCalendarDays, addCalendarMonths, compareIsoDates, formatLongDate, formatShortDate, type IsoDate } from './dates';
import { ruleKind, type NonWorkingDayTreatment, type RuleId, type StatutoryRule } from './rules';

/**
 * What happened to a deadline's clock. No statute stops the clock (PROCESSES.md): the engine
 * records holds and agreed extensions, moves the date it works to, and keeps the statutory date.
 */
export type ClockEvent =
  /** On hold from `from` and working again from `to`; no `to` while still on hold. */
  | { kind: 'pause'; from: IsoDate; to?: IsoDate; reason: string }
  | { kind: 'extension'; newDue: IsoDate; reason: string; agreedWith: string; agreedOn: IsoDate }
  | { kind: 'publication-deferral'; from: IsoDate; reason: string; panelAndSoSToldOn?: IsoDate };

type Pause = Extract<ClockEvent, { kind: 'pause' }>;
type Extension = Extract<ClockEvent, { kind: 'extension' }>;
type PublicationDeferral = Extract<ClockEvent, { kind: 'publication-deferral' }>;

export interface DeadlineExplanation {
  rule: { id: DeadlineRuleId; title: string; source: string; duty: string; status: string };
  ruleSetId: string;
  start: { event: string; date: IsoDate };
  /** '15 working days after', '6 months after', '7 working days before' */
  count: string;
  /** Days passed over in counting the statutory date. */
  skipped: SkippedDay[];
  /**
   * The pauses, oldest first, with the working days each moved the deadline by. A deadline computed
   * with `setOn` lists only the holds that moved it (or hold it now); without it, every pause (0 if outside the clock).
   */
  pauses: { from: IsoDate; to?: IsoDate; workingDays: number; reason: string }[];
  /** A calendar count that landed on a weekend or bank holiday, and what the rule does with it. */
  nonWorkingDay?: { counted: IsoDate; why: string; treatment: NonWorkingDayTreatment };
  extension?: { newDue: IsoDate; reason: string; agreedWith: string; agreedOn: IsoDate };
  publicationDeferral?: { from: IsoDate; reason: string; panelAndSoSToldOn?: IsoDate };
  calendarVersion: string;
  note?: string;
}

/** A statutory timescale (domain/rules.ts), or the Executive Group's own arrangements (EG: its papers deadline and actions), which no statute times. */
export type DeadlineRuleId = RuleId | 'EG';

export interface Deadline {
  key: string;
  ruleId: DeadlineRuleId;
  title: string;
  /** A standing obligation (kept available until its date) is never overdue, reminded or next. */
  kind: 'deadline' | 'standing';
  /** The date worked to: the statutory date moved by pauses, or an agreed extension. */
  due: IsoDate;
  /** The date by the rule alone, kept so a statutory date passed while on hold stays visible. */
  statutoryDue: IsoDate;
  /** On hold now (an open pause or a publication deferral): reminders stop. */
  paused: boolean;
  explanation: DeadlineExplanation;
  /** 'due Wed 15 Jan 2020: 15 working days after 20 Dec 2019, skipping Christmas Day, ...' */
  sentence: string;
}

export interface DeadlineArgs {
  key: string;
  rule: StatutoryRule;
  ruleSetId: string;
  start: { event: string; date: IsoDate };
  calendar: WorkingCalendar;
  events?: ClockEvent[];
  note?: string;
  /** Counts an open pause as on hold up to and including this day; without it an open pause counts 0 so far. */
  asOf?: IsoDate;
  /**
   * The day the deadline was first set (its start event, or the day a planned date was agreed). With
   * it, a hold that ended on or before that day moves nothing and is not listed: only the holds
   * running while the deadline ran move it. Without it (cases recorded before this rule), every pause
   * before the due date moves it.
   */
  setOn?: IsoDate;
}

/**
 * Pauses stop the clock. A pause counts its working days on hold, from `from` (inclusive) to `to`
 * (exclusive: the review works again on `to`), and moves the deadline by exactly that many working
 * days. Only days while the clock was running count: after the clock started (for a count after an
 * event), after an extension was agreed (the agreed date already allows for earlier holds), and not
 * once the deadline has been reached (a pause beginning after the due date moves nothing, so a
 * breach is never hidden). Overlapping pauses count each day once. A month or year deadline moves
 * by the same working days from its calendar date.
 */
export function computeDeadline(args: DeadlineArgs): Deadline {
  const { key, rule, ruleSetId, start, calendar, note, asOf, setOn } = args;
  const events = setOn === undefined ? (args.events ?? []) : (args.events ?? []).filter((e) => !(e.kind === 'pause' && e.to !== undefined && compareIsoDates(e.to, setOn) <= 0));
  const statutory = statutoryDate(rule, start.date, calendar);
  const extension = latestExtension(events);
  const deferral = events.find((e): e is PublicationDeferral => e.kind === 'publication-deferral');

  const clockRunsFrom = extension ? addCalendarDays(extension.agreedOn, 1) : rule.direction === 'after' ? addCalendarDays(start.date, 1) : undefined;
  const held = applyPauses(calendar, extension?.newDue ?? statutory.workedTo ?? statutory.date, clockRunsFrom, events, asOf);
  const paused = held.open !== undefined || deferral !== undefined;

  const explanation: DeadlineExplanation = {
    rule: { id: rule.id, title: rule.title, source: rule.source, duty: rule.duty, status: rule.status },
    ruleSetId,
    start,
    count: countPhrase(rule),
    skipped: statutory.skipped,
    pauses: setOn === undefined ? held.pauses : held.pauses.filter((p) => p.workingDays > 0 || p.to === undefined),
    calendarVersion: calendar.version,
  };
  if (statutory.nonWorkingDay) explanation.nonWorkingDay = statutory.nonWorkingDay;
  if (extension) explanation.extension = { newDue: extension.newDue, reason: extension.reason, agreedWith: extension.agreedWith, agreedOn: extension.agreedOn };
  if (deferral) explanation.publicationDeferral = { from: deferral.from, reason: deferral.reason, ...(deferral.panelAndSoSToldOn ? { panelAndSoSToldOn: deferral.panelAndSoSToldOn } : {}) };
  if (note !== undefined) explanation.note = note;

  return {
    key,
    ruleId: rule.id,
    title: rule.title,
    kind: ruleKind(rule),
    due: held.due,
    statutoryDue: statutory.date,
    paused,
    explanation,
    sentence: ruleKind(rule) === 'standing' ? `kept available until ${formatLongDate(held.due)}: ${explanation.count} ${startPhrase(explanation)}${nonWorkingDayPhrase(explanation)}` : deadlineSentence(held.due, statutory.date, explanation, held.open),
  };
}

/** `date` by the rule alone; `workedTo` the working day the rule plans for when `date` is not one. */
type StatutoryDate = { date: IsoDate; skipped: SkippedDay[]; workedTo?: IsoDate; nonWorkingDay?: NonNullable<DeadlineExplanation['nonWorkingDay']> };

function statutoryDate(rule: StatutoryRule, start: IsoDate, calendar: WorkingCalendar): StatutoryDate {
  const sign = rule.direction === 'after' ? 1 : -1;
  const { unit, amount } = rule.count;
  switch (unit) {
    case 'working-days':
      return addWorkingDays(calendar, start, sign * amount);
    case 'calendar-months':
      return onWorkingDay(rule, addCalendarMonths(start, sign * amount), calendar);
    case 'calendar-years':
      return onWorkingDay(rule, addCalendarMonths(start, sign * 12 * amount), calendar);
    case 'none':
      throw new RangeError(`${rule.id} (${rule.title}) has no timescale to count`);
  }
}

/** A calendar count that lands on a weekend or bank holiday, treated as the rule says. */
function onWorkingDay(rule: StatutoryRule, counted: IsoDate, calendar: WorkingCalendar): StatutoryDate {
  const treatment = rule.onNonWorkingDay ?? 'as-counted';
  if (isWorkingDay(calendar, counted)) return { date: counted, skipped: [] };
  const why = holidayOn(calendar, counted)?.title ?? 'a weekend';
  const step = treatment === 'working-day-before' ? -1 : treatment === 'working-day-after' ? 1 : 0;
  return { date: counted, skipped: [], ...(step === 0 ? {} : { workedTo: addWorkingDaysDate(calendar, counted, step) }), nonWorkingDay: { counted, why, treatment } };
}

function latestExtension(events: ClockEvent[]): Extension | undefined {
  let latest: Extension | undefined;
  for (const event of events) {
    if (event.kind === 'extension' && (!latest || compareIsoDates(event.agreedOn, latest.agreedOn) >= 0)) latest = event;
  }
  return latest;
}

/** An open pause holds every day from its start: later pauses add nothing. */
function lastDay(): IsoDate {
  return '9999-12-31';
}

interface OpenPause {
  from: IsoDate;
  reason: string;
  workingDays: number;
}

/** Walks the pauses oldest first, moving the due date by each one's working days on the clock. */
function applyPauses(
  calendar: WorkingCalendar,
  base: IsoDate,
  clockRunsFrom: IsoDate | undefined,
  events: ClockEvent[],
  asOf: IsoDate | undefined,
): { due: IsoDate; pauses: DeadlineExplanation['pauses']; open?: OpenPause } {
  const inOrder = events.filter((e): e is Pause => e.kind === 'pause').sort((a, b) => compareIsoDates(a.from, b.from));
  let due = base;
  let countedUntil = clockRunsFrom;
  let open: OpenPause | undefined;
  const pauses: DeadlineExplanation['pauses'] = [];
  for (const pause of inOrder) {
    if (pause.to !== undefined && compareIsoDates(pause.to, pause.from) < 0) throw new RangeError(`pause ends (${pause.to}) before it starts (${pause.from})`);
    const to = pause.to ?? (asOf !== undefined ? addCalendarDays(asOf, 1) : pause.from);
    const from = countedUntil !== undefined && compareIsoDates(countedUntil, pause.from) > 0 ? countedUntil : pause.from;
    let workingDays = 0;
    if (compareIsoDates(pause.from, due) <= 0 && compareIsoDates(from, to) < 0) {
      workingDays = workingDaysBetween(calendar, addCalendarDays(from, -1), addCalendarDays(to, -1));
      if (workingDays > 0) due = addWorkingDaysDate(calendar, due, workingDays);
    }
    if (countedUntil === undefined || compareIsoDates(to, countedUntil) > 0) countedUntil = to;
    if (pause.to === undefined) {
      open ??= { from: pause.from, reason: pause.reason, workingDays };
      countedUntil = lastDay();
    }
    pauses.push({ from: pause.from, ...(pause.to !== undefined ? { to: pause.to } : {}), workingDays, reason: pause.reason });
  }
  return { due, pauses, ...(open ? { open } : {}) };
}

function countPhrase(rule: StatutoryRule): string {
  const { unit, amount } = rule.count;
  const noun = unit === 'working-days' ? 'working day' : unit === 'calendar-months' ? 'month' : unit === 'calendar-years' ? 'year' : 'day';
  return `${amount} ${noun}${amount === 1 ? '' : 's'} ${rule.direction}`;
}

/** Counting back names the anchor and its weekday, since it is a planned date that may move. */
function startPhrase(explanation: DeadlineExplanation): string {
  const { event, date } = explanation.start;
  if (!explanation.count.endsWith(' before')) return formatShortDate(date);
  const anchorNames: Record<string, string> = { 'planned-publication': 'the planned publication date' };
  return `${anchorNames[event] ?? `the ${event.replace(/-/g, ' ')} date`} ${formatLongDate(date)}`;
}

function listInWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function workingDaysInWords(n: number): string {
  return `${n} working day${n === 1 ? '' : 's'}`;
}

/** '6 months after 13 Dec 2025 is Sat 13 Jun 2026, not a working day (a weekend): planned for the working day before' */
function nonWorkingDayPhrase(explanation: DeadlineExplanation): string {
  const n = explanation.nonWorkingDay;
  const treatmentWords: Record<NonWorkingDayTreatment, string> = {
    'working-day-before': 'planned for the working day before',
    'working-day-after': 'planned for the working day after',
    'as-counted': 'kept as counted',
  };
  return n ? ` is ${formatLongDate(n.counted)}, not a working day (${n.why}): ${treatmentWords[n.treatment]}` : '';
}

function deadlineSentence(due: IsoDate, statutoryDue: IsoDate, explanation: DeadlineExplanation, open: OpenPause | undefined): string {
  const holidays = explanation.skipped.filter((day) => day.reason === 'bank holiday').map((day) => day.name);
  const rule = `${explanation.count} ${startPhrase(explanation)}${holidays.length > 0 ? `, skipping ${listInWords(holidays)}` : ''}${nonWorkingDayPhrase(explanation)}`;
  const holds = explanation.pauses
    .filter((pause) => pause.to !== undefined && pause.workingDays > 0)
    .map((pause) => `, plus ${workingDaysInWords(pause.workingDays)} on hold (${pause.reason})`)
    .join('');
  const onHold = open
    ? `, on hold since ${formatLongDate(open.from)} (${open.reason})${open.workingDays > 0 ? `: ${workingDaysInWords(open.workingDays)} so far` : ''}`
    : '';
  const deferral = explanation.publicationDeferral;
  const deferred = deferral ? `, publication deferred since ${formatLongDate(deferral.from)} (${deferral.reason})` : '';
  const extension = explanation.extension;
  if (!extension) return `due ${formatLongDate(due)}: ${rule}${holds}${onHold}${deferred}`;
  return (
    `due ${formatLongDate(due)}: extended by agreement with ${extension.agreedWith} on ${formatShortDate(extension.agreedOn)} (${extension.reason})` +
    `${holds}${onHold}${deferred}; statutory date ${formatLongDate(statutoryDue)}: ${rule}`
  );
}

export type DeadlineStatus = 'on-track' | 'at-risk' | 'due-today' | 'overdue' | 'on-hold' | 'met' | 'met-late' | 'standing';

export interface DeadlineVerdict {
  status: DeadlineStatus;
  /** Working days in (today, due]: negative once overdue; for a met deadline, counted from the day it was met. */
  workingDaysRemaining: number;
  statutoryDuePassed: boolean;
  /** Met after the date worked to: working days late against it. */
  workingDaysLate?: number;
  /** Met after the statutory date where a hold or extension moved the date worked to: working days late against the statutory date. */
  workingDaysLateAgainstStatutory?: number;
  /** 'met on Wed 10 Feb 2021, 12 working days after its adjusted date (Mon 25 Jan 2021), 40 after the statutory date (Wed 20 May 2020)' */
  verdict: string;
}

function workingDaysPhrase(n: number): string {
  return `${n} working day${n === 1 ? '' : 's'}`;
}

/**
 * The one verdict on a deadline on `today`, used by the workflows, the API, the dashboard, the
 * digest and the annual report. Met on or before the date worked to is `met`; after it `met-late`,
 * by working days against that date and, where a hold or extension moved it, the statutory date. A
 * standing obligation is never overdue.
 */
export function deadlineStatus(
  d: Pick<Deadline, 'due' | 'statutoryDue' | 'paused'> & { kind?: Deadline['kind'] },
  today: IsoDate,
  cal: WorkingCalendar,
  opts: { atRiskWorkingDays?: number; metOn?: IsoDate } = {},
): DeadlineVerdict {
  const { atRiskWorkingDays = 5, metOn } = opts;
  const statutoryDuePassed = compareIsoDates(metOn ?? today, d.statutoryDue) > 0;
  if (d.kind === 'standing') {
    const running = compareIsoDates(today, d.due) < 0;
    return { status: 'standing', workingDaysRemaining: workingDaysBetween(cal, today, d.due), statutoryDuePassed: false, verdict: `${running ? 'kept available until' : 'was to be kept available until'} ${formatLongDate(d.due)}` };
  }
  if (metOn !== undefined) {
    const workingDaysRemaining = workingDaysBetween(cal, metOn, d.due);
    if (compareIsoDates(metOn, d.due) <= 0) return { status: 'met', workingDaysRemaining, statutoryDuePassed, verdict: `met on ${formatLongDate(metOn)}, on or before ${formatLongDate(d.due)}` };
    const workingDaysLate = workingDaysBetween(cal, d.due, metOn);
    const moved = d.due !== d.statutoryDue;
    const againstStatutory = moved && statutoryDuePassed ? workingDaysBetween(cal, d.statutoryDue, metOn) : undefined;
    const verdict =
      `met late on ${formatLongDate(metOn)}: ${workingDaysPhrase(workingDaysLate)} after ${moved ? 'its adjusted date' : 'its date'} (${formatLongDate(d.due)})` +
      (againstStatutory !== undefined ? `, ${againstStatutory} after the statutory date (${formatLongDate(d.statutoryDue)})` : '');
    return { status: 'met-late', workingDaysRemaining, statutoryDuePassed, workingDaysLate, ...(againstStatutory !== undefined ? { workingDaysLateAgainstStatutory: againstStatutory } : {}), verdict };
  }
  const workingDaysRemaining = workingDaysBetween(cal, today, d.due);
  const order = compareIsoDates(today, d.due);
  const status: DeadlineStatus = d.paused
    ? 'on-hold'
    : order > 0
      ? 'overdue'
      : order === 0
        ? 'due-today'
        : workingDaysRemaining <= atRiskWorkingDays
          ? 'at-risk'
          : 'on-track';
  const verdict =
    status === 'on-hold'
      ? `on hold; due ${formatLongDate(d.due)} as things stand`
      : status === 'overdue'
        ? `overdue: due ${formatLongDate(d.due)}, ${workingDaysPhrase(-workingDaysRemaining)} ago`
        : status === 'due-today'
          ? `due today (${formatLongDate(d.due)})`
          : `due ${formatLongDate(d.due)}, ${workingDaysPhrase(workingDaysRemaining)} left`;
  return { status, workingDaysRemaining, statutoryDuePassed, verdict };
}

export type CaseHealth = 'on-track' | 'at-risk' | 'overdue' | 'on-hold' | 'finished-late' | 'closed';

/**
 * The executive's one word for a case from the verdicts on its deadlines: the worst open one; once
 * the case's finishing deadline is met (a practice review's publication, a rapid review's
 * submission), whether it finished in time, so a late finish never reads as on track.
 */
export function caseHealth(
  deadlines: readonly { key: string; status: DeadlineStatus }[],
  flags: { finishKey: string; completed: boolean; onHold: boolean },
): CaseHealth {
  const finishedLate = deadlines.some((d) => d.key === flags.finishKey && d.status === 'met-late');
  if (flags.completed) return finishedLate ? 'finished-late' : 'closed';
  if (flags.onHold) return 'on-hold';
  if (deadlines.some((d) => d.status === 'overdue')) return 'overdue';
  if (deadlines.some((d) => d.status === 'at-risk' || d.status === 'due-today')) return 'at-risk';
  return finishedLate ? 'finished-late' : 'on-track';
}
