/** Audits of the QA programme: start one, list them, read one live, record returns, stages and actions. */
import type { Request, Response, Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { AuditActionParams, AuditMilestoneBody, AuditRefParams, AuditReturnBody, AuditReturnParams, CompleteActionBody, RecordedAuditBody, StartAuditBody } from '../../domain/audit-schemas';
import { AUDIT_TEMPLATES, auditAllowedNext, nextMilestone, returnRate, returnVerdicts, type AuditType, type RecordedAuditMilestone } from '../../domain/audits';
import { audit } from '../../workflows';
import { auditStatus, completeAuditAction, recordAuditMilestone, recordAuditReturn, type AuditInput, type AuditStatus } from '../../workflows/audit-definitions';
import { auditWorkflowId } from '../../domain/contracts';
import type { AppDependencies } from '../app';
import { resumedRequest } from '../idempotency';
import { ActionListQuery, actionPage, AuditListQuery, auditPage } from '../list-query';
import { conflict, notFound, parse, Problem } from '../problem';
import { isTemporalUnreachable, temporalUnavailable, withStartDeadline } from '../temporal-unavailable';
import { actorOf, runUpdate, updateIdFor } from '../workflow-calls';
import { routeModule } from '../route-module';

export function auditRoutes(deps: AppDependencies): Router {
  const { db, temporal, router, today } = routeModule(deps);

  router.post('/audits', async (req, res) => {
    const body = parse(StartAuditBody, req.body, 'body');
    const openedOn = today();
    if (body.returnsDueOn <= openedOn) throw new Problem(400, 'Invalid request', `returnsDueOn: must be after today (${openedOn})`, { errors: [{ field: 'returnsDueOn', rule: 'must be after today' }] });
    // JSON Schema cannot say "unique by id", so the document promises a 409 here rather than a 400.
    const repeated = body.participants.find((p, i) => body.participants.findIndex((q) => q.id === p.id) !== i);
    if (repeated) throw conflict(`participants: ${repeated.id} is named twice`, { reason: 'participant ids must be unique' });
    const started = await startAudit(deps, { ...body, openedOn, calendar: deps.calendar() }, resumedRequest(res));
    res.status(201).location(`/api/audits/${body.reference}`).json(started);
  });

  router.post('/audits/recorded', async (req, res) => {
    const body = parse(RecordedAuditBody, req.body, 'body');
    if (body.returnsDueOn <= body.openedOn) throw new Problem(400, 'Invalid request', `returnsDueOn: must be after openedOn (${body.openedOn})`, { errors: [{ field: 'returnsDueOn', rule: 'must be after openedOn' }] });
    const repeated = body.participants.find((p, i) => body.participants.findIndex((q) => q.id === p.id) !== i);
    if (repeated) throw conflict(`participants: ${repeated.id} is named twice`, { reason: 'participant ids must be unique' });
    const started = await startAudit(deps, { ...body, calendar: deps.calendar() }, resumedRequest(res));
    res.status(201).location(`/api/audits/${body.reference}`).json(started);
  });

  router.get('/audits/:ref/returns', async (req, res) => {
    const { ref } = parse(AuditRefParams, req.params, 'path');
    const found = await db.audit.findUnique({ where: { reference: ref }, include: { returns: { select: { participantId: true, label: true, returnedOn: true }, orderBy: { participantId: 'asc' } } } });
    if (!found) throw notFound(`audit ${ref}`);
    const now = today();
    const returned = new Map(found.returns.flatMap((p) => (p.returnedOn ? [[p.participantId, { submittedOn: p.returnedOn }] as const] : [])));
    const closedOn = (JSON.parse(found.milestones) as { milestone: string; occurredOn: string }[]).find((m) => m.milestone === 'returns-closed')?.occurredOn;
    // Once returns are closed, the audit is judged as it stood that day: an unreturned one is late by then, not by today.
    const returns = returnVerdicts(found.returns.map((p) => ({ id: p.participantId, label: p.label })), returned, found.returnsDueOn, closedOn ?? now, deps.calendar(), found.paused);
    res.json({ reference: ref, today: now, returnsDueOn: found.returnsDueOn, ...(closedOn ? { returnsClosedOn: closedOn } : {}), returnRate: returnRate(returned.size, found.participants), late: returns.filter((r) => r.late && r.submittedOn).length, returns });
  });

  router.get('/audits', async (req, res) => {
    const query = parse(AuditListQuery, req.query, 'query');
    const now = today();
    const { audits, nextCursor } = await auditPage(db, query, { today: now, calendar: deps.calendar() }, (a) => ({
      reference: a.reference,
      type: a.type,
      theme: a.theme,
      partnership: a.partnership,
      round: a.round,
      stage: a.stage,
      state: a.state,
      paused: a.paused,
      returnsDueOn: a.returnsDueOn,
      returnRate: returnRate(a.returned, a.participants),
      returnsOverdue: a.stage === 'returns-open' && !a.paused && a.returnsDueOn < now ? a.participants - a.returned : 0,
      overdueActions: a.overdueActions,
    }));
    res.json({ today: now, audits, nextCursor });
  });

  router.get('/actions', async (req, res) => {
    const query = parse(ActionListQuery, req.query, 'query');
    const now = today();
    res.json({ today: now, ...(await actionPage(db, query, { today: now, calendar: deps.calendar() })) });
  });

  router.get('/audits/:ref', async (req, res) => {
    const { ref } = parse(AuditRefParams, req.params, 'path');
    const found = await db.audit.findUnique({ where: { reference: ref } });
    if (!found) throw notFound(`audit ${ref}`);
    const live = await liveAudit(temporal, found.workflowId);
    const actions = await db.qaAction.findMany({ where: { parentRef: ref }, orderBy: { key: 'asc' } });
    const stages = { type: found.type as AuditType, openedOn: found.openedOn, milestones: live?.milestones ?? (JSON.parse(found.milestones) as RecordedAuditMilestone[]) };
    res.json({
      source: live ? 'workflow' : 'read-model',
      ...(live ?? {
        reference: found.reference,
        type: found.type,
        theme: found.theme,
        round: found.round,
        stage: found.stage,
        state: found.state,
        paused: found.paused,
        openedOn: found.openedOn,
        returnsDueOn: found.returnsDueOn,
        returnRate: returnRate(found.returned, found.participants),
        milestones: JSON.parse(found.milestones) as unknown,
      }),
      // The stages the audit accepts now, from the rules its workflow validates with.
      allowedNext: auditAllowedNext(stages, today()),
      findings: found.findings,
      actionPlan: actions.map((a) => ({ key: a.key.slice(ref.length + 1), owner: a.owner, dueOn: a.dueOn, completedOn: a.completedOn, description: a.description })),
    });
  });

  /** The audit as one participant owes it: what an agency lead reads for the audit it is returning to. */
  router.get('/audits/:ref/agencies/:participantId', async (req, res) => {
    const { ref, participantId } = parse(AuditReturnParams, req.params, 'path');
    const found = await db.audit.findUnique({ where: { reference: ref }, include: { returns: { where: { participantId }, select: { participantId: true, label: true, returnedOn: true } } } });
    const participant = found?.returns[0];
    if (!found || !participant) throw notFound(`audit ${ref} with participant ${participantId}`);
    const returned = new Map(participant.returnedOn ? [[participantId, { submittedOn: participant.returnedOn }]] : []);
    const [verdict] = returnVerdicts([{ id: participantId, label: participant.label }], returned, found.returnsDueOn, today(), deps.calendar(), found.paused);
    res.json({
      reference: found.reference,
      type: found.type,
      title: AUDIT_TEMPLATES[found.type as AuditType].title,
      stage: found.stage,
      state: found.state,
      paused: found.paused,
      openedOn: found.openedOn,
      returnsDueOn: found.returnsDueOn,
      return: verdict,
    });
  });

  router.post('/audits/:ref/agencies/:participantId/returns', async (req, res) => {
    const { ref, participantId } = parse(AuditReturnParams, req.params, 'path');
    const body = parse(AuditReturnBody, req.body, 'body');
    const actor = actorOf(res.locals);
    const receipt = await update(req, res, ref, `return:${participantId}`, (h) =>
      h.executeUpdate(recordAuditReturn, { args: [{ participantId, submittedOn: body.submittedOn, recordedBy: actor, ...(body.ratings ? { ratings: body.ratings } : {}) }], ...updateIdFor(res) }),
    );
    if (body.evidence) {
      // Evidence is free text: only the database's protected field holds it, never workflow history.
      await db.auditParticipant.upsert({
        where: { auditReference_participantId: { auditReference: ref, participantId } },
        create: { auditReference: ref, participantId, label: participantId, evidence: body.evidence },
        update: { evidence: body.evidence },
      });
    }
    res.status(200).json({ reference: ref, ...receipt, returnRate: returnRate(receipt.returned, receipt.total) });
  });

  router.post('/audits/:ref/milestones', async (req, res) => {
    const { ref } = parse(AuditRefParams, req.params, 'path');
    const body = parse(AuditMilestoneBody, req.body, 'body');
    if (body.findings !== undefined && body.milestone !== 'findings-agreed') throw new Problem(400, 'Invalid request', "findings: recorded with 'findings-agreed' only", { errors: [{ field: 'findings', rule: "only with milestone 'findings-agreed'" }] });
    const actor = actorOf(res.locals);
    const actions = body.actions?.map(({ key, owner, dueOn }) => ({ key, owner, dueOn }));
    const status = await update(req, res, ref, `milestone:${body.milestone}`, (h) => h.executeUpdate(recordAuditMilestone, { args: [{ milestone: body.milestone, occurredOn: body.occurredOn, recordedBy: actor, ...(actions ? { actions } : {}) }], ...updateIdFor(res) })).catch(
      async (err: unknown) => {
        // A refused stage says which stages the audit has and which one comes next.
        if (!(err instanceof Problem) || err.status !== 409) throw err;
        const found = await db.audit.findUnique({ where: { reference: ref }, select: { type: true, milestones: true } });
        if (!found) throw err;
        const stages = AUDIT_TEMPLATES[found.type as AuditType].milestones;
        const next = nextMilestone({ type: found.type as AuditType, milestones: JSON.parse(found.milestones) as RecordedAuditMilestone[] });
        throw new Problem(409, err.title, `${err.message}; the stages of this audit are ${stages.join(', ')}${next ? ` and the next is '${next}'` : ' and all are recorded'}`, { ...err.extra, stages, ...(next ? { nextStage: next } : {}) });
      },
    );
    if (body.findings) await db.audit.update({ where: { reference: ref }, data: { findings: body.findings } });
    for (const a of body.actions ?? []) {
      if (a.description) await db.qaAction.update({ where: { key: `${ref}:${a.key}` }, data: { description: a.description } });
    }
    res.status(200).json(status);
  });

  router.post('/audits/:ref/actions/:key/complete', async (req, res) => {
    const { ref, key } = parse(AuditActionParams, req.params, 'path');
    const body = parse(CompleteActionBody, req.body, 'body');
    const actor = actorOf(res.locals);
    const status = await update(req, res, ref, `action:${key}`, (h) => h.executeUpdate(completeAuditAction, { args: [{ key, completedOn: body.completedOn, recordedBy: actor }], ...updateIdFor(res) }));
    res.status(200).json(status);
  });

  /** An update on an audit the read model knows (api/workflow-calls.ts: 404 unknown, 409 closed). */
  async function update<T>(req: Request, res: Response, ref: string, action: string, fn: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> {
    const found = await db.audit.findUnique({ where: { reference: ref }, select: { workflowId: true } });
    if (!found) throw notFound(`audit ${ref}`);
    const subject = { resource: `audit:${ref}`, title: `audit ${ref}`, knownBy: 'read-model' as const };
    return runUpdate({ deps, req, res, subject, action: `audit-${action}` }, () => fn(temporal.workflow.getHandle(found.workflowId)));
  }

  return router;
}

/**
 * Starts an audit: the workflow first, then its read-model row. The workflow writes that row itself
 * as it starts, so a process that dies between the two leaves a whole audit, never a row without
 * its workflow. `resumed`: a retry (same Idempotency-Key) of a request that died unanswered, which
 * takes its own audit as started.
 */
export async function startAudit(
  deps: Pick<AppDependencies, 'db' | 'temporal' | 'taskQueue'>,
  input: Omit<AuditInput, 'participants'> & { participants: { id: string; label: string; address?: string | undefined }[] },
  resumed = false,
) {
  const workflowId = auditWorkflowId(input.reference);
  const participants = input.participants.map(({ id, label, address }) => ({ id, label, ...(address ? { address } : {}) }));
  if (!resumed && (await deps.db.audit.findUnique({ where: { reference: input.reference }, select: { reference: true } }))) throw conflict(`audit ${input.reference} already exists`);
  try {
    await withStartDeadline(deps.temporal, () =>
      deps.temporal.workflow.start(audit, { workflowId, taskQueue: deps.taskQueue, args: [{ ...input, participants }], ...(resumed ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}) }),
    );
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      if (!resumed) throw conflict(`an audit ${input.reference} is already running`);
    } else if (isTemporalUnreachable(err)) throw temporalUnavailable(`audit ${input.reference} not started`);
    else throw err;
  }
  try {
    await deps.db.audit.create({
      data: {
        reference: input.reference,
        type: input.type,
        partnership: input.partnership ?? null,
        theme: input.theme ?? null,
        workflowId,
        stage: 'returns-open',
        state: 'open',
        openedOn: input.openedOn,
        returnsDueOn: input.returnsDueOn,
        participants: participants.length,
        returned: 0,
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code !== 'P2002') throw err; // the workflow wrote it first
  }
  return { reference: input.reference, workflowId, type: input.type, returnsDueOn: input.returnsDueOn, participants: participants.length };
}

async function liveAudit(temporal: Client, workflowId: string): Promise<AuditStatus | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 3000);
  });
  try {
    return await Promise.race([temporal.workflow.getHandle(workflowId).query(auditStatus), timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
