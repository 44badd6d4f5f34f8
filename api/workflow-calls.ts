/**
 * How a route calls a workflow, written once: the acting user, the access-audit entry of a domain
 * action, and the one policy that turns Temporal's answers into HTTP ones.
 *
 * Not-found policy: a reference the database does not know is 404 (the route looks it up before
 * calling); a known case whose workflow no longer runs is 409 (`reason: 'case closed'`), because
 * the case exists and only the request conflicts with its state. A validator's refusal is 409 with
 * the workflow's reason, audited as refused; an unreachable Temporal is 503 (api/temporal-unavailable.ts).
 */
import type { Request, Response } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Database } from '../prisma/client';
import { actorOf } from './auth/principal';
import { idempotentId } from './idempotency';
import { conflict } from './problem';
import { whileReachable } from './temporal-unavailable';

export { actorOf };

/** Records a domain action in the access audit trail (the generic entry of api/auth/access-audit.ts is then skipped). */
export async function recordAccess(db: Database, req: Request, res: Response, entry: { action: string; resource: string; outcome: string }): Promise<void> {
  res.locals.audited = true;
  await db.auditEntry.create({ data: { actor: actorOf(res.locals), ...entry, origin: req.ip ?? null, requestId: String(res.getHeader('X-Request-Id')) } });
}

/** A retry with the same Idempotency-Key sends the same update ID: Temporal applies it once and answers both. */
export function updateIdFor(res: Response, step?: string): { updateId?: string } {
  const updateId = idempotentId(res, 'update');
  return updateId ? { updateId: step ? `${updateId}:${step}` : updateId } : {};
}

/** Runs an update on a case's workflow under the policy above, audited as accepted or refused. */
export async function runCaseUpdate<T>(ctx: { db: Database; temporal: Client; req: Request; res: Response; ref: string; action: string }, run: () => Promise<T>): Promise<T> {
  const resource = `case:${ctx.ref}`;
  try {
    const result = await whileReachable(ctx.temporal, run());
    await recordAccess(ctx.db, ctx.req, ctx.res, { action: ctx.action, resource, outcome: 'accepted' });
    return result;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      await recordAccess(ctx.db, ctx.req, ctx.res, { action: ctx.action, resource, outcome: 'refused' });
      const reason = err.cause?.message ?? err.message;
      throw conflict(`${ctx.action.split(':')[0]} refused: ${reason}`, { reason });
    }
    if (err instanceof WorkflowNotFoundError) throw conflict(`case ${ctx.ref} is closed: its workflow is no longer running`, { reason: 'case closed' });
    throw err;
  }
}
