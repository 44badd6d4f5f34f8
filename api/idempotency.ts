/**
 * `Idempotency-Key` on every mutating request (draft-ietf-httpapi-idempotency-key-header): a retry
 * with the same key and body gets the first answer (status, body, Location) without running again;
 * the same key with another body is refused (422); a retry while the first is still running is
 * refused (409). Records live in the database, keyed by principal and key, so any API process can
 * answer the retry.
 *
 * A request holds its record by a lease it renews while it runs. A process that dies mid-request
 * stops renewing, and a retry after the lease lapses runs the request again as a resumption
 * (`resumedRequest`): every handler can finish a half-done request of its own. A 5xx answer is not
 * kept: the retry runs again at once.
 */
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Database } from '../prisma/client';
import { principalOf } from './auth/principal';
import { markPhase } from './phase-timing';
import { Problem } from './problem';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** How long a key is remembered. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
const LEASE_MS = 10_000;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface HeldKey {
  principal: string;
  key: string;
  /** The key was held by a request that never answered (its process died); this one resumes it. */
  resumed: boolean;
}

export function heldKey(res: Response): HeldKey | undefined {
  return res.locals.idempotency as HeldKey | undefined;
}

/** True when this request retries one whose process died before answering. */
export function resumedRequest(res: Response): boolean {
  return heldKey(res)?.resumed === true;
}

/** A stable id for Temporal (e.g. an update's id), so a resumed request's update is not applied twice. */
export function idempotentId(res: Response, action: string): string | undefined {
  const held = heldKey(res);
  return held ? createHash('sha256').update(`${held.principal}\n${held.key}\n${action}`).digest('hex').slice(0, 32) : undefined;
}

/** Reads the header: an sf-string (`"abc"`, as the draft says); a bare token is accepted too. */
export function parseIdempotencyKey(raw: string): string {
  const value = /^"(.*)"$/.exec(raw.trim())?.[1] ?? raw.trim();
  if (!/^[\x21-\x7e]{1,255}$/.test(value) || value.includes('"') || value.includes('\\')) {
    throw new Problem(400, 'Invalid request', `${IDEMPOTENCY_KEY_HEADER}: must be 1 to 255 visible ASCII characters, e.g. a UUID`, {
      errors: [{ field: `header ${IDEMPOTENCY_KEY_HEADER}`, rule: 'must be 1 to 255 visible ASCII characters' }],
    });
  }
  return value;
}

export function idempotency(db: Database, log: (message: string, fields: Record<string, unknown>) => void): RequestHandler {
  return async (req, res, next) => {
    markPhase(res, 'middleware');
    const raw = req.header(IDEMPOTENCY_KEY_HEADER);
    if (!MUTATING.has(req.method) || raw === undefined) return next();
    const key = parseIdempotencyKey(raw);
    const who = principalOf(res.locals);
    const principal = who ? `${who.subject}|${who.via}` : 'anonymous';
    const fingerprint = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const id = { principal_key: { principal, key } };
    const now = Date.now();
    const lease = () => new Date(Date.now() + LEASE_MS);
    let resumed = false;
    // Plain SQL on the path every keyed request takes: Prisma's create and update each spend several
    // milliseconds compiling their query here, far more than the statements (bench/start-latency.bench.ts).
    const held = await db.$executeRaw`INSERT INTO "IdempotencyRecord" ("principal", "key", "fingerprint", "lockedUntil", "createdAt", "expiresAt")
      VALUES (${principal}, ${key}, ${fingerprint}, ${lease()}, ${new Date(now)}, ${new Date(now + IDEMPOTENCY_RETENTION_MS)}) ON CONFLICT DO NOTHING`;
    if (held !== 1) {
      const found = await db.idempotencyRecord.findUnique({ where: id });
      if (!found) throw inFlight(key);
      if (found.expiresAt.getTime() <= now) {
        const renewed = await db.idempotencyRecord.updateMany({
          where: { principal, key, expiresAt: found.expiresAt },
          data: { fingerprint, lockedUntil: lease(), expiresAt: new Date(now + IDEMPOTENCY_RETENTION_MS), responseStatus: null, responseType: null, responseBody: null, location: null },
        });
        if (renewed.count !== 1) throw inFlight(key);
      } else if (found.fingerprint !== fingerprint) {
        throw new Problem(422, 'Unprocessable Content', `${IDEMPOTENCY_KEY_HEADER} ${key} was first used with a different request; use a new key for a new request`, {
          errors: [{ field: `header ${IDEMPOTENCY_KEY_HEADER}`, rule: 'already used with a different request' }],
        });
      } else if (found.responseStatus !== null) {
        res.status(found.responseStatus).set('Idempotent-Replayed', 'true');
        if (found.location) res.location(found.location);
        if (found.responseType) res.type(found.responseType);
        res.send(found.responseBody ?? '');
        return;
      } else if (found.lockedUntil.getTime() > now) {
        throw inFlight(key);
      } else {
        const taken = await db.idempotencyRecord.updateMany({ where: { principal, key, lockedUntil: found.lockedUntil, responseStatus: null }, data: { lockedUntil: lease() } });
        if (taken.count !== 1) throw inFlight(key);
        resumed = true;
      }
    }
    res.locals.idempotency = { principal, key, resumed } satisfies HeldKey;
    const renew = setInterval(() => {
      db.idempotencyRecord.updateMany({ where: { principal, key, responseStatus: null }, data: { lockedUntil: lease() } }).catch(() => undefined);
    }, LEASE_MS / 3);
    renew.unref();
    holdAnswerUntilRecorded(res, async (body) => {
      clearInterval(renew);
      const status = res.statusCode;
      try {
        const written =
          status >= 500
            ? await db.$executeRaw`UPDATE "IdempotencyRecord" SET "lockedUntil" = ${new Date(0)} WHERE "principal" = ${principal} AND "key" = ${key}`
            : await db.$executeRaw`UPDATE "IdempotencyRecord" SET "responseStatus" = ${status}, "responseType" = ${String(res.getHeader('Content-Type') ?? '')}, "responseBody" = ${body}, "location" = ${(res.getHeader('Location') as string | undefined) ?? null}
                WHERE "principal" = ${principal} AND "key" = ${key}`;
        if (written !== 1) throw new Error('its record is gone');
      } catch (err) {
        log('idempotency record not written', { requestId: res.getHeader('X-Request-Id'), error: (err as Error).message });
      }
    });
    next();
  };
}

function inFlight(key: string): Problem {
  return new Problem(409, 'Conflict', `a request with ${IDEMPOTENCY_KEY_HEADER} ${key} is still being processed; retry shortly`, { headers: { 'Retry-After': '1' }, reason: 'request in progress' });
}

/** The answer is recorded before it is sent, so a client that saw it will have it replayed. */
function holdAnswerUntilRecorded(res: Response, record: (body: string) => Promise<void>): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let recorded = false;
  res.end = ((...args: unknown[]) => {
    if (recorded) return end(...args);
    recorded = true;
    const chunk = args[0];
    const body = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    void record(body).finally(() => {
      markPhase(res, 'idempotency-record');
      end(...args);
    });
    return res;
  }) as Response['end'];
}
