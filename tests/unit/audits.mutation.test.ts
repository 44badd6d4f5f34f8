/**
 * Audit cases the other tests leave open, found by mutation testing (npm run test:mutation): when
 * reminders that passed before an audit was known are caught up, round references, paused returns.
 * Dates are hand counts on the December 2026 calendar (Fri 4 Dec; London is on GMT, so 09:00 London
 * is 09:00Z); no expected date is computed by the calendar code.
 */
import { RETURN_LADDER, SECTION_11_STANDARDS, honestPercent, ladderFromNow, ladderReminders, milestoneRefusal, nextRoundReference, returnVerdicts, returnsClosedOn, suspendedWorkingDays, type AuditFacts } from '../../domain/audits';
import { defaultCalendar } from '../../domain/calendar';

// Returns due Wed 2 Dec 2026: due Wed 2 Dec, after-1 Thu 3 Dec, after-5 Wed 9 Dec, after-10 Wed 16 Dec, after-15 Wed 23 Dec.
const due = '2026-12-02';
const steps = () => ladderReminders('returns', due, defaultCalendar(), RETURN_LADDER);
const fromNow = (knownAt: string) => ladderFromNow(steps(), due, Date.parse(knownAt), defaultCalendar()).map((r) => [r.key.split(':').at(-1), r.kind, r.offset, r.date, r.at]);

describe('catching up reminders that passed before the audit was known', () => {
  it('known on a Saturday before nine: one catch-up on Monday morning, as overdue as the gravest passed step', () => {
    // Passed: due (reminder) and after-1 (overdue). Wed 2 Dec to Mon 7 Dec: Thu 3, Fri 4, Mon 7 = 3 working days.
    expect(fromNow('2026-12-05T08:00:00Z').slice(0, 2)).toEqual([
      ['catch-up', 'overdue', 3, '2026-12-07', '2026-12-07T09:00:00.000Z'],
      ['after-5', 'escalation', 5, '2026-12-09', '2026-12-09T09:00:00.000Z'],
    ]);
  });

  it('known at nine exactly on a working day: caught up that morning, not the next', () => {
    expect(fromNow('2026-12-07T09:00:00Z')[0]).toEqual(['catch-up', 'overdue', 3, '2026-12-07', '2026-12-07T09:00:00.000Z']);
    expect(fromNow('2026-12-07T09:00:01Z')[0]).toEqual(['catch-up', 'overdue', 4, '2026-12-08', '2026-12-08T09:00:00.000Z']);
  });

  it('a step due the moment the audit is known is sent as it is, with no catch-up beside it', () => {
    // Known Thu 3 Dec at 09:00: after-1 is due that minute; only the due-day reminder (Wed 2 Dec) passed.
    expect(fromNow('2026-12-03T09:00:00Z').map((r) => r[0])).toEqual(['after-1', 'after-5', 'after-10', 'after-15', 'after-20']);
    // Known Thu 3 Dec at 08:00: after-1 falls on the catch-up morning, so it stands in for the catch-up.
    expect(fromNow('2026-12-03T08:00:00Z').map((r) => r[0])).toEqual(['after-1', 'after-5', 'after-10', 'after-15', 'after-20']);
  });
});

describe('rounds and paused returns', () => {
  it('only a trailing round number is replaced', () => {
    expect(nextRoundReference('CFA-2027-R1X', 1)).toBe('CFA-2027-R1X-R2');
    expect(nextRoundReference('S11-2027-R9', 9)).toBe('S11-2027-R10');
  });

  it('a return not in while audit activity is suspended is on hold, not late', () => {
    const v = returnVerdicts([{ id: 'school-3', label: 'School 3' }], new Map(), '2019-12-13', '2020-01-10', defaultCalendar(), true);
    expect(v).toEqual([{ participantId: 'school-3', label: 'School 3', submittedOn: null, status: 'on-hold', late: false, verdict: 'on hold; due Fri 13 Dec 2019 as things stand' }]);
  });
});

describe('an audit run in a day', () => {
  it('an action plan agreed the day the audit opened may be due that day', () => {
    const stage = (milestone: string) => ({ milestone: milestone as 'returns-closed', occurredOn: '2027-01-04', recordedBy: 'x' });
    const facts: AuditFacts = {
      reference: 'CFA-2027',
      type: 'case-file',
      openedOn: '2027-01-04',
      participants: new Map([['police', { id: 'police', label: 'Police' }]]),
      returns: new Map(),
      milestones: ['returns-closed', 'audit-meeting-held', 'findings-agreed'].map(stage),
      actions: [],
      standards: [],
    };
    expect(milestoneRefusal(facts, { milestone: 'action-plan-agreed', occurredOn: '2027-01-04', actions: [{ key: 'A1', owner: 'police', dueOn: '2027-01-04' }] }, '2027-01-04')).toBeUndefined();
  });
});

describe('when returns closed', () => {
  it('is the returns-closed stage, not whichever stage is listed first', () => {
    const at = (milestone: string, occurredOn: string) => ({ milestone: milestone as 'returns-closed', occurredOn, recordedBy: 'x' });
    expect(returnsClosedOn({ milestones: [at('audit-meeting-held', '2027-02-03'), at('returns-closed', '2027-02-01')] })).toBe('2027-02-01');
    expect(returnsClosedOn({ milestones: [at('audit-meeting-held', '2027-02-03')] })).toBeUndefined();
  });
});

describe('section 11 plans and percentages', () => {
  it('names every agency left without an action plan', () => {
    const stage = (milestone: string) => ({ milestone: milestone as 'returns-closed', occurredOn: '2027-02-01', recordedBy: 'x' });
    const facts: AuditFacts = {
      reference: 'S11-2027',
      type: 'section-11',
      openedOn: '2027-01-04',
      participants: new Map(['police', 'health', 'education'].map((id) => [id, { id, label: id }])),
      returns: new Map(),
      milestones: ['returns-closed', 'practitioner-survey-done', 'peer-challenge-held'].map(stage),
      actions: [],
      standards: [...SECTION_11_STANDARDS],
    };
    expect(milestoneRefusal(facts, { milestone: 'action-plan-agreed', occurredOn: '2027-02-02', actions: [{ key: 'A1', owner: 'police', dueOn: '2027-03-01' }] }, '2027-02-10')).toBe(
      'section 11 needs an action plan per agency: none for health, education',
    );
  });

  it('a share of nothing is 0%, not a division by zero', () => {
    expect(honestPercent(3, 0)).toBe(0);
  });
});

describe('suspensions that overlap (working days of January 2027, counted by hand)', () => {
  const counted = (pauses: { from: string; to: string }[]) => suspendedWorkingDays(defaultCalendar(), pauses, '2027-02-01', { from: '2027-01-04' });
  const early = { from: '2027-01-06', to: '2027-01-13' };
  const late = { from: '2027-01-11', to: '2027-01-22' };

  it('counts the days of either suspension once, in whichever order they are listed', () => {
    // (Wed 6, Fri 22 Jan]: 7, 8, 11-15, 18-22 = 12 working days.
    expect([counted([early, late]), counted([late, early])]).toEqual([12, 12]);
  });

  it('a suspension inside a longer one adds nothing', () => {
    // (Mon 4, Fri 22 Jan]: 5-8, 11-15, 18-22 = 14; the third lies inside the second.
    expect(counted([{ from: '2027-01-04', to: '2027-01-08' }, { from: '2027-01-05', to: '2027-01-22' }, { from: '2027-01-06', to: '2027-01-20' }])).toBe(14);
  });
});

describe('a catch-up is worded as the gravest step it replaces', () => {
  it('an escalation followed by a milder step still catches up as an escalation', () => {
    // Due Wed 2 Dec 2026: +1 is Thu 3 Dec, +3 Mon 7 Dec. Known Tue 8 Dec after nine: caught up Wed 9 Dec, 5 working days on.
    const ladder = ladderReminders('x', due, defaultCalendar(), [
      { offset: 1, kind: 'escalation' },
      { offset: 3, kind: 'overdue' },
    ]);
    expect(ladderFromNow(ladder, due, Date.parse('2026-12-08T10:00:00Z'), defaultCalendar())).toEqual([
      { key: 'x:2026-12-02:catch-up', subject: 'x', kind: 'escalation', offset: 5, date: '2026-12-09', at: '2026-12-09T09:00:00.000Z' },
    ]);
  });
});
