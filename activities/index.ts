/**
 * Side effects of the workflows. `createActivities` builds them once per worker around the
 * database, the mail transport and the recipients by role.
 */
import { createHash } from 'node:crypto';
import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../prisma/client';
import { caseListColumns, sameNamedColumns } from '../prisma/read-model';
import type { Notice } from '../domain/notices';
import type { RecipientRole } from '../domain/reminders';
import type { Mailer } from './mailer';
import { createDigestActivities } from './digest';
import { createQaActivities } from './qa';
import type { CaseSnapshot } from '../domain/contracts';

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

function differs<T extends Record<string, unknown>>(recorded: T, wanted: Partial<T>): boolean {
  return Object.entries(wanted).some(([k, v]) => recorded[k] !== v);
}

export function createActivities({ db, mailer, mail, connectionWaitMs = CONNECTION_WAIT_MS }: ActivityDependencies) {
  const addressesOf = (notice: Pick<Notice, 'to' | 'toAddresses'>) => [...new Set([...notice.to.flatMap((role) => mail.recipients[role] ?? []), ...(notice.toAddresses ?? [])])];
  /** Queued emails become 'pending' rows, so the case shows them before the first attempt; a row already claimed is left alone. */
  const recordQueued = async (tx: Pick<Database, 'emailMessage'>, snapshot: CaseSnapshot) => {
    const queued = snapshot.queuedEmails ?? [];
    if (queued.length === 0) return;
    const recorded = new Set((await tx.emailMessage.findMany({ where: { idempotencyKey: { in: queued.map((e) => e.key) } }, select: { idempotencyKey: true } })).map((e) => e.idempotencyKey));
    for (const e of queued.filter((q) => !recorded.has(q.key))) {
      const create = { idempotencyKey: e.key, messageId: messageIdFor(e.key, mail.domain), caseReference: snapshot.reference, kind: e.kind, recipients: addressesOf(e).join(', '), subject: e.subject, status: 'pending' };
      await tx.emailMessage.upsert({ where: { idempotencyKey: e.key }, create, update: {} });
    }
  };
  const core = {
    /** Writes a workflow's state to the read model; an older revision never overwrites a newer one. */
    async persistCase(snapshot: CaseSnapshot): Promise<void> {
      await db.$transaction(async (tx) => {
        const fields = {
          ...sameNamedColumns(snapshot, ['stage', 'state', 'ruleSetId', 'calendarVersion', 'revision']),
          nextDue: snapshot.deadlines.filter((d) => !d.metOn && d.kind !== 'standing').map((d) => d.due).sort()[0] ?? null,
          paused: snapshot.paused ?? false,
          startWith: null,
          ...caseListColumns(snapshot.process, snapshot.deadlines),
          ...(snapshot.parentReference ? { parentReference: snapshot.parentReference } : {}),
        };
        const updated = await tx.case.updateMany({ where: { reference: snapshot.reference, revision: { lt: snapshot.revision } }, data: fields });
        if (updated.count === 0) {
          const existing = await tx.case.findUnique({ where: { reference: snapshot.reference }, select: { revision: true } });
          if (existing) return recordQueued(tx, snapshot); // a newer revision is already recorded
          // Started outside the API (a practice review started by its rapid review, or by an operator
          // with the Temporal CLI): the pseudonym comes from the parent case, if any.
          const parent = snapshot.parentReference ? await tx.case.findUnique({ where: { reference: snapshot.parentReference }, select: { childPseudonym: true } }) : null;
          await tx.case.create({
            data: { reference: snapshot.reference, process: snapshot.process, workflowId: snapshot.workflowId, awareOn: snapshot.awareOn, childPseudonym: parent?.childPseudonym ?? '', ...fields },
          });
        }
        // One read per table and writes only for what changed: a burst of wake-ups (1,000 reminders
        // in a minute) holds each pooled connection for a few statements, not two per row.
        const deadlinesNow = new Map((await tx.deadline.findMany({ where: { caseReference: snapshot.reference } })).map((d) => [d.key, d]));
        const newDeadlines = [];
        for (const d of snapshot.deadlines) {
          const data = {
            ...sameNamedColumns(d, ['ruleId', 'title', 'kind', 'due', 'statutoryDue', 'paused', 'sentence']),
            metOn: d.metOn ?? null,
            explanation: JSON.stringify(d.explanation),
            calendarVersion: d.explanation.calendarVersion,
          };
          const recorded = deadlinesNow.get(d.key);
          if (!recorded) newDeadlines.push({ caseReference: snapshot.reference, key: d.key, ...data });
          else if (differs(recorded, data)) await tx.deadline.update({ where: { id: recorded.id }, data });
        }
        if (newDeadlines.length > 0) await tx.deadline.createMany({ data: newDeadlines });
        const timelineNow = new Map((await tx.timelineEvent.findMany({ where: { caseReference: snapshot.reference }, select: { id: true, idempotencyKey: true, occurredOn: true, kind: true, summary: true, actor: true } })).map((e) => [e.idempotencyKey, e]));
        const newEntries = [];
        for (const e of snapshot.timeline) {
          const idempotencyKey = `${snapshot.reference}:${e.key}`;
          const data = { occurredOn: e.occurredOn, kind: e.kind, summary: e.summary, actor: e.actor ?? null };
          const recorded = timelineNow.get(idempotencyKey);
          if (!recorded) newEntries.push({ idempotencyKey, caseReference: snapshot.reference, ...data });
          else if (differs(recorded, data)) await tx.timelineEvent.update({ where: { id: recorded.id }, data });
        }
        if (newEntries.length > 0) await tx.timelineEvent.createMany({ data: newEntries });
        await recordQueued(tx, snapshot);
      }, PERSIST_TRANSACTION);
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
      if (outcome === 'sent') await db.emailMessage.update({ where: { idempotencyKey: notice.key }, data: { status: 'sent', sentAt: new Date() } });
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
        if (transferred.length > 0) await db.emailMessage.updateMany({ where: { idempotencyKey: { in: transferred } }, data: { status: 'sent', sentAt: new Date() } });
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
    const queued = await db.emailMessage.updateMany({ where: { idempotencyKey: notice.key, status: { in: ['pending', 'failed'] } }, data: { status: 'sending', attempts: { increment: 1 } } });
    if (queued.count === 1) return 'claimed';
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
