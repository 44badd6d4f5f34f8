/**
 * The access audit trail: every write and every read of a case (a route whose policy rule is scoped
 * by case) is recorded (who, what, when, from where, outcome). The entry is committed before the
 * answer leaves: a case's data never reaches a caller without its entry, and a crash after the
 * commit loses at most the answer, which the caller asks for again. Routes that record a domain
 * action themselves set res.locals.audited. Rows are append-only (database triggers refuse UPDATE
 * and DELETE).
 *
 * Entries of concurrent requests are written together (group commit): while one insert is in
 * flight the next entries queue, and the following insert takes them all, so the database sees one
 * statement and one commit per batch however many requests wait on it. (Plain SQL: Prisma's
 * createMany costs several milliseconds of compilation per call here, more than the insert.)
 */
import type { RequestHandler, Response } from 'express';
import type { Database } from '../../prisma/client';
import { Prisma } from '../../prisma/generated/sqlite/client';
import { matchRoute } from './policy';
import type { Principal } from './principal';

export interface AccessEntry {
  actor: string;
  action: string;
  resource: string;
  origin: string | null;
  requestId: string;
  outcome: string;
}

export interface AccessAuditLog {
  /** Resolves once the entry is committed, with the others of its batch. */
  record(entry: AccessEntry): Promise<void>;
}

/** Statements stay well under SQLite's 32,766 bound parameters at seven a row. */
const MAX_BATCH = 1_000;

export function groupCommittedAuditLog(db: Database): AccessAuditLog {
  let queued: { entry: AccessEntry; at: Date; committed: () => void; failed: (err: unknown) => void }[] = [];
  let writing = false;
  const drain = async () => {
    while (queued.length > 0) {
      const batch = queued.slice(0, MAX_BATCH);
      queued = queued.slice(MAX_BATCH);
      try {
        await db.$executeRaw`INSERT INTO "AuditEntry" ("at", "actor", "action", "resource", "origin", "requestId", "outcome") VALUES ${Prisma.join(batch.map(({ entry: e, at }) => Prisma.sql`(${at}, ${e.actor}, ${e.action}, ${e.resource}, ${e.origin}, ${e.requestId}, ${e.outcome})`))}`;
        for (const q of batch) q.committed();
      } catch (err) {
        for (const q of batch) q.failed(err);
      }
    }
    writing = false;
  };
  return {
    record(entry) {
      return new Promise<void>((committed, failed) => {
        queued.push({ entry, at: new Date(), committed, failed });
        if (writing) return;
        writing = true;
        // After this turn's I/O callbacks, so the requests answered in the same turn share the insert.
        setImmediate(() => void drain());
      });
    },
  };
}

/** The trail a route's own domain entries (workflow-calls.ts recordAccess) are written to. */
export const accessAuditLogOf = (res: Response): AccessAuditLog | undefined => res.locals.accessAuditLog as AccessAuditLog | undefined;

export function accessAudit(auditLog: AccessAuditLog, log: (message: string, fields: Record<string, unknown>) => void): RequestHandler {
  return (req, res, next) => {
    res.locals.accessAuditLog = auditLog;
    const method = req.method;
    const path = req.path;
    const route = matchRoute(method, path);
    const ofCase = route?.rule.scope?.resource === 'case';
    // A malformed reference was refused with 400; the entry then names the path as it was sent.
    const caseRef = ofCase && 'params' in route ? route.params[route.rule.scope!.param] : undefined;
    const isWrite = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
    if (!isWrite && !ofCase) return next();
    holdAnswerUntilAudited(res, async () => {
      const principal = res.locals.principal as Principal | undefined;
      if (!principal || res.locals.audited === true) return true;
      const requestId = String(res.getHeader('X-Request-Id') ?? '');
      try {
        await auditLog.record({
          actor: principal.subject,
          action: `${method} ${path}`,
          resource: caseRef !== undefined ? `case:${caseRef}` : path,
          origin: req.ip ?? null,
          requestId,
          outcome: res.statusCode < 400 ? `ok ${res.statusCode}` : `refused ${res.statusCode}`,
        });
        return true;
      } catch (err) {
        log('access audit entry not written', { requestId, error: (err as Error).message });
        // A write has happened and its answer goes out; a read's data does not, unaudited.
        return isWrite;
      }
    });
    next();
  };
}

/** Sends the answer once `audit` settles; when it answers false, a 503 problem instead of the answer. */
function holdAnswerUntilAudited(res: Response, audit: () => Promise<boolean>): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let held = false;
  res.end = ((...args: unknown[]) => {
    if (held) return end(...args);
    held = true;
    void audit().then((audited) => {
      if (audited || res.headersSent) return end(...args);
      for (const name of res.getHeaderNames()) if (name !== 'x-request-id') res.removeHeader(name);
      const requestId = String(res.getHeader('X-Request-Id') ?? '');
      res.statusCode = 503;
      res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
      res.setHeader('Retry-After', '1');
      end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the access audit trail could not be written, so nothing is shown; retry shortly', instance: res.req.originalUrl.split('?')[0], requestId }));
    });
    return res;
  }) as Response['end'];
}
