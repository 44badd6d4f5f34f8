/** Messages of the QAPP meeting cycle, defined once and used by object: the API's, and the audits' progress signal. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AuditType, Participant } from '../domain/audits';
import type { WorkingCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import type { Cadence, MeetingPurpose, MeetingType, QappConfig, Suspension } from '../domain/qapp-cycle';
import type { AuditStatus } from './audit-definitions';

export interface MeetingState {
  seq: number;
  id: string;
  type: MeetingType;
  purpose: MeetingPurpose;
  date: IsoDate;
  papersDueOn: IsoDate;
  agendaOn: IsoDate;
  minutesDueOn: IsoDate;
  state: 'scheduled' | 'awaiting-minutes' | 'minuted' | 'skipped' | 'minutes-missing' | 'withdrawn';
  /** Audits on the agenda of an audit-activity meeting. */
  auditsForReview: string[];
  minutedOn?: IsoDate;
  decisions?: number;
}

export interface CycleAction {
  key: string;
  meetingId: string;
  owner: string;
  dueOn: IsoDate;
  completedOn?: IsoDate;
}

export interface KnownAudit {
  reference: string;
  type: AuditType;
  multiAgency: boolean;
  returnsDueOn: IsoDate;
  state: AuditStatus['state'];
  stage: AuditStatus['stage'];
}

export interface ControlEntry {
  on: IsoDate;
  kind: 'cadence-changed' | 'audit-activity-suspended' | 'audit-activity-resumed' | 'cycle-stopped';
  detail: string;
  by: string;
  /** The date the change takes effect from (past or future); `on` is the day it was recorded. */
  effectiveOn?: IsoDate;
  /** Its QappControl row's key; absent on controls recorded before the 'qapp-controls-recorded' patch. */
  key?: string;
}

/** Everything that carries over continue-as-new. */
export interface QappCarried {
  nextSeq: number;
  position: number;
  /** The last meeting slot consumed (held or skipped): the next is after it. */
  lastSlotOn?: IsoDate;
  cadences: Cadence[];
  /** Meetings not yet finished with: the one scheduled and those awaiting minutes. */
  meetings: MeetingState[];
  openActions: CycleAction[];
  audits: KnownAudit[];
  suspension?: { from: IsoDate; reason: string };
  sentKeys: string[];
  revision: number;
  controls: ControlEntry[];
  run: number;
  // Since the 'qa-history-quiet' patch:
  /** Timed events before this instant change state quietly: the cycle's start, or the last re-plan. */
  quietBeforeMs?: number;
  suspensions?: Suspension[];
  /** No meeting after this day; the cycle finishes once everything before it is settled. */
  endsOn?: IsoDate;
  /** The latest meeting date with minutes: effective dates must come after it. */
  lastMinutedOn?: IsoDate;
  actionsKnownAtMs?: Record<string, number>;
}

export interface QappCycleInput {
  partnership: string;
  calendar: WorkingCalendar;
  config?: Partial<QappConfig>;
  /** First cadence (a new cycle); ignored once `carried` is set. */
  cadence?: Cadence;
  /** Last day of the cycle (a new cycle), e.g. the end of a reporting year. */
  endsOn?: IsoDate;
  carried?: QappCarried;
  /** For tests: stop after this many runs instead of running forever. */
  maxRuns?: number;
}

export interface AuditLaunch {
  reference: string;
  type: AuditType;
  theme?: string;
  sampledCases?: string[];
  participants: Participant[];
  returnsDueOn: IsoDate;
  repeatAfterMonths?: number;
  standards?: string[];
}

export interface MinutesInput {
  meetingId: string;
  heldOn: IsoDate;
  recordedBy: string;
  decisions: number;
  actions: { key: string; owner: string; dueOn: IsoDate }[];
  launchAudits?: AuditLaunch[];
}

export interface QappStatus {
  partnership: string;
  today: IsoDate;
  cadence: Cadence;
  cadences: Cadence[];
  position: number;
  nextMeeting?: MeetingState;
  meetings: MeetingState[];
  openActions: CycleAction[];
  overdueActions: CycleAction[];
  audits: KnownAudit[];
  suspension?: { from: IsoDate; reason: string };
  suspensions?: Suspension[];
  endsOn?: IsoDate;
  controls: ControlEntry[];
  run: number;
  revision: number;
}

export const qappStatus = defineQuery<QappStatus>('qappStatus');
export const recordMinutes = defineUpdate<QappStatus, [MinutesInput]>('recordMinutes');
export const completeMeetingAction = defineUpdate<QappStatus, [{ key: string; completedOn: IsoDate; recordedBy: string }]>('completeMeetingAction');
export const changeCadence = defineUpdate<QappStatus, [{ everyMonths: number; dayOfMonth: number; from: IsoDate; recordedBy: string }]>('changeCadence');
export const suspendAuditActivity = defineUpdate<QappStatus, [{ reason: string; from: IsoDate; recordedBy: string }]>('suspendAuditActivity');
export const resumeAuditActivity = defineUpdate<QappStatus, [{ on: IsoDate; recordedBy: string }]>('resumeAuditActivity');
export const stopCycle = defineUpdate<QappStatus, [{ on: IsoDate; recordedBy: string }]>('stopCycle');
export const auditChanged = defineSignal<[KnownAudit]>('auditChanged');
