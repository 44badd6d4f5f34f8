/**
 * The access audit trail: every write and every read of a case (a route whose policy rule is scoped
 * by case) is recorded (who, what, when, from where, outcome) once the response is sent. Routes that record a domain action themselves set
 * res.locals.audited. Rows are append-only (database triggers refuse UPDATE and DELETE).
 */
import type { RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import { afterResponse } from '../after-response';
import { matchRoute } from './policy';
import type { Principal } from './principal';

export function accessAudit(db: Database, log: (message: string, fields: Record<string, unknown>) => void): RequestHandler {
  return (req, res, next) => {
    const method = req.method;
    const path = req.path;
    const route = matchRoute(method, path);
    const ofCase = route?.rule.scope?.resource === 'case';
    // A malformed reference was refused with 400; the entry then names the path as it was sent.
    const caseRef = ofCase && 'params' in route ? route.params[route.rule.scope!.param] : undefined;
    const isWrite = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
    if (!isWrite && !ofCase) return next();
    afterResponse(res, 'access audit entry', log, () => {
      const principal = res.locals.principal as Principal | undefined;
      if (!principal || res.locals.audited === true) return;
      const resource = caseRef !== undefined ? `case:${caseRef}` : path;
      return db.auditEntry
        .create({
          data: {
            actor: principal.subject,
            action: `${method} ${path}`,
            resource,
            origin: req.ip ?? null,
            requestId: String(res.getHeader('X-Request-Id') ?? ''),
            outcome: res.statusCode < 400 ? `ok ${res.statusCode}` : `refused ${res.statusCode}`,
          },
        })
        .catch((err: unknown) => log('access audit entry not written', { requestId: res.getHeader('X-Request-Id'), error: (err as Error).message }));
    });
    next();
  };
}
