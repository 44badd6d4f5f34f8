/**
 * A year of the quality assurance programme through the API, shaped like the annual report's
 * (2019-20) but starting next month, since the time-skipping server starts now and only moves
 * forward: monthly QAPP meetings in rotation; a section 175 return from 250 schools reaching 100%
 * with reminders only to schools that have not returned; a case-file audit launched by meeting 1,
 * from theme to action plan; a learning-embedded questionnaire; after nine months the executive
 * suspends audit activity and switches to bi-monthly meetings. Real activities, SQLite, SMTP.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { RETURN_LADDER, ladderReminders } from '../../domain/audits';
import { addWorkingDaysDate, defaultCalendar } from '../../domain/calendar';
import { addCalendarMonths } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { startTimeSkippingServer, uniqueReference, workflowBundle } from '../support/temporal';
import { TEST_RECIPIENTS } from '../support/recipients';

const recipients = TEST_RECIPIENTS;
const calendar = defaultCalendar();
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let mailer: Mailer;
let db: Database;
let api: RunningApi;
let offsetMs = 0;
const taskQueue = `qapp-year-${Date.now()}`;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  mail = await startMailCatcher();
  mailer = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
  ({ db } = await freshDatabase('sqlite', 'qapp-year'));
  api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false, clock: () => Date.now() + offsetMs });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
  mailer?.close();
  await mail?.close();
  await env?.teardown();
});

async function sleepUntil(date: string, timeUtc = '18:00:00'): Promise<void> {
  await env.sleep(Math.max(1000, Date.parse(`${date}T${timeUtc}Z`) - (await env.currentTimeMs())));
  offsetMs = (await env.currentTimeMs()) - Date.now();
}
const today = async () => utcToLondonDate(await env.currentTimeMs());

async function ok(method: string, path: string, body?: unknown, status = 200): Promise<Record<string, unknown>> {
  const res = await api.request(method, path, body);
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

const schools = Array.from({ length: 250 }, (_, i) => ({ id: `school-${200001 + i}`, label: `School ${200001 + i}`, address: `office@school-${200001 + i}.sch.test` }));
async function returnSchools(ref: string, ids: string[], submittedOn: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 25) await Promise.all(ids.slice(i, i + 25).map((id) => ok('POST', `/api/audits/${ref}/agencies/${id}/returns`, { submittedOn })));
}

interface MeetingView {
  id: string;
  seq: number;
  type: number;
  purpose: string;
  date: string;
  state: string;
}

test('a year of audits and QAPP meetings through the API', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients } }),
  });
  await worker.runUntil(async () => {
    offsetMs = (await env.currentTimeMs()) - Date.now();
    const partnership = uniqueReference('Y').split('-')[0]!;
    const year = (await today()).slice(0, 4);
    const firstMonth = `${addCalendarMonths(await today(), 1).slice(0, 7)}-01`;
    const end = addCalendarMonths(firstMonth, 12);
    await ok('POST', '/api/qapp', { partnership, cadence: { everyMonths: 1, dayOfMonth: 15, from: firstMonth } }, 201);
    const firstMeeting = ((await ok('GET', `/api/qapp/${partnership}`)).nextMeeting as MeetingView).date;

    // Section 175: 250 schools; 150 return at once.
    const s175 = `S175-${year}-${partnership.slice(1, 9)}`;
    const s175Due = addWorkingDaysDate(calendar, firstMeeting, 12);
    let wave2Ms = 0;
    let lastReturnMs = 0;
    await ok('POST', '/api/audits', { reference: s175, type: 'section-175', participants: schools, returnsDueOn: s175Due, repeatAfterMonths: 12, partnership }, 201);
    await returnSchools(
      s175,
      schools.slice(0, 150).map((s) => s.id),
      await today(),
    );
    const duplicate = await api.request('POST', `/api/audits/${s175}/agencies/school-200001/returns`, { submittedOn: await today() });
    expect([duplicate.status, duplicate.body.reason]).toEqual([409, `'school-200001' already returned on ${await today()}: a duplicate return is refused`]);
    expect((await api.request('POST', `/api/audits/${s175}/agencies/school-999999/returns`, { submittedOn: await today() })).body.reason).toBe(`'school-999999' is not a participant in ${s175}`);

    const cfa = `CFA-${year}-NEGLECT${partnership.slice(1, 4)}`;
    const lea = `LEA-${year}-${partnership.slice(1, 9)}`;
    const s11 = `S11-${year}-${partnership.slice(1, 9)}`;
    const agencies = [
      { id: 'police', label: 'Police', address: 'qa@police.test' },
      { id: 'childrens-social-care', label: "Children's social care", address: 'qa@csc.test' },
      { id: 'health', label: 'Health (ICB)', address: 'qa@icb.test' },
      { id: 'education', label: 'Education', address: 'qa@education.test' },
    ];
    let suspended = false;
    for (;;) {
      const next = (await ok('GET', `/api/qapp/${partnership}`)).nextMeeting as MeetingView;
      if (next.date > `${end.slice(0, 7)}-28`) break;
      await sleepUntil(next.date);
      const day = await today();
      const minutes: Record<string, unknown> = { heldOn: next.date, decisions: [`Decision recorded at ${next.id}`], actions: [] };
      if (next.seq === 1) {
        minutes.launchAudits = [
          {
            reference: cfa,
            type: 'case-file',
            theme: 'neglect',
            sampledCases: ['WSCP-2026-01', 'WSCP-2026-04', 'WSCP-2026-07', 'WSCP-2026-09', 'WSCP-2026-11'],
            participants: agencies,
            returnsDueOn: addWorkingDaysDate(calendar, next.date, 20),
          },
        ];
        minutes.actions = [{ key: 'A1', owner: 'qapp-chair', dueOn: addWorkingDaysDate(calendar, next.date, 15), description: 'Refresh the dashboard with timeliness by agency' }];
      }
      await ok('POST', `/api/qapp/${partnership}/meetings/${next.id}/minutes`, minutes);

      if (next.seq === 1) {
        // 95 more schools return; five are left to chase.
        wave2Ms = await env.currentTimeMs();
        await returnSchools(
          s175,
          schools.slice(150, 245).map((s) => s.id),
          day,
        );
      }
      if (next.seq === 2) {
        const s175View = await ok('GET', `/api/audits/${s175}`);
        expect(s175View.returnRate).toEqual({ returned: 245, total: 250, percent: 98 });
        lastReturnMs = await env.currentTimeMs();
        await returnSchools(
          s175,
          schools.slice(245).map((s) => s.id),
          day,
        );
        expect((await ok('GET', `/api/audits/${s175}`)).stage).toBe('returns-closed');
        const late = await api.request('POST', `/api/audits/${s175}/agencies/school-200001/returns`, { submittedOn: day });
        expect(late.body.reason).toBe(`returns to ${s175} closed on ${day}: a return after close is refused`);
        await ok('POST', `/api/audits/${s175}/milestones`, { milestone: 'findings-agreed', occurredOn: day });
        await ok('POST', `/api/qapp/${partnership}/actions/complete`, { key: `${partnership}-M1:A1`, completedOn: day });
        // Case-file audit returns; a learning-embedded questionnaire after a practice review.
        for (const a of agencies) await ok('POST', `/api/audits/${cfa}/agencies/${a.id}/returns`, { submittedOn: day, evidence: 'Audit tool completed for all five sampled cases' });
        await ok('POST', '/api/audits', { reference: lea, type: 'learning-embedded', theme: 'learning from lcspr', participants: [{ id: 'social-work-team-a', label: 'Social work team A' }, { id: 'health-visiting', label: 'Health visiting' }, { id: 'police-ppu', label: 'Police PPU' }], returnsDueOn: addWorkingDaysDate(calendar, day, 15), partnership }, 201);
        for (const id of ['social-work-team-a', 'health-visiting', 'police-ppu']) await ok('POST', `/api/audits/${lea}/agencies/${id}/returns`, { submittedOn: day });
        await ok('POST', `/api/audits/${lea}/milestones`, { milestone: 'findings-agreed', occurredOn: day });
        expect((await ok('POST', `/api/audits/${lea}/milestones`, { milestone: 'learning-shared', occurredOn: day })).state).toBe('completed');
      }
      if (next.seq === 3) {
        // The audit-activity meeting: the case-file audit is on its agenda, then from meeting to action plan.
        const agenda = mail.messages.find((m) => m.subject.startsWith(`[${next.id}] QAPP meeting 3`));
        expect(agenda?.text).toContain(cfa);
        await ok('POST', `/api/audits/${cfa}/milestones`, { milestone: 'audit-meeting-held', occurredOn: day });
        await ok('POST', `/api/audits/${cfa}/milestones`, { milestone: 'findings-agreed', occurredOn: day });
        const planned = await ok('POST', `/api/audits/${cfa}/milestones`, {
          milestone: 'action-plan-agreed',
          occurredOn: day,
          actions: [
            { key: 'A1', owner: 'childrens-social-care', dueOn: addWorkingDaysDate(calendar, day, 20), description: 'Chronologies in every neglect case' },
            { key: 'A2', owner: 'health', dueOn: addWorkingDaysDate(calendar, day, 20), description: 'Use the graded care profile' },
          ],
        });
        expect(planned.stage).toBe('action-plan-agreed');
        expect((await ok('POST', `/api/audits/${cfa}/milestones`, { milestone: 'learning-shared', occurredOn: day })).state).toBe('monitoring-actions');
      }
      if (next.seq === 4) {
        for (const key of ['A1', 'A2']) await ok('POST', `/api/audits/${cfa}/actions/${key}/complete`, { completedOn: day });
        expect((await ok('GET', `/api/audits/${cfa}`)).state).toBe('completed');
      }
      if (next.seq === 7) {
        await ok('POST', '/api/audits', { reference: s11, type: 'section-11', participants: agencies, returnsDueOn: addWorkingDaysDate(calendar, day, 60), repeatAfterMonths: 24, partnership }, 201);
      }
      if (next.seq === 9 && !suspended) {
        // About nine months in: audit activity suspended, meetings bi-monthly from the month after next.
        const from = `${addCalendarMonths(next.date, 2).slice(0, 7)}-01`;
        await ok('POST', `/api/qapp/${partnership}/suspend`, { reason: 'Pandemic: partners redeployed to front-line services', from: day });
        await ok('POST', `/api/qapp/${partnership}/cadence`, { everyMonths: 2, dayOfMonth: 15, from });
        suspended = true;
        const refused = await api.request('POST', `/api/qapp/${partnership}/suspend`, { reason: 'again', from: day });
        expect([refused.status, refused.body.reason]).toEqual([409, `audit activity is already suspended (since ${day})`]);
      }
    }

    const { meetings } = (await ok('GET', `/api/qapp/${partnership}/meetings`)) as { meetings: (MeetingView & { actions: unknown[] })[] };
    const held = meetings.filter((m) => m.state !== 'scheduled');
    expect(held.map((m) => m.type)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    expect(held.every((m) => m.state === 'minuted')).toBe(true);
    expect(held.at(-1)!.purpose).toBe('repurposed');
    const months = held.map((m) => Number(m.date.slice(0, 4)) * 12 + Number(m.date.slice(5, 7)));
    expect(months.slice(1).map((m, i) => m - months[i]!)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);

    const { audits } = (await ok('GET', '/api/audits')) as { audits: { reference: string; state: string; stage: string; paused: boolean; returnRate: { percent: number } }[] };
    const byRef = Object.fromEntries(audits.map((a) => [a.reference, a]));
    expect(byRef[s175]).toMatchObject({ state: 'completed', returnRate: { percent: 100 } });
    expect(byRef[cfa]).toMatchObject({ state: 'completed', stage: 'learning-shared' });
    expect(byRef[lea]).toMatchObject({ state: 'completed' });
    expect(byRef[s11]).toMatchObject({ state: 'open', paused: true });

    // Reminders went only to schools that had not returned: never to the 150 that returned at once,
    // and after the second wave only to the last five; the escalation list names what was outstanding.
    const steps = ladderReminders('returns', s175Due, calendar, RETURN_LADDER).filter((r) => Date.parse(r.at) < lastReturnMs);
    expect(steps.length).toBeGreaterThanOrEqual(4);
    const toSchools = mail.messages.filter((m) => m.to.some((t) => t.endsWith('.sch.test')));
    const early = new Set(schools.slice(0, 150).map((s) => s.address));
    expect(toSchools.every((m) => m.to.length === 1 && !early.has(m.to[0]!))).toBe(true);
    expect(toSchools).toHaveLength(steps.reduce((n, r) => n + (Date.parse(r.at) < wave2Ms ? 100 : 5), 0));
    expect(toSchools.filter((m) => m.to[0] === 'office@school-200250.sch.test')).toHaveLength(steps.length);
    const escalation = mail.messages.filter((m) => m.subject.startsWith(`[${s175}] ESCALATION`));
    expect(escalation.map((m) => m.subject.split(' returns')[0])).toEqual(steps.filter((r) => r.kind === 'escalation').map(() => `[${s175}] ESCALATION: 5 of 250`));

    const dashboard = await ok('GET', `/api/qapp/${partnership}/dashboard`);
    expect(dashboard.audits).toMatchObject({ total: 4, completed: 3, paused: 1 });

    const trail = await db.auditEntry.findMany({ where: { resource: `qapp:${partnership}` }, orderBy: { id: 'asc' } });
    expect(trail.filter((e) => /suspend|cadence/.test(e.action)).map((e) => [e.action.split(' ')[0], e.outcome.split(':')[0]])).toEqual([
      ['qapp-suspend-audit-activity', 'accepted'],
      ['qapp-change-cadence', 'accepted'],
      ['qapp-suspend-audit-activity', 'refused'],
    ]);
    const protectedMinutes = await db.meeting.findFirstOrThrow({ where: { partnership, seq: 1 } });
    expect(JSON.parse(protectedMinutes.minutes!)).toEqual([`Decision recorded at ${partnership}-M1`]);

    for (const ref of [s175, s11]) await env.client.workflow.getHandle(`audit:${ref}`).terminate('test over');
    await env.client.workflow.getHandle(`qapp-cycle:${partnership}`).terminate('test over');
  });
}, 600_000);
