/** The executive's dashboard and each person's own work, from the read model. */
import { Router } from 'express';
import { z } from 'zod';
import { ITEM_STATUSES, type DashboardItem } from '../../domain/dashboard';
import { dashboardItems } from '../../prisma/read-model';
import { wholeNumberText } from '../../domain/schemas';
import type { AppDependencies } from '../app';
import { mayReach } from '../auth/policy';
import type { Principal, Role } from '../auth/principal';
import { parse } from '../problem';
import { londonToday } from '../today';

export const DashboardQuery = z.strictObject({
  process: z.string().max(40).optional(),
  stage: z.string().max(60).optional(),
  owner: z.string().max(40).optional(),
  status: z.enum(ITEM_STATUSES as [string, ...string[]]).optional(),
  atRisk: wholeNumberText(1, 30).default(5).describe('working days before a deadline that count as at risk'),
  limit: wholeNumberText(1, 20000).default(200),
  offset: wholeNumberText(0, 1_000_000).default(0).describe('items to skip: the nextOffset of the previous page'),
});

export const MyWorkQuery = z.strictObject({
  limit: wholeNumberText(1, 20000).default(1000),
  offset: wholeNumberText(0, 1_000_000).default(0).describe('items to skip: the nextOffset of the previous page'),
});

/** One page of a list computed whole: the items from `offset`, and where the next page starts (null on the last). */
function page<T>(items: T[], offset: number, limit: number): { items: T[]; offset: number; nextOffset: number | null } {
  return { items: items.slice(offset, offset + limit), offset, nextOffset: offset + limit < items.length ? offset + limit : null };
}

/** The endpoint that shows one item of the dashboard: a list shows an item only to those who may read it there. */
export function itemPath(item: Pick<DashboardItem, 'kind' | 'reference' | 'process'>): string {
  const ref = encodeURIComponent(item.reference);
  if (item.kind === 'case') return `/api/cases/${ref}`;
  if (item.kind === 'audit') return `/api/audits/${ref}`;
  // An action's key is `<audit reference>:<key>` or `<partnership>-M<seq>:<key>` (a meeting's action).
  const parent = item.reference.split(':')[0] ?? '';
  return item.process === 'action:meeting' ? `/api/qapp/${encodeURIComponent(parent.replace(/-M\d+$/, ''))}/meetings` : `/api/audits/${encodeURIComponent(parent)}`;
}

export function dashboardRoutes(deps: AppDependencies): Router {
  const router = Router();
  const today = londonToday(deps);

  router.get('/dashboard', async (req, res) => {
    const q = parse(DashboardQuery, req.query, 'query');
    const now = today();
    const principal = res.locals.principal as Principal | undefined;
    const all = (await dashboardItems(deps.db, deps.calendar(), now, q.atRisk)).filter((i) => mayReach(principal, 'GET', itemPath(i)));
    const items = all.filter((i) => (!q.process || i.process === q.process || i.process.startsWith(`${q.process}:`)) && (!q.stage || i.stage === q.stage) && (!q.owner || i.owner === q.owner) && (!q.status || i.status === q.status));
    const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, all.filter((i) => i.status === s).length]));
    const facet = (pick: (i: (typeof all)[number]) => string) => [...new Set(all.map(pick))].sort();
    res.json({ today: now, total: items.length, counts, facets: { process: facet((i) => i.process), stage: facet((i) => i.stage), owner: facet((i) => i.owner) }, ...page(items, q.offset, q.limit) });
  });

  router.get('/my-work', async (req, res) => {
    const q = parse(MyWorkQuery, req.query, 'query');
    const principal = res.locals.principal as Principal | undefined;
    const roles = principal?.roles ?? [];
    const now = today();
    const all = await dashboardItems(deps.db, deps.calendar(), now);
    const mine = all.filter(
      (i) =>
        (roles.includes(i.owner as Role) || i.owner === principal?.subject || (i.kind === 'case' && (principal?.assignedCases ?? []).includes(i.reference))) &&
        mayReach(principal, 'GET', itemPath(i)),
    );
    const byDate = [...mine].sort((a, b) => (a.next?.due ?? '9999').localeCompare(b.next?.due ?? '9999'));
    res.json({ today: now, subject: principal?.subject ?? null, roles, total: byDate.length, ...page(byDate, q.offset, q.limit) });
  });

  return router;
}
