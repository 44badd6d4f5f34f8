/** Side effects of the quality assurance programme: the audit and meeting read model, batched notices, audit starts. */
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AuditAction, AuditType, RecordedAuditMilestone } from '../domain/audits';
import { auditWorkflowId } from '../domain/contracts';
import type { Notice } from '../domain/notices';
import type { Database } from '../prisma/client';
import { sameNamedColumns } from '../prisma/read-model';
import type { audit } from '../workflows/audit';
import type { AuditInput } from '../workflows/audit-definitions';
import type { ControlEntry, CycleAction, MeetingState } from '../workflows/qapp-definitions';

export interface AuditSnapshot {
  reference: string;
  workflowId: string;
  type: AuditType;
  theme?: string;
  partnership?: string;
  round: number;
  stage: string;
  state: string;
  paused: boolean;
  openedOn: string;
  returnsDueOn: string;
  total: number;
  returned: number;
  overdueActions: number;
  revision: number;
  /** Sent with the first snapshot only. */
  participants?: { id: string; label: string }[];
  /** Returns since the previous snapshot. */
  returns: { participantId: string; submittedOn: string; ratings: string | null }[];
  actions: AuditAction[];
  milestones: RecordedAuditMilestone[];
}

export interface MeetingsSnapshot {
  partnership: string;
  revision: number;
  meetings: MeetingState[];
  actions: CycleAction[];
  /** Controls with an effective date, each once (by its key), for the annual report. */
  controls?: ControlEntry[];
}

type SendNotice = (notice: Notice) => Promise<unknown>;

export function createQaActivities({ db, sendNotice }: { db: Database; sendNotice: SendNotice }) {
  return {
    /** Writes an audit's state; returns arrive as deltas, so 250 returns cost one write per batch, not per return. */
    async persistAudit(s: AuditSnapshot): Promise<void> {
      await db.$transaction(async (tx) => {
        const fields = {
          ...sameNamedColumns(s, ['stage', 'state', 'paused', 'returnsDueOn', 'returned', 'overdueActions', 'revision']),
          participants: s.total,
          milestones: JSON.stringify(s.milestones),
        };
        const existing = await tx.audit.findUnique({ where: { reference: s.reference }, select: { revision: true } });
        if (existing && existing.revision >= s.revision) return;
        if (existing) await tx.audit.update({ where: { reference: s.reference }, data: fields });
        else
          await tx.audit.create({
            data: { reference: s.reference, type: s.type, workflowId: s.workflowId, round: s.round, openedOn: s.openedOn, theme: s.theme ?? null, partnership: s.partnership ?? null, ...fields },
          });
        if (s.participants) {
          const known = new Set((await tx.auditParticipant.findMany({ where: { auditReference: s.reference }, select: { participantId: true } })).map((p) => p.participantId));
          const fresh = s.participants.filter((p) => !known.has(p.id));
          if (fresh.length > 0) await tx.auditParticipant.createMany({ data: fresh.map((p) => ({ auditReference: s.reference, participantId: p.id, label: p.label })) });
        }
        for (const r of s.returns) {
          await tx.auditParticipant.updateMany({ where: { auditReference: s.reference, participantId: r.participantId }, data: { returnedOn: r.submittedOn, ratings: r.ratings } });
        }
        for (const a of s.actions) {
          const key = `${s.reference}:${a.key}`;
          const data = { owner: a.owner, dueOn: a.dueOn, completedOn: a.completedOn ?? null, revision: s.revision };
          await tx.qaAction.upsert({ where: { key }, create: { key, scope: 'audit', parentRef: s.reference, ...data }, update: data });
        }
      });
    },

    /** Writes the meetings, actions and controls that changed; a stale revision of a meeting never overwrites a newer one. */
    async persistMeetings(s: MeetingsSnapshot): Promise<void> {
      await db.$transaction(async (tx) => {
        for (const m of s.meetings) {
          const data = { ...sameNamedColumns(m, ['type', 'purpose', 'date', 'papersDueOn', 'agendaOn', 'state']), minutedOn: m.minutedOn ?? null, decisions: m.decisions ?? null, revision: s.revision };
          const existing = await tx.meeting.findUnique({ where: { id: m.id }, select: { revision: true } });
          if (!existing) await tx.meeting.create({ data: { id: m.id, partnership: s.partnership, seq: m.seq, ...data } });
          else if (existing.revision < s.revision) await tx.meeting.update({ where: { id: m.id }, data });
        }
        for (const a of s.actions) {
          const data = { owner: a.owner, dueOn: a.dueOn, completedOn: a.completedOn ?? null, revision: s.revision };
          await tx.qaAction.upsert({ where: { key: a.key }, create: { key: a.key, scope: 'meeting', parentRef: a.meetingId, ...data }, update: data });
        }
        for (const x of s.controls ?? []) {
          if (x.key === undefined || x.effectiveOn === undefined) continue;
          await tx.qappControl.upsert({ where: { key: x.key }, create: { key: x.key, partnership: s.partnership, kind: x.kind, effectiveOn: x.effectiveOn, detail: x.detail }, update: {} });
        }
      });
    },

    /**
     * Starts an audit's workflow as a workflow of its own (not a child: an audit outlives the QAPP
     * run or the audit round that launched it). Starting one already started is success.
     */
    async startAuditWorkflow(input: AuditInput): Promise<{ workflowId: string; started: boolean }> {
      const { client, info } = Context.current();
      const workflowId = auditWorkflowId(input.reference);
      try {
        await client.workflow.start<typeof audit>('audit', { workflowId, taskQueue: info.taskQueue, args: [input] });
        return { workflowId, started: true };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
        throw err;
      }
    },

    /** Many notices in one activity (reminders to every school that has not returned); each stays idempotent by its key. */
    async sendNotices(notices: Notice[]): Promise<{ sent: number }> {
      for (const notice of notices) await sendNotice(notice);
      return { sent: notices.length };
    },
  };
}
