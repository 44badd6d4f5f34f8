/**
 * The Executive Group's meeting cycle: started here, then a case of the registry like any other
 * (read at /api/cases/{ref}; its milestones recorded here, by the executive or an admin).
 */
import { Router } from 'express';
import { z } from 'zod';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { workflowIdFor } from '../../domain/contracts';
import { ExecutiveMilestoneBody, StartExecutiveCycleBody } from '../../domain/executive-cycle';
import { CaseReferenceParams } from '../../domain/schemas';
import { executiveCycle } from '../../workflows';
import { executiveCycleStatus } from '../../workflows/executive-cycle-definitions';
import type { AppDependencies } from '../app';
import { resumedRequest } from '../idempotency';
import type { Endpoint } from '../openapi';
import { executiveCycleView } from '../processes';
import { conflict, notFound, parse } from '../problem';
import { isTemporalUnreachable, temporalUnavailable, whileReachable, withStartDeadline } from '../temporal-unavailable';
import { recordAccess } from '../workflow-calls';
import { recordCaseMilestone } from './review-lifecycle';

export function executiveCycleRoutes(deps: AppDependencies): Router {
  const { db, temporal } = deps;
  const router = Router();

  router.post('/executive-cycles', async (req, res) => {
    const body = parse(StartExecutiveCycleBody, req.body, 'body');
    const workflowId = workflowIdFor('executive-cycle', body.reference);
    if (!resumedRequest(res) && (await db.case.findUnique({ where: { reference: body.reference }, select: { reference: true } }))) throw conflict(`case ${body.reference} already exists`);
    // The workflow writes the cycle's row itself, so a start is whole or absent.
    try {
      await withStartDeadline(temporal, () =>
        temporal.workflow.start(executiveCycle, {
          workflowId,
          taskQueue: deps.taskQueue,
          args: [{ reference: body.reference, pattern: body.pattern, firstMeetingOn: body.firstMeetingOn, calendar: deps.calendar(), ...(deps.ladder ? { reminderLocalTime: deps.ladder.localTime } : {}) }],
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        if (!resumedRequest(res)) throw conflict(`an Executive Group meeting cycle ${body.reference} is already running`);
      } else if (isTemporalUnreachable(err)) throw temporalUnavailable(`Executive Group meeting cycle ${body.reference} not started`);
      else throw err;
    }
    const status = await whileReachable(temporal, temporal.workflow.getHandle(workflowId).query(executiveCycleStatus));
    await readModelShows(body.reference);
    await recordAccess(db, req, res, { action: 'start-executive-cycle', resource: `case:${body.reference}`, outcome: 'accepted' });
    res.status(201).location(`/api/executive-cycles/${body.reference}`).json({ workflowId, ...executiveCycleView(status) });
  });

  /** The workflow writes the cycle's row with its first step: answer once it is there, so the caller's next request finds it. */
  async function readModelShows(reference: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await db.case.findUnique({ where: { reference }, select: { reference: true } })) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  router.get('/executive-cycles/:ref', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    try {
      const status = await whileReachable(temporal, temporal.workflow.getHandle(workflowIdFor('executive-cycle', ref)).query(executiveCycleStatus));
      res.json(executiveCycleView(status));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw notFound(`Executive Group meeting cycle ${ref}`);
      throw err;
    }
  });

  router.post('/executive-cycles/:ref/milestones', async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const found = await db.case.findUnique({ where: { reference: ref }, select: { process: true } });
    if (!found) throw notFound(`Executive Group meeting cycle ${ref}`);
    if (found.process !== 'executive-cycle') throw conflict(`case ${ref} is a ${found.process}, not an Executive Group meeting cycle`, { reason: 'not an Executive Group meeting cycle' });
    await recordCaseMilestone(deps, req, res);
  });

  return router;
}

const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), reason: z.string().optional() }).loose();
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: c === 409 ? 'refused, with the reason' : c === 404 ? 'not found' : 'error', schema: Problem }]));
const STD = [400, 401, 403, 429];
const CycleView = z
  .object({ reference: z.string(), stage: z.string(), cadences: z.array(z.object({}).loose()), nextMeeting: z.object({ meetingOn: z.string(), papersDueOn: z.string(), agendaDueOn: z.string() }), meetings: z.array(z.object({}).loose()), openActions: z.array(z.object({}).loose()) })
  .loose();
const TAG = 'executive group';

/** For the OpenAPI document (api/openapi.ts appends them). */
export const EXECUTIVE_CYCLE_ENDPOINTS: Endpoint[] = [
  { method: 'post', path: '/api/executive-cycles', summary: "Start the Executive Group's meeting cycle (monthly or two-weekly; may start in the past)", tag: TAG, body: StartExecutiveCycleBody, responses: { 201: { description: 'started', schema: CycleView }, ...problems(...STD, 409, 413) } },
  { method: 'get', path: '/api/executive-cycles/:ref', summary: 'The cycle live: cadences, next meeting with its papers and agenda dates, meetings, open actions', tag: TAG, params: CaseReferenceParams, responses: { 200: { description: 'the cycle', schema: CycleView }, ...problems(...STD, 404) } },
  {
    method: 'post',
    path: '/api/executive-cycles/:ref/milestones',
    summary: 'Record an agenda, a meeting held, its decisions (kept in the protected note) or actions, a completed action, or a cadence change (refused with 409 and a reason when out of order)',
    tag: TAG,
    params: CaseReferenceParams,
    body: ExecutiveMilestoneBody,
    responses: { 200: { description: 'accepted', schema: CycleView }, ...problems(...STD, 404, 409, 413) },
  },
];
