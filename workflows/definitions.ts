/** Every message the workflows accept, defined once and used by object in the API and tests. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { WorkingCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import type { Deadline, DeadlineStatus } from '../domain/deadlines';
import type { AgencyDue, RapidReviewMilestoneInput, RapidReviewOutcome, RapidReviewStage, RecordedMilestone } from '../domain/rapid-review';
import type { ReminderLadder } from '../domain/reminders';
import type { RuleSet } from '../domain/rules';

export const TASK_QUEUE_DEFAULT = 'review-engine';

export interface RapidReviewInput {
  reference: string;
  awareOn: IsoDate;
  ruleSet: RuleSet;
  calendar: WorkingCalendar;
  ladder?: ReminderLadder;
}

export interface DeadlineView extends Deadline {
  status: DeadlineStatus;
  workingDaysRemaining: number;
  metOn?: IsoDate;
}

export interface RapidReviewStatus {
  reference: string;
  stage: RapidReviewStage;
  state: 'open' | 'completed';
  awareOn: IsoDate;
  today: IsoDate;
  deadlines: DeadlineView[];
  milestones: RecordedMilestone[];
  nextReminderAt?: string;
  remindersSent: number;
  revision: number;
  /** 1: cases started before the full lifecycle (notification and submission only). */
  version?: 1 | 2;
  outcome?: RapidReviewOutcome;
  /** Agency summaries still owed, with their due dates. */
  owed?: AgencyDue[];
  /** The practice review started for an LCSPR outcome. */
  practiceReview?: { reference: string; workflowId: string };
}

export type MilestoneInput = RapidReviewMilestoneInput;

export const rapidReviewStatus = defineQuery<RapidReviewStatus>('rapidReviewStatus');
export const recordMilestone = defineUpdate<RapidReviewStatus, [MilestoneInput]>('recordMilestone');
export const calendarChanged = defineSignal<[WorkingCalendar]>('calendarChanged');
