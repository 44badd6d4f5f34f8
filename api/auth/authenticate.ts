/** Bearer token -> principal, for local API tokens and (when configured) OpenID Connect JWTs. */
import type { RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import { Problem } from '../problem';
import type { FailedAuthLimit } from './failed-auth-limit';
import { checkLocalToken, hashSecret, LOCAL_TOKEN_PREFIX } from './local-tokens';
import { oidcVerifier, type OidcConfig, type OidcVerifier } from './oidc';
import type { Principal } from './principal';

export interface Authenticator {
  authenticate(bearer: string, nowMs: number): Promise<Principal | { refused: string }>;
  /** Drops every remembered check: this process has just revoked a token or changed a case assignment. */
  forget?(): void;
}

/**
 * How long an API process trusts a local token it has checked against the database (the token row
 * and, for a reviewer, their case assignments). This is the bound on revocation across processes: a
 * token revoked (or an assignment changed) through one API process is refused by every other within
 * TOKEN_CHECK_TTL_MS, and by the process that made the change at once. Expiry is exact everywhere.
 */
export const TOKEN_CHECK_TTL_MS = 5_000;
const MAX_REMEMBERED_TOKENS = 10_000;

interface RememberedCheck {
  principal: Principal;
  expiresAt: number | null;
  checkedAt: number;
}

export function createAuthenticator(options: { db: Database; oidc?: OidcConfig | undefined; tokenCheckTtlMs?: number }): Authenticator {
  const { db } = options;
  const oidc: OidcVerifier | undefined = options.oidc ? oidcVerifier(options.oidc) : undefined;
  const ttlMs = options.tokenCheckTtlMs ?? TOKEN_CHECK_TTL_MS;
  // Keyed by the token's sha-256, so the secrets themselves are not kept.
  const remembered = new Map<string, RememberedCheck>();
  const checking = new Map<string, Promise<Principal | { refused: string }>>();
  // A check that began before forget() must not be remembered after it.
  let generation = 0;

  const withAssignments = async (verified: Principal): Promise<Principal> => {
    if (verified.roles.includes('reviewer')) {
      const assigned = await db.caseAssignment.findMany({ where: { subject: verified.subject, role: 'reviewer' }, select: { caseReference: true } });
      verified.assignedCases = assigned.map((a) => a.caseReference);
    }
    return verified;
  };

  const checkLocal = async (key: string, bearer: string, nowMs: number): Promise<Principal | { refused: string }> => {
    const began = generation;
    const checked = await checkLocalToken(db, bearer, nowMs);
    if ('refused' in checked) {
      remembered.delete(key);
      return checked;
    }
    const principal = await withAssignments(checked.principal);
    if (began !== generation) return principal;
    if (remembered.size >= MAX_REMEMBERED_TOKENS) remembered.delete(remembered.keys().next().value!);
    remembered.set(key, { principal, expiresAt: checked.expiresAt, checkedAt: nowMs });
    return copyOf(principal);
  };

  return {
    async authenticate(bearer, nowMs) {
      if (!bearer.startsWith(LOCAL_TOKEN_PREFIX)) {
        const verified = oidc && bearer.split('.').length === 3 ? await oidc(bearer, nowMs) : { refused: 'token not recognised' };
        return 'refused' in verified ? verified : withAssignments(verified);
      }
      const key = hashSecret(bearer);
      const hit = remembered.get(key);
      if (hit && nowMs >= hit.checkedAt && nowMs - hit.checkedAt < ttlMs && (hit.expiresAt === null || hit.expiresAt > nowMs)) return copyOf(hit.principal);
      // Concurrent first requests with one token share one look-up.
      let pending = checking.get(key);
      if (!pending) {
        pending = checkLocal(key, bearer, nowMs).finally(() => checking.delete(key));
        checking.set(key, pending);
      }
      const result = await pending;
      return 'refused' in result ? result : copyOf(result);
    },
    forget() {
      generation += 1;
      remembered.clear();
      checking.clear();
    },
  };
}

const copyOf = (p: Principal): Principal => ({ ...p, roles: [...p.roles], ...(p.assignedCases ? { assignedCases: [...p.assignedCases] } : {}) });

export const unauthorized = (detail: string) => new Problem(401, 'Unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer realm="review-engine"' } });

/**
 * Sets res.locals.principal (auth/principal.ts actorOf reads the acting user from it), or answers 401 (429 once an address has failed too
 * often, see failed-auth-limit.ts). Public endpoints are listed in the policy.
 */
export function authenticate(auth: Authenticator, clock: () => number, isPublic: (method: string, path: string) => boolean, limit?: FailedAuthLimit): RequestHandler {
  return (req, res, next) => {
    if (isPublic(req.method, req.path)) return next();
    const address = req.ip ?? 'unknown';
    const wait = limit?.waitFor(address);
    if (wait !== undefined) {
      return next(new Problem(429, 'Too Many Requests', `too many failed authentications from this address; try again in ${wait} s`, { headers: { 'Retry-After': String(wait) } }));
    }
    const refuse = (detail: string) => {
      limit?.failed(address);
      next(unauthorized(detail));
    };
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S{1,4096})$/i.exec(header);
    if (!match) return refuse('send an API token: Authorization: Bearer <token>');
    auth.authenticate(match[1]!, clock()).then(
      (result) => {
        if ('refused' in result) return refuse(result.refused);
        res.locals.principal = result;
        next();
      },
      (err: unknown) => next(err),
    );
  };
}
