/**
 * The review lifecycle through the API: milestones routed by the case's process, and the holds of a
 * practice review (pause, resume, publication deferral). Every change is an update with a validator:
 * a refusal is a 409 with the workflow's reason and never enters history. Free text (notes,
 * rationales, justifications) goes only to the protected timeline note, after the update is accepted.
 */
import { Router, type Request, type Response } from 'express';
import { PROCESS_NAMES, processNamed, type ProcessName } from '../../domain/processes';
import { emailDelivery } from '../../domain/email-delivery';
import { CaseReferenceParams, PauseBody, PublicationDeferralBody, ResumeBody } from '../../domain/schemas';
import type { UpdateDefinition } from '@temporalio/client';
import type { z } from 'zod';
import { deferPublication, pauseReview, resumeReview, type PracticeReviewStatus } from '../../workflows/practice-review-definitions';
import type { AppDependencies } from '../app';
import { PROCESSES, practiceReviewView } from '../processes';
import { principalOf } from '../auth/principal';
import { conflict, notFound, parse, Problem } from '../problem';
import { actorOf, runCaseUpdate, updateIdFor, type WorkflowDeps } from '../workflow-calls';
import { londonToday } from '../today';

type Db = AppDependencies['db'];

function freeText(parts: [string, string | undefined][]): string | undefined {
  const present = parts.filter((p): p is [string, string] => typeof p[1] === 'string' && p[1].length > 0);
  return present.length === 0 ? undefined : present.map(([label, text]) => (label ? `${label}: ${text}` : text)).join('\n\n');
}

async function writeNote(db: Db, ref: string, key: string, note: string | undefined) {
  // The note may identify people: it lives only in the database's protected field, never in workflow history.
  if (note) await db.timelineEvent.update({ where: { idempotencyKey: `${ref}:${key}` }, data: { note } });
}

/** An email row's recipients as the API shows them everywhere: a list of addresses. */
export const recipientList = (stored: string): string[] => stored.split(', ').filter((a) => a.length > 0);

/** A well-formed milestone of another process (the document offers them all) is refused as out of place (409), not as malformed. */
function refuseOtherProcessMilestone(process: ProcessName, body: unknown): void {
  const milestone = (body as { milestone?: unknown } | null)?.milestone;
  if (typeof milestone !== 'string' || PROCESSES[process].milestones.includes(milestone)) return;
  const other = PROCESS_NAMES.some((p) => p !== process && PROCESSES[p].milestoneBody.safeParse(body).success);
  if (!other) return;
  const reason = `${milestone} is not a milestone of a ${PROCESSES[process].title}`;
  throw conflict(reason, { reason });
}

/** POST /api/cases/:ref/milestones, for any process in the registry. */
export async function recordCaseMilestone(deps: WorkflowDeps, req: Request, res: Response): Promise<void> {
  const { db, temporal } = deps;
  const { ref } = parse(CaseReferenceParams, req.params, 'path');
  const found = await db.case.findUnique({ where: { reference: ref }, select: { workflowId: true, process: true } });
  if (!found) throw notFound(`case ${ref}`);
  const process = processNamed(found.process);
  const entry = PROCESSES[process];
  const roles = principalOf(res.locals)?.roles ?? [];
  if (entry.milestoneRoles && !roles.some((r) => entry.milestoneRoles!.includes(r))) throw new Problem(403, 'Forbidden', `the milestones of ${/^[aeiou]/i.test(entry.title) ? 'an' : 'a'} ${entry.title} are recorded by ${entry.milestoneRoles.join(' or ')}`);
  refuseOtherProcessMilestone(process, req.body);
  // Free text goes only to the protected note; the rest, with who recorded it, to the workflow.
  const { note, ...body } = parse(entry.milestoneBody, req.body, 'body') as { milestone: string; note?: string; agency?: string; actionId?: string } & Record<string, unknown>;
  const { [entry.freeText.field]: text, ...fields } = body;
  const input = { ...fields, milestone: body.milestone, recordedBy: actorOf(res.locals) };
  const handle = temporal.workflow.getHandle(found.workflowId);
  const answer = await runCaseUpdate({ deps, req, res, ref, action: `milestone:${body.milestone}` }, () => entry.recordMilestone(handle, input, updateIdFor(res)));
  await writeNote(db, ref, entry.timelineKey(body), freeText([[entry.freeText.label, text as string | undefined], ['', note]]));
  res.status(200).json(answer);
}

export function reviewLifecycleRoutes(deps: AppDependencies): Router {
  const { db, temporal } = deps;
  const router = Router();

  const practiceReviewCase = async (ref: string) => {
    const found = await db.case.findUnique({ where: { reference: ref }, select: { workflowId: true, process: true } });
    if (!found) throw notFound(`case ${ref}`);
    if (found.process !== 'practice-review') throw conflict(`case ${ref} is a ${found.process}: only a practice review can be paused, resumed or have its publication deferred`, { reason: 'not a practice review' });
    return temporal.workflow.getHandle(found.workflowId);
  };

  /**
   * Every email the case sent (or is still trying to send), oldest first: the mail log of the audit
   * trail. `resentAfterInterruption` marks a message resent after an attempt with an unknown outcome,
   * so a person can tell its recipients that a second copy (same Message-ID) may appear.
   */
  router.get('/cases/:ref/emails', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const found = await db.case.findUnique({ where: { reference: ref }, select: { reference: true } });
    if (!found) throw notFound(`case ${ref}`);
    const emails = await db.emailMessage.findMany({ where: { caseReference: ref }, orderBy: { id: 'asc' } });
    res.json({
      reference: ref,
      emails: emails.map((m) => ({ messageId: m.messageId, kind: m.kind, recipients: recipientList(m.recipients), subject: m.subject, status: m.status, delivery: emailDelivery(m), attempts: m.attempts, resentAfterInterruption: m.interruptedAttempts > 0, lastError: m.lastError, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
    });
  });

  router.post('/cases/:ref/pause', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const { note, resumedOn, expectedResumeOn, from, reason } = parse(PauseBody, req.body, 'body');
    const today = londonToday(deps)();
    if (resumedOn && resumedOn > today) throw new Problem(400, 'Invalid request', `resumedOn: must be today or earlier (${today}); a later day is expectedResumeOn`, { errors: [{ field: 'resumedOn', rule: 'must be today or earlier' }] });
    const handle = await practiceReviewCase(ref);
    const actor = actorOf(res.locals);
    // A hold already over is a pause expected to end on the day it did, then that resume.
    const paused = await runCaseUpdate({ deps, req, res, ref, action: 'pause' }, () =>
      handle.executeUpdate(pauseReview, { args: [{ from, reason, expectedResumeOn: expectedResumeOn ?? resumedOn!, recordedBy: actor }], ...updateIdFor(res) }),
    );
    await writeNote(db, ref, `hold:${paused.holds.length}:start`, note);
    const status = resumedOn
      ? await runCaseUpdate({ deps, req, res, ref, action: 'resume' }, () => handle.executeUpdate(resumeReview, { args: [{ on: resumedOn, recordedBy: actor }], ...updateIdFor(res, 'resume') }))
      : paused;
    res.status(200).json(practiceReviewView(ref, status));
  });

  /** A resume or a publication deferral: the body, less its note, to the update with who recorded it; the note on the hold's end or start. */
  const holdRoute = <S extends z.ZodType<{ note?: string }>>(action: string, schema: S, update: UpdateDefinition<PracticeReviewStatus, [Omit<z.infer<S>, 'note'> & { recordedBy: string }]>, noteOn: 'start' | 'end') =>
    router.post(`/cases/:ref/${action}`, async (req, res) => {
      const { ref } = parse(CaseReferenceParams, req.params, 'path');
      const { note, ...body } = parse(schema, req.body, 'body');
      const handle = await practiceReviewCase(ref);
      const status = await runCaseUpdate({ deps, req, res, ref, action }, () => handle.executeUpdate(update, { args: [{ ...body, recordedBy: actorOf(res.locals) }], ...updateIdFor(res) }));
      await writeNote(db, ref, `hold:${status.holds.length}:${noteOn}`, note);
      res.status(200).json(practiceReviewView(ref, status));
    });
  holdRoute('resume', ResumeBody, resumeReview, 'end');
  holdRoute('publication-deferral', PublicationDeferralBody, deferPublication, 'start');

  return router;
}
