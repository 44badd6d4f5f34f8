/** Every message the workflows accept, defined once and used by object in the API and tests. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { WorkingCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import { processMessageNames, type DeadlineView, type ProcessStatus } from '../domain/contracts';
import type { ShapedProcess } from '../domain/processes';
import type { AllowedMilestone } from '../domain/milestones';
import type { ActionItem, OwedItem, RapidReviewMilestoneInput, RapidReviewOutcome, RapidReviewStage, RapidReviewVersion, RecordedMilestone } from '../domain/rapid-review';
import type { ReminderLadder } from '../domain/reminders';
import type { RuleSet } from '../domain/rules';

export const TASK_QUEUE_DEFAULT = 'review-engine';

export interface RapidReviewInput {
  reference: string;
  awareOn: IsoDate;
  ruleSet: RuleSet;
  calendar: WorkingCalendar;
  ladder?: ReminderLadder;
  /** The partnership's code: a practice review's learning-embedded audit tells its QAPP cycle (`qapp-cycle:<code>`). */
  partnership?: string;
  /** Issue 12: the milestones a case brings from the partnership's tracker, replayed through the live validators at the start. */
  imported?: RapidReviewMilestoneInput[];
}

export type { DeadlineView } from '../domain/contracts';

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
  /** 1: cases started before the full lifecycle (notification and submission only); 2: ends at the outcome; 3: tracks the outcome's follow-up. */
  version?: RapidReviewVersion;
  outcome?: RapidReviewOutcome;
  /** Who owes what by when: agency summaries before the outcome; in version 3 after it, national review information and open actions. */
  owed?: OwedItem[];
  /** Version 3, outcome no-lcspr: the actions not yet completed. */
  openActions?: ActionItem[];
  /** The practice review started for an LCSPR outcome. */
  practiceReview?: { reference: string; workflowId: string };
  /** What recordMilestone would accept now (domain/milestones.ts allowedNext, the validator's own rules). */
  allowedNext?: AllowedMilestone[];
}

export type MilestoneInput = RapidReviewMilestoneInput;

/** Optionally as of a date (the caller's today): a sleeping workflow's own clock stops at its last wake-up. */
export const rapidReviewStatus = defineQuery<RapidReviewStatus, [query?: { asOf?: string }]>('rapidReviewStatus');
export const recordMilestone = defineUpdate<RapidReviewStatus, [MilestoneInput]>('recordMilestone');
export const calendarChanged = defineSignal<[WorkingCalendar]>('calendarChanged');

/**
 * The status query and milestone update of a process of the one shape (domain/processes.ts
 * `shape`), defined here once for all of them: its workflow registers handlers for these, and the
 * API (api/processes.ts) calls them, by the names processMessageNames gives.
 */
export function processMessages<Status extends ProcessStatus = ProcessStatus, Input = Record<string, unknown>>(process: ShapedProcess) {
  const names = processMessageNames(process);
  return {
    /** Optionally as of a date (the caller's today): a sleeping workflow's own clock stops at its last wake-up. */
    status: defineQuery<Status, [query?: { asOf?: string }]>(names.status),
    recordMilestone: defineUpdate<Status, [Input]>(names.recordMilestone),
  };
}
