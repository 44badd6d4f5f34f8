/**
 * The follow-up of a rapid review's outcome (version 3) as pure rules: what is refused and why, the
 * deadlines of actions and of national review information, what is still chased and owed, and when
 * the case closes. Version 2 cases keep ending at the outcome.
 */
import { defaultCalendar } from '../../domain/calendar';
import { isChased, isComplete, milestoneRefusal, owedItems, rapidReviewDeadlines, stageAfter, type RapidReviewMilestoneInput, type RapidReviewVersion, type RecordedMilestone } from '../../domain/rapid-review';
import { STANDARD_RULES } from '../../domain/rules';
import { MilestoneBody } from '../../domain/schemas';

const calendar = defaultCalendar; // called in each test, not at load: Stryker counts code run at load as covered by every test
const awareOn = '2027-01-04';
const today = '2027-03-01';
const r = (milestone: string, occurredOn: string, extra: Record<string, unknown> = {}) => ({ milestone, occurredOn, recordedBy: 'x', recordedAt: `${occurredOn}T10:00:00Z`, ...extra }) as RecordedMilestone;

const submitted = [
  r('notification-decision', '2027-01-05', { notifiable: true, lookedAfterChildDeath: false }),
  r('notification-sent', '2027-01-06'),
  r('partners-told', '2027-01-06'),
  r('agency-summaries-requested', '2027-01-06', { agencies: [{ agency: 'police', dueOn: '2027-01-13' }] }),
  r('agency-summary-received', '2027-01-12', { agency: 'police' }),
  r('rapid-review-meeting-held', '2027-01-15'),
  r('partner-sign-off', '2027-01-18'),
  r('rapid-review-submitted', '2027-01-20'),
];
const noLcspr = [
  ...submitted,
  r('panel-response', '2027-01-22', { nationalReview: false }),
  r('outcome-decided', '2027-01-25', {
    outcome: 'no-lcspr',
    learningRoute: 'learning-briefing',
    actions: [
      { id: 'A1', owner: 'police', dueOn: '2027-03-15' },
      { id: 'A2', owner: 'cspr-chair', dueOn: '2027-04-01' },
    ],
  }),
];
const national = [...submitted, r('panel-response', '2027-01-22', { nationalReview: true }), r('outcome-decided', '2027-01-25', { outcome: 'national-review' })];
const requested = [
  ...national,
  r('national-review-information-requested', '2027-02-01', {
    agencies: [
      { agency: 'police', dueOn: '2027-02-26' },
      { agency: 'health', dueOn: '2027-03-05' },
    ],
  }),
];
const a1Done = [...noLcspr, r('action-completed', '2027-02-20', { actionId: 'A1' })];
const allDone = [...a1Done, r('action-completed', '2027-02-27', { actionId: 'A2' })];
const published = [...requested, r('national-review-published', '2027-02-27')];

const refusal = (input: Record<string, unknown>, recorded: RecordedMilestone[], version: RapidReviewVersion = 3) =>
  milestoneRefusal({ occurredOn: today, recordedBy: 'x', ...input } as RapidReviewMilestoneInput, { awareOn, today, recorded, version, reference: 'RR-2027-01' });

const refusals: [string, Record<string, unknown>, RecordedMilestone[], string, RapidReviewVersion?][] = [
  ['before the outcome', { milestone: 'action-completed', actionId: 'A1' }, submitted, "'action-completed' cannot be recorded before 'outcome-decided'"],
  ['publication before the outcome', { milestone: 'national-review-published' }, submitted, "'national-review-published' cannot be recorded before 'outcome-decided'"],
  ['an action after a national review outcome', { milestone: 'action-completed', actionId: 'A1' }, national, "'action-completed' applies only when the outcome is no-lcspr (the outcome is national-review)"],
  ['publication after a no-LCSPR outcome', { milestone: 'national-review-published' }, noLcspr, "'national-review-published' applies only when the outcome is national-review (the outcome is no-lcspr)"],
  [
    'information requested after a no-LCSPR outcome',
    { milestone: 'national-review-information-requested', agencies: [{ agency: 'police', dueOn: '2027-03-10' }] },
    noLcspr,
    "'national-review-information-requested' applies only when the outcome is national-review (the outcome is no-lcspr)",
  ],
  ['information supplied before it was requested', { milestone: 'national-review-information-supplied', agency: 'police' }, national, "'national-review-information-supplied' cannot be recorded before 'national-review-information-requested'"],
  ['an unknown action', { milestone: 'action-completed', actionId: 'A9' }, noLcspr, "unknown action 'A9': the action plan has 'A1', 'A2'"],
  ['an action completed twice', { milestone: 'action-completed', actionId: 'A1' }, a1Done, "'action-completed' for 'A1' was already recorded"],
  ['an action completed in the future', { milestone: 'action-completed', actionId: 'A1', occurredOn: '2027-03-02' }, noLcspr, 'occurredOn 2027-03-02 is in the future (today is 2027-03-01)'],
  ['an action completed before the outcome', { milestone: 'action-completed', actionId: 'A1', occurredOn: '2027-01-24' }, noLcspr, "occurredOn 2027-01-24 is before 'outcome-decided' (2027-01-25)"],
  [
    'an agency listed twice',
    {
      milestone: 'national-review-information-requested',
      agencies: [
        { agency: 'police', dueOn: '2027-03-10' },
        { agency: 'police', dueOn: '2027-03-12' },
      ],
    },
    national,
    "agency 'police' is listed twice",
  ],
  ['no agency', { milestone: 'national-review-information-requested', agencies: [] }, national, 'at least one agency must be asked for information'],
  [
    'a due date before the request',
    { milestone: 'national-review-information-requested', occurredOn: '2027-02-01', agencies: [{ agency: 'police', dueOn: '2027-01-29' }] },
    national,
    "the information from 'police' is due (2027-01-29) before it was requested (2027-02-01)",
  ],
  ['a request before the outcome date', { milestone: 'national-review-information-requested', occurredOn: '2027-01-22', agencies: [{ agency: 'police', dueOn: '2027-03-01' }] }, national, "occurredOn 2027-01-22 is before 'outcome-decided' (2027-01-25)"],
  ['a second request', { milestone: 'national-review-information-requested', agencies: [{ agency: 'probation', dueOn: '2027-03-10' }] }, requested, "'national-review-information-requested' was already recorded"],
  ['an unknown agency', { milestone: 'national-review-information-supplied', agency: 'probation' }, requested, "unknown agency 'probation': information for the national review was requested from 'police', 'health'"],
  [
    'information supplied twice',
    { milestone: 'national-review-information-supplied', agency: 'police' },
    [...requested, r('national-review-information-supplied', '2027-02-20', { agency: 'police' })],
    "'national-review-information-supplied' for 'police' was already recorded",
  ],
  ['information supplied before the request', { milestone: 'national-review-information-supplied', agency: 'police', occurredOn: '2027-01-29' }, requested, "occurredOn 2027-01-29 is before 'national-review-information-requested' (2027-02-01)"],
  ['a milestone after publication', { milestone: 'national-review-information-supplied', agency: 'health' }, published, 'the rapid review is closed (national-review): no further milestones'],
  ['a milestone after every action is completed', { milestone: 'action-completed', actionId: 'A2' }, allDone, 'the rapid review is closed (no-lcspr): no further milestones'],
  [
    'an outcome whose action plan lists an action twice',
    {
      milestone: 'outcome-decided',
      outcome: 'no-lcspr',
      learningRoute: 'learning-briefing',
      actions: [
        { id: 'A1', owner: 'police', dueOn: '2027-03-15' },
        { id: 'A1', owner: 'health', dueOn: '2027-03-16' },
      ],
    },
    [...submitted, r('panel-response', '2027-01-22', { nationalReview: false })],
    "action 'A1' is listed twice",
  ],
  [
    'a follow-up on a case started before the follow-up was tracked',
    { milestone: 'action-completed', actionId: 'A1' },
    submitted,
    "'action-completed' is not tracked for this case: it began before the follow-up of a rapid review's outcome was tracked",
    2,
  ],
  ['anything after the outcome of a version 2 case', { milestone: 'action-completed', actionId: 'A1' }, noLcspr, 'the rapid review is closed (no-lcspr): no further milestones', 2],
];
// Every row gets its version, so jest does not take the callback's last parameter for a `done` callback.
test.each(refusals.map(([what, input, recorded, reason, version]) => [what, input, recorded, reason, version ?? 3] as const))('refused: %s', (_what, input, recorded, reason, version) => {
  expect(refusal(input, recorded, version)).toBe(reason);
});

test.each<[string, Record<string, unknown>, RecordedMilestone[]]>([
  ['an action completed', { milestone: 'action-completed', actionId: 'A2' }, a1Done],
  ['information requested', { milestone: 'national-review-information-requested', agencies: [{ agency: 'police', dueOn: '2027-03-10' }] }, national],
  ['information supplied', { milestone: 'national-review-information-supplied', agency: 'health' }, requested],
  ['publication with information outstanding', { milestone: 'national-review-published' }, requested],
  ['publication with nothing requested', { milestone: 'national-review-published' }, national],
])('accepted: %s', (_what, input, recorded) => {
  expect(refusal(input, recorded)).toBeUndefined();
});

const deadlinesOf = (milestones: RecordedMilestone[], version: RapidReviewVersion = 3) => rapidReviewDeadlines({ awareOn, ruleSet: STANDARD_RULES, calendar: calendar(), milestones, version });

test('no LCSPR: each action is a deadline set on the outcome, explained like every other, met when completed', () => {
  const follow = deadlinesOf(a1Done).filter((d) => d.key.startsWith('action:'));
  expect(follow.map((d) => [d.key, d.title, d.due, d.explanation.rule.id])).toEqual([
    ['action:A1', 'Action A1 (police)', '2027-03-15', 'T4'],
    ['action:A2', 'Action A2 (cspr-chair)', '2027-04-01', 'T4'],
  ]);
  expect(follow[0]!.sentence).toBe('due Mon 15 Mar 2027: the date set on 25 Jan 2027 (15 Mar 2027)');
  expect(follow[0]!.explanation.note).toBe('date set on 2027-01-25');
  expect(follow[0]!.explanation.rule.source).toMatch(/no local review: alternative learning and action plan/);
  // Version 2 ends at the outcome and has no follow-up deadlines.
  expect(deadlinesOf(a1Done, 2).map((d) => d.key)).toEqual(['notification', 'partners', 'rapid-review', 'agency-summary:police']);
  expect([isChased('action:A1', a1Done, 3), isChased('action:A2', a1Done, 3)]).toEqual([false, true]);
  expect(owedItems(a1Done, 3)).toEqual([{ agency: 'cspr-chair', dueOn: '2027-04-01', what: 'Action A2', deadlineKey: 'action:A2' }]);
});

test('national review: each agency owes its information by the date set, and publication closes the case with information still owed', () => {
  const supplied = [...requested, r('national-review-information-supplied', '2027-02-25', { agency: 'police' })];
  const follow = deadlinesOf(supplied).filter((d) => d.key.startsWith('national-review-information:'));
  expect(follow.map((d) => [d.key, d.title, d.due, d.explanation.rule.id])).toEqual([
    ['national-review-information:police', 'Information for the national review from police', '2027-02-26', 'T6'],
    ['national-review-information:health', 'Information for the national review from health', '2027-03-05', 'T6'],
  ]);
  expect(follow[1]!.sentence).toBe('due Fri 5 Mar 2027: the date set on 1 Feb 2027 (5 Mar 2027)');
  expect(owedItems(supplied, 3)).toEqual([{ agency: 'health', dueOn: '2027-03-05', what: 'Information for the national review', deadlineKey: 'national-review-information:health' }]);
  const closed = [...supplied, r('national-review-published', '2027-02-27')];
  expect([isComplete(3, supplied), isComplete(3, closed)]).toEqual([false, true]);
  expect(owedItems(closed, 3)).toEqual([]);
  expect(stageAfter(published, 3)).toBe('national-review');
});

test('the outcome ends the rapid review phase in version 3: a summary never received is no longer chased, and the case stays open until the follow-up ends', () => {
  const unreceived = [...submitted.filter((m) => m.milestone !== 'agency-summary-received'), ...noLcspr.slice(submitted.length)];
  expect(isChased('agency-summary:police', unreceived.slice(0, -1), 3)).toBe(true);
  expect(isChased('agency-summary:police', unreceived, 3)).toBe(false);
  expect(isChased('agency-summary:police', unreceived, 2)).toBe(true);
  expect(owedItems(unreceived.slice(0, -1), 3)).toEqual([{ agency: 'police', dueOn: '2027-01-13', what: 'Agency summary', deadlineKey: 'agency-summary:police' }]);
  expect(owedItems(unreceived, 3).map((o) => o.what)).toEqual(['Action A1', 'Action A2']);
  expect([isComplete(2, noLcspr), isComplete(3, noLcspr), isComplete(3, a1Done), isComplete(3, allDone)]).toEqual([true, false, false, true]);
  expect([stageAfter(noLcspr, 3), stageAfter(allDone, 3)]).toEqual(['no-lcspr', 'no-lcspr']);
  const lcspr = [...submitted, r('panel-response', '2027-01-22', { nationalReview: false }), r('outcome-decided', '2027-01-25', { outcome: 'lcspr', reviewerName: 'R', practiceReviewReference: 'LC-2027-01' })];
  expect(isComplete(3, lcspr)).toBe(true);
});

test('API bodies of the follow-up: codes and ids checked at the edge, the rule named in the schema', () => {
  expect(MilestoneBody.safeParse({ milestone: 'action-completed', occurredOn: '2027-02-01', actionId: 'A1', note: 'done early' }).success).toBe(true);
  expect(MilestoneBody.safeParse({ milestone: 'action-completed', occurredOn: '2027-02-01' }).success).toBe(false);
  expect(MilestoneBody.safeParse({ milestone: 'action-completed', occurredOn: '2027-02-01', actionId: 'not an id!' }).error?.issues[0]?.message).toBe('must be a short action number such as A1 or 2.3');
  expect(MilestoneBody.safeParse({ milestone: 'national-review-information-supplied', occurredOn: '2027-02-01', agency: 'Police Force' }).success).toBe(false);
  expect(MilestoneBody.safeParse({ milestone: 'national-review-information-requested', occurredOn: '2027-02-01', agencies: [] }).error?.issues[0]?.message).toBe('must name at least one agency');
  expect(MilestoneBody.safeParse({ milestone: 'national-review-published', occurredOn: '2027-02-01', summary: 'x' }).success).toBe(false);
  const published = MilestoneBody.options.find((o) => 'shape' in o && o.shape.milestone.value === 'national-review-published');
  expect(published?.description).toMatch(/only when the outcome is national-review/);
});
