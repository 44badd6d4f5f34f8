/** Audit templates, return and milestone refusals, ladders; QAPP rotation, cadence and meeting dates. */
import {
  AUDIT_TEMPLATES,
  RETURN_LADDER,
  SECTION_11_STANDARDS,
  dueAfterPauses,
  ladderReminders,
  milestoneRefusal,
  nextRoundReference,
  returnRate,
  returnRefusal,
  type AuditFacts,
  type AuditType,
} from '../../domain/audits';
import { defaultCalendar } from '../../domain/calendar';
import { cadenceRefusal, meetingDates, meetingTypeAt, nextMeetingDate, purposeOf, type Cadence } from '../../domain/qapp-cycle';

const cal = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test

function facts(type: AuditType, over: Partial<AuditFacts> = {}): AuditFacts {
  return {
    reference: 'S11-2027',
    type,
    openedOn: '2027-01-04',
    participants: new Map([
      ['police', { id: 'police', label: 'Police' }],
      ['health', { id: 'health', label: 'Health' }],
    ]),
    returns: new Map(),
    milestones: [],
    actions: [],
    standards: type === 'section-11' ? [...SECTION_11_STANDARDS] : [],
    ...over,
  };
}

const allGreen = SECTION_11_STANDARDS.map((standard) => ({ standard, rating: 'green' as const }));

test.each([
  ['unknown participant', facts('section-175'), { participantId: 'school-1', submittedOn: '2027-01-05' }, "'school-1' is not a participant in S11-2027"],
  [
    'duplicate',
    facts('section-175', { returns: new Map([['police', { participantId: 'police', submittedOn: '2027-01-05', recordedBy: 'x' }]]) }),
    { participantId: 'police', submittedOn: '2027-01-06' },
    "'police' already returned on 2027-01-05: a duplicate return is refused",
  ],
  ['after close', facts('section-175', { milestones: [{ milestone: 'returns-closed', occurredOn: '2027-02-01', recordedBy: 'x' }] }), { participantId: 'police', submittedOn: '2027-02-02' }, 'returns to S11-2027 closed on 2027-02-01: a return after close is refused'],
  ['future', facts('section-175'), { participantId: 'police', submittedOn: '2027-03-02' }, 'submittedOn 2027-03-02 is in the future (today is 2027-02-10)'],
  ['before opening', facts('section-175'), { participantId: 'police', submittedOn: '2027-01-01' }, 'submittedOn 2027-01-01 is before the audit opened on 2027-01-04'],
  ['s11 missing ratings', facts('section-11'), { participantId: 'police', submittedOn: '2027-01-05', ratings: allGreen.slice(1) }, 'every standard must be rated: missing S1-leadership'],
  ['s11 unknown standard', facts('section-11'), { participantId: 'police', submittedOn: '2027-01-05', ratings: [...allGreen, { standard: 'S99', rating: 'red' }] }, "'S99' is not a standard of S11-2027"],
  ['ratings on s175', facts('section-175'), { participantId: 'police', submittedOn: '2027-01-05', ratings: allGreen }, 'a Section 175 schools safeguarding return return carries no RAG ratings'],
])('a return is refused: %s', (_name, f, r, reason) => {
  expect(returnRefusal(f, r, '2027-02-10')).toBe(reason);
});

test('a complete section 11 return is accepted', () => {
  expect(returnRefusal(facts('section-11'), { participantId: 'police', submittedOn: '2027-01-05', ratings: allGreen }, '2027-02-10')).toBeUndefined();
});

test('milestones follow the template; section 11 needs an action plan per agency', () => {
  const closed = facts('section-11', { milestones: [{ milestone: 'returns-closed', occurredOn: '2027-02-01', recordedBy: 'x' }] });
  expect(milestoneRefusal(closed, { milestone: 'peer-challenge-held', occurredOn: '2027-02-02' }, '2027-02-10')).toBe("'peer-challenge-held' cannot be recorded before 'practitioner-survey-done'");
  expect(milestoneRefusal(closed, { milestone: 'audit-meeting-held', occurredOn: '2027-02-02' }, '2027-02-10')).toBe("'audit-meeting-held' is not a stage of a Section 11 self-assessment");
  const ready = facts('section-11', {
    milestones: ['returns-closed', 'practitioner-survey-done', 'peer-challenge-held'].map((m) => ({ milestone: m as 'returns-closed', occurredOn: '2027-02-01', recordedBy: 'x' })),
  });
  expect(milestoneRefusal(ready, { milestone: 'action-plan-agreed', occurredOn: '2027-02-02', actions: [{ key: 'A1', owner: 'police', dueOn: '2027-03-01' }] }, '2027-02-10')).toBe(
    'section 11 needs an action plan per agency: none for health',
  );
  expect(
    milestoneRefusal(ready, { milestone: 'action-plan-agreed', occurredOn: '2027-02-02', actions: [{ key: 'A1', owner: 'police', dueOn: '2027-03-01' }, { key: 'A2', owner: 'health', dueOn: '2027-03-01' }] }, '2027-02-10'),
  ).toBeUndefined();
});

test('every template starts by closing returns and has a multi-agency flag', () => {
  expect(Object.values(AUDIT_TEMPLATES).map((t) => [t.type, t.milestones[0], t.multiAgency])).toEqual([
    ['case-file', 'returns-closed', true],
    ['section-11', 'returns-closed', true],
    ['section-175', 'returns-closed', false],
    ['learning-embedded', 'returns-closed', true],
    ['service-user-feedback', 'returns-closed', false],
  ]);
});

test('return rate to one decimal; rounds and pauses', () => {
  expect(returnRate(249, 250)).toEqual({ returned: 249, total: 250, percent: 99.6 });
  expect([returnRate(3, 22).percent, returnRate(4, 6).percent, returnRate(1999, 2000).percent, returnRate(1, 2000).percent]).toEqual([13.6, 66.7, 99.9, 0.1]);
  expect(returnRate(0, 0).percent).toBe(0);
  expect(nextRoundReference('S11-2027', 1)).toBe('S11-2027-R2');
  expect(nextRoundReference('S11-2027-R2', 2)).toBe('S11-2027-R3');
  // Paused Mon 6 Apr 2020 .. Mon 4 May 2020: Good Friday was 10 Apr, Easter Monday 13 Apr: 18 working days.
  expect(dueAfterPauses('2020-04-20', cal(), [{ from: '2020-04-06', to: '2020-05-04' }], '2020-06-01')).toBe('2020-05-15');
});

test('return reminders skip weekends and bank holidays', () => {
  const r = ladderReminders('returns', '2020-05-11', cal(), RETURN_LADDER);
  // 2020-05-08 was the moved early May bank holiday.
  expect(r.map((x) => [x.key.split(':').at(-1), x.date])).toEqual([
    ['before-5', '2020-05-01'],
    ['due', '2020-05-11'],
    ['after-1', '2020-05-12'],
    ['after-5', '2020-05-18'],
    ['after-10', '2020-05-26'],
    ['after-15', '2020-06-02'],
    ['after-20', '2020-06-09'],
  ]);
});

describe('QAPP cycle', () => {
  const monthly: Cadence = { everyMonths: 1, dayOfMonth: 8, from: '2020-01-01' };
  test('meetings move off weekends and bank holidays', () => {
    expect(nextMeetingDate(cal(), [monthly], '2020-04-30')).toBe('2020-05-11'); // Fri 8 May 2020: VE day bank holiday; Sat, Sun
    expect(nextMeetingDate(cal(), [monthly], '2020-02-07')).toBe('2020-02-10'); // Sat 8 Feb
    expect(nextMeetingDate(cal(), [monthly], '2020-02-10')).toBe('2020-03-09'); // Sun 8 Mar
  });
  test('a cadence change applies from its date', () => {
    const bi: Cadence = { everyMonths: 2, dayOfMonth: 8, from: '2020-04-01' };
    const dates: string[] = [];
    let after = '2020-01-01';
    for (let i = 0; i < 5; i++) dates.push((after = nextMeetingDate(cal(), [monthly, bi], after)));
    expect(dates).toEqual(['2020-01-08', '2020-02-10', '2020-03-09', '2020-04-08', '2020-06-08']);
  });
  test('rotation, purposes while suspended, papers and agenda dates', () => {
    expect([0, 1, 2, 3].map(meetingTypeAt)).toEqual([1, 2, 3, 1]);
    expect(purposeOf(3, true, { whileSuspended: 'skip' })).toBe('skipped');
    expect(purposeOf(3, true, { whileSuspended: 'repurpose' })).toBe('repurposed');
    expect(purposeOf(2, true, { whileSuspended: 'skip' })).toBe('standard');
    expect(meetingDates(cal(), '2020-05-11', { papersDeadlineWorkingDays: 5, agendaWorkingDays: 3, minutesDueWorkingDays: 10, whileSuspended: 'skip' })).toEqual({
      date: '2020-05-11',
      papersDueOn: '2020-05-01',
      agendaOn: '2020-05-05',
      minutesDueOn: '2020-05-26',
    });
  });
  test('cadence refusals', () => {
    expect(cadenceRefusal({ everyMonths: 0, dayOfMonth: 1, from: '2020-05-01' }, '2020-04-01', [monthly])).toBe('everyMonths must be a whole number from 1 to 12');
    expect(cadenceRefusal({ everyMonths: 2, dayOfMonth: 1, from: '2020-03-01' }, '2020-04-01', [monthly])).toMatch(/cannot start in the past/);
    expect(cadenceRefusal({ everyMonths: 2, dayOfMonth: 1, from: '2020-05-01' }, '2020-04-01', [monthly])).toBeUndefined();
  });
});
