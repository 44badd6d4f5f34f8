/**
 * The SMTP relay down while milestones are recorded (issue 13): on the Temporal dev server, a SQLite
 * file, the API over HTTP and a real SMTP listener that is stopped (connections refused) and later
 * started again on the same port. Each milestone answers while the relay is still down, the case
 * shows its emails queued or retrying with the relay's error (and one that can never be sent as
 * failed), and once the relay is back each email is delivered exactly once.
 */
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../activities/mailer';
import { defaultCalendar } from '../../domain/calendar';
import { utcToLondonDate } from '../../domain/london-time';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/mail-catcher';
import { createReviewWorker } from '../../worker/create-worker';
import { eventually, startTestApi, type ApiResponse, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { TEST_RECIPIENTS } from '../support/recipients';
import { startDevServer, uniqueReference, workflowBundle } from '../support/temporal';

const taskQueue = 'e2e-smtp-relay-down';
// No address for the Secretary of State or Ofsted: the looked-after child's death notice (T3) can never be sent.
const recipients = Object.fromEntries(Object.entries(TEST_RECIPIENTS).filter(([role]) => role !== 'secretary-of-state' && role !== 'ofsted'));

let env: TestWorkflowEnvironment;
let db: Database;
let relay: MailCatcher;
let relayPort: number;
let mailer: Mailer;
let api: RunningApi;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  [env, { db }, relay] = await Promise.all([startDevServer(), freshDatabase('sqlite', 'smtp-relay-down'), startMailCatcher()]);
  relayPort = relay.smtpPort;
  mailer = createSmtpMailer(`smtp://127.0.0.1:${relayPort}`);
  const worker = await createReviewWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db, mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients } }),
  });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
  };
  api = await startTestApi({
    temporal: new Client({ connection: env.connection, namespace: env.namespace ?? 'default' }),
    db,
    taskQueue,
    calendar: defaultCalendar,
    ruleSet: () => STANDARD_RULES,
    searchAttributes: true,
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await stopWorker?.();
  mailer?.close();
  await relay?.close();
  await db?.$disconnect();
  await env?.teardown();
});

interface EmailView {
  messageId: string;
  subject: string;
  status: string;
  delivery: string;
  attempts: number;
  lastError: string | null;
}

test('with the relay down, each milestone answers at once, the case shows its emails waiting with the error, and each is delivered once when the relay returns', async () => {
  const reference = uniqueReference('SMD');
  const today = utcToLondonDate(Date.now());
  expect((await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: 'Child R', awareOn: today })).status).toBe(201);
  await eventually(async () => ((await api.request('GET', `/api/cases/${reference}`)).status === 200 ? true : undefined), 'the case in the read model');

  await relay.close();
  let relayDown = true;
  const emails = async (): Promise<EmailView[]> => (await api.request('GET', `/api/cases/${reference}/emails`)).body.emails as EmailView[];
  const milestones = [
    { milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: true },
    { milestone: 'notification-sent' },
    { milestone: 'partners-told' },
  ];
  const answers: { milestone: string; answeredWhileRelayDown: boolean; ms: number; response: ApiResponse }[] = [];
  for (const body of milestones) {
    const startedAt = Date.now();
    let answered = false;
    const request = api.request('POST', `/api/cases/${reference}/milestones`, { ...body, occurredOn: today }).finally(() => {
      answered = true;
    });
    // Not a timer: either the answer comes, or an email of this case is refused twice while the
    // caller still waits, which proves the answer waits on the relay. Then the relay comes back.
    await eventually(async () => answered || (await db.emailMessage.count({ where: { caseReference: reference, attempts: { gte: 2 } } })) > 0 || undefined, `${body.milestone} answered or its email retried`, 120_000);
    if (!answered && relayDown) {
      relay = await startMailCatcher({ smtpPort: relayPort });
      relayDown = false;
    }
    const response = await request;
    answers.push({ milestone: body.milestone, answeredWhileRelayDown: answered && relayDown, ms: Date.now() - startedAt, response });
  }
  console.log(`milestones answered with the relay down: ${answers.map((a) => `${a.milestone} ${a.ms} ms`).join(', ')}`);
  expect(answers.map((a) => [a.milestone, a.response.status, a.answeredWhileRelayDown])).toEqual(milestones.map((m) => [m.milestone, 200, true]));

  // Recorded, and shown, while no email has gone.
  const shown = (await api.request('GET', `/api/cases/${reference}`)).body as { timeline: { kind: string }[]; emails: EmailView[] };
  expect(shown.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(milestones.map((m) => m.milestone)));
  const waiting = await eventually(async () => {
    const all = await emails();
    const byKind = (s: string) => all.find((e) => e.subject.includes(s));
    const t1 = byKind('(T1)');
    const t2 = byKind('(T2)');
    const t3 = byKind('(T3)');
    return t1?.delivery === 'retrying' && t2?.delivery === 'queued' && t3?.delivery === 'failed' ? { t1, t2, t3, all } : undefined;
  }, 'the emails shown as retrying, queued behind it, and failed, with their errors', 60_000);
  expect(waiting.t1.lastError).toBe('ESOCKET at CONN connect'); // no connection: certainly not accepted
  expect([waiting.t2.attempts, waiting.t2.lastError]).toEqual([0, null]); // a case's emails go in the order queued
  expect(waiting.t3.lastError).toBe('no address configured for secretary-of-state, ofsted');
  expect(shown.emails.map((e) => e.subject).sort()).toEqual(waiting.all.map((e) => e.subject).sort());
  expect(shown.emails.every((e) => e.delivery !== 'sent')).toBe(true);
  expect(relayDown).toBe(true);

  relay = await startMailCatcher({ smtpPort: relayPort });
  relayDown = false;
  const delivered = await eventually(async () => {
    const all = await emails();
    return all.filter((e) => e.delivery === 'sent').length === 2 ? all : undefined;
  }, 'both deliverable emails sent after the relay returned', 120_000);
  const sent = delivered.filter((e) => e.delivery === 'sent');
  expect(sent.map((e) => e.subject.replace(`[${reference}] `, '')).sort()).toEqual(['Serious incident notification (T1)', 'Serious incident: safeguarding partners told (T2)']);
  for (const e of sent) expect(relay.messages.filter((m) => m.messageId === e.messageId)).toHaveLength(1);
  expect(relay.messages.filter((m) => m.subject.includes(reference))).toHaveLength(2);
  expect(delivered.find((e) => e.subject.includes('(T3)'))?.delivery).toBe('failed');
  const timeline = await eventually(async () => {
    const entries = (await api.request('GET', `/api/cases/${reference}`)).body.timeline as { kind: string }[];
    return entries.filter((e) => e.kind === 'email').length === 2 ? entries : undefined;
  }, 'both emails on the timeline');
  expect(timeline.filter((e) => e.kind === 'email-failed')).toHaveLength(1);

  await env.client.workflow.getHandle(`rapid-review:${reference}`).terminate('test over');
}, 300_000);
