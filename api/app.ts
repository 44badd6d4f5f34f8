/** The HTTP API. `createApp` builds it around its dependencies; `api/main.ts` listens. */
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { WorkingCalendar } from '../domain/calendar';
import type { ReminderLadder } from '../domain/reminders';
import type { RuleSet } from '../domain/rules';
import type { Database } from '../prisma/client';
import { problemHandler, Problem } from './problem';
import { calendarRoutes } from './routes/calendar';
import { caseRoutes } from './routes/cases';

export interface AppDependencies {
  temporal: Client;
  db: Database;
  taskQueue: string;
  calendar: () => WorkingCalendar;
  ruleSet: (awareOn: string) => RuleSet;
  ladder?: ReminderLadder;
  /** True where the Temporal server has this project's search attributes registered. */
  searchAttributes: boolean;
  log?: (message: string, fields: Record<string, unknown>) => void;
  /** Milliseconds since the epoch; tests on the time-skipping server pass the server's clock. */
  clock?: () => number;
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  const log = deps.log ?? (() => undefined);
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    res.setHeader('X-Request-Id', incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID());
    next();
  });
  app.use(express.json({ limit: '64kb', type: ['application/json', 'application/*+json'] }));
  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api', caseRoutes(deps));
  app.use('/api', calendarRoutes(deps));
  app.use('/api', (req, _res, next) => next(new Problem(404, 'Not Found', `no endpoint ${req.method} ${req.originalUrl}`)));
  app.use(problemHandler(log));
  return app;
}
