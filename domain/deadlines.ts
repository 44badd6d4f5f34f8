import { addWorkingDays, addWorkingDaysDate, workingDaysBetween, type SkippedDay, type WorkingCalendar } from './calendar';
import { addCalendarDays, addCalendarMonths, compareIsoDates, formatLongDate, formatShortDate, type IsoDate } from './dates';
import type { RuleId, StatutoryRule } from './rules';

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
  rule: { id: RuleId; title: string; source: string; duty: string; status: string };
  ruleSetId: string;
  start: { event: string; date: IsoDate };
  /** '15 working days after', '6 months after', '7 working days before' */
  count: string;
  /** Days passed over in counting the statutory date. */
  skipped: SkippedDay[];
  /** Every pause, oldest first, with the working days it moved the deadline by (0 if outside the clock). */
  pauses: { from: IsoDate; to?: IsoDate; workingDays: number; reason: string }[];
  extension?: { newDue: IsoDate; reason: string; agreedWith: string; agreedOn: IsoDate };
  publicationDeferral?: { from: IsoDate; reason: string; panelAndSoSToldOn?: IsoDate };
  calendarVersion: string;
  note?: string;
}

export interface Deadline {
  key: string;
  ruleId: RuleId;
  title: string;
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
  const { key, rule, ruleSetId, start, calendar, events = [], note, asOf } = args;
  const statutory = statutoryDate(rule, start.date, calendar);
  const extension = latestExtension(events);
  const deferral = events.find((e): e is PublicationDeferral => e.kind === 'publication-deferral');

  const clockRunsFrom = extension ? addCalendarDays(extension.agreedOn, 1) : rule.direction === 'after' ? addCalendarDays(start.date, 1) : undefined;
  const held = applyPauses(calendar, extension?.newDue ?? statutory.date, clockRunsFrom, events, asOf);
  const paused = held.open !== undefined || deferral !== undefined;

  const explanation: DeadlineExplanation = {
    rule: { id: rule.id, title: rule.title, source: rule.source, duty: rule.duty, status: rule.status },
    ruleSetId,
    start,
    count: countPhrase(rule),
    skipped: statutory.skipped,
    pauses: held.pauses,
    calendarVersion: calendar.version,
  };
  if (extension) explanation.extension = { newDue: extension.newDue, reason: extension.reason, agreedWith: extension.agreedWith, agreedOn: extension.agreedOn };
  if (deferral) explanation.publicationDeferral = { from: deferral.from, reason: deferral.reason, ...(deferral.panelAndSoSToldOn ? { panelAndSoSToldOn: deferral.panelAndSoSToldOn } : {}) };
  if (note !== undefined) explanation.note = note;

  return {
    key,
    ruleId: rule.id,
    title: rule.title,
    due: held.due,
    statutoryDue: statutory.date,
    paused,
    explanation,
    sentence: deadlineSentence(held.due, statutory.date, explanation, held.open),
  };
}

function statutoryDate(rule: StatutoryRule, start: IsoDate, calendar: WorkingCalendar): { date: IsoDate; skipped: SkippedDay[] } {
  const sign = rule.direction === 'after' ? 1 : -1;
  const { unit, amount } = rule.count;
  switch (unit) {
    case 'working-days':
      return addWorkingDays(calendar, start, sign * amount);
    case 'calendar-months':
      return { date: addCalendarMonths(start, sign * amount), skipped: [] };
    case 'calendar-years':
      return { date: addCalendarMonths(start, sign * 12 * amount), skipped: [] };
    case 'none':
      throw new RangeError(`${rule.id} (${rule.title}) has no timescale to count`);
  }
}

function latestExtension(events: ClockEvent[]): Extension | undefined {
  let latest: Extension | undefined;
  for (const event of events) {
    if (event.kind === 'extension' && (!latest || compareIsoDates(event.agreedOn, latest.agreedOn) >= 0)) latest = event;
  }
  return latest;
}

/** An open pause holds every day from its start: later pauses add nothing. */
const LAST_DAY = '9999-12-31';

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
      countedUntil = LAST_DAY;
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

const ANCHOR_NAMES: Record<string, string> = {
  'planned-publication': 'the planned publication date',
};

/** Counting back names the anchor and its weekday, since it is a planned date that may move. */
function startPhrase(explanation: DeadlineExplanation): string {
  const { event, date } = explanation.start;
  if (!explanation.count.endsWith(' before')) return formatShortDate(date);
  return `${ANCHOR_NAMES[event] ?? `the ${event.replace(/-/g, ' ')} date`} ${formatLongDate(date)}`;
}

function listInWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function workingDaysInWords(n: number): string {
  return `${n} working day${n === 1 ? '' : 's'}`;
}

function deadlineSentence(due: IsoDate, statutoryDue: IsoDate, explanation: DeadlineExplanation, open: OpenPause | undefined): string {
  const holidays = explanation.skipped.filter((day) => day.reason === 'bank holiday').map((day) => day.name);
  const rule = `${explanation.count} ${startPhrase(explanation)}${holidays.length > 0 ? `, skipping ${listInWords(holidays)}` : ''}`;
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

export type DeadlineStatus = 'on-track' | 'at-risk' | 'due-today' | 'overdue' | 'on-hold' | 'met';

/**
 * Where a deadline stands on `today`. workingDaysRemaining counts (today, due]: negative once
 * overdue; for a met deadline it is counted from the day it was met (negative if met late).
 */
export function deadlineStatus(
  d: Pick<Deadline, 'due' | 'statutoryDue' | 'paused'>,
  today: IsoDate,
  cal: WorkingCalendar,
  opts: { atRiskWorkingDays?: number; metOn?: IsoDate } = {},
): { status: DeadlineStatus; workingDaysRemaining: number; statutoryDuePassed: boolean } {
  const { atRiskWorkingDays = 5, metOn } = opts;
  const statutoryDuePassed = compareIsoDates(metOn ?? today, d.statutoryDue) > 0;
  if (metOn !== undefined) return { status: 'met', workingDaysRemaining: workingDaysBetween(cal, metOn, d.due), statutoryDuePassed };
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
  return { status, workingDaysRemaining, statutoryDuePassed };
}
