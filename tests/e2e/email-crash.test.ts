/**
 * A worker killed between an email being sent and being recorded. Exactly-once delivery is
 * impossible over SMTP (RFC 1047); what the engine guarantees, proved with real parts: the Temporal
 * dev server, a SQLite file, a real SMTP listener, and workers as child processes sent SIGKILL.
 *
 * - Window A: sent and recorded, killed before Temporal records the activity's completion. The
 *   retry finds the record and sends nothing: exactly one SMTP transaction.
 * - Window B: the relay accepted the message (end of DATA) and the worker was killed before its 250
 *   arrived. The retry resends the same message (same Message-ID, same content), flagged in the
 *   record, the mail log and the worker's log: two transactions, nothing lost.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities, messageIdFor, type NoticeOutcome } from '../../activities';
import { connectionSlots, createSmtpMailer, type Mailer } from '../../activities/mailer';
import { defaultCalendar } from '../../domain/calendar';
import { utcToLondonDate } from '../../domain/london-time';
import type { Notice } from '../../domain/notices';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startMailCatcher, type CaughtMessage, type MailCatcher } from '../../scripts/mail-catcher';
import { eventually, startTestApi, type RunningApi } from '../support/api';
import { freshDatabase } from '../support/database';
import { TEST_RECIPIENTS } from '../support/recipients';
import { closedPort } from '../support/ports';
import { startDevServer, uniqueReference, workflowBundle } from '../support/temporal';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const FROM = 'engine@lscp.test';
const DOMAIN = 'lscp.test';
const PSEUDONYM = 'Child Q';
let env: TestWorkflowEnvironment;
let db: Database;
let url: string;
let mail: MailCatcher;
let dir: string;
let bundlePath: string;
const apis: RunningApi[] = [];
const started: string[] = [];
/** Workers the SMTP listener kills when the end of DATA of a message with this key arrives. */
const killOnAccept = new Map<string, WorkerProcess>();

beforeAll(async () => {
  [env, { db, url }, mail] = await Promise.all([startDevServer(), freshDatabase('sqlite', 'email-crash'), startMailCatcher()]);
  dir = mkdtempSync(join(tmpdir(), 'email-crash-'));
  bundlePath = join(dir, 'workflows.json');
  writeFileSync(bundlePath, JSON.stringify(await workflowBundle()));
  mail.beforeReply = async (message) => {
    const key = message.headers['x-review-engine-key'];
    const worker = key === undefined ? undefined : killOnAccept.get(key);
    if (!worker || key === undefined) return;
    killOnAccept.delete(key);
    await worker.kill(); // the message is kept; the 250 goes to a dead socket
  };
}, 120_000);

afterAll(async () => {
  await killAllWorkerProcesses();
  // A case left waiting on a dead worker (a failed run) would hold its API request open forever.
  await Promise.all(started.map((id) => env.client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
  for (const api of apis) await api.close();
  await mail?.close();
  await db?.$disconnect();
  await env?.teardown();
});

const transactions = (key: string): CaughtMessage[] => mail.messages.filter((m) => m.headers['x-review-engine-key'] === key);
const record = async (key: string) => {
  const row = await db.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });
  return { status: row.status, attempts: row.attempts, interruptedAttempts: row.interruptedAttempts, lastError: row.lastError };
};

describe('the send path, on a SQLite file and real SMTP peers', () => {
  const notice = (name: string): Notice => ({ key: `send-path:${name}`, caseReference: 'NONE-2026-01', kind: 'reminder', to: ['executive'], subject: `[NONE-2026-01] send path: ${name}`, text: `the ${name} notice` });
  const mailers: Mailer[] = [];
  const activitiesVia = (smtpUrl: string) => {
    const mailer = createSmtpMailer(smtpUrl);
    mailers.push(mailer);
    return createActivities({ db, mailer, mail: { from: FROM, domain: DOMAIN, recipients: TEST_RECIPIENTS } });
  };
  afterAll(() => mailers.forEach((m) => m.close()));

  test('a refusal or no connection marks the email failed and the retry is a clean resend', async () => {
    const viaCatcher = activitiesVia(`smtp://127.0.0.1:${mail.smtpPort}`);
    const refused = notice('refused');
    mail.refuseWith = '451 4.3.0 try again later';
    try {
      await expect(viaCatcher.sendNotice(refused)).rejects.toThrow(/451/);
    } finally {
      mail.refuseWith = undefined;
    }
    expect(await record(refused.key)).toEqual({ status: 'failed', attempts: 1, interruptedAttempts: 0, lastError: 'EMESSAGE 451 at DATA' });
    expect(await viaCatcher.sendNotice(refused)).toEqual({ messageId: messageIdFor(refused.key, DOMAIN), outcome: 'sent' });
    expect(await record(refused.key)).toMatchObject({ status: 'sent', attempts: 2, interruptedAttempts: 0 });
    expect(transactions(refused.key)).toHaveLength(1);

    const unreachable = notice('unreachable');
    await expect(activitiesVia(`smtp://127.0.0.1:${await closedPort()}`).sendNotice(unreachable)).rejects.toThrow();
    expect(await record(unreachable.key)).toEqual({ status: 'failed', attempts: 1, interruptedAttempts: 0, lastError: 'ESOCKET at CONN connect' });
  });

  test('a notice that finds no connection free in time fails unsent and unclaimed: its retry is a clean send, not a flagged resend', async () => {
    const mailer = { ...createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`), connection: connectionSlots(1) };
    mailers.push(mailer);
    const activities = createActivities({ db, mailer, mail: { from: FROM, domain: DOMAIN, recipients: TEST_RECIPIENTS }, connectionWaitMs: 300 });
    const holding = notice('holding-the-connection');
    const queued = notice('queued-behind-it');
    let letGo = () => undefined as void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const earlier = mail.beforeReply;
    mail.beforeReply = async (message) => {
      if (message.headers['x-review-engine-key'] === holding.key) await held;
      return earlier?.(message);
    };
    try {
      const first = activities.sendNotice(holding);
      await eventually(() => transactions(holding.key).length === 1 || undefined, 'the first message at the relay');
      // Retried within two seconds, not after the activity's growing back-off.
      const busy = await activities.sendNotice(queued).catch((err: unknown) => err);
      expect(busy).toMatchObject({ type: 'SmtpBusy', cause: { code: 'EQUEUE' } });
      expect((busy as { nextRetryDelay: number }).nextRetryDelay).toBeLessThanOrEqual(2000);
      expect(await db.emailMessage.findUnique({ where: { idempotencyKey: queued.key } })).toBeNull();
      expect(transactions(queued.key)).toHaveLength(0);
      letGo();
      await first;
    } finally {
      letGo();
      mail.beforeReply = earlier;
    }
    expect(await activities.sendNotice(queued)).toEqual({ messageId: messageIdFor(queued.key, DOMAIN), outcome: 'sent' });
    expect(await record(queued.key)).toEqual({ status: 'sent', attempts: 1, interruptedAttempts: 0, lastError: null });
    expect(transactions(queued.key)).toHaveLength(1);
  });

  test('notices sent together hold one connection and are claimed one by one: a refusal midway is retried for what was not sent, and a notice nobody can receive is answered, not thrown', async () => {
    const smtp = createSmtpMailer(`smtp://127.0.0.1:${mail.smtpPort}`);
    mailers.push(smtp);
    let connections = 0;
    const mailer: Mailer = { ...smtp, connection: (waitMs) => ((connections += 1), smtp.connection!(waitMs)) };
    const activities = createActivities({ db, mailer, mail: { from: FROM, domain: DOMAIN, recipients: { ...TEST_RECIPIENTS, ofsted: [] } } });
    const [first, second] = [notice('together-first'), notice('together-second')];
    const nobody: Notice = { ...notice('together-nobody'), to: ['ofsted'] };
    const earlier = mail.beforeReply;
    mail.beforeReply = async (message) => {
      if (message.headers['x-review-engine-key'] === first.key) mail.refuseWith = '451 4.3.0 try again later';
      return earlier?.(message);
    };
    try {
      await expect(activities.sendNoticesTogether([first, second, nobody])).rejects.toThrow(/451/);
    } finally {
      mail.beforeReply = earlier;
      mail.refuseWith = undefined;
    }
    expect([await record(first.key), await record(second.key)]).toEqual([
      { status: 'sent', attempts: 1, interruptedAttempts: 0, lastError: null },
      { status: 'failed', attempts: 1, interruptedAttempts: 0, lastError: 'EMESSAGE 451 at DATA' },
    ]);

    expect(await activities.sendNoticesTogether([first, second, nobody])).toEqual([
      { key: first.key, outcome: 'already-sent' },
      { key: second.key, outcome: 'sent' },
      { key: nobody.key, outcome: 'undeliverable', reason: 'no address configured for ofsted' },
    ]);
    expect(await record(second.key)).toEqual({ status: 'sent', attempts: 2, interruptedAttempts: 0, lastError: 'EMESSAGE 451 at DATA' });
    expect([transactions(first.key), transactions(second.key), transactions(nobody.key)].map((t) => t.length)).toEqual([1, 1, 0]);
    expect(connections).toBe(2);
  });

  test('an attempt cut off after the whole message went leaves its outcome unknown: the retry resends it, flagged, with the same Message-ID', async () => {
    const relay = await startDroppingRelay();
    try {
      const cut = notice('cut-off');
      await expect(activitiesVia(`smtp://127.0.0.1:${relay.port}`).sendNotice(cut)).rejects.toThrow();
      expect(relay.messages).toHaveLength(1);
      expect(await record(cut.key)).toEqual({ status: 'sending', attempts: 1, interruptedAttempts: 0, lastError: 'ECONNECTION at CONN' });

      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        await activitiesVia(`smtp://127.0.0.1:${mail.smtpPort}`).sendNotice(cut);
        expect(warn).toHaveBeenCalledWith(expect.stringMatching(/two copies with the same Message-ID/), expect.objectContaining({ key: cut.key, attempt: 2 }));
      } finally {
        warn.mockRestore();
      }
      expect(await record(cut.key)).toMatchObject({ status: 'sent', attempts: 2, interruptedAttempts: 1 });
      const [resent] = transactions(cut.key);
      expect(resent!.messageId).toBe(messageIdFor(cut.key, DOMAIN));
      expect(relay.messages[0]).toContain(`Message-ID: ${messageIdFor(cut.key, DOMAIN)}`);
    } finally {
      await relay.close();
    }
  });
});

describe('workers as real processes, SIGKILLed', () => {
  const today = utcToLondonDate(Date.now());

  async function caseOnItsOwnQueue(prefix: string) {
    const taskQueue = `email-crash-${prefix.toLowerCase()}`;
    const api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: true });
    apis.push(api);
    const reference = uniqueReference(prefix);
    const workerEnv = {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: url,
      SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
      MAIL_FROM: FROM,
      MAIL_DOMAIN: DOMAIN,
      WORKFLOW_BUNDLE_PATH: bundlePath,
      // Only the first worker dies: it creates the marker before killing itself.
      FAULT_KILLED_MARKER: join(dir, `${reference}.killed`),
    };
    return {
      api,
      reference,
      workerEnv,
      /** The T3 notice the notification decision queues (death of a looked-after child). */
      key: `${reference}:notice:looked-after-child-death`,
      open: async () => {
        started.push(`rapid-review:${reference}`);
        expect((await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: PSEUDONYM, awareOn: today })).status).toBe(201);
      },
      decide: () => api.request('POST', `/api/cases/${reference}/milestones`, { milestone: 'notification-decision', notifiable: true, lookedAfterChildDeath: true, occurredOn: today }),
    };
  }

  /**
   * The last attempt of the case's only send so far (one activity for the notices queued together,
   * since patch notices-sent-together): its number, who completed it and what became of `key`. The
   * milestone answered once recorded, so this waits for the send (after the 1-minute start-to-close
   * timeout and the retry on the second worker).
   */
  async function sendNoticeCompletion(reference: string, key: string) {
    return eventually(
      async () => {
        const { events } = await env.client.workflow.getHandle(`rapid-review:${reference}`).fetchHistory();
        const scheduled = events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNoticesTogether');
        expect(scheduled).toHaveLength(1);
        const id = String(scheduled[0]!.eventId);
        const completed = events!.find((e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === id)?.activityTaskCompletedEventAttributes;
        if (!completed) return undefined;
        const started = events!.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === id)!.activityTaskStartedEventAttributes!;
        const result = JSON.parse(Buffer.from(completed.result!.payloads![0]!.data!).toString()) as NoticeOutcome[];
        return { attempt: started.attempt, identity: completed.identity, outcome: result.find((r) => r.key === key)?.outcome };
      },
      'the sendNoticesTogether activity completed',
      180_000,
    );
  }

  /** The case carried on: its timeline shows the email once, and the next milestone sends its notice once. */
  async function expectTheCaseWentOn(c: Awaited<ReturnType<typeof caseOnItsOwnQueue>>) {
    const emails = await eventually(async () => {
      const view = (await c.api.request('GET', `/api/cases/${c.reference}`)).body;
      const found = (view.timeline as { kind: string; summary: string }[]).filter((e) => e.kind === 'email');
      return found.length > 0 ? found : undefined;
    }, 'the email on the timeline');
    expect(emails.map((e) => e.summary)).toEqual([`[${c.reference}] Death of a looked-after child (T3)`]);
    const notified = await c.api.request('POST', `/api/cases/${c.reference}/milestones`, { milestone: 'notification-sent', occurredOn: today });
    expect(notified.status).toBe(200);
    await eventually(() => (transactions(`${c.reference}:notice:serious-incident-notified`).length > 0 ? true : undefined), 'the T1 notice');
    expect(transactions(`${c.reference}:notice:serious-incident-notified`)).toHaveLength(1);
  }

  const expectNoPseudonymIn = (...workers: WorkerProcess[]) => workers.forEach((w) => expect(w.output()).not.toContain(PSEUDONYM));

  async function killedAfterRecording() {
    const c = await caseOnItsOwnQueue('CRA');
    const faulty = { ...c.workerEnv, FAULT_KILL_AFTER_SEND_KEY: c.key };
    const first = startWorkerProcess(faulty);
    await first.running;
    await c.open();
    const decided = c.decide();
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(existsSync(c.workerEnv.FAULT_KILLED_MARKER)).toBe(true);
    // Killed after the send and its record: Temporal has not heard, the database has.
    expect(transactions(c.key)).toHaveLength(1);
    expect(await record(c.key)).toMatchObject({ status: 'sent', attempts: 1, interruptedAttempts: 0 });

    const second = startWorkerProcess(faulty); // finds the marker, so runs normally
    expect((await decided).status).toBe(200);
    expect(await sendNoticeCompletion(c.reference, c.key)).toEqual({ attempt: 2, identity: `fault-worker-${second.pid}`, outcome: 'already-sent' });
    expect(transactions(c.key)).toHaveLength(1);
    expect(await record(c.key)).toEqual({ status: 'sent', attempts: 1, interruptedAttempts: 0, lastError: null });
    const log = (await c.api.request('GET', `/api/cases/${c.reference}/emails`)).body.emails as Record<string, unknown>[];
    expect(log).toEqual([expect.objectContaining({ messageId: messageIdFor(c.key, DOMAIN), status: 'sent', attempts: 1, resentAfterInterruption: false })]);
    await expectTheCaseWentOn(c);
    await second.kill();
    expectNoPseudonymIn(first, second);
  }

  async function killedBeforeRecording() {
    const c = await caseOnItsOwnQueue('CRB');
    const first = startWorkerProcess(c.workerEnv);
    await first.running;
    await c.open();
    killOnAccept.set(c.key, first);
    const decided = c.decide();
    expect((await first.exited).signal).toBe('SIGKILL');
    // The relay kept the message; the worker died before its 250, so the record still says sending.
    expect(transactions(c.key)).toHaveLength(1);
    expect(await record(c.key)).toEqual({ status: 'sending', attempts: 1, interruptedAttempts: 0, lastError: null });

    const second = startWorkerProcess(c.workerEnv);
    expect((await decided).status).toBe(200);
    expect(await sendNoticeCompletion(c.reference, c.key)).toEqual({ attempt: 2, identity: `fault-worker-${second.pid}`, outcome: 'sent' });
    // Nothing lost, and the duplicate is the same message: stores that collapse by Message-ID show one.
    const [accepted, resent] = transactions(c.key);
    expect(transactions(c.key)).toHaveLength(2);
    expect(resent!.messageId).toBe(messageIdFor(c.key, DOMAIN));
    const content = (m: CaughtMessage) => ({ messageId: m.messageId, subject: m.subject, to: m.to, text: m.text });
    expect(content(resent!)).toEqual(content(accepted!));
    expect(await record(c.key)).toEqual({ status: 'sent', attempts: 2, interruptedAttempts: 1, lastError: null });
    const log = (await c.api.request('GET', `/api/cases/${c.reference}/emails`)).body.emails as Record<string, unknown>[];
    expect(log).toEqual([expect.objectContaining({ messageId: messageIdFor(c.key, DOMAIN), status: 'sent', attempts: 2, resentAfterInterruption: true })]);
    const warning = /\[WARN\] resending an email[^]*?\n\}/.exec(second.output())?.[0];
    expect(warning).toContain(`key: '${c.key}'`);
    await expectTheCaseWentOn(c);
    await second.kill();
    expectNoPseudonymIn(first, second);
  }

  test('killed after recording the send: no duplicate; killed after the relay accepted but before recording: one flagged resend, same Message-ID', async () => {
    // Side by side: each waits out its send's 1-minute start-to-close timeout. Both run to the end before a failure is reported.
    const outcomes = await Promise.allSettled([killedAfterRecording(), killedBeforeRecording()]);
    for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  }, 240_000);
});

/** An SMTP peer that reads a whole message, then drops the connection without replying. */
async function startDroppingRelay(): Promise<{ port: number; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    socket.write('220 relay.test ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          socket.destroy();
          return;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const verb = buffer.slice(0, 4).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    messages,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
