/**
 * Side effects of the workflows. `createActivities` builds them once per worker around the
 * database, the mail transport and the recipients by role.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../prisma/client';
import type { Notice } from '../domain/notices';
import type { RecipientRole } from '../domain/reminders';
import type { Mailer } from './mailer';
import { createDigestActivities } from './digest';
import { createQaActivities } from './qa';
import type { CaseSnapshot } from './types';

export interface ActivityDependencies {
  db: Database;
  mailer: Mailer;
  mail: { from: string; domain: string; recipients: Partial<Record<RecipientRole, string[]>> };
}

export function messageIdFor(key: string, domain: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

export function createActivities({ db, mailer, mail }: ActivityDependencies) {
  const core = {
    /** Writes a workflow's state to the read model; an older revision never overwrites a newer one. */
    async persistCase(snapshot: CaseSnapshot): Promise<void> {
      await db.$transaction(async (tx) => {
        const fields = {
          stage: snapshot.stage,
          state: snapshot.state,
          ruleSetId: snapshot.ruleSetId,
          calendarVersion: snapshot.calendarVersion,
          nextDue: snapshot.deadlines.filter((d) => !d.metOn).map((d) => d.due).sort()[0] ?? null,
          revision: snapshot.revision,
          paused: snapshot.paused ?? false,
          ...(snapshot.parentReference ? { parentReference: snapshot.parentReference } : {}),
        };
        const updated = await tx.case.updateMany({ where: { reference: snapshot.reference, revision: { lt: snapshot.revision } }, data: fields });
        if (updated.count === 0) {
          const existing = await tx.case.findUnique({ where: { reference: snapshot.reference }, select: { revision: true } });
          if (existing) return; // a newer revision is already recorded
          // Started outside the API (a practice review started by its rapid review, or by an operator
          // with the Temporal CLI): the pseudonym comes from the parent case, if any.
          const parent = snapshot.parentReference ? await tx.case.findUnique({ where: { reference: snapshot.parentReference }, select: { childPseudonym: true } }) : null;
          await tx.case.create({
            data: { reference: snapshot.reference, process: snapshot.process, workflowId: snapshot.workflowId, awareOn: snapshot.awareOn, childPseudonym: parent?.childPseudonym ?? '', ...fields },
          });
        }
        for (const d of snapshot.deadlines) {
          const data = {
            ruleId: d.ruleId,
            title: d.title,
            due: d.due,
            statutoryDue: d.statutoryDue,
            paused: d.paused,
            metOn: d.metOn ?? null,
            sentence: d.sentence,
            explanation: JSON.stringify(d.explanation),
            calendarVersion: d.explanation.calendarVersion,
          };
          await tx.deadline.upsert({ where: { caseReference_key: { caseReference: snapshot.reference, key: d.key } }, create: { caseReference: snapshot.reference, key: d.key, ...data }, update: data });
        }
        for (const e of snapshot.timeline) {
          const idempotencyKey = `${snapshot.reference}:${e.key}`;
          const data = { occurredOn: e.occurredOn, kind: e.kind, summary: e.summary, actor: e.actor ?? null };
          await tx.timelineEvent.upsert({ where: { idempotencyKey }, create: { idempotencyKey, caseReference: snapshot.reference, ...data }, update: data });
        }
      });
    },

    /**
     * Sends a notice once. The idempotency record is claimed before sending and marked sent after;
     * a retry after a successful send finds it sent and sends nothing. The Message-ID derives from
     * the notice key, so even the one unavoidable window (sent, then crash before the mark) produces
     * a message that mail clients recognise as the same message.
     */
    async sendNotice(notice: Notice): Promise<{ messageId: string; outcome: 'sent' | 'already-sent' }> {
      const to = [...new Set([...notice.to.flatMap((role) => mail.recipients[role] ?? []), ...(notice.toAddresses ?? [])])];
      if (to.length === 0) throw ApplicationFailure.nonRetryable(`no address configured for ${notice.to.join(', ')}`, 'InvalidNotice');
      const messageId = messageIdFor(notice.key, mail.domain);
      const existing = await db.emailMessage.findUnique({ where: { idempotencyKey: notice.key } });
      if (existing?.status === 'sent') return { messageId, outcome: 'already-sent' };
      const caseReference = (await db.case.findUnique({ where: { reference: notice.caseReference }, select: { reference: true } }))?.reference ?? null;
      await db.emailMessage.upsert({
        where: { idempotencyKey: notice.key },
        create: { idempotencyKey: notice.key, messageId, caseReference, kind: notice.kind, recipients: to.join(', '), subject: notice.subject, status: 'sending', attempts: 1 },
        update: { attempts: { increment: 1 } },
      });
      await mailer.send({
        from: mail.from,
        to,
        subject: notice.subject,
        text: notice.text,
        ...(notice.html ? { html: notice.html } : {}),
        messageId,
        headers: { 'X-Review-Engine-Key': notice.key, 'X-Case-Reference': notice.caseReference },
      });
      await db.emailMessage.update({ where: { idempotencyKey: notice.key }, data: { status: 'sent', sentAt: new Date() } });
      return { messageId, outcome: 'sent' };
    },
  };
  const sendNotice = (notice: Notice) => core.sendNotice(notice);
  return { ...core, ...createQaActivities({ db, sendNotice }), ...createDigestActivities({ db, sendNotice }) };
}

/** The case activities; the QA programme's are typed apart (`QaActivities`) so injected test doubles stay small. */
export type Activities = Omit<ReturnType<typeof createActivities>, keyof QaActivities | keyof DigestActivities>;
export type QaActivities = ReturnType<typeof createQaActivities>;
export type DigestActivities = ReturnType<typeof createDigestActivities>;
