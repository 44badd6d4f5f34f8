/** The messages of the Executive Group's meeting cycle, defined once and used by object in the API and tests. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { WorkingCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import type { CadencePattern, ExecutiveAction, ExecutiveCycleConfig, ExecutiveCycleState, ExecutiveMilestoneInput, ExecutiveStage, MeetingDates, MeetingRecord, Cadence } from '../domain/executive-cycle';
import type { AllowedMilestone } from '../domain/milestones';

export interface ExecutiveCycleInput {
  reference: string;
  pattern: CadencePattern;
  /** The first meeting; a cycle may start in the past, its history then recorded without reminders. */
  firstMeetingOn: IsoDate;
  calendar: WorkingCalendar;
  config?: ExecutiveCycleConfig;
  /** London wall-clock time reminders go out, 'HH:MM'. */
  reminderLocalTime?: string;
  /** Continue as new beyond this many history events (default 2000). */
  historyLimit?: number;
  /** Carried over by continue-as-new. */
  carried?: { state: ExecutiveCycleState; revision: number; settled: string[]; openedOn: IsoDate };
}

export interface ExecutiveCycleStatus {
  reference: string;
  stage: ExecutiveStage;
  state: 'open';
  today: IsoDate;
  openedOn: IsoDate;
  cadences: Cadence[];
  nextMeeting: MeetingDates;
  meetings: MeetingRecord[];
  openActions: (ExecutiveAction & { overdue: boolean })[];
  completedActions: ExecutiveAction[];
  nextReminderAt?: string;
  revision: number;
  allowedNext: AllowedMilestone[];
}

/** Optionally as of a date (the caller's today): a sleeping workflow's own clock stops at its last wake-up. */
export const executiveCycleStatus = defineQuery<ExecutiveCycleStatus, [query?: { asOf?: string }]>('executiveCycleStatus');
export const recordExecutiveMilestone = defineUpdate<ExecutiveCycleStatus, [ExecutiveMilestoneInput]>('recordExecutiveMilestone');
export const executiveCalendarChanged = defineSignal<[WorkingCalendar]>('calendarChanged');
