/**
 * Reminders by real email as weeks pass: the time-skipping server, the API over HTTP, the real
 * activities writing to a real database (SQLite file, and PostgreSQL where it runs) and sending
 * through a real SMTP listener.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { defaultCalendar } from '../../domain/calendar';
import { addCalendarDays, dayOfWeek } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import type { Notice } from '../../domain/notices';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { startTestApi, type RunningApi } from '../support/api';
import { freshDatabase, type Provider } from '../support/database';
import { postgresAvailability } from '../support/postgres';
import { startTimeSkippingServer, uniqueReference, workflowBundle } from '../support/temporal';
import { TEST_RECIPIENTS } from '../support/recipients';

const recipients = TEST_RECIPIENTS;
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let mailer: Mailer;
let postgres = false;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  mail = await startMailCatcher();
  mailer = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
  postgres = (await postgresAvailability()).available;
}, 120_000);
afterAll(async () => {
  mailer?.close();
  await mail?.close();
  await env?.teardown();
});

describe.each<Provider>(['sqlite', 'postgresql'])('on %s', (provider) => {
  let db: Database;
  let api: RunningApi;
  let offsetMs = 0;
  const taskQueue = `reminders-${provider}`;

  beforeAll(async () => {
    if (provider === 'postgresql' && !postgres) return;
    ({ db } = await freshDatabase(provider, 'reminders'));
    api = await startTestApi({
      temporal: env.client,
      db,
      taskQueue,
      calendar: defaultCalendar,
      ruleSet: () => STANDARD_RULES,
      searchAttributes: false,
      clock: () => Date.now() + offsetMs,
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.$disconnect();
  });
  const maybe = (name: string, fn: () => Promise<void>) =>
    test(name, async () => {
      if (provider === 'postgresql' && !postgres) {
        console.warn(`skipped on PostgreSQL (not reachable): ${name}`);
        return;
      }
      await fn();
    });

  maybe('reminder and overdue emails reach the mailbox on working days, once each, and stop at submission', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients } }),
    });
    await worker.runUntil(async () => {
      // Start on a Monday morning that is a working day, so every reminder lies ahead.
      let monday = addCalendarDays(utcToLondonDate(await env.currentTimeMs()), 1);
      while (dayOfWeek(monday) !== 1 || defaultCalendar().holidays.some((h) => h.date === monday)) monday = addCalendarDays(monday, 1);
      await env.sleep(Date.parse(`${monday}T06:00:00Z`) - (await env.currentTimeMs()));
      offsetMs = (await env.currentTimeMs()) - Date.now();

      const reference = uniqueReference(provider === 'sqlite' ? 'SQ' : 'PG');
      const started = await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: 'Child K', awareOn: monday });
      expect(started.status).toBe(201);
      const caseView = (await api.request('GET', `/api/cases/${reference}?live=true`)).body;
      const notificationDue = (caseView.deadlines as { key: string; due: string }[]).find((d) => d.key === 'notification')!.due;

      await env.sleep(Date.parse(`${addCalendarDays(notificationDue, 1)}T12:00:00Z`) - (await env.currentTimeMs()));
      offsetMs = (await env.currentTimeMs()) - Date.now();
      const mine = mail.messages.filter((m) => m.subject.includes(reference));
      expect(mine.map((m) => m.subject.replace(/ \(.*\)$/, '').replace(`[${reference}] `, ''))).toEqual([
        // Since issue 4 the partners' deadline (T2, the same 5 working days) runs beside the notification's.
        'Reminder: Serious incident notification due in 5 working days',
        'Reminder: Safeguarding partners told of the serious incident due in 5 working days',
        'Reminder: Serious incident notification due in 2 working days',
        'Reminder: Safeguarding partners told of the serious incident due in 2 working days',
        'Reminder: Serious incident notification due today',
        'Reminder: Safeguarding partners told of the serious incident due today',
        'OVERDUE: Serious incident notification overdue by 1 working day',
        'OVERDUE: Safeguarding partners told of the serious incident overdue by 1 working day',
      ]);
      expect(mine.every((m) => m.to.includes('chair@lscp.test') && !m.text.includes('Child K'))).toBe(true);

      const view = (await api.request('GET', `/api/cases/${reference}`)).body;
      const emails = view.emails as { messageId: string; status: string }[];
      expect(emails.map((e) => e.messageId).sort()).toEqual(mine.map((m) => m.messageId).sort());
      expect(emails.every((e) => e.status === 'sent')).toBe(true);
      expect((view.deadlines as { key: string; status: string }[]).find((d) => d.key === 'notification')!.status).toBe('overdue');

      const today = utcToLondonDate(await env.currentTimeMs());
      // Since issue 4 the case runs from the notification decision to the outcome, and the formal
      // notices (Panel, partners, agencies) are emails too: reminders stop, notices do not.
      for (const body of [
        { milestone: 'notification-decision', notifiable: true },
        { milestone: 'notification-sent' },
        { milestone: 'partners-told' },
        { milestone: 'agency-summaries-requested', agencies: [{ agency: 'police', dueOn: today }] },
        { milestone: 'agency-summary-received', agency: 'police' },
        { milestone: 'rapid-review-meeting-held' },
        { milestone: 'partner-sign-off' },
        { milestone: 'rapid-review-submitted', recommendation: 'no-lcspr', rationale: 'single-agency learning suffices' },
        { milestone: 'panel-response', nationalReview: false },
        { milestone: 'outcome-decided', outcome: 'no-lcspr', learningRoute: 'single-agency-learning', actions: [{ id: 'A1', owner: 'police', dueOn: addCalendarDays(today, 30) }] },
        // Since the outcome's follow-up is tracked, the case closes once its action plan is complete.
        { milestone: 'action-completed', actionId: 'A1' },
      ]) {
        expect([body.milestone, (await api.request('POST', `/api/cases/${reference}/milestones`, { ...body, occurredOn: today })).status]).toEqual([body.milestone, 200]);
      }
      await env.sleep('30 days');
      const reminderSubjects = /\] (Reminder|OVERDUE|ESCALATION)/;
      expect(mail.messages.filter((m) => m.subject.includes(reference) && reminderSubjects.test(m.subject))).toHaveLength(mine.length);
      expect(mail.messages.filter((m) => m.subject.includes(reference) && !reminderSubjects.test(m.subject)).map((m) => m.subject.replace(`[${reference}] `, ''))).toEqual([
        'Serious incident notification (T1)',
        'Serious incident: safeguarding partners told (T2)',
        'Rapid review: agency summaries requested',
        'Rapid review submitted (T4)',
        'Rapid review outcome: no local review',
        'Rapid review action plan (no local review)',
        'Rapid review action plan complete',
      ]);
      const final = (await api.request('GET', `/api/cases/${reference}`)).body;
      expect(final.state).toBe('completed');
      expect(final.childPseudonym).toBe('Child K');
    });
  });

  maybe('a retried send never sends twice, and an SMTP outage delays the email without losing it', async () => {
    const activities = createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients } });
    const notice: Notice = { key: `${provider}-idem-${Date.now()}`, caseReference: 'NONE-2026-01', kind: 'reminder', to: ['executive'], subject: `[NONE-2026-01] idempotency ${provider}`, text: 'x' };
    mail.refuseWith = '451 try again later';
    await expect(activities.sendNotice(notice)).rejects.toThrow(/451|try again/);
    expect(mail.messages.filter((m) => m.subject === notice.subject)).toHaveLength(0);
    mail.refuseWith = undefined;
    expect((await activities.sendNotice(notice)).outcome).toBe('sent');
    expect((await activities.sendNotice(notice)).outcome).toBe('already-sent');
    expect(mail.messages.filter((m) => m.subject === notice.subject)).toHaveLength(1);
    const row = await db.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: notice.key } });
    expect([row.status, row.attempts]).toEqual(['sent', 2]);
  });
});
