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
    const deadlineFields = { key: true, ruleId: true, due: true, statutoryDue: true, metOn: true, paused: true } as const;
    const [rows, audits, explained] = await Promise.all([
      deps.db.case.findMany({
        where: { awareOn: { gte: period.from, lte: period.to } },
        select: { reference: true, process: true, stage: true, state: true, awareOn: true, deadlines: { select: deadlineFields }, events: { where: { kind: { in: DECISION_KINDS } }, select: { occurredOn: true, summary: true } } },
        orderBy: { awareOn: 'asc' },
      }),
      deps.db.audit.findMany({ where: { openedOn: { gte: period.from, lte: period.to } } }),
      // Only practice reviews are paused; reading every rapid review's explanation would cost most of the time.
      deps.db.deadline.findMany({ where: { case: { process: 'practice-review', awareOn: { gte: period.from, lte: period.to } } }, select: { caseReference: true, key: true, explanation: true } }),
    ]);
    const pausesOf = new Map(explained.map((d) => [`${d.caseReference}:${d.key}`, (JSON.parse(d.explanation) as DeadlineExplanation).pauses]));
    const cases: ReportCase[] = rows.map((c) => ({
      reference: c.reference,
      process: c.process,
      stage: c.stage,
      state: c.state,
      awareOn: c.awareOn,
      deadlines: c.deadlines.map((d) => ({ ...d, pauses: pausesOf.get(`${c.reference}:${d.key}`) ?? [] })),
      decisions: c.events,
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
