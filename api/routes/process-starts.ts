/**
 * The routes of every process started from the API on its own (`startedOnItsOwn` in the registry,
 * api/processes.ts), generated: start it, read it live, record its milestones. Once started it is a
 * case like any other (read at /api/cases/{ref}).
 */
import { Router } from 'express';
import { z } from 'zod';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { workflowIdFor, workflowTypeFor, type ProcessName } from '../../domain/contracts';
import { PROCESS_NAMES } from '../../domain/processes';
import { CaseReferenceParams } from '../../domain/schemas';
import type { AppDependencies } from '../app';
import { resumedRequest } from '../idempotency';
import type { Endpoint } from '../openapi';
import { PROCESSES, type StartedOnItsOwn } from '../processes';
import { conflict, notFound, parse } from '../problem';
import { isTemporalUnreachable, temporalUnavailable, whileReachable, withStartDeadline } from '../temporal-unavailable';
import { recordAccess, runQuery } from '../workflow-calls';
import type * as Workflows from '../../workflows/index';
import { recordCaseMilestone } from './review-lifecycle';
import { londonToday } from '../today';

/** The processes started from the API on their own, with what the registry says of starting them. */
export const STARTED_ON_THEIR_OWN = PROCESS_NAMES.flatMap((process) => {
  const started = PROCESSES[process].startedOnItsOwn;
  return started ? [{ process, title: PROCESSES[process].title, ...started }] : [];
});

const article = (title: string) => (/^[aeiou]/i.test(title) ? 'an' : 'a');

export function processStartRoutes(deps: AppDependencies): Router {
  const router = Router();
  for (const started of STARTED_ON_THEIR_OWN) mount(router, deps, started);
  return router;
}

function mount(router: Router, deps: AppDependencies, started: StartedOnItsOwn & { process: ProcessName; title: string }): void {
  const { db, temporal } = deps;
  const { process, title } = started;
  // A process whose workflow the bundle (workflows/index.ts) does not export fails to compile here.
  const workflowType = workflowTypeFor(process) satisfies keyof typeof Workflows;
  const today = londonToday(deps);
  const view = async (ref: string) => (await whileReachable(temporal, PROCESSES[process].live(temporal.workflow.getHandle(workflowIdFor(process, ref)), today()))).view;

  router.post(`/${started.path}`, async (req, res) => {
    const body = parse(started.body, req.body, 'body') as Record<string, unknown> & { reference: string };
    const workflowId = workflowIdFor(process, body.reference);
    if (!resumedRequest(res) && (await db.case.findUnique({ where: { reference: body.reference }, select: { reference: true } }))) throw conflict(`case ${body.reference} already exists`);
    // The workflow writes the case's row itself, so a start is whole or absent.
    try {
      await withStartDeadline(temporal, () => temporal.workflow.start(workflowType, { workflowId, taskQueue: deps.taskQueue, args: [started.input(body, deps)] }));
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        if (!resumedRequest(res)) throw conflict(`${article(title)} ${title} ${body.reference} is already running`);
      } else if (isTemporalUnreachable(err)) throw temporalUnavailable(`${title} ${body.reference} not started`);
      else throw err;
    }
    const answer = await view(body.reference);
    await readModelShows(body.reference);
    await recordAccess(db, req, res, { action: `start-${process}`, resource: `case:${body.reference}`, outcome: 'accepted' });
    res.status(201).location(`/api/${started.path}/${body.reference}`).json({ workflowId, ...answer });
  });

  /** The workflow writes the case's row with its first step: answer once it is there, so the caller's next request finds it. */
  async function readModelShows(reference: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (await db.case.findUnique({ where: { reference }, select: { reference: true } })) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  router.get(`/${started.path}/:ref`, async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    res.json(await runQuery(temporal, { title: `${title} ${ref}` }, () => view(ref)));
  });

  router.post(`/${started.path}/:ref/milestones`, async (req, res) => {
    const { ref } = parse(CaseReferenceParams, req.params, 'path');
    const found = await db.case.findUnique({ where: { reference: ref }, select: { process: true } });
    if (!found) throw notFound(`${title} ${ref}`);
    if (found.process !== process) throw conflict(`case ${ref} is a ${found.process}, not ${article(title)} ${title}`, { reason: `not ${article(title)} ${title}` });
    await recordCaseMilestone(deps, req, res);
  });
}

const Problem = z.object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), reason: z.string().optional() }).loose();
const problems = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: c === 409 ? 'refused, with the reason' : c === 404 ? 'not found' : 'error', schema: Problem }]));
const STD = [400, 401, 403, 429];

/** For the OpenAPI document (api/openapi.ts appends them). */
export const PROCESS_START_ENDPOINTS: Endpoint[] = STARTED_ON_THEIR_OWN.flatMap(({ process, path, tag, body, viewSchema, summaries }): Endpoint[] => [
  { method: 'post', path: `/api/${path}`, summary: summaries.start, tag, body, responses: { 201: { description: 'started', schema: viewSchema }, ...problems(...STD, 409, 413) } },
  { method: 'get', path: `/api/${path}/:ref`, summary: summaries.read, tag, params: CaseReferenceParams, responses: { 200: { description: `the ${PROCESSES[process].title}`, schema: viewSchema }, ...problems(...STD, 404) } },
  { method: 'post', path: `/api/${path}/:ref/milestones`, summary: summaries.milestone, tag, params: CaseReferenceParams, body: PROCESSES[process].milestoneBody, responses: { 200: { description: 'accepted', schema: viewSchema }, ...problems(...STD, 404, 409, 413) } },
]);
