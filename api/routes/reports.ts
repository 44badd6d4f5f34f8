/** The statutory annual report's review section, as JSON, Markdown or CSV. */
import { Router } from 'express';
import { z } from 'zod';
import { annualFigures, annualReportCsv, annualReportMarkdown, type ReportCase } from '../../domain/annual-report';
import { addCalendarDays, addCalendarMonths } from '../../domain/dates';
import type { DeadlineExplanation } from '../../domain/deadlines';
import { utcToLondonDate } from '../../domain/london-time';
import { IsoDateSchema } from '../../domain/schemas';
import type { AppDependencies } from '../app';
import { parse } from '../problem';

export const AnnualReportQuery = z.strictObject({
  from: IsoDateSchema.optional().describe('first day of the 12-month period (default: 12 months before today)'),
});

const DECISION_KINDS = ['notification-decision', 'outcome-decided', 'panel-response', 'publication-deferred', 'published', 'improvements-published'];

export function reportRoutes(deps: AppDependencies): Router {
  const router = Router();
  const load = async (fromParam: string | undefined) => {
    const today = utcToLondonDate((deps.clock ?? Date.now)());
    const from = fromParam ?? addCalendarDays(addCalendarMonths(today, -12), 1);
    const period = { from, to: addCalendarDays(addCalendarMonths(from, 12), -1) };
    const [rows, audits] = await Promise.all([
      deps.db.case.findMany({ where: { awareOn: { gte: period.from, lte: period.to } }, include: { deadlines: true, events: { where: { kind: { in: DECISION_KINDS } } } }, orderBy: { awareOn: 'asc' } }),
      deps.db.audit.findMany({ where: { openedOn: { gte: period.from, lte: period.to } } }),
    ]);
    const cases: ReportCase[] = rows.map((c) => ({
      reference: c.reference,
      process: c.process,
      stage: c.stage,
      state: c.state,
      awareOn: c.awareOn,
      deadlines: c.deadlines.map((d) => ({ key: d.key, ruleId: d.ruleId, due: d.due, statutoryDue: d.statutoryDue, metOn: d.metOn, paused: d.paused, pauses: (JSON.parse(d.explanation) as DeadlineExplanation).pauses })),
      decisions: c.events.map((e) => ({ occurredOn: e.occurredOn, summary: e.summary })),
    }));
    return { period, cases, audits };
  };

  router.get('/reports/annual', async (req, res) => {
    const { from } = parse(AnnualReportQuery, req.query, 'query');
    const { period, cases, audits } = await load(from);
    res.json({ period, figures: annualFigures(cases, audits, period) });
  });
  router.get('/reports/annual.md', async (req, res) => {
    const { from } = parse(AnnualReportQuery, req.query, 'query');
    const { period, cases, audits } = await load(from);
    res.type('text/markdown; charset=utf-8').send(annualReportMarkdown(cases, audits, period));
  });
  router.get('/reports/annual.csv', async (req, res) => {
    const { from } = parse(AnnualReportQuery, req.query, 'query');
    const { period, cases } = await load(from);
    res.type('text/csv; charset=utf-8').attachment(`annual-report-${period.from}.csv`).send(annualReportCsv(cases, period));
  });
  return router;
}
