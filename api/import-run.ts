/**
 * Runs an import (issue 12) for `POST /api/imports` and `npm run import`: every row planned and
 * checked (domain/import.ts); a dry run stops there. A real run writes each new case's row first (in
 * stage `starting`, with an audit entry naming the row's fingerprint) and then starts its workflow
 * with the history it brings; a row imported before with the same content is left as it is (or its
 * workflow started, if a crash came between the two), so importing a file again changes nothing.
 * One summary email per import that created something.
 */
import type { Client } from '@temporalio/client';
import { workflowIdFor } from '../domain/contracts';
import type { WorkingCalendar } from '../domain/calendar';
import { fnv1a64Hex } from '../domain/content-hash';
import { importFigures, importSummaryNotice, planTracker, type CasePlan, type ImportFigures, type ImportProblem, type ParsedTracker, type RowPlan } from '../domain/import';
import type { ReminderLadder } from '../domain/reminders';
import type { RuleSet } from '../domain/rules';
import type { Database } from '../prisma/client';
import { importSummary } from '../workflows';
import { importSummaryWorkflowId } from '../domain/contracts';
import { caseStartText, startCase, type CaseStart } from '../worker/case-start';

export interface ImportDependencies {
  temporal: Client;
  db: Database;
  taskQueue: string;
  calendar: () => WorkingCalendar;
  ruleSet: (awareOn: string) => RuleSet;
  ladder?: ReminderLadder | undefined;
  partnership?: string | undefined;
  searchAttributes: boolean;
}

export type RowOutcome = 'created' | 'would-create' | 'unchanged' | 'refused' | 'not-started';

export interface ImportReport {
  dryRun: boolean;
  /** One sentence saying what happened, e.g. that nothing changed. */
  message: string;
  rows: number;
  created: number;
  unchanged: number;
  refused: number;
  /** Valid rows whose workflow could not be started (Temporal unreachable): import the file again. */
  notStarted: number;
  problems: ImportProblem[];
  cases: { row: number; reference: string | null; process: string | null; outcome: RowOutcome; stage: string | null; state: string | null; overdue: number }[];
  /** The created (or, in a dry run, to-be-created) cases' figures: the summary email's. */
  figures: ImportFigures;
  summaryEmail: boolean;
}

const IMPORT_ACTION = 'import-case';
const CONCURRENCY = 8;

export async function runImport(
  deps: ImportDependencies,
  parsed: ParsedTracker,
  options: { dryRun: boolean; actor: string; today: string; origin?: string | null; requestId?: string | null; onProgress?: (done: number, total: number) => void },
): Promise<ImportReport> {
  const { db } = deps;
  const { rows, problems } = planTracker(parsed, { today: options.today, calendar: deps.calendar(), ruleSet: deps.ruleSet });
  const references = rows.flatMap((r) => (r.reference ? [r.reference] : []));
  const [existing, marks] = await Promise.all([
    db.case.findMany({ where: { reference: { in: references } }, select: { reference: true, stage: true, childPseudonym: true } }),
    db.auditEntry.findMany({ where: { action: IMPORT_ACTION, resource: { in: references.map((r) => `case:${r}`) } }, select: { resource: true, outcome: true } }),
  ]);
  const present = new Map(existing.map((c) => [c.reference, c]));
  const importedAs = new Map(marks.map((m) => [m.resource.slice('case:'.length), m.outcome.replace(/^imported /, '')]));
  const outcomes = new Map<RowPlan, RowOutcome>();
  for (const r of rows) {
    if (!r.plan || !r.reference) {
      outcomes.set(r, 'refused');
      continue;
    }
    const found = present.get(r.reference);
    if (!found) outcomes.set(r, options.dryRun ? 'would-create' : 'created');
    else if (importedAs.get(r.reference) === r.fingerprint) outcomes.set(r, 'unchanged');
    else {
      const problem = { row: r.row, column: 'reference', problem: `'${r.reference}' is already present${importedAs.has(r.reference) ? ', imported before with other content' : ''}: record changes to it through its case, not by import` };
      r.problems.push(problem);
      problems.push(problem);
      outcomes.set(r, 'refused');
    }
  }

  if (!options.dryRun) {
    const pseudonyms = new Map(rows.flatMap((r) => (r.plan?.process === 'rapid-review' ? [[r.plan.reference, r.plan.childPseudonym] as const] : [])));
    for (const c of existing) pseudonyms.set(c.reference, c.childPseudonym);
    const work = rows.filter((r) => outcomes.get(r) === 'created' || (outcomes.get(r) === 'unchanged' && present.get(r.reference!)?.stage === 'starting'));
    let done = 0;
    options.onProgress?.(0, work.length);
    // Every new row in one transaction (one SQLite write instead of two per case); row by row only if a concurrent import got there first.
    const fresh = work.filter((r) => outcomes.get(r) === 'created');
    const written = await writeStartingCases(deps, fresh.map((r) => ({ plan: r.plan!, fingerprint: r.fingerprint! })), pseudonyms, options).then(
      () => true,
      (err: unknown) => {
        if ((err as { code?: string }).code !== 'P2002') throw err;
        return false;
      },
    );
    await inPool(work, CONCURRENCY, async (r) => {
      const plan = r.plan!;
      const isNew = outcomes.get(r) === 'created';
      try {
        if (isNew && !written) await writeStartingCases(deps, [{ plan, fingerprint: r.fingerprint! }], pseudonyms, options);
        const started = await startImported(deps, plan, options.actor);
        // Found running although new here: started by an earlier import whose row was since removed by hand.
        if (isNew && started === 'already-running') outcomes.set(r, 'unchanged');
        // Recorded by an earlier import that could not start it: started now.
        if (!isNew && started === 'started') outcomes.set(r, 'created');
      } catch (err) {
        if ((err as { code?: string }).code === 'P2002') outcomes.set(r, 'unchanged'); // a concurrent import of the same file
        else outcomes.set(r, 'not-started');
      }
      options.onProgress?.(++done, work.length);
    });
  }

  const count = (o: RowOutcome) => rows.filter((r) => outcomes.get(r) === o).length;
  const fresh = rows.filter((r) => outcomes.get(r) === 'created' || outcomes.get(r) === 'would-create');
  const figures = importFigures(fresh.map((r) => ({ reference: r.reference!, state: r.state! })));
  const created = count('created');
  let summaryEmail = false;
  let summaryProblem = '';
  if (!options.dryRun && created > 0) {
    const createdRefs = rows.filter((r) => outcomes.get(r) === 'created').map((r) => r.reference!).sort();
    const importId = fnv1a64Hex(createdRefs.join('\n'));
    const refused = count('refused');
    await deps.temporal.workflow
      .start(importSummary, { workflowId: importSummaryWorkflowId(importId), taskQueue: deps.taskQueue, args: [importSummaryNotice(importId, options.today, figures, refused)], workflowIdReusePolicy: 'REJECT_DUPLICATE' })
      .then(
        () => (summaryEmail = true),
        (err: unknown) => {
          // The cases are recorded and started: a failed summary must not turn that into an error the caller would retry.
          if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') summaryProblem = ` The summary email to the CSPR chair and the executive could not be queued (${(err as Error).message}); the cases above are recorded.`;
        },
      );
  }
  const report: ImportReport = {
    dryRun: options.dryRun,
    message: '',
    rows: rows.length,
    created: options.dryRun ? count('would-create') : created,
    unchanged: count('unchanged'),
    refused: count('refused'),
    notStarted: count('not-started'),
    problems,
    cases: rows.map((r) => ({ row: r.row, reference: r.reference ?? null, process: r.process ?? null, outcome: outcomes.get(r)!, stage: r.state?.stage ?? null, state: r.state?.state ?? null, overdue: r.state?.overdue.length ?? 0 })),
    figures,
    summaryEmail,
  };
  report.message = messageOf(report, problems.length) + summaryProblem;
  return report;
}

function messageOf(r: ImportReport, problemCount: number): string {
  const problems = problemCount > 0 ? ` ${problemCount} problem(s) in ${r.refused} row(s), listed by row and column.` : '';
  if (r.dryRun) return `Dry run: nothing was created. ${r.created} case(s) would be created, ${r.unchanged} were imported before and would be left as they are.${problems}`;
  if (r.created === 0 && r.notStarted === 0) return `Nothing changed: ${r.unchanged} case(s) were imported before with the same content.${problems}`;
  const retry = r.notStarted > 0 ? ` ${r.notStarted} case(s) were recorded but their workflow could not be started: import the same file again to finish them.` : '';
  return `${r.created} case(s) created, ${r.unchanged} left as they were.${problems}${retry}`;
}

async function writeStartingCases(deps: ImportDependencies, cases: { plan: CasePlan; fingerprint: string }[], pseudonyms: Map<string, string>, options: { actor: string; origin?: string | null; requestId?: string | null }): Promise<void> {
  if (cases.length === 0) return;
  const calendarVersion = deps.calendar().version;
  const rows = cases.map(({ plan }) => {
    const parentReference = plan.process === 'practice-review' ? plan.rapidReviewReference : undefined;
    return {
      reference: plan.reference,
      process: plan.process,
      workflowId: workflowIdFor(plan.process, plan.reference),
      stage: 'starting',
      state: 'open',
      awareOn: plan.awareOn,
      childPseudonym: plan.childPseudonym ?? (parentReference ? pseudonyms.get(parentReference) : undefined) ?? '',
      ruleSetId: deps.ruleSet(plan.awareOn).id,
      calendarVersion,
      startWith: caseStartText(caseStartFor(plan, options.actor)),
      ...(parentReference ? { parentReference } : {}),
    };
  });
  const marks = cases.map(({ plan, fingerprint }) => ({ actor: options.actor, action: IMPORT_ACTION, resource: `case:${plan.reference}`, origin: options.origin ?? null, requestId: options.requestId ?? null, outcome: `imported ${fingerprint}` }));
  await deps.db.$transaction([deps.db.case.createMany({ data: rows }), deps.db.auditEntry.createMany({ data: marks })]);
}

/** What an imported case's workflow starts from, kept on its row until its first snapshot (the start reconciler's input). */
function caseStartFor(plan: CasePlan, actor: string): CaseStart {
  if (plan.process === 'rapid-review') return { process: 'rapid-review', reference: plan.reference, awareOn: plan.awareOn, imported: plan.imported };
  return {
    process: 'practice-review',
    reference: plan.reference,
    commissionedOn: plan.commissionedOn,
    reviewerName: plan.reviewerName,
    awareOn: plan.awareOn,
    rapidReviewReference: plan.rapidReviewReference,
    decidedBy: actor,
    imported: plan.imported,
  };
}

/** REJECT_DUPLICATE: an imported case's workflow runs once, whatever happens to its row. */
function startImported(deps: ImportDependencies, plan: CasePlan, actor: string): Promise<'started' | 'already-running'> {
  return startCase(deps, workflowIdFor(plan.process, plan.reference), caseStartFor(plan, actor), 'REJECT_DUPLICATE');
}

async function inPool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
