/** Who is calling, once their bearer token has been verified. */
export const ROLES = ['admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  subject: string;
  roles: Role[];
  /** An agency lead's agency: they see their agency's returns and reports only. */
  agency?: string;
  /** A reviewer's assigned case references, loaded when the principal is a reviewer. */
  assignedCases?: string[];
  /** The local API token's id, or `oidc` for a token from the identity provider; the rate limit keys on it. */
  via: string;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function principalOf(locals: Record<string, unknown>): Principal | undefined {
  return locals.principal as Principal | undefined;
}

/** The acting user recorded on timelines and in the audit trail: the verified subject, the only source of it. */
export function actorOf(locals: Record<string, unknown>): string {
  return principalOf(locals)?.subject ?? 'local-user';
}
