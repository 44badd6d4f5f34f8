/**
 * A one-off bank holiday announced while a case is open: its deadlines move by one working day,
 * the timeline says why, and the reminders follow the new dates, none on the old ones. Through the
 * API on the time-skipping server, with the real activities, database and SMTP listener.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { CalendarStore } from '../../config/calendar-store';
import { defaultCalendar } from '../../domain/calendar';
import { addCalendarDays, dayOfWeek } from '../../domain/dates';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { eventually, startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { startTimeSkippingServer, uniqueReference, workflowBundle } from '../support/temporal';
import { TEST_RECIPIENTS } from '../support/recipients';

const recipients = TEST_RECIPIENTS;
let env: TestWorkflowEnvironment;
let mail: MailCatcher;
let mailer: Mailer;
let db: Database;
let api: RunningApi;
let offsetMs = 0;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  mail = await startMailCatcher();
  mailer = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
  ({ db } = await freshDatabase('sqlite', 'calendar'));
  const calendarStore = new CalendarStore(db, defaultCalendar());
  api = await startTestApi({
    temporal: env.client,
    db,
    taskQueue: 'calendar-change',
    calendar: () => calendarStore.current(),
    calendarStore,
    ruleSet: () => STANDARD_RULES,
    searchAttributes: false,
    clock: () => Date.now() + offsetMs,
  });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await db?.$disconnect();
  mailer?.close();
  await mail?.close();
  await env?.teardown();
});

async function moveTo(date: string, time: string): Promise<void> {
  await env.sleep(Date.parse(`${date}T${time}Z`) - (await env.currentTimeMs()));
  offsetMs = (await env.currentTimeMs()) - Date.now();
}

test('a new one-off holiday inside an open case moves its deadline by one working day and re-arms its reminders', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'calendar-change',
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients } }),
  });
  await worker.runUntil(async () => {
    let monday = addCalendarDays(utcToLondonDate(await env.currentTimeMs()), 1);
    const isClear = (d: string) => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].every((i) => !defaultCalendar().holidays.some((h) => h.date === addCalendarDays(d, i)));
    while (dayOfWeek(monday) !== 1 || !isClear(monday)) monday = addCalendarDays(monday, 1);
    await moveTo(monday, '06:00:00');
    const wednesday = addCalendarDays(monday, 2);
    const nextMonday = addCalendarDays(monday, 7);
    const nextTuesday = addCalendarDays(monday, 8);

    const reference = uniqueReference('CAL');
    expect((await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: 'Child C', awareOn: monday })).status).toBe(201);
    const before = (await api.request('GET', `/api/cases/${reference}?live=true`)).body.deadlines as { key: string; due: string }[];
    expect(before.find((d) => d.key === 'notification')!.due).toBe(nextMonday);

    await moveTo(monday, '12:00:00');
    const change = await api.request('POST', '/api/calendar/changes', { add: [{ date: wednesday, title: 'Test proclamation day' }], reason: 'Royal proclamation (test)' });
    expect(change.status).toBe(201);
    expect(change.body.casesRecomputed).toEqual([reference]);
    expect(change.body.version).not.toBe(change.body.previousVersion);

    const after = await eventually(async () => {
      const view = (await api.request('GET', `/api/cases/${reference}`)).body;
      const timeline = view.timeline as { kind: string; summary: string }[];
      return timeline.some((e) => e.kind === 'calendar-changed') ? view : undefined;
    }, 'the calendar change on the timeline');
    const notification = (after.deadlines as { key: string; due: string; sentence: string; explanation: { calendarVersion: string } }[]).find((d) => d.key === 'notification')!;
    expect(notification.due).toBe(nextTuesday);
    expect(notification.sentence).toContain('skipping Test proclamation day');
    expect(notification.explanation.calendarVersion).toBe(change.body.version);
    const entry = (after.timeline as { kind: string; summary: string }[]).find((e) => e.kind === 'calendar-changed')!;
    expect(entry.summary).toContain(`Serious incident notification moved from ${nextMonday} to ${nextTuesday}`);

    // The old due day passes without a "due today"; it comes on the new date.
    await moveTo(nextMonday, '12:00:00');
    const mine = () => mail.messages.filter((m) => m.subject.includes(reference) && m.subject.includes('notification'));
    expect(mine().some((m) => m.subject.includes('due today'))).toBe(false);
    await moveTo(nextTuesday, '12:00:00');
    const dueToday = mine().filter((m) => m.subject.includes('due today'));
    expect(dueToday).toHaveLength(1);
    expect(dueToday[0]!.subject).toContain(`(${['Sun', 'Mon', 'Tue'][2]} `);
    // Nothing was sent twice.
    expect(new Set(mine().map((m) => m.messageId)).size).toBe(mine().length);
    await env.client.workflow.getHandle(`rapid-review:${reference}`).terminate('test over');
  });
});
