/** Cases: start a rapid review, read a case, record a milestone. */
import { Router } from 'express';
import { workflowIdFor } from '../../domain/case-reference';
import { caseHealth, deadlineStatus, type Deadline } from '../../domain/deadlines';
import { emailDelivery } from '../../domain/email-delivery';
import { utcToLondonDate } from '../../domain/london-time';
import { PRACTICE_REVIEW_MILESTONES } from '../../domain/practice-review';
import { RAPID_REVIEW_MILESTONES } from '../../domain/rapid-review';
import { ruleSetById } from '../../domain/rules';
import { CaseReadQuery, CaseReferenceParams, StartRapidReviewBody } from '../../domain/schemas';
import { rapidReviewStatus, type RapidReviewInput, type RapidReviewStatus } from '../../workflows/definitions';
import { practiceReviewStatus, type PracticeReviewStatus } from '../../workflows/practice-review-definitions';
import { rapidReviewInput, startRapidReviewWorkflow } from '../../worker/rapid-review-start';
import type { AppDependencies } from '../app';
import { caseScope } from '../auth/policy';
import { principalOf } from '../auth/principal';
import { resumedRequest } from '../idempotency';
import { conflict, notFound, parse, Problem } from '../problem';
import { CaseListQuery, listCases } from '../list-query';
import { isTemporalUnreachable, temporalUnavailable, withStartDeadline } from '../temporal-unavailable';
import { executiveView, recipientList, recordCaseMilestone } from './review-lifecycle';

export function caseRoutes(deps: AppDependencies): Router {
  const { db, temporal } = deps;
  const router = Router();
  const today = () => utcToLondonDate((deps.clock ?? Date.now)());

  router.post('/rapid-reviews', async (req, res) => {
    const body = parse(StartRapidReviewBody, req.body, 'body');
    if (body.awareOn > today()) throw new Problem(400, 'Invalid request', `awareOn: must not be in the future (today is ${today()})`, { errors: [{ field: 'awareOn', rule: 'must not be in the future' }] });
    const workflowId = workflowIdFor('rapid-review', body.reference);
    const input = rapidReviewInput(deps, body);
    // The row comes first, so the pseudonym is never lost; a row left `starting` by a process that
    // died here is finished by the start reconciler (worker/reconcile-starts.ts) or by this
    // request's retry with the same Idempotency-Key.
    const row = await writeStartingCase(body, input, resumedRequest(res));
    const forget = () => db.case.deleteMany({ where: { reference: body.reference, stage: 'starting' } });
    let outcome: 'started' | 'already-running';
    try {
      outcome = await withStartDeadline(temporal, () => startRapidReviewWorkflow(deps, workflowId, input, row.resumed ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE'));
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
    if (outcome === 'already-running' && !row.resumed) {
      await forget().catch(() => undefined);
      throw conflict(`a rapid review for ${body.reference} is already running`);
    }
    res.locals.audited = true;
    await db.auditEntry.create({ data: { actor: actorOf(res.locals), action: 'start-rapid-review', resource: `case:${body.reference}`, origin: req.ip ?? null, requestId: String(res.getHeader('X-Request-Id')), outcome: row.resumed ? 'accepted (resumed after an unanswered request)' : 'accepted' } });
    res.status(201).location(`/api/cases/${body.reference}`).json({ reference: body.reference, workflowId, calendarVersion: row.calendarVersion, ruleSetId: row.ruleSetId, ruleSet: ruleSetSummary(row.ruleSetId) });
  });

  /**
   * Writes the case in stage `starting`. A resumed request (its first attempt died unanswered) takes
   * over its own row: same process and awareOn, and the same pseudonym or none yet (a row written by
   * the workflow itself when the first attempt's answer was lost after the start got through).
   */
  async function writeStartingCase(body: StartRapidReviewBody, input: RapidReviewInput, resumed: boolean): Promise<{ resumed: boolean; calendarVersion: string; ruleSetId: string }> {
    try {
      await db.case.create({
        data: { reference: body.reference, process: 'rapid-review', workflowId: workflowIdFor('rapid-review', body.reference), stage: 'starting', state: 'open', awareOn: body.awareOn, childPseudonym: body.childPseudonym, ruleSetId: input.ruleSet.id, calendarVersion: input.calendar.version },
      });
      return { resumed: false, calendarVersion: input.calendar.version, ruleSetId: input.ruleSet.id };
    } catch (err) {
      if ((err as { code?: string }).code !== 'P2002') throw err;
    }
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

  router.get('/cases/:ref', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const { live: askedForLive } = parse(CaseReadQuery, req.query, 'query');
    const found = await db.case.findUnique({
      where: { reference: ref },
      include: { deadlines: { orderBy: { due: 'asc' } }, events: { orderBy: { id: 'asc' } }, emails: { orderBy: { id: 'asc' } } },
    });
    if (!found) throw notFound(`case ${ref}`);
    const calendar = deps.calendar();
    const now = today();
    // The read model answers; a workflow query (which replays on a cache miss and queues behind the
    // workflow's tasks) only when the caller asks for live state.
    const live = found.state === 'open' && askedForLive ? await liveStatus(found.workflowId, found.process, now) : undefined;
    const deadlines = live
      ? live.deadlines
      : found.deadlines.map((d) => {
          const deadline: Deadline = { key: d.key, ruleId: d.ruleId as Deadline['ruleId'], title: d.title, kind: d.kind === 'standing' ? 'standing' : 'deadline', due: d.due, statutoryDue: d.statutoryDue, paused: d.paused, sentence: d.sentence, explanation: JSON.parse(d.explanation) as Deadline['explanation'] };
          return { ...deadline, ...(d.metOn ? { metOn: d.metOn } : {}), ...deadlineStatus(deadline, now, calendar, d.metOn ? { metOn: d.metOn } : {}) };
        });
    res.json({
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
      health: live && 'health' in live ? live.health : caseHealth(deadlines, { finishKey: found.process === 'practice-review' ? 'completion' : 'rapid-review', completed: found.state !== 'open', onHold: found.paused }),
      ...(live && 'health' in live ? { live: executiveView(found.reference, live) } : {}),
      ...(live && !('health' in live)
        ? {
            live: {
              stage: live.stage,
              health: caseHealth(live.deadlines, { finishKey: 'rapid-review', completed: false, onHold: false }),
              outcome: live.outcome ?? null,
              owed: live.owed ?? [],
              ...(live.openActions ? { openActions: live.openActions } : {}),
              practiceReview: live.practiceReview ?? null,
              nextReminderAt: live.nextReminderAt ?? null,
            },
          }
        : {}),
      deadlines,
      // For the pages' milestone form: the milestones of this case's process, in order.
      milestoneOptions: found.process === 'practice-review' ? PRACTICE_REVIEW_MILESTONES : RAPID_REVIEW_MILESTONES,
      paused: found.paused,
      timeline: found.events.map((e) => ({ occurredOn: e.occurredOn, recordedAt: e.recordedAt.toISOString(), kind: e.kind, summary: e.summary, actor: e.actor, note: e.note })),
      emails: found.emails.map((m) => ({ messageId: m.messageId, kind: m.kind, recipients: recipientList(m.recipients), subject: m.subject, status: m.status, delivery: emailDelivery(m), attempts: m.attempts, lastError: m.lastError, sentAt: m.sentAt?.toISOString() ?? null })),
    });
  });

  router.post('/cases/:ref/milestones', async (req, res) => {
    await recordCaseMilestone(deps, req, res);
  });

  /** The open case's state straight from its workflow; the read model if the workflow cannot answer promptly. */
  async function liveStatus(workflowId: string, process: string, asOf: string): Promise<RapidReviewStatus | PracticeReviewStatus | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), 3000);
    });
    try {
      const handle = temporal.workflow.getHandle(workflowId);
      const query = process === 'practice-review' ? handle.query(practiceReviewStatus, { asOf }) : handle.query(rapidReviewStatus, { asOf });
      return await Promise.race([query, timeout]);
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

function actorOf(locals: Record<string, unknown>): string {
  return typeof locals.actor === 'string' ? locals.actor : 'local-user';
}
