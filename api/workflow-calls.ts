/**
 * How a route calls a workflow, written once: the acting user, the access-audit entry of a domain
 * action, the time an update may take, and the one policy that turns Temporal's answers into HTTP ones.
 *
 * Not-found policy: what the engine does not know is 404; what it knows but whose workflow no longer
 * runs is 409 (`reason: '<subject> closed'`), because the thing exists and only the request
 * conflicts with its state. A case or an audit is known by its read-model row (the route looks it up
 * before calling); the QAPP cycle has no row, so its workflow is the whole of it and a missing
 * workflow is 404. A validator's refusal is 409 with the workflow's reason, audited as refused; an
 * unreachable Temporal is 503 (api/temporal-unavailable.ts); an update not finished within
 * UPDATE_WAIT_MS is 503 with `reason: 'workflow busy'` and Retry-After: it keeps its update ID, so a
 * retry with the same Idempotency-Key is answered by the same update once it is applied.
 */
import type { Request, Response } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Database } from '../prisma/client';
import { accessAuditLogOf } from './auth/access-audit';
import { actorOf } from './auth/principal';
import { idempotentId } from './idempotency';
import { conflict, notFound, Problem } from './problem';
import { answers, cutOff, isTemporalUnreachable, RETRY_AFTER_SECONDS, whileReachable } from './temporal-unavailable';

export { actorOf };

/** How long the API waits for an update to be applied before answering 503 (UPDATE_WAIT_MS). */
export const UPDATE_WAIT_MS = 10_000;

/** Records a domain action in the access audit trail (the generic entry of api/auth/access-audit.ts is then skipped). */
export async function recordAccess(db: Database, req: Request, res: Response, entry: { action: string; resource: string; outcome: string }): Promise<void> {
  res.locals.audited = true;
  const row = { actor: actorOf(res.locals), ...entry, origin: req.ip ?? null, requestId: String(res.getHeader('X-Request-Id')) };
  // The app's group-committed trail when the request came through it (api/auth/access-audit.ts).
  const trail = accessAuditLogOf(res);
  await (trail ? trail.record(row) : db.auditEntry.create({ data: row }));
}

/** A retry with the same Idempotency-Key sends the same update ID: Temporal applies it once and answers both. */
export function updateIdFor(res: Response, step?: string): { updateId?: string } {
  const updateId = idempotentId(res, 'update');
  return updateId ? { updateId: step ? `${updateId}:${step}` : updateId } : {};
}

/** What an update is called on, as the policy above needs it. */
export interface WorkflowSubject {
  /** On the access audit trail: `case:REF`, `audit:REF`, `qapp:PARTNERSHIP`. */
  resource: string;
  /** In an answer: `case REF`, `audit REF`, `QAPP cycle of PARTNERSHIP`. */
  title: string;
  /** How the engine knows it: by its read-model row (a missing workflow means closed) or by its workflow alone (a missing workflow means unknown). */
  knownBy: 'read-model' | 'workflow';
}

/** What a workflow call needs of the app's dependencies (api/app.ts). */
export interface WorkflowDeps {
  db: Database;
  temporal: Client;
  /** UPDATE_WAIT_MS; the default above when absent. */
  updateWaitMs?: number | undefined;
}

export interface UpdateCall {
  deps: WorkflowDeps;
  req: Request;
  res: Response;
  subject: WorkflowSubject;
  /** The domain action on the audit trail, e.g. `milestone:meeting-held`, `qapp-change-cadence every 1 month(s) from 2020-04-01`. */
  action: string;
}

/** A case's subject: known by its read-model row. */
export const caseSubject = (ref: string): WorkflowSubject => ({ resource: `case:${ref}`, title: `case ${ref}`, knownBy: 'read-model' });

/** Runs an update on a workflow under the policy above, audited as accepted or refused. */
export async function runUpdate<T>(call: UpdateCall, run: () => Promise<T>): Promise<T> {
  const { req, res, subject, action } = call;
  const { db, temporal } = call.deps;
  const waitMs = call.deps.updateWaitMs ?? UPDATE_WAIT_MS;
  const controller = new AbortController();
  try {
    const result = await cutOff(
      whileReachable(temporal, temporal.withAbortSignal(controller.signal, run)),
      waitMs,
      () => controller.abort(),
    ).catch(async (err: unknown) => {
      // Cut off by our own wait: the server is there but the workflow has not applied it (no worker, a long task).
      if (controller.signal.aborted && (await answers(temporal))) throw workflowBusy(subject, waitMs);
      throw err;
    });
    await recordAccess(db, req, res, { action, resource: subject.resource, outcome: 'accepted' });
    return result;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      await recordAccess(db, req, res, { action, resource: subject.resource, outcome: 'refused' });
      const reason = err.cause?.message ?? err.message;
      throw conflict(`${action.split(/[: ]/)[0]} refused: ${reason}`, { reason });
    }
    if (err instanceof WorkflowNotFoundError) {
      if (subject.knownBy === 'workflow') throw notFound(subject.title);
      const [kind] = subject.resource.split(':');
      throw conflict(`${subject.title} is closed: its workflow is no longer running`, { reason: `${kind} closed` });
    }
    throw err;
  }
}

/** Runs an update on a case's workflow under the policy above. */
export function runCaseUpdate<T>(ctx: Omit<UpdateCall, 'subject'> & { ref: string }, run: () => Promise<T>): Promise<T> {
  return runUpdate({ ...ctx, subject: caseSubject(ctx.ref) }, run);
}

/** How long a live read waits for its workflow's query: a query queues behind the workflow's current task. */
export const LIVE_QUERY_MS = 5_000;

/**
 * Reads a workflow's live state (a query) under the policy above: what has no workflow is 404 (a
 * live read is asked of the workflow itself); no answer within LIVE_QUERY_MS (busy, between runs,
 * or the server gone) is 503 with Retry-After: 1, never a long wait.
 */
export async function runQuery<T>(temporal: Client, subject: Pick<WorkflowSubject, 'title'>, query: () => Promise<T>): Promise<T> {
  try {
    return await cutOff(query(), LIVE_QUERY_MS);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(subject.title);
    if (isTemporalUnreachable(err)) throw new Problem(503, 'Service Unavailable', `${subject.title}: its workflow did not answer within ${LIVE_QUERY_MS / 1000} s; retry shortly`, { headers: { 'Retry-After': '1' } });
    throw err;
  }
}

function workflowBusy(subject: WorkflowSubject, waitMs: number): Problem {
  return new Problem(503, 'Service Unavailable', `${subject.title}: its workflow did not apply the change within ${waitMs / 1000} s; retry in ${RETRY_AFTER_SECONDS} s with the same Idempotency-Key to get its answer`, {
    reason: 'workflow busy',
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });
}
