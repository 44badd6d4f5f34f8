/** The executive's dashboard and each person's own work, from the read model. */
import { Router } from 'express';
import { z } from 'zod';
import { byUrgency, dueDate, ITEM_STATUSES, itemStatus, nextDeadline, type DashboardItem } from '../../domain/dashboard';
import type { Deadline } from '../../domain/deadlines';
import { utcToLondonDate } from '../../domain/london-time';
import type { AppDependencies } from '../app';
import type { Principal, Role } from '../auth/principal';
import { parse } from '../problem';

export const DashboardQuery = z.strictObject({
  process: z.string().max(40).optional(),
  stage: z.string().max(60).optional(),
  owner: z.string().max(40).optional(),
  status: z.enum(ITEM_STATUSES as [string, ...string[]]).optional(),
  atRisk: z.coerce.number().int().min(1).max(30).default(5).describe('working days before a deadline that count as at risk'),
  limit: z.coerce.number().int().min(1).max(20000).default(500),
});

/** Who owes the next step of each kind of item. */
const OWNER: Record<string, Role> = { 'rapid-review': 'cspr-chair', 'practice-review': 'reviewer', audit: 'qapp-chair', action: 'qapp-chair' };

export async function dashboardItems(deps: AppDependencies, today: string, atRisk: number): Promise<DashboardItem[]> {
  const calendar = deps.calendar();
  const [cases, audits, actions] = await Promise.all([
    deps.db.case.findMany({ where: { state: 'open' }, include: { deadlines: { where: { metOn: null } } } }),
    deps.db.audit.findMany({ where: { state: { not: 'closed' } } }),
    deps.db.qaAction.findMany({ where: { completedOn: null } }),
  ]);
  const items: DashboardItem[] = [];
  for (const c of cases) {
    const deadlines = c.deadlines.map((d) => ({ key: d.key, ruleId: d.ruleId as Deadline['ruleId'], title: d.title, due: d.due, statutoryDue: d.statutoryDue, paused: d.paused, sentence: d.sentence, explanation: JSON.parse(d.explanation) as Deadline['explanation'] }));
    const next = nextDeadline(deadlines, today, calendar, atRisk);
    items.push({ kind: 'case', reference: c.reference, process: c.process, stage: c.stage, owner: OWNER[c.process] ?? 'cspr-chair', status: itemStatus(next, { publicationDeferred: c.stage === 'publication-deferred' }), ...(next ? { next } : {}) });
  }
  for (const a of audits) {
    const returnsOpen = a.returned < a.participants;
    const next = returnsOpen ? dueDate({ key: 'returns', title: `Returns (${a.returned} of ${a.participants})`, due: a.returnsDueOn, paused: a.paused }, today, calendar, atRisk) : undefined;
    items.push({ kind: 'audit', reference: a.reference, process: `audit:${a.type}`, stage: a.stage, owner: 'qapp-chair', status: itemStatus(next), ...(next ? { next } : {}) });
  }
  for (const action of actions) {
    const next = dueDate({ key: action.key, title: `Action for ${action.owner}`, due: action.dueOn }, today, calendar, atRisk);
    items.push({ kind: 'action', reference: action.key, process: `action:${action.scope}`, stage: 'open', owner: action.owner, status: itemStatus(next) });
    items[items.length - 1]!.next = next;
  }
  return items.sort(byUrgency);
}

export function dashboardRoutes(deps: AppDependencies): Router {
  const router = Router();
  const today = () => utcToLondonDate((deps.clock ?? Date.now)());

  router.get('/dashboard', async (req, res) => {
    const q = parse(DashboardQuery, req.query, 'query');
    const now = today();
    const all = await dashboardItems(deps, now, q.atRisk);
    const items = all.filter((i) => (!q.process || i.process === q.process) && (!q.stage || i.stage === q.stage) && (!q.owner || i.owner === q.owner) && (!q.status || i.status === q.status));
    const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, all.filter((i) => i.status === s).length]));
    res.json({ today: now, total: items.length, counts, items: items.slice(0, q.limit) });
  });

  router.get('/my-work', async (req, res) => {
    const principal = res.locals.principal as Principal | undefined;
    const roles = principal?.roles ?? [];
    const now = today();
    const all = await dashboardItems(deps, now, 5);
    const mine = all.filter(
      (i) =>
        roles.includes(i.owner as Role) ||
        i.owner === principal?.subject ||
        (i.kind === 'case' && (principal?.assignedCases ?? []).includes(i.reference)),
    );
    const byDate = [...mine].sort((a, b) => (a.next?.due ?? '9999').localeCompare(b.next?.due ?? '9999'));
    res.json({ today: now, subject: principal?.subject ?? null, roles, items: byDate });
  });

  return router;
}
