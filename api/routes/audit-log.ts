/** The access audit trail, for admins and the executive: JSON, or CSV to export. */
import { Router } from 'express';
import { AuditLogQuery } from '../../domain/access-schemas';
import type { AppDependencies } from '../app';
import { parse } from '../problem';

const CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'resource', 'origin', 'requestId', 'outcome'] as const;

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditLogRoutes(deps: AppDependencies): Router {
  const router = Router();
  const query = async (raw: unknown) => {
    const q = parse(AuditLogQuery, raw, 'query');
    const rows = await deps.db.auditEntry.findMany({
      where: {
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.resource ? { resource: q.resource } : {}),
        ...(q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
      },
      orderBy: { id: 'desc' },
      take: q.limit,
    });
    return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, resource: r.resource, origin: r.origin, requestId: r.requestId, outcome: r.outcome }));
  };
  router.get('/audit-log', async (req, res) => {
    res.json({ entries: await query(req.query) });
  });
  router.get('/audit-log.csv', async (req, res) => {
    const entries = await query(req.query);
    const lines = [CSV_COLUMNS.join(','), ...entries.map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(','))];
    res.type('text/csv; charset=utf-8').attachment('access-audit.csv').send(`${lines.join('\r\n')}\r\n`);
  });
  return router;
}
