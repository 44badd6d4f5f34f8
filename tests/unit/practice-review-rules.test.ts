/**
 * The practice review's rules (domain/practice-review.ts) one by one: milestone order in both
 * directions, hold, resume and deferral refusals, the clock events, stages, and T7, T8 and T9.
 * Expected dates are hand counts on a 2027 calendar (gov.uk: Easter 26 and 29 Mar, early May 3 May).
 */
import { defaultCalendar } from '../../domain/calendar';
import {
  DEFERRAL_REASONS,
  LEARNING_AUDIT_RETURN_WORKING_DAYS,
  PAUSE_REASONS,
  practiceMilestoneDefinitions,
  PRACTICE_REVIEW_MILESTONES,
  calendarDaysOnHold,
  clockEvents,
  deferralRefusal,
  pauseRefusal,
  plannedPublicationOn,
  practiceMetOn,
  practiceMilestoneKey,
  practiceMilestoneRefusal,
  practiceReviewDeadlines,
  practiceStage,
  reasonInWords,
  resumeRefusal,
  workingDaysOnHold,
  type HoldRecord,
  type PracticeMilestoneInput,
  type PracticeReviewMilestone,
  type RecordedPracticeMilestone,
} from '../../domain/practice-review';
import { STANDARD_RULES } from '../../domain/rules';

const m = (milestone: string, occurredOn: string, extra: Record<string, unknown> = {}) =>
  ({ milestone, occurredOn, recordedBy: 'x', recordedAt: `${occurredOn}T10:00:00Z`, ...extra }) as RecordedPracticeMilestone;
const state = (milestones: readonly RecordedPracticeMilestone[], holds: HoldRecord[] = []) => ({ decidedOn: '2027-01-04', ruleSet: STANDARD_RULES, calendar: defaultCalendar(), milestones, holds });
const refusal = (milestones: readonly RecordedPracticeMilestone[], input: Record<string, unknown>, holds: HoldRecord[] = [], today = '2027-12-31') =>
  practiceMilestoneRefusal({ recordedBy: 'x', ...input } as PracticeMilestoneInput, state(milestones, holds), today);

const path = [
  m('reviewer-appointed', '2027-01-04', { reviewerName: 'R' }),
  m('terms-of-reference-agreed', '2027-01-11'),
  m('agency-reports-requested', '2027-01-12', { agencies: [{ agency: 'police', dueOn: '2027-02-15' }] }),
  m('agency-report-received', '2027-02-10', { agency: 'police' }),
  m('practitioner-learning-event-held', '2027-02-17'),
  m('family-involvement-completed', '2027-02-18'),
  m('draft-requested', '2027-02-19'),
  m('draft-report-received', '2027-03-01'),
  m('partner-sign-off', '2027-03-08', { plannedPublicationOn: '2027-04-30' }),
  m('pre-publication-copy-sent', '2027-03-15'),
  m('published', '2027-04-30'),
  m('action-plan-agreed', '2027-05-10', { actions: [{ id: 'A1', owner: 'police', dueOn: '2027-07-01' }] }),
  m('action-completed', '2027-06-01', { actionId: 'A1' }),
];
const upTo = (milestone: PracticeReviewMilestone) => path.slice(0, path.findIndex((x) => x.milestone === milestone));
const inputOf = (milestone: PracticeReviewMilestone): Record<string, unknown> => {
  const input: Record<string, unknown> = { ...path.find((x) => x.milestone === milestone)! };
  delete input.recordedAt;
  return input;
};

// Working Together 2018 ch. 4 and PROCESSES.md, written out here rather than read from the code.
const MUST_FOLLOW: [PracticeReviewMilestone, PracticeReviewMilestone[]][] = [
  ['terms-of-reference-agreed', ['reviewer-appointed']],
  ['agency-reports-requested', ['terms-of-reference-agreed']],
  ['agency-report-received', ['agency-reports-requested']],
  ['practitioner-learning-event-held', ['agency-reports-requested']],
  ['family-involvement-completed', ['terms-of-reference-agreed']],
  ['draft-requested', ['terms-of-reference-agreed']],
  ['draft-report-received', ['draft-requested', 'practitioner-learning-event-held']],
  ['partner-sign-off', ['draft-report-received', 'family-involvement-completed']],
  ['pre-publication-copy-sent', ['partner-sign-off']],
  ['published', ['pre-publication-copy-sent']],
  ['action-completed', ['action-plan-agreed']],
];
const cases = MUST_FOLLOW.flatMap(([milestone, prerequisites]) => prerequisites.map((p) => [milestone, p] as const));

describe('milestone order', () => {
  test.each([...MUST_FOLLOW.map(([x]) => x), 'reviewer-appointed', 'action-plan-agreed'] as PracticeReviewMilestone[])('%s is accepted in its place', (milestone) => {
    expect(refusal(upTo(milestone), inputOf(milestone))).toBeUndefined();
  });

  test.each(cases)('%s is refused without %s', (milestone, prerequisite) => {
    expect(refusal(upTo(milestone).filter((x) => x.milestone !== prerequisite), inputOf(milestone))).toBe(`'${milestone}' cannot be recorded before '${prerequisite}'`);
  });

  test.each([...cases, ['action-plan-agreed', 'published'] as const])('%s dated before %s is refused, and on the same day is not', (milestone, prerequisite) => {
    const dated = (on: string) => upTo(milestone).map((x) => (x.milestone === prerequisite ? { ...x, occurredOn: on } : x));
    const input = inputOf(milestone);
    expect(refusal(dated('2027-12-30'), input)).toBe(`occurredOn ${input.occurredOn} is before '${prerequisite}' (2027-12-30)`);
    // Publication the day the copy was sent is refused for T8, not for the order.
    const sameDay = milestone === 'published' ? 'the Panel and the Secretary of State must have the final report at least 7 working days before publication: it was sent on 2027-04-30, 0 working day(s) before 2027-04-30' : undefined;
    expect(refusal(dated(input.occurredOn as string), input)).toBe(sameDay);
  });

  test('an action plan follows either kind of publication', () => {
    const before = upTo('action-plan-agreed');
    const improvements = [...before.slice(0, -1), m('improvements-published', '2027-04-30')];
    expect(refusal(improvements, inputOf('action-plan-agreed'))).toBeUndefined();
    expect(refusal(before.slice(0, -1), inputOf('action-plan-agreed'))).toBe("'action-plan-agreed' cannot be recorded before 'published' or 'improvements-published'");
    expect(refusal(upTo('published'), { milestone: 'improvements-published', occurredOn: '2027-04-30' })).toBeUndefined();
  });

  test('dates, repeats, closure and holds', () => {
    const tor = { milestone: 'terms-of-reference-agreed', occurredOn: '2027-01-11' };
    const appointed = path.slice(0, 1);
    expect(refusal(appointed, { ...tor, occurredOn: '2027-03-02' }, [], '2027-03-01')).toBe('occurredOn 2027-03-02 is in the future (today is 2027-03-01)');
    expect(refusal(appointed, { ...tor, occurredOn: '2027-03-01' }, [], '2027-03-01')).toBeUndefined();
    expect(refusal([m('reviewer-appointed', '2027-01-03')], { milestone: 'terms-of-reference-agreed', occurredOn: '2027-01-03' })).toBe(
      'occurredOn 2027-01-03 is before the review was commissioned (2027-01-04)',
    );
    expect(refusal([m('reviewer-appointed', '2027-01-04')], { milestone: 'terms-of-reference-agreed', occurredOn: '2027-01-04' })).toBeUndefined();
    expect(refusal([], { milestone: 'case-closed', occurredOn: '2027-01-05' })).toBe("unknown milestone 'case-closed'");
    expect(refusal(path, { milestone: 'action-completed', actionId: 'A2', occurredOn: '2027-06-02' })).toBe('the practice review is closed: no further milestones');
    expect(refusal(upTo('draft-requested'), { milestone: 'agency-report-received', agency: 'police', occurredOn: '2027-02-19' })).toBe("'agency-report-received' for 'police' was already recorded");
    const paused: HoldRecord = { kind: 'pause', from: '2027-02-01', reason: 'capacity', expectedResumeOn: '2027-03-01', panelAndSoSToldOn: '2027-02-01' };
    expect(refusal(upTo('practitioner-learning-event-held'), inputOf('practitioner-learning-event-held'), [paused])).toBe(
      "the review is on hold since 2027-02-01 (capacity): resume it before recording 'practitioner-learning-event-held'",
    );
    const deferred: HoldRecord = { kind: 'publication-deferral', from: '2027-03-10', reason: 'inquest', panelAndSoSToldOn: '2027-03-10' };
    expect(refusal(upTo('pre-publication-copy-sent'), inputOf('pre-publication-copy-sent'), [deferred])).toBeUndefined();
    expect(refusal(upTo('published'), inputOf('published'), [deferred])).toBe('publication is deferred since 2027-03-10 (inquest): lift the deferral first');
  });
});

describe('what a milestone must carry', () => {
  test('agency reports: requested from each agency once, received only from those asked, all in before the draft', () => {
    const request = (agencies: unknown[]) => refusal(upTo('agency-reports-requested'), { milestone: 'agency-reports-requested', occurredOn: '2027-01-12', agencies });
    expect(request([])).toBe('at least one agency must be asked for a report');
    expect(request([{ agency: 'police', dueOn: '2027-01-11' }])).toBe("the report from 'police' is due (2027-01-11) before it was requested (2027-01-12)");
    const outstanding = upTo('draft-report-received').filter((x) => x.milestone !== 'agency-report-received');
    expect(refusal(outstanding, inputOf('draft-report-received'))).toBe("agency reports are outstanding from 'police'");
  });

  test('sign-off plans publication after the sign-off', () => {
    const signOff = (plannedPublicationOn: string) => refusal(upTo('partner-sign-off'), { milestone: 'partner-sign-off', occurredOn: '2027-03-08', plannedPublicationOn });
    expect(signOff('2027-03-08')).toBe('plannedPublicationOn 2027-03-08 must be after the sign-off (2027-03-08)');
    expect(signOff('2027-03-09')).toBeUndefined();
  });

  test('T8: the final report reaches the Panel 7 working days before publication', () => {
    // Sent Mon 15 Mar 2027: 6 working days later is Tue 23 Mar, 7 is Wed 24 Mar.
    const publish = (occurredOn: string) => refusal(upTo('published'), { milestone: 'published', occurredOn });
    expect(publish('2027-03-23')).toBe(
      'the Panel and the Secretary of State must have the final report at least 7 working days before publication: it was sent on 2027-03-15, 6 working day(s) before 2027-03-23',
    );
    expect(publish('2027-03-24')).toBeUndefined();
    expect(refusal(upTo('action-plan-agreed'), { milestone: 'improvements-published', occurredOn: '2027-05-01' })).toBe('the review was already published on 2027-04-30');
  });

  test('action plans and completed actions', () => {
    const plan = (actions: unknown[]) => refusal(upTo('action-plan-agreed'), { milestone: 'action-plan-agreed', occurredOn: '2027-05-10', actions });
    expect(plan([])).toBe('an action plan needs at least one action');
    expect(plan([{ id: 'A1', owner: 'police', dueOn: '2027-05-09' }])).toBe("action 'A1' is due (2027-05-09) before the plan was agreed (2027-05-10)");
    expect(refusal(upTo('action-completed'), { milestone: 'action-completed', actionId: 'A9', occurredOn: '2027-06-01' })).toBe("unknown action 'A9': the plan has 'A1'");
  });
});

describe('holds', () => {
  const early = path.slice(0, 3); // last milestone Tue 12 Jan
  const signedOff = upTo('pre-publication-copy-sent'); // last milestone Mon 8 Mar
  const pause = (from: string, to?: string): HoldRecord => ({ kind: 'pause', from, ...(to ? { to } : {}), reason: 'inquest', panelAndSoSToldOn: from });
  const deferral = (from: string, to?: string): HoldRecord => ({ kind: 'publication-deferral', from, ...(to ? { to } : {}), reason: 'inquest', panelAndSoSToldOn: from });

  test('a pause', () => {
    const refuse = (from: string, holds: HoldRecord[] = [], milestones = early, expectedResumeOn = '2027-06-01') => pauseRefusal({ from, reason: 'inquest', expectedResumeOn }, state(milestones, holds), '2027-03-01');
    expect(refuse('2027-02-01', [], path)).toBe('the practice review is closed');
    expect(refuse('2027-02-01', [pause('2027-01-20')])).toBe('the review is already paused since 2027-01-20');
    expect(refuse('2027-02-01', [deferral('2027-01-20')])).toBe('publication is deferred since 2027-01-20: a deferred review cannot also be paused');
    expect(refuse('2027-01-03', [], [])).toBe('from 2027-01-03 is before the review was commissioned (2027-01-04)');
    expect(refuse('2027-02-09', [pause('2027-02-01', '2027-02-10')])).toBe('from 2027-02-09 is before the end of the previous hold (2027-02-10)');
    expect(refuse('2027-02-10', [pause('2027-02-01', '2027-02-10')])).toBeUndefined();
    expect(refuse('2027-01-11')).toBe('from 2027-01-11 is before the last milestone (2027-01-12)');
    expect(refuse('2027-01-12')).toBeUndefined();
    expect(refuse('2027-02-01', [], early, '2027-02-01')).toBe('expectedResumeOn 2027-02-01 must be after the pause starts (2027-02-01)');
    expect(refuse('2027-02-01', [], early, '2027-02-02')).toBeUndefined();
  });

  test('a resumption', () => {
    const refuse = (on: string, holds: HoldRecord[], plannedPublicationOn?: string) => resumeRefusal({ on, ...(plannedPublicationOn ? { plannedPublicationOn } : {}) }, state(signedOff, holds), '2027-03-20');
    expect(refuse('2027-03-20', [pause('2027-03-09', '2027-03-12')])).toBe('the review is not paused');
    expect(refuse('2027-03-21', [pause('2027-03-09')])).toBe('on 2027-03-21 is in the future (today is 2027-03-20)');
    expect(refuse('2027-03-20', [pause('2027-03-09')])).toBeUndefined();
    expect(refuse('2027-03-08', [pause('2027-03-09')])).toBe('on 2027-03-08 is before the hold began (2027-03-09)');
    expect(refuse('2027-03-09', [pause('2027-03-09')])).toBeUndefined();
    expect(refuse('2027-03-15', [pause('2027-03-09')], '2027-05-01')).toBe('plannedPublicationOn applies only when a publication deferral is lifted');
    expect(refuse('2027-03-15', [deferral('2027-03-09')], '2027-03-15')).toBe('plannedPublicationOn 2027-03-15 must be after 2027-03-15');
    expect(refuse('2027-03-15', [deferral('2027-03-09')], '2027-03-16')).toBeUndefined();
  });

  test('a publication deferral', () => {
    const refuse = (from: string, holds: HoldRecord[] = [], milestones = signedOff) => deferralRefusal({ from, reason: 'inquest' }, state(milestones, holds), '2027-03-20');
    expect(refuse('2027-03-10', [], early)).toBe("publication can be deferred only once the report is signed off ('partner-sign-off')");
    expect(refuse('2027-03-10', [pause('2027-03-09')])).toBe('the review is paused since 2027-03-09: resume it first');
    expect(refuse('2027-03-10', [deferral('2027-03-09')])).toBe('publication is already deferred since 2027-03-09');
    expect(refuse('2027-03-21')).toBe('from 2027-03-21 is in the future (today is 2027-03-20)');
    expect(refuse('2027-03-07')).toBe('from 2027-03-07 is before the last milestone (2027-03-08)');
    expect(refuse('2027-03-08')).toBeUndefined();
    expect(refuse('2027-03-10', [deferral('2027-03-09', '2027-03-10')])).toBeUndefined();
    // a deferral inside a lifted pause would count the shared days twice
    expect(refuse('2027-03-09', [pause('2027-03-01', '2027-03-12')])).toBe('from 2027-03-09 is before the end of the previous hold (2027-03-12)');
    expect(refuse('2027-03-12', [pause('2027-03-01', '2027-03-12')])).toBeUndefined();
  });

  test('the clock sees a lifted deferral as a pause and an open one as a deferral', () => {
    expect(
      clockEvents([
        { kind: 'pause', from: '2027-01-18', to: '2027-01-25', reason: 'capacity', panelAndSoSToldOn: '2027-01-18' },
        { kind: 'publication-deferral', from: '2027-04-01', to: '2027-04-15', reason: 'inquest', panelAndSoSToldOn: '2027-04-01' },
        { kind: 'publication-deferral', from: '2027-05-01', reason: 'criminal-proceedings', panelAndSoSToldOn: '2027-05-03' },
        { kind: 'pause', from: '2027-06-01', reason: 'covid', panelAndSoSToldOn: '2027-06-01' },
      ]),
    ).toStrictEqual([
      { kind: 'pause', from: '2027-01-18', to: '2027-01-25', reason: 'capacity' },
      { kind: 'pause', from: '2027-04-01', to: '2027-04-15', reason: 'inquest' },
      { kind: 'publication-deferral', from: '2027-05-01', reason: 'criminal proceedings', panelAndSoSToldOn: '2027-05-03' },
      { kind: 'pause', from: '2027-06-01', reason: 'COVID-19' },
    ]);
    expect((['criminal-proceedings', 'inquest', 'covid', 'capacity'] as const).map(reasonInWords)).toEqual(['criminal proceedings', 'inquest', 'COVID-19', 'capacity']);
  });

  test('days on hold: an open hold counts up to and including today', () => {
    // Mon 1 to Fri 5 Feb 2027 closed (to Mon 8 Feb): 5 working days, 7 calendar days; open from Mon 1 Mar to Wed 3 Mar: 3 and 3.
    const holds = [pause('2027-02-01', '2027-02-08'), pause('2027-03-01')];
    expect(workingDaysOnHold({ holds, calendar: defaultCalendar() }, '2027-03-03')).toBe(8);
    expect(calendarDaysOnHold(holds, '2027-03-03')).toBe(10);
  });
});

describe('stages, keys and when deadlines are met', () => {
  test.each<[string, RecordedPracticeMilestone[], string]>([
    ['nothing yet', [], 'terms-of-reference'],
    ['reviewer appointed', path.slice(0, 1), 'terms-of-reference'],
    ['terms agreed', path.slice(0, 2), 'evidence-gathering'],
    ['reports requested', path.slice(0, 3), 'learning-and-analysis'],
    ['learning event held', path.slice(0, 5), 'draft-report'],
    ['draft requested, no learning event', [...path.slice(0, 3), m('draft-requested', '2027-02-19')], 'draft-report'],
    ['draft received', path.slice(0, 8), 'partner-sign-off'],
    ['signed off', path.slice(0, 9), 'pre-publication'],
    ['copy sent', path.slice(0, 10), 'publication-due'],
    ['published', path.slice(0, 11), 'action-plan-due'],
    ['improvements published', [...path.slice(0, 10), m('improvements-published', '2027-04-30')], 'action-plan-due'],
    ['plan agreed', path.slice(0, 12), 'action-plan-monitoring'],
    ['every action done', path, 'closed'],
  ])('%s: %s', (_what, milestones, stage) => {
    expect(practiceStage(milestones)).toBe(stage);
  });

  test('keys and met dates', () => {
    expect([practiceMilestoneKey({ milestone: 'published' }), practiceMilestoneKey({ milestone: 'agency-report-received', agency: 'police' }), practiceMilestoneKey({ milestone: 'action-completed', actionId: 'A1' })]).toEqual([
      'milestone:published',
      'milestone:agency-report-received:police',
      'milestone:action-completed:A1',
    ]);
    expect(['completion', 'pre-publication-copy', 'agency-report:police', 'agency-report:health', 'action:A1', 'action:A2', 'kept-published'].map((k) => practiceMetOn(k, path))).toEqual([
      '2027-04-30',
      '2027-03-15',
      '2027-02-10',
      undefined,
      '2027-06-01',
      undefined,
      undefined,
    ]);
    expect(practiceMetOn('completion', [...path.slice(0, 10), m('improvements-published', '2027-05-04')])).toBe('2027-05-04');
    expect(practiceMetOn('completion', path.slice(0, 10))).toBeUndefined();
    // Issue 11 replaced the UNREMINDED_DEADLINES list by the rule's kind: only T9 (kept published) is a
    // standing obligation, never reminded; every other practice-review deadline is chased.
    expect(practiceReviewDeadlines(state(path), '2027-06-02').map((d) => [d.key, d.kind])).toEqual(
      practiceReviewDeadlines(state(path), '2027-06-02').map((d) => [d.key, d.key === 'kept-published' ? 'standing' : 'deadline']),
    );
    expect(practiceReviewDeadlines(state(path), '2027-06-02').filter((d) => d.kind === 'standing').map((d) => d.key)).toEqual(['kept-published']);
  });
});

describe('deadlines: T7, T8, T9, reports and actions', () => {
  test('counted by hand from Mon 4 Jan 2027', () => {
    const deadlines = practiceReviewDeadlines(state(path.slice(0, 12)), '2027-05-10');
    expect(deadlines.map((d) => [d.key, d.ruleId, d.due])).toEqual([
      ['completion', 'T7', '2027-07-02'], // 6 months: Sun 4 Jul 2027, so the working day before, Fri 2 Jul (issue 11)
      ['agency-report:police', 'T11', '2027-02-15'],
      ['pre-publication-copy', 'T8', '2027-04-21'], // 7 working days before Fri 30 Apr
      ['kept-published', 'T9', '2028-04-30'], // a year after publication
      ['action:A1', 'T11', '2027-07-01'],
    ]);
    expect(deadlines[1]!.title).toBe('Agency report and chronology from police');
    expect(deadlines[1]!.explanation.rule.source).toBe('SI 2018/789 reg 14; Working Together 2018 ch. 4');
    expect(deadlines[4]!.explanation.rule.source).toBe('Working Together 2018 ch. 4 (action plan)');
    expect(deadlines[0]!.explanation.start).toEqual({ event: 'decision to hold a local review', date: '2027-01-04' });
    expect(practiceReviewDeadlines(state(path.slice(0, 2)), '2027-01-11').map((d) => d.key)).toEqual(['completion']);
  });

  test('kept published from 29 Feb 2028 runs to 28 Feb 2029', () => {
    const leap = [...path.slice(0, 10), m('published', '2028-02-29')];
    expect(practiceReviewDeadlines(state(leap), '2028-03-01').find((d) => d.key === 'kept-published')?.due).toBe('2029-02-28');
  });

  test('a lifted deferral replans publication, the latest replanning counting; an open deferral holds T7 but not T8', () => {
    const holds: HoldRecord[] = [
      // Weekend-only holds (Sat to Sun), so no working day moves the dates as well.
      { kind: 'publication-deferral', from: '2027-03-20', to: '2027-03-21', reason: 'inquest', panelAndSoSToldOn: '2027-03-20', replannedPublicationOn: '2027-05-28' },
      { kind: 'publication-deferral', from: '2027-04-10', to: '2027-04-11', reason: 'inquest', panelAndSoSToldOn: '2027-04-10', replannedPublicationOn: '2027-06-30' },
    ];
    const signedOff = path.slice(0, 10);
    expect(plannedPublicationOn(signedOff, holds)).toBe('2027-06-30');
    expect(plannedPublicationOn(signedOff)).toBe('2027-04-30');
    // Wed 30 Jun 2027 less 7 working days: Mon 21 Jun.
    expect(practiceReviewDeadlines(state(signedOff, holds), '2027-04-20').find((d) => d.key === 'pre-publication-copy')?.due).toBe('2027-06-21');
    const open = practiceReviewDeadlines(state(signedOff, [{ kind: 'publication-deferral', from: '2027-03-20', reason: 'inquest', panelAndSoSToldOn: '2027-03-20' }]), '2027-04-20');
    expect(open.map((d) => [d.key, d.paused])).toEqual([
      ['completion', true],
      ['agency-report:police', true],
      ['pre-publication-copy', false],
    ]);
  });
});

describe('the milestones and reasons as the timeline and forms name them', () => {
  test('titles, per-item milestones, reasons', () => {
    expect(PRACTICE_REVIEW_MILESTONES.map((x) => [x, practiceMilestoneDefinitions()[x].title, practiceMilestoneDefinitions()[x].perItem ?? false])).toEqual([
      ['reviewer-appointed', 'Reviewer appointed', false],
      ['terms-of-reference-agreed', 'Terms of reference agreed', false],
      ['agency-reports-requested', 'Agency reports and chronologies requested', false],
      ['agency-report-received', 'Agency report and chronology received', true],
      ['practitioner-learning-event-held', 'Practitioner learning event held', false],
      ['family-involvement-completed', 'Family involvement completed', false],
      ['draft-requested', 'Draft report requested in writing (reg 14)', false],
      ['draft-report-received', 'Draft report received', false],
      ['partner-sign-off', 'Final report signed off by the safeguarding partners', false],
      ['pre-publication-copy-sent', 'Final report sent to the Panel and the Secretary of State', false],
      ['published', 'Report published', false],
      ['improvements-published', 'Only the improvements published, with the justification', false],
      ['action-plan-agreed', 'Action plan agreed', false],
      ['action-completed', 'Action completed', true],
    ]);
    expect(PAUSE_REASONS).toEqual(['criminal-proceedings', 'inquest', 'covid', 'capacity']);
    expect(DEFERRAL_REASONS).toEqual(['criminal-proceedings', 'inquest']);
    expect(LEARNING_AUDIT_RETURN_WORKING_DAYS).toBe(20);
  });
});

describe('T8 after a publication deferral is lifted with a new publication date', () => {
  // Signed off Mon 8 Mar 2027 for publication Fri 30 Apr; deferred Mon 12 Apr, lifted Wed 28 Apr (12 working
  // days on hold: 12-16, 19-23, 26-27 Apr) with publication replanned for Wed 30 Jun 2027. Counted by hand:
  // 7 working days before Wed 30 Jun is Mon 21 Jun (22, 23, 24, 25, 28, 29, 30 Jun). The deferral is over
  // when the new date is set, so it must not move T8 again (21 Jun + 12 working days would be Wed 7 Jul).
  const lifted: HoldRecord = { kind: 'publication-deferral', from: '2027-04-12', to: '2027-04-28', reason: 'inquest', panelAndSoSToldOn: '2027-04-12', replannedPublicationOn: '2027-06-30' };
  const t8 = (holdsMoveOnlyRunningDeadlines: boolean, hold: HoldRecord = lifted) =>
    practiceReviewDeadlines({ ...state(path.slice(0, 9), [hold]), holdsMoveOnlyRunningDeadlines }, '2027-05-03').find((d) => d.key === 'pre-publication-copy')!;

  test('reviews under the issue 11 rule (holds move only running deadlines): 21 June, unmoved', () => {
    expect([t8(true).due, t8(true).statutoryDue, t8(true).explanation.pauses]).toEqual(['2027-06-21', '2027-06-21', []]);
  });

  // Reviews started before the issue 11 patch (holdsMoveOnlyRunningDeadlines off, kept so that running workflows
  // replay) counted the lifted deferral twice: clockEvents() turns it into a 'pause', which the T8 filter kept.
  // From patch replan-allows-for-deferral such a review marks the lifted deferral when the new date is set.
  test('reviews started before the issue 11 rule: 21 June too once the lift marks the deferral as allowed for', () => {
    expect(t8(false, { ...lifted, replanAllowsForIt: true }).due).toBe('2027-06-21');
  });

  test('lifts recorded before that patch (no mark) keep the date they ran with: Wed 7 Jul 2027', () => {
    expect(t8(false).due).toBe('2027-07-07');
  });
});
