/** Administration of access: local API tokens and reviewers' case assignments. Admins only (see api/auth/policy.ts). */
import { Router } from 'express';
import { AssignCaseBody, AssignmentIdParams, IssueTokenBody, TokenIdParams } from '../../domain/access-schemas';
import type { AppDependencies } from '../app';
import { issueToken, revokeToken } from '../auth/local-tokens';
import { conflict, notFound, parse } from '../problem';

const DAY_MS = 86_400_000;

export function accessRoutes(deps: AppDependencies): Router {
  const { db } = deps;
  const now = () => (deps.clock ?? Date.now)();
  const router = Router();

  router.post('/tokens', async (req, res) => {
    const body = parse(IssueTokenBody, req.body, 'body');
    const issued = await issueToken(db, { subject: body.subject, roles: body.roles, agency: body.agency, label: body.label, expiresAt: new Date(now() + body.expiresInDays * DAY_MS) });
    res.status(201).json({ id: issued.id, token: issued.token, subject: body.subject, roles: body.roles, expiresAt: issued.expiresAt?.toISOString() ?? null });
  });

  router.get('/tokens', async (_req, res) => {
    const rows = await db.apiToken.findMany({ orderBy: { createdAt: 'desc' }, take: 1000 });
    res.json({
      tokens: rows.map((t) => ({ id: t.id, subject: t.subject, roles: t.roles.split(','), agency: t.agency, label: t.label, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })),
    });
  });

  router.delete('/tokens/:id', async (req, res) => {
    const { id } = parse(TokenIdParams, req.params, 'path');
    if (!(await revokeToken(db, id, new Date(now())))) {
      if (!(await db.apiToken.findUnique({ where: { id }, select: { id: true } }))) throw notFound(`token ${id}`);
      throw conflict(`token ${id} is already revoked`);
    }
    deps.auth.forget?.();
    res.json({ id, revoked: true });
  });

  router.post('/case-assignments', async (req, res) => {
    const body = parse(AssignCaseBody, req.body, 'body');
    if (!(await db.case.findUnique({ where: { reference: body.caseReference }, select: { reference: true } }))) throw notFound(`case ${body.caseReference}`);
    try {
      const row = await db.caseAssignment.create({ data: body });
      deps.auth.forget?.();
      res.status(201).json({ id: row.id, caseReference: row.caseReference, subject: row.subject, role: row.role });
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002') throw conflict(`${body.subject} is already assigned to ${body.caseReference}`);
      throw err;
    }
  });

  router.get('/case-assignments', async (_req, res) => {
    const rows = await db.caseAssignment.findMany({ orderBy: { id: 'asc' }, take: 5000 });
    res.json({ assignments: rows.map((a) => ({ id: a.id, caseReference: a.caseReference, subject: a.subject, role: a.role })) });
  });

  router.delete('/case-assignments/:id', async (req, res) => {
    const { id } = parse(AssignmentIdParams, req.params, 'path');
    const removed = await db.caseAssignment.deleteMany({ where: { id } });
    if (removed.count === 0) throw notFound(`assignment ${id}`);
    deps.auth.forget?.();
    res.json({ id, removed: true });
  });

  return router;
}
