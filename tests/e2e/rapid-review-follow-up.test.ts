/**
 * The follow-up of a national review outcome through the API over HTTP, on the time-skipping server
 * with the real activities, a real SQLite database and a real SMTP listener: the Panel's request for
 * local information, reminders to the agencies, the executive's view of who owes what, refusals as
 * 409 with the reason, and publication closing the case.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addWorkingDaysDate, type WorkingCalendar } from '../../domain/calendar';
import { addCalendarDays, dayOfWeek } from '../../domain/dates';
import type { Database } from '../../prisma/client';
import type { MailCatcher } from '../../scripts/mail-catcher';
import { eventually, type RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { uniqueReference } from '../support/temporal';

let stack: E2eStack;
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let db: Database;
let api: RunningApi;
let calendar: WorkingCalendar;
beforeAll(async () => {
  stack = await startE2eStack({ name: 'follow-up' });
  ({ env, mail, db, api, calendar } = stack);
}, 120_000);
afterAll(() => stack?.close());
const today = () => stack.today();
const sleepUntil = (day: string, hourUtc = 12) => stack.sleepUntil(day, hourUtc);

interface RapidReviewLive {
  stage: string;
  health: string;
  outcome: string | null;
  owed: { agency: string; dueOn: string; what: string; deadlineKey: string }[];
}

test('national review: information requested from local agencies, reminded, supplied, and the Panel publishes, through HTTP', async () => {
  let monday = addCalendarDays(await today(), 1);
  while (dayOfWeek(monday) !== 1 || calendar.holidays.some((h) => h.date === monday)) monday = addCalendarDays(monday, 1);
  await sleepUntil(monday, 6);
  const ref = uniqueReference('NR');
  expect((await api.request('POST', '/api/rapid-reviews', { reference: ref, childPseudonym: 'Child N', awareOn: monday })).status).toBe(201);
  const post = async (body: Record<string, unknown>, token?: string) => api.request('POST', `/api/cases/${ref}/milestones`, { occurredOn: await today(), ...body }, token ? { token } : {});
  const executive = await api.issueToken('exec@lscp.test', ['executive']);
  const lead = await api.issueToken('lead@lscp.test', ['agency-lead'], { agency: 'police' });
  const reviewer = await api.issueToken('reviewer@lscp.test', ['reviewer']);
  await db.caseAssignment.create({ data: { caseReference: ref, subject: 'reviewer@lscp.test', role: 'reviewer' } });
  const live = async (): Promise<RapidReviewLive & { state: string; deadlines: { key: string; status: string; sentence: string; explanation: { rule: { id: string } } }[] }> => {
    const r = await api.request('GET', `/api/cases/${ref}?live=true`, undefined, { token: executive });
    expect(r.status).toBe(200);
    return { ...(r.body.live as RapidReviewLive), state: r.body.state as string, deadlines: r.body.deadlines as never };
  };

  const early = await post({ milestone: 'national-review-published' });
  expect([early.status, early.body.reason]).toEqual([409, "'national-review-published' cannot be recorded before 'outcome-decided'"]);
  for (const body of [
    { milestone: 'notification-decision', notifiable: true },
    { milestone: 'notification-sent' },
    { milestone: 'partners-told' },
    { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: monday }] },
    { milestone: 'agency-summary-received', agency: 'police' },
    { milestone: 'rapid-review-meeting-held' },
    { milestone: 'partner-sign-off' },
    { milestone: 'rapid-review-submitted', recommendation: 'national-review' },
    { milestone: 'panel-response', nationalReview: true },
    { milestone: 'outcome-decided', outcome: 'national-review' },
  ]) {
    const r = await post(body);
    expect([body.milestone, r.status]).toEqual([body.milestone, 200]);
  }
  const decided = await live();
  expect([decided.state, decided.stage, decided.outcome, decided.owed]).toEqual(['open', 'national-review', 'national-review', []]);

  const policeDue = addWorkingDaysDate(calendar, monday, 8);
  const healthDue = addWorkingDaysDate(calendar, monday, 12);
  const wrong = await post({ milestone: 'action-completed', actionId: 'A1' });
  expect([wrong.status, wrong.body.reason]).toEqual([409, "'action-completed' applies only when the outcome is no-lcspr (the outcome is national-review)"]);
  const invalid = await post({ milestone: 'national-review-information-requested', agencies: [{ agency: 'Police Force', dueOn: policeDue }] });
  expect(invalid.status).toBe(400);
  const asked = await post({
    milestone: 'national-review-information-requested',
    agencies: [
      { agency: 'police', dueOn: policeDue },
      { agency: 'health', dueOn: healthDue },
    ],
    note: 'Panel reviewer Dr Example asked for chronologies and practitioner interviews',
  });
  expect(asked.status).toBe(200);
  expect((asked.body.owed as RapidReviewLive['owed']).map((o) => [o.agency, o.dueOn])).toEqual([
    ['police', policeDue],
    ['health', healthDue],
  ]);

  // Two working days after the police information was due: overdue in the executive's view.
  await sleepUntil(addWorkingDaysDate(calendar, policeDue, 2));
  const overdue = await live();
  expect([overdue.stage, overdue.health]).toEqual(['national-review', 'overdue']);
  expect(overdue.owed.map((o) => [o.agency, o.what])).toEqual([
    ['police', 'Information for the national review'],
    ['health', 'Information for the national review'],
  ]);
  const police = overdue.deadlines.find((d) => d.key === 'national-review-information:police')!;
  expect([police.status, police.explanation.rule.id]).toEqual(['overdue', 'T6']);
  expect(police.sentence).toMatch(/^due .*: the date set on /);
  const policeMail = () => mail.messages.filter((m) => m.subject.includes(ref) && m.subject.includes('Information for the national review from police'));
  await eventually(() => (policeMail().length === 4 ? true : undefined), 'four reminders about the police information');
  expect(policeMail().every((m) => m.to.includes('lead@lscp.test') && m.to.includes('chair@lscp.test'))).toBe(true);

  // Agency leads do not record case milestones (as for agency summaries); an assigned reviewer does.
  expect((await post({ milestone: 'national-review-information-supplied', agency: 'police' }, lead)).status).toBe(403);
  expect((await post({ milestone: 'national-review-information-supplied', agency: 'police' }, executive)).status).toBe(403);
  const unknown = await post({ milestone: 'national-review-information-supplied', agency: 'probation' }, reviewer);
  expect([unknown.status, unknown.body.reason]).toEqual([409, "unknown agency 'probation': information for the national review was requested from 'police', 'health'"]);
  expect((await post({ milestone: 'national-review-information-supplied', agency: 'police' }, reviewer)).status).toBe(200);
  expect((await live()).owed.map((o) => o.agency)).toEqual(['health']);

  const published = await post({ milestone: 'national-review-published' });
  expect([published.status, published.body.state, published.body.stage]).toEqual([200, 'completed', 'national-review']);
  const closed = await eventually(async () => {
    const r = await api.request('GET', `/api/cases/${ref}`, undefined, { token: executive });
    return r.body.state === 'completed' ? r.body : undefined;
  }, 'the closed case in the read model');
  const timeline = closed.timeline as { kind: string; summary: string; note: string | null }[];
  expect(timeline.find((e) => e.kind === 'national-review-information-requested')?.note).toBe('Panel reviewer Dr Example asked for chronologies and practitioner interviews');
  expect(timeline.find((e) => e.kind === 'note' && e.summary.startsWith('Published without'))?.summary).toBe(`Published without local information recorded as supplied by: health (due ${healthDue})`);
  const emails = (closed.emails as { subject: string; recipients: string[] }[]).map((e) => [e.subject.replace(`[${ref}] `, ''), e.recipients.join(', ')]);
  expect(emails).toContainEqual(['National review: information requested from local agencies', 'lead@lscp.test']);
  expect(emails).toContainEqual(['National review published by the Panel', 'partners@lscp.test, exec@lscp.test']);
  const after = await post({ milestone: 'national-review-information-supplied', agency: 'health' });
  expect(after.status).toBe(409);

  const history = JSON.stringify(await env.client.workflow.getHandle(`rapid-review:${ref}`).fetchHistory());
  expect(history).not.toContain('Child N');
  expect(history).not.toContain('Dr Example');
  expect(mail.messages.filter((m) => m.subject.includes(ref)).some((m) => m.text.includes('Child N') || m.text.includes('Dr Example'))).toBe(false);
});
