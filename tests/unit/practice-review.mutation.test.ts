/**
 * Practice review cases the other tests leave open, found by mutation testing (npm run
 * test:mutation): milestones recorded out of date order, holds that end out of order, a replanned
 * publication followed by a hold that replans nothing, and reports outstanding from one agency of
 * two. Dates are hand counts on the 2027 calendar (gov.uk: Easter 26 and 29 Mar, early May 3 May).
 */
import { defaultCalendar } from '../../domain/calendar';
import {
  pauseRefusal,
  plannedPublicationOn,
  plannedPublicationSetOn,
  practiceMilestoneRefusal,
  practiceReviewDeadlines,
  type HoldRecord,
  type PracticeMilestoneInput,
  type RecordedPracticeMilestone,
} from '../../domain/practice-review';
import { STANDARD_RULES } from '../../domain/rules';

const m = (milestone: string, occurredOn: string, extra: Record<string, unknown> = {}) =>
  ({ milestone, occurredOn, recordedBy: 'x', recordedAt: `${occurredOn}T10:00:00Z`, ...extra }) as RecordedPracticeMilestone;
const state = (milestones: readonly RecordedPracticeMilestone[], holds: HoldRecord[] = []) => ({ decidedOn: '2027-01-04', ruleSet: STANDARD_RULES, calendar: defaultCalendar(), milestones, holds });

const started = [m('reviewer-appointed', '2027-01-04', { reviewerName: 'R' }), m('terms-of-reference-agreed', '2027-01-11')];
const signedOff = [
  ...started,
  m('agency-reports-requested', '2027-01-12', { agencies: [{ agency: 'police', dueOn: '2027-02-15' }] }),
  m('agency-report-received', '2027-02-10', { agency: 'police' }),
  m('practitioner-learning-event-held', '2027-02-17'),
  m('family-involvement-completed', '2027-02-18'),
  m('draft-requested', '2027-02-19'),
  m('draft-report-received', '2027-03-01'),
  m('partner-sign-off', '2027-03-08', { plannedPublicationOn: '2027-04-30' }),
];

describe('agency reports from more than one agency', () => {
  it('the draft waits for the agency still to report, however many others have', () => {
    const requested = [
      ...started,
      m('agency-reports-requested', '2027-01-12', { agencies: [{ agency: 'police', dueOn: '2027-02-15' }, { agency: 'health', dueOn: '2027-02-15' }] }),
      m('agency-report-received', '2027-02-10', { agency: 'police' }),
      m('practitioner-learning-event-held', '2027-02-17'),
      m('draft-requested', '2027-02-19'),
    ];
    const draft = { milestone: 'draft-report-received', occurredOn: '2027-03-01', recordedBy: 'x' } as PracticeMilestoneInput;
    expect(practiceMilestoneRefusal(draft, state(requested), '2027-03-01')).toBe("agency reports are outstanding from 'health'");
    expect(practiceMilestoneRefusal(draft, state([...requested, m('agency-report-received', '2027-02-26', { agency: 'health' })]), '2027-03-01')).toBeUndefined();
  });
});

describe('the latest date, not the latest record', () => {
  it('a pause may not start before the latest-dated milestone, even one recorded earlier than another', () => {
    // Family involvement recorded after the request for reports but dated the day before it.
    const ms = [...started, m('agency-reports-requested', '2027-01-12', { agencies: [{ agency: 'police', dueOn: '2027-02-15' }] }), m('family-involvement-completed', '2027-01-11')];
    const pause = (from: string) => pauseRefusal({ from, reason: 'inquest', expectedResumeOn: '2027-03-01' }, state(ms), '2027-02-01');
    expect(pause('2027-01-11')).toBe('from 2027-01-11 is before the last milestone (2027-01-12)');
    expect(pause('2027-01-12')).toBeUndefined();
  });

  it('a pause may not start before the latest end of the holds, whichever hold ended last', () => {
    // Paused Tue 9 to Sat 20 Mar; a deferral dated from Mon 15 Mar (after the last milestone) was lifted Thu 18 Mar.
    const holds: HoldRecord[] = [
      { kind: 'pause', from: '2027-03-09', to: '2027-03-20', reason: 'capacity', panelAndSoSToldOn: '2027-03-09' },
      { kind: 'publication-deferral', from: '2027-03-15', to: '2027-03-18', reason: 'inquest', panelAndSoSToldOn: '2027-03-15' },
    ];
    const pause = (from: string) => pauseRefusal({ from, reason: 'inquest', expectedResumeOn: '2027-04-30' }, state(signedOff, holds), '2027-03-25');
    expect(pause('2027-03-19')).toBe('from 2027-03-19 is before the end of the previous hold (2027-03-20)');
    expect(pause('2027-03-20')).toBeUndefined();
  });
});

describe('a replanned publication followed by a hold that replans nothing', () => {
  // Deferred Mon 12 Apr, lifted Wed 28 Apr with publication replanned for Wed 30 Jun; then paused Tue 4 to Tue 11 May.
  const holds: HoldRecord[] = [
    { kind: 'publication-deferral', from: '2027-04-12', to: '2027-04-28', reason: 'inquest', panelAndSoSToldOn: '2027-04-12', replannedPublicationOn: '2027-06-30' },
    { kind: 'pause', from: '2027-05-04', to: '2027-05-11', reason: 'capacity', panelAndSoSToldOn: '2027-05-04' },
  ];

  it('keeps the replanned date, set the day the deferral was lifted', () => {
    expect(plannedPublicationOn(signedOff, holds)).toBe('2027-06-30');
    expect(plannedPublicationSetOn(signedOff, holds)).toBe('2027-04-28');
    expect(plannedPublicationSetOn(signedOff)).toBe('2027-03-08');
  });

  it('T8 runs from the replanning, so the later pause moves it', () => {
    // 7 working days before Wed 30 Jun is Mon 21 Jun; the pause held Tue 4 to Mon 10 May (5 working days),
    // so T8 moves to Mon 28 Jun (22, 23, 24, 25, 28 Jun).
    const t8 = practiceReviewDeadlines({ ...state(signedOff, holds), holdsMoveOnlyRunningDeadlines: true }, '2027-05-12').find((d) => d.key === 'pre-publication-copy')!;
    expect([t8.statutoryDue, t8.due]).toEqual(['2027-06-21', '2027-06-28']);
  });
});

describe('refusals that list what is known name every item', () => {
  const twoAgencies = [...started, m('agency-reports-requested', '2027-01-12', { agencies: [{ agency: 'police', dueOn: '2027-02-15' }, { agency: 'health', dueOn: '2027-02-15' }] })];
  const refusal = (ms: RecordedPracticeMilestone[], input: Record<string, unknown>, today = '2027-12-31') => practiceMilestoneRefusal({ recordedBy: 'x', ...input } as PracticeMilestoneInput, state(ms), today);

  it('agencies', () => {
    expect(refusal(twoAgencies, { milestone: 'agency-report-received', agency: 'school-1', occurredOn: '2027-02-10' })).toBe("unknown agency 'school-1': reports were requested from 'police', 'health'");
    const draft = [...twoAgencies, m('practitioner-learning-event-held', '2027-02-17'), m('draft-requested', '2027-02-19')];
    expect(refusal(draft, { milestone: 'draft-report-received', occurredOn: '2027-03-01' })).toBe("agency reports are outstanding from 'police', 'health'");
  });

  it('actions', () => {
    const planned = [
      ...signedOff,
      m('pre-publication-copy-sent', '2027-03-15'),
      m('published', '2027-04-30'),
      m('action-plan-agreed', '2027-05-10', { actions: [{ id: 'A1', owner: 'police', dueOn: '2027-07-01' }, { id: 'A2', owner: 'health', dueOn: '2027-07-01' }] }),
    ];
    expect(refusal(planned, { milestone: 'action-completed', actionId: 'A9', occurredOn: '2027-06-01' })).toBe("unknown action 'A9': the plan has 'A1', 'A2'");
  });
});
