/**
 * Deadline rules the mutation run found untested (domain/deadlines.ts): the latest extension in
 * either order, weekend-only and nested holds, an open hold that swallows later ones, T9 in
 * calendar years, every count phrase and sentence part, the status boundaries. Dates are hand
 * counts on the gov.uk calendar (Christmas 2019: Wed 25, Thu 26 Dec, Wed 1 Jan).
 */
import { defaultCalendar } from '../../domain/calendar';
import { caseHealth, computeDeadline, deadlineStatus, type ClockEvent, type DeadlineStatus } from '../../domain/deadlines';
import { STANDARD_RULES, type StatutoryRule } from '../../domain/rules';

// Read in each test, not at load: a rule set's table is built on each read, and code run at load is static to mutation testing.
let T1: StatutoryRule, T4: StatutoryRule, T7: StatutoryRule, T8: StatutoryRule, T9: StatutoryRule, T10: StatutoryRule;
beforeEach(() => {
  ({ T1, T4, T7, T8, T9, T10 } = STANDARD_RULES.rules);
});

/** T4 from Fri 20 Dec 2019: due Wed 15 Jan 2020. */
const rapidReview = (events: ClockEvent[] = [], asOf?: string) =>
  computeDeadline({ key: 'rapid-review', rule: T4, ruleSetId: 'wt2018', start: { event: 'awareness', date: '2019-12-20' }, calendar: defaultCalendar(), events, ...(asOf ? { asOf } : {}) });
const pause = (from: string, to?: string, reason = 'hold'): ClockEvent => ({ kind: 'pause', from, ...(to ? { to } : {}), reason });
const extension = (agreedOn: string, newDue: string, reason = 'agreed'): ClockEvent => ({ kind: 'extension', newDue, reason, agreedWith: 'the Panel', agreedOn });

describe('extensions', () => {
  const first = extension('2020-01-10', '2020-01-24', 'first');
  const second = extension('2020-01-14', '2020-01-31', 'second');

  it.each([
    ['later listed last', [first, second]],
    ['later listed first', [second, first]],
  ])('the extension agreed last wins (%s)', (_order, events) => {
    const d = rapidReview(events);
    expect([d.due, d.statutoryDue, d.explanation.extension?.reason]).toEqual(['2020-01-31', '2020-01-15', 'second']);
    expect(d.sentence).toBe(
      "due Fri 31 Jan 2020: extended by agreement with the Panel on 14 Jan 2020 (second); statutory date Wed 15 Jan 2020: 15 working days after 20 Dec 2019, skipping Christmas Day, Boxing Day and New Year's Day",
    );
  });

  it('of two agreed the same day, the one recorded last wins', () => {
    const sameDay = extension('2020-01-14', '2020-01-24', 'same day');
    expect(rapidReview([second, sameDay]).due).toBe('2020-01-24');
    expect(rapidReview([sameDay, second]).due).toBe('2020-01-31');
  });

  it('is moved only by the part of a hold after it was agreed', () => {
    // Agreed Tue 14 Jan: the hold from Mon 13 to Mon 20 Jan counts Wed 15 to Fri 17, 3 working days: Fri 31 Jan + 3 = Wed 5 Feb.
    const d = rapidReview([second, pause('2020-01-13', '2020-01-20')]);
    expect([d.due, d.explanation.pauses[0]?.workingDays]).toEqual(['2020-02-05', 3]);
  });
});

describe('holds', () => {
  it('a weekend-only hold moves nothing, not even a Saturday due date', () => {
    // T7 from Sat 16 Nov 2019 is Sat 16 May 2020; a hold from Sat 1 Feb to Mon 3 Feb holds no working day.
    // Since issue 11 a T7 target on a weekend is planned for the working day before (Fri 15 May 2020);
    // the counted date stays the statutory one, unmoved by the hold.
    const d = computeDeadline({ key: 'lcspr', rule: T7, ruleSetId: 'wt2018', start: { event: 'decision-to-initiate', date: '2019-11-16' }, calendar: defaultCalendar(), events: [pause('2020-02-01', '2020-02-03')] });
    expect([d.due, d.statutoryDue, d.explanation.pauses[0]?.workingDays]).toEqual(['2020-05-15', '2020-05-16', 0]);
    expect(d.sentence).toBe('due Fri 15 May 2020: 6 months after 16 Nov 2019 is Sat 16 May 2020, not a working day (a weekend): planned for the working day before');
  });

  it.each([
    ['outer listed first', [pause('2020-01-06', '2020-01-13', 'outer'), pause('2020-01-08', '2020-01-10', 'inner')]],
    ['inner listed first', [pause('2020-01-08', '2020-01-10', 'inner'), pause('2020-01-06', '2020-01-13', 'outer')]],
  ])('a hold inside an earlier one counts nothing (%s)', (_order, events) => {
    // Mon 6 to Fri 10 Jan: 5 working days; Wed 15 Jan + 5 = Wed 22 Jan.
    const d = rapidReview(events);
    expect(d.explanation.pauses.map((p) => [p.reason, p.workingDays])).toEqual([
      ['outer', 5],
      ['inner', 0],
    ]);
    expect(d.due).toBe('2020-01-22');
    expect(d.sentence).toBe(`due Wed 22 Jan 2020: 15 working days after 20 Dec 2019, skipping Christmas Day, Boxing Day and New Year's Day, plus 5 working days on hold (outer)`);
  });

  it('a hold starting on the due day counts; one starting the day after does not', () => {
    // Wed 15 to Fri 17 Jan: 2 working days.
    expect(rapidReview([pause('2020-01-15', '2020-01-17')]).due).toBe('2020-01-17');
    expect(rapidReview([pause('2020-01-16', '2020-01-20')]).due).toBe('2020-01-15');
  });

  it('a hold of one working day says so in the singular', () => {
    expect(rapidReview([pause('2020-01-06', '2020-01-07')]).sentence).toMatch(/, plus 1 working day on hold \(hold\)$/);
  });

  it('counts only the part of a hold after the clock started', () => {
    // From Mon 16 to Tue 24 Dec 2019, the clock started Sat 21 Dec: Mon 23 Dec only.
    expect(rapidReview([pause('2019-12-16', '2019-12-24')]).explanation.pauses[0]?.workingDays).toBe(1);
  });

  it('an open hold counts to asOf inclusive, and a later hold inside it adds nothing', () => {
    // Open since Mon 6 Jan, as of Wed 8 Jan: 3 working days; Wed 15 Jan + 3 = Mon 20 Jan.
    const d = rapidReview([pause('2020-01-06', undefined, 'inquest'), pause('2020-01-07', '2020-01-14', 'capacity')], '2020-01-08');
    expect(d.explanation.pauses.map((p) => p.workingDays)).toEqual([3, 0]);
    expect([d.due, d.paused]).toEqual(['2020-01-20', true]);
    expect(d.sentence).toBe(`due Mon 20 Jan 2020: 15 working days after 20 Dec 2019, skipping Christmas Day, Boxing Day and New Year's Day, on hold since Mon 6 Jan 2020 (inquest): 3 working days so far`);
    expect(rapidReview([pause('2020-01-06', undefined, 'inquest')]).sentence).toMatch(/, on hold since Mon 6 Jan 2020 \(inquest\)$/);
  });

  it('refuses a hold that ends before it starts, and accepts one that ends the day it starts', () => {
    expect(() => rapidReview([pause('2020-01-08', '2020-01-07')])).toThrow('pause ends (2020-01-07) before it starts (2020-01-08)');
    expect(rapidReview([pause('2020-01-08', '2020-01-08')]).due).toBe('2020-01-15');
  });
});

describe('counts and sentences', () => {
  it('T9: kept published a calendar year, from a leap day to 28 February', () => {
    const d = computeDeadline({ key: 'kept-published', rule: T9, ruleSetId: 'wt2018', start: { event: 'publication', date: '2020-02-29' }, calendar: defaultCalendar() });
    // T9 is a standing obligation since issue 11 ("kept available until"), and kept as counted on a weekend.
    expect([d.due, d.kind, d.explanation.count, d.sentence]).toEqual([
      '2021-02-28',
      'standing',
      '1 year after',
      'kept available until Sun 28 Feb 2021: 1 year after 29 Feb 2020 is Sun 28 Feb 2021, not a working day (a weekend): kept as counted',
    ]);
  });

  it('a rule without a timescale is refused by name', () => {
    expect(() => computeDeadline({ key: 'x', rule: T10, ruleSetId: 'wt2018', start: { event: 'delay-known', date: '2020-01-06' }, calendar: defaultCalendar() })).toThrow(
      'T10 (Delay or non-publication explained) has no timescale to count',
    );
  });

  it.each<[string, StatutoryRule['count'], StatutoryRule['direction'], string]>([
    ['one working day', { unit: 'working-days', amount: 1 }, 'after', '1 working day after'],
    ['months', { unit: 'calendar-months', amount: 1 }, 'after', '1 month after'],
    ['years', { unit: 'calendar-years', amount: 2 }, 'after', '2 years after'],
    ['working days back', { unit: 'working-days', amount: 2 }, 'before', '2 working days before'],
    ['months back', { unit: 'calendar-months', amount: 2 }, 'before', '2 months before'],
  ])('counts %s', (_what, count, direction, phrase) => {
    const rule: StatutoryRule = { ...T1, count, direction };
    expect(computeDeadline({ key: 'x', rule, ruleSetId: 'wt2018', start: { event: 'board-meeting', date: '2020-01-15' }, calendar: defaultCalendar() }).explanation.count).toBe(phrase);
  });

  it('counting back names the event and its weekday; counting on names the date only', () => {
    const back: StatutoryRule = { ...T8, count: { unit: 'calendar-months', amount: 2 } };
    const d = computeDeadline({ key: 'x', rule: back, ruleSetId: 'wt2018', start: { event: 'board-meeting', date: '2020-03-31' }, calendar: defaultCalendar() });
    expect([d.due, d.sentence]).toEqual(['2020-01-31', 'due Fri 31 Jan 2020: 2 months before the board meeting date Tue 31 Mar 2020']);
    const yearsBack = computeDeadline({ key: 'x', rule: { ...T8, count: { unit: 'calendar-years', amount: 1 } }, ruleSetId: 'wt2018', start: { event: 'planned-publication', date: '2020-02-29' }, calendar: defaultCalendar() });
    expect(yearsBack.due).toBe('2019-02-28');
  });

  it('names one skipped holiday alone and two with "and"', () => {
    // T1 from Mon 30 Dec 2019: Tue 31, Thu 2, Fri 3, Mon 6, Tue 7 Jan.
    const one = computeDeadline({ key: 'n', rule: T1, ruleSetId: 'wt2018', start: { event: 'awareness', date: '2019-12-30' }, calendar: defaultCalendar() });
    expect(one.sentence).toBe("due Tue 7 Jan 2020: 5 working days after 30 Dec 2019, skipping New Year's Day");
    // T1 from Fri 20 Dec 2019: Mon 23, Tue 24, Fri 27, Mon 30, Tue 31 Dec.
    const two = computeDeadline({ key: 'n', rule: T1, ruleSetId: 'wt2018', start: { event: 'awareness', date: '2019-12-20' }, calendar: defaultCalendar() });
    expect(two.sentence).toBe('due Tue 31 Dec 2019: 5 working days after 20 Dec 2019, skipping Christmas Day and Boxing Day');
    const none = computeDeadline({ key: 'n', rule: T1, ruleSetId: 'wt2018', start: { event: 'awareness', date: '2020-01-06' }, calendar: defaultCalendar(), note: 'a note' });
    expect([none.sentence, none.explanation.note]).toEqual(['due Mon 13 Jan 2020: 5 working days after 6 Jan 2020', 'a note']);
    expect('note' in rapidReview().explanation).toBe(false);
  });

  it('a deferral says since when and whether the Panel and Secretary of State were told', () => {
    const t8 = (deferral: ClockEvent) => computeDeadline({ key: 'p', rule: T8, ruleSetId: 'wt2018', start: { event: 'planned-publication', date: '2021-02-12' }, calendar: defaultCalendar(), events: [deferral] });
    const told = t8({ kind: 'publication-deferral', from: '2021-02-01', reason: 'inquest', panelAndSoSToldOn: '2021-02-02' });
    expect(told.explanation.publicationDeferral).toStrictEqual({ from: '2021-02-01', reason: 'inquest', panelAndSoSToldOn: '2021-02-02' });
    expect([told.paused, told.sentence]).toEqual([true, 'due Wed 3 Feb 2021: 7 working days before the planned publication date Fri 12 Feb 2021, publication deferred since Mon 1 Feb 2021 (inquest)']);
    expect(t8({ kind: 'publication-deferral', from: '2021-02-01', reason: 'inquest' }).explanation.publicationDeferral).toStrictEqual({ from: '2021-02-01', reason: 'inquest' });
    expect(rapidReview().explanation.rule).toStrictEqual({ id: 'T4', title: 'Rapid review sent to the Panel', source: T4.source, duty: 'should', status: 'stated' });
  });
});

describe('deadlineStatus boundaries', () => {
  const due = { due: '2020-01-15', statutoryDue: '2020-01-14', paused: false };
  // Issue 11 added a verdict sentence to every status.
  it.each([
    ['2020-01-07', 'on-track', 6, false, 'due Wed 15 Jan 2020, 6 working days left'],
    ['2020-01-08', 'at-risk', 5, false, 'due Wed 15 Jan 2020, 5 working days left'],
    ['2020-01-14', 'at-risk', 1, false, 'due Wed 15 Jan 2020, 1 working day left'],
    ['2020-01-15', 'due-today', 0, true, 'due today (Wed 15 Jan 2020)'],
    ['2020-01-16', 'overdue', -1, true, 'overdue: due Wed 15 Jan 2020, 1 working day ago'],
  ])('on %s: %s, %i working days left', (today, status, workingDaysRemaining, statutoryDuePassed, verdict) => {
    expect(deadlineStatus(due, today, defaultCalendar())).toEqual({ status, workingDaysRemaining, statutoryDuePassed, verdict });
  });

  it('on hold, met on the statutory day, and a threshold of its own', () => {
    expect(deadlineStatus({ ...due, paused: true }, '2020-01-16', defaultCalendar()).status).toBe('on-hold');
    expect(deadlineStatus(due, '2020-02-01', defaultCalendar(), { metOn: '2020-01-14' })).toEqual({ status: 'met', workingDaysRemaining: 1, statutoryDuePassed: false, verdict: 'met on Tue 14 Jan 2020, on or before Wed 15 Jan 2020' });
    // Met a working day after the due date: met-late, 1 working day late (Wed 15 -> Thu 16 Jan 2020).
    expect(deadlineStatus(due, '2020-02-01', defaultCalendar(), { metOn: '2020-01-16' })).toMatchObject({ status: 'met-late', workingDaysLate: 1 });
    expect(deadlineStatus(due, '2020-02-01', defaultCalendar(), { metOn: '2020-01-15' }).status).toBe('met');
    expect(deadlineStatus(due, '2020-01-07', defaultCalendar(), { atRiskWorkingDays: 6 }).status).toBe('at-risk');
  });
});

describe('two more the mutation run found', () => {
  it('counts several calendar years', () => {
    const rule: StatutoryRule = { ...T9, count: { unit: 'calendar-years', amount: 2 } };
    expect(computeDeadline({ key: 'x', rule, ruleSetId: 'wt2018', start: { event: 'publication', date: '2020-02-29' }, calendar: defaultCalendar() }).due).toBe('2022-02-28');
  });

  it('a second hold inside a long one, after a first inner one, also counts nothing', () => {
    // Outer Mon 6 to Mon 20 Jan: 10 working days; the inner holds add none. Wed 15 Jan + 10 = Wed 29 Jan.
    const d = rapidReview([pause('2020-01-06', '2020-01-20', 'outer'), pause('2020-01-08', '2020-01-10', 'first'), pause('2020-01-13', '2020-01-17', 'second')]);
    expect(d.explanation.pauses.map((p) => p.workingDays)).toEqual([10, 0, 0]);
    expect(d.due).toBe('2020-01-29');
  });
});

describe('a standing obligation and the case in one word', () => {
  // T9's kind: kept published until Thu 10 Feb 2022, a year after publication on 10 Feb 2021.
  const keptUntil = { kind: 'standing' as const, due: '2022-02-10', statutoryDue: '2022-02-10', paused: false };

  it.each([
    ['2022-02-09', 'kept available until Thu 10 Feb 2022'],
    ['2022-02-10', 'was to be kept available until Thu 10 Feb 2022'],
    ['2022-02-11', 'was to be kept available until Thu 10 Feb 2022'],
  ])('on %s a standing obligation reads "%s" and is never past its statutory date', (today, verdict) => {
    expect(deadlineStatus(keptUntil, today, defaultCalendar())).toMatchObject({ status: 'standing', statutoryDuePassed: false, verdict });
  });

  const open = { finishKey: 'completion', completed: false, onHold: false };
  it.each<[DeadlineStatus[], string]>([
    [['on-track', 'at-risk'], 'at-risk'],
    [['at-risk', 'on-track'], 'at-risk'],
    [['on-track', 'due-today'], 'at-risk'],
    [['on-track', 'on-track'], 'on-track'],
    [['at-risk', 'overdue'], 'overdue'],
  ])('open deadlines %j make the case %s: the worst one counts', (statuses, health) => {
    expect(caseHealth(statuses.map((status, i) => ({ key: `d${i}`, status })), open)).toBe(health);
  });
});
