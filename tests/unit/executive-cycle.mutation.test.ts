/**
 * The Executive Group's meeting cycle (domain/executive-cycle.ts): the cases executive-cycle.test.ts
 * leaves open, found by mutation testing (npm run test:mutation): the edges of the meeting list,
 * every refusal and its order, the state after each milestone, the wording of each email, and the
 * request bodies. Dates are hand counts on gov.uk's England and Wales list (2019-20: Christmas,
 * Good Friday 10 Apr, Easter Monday 13 Apr, VE Day Fri 8 May 2020); London is on BST from 29 Mar to
 * 25 Oct 2020, so 09:00 London is 08:00Z. No expected date is computed by the calendar code.
 */
import { defaultCalendar } from '../../domain/calendar';
import { formFields } from '../../domain/form-fields';
import {
  DEFAULT_EXECUTIVE_CONFIG,
  ExecutiveMilestoneBody,
  StartExecutiveCycleBody,
  actionNotice,
  agendaNotice,
  applyExecutiveMilestone,
  cadenceAt,
  cadenceChangedNotice,
  executiveAllowedNext,
  executiveMilestoneKey,
  executiveMilestoneRefusal,
  executiveMilestoneSummary,
  executiveReminders,
  executiveStage,
  meetingChoices,
  meetingOnOrAfter,
  meetingsUntil,
  papersNotice,
  type Cadence,
  type ExecutiveCycleState,
  type ExecutiveMilestoneInput,
} from '../../domain/executive-cycle';

const REF = 'WSCPEX-2019-01';
const MONTHLY: Cadence = { pattern: 'monthly', from: '2019-10-16', decidedOn: '2019-09-30' };
const TWO_WEEKLY: Cadence = { pattern: 'two-weekly', from: '2020-03-27', decidedOn: '2020-03-20' };
const both: ExecutiveCycleState = { cadences: [MONTHLY, TWO_WEEKLY], meetings: [], actions: [] };
const apply = (s: ExecutiveCycleState, ...inputs: ExecutiveMilestoneInput[]) => inputs.reduce(applyExecutiveMilestone, s);
const FOOTER = 'Sent by review-engine for the partnership Executive Group. Record it when it is done and the reminders stop.';

describe('the meeting list at its edges', () => {
  test('a slot up to the last day whose meeting moves past it is not yet listed', () => {
    const cal = defaultCalendar();
    // Sat 16 Nov 2019 moves to Mon 18 Nov.
    expect(meetingsUntil(cal, [MONTHLY], '2019-11-17')).toEqual(['2019-10-16']);
    expect(meetingsUntil(cal, [MONTHLY], '2019-11-18')).toEqual(['2019-10-16', '2019-11-18']);
    expect(meetingsUntil(cal, [MONTHLY], '2019-10-15')).toEqual([]);
    expect(meetingsUntil(cal, [MONTHLY], '2019-10-16')).toEqual(['2019-10-16']);
  });

  test('an old slot moved onto the new cadence’s first meeting is one meeting, not two', () => {
    const cal = defaultCalendar();
    // Monthly from Wed 16 Oct; two-weekly from Mon 18 Nov, where Sat 16 Nov's meeting lands.
    const fromMonday: Cadence = { pattern: 'two-weekly', from: '2019-11-18', decidedOn: '2019-11-01' };
    expect(meetingsUntil(cal, [MONTHLY, fromMonday], '2019-12-02')).toEqual(['2019-10-16', '2019-11-18', '2019-12-02']);
    expect(meetingsUntil(cal, [fromMonday, MONTHLY], '2019-12-02')).toEqual(['2019-10-16', '2019-11-18', '2019-12-02']);
  });

  test('the next meeting on or after a day: that day itself if it is one', () => {
    const cal = defaultCalendar();
    expect(meetingOnOrAfter(cal, [MONTHLY, TWO_WEEKLY], '2020-04-14')).toBe('2020-04-14');
    expect(meetingOnOrAfter(cal, [MONTHLY, TWO_WEEKLY], '2020-04-15')).toBe('2020-04-24');
    expect(meetingOnOrAfter(cal, [MONTHLY, TWO_WEEKLY], '2020-05-08')).toBe('2020-05-11'); // VE Day moves it
  });

  test('a cycle starting months ahead, listed after a later cadence, still finds its first meeting', () => {
    const cal = defaultCalendar();
    const later: Cadence = { pattern: 'two-weekly', from: '2027-12-06', decidedOn: '2026-12-04' };
    const first: Cadence = { pattern: 'monthly', from: '2027-08-02', decidedOn: '2026-12-04' };
    expect(meetingOnOrAfter(cal, [later, first], '2026-12-04')).toBe('2027-08-02');
    expect(meetingOnOrAfter(cal, [first, later], '2026-12-04')).toBe('2027-08-02');
  });

  test('no cadence, no meeting', () => {
    expect(() => meetingOnOrAfter(defaultCalendar(), [], '2020-04-20')).toThrow(new RangeError('no meeting on or after 2020-04-20'));
  });

  test('the cadence in force on a day, whichever order they are listed in; before the first, the first', () => {
    for (const cadences of [
      [MONTHLY, TWO_WEEKLY],
      [TWO_WEEKLY, MONTHLY],
    ]) {
      expect(cadenceAt(cadences, '2020-03-26')).toBe(MONTHLY);
      expect(cadenceAt(cadences, '2020-03-27')).toBe(TWO_WEEKLY);
      expect(cadenceAt(cadences, '2021-01-01')).toBe(TWO_WEEKLY);
    }
    expect(cadenceAt([MONTHLY, TWO_WEEKLY], '2019-01-01')).toBe(MONTHLY);
    expect(executiveStage([MONTHLY, TWO_WEEKLY], '2019-01-01')).toBe('meeting monthly');
    expect(cadenceAt([], '2019-01-01')).toBeUndefined();
  });

  test('the meetings a milestone may name: every one so far and the next, not the one after', () => {
    const cal = defaultCalendar();
    const choices = meetingChoices(cal, both, '2020-04-20');
    expect(choices.slice(-3)).toEqual(['2020-03-27', '2020-04-14', '2020-04-24']);
    expect(choices).toHaveLength(9);
    // On a meeting day, the next is the one after it.
    expect(meetingChoices(cal, both, '2020-04-14').at(-1)).toBe('2020-04-24');
  });
});

describe('refusals', () => {
  const today = '2020-04-20';
  const refuse = (s: ExecutiveCycleState, input: ExecutiveMilestoneInput) => executiveMilestoneRefusal(defaultCalendar(), s, input, today);

  test('recorded today is fine, tomorrow is in the future', () => {
    expect(refuse(both, { milestone: 'cadence-changed', occurredOn: today, pattern: 'monthly', from: '2020-06-01' })).toBeUndefined();
    expect(refuse(both, { milestone: 'meeting-held', occurredOn: '2020-04-21', meetingOn: '2020-04-14' })).toBe('occurredOn 2020-04-21 is in the future (today is 2020-04-20)');
  });

  test('a cadence change: after the latest cadence, however they are listed; on the day decided or later', () => {
    for (const cadences of [
      [MONTHLY, TWO_WEEKLY],
      [TWO_WEEKLY, MONTHLY],
    ]) {
      const s = { ...both, cadences };
      expect(refuse(s, { milestone: 'cadence-changed', occurredOn: '2020-03-01', pattern: 'monthly', from: '2020-03-20' })).toBe('a cadence already applies from 2020-03-27; a change must take effect after it');
      expect(refuse(s, { milestone: 'cadence-changed', occurredOn: '2020-03-01', pattern: 'monthly', from: '2020-03-27' })).toBe('a cadence already applies from 2020-03-27; a change must take effect after it');
      expect(refuse(s, { milestone: 'cadence-changed', occurredOn: '2020-03-01', pattern: 'monthly', from: '2020-03-28' })).toBeUndefined();
    }
    expect(refuse(both, { milestone: 'cadence-changed', occurredOn: '2020-04-20', pattern: 'monthly', from: '2020-04-19' })).toBe(
      'from 2020-04-19 is before the decision (2020-04-20): a change takes effect on or after the day it is decided',
    );
    expect(refuse(both, { milestone: 'cadence-changed', occurredOn: '2020-04-20', pattern: 'monthly', from: '2020-04-20' })).toBeUndefined();
  });

  test('an agenda: for a meeting not yet held, issued on the meeting day at the latest', () => {
    const held = apply(both, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' });
    expect(refuse(held, { milestone: 'agenda-issued', occurredOn: '2020-04-14', meetingOn: '2020-04-14' })).toBe('the meeting of 2020-04-14 was already held');
    expect(refuse(both, { milestone: 'agenda-issued', occurredOn: '2020-04-14', meetingOn: '2020-04-14' })).toBeUndefined();
    expect(refuse(both, { milestone: 'agenda-issued', occurredOn: '2020-04-20', meetingOn: '2020-04-24' })).toBeUndefined(); // the next meeting
    expect(refuse(both, { milestone: 'agenda-issued', occurredOn: '2020-04-20', meetingOn: '2020-05-11' })).toBe('2020-05-11 is not a meeting date of the cycle'); // the one after
  });

  test('a meeting held on its date', () => {
    expect(refuse(both, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' })).toBeUndefined();
    expect(refuse(both, { milestone: 'meeting-held', occurredOn: '2020-04-13', meetingOn: '2020-04-14' })).toBe('a meeting is held on its date (2020-04-14), not 2020-04-13');
  });

  test('decisions: after the meeting was held, on or after its day, once', () => {
    const held = apply(both, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' });
    const decisions = (occurredOn: string): ExecutiveMilestoneInput => ({ milestone: 'decisions-recorded', occurredOn, meetingOn: '2020-04-14' });
    expect(refuse(both, decisions('2020-04-14'))).toBe("'decisions-recorded' cannot be recorded before 'meeting-held' for 2020-04-14");
    expect(refuse(held, decisions('2020-04-13'))).toBe('occurredOn 2020-04-13 is before the meeting (2020-04-14)');
    expect(refuse(held, decisions('2020-04-14'))).toBeUndefined();
    expect(refuse(apply(held, decisions('2020-04-15')), decisions('2020-04-16'))).toBe('the decisions of 2020-04-14 were already recorded');
    // Actions may still be agreed once decisions are recorded, and decisions once actions are.
    const agreed: ExecutiveMilestoneInput = { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-04-24' }] };
    expect(refuse(apply(held, decisions('2020-04-15')), agreed)).toBeUndefined();
    expect(refuse(apply(held, agreed), decisions('2020-04-15'))).toBeUndefined();
  });

  test('actions: each id new to the meeting and the cycle, due on or after the day agreed', () => {
    const held = apply(both, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' });
    const agree = (actions: { id: string; owner: string; dueOn: string }[], meetingOn = '2020-04-14'): ExecutiveMilestoneInput => ({ milestone: 'actions-agreed', occurredOn: '2020-04-15', meetingOn, actions });
    const e1 = { id: 'E1', owner: 'police', dueOn: '2020-04-24' };
    expect(refuse(held, agree([e1, { ...e1, owner: 'health' }]))).toBe("action 'E1' is already an action of the cycle: each action needs its own id");
    expect(refuse(held, agree([e1, { ...e1, id: 'E2' }]))).toBeUndefined();
    const earlier = apply(both, { milestone: 'meeting-held', occurredOn: '2020-03-27', meetingOn: '2020-03-27' }, { milestone: 'actions-agreed', occurredOn: '2020-03-27', meetingOn: '2020-03-27', actions: [e1] }, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' });
    expect(refuse(earlier, agree([{ ...e1, id: 'E2' }, e1]))).toBe("action 'E1' is already an action of the cycle: each action needs its own id");
    expect(refuse(held, agree([e1, { id: 'E2', owner: 'health', dueOn: '2020-04-14' }]))).toBe("action 'E2' is due 2020-04-14, before it was agreed (2020-04-15)");
    expect(refuse(held, agree([{ ...e1, dueOn: '2020-04-15' }]))).toBeUndefined();
  });

  test('completing an action: on or after the day it was agreed', () => {
    const s = apply(
      both,
      { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
      { milestone: 'actions-agreed', occurredOn: '2020-04-15', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-04-24' }] },
    );
    expect(refuse(s, { milestone: 'action-completed', occurredOn: '2020-04-15', actionId: 'E1' })).toBeUndefined();
    expect(refuse(s, { milestone: 'action-completed', occurredOn: '2020-04-14', actionId: 'E1' })).toBe('occurredOn 2020-04-14 is before the action was agreed (2020-04-15)');
  });
});

describe('the state after each milestone', () => {
  test('meetings are kept in date order, each with the dates of its milestones; actions with the day they were agreed', () => {
    const s = apply(
      both,
      { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
      { milestone: 'decisions-recorded', occurredOn: '2020-04-15', meetingOn: '2020-04-14' },
      { milestone: 'actions-agreed', occurredOn: '2020-04-16', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-04-24' }, { id: 'E2', owner: 'health', dueOn: '2020-05-01' }] },
      { milestone: 'action-completed', occurredOn: '2020-04-20', actionId: 'E2' },
      { milestone: 'cadence-changed', occurredOn: '2020-04-20', pattern: 'monthly', from: '2020-07-01' },
      { milestone: 'agenda-issued', occurredOn: '2020-03-24', meetingOn: '2020-03-27' }, // recorded last, listed first
    );
    expect(s).toEqual({
      cadences: [MONTHLY, TWO_WEEKLY, { pattern: 'monthly', from: '2020-07-01', decidedOn: '2020-04-20' }],
      meetings: [
        { meetingOn: '2020-03-27', agendaIssuedOn: '2020-03-24' },
        { meetingOn: '2020-04-14', heldOn: '2020-04-14', decisionsRecordedOn: '2020-04-15', actionsAgreedOn: '2020-04-16' },
      ],
      actions: [
        { actionId: 'E1', owner: 'police', dueOn: '2020-04-24', agreedAt: '2020-04-16' },
        { actionId: 'E2', owner: 'health', dueOn: '2020-05-01', agreedAt: '2020-04-16', completedOn: '2020-04-20' },
      ],
    });
    expect(both).toEqual({ cadences: [MONTHLY, TWO_WEEKLY], meetings: [], actions: [] });
  });

  test('timeline keys: per meeting, per action, per effective date', () => {
    expect(executiveMilestoneKey({ milestone: 'meeting-held', meetingOn: '2020-04-14' })).toBe('milestone:meeting-held:2020-04-14');
    expect(executiveMilestoneKey({ milestone: 'action-completed', actionId: 'E1' })).toBe('milestone:action-completed:E1');
    expect(executiveMilestoneKey({ milestone: 'cadence-changed', from: '2020-03-27' })).toBe('milestone:cadence-changed:2020-03-27');
    expect(executiveMilestoneKey({ milestone: 'x', meetingOn: '2020-04-14', actionId: 'E1', from: '2020-03-27' })).toBe('milestone:x:2020-04-14');
    expect(executiveMilestoneKey({ milestone: 'x', actionId: 'E1', from: '2020-03-27' })).toBe('milestone:x:E1');
    expect(executiveMilestoneKey({ milestone: 'x' })).toBe('milestone:x:');
  });

  test.each([
    [{ milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27' }, 'Cadence changed to two-weekly from Fri 27 Mar 2020 (decided Fri 20 Mar 2020)'],
    [{ milestone: 'action-completed', occurredOn: '2020-04-20', actionId: 'E1' }, 'Action E1 completed'],
    [
      { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-04-24' }, { id: 'E2', owner: 'health', dueOn: '2020-05-01' }] },
      'Actions agreed at the meeting of Tue 14 Apr 2020: E1 (police, due Fri 24 Apr 2020), E2 (health, due Fri 1 May 2020)',
    ],
    [{ milestone: 'agenda-issued', occurredOn: '2020-04-07', meetingOn: '2020-04-14' }, 'Agenda issued for the meeting of Tue 14 Apr 2020'],
    [{ milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' }, 'Meeting held for the meeting of Tue 14 Apr 2020'],
    [{ milestone: 'decisions-recorded', occurredOn: '2020-04-15', meetingOn: '2020-04-14' }, 'Decisions recorded for the meeting of Tue 14 Apr 2020'],
  ] as [ExecutiveMilestoneInput, string][])('the summary of a milestone (%#)', (input, summary) => {
    expect(executiveMilestoneSummary(input)).toBe(summary);
  });
});

describe('what can be recorded next', () => {
  test('at the start of a cycle: a cadence change, or the first meeting’s agenda', () => {
    const cal = defaultCalendar();
    const start: ExecutiveCycleState = { cadences: [MONTHLY], meetings: [], actions: [] };
    expect(executiveAllowedNext(cal, start, '2019-10-01')).toEqual([
      { milestone: 'cadence-changed', title: 'Cadence changed', why: 'the Executive may change its cadence at any time, from a date after the latest change' },
      { milestone: 'agenda-issued', title: 'Agenda issued', why: 'for a meeting of the cycle', choices: { meetingOn: ['2019-10-16'] } },
    ]);
  });

  test('mid-cycle: every list with its meetings, and the open actions', () => {
    const cal = defaultCalendar();
    const s = apply(
      both,
      { milestone: 'agenda-issued', occurredOn: '2020-03-24', meetingOn: '2020-03-27' },
      { milestone: 'meeting-held', occurredOn: '2020-03-27', meetingOn: '2020-03-27' },
      { milestone: 'decisions-recorded', occurredOn: '2020-03-27', meetingOn: '2020-03-27' },
      { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
      { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-04-24' }, { id: 'E2', owner: 'health', dueOn: '2020-04-24' }] },
      { milestone: 'action-completed', occurredOn: '2020-04-17', actionId: 'E1' },
    );
    const before = ['2019-10-16', '2019-11-18', '2019-12-16', '2020-01-16', '2020-02-17', '2020-03-16'];
    expect(executiveAllowedNext(cal, s, '2020-04-20')).toEqual([
      { milestone: 'cadence-changed', title: 'Cadence changed', why: 'the Executive may change its cadence at any time, from a date after the latest change' },
      { milestone: 'agenda-issued', title: 'Agenda issued', why: 'for a meeting of the cycle', choices: { meetingOn: [...before, '2020-04-24'] } },
      { milestone: 'meeting-held', title: 'Meeting held', why: 'for a meeting of the cycle', choices: { meetingOn: before } },
      { milestone: 'decisions-recorded', title: 'Decisions recorded', why: "follows 'meeting-held' for the meeting", choices: { meetingOn: ['2020-04-14'] } },
      { milestone: 'actions-agreed', title: 'Actions agreed', why: "follows 'meeting-held' for the meeting", choices: { meetingOn: ['2020-03-27'] } },
      { milestone: 'action-completed', title: 'Action completed', why: "follows 'actions-agreed'; still open", items: ['E2'] },
    ]);
  });

  test('a meeting can be recorded as held on its own day, not before', () => {
    const cal = defaultCalendar();
    const heldChoices = (today: string) => executiveAllowedNext(cal, both, today).find((a) => a.milestone === 'meeting-held')?.choices?.meetingOn?.slice(-1);
    expect(heldChoices('2020-04-14')).toEqual(['2020-04-14']);
    expect(heldChoices('2020-04-13')).toEqual(['2020-03-27']);
  });
});

describe('reminders', () => {
  const cal = () => defaultCalendar();
  const keys = (s: ExecutiveCycleState, today: string) => executiveReminders(REF, cal(), s, today, DEFAULT_EXECUTIVE_CONFIG, '09:00').map((r) => [r.key, r.group, r.at]);

  test('the next meeting’s papers and agenda; no agenda reminder once it is issued, nothing once the meeting is held', () => {
    expect(keys(both, '2020-04-20')).toEqual([
      ['exec:papers:2020-04-24', 'meeting:2020-04-24', '2020-04-15T08:00:00.000Z'], // papers due Fri 17 Apr, reminded 2 working days before: Wed 15 Apr
      ['exec:agenda:2020-04-24', 'meeting:2020-04-24', '2020-04-21T08:00:00.000Z'], // 3 working days before Fri 24 Apr
    ]);
    const issued = apply(both, { milestone: 'agenda-issued', occurredOn: '2020-04-20', meetingOn: '2020-04-24' });
    expect(keys(issued, '2020-04-20')).toEqual([['exec:papers:2020-04-24', 'meeting:2020-04-24', '2020-04-15T08:00:00.000Z']]);
    const held = apply(both, { milestone: 'meeting-held', occurredOn: '2020-04-24', meetingOn: '2020-04-24' });
    expect(keys(held, '2020-04-24')).toEqual([]);
  });

  test('a chase on its own day is still that chase; the day after, the next one', () => {
    const s = apply(
      both,
      { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
      { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-05-01' }] },
    );
    const chase = (today: string) => keys(s, today).filter(([k]) => k!.includes(':chase:'));
    // Due Fri 1 May: chase 1 Mon 11 May (VE Day skipped), chase 2 Mon 18 May, chase 3 Tue 26 May (spring bank holiday skipped).
    expect(chase('2020-05-11')).toEqual([['exec:action:E1:2020-05-01:chase:1', 'action:E1:2020-05-01', '2020-05-11T08:00:00.000Z']]);
    expect(chase('2020-05-12')).toEqual([['exec:action:E1:2020-05-01:chase:2', 'action:E1:2020-05-01', '2020-05-18T08:00:00.000Z']]);
    expect(chase('2020-05-19')).toEqual([['exec:action:E1:2020-05-01:chase:3', 'action:E1:2020-05-01', '2020-05-26T08:00:00.000Z']]);
  });

  test('each reminder carries its own email', () => {
    const s = apply(
      both,
      { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' },
      { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-05-01' }] },
    );
    const reminders = executiveReminders(REF, cal(), s, '2020-04-20', DEFAULT_EXECUTIVE_CONFIG, '09:00');
    expect(reminders.map((r) => [r.key, r.notice.key, r.notice.kind])).toEqual([
      ['exec:papers:2020-04-24', `${REF}:exec:papers:2020-04-24`, 'reminder'],
      ['exec:agenda:2020-04-24', `${REF}:exec:agenda:2020-04-24`, 'reminder'],
      ['exec:action:E1:2020-05-01:before', `${REF}:exec:action:E1:2020-05-01:before`, 'reminder'],
      ['exec:action:E1:2020-05-01:due', `${REF}:exec:action:E1:2020-05-01:due`, 'reminder'],
      ['exec:action:E1:2020-05-01:chase:1', `${REF}:exec:action:E1:2020-05-01:chase:1`, 'overdue'],
    ]);
  });
});

describe('the emails, word for word', () => {
  const meeting = { meetingOn: '2020-04-24', papersDueOn: '2020-04-17', agendaDueOn: '2020-04-21' };
  const action = { actionId: 'E1', owner: 'police', dueOn: '2020-05-01', agreedAt: '2020-04-14' };

  test('papers', () => {
    expect(papersNotice(REF, meeting)).toEqual({
      key: `${REF}:exec:papers:2020-04-24`,
      caseReference: REF,
      kind: 'reminder',
      to: ['executive'],
      subject: `[${REF}] Reminder: papers for the Executive meeting of Fri 24 Apr 2020 due Fri 17 Apr 2020`,
      text: [`Executive Group meeting cycle ${REF}.`, '', 'Executive Group meeting: Fri 24 Apr 2020.', 'Papers are due by Fri 17 Apr 2020; the agenda goes out by Tue 21 Apr 2020.', '', FOOTER].join('\n'),
    });
  });

  test('agenda', () => {
    const n = agendaNotice(REF, meeting);
    expect([n.key, n.kind, n.subject]).toEqual([`${REF}:exec:agenda:2020-04-24`, 'reminder', `[${REF}] Reminder: agenda for the Executive meeting of Fri 24 Apr 2020 due today`]);
    expect(n.text).toBe([`Executive Group meeting cycle ${REF}.`, '', 'The agenda for the Executive Group meeting of Fri 24 Apr 2020 is due today (Tue 21 Apr 2020).', '', FOOTER].join('\n'));
  });

  test.each([
    ['before', `${REF}:exec:action:E1:2020-05-01:before`, 'reminder', 'Reminder: Executive action E1 (police) due in 3 working days', 'due in 3 working days'],
    ['due', `${REF}:exec:action:E1:2020-05-01:due`, 'reminder', 'Reminder: Executive action E1 (police) due today', 'due today'],
    [2, `${REF}:exec:action:E1:2020-05-01:chase:2`, 'overdue', 'OVERDUE: Executive action E1 (police) overdue (chase 2)', 'overdue (chase 2)'],
  ] as const)('action, step %p', (step, key, kind, subject, when) => {
    const n = actionNotice(REF, action, step);
    expect([n.key, n.kind, n.subject, n.to]).toEqual([key, kind, `[${REF}] ${subject}`, ['executive']]);
    expect(n.text).toBe([`Executive Group meeting cycle ${REF}.`, '', `Action E1, owned by police, agreed Tue 14 Apr 2020, is ${when}: due Fri 1 May 2020.`, '', FOOTER].join('\n'));
  });

  test('a cadence change', () => {
    const n = cadenceChangedNotice(REF, TWO_WEEKLY, '2020-03-27');
    expect([n.key, n.kind, n.subject]).toEqual([`${REF}:exec:cadence:2020-03-27`, 'status', `[${REF}] Executive meetings two-weekly from Fri 27 Mar 2020`]);
    expect(n.text).toBe(
      [`Executive Group meeting cycle ${REF}.`, '', 'The Executive Group decided on Fri 20 Mar 2020 to meet two-weekly from Fri 27 Mar 2020.', 'The first meeting under it is on Fri 27 Mar 2020.', '', FOOTER].join('\n'),
    );
  });
});

describe('request bodies', () => {
  const problems = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown) =>
    schema.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  test('each milestone’s body', () => {
    expect(problems(ExecutiveMilestoneBody, { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27' })).toEqual([]);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'agenda-issued', occurredOn: '2020-04-07', meetingOn: '2020-04-14', note: 'sent by the business manager' })).toEqual([]);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' })).toEqual([]);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'decisions-recorded', occurredOn: '2020-04-14', meetingOn: '2020-04-14', decisions: 'Move to two-weekly meetings' })).toEqual([]);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: '2020.3', owner: 'independent-chair', dueOn: '2020-04-24' }] })).toEqual([]);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'action-completed', occurredOn: '2020-04-20', actionId: 'E1' })).toEqual([]);
  });

  test('each field’s rule, named', () => {
    expect(problems(ExecutiveMilestoneBody, { milestone: 'meeting-held', occurredOn: '2020-02-30', meetingOn: '14/04/2020' })).toEqual([
      'occurredOn: must be a real calendar date written YYYY-MM-DD',
      'meetingOn: must be a real calendar date written YYYY-MM-DD',
    ]);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14', note: 'x'.repeat(2001) })).toEqual(['note: must be at most 2000 characters']);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14', note: 'x'.repeat(2000) })).toEqual([]);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'decisions-recorded', occurredOn: '2020-04-14', meetingOn: '2020-04-14', decisions: '   ' })).toEqual(['decisions: must not be empty']);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'decisions-recorded', occurredOn: '2020-04-14', meetingOn: '2020-04-14', decisions: 'x'.repeat(4001) })).toEqual(['decisions: must be at most 4000 characters']);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'decisions-recorded', occurredOn: '2020-04-14', meetingOn: '2020-04-14', decisions: 'x'.repeat(4000) })).toEqual([]);
    const agreed = (actions: unknown) => problems(ExecutiveMilestoneBody, { milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions });
    expect(agreed([])).toEqual(['actions: must have at least one action']);
    expect(agreed(Array.from({ length: 51 }, (_, i) => ({ id: `E${i}`, owner: 'police', dueOn: '2020-04-24' })))).toEqual(['actions: must be at most 50 actions']);
    expect(agreed(Array.from({ length: 50 }, (_, i) => ({ id: `E${i}`, owner: 'police', dueOn: '2020-04-24' })))).toEqual([]);
    expect(agreed([{ id: '-E1', owner: 'PC Smith', dueOn: '2020-04-24' }])).toEqual([
      'actions.0.id: must be a short action number such as E1 or 2020.3',
      'actions.0.owner: must be an agency code or role such as police or independent-chair',
    ]);
    expect(agreed([{ id: 'E1', owner: 'police officer', dueOn: '2020-04-24' }])).toEqual(['actions.0.owner: must be an agency code or role such as police or independent-chair']);
    expect(agreed([{ id: 'E1', owner: 'police', dueOn: '2020-04-24', name: 'A Person' }])).toHaveLength(1); // strict: nothing else is kept
    expect(problems(ExecutiveMilestoneBody, { milestone: 'action-completed', occurredOn: '2020-04-20', actionId: 'E1 and E2' })).toEqual(['actionId: must be a short action number such as E1 or 2020.3']);
    expect(problems(ExecutiveMilestoneBody, { milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'weekly', from: '2020-03-27' })).toHaveLength(1);
  });

  test('starting a cycle', () => {
    expect(StartExecutiveCycleBody.parse({ reference: REF, pattern: 'monthly', firstMeetingOn: '2019-10-16' })).toEqual({ reference: REF, pattern: 'monthly', firstMeetingOn: '2019-10-16' });
    expect(problems(StartExecutiveCycleBody, { reference: REF, pattern: 'monthly', firstMeetingOn: '16 Oct 2019' })).toEqual(['firstMeetingOn: must be a real calendar date written YYYY-MM-DD']);
    expect(problems(StartExecutiveCycleBody, { reference: REF, pattern: 'two-weekly', firstMeetingOn: '2019-10-16', chair: 'A Person' })).toHaveLength(1);
  });

  test('the forms say what each date means', () => {
    const rules = (schema: Parameters<typeof formFields>[0], omit: string[] = []) => Object.fromEntries(formFields(schema, omit).flatMap((f) => (f.rule ? [[f.name, f.rule]] : [])));
    expect(rules(ExecutiveMilestoneBody, ['milestone'])).toEqual({
      occurredOn: 'when it actually happened; may be earlier than today',
      from: 'the first meeting date under the new cadence',
      meetingOn: 'the meeting date, as the cycle schedules it',
    });
    expect(rules(StartExecutiveCycleBody)).toEqual({
      reference: "the cycle's reference, e.g. WSCPEX-2019-01",
      firstMeetingOn: 'the first meeting date; may be in the past (its history is then recorded without reminders)',
    });
  });
});
