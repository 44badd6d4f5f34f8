/**
 * The start reconciler: finishes every case left in stage `starting` (its case row written, its
 * workflow never started, because the API or import process died in between) by starting the
 * workflow with the input the request would have given it: the start kept on the row
 * (worker/case-start.ts: an import's history, a practice review's reviewer), or, for a rapid review
 * started through the API, the row itself. Safe with any number of reconcilers on any number of
 * machines: the workflow ID admits one start, the others find it already running. Runs at worker
 * start and then every RECONCILE_EVERY_MS, so no case is without its workflow for longer than
 * STARTING_GRACE_MS + RECONCILE_EVERY_MS (under a minute). It also forgets expired idempotency keys.
 */
import { Client, Connection } from '@temporalio/client';
import { loadCalendar, ruleSetProvider } from '../config/calendar';
import { CalendarStore } from '../config/calendar-store';
import type { Env } from '../config/env';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { DEFAULT_LADDER } from '../domain/reminders';
import type { Database } from '../prisma/client';
import { caseStartOf, startCase } from './case-start';
import type { RapidReviewSettings, RapidReviewStarter } from './rapid-review-start';

/** Longer than any API start can take (its Temporal calls are cut off after 2.5 s), so a start in progress is left alone. */
export const STARTING_GRACE_MS = 30_000;
export const RECONCILE_EVERY_MS = 15_000;

export interface StartReconcilerDependencies extends RapidReviewStarter {
  db: Database;
  /** The settings the API starts a case with (rule set, calendar, ladder, partnership). */
  settings: RapidReviewSettings;
  log: (message: string, fields: Record<string, unknown>) => void;
}

export async function reconcileStarts(deps: StartReconcilerDependencies, olderThanMs = STARTING_GRACE_MS): Promise<{ finished: string[]; alreadyRunning: string[]; unstartable: string[] }> {
  const now = Date.now();
  const halfMade = await deps.db.case.findMany({
    where: { stage: 'starting', createdAt: { lte: new Date(now - olderThanMs) } },
    select: { reference: true, process: true, workflowId: true, awareOn: true, startWith: true },
    orderBy: { createdAt: 'asc' },
    take: 500,
  });
  const finished: string[] = [];
  const alreadyRunning: string[] = [];
  const unstartable: string[] = [];
  for (const c of halfMade) {
    const start = caseStartOf(c.startWith) ?? (c.process === 'rapid-review' ? { process: 'rapid-review' as const, reference: c.reference, awareOn: c.awareOn } : undefined);
    if (!start) {
      // Written before starts were kept: its request's retry (same Idempotency-Key) or the import run again finishes it.
      unstartable.push(c.reference);
      continue;
    }
    const outcome = await startCase({ ...deps, ...deps.settings }, c.workflowId, start);
    if (outcome === 'started') {
      finished.push(c.reference);
      deps.log('start reconciler: started the workflow of a case left starting', { reference: c.reference, process: c.process, workflowId: c.workflowId });
    } else alreadyRunning.push(c.reference);
  }
  await deps.db.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  return { finished, alreadyRunning, unstartable };
}

/** Runs the reconciler now and then every RECONCILE_EVERY_MS until `signal` aborts; failures are logged, never thrown. */
export function runStartReconciler(deps: StartReconcilerDependencies, signal: AbortSignal, everyMs = RECONCILE_EVERY_MS, graceMs = STARTING_GRACE_MS): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const round = async () => {
      try {
        await reconcileStarts(deps, graceMs);
      } catch (err) {
        deps.log('start reconciler: round failed; retrying next round', { error: (err as Error).message });
      }
      if (!signal.aborted) timer = setTimeout(() => void round(), everyMs);
    };
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
    void round();
  });
}

/**
 * The reconciler of a worker process, from the environment the API runs with (the same rule set,
 * calendar, ladder and partnership, so a finished start is the start the API would have made).
 * Resolves when `signal` aborts and its connection is closed.
 */
export async function runStartReconcilerFor(env: Env, db: Database, signal: AbortSignal, options: { searchAttributes?: boolean; everyMs?: number; graceMs?: number } = {}): Promise<void> {
  const connection = await Connection.connect(temporalConnectionOptions(env));
  const calendarStore = new CalendarStore(db, loadCalendar(env));
  await calendarStore.refresh();
  const settings = { calendar: () => calendarStore.current(), ruleSet: ruleSetProvider(env), ladder: { ...DEFAULT_LADDER, localTime: env.REMINDER_LOCAL_TIME }, partnership: env.PARTNERSHIP };
  try {
    await runStartReconciler(
      {
        db,
        temporal: new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }),
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        searchAttributes: options.searchAttributes ?? true,
        settings,
        log: (message, fields) => console.warn(`worker: ${message} ${JSON.stringify(fields)}`),
      },
      signal,
      options.everyMs,
      options.graceMs,
    );
  } finally {
    await connection.close();
  }
}
