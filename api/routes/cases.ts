/** Cases: start a rapid review, read a case, record a milestone. */
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { workflowIdFor } from '../../domain/case-reference';
import { caseHealth, deadlineStatus, type Deadline } from '../../domain/deadlines';
import { utcToLondonDate } from '../../domain/london-time';
import { PRACTICE_REVIEW_MILESTONES } from '../../domain/practice-review';
import { RAPID_REVIEW_MILESTONES } from '../../domain/rapid-review';
import { ruleSetById } from '../../domain/rules';
import { CaseReferenceParams, StartRapidReviewBody } from '../../domain/schemas';
import { rapidReview } from '../../workflows';
import { rapidReviewStatus, type RapidReviewInput, type RapidReviewStatus } from '../../workflows/definitions';
import { practiceReviewStatus, type PracticeReviewStatus } from '../../workflows/practice-review-definitions';
import { CaseReferenceKey, ReviewProcessKey, ReviewStageKey } from '../../workflows/search-attributes';
import type { AppDependencies } from '../app';
import { caseScope } from '../auth/policy';
import { principalOf } from '../auth/principal';
import { conflict, notFound, parse, Problem } from '../problem';
import { CaseListQuery, listCases } from '../list-query';
import { executiveView, recipientList, recordCaseMilestone } from './review-lifecycle';

export function caseRoutes(deps: AppDependencies): Router {
  const { db, temporal } = deps;
  const router = Router();
  const today = () => utcToLondonDate((deps.clock ?? Date.now)());

  router.post('/rapid-reviews', async (req, res) => {
    const body = parse(StartRapidReviewBody, req.body, 'body');
    if (body.awareOn > today()) throw new Problem(400, 'Invalid request', `awareOn: must not be in the future (today is ${today()})`, { errors: [{ field: 'awareOn', rule: 'must not be in the future' }] });
    const workflowId = workflowIdFor('rapid-review', body.reference);
    const calendar = deps.calendar();
    const ruleSet = deps.ruleSet(body.awareOn);
    try {
      await db.case.create({
        data: { reference: body.reference, process: 'rapid-review', workflowId, stage: 'starting', state: 'open', awareOn: body.awareOn, childPseudonym: body.childPseudonym, ruleSetId: ruleSet.id, calendarVersion: calendar.version },
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002') throw conflict(`case ${body.reference} already exists`);
      throw err;
    }
    const input: RapidReviewInput = { reference: body.reference, awareOn: body.awareOn, ruleSet, calendar, ...(deps.ladder ? { ladder: deps.ladder } : {}), ...(deps.partnership ? { partnership: deps.partnership } : {}) };
    try {
      await temporal.workflow.start(rapidReview, {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [input],
        ...(deps.searchAttributes
          ? { typedSearchAttributes: [{ key: CaseReferenceKey, value: body.reference }, { key: ReviewProcessKey, value: 'rapid-review' }, { key: ReviewStageKey, value: 'notification-due' }] }
          : {}),
      });
    } catch (err) {
      await db.case.delete({ where: { reference: body.reference } }).catch(() => undefined);
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw conflict(`a rapid review for ${body.reference} is already running`);
      throw err;
    }
    res.locals.audited = true;
    await db.auditEntry.create({ data: { actor: actorOf(res.locals), action: 'start-rapid-review', resource: `case:${body.reference}`, origin: req.ip ?? null, requestId: String(res.getHeader('X-Request-Id')), outcome: 'accepted' } });
    res.status(201).location(`/api/cases/${body.reference}`).json({ reference: body.reference, workflowId, calendarVersion: calendar.version, ruleSetId: ruleSet.id, ruleSet: ruleSetSummary(ruleSet.id) });
  });

  router.get('/cases', async (req, res) => {
    const query = parse(CaseListQuery, req.query, 'query');
    res.json(await listCases(db, query, { scope: caseScope(principalOf(res.locals)), today: today(), calendar: deps.calendar() }));
  });

  router.get('/cases/:ref', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const found = await db.case.findUnique({
      where: { reference: ref },
      include: { deadlines: { orderBy: { due: 'asc' } }, events: { orderBy: { id: 'asc' } }, emails: { orderBy: { id: 'asc' } } },
    });
    if (!found) throw notFound(`case ${ref}`);
    const calendar = deps.calendar();
    const now = today();
    const live = found.state === 'open' ? await liveStatus(found.workflowId, found.process, now) : undefined;
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
      emails: found.emails.map((m) => ({ messageId: m.messageId, kind: m.kind, recipients: recipientList(m.recipients), subject: m.subject, status: m.status, sentAt: m.sentAt?.toISOString() ?? null })),
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
