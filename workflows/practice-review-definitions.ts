/** Messages of the practice review (LCSPR) workflow, used by object in the API and tests. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { WorkingCalendar } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import type { CaseHealth } from '../domain/deadlines';
import type { AllowedMilestone } from '../domain/milestones';
import type { ActionItem, AgencyDue } from '../domain/rapid-review';
import type { DeferralInput, HoldRecord, PauseInput, PracticeMilestoneInput, PracticeReviewStage, RecordedPracticeMilestone, ResumeInput } from '../domain/practice-review';
import type { ReminderLadder } from '../domain/reminders';
import type { RuleSet } from '../domain/rules';
import type { DeadlineView } from './definitions';

export interface PracticeReviewInput {
  reference: string;
  /** The rapid review that commissioned it; none for a review started on its own (issue 12: its rapid review held elsewhere or before adoption, or none). */
  parentReference?: string;
  /** The local authority's awareness of the incident, carried for the read model. */
  awareOn: IsoDate;
  /** The decision to hold the review: T7's clock starts here. */
  decidedOn: IsoDate;
  reviewerName: string;
  decidedBy: string;
  ruleSet: RuleSet;
  calendar: WorkingCalendar;
  ladder?: ReminderLadder;
  /** The partnership's code, passed to the learning-embedded audit so its QAPP cycle hears of it. */
  partnership?: string;
  /** Issue 12: the history a review brings from the partnership's tracker, in the order it happened, replayed through the live validators at the start. */
  imported?: ImportedPracticeEvent[];
}

/** One event of an imported practice review's history (the reviewer's appointment is the input's own). */
export type ImportedPracticeEvent =
  | { kind: 'milestone'; milestone: PracticeMilestoneInput }
  | { kind: 'pause'; pause: PauseInput }
  | { kind: 'resume'; resume: ResumeInput }
  | { kind: 'publication-deferral'; deferral: DeferralInput };

export function importedEventOn(event: ImportedPracticeEvent): IsoDate {
  return event.kind === 'milestone' ? event.milestone.occurredOn : event.kind === 'pause' ? event.pause.from : event.kind === 'resume' ? event.resume.on : event.deferral.from;
}

export interface PracticeReviewStatus {
  reference: string;
  parentReference?: string;
  stage: PracticeReviewStage;
  state: 'open' | 'completed';
  /** 'paused' and 'publication-deferred' are overlays on the stage. */
  hold: 'none' | 'paused' | 'publication-deferred';
  today: IsoDate;
  /** The executive's view (domain/deadlines.ts caseHealth): worst open deadline, or whether it finished in time. */
  health: CaseHealth;
  daysPaused: number;
  workingDaysPaused: number;
  holds: HoldRecord[];
  deadlines: DeadlineView[];
  milestones: RecordedPracticeMilestone[];
  owed: { who: string; what: string; due: IsoDate; status: string }[];
  openActions: ActionItem[];
  agencies: AgencyDue[];
  plannedPublicationOn?: IsoDate;
  /** The QAPP group's learning-embedded audit, once the action plan is complete ('ended': not completed, e.g. terminated). */
  learningAudit?: { reference: string; workflowId: string; openedOn: IsoDate; returnsDueOn: IsoDate; state: 'open' | 'completed' | 'ended' };
  nextReminderAt?: string;
  remindersSent: number;
  revision: number;
  /** What recordPracticeMilestone would accept now (domain/milestones.ts allowedNext, the validator's own rules). */
  allowedNext?: AllowedMilestone[];
}

/** Optionally as of a date (the caller's today): a sleeping workflow's own clock stops at its last wake-up. */
export const practiceReviewStatus = defineQuery<PracticeReviewStatus, [query?: { asOf?: IsoDate }]>('practiceReviewStatus');
export const recordPracticeMilestone = defineUpdate<PracticeReviewStatus, [PracticeMilestoneInput]>('recordPracticeMilestone');
export const pauseReview = defineUpdate<PracticeReviewStatus, [PauseInput]>('pauseReview');
export const resumeReview = defineUpdate<PracticeReviewStatus, [ResumeInput]>('resumeReview');
export const deferPublication = defineUpdate<PracticeReviewStatus, [DeferralInput]>('deferPublication');
