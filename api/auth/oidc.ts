/**
 * OpenID Connect bearer tokens (e.g. Microsoft Entra ID): a JWT verified against the issuer's JWKS,
 * with the issuer, audience and expiry checked, and the identity provider's role names mapped to ours.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { isRole, type Principal, type Role } from './principal';

export interface OidcConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Claim holding the roles (Entra ID app roles arrive in `roles`). */
  rolesClaim?: string;
  /** Identity provider role name -> our role, e.g. { 'LSCP.Chair': 'cspr-chair' }. Unmapped names that are already our role names pass through. */
  roleMap?: Record<string, Role>;
  subjectClaim?: string;
  agencyClaim?: string;
  /** Seconds of clock skew tolerated on exp/nbf. */
  clockToleranceSeconds?: number;
}

export type OidcVerifier = (token: string, nowMs: number) => Promise<Principal | { refused: string }>;

export function oidcVerifier(config: OidcConfig): OidcVerifier {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  return async (token, nowMs) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: config.issuer,
        audience: config.audience,
        currentDate: new Date(nowMs),
        clockTolerance: config.clockToleranceSeconds ?? 60,
        algorithms: ['RS256', 'PS256', 'ES256'],
      }));
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'ERR_JWT_INVALID';
      return { refused: code === 'ERR_JWT_EXPIRED' ? 'token expired' : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWKS_NO_MATCHING_KEY' ? 'token signature not valid' : `token not valid (${code})` };
    }
    const subject = payload[config.subjectClaim ?? 'sub'];
    if (typeof subject !== 'string' || subject === '') return { refused: 'token has no subject' };
    const claimed = payload[config.rolesClaim ?? 'roles'];
    const names = Array.isArray(claimed) ? claimed.filter((r): r is string => typeof r === 'string') : typeof claimed === 'string' ? claimed.split(/[ ,]+/) : [];
    const roles = [...new Set(names.map((n) => config.roleMap?.[n] ?? (isRole(n) ? n : undefined)).filter((r): r is Role => r !== undefined))];
    const agency = payload[config.agencyClaim ?? 'agency'];
    return { subject, roles, ...(typeof agency === 'string' ? { agency } : {}), via: 'oidc' };
  };
}
