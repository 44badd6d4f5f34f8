/** `POST /api/practice-reviews`: a practice review started on its own (issue 12), the case row first. */
import type { Request, Response } from 'express';
import { workflowIdFor } from '../domain/contracts';
import type { StartPracticeReviewBody } from '../domain/schemas';
import { caseStartText, startReviewWorkflow, writeStartingRow } from '../worker/case-start';
import { practiceReviewInput } from '../worker/practice-review-start';
import type { AppDependencies } from './app';
import { resumedRequest } from './idempotency';
import { auditedStart } from './review-start';
import { conflict } from './problem';
import { isTemporalUnreachable, temporalUnavailable, withStartDeadline } from './temporal-unavailable';

/**
 * Writes the case in stage `starting` and starts its workflow; answers the reference. A rapid review
 * recorded here lends the review its pseudonym. A resumed request (its first attempt died
 * unanswered) takes over its own row and never starts a second run. The start is audited
 * (api/review-start.ts) before it answers.
 */
export async function startPracticeReviewOnItsOwn(deps: AppDependencies, req: Request, res: Response, body: StartPracticeReviewBody & { decidedBy: string }): Promise<string> {
  const { db, temporal } = deps;
  const { reference } = body;
  const awareOn = body.awareOn ?? body.commissionedOn;
  const workflowId = workflowIdFor('practice-review', reference);
  const parent = body.rapidReviewReference ? await db.case.findUnique({ where: { reference: body.rapidReviewReference }, select: { process: true, childPseudonym: true } }) : null;
  if (parent && parent.process !== 'rapid-review') throw conflict(`rapidReviewReference ${body.rapidReviewReference} is a ${parent.process}, not a rapid review`, { reason: 'not a rapid review' });
  const started = { reference, commissionedOn: body.commissionedOn, reviewerName: body.reviewerName, awareOn, rapidReviewReference: body.rapidReviewReference, decidedBy: body.decidedBy };
  const input = practiceReviewInput(deps, started);
  const written = await writeStartingRow(db, {
    reference,
    process: 'practice-review',
    workflowId,
    awareOn,
    childPseudonym: body.childPseudonym ?? parent?.childPseudonym ?? '',
    ruleSetId: input.ruleSet.id,
    calendarVersion: input.calendar.version,
    startWith: caseStartText({ process: 'practice-review', ...started }),
    parentReference: body.rapidReviewReference,
  });
  const takenOver = !written;
  if (takenOver) {
    const existing = resumedRequest(res) ? await db.case.findUnique({ where: { reference }, select: { process: true, awareOn: true } }) : null;
    if (!existing || existing.process !== 'practice-review' || existing.awareOn !== awareOn) throw conflict(`case ${reference} already exists`);
  }
  const forget = () => db.case.deleteMany({ where: { reference, stage: 'starting' } });
  await auditedStart(db, req, res, { action: 'start-practice-review', resource: `case:${reference}`, outcome: 'accepted' }, async () => {
    let outcome: 'started' | 'already-running';
    try {
      outcome = await withStartDeadline(temporal, () => startReviewWorkflow(deps, workflowId, { process: 'practice-review', input }, takenOver ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE'));
    } catch (err) {
      if (!takenOver) await forget().catch(() => undefined);
      throw isTemporalUnreachable(err) ? temporalUnavailable(`practice review ${reference} not started`) : err;
    }
    if (outcome === 'already-running' && !takenOver) {
      await forget().catch(() => undefined);
      throw conflict(`a practice review for ${reference} is already running`);
    }
  });
  return reference;
}
