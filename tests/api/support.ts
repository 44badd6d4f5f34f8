/** An API over HTTP on a fresh SQLite database with a stand-in Temporal client, for access tests. */
import type { Client } from '@temporalio/client';
import type { AppDependencies } from '../../api/app';
import type { Authenticator } from '../../api/auth/authenticate';
import { defaultCalendar } from '../../domain/calendar';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { startTestApi, type RunningApi, type TestApiDependencies } from '../support/api';
import { freshDatabase } from '../support/database';

/** Starts workflows and refuses queries, so case reads come from the read model; updates succeed. */
export const standInTemporal = {
  withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
  withAbortSignal: (_signal: AbortSignal, fn: () => Promise<unknown>) => fn(),
  workflow: {
    start: async () => ({ workflowId: 'stand-in' }),
    getHandle: () => ({
      query: async () => {
        throw new Error('no workflow in access tests');
      },
      executeUpdate: async () => ({ stage: 'notification-due', state: 'open', milestones: [] }),
    }),
  },
} as unknown as Client;

export async function startAccessApi(extra: Partial<TestApiDependencies> & { authFor?: (db: Database) => Authenticator } = {}): Promise<{ api: RunningApi; db: Database }> {
  const { db } = await freshDatabase('sqlite', 'access');
  const { authFor, ...rest } = extra;
  const deps: Omit<AppDependencies, 'auth'> = { temporal: standInTemporal, db, taskQueue: 'access', calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: false };
  const api = await startTestApi({ ...deps, ...rest, ...(authFor ? { auth: authFor(db) } : {}) });
  return { api, db };
}

export async function seedCase(db: Database, reference: string, childPseudonym = 'Child A'): Promise<void> {
  await db.case.create({ data: { reference, process: 'rapid-review', workflowId: `rapid-review:${reference}`, stage: 'notification-due', state: 'open', awareOn: '2026-01-05', childPseudonym, ruleSetId: 'standard', calendarVersion: 'test' } });
}
