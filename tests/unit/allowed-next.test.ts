/**
 * What a case says can happen next (allowedNext) against what its workflow's validator accepts, at
 * every stage of every path: each allowed milestone, given a body built only from the fields the
 * case answer lists (parsed by the API's own schema), is accepted; every other milestone is refused.
 */
import { allowedNextOf, type AllowedNext } from '../../api/processes';
import { defaultCalendar } from '../../domain/calendar';
import {
  PRACTICE_REVIEW_MILESTONES,
  practiceAllowedNext,
  practiceMilestoneRefusal,
  type HoldRecord,
  type PracticeMilestoneInput,
  type RecordedPracticeMilestone,
} from '../../domain/practice-review';
import { RAPID_REVIEW_MILESTONES, milestoneRefusal, rapidReviewAllowedNext, type RapidReviewMilestoneInput, type RapidReviewVersion, type RecordedMilestone } from '../../domain/rapid-review';
import type { FormField } from '../../domain/form-fields';
import { STANDARD_RULES } from '../../domain/rules';
import { MilestoneBody, PracticeMilestoneBody } from '../../domain/schemas';

const TODAY = '2026-06-01';
const LATER = '2026-12-15';
const TEXT: Record<string, string> = { agency: 'police', actionId: 'A1', reviewerName: 'Dr A Reviewer', practiceReviewReference: 'WSCP-2026-90', justification: 'Proportionate to the learning', id: 'A9', owner: 'police' };
const FREE_TEXT = ['note', 'rationale', 'justification'];

/** A list of records holds one item built from the item's own fields, as the page's repeatable group does. */
const itemOf = (fields: readonly FormField[]) => Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, f.kind === 'date' ? LATER : TEXT[f.name]]));

/** A body from the listed fields only: required ones, and those the chosen outcome requires. */
function bodyFrom(next: AllowedNext): Record<string, unknown> {
  const body: Record<string, unknown> = { milestone: next.milestone };
  const outcome = next.fields.find((f) => f.name === 'outcome')?.choices?.[0];
  for (const f of next.fields) {
    if (!f.required && !(outcome && f.rule?.includes(`required when the outcome is ${outcome}`))) continue;
    body[f.name] = f.kind === 'date' ? (f.name === 'occurredOn' ? TODAY : LATER) : f.kind === 'choice' ? f.choices![0] : f.kind === 'list' ? [itemOf(f.item ?? [])] : TEXT[f.name];
    if (f.kind === 'choice' && (f.choices![0] === 'true' || f.choices![0] === 'false')) body[f.name] = f.choices![0] === 'true';
  }
  return body;
}

/** A well-formed body of a milestone not allowed now, from its schema's fields. */
function anyBody(schema: typeof MilestoneBody | typeof PracticeMilestoneBody, milestone: string): Record<string, unknown> {
  const [next] = allowedNextOf(schema, [{ milestone, title: milestone, why: 'not allowed now' }]);
  return toInput(schema.parse(bodyFrom(next!)) as Record<string, unknown>);
}

const toInput = (parsed: Record<string, unknown>) => Object.fromEntries([...Object.entries(parsed).filter(([k]) => !FREE_TEXT.includes(k)), ['recordedBy', 'x']]);

function checkRapid(recorded: RecordedMilestone[], version: RapidReviewVersion): string[] {
  const context = { awareOn: '2026-01-05', today: TODAY, recorded, version, reference: 'WSCP-2026-01' };
  const allowed = allowedNextOf(MilestoneBody, rapidReviewAllowedNext(context));
  for (const next of allowed) {
    const parsed = MilestoneBody.parse(bodyFrom(next)) as Record<string, unknown>;
    expect([next.milestone, milestoneRefusal(toInput(parsed) as RapidReviewMilestoneInput, context)]).toEqual([next.milestone, undefined]);
  }
  for (const milestone of RAPID_REVIEW_MILESTONES.filter((m) => !allowed.some((a) => a.milestone === m))) {
    expect([milestone, milestoneRefusal(anyBody(MilestoneBody, milestone) as RapidReviewMilestoneInput, context)]).toEqual([milestone, expect.any(String)]);
  }
  return allowed.map((a) => a.milestone);
}

let day = 5;
const r = (milestone: string, extra: Record<string, unknown> = {}) => ({ milestone, occurredOn: `2026-01-${String(day++).padStart(2, '0')}`, recordedBy: 'x', recordedAt: 'x', ...extra }) as RecordedMilestone;

/** Walks a path, checking allowedNext against the validator before each step and after the last. */
function walkRapid(version: RapidReviewVersion, path: RecordedMilestone[]): string[][] {
  const recorded: RecordedMilestone[] = [];
  const seen = [checkRapid(recorded, version)];
  for (const step of path) {
    expect([step.milestone, seen.at(-1)]).toEqual([step.milestone, expect.arrayContaining([step.milestone])]);
    recorded.push(step);
    seen.push(checkRapid(recorded, version));
  }
  return seen;
}

const toOutcome = () => [
  r('notification-decision', { notifiable: true, lookedAfterChildDeath: false }),
  r('notification-sent'),
  r('agency-summaries-requested', { agencies: [{ agency: 'police', dueOn: '2026-02-01' }, { agency: 'health', dueOn: '2026-02-01' }] }),
  r('agency-summary-received', { agency: 'police' }),
  r('partners-told'),
  r('rapid-review-meeting-held'),
  r('agency-summary-received', { agency: 'health' }),
  r('partner-sign-off'),
  r('rapid-review-submitted'),
];

test('rapid review, version 3, no local review: allowedNext agrees with the validator at every stage, and nothing is allowed once closed', () => {
  day = 5;
  const seen = walkRapid(3, [
    ...toOutcome(),
    r('panel-response', { nationalReview: false }),
    r('outcome-decided', { outcome: 'no-lcspr', learningRoute: 'learning-briefing', actions: [{ id: 'A1', owner: 'police', dueOn: '2026-03-01' }, { id: 'A2', owner: 'health', dueOn: '2026-03-01' }] }),
    r('action-completed', { actionId: 'A1' }),
    r('action-completed', { actionId: 'A2' }),
  ]);
  expect(seen[0]).toEqual(['notification-decision']);
  expect(seen.at(-1)).toEqual([]);
});

test('rapid review, version 3, national review: the outcome is offered as national-review only, then its follow-up', () => {
  day = 5;
  const seen = walkRapid(3, [
    ...toOutcome(),
    r('panel-response', { nationalReview: true }),
    r('outcome-decided', { outcome: 'national-review' }),
    r('national-review-information-requested', { agencies: [{ agency: 'police', dueOn: '2026-03-01' }] }),
    r('national-review-information-supplied', { agency: 'police' }),
    r('national-review-published'),
  ]);
  const recorded = toOutcome();
  recorded.push(r('panel-response', { nationalReview: true }));
  const outcome = allowedNextOf(MilestoneBody, rapidReviewAllowedNext({ awareOn: '2026-01-05', today: TODAY, recorded, version: 3 })).find((a) => a.milestone === 'outcome-decided')!;
  expect(outcome.fields.find((f) => f.name === 'outcome')?.choices).toEqual(['national-review']);
  expect(seen.at(-1)).toEqual([]);
});

test('rapid review, versions 1 and 2 and a not-notifiable decision: allowedNext agrees with the validator', () => {
  day = 5;
  walkRapid(2, [...toOutcome(), r('panel-response', { nationalReview: false }), r('outcome-decided', { outcome: 'lcspr', reviewerName: 'R', practiceReviewReference: 'WSCP-2026-02' })]);
  day = 5;
  expect(walkRapid(1, [r('notification-sent'), r('rapid-review-submitted')])).toEqual([['notification-sent'], ['rapid-review-submitted'], []]);
  day = 5;
  expect(walkRapid(3, [r('notification-decision', { notifiable: false, lookedAfterChildDeath: false })]).at(-1)).toEqual([]);
});

test('the LCSPR outcome lists the fields it requires, and no-lcspr its own, in one allowed milestone', () => {
  day = 5;
  const recorded = [...toOutcome(), r('panel-response', { nationalReview: false })];
  const outcome = allowedNextOf(MilestoneBody, rapidReviewAllowedNext({ awareOn: '2026-01-05', today: TODAY, recorded, version: 3 })).find((a) => a.milestone === 'outcome-decided')!;
  const rule = (name: string) => outcome.fields.find((f) => f.name === name)?.rule;
  expect([rule('reviewerName'), rule('practiceReviewReference'), rule('learningRoute'), rule('actions')]).toEqual([
    expect.stringContaining('required when the outcome is lcspr'),
    expect.stringContaining('required when the outcome is lcspr'),
    expect.stringContaining('required when the outcome is no-lcspr'),
    expect.stringContaining('required when the outcome is no-lcspr'),
  ]);
});

test("a list of records carries its item's fields, from the body schema, so the page can offer one group per agency or action", () => {
  const [requested] = allowedNextOf(MilestoneBody, [{ milestone: 'agency-summaries-requested', title: 'Agency summaries requested', why: '' }]);
  const [outcome] = allowedNextOf(MilestoneBody, [{ milestone: 'outcome-decided', title: 'Outcome decided', why: '' }]);
  const shape = (f?: FormField) => f?.item?.map((i) => [i.name, i.kind, i.required]);
  expect(shape(requested!.fields.find((f) => f.name === 'agencies'))).toEqual([['agency', 'text', true], ['dueOn', 'date', true]]);
  expect(shape(outcome!.fields.find((f) => f.name === 'actions'))).toEqual([['id', 'text', true], ['owner', 'text', true], ['dueOn', 'date', true]]);
  expect(outcome!.fields.find((f) => f.name === 'actions')?.item?.find((i) => i.name === 'id')).toMatchObject({ label: 'ID', rule: 'its number in the action plan, e.g. A1 or 2.3' });
});

function checkPractice(milestones: RecordedPracticeMilestone[], holds: HoldRecord[]): string[] {
  const state = { decidedOn: '2026-01-05', ruleSet: STANDARD_RULES, calendar: defaultCalendar(), milestones, holds };
  const allowed = allowedNextOf(PracticeMilestoneBody, practiceAllowedNext(state, TODAY));
  for (const next of allowed) {
    const parsed = PracticeMilestoneBody.parse(bodyFrom(next)) as Record<string, unknown>;
    expect([next.milestone, practiceMilestoneRefusal(toInput(parsed) as PracticeMilestoneInput, state, TODAY)]).toEqual([next.milestone, undefined]);
  }
  for (const milestone of PRACTICE_REVIEW_MILESTONES.filter((m) => !allowed.some((a) => a.milestone === m))) {
    // Recorded by the workflow itself when the review starts: the API has no body for it.
    if (milestone === 'reviewer-appointed') {
      expect(PracticeMilestoneBody.safeParse({ milestone, occurredOn: TODAY, reviewerName: 'R' }).success).toBe(false);
      continue;
    }
    expect([milestone, practiceMilestoneRefusal(anyBody(PracticeMilestoneBody, milestone) as PracticeMilestoneInput, state, TODAY)]).toEqual([milestone, expect.any(String)]);
  }
  return allowed.map((a) => a.milestone);
}

test('practice review: allowedNext agrees with the validator at every stage, on hold, deferred and closed; reviewer-appointed is never offered', () => {
  let d = 5;
  const p = (milestone: string, extra: Record<string, unknown> = {}) => ({ milestone, occurredOn: `2026-0${d < 32 ? 1 : 2}-${String(d < 32 ? d : d - 31).padStart(2, '0')}`, recordedBy: 'x', recordedAt: 'x', ...(d++, extra) }) as RecordedPracticeMilestone;
  const milestones: RecordedPracticeMilestone[] = [p('reviewer-appointed', { reviewerName: 'R' })];
  const holds: HoldRecord[] = [];
  const seen: string[][] = [];
  const step = (m?: RecordedPracticeMilestone) => {
    if (m) {
      expect([m.milestone, seen.at(-1)]).toEqual([m.milestone, expect.arrayContaining([m.milestone])]);
      milestones.push(m);
    }
    seen.push(checkPractice(milestones, holds));
  };
  step();
  step(p('terms-of-reference-agreed'));
  step(p('agency-reports-requested', { agencies: [{ agency: 'police', dueOn: '2026-03-01' }] }));
  holds.push({ kind: 'pause', from: '2026-01-20', reason: 'inquest', expectedResumeOn: '2026-02-20', panelAndSoSToldOn: '2026-01-20' });
  step();
  expect(seen.at(-1)).toEqual([]);
  holds[0]!.to = '2026-01-25';
  d = 26;
  step();
  step(p('practitioner-learning-event-held'));
  step(p('draft-requested'));
  // The draft cannot be received while a report is outstanding: not offered, and refused.
  expect(seen.at(-1)).not.toContain('draft-report-received');
  step(p('agency-report-received', { agency: 'police' }));
  step(p('family-involvement-completed'));
  step(p('draft-report-received'));
  step(p('partner-sign-off', { plannedPublicationOn: '2026-05-01' }));
  step(p('pre-publication-copy-sent'));
  expect(seen.at(-1)).toContain('published');
  holds.push({ kind: 'publication-deferral', from: '2026-02-12', reason: 'criminal-proceedings', panelAndSoSToldOn: '2026-02-12' });
  step();
  expect(seen.at(-1)).not.toContain('published');
  holds[1]!.to = '2026-02-14';
  d = 46;
  step();
  step(p('published'));
  step(p('action-plan-agreed', { actions: [{ id: 'A1', owner: 'police', dueOn: '2026-09-01' }] }));
  step(p('action-completed', { actionId: 'A1' }));
  expect(seen.at(-1)).toEqual([]);
  expect(seen.flat()).not.toContain('reviewer-appointed');
});
