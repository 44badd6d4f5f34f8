/**
 * Deadlines whose date a person sets (an agency's report due date, an action's due date) rather
 * than a rule counts. They still move with pauses, exactly as counted deadlines do.
 */
import type { WorkingCalendar } from './calendar';
import { formatLongDate, formatShortDate, type IsoDate } from './dates';
import { computeDeadline, type ClockEvent, type Deadline } from './deadlines';
import type { RuleId, StatutoryRule } from './rules';

export function setDateDeadline(args: {
  key: string;
  title: string;
  ruleId: RuleId;
  ruleSource: string;
  setOn: IsoDate;
  due: IsoDate;
  ruleSetId: string;
  calendar: WorkingCalendar;
  events?: ClockEvent[];
  asOf?: IsoDate;
  /** Holds that ended on or before `setOn` do not move it (deadlines.ts DeadlineArgs.setOn). */
  onlyRunningHolds?: boolean;
}): Deadline {
  // Counting 0 working days back from the set date keeps the date (or the next working day), and a
  // pause from any day up to it moves it by the working days on hold.
  const rule: StatutoryRule = {
    id: args.ruleId,
    title: args.title,
    duty: 'should',
    status: 'unconfirmed',
    source: args.ruleSource,
    clockStart: 'date-set',
    count: { unit: 'working-days', amount: 0 },
    direction: 'before',
    acts: 'agency',
    receives: 'safeguarding partners',
  };
  const d = computeDeadline({
    key: args.key,
    rule,
    ruleSetId: args.ruleSetId,
    start: { event: 'date-set', date: args.due },
    calendar: args.calendar,
    ...(args.events ? { events: args.events } : {}),
    ...(args.asOf ? { asOf: args.asOf } : {}),
    ...(args.onlyRunningHolds ? { setOn: args.setOn } : {}),
  });
  const holds = d.explanation.pauses
    .filter((p) => p.workingDays > 0)
    .map((p) => `, plus ${p.workingDays} working day${p.workingDays === 1 ? '' : 's'} on hold (${p.reason})${p.to ? '' : ' so far'}`)
    .join('');
  return {
    ...d,
    explanation: { ...d.explanation, count: 'date set', note: `date set on ${args.setOn}` },
    sentence: `due ${formatLongDate(d.due)}: the date set on ${formatShortDate(args.setOn)} (${formatShortDate(args.due)})${holds}`,
  };
}
