/**
 * Side effects of the workflows. `createActivities` builds them once per worker around the
 * database, the mail transport and the recipients by role.
 */
import { createHash } from 'node:crypto';
import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../prisma/client';
import { Prisma } from '../prisma/generated/sqlite/client';
import type { Notice } from '../domain/notices';
import type { RecipientRole } from '../domain/reminders';
import type { Mailer } from './mailer';
import { createDigestActivities } from './digest';
import { createQaActivities } from './qa';
import type { CaseSnapshot } from '../domain/contracts';
import { writeSnapshot } from './persist-case';

export interface ActivityDependencies {
  db: Database;
  mailer: Mailer;
  mail: { from: string; domain: string; recipients: Partial<Record<RecipientRole, string[]>> };
  /** How long a notice waits for a free SMTP connection (tests shorten it). */
  connectionWaitMs?: number;
}

/** What became of one notice sent with others (sendNoticesTogether). */
export type NoticeOutcome = { key: string; outcome: 'sent' | 'already-sent' } | { key: string; outcome: 'undeliverable'; reason: string };

export function messageIdFor(key: string, domain: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

interface MailError {
  code?: string;
  command?: string;
  responseCode?: number;
  syscall?: string;
}

/**
 * Whether the relay certainly did not accept the message: it replied with a refusal, no connection
 * was made, or nodemailer refused before sending. A connection lost or timed out mid-transaction is
 * not: the relay may have accepted the message, as after a crash.
 */
export function refusedByRelay(err: unknown): boolean {
  const e = (err ?? {}) as MailError;
  return (typeof e.responseCode === 'number' && e.responseCode >= 400) || e.syscall === 'connect' || e.command === 'API';
}

/** Codes only: an SMTP reply's text can quote addresses. */
export function describeMailError(err: unknown): string {
  const e = (err ?? {}) as MailError;
  return [e.code ?? 'Error', e.responseCode, e.command ? `at ${e.command}` : undefined, e.syscall].filter((p) => p !== undefined).join(' ').slice(0, 200);
}

/** The activity's logger inside a worker (with the workflow and attempt); the console when called directly. */
function warn(message: string, meta: Record<string, unknown>): void {
  (asyncLocalStorage.getStore()?.log ?? console).warn(message, meta);
}

/**
 * A burst of wake-ups queues many writes behind the connection pool: they wait for a connection
 * (Prisma's default gives up after 2 s, failing the activity into retries with back-off) for as long
 * as the activity's 30 s start-to-close timeout allows.
 */
const PERSIST_TRANSACTION = { maxWait: 20_000, timeout: 25_000 };

/**
 * How long a notice waits for a free SMTP connection before its attempt fails unsent (and is
 * retried): the step's 30 s start-to-close less the transport's 20 s socket timeout, with margin, so
 * an attempt never begins a transfer it could still be in when Temporal times it out and retries.
 */
const CONNECTION_WAIT_MS = 8_000;

/**
 * No SMTP connection came free in time: nothing was claimed or sent. Retried in a second or two, not
 * on the activity's back-off (2 s doubling to 5 minutes), which left the last emails of a 2,000-email
 * burst waiting minutes after the connections were free (1,377 such waits in one 1,000-case burst).
 */
function busyRelay(err: Error): never {
  throw ApplicationFailure.create({ message: err.message, type: 'SmtpBusy', cause: err, nextRetryDelay: 1000 + Math.floor(Math.random() * 1000) });
}

export function createActivities({ db, mailer, mail, connectionWaitMs = CONNECTION_WAIT_MS }: ActivityDependencies) {
  const addressesOf = (notice: Pick<Notice, 'to' | 'toAddresses'>) => [...new Set([...notice.to.flatMap((role) => mail.recipients[role] ?? []), ...(notice.toAddresses ?? [])])];
  const core = {
    /** Writes a workflow's state to the read model; an older revision never overwrites a newer one. */
    async persistCase(snapshot: CaseSnapshot): Promise<void> {
      const queued = (snapshot.queuedEmails ?? []).map((e) => ({ idempotencyKey: e.key, messageId: messageIdFor(e.key, mail.domain), caseReference: snapshot.reference, kind: e.kind, recipients: addressesOf(e).join(', '), subject: e.subject }));
      await db.$transaction((tx) => writeSnapshot(tx, snapshot, queued), PERSIST_TRANSACTION);
    },

    /**
     * Sends a notice, never losing it and never sending it twice without saying so. Exactly-once is
     * impossible over SMTP (RFC 1047; RFC 5321 section 4.1.1.4): the relay may accept a message whose
     * 250 reply never reaches us. So:
     *
     * - The row is claimed ('sending', attempts + 1) before sending and marked 'sent' after the 250.
     *   A retry that finds it 'sent' sends nothing: a worker that dies after recording the send but
     *   before Temporal records the activity's completion (the wide window) causes no duplicate.
     * - A refusal by the relay (an SMTP 4xx/5xx reply, no connection at all) marks the row 'failed'
     *   with `lastError` (codes only): the message was certainly not accepted and the retry is a
     *   clean resend.
     * - A retry that finds the row still 'sending' follows an attempt whose outcome is unknown (the
     *   worker died, or the connection dropped, between the end of DATA and the mark): the notice is
     *   statutory, so it is resent with the same Message-ID and content, `interruptedAttempts` counts
     *   it, a warning names the key, and the mail log shows it, so a person can tell recipients a copy
     *   may appear twice. Mail stores that collapse messages by Message-ID (Exchange, Gmail) show one.
     * - A 'pending' row (queued by the case's snapshot) is claimed like a new one.
     */
    async sendNotice(notice: Notice): Promise<{ messageId: string; outcome: 'sent' | 'already-sent' }> {
      const to = addressesOf(notice);
      if (to.length === 0) {
        const reason = `no address configured for ${notice.to.join(', ')}`;
        await db.emailMessage.updateMany({ where: { idempotencyKey: notice.key, status: 'pending' }, data: { status: 'undeliverable', lastError: reason } });
        throw ApplicationFailure.nonRetryable(reason, 'InvalidNotice');
      }
      const messageId = messageIdFor(notice.key, mail.domain);
      // The claim is made only once a connection is free, right before the transfer: an attempt
      // stopped while queued (a burst of reminders) leaves no claim, so its retry is a clean send.
      const release = (await mailer.connection?.(connectionWaitMs).catch(busyRelay)) ?? (() => undefined);
      let outcome: 'sent' | 'already-sent';
      try {
        outcome = await claimAndTransfer(notice, to, messageId);
      } finally {
        release();
      }
      // Recorded once the connection is free for the next email: the relay has accepted this one.
      if (outcome === 'sent') await markSent([notice.key]);
      return { messageId, outcome };
    },

    /**
     * A case's notices due at the same moment (its 09:00 reminders), through one SMTP connection:
     * each claimed and sent as sendNotice does, one after another, and marked sent together once the
     * connection is free. A notice nobody can receive is answered 'undeliverable', not thrown, so the
     * others still go; any other failure fails the attempt, and its retry sends only what is not marked sent.
     */
    async sendNoticesTogether(notices: Notice[]): Promise<NoticeOutcome[]> {
      const outcomes = new Map<string, NoticeOutcome>();
      const deliverable = [];
      for (const notice of notices) {
        const to = addressesOf(notice);
        if (to.length > 0) {
          deliverable.push({ notice, to });
          continue;
        }
        const reason = `no address configured for ${notice.to.join(', ')}`;
        await db.emailMessage.updateMany({ where: { idempotencyKey: notice.key, status: 'pending' }, data: { status: 'undeliverable', lastError: reason } });
        outcomes.set(notice.key, { key: notice.key, outcome: 'undeliverable', reason });
      }
      if (deliverable.length > 0) {
        const release = (await mailer.connection?.(connectionWaitMs).catch(busyRelay)) ?? (() => undefined);
        const transferred: string[] = [];
        let failure: unknown;
        try {
          for (const { notice, to } of deliverable) {
            const outcome = await claimAndTransfer(notice, to, messageIdFor(notice.key, mail.domain));
            if (outcome === 'sent') transferred.push(notice.key);
            outcomes.set(notice.key, { key: notice.key, outcome });
          }
        } catch (err) {
          failure = err;
        } finally {
          release();
        }
        if (transferred.length > 0) await markSent(transferred);
        if (failure !== undefined) throw failure;
      }
      return notices.map((n) => outcomes.get(n.key)!);
    },
  };
  /**
   * The claim, made while an SMTP connection is held. Its usual case (a row the case's snapshot
   * queued, or one the relay refused) is one statement, so a burst of reminders holds each
   * connection for the transfer and little else.
   */
  const claim = async (notice: Notice, to: string[], messageId: string): Promise<'claimed' | 'already-sent'> => {
    // Plain SQL, as the sent mark below: Prisma's compiler cost more CPU than the statement (activities/persist-case.ts).
    const queued = await db.$executeRaw`UPDATE "EmailMessage" SET "status" = 'sending', "attempts" = "attempts" + 1 WHERE "idempotencyKey" = ${notice.key} AND "status" IN ('pending', 'failed')`;
    if (queued === 1) return 'claimed';
    const existing = await db.emailMessage.findUnique({ where: { idempotencyKey: notice.key } });
    if (existing?.status === 'sent') return 'already-sent';
    const interrupted = existing?.status === 'sending';
    const caseReference = (await db.case.findUnique({ where: { reference: notice.caseReference }, select: { reference: true } }))?.reference ?? null;
    const claimed = await db.emailMessage.upsert({
      where: { idempotencyKey: notice.key },
      create: { idempotencyKey: notice.key, messageId, caseReference, kind: notice.kind, recipients: to.join(', '), subject: notice.subject, status: 'sending', attempts: 1 },
      update: { status: 'sending', attempts: { increment: 1 }, ...(interrupted ? { interruptedAttempts: { increment: 1 } } : {}) },
    });
    if (interrupted) {
      warn('resending an email whose previous attempt stopped with its outcome unknown: recipients may receive two copies with the same Message-ID', {
        key: notice.key,
        messageId,
        attempt: claimed.attempts,
      });
    }
    return 'claimed';
  };
  /** The relay accepted these: marked sent, so no retry sends them again. */
  const markSent = (keys: string[]) => db.$executeRaw`UPDATE "EmailMessage" SET "status" = 'sent', "sentAt" = ${new Date()} WHERE "idempotencyKey" IN (${Prisma.join(keys)})`;
  const claimAndTransfer = async (notice: Notice, to: string[], messageId: string): Promise<'sent' | 'already-sent'> => {
    if ((await claim(notice, to, messageId)) === 'already-sent') return 'already-sent';
    try {
      await mailer.send({
        from: mail.from,
        to,
        subject: notice.subject,
        text: notice.text,
        ...(notice.html ? { html: notice.html } : {}),
        messageId,
        headers: { 'X-Review-Engine-Key': notice.key, 'X-Case-Reference': notice.caseReference },
      });
    } catch (err) {
      const refused = refusedByRelay(err);
      await db.emailMessage.update({ where: { idempotencyKey: notice.key }, data: { ...(refused ? { status: 'failed' } : {}), lastError: describeMailError(err) } });
      throw err;
    }
    return 'sent';
  };
  const sendNotice = (notice: Notice) => core.sendNotice(notice);
  return { ...core, ...createQaActivities({ db, sendNotice }), ...createDigestActivities({ db, sendNotice }) };
}

/** The case activities; the QA programme's are typed apart (`QaActivities`) so injected test doubles stay small. */
export type Activities = Omit<ReturnType<typeof createActivities>, keyof QaActivities | keyof DigestActivities>;
export type QaActivities = ReturnType<typeof createQaActivities>;
export type DigestActivities = ReturnType<typeof createDigestActivities>;
