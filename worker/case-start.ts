/**
 * What a case's workflow is started from, kept on its row (`Case.startWith`, protected: an import's
 * history may carry free text) while the row is `starting`, so the start reconciler finishes the
 * start the request would have made: an imported case with its history, a practice review with its
 * reviewer. The calendar, rule set and ladder come from the settings at the time of the start, as
 * for the API. A rapid review started through the API needs nothing kept: its row holds all of it.
 * Here too, written once for both reviews: the row in stage `starting` and the start of the workflow.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { workflowTypeFor } from '../domain/contracts';
import type { Database } from '../prisma/client';
import type { RapidReviewInput } from '../workflows/definitions';
import type { PracticeReviewInput } from '../workflows/practice-review-definitions';
import { CaseReferenceKey, ReviewProcessKey, ReviewStageKey } from '../workflows/search-attributes';
import { practiceReviewInput, type PracticeReviewStarted } from './practice-review-start';
import { rapidReviewInput, type RapidReviewSettings, type RapidReviewStarter } from './rapid-review-start';

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
  const review: ReviewInput =
    start.process === 'rapid-review'
      ? { process: 'rapid-review', input: { ...rapidReviewInput(deps, start), ...(start.imported ? { imported: start.imported } : {}) } }
      : { process: 'practice-review', input: practiceReviewInput(deps, start) };
  return startReviewWorkflow(deps, workflowId, review, reuse);
}

/** A review's workflow input, by its process. */
export type ReviewInput = { process: 'rapid-review'; input: RapidReviewInput } | { process: 'practice-review'; input: PracticeReviewInput };

/** The stage a review's workflow starts in, on its search attributes until its first snapshot. */
const FIRST_STAGE = { 'rapid-review': 'notification-due', 'practice-review': 'terms-of-reference' } as const satisfies Record<ReviewInput['process'], string>;

/**
 * Starts a review's workflow, for the API, the import and the start reconciler alike. 'already-running'
 * when a workflow with this ID runs (or, with REJECT_DUPLICATE, has run): never a second run.
 */
export async function startReviewWorkflow(
  starter: RapidReviewStarter,
  workflowId: string,
  { process, input }: ReviewInput,
  reuse: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE' = 'REJECT_DUPLICATE',
): Promise<'started' | 'already-running'> {
  try {
    await starter.temporal.workflow.start(workflowTypeFor(process), {
      workflowId,
      taskQueue: starter.taskQueue,
      args: [input],
      workflowIdReusePolicy: reuse,
      ...(starter.searchAttributes
        ? { typedSearchAttributes: [{ key: CaseReferenceKey, value: input.reference }, { key: ReviewProcessKey, value: process }, { key: ReviewStageKey, value: FIRST_STAGE[process] }] }
        : {}),
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already-running';
    throw err;
  }
}

/** A case's row as written before its workflow starts. */
export interface StartingRow {
  reference: string;
  process: ReviewInput['process'];
  workflowId: string;
  awareOn: string;
  childPseudonym: string;
  ruleSetId: string;
  calendarVersion: string;
  startWith?: string | undefined;
  parentReference?: string | undefined;
}

/**
 * Writes a case's row in stage `starting`; false when a case with this reference (or workflow ID)
 * is already recorded. Plain SQL: Prisma's `create` spends about 7 ms compiling its query here
 * against 0.5 ms for the insert itself, a large part of a bare workflow start
 * (bench/start-latency.bench.ts). `createdAt` and `updatedAt` are written as Prisma writes them.
 */
export async function writeStartingRow(db: Database, row: StartingRow): Promise<boolean> {
  const at = new Date();
  const written = await db.$executeRaw`INSERT INTO "Case" ("reference", "process", "workflowId", "stage", "state", "awareOn", "childPseudonym", "ruleSetId", "calendarVersion", "startWith", "parentReference", "createdAt", "updatedAt")
    VALUES (${row.reference}, ${row.process}, ${row.workflowId}, 'starting', 'open', ${row.awareOn}, ${row.childPseudonym}, ${row.ruleSetId}, ${row.calendarVersion}, ${row.startWith ?? null}, ${row.parentReference ?? null}, ${at}, ${at})
    ON CONFLICT DO NOTHING`;
  return written === 1;
}
