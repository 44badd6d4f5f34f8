/**
 * The milestone engine every process shares (domain/milestones.ts), on a small process of its own
 * shaped like a rapid review, so these tests hold whatever the real processes' rules become: the
 * refusal skeleton in its order, each ordering in both orders, the date a deadline was met, and what
 * allowedNext offers. Found wanting by mutation testing (npm run test:mutation).
 */
import { allowedNext, findMilestone, itemOf, metOnBy, milestoneKey, milestoneRefusalOf, stateRefusal, type MetBy, type MilestoneProcess, type MilestoneRules, type RecordedLike } from '../../domain/milestones';

type M = 'notified' | 'summary-requested' | 'agency-summary' | 'meeting-held' | 'signed-off' | 'submitted' | 'published';

const RULES: MilestoneRules<M> = {
  notified: { title: 'Panel notified', after: [] },
  'summary-requested': { title: 'Summaries requested', after: [] },
  'agency-summary': { title: 'Agency summary received', after: ['summary-requested'], perItem: true },
  'meeting-held': { title: 'Meeting held', after: ['notified', 'agency-summary'] },
  'signed-off': { title: 'Signed off', after: ['meeting-held'] },
  submitted: { title: 'Submitted', after: [], afterAny: ['signed-off', 'notified'] },
  published: { title: 'Published', after: ['submitted'] },
};

type Recorded = RecordedLike & { agency?: string };
const at = (milestone: M, occurredOn: string, agency?: string): Recorded => ({ milestone, occurredOn, ...(agency ? { agency } : {}) });

function processOf(recorded: Recorded[], over: Partial<MilestoneProcess<M>> = {}): MilestoneProcess<M> {
  return {
    rules: RULES,
    recorded,
    closed: () => undefined,
    items: (m) => (m === 'agency-summary' ? ['police', 'health', 'school'] : []),
    dateRefusal: (d) => (d > '2026-06-30' ? `occurredOn ${d} is in the future` : undefined),
    ...over,
  };
}

describe('items and timeline keys', () => {
  test('a per-item milestone names its agency or action; the agency wins if both are given', () => {
    expect(itemOf({ milestone: 'agency-summary', agency: 'police' })).toBe('police');
    expect(itemOf({ milestone: 'action-completed', actionId: 'A1' })).toBe('A1');
    expect(itemOf({ agency: 'health', actionId: 'A1' })).toBe('health');
    expect(itemOf({ milestone: 'notified' })).toBeUndefined();
  });

  test('a timeline key is per milestone, and per item for the per-item ones', () => {
    expect(milestoneKey({ milestone: 'notified' })).toBe('milestone:notified');
    expect(milestoneKey({ milestone: 'agency-summary', agency: 'police' })).toBe('milestone:agency-summary:police');
    expect(milestoneKey({ milestone: 'action-completed', actionId: 'A1' })).toBe('milestone:action-completed:A1');
    expect(milestoneKey({ milestone: 'x', agency: 'health', actionId: 'A1' })).toBe('milestone:x:health');
  });

  test('findMilestone gives the first recorded of its name', () => {
    const recorded = [at('notified', '2026-06-01'), at('agency-summary', '2026-06-02', 'police'), at('agency-summary', '2026-06-03', 'health')];
    expect(findMilestone(recorded, 'agency-summary')).toEqual(at('agency-summary', '2026-06-02', 'police'));
    expect(findMilestone(recorded, 'published')).toBeUndefined();
  });
});

describe('the date a deadline was met', () => {
  const by: MetBy<M> = { once: { 'submission': ['submitted', 'published'], decision: ['signed-off'] }, perItem: { 'summary:': 'agency-summary', 'meeting:': 'meeting-held' } };

  test('a per-item deadline is met by its own item only', () => {
    const recorded = [at('agency-summary', '2026-06-02', 'health'), at('agency-summary', '2026-06-05', 'police')];
    expect(metOnBy(by, 'summary:police', recorded)).toBe('2026-06-05');
    expect(metOnBy(by, 'summary:health', recorded)).toBe('2026-06-02');
    expect(metOnBy(by, 'summary:school', recorded)).toBeUndefined();
    expect(metOnBy(by, 'meeting:police', [...recorded, at('meeting-held', '2026-06-09', 'police')])).toBe('2026-06-09'); // the second prefix's own milestone
  });

  test('a per-item key is answered by its prefix alone, even where a once entry shares the key', () => {
    expect(metOnBy({ once: { 'summary:police': ['notified'] }, perItem: by.perItem }, 'summary:police', [at('notified', '2026-06-01')])).toBeUndefined();
  });

  test('a deadline met once: the first listed milestone recorded, whichever was recorded first', () => {
    expect(metOnBy(by, 'submission', [at('published', '2026-06-20'), at('submitted', '2026-06-10')])).toBe('2026-06-10');
    expect(metOnBy(by, 'submission', [at('submitted', '2026-06-10'), at('published', '2026-06-20')])).toBe('2026-06-10');
    expect(metOnBy(by, 'submission', [at('published', '2026-06-20')])).toBe('2026-06-20');
    expect(metOnBy(by, 'submission', [at('signed-off', '2026-06-05')])).toBeUndefined();
    expect(metOnBy(by, 'decision', [at('signed-off', '2026-06-05')])).toBe('2026-06-05');
    expect(metOnBy(by, 'no-such-deadline', [at('signed-off', '2026-06-05')])).toBeUndefined();
  });
});

describe('the refusal skeleton', () => {
  test('an unknown milestone', () => {
    expect(stateRefusal(processOf([]), 'reviewed' as M)).toBe("unknown milestone 'reviewed'");
    expect(stateRefusal(processOf([], { closed: () => 'the case is closed' }), 'reviewed' as M)).toBe("unknown milestone 'reviewed'");
  });

  test('a closed case, then the process gate, then the engine: each asked in turn', () => {
    const closed = () => 'the review was closed on 2026-06-20';
    const gate = () => 'the review is on hold';
    const recorded = [at('notified', '2026-06-01')];
    expect(stateRefusal(processOf(recorded, { closed, gate }), 'notified')).toBe('the review was closed on 2026-06-20');
    expect(stateRefusal(processOf(recorded, { gate }), 'notified')).toBe('the review is on hold');
    expect(stateRefusal(processOf(recorded), 'notified')).toBe("'notified' was already recorded");
    expect(stateRefusal(processOf([], { gate: (m) => (m === 'published' ? 'not tracked for this case' : undefined) }), 'notified')).toBeUndefined();
    expect(stateRefusal(processOf([], { gate: (m) => (m === 'published' ? 'not tracked for this case' : undefined) }), 'published')).toBe('not tracked for this case');
  });

  test('a per-item milestone is recorded once per item', () => {
    const recorded = [at('summary-requested', '2026-06-01'), at('agency-summary', '2026-06-03', 'police')];
    expect(stateRefusal(processOf(recorded), 'agency-summary', 'police')).toBe("'agency-summary' for 'police' was already recorded");
    expect(stateRefusal(processOf(recorded), 'agency-summary', 'health')).toBeUndefined();
  });

  test('every one of `after` must come first, and all missing are named in the rule’s order', () => {
    expect(stateRefusal(processOf([]), 'meeting-held')).toBe("'meeting-held' cannot be recorded before 'notified', 'agency-summary'");
    expect(stateRefusal(processOf([at('notified', '2026-06-01')]), 'meeting-held')).toBe("'meeting-held' cannot be recorded before 'agency-summary'");
    expect(stateRefusal(processOf([at('agency-summary', '2026-06-03', 'police')]), 'meeting-held')).toBe("'meeting-held' cannot be recorded before 'notified'");
    expect(stateRefusal(processOf([at('agency-summary', '2026-06-03', 'police'), at('notified', '2026-06-01')]), 'meeting-held')).toBeUndefined();
  });

  test('any one of `afterAny` will do, either of them; with neither, both are named', () => {
    expect(stateRefusal(processOf([]), 'submitted')).toBe("'submitted' cannot be recorded before 'signed-off' or 'notified'");
    expect(stateRefusal(processOf([at('notified', '2026-06-01')]), 'submitted')).toBeUndefined();
    expect(stateRefusal(processOf([at('signed-off', '2026-06-12')]), 'submitted')).toBeUndefined();
  });

  test("the process's late gate is asked only once the order is right", () => {
    const lateGate = (m: M) => (m === 'published' ? 'the Panel has not answered' : undefined);
    expect(stateRefusal(processOf([], { lateGate }), 'published')).toBe("'published' cannot be recorded before 'submitted'");
    expect(stateRefusal(processOf([at('submitted', '2026-06-15')], { lateGate }), 'published')).toBe('the Panel has not answered');
    expect(stateRefusal(processOf([at('submitted', '2026-06-15')], { lateGate }), 'submitted')).toBe("'submitted' was already recorded");
  });
});

describe('the whole refusal: state, date, predecessors’ dates, body', () => {
  const body = () => 'reason must not be empty';
  const fine = () => undefined;
  const recorded = [at('notified', '2026-06-01'), at('summary-requested', '2026-06-01'), at('agency-summary', '2026-06-08', 'police')];

  test('the state first, with the item taken from the input', () => {
    expect(milestoneRefusalOf(processOf(recorded), { milestone: 'agency-summary', occurredOn: '2026-07-30', agency: 'police' } as { milestone: M; occurredOn: string }, body)).toBe(
      "'agency-summary' for 'police' was already recorded",
    );
    expect(milestoneRefusalOf(processOf(recorded), { milestone: 'agency-summary', occurredOn: '2026-06-09', agency: 'health' } as { milestone: M; occurredOn: string }, fine)).toBeUndefined();
  });

  test("then the process's date check, then the body", () => {
    expect(milestoneRefusalOf(processOf(recorded), { milestone: 'meeting-held', occurredOn: '2026-07-01' }, body)).toBe('occurredOn 2026-07-01 is in the future');
    expect(milestoneRefusalOf(processOf(recorded), { milestone: 'meeting-held', occurredOn: '2026-06-10' }, body)).toBe('reason must not be empty');
    expect(milestoneRefusalOf(processOf(recorded), { milestone: 'meeting-held', occurredOn: '2026-06-10' }, fine)).toBeUndefined();
  });

  test('not before any predecessor: on its day is fine, the day before is not, for each of them', () => {
    expect(milestoneRefusalOf(processOf(recorded), { milestone: 'meeting-held', occurredOn: '2026-06-07' }, fine)).toBe("occurredOn 2026-06-07 is before 'agency-summary' (2026-06-08)");
    expect(milestoneRefusalOf(processOf(recorded), { milestone: 'meeting-held', occurredOn: '2026-06-08' }, fine)).toBeUndefined();
    const notifiedLast = [at('notified', '2026-06-09'), at('summary-requested', '2026-06-01'), at('agency-summary', '2026-06-02', 'police')];
    expect(milestoneRefusalOf(processOf(notifiedLast), { milestone: 'meeting-held', occurredOn: '2026-06-08' }, fine)).toBe("occurredOn 2026-06-08 is before 'notified' (2026-06-09)");
  });

  test('an `afterAny` predecessor recorded counts for the date too', () => {
    expect(milestoneRefusalOf(processOf([at('notified', '2026-06-05')]), { milestone: 'submitted', occurredOn: '2026-06-04' }, fine)).toBe("occurredOn 2026-06-04 is before 'notified' (2026-06-05)");
    expect(milestoneRefusalOf(processOf([at('notified', '2026-06-05')]), { milestone: 'submitted', occurredOn: '2026-06-05' }, fine)).toBeUndefined();
  });

  test('a state refusal comes before a date refusal', () => {
    expect(milestoneRefusalOf(processOf([]), { milestone: 'published', occurredOn: '2026-07-30' }, body)).toBe("'published' cannot be recorded before 'submitted'");
  });
});

describe('what can be recorded next', () => {
  test('at the start: the milestones with nothing before them, in the rules’ order', () => {
    expect(allowedNext(processOf([]))).toEqual([
      { milestone: 'notified', title: 'Panel notified', why: 'nothing needs to come before it' },
      { milestone: 'summary-requested', title: 'Summaries requested', why: 'nothing needs to come before it' },
    ]);
  });

  test('a per-item milestone lists the items still to record, and its predecessors once each', () => {
    const recorded = [at('summary-requested', '2026-06-01'), at('agency-summary', '2026-06-03', 'health')];
    expect(allowedNext(processOf(recorded))).toEqual([
      { milestone: 'notified', title: 'Panel notified', why: 'nothing needs to come before it' },
      { milestone: 'agency-summary', title: 'Agency summary received', why: "follows 'summary-requested', recorded; still to record for 'police', 'school'", items: ['police', 'school'], notBefore: '2026-06-01' },
    ]);
  });

  test('a per-item milestone with every item recorded, or no items at all, is not offered', () => {
    const all = [at('summary-requested', '2026-06-01'), ...['police', 'health', 'school'].map((a) => at('agency-summary', '2026-06-03', a))];
    expect(allowedNext(processOf(all)).map((a) => a.milestone)).not.toContain('agency-summary');
    expect(allowedNext(processOf([at('summary-requested', '2026-06-01')], { items: undefined })).map((a) => a.milestone)).toEqual(['notified']);
  });

  test('not before the latest predecessor, whichever was recorded first; a repeated predecessor named once', () => {
    const summaries = [at('summary-requested', '2026-06-01'), at('agency-summary', '2026-06-10', 'police'), at('agency-summary', '2026-06-04', 'health')];
    const notifiedFirst = allowedNext(processOf([at('notified', '2026-06-02'), ...summaries])).find((a) => a.milestone === 'meeting-held');
    expect(notifiedFirst).toEqual({ milestone: 'meeting-held', title: 'Meeting held', why: "follows 'notified', 'agency-summary', recorded", notBefore: '2026-06-10' });
    const notifiedLast = allowedNext(processOf([...summaries, at('notified', '2026-06-12')])).find((a) => a.milestone === 'meeting-held');
    expect(notifiedLast?.notBefore).toBe('2026-06-12');
  });

  test('an `afterAny` milestone follows whichever was recorded', () => {
    expect(allowedNext(processOf([at('notified', '2026-06-02')])).find((a) => a.milestone === 'submitted')).toEqual({
      milestone: 'submitted',
      title: 'Submitted',
      why: "follows 'notified', recorded",
      notBefore: '2026-06-02',
    });
  });

  test('nothing the validator would refuse: not what is recorded, closed or gated', () => {
    expect(allowedNext(processOf([at('notified', '2026-06-02'), at('summary-requested', '2026-06-02')], { items: () => [] })).map((a) => a.milestone)).toEqual(['submitted']);
    expect(allowedNext(processOf([], { closed: () => 'closed' }))).toEqual([]);
    expect(allowedNext(processOf([], { gate: (m) => (m === 'notified' ? 'on hold' : undefined) })).map((a) => a.milestone)).toEqual(['summary-requested']);
  });

  test('choices the process narrows are offered with the milestone, and only where it gives them', () => {
    const choices = (m: M) => (m === 'notified' ? { outcome: ['national-review'] } : undefined);
    expect(allowedNext(processOf([], { choices }))).toEqual([
      { milestone: 'notified', title: 'Panel notified', why: 'nothing needs to come before it', choices: { outcome: ['national-review'] } },
      { milestone: 'summary-requested', title: 'Summaries requested', why: 'nothing needs to come before it' },
    ]);
  });
});
