/** The practice review's rules as pure functions: holds, moved deadlines, refusals; and the API bodies. */
import { defaultCalendar } from '../../domain/calendar';
import { AUDIT_REFERENCE_PATTERN } from '../../domain/audits';
import {
  calendarDaysOnHold,
  deferralRefusal,
  learningAuditPlan,
  learningAuditReference,
  legacyLearningAuditReference,
  pauseRefusal,
  practiceMilestoneRefusal,
  practiceReviewDeadlines,
  practiceStage,
  resumeRefusal,
  workingDaysOnHold,
  type HoldRecord,
  type PracticeReviewState,
  type RecordedPracticeMilestone,
} from '../../domain/practice-review';
import { milestoneRefusal, rapidReviewDeadlines, type RecordedMilestone } from '../../domain/rapid-review';
import { STANDARD_RULES } from '../../domain/rules';
import { MilestoneBody, PauseBody, PracticeMilestoneBody } from '../../domain/schemas';

const calendar = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test
const m = (milestone: string, occurredOn: string, extra: Record<string, unknown> = {}) =>
  ({ milestone, occurredOn, recordedBy: 'x', recordedAt: `${occurredOn}T10:00:00Z`, ...extra }) as RecordedPracticeMilestone;
const state = (milestones: RecordedPracticeMilestone[], holds: HoldRecord[] = []): PracticeReviewState => ({ decidedOn: '2027-01-04', ruleSet: STANDARD_RULES, calendar: calendar(), milestones, holds });
const base = [
  m('reviewer-appointed', '2027-01-04', { reviewerName: 'R' }),
  m('terms-of-reference-agreed', '2027-01-11'),
  m('agency-reports-requested', '2027-01-12', { agencies: [{ agency: 'police', dueOn: '2027-02-15' }] }),
];

test('paused and resumed three times: each hold moves the deadlines by its working days, and the timeline keeps every hold', () => {
  const holds: HoldRecord[] = [
    { kind: 'pause', from: '2027-01-18', to: '2027-01-25', reason: 'capacity', panelAndSoSToldOn: '2027-01-18' },
    { kind: 'pause', from: '2027-03-22', to: '2027-04-05', reason: 'covid', panelAndSoSToldOn: '2027-03-22' },
    { kind: 'pause', from: '2027-04-12', reason: 'inquest', expectedResumeOn: '2027-05-10', panelAndSoSToldOn: '2027-04-12' },
  ];
  const closed = holds.slice(0, 2);
  const deadlines = practiceReviewDeadlines(state(base, closed), '2027-04-20');
  const completion = deadlines.find((d) => d.key === 'completion')!;
  // 5 working days (18-22 Jan) and 8 (22 Mar - 1 Apr, less Good Friday 26 Mar and Easter Monday 29 Mar).
  expect(completion.explanation.pauses.map((p) => p.workingDays)).toEqual([5, 8]);
  // Sun 4 Jul 2027 plus 13 working days: Mon 5 to Wed 21 Jul.
  expect([completion.statutoryDue, completion.due]).toEqual(['2027-07-04', '2027-07-21']);
  // The police report was due Mon 15 Feb: only the January hold came before it, 5 working days on: Mon 22 Feb.
  expect(deadlines.find((d) => d.key === 'agency-report:police')!.due).toBe('2027-02-22');

  const open = practiceReviewDeadlines(state(base, holds), '2027-04-20');
  expect(open.every((d) => d.paused)).toBe(true);
  // The open hold: Mon 12 to Tue 20 Apr, 7 working days.
  expect(workingDaysOnHold({ holds, calendar: calendar() }, '2027-04-20')).toBe(5 + 8 + 7);
  expect(calendarDaysOnHold(holds, '2027-04-20')).toBe(7 + 14 + 9);
});

test('refusals for holds and milestones name the reason', () => {
  const today = '2027-03-01';
  expect(resumeRefusal({ on: today }, state(base), today)).toBe('the review is not paused');
  expect(pauseRefusal({ from: '2027-03-02', reason: 'inquest', expectedResumeOn: '2027-04-01' }, state(base), today)).toBe('from 2027-03-02 is in the future (today is 2027-03-01)');
  expect(pauseRefusal({ from: '2027-01-10', reason: 'inquest', expectedResumeOn: '2027-04-01' }, state(base), today)).toBe('from 2027-01-10 is before the last milestone (2027-01-12)');
  expect(pauseRefusal({ from: '2027-02-01', reason: 'inquest', expectedResumeOn: '2027-02-01' }, state(base), today)).toBe('expectedResumeOn 2027-02-01 must be after the pause starts (2027-02-01)');
  const published = [...base, m('published', '2027-02-20')];
  expect(pauseRefusal({ from: '2027-02-21', reason: 'inquest', expectedResumeOn: '2027-04-01' }, state(published), today)).toBe('the review was published on 2027-02-20: a published review cannot be paused');
  expect(deferralRefusal({ from: '2027-02-21', reason: 'inquest' }, state(published), today)).toBe('the review was published on 2027-02-20: there is no publication to defer');
  expect(practiceMilestoneRefusal({ milestone: 'agency-report-received', agency: 'health', occurredOn: '2027-02-01', recordedBy: 'x' }, state(base), today)).toBe(
    "unknown agency 'health': reports were requested from 'police'",
  );
  expect(practiceMilestoneRefusal({ milestone: 'terms-of-reference-agreed', occurredOn: '2027-02-01', recordedBy: 'x' }, state(base), today)).toBe("'terms-of-reference-agreed' was already recorded");
  expect(practiceMilestoneRefusal({ milestone: 'action-plan-agreed', actions: [{ id: 'A1', owner: 'police', dueOn: '2027-04-01' }], occurredOn: '2027-02-01', recordedBy: 'x' }, state(base), today)).toBe(
    "'action-plan-agreed' cannot be recorded before 'published' or 'improvements-published'",
  );
  expect(practiceStage(base)).toBe('learning-and-analysis');
});

test('rapid review: a not-notifiable decision leaves no deadlines and refuses the notification', () => {
  const decided = [{ milestone: 'notification-decision', notifiable: false, lookedAfterChildDeath: true, occurredOn: '2027-01-05', recordedBy: 'x', recordedAt: '' }] as RecordedMilestone[];
  expect(rapidReviewDeadlines({ awareOn: '2027-01-04', ruleSet: STANDARD_RULES, calendar: calendar(), milestones: decided })).toEqual([]);
  expect(milestoneRefusal({ milestone: 'notification-sent', occurredOn: '2027-01-05', recordedBy: 'x' }, { awareOn: '2027-01-04', today: '2027-01-06', recorded: decided })).toBe(
    'the rapid review is closed (closed-not-notifiable): no further milestones',
  );
  expect(rapidReviewDeadlines({ awareOn: '2027-01-04', ruleSet: STANDARD_RULES, calendar: calendar(), milestones: [] }).map((d) => [d.key, d.due])).toEqual([
    ['notification', '2027-01-11'],
    ['partners', '2027-01-11'],
    ['rapid-review', '2027-01-25'],
  ]);
});

test('API bodies: free text stays optional, unknown fields and missing outcome details are refused', () => {
  expect(MilestoneBody.safeParse({ milestone: 'notification-decision', occurredOn: '2027-01-05', notifiable: true }).data).toEqual({ milestone: 'notification-decision', occurredOn: '2027-01-05', notifiable: true, lookedAfterChildDeath: false });
  expect(MilestoneBody.safeParse({ milestone: 'notification-sent', occurredOn: '2027-01-05', childName: 'x' }).success).toBe(false);
  const lcspr = MilestoneBody.safeParse({ milestone: 'outcome-decided', occurredOn: '2027-01-05', outcome: 'lcspr' });
  expect(lcspr.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['practiceReviewReference', 'reviewerName']);
  expect(PracticeMilestoneBody.safeParse({ milestone: 'improvements-published', occurredOn: '2027-01-05' }).success).toBe(false);
  expect(PracticeMilestoneBody.safeParse({ milestone: 'agency-reports-requested', occurredOn: '2027-01-05', agencies: [{ agency: 'Police Force', dueOn: '2027-02-01' }] }).success).toBe(false);
  expect(PauseBody.safeParse({ from: '2027-01-05', reason: 'holiday', expectedResumeOn: '2027-02-01' }).success).toBe(false);
});

test('the learning-embedded audit at closure asks every agency that reported or owned an action, once, and is named after the review', () => {
  const closed = [
    ...base.slice(0, 2),
    m('agency-reports-requested', '2027-01-12', { agencies: [{ agency: 'police', dueOn: '2027-02-15' }, { agency: 'health', dueOn: '2027-02-15' }] }),
    m('action-plan-agreed', '2027-07-01', { actions: [{ id: 'A1', owner: 'health', dueOn: '2027-09-01' }, { id: 'A2', owner: 'education', dueOn: '2027-09-01' }] }),
  ];
  expect(practiceStage(closed, true)).toBe('action-plan-monitoring');
  const done = [...closed, m('action-completed', '2027-08-02', { actionId: 'A1' }), m('action-completed', '2027-08-20', { actionId: 'A2' })];
  expect([practiceStage(done, true), practiceStage(done)]).toEqual(['learning-audit', 'closed']);
  // 20 working days from Friday 20 Aug 2027 skip the August bank holiday (30 Aug): due Mon 20 Sep.
  expect(learningAuditPlan({ reference: 'WSCP-2027-03', milestones: done, calendar: calendar(), openedOn: '2027-08-20' })).toEqual({
    reference: 'WSCP-2027-LEARN-03',
    participants: [
      { id: 'police', label: 'police' },
      { id: 'health', label: 'health' },
      { id: 'education', label: 'education' },
    ],
    openedOn: '2027-08-20',
    returnsDueOn: '2027-09-20',
  });
});

test('the learning audit reference is a valid audit reference under any case reference scheme', () => {
  // The engine's own shape keeps its readable form.
  expect(learningAuditReference('WSCP-2019-03', '2027-08-20')).toBe('WSCP-2019-LEARN-03');
  // Other shapes: LEARN, the reference's year (else the opening year), 8 hex digits of FNV-1a 64
  // of the reference (computed outside the engine: CSPR/2026/014 -> ea575253..., SCR 14 -> 992f4be1...).
  expect(learningAuditReference('CSPR/2026/014', '2027-08-20')).toBe('LEARN-2026-EA575253');
  expect(learningAuditReference('SCR 14', '2027-08-20')).toBe('LEARN-2027-992F4BE1');
  expect(learningAuditReference('RR-BRIS-2026-0042x', '2027-08-20')).toBe('LEARN-2026-6D005423');
  for (const ref of ['CSPR/2026/014', 'SCR 14', 'RR-BRIS-2026-0042x', 'WSCP-2019-03']) expect(learningAuditReference(ref, '2027-08-20')).toMatch(AUDIT_REFERENCE_PATTERN);
  // What reviews started before the patch computed, kept so they replay.
  expect(legacyLearningAuditReference('CSPR/2026/014')).toBe('CSPR/2026/014-undefined-LEARN-undefined');
});
