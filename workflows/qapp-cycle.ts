/**
 * The QAPP meeting cycle of one partnership (PROCESSES.md "The QAPP meeting cycle"): meetings in a
 * rotation of three types on a cadence the executive can change, each with an agenda, a papers
 * deadline, minutes and actions chased until done. It lives forever, so it continues-as-new after
 * every meeting 3 (a cycle boundary), carrying the rotation, the meetings still awaiting minutes,
 * the open actions and the audits it knows. The workflow only waits: its state and messages are in
 * qapp-state.ts, its meeting plan in qapp-schedule.ts, its audits in qapp-audits.ts.
 */
import { allHandlersFinished, condition, continueAsNew, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { QaActivities } from '../activities';
import { QA_HISTORY_QUIET_PATCH } from './audit';
import { noticeBatches } from './notice-batches';
import { auditChanged, changeCadence, completeMeetingAction, qappStatus, recordMinutes, resumeAuditActivity, stopCycle, suspendAuditActivity, type QappCycleInput } from './qapp-definitions';
import { qappCycleState } from './qapp-state';
import { ACTIVITY_OPTIONS, sleepUntil } from './runtime';

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
  let finished = false;
  plan.scheduleNext();
  for (;;) {
    await housekeeping();
    if (core.boundary) break;
    if (quiet && cycle.settled() && allHandlersFinished() && batches.sending === 0) {
      finished = true;
      break;
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

  // The cycle boundary: everything recorded, every update answered, then a fresh history.
  for (;;) {
    await housekeeping();
    if (allHandlersFinished() && cycle.quiescent() && batches.sending === 0) break;
    await condition(() => (allHandlersFinished() && batches.sending === 0) || !cycle.quiescent() || batches.failure !== undefined);
  }
  const carried = cycle.carried();
  const { c } = core;
  if (finished) {
    log.info('qapp cycle ended', { partnership: input.partnership, endsOn: c.endsOn, workflowId: workflowInfo().workflowId });
    return;
  }
  if (input.maxRuns !== undefined && c.run >= input.maxRuns) {
    log.info('qapp cycle stopped after its test runs', { partnership: input.partnership, runs: c.run, workflowId: workflowInfo().workflowId });
    return;
  }
  await continueAsNew<typeof qappCycle>({ ...input, carried });
}
