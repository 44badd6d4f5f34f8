/**
 * How a rapid review's workflow is started, by the API and by the start reconciler alike. The case
 * row (with the protected pseudonym) is written first, in stage `starting`; this then starts the
 * workflow. A case left `starting` (its process died in between) is finished by
 * `reconcileStarts` with the same input, so every case gets its workflow.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { WorkingCalendar } from '../domain/calendar';
import type { ReminderLadder } from '../domain/reminders';
import type { RuleSet } from '../domain/rules';
import { rapidReview } from '../workflows';
import type { RapidReviewInput } from '../workflows/definitions';
import { CaseReferenceKey, ReviewProcessKey, ReviewStageKey } from '../workflows/search-attributes';

export interface RapidReviewStarter {
  temporal: Client;
  taskQueue: string;
  /** True where the Temporal server has this project's search attributes registered. */
  searchAttributes: boolean;
}

export interface RapidReviewSettings {
  calendar: () => WorkingCalendar;
  ruleSet: (awareOn: string) => RuleSet;
  ladder?: ReminderLadder | undefined;
  partnership?: string | undefined;
}

/** The workflow's input for a case: the same from the API and from the reconciler. */
export function rapidReviewInput(settings: RapidReviewSettings, started: { reference: string; awareOn: string }): RapidReviewInput {
  return {
    reference: started.reference,
    awareOn: started.awareOn,
    ruleSet: settings.ruleSet(started.awareOn),
    calendar: settings.calendar(),
    ...(settings.ladder ? { ladder: settings.ladder } : {}),
    ...(settings.partnership ? { partnership: settings.partnership } : {}),
  };
}

/** 'already-running' when a workflow with this ID is running (or, with REJECT_DUPLICATE, has run): never a second run. */
export async function startRapidReviewWorkflow(
  starter: RapidReviewStarter,
  workflowId: string,
  input: RapidReviewInput,
  reuse: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE' = 'REJECT_DUPLICATE',
): Promise<'started' | 'already-running'> {
  try {
    await starter.temporal.workflow.start(rapidReview, {
      workflowId,
      taskQueue: starter.taskQueue,
      args: [input],
      workflowIdReusePolicy: reuse,
      ...(starter.searchAttributes
        ? { typedSearchAttributes: [{ key: CaseReferenceKey, value: input.reference }, { key: ReviewProcessKey, value: 'rapid-review' }, { key: ReviewStageKey, value: 'notification-due' }] }
        : {}),
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-running';
    throw err;
  }
}
