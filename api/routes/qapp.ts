/**
 * The QAPP meeting cycle: start it, read it, record minutes and actions, the executive's controls
 * (cadence, suspension of audit activity), the meetings list and the dashboard for meeting 1.
 */
import type { Request, Response, Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { CadenceBody, CompleteMeetingActionBody, MeetingParams, MinutesBody, PartnershipParams, ResumeAuditsBody, StartQappBody, StopCycleBody, SuspendBody } from '../../domain/audit-schemas';
import { returnRate } from '../../domain/audits';
import { utcToLondonDate } from '../../domain/london-time';
import { qappCycle } from '../../workflows';
import { changeCadence, completeMeetingAction, qappStatus, recordMinutes, resumeAuditActivity, stopCycle, suspendAuditActivity, type QappStatus } from '../../workflows/qapp-definitions';
import { auditWorkflowId, qappWorkflowId } from '../../domain/contracts';
import type { AppDependencies } from '../app';
import { resumedRequest } from '../idempotency';
import { conflict, parse, Problem } from '../problem';
import { isTemporalUnreachable, temporalUnavailable, withStartDeadline } from '../temporal-unavailable';
import { actorOf, runQuery, runUpdate, updateIdFor } from '../workflow-calls';
import { routeModule } from '../route-module';

export function qappRoutes(deps: AppDependencies): Router {
  const { db, temporal, router, today } = routeModule(deps);

  router.post('/qapp', async (req, res) => {
    const body = parse(StartQappBody, req.body, 'body');
    if (body.endsOn !== undefined && body.endsOn < body.cadence.from) throw new Problem(400, 'Invalid request', `endsOn: must not be before cadence.from (${body.cadence.from})`, { errors: [{ field: 'endsOn', rule: 'must not be before cadence.from' }] });
    const workflowId = qappWorkflowId(body.partnership);
    // The cycle has no row of its own: the workflow is the whole of it, so a start is whole or absent.
    const resumed = resumedRequest(res);
    try {
      await withStartDeadline(temporal, () =>
        temporal.workflow.start(qappCycle, {
          workflowId,
          taskQueue: deps.taskQueue,
          args: [{ partnership: body.partnership, calendar: deps.calendar(), cadence: body.cadence, ...(body.endsOn ? { endsOn: body.endsOn } : {}), ...(body.config ? { config: Object.fromEntries(Object.entries(body.config).filter(([, v]) => v !== undefined)) } : {}) }],
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        if (!resumed) throw conflict(`the QAPP cycle of ${body.partnership} is already running`);
      } else if (isTemporalUnreachable(err)) throw temporalUnavailable(`QAPP cycle of ${body.partnership} not started`);
      else throw err;
    }
    res.status(201).location(`/api/qapp/${body.partnership}`).json({ partnership: body.partnership, workflowId });
  });

  router.get('/qapp/:partnership', async (req, res) => {
    const { partnership } = parse(PartnershipParams, req.params, 'path');
    res.json(await runQuery(temporal, { title: `QAPP cycle of ${partnership}` }, () => temporal.workflow.getHandle(qappWorkflowId(partnership)).query(qappStatus)));
  });

  router.get('/qapp/:partnership/meetings', async (req, res) => {
    const { partnership } = parse(PartnershipParams, req.params, 'path');
    const now = today();
    const meetings = await db.meeting.findMany({ where: { partnership }, orderBy: { seq: 'asc' } });
    const actions = await db.qaAction.findMany({ where: { scope: 'meeting', parentRef: { in: meetings.map((m) => m.id) } }, orderBy: { key: 'asc' } });
    res.json({
      today: now,
      meetings: meetings.map((m) => {
        const mine = actions.filter((a) => a.parentRef === m.id);
        return {
          id: m.id,
          seq: m.seq,
          type: m.type,
          purpose: m.purpose,
          date: m.date,
          papersDueOn: m.papersDueOn,
          agendaOn: m.agendaOn,
          state: m.state,
          minutedOn: m.minutedOn,
          decisions: m.decisions,
          actions: mine.map((a) => ({ key: a.key, owner: a.owner, dueOn: a.dueOn, completedOn: a.completedOn, overdue: !a.completedOn && a.dueOn < now })),
        };
      }),
    });
  });

  router.post('/qapp/:partnership/meetings/:meetingId/minutes', async (req, res) => {
    const { partnership, meetingId } = parse(MeetingParams, req.params, 'path');
    const body = parse(MinutesBody, req.body, 'body');
    const actor = actorOf(res.locals);
    const launches = (body.launchAudits ?? []).map(({ participants, ...l }) => ({ ...l, participants: participants.map(({ id, label, address }) => ({ id, label, ...(address ? { address } : {}) })) }));
    for (const l of launches) {
      await db.audit
        .create({ data: { reference: l.reference, type: l.type, partnership, theme: l.theme ?? null, workflowId: auditWorkflowId(l.reference), stage: 'returns-open', state: 'open', openedOn: body.heldOn, returnsDueOn: l.returnsDueOn, participants: l.participants.length, returned: 0 } })
        .catch((err: { code?: string }) => {
          if (err.code === 'P2002') throw conflict(`audit ${l.reference} already exists`);
          throw err;
        });
    }
    const status = await update(req, res, partnership, 'record-minutes', (h) =>
      h.executeUpdate(recordMinutes, {
        args: [{ meetingId, heldOn: body.heldOn, recordedBy: actor, decisions: body.decisions.length, actions: body.actions.map(({ key, owner, dueOn }) => ({ key, owner, dueOn })), ...(launches.length ? { launchAudits: launches } : {}) }],
        ...updateIdFor(res),
      }),
    ).catch(async (err: unknown) => {
      // A busy workflow may still apply the minutes (and launch these audits) when the retry comes.
      if (!(err instanceof Problem && err.status === 503)) await db.audit.deleteMany({ where: { reference: { in: launches.map((l) => l.reference) }, revision: 0 } });
      throw err;
    });
    // Decisions and action descriptions are free text: the protected fields hold them, never workflow history.
    await db.meeting.update({ where: { id: meetingId }, data: { minutes: JSON.stringify(body.decisions) } });
    for (const a of body.actions) {
      if (a.description) await db.qaAction.update({ where: { key: `${meetingId}:${a.key}` }, data: { description: a.description } });
    }
    res.status(200).json(status);
  });

  router.post('/qapp/:partnership/actions/complete', async (req, res) => {
    const { partnership } = parse(PartnershipParams, req.params, 'path');
    const body = parse(CompleteMeetingActionBody, req.body, 'body');
    const actor = actorOf(res.locals);
    res.json(await update(req, res, partnership, 'complete-action', (h) => h.executeUpdate(completeMeetingAction, { args: [{ key: body.key, completedOn: body.completedOn, recordedBy: actor }], ...updateIdFor(res) })));
  });

  router.post('/qapp/:partnership/cadence', async (req, res) => {
    const { partnership } = parse(PartnershipParams, req.params, 'path');
    const body = parse(CadenceBody, req.body, 'body');
    const actor = actorOf(res.locals);
    res.json(await update(req, res, partnership, 'change-cadence', (h) => h.executeUpdate(changeCadence, { args: [{ ...body, recordedBy: actor }], ...updateIdFor(res) }), `every ${body.everyMonths} month(s) from ${body.from}`));
  });

  router.post('/qapp/:partnership/suspend', async (req, res) => {
    const { partnership } = parse(PartnershipParams, req.params, 'path');
    const body = parse(SuspendBody, req.body, 'body');
    const actor = actorOf(res.locals);
    res.json(await update(req, res, partnership, 'suspend-audit-activity', (h) => h.executeUpdate(suspendAuditActivity, { args: [{ ...body, recordedBy: actor }], ...updateIdFor(res) }), `from ${body.from}`));
  });

  router.post('/qapp/:partnership/resume', async (req, res) => {
    const { partnership } = parse(PartnershipParams, req.params, 'path');
    const body = parse(ResumeAuditsBody, req.body, 'body');
    const actor = actorOf(res.locals);
    res.json(await update(req, res, partnership, 'resume-audit-activity', (h) => h.executeUpdate(resumeAuditActivity, { args: [{ ...body, recordedBy: actor }], ...updateIdFor(res) }), `on ${body.on}`));
  });

  router.post('/qapp/:partnership/stop', async (req, res) => {
    const { partnership } = parse(PartnershipParams, req.params, 'path');
    const body = parse(StopCycleBody, req.body, 'body');
    const actor = actorOf(res.locals);
    res.json(await update(req, res, partnership, 'stop-cycle', (h) => h.executeUpdate(stopCycle, { args: [{ on: body.on, recordedBy: actor }], ...updateIdFor(res) }), `on ${body.on}`));
  });

  /** QAPP meeting 1's data: cases by stage and timeliness, audit completion, overdue actions. */
  router.get('/qapp/:partnership/dashboard', async (req, res) => {
    const { partnership } = parse(PartnershipParams, req.params, 'path');
    const now = today();
    // Cases and audits without a partnership belong to this deployment's (PARTNERSHIP); another partnership's cycle sees only its own.
    const ours = !deps.partnership || deps.partnership === partnership;
    const openCases = ours ? await db.case.findMany({ where: { state: 'open' }, select: { stage: true, nextDue: true } }) : [];
    const byStage: Record<string, { total: number; overdue: number; dueWithin10Days: number }> = {};
    const soon = utcToLondonDate(Date.parse(`${now}T12:00:00Z`) + 10 * 86_400_000);
    for (const c of openCases) {
      const s = (byStage[c.stage] ??= { total: 0, overdue: 0, dueWithin10Days: 0 });
      s.total += 1;
      if (c.nextDue && c.nextDue < now) s.overdue += 1;
      else if (c.nextDue && c.nextDue <= soon) s.dueWithin10Days += 1;
    }
    const audits = await db.audit.findMany({ where: ours ? { OR: [{ partnership }, { partnership: null }] } : { partnership }, select: { reference: true, type: true, state: true, stage: true, participants: true, returned: true, returnsDueOn: true, paused: true } });
    const meetingIds = (await db.meeting.findMany({ where: { partnership }, select: { id: true } })).map((m) => m.id);
    const overdueActions = await db.qaAction.findMany({
      where: { completedOn: null, dueOn: { lt: now }, parentRef: { in: [...audits.map((a) => a.reference), ...meetingIds] } },
      orderBy: { dueOn: 'asc' },
      select: { key: true, scope: true, parentRef: true, owner: true, dueOn: true },
    });
    res.json({
      partnership,
      today: now,
      cases: { open: openCases.length, byStage, overdue: Object.values(byStage).reduce((n, s) => n + s.overdue, 0) },
      audits: {
        total: audits.length,
        completed: audits.filter((a) => a.state === 'completed').length,
        open: audits.filter((a) => a.state !== 'completed').length,
        paused: audits.filter((a) => a.paused).length,
        items: audits.map((a) => ({ reference: a.reference, type: a.type, state: a.state, stage: a.stage, returnsDueOn: a.returnsDueOn, returnRate: returnRate(a.returned, a.participants) })),
      },
      overdueActions,
    });
  });

  /** An update on the cycle, which has no row of its own: its workflow is the whole of it (api/workflow-calls.ts: a missing one is 404). */
  function update(req: Request, res: Response, partnership: string, action: string, fn: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<QappStatus>, detail = ''): Promise<QappStatus> {
    const subject = { resource: `qapp:${partnership}`, title: `QAPP cycle of ${partnership}`, knownBy: 'workflow' as const };
    return runUpdate({ deps, req, res, subject, action: `qapp-${action}${detail ? ` ${detail}` : ''}` }, () => fn(temporal.workflow.getHandle(qappWorkflowId(partnership))));
  }

  return router;
}
