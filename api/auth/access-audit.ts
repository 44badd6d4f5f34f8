/**
 * The access audit trail: every write and every read of a case is recorded (who, what, when, from
 * where, outcome) once the response is sent. Routes that record a domain action themselves set
 * res.locals.audited. Rows are append-only (database triggers refuse UPDATE and DELETE).
 */
import type { RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import type { Principal } from './principal';

const CASE_READ = /^\/api\/(?:cases|rapid-reviews|practice-reviews|reviews|incidents|lcsprs)\/([^/]+)/;

export function accessAudit(db: Database, log: (message: string, fields: Record<string, unknown>) => void): RequestHandler {
  return (req, res, next) => {
    const method = req.method;
    const path = req.path;
    const caseRef = CASE_READ.exec(path)?.[1];
    const isWrite = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
    if (!isWrite && caseRef === undefined) return next();
    res.once('finish', () => {
      const principal = res.locals.principal as Principal | undefined;
      if (!principal || res.locals.audited === true) return;
      const resource = caseRef !== undefined ? `case:${decodeURIComponent(caseRef)}` : path;
      db.auditEntry
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
