/** Bearer token -> principal, for local API tokens and (when configured) OpenID Connect JWTs. */
import type { RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import { Problem } from '../problem';
import type { FailedAuthLimit } from './failed-auth-limit';
import { LOCAL_TOKEN_PREFIX, verifyLocalToken } from './local-tokens';
import { oidcVerifier, type OidcConfig, type OidcVerifier } from './oidc';
import type { Principal } from './principal';

export interface Authenticator {
  authenticate(bearer: string, nowMs: number): Promise<Principal | { refused: string }>;
}

export function createAuthenticator(options: { db: Database; oidc?: OidcConfig | undefined }): Authenticator {
  const { db } = options;
  const oidc: OidcVerifier | undefined = options.oidc ? oidcVerifier(options.oidc) : undefined;
  return {
    async authenticate(bearer, nowMs) {
      const verified = bearer.startsWith(LOCAL_TOKEN_PREFIX)
        ? await verifyLocalToken(db, bearer, nowMs)
        : oidc && bearer.split('.').length === 3
          ? await oidc(bearer, nowMs)
          : { refused: 'token not recognised' };
      if ('refused' in verified) return verified;
      if (verified.roles.includes('reviewer')) {
        const assigned = await db.caseAssignment.findMany({ where: { subject: verified.subject, role: 'reviewer' }, select: { caseReference: true } });
        verified.assignedCases = assigned.map((a) => a.caseReference);
      }
      return verified;
    },
  };
}

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
