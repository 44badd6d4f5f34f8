/**
 * Issue 17: a suspension moves an audit's dates only by the working days that audit was open and
 * suspended. The oracle counts day by day, as a person with a wall calendar would.
 */
import fc from 'fast-check';
import { ACTION_LADDER, RETURN_LADDER, dueAfterPauses, ladderFromNow, ladderReminders, suspendedWorkingDays } from '../../domain/audits';
import { addWorkingDaysDate, defaultCalendar, isWorkingDay } from '../../domain/calendar';
import { addCalendarDays } from '../../domain/dates';

const cal = defaultCalendar;
const day = (n: number) => addCalendarDays('2019-01-01', n);
const anyDay = fc.integer({ min: 0, max: 365 * 8 }).map(day);
const anyPause = fc.record({ from: anyDay, length: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }) }).map(({ from, length }) => (length === undefined ? { from } : { from, to: addCalendarDays(from, length) }));
const anyAudit = fc.record({ from: anyDay, length: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }) }).map(({ from, length }) => (length === undefined ? { from } : { from, to: addCalendarDays(from, length) }));

function onFingers(pauses: { from: string; to?: string }[], today: string, open: { from: string; to?: string }): number {
  const until = open.to !== undefined && open.to < today ? open.to : today;
  let n = 0;
  for (let d = addCalendarDays(open.from, 1); d <= until; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(cal(), d) && pauses.some((p) => d > p.from && d <= (p.to ?? today))) n += 1;
  }
  return n;
}

describe('suspension arithmetic', () => {
  it('counts only the working days the audit was open and suspended, overlaps once', () => {
    fc.assert(
      fc.property(fc.array(anyPause, { maxLength: 4 }), anyAudit, anyDay, (pauses, open, today) => suspendedWorkingDays(cal(), pauses, today, open) === onFingers(pauses, today, open)),
      { numRuns: 300 },
    );
  });

  it('a suspension ended before an audit opened, or starting after it closed, moves nothing', () => {
    fc.assert(
      fc.property(anyAudit, fc.integer({ min: 1, max: 900 }), fc.integer({ min: 0, max: 300 }), (open, gap, length) => {
        const before = { from: addCalendarDays(open.from, -gap - length), to: addCalendarDays(open.from, -gap) };
        const closed = open.to ?? open.from;
        const after = { from: addCalendarDays(closed, gap), to: addCalendarDays(closed, gap + length) };
        const today = addCalendarDays(closed, gap + length + 10);
        const due = addCalendarDays(open.from, 20);
        return dueAfterPauses(due, cal(), [before, after], today, { from: open.from, to: closed }) === due;
      }),
      { numRuns: 200 },
    );
  });

  it('moves the due date by exactly the counted working days, never more than the audit was open', () => {
    fc.assert(
      fc.property(fc.array(anyPause, { maxLength: 3 }), anyAudit, anyDay, (pauses, open, today) => {
        const due = addWorkingDaysDate(cal(), open.from, 20);
        const n = suspendedWorkingDays(cal(), pauses, today, open);
        const whole = onFingers([{ from: open.from }], today, open);
        return n <= whole && dueAfterPauses(due, cal(), pauses, today, open) === (n === 0 ? due : addWorkingDaysDate(cal(), due, n));
      }),
      { numRuns: 200 },
    );
  });

  it('the report of issue 17: suspended 1 Apr 2020, resumed; an audit opened in 2026 keeps its date', () => {
    const pauses = [{ from: '2020-04-01', to: '2020-09-01' }];
    expect(dueAfterPauses('2026-12-18', cal(), pauses, '2026-12-04', { from: '2026-12-04' })).toBe('2026-12-18');
    // Without the open period (audits started before the patch) the old arithmetic stands.
    expect(dueAfterPauses('2026-12-18', cal(), pauses, '2026-12-04') > '2027-01-01').toBe(true);
    // Opened on 25 Aug 2020 inside the suspension: 26, 27, 28 Aug and 1 Sep count (31 Aug is the summer bank holiday).
    expect(suspendedWorkingDays(cal(), pauses, '2026-12-04', { from: '2020-08-25' })).toBe(4);
  });
});

describe('reminders start from today', () => {
  const now = Date.parse('2026-12-04T10:00:00Z'); // a Friday, after 09:00 London

  it('a return due years ago: one catch-up on the next working morning, worded with the real days overdue', () => {
    const steps = ladderReminders('returns', '2020-01-15', cal(), RETURN_LADDER);
    const out = ladderFromNow(steps, '2020-01-15', now, cal());
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ key: 'returns:2020-01-15:catch-up', kind: 'escalation', date: '2026-12-07', at: '2026-12-07T09:00:00.000Z' });
    expect(out[0]!.offset).toBeGreaterThan(1700);
  });

  it('an action entered two days after its due date: one reminder, then the ladder carries on', () => {
    const steps = ladderReminders('action-A1', '2026-12-02', cal(), ACTION_LADDER);
    const out = ladderFromNow(steps, '2026-12-02', now, cal());
    expect(out.map((r) => r.key.split(':').at(-1))).toEqual(['catch-up', 'after-5', 'after-10', 'after-15', 'after-20', 'after-25', 'after-30', 'after-35', 'after-40']);
    expect(out[0]).toMatchObject({ kind: 'reminder', offset: 3, date: '2026-12-07' });
  });

  it('steps before the due date that passed are dropped, not caught up', () => {
    const steps = ladderReminders('returns', '2026-12-08', cal(), RETURN_LADDER);
    expect(ladderFromNow(steps, '2026-12-08', now, cal()).map((r) => r.key.split(':').at(-1))).toEqual(['due', 'after-1', 'after-5', 'after-10', 'after-15', 'after-20']);
  });

  it('nothing passed: the ladder unchanged', () => {
    const steps = ladderReminders('returns', '2027-01-20', cal(), RETURN_LADDER);
    expect(ladderFromNow(steps, '2027-01-20', now, cal())).toEqual(steps);
  });
});
