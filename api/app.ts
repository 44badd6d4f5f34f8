/** The HTTP API. `createApp` builds it around its dependencies; `api/main.ts` listens. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import cors from 'cors';
import express, { type Express } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Client } from '@temporalio/client';
import type { CalendarStore } from '../config/calendar-store';
import type { WorkingCalendar } from '../domain/calendar';
import type { ReminderLadder } from '../domain/reminders';
import type { RuleSet } from '../domain/rules';
import type { Database } from '../prisma/client';
import { utcToLondonDate } from '../domain/london-time';
import { afterResponse, type ErrorLog } from './after-response';
import { accessAudit, groupCommittedAuditLog } from './auth/access-audit';
import { authenticate, type Authenticator } from './auth/authenticate';
import { failedAuthLimit } from './auth/failed-auth-limit';
import { allowedMethods, authorize, isPublic } from './auth/policy';
import type { Principal } from './auth/principal';
import { idempotency } from './idempotency';
import { phaseTiming } from './phase-timing';
import { temporalUnreachableAs503 } from './temporal-unavailable';
import { openApiDocument, docsPage } from './openapi';
import { serveGovukStylesheet } from './govuk-stylesheet';
import { problemHandler, Problem } from './problem';
import { accessRoutes } from './routes/access';
import { auditLogRoutes } from './routes/audit-log';
import { calendarRoutes } from './routes/calendar';
import { dashboardRoutes } from './routes/dashboard';
import { reportRoutes } from './routes/reports';
import { caseRoutes } from './routes/cases';
import { reviewLifecycleRoutes } from './routes/review-lifecycle';
import { auditRoutes } from './routes/audits';
import { qappRoutes } from './routes/qapp';
import { importBodyParsers, importRoutes } from './routes/imports';
import { servePageShells } from './page-shells';
import { processStartRoutes } from './routes/process-starts';

const PAGES_DIR = join(__dirname, 'pages');
const TRACKER_TEMPLATE = join(__dirname, '..', 'examples', 'tracker.csv');

export interface AppDependencies {
  temporal: Client;
  db: Database;
  taskQueue: string;
  calendar: () => WorkingCalendar;
  /** Where calendar changes are stored and shared between API processes. */
  calendarStore?: CalendarStore;
  ruleSet: (awareOn: string) => RuleSet;
  ladder?: ReminderLadder;
  /** The partnership's code (PARTNERSHIP), carried by new reviews to their learning-embedded audits. */
  partnership?: string;
  /** The first day of the partnership's reporting year, MM-DD (REPORTING_YEAR_START; default 04-01, April to March). */
  reportingYearStart?: string;
  /** True where the Temporal server has this project's search attributes registered. */
  searchAttributes: boolean;
  log?: (message: string, fields: Record<string, unknown>) => void;
  /** Verifies bearer tokens (local API tokens, OpenID Connect): see api/auth/. */
  auth: Authenticator;
  /** Structured request logs; none when absent. */
  logger?: Logger;
  /** Browser origins allowed to call the API; none (CORS closed) by default. */
  corsOrigins?: string[];
  /** Requests per minute per token (default 600). */
  rateLimitPerMinute?: number;
  /** Failed authentications per minute per client address before 429 (default 20). */
  authFailuresPerMinute?: number;
  /** How long a workflow update may take before the API answers 503 'workflow busy' (UPDATE_WAIT_MS; default 10 s). */
  updateWaitMs?: number;
  /** Milliseconds since the epoch; tests on the time-skipping server pass the server's clock. */
  clock?: () => number;
  /** Server-Timing on answers, phase by phase (api/phase-timing.ts), for the start-latency bench. */
  phaseTiming?: boolean;
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  const log = deps.log ?? ((message, fields) => deps.logger?.error(fields, message));
  const clock = deps.clock ?? Date.now;
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', 'loopback');
  if (deps.phaseTiming) app.use(phaseTiming());
  app.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    res.setHeader('X-Request-Id', incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID());
    next();
  });
  if (deps.logger) app.use(requestLog(deps.logger, log));
  app.use(helmet());
  app.use(cors({ origin: deps.corsOrigins && deps.corsOrigins.length > 0 ? deps.corsOrigins : false }));
  app.use('/api', methodNotAllowed());
  app.use('/api/imports', importBodyParsers());
  app.use(express.json({ limit: '64kb', type: ['application/json', 'application/*+json'] }));
  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument(utcToLondonDate(clock())));
  });
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(docsPage(utcToLondonDate(clock())));
  });
  // The pages hold no data: they call the API with the token the person signs in with.
  // A static file like the pages (middleware, not an API route): the design system's stylesheet.
  app.use('/govuk-frontend.css', serveGovukStylesheet());
  // The sample tracker, whose first row is the import template (README: Bringing your cases in).
  app.use('/tracker-template.csv', (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path !== '/') return next();
    res.attachment('tracker.csv').sendFile(TRACKER_TEMPLATE);
  });
  app.use(servePageShells());
  const pages = express.static(PAGES_DIR, { index: false, maxAge: '5m' });
  // No page lives under /api: an API request skips the file-system look-up.
  app.use((req, res, next) => (req.path.startsWith('/api/') ? next() : pages(req, res, next)));
  app.use(authenticate(deps.auth, clock, isPublic, failedAuthLimit(deps.authFailuresPerMinute ?? 20)));
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: deps.rateLimitPerMinute ?? 600,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      keyGenerator: (_req, res) => (res.locals.principal as Principal | undefined)?.via ?? 'anonymous',
      handler: (_req, _res, next) => next(new Problem(429, 'Too Many Requests', 'rate limit for this token reached; try again in a minute')),
    }),
  );
  app.use(accessAudit(groupCommittedAuditLog(deps.db), log));
  app.use(authorize());
  app.use(idempotency(deps.db, log));
  app.use('/api', accessRoutes(deps));
  app.use('/api', auditLogRoutes(deps));
  app.use('/api', caseRoutes(deps));
  app.use('/api', calendarRoutes(deps));
  app.use('/api', dashboardRoutes(deps));
  app.use('/api', reviewLifecycleRoutes(deps));
  app.use('/api', reportRoutes(deps));
  app.use('/api', auditRoutes(deps));
  app.use('/api', processStartRoutes(deps));
  app.use('/api', qappRoutes(deps));
  app.use('/api', importRoutes(deps));
  app.use('/api', (req, _res, next) => next(new Problem(404, 'Not Found', `no endpoint ${req.method} ${req.originalUrl}`)));
  app.use(temporalUnreachableAs503);
  app.use(problemHandler(log));
  return app;
}

/** A method the route table does not serve on a path it knows: 405 with Allow (RFC 9110), before authentication, as the document is public. */
function methodNotAllowed(): express.RequestHandler {
  return (req, res, next) => {
    const allowed = allowedMethods(req.originalUrl.split('?')[0]!);
    if (allowed.length === 0 || (allowed.includes(req.method) && req.method !== 'OPTIONS')) return next();
    res.setHeader('Allow', allowed.join(', '));
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next(new Problem(405, 'Method Not Allowed', `${req.method} is not served on ${req.path}; allowed: ${allowed.join(', ')}`));
  };
}

function requestLog(logger: Logger, log: ErrorLog): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const { method, path } = req;
    afterResponse(res, 'request log', log, () => {
      const principal = res.locals.principal as Principal | undefined;
      logger.info(
        { requestId: res.getHeader('X-Request-Id'), method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, subject: principal?.subject },
        'request',
      );
    });
    next();
  };
}
