/** Messages of the audit workflows, defined once and used by object (the QAPP cycle's are in qapp-definitions.ts). */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AuditAction, AuditMilestone, AuditType, Participant, Rag, RecordedAuditMilestone, RecordedReturn, ReturnRate } from '../domain/audits';
import type { WorkingCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';

export interface AuditInput {
  reference: string;
  type: AuditType;
  /** A theme such as 'neglect': a topic, never a case's details. */
  theme?: string;
  /** Case references sampled for a case-file audit: references only. */
  sampledCases?: string[];
  participants: Participant[];
  openedOn: IsoDate;
  returnsDueOn: IsoDate;
  calendar: WorkingCalendar;
  /** Section 11: the standards each agency rates. */
  standards?: string[];
  /** A case-file audit's re-audit, or a repeating cycle's interval, in months after completion. */
  repeatAfterMonths?: number;
  /** Working days from opening to the next round's returns due date. */
  returnWindowWorkingDays?: number;
  /** The QAPP partnership to tell about progress (its cycle workflow `qapp-cycle:<partnership>`). */
  partnership?: string;
  round?: number;
  /** Set when audit activity is already suspended as the audit opens. */
  pausedFrom?: IsoDate;
  /** History length at which the audit continues-as-new (default 1500). */
  continueAsNewAfterEvents?: number;
  /** State carried over continue-as-new. */
  carried?: {
    startedAtMs: number;
    returns: RecordedReturn[];
    unpersisted: string[];
    milestones: RecordedAuditMilestone[];
    actions: AuditAction[];
    pauses: { from: IsoDate; to?: IsoDate }[];
    sentKeys: string[];
    revision: number;
    toldCycle: string;
    /** When each action was entered (ms), for its ladder's catch-up; absent before the 'qa-history-quiet' patch. */
    actionsKnownAtMs?: Record<string, number>;
  };
}

export interface AuditReturnInput {
  participantId: string;
  submittedOn: IsoDate;
  recordedBy: string;
  ratings?: { standard: string; rating: Rag }[];
}

export interface AuditMilestoneInput {
  milestone: AuditMilestone;
  occurredOn: IsoDate;
  recordedBy: string;
  actions?: AuditAction[];
}

export interface AuditStatus {
  reference: string;
  type: AuditType;
  theme?: string;
  sampledCases: string[];
  round: number;
  stage: 'returns-open' | AuditMilestone;
  state: 'open' | 'monitoring-actions' | 'completed';
  paused: boolean;
  openedOn: IsoDate;
  returnsDueOn: IsoDate;
  returnRate: ReturnRate;
  /** Participant ids that still owe a return (empty once returns are closed). */
  outstanding: string[];
  milestones: RecordedAuditMilestone[];
  actions: AuditAction[];
  overdueActions: number;
  remindersSent: number;
  nextReminderAt?: string;
  nextRound?: { reference: string; opensOn: IsoDate };
  revision: number;
}

export interface ReturnReceipt {
  participantId: string;
  returned: number;
  total: number;
}

export const auditStatus = defineQuery<AuditStatus>('auditStatus');
export const recordAuditReturn = defineUpdate<ReturnReceipt, [AuditReturnInput]>('recordAuditReturn');
export const recordAuditMilestone = defineUpdate<AuditStatus, [AuditMilestoneInput]>('recordAuditMilestone');
export const completeAuditAction = defineUpdate<AuditStatus, [{ key: string; completedOn: IsoDate; recordedBy: string }]>('completeAuditAction');
export const pauseAudit = defineSignal<[{ from: IsoDate }]>('pauseAudit');
export const resumeAudit = defineSignal<[{ on: IsoDate }]>('resumeAudit');
