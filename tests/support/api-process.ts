/**
 * The API as a real child process (node + tsx), on a fresh SQLite file with the access tests'
 * stand-in Temporal client and the real pino logger, so a test can see whether a request ends the
 * process. It prints one JSON line `{"url", "tokens"}` on stdout once it listens.
 */
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createAuthenticator } from '../../api/auth/authenticate';
import { issueToken } from '../../api/auth/local-tokens';
import { ROLES } from '../../api/auth/principal';
import { createLogger } from '../../api/logger';
import { defaultCalendar } from '../../domain/calendar';
import { STANDARD_RULES } from '../../domain/rules';
import { CalendarStore } from '../../config/calendar-store';
import { seedCase } from '../api/support';
import { createDatabase, type Database } from '../../prisma/client';
import { freshDatabase } from './database';

/** Starts workflows; every other call finds no workflow, as Temporal answers for a reference it does not hold. */
const temporalWithoutWorkflows = {
  withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
  withAbortSignal: (_signal: AbortSignal, fn: () => Promise<unknown>) => fn(),
  workflow: {
    start: async (_type: unknown, options: { workflowId: string }) => ({ workflowId: options.workflowId }),
    getHandle: (workflowId: string) => {
      const missing = async () => {
        throw new WorkflowNotFoundError(`workflow ${workflowId} not found`, workflowId, undefined);
      };
      return { query: missing, executeUpdate: missing, signal: missing };
    },
  },
} as unknown as Client;

/**
 * With FAULT_KILL_AFTER_AUDIT=1 the process SIGKILLs itself the moment an access-audit insert has
 * committed, before any answer waiting on it is sent: the crash between commit and answer.
 */
function killedAfterAuditCommit(db: Database): Database {
  const executeRaw = db.$executeRaw.bind(db);
  return new Proxy(db, {
    get(target, property) {
      if (property !== '$executeRaw') return Reflect.get(target, property) as unknown;
      return async (...args: Parameters<Database['$executeRaw']>) => {
        const count = await executeRaw(...args);
        if ([...(args[0] as TemplateStringsArray)].join('?').includes('INSERT INTO "AuditEntry"')) process.kill(process.pid, 'SIGKILL');
        return count;
      };
    },
  });
}

async function main(): Promise<void> {
  // API_DATABASE_URL: another API process's database (migrated already), so two processes share it.
  const shared = process.env.API_DATABASE_URL;
  const opened = shared ? { db: createDatabase(shared) } : await freshDatabase('sqlite', 'api-process');
  const db = process.env.FAULT_KILL_AFTER_AUDIT === '1' ? killedAfterAuditCommit(opened.db) : opened.db;
  const app = createApp({
    temporal: temporalWithoutWorkflows,
    db,
    calendarStore: new CalendarStore(db, defaultCalendar()),
    taskQueue: 'api-process',
    calendar: defaultCalendar,
    ruleSet: () => STANDARD_RULES,
    searchAttributes: false,
    auth: createAuthenticator({ db }),
    logger: createLogger({ level: 'info' }),
    rateLimitPerMinute: 1_000_000,
    ...(process.env.AUTH_FAILURES_PER_MINUTE ? { authFailuresPerMinute: Number(process.env.AUTH_FAILURES_PER_MINUTE) } : {}),
  });
  if (!(await db.case.findUnique({ where: { reference: 'WSCP-2026-01' }, select: { reference: true } }))) {
    await seedCase(db, 'WSCP-2026-01');
    await db.caseAssignment.create({ data: { caseReference: 'WSCP-2026-01', subject: 'reviewer@lscp.test', role: 'reviewer' } });
  }
  const tokens: Record<string, string> = {};
  for (const role of ROLES) tokens[role] = (await issueToken(db, { subject: `${role}@lscp.test`, roles: [role], ...(role === 'agency-lead' ? { agency: 'police' } : {}) })).token;
  tokens.all = (await issueToken(db, { subject: 'all@lscp.test', roles: [...ROLES], agency: 'police' })).token;
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tokens })}\n`);
  });
}

void main();
