import { applyOverrides, defaultCalendar } from '../../domain/calendar';
import { computeDeadline, type ClockEvent } from '../../domain/deadlines';
import { DEFAULT_LADDER, reminderSchedule, remindersToSend, type ReminderLadder } from '../../domain/reminders';
import { STANDARD_RULES } from '../../domain/rules';

const calendar = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test

function rapidReview(events: ClockEvent[] = []) {
  return computeDeadline({ key: 'rr', rule: STANDARD_RULES.rules.T4, ruleSetId: 'wt2018', start: { event: 'awareness', date: '2019-12-20' }, calendar: calendar(), events });
}

describe('reminderSchedule', () => {
  const schedule = () => reminderSchedule(rapidReview(), calendar());

  it('reminds 5 and 2 working days before, on the day, the day after, then weekly, escalating from 5 days overdue', () => {
    expect(schedule().slice(0, 7).map((r) => [r.key, r.kind, r.date, r.at, r.to])).toEqual([
      ['rr:2020-01-15:before-5', 'before', '2020-01-08', '2020-01-08T09:00:00.000Z', ['cspr-chair']],
      ['rr:2020-01-15:before-2', 'before', '2020-01-13', '2020-01-13T09:00:00.000Z', ['cspr-chair']],
      ['rr:2020-01-15:due', 'due', '2020-01-15', '2020-01-15T09:00:00.000Z', ['cspr-chair']],
      ['rr:2020-01-15:after-1', 'overdue', '2020-01-16', '2020-01-16T09:00:00.000Z', ['cspr-chair']],
      ['rr:2020-01-15:after-5', 'escalation', '2020-01-22', '2020-01-22T09:00:00.000Z', ['cspr-chair', 'executive']],
      ['rr:2020-01-15:after-10', 'escalation', '2020-01-29', '2020-01-29T09:00:00.000Z', ['cspr-chair', 'executive']],
      ['rr:2020-01-15:after-15', 'escalation', '2020-02-05', '2020-02-05T09:00:00.000Z', ['cspr-chair', 'executive']],
    ]);
    expect(schedule()).toHaveLength(4 + DEFAULT_LADDER.maxWeeklyRepeats);
    expect(schedule()[schedule().length - 1]?.workingDaysFromDue).toBe(130);
    expect(schedule().map((r) => r.at)).toEqual([...schedule().map((r) => r.at)].sort());
  });

  it('sends at 09:00 London time, which is 08:00Z in summer', () => {
    const summer = computeDeadline({ key: 'n', rule: STANDARD_RULES.rules.T1, ruleSetId: 'wt2018', start: { event: 'awareness', date: '2020-06-29' }, calendar: calendar() });
    expect(summer.due).toBe('2020-07-06');
    expect(reminderSchedule(summer, calendar()).find((r) => r.kind === 'due')?.at).toBe('2020-07-06T08:00:00.000Z');
  });

  it('gives new keys when the deadline moves', () => {
    const moved = reminderSchedule(rapidReview([{ kind: 'pause', from: '2019-12-23', to: '2020-01-02', reason: 'hold' }]), calendar());
    expect(moved[0]?.key).toBe('rr:2020-01-22:before-5');
    const before = new Set(schedule().map((r) => r.key));
    expect(moved.some((r) => before.has(r.key))).toBe(false);
  });

  it('sends nothing while the deadline is on hold', () => {
    expect(reminderSchedule(rapidReview([{ kind: 'pause', from: '2020-01-06', reason: 'hold' }]), calendar())).toEqual([]);
  });

  it('reminds on the working day before a due date that is not a working day', () => {
    const lcspr = computeDeadline({ key: 'lcspr', rule: { ...STANDARD_RULES.rules.T7, onNonWorkingDay: 'as-counted' }, ruleSetId: 'wt2018', start: { event: 'decision-to-initiate', date: '2019-11-16' }, calendar: calendar() });
    expect(lcspr.due).toBe('2020-05-16');
    expect(reminderSchedule(lcspr, calendar()).slice(0, 4).map((r) => r.date)).toEqual(['2020-05-11', '2020-05-14', '2020-05-15', '2020-05-18']);
  });

  it('follows a ladder of the caller’s own', () => {
    const ladder: ReminderLadder = {
      steps: [{ offsetWorkingDays: -1, kind: 'before', to: ['reviewer'] }],
      weeklyAfterWorkingDays: 0,
      escalateFromWorkingDays: 10,
      maxWeeklyRepeats: 2,
      localTime: '14:30',
    };
    expect(reminderSchedule(rapidReview(), calendar(), ladder).map((r) => [r.date, r.at, r.kind, r.to])).toEqual([
      ['2020-01-14', '2020-01-14T14:30:00.000Z', 'before', ['reviewer']],
      ['2020-01-22', '2020-01-22T14:30:00.000Z', 'overdue', ['reviewer']],
      ['2020-01-29', '2020-01-29T14:30:00.000Z', 'escalation', ['reviewer', 'executive']],
    ]);
  });
});

describe('remindersToSend', () => {
  const schedule = () => reminderSchedule(rapidReview(), calendar());
  const startedAt = Date.UTC(2020, 0, 14, 12, 0);

  it('never sends one by one the reminders whose time passed before the case was entered', () => {
    const { due, missedAtStart } = remindersToSend(schedule(), Date.UTC(2020, 0, 16, 9, 0), new Set(), startedAt);
    expect(missedAtStart.map((r) => r.key)).toEqual(['rr:2020-01-15:before-5', 'rr:2020-01-15:before-2']);
    expect(due.map((r) => r.key)).toEqual(['rr:2020-01-15:due', 'rr:2020-01-15:after-1']);
  });

  it('leaves out what was sent or settled', () => {
    const sent = new Set(['rr:2020-01-15:before-5', 'rr:2020-01-15:before-2', 'rr:2020-01-15:due']);
    const { due, missedAtStart } = remindersToSend(schedule(), Date.UTC(2020, 0, 16, 8, 59), sent, startedAt);
    expect(missedAtStart).toEqual([]);
    expect(due).toEqual([]);
    expect(remindersToSend(schedule(), Date.UTC(2020, 0, 16, 9, 0), sent, startedAt).due.map((r) => r.key)).toEqual(['rr:2020-01-15:after-1']);
  });

  it('sends from the first reminder when the case was entered in good time', () => {
    const { due, missedAtStart } = remindersToSend(schedule(), Date.UTC(2020, 0, 8, 9, 0), new Set(), Date.UTC(2019, 11, 20, 10, 0));
    expect(missedAtStart).toEqual([]);
    expect(due.map((r) => r.key)).toEqual(['rr:2020-01-15:before-5']);
  });
});

describe('ladders: steps in any order, recipients of repeats, ties', () => {
  const schedule = () => reminderSchedule(rapidReview(), calendar());
  const ladder = (over: Partial<ReminderLadder>): ReminderLadder => ({ steps: [], weeklyAfterWorkingDays: 0, escalateFromWorkingDays: 10, maxWeeklyRepeats: 0, localTime: '09:00', ...over });
  const rows = (l: ReminderLadder) => reminderSchedule(rapidReview(), calendar(), l).map((x) => [x.key, x.kind, x.date, x.to]);

  it.each([
    ['latest step listed first', [
      { offsetWorkingDays: 1, kind: 'overdue', to: ['reviewer'] },
      { offsetWorkingDays: -1, kind: 'before', to: ['cspr-chair'] },
    ]],
    ['latest step listed last', [
      { offsetWorkingDays: -1, kind: 'before', to: ['cspr-chair'] },
      { offsetWorkingDays: 1, kind: 'overdue', to: ['reviewer'] },
    ]],
  ] as [string, ReminderLadder['steps']][])('weekly repeats go to the recipients of the latest step (%s), in time order', (_order, steps) => {
    // Due Wed 15 Jan 2020: 1 working day before is Tue 14, after is Thu 16, 5 after is Wed 22.
    expect(rows(ladder({ steps, maxWeeklyRepeats: 1 }))).toEqual([
      ['rr:2020-01-15:before-1', 'before', '2020-01-14', ['cspr-chair']],
      ['rr:2020-01-15:after-1', 'overdue', '2020-01-16', ['reviewer']],
      ['rr:2020-01-15:after-5', 'overdue', '2020-01-22', ['reviewer']],
    ]);
  });

  it('repeats from weeklyAfterWorkingDays, escalating to the executive alone when no step names anyone', () => {
    // 8 working days after Wed 15 Jan 2020 is Mon 27 Jan; 13 is Mon 3 Feb.
    expect(rows(ladder({ weeklyAfterWorkingDays: 3, maxWeeklyRepeats: 2 }))).toEqual([
      ['rr:2020-01-15:after-8', 'overdue', '2020-01-27', []],
      ['rr:2020-01-15:after-13', 'escalation', '2020-02-03', ['executive']],
    ]);
  });

  it('escalates from exactly escalateFromWorkingDays, naming the executive once', () => {
    // 5 working days after Wed 15 Jan 2020 is Wed 22 Jan, 4 is Tue 21, 6 is Thu 23.
    expect(
      rows(
        ladder({
          escalateFromWorkingDays: 5,
          steps: [
            { offsetWorkingDays: 6, kind: 'overdue', to: ['executive', 'cspr-chair'] },
            { offsetWorkingDays: 5, kind: 'overdue', to: ['cspr-chair'] },
            { offsetWorkingDays: 4, kind: 'overdue', to: ['cspr-chair'] },
          ],
        }),
      ),
    ).toEqual([
      ['rr:2020-01-15:after-4', 'overdue', '2020-01-21', ['cspr-chair']],
      ['rr:2020-01-15:after-5', 'escalation', '2020-01-22', ['cspr-chair', 'executive']],
      ['rr:2020-01-15:after-6', 'escalation', '2020-01-23', ['executive', 'cspr-chair']],
    ]);
  });

  it.each([
    ['due step first', [0, -1]],
    ['before step first', [-1, 0]],
  ])('two reminders on one day go out earliest step first (%s)', (_order, offsets) => {
    // Due Sat 16 May 2020: "on the day" and "1 working day before" are both Fri 15 May, 09:00 BST.
    // Since issue 11 T7 moves a weekend target to the working day before; keep the Saturday (as counted)
    // so that the two steps still fall on one day.
    const lcspr = computeDeadline({ key: 'lcspr', rule: { ...STANDARD_RULES.rules.T7, onNonWorkingDay: 'as-counted' }, ruleSetId: 'wt2018', start: { event: 'decision-to-initiate', date: '2019-11-16' }, calendar: calendar() });
    const steps = offsets.map((o) => ({ offsetWorkingDays: o, kind: o === 0 ? ('due' as const) : ('before' as const), to: ['cspr-chair' as const] }));
    expect(reminderSchedule(lcspr, calendar(), ladder({ steps })).map((x) => [x.key, x.at])).toEqual([
      ['lcspr:2020-05-16:before-1', '2020-05-15T08:00:00.000Z'],
      ['lcspr:2020-05-16:due', '2020-05-15T08:00:00.000Z'],
    ]);
  });

  it('a different ladder or calendar gives its own schedule, never a remembered one', () => {
    const first = reminderSchedule(rapidReview(), calendar(), ladder({ steps: [{ offsetWorkingDays: 0, kind: 'due', to: ['reviewer'] }] }));
    const second = reminderSchedule(rapidReview(), calendar(), ladder({ steps: [{ offsetWorkingDays: 0, kind: 'due', to: ['agency-lead'] }] }));
    expect([first[0]?.to, second[0]?.to]).toEqual([['reviewer'], ['agency-lead']]);
    const dueDayOff = applyOverrides(calendar(), { add: [{ date: '2020-01-15', title: 'A one-off bank holiday' }] });
    const moved = reminderSchedule(rapidReview(), dueDayOff, ladder({ steps: [{ offsetWorkingDays: 0, kind: 'due', to: ['reviewer'] }] }));
    expect(moved[0]?.date).toBe('2020-01-14');
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('a reminder due at the moment the case was entered is sent, not reported as missed', () => {
    const at = Date.parse('2020-01-15T09:00:00.000Z');
    const { due, missedAtStart } = remindersToSend(schedule(), at, new Set(), at);
    expect(due.map((x) => x.key)).toEqual(['rr:2020-01-15:due']);
    expect(missedAtStart.map((x) => x.key)).toEqual(['rr:2020-01-15:before-5', 'rr:2020-01-15:before-2']);
  });
});
