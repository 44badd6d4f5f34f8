/**
 * Issue 17's proof: the 2019-20 quality assurance programme (../shared/domain/annual-report-2019-20.txt)
 * recorded through the API today, with its real past dates, on the time-skipping server started at
 * the real time, the real activities writing to SQLite and sending to a real SMTP listener. A QAPP
 * cycle monthly from July 2019, bi-monthly and with audit activity suspended from April 2020
 * (resumed in September), meetings minuted late; a section 175 audit of 22 schools with late and
 * missing returns; a section 11 audit of six agencies with an action still open; a case-file audit;
 * and a section 11 audit and a section 175 audit running now, two agencies and two schools owing. History is recorded, never replayed
 * at people: no email goes out while it is entered, then only those who owe something today are
 * emailed, once each step, at the address they were registered with.
 */
import { addWorkingDaysDate, type WorkingCalendar } from '../../domain/calendar';
import { qappWorkflowId } from '../../domain/contracts';
import type { MailCatcher } from '../../scripts/mail-catcher';
import { eventually, type RunningApi } from '../support/api';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { TEST_RECIPIENTS } from '../support/recipients';

const P = 'WSCP';
let stack: E2eStack;
let mail: MailCatcher;
let api: RunningApi;
let calendar: WorkingCalendar;
beforeAll(async () => {
  stack = await startE2eStack({ name: 'qa-programme', partnership: P, mailDomain: 'wscp.test' });
  ({ mail, api, calendar } = stack);
}, 120_000);
afterAll(() => stack?.close());

let requests = 0;
/** A request as a careful client makes it: a 503 (server slow or busy; nothing lost) is retried after its Retry-After, with the same Idempotency-Key. */
async function ok(method: string, path: string, body?: unknown, status = 200): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = method === 'GET' ? {} : { 'Idempotency-Key': `qa-programme-${(requests += 1)}` };
  for (let attempt = 1; ; attempt += 1) {
    const r = await api.request(method, path, body, { headers });
    if (r.status === 503 && attempt < 6) {
      await new Promise((done) => setTimeout(done, Number(r.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r.body;
  }
}

const schools = Array.from({ length: 22 }, (_, i) => ({ id: `school-${100001 + i}`, label: `School ${100001 + i}`, address: `office@school-${100001 + i}.sch.test` }));
const agencies = ['police', 'health', 'childrens-social-care', 'education', 'probation', 'housing'].map((id) => ({ id, label: id, address: `qa@${id}.test` }));

interface MeetingRow {
  id: string;
  seq: number;
  type: number;
  date: string;
  state: string;
}

test('the 2019-20 programme recorded today: nothing from the past emailed, those who owe chased, the report right', async () => {
  const today = await stack.today();

  // --- The QAPP cycle: begun in July 2019, ended with the 2020-21 year ------------------------------
  await ok('POST', '/api/qapp', { partnership: P, cadence: { everyMonths: 1, dayOfMonth: 15, from: '2019-07-01' }, endsOn: '2021-03-31', config: { whileSuspended: 'skip' } }, 201);
  // The cycle continues-as-new every third meeting while it passes through the past. A query or
  // update reaching it during that step leaves the time-skipping server's clock locked for good (see
  // E2eStack.quiet), and the skip forward below would then never end: the live status is read, and
  // each control sent, only once the cycle has nothing in flight.
  const caughtUp = (lastMeeting = '2021-02-15') =>
    eventually(async () => {
      await stack.quiet(qappWorkflowId(P));
      const r = await api.request('GET', `/api/qapp/${P}`);
      if (r.status === 503) return undefined;
      if (r.status !== 200) throw new Error(`GET /api/qapp/${P}: ${r.status} ${r.text}`);
      const live = r.body;
      const meetings = live.meetings as { state: string; date: string }[];
      return live.nextMeeting === undefined && meetings.at(-1)?.date === lastMeeting && meetings.every((m) => m.state === 'minutes-missing' || m.state === 'skipped') ? true : undefined;
    }, `the cycle caught up with today (last meeting ${lastMeeting})`, 60_000);
  // The two controls dated in the past work as they would have then: meetings from 1 April 2020 re-planned.
  await caughtUp('2021-03-15');
  const refusedFuture = await api.request('POST', `/api/qapp/${P}/cadence`, { everyMonths: 2, dayOfMonth: 15, from: '2019-06-01' });
  expect([refusedFuture.status, refusedFuture.body.reason]).toEqual([409, 'a cadence already applies from 2019-07-01; a change must start after it']);
  await ok('POST', `/api/qapp/${P}/cadence`, { everyMonths: 2, dayOfMonth: 15, from: '2020-04-01' });
  await caughtUp();
  await ok('POST', `/api/qapp/${P}/suspend`, { reason: 'COVID-19: partners redeployed', from: '2020-04-01' });
  await caughtUp();
  await ok('POST', `/api/qapp/${P}/resume`, { on: '2020-09-01' });
  await caughtUp();

  const expectedDates = ['2019-07-15', '2019-08-15', '2019-09-16', '2019-10-15', '2019-11-15', '2019-12-16', '2020-01-15', '2020-02-17', '2020-03-16', '2020-04-15', '2020-06-15', '2020-08-17', '2020-10-15', '2020-12-15', '2021-02-15'];
  const planned = await eventually(async () => {
    const { meetings } = (await ok('GET', `/api/qapp/${P}/meetings`)) as { meetings: MeetingRow[] };
    const live = meetings.filter((m) => m.state !== 'withdrawn');
    return live.length === 15 && live.every((m) => m.state === 'minutes-missing' || m.state === 'skipped') ? live : undefined;
  }, 'the past meetings planned and passed quietly', 60_000);
  expect(planned.map((m) => [m.date, m.type, m.state === 'skipped'])).toEqual(expectedDates.map((d, i) => [d, i < 9 ? (i % 3) + 1 : ((i - 9) % 3) + 1, d === '2020-08-17']));

  for (const m of planned.filter((x) => x.state !== 'skipped')) {
    const actions =
      m.seq === 1 ? [{ key: 'A1', owner: 'qapp-chair', dueOn: '2019-08-30', description: 'Dashboard by agency' }] : m.date === '2020-10-15' ? [{ key: 'A1', owner: 'police', dueOn: '2020-11-30', description: 'Refresh the neglect toolkit' }] : [];
    await ok('POST', `/api/qapp/${P}/meetings/${m.id}/minutes`, { heldOn: m.date, decisions: [`Recorded for ${m.id}`], actions });
  }
  await ok('POST', `/api/qapp/${P}/actions/complete`, { key: `${planned[0]!.id}:A1`, completedOn: '2019-08-20' });
  const lateStop = await api.request('POST', `/api/qapp/${P}/stop`, { on: '2020-01-01' });
  expect([lateStop.status, lateStop.body.reason]).toEqual([409, 'meetings up to 2021-02-15 are minuted: the cycle cannot end before then']);

  // --- Section 175, 2019: 22 schools, 16 on time, 3 late, 3 never; closed and findings agreed ------
  await ok('POST', '/api/audits/recorded', { reference: 'S175-2019', type: 'section-175', participants: schools, openedOn: '2019-09-02', returnsDueOn: '2019-12-13', partnership: P }, 201);
  for (const [i, s] of schools.entries()) {
    if (i >= 19) break;
    const submittedOn = i < 16 ? '2019-12-02' : ['2019-12-20', '2020-01-10', '2020-01-17'][i - 16]!;
    await ok('POST', `/api/audits/S175-2019/agencies/${s.id}/returns`, { submittedOn });
  }
  await ok('POST', '/api/audits/S175-2019/milestones', { milestone: 'returns-closed', occurredOn: '2020-01-31' });
  await ok('POST', '/api/audits/S175-2019/milestones', { milestone: 'findings-agreed', occurredOn: '2020-02-14' });

  // --- Section 11, 2019: six agencies, four returns (one late); one action still open ---------------
  await ok('POST', '/api/audits/recorded', { reference: 'S11-2019', type: 'section-11', participants: agencies, openedOn: '2019-10-01', returnsDueOn: '2019-11-29', partnership: P }, 201);
  const ratings = ['S1-leadership', 'S2-child-voice', 'S3-training', 'S4-safer-recruitment', 'S5-information-sharing', 'S6-policies', 'S7-supervision', 'S8-allegations'].map((standard) => ({ standard, rating: 'green' }));
  for (const [id, submittedOn] of [['police', '2019-11-20'], ['health', '2019-11-29'], ['childrens-social-care', '2019-11-28'], ['education', '2019-12-06']] as const) {
    await ok('POST', `/api/audits/S11-2019/agencies/${id}/returns`, { submittedOn, ratings });
  }
  for (const [milestone, occurredOn] of [['returns-closed', '2019-12-20'], ['practitioner-survey-done', '2020-01-20'], ['peer-challenge-held', '2020-02-10']] as const) {
    await ok('POST', '/api/audits/S11-2019/milestones', { milestone, occurredOn });
  }
  const refusedStage = await api.request('POST', '/api/audits/S11-2019/milestones', { milestone: 'findings-agreed', occurredOn: '2020-02-11' });
  expect([refusedStage.status, refusedStage.body.stages, refusedStage.body.nextStage]).toEqual([409, ['returns-closed', 'practitioner-survey-done', 'peer-challenge-held', 'action-plan-agreed'], 'action-plan-agreed']);
  expect(refusedStage.body.detail).toContain('the stages of this audit are returns-closed, practitioner-survey-done, peer-challenge-held, action-plan-agreed and the next is');
  await ok('POST', '/api/audits/S11-2019/milestones', { milestone: 'action-plan-agreed', occurredOn: '2020-03-02', actions: agencies.map((a) => ({ key: `S11-${a.id.slice(0, 8)}`, owner: a.id, dueOn: '2020-06-30' })) });
  for (const a of agencies.filter((x) => x.id !== 'probation')) await ok('POST', `/api/audits/S11-2019/actions/S11-${a.id.slice(0, 8)}/complete`, { completedOn: '2020-06-26' });
  const beforeOpening = await api.request('POST', '/api/audits/S11-2019/actions/S11-probatio/complete', { completedOn: '2019-09-30' });
  expect([beforeOpening.status, beforeOpening.body.reason]).toEqual([409, 'completedOn 2019-09-30 is before the audit opened on 2019-10-01']);

  // --- Case-file audit, neglect: every return on time, actions done, learning shared ---------------
  const four = agencies.slice(0, 4);
  await ok('POST', '/api/audits/recorded', { reference: 'CFA-2019-NEGLECT', type: 'case-file', theme: 'neglect', participants: four, openedOn: '2019-11-04', returnsDueOn: '2019-12-06', partnership: P }, 201);
  for (const a of four) await ok('POST', `/api/audits/CFA-2019-NEGLECT/agencies/${a.id}/returns`, { submittedOn: '2019-12-05' });
  await ok('POST', '/api/audits/CFA-2019-NEGLECT/milestones', { milestone: 'audit-meeting-held', occurredOn: '2020-01-14' });
  await ok('POST', '/api/audits/CFA-2019-NEGLECT/milestones', { milestone: 'findings-agreed', occurredOn: '2020-01-28', findings: 'Neglect recognised late where parents missed health appointments.' });
  expect((await ok('GET', '/api/audits/CFA-2019-NEGLECT')).findings).toBe('Neglect recognised late where parents missed health appointments.');
  await ok('POST', '/api/audits/CFA-2019-NEGLECT/milestones', { milestone: 'action-plan-agreed', occurredOn: '2020-02-11', actions: [{ key: 'C1', owner: 'police', dueOn: '2020-03-31' }, { key: 'C2', owner: 'health', dueOn: '2020-03-31' }] });
  for (const key of ['C1', 'C2']) await ok('POST', `/api/audits/CFA-2019-NEGLECT/actions/${key}/complete`, { completedOn: '2020-03-20' });
  await ok('POST', '/api/audits/CFA-2019-NEGLECT/milestones', { milestone: 'learning-shared', occurredOn: '2020-03-25' });

  // --- Section 11 now: opened a month ago, due three working days ago; two agencies still owe -------
  const s11Now = `S11-${today.slice(0, 4)}`;
  const dueNow = addWorkingDaysDate(calendar, today, -3);
  await ok('POST', '/api/audits/recorded', { reference: s11Now, type: 'section-11', participants: four, openedOn: addWorkingDaysDate(calendar, today, -22), returnsDueOn: dueNow, partnership: P }, 201);
  await ok('POST', `/api/audits/${s11Now}/agencies/police/returns`, { submittedOn: addWorkingDaysDate(calendar, today, -5), ratings });
  await ok('POST', `/api/audits/${s11Now}/agencies/health/returns`, { submittedOn: addWorkingDaysDate(calendar, today, -1), ratings });
  // --- Section 175 now: four schools (registered again this year), two returned, two still owe -----
  const s175Now = `S175-${today.slice(0, 4)}`;
  const schoolsNow = schools.slice(0, 4);
  await ok('POST', '/api/audits/recorded', { reference: s175Now, type: 'section-175', participants: schoolsNow, openedOn: addWorkingDaysDate(calendar, today, -22), returnsDueOn: dueNow, partnership: P }, 201);
  await ok('POST', `/api/audits/${s175Now}/agencies/school-100001/returns`, { submittedOn: addWorkingDaysDate(calendar, today, -4) });
  await ok('POST', `/api/audits/${s175Now}/agencies/school-100002/returns`, { submittedOn: today });

  const returns = await ok('GET', '/api/audits/S175-2019/returns');
  expect(returns).toMatchObject({ returnRate: { returned: 19, total: 22, percent: 86.4 }, late: 3, returnsClosedOn: '2020-01-31' });
  const lateSchools = (returns.returns as { participantId: string; status: string; workingDaysLate?: number }[]).filter((r) => r.status === 'met-late');
  expect(lateSchools.map((r) => [r.participantId, r.workingDaysLate])).toEqual([
    ['school-100017', 5],
    ['school-100018', 17],
    ['school-100019', 22],
  ]);
  expect((await ok('GET', `/api/audits/${s11Now}`)).returnsDueOn).toBe(dueNow);

  // An agency lead reads the audit it owes a return to, at its own agency only.
  const lead = await api.issueToken('lead@education.test', ['agency-lead'], { agency: 'education' });
  const owed = await api.request('GET', `/api/audits/${s11Now}/agencies/education`, undefined, { token: lead });
  expect([owed.status, owed.body.returnsDueOn, (owed.body.return as { status: string }).status]).toEqual([200, dueNow, 'overdue']);
  expect((await api.request('GET', `/api/audits/${s11Now}/agencies/police`, undefined, { token: lead })).status).toBe(404);
  // The QAPP dashboard shows its partnership's items only; ?process=audit finds audits of every type.
  expect((await ok('GET', `/api/qapp/${P}/dashboard`)).audits).toMatchObject({ total: 5 });
  const other = await ok('GET', '/api/qapp/ELSE/dashboard');
  expect([(other.cases as { open: number }).open, (other.audits as { total: number }).total, other.overdueActions]).toEqual([0, 0, []]);
  const found = (await ok('GET', '/api/dashboard?process=audit')).items as { reference: string }[];
  expect(found.map((i) => i.reference)).toEqual(expect.arrayContaining([s11Now, s175Now]));

  // Nothing dated before today was sent while the history went in.
  await new Promise((r) => setTimeout(r, 1500));
  expect(mail.messages.map((m) => m.subject)).toEqual([]);

  // --- Forward three working days: the owing are chased, once per step -----------------------------
  await stack.sleepUntil(addWorkingDaysDate(calendar, today, 3), 14);
  const addressed = (address: string) => mail.messages.filter((m) => m.to.includes(address));
  await eventually(() => (addressed(TEST_RECIPIENTS['qapp-chair'][0]!).length >= 4 ? true : undefined), 'the chair told of the two escalations and the two open actions', 30_000);
  const keyOf = (m: (typeof mail.messages)[number]) => m.headers['x-review-engine-key'];
  expect(addressed('qa@childrens-social-care.test').map(keyOf).sort()).toEqual([`${s11Now}:childrens-social-care:returns:${dueNow}:after-5`, `${s11Now}:childrens-social-care:returns:${dueNow}:catch-up`]);
  expect(addressed('qa@education.test').map(keyOf).sort()).toEqual([`${s11Now}:education:returns:${dueNow}:after-5`, `${s11Now}:education:returns:${dueNow}:catch-up`]);
  for (const school of ['school-100003', 'school-100004']) {
    expect(addressed(`office@${school}.sch.test`).map(keyOf).sort()).toEqual([`${s175Now}:${school}:returns:${dueNow}:after-5`, `${s175Now}:${school}:returns:${dueNow}:catch-up`]);
  }
  // Returned ones are not chased, nor any other school (those of 2019 owe nothing now); the probation service gets one reminder for its 2020 action.
  const schoolMail = mail.messages.filter((m) => m.to.some((t) => t.endsWith('.sch.test')));
  expect([...addressed('qa@police.test'), ...addressed('qa@health.test'), ...schoolMail.filter((m) => !/school-10000[34]/.test(m.to.join()))]).toEqual([]);
  expect(addressed('qa@probation.test').map((m) => m.subject)).toEqual([expect.stringMatching(/^\[S11-2019\] (OVERDUE|ESCALATION): action S11-probatio \(owner probation\) overdue by \d+ working days \(Tue 30 Jun 2020\)$/)]);
  const chair = addressed(TEST_RECIPIENTS['qapp-chair'][0]!).map((m) => m.subject);
  expect(chair.filter((s) => s.startsWith(`[${s11Now}] ESCALATION: 2 of 4 returns outstanding`))).toHaveLength(1);
  expect(chair.filter((s) => s.startsWith(`[${s175Now}] ESCALATION: 2 of 4 returns outstanding`))).toHaveLength(1);
  expect(chair.filter((s) => s.includes(':A1 (owner police)'))).toHaveLength(1);
  expect(chair).toHaveLength(4);
  // Every email was about today or later: no agenda, papers or minutes reminder of a past meeting.
  expect(mail.messages.filter((m) => /QAPP meeting|minutes of the QAPP/.test(m.subject))).toEqual([]);
  // And those are all: two agencies and two schools twice each, and the chair's four (probation copied on its action's); none sent twice.
  expect(mail.messages).toHaveLength(12);
  expect(new Set(mail.messages.map(keyOf)).size).toBe(12);

  // --- The annual report's quality assurance section ------------------------------------------------
  interface QaFigures {
    auditsOpened: Record<string, number>;
    auditsCompleted: Record<string, number>;
    returns: Record<string, { received: number; expected: number; percent: number; late: number }>;
    actions: { agreed: number; done: number; open: number };
    meetings: { held: number; skipped: number };
    cadenceChanges: number;
    suspensions: number;
  }
  const year1 = await ok('GET', '/api/reports/annual?from=2019-04-01&to=2020-03-31');
  const qa1 = (year1.qualityAssurance as { figures: QaFigures; rows: { measure: string; auditType: string; count: number; of: number | null; percent: number | null; detail: string }[] });
  expect(qa1.figures).toEqual({
    auditsOpened: { 'case-file': 1, 'section-11': 1, 'section-175': 1 },
    auditsCompleted: { 'case-file': 1, 'section-11': 0, 'section-175': 1 },
    returns: {
      'case-file': { received: 4, expected: 4, percent: 100, late: 0 },
      'section-11': { received: 4, expected: 6, percent: 66.7, late: 1 },
      'section-175': { received: 19, expected: 22, percent: 86.4, late: 3 },
    },
    // S11's six (none done by 31 March), CFA's two (done 20 March), meeting 1's one (done August 2019).
    actions: { agreed: 9, done: 3, open: 6 },
    meetings: { held: 9, skipped: 0 },
    cadenceChanges: 0,
    suspensions: 0,
  });
  // The summary's "audits completed" is the QA table's: the same two, CFA-2019-NEGLECT and S175-2019.
  expect((year1.figures as { auditsCompleted: number }).auditsCompleted).toBe(2);
  expect(qa1.rows.filter((r) => r.measure === 'audits-completed').flatMap((r) => (r.count ? [r.detail] : []))).toEqual(['CFA-2019-NEGLECT (2020-03-25)', 'S175-2019 (2020-02-14)']);
  const year2 = (await ok('GET', '/api/reports/annual?from=2020-04-01&to=2021-03-31')).qualityAssurance as { figures: QaFigures };
  expect(year2.figures).toMatchObject({ meetings: { held: 5, skipped: 1 }, cadenceChanges: 1, suspensions: 1, actions: { agreed: 1, done: 0, open: 1 } });

  const md = await api.request('GET', '/api/reports/annual.md?from=2019-04-01&to=2020-03-31');
  expect(md.text).toContain('## Quality assurance');
  expect(md.text).toContain('| Returns received | Section 175 schools safeguarding return | 19 | 22 | 86.4 |');
  expect(md.text).toContain('| Returns received late | Section 11 self-assessment | 1 | 4 | 25.0 |');
  const csv = await api.request('GET', '/api/reports/annual.csv?from=2019-04-01&to=2020-03-31&section=quality-assurance');
  const lines = csv.text.trim().split('\n');
  expect(lines[0]).toBe('measure,audit_type,count,of,percent,detail');
  // The CSV is the same table: each row's count and rate as the JSON has them.
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual(qa1.rows.map((r) => [r.measure, r.auditType, r.count, r.of ?? '', r.percent === null ? '' : r.percent.toFixed(1)].join(',')));
}, 600_000);
