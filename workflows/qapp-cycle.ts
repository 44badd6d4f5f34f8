/**
 * The QAPP meeting cycle of one partnership (PROCESSES.md "The QAPP meeting cycle"): meetings in a
 * rotation of three types on a cadence the executive can change, each with an agenda, a papers
 * deadline, minutes and actions chased until done. It lives forever, so it continues-as-new after
 * every meeting 3 (a cycle boundary, its policy for workflows/runtime.ts), carrying the rotation, the meetings still awaiting minutes,
 * the open actions and the audits it knows. The workflow only waits: its state and messages are in
 * qapp-state.ts, its meeting plan in qapp-schedule.ts, its audits in qapp-audits.ts.
 */
import { allHandlersFinished, condition, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { QaActivities } from '../activities';
import { noticeBatches } from './notice-batches';
import { QA_HISTORY_QUIET_PATCH } from './patches';
import { auditChanged, changeCadence, completeMeetingAction, qappStatus, recordMinutes, resumeAuditActivity, stopCycle, suspendAuditActivity, type QappCycleInput } from './qapp-definitions';
import { qappCycleState } from './qapp-state';
import { ACTIVITY_OPTIONS, continueAsNewWhen, sleepUntil } from './runtime';

const { sendNotices } = proxyActivities<QaActivities>(ACTIVITY_OPTIONS.batch);

export async function qappCycle(input: QappCycleInput): Promise<void> {
  const quiet = patched(QA_HISTORY_QUIET_PATCH);
  const cycle = qappCycleState(input, quiet);
  const { core, plan, audits } = cycle;
  const batches = noticeBatches(sendNotices, () => {
    core.rearmed = true;
  });

  setHandler(qappStatus, cycle.status);
  setHandler(recordMinutes, cycle.recordMinutes.apply, { validator: cycle.recordMinutes.validate });
  setHandler(completeMeetingAction, cycle.completeAction.apply, { validator: cycle.completeAction.validate });
  setHandler(changeCadence, cycle.changeCadence.apply, { validator: cycle.changeCadence.validate });
  setHandler(suspendAuditActivity, cycle.suspendAuditActivity.apply, { validator: cycle.suspendAuditActivity.validate });
  setHandler(resumeAuditActivity, cycle.resumeAuditActivity.apply, { validator: cycle.resumeAuditActivity.validate });
  setHandler(stopCycle, cycle.stopCycle.apply, { validator: cycle.stopCycle.validate });
  setHandler(auditChanged, cycle.auditChanged);

  const housekeeping = async () => {
    if (batches.failure !== undefined) throw batches.failure;
    await cycle.housekeeping();
  };
  // Everything recorded, every update answered: the run can end or hand over.
  const drain = async () => {
    for (;;) {
      await housekeeping();
      if (allHandlersFinished() && cycle.quiescent() && batches.sending === 0) break;
      await condition(() => (allHandlersFinished() && batches.sending === 0) || !cycle.quiescent() || batches.failure !== undefined);
    }
  };
  const { c } = core;
  const lastTestRun = () => input.maxRuns !== undefined && c.run >= input.maxRuns;
  plan.scheduleNext();
  for (;;) {
    await housekeeping();
    await continueAsNewWhen<typeof qappCycle>({ due: () => core.boundary && !lastTestRun(), drain }, () => ({ ...input, carried: cycle.carried() }));
    if (core.boundary) break;
    if (quiet && cycle.settled() && allHandlersFinished() && batches.sending === 0) {
      await drain();
      log.info('qapp cycle ended', { partnership: input.partnership, endsOn: c.endsOn, workflowId: workflowInfo().workflowId });
      return;
    }
    plan.scheduleNext();
    if (core.revision.unpersisted()) continue;
    const nextAtMs = plan.nextAtMs();
    core.rearmed = false;
    const woke = await sleepUntil(nextAtMs, () => core.rearmed || audits.pending() || core.revision.unpersisted(), 'ten-year-timer');
    if (woke) continue;
    const notices = plan.applyDue();
    if (notices.length === 0) continue;
    await batches.dispatch(notices);
  }
  await drain();
  log.info('qapp cycle stopped after its test runs', { partnership: input.partnership, runs: c.run, workflowId: workflowInfo().workflowId });
}
