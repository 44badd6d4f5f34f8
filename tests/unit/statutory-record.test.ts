/**
 * Issue 11, the statutory record: late is late (one verdict), holds move only what they held,
 * standing obligations are not chased, non-working-day targets are explained, and the rule set in
 * force on a case's start date is the one that applies.
 */
import { defaultCalendar } from '../../domain/calendar';
import { nextDeadline } from '../../domain/dashboard';
import { caseHealth, computeDeadline, deadlineStatus } from '../../domain/deadlines';
import { practiceReviewDeadlines, type HoldRecord, type PracticeReviewState, type RecordedPracticeMilestone } from '../../domain/practice-review';
import { COVID_2020_RULES, STANDARD_RULES, WORKING_TOGETHER_2023_RULES, ruleSetById, ruleSetFor, withRapidReviewClockStart } from '../../domain/rules';

const cal = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test
// Working days on the COVID-19 pause, Mon 23 Mar to Sun 19 Jul 2020, counted by hand: 17 weeks of
// 5 weekdays less Good Friday, Easter Monday, VE Day and the spring bank holiday.
const held = 81;
const m = (milestone: string, occurredOn: string, extra: Record<string, unknown> = {}) =>
  ({ milestone, occurredOn, recordedBy: 'x', recordedAt: `${occurredOn}T10:00:00Z`, ...extra }) as RecordedPracticeMilestone;

describe('one verdict: met on or before the date, met late after it', () => {
  const t4 = () => computeDeadline({ key: 'rapid-review', rule: STANDARD_RULES.rules.T4, ruleSetId: 'wt2018', start: { event: 'awareness', date: '2019-12-20' }, calendar: cal() });

  it.each([
    ['2020-01-14', 'met', undefined],
    ['2020-01-15', 'met', undefined],
    ['2020-01-16', 'met-late', 1],
    ['2020-01-22', 'met-late', 5],
  ])('a rapid review due Wed 15 Jan 2020 submitted on %s is %s', (metOn, status, late) => {
    const v = deadlineStatus(t4(), '2020-03-01', cal(), { metOn });
    expect([v.status, v.workingDaysLate]).toEqual([status, late]);
    // Nothing moved the date, so lateness is given once.
    expect(v.workingDaysLateAgainstStatutory).toBeUndefined();
  });

  it('a date moved by a hold is late against the adjusted date and against the statutory date', () => {
    const t7 = computeDeadline({
      key: 'completion',
      rule: STANDARD_RULES.rules.T7,
      ruleSetId: 'wt2018',
      start: { event: 'decision', date: '2019-11-20' },
      calendar: cal(),
      events: [{ kind: 'pause', from: '2020-03-23', to: '2020-07-20', reason: 'COVID-19' }],
    });
    expect([t7.statutoryDue, t7.due]).toEqual(['2020-05-20', '2020-09-14']);
    const v = deadlineStatus(t7, '2021-03-01', cal(), { metOn: '2021-02-10' });
    expect(v.status).toBe('met-late');
    expect(v.workingDaysLate).toBe(104);
    expect(v.workingDaysLateAgainstStatutory).toBe(185);
    expect(v.verdict).toBe(
      'met late on Wed 10 Feb 2021: 104 working days after its adjusted date (Mon 14 Sep 2020), 185 after the statutory date (Wed 20 May 2020)',
    );
  });

  it("a finished case's health says whether it finished in time", () => {
    const late = [{ key: 'completion', status: 'met-late' as const }];
    const onTime = [{ key: 'completion', status: 'met' as const }];
    expect(caseHealth(late, { finishKey: 'completion', completed: false, onHold: false })).toBe('finished-late');
    expect(caseHealth(late, { finishKey: 'completion', completed: true, onHold: false })).toBe('finished-late');
    expect(caseHealth(onTime, { finishKey: 'completion', completed: true, onHold: false })).toBe('closed');
    expect(caseHealth(onTime, { finishKey: 'completion', completed: false, onHold: false })).toBe('on-track');
    // An overdue action after a late publication is still the more urgent word.
    expect(caseHealth([...late, { key: 'action:A1', status: 'overdue' }], { finishKey: 'completion', completed: false, onHold: false })).toBe('overdue');
  });
});

describe('a hold moves only the deadlines running while it lasted', () => {
  const milestones = [
    m('reviewer-appointed', '2019-11-20', { reviewerName: 'R' }),
    m('terms-of-reference-agreed', '2019-12-16'),
    m('agency-reports-requested', '2020-01-06', { agencies: [{ agency: 'police', dueOn: '2020-02-14' }] }),
    m('agency-report-received', '2020-03-02', { agency: 'police' }),
    m('practitioner-learning-event-held', '2020-09-15'),
    m('draft-requested', '2020-09-21'),
    m('family-involvement-completed', '2020-10-02'),
    m('draft-report-received', '2020-11-20'),
    m('partner-sign-off', '2020-12-14', { plannedPublicationOn: '2021-02-10' }),
  ];
  const holds: HoldRecord[] = [{ kind: 'pause', from: '2020-03-23', to: '2020-07-20', reason: 'covid', panelAndSoSToldOn: '2020-03-23' }];
  const state = (running: boolean, ms = milestones): PracticeReviewState => ({ decidedOn: '2019-11-20', ruleSet: STANDARD_RULES, calendar: cal(), milestones: ms, holds, holdsMoveOnlyRunningDeadlines: running });

  it('T8, set at sign-off after the resume, is 7 working days before the planned date, not pushed past it by the hold', () => {
    const copy = practiceReviewDeadlines(state(true), '2021-01-04').find((d) => d.key === 'pre-publication-copy')!;
    expect([copy.due, copy.statutoryDue]).toEqual(['2021-02-01', '2021-02-01']);
    expect(copy.explanation.pauses).toEqual([]);
    expect(copy.sentence).toBe('due Mon 1 Feb 2021: 7 working days before the planned publication date Wed 10 Feb 2021');
    // Reviews started before the patch keep the dates they were recorded with.
    const legacy = practiceReviewDeadlines(state(false), '2021-01-04').find((d) => d.key === 'pre-publication-copy')!;
    expect(legacy.due).toBe('2021-05-28');
  });

  it('the six-month completion, running since the decision, moves by the whole hold and lists it', () => {
    const completion = practiceReviewDeadlines(state(true), '2021-01-04').find((d) => d.key === 'completion')!;
    expect(completion.due).toBe('2020-09-14');
    expect(completion.explanation.pauses).toEqual([{ from: '2020-03-23', to: '2020-07-20', workingDays: held, reason: 'COVID-19' }]);
  });

  it('agency reports requested after the resume start from their own date', () => {
    const later = [...milestones.slice(0, 2), m('agency-reports-requested', '2020-07-27', { agencies: [{ agency: 'health', dueOn: '2020-08-28' }] })];
    const report = practiceReviewDeadlines(state(true, later), '2020-08-01').find((d) => d.key === 'agency-report:health')!;
    expect(report.due).toBe('2020-08-28');
    expect(report.explanation.pauses).toEqual([]);
    // Requested before the hold and due during it, the report's date is moved by it.
    const before = [...milestones.slice(0, 2), m('agency-reports-requested', '2020-03-02', { agencies: [{ agency: 'police', dueOn: '2020-04-03' }] })];
    const police = practiceReviewDeadlines(state(true, before), '2020-08-01').find((d) => d.key === 'agency-report:police')!;
    expect(police.due).toBe('2020-07-31');
  });
});

describe('standing obligations', () => {
  const t9 = () => computeDeadline({ key: 'kept-published', rule: STANDARD_RULES.rules.T9, ruleSetId: 'wt2018', start: { event: 'publication', date: '2021-02-10' }, calendar: cal() });

  it('T9 is kept available until its date, never overdue', () => {
    expect(t9().kind).toBe('standing');
    expect(t9().sentence).toBe('kept available until Thu 10 Feb 2022: 1 year after 10 Feb 2021');
    expect(deadlineStatus(t9(), '2021-06-01', cal()).status).toBe('standing');
    expect(deadlineStatus(t9(), '2023-06-01', cal()).status).toBe('standing');
  });

  it('is never the next deadline, even when it is the only one open', () => {
    const action = { key: 'action:A1', title: 'Action', due: '2022-06-01', statutoryDue: '2022-06-01', paused: false, sentence: '', kind: 'deadline' };
    expect(nextDeadline([t9()], '2023-01-01', cal())).toBeUndefined();
    expect(nextDeadline([t9(), action], '2021-06-01', cal())?.key).toBe('action:A1');
  });

  it('rule sets recorded before the kind existed still treat T9 as standing', () => {
    const recorded = { ...STANDARD_RULES.rules.T9 };
    delete recorded.kind;
    expect(computeDeadline({ key: 'kept-published', rule: recorded, ruleSetId: 'wt2018', start: { event: 'publication', date: '2021-02-10' }, calendar: cal() }).kind).toBe('standing');
  });
});

describe('a calendar-month target on a non-working day', () => {
  it('is planned for the working day before, the statutory date visible and explained', () => {
    const d = computeDeadline({ key: 'completion', rule: WORKING_TOGETHER_2023_RULES.rules.T7, ruleSetId: 'wt2023', start: { event: 'decision', date: '2025-12-13' }, calendar: cal() });
    expect([d.statutoryDue, d.due]).toEqual(['2026-06-13', '2026-06-12']);
    expect(d.explanation.nonWorkingDay).toEqual({ counted: '2026-06-13', why: 'a weekend', treatment: 'working-day-before' });
    expect(d.sentence).toBe('due Fri 12 Jun 2026: 6 months after 13 Dec 2025 is Sat 13 Jun 2026, not a working day (a weekend): planned for the working day before');
    // Met on the Friday is in time.
    expect(deadlineStatus(d, '2026-07-01', cal(), { metOn: '2026-06-12' }).status).toBe('met');
  });

  it('names a bank holiday, and follows the rule where it says the working day after', () => {
    // 6 months after 25 Jun 2026 is Fri 25 Dec 2026.
    const rule = { ...WORKING_TOGETHER_2023_RULES.rules.T7, onNonWorkingDay: 'working-day-after' as const };
    const d = computeDeadline({ key: 'completion', rule, ruleSetId: 'wt2023', start: { event: 'decision', date: '2026-06-25' }, calendar: cal() });
    expect([d.statutoryDue, d.due]).toEqual(['2026-12-25', '2026-12-29']);
    expect(d.sentence).toContain('is Fri 25 Dec 2026, not a working day (Christmas Day): planned for the working day after');
  });
});

describe('the rule set in force on the start date', () => {
  it.each([
    ['2019-11-20', 'wt2018'],
    ['2020-03-23', 'wt2018-covid-2020'],
    ['2021-03-31', 'wt2018-covid-2020'],
    ['2021-04-01', 'wt2018'],
    ['2023-12-14', 'wt2018'],
    ['2023-12-15', 'wt2023'],
    ['2026-12-04', 'wt2023'],
  ])('on %s it is %s', (date, id) => {
    expect(ruleSetFor(date).id).toBe(id);
  });

  it('Working Together 2023 keeps the timescales and names its own sources', () => {
    for (const id of ['T1', 'T4', 'T7', 'T8', 'T9'] as const) {
      expect(WORKING_TOGETHER_2023_RULES.rules[id].count).toEqual(STANDARD_RULES.rules[id].count);
    }
    expect(WORKING_TOGETHER_2023_RULES.rules.T7.source).toBe('Working Together to Safeguard Children 2023, chapter 5');
    expect(WORKING_TOGETHER_2023_RULES.rules.T4.source).toContain("Child Safeguarding Practice Review Panel's guidance");
    expect(WORKING_TOGETHER_2023_RULES.rules.T1.source).toMatch(/^Children Act 2004 s16C\(1\)/);
    expect(Object.values(WORKING_TOGETHER_2023_RULES.rules).some((r) => r.source.includes('2018, chapter 4'))).toBe(false);
  });

  it('the COVID-19 set says why it ends when it does', () => {
    expect(COVID_2020_RULES.effectiveTo).toBe('2021-03-31');
    expect(COVID_2020_RULES.basis).toMatch(/No source available here fixes an end date/);
    // A case records the id of its set, with any partnership variant, and the API names the set and its basis.
    expect(ruleSetById(withRapidReviewClockStart(COVID_2020_RULES, 'notification-sent').id)).toBe(COVID_2020_RULES);
    expect(ruleSetById('wt2023')).toBe(WORKING_TOGETHER_2023_RULES);
    expect(ruleSetById('unknown')).toBeUndefined();
  });
});
