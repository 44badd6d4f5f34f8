import fc from 'fast-check';
import { addWorkingDays, defaultCalendar, isWorkingDay, workingDaysBetween } from '../../domain/calendar';
import { addCalendarDays } from '../../domain/dates';
import { computeDeadline, deadlineStatus, type ClockEvent } from '../../domain/deadlines';
import { STANDARD_RULES, type StatutoryRule } from '../../domain/rules';

const calendar = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test
// Read in each test, not at load: a rule set's table is built on each read, and code run at load is static to mutation testing.
let T4: StatutoryRule, T7: StatutoryRule, T8: StatutoryRule;
beforeEach(() => {
  ({ T4, T7, T8 } = STANDARD_RULES.rules);
});

function rapidReview(events?: ClockEvent[], asOf?: string) {
  return computeDeadline({
    key: 'rapid-review',
    rule: T4,
    ruleSetId: STANDARD_RULES.id,
    start: { event: 'awareness', date: '2019-12-20' },
    calendar: calendar(),
    ...(events ? { events } : {}),
    ...(asOf ? { asOf } : {}),
  });
}

const CHRISTMAS_2019 = "skipping Christmas Day, Boxing Day and New Year's Day";

describe('computeDeadline', () => {
  it('counts the rapid review over Christmas and says so in one sentence', () => {
    const d = rapidReview();
    expect(d.due).toBe('2020-01-15');
    expect(d.statutoryDue).toBe('2020-01-15');
    expect(d.paused).toBe(false);
    expect(d.sentence).toBe(`due Wed 15 Jan 2020: 15 working days after 20 Dec 2019, ${CHRISTMAS_2019}`);
    expect(d.explanation).toMatchObject({
      rule: { id: 'T4', duty: 'should', status: 'stated' },
      ruleSetId: 'wt2018',
      start: { event: 'awareness', date: '2019-12-20' },
      count: '15 working days after',
      pauses: [],
      calendarVersion: calendar().version,
    });
    expect(d.explanation.skipped.filter((s) => s.reason === 'weekend')).toHaveLength(8);
  });

  it('counts T8 back from the planned publication date', () => {
    const d = computeDeadline({
      key: 'pre-publication-copy',
      rule: T8,
      ruleSetId: STANDARD_RULES.id,
      start: { event: 'planned-publication', date: '2021-02-12' },
      calendar: calendar(),
    });
    expect(d.due).toBe('2021-02-03');
    expect(d.sentence).toBe('due Wed 3 Feb 2021: 7 working days before the planned publication date Fri 12 Feb 2021');
  });

  it('counts T8 back over Christmas, naming the holidays', () => {
    const d = computeDeadline({ key: 'pre-publication-copy', rule: T8, ruleSetId: 'wt2018', start: { event: 'planned-publication', date: '2021-01-05' }, calendar: calendar() });
    expect(d.sentence).toBe(
      "due Tue 22 Dec 2020: 7 working days before the planned publication date Tue 5 Jan 2021, skipping Christmas Day, Boxing Day and New Year's Day",
    );
  });

  it('counts calendar months for T7, clamping to the month end', () => {
    const start = { event: 'decision-to-initiate', date: '2019-08-31' };
    // Sat 29 Feb 2020 is not a working day: T7 plans for the working day before, keeping the statutory date.
    const d = computeDeadline({ key: 'lcspr', rule: T7, ruleSetId: 'wt2018', start, calendar: calendar() });
    expect([d.statutoryDue, d.due]).toEqual(['2020-02-29', '2020-02-28']);
  });

  it('refuses a rule with no timescale', () => {
    expect(() =>
      computeDeadline({ key: 'x', rule: STANDARD_RULES.rules.T10, ruleSetId: 'wt2018', start: { event: 'delay-known', date: '2020-01-06' }, calendar: calendar() }),
    ).toThrow(RangeError);
  });
});

describe('pauses', () => {
  it('moves a month deadline by the working days on hold (the 2020 review held for COVID-19)', () => {
    // 40 working days from Mon 23 Mar to Thu 21 May 2020, less Good Friday, Easter Monday and VE day.
    const d = computeDeadline({
      key: 'lcspr',
      rule: T7,
      ruleSetId: 'wt2018',
      start: { event: 'decision-to-initiate', date: '2019-11-15' },
      calendar: calendar(),
      events: [{ kind: 'pause', from: '2020-03-23', to: '2020-05-21', reason: 'COVID-19' }],
    });
    expect(d.statutoryDue).toBe('2020-05-15');
    expect(d.due).toBe('2020-07-13');
    expect(d.explanation.pauses).toEqual([{ from: '2020-03-23', to: '2020-05-21', workingDays: 40, reason: 'COVID-19' }]);
    expect(d.sentence).toBe('due Mon 13 Jul 2020: 6 months after 15 Nov 2019, plus 40 working days on hold (COVID-19)');
  });

  it('moves a month deadline that ends on a Saturday by working days from that Saturday, and not at all by a pause after it', () => {
    const lcspr = (events: ClockEvent[]) =>
      computeDeadline({ key: 'lcspr', rule: { ...T7, onNonWorkingDay: 'as-counted' }, ruleSetId: 'wt2018', start: { event: 'decision-to-initiate', date: '2019-11-16' }, calendar: calendar(), events });
    expect(lcspr([]).due).toBe('2020-05-16');
    expect(lcspr([{ kind: 'pause', from: '2020-03-23', to: '2020-03-25', reason: 'hold' }]).due).toBe('2020-05-19');
    expect(lcspr([{ kind: 'pause', from: '2020-05-18', to: '2020-05-20', reason: 'hold' }]).due).toBe('2020-05-16');
  });

  it('counts only working days when a pause spans bank holidays', () => {
    const d = rapidReview([{ kind: 'pause', from: '2019-12-23', to: '2020-01-02', reason: 'staff sickness' }]);
    expect(d.explanation.pauses[0]?.workingDays).toBe(5);
    expect(d.due).toBe('2020-01-22');
    expect(d.statutoryDue).toBe('2020-01-15');
    expect(d.sentence).toBe(`due Wed 22 Jan 2020: 15 working days after 20 Dec 2019, ${CHRISTMAS_2019}, plus 5 working days on hold (staff sickness)`);
  });

  it('adds several pauses', () => {
    const d = rapidReview([
      { kind: 'pause', from: '2020-01-13', to: '2020-01-20', reason: 'inquest' },
      { kind: 'pause', from: '2020-01-06', to: '2020-01-08', reason: 'disclosure' },
    ]);
    expect(d.explanation.pauses.map((p) => p.reason)).toEqual(['disclosure', 'inquest']);
    expect(d.explanation.pauses.map((p) => p.workingDays)).toEqual([2, 5]);
    expect(d.due).toBe('2020-01-24');
    expect(d.sentence).toContain('plus 2 working days on hold (disclosure), plus 5 working days on hold (inquest)');
  });

  it('counts a day covered by two pauses once', () => {
    const d = rapidReview([
      { kind: 'pause', from: '2020-01-06', to: '2020-01-10', reason: 'a' },
      { kind: 'pause', from: '2020-01-08', to: '2020-01-14', reason: 'b' },
    ]);
    expect(d.explanation.pauses.map((p) => p.workingDays)).toEqual([4, 2]);
    expect(d.due).toBe('2020-01-23');
  });

  it('counts nothing before the clock started, and only the part after it', () => {
    expect(rapidReview([{ kind: 'pause', from: '2019-12-02', to: '2019-12-10', reason: 'earlier' }]).due).toBe('2020-01-15');
    const straddling = rapidReview([{ kind: 'pause', from: '2019-12-18', to: '2019-12-24', reason: 'straddling' }]);
    expect(straddling.explanation.pauses[0]?.workingDays).toBe(1);
    expect(straddling.due).toBe('2020-01-16');
  });

  it('does not move a deadline already reached, so a breach stays a breach', () => {
    const d = rapidReview([{ kind: 'pause', from: '2020-01-20', to: '2020-02-03', reason: 'later hold' }]);
    expect(d.due).toBe('2020-01-15');
    expect(d.explanation.pauses[0]?.workingDays).toBe(0);
    expect(d.sentence).toBe(`due Wed 15 Jan 2020: 15 working days after 20 Dec 2019, ${CHRISTMAS_2019}`);
  });

  it('records a pause that began in the past, keeping the statutory date that passed while on hold', () => {
    const d = rapidReview([{ kind: 'pause', from: '2020-01-13', to: '2020-02-10', reason: 'criminal investigation' }]);
    expect(d.due).toBe('2020-02-12');
    expect(d.statutoryDue).toBe('2020-01-15');
    expect(deadlineStatus(d, '2020-02-05', calendar())).toMatchObject({ status: 'at-risk', workingDaysRemaining: 5, statutoryDuePassed: true });
  });

  it('marks a deadline on hold while a pause is open, counting the days so far only when told the date', () => {
    const open: ClockEvent[] = [{ kind: 'pause', from: '2020-01-06', reason: 'awaiting police disclosure' }];
    const d = rapidReview(open);
    expect(d.paused).toBe(true);
    expect(d.due).toBe('2020-01-15');
    expect(d.sentence).toBe(`due Wed 15 Jan 2020: 15 working days after 20 Dec 2019, ${CHRISTMAS_2019}, on hold since Mon 6 Jan 2020 (awaiting police disclosure)`);
    expect(d.explanation.pauses).toEqual([{ from: '2020-01-06', workingDays: 0, reason: 'awaiting police disclosure' }]);
    const soFar = rapidReview(open, '2020-01-10');
    expect(soFar.due).toBe('2020-01-22');
    expect(soFar.sentence).toMatch(/on hold since Mon 6 Jan 2020 \(awaiting police disclosure\): 5 working days so far$/);
    expect(deadlineStatus(d, '2020-01-20', calendar()).status).toBe('on-hold');
  });

  it('rejects a pause that ends before it starts', () => {
    expect(() => rapidReview([{ kind: 'pause', from: '2020-01-10', to: '2020-01-09', reason: 'typo' }])).toThrow(RangeError);
  });

  it('moves a deadline by exactly the working days a pause holds it (property)', () => {
    const start = fc.integer({ min: 0, max: 365 * 18 }).map((n) => addCalendarDays('2015-01-01', n));
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 90 }), (from, offset, length) => {
        const d0 = computeDeadline({ key: 'k', rule: T4, ruleSetId: 'wt2018', start: { event: 'awareness', date: from }, calendar: calendar() });
        const pauseFrom = addWorkingDays(calendar(), from, 1 + offset).date;
        const pauseTo = addCalendarDays(pauseFrom, length);
        let k = 0;
        for (let day = pauseFrom; day < pauseTo; day = addCalendarDays(day, 1)) if (isWorkingDay(calendar(), day)) k++;
        const d = computeDeadline({
          key: 'k',
          rule: T4,
          ruleSetId: 'wt2018',
          start: { event: 'awareness', date: from },
          calendar: calendar(),
          events: [{ kind: 'pause', from: pauseFrom, to: pauseTo, reason: 'hold' }],
        });
        return d.statutoryDue === d0.due && workingDaysBetween(calendar(), d0.due, d.due) === k && d.explanation.pauses[0]?.workingDays === k;
      }),
      { numRuns: 300 },
    );
  });
});

describe('extensions and deferrals', () => {
  it('works to an agreed extension, keeping the statutory date', () => {
    const d = rapidReview([{ kind: 'extension', newDue: '2020-01-31', reason: 'late agency chronology', agreedWith: 'the Panel', agreedOn: '2020-01-10' }]);
    expect(d.due).toBe('2020-01-31');
    expect(d.statutoryDue).toBe('2020-01-15');
    expect(d.explanation.extension).toEqual({ newDue: '2020-01-31', reason: 'late agency chronology', agreedWith: 'the Panel', agreedOn: '2020-01-10' });
    expect(d.sentence).toBe(
      `due Fri 31 Jan 2020: extended by agreement with the Panel on 10 Jan 2020 (late agency chronology); statutory date Wed 15 Jan 2020: 15 working days after 20 Dec 2019, ${CHRISTMAS_2019}`,
    );
  });

  it('uses the latest extension and moves it only by holds after it was agreed', () => {
    const d = rapidReview([
      { kind: 'pause', from: '2020-01-06', to: '2020-01-08', reason: 'before the extension' },
      { kind: 'extension', newDue: '2020-02-07', reason: 'second', agreedWith: 'the Panel', agreedOn: '2020-01-20' },
      { kind: 'extension', newDue: '2020-01-31', reason: 'first', agreedWith: 'the Panel', agreedOn: '2020-01-10' },
      { kind: 'pause', from: '2020-02-03', to: '2020-02-05', reason: 'after the extension' },
    ]);
    expect(d.explanation.extension?.reason).toBe('second');
    expect(d.explanation.pauses.map((p) => p.workingDays)).toEqual([0, 2]);
    expect(d.due).toBe('2020-02-11');
  });

  it('puts a deadline on hold while publication is deferred', () => {
    const d = computeDeadline({
      key: 'pre-publication-copy',
      rule: T8,
      ruleSetId: 'wt2018',
      start: { event: 'planned-publication', date: '2021-02-12' },
      calendar: calendar(),
      events: [{ kind: 'publication-deferral', from: '2021-01-25', reason: 'criminal proceedings', panelAndSoSToldOn: '2021-01-26' }],
    });
    expect(d.paused).toBe(true);
    expect(d.explanation.publicationDeferral).toEqual({ from: '2021-01-25', reason: 'criminal proceedings', panelAndSoSToldOn: '2021-01-26' });
    expect(d.sentence).toBe(
      'due Wed 3 Feb 2021: 7 working days before the planned publication date Fri 12 Feb 2021, publication deferred since Mon 25 Jan 2021 (criminal proceedings)',
    );
  });
});

describe('deadlineStatus', () => {
  const d = () => rapidReview(); // not at load (see calendar above)
  it.each([
    ['2020-01-06', 'on-track', 7],
    ['2020-01-08', 'at-risk', 5],
    ['2020-01-14', 'at-risk', 1],
    ['2020-01-15', 'due-today', 0],
    ['2020-01-17', 'overdue', -2],
    ['2020-01-20', 'overdue', -3],
  ])('on %s it is %s with %i working days remaining', (today, status, remaining) => {
    expect(deadlineStatus(d(), today, calendar())).toMatchObject({ status, workingDaysRemaining: remaining, statutoryDuePassed: today > '2020-01-15' });
  });

  it('takes the at-risk threshold and the date it was met', () => {
    expect(deadlineStatus(d(), '2020-01-08', calendar(), { atRiskWorkingDays: 3 }).status).toBe('on-track');
    expect(deadlineStatus(d(), '2020-02-01', calendar(), { metOn: '2020-01-14' })).toMatchObject({ status: 'met', workingDaysRemaining: 1, statutoryDuePassed: false });
    // Met after its date is met late (issue 11), by the working days late.
    expect(deadlineStatus(d(), '2020-02-01', calendar(), { metOn: '2020-01-17' })).toMatchObject({ status: 'met-late', workingDaysRemaining: -2, statutoryDuePassed: true, workingDaysLate: 2 });
  });
});
