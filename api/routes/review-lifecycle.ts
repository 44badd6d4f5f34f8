/**
 * The review lifecycle through the API: milestones routed by the case's process, and the holds of a
 * practice review (pause, resume, publication deferral). Every change is an update with a validator:
 * a refusal is a 409 with the workflow's reason and never enters history. Free text (notes,
 * rationales, justifications) goes only to the protected timeline note, after the update is accepted.
 */
import { Router, type Request, type Response } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { emailDelivery } from '../../domain/email-delivery';
import type { PracticeMilestoneInput } from '../../domain/practice-review';
import { practiceMilestoneKey } from '../../domain/practice-review';
import { milestoneKey, type RapidReviewMilestoneInput } from '../../domain/rapid-review';
import { CaseReferenceParams, MilestoneBody, PauseBody, PracticeMilestoneBody, PublicationDeferralBody, ResumeBody } from '../../domain/schemas';
import { recordMilestone } from '../../workflows/definitions';
import { deferPublication, pauseReview, recordPracticeMilestone, resumeReview, type PracticeReviewStatus } from '../../workflows/practice-review-definitions';
import type { AppDependencies } from '../app';
import { idempotentId } from '../idempotency';
import { conflict, notFound, parse } from '../problem';
import { whileReachable } from '../temporal-unavailable';

type Db = AppDependencies['db'];

function actorOf(locals: Record<string, unknown>): string {
  return typeof locals.actor === 'string' ? locals.actor : 'local-user';
}

function freeText(parts: [string, string | undefined][]): string | undefined {
  const present = parts.filter((p): p is [string, string] => typeof p[1] === 'string' && p[1].length > 0);
  return present.length === 0 ? undefined : present.map(([label, text]) => (label ? `${label}: ${text}` : text)).join('\n\n');
}

async function audit(db: Db, req: Request, res: Response, actor: string, action: string, ref: string, outcome: 'accepted' | 'refused') {
  res.locals.audited = true;
  await db.auditEntry.create({ data: { actor, action, resource: `case:${ref}`, origin: req.ip ?? null, requestId: String(res.getHeader('X-Request-Id')), outcome } });
}

/** Runs an update; a validator's refusal becomes a 409 with the reason, audited as refused. */
async function runUpdate<T>(ctx: { db: Db; temporal: Client; req: Request; res: Response; actor: string; ref: string; action: string }, run: () => Promise<T>): Promise<T> {
  try {
    const result = await whileReachable(ctx.temporal, run());
    await audit(ctx.db, ctx.req, ctx.res, ctx.actor, ctx.action, ctx.ref, 'accepted');
    return result;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      await audit(ctx.db, ctx.req, ctx.res, ctx.actor, ctx.action, ctx.ref, 'refused');
      const reason = err.cause?.message ?? err.message;
      throw conflict(`${ctx.action.split(':')[0]} refused: ${reason}`, { reason });
    }
    if (err instanceof WorkflowNotFoundError) throw conflict(`case ${ctx.ref} is closed: its workflow is no longer running`, { reason: 'case closed' });
    throw err;
  }
}

/** A retry with the same Idempotency-Key sends the same update ID: Temporal applies it once and answers both. */
function updateIdFor(res: Response): { updateId?: string } {
  const updateId = idempotentId(res, 'update');
  return updateId ? { updateId } : {};
}

async function writeNote(db: Db, ref: string, key: string, note: string | undefined) {
  // The note may identify people: it lives only in the database's protected field, never in workflow history.
  if (note) await db.timelineEvent.update({ where: { idempotencyKey: `${ref}:${key}` }, data: { note } });
}

/** An email row's recipients as the API shows them everywhere: a list of addresses. */
export const recipientList = (stored: string): string[] => stored.split(', ').filter((a) => a.length > 0);

/** A well-formed milestone of the other process (the document offers both) is refused as out of place (409), not as malformed. */
function refuseOtherProcessMilestone(process: string, body: unknown): void {
  const [own, other] = process === 'practice-review' ? [PracticeMilestoneBody, MilestoneBody] : [MilestoneBody, PracticeMilestoneBody];
  const milestone = (body as { milestone?: unknown } | null)?.milestone;
  const names = own.options.map((o) => (o as unknown as { shape: { milestone: { value: string } } }).shape.milestone.value);
  if (typeof milestone !== 'string' || names.includes(milestone) || !other.safeParse(body).success) return;
  const reason = `${milestone} is not a milestone of a ${process.replace('-', ' ')}`;
  throw conflict(reason, { reason });
}

/** POST /api/cases/:ref/milestones, for either process. */
export async function recordCaseMilestone(deps: { db: Db; temporal: Client }, req: Request, res: Response): Promise<void> {
  const { db, temporal } = deps;
  const { ref } = parse(CaseReferenceParams, req.params, 'path');
  const found = await db.case.findUnique({ where: { reference: ref }, select: { workflowId: true, process: true } });
  if (!found) throw notFound(`case ${ref}`);
  const actor = actorOf(res.locals);
  const handle = temporal.workflow.getHandle(found.workflowId);
  refuseOtherProcessMilestone(found.process, req.body);
  if (found.process === 'practice-review') {
    const { note, justification, ...rest } = { justification: undefined, ...parse(PracticeMilestoneBody, req.body, 'body') } as { note?: string; justification?: string } & Record<string, unknown>;
    const input = { ...rest, recordedBy: actor } as PracticeMilestoneInput;
    const status = await runUpdate({ db, temporal, req, res, actor, ref, action: `milestone:${input.milestone}` }, () => handle.executeUpdate(recordPracticeMilestone, { args: [input], ...updateIdFor(res) }));
    await writeNote(db, ref, practiceMilestoneKey(input as { milestone: string; agency?: string; actionId?: string }), freeText([['Justification', justification], ['', note]]));
    res.status(200).json(executiveView(ref, status));
    return;
  }
  const { note, rationale, ...rest } = { rationale: undefined, ...parse(MilestoneBody, req.body, 'body') } as { note?: string; rationale?: string } & Record<string, unknown>;
  const input = { ...rest, recordedBy: actor } as RapidReviewMilestoneInput;
  const status = await runUpdate({ db, temporal, req, res, actor, ref, action: `milestone:${input.milestone}` }, () => handle.executeUpdate(recordMilestone, { args: [input], ...updateIdFor(res) }));
  await writeNote(db, ref, milestoneKey(input as { milestone: string; agency?: string; actionId?: string }), freeText([['Rationale', rationale], ['', note]]));
  res.status(200).json({
    reference: ref,
    stage: status.stage,
    state: status.state,
    milestones: status.milestones,
    ...(status.outcome ? { outcome: status.outcome } : {}),
    ...(status.practiceReview ? { practiceReview: status.practiceReview } : {}),
    owed: status.owed ?? [],
    ...(status.openActions ? { openActions: status.openActions } : {}),
  });
}

/** What the executive sees of a practice review: stage, health, hold and days paused. */
export function executiveView(ref: string, s: PracticeReviewStatus) {
  return {
    reference: ref,
    parentReference: s.parentReference ?? null,
    stage: s.stage,
    state: s.state,
    hold: s.hold,
    health: s.health,
    daysPaused: s.daysPaused,
    workingDaysPaused: s.workingDaysPaused,
    plannedPublicationOn: s.plannedPublicationOn ?? null,
    deadlines: s.deadlines.map((d) => ({ key: d.key, title: d.title, due: d.due, statutoryDue: d.statutoryDue, status: d.status, verdict: d.verdict, sentence: d.sentence, ...(d.metOn ? { metOn: d.metOn } : {}) })),
    owed: s.owed,
    openActions: s.openActions,
    milestones: s.milestones,
  };
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
    const { note, ...body } = parse(PauseBody, req.body, 'body');
    const handle = await practiceReviewCase(ref);
    const actor = actorOf(res.locals);
    const status = await runUpdate({ db, temporal, req, res, actor, ref, action: 'pause' }, () => handle.executeUpdate(pauseReview, { args: [{ ...body, recordedBy: actor }], ...updateIdFor(res) }));
    await writeNote(db, ref, `hold:${status.holds.length}:start`, note);
    res.status(200).json(executiveView(ref, status));
  });

  router.post('/cases/:ref/resume', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const { note, ...body } = parse(ResumeBody, req.body, 'body');
    const handle = await practiceReviewCase(ref);
    const actor = actorOf(res.locals);
    const status = await runUpdate({ db, temporal, req, res, actor, ref, action: 'resume' }, () => handle.executeUpdate(resumeReview, { args: [{ ...body, recordedBy: actor }], ...updateIdFor(res) }));
    await writeNote(db, ref, `hold:${status.holds.length}:end`, note);
    res.status(200).json(executiveView(ref, status));
  });

  router.post('/cases/:ref/publication-deferral', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const { note, ...body } = parse(PublicationDeferralBody, req.body, 'body');
    const handle = await practiceReviewCase(ref);
    const actor = actorOf(res.locals);
    const status = await runUpdate({ db, temporal, req, res, actor, ref, action: 'publication-deferral' }, () => handle.executeUpdate(deferPublication, { args: [{ ...body, recordedBy: actor }], ...updateIdFor(res) }));
    await writeNote(db, ref, `hold:${status.holds.length}:start`, note);
    res.status(200).json(executiveView(ref, status));
  });

  return router;
}
