/** Cases: start a rapid review, read a case, record a milestone. */
import type { Router } from 'express';
import { workflowIdFor } from '../../domain/contracts';
import { processNamed, type ProcessName } from '../../domain/processes';
import { caseHealthOf } from '../../domain/case-health';
import { deadlineStatus, type Deadline } from '../../domain/deadlines';
import { emailDelivery } from '../../domain/email-delivery';
import { ruleSetById } from '../../domain/rules';
import { CaseReadQuery, CaseReferenceParams, StartPracticeReviewBody, StartRapidReviewBody } from '../../domain/schemas';
import { startPracticeReviewOnItsOwn } from '../practice-review-start';
import type { RapidReviewInput } from '../../workflows/definitions';
import { rapidReviewInput, runningForSameCase } from '../../worker/rapid-review-start';
import { startReviewWorkflow, writeStartingRow } from '../../worker/case-start';
import type { AppDependencies } from '../app';
import { caseScope } from '../auth/policy';
import { principalOf } from '../auth/principal';
import { resumedRequest } from '../idempotency';
import { markPhase } from '../phase-timing';
import { auditedStart } from '../review-start';
import { conflict, notFound, parse, Problem } from '../problem';
import { CaseListQuery, listCases } from '../list-query';
import { isTemporalUnreachable, temporalUnavailable, withStartDeadline } from '../temporal-unavailable';
import { liveCase, PROCESSES, type LiveCase } from '../processes';
import { readCaseRows } from '../case-read';
import { actorOf } from '../workflow-calls';
import { recipientList, recordCaseMilestone } from './review-lifecycle';
import { routeModule } from '../route-module';

export function caseRoutes(deps: AppDependencies): Router {
  const { db, temporal, router, today } = routeModule(deps);

  router.post('/rapid-reviews', async (req, res) => {
    markPhase(res, 'idempotency');
    const body = parse(StartRapidReviewBody, req.body, 'body');
    if (body.awareOn > today()) throw new Problem(400, 'Invalid request', `awareOn: must not be in the future (today is ${today()})`, { errors: [{ field: 'awareOn', rule: 'must not be in the future' }] });
    const workflowId = workflowIdFor('rapid-review', body.reference);
    const input = rapidReviewInput(deps, body);
    markPhase(res, 'zod');
    // The row comes first, so the pseudonym is never lost; a row left `starting` by a process that
    // died here is finished by the start reconciler (worker/reconcile-starts.ts) or by this
    // request's retry with the same Idempotency-Key.
    const row = await writeStartingCase(body, input, resumedRequest(res));
    markPhase(res, 'row');
    const forget = () => db.case.deleteMany({ where: { reference: body.reference, stage: 'starting' } });
    const entry = { action: 'start-rapid-review', resource: `case:${body.reference}`, outcome: row.resumed ? 'accepted (resumed after an unanswered request)' : 'accepted' };
    await auditedStart(db, req, res, entry, async () => {
      let outcome: 'started' | 'already-running';
      try {
        outcome = await withStartDeadline(temporal, () => startReviewWorkflow(deps, workflowId, { process: 'rapid-review', input }, row.resumed ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE'));
      } catch (err) {
        if (!isTemporalUnreachable(err)) {
          if (!row.resumed) await forget().catch(() => undefined);
          throw err;
        }
        if (await workflowExists(workflowId)) outcome = row.resumed ? 'already-running' : 'started';
        else {
          await forget();
          throw temporalUnavailable(`rapid review ${body.reference} not started`);
        }
      }
      // No row existed, yet its workflow runs: an earlier attempt started it and lost its answer.
      if (outcome === 'already-running' && !row.resumed && (await withStartDeadline(temporal, () => runningForSameCase(temporal, workflowId, input)).catch(() => false))) outcome = 'started';
      if (outcome === 'already-running' && !row.resumed) {
        await forget().catch(() => undefined);
        throw conflict(`a rapid review for ${body.reference} is already running`);
      }
    });
    markPhase(res, 'start-and-audit');
    res.status(201).location(`/api/cases/${body.reference}`).json({ reference: body.reference, workflowId, calendarVersion: row.calendarVersion, ruleSetId: row.ruleSetId, ruleSet: ruleSetSummary(row.ruleSetId) });
  });

  /**
   * Writes the case in stage `starting`. A resumed request (its first attempt died unanswered) takes
   * over its own row: same process and awareOn, and the same pseudonym or none yet (a row written by
   * the workflow itself when the first attempt's answer was lost after the start got through).
   */
  async function writeStartingCase(body: StartRapidReviewBody, input: RapidReviewInput, resumed: boolean): Promise<{ resumed: boolean; calendarVersion: string; ruleSetId: string }> {
    const written = await writeStartingRow(db, {
      reference: body.reference,
      process: 'rapid-review',
      workflowId: workflowIdFor('rapid-review', body.reference),
      awareOn: body.awareOn,
      childPseudonym: body.childPseudonym,
      ruleSetId: input.ruleSet.id,
      calendarVersion: input.calendar.version,
    });
    if (written) return { resumed: false, calendarVersion: input.calendar.version, ruleSetId: input.ruleSet.id };
    const existing = resumed ? await db.case.findUnique({ where: { reference: body.reference } }) : null;
    if (!existing || existing.process !== 'rapid-review' || existing.awareOn !== body.awareOn || (existing.childPseudonym !== '' && existing.childPseudonym !== body.childPseudonym)) {
      throw conflict(`case ${body.reference} already exists`);
    }
    if (existing.childPseudonym === '') await db.case.update({ where: { reference: body.reference }, data: { childPseudonym: body.childPseudonym } });
    return { resumed: true, calendarVersion: existing.calendarVersion, ruleSetId: existing.ruleSetId };
  }

  async function workflowExists(workflowId: string): Promise<boolean> {
    try {
      await withStartDeadline(temporal, () => temporal.workflow.getHandle(workflowId).describe(), 700);
      return true;
    } catch {
      return false;
    }
  }

  router.get('/cases', async (req, res) => {
    const query = parse(CaseListQuery, req.query, 'query');
    res.json(await listCases(db, query, { scope: caseScope(principalOf(res.locals)), today: today(), calendar: deps.calendar() }));
  });

  router.post('/practice-reviews', async (req, res) => {
    const body = parse(StartPracticeReviewBody, req.body, 'body');
    for (const field of ['commissionedOn', 'awareOn'] as const) {
      const date = body[field];
      if (date !== undefined && date > today()) throw new Problem(400, 'Invalid request', `${field}: must not be in the future (today is ${today()})`, { errors: [{ field, rule: 'must not be in the future' }] });
    }
    const reference = await startPracticeReviewOnItsOwn(deps, req, res, { ...body, decidedBy: actorOf(res.locals) });
    res.status(201).location(`/api/cases/${encodeURIComponent(reference)}`).json(await caseAnswer(reference));
  });

  router.get('/cases/:ref', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const { live } = parse(CaseReadQuery, req.query, 'query');
    res.json(await caseAnswer(ref, live));
  });

  /**
   * The case answer (`GET /api/cases/:ref`): the read model; the workflow's live state (and
   * `allowedNext`) only when the caller asks for it, since a workflow query replays on a cache miss
   * and queues behind the workflow's tasks.
   */
  async function caseAnswer(ref: string, askedForLive = false) {
    const found = await readCaseRows(db, ref);
    if (!found) throw notFound(`case ${ref}`);
    const calendar = deps.calendar();
    const now = today();
    const process = processNamed(found.process);
    const live = found.state === 'open' && askedForLive ? await liveStatus(process, found.workflowId, now) : undefined;
    const deadlines = live
      ? live.deadlines
      : found.deadlines.map((d) => {
          const deadline: Deadline = { key: d.key, ruleId: d.ruleId as Deadline['ruleId'], title: d.title, kind: d.kind === 'standing' ? 'standing' : 'deadline', due: d.due, statutoryDue: d.statutoryDue, paused: d.paused, sentence: d.sentence, explanation: JSON.parse(d.explanation) as Deadline['explanation'] };
          return { ...deadline, ...(d.metOn ? { metOn: d.metOn } : {}), ...deadlineStatus(deadline, now, calendar, d.metOn ? { metOn: d.metOn } : {}) };
        });
    return {
      reference: found.reference,
      childPseudonym: found.childPseudonym,
      process: found.process,
      workflowId: found.workflowId,
      state: found.state,
      awareOn: found.awareOn,
      ruleSetId: found.ruleSetId,
      ruleSet: ruleSetSummary(found.ruleSetId),
      calendarVersion: found.calendarVersion,
      today: now,
      stage: live?.stage ?? found.stage,
      source: live ? 'workflow' : 'read-model',
      health: live?.health ?? caseHealthOf(process, deadlines, { completed: found.state !== 'open', onHold: found.paused }),
      ...(live ? { live: live.view } : {}),
      deadlines,
      // For the pages' milestone form: the milestones of this case's process, in order.
      milestoneOptions: PROCESSES[process].milestones,
      // What POST /milestones would accept now, from the workflow's own rules; none when its workflow cannot say (closed, or slow to answer).
      allowedNext: live?.allowedNext ?? [],
      paused: found.paused,
      timeline: found.events.map((e) => ({ occurredOn: e.occurredOn, recordedAt: e.recordedAt.toISOString(), kind: e.kind, summary: e.summary, actor: e.actor, note: e.note })),
      emails: found.emails.map((m) => ({ messageId: m.messageId, kind: m.kind, recipients: recipientList(m.recipients), subject: m.subject, status: m.status, delivery: emailDelivery(m), attempts: m.attempts, lastError: m.lastError, sentAt: m.sentAt?.toISOString() ?? null })),
    };
  }

  router.post('/cases/:ref/milestones', async (req, res) => {
    await recordCaseMilestone(deps, req, res);
  });

  /** The open case's state straight from its workflow; the read model if the workflow cannot answer promptly. */
  async function liveStatus(process: ProcessName, workflowId: string, asOf: string): Promise<LiveCase | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), 3000);
    });
    try {
      return await Promise.race([liveCase(temporal, process, workflowId, asOf), timeout]);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  return router;
}

/** Which guidance a case runs under and why that set was in force on its start date. */
function ruleSetSummary(id: string): { id: string; title: string; effectiveFrom: string; effectiveTo: string | null; basis: string | null } | null {
  const set = ruleSetById(id);
  return set ? { id, title: set.title, effectiveFrom: set.effectiveFrom, effectiveTo: set.effectiveTo ?? null, basis: set.basis ?? null } : null;
}
