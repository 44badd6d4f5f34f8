/**
 * The Executive Group's meeting cycle over HTTP, on the whole stack (time-skipping Temporal server,
 * real worker and activities, SQLite read model, real SMTP listener): start, access, bad input,
 * history recorded quietly, refusals with reasons, decisions kept only in the protected note, and
 * the case answer from the registry with its allowedNext.
 */
import { addCalendarDays } from '../../domain/dates';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

let stack: E2eStack;
beforeAll(async () => {
  stack = await startE2eStack({ name: 'executive-cycle-api' });
  // The server's first start can take longer than the API's start deadline on a loaded machine.
  await stack.env.client.workflow.start('warm-up', { workflowId: `warm-up-${Date.now()}`, taskQueue: 'nobody' }).then((h) => h.terminate());
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const REF = 'WSCPEX-2019-01';

test('an executive starts the cycle, records its 2019-20 history without an email, and sees the case from the registry', async () => {
  const { api } = stack;
  const exec = await api.issueToken('exec@lscp.test', ['executive']);
  const chair = await api.issueToken('chair@lscp.test', ['cspr-chair']);
  const admin = await api.issueToken('admin@lscp.test', ['admin']);

  const bad = await api.request('POST', '/api/executive-cycles', { reference: REF, pattern: 'weekly', firstMeetingOn: '2019-10-16' }, { token: exec });
  expect(bad.status).toBe(400);
  expect(bad.type).toContain('application/problem+json');
  expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'pattern' })]);
  expect(await stack.db.case.count()).toBe(0);

  expect((await api.request('POST', '/api/executive-cycles', { reference: REF, pattern: 'monthly', firstMeetingOn: '2019-10-16' }, { token: chair })).status).toBe(403);

  const started = await api.request('POST', '/api/executive-cycles', { reference: REF, pattern: 'monthly', firstMeetingOn: '2019-10-16' }, { token: exec });
  expect([started.status, started.body.detail]).toEqual([201, undefined]);
  expect(started.headers.get('location')).toBe(`/api/executive-cycles/${REF}`);
  expect(started.body.stage).toBe('meeting monthly');
  expect((await api.request('POST', '/api/executive-cycles', { reference: REF, pattern: 'monthly', firstMeetingOn: '2019-10-16' }, { token: exec })).status).toBe(409);

  const post = (body: object, token = exec) => api.request('POST', `/api/executive-cycles/${REF}/milestones`, body, { token });
  expect((await post({ milestone: 'cadence-changed', occurredOn: '2020-03-20', pattern: 'two-weekly', from: '2020-03-27', note: 'COVID-19: the Executive meets two-weekly' })).status).toBe(200);
  expect((await post({ milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' })).status).toBe(200);
  const decided = await post({ milestone: 'decisions-recorded', occurredOn: '2020-04-14', meetingOn: '2020-04-14', decisions: 'Endorse the Safeguarding Babies initiative' }, admin);
  expect(decided.status).toBe(200);
  expect((await post({ milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E1', owner: 'police', dueOn: '2020-05-01' }] })).status).toBe(200);

  const early = await post({ milestone: 'action-completed', occurredOn: '2020-04-13', actionId: 'E1' });
  expect(early.status).toBe(409);
  expect(early.body.reason).toBe('occurredOn 2020-04-13 is before the action was agreed (2020-04-14)');
  const notAMeeting = await post({ milestone: 'meeting-held', occurredOn: '2020-04-10', meetingOn: '2020-04-10' });
  expect([notAMeeting.status, notAMeeting.body.reason]).toEqual([409, '2020-04-10 is not a meeting date of the cycle']);
  expect((await post({ milestone: 'meeting-held', occurredOn: '2020-04-24', meetingOn: '2020-04-24' }, chair)).status).toBe(403);
  // Nor through the case routes, which the CSPR chair may use for reviews: the registry says who records a cycle's milestones.
  const viaCases = await api.request('POST', `/api/cases/${REF}/milestones`, { milestone: 'meeting-held', occurredOn: '2020-04-24', meetingOn: '2020-04-24' }, { token: chair });
  expect([viaCases.status, viaCases.body.detail]).toEqual([403, 'the milestones of an Executive Group meeting cycle are recorded by admin or executive']);

  const seen = await api.request('GET', `/api/cases/${REF}?live=true`, undefined, { token: exec });
  expect(seen.status).toBe(200);
  expect([seen.body.process, seen.body.stage, seen.body.source]).toEqual(['executive-cycle', 'meeting two-weekly', 'workflow']);
  const allowed = seen.body.allowedNext as { milestone: string; fields: { name: string; choices?: string[] }[] }[];
  expect(allowed.find((a) => a.milestone === 'action-completed')?.fields.find((f) => f.name === 'actionId')?.choices).toEqual(['E1']);
  expect(allowed.find((a) => a.milestone === 'decisions-recorded')).toBeUndefined();
  const timeline = seen.body.timeline as { kind: string; summary: string; note: string | null }[];
  const decisions = timeline.find((e) => e.kind === 'decisions-recorded')!;
  expect(decisions.note).toBe('Decisions: Endorse the Safeguarding Babies initiative');
  expect(decisions.summary).not.toContain('Safeguarding Babies');
  expect(timeline.find((e) => e.kind === 'cadence-changed')?.note).toBe('COVID-19: the Executive meets two-weekly');

  // History is recorded quietly: nothing it holds was dated today or later.
  expect(stack.mail.messages.filter((m) => m.subject.includes(REF))).toEqual([]);

  const live = await api.request('GET', `/api/executive-cycles/${REF}`, undefined, { token: admin });
  expect(live.status).toBe(200);
  expect((live.body.openActions as { actionId: string; overdue: boolean }[]).map((a) => [a.actionId, a.overdue])).toEqual([['E1', true]]);
  expect((await api.request('GET', '/api/executive-cycles/NOPE-2019-01', undefined, { token: admin })).status).toBe(404);
}, 120_000);

test('a cadence change still to take effect is announced to the executive by email', async () => {
  const { api } = stack;
  const today = await stack.today();
  const from = addCalendarDays(today, 21);
  const changed = await api.request('POST', `/api/executive-cycles/${REF}/milestones`, { milestone: 'cadence-changed', occurredOn: today, pattern: 'monthly', from });
  expect(changed.status).toBe(200);
  let mail = stack.mail.messages.filter((m) => m.subject.includes(REF));
  for (let i = 0; i < 100 && mail.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    mail = stack.mail.messages.filter((m) => m.subject.includes(REF));
  }
  expect(mail.map((m) => [m.to, m.subject])).toEqual([[['exec@lscp.test'], expect.stringContaining(`Executive meetings monthly from`)]]);
}, 60_000);

test("an overdue Executive Group action makes the cycle overdue in the case answer, the case list and the dashboard; completing it clears that", async () => {
  const { api } = stack;
  const exec = await api.issueToken('exec@lscp.test', ['executive']);
  const ref = 'WSCPEX-2020-02';
  expect((await api.request('POST', '/api/executive-cycles', { reference: ref, pattern: 'two-weekly', firstMeetingOn: '2020-03-27' }, { token: exec })).status).toBe(201);
  const post = (body: object) => api.request('POST', `/api/executive-cycles/${ref}/milestones`, body, { token: exec });
  expect((await post({ milestone: 'meeting-held', occurredOn: '2020-04-14', meetingOn: '2020-04-14' })).status).toBe(200);
  expect((await post({ milestone: 'actions-agreed', occurredOn: '2020-04-14', meetingOn: '2020-04-14', actions: [{ id: 'E7', owner: 'police', dueOn: '2020-05-01' }] })).status).toBe(200);

  const health = async () => {
    const read = await api.request('GET', `/api/cases/${ref}`, undefined, { token: exec });
    const listed = await api.request('GET', '/api/cases?process=executive-cycle&owner=executive', undefined, { token: exec });
    const board = await api.request('GET', '/api/dashboard', undefined, { token: exec });
    const deadline = (read.body.deadlines as { key: string; status: string }[]).find((d) => d.key === 'action:E7');
    return {
      source: read.body.source,
      health: read.body.health,
      action: deadline?.status,
      listed: (listed.body.cases as { reference: string; status: string }[]).find((c) => c.reference === ref)?.status,
      dashboard: (board.body.items as { reference: string; status: string }[]).find((i) => i.reference === ref)?.status,
    };
  };
  expect(await health()).toEqual({ source: 'read-model', health: 'overdue', action: 'overdue', listed: 'overdue', dashboard: 'overdue' });

  expect((await post({ milestone: 'action-completed', occurredOn: '2020-05-06', actionId: 'E7' })).status).toBe(200);
  const after = await health();
  expect(after.action).toBe('met-late');
  // What remains is the next papers deadline, never in the past: on track or, within five working days of it, at risk.
  expect([after.health, after.listed]).toEqual([expect.stringMatching(/^(on-track|at-risk)$/), after.health]);
}, 120_000);
