/**
 * The rapid review's rules (domain/rapid-review.ts): the order of milestones, what each refuses,
 * the stages, and the T1, T2 and T4 deadlines. Expected dates are counted by hand on a 2027
 * calendar (gov.uk: no bank holiday in January 2027 after New Year's Day, Fri 1 Jan).
 */
import { defaultCalendar } from '../../domain/calendar';
import {
  LEARNING_ROUTES,
  milestoneDefinitions,
  RAPID_REVIEW_MILESTONES,
  RAPID_REVIEW_OUTCOMES,
  isChased,
  isComplete,
  metOn,
  milestoneKey,
  milestoneRefusal,
  outcomeActions,
  owedItems,
  rapidReviewDeadlines,
  stageAfter,
  type RapidReviewMilestone,
  type RapidReviewMilestoneInput,
  type RapidReviewVersion,
  type RecordedMilestone,
} from '../../domain/rapid-review';
import { STANDARD_RULES, withRapidReviewClockStart } from '../../domain/rules';

const awareOn = '2027-01-04'; // Mon
const today = '2027-03-01';
const r = (milestone: string, occurredOn: string, extra: Record<string, unknown> = {}) => ({ milestone, occurredOn, recordedBy: 'x', recordedAt: `${occurredOn}T10:00:00Z`, ...extra }) as RecordedMilestone;
const refusal = (recorded: readonly RecordedMilestone[], input: Record<string, unknown>, version: RapidReviewVersion = 3, reference?: string) =>
  milestoneRefusal({ recordedBy: 'x', ...input } as RapidReviewMilestoneInput, { awareOn, today, recorded, version, ...(reference ? { reference } : {}) });

const toSubmission = [
  r('notification-decision', '2027-01-05', { notifiable: true, lookedAfterChildDeath: false }),
  r('notification-sent', '2027-01-06'),
  r('partners-told', '2027-01-07'),
  r('agency-summaries-requested', '2027-01-08', {
    agencies: [
      { agency: 'police', dueOn: '2027-01-13' },
      { agency: 'health', dueOn: '2027-01-14' },
    ],
  }),
  r('agency-summary-received', '2027-01-12', { agency: 'police' }),
  r('rapid-review-meeting-held', '2027-01-15'),
  r('partner-sign-off', '2027-01-18'),
  r('rapid-review-submitted', '2027-01-20', { recommendation: 'no-lcspr' }),
];
const nationalPath = [
  ...toSubmission,
  r('panel-response', '2027-01-22', { nationalReview: true }),
  r('outcome-decided', '2027-01-25', { outcome: 'national-review' }),
  r('national-review-information-requested', '2027-02-01', { agencies: [{ agency: 'police', dueOn: '2027-02-26' }] }),
  r('national-review-information-supplied', '2027-02-10', { agency: 'police' }),
  r('national-review-published', '2027-02-20'),
];
const noLcsprPath = [
  ...toSubmission,
  r('panel-response', '2027-01-22', { nationalReview: false }),
  r('outcome-decided', '2027-01-25', { outcome: 'no-lcspr', learningRoute: 'learning-briefing', actions: [{ id: 'A1', owner: 'police', dueOn: '2027-03-15' }] }),
  r('action-completed', '2027-02-20', { actionId: 'A1' }),
];

// Working Together 2018 ch. 4 and PROCESSES.md, written out here rather than read from the code.
const MUST_FOLLOW: [RapidReviewMilestone, RapidReviewMilestone[], RecordedMilestone[]][] = [
  ['notification-sent', ['notification-decision'], nationalPath],
  ['partners-told', ['notification-decision'], nationalPath],
  ['agency-summaries-requested', ['notification-decision'], nationalPath],
  ['agency-summary-received', ['agency-summaries-requested'], nationalPath],
  ['rapid-review-meeting-held', ['agency-summaries-requested'], nationalPath],
  ['partner-sign-off', ['rapid-review-meeting-held'], nationalPath],
  ['rapid-review-submitted', ['partner-sign-off', 'notification-sent', 'partners-told'], nationalPath],
  ['panel-response', ['rapid-review-submitted'], nationalPath],
  ['outcome-decided', ['panel-response'], nationalPath],
  ['national-review-information-requested', ['outcome-decided'], nationalPath],
  ['national-review-information-supplied', ['national-review-information-requested'], nationalPath],
  ['national-review-published', ['outcome-decided'], nationalPath],
  ['action-completed', ['outcome-decided'], noLcsprPath],
];

/** The path up to (not including) the milestone, and the milestone as input. */
function at(path: RecordedMilestone[], milestone: RapidReviewMilestone) {
  const i = path.findIndex((m) => m.milestone === milestone);
  const input: Record<string, unknown> = { ...path[i]! };
  delete input.recordedAt;
  return { before: path.slice(0, i), input };
}

const cases = MUST_FOLLOW.flatMap(([milestone, prerequisites, path]) => prerequisites.map((p) => [milestone, p, path] as const));

describe('milestone order', () => {
  test.each(MUST_FOLLOW)('%s is accepted once %j are recorded', (milestone, _after, path) => {
    const { before, input } = at(path, milestone);
    expect(refusal(before, input)).toBeUndefined();
  });

  test.each(cases)('%s is refused without %s', (milestone, prerequisite, path) => {
    const { before, input } = at(path, milestone);
    expect(refusal(before.filter((m) => m.milestone !== prerequisite), input)).toBe(`'${milestone}' cannot be recorded before '${prerequisite}'`);
  });

  test.each(cases)('%s dated before %s is refused, and on the same day accepted', (milestone, prerequisite, path) => {
    const { before, input } = at(path, milestone);
    const dated = (on: string) => before.map((m) => (m.milestone === prerequisite ? { ...m, occurredOn: on } : m));
    expect(refusal(dated('2027-02-28'), input)).toBe(`occurredOn ${input.occurredOn} is before '${prerequisite}' (2027-02-28)`);
    expect(refusal(dated(input.occurredOn as string), input)).toBeUndefined();
  });

  test('a submission lists every milestone still missing', () => {
    const { before, input } = at(nationalPath, 'rapid-review-submitted');
    const withoutAll = before.filter((m) => !['partner-sign-off', 'notification-sent', 'partners-told'].includes(m.milestone));
    expect(refusal(withoutAll, input)).toBe("'rapid-review-submitted' cannot be recorded before 'partner-sign-off', 'notification-sent', 'partners-told'");
  });

  test('dates: not in the future, not before awareness; today and the day of awareness are accepted', () => {
    const decision = { milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: false };
    expect(refusal([], { ...decision, occurredOn: '2027-03-02' })).toBe('occurredOn 2027-03-02 is in the future (today is 2027-03-01)');
    expect(refusal([], { ...decision, occurredOn: '2027-01-03' })).toBe('occurredOn 2027-01-03 is before the local authority became aware (2027-01-04)');
    expect(refusal([], { ...decision, occurredOn: today })).toBeUndefined();
    expect(refusal([], { ...decision, occurredOn: awareOn })).toBeUndefined();
  });

  test('unknown, repeated and per-agency milestones', () => {
    expect(refusal([], { milestone: 'case-closed', occurredOn: '2027-01-05' })).toBe("unknown milestone 'case-closed'");
    const { before } = at(nationalPath, 'rapid-review-meeting-held');
    expect(refusal(before, { milestone: 'partners-told', occurredOn: '2027-01-15' })).toBe("'partners-told' was already recorded");
    expect(refusal(before, { milestone: 'agency-summary-received', agency: 'police', occurredOn: '2027-01-15' })).toBe("'agency-summary-received' for 'police' was already recorded");
    expect(refusal(before, { milestone: 'agency-summary-received', agency: 'health', occurredOn: '2027-01-15' })).toBeUndefined();
  });
});

describe('version 1 cases: notification, then submission', () => {
  test('knows only the two milestones, in order, each after the one before', () => {
    expect(refusal([], { milestone: 'partners-told', occurredOn: '2027-01-05' }, 1)).toBe("unknown milestone 'partners-told'");
    expect(refusal([], { milestone: 'notification-sent', occurredOn: '2027-01-05' }, 1)).toBeUndefined();
    expect(refusal([], { milestone: 'rapid-review-submitted', occurredOn: '2027-01-20' }, 1)).toBe("'rapid-review-submitted' cannot be recorded before 'notification-sent'");
    const sent = [r('notification-sent', '2027-01-06')];
    expect(refusal(sent, { milestone: 'rapid-review-submitted', occurredOn: '2027-01-05' }, 1)).toBe('occurredOn 2027-01-05 is before the previous milestone (2027-01-06)');
    expect(refusal(sent, { milestone: 'rapid-review-submitted', occurredOn: '2027-01-06' }, 1)).toBeUndefined();
    const submitted = [...sent, r('rapid-review-submitted', '2027-01-20')];
    expect(isComplete(1, sent)).toBe(false);
    expect(isComplete(1, submitted)).toBe(true);
    expect(refusal(submitted, { milestone: 'notification-sent', occurredOn: '2027-01-21' }, 1)).toBe('the rapid review is closed (submitted-to-panel): no further milestones');
  });
});

describe('what a milestone must carry', () => {
  const upTo = (milestone: RapidReviewMilestone, path = nationalPath) => at(path, milestone).before;

  test('a request for agency summaries names each agency once, each due on or after the request', () => {
    const before = upTo('agency-summaries-requested');
    const request = (agencies: { agency: string; dueOn: string }[]) => refusal(before, { milestone: 'agency-summaries-requested', occurredOn: '2027-01-08', agencies });
    expect(request([])).toBe('at least one agency must be asked for a summary');
    expect(
      request([
        { agency: 'police', dueOn: '2027-01-13' },
        { agency: 'police', dueOn: '2027-01-14' },
      ]),
    ).toBe("agency 'police' is listed twice");
    expect(request([{ agency: 'police', dueOn: '2027-01-07' }])).toBe("the summary from 'police' is due (2027-01-07) before it was requested (2027-01-08)");
    expect(request([{ agency: 'police', dueOn: '2027-01-08' }])).toBeUndefined();
  });

  test('a summary is received only from an agency asked for one', () => {
    expect(refusal(upTo('agency-summary-received'), { milestone: 'agency-summary-received', agency: 'probation', occurredOn: '2027-01-12' })).toBe(
      "unknown agency 'probation': summaries were requested from 'police', 'health'",
    );
  });

  test("the outcome follows the Panel's national review decision", () => {
    const national = upTo('outcome-decided');
    expect(refusal(national, { milestone: 'outcome-decided', occurredOn: '2027-01-25', outcome: 'no-lcspr', learningRoute: 'learning-briefing', actions: [{ id: 'A1', owner: 'police', dueOn: '2027-03-15' }] })).toBe(
      "the Panel decided on a national review: the outcome must be 'national-review'",
    );
    expect(refusal(national, { milestone: 'outcome-decided', occurredOn: '2027-01-25', outcome: 'national-review' })).toBeUndefined();
  });

  test('a local review needs its own reference; a no-LCSPR outcome needs a sound action plan', () => {
    const local = upTo('outcome-decided', noLcsprPath);
    const lcspr = { milestone: 'outcome-decided', occurredOn: '2027-01-25', outcome: 'lcspr', reviewerName: 'R', practiceReviewReference: 'RR-2027-01' };
    expect(refusal(local, lcspr, 3, 'RR-2027-01')).toBe("the practice review needs its own reference, not the rapid review's (RR-2027-01)");
    expect(refusal(local, { ...lcspr, practiceReviewReference: 'LC-2027-01' }, 3, 'RR-2027-01')).toBeUndefined();
    expect(refusal(local, lcspr)).toBeUndefined();
    const noLcspr = (actions: unknown[]) => refusal(local, { milestone: 'outcome-decided', occurredOn: '2027-01-25', outcome: 'no-lcspr', learningRoute: 'learning-briefing', actions });
    expect(noLcspr([])).toBe('an action plan needs at least one action');
    expect(noLcspr([{ id: 'A1', owner: 'police', dueOn: '2027-01-24' }])).toBe("action 'A1' is due (2027-01-24) before the outcome was decided (2027-01-25)");
    expect(noLcspr([{ id: 'A1', owner: 'police', dueOn: '2027-01-25' }])).toBeUndefined();
  });
});

describe('stages and completion', () => {
  test.each<[string, RecordedMilestone[], RapidReviewVersion, string]>([
    ['nothing recorded', [], 2, 'notification-due'],
    ['the decision only', toSubmission.slice(0, 1), 2, 'notification-due'],
    ['notification sent', toSubmission.slice(0, 2), 2, 'rapid-review-in-progress'],
    ['summaries requested before the notification (version 2)', [toSubmission[0]!, toSubmission[3]!], 2, 'rapid-review-in-progress'],
    ['summaries requested in version 1 (not tracked)', [toSubmission[3]!], 1, 'notification-due'],
    ['submitted', toSubmission, 2, 'submitted-to-panel'],
    ['Panel responded', nationalPath.slice(0, 9), 2, 'awaiting-outcome'],
    ['national review', nationalPath.slice(0, 10), 3, 'national-review'],
    ['no LCSPR', noLcsprPath.slice(0, 10), 3, 'no-lcspr'],
    ['not notifiable', [r('notification-decision', '2027-01-05', { notifiable: false, lookedAfterChildDeath: false })], 2, 'closed-not-notifiable'],
    ['LCSPR', [...nationalPath.slice(0, 9), r('outcome-decided', '2027-01-25', { outcome: 'lcspr', reviewerName: 'R', practiceReviewReference: 'LC-2027-01' })], 3, 'lcspr-commissioned'],
  ])('%s: %s', (_what, recorded, version, stage) => {
    expect(stageAfter(recorded, version)).toBe(stage);
  });

  test('version 2 ends at the outcome or at a not-notifiable decision; version 3 goes on', () => {
    const notNotifiable = [r('notification-decision', '2027-01-05', { notifiable: false, lookedAfterChildDeath: false })];
    expect([isComplete(2, []), isComplete(2, toSubmission), isComplete(2, notNotifiable), isComplete(3, notNotifiable)]).toEqual([false, false, true, true]);
    expect([isComplete(2, nationalPath.slice(0, 10)), isComplete(3, nationalPath.slice(0, 10)), isComplete(3, nationalPath)]).toEqual([true, false, true]);
    expect(refusal(notNotifiable, { milestone: 'notification-sent', occurredOn: '2027-01-06' }, 2)).toBe('the rapid review is closed (closed-not-notifiable): no further milestones');
  });

  test('milestone keys name the agency or action of a per-item milestone', () => {
    expect(milestoneKey({ milestone: 'partners-told' })).toBe('milestone:partners-told');
    expect(milestoneKey({ milestone: 'agency-summary-received', agency: 'police' })).toBe('milestone:agency-summary-received:police');
    expect(milestoneKey({ milestone: 'action-completed', actionId: 'A1' })).toBe('milestone:action-completed:A1');
  });
});

describe('met, chased and owed', () => {
  test('each deadline is met by its own milestone', () => {
    expect(['notification', 'partners', 'rapid-review', 'agency-summary:police', 'agency-summary:health', 'outcome'].map((k) => metOn(k, toSubmission))).toEqual([
      '2027-01-06',
      '2027-01-07',
      '2027-01-20',
      '2027-01-12',
      undefined,
      undefined,
    ]);
    expect(['national-review-information:police', 'national-review-information:health'].map((k) => metOn(k, nationalPath))).toEqual(['2027-02-10', undefined]);
    expect(['action:A1', 'action:A2'].map((k) => metOn(k, noLcsprPath))).toEqual(['2027-02-20', undefined]);
    expect(metOn('agency-summary:police', nationalPath.filter((m) => m.milestone !== 'agency-summary-received'))).toBeUndefined();
  });

  test('an agency that delivered its summary is no longer chased or owed; one that did not is', () => {
    expect(isChased('agency-summary:police', toSubmission)).toBe(false);
    expect(isChased('agency-summary:health', toSubmission)).toBe(true);
    expect(isChased('rapid-review', toSubmission)).toBe(false);
    expect(isChased('rapid-review', toSubmission.slice(0, -1))).toBe(true);
    expect(owedItems(toSubmission)).toEqual([{ agency: 'health', dueOn: '2027-01-14', what: 'Agency summary', deadlineKey: 'agency-summary:health' }]);
    expect(owedItems(toSubmission.slice(0, 4)).map((o) => o.agency)).toEqual(['police', 'health']);
  });

  test('after the outcome, what is owed is listed by due date, whichever order it was set in', () => {
    const outcome = (actions: { id: string; owner: string; dueOn: string }[]) => [
      ...toSubmission,
      r('panel-response', '2027-01-22', { nationalReview: false }),
      r('outcome-decided', '2027-01-25', { outcome: 'no-lcspr', learningRoute: 'learning-briefing', actions }),
    ];
    const later = { id: 'A1', owner: 'police', dueOn: '2027-04-01' };
    const sooner = { id: 'A2', owner: 'health', dueOn: '2027-03-15' };
    expect(owedItems(outcome([later, sooner]), 3).map((o) => o.deadlineKey)).toEqual(['action:A2', 'action:A1']);
    expect(owedItems(outcome([sooner, later]), 3).map((o) => o.deadlineKey)).toEqual(['action:A2', 'action:A1']);
    expect(outcomeActions(nationalPath)).toEqual([]);
    expect(outcomeActions(outcome([sooner]))).toEqual([sooner]);
  });
});

describe('deadlines: T1, T2, T4 and the summaries', () => {
  const deadlines = (milestones: RecordedMilestone[], version: RapidReviewVersion = 2, ruleSet = STANDARD_RULES) =>
    rapidReviewDeadlines({ awareOn, ruleSet, calendar: defaultCalendar(), milestones, version });

  test('aware Mon 4 Jan 2027: notification and partners by Mon 11 Jan, rapid review by Mon 25 Jan, summaries by their set dates', () => {
    expect(deadlines(toSubmission).map((d) => [d.key, d.ruleId, d.due])).toEqual([
      ['notification', 'T1', '2027-01-11'],
      ['partners', 'T2', '2027-01-11'],
      ['rapid-review', 'T4', '2027-01-25'],
      ['agency-summary:police', 'T4', '2027-01-13'],
      ['agency-summary:health', 'T4', '2027-01-14'],
    ]);
    const summary = deadlines(toSubmission)[3]!;
    expect(summary.title).toBe('Agency summary from police');
    expect(summary.explanation.note).toBe('date set on 2027-01-08');
    expect(summary.explanation.rule.source).toBe('Working Together to Safeguard Children 2018, chapter 4 (rapid review)');
  });

  test('version 1 has only T1 and T4; a not-notifiable incident has none', () => {
    expect(deadlines(toSubmission, 1).map((d) => [d.key, d.due])).toEqual([
      ['notification', '2027-01-11'],
      ['rapid-review', '2027-01-25'],
    ]);
    expect(deadlines([r('notification-decision', '2027-01-05', { notifiable: false, lookedAfterChildDeath: false })])).toEqual([]);
  });

  test('counted from the notification: from the day it was sent, or provisionally from its deadline', () => {
    const fromNotification = withRapidReviewClockStart(STANDARD_RULES, 'notification-sent');
    const rapidReview = (milestones: RecordedMilestone[], ruleSet = fromNotification) => deadlines(milestones, 2, ruleSet).find((d) => d.key === 'rapid-review')!;
    // Sent Wed 6 Jan: 15 working days is Wed 27 Jan.
    const sent = rapidReview(toSubmission);
    expect([sent.due, sent.explanation.start]).toEqual(['2027-01-27', { event: 'notification sent', date: '2027-01-06' }]);
    expect(sent.explanation.note).toBe('counted from the date the notification was sent (rule set option rapidReviewClockStart = notification-sent)');
    // Not yet sent: from the notification deadline Mon 11 Jan, 15 working days is Mon 1 Feb.
    const provisional = rapidReview(toSubmission.slice(0, 1));
    expect([provisional.due, provisional.explanation.start]).toEqual(['2027-02-01', { event: 'notification deadline (notification not yet sent)', date: '2027-01-11' }]);
    expect(provisional.explanation.note).toMatch(/^provisional: counted from the notification deadline/);
    // From awareness, the day the notification was sent does not matter.
    const aware = rapidReview(toSubmission, STANDARD_RULES);
    expect([aware.due, aware.explanation.start]).toEqual(['2027-01-25', { event: 'local authority became aware', date: '2027-01-04' }]);
    expect(aware.explanation.note).toBe('counted from awareness (rule set option rapidReviewClockStart = awareness)');
  });

  test('version 3 adds the follow-up: none before a request, one per agency asked', () => {
    expect(deadlines(nationalPath.slice(0, 10), 3).map((d) => d.key)).toEqual(['notification', 'partners', 'rapid-review', 'agency-summary:police', 'agency-summary:health']);
    const info = deadlines(nationalPath.slice(0, 11), 3).at(-1)!;
    expect([info.key, info.due, info.title, info.explanation.note]).toEqual(['national-review-information:police', '2027-02-26', 'Information for the national review from police', 'date set on 2027-02-01']);
    expect(info.explanation.rule.source).toBe('Working Together to Safeguard Children 2018, chapter 4 (national review: the Panel leads, local partners support it)');
    expect(deadlines(nationalPath.slice(0, 11), 2).map((d) => d.key)).not.toContain('national-review-information:police');
  });
});

describe('the milestones as the timeline and forms name them', () => {
  test('titles, per-item milestones and what each follow-up follows', () => {
    expect(RAPID_REVIEW_MILESTONES.map((x) => [x, milestoneDefinitions()[x].title, milestoneDefinitions()[x].perItem ?? false, milestoneDefinitions()[x].follows ?? null])).toEqual([
      ['notification-decision', 'Notification decision recorded', false, null],
      ['notification-sent', 'Serious incident notification sent to the Panel', false, null],
      ['partners-told', 'Safeguarding partners told of the serious incident', false, null],
      ['agency-summaries-requested', 'Agency summaries requested', false, null],
      ['agency-summary-received', 'Agency summary received', true, null],
      ['rapid-review-meeting-held', 'Rapid review meeting held', false, null],
      ['partner-sign-off', 'Rapid review signed off by the safeguarding partners', false, null],
      ['rapid-review-submitted', 'Rapid review submitted to the Panel', false, null],
      ['panel-response', "Panel's response to the rapid review recorded", false, null],
      ['outcome-decided', 'Outcome of the rapid review decided', false, null],
      ['national-review-information-requested', 'Information for the national review requested from local agencies', false, 'national-review'],
      ['national-review-information-supplied', 'Information for the national review supplied', true, 'national-review'],
      ['national-review-published', 'National review published by the Panel', false, 'national-review'],
      ['action-completed', 'Action completed', true, 'no-lcspr'],
    ]);
    expect(RAPID_REVIEW_OUTCOMES).toEqual(['national-review', 'no-lcspr', 'lcspr']);
    expect(LEARNING_ROUTES).toEqual(['single-agency-learning', 'multi-agency-learning-review', 'learning-briefing', 'multi-agency-audit']);
  });
});

describe('version 2 after the outcome', () => {
  test('still owes the summaries never received, and checks payloads as version 3 does', () => {
    const unreceived = noLcsprPath.slice(0, 10).filter((x) => x.milestone !== 'agency-summary-received');
    expect(owedItems(unreceived, 2).map((o) => o.deadlineKey)).toEqual(['agency-summary:police', 'agency-summary:health']);
    const decided = [r('notification-decision', '2027-01-05', { notifiable: true, lookedAfterChildDeath: false })];
    expect(refusal(decided, { milestone: 'agency-summaries-requested', occurredOn: '2027-01-06', agencies: [] }, 2)).toBe('at least one agency must be asked for a summary');
  });
});
