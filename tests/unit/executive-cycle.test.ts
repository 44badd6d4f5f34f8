import { defaultCalendar } from '../../domain/calendar';
import {
  applyExecutiveMilestone,
  DEFAULT_EXECUTIVE_CONFIG,
  executiveAllowedNext,
  executiveDeadlines,
  executiveMilestoneRefusal,
  executiveReminders,
  executiveStage,
  meetingDates,
  meetingOnOrAfter,
  meetingsUntil,
  nextPapersDue,
  papersDeadlineMovesAt,
  type Cadence,
  type ExecutiveCycleState,
  type ExecutiveMilestoneInput,
} from '../../domain/executive-cycle';

// Annual report 2019-20, section 6: monthly from the new arrangements, two-weekly for COVID-19 in 2020.
const MONTHLY: Cadence = { pattern: 'monthly', from: '2019-10-16', decidedOn: '2019-09-30' };
const TWO_WEEKLY: Cadence = { pattern: 'two-weekly', from: '2020-03-27', decidedOn: '2020-03-20' };
const start: ExecutiveCycleState = { cadences: [MONTHLY], meetings: [], actions: [] };
const apply = (s: ExecutiveCycleState, ...inputs: ExecutiveMilestoneInput[]) => inputs.reduce(applyExecutiveMilestone, s);

describe('Executive Group meeting dates', () => {
  test('monthly on the 16th, moved off weekends, then two-weekly from Fri 27 Mar 2020, moved off Good Friday, Easter Monday and VE Day', () => {
    const cal = defaultCalendar();
    expect(meetingsUntil(cal, [MONTHLY, TWO_WEEKLY], '2020-06-05')).toEqual([
      '2019-10-16', // Wed
      '2019-11-18', // Sat 16 Nov -> Mon
      '2019-12-16',
      '2020-01-16',
      '2020-02-17', // Sun 16 Feb -> Mon
      '2020-03-16',
      '2020-03-27', // two-weekly from here
      '2020-04-14', // Fri 10 Apr Good Friday, Mon 13 Apr Easter Monday -> Tue
      '2020-04-24',
      '2020-05-11', // Fri 8 May 2020 VE Day bank holiday -> Mon
      '2020-05-22',
      '2020-06-05',
    ]);
  });

  test('papers 5 and agenda 3 working days before, skipping Easter and VE Day', () => {
    const cal = defaultCalendar();
    expect(meetingDates(cal, '2020-04-14', DEFAULT_EXECUTIVE_CONFIG)).toEqual({ meetingOn: '2020-04-14', papersDueOn: '2020-04-03', agendaDueOn: '2020-04-07' });
    expect(meetingDates(cal, '2020-05-11', DEFAULT_EXECUTIVE_CONFIG)).toEqual({ meetingOn: '2020-05-11', papersDueOn: '2020-05-01', agendaDueOn: '2020-05-05' });
  });

  test('a cycle whose first meeting is months ahead still has a next meeting (the fuzz found one in 2151 that stopped the workflow)', () => {
    const cal = defaultCalendar();
    // Mon 2 Aug 2027; asked from Fri 4 Dec 2026, eight months before it.
    expect(meetingOnOrAfter(cal, [{ pattern: 'monthly', from: '2027-08-02', decidedOn: '2026-12-04' }], '2026-12-04')).toBe('2027-08-02');
    // Sat 16 Oct 2027 -> Mon 18 Oct.
    expect(meetingOnOrAfter(cal, [{ pattern: 'monthly', from: '2027-10-16', decidedOn: '2026-12-04' }], '2026-12-04')).toBe('2027-10-18');
  });

  test('the stage names the cadence in force on the day', () => {
    expect(executiveStage([MONTHLY, TWO_WEEKLY], '2020-03-26')).toBe('meeting monthly');
    expect(executiveStage([MONTHLY, TWO_WEEKLY], '2020-03-27')).toBe('meeting two-weekly');
  });
});

describe('Executive Group milestones', () => {
  const today = '2020-04-20';

  test('a cadence change takes effect after the latest one and not before it was decided', () => {
    const cal = defaultCalendar();
    expect(executiveMilestoneRefusal(cal, start, { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27' }, today)).toBeUndefined();
    expect(executiveMilestoneRefusal(cal, start, { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2019-10-16' }, today)).toBe(
      'a cadence already applies from 2019-10-16; a change must take effect after it',
    );
    expect(executiveMilestoneRefusal(cal, start, { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-19' }, today)).toBe(
      'from 2020-03-19 is before the decision (2020-03-20): a change takes effect on or after the day it is decided',
    );
    expect(executiveMilestoneRefusal(cal, start, { milestone: 'cadence-changed', occurredOn: '2020-04-21', pattern: 'two-weekly', from: '2020-05-01' }, today)).toBe('occurredOn 2020-04-21 is in the future (today is 2020-04-20)');
  });

  test('meeting held only on a meeting date of the cycle, then decisions and actions; in order, once', () => {
    const cal = defaultCalendar();
    const s = apply(start, { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27' });
    expect(executiveMilestoneRefusal(cal, s, { milestone: 'meeting-held', occurredOn: '2020-04-10', meetingOn: '2020-04-10' }, today)).toBe('2020-04-10 is not a meeting date of the cycle');
    expect(executiveMilestoneRefusal(cal, s, { milestone: 'decisions-recorded', occurredOn: '2020-04-14', meetingOn: '2020-04-14' }, today)).toBe("'decisions-recorded' cannot be recorded before 'meeting-held' for 2020-04-14");
    expect(executiveMilestoneRefusal(cal, s, { milestone: 'meeting-held', occurredOn: '2020-04-15', meetingOn: '2020-04-14' }, today)).toBe('a meeting is held on its date (2020-04-14), not 2020-04-15');
    expect(executiveMilestoneRefusal(cal, s, { milestone: 'agenda-issued', occurredOn: '2020-04-15', meetingOn: '2020-04-14' }, today)).toBe('an agenda is issued before its meeting (2020-04-14)');
    const held = apply(s, { milestone: 'agenda-issued', occurredOn: '2020-04-07', meetingOn: '2020-04-14' }, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' });
    expect(executiveMilestoneRefusal(cal, held, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' }, today)).toBe('the meeting of 2020-04-14 was already recorded as held');
    expect(executiveMilestoneRefusal(cal, held, { milestone: 'agenda-issued', occurredOn: '2020-04-07', meetingOn: '2020-04-14' }, today)).toBe('the agenda for 2020-04-14 was already issued on 2020-04-07');
    const agreed: ExecutiveMilestoneInput = { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-04-24' }] };
    expect(executiveMilestoneRefusal(cal, held, agreed, today)).toBeUndefined();
    const withActions = apply(held, agreed);
    expect(executiveMilestoneRefusal(cal, withActions, agreed, today)).toBe('the actions of 2020-04-14 were already recorded');
    expect(executiveMilestoneRefusal(cal, withActions, { milestone: 'action-completed', occurredOn: '2020-04-13', actionId: 'E1' }, today)).toBe('occurredOn 2020-04-13 is before the action was agreed (2020-04-14)');
    expect(executiveMilestoneRefusal(cal, withActions, { milestone: 'action-completed', occurredOn: '2020-04-20', actionId: 'E2' }, today)).toBe("no action 'E2' was agreed");
    const done = apply(withActions, { milestone: 'action-completed', occurredOn: '2020-04-20', actionId: 'E1' });
    expect(executiveMilestoneRefusal(cal, done, { milestone: 'action-completed', occurredOn: '2020-04-20', actionId: 'E1' }, today)).toBe("action 'E1' was already completed on 2020-04-20");
  });

  test('allowedNext offers the meetings and actions the validator accepts', () => {
    const cal = defaultCalendar();
    const s = apply(
      start,
      { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27' },
      { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
      { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-04-24' }] },
    );
    const allowed = executiveAllowedNext(cal, s, today);
    const by = Object.fromEntries(allowed.map((a) => [a.milestone, a]));
    expect(by['meeting-held']?.choices?.meetingOn).toEqual(['2019-10-16', '2019-11-18', '2019-12-16', '2020-01-16', '2020-02-17', '2020-03-16', '2020-03-27']);
    expect(by['decisions-recorded']?.choices?.meetingOn).toEqual(['2020-04-14']);
    expect(by['actions-agreed']).toBeUndefined();
    expect(by['agenda-issued']?.choices?.meetingOn).toContain('2020-04-24');
    expect(by['action-completed']?.items).toEqual(['E1']);
  });
});

describe('Executive Group reminders', () => {
  test('papers and agenda for the next meeting; an action before, on and after its due date, chased every 5 working days', () => {
    const cal = defaultCalendar();
    const s = apply(
      start,
      { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27' },
      { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
      { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-05-01' }] },
    );
    // On Mon 20 Apr 2020 (BST): next meeting Fri 24 Apr; papers due Fri 17 Apr were reminded on Wed 15 Apr.
    const at = (today: string) => executiveReminders('WSCPEX-2019-01', cal, s, today, DEFAULT_EXECUTIVE_CONFIG, '09:00').map((r) => [r.key, r.at]);
    expect(at('2020-04-20')).toEqual([
      ['exec:papers:2020-04-24', '2020-04-15T08:00:00.000Z'],
      ['exec:agenda:2020-04-24', '2020-04-21T08:00:00.000Z'],
      ['exec:action:E1:2020-05-01:before', '2020-04-28T08:00:00.000Z'],
      ['exec:action:E1:2020-05-01:due', '2020-05-01T08:00:00.000Z'],
      // 5 working days after Fri 1 May, skipping VE Day (Fri 8 May): Mon 11 May.
      ['exec:action:E1:2020-05-01:chase:1', '2020-05-11T08:00:00.000Z'],
    ]);
    // Still open on Tue 12 May: the next chase is 5 working days after 11 May.
    expect(at('2020-05-12').filter(([k]) => k!.startsWith('exec:action'))).toContainEqual(['exec:action:E1:2020-05-01:chase:2', '2020-05-18T08:00:00.000Z']);
    // Done: no more chasing.
    const done = apply(s, { milestone: 'action-completed', occurredOn: '2020-05-12', actionId: 'E1' });
    expect(executiveReminders('WSCPEX-2019-01', cal, done, '2020-05-12', DEFAULT_EXECUTIVE_CONFIG, '09:00').filter((r) => r.key.startsWith('exec:action'))).toEqual([]);
  });

  test('emails carry the reference and dates only', () => {
    const cal = defaultCalendar();
    const [papers] = executiveReminders('WSCPEX-2019-01', cal, start, '2019-10-01', DEFAULT_EXECUTIVE_CONFIG, '09:00');
    expect(papers?.notice.subject).toBe('[WSCPEX-2019-01] Reminder: papers for the Executive meeting of Wed 16 Oct 2019 due Wed 9 Oct 2019');
    expect(papers?.notice.to).toEqual(['executive']);
  });
});

describe('Executive Group deadlines in the read model', () => {
  // Built in each test, not in the describe body: code run at load is static to mutation testing.
  const withActions = () =>
    apply(
      { cadences: [MONTHLY, TWO_WEEKLY], meetings: [], actions: [] },
      { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
      { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-05-01' }, { id: 'E2', owner: 'health', dueOn: '2020-06-01' }] },
      { milestone: 'action-completed', occurredOn: '2020-04-30', actionId: 'E1' },
    );

  // Two-weekly meetings: Tue 14 Apr (held), Fri 24 Apr (papers Fri 17 Apr), Mon 11 May (VE Day Fri 8 May moved it: papers Fri 1 May).
  test.each([
    ['the next meeting\'s papers, while their date is still ahead', '2020-04-15', '2020-04-24', '2020-04-17'],
    ['on the papers date itself', '2020-04-17', '2020-04-24', '2020-04-17'],
    ['the following meeting\'s once the papers date has passed, though its meeting has not', '2020-04-20', '2020-05-11', '2020-05-01'],
  ])('%s (%s)', (_why, today, meetingOn, papersDueOn) => {
    expect(nextPapersDue(defaultCalendar(), withActions(), today, DEFAULT_EXECUTIVE_CONFIG)).toMatchObject({ meetingOn, papersDueOn });
  });

  test('a meeting already held is passed over, even on the day its papers are due', () => {
    const held = apply(withActions(), { milestone: 'meeting-held', occurredOn: '2020-04-24', meetingOn: '2020-04-24' });
    expect(nextPapersDue(defaultCalendar(), held, '2020-04-17', DEFAULT_EXECUTIVE_CONFIG).meetingOn).toBe('2020-05-11');
  });

  test('the papers deadline moves on at the start of the day after it, London time (BST)', () => {
    expect(papersDeadlineMovesAt(defaultCalendar(), withActions(), '2020-04-15', DEFAULT_EXECUTIVE_CONFIG)).toBe('2020-04-17T23:00:00.000Z');
  });

  test('one papers row and every action: an open action past its date is overdue, a completed one met', () => {
    const rows = executiveDeadlines(defaultCalendar(), withActions(), '2020-06-03', DEFAULT_EXECUTIVE_CONFIG);
    expect(rows.map((d) => [d.key, d.ruleId, d.due, d.status, d.metOn])).toEqual([
      ['papers', 'EG', '2020-06-12', 'on-track', undefined],
      ['action:E1', 'EG', '2020-05-01', 'met', '2020-04-30'],
      ['action:E2', 'EG', '2020-06-01', 'overdue', undefined],
    ]);
    expect(rows[2]!.sentence).toBe('due Mon 1 Jun 2020: the date set when the action was agreed on Tue 14 Apr 2020');
  });
});
