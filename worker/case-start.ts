/**
 * What a case's workflow is started from, kept on its row (`Case.startWith`, protected: an import's
 * history may carry free text) while the row is `starting`, so the start reconciler finishes the
 * start the request would have made: an imported case with its history, a practice review with its
 * reviewer. The calendar, rule set and ladder come from the settings at the time of the start, as
 * for the API. A rapid review started through the API needs nothing kept: its row holds all of it.
 */
import type { RapidReviewInput } from '../workflows/definitions';
import { practiceReviewInput, startPracticeReviewWorkflow, type PracticeReviewStarted } from './practice-review-start';
import { rapidReviewInput, startRapidReviewWorkflow, type RapidReviewSettings, type RapidReviewStarter } from './rapid-review-start';

export type CaseStart =
  | { process: 'rapid-review'; reference: string; awareOn: string; imported?: RapidReviewInput['imported'] }
  | ({ process: 'practice-review' } & PracticeReviewStarted);

export const caseStartText = (start: CaseStart): string => JSON.stringify(start);

/** The start kept on a row, or undefined for a row written before starts were kept (or one that kept none). */
export function caseStartOf(text: string | null): CaseStart | undefined {
  if (!text) return undefined;
  const start = JSON.parse(text) as CaseStart;
  return start.process === 'rapid-review' || start.process === 'practice-review' ? start : undefined;
}

/** Starts the case's workflow from its kept start; 'already-running' when a workflow with its ID runs (or, with REJECT_DUPLICATE, has run). */
export function startCase(deps: RapidReviewStarter & RapidReviewSettings, workflowId: string, start: CaseStart, reuse: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE' = 'REJECT_DUPLICATE'): Promise<'started' | 'already-running'> {
  if (start.process === 'rapid-review') {
    const input = { ...rapidReviewInput(deps, start), ...(start.imported ? { imported: start.imported } : {}) };
    return startRapidReviewWorkflow(deps, workflowId, input, reuse);
  }
  return startPracticeReviewWorkflow(deps, workflowId, practiceReviewInput(deps, start), reuse);
}
