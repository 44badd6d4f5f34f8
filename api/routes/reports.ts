/** The statutory annual report's review section, as JSON, Markdown or CSV, all from one per-case table. */
import { Router } from 'express';
import { z } from 'zod';
import {
  annualReportCsv,
  annualReportMarkdown,
  annualReportRows,
  figuresFromRows,
  qaFiguresFromRows,
  qaReportCsv,
  qaReportMarkdown,
  qaReportRows,
  reportingYear,
  type QaReportAudit,
  type QaReportControl,
  type ReportCase,
  type ReportHold,
  type ReportPeriod,
} from '../../domain/annual-report';
import type { AuditType } from '../../domain/audits';
import { addCalendarDays, addCalendarMonths } from '../../domain/dates';
import type { DeadlineExplanation } from '../../domain/deadlines';
import { IsoDateSchema } from '../../domain/schemas';
import type { AppDependencies } from '../app';
import { parse, Problem } from '../problem';
import { londonToday } from '../today';

export const AnnualReportQuery = z.strictObject({
  from: IsoDateSchema.optional().describe("first day of the period, inclusive (default: the start of the partnership's reporting year, or 12 months before `to`)"),
  to: IsoDateSchema.optional().describe('last day of the period, inclusive, not before `from` (default: 12 months on from `from`, less a day)'),
  section: z.enum(['reviews', 'quality-assurance']).optional().describe('CSV only: the per-case review table (default) or the quality assurance table'),
});

const DECISION_KINDS = ['notification-decision', 'outcome-decided', 'panel-response', 'publication-deferred', 'published', 'improvements-published'];
const HOLD_KINDS = ['paused', 'resumed', 'publication-deferred', 'deferral-lifted'];

/** The period asked for: both ends inclusive, at most five years. */
function periodOf(q: z.infer<typeof AnnualReportQuery>, today: string, yearStart: string): ReportPeriod {
  const from = q.from ?? (q.to ? addCalendarDays(addCalendarMonths(q.to, -12), 1) : reportingYear(today, yearStart).from);
  const to = q.to ?? addCalendarDays(addCalendarMonths(from, 12), -1);
  if (to < from) throw new Problem(400, 'Invalid request', `to: must not be before from (${from})`, { errors: [{ field: 'to', rule: 'must not be before from' }] });
  if (to > addCalendarMonths(from, 60)) throw new Problem(400, 'Invalid request', 'to: the period must not exceed five years', { errors: [{ field: 'to', rule: 'period of at most five years' }] });
  return { from, to };
}

/** The holds of a practice review from its timeline: `hold:<n>:start` and `hold:<n>:end`, reason in the summary's first brackets. */
function holdsFrom(events: { idempotencyKey: string; kind: string; occurredOn: string; summary: string }[]): ReportHold[] {
  const holds = new Map<string, ReportHold>();
  for (const e of events) {
    const n = /:hold:(\d+):(start|end)$/.exec(e.idempotencyKey);
    if (!n) continue;
    if (n[2] === 'start') holds.set(n[1]!, { kind: e.kind === 'paused' ? 'pause' : 'publication-deferral', from: e.occurredOn, reason: /\(([^)]+)\)/.exec(e.summary)?.[1] ?? e.kind });
    else {
      const h = holds.get(n[1]!);
      if (h) h.to = e.occurredOn;
    }
  }
  return [...holds.values()].sort((a, b) => a.from.localeCompare(b.from));
}

export function reportRoutes(deps: AppDependencies): Router {
  const router = Router();
  const load = async (query: unknown) => {
    const today = londonToday(deps)();
    const period = periodOf(parse(AnnualReportQuery, query, 'query'), today, deps.reportingYearStart ?? '04-01');
    const deadlineFields = { key: true, ruleId: true, due: true, statutoryDue: true, metOn: true } as const;
    const eventFields = { idempotencyKey: true, kind: true, occurredOn: true, summary: true } as const;
    // Practice reviews are few and may run over several years: all are read, and the period decides which count.
    const [rows, audits, commissioned] = await Promise.all([
      deps.db.case.findMany({
        where: { OR: [{ process: 'rapid-review', awareOn: { gte: period.from, lte: period.to } }, { process: 'practice-review' }] },
        select: { reference: true, process: true, stage: true, state: true, awareOn: true, deadlines: { select: deadlineFields }, events: { where: { kind: { in: [...DECISION_KINDS, ...HOLD_KINDS] } }, select: eventFields, orderBy: { id: 'asc' } } },
        orderBy: { awareOn: 'asc' },
      }),
      deps.db.audit.findMany({ where: { openedOn: { gte: period.from, lte: period.to } } }),
      deps.db.deadline.findMany({ where: { key: 'completion', case: { process: 'practice-review' } }, select: { caseReference: true, explanation: true } }),
    ]);
    const commissionedOn = new Map(commissioned.map((d) => [d.caseReference, (JSON.parse(d.explanation) as DeadlineExplanation).start.date]));
    const cases: ReportCase[] = rows.map((c) => ({
      reference: c.reference,
      process: c.process,
      stage: c.stage,
      state: c.state,
      awareOn: c.awareOn,
      ...(commissionedOn.has(c.reference) ? { commissionedOn: commissionedOn.get(c.reference)! } : {}),
      holds: holdsFrom(c.events),
      deadlines: c.deadlines,
      decisions: c.events.filter((e) => DECISION_KINDS.includes(e.kind)).map((e) => ({ occurredOn: e.occurredOn, summary: e.summary })),
    }));
    return { period, rows: annualReportRows(cases, period, today, deps.calendar()), audits, qaRows: await loadQa(period, today) };
  };

  /** The QA programme's table: audits, returns and actions from the read model; cadence changes and suspensions from the cycle. */
  const loadQa = async (period: ReportPeriod, today: string) => {
    const [auditRows, actionRows, meetingRows] = await Promise.all([
      deps.db.audit.findMany({ include: { returns: { select: { participantId: true, label: true, returnedOn: true } } } }),
      deps.db.qaAction.findMany({ select: { scope: true, parentRef: true, dueOn: true, completedOn: true } }),
      deps.db.meeting.findMany({ where: deps.partnership ? { partnership: deps.partnership } : {}, select: { id: true, date: true, state: true, minutedOn: true } }),
    ]);
    const actionsOf = (ref: string) => actionRows.filter((a) => a.parentRef === ref).map((a) => ({ dueOn: a.dueOn, completedOn: a.completedOn }));
    const audits: QaReportAudit[] = auditRows.map((a) => ({
      reference: a.reference,
      type: a.type as AuditType,
      theme: a.theme,
      openedOn: a.openedOn,
      returnsDueOn: a.returnsDueOn,
      paused: a.paused,
      milestones: JSON.parse(a.milestones) as QaReportAudit['milestones'],
      participants: a.returns.map((p) => ({ id: p.participantId, label: p.label, returnedOn: p.returnedOn })),
      actions: actionsOf(a.reference),
    }));
    const meetings = meetingRows.map((m) => ({ date: m.date, state: m.state, minutedOn: m.minutedOn, actions: actionsOf(m.id) }));
    return qaReportRows(audits, meetings, await cycleControls(), period, today, deps.calendar());
  };
  // From the read model the cycle writes (QappControl): the report needs no running workflow.
  const cycleControls = async (): Promise<QaReportControl[]> => {
    if (!deps.partnership) return [];
    const rows = await deps.db.qappControl.findMany({ where: { partnership: deps.partnership }, orderBy: [{ effectiveOn: 'asc' }, { id: 'asc' }], select: { kind: true, effectiveOn: true, detail: true } });
    return rows.map((r) => ({ kind: r.kind as QaReportControl['kind'], effectiveOn: r.effectiveOn, detail: r.detail }));
  };

  router.get('/reports/annual', async (req, res) => {
    const { period, rows, qaRows } = await load(req.query);
    res.json({ period, figures: figuresFromRows(rows, period, qaRows), cases: rows, qualityAssurance: { figures: qaFiguresFromRows(qaRows), rows: qaRows } });
  });
  router.get('/reports/annual.md', async (req, res) => {
    const { period, rows, audits, qaRows } = await load(req.query);
    res.type('text/markdown; charset=utf-8').send(`${annualReportMarkdown(rows, audits, period, qaRows)}\n${qaReportMarkdown(qaRows)}`);
  });
  router.get('/reports/annual.csv', async (req, res) => {
    const { period, rows, qaRows } = await load(req.query);
    const qa = (req.query as { section?: string }).section === 'quality-assurance';
    res
      .type('text/csv; charset=utf-8')
      .attachment(`annual-report-${qa ? 'quality-assurance-' : ''}${period.from}-to-${period.to}.csv`)
      .send(qa ? qaReportCsv(qaRows) : annualReportCsv(rows));
  });
  return router;
}
