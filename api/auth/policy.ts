/**
 * Who may do what, as data: one table of the API's routes (method + Express route pattern) ->
 * permission -> roles. A request is matched to its route as Express parses it, never by words in the
 * path; a request no route covers is refused (deny by default), and a test holds the table equal to
 * the routes the app serves. A reviewer reaches only the cases assigned to them, and an agency lead
 * only their own agency: anything else is answered 404, exactly as if it did not exist, so case
 * references and agencies do not leak. Lists filter their items with `mayReach` on the item's route.
 */
import type { RequestHandler } from 'express';
import { PROCESS_NAMES, type ProcessName } from '../../domain/processes';
import { PROCESSES } from '../processes';
import { notFound, Problem } from '../problem';
import type { Principal, Role } from './principal';

const FIXED_PERMISSIONS = {
  public: [],
  'calendar:read': ['admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair'],
  'calendar:write': ['admin'],
  'dashboard:read': ['admin', 'executive', 'cspr-chair', 'qapp-chair'],
  'my-work:read': ['admin', 'executive', 'cspr-chair', 'reviewer', 'agency-lead', 'qapp-chair'],
  'access:admin': ['admin'],
  'audit-log:read': ['admin', 'executive'],
  'cases:read': ['executive', 'cspr-chair', 'reviewer'],
  'cases:write': ['cspr-chair'],
  'practice-reviews:start': ['cspr-chair', 'admin'],
  'imports:write': ['admin'],
  'cases:milestone': ['cspr-chair', 'reviewer'],
  'audits:read': ['executive', 'qapp-chair'],
  'audits:write': ['qapp-chair'],
  'audits:suspend': ['executive', 'qapp-chair'],
  'cadence:write': ['executive'],
  'returns:write': ['qapp-chair', 'agency-lead'],
  'returns:read': ['executive', 'qapp-chair', 'agency-lead'],
} as const satisfies Record<string, readonly Role[]>;
/** A process started from the API on its own is managed (started, read live, its milestones recorded) by its registry entry's `milestoneRoles`. */
type ProcessPermission = `${ProcessName}:manage`;
export type Permission = keyof typeof FIXED_PERMISSIONS | ProcessPermission;

const STARTED = PROCESS_NAMES.flatMap((p) => {
  const started = PROCESSES[p].startedOnItsOwn;
  return started ? [{ permission: `${p}:manage` as const, path: `/api/${started.path}`, roles: PROCESSES[p].milestoneRoles ?? (['admin'] as const) }] : [];
});

export const PERMISSIONS: Readonly<Partial<Record<Permission, readonly Role[]>>> & typeof FIXED_PERMISSIONS = { ...FIXED_PERMISSIONS, ...Object.fromEntries(STARTED.map((s) => [s.permission, s.roles])) };
const rolesOf = (permission: Permission): readonly Role[] => PERMISSIONS[permission] ?? [];

/** Roles that reach a resource only if it is theirs, and which resource that is. */
export const SCOPED_ROLES = { reviewer: 'case', 'agency-lead': 'agency' } as const satisfies Partial<Record<Role, string>>;
type ScopedResource = (typeof SCOPED_ROLES)[keyof typeof SCOPED_ROLES];

export interface RouteRule {
  method: 'GET' | 'POST' | 'DELETE';
  /** The Express route pattern the handler is registered with. */
  route: string;
  permission: Permission;
  /** The path parameter naming the case or agency that a scoped role must own. */
  scope?: { param: string; resource: ScopedResource };
}

const CASE = { param: 'ref', resource: 'case' } as const;

export const ROUTES: readonly RouteRule[] = [
  { method: 'GET', route: '/api/health', permission: 'public' },
  { method: 'GET', route: '/api/openapi.json', permission: 'public' },
  { method: 'GET', route: '/api/docs', permission: 'public' },
  { method: 'GET', route: '/api/calendar/working-days', permission: 'calendar:read' },
  { method: 'GET', route: '/api/calendar/deadlines', permission: 'calendar:read' },
  { method: 'POST', route: '/api/calendar/changes', permission: 'calendar:write' },
  { method: 'GET', route: '/api/dashboard', permission: 'dashboard:read' },
  { method: 'GET', route: '/api/reports/annual', permission: 'dashboard:read' },
  { method: 'GET', route: '/api/reports/annual.md', permission: 'dashboard:read' },
  { method: 'GET', route: '/api/reports/annual.csv', permission: 'dashboard:read' },
  { method: 'GET', route: '/api/my-work', permission: 'my-work:read' },
  { method: 'POST', route: '/api/tokens', permission: 'access:admin' },
  { method: 'GET', route: '/api/tokens', permission: 'access:admin' },
  { method: 'DELETE', route: '/api/tokens/:id', permission: 'access:admin' },
  { method: 'POST', route: '/api/case-assignments', permission: 'access:admin' },
  { method: 'GET', route: '/api/case-assignments', permission: 'access:admin' },
  { method: 'DELETE', route: '/api/case-assignments/:id', permission: 'access:admin' },
  { method: 'GET', route: '/api/audit-log', permission: 'audit-log:read' },
  { method: 'GET', route: '/api/audit-log.csv', permission: 'audit-log:read' },
  { method: 'POST', route: '/api/rapid-reviews', permission: 'cases:write' },
  { method: 'POST', route: '/api/practice-reviews', permission: 'practice-reviews:start' },
  { method: 'POST', route: '/api/imports', permission: 'imports:write' },
  { method: 'GET', route: '/api/cases', permission: 'cases:read' },
  { method: 'GET', route: '/api/cases/:ref', permission: 'cases:read', scope: CASE },
  { method: 'GET', route: '/api/cases/:ref/emails', permission: 'cases:read', scope: CASE },
  { method: 'POST', route: '/api/cases/:ref/milestones', permission: 'cases:milestone', scope: CASE },
  { method: 'POST', route: '/api/cases/:ref/pause', permission: 'cases:write', scope: CASE },
  { method: 'POST', route: '/api/cases/:ref/resume', permission: 'cases:write', scope: CASE },
  { method: 'POST', route: '/api/cases/:ref/publication-deferral', permission: 'cases:write', scope: CASE },
  { method: 'POST', route: '/api/audits', permission: 'audits:write' },
  { method: 'GET', route: '/api/audits', permission: 'audits:read' },
  { method: 'GET', route: '/api/actions', permission: 'audits:read' },
  { method: 'POST', route: '/api/audits/recorded', permission: 'audits:write' },
  { method: 'GET', route: '/api/audits/:ref', permission: 'audits:read' },
  { method: 'GET', route: '/api/audits/:ref/returns', permission: 'audits:read' },
  { method: 'GET', route: '/api/audits/:ref/agencies/:participantId', permission: 'returns:read', scope: { param: 'participantId', resource: 'agency' } },
  { method: 'POST', route: '/api/audits/:ref/agencies/:participantId/returns', permission: 'returns:write', scope: { param: 'participantId', resource: 'agency' } },
  { method: 'POST', route: '/api/audits/:ref/milestones', permission: 'audits:write' },
  { method: 'POST', route: '/api/audits/:ref/actions/:key/complete', permission: 'audits:write' },
  { method: 'POST', route: '/api/qapp', permission: 'audits:write' },
  { method: 'GET', route: '/api/qapp/:partnership', permission: 'audits:read' },
  { method: 'GET', route: '/api/qapp/:partnership/meetings', permission: 'audits:read' },
  { method: 'POST', route: '/api/qapp/:partnership/meetings/:meetingId/minutes', permission: 'audits:write' },
  { method: 'POST', route: '/api/qapp/:partnership/actions/complete', permission: 'audits:write' },
  { method: 'POST', route: '/api/qapp/:partnership/cadence', permission: 'cadence:write' },
  { method: 'POST', route: '/api/qapp/:partnership/suspend', permission: 'audits:suspend' },
  { method: 'POST', route: '/api/qapp/:partnership/resume', permission: 'audits:suspend' },
  { method: 'POST', route: '/api/qapp/:partnership/stop', permission: 'cadence:write' },
  { method: 'GET', route: '/api/qapp/:partnership/dashboard', permission: 'audits:read' },
  ...STARTED.flatMap(({ permission, path }): RouteRule[] => [
    { method: 'POST', route: path, permission },
    { method: 'GET', route: `${path}/:ref`, permission },
    { method: 'POST', route: `${path}/:ref/milestones`, permission },
  ]),
];

interface CompiledRule {
  rule: RouteRule;
  pattern: RegExp;
  names: string[];
}

// As Express 5 matches by default: case-insensitive, an optional trailing slash, a parameter is one segment.
const COMPILED: CompiledRule[] = ROUTES.map((rule) => {
  const names: string[] = [];
  const source = rule.route
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { rule, pattern: new RegExp(`^${source}/?$`, 'i'), names };
});

/** decodeURIComponent without the throw: undefined for a malformed percent-encoding. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export type RouteMatch = { rule: RouteRule; params: Record<string, string> } | { rule: RouteRule; malformed: string };

/** The route a request reaches, with its path parameters decoded, or the parameter that cannot be. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const asMethod = method === 'HEAD' ? 'GET' : method;
  for (const { rule, pattern, names } of COMPILED) {
    if (rule.method !== asMethod) continue;
    const found = pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const decoded = safeDecode(found[i + 1]!);
      if (decoded === undefined) return { rule, malformed: name };
      params[name] = decoded;
    }
    return { rule, params };
  }
  return undefined;
}

/** The methods the route table serves on a path (HEAD with GET), for 405's Allow header; empty for an unknown path. */
export function allowedMethods(path: string): string[] {
  const matching = COMPILED.filter(({ pattern }) => pattern.test(path));
  // A path with a route of its own (POST /api/audits/recorded) is that resource, not a value of a
  // parameter route beside it (GET /api/audits/:ref): only its own routes' methods are allowed.
  const own = matching.filter(({ rule }) => rule.route === path);
  const methods = new Set((own.length > 0 ? own : matching).map(({ rule }) => rule.method));
  if (methods.size === 0) return [];
  return [...(methods.has('GET') ? ['GET', 'HEAD'] : []), ...[...methods].filter((m) => m !== 'GET'), 'OPTIONS'];
}

export const isPublic = (method: string, path: string): boolean => matchRoute(method, path)?.rule.permission === 'public';

export type Decision = { allow: true; rule: RouteRule } | { allow: false; status: 400 | 403 | 404; detail: string; field?: string };

function owns(principal: Principal, resource: ScopedResource, value: string): boolean {
  return resource === 'case' ? (principal.assignedCases ?? []).includes(value) : principal.agency === value;
}

/** How far a principal reaches along a route: every resource it names, only their own, or none. */
export function reach(principal: Principal, rule: RouteRule): 'all' | 'own' | 'none' {
  if (rule.permission === 'public') return 'all';
  const allowed = rolesOf(rule.permission);
  const granting = principal.roles.filter((r) => allowed.includes(r));
  if (granting.length === 0) return 'none';
  if (!rule.scope || granting.some((r) => !(r in SCOPED_ROLES))) return 'all';
  const resource = rule.scope.resource;
  return granting.some((r) => SCOPED_ROLES[r as keyof typeof SCOPED_ROLES] === resource) ? 'own' : 'none';
}

/** The one authorisation decision, pure so the role matrix can be tested for every route. */
export function decide(method: string, path: string, principal: Principal): Decision {
  const match = matchRoute(method, path);
  if (!match) return { allow: false, status: 403, detail: `no access rule covers ${method} ${path}` };
  const { rule } = match;
  if ('malformed' in match) return { allow: false, status: 400, detail: `${match.malformed}: must be a valid percent-encoded path segment`, field: match.malformed };
  const how = reach(principal, rule);
  if (how === 'all') return { allow: true, rule };
  if (how === 'none') return { allow: false, status: 403, detail: `${rule.permission} needs one of: ${rolesOf(rule.permission).join(', ')}` };
  const { param, resource } = rule.scope!;
  const value = match.params[param]!;
  return owns(principal, resource, value) ? { allow: true, rule } : { allow: false, status: 404, detail: `${resource} ${value} does not exist` };
}

/** Whether the principal may make this request: what every list uses to filter its items. */
export const mayReach = (principal: Principal | undefined, method: string, path: string): boolean => principal !== undefined && decide(method, path, principal).allow;

export const ruleFor = (method: string, route: string): RouteRule | undefined => ROUTES.find((r) => r.method === method && r.route === route);

/** Case references a principal may see in lists, the rule of GET /api/cases/:ref as a query: undefined means all. */
export function caseScope(principal: Principal | undefined): string[] | undefined {
  const how = principal ? reach(principal, ruleFor('GET', '/api/cases/:ref')!) : 'none';
  return how === 'all' ? undefined : how === 'own' ? [...(principal!.assignedCases ?? [])] : [];
}

export function authorize(): RequestHandler {
  return (req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) return next(isPublic(req.method, req.path) ? undefined : new Problem(401, 'Unauthorized', 'no verified principal'));
    const decision = decide(req.method, req.path, principal);
    if (decision.allow) return next();
    res.locals.denied = decision.status;
    if (decision.status === 400) return next(new Problem(400, 'Invalid request', decision.detail, { errors: [{ field: decision.field, rule: 'must be a valid percent-encoded path segment' }] }));
    next(decision.status === 404 ? notFound(decision.detail.replace(/ does not exist$/, '')) : new Problem(403, 'Forbidden', decision.detail));
  };
}
