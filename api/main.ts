/** The API process: `npm run api`. Any number can run behind a load balancer. */
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { loadCalendar, ruleSetProvider } from '../config/calendar';
import { CalendarStore } from '../config/calendar-store';
import { parseEnv, referenceSchemeOf, type Env } from '../config/env';
import { useReferenceScheme } from '../domain/case-reference';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { releaseShared, sharedDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { DEFAULT_LADDER } from '../domain/reminders';
import { createApp } from './app';
import { createAuthenticator } from './auth/authenticate';
import { ensureWeeklyDigest } from './digest';
import type { Role } from './auth/principal';
import { createLogger } from './logger';

export async function startApi(env: Env = parseEnv(), options: { searchAttributes?: boolean } = {}): Promise<{ server: Server; close: () => Promise<void> }> {
  useReferenceScheme(referenceSchemeOf(env));
  await applyMigrations(env.DATABASE_URL);
  const db = sharedDatabase(env.DATABASE_URL);
  const connection = await Connection.connect(temporalConnectionOptions(env)).catch((err: Error) => {
    throw new Error(`cannot reach Temporal at ${env.TEMPORAL_ADDRESS} (${err.message}). Start it with 'npm start', or set TEMPORAL_ADDRESS.`);
  });
  const calendarStore = new CalendarStore(db, loadCalendar(env));
  await calendarStore.refresh();
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  if (env.DIGEST_ENABLED === 'true') {
    await ensureWeeklyDigest(temporal, { taskQueue: env.TEMPORAL_TASK_QUEUE, partnership: env.PARTNERSHIP, weekday: env.DIGEST_WEEKDAY, localTime: env.DIGEST_LOCAL_TIME, calendar: calendarStore.current() });
  }
  const app = createApp({
    temporal,
    db,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    calendar: () => calendarStore.current(),
    calendarStore,
    ruleSet: ruleSetProvider(env),
    ladder: { ...DEFAULT_LADDER, localTime: env.REMINDER_LOCAL_TIME },
    partnership: env.PARTNERSHIP,
    reportingYearStart: env.REPORTING_YEAR_START,
    searchAttributes: options.searchAttributes ?? true,
    auth: createAuthenticator({ db, oidc: oidcConfig(env) }),
    logger: createLogger({ level: env.LOG_LEVEL }),
    corsOrigins: env.CORS_ORIGINS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    updateWaitMs: env.UPDATE_WAIT_MS,
    authFailuresPerMinute: env.AUTH_FAILURES_PER_MINUTE,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(env.API_PORT, env.API_HOST, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${env.API_PORT} is in use: stop what uses it or set API_PORT to another port`) : err),
    );
  });
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
      await releaseShared(env.DATABASE_URL);
    },
  };
}

function oidcConfig(env: Env) {
  if (!env.OIDC_ISSUER) return undefined;
  if (!env.OIDC_AUDIENCE || !env.OIDC_JWKS_URL) throw new Error('OIDC_ISSUER is set: set OIDC_AUDIENCE and OIDC_JWKS_URL too (see README "Access")');
  const roleMap = Object.fromEntries((env.OIDC_ROLE_MAP ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, Role]));
  return { issuer: env.OIDC_ISSUER, audience: env.OIDC_AUDIENCE, jwksUrl: env.OIDC_JWKS_URL, rolesClaim: env.OIDC_ROLES_CLAIM, subjectClaim: env.OIDC_SUBJECT_CLAIM, agencyClaim: env.OIDC_AGENCY_CLAIM, roleMap };
}

if (require.main === module) {
  startApi()
    .then(({ close }) => {
      console.log('api: listening');
      for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => void close().then(() => process.exit(0)));
    })
    .catch((err: unknown) => {
      console.error(`api: ${(err as Error).message}`);
      process.exit(1);
    });
}
