/**
 * Who may do what, as data: route families (method + path pattern) -> permission -> roles. The first
 * family that matches decides; a request no family covers is refused (deny by default). A reviewer
 * reaches only the cases assigned to them, and an agency lead only their own agency: anything else is
 * answered 404, exactly as if it did not exist, so case references and agencies do not leak.
 */
import type { RequestHandler } from 'express';
import { notFound, Problem } from '../problem';
import type { Principal, Role } from './principal';

export const PERMISSIONS = {
  public: [],
  'calendar:read': ['admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair'],
  'calendar:write': ['admin'],
  'dashboard:read': ['admin', 'executive', 'cspr-chair', 'qapp-chair'],
  'my-work:read': ['admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair'],
  'access:admin': ['admin'],
  'config:write': ['admin'],
  'audit-log:read': ['admin', 'executive'],
  'cases:read': ['executive', 'cspr-chair', 'reviewer'],
  'cases:write': ['cspr-chair'],
  'cases:milestone': ['cspr-chair', 'reviewer'],
  'audits:read': ['executive', 'qapp-chair'],
  'audits:write': ['qapp-chair'],
  'audits:suspend': ['executive', 'qapp-chair'],
  'cadence:write': ['executive'],
  'returns:read': ['executive', 'qapp-chair', 'agency-lead'],
  'returns:write': ['qapp-chair', 'agency-lead'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

type Methods = 'READ' | 'WRITE' | 'ANY';
export interface RouteFamily {
  name: string;
  methods: Methods;
  path: RegExp;
  permission: Permission;
}

const CASES = '(?:cases|rapid-reviews|practice-reviews|reviews|incidents|lcsprs)';
const AUDITS = '(?:audits|audit-programme|audit-programmes|qapp|meetings|qapp-meetings|section-11|section-175|case-file-audits)';

export const ROUTE_FAMILIES: RouteFamily[] = [
  { name: 'health and API document', methods: 'READ', path: /^\/api\/(?:health|openapi\.json|docs)\/?$/, permission: 'public' },
  { name: 'calendar', methods: 'READ', path: /^\/api\/calendar(?:\/|$)/, permission: 'calendar:read' },
  { name: 'calendar changes', methods: 'WRITE', path: /^\/api\/calendar\/changes\/?$/, permission: 'calendar:write' },
  { name: 'dashboard and annual report', methods: 'READ', path: /^\/api\/(?:dashboard|reports\/annual)(?:\/|\.|$)/, permission: 'dashboard:read' },
  { name: 'my work', methods: 'READ', path: /^\/api\/my-work\/?$/, permission: 'my-work:read' },
  { name: 'tokens and assignments', methods: 'ANY', path: /^\/api\/(?:tokens|case-assignments|users)(?:\/|$)/, permission: 'access:admin' },
  { name: 'configuration', methods: 'ANY', path: /^\/api\/config(?:\/|$)/, permission: 'config:write' },
  { name: 'access audit trail', methods: 'READ', path: /^\/api\/audit-log(?:\.csv)?\/?$/, permission: 'audit-log:read' },
  { name: 'cadences', methods: 'WRITE', path: /\/cadences?(?:\/|$)/, permission: 'cadence:write' },
  { name: 'review milestones', methods: 'WRITE', path: new RegExp(`^/api/${CASES}/[^/]+/milestones(?:/|$)`), permission: 'cases:milestone' },
  { name: 'review lifecycle', methods: 'WRITE', path: new RegExp(`^/api/${CASES}(?:/|$)`), permission: 'cases:write' },
  { name: 'case reads', methods: 'READ', path: new RegExp(`^/api/${CASES}(?:/|$)`), permission: 'cases:read' },
  { name: 'agency returns and reports', methods: 'WRITE', path: /\/(?:returns|agencies)(?:\/|$)/, permission: 'returns:write' },
  { name: 'agency returns and reports', methods: 'READ', path: /\/(?:returns|reports|agencies)(?:\/|$)/, permission: 'returns:read' },
  { name: 'audit suspension', methods: 'WRITE', path: new RegExp(`^/api/${AUDITS}(?:/.*)?/(?:suspend|resume|suspension)$`), permission: 'audits:suspend' },
  { name: 'audits and QAPP', methods: 'READ', path: new RegExp(`^/api/${AUDITS}(?:/|$)`), permission: 'audits:read' },
  { name: 'audits and QAPP', methods: 'WRITE', path: new RegExp(`^/api/${AUDITS}(?:/|$)`), permission: 'audits:write' },
];

const isRead = (method: string) => method === 'GET' || method === 'HEAD';

export function familyFor(method: string, path: string): RouteFamily | undefined {
  return ROUTE_FAMILIES.find((f) => (f.methods === 'ANY' || (f.methods === 'READ') === isRead(method)) && f.path.test(path));
}

export const isPublic = (method: string, path: string): boolean => familyFor(method, path)?.permission === 'public';

const CASE_PATH = new RegExp(`^/api/${CASES}/([^/]+)`);
const AGENCY_PATH = /\/agencies\/([^/]+)/;

export type Decision = { allow: true; family: RouteFamily } | { allow: false; status: 403 | 404; detail: string };

/** The one authorisation decision, pure so the role matrix can be tested for every family. */
export function decide(method: string, path: string, principal: Principal): Decision {
  const family = familyFor(method, path);
  if (!family) return { allow: false, status: 403, detail: `no access rule covers ${method} ${path}` };
  if (family.permission === 'public') return { allow: true, family };
  const allowed = PERMISSIONS[family.permission] as readonly Role[];
  const granting = principal.roles.filter((r) => allowed.includes(r));
  if (granting.length === 0) return { allow: false, status: 403, detail: `${family.permission} needs one of: ${allowed.join(', ')}` };
  const caseRef = CASE_PATH.exec(path)?.[1];
  if (caseRef !== undefined && granting.every((r) => r === 'reviewer') && !(principal.assignedCases ?? []).includes(decodeURIComponent(caseRef))) {
    return { allow: false, status: 404, detail: `case ${decodeURIComponent(caseRef)} does not exist` };
  }
  const agency = AGENCY_PATH.exec(path)?.[1];
  if (agency !== undefined && granting.every((r) => r === 'agency-lead') && principal.agency !== decodeURIComponent(agency)) {
    return { allow: false, status: 404, detail: `agency ${decodeURIComponent(agency)} does not exist` };
  }
  return { allow: true, family };
}

/** Case references a principal may see in lists: undefined means all. */
export function caseScope(principal: Principal | undefined): string[] | undefined {
  if (!principal) return [];
  const seesAll = principal.roles.some((r) => r !== 'reviewer' && (PERMISSIONS['cases:read'] as readonly Role[]).includes(r));
  return seesAll ? undefined : (principal.assignedCases ?? []);
}

export function authorize(): RequestHandler {
  return (req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) return next(isPublic(req.method, req.path) ? undefined : new Problem(401, 'Unauthorized', 'no verified principal'));
    const decision = decide(req.method, req.path, principal);
    if (decision.allow) return next();
    res.locals.denied = decision.status;
    next(decision.status === 404 ? notFound(decision.detail.replace(/ does not exist$/, '')) : new Problem(403, 'Forbidden', decision.detail));
  };
}
