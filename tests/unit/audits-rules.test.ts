/**
 * Audit programme, QAPP meeting cycle and action-plan rules one by one (domain/audits.ts,
 * domain/qapp-cycle.ts, domain/action-plan.ts): templates and ladders as PROCESSES.md states them,
 * each refusal on both sides of its boundary, meeting dates counted by hand.
 */
import { actionPlanRefusal, agencyRequestRefusal, openActionsOf } from '../../domain/action-plan';
import {
  ACTION_LADDER,
  AUDIT_MILESTONES,
  AUDIT_REFERENCE_PATTERN,
  AUDIT_TEMPLATES,
  AUDIT_TYPES,
  PARTICIPANT_ID_PATTERN,
  RETURN_LADDER,
  SECTION_11_STANDARDS,
  actionCompletionRefusal,
  dueAfterPauses,
  isComplete,
  ladderReminders,
  milestoneRefusal,
  nextMilestone,
  nextRoundOpensOn,
  nextRoundReference,
  returnRate,
  returnRefusal,
  returnVerdicts,
  type AuditFacts,
  type AuditType,
} from '../../domain/audits';
import { defaultCalendar } from '../../domain/calendar';
import { DEFAULT_QAPP_CONFIG, MEETING_PURPOSES, cadenceName, cadenceRefusal, meetingDayFor, meetingTypeAt, nextMeetingDate, purposeOf, type Cadence } from '../../domain/qapp-cycle';

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
const stage = (milestone: string, occurredOn: string) => ({ milestone: milestone as 'returns-closed', occurredOn, recordedBy: 'x' });
const allGreen = SECTION_11_STANDARDS.map((standard) => ({ standard, rating: 'green' }));

describe('audit templates and patterns, as PROCESSES.md states them', () => {
  test('five audit types, seven stages, eight section 11 standards', () => {
    expect(AUDIT_TYPES).toEqual(['case-file', 'section-11', 'section-175', 'learning-embedded', 'service-user-feedback']);
    expect(AUDIT_MILESTONES).toEqual(['returns-closed', 'audit-meeting-held', 'practitioner-survey-done', 'peer-challenge-held', 'findings-agreed', 'action-plan-agreed', 'learning-shared']);
    expect(SECTION_11_STANDARDS).toEqual(['S1-leadership', 'S2-child-voice', 'S3-training', 'S4-safer-recruitment', 'S5-information-sharing', 'S6-policies', 'S7-supervision', 'S8-allegations']);
  });

  test.each([
    ['case-file', 'Multi-agency case-file audit', 'agency', true, ['returns-closed', 'audit-meeting-held', 'findings-agreed', 'action-plan-agreed', 'learning-shared'], false, undefined],
    ['section-11', 'Section 11 self-assessment', 'agency', true, ['returns-closed', 'practitioner-survey-done', 'peer-challenge-held', 'action-plan-agreed'], true, 12],
    ['section-175', 'Section 175 schools safeguarding return', 'school', false, ['returns-closed', 'findings-agreed'], false, 12],
    ['learning-embedded', 'Learning-embedded audit (practitioner questionnaire)', 'practitioner-group', true, ['returns-closed', 'findings-agreed', 'learning-shared'], false, undefined],
    ['service-user-feedback', 'Service-user feedback', 'service', false, ['returns-closed', 'findings-agreed'], false, 6],
  ] as const)('%s: %s', (type, title, participantKind, multiAgency, milestones, ratedStandards, defaultRepeatMonths) => {
    expect(AUDIT_TEMPLATES[type]).toStrictEqual({ type, title, participantKind, multiAgency, milestones, ratedStandards, ...(defaultRepeatMonths ? { defaultRepeatMonths } : {}) });
  });

  test.each([
    ['S175-2027', true],
    ['CFA-2027-NEGLECT', true],
    ['S11-2027-R2', true],
    ['CFA-2027-A-B', true],
    ['ABCDEFGHIJKL-2027', true],
    ['ABCDEFGHIJKLM-2027', false],
    ['CFA-2027-A-B-C', false],
    ['CFA-2027-ABCDEFGHIJK', false],
    ['s175-2027', false],
    ['S-2027', false],
    ['S175-27', false],
    ['S175-2027-', false],
    [' S175-2027', false],
    ['S175-2027 ', false],
    ['1CFA-2027', false],
  ])('audit reference %j: %s', (reference, ok) => {
    expect(AUDIT_REFERENCE_PATTERN.test(reference)).toBe(ok);
  });

  test.each([
    ['police', true],
    ['school-100234', true],
    ['a1', true],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
    ['a', false],
    ['Police', false],
    ['-police', false],
    ['police force', false],
    ['police_force', false],
    [' police', false],
    ['police ', false],
  ])('participant id %j: %s', (id, ok) => {
    expect(PARTICIPANT_ID_PATTERN.test(id)).toBe(ok);
  });
});

describe('returns', () => {
  const today = '2027-02-10';
  test('section 11: each standard rated once, red, amber or green', () => {
    const s11 = facts('section-11');
    const ret = (ratings?: { standard: string; rating: string }[]) => returnRefusal(s11, { participantId: 'police', submittedOn: '2027-01-05', ...(ratings ? { ratings } : {}) }, today);
    expect(ret([...allGreen, { standard: 'S1-leadership', rating: 'red' }])).toBe("'S1-leadership' is rated twice");
    expect(ret([{ standard: 'S1-leadership', rating: 'purple' }, ...allGreen.slice(1)])).toBe("rating of 'S1-leadership' must be red, amber or green");
    expect(ret()).toBe(`every standard must be rated: missing ${SECTION_11_STANDARDS.join(', ')}`);
    expect(ret(allGreen.map((r, i) => ({ ...r, rating: ['red', 'amber', 'green'][i % 3]! })))).toBeUndefined();
  });

  test('other audits: no ratings, but an empty list is no ratings', () => {
    expect(returnRefusal(facts('section-175'), { participantId: 'police', submittedOn: '2027-01-05', ratings: [] }, today)).toBeUndefined();
    expect(returnRefusal(facts('case-file'), { participantId: 'police', submittedOn: '2027-01-05', ratings: allGreen }, today)).toBe('a Multi-agency case-file audit return carries no RAG ratings');
  });

  test('dated from the opening day to today', () => {
    const on = (submittedOn: string) => returnRefusal(facts('section-175'), { participantId: 'police', submittedOn }, today);
    expect([on('2027-01-04'), on(today)]).toEqual([undefined, undefined]);
    expect(on('2027-02-11')).toBe('submittedOn 2027-02-11 is in the future (today is 2027-02-10)');
    expect(on('2027-01-03')).toBe('submittedOn 2027-01-03 is before the audit opened on 2027-01-04');
  });

  test('rates to one decimal, rounded to the nearest, the ends kept for all and none', () => {
    expect([returnRate(1, 3), returnRate(2, 3), returnRate(250, 250), returnRate(0, 0), returnRate(0, 4)]).toEqual([
      { returned: 1, total: 3, percent: 33.3 },
      { returned: 2, total: 3, percent: 66.7 },
      { returned: 250, total: 250, percent: 100 },
      { returned: 0, total: 0, percent: 0 },
      { returned: 0, total: 4, percent: 0 },
    ]);
  });
});

describe('audit stages', () => {
  const today = '2027-03-01';
  test('in the template order, each dated on or after the one before', () => {
    const caseFile = facts('case-file', { milestones: [stage('returns-closed', '2027-02-01')] });
    expect(nextMilestone(caseFile)).toBe('audit-meeting-held');
    expect(milestoneRefusal(caseFile, { milestone: 'findings-agreed', occurredOn: '2027-02-02' }, today)).toBe("'findings-agreed' cannot be recorded before 'audit-meeting-held'");
    expect(milestoneRefusal(caseFile, { milestone: 'returns-closed', occurredOn: '2027-02-02' }, today)).toBe("'returns-closed' was already recorded");
    expect(milestoneRefusal(caseFile, { milestone: 'audit-meeting-held', occurredOn: '2027-01-31' }, today)).toBe('occurredOn 2027-01-31 is before the previous stage (2027-02-01)');
    expect(milestoneRefusal(caseFile, { milestone: 'audit-meeting-held', occurredOn: '2027-02-01' }, today)).toBeUndefined();
    expect(milestoneRefusal(caseFile, { milestone: 'audit-meeting-held', occurredOn: '2027-03-02' }, today)).toBe('occurredOn 2027-03-02 is in the future (today is 2027-03-01)');
    expect(milestoneRefusal(caseFile, { milestone: 'audit-meeting-held', occurredOn: today }, today)).toBeUndefined();
    const fresh = facts('case-file');
    expect(milestoneRefusal(fresh, { milestone: 'returns-closed', occurredOn: '2027-01-03' }, today)).toBe('occurredOn 2027-01-03 is before the previous stage (2027-01-04)');
    expect(milestoneRefusal(fresh, { milestone: 'returns-closed', occurredOn: '2027-01-04' }, today)).toBeUndefined();
    expect(milestoneRefusal(caseFile, { milestone: 'audit-meeting-held', occurredOn: '2027-02-02', actions: [{ key: 'A1', owner: 'police', dueOn: '2027-03-01' }] }, today)).toBe(
      "actions are recorded with 'action-plan-agreed'",
    );
    expect(milestoneRefusal(caseFile, { milestone: 'audit-meeting-held', occurredOn: '2027-02-02', actions: [] }, today)).toBeUndefined();
  });

  test('an action plan: at least one action, each once, none due before the plan', () => {
    const ready = facts('case-file', { milestones: ['returns-closed', 'audit-meeting-held', 'findings-agreed'].map((x) => stage(x, '2027-02-01')) });
    const plan = (actions?: { key: string; owner: string; dueOn: string }[]) => milestoneRefusal(ready, { milestone: 'action-plan-agreed', occurredOn: '2027-02-02', ...(actions ? { actions } : {}) }, today);
    expect(plan()).toBe('an action plan needs at least one action with an owner and a due date');
    expect(plan([])).toBe('an action plan needs at least one action with an owner and a due date');
    expect(
      plan([
        { key: 'A1', owner: 'police', dueOn: '2027-03-01' },
        { key: 'A1', owner: 'health', dueOn: '2027-03-01' },
      ]),
    ).toBe("action 'A1' appears twice");
    expect(plan([{ key: 'A1', owner: 'police', dueOn: '2027-02-01' }])).toBe("action 'A1' is due before the plan was agreed");
    expect(plan([{ key: 'A1', owner: 'police', dueOn: '2027-02-02' }])).toBeUndefined();
  });

  test('completing actions, and completion of the audit', () => {
    const withActions = { reference: 'CFA-2027', actions: [{ key: 'A1', owner: 'police', dueOn: '2027-03-01' }, { key: 'A2', owner: 'health', dueOn: '2027-03-01', completedOn: '2027-02-20' }] };
    expect(actionCompletionRefusal(withActions, 'A9', '2027-02-21', today)).toBe("CFA-2027 has no action 'A9'");
    expect(actionCompletionRefusal(withActions, 'A2', '2027-02-21', today)).toBe("action 'A2' was already completed on 2027-02-20");
    expect(actionCompletionRefusal(withActions, 'A1', '2027-03-02', today)).toBe('completedOn 2027-03-02 is in the future (today is 2027-03-01)');
    expect(actionCompletionRefusal(withActions, 'A1', today, today)).toBeUndefined();
    const s175 = (milestones: string[]) => facts('section-175', { milestones: milestones.map((x) => stage(x, '2027-02-01')) });
    expect([isComplete(s175([])), isComplete(s175(['returns-closed'])), isComplete(s175(['returns-closed', 'findings-agreed']))]).toEqual([false, false, true]);
    expect(nextMilestone(s175(['returns-closed', 'findings-agreed']))).toBeUndefined();
  });
});

describe('audit reminders, pauses and rounds', () => {
  test('the ladders', () => {
    expect(RETURN_LADDER).toEqual([
      { offset: -5, kind: 'reminder' },
      { offset: 0, kind: 'reminder' },
      { offset: 1, kind: 'overdue' },
      { offset: 5, kind: 'escalation' },
      { offset: 10, kind: 'escalation' },
      { offset: 15, kind: 'escalation' },
      { offset: 20, kind: 'escalation' },
    ]);
    expect(ACTION_LADDER.map((s) => `${s.offset} ${s.kind}`)).toEqual(['-2 reminder', '0 reminder', '5 overdue', '10 escalation', '15 escalation', '20 escalation', '25 escalation', '30 escalation', '35 escalation', '40 escalation']);
  });

  test('a due date on a Sunday is reminded on the Friday; steps come out in time order at the time asked for', () => {
    // Sun 8 Mar 2020: on the day is Fri 6 Mar; 2 working days before is Thu 5 Mar; 1 after is Mon 9 Mar.
    const reminders = ladderReminders('action-A1', '2020-03-08', defaultCalendar(), [
      { offset: 1, kind: 'overdue' },
      { offset: 0, kind: 'reminder' },
      { offset: -2, kind: 'reminder' },
    ], '14:30');
    expect(reminders.map((x) => [x.key, x.subject, x.kind, x.offset, x.date, x.at])).toEqual([
      ['action-A1:2020-03-08:before-2', 'action-A1', 'reminder', -2, '2020-03-05', '2020-03-05T14:30:00.000Z'],
      ['action-A1:2020-03-08:due', 'action-A1', 'reminder', 0, '2020-03-06', '2020-03-06T14:30:00.000Z'],
      ['action-A1:2020-03-08:after-1', 'action-A1', 'overdue', 1, '2020-03-09', '2020-03-09T14:30:00.000Z'],
    ]);
    expect(ladderReminders('r', '2020-03-09', defaultCalendar(), [{ offset: 0, kind: 'reminder' }])[0]?.at).toBe('2020-03-09T09:00:00.000Z');
  });

  test('a pause moves the returns date by its working days; an open one counts to today; none leaves it, even on a Sunday', () => {
    // Mon 6 to Mon 13 Jan 2020: 5 working days (6 Jan itself not counted, 13 Jan counted): Wed 15 Jan + 5 = Wed 22 Jan.
    expect(dueAfterPauses('2020-01-15', defaultCalendar(), [{ from: '2020-01-06', to: '2020-01-13' }], '2020-02-01')).toBe('2020-01-22');
    expect(dueAfterPauses('2020-01-15', defaultCalendar(), [{ from: '2020-01-06' }], '2020-01-13')).toBe('2020-01-22');
    expect(dueAfterPauses('2020-01-15', defaultCalendar(), [{ from: '2020-01-13', to: '2020-01-06' }], '2020-02-01')).toBe('2020-01-15');
    expect(dueAfterPauses('2020-03-08', defaultCalendar(), [], '2020-02-01')).toBe('2020-03-08');
  });

  test('rounds', () => {
    expect(nextRoundReference('S11-2027-R12', 12)).toBe('S11-2027-R13');
    expect(nextRoundReference('CFA-2027-RX', 1)).toBe('CFA-2027-RX-R2');
    expect(nextRoundOpensOn('2027-08-31', 6)).toBe('2028-02-29');
    expect(nextRoundOpensOn('2027-03-15', 12)).toBe('2028-03-15');
  });
});

describe('QAPP cycle', () => {
  test('defaults and purposes', () => {
    expect(DEFAULT_QAPP_CONFIG).toEqual({ papersDeadlineWorkingDays: 5, agendaWorkingDays: 3, minutesDueWorkingDays: 10, whileSuspended: 'repurpose' });
    expect(MEETING_PURPOSES).toEqual({
      1: 'QAPP dashboard and data; identify audit activity; review learning from earlier audits',
      2: 'Policies and procedures; learning and development',
      3: 'Audit activity: the audits against the theme chosen at meeting 1',
    });
    expect([1, 2, 3, 6].map((everyMonths) => cadenceName({ everyMonths }))).toEqual(['monthly', 'bi-monthly', 'custom', 'custom']);
    expect([-1, -3, 4, 5].map(meetingTypeAt)).toEqual([3, 1, 2, 3]);
    expect([purposeOf(3, false, { whileSuspended: 'skip' }), purposeOf(1, true, { whileSuspended: 'repurpose' })]).toEqual(['standard', 'standard']);
  });

  test('the 31st falls back to the month end, then off the weekend', () => {
    const monthEnd: Cadence = { everyMonths: 1, dayOfMonth: 31, from: '2021-01-01' };
    // Sun 31 Jan -> Mon 1 Feb; Sun 28 Feb -> Mon 1 Mar; Wed 31 Mar.
    expect(['2021-01-01', '2021-02-01', '2021-03-01'].map((after) => nextMeetingDate(defaultCalendar(), [monthEnd], after))).toEqual(['2021-02-01', '2021-03-01', '2021-03-31']);
    expect(meetingDayFor(defaultCalendar(), '2020-05-08')).toBe('2020-05-11');
    expect(meetingDayFor(defaultCalendar(), '2020-05-11')).toBe('2020-05-11');
  });

  test('a cadence starts no earlier than its date; a new one takes over on its date', () => {
    // From Wed 15 Jan 2020 on the 8th: 8 Jan is before it, so Sat 8 Feb, moved to Mon 10 Feb.
    expect(nextMeetingDate(defaultCalendar(), [{ everyMonths: 1, dayOfMonth: 8, from: '2020-01-15' }], '2020-01-01')).toBe('2020-02-10');
    const monthly: Cadence = { everyMonths: 1, dayOfMonth: 8, from: '2020-01-01' };
    const on20th: Cadence = { everyMonths: 1, dayOfMonth: 20, from: '2020-04-08' };
    // The 8 April slot of the old cadence is the new one's first day: the new cadence's Mon 20 April.
    expect(nextMeetingDate(defaultCalendar(), [on20th, monthly], '2020-03-09')).toBe('2020-04-20');
    expect(nextMeetingDate(defaultCalendar(), [monthly, on20th], '2020-03-09')).toBe('2020-04-20');
    expect(() => nextMeetingDate(defaultCalendar(), [], '2020-03-09')).toThrow('no meeting date after 2020-03-09');
  });

  test('cadence refusals on both sides of each bound', () => {
    const refuse = (c: Partial<Cadence>, current: Cadence[] = []) => cadenceRefusal({ everyMonths: 1, dayOfMonth: 8, from: '2020-05-01', ...c }, '2020-04-01', current);
    expect([refuse({ everyMonths: 0 }), refuse({ everyMonths: 13 }), refuse({ everyMonths: 1.5 })]).toEqual(Array(3).fill('everyMonths must be a whole number from 1 to 12'));
    expect([refuse({ everyMonths: 1 }), refuse({ everyMonths: 12 })]).toEqual([undefined, undefined]);
    expect([refuse({ dayOfMonth: 0 }), refuse({ dayOfMonth: 32 }), refuse({ dayOfMonth: 7.5 })]).toEqual(Array(3).fill('dayOfMonth must be from 1 to 31'));
    expect([refuse({ dayOfMonth: 1 }), refuse({ dayOfMonth: 31 })]).toEqual([undefined, undefined]);
    expect(refuse({ from: '2020-03-31' })).toBe('a cadence change cannot start in the past (from 2020-03-31, today is 2020-04-01)');
    expect(refuse({ from: '2020-04-01' })).toBeUndefined();
    const earlier: Cadence = { everyMonths: 1, dayOfMonth: 8, from: '2020-01-01' };
    const later: Cadence = { everyMonths: 2, dayOfMonth: 8, from: '2020-06-01' };
    for (const current of [[earlier, later], [later, earlier]]) {
      expect(refuse({ from: '2020-05-31' }, current)).toBe('a cadence already applies from 2020-06-01; a change must start on or after it');
      expect(refuse({ from: '2020-06-01' }, current)).toBeUndefined();
    }
  });
});

describe('action plans and agency requests', () => {
  test('refusals, and the actions still open', () => {
    const a = (id: string, dueOn = '2027-03-01') => ({ id, owner: 'police', dueOn });
    expect(actionPlanRefusal([a('A1'), a('A2'), a('A1')], '2027-02-01', 'agreed')).toBe("action 'A1' is listed twice");
    expect(actionPlanRefusal([a('A1'), a('A2', '2027-01-31')], '2027-02-01', 'the plan was agreed')).toBe("action 'A2' is due (2027-01-31) before the plan was agreed (2027-02-01)");
    expect(actionPlanRefusal([a('A1', '2027-02-01')], '2027-02-01', 'agreed')).toBeUndefined();
    const ag = (agency: string, dueOn = '2027-03-01') => ({ agency, dueOn });
    const owed = { a: 'a report', the: 'the report' };
    expect(agencyRequestRefusal([ag('police'), ag('health'), ag('police')], '2027-02-01', owed)).toBe("agency 'police' is listed twice");
    expect(agencyRequestRefusal([ag('police', '2027-02-01')], '2027-02-01', owed)).toBeUndefined();
    expect(openActionsOf([a('A1'), a('A2'), a('A3')], new Set(['A2']))).toEqual([a('A1'), a('A3')]);
  });
});

describe('issue 17: returns and actions carry their record', () => {
  const cal = defaultCalendar;
  test('who returned when, on time or late, by the statutory verdict', () => {
    const participants = [
      { id: 'school-1', label: 'School 1' },
      { id: 'school-2', label: 'School 2' },
      { id: 'school-3', label: 'School 3' },
    ];
    const returns = new Map([
      ['school-1', { submittedOn: '2019-12-13' }],
      ['school-2', { submittedOn: '2019-12-20' }],
    ]);
    const v = returnVerdicts(participants, returns, '2019-12-13', '2020-01-10', cal());
    expect(v.map((r) => [r.participantId, r.status, r.late, r.workingDaysLate])).toEqual([
      ['school-1', 'met', false, undefined],
      ['school-2', 'met-late', true, 5],
      ['school-3', 'overdue', true, 17], // 16 Dec to 10 Jan, less Christmas, Boxing Day and New Year's Day
    ]);
    expect(v[1]!.verdict).toBe('met late on Fri 20 Dec 2019: 5 working days after its date (Fri 13 Dec 2019)');
  });

  test('an action cannot be completed before its audit opened, nor planned due before it', () => {
    const f = { reference: 'CFA-2019-NEGLECT', openedOn: '2019-09-02', actions: [{ key: 'A1', owner: 'police', dueOn: '2019-10-01' }] };
    expect(actionCompletionRefusal(f, 'A1', '2019-08-30', '2026-12-04')).toBe('completedOn 2019-08-30 is before the audit opened on 2019-09-02');
    expect(actionCompletionRefusal(f, 'A1', '2019-09-02', '2026-12-04')).toBeUndefined();
  });
});
