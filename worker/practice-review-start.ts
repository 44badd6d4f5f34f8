/**
 * How a practice review is started on its own (issue 12): by `POST /api/practice-reviews` and by an
 * import, for a review commissioned by a rapid review held elsewhere or before the partnership
 * adopted the engine. As for a rapid review, the case row is written first, in stage `starting`.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { practiceReview } from '../workflows';
import type { ImportedPracticeEvent, PracticeReviewInput } from '../workflows/practice-review-definitions';
import { CaseReferenceKey, ReviewProcessKey, ReviewStageKey } from '../workflows/search-attributes';
import type { RapidReviewSettings, RapidReviewStarter } from './rapid-review-start';

export interface PracticeReviewStarted {
  reference: string;
  commissionedOn: string;
  reviewerName: string;
  /** The local authority's awareness of the incident; the commissioning date when not known. */
  awareOn: string;
  rapidReviewReference?: string | undefined;
  decidedBy: string;
  imported?: ImportedPracticeEvent[] | undefined;
}

export function practiceReviewInput(settings: RapidReviewSettings, started: PracticeReviewStarted): PracticeReviewInput {
  return {
    reference: started.reference,
    ...(started.rapidReviewReference ? { parentReference: started.rapidReviewReference } : {}),
    awareOn: started.awareOn,
    decidedOn: started.commissionedOn,
    reviewerName: started.reviewerName,
    decidedBy: started.decidedBy,
    ruleSet: settings.ruleSet(started.awareOn),
    calendar: settings.calendar(),
    ...(settings.ladder ? { ladder: settings.ladder } : {}),
    ...(settings.partnership ? { partnership: settings.partnership } : {}),
    ...(started.imported ? { imported: started.imported } : {}),
  };
}

/** 'already-running' when a workflow with this ID runs (or, with REJECT_DUPLICATE, has run): never a second run. */
export async function startPracticeReviewWorkflow(
  starter: RapidReviewStarter,
  workflowId: string,
  input: PracticeReviewInput,
  reuse: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE' = 'REJECT_DUPLICATE',
): Promise<'started' | 'already-running'> {
  try {
    await starter.temporal.workflow.start(practiceReview, {
      workflowId,
      taskQueue: starter.taskQueue,
      args: [input],
      workflowIdReusePolicy: reuse,
      ...(starter.searchAttributes
        ? { typedSearchAttributes: [{ key: CaseReferenceKey, value: input.reference }, { key: ReviewProcessKey, value: 'practice-review' }, { key: ReviewStageKey, value: 'terms-of-reference' }] }
        : {}),
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-running';
    throw err;
  }
}
