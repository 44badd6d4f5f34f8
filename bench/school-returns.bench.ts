/**
 * 250 section 175 school returns recorded through the API (POST .../agencies/:school/returns) against
 * 250 bare `executeUpdate(recordAuditReturn)` calls on a twin audit, on the real dev server (file
 * database with WAL), a worker and a SQLite read model. Calls alternate between the two so machine
 * noise falls on both. Prints median/p99 per return, the totals, the ratio and each audit's history.
 * Run: npx tsx bench/school-returns.bench.ts [schools]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../activities';
import type { Mailer } from '../activities/mailer';
import { addWorkingDaysDate, defaultCalendar } from '../domain/calendar';
import { utcToLondonDate } from '../domain/london-time';
import { STANDARD_RULES } from '../domain/rules';
import { createDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { temporalCli } from '../scripts/temporal-tools';
import { startTestApi } from '../tests/support/api';
import { createReviewWorker, installRuntime } from '../worker/create-worker';
import { audit } from '../workflows';
import { auditStatus, auditWorkflowId, recordAuditReturn } from '../workflows/audit-definitions';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { printRatio, summary } from './stats';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 250);
  installRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'bench-returns-'));
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: temporalCli(),
      dbFilename: join(dir, 'temporal.db'),
      searchAttributes: SEARCH_ATTRIBUTES,
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL', '--log-level', 'error'],
    },
  });
  const url = `file:${join(dir, 'app.db')}`;
  await applyMigrations(url);
  const db = createDatabase(url);
  const mailer: Mailer = { send: async () => undefined, close: () => undefined };
  const taskQueue = 'bench';
  const worker = await createReviewWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: createActivities({ db, mailer, mail: { from: 'b@x.test', domain: 'x.test', recipients: { 'cspr-chair': ['c@x.test'], executive: ['e@x.test'], reviewer: ['r@x.test'], 'agency-lead': ['a@x.test'], 'qapp-chair': ['q@x.test'] } } }),
  });
  const running = worker.run();
  const api = await startTestApi({ temporal: env.client, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: true });
  const calendar = defaultCalendar();
  const today = utcToLondonDate(Date.now());
  const schools = Array.from({ length: count }, (_, i) => ({ id: `school-${300001 + i}`, label: `School ${300001 + i}`, address: `office@school-${300001 + i}.sch.test` }));
  const returnsDueOn = addWorkingDaysDate(calendar, today, 30);

  const viaApiRef = 'S175-2027-API';
  const bareRef = 'S175-2027-BARE';
  const started = await api.request('POST', '/api/audits', { reference: viaApiRef, type: 'section-175', participants: schools, returnsDueOn, repeatAfterMonths: 0 });
  if (started.status !== 201) throw new Error(`POST /api/audits answered ${started.status}: ${started.text}`);
  const bareHandle = await env.client.workflow.start(audit, {
    workflowId: auditWorkflowId(bareRef),
    taskQueue,
    args: [{ reference: bareRef, type: 'section-175', participants: schools, openedOn: today, returnsDueOn, calendar, repeatAfterMonths: 0 }],
  });
  const apiHandle = env.client.workflow.getHandle(auditWorkflowId(viaApiRef));
  const apiFirstRunId = (await apiHandle.describe()).runId;

  const viaApi: number[] = [];
  const bare: number[] = [];
  let apiTotal = 0;
  let bareTotal = 0;
  for (const school of schools) {
    let t = performance.now();
    const res = await api.request('POST', `/api/audits/${viaApiRef}/agencies/${school.id}/returns`, { submittedOn: today });
    if (res.status !== 200) throw new Error(`return answered ${res.status}: ${res.text}`);
    let ms = performance.now() - t;
    viaApi.push(ms);
    apiTotal += ms;
    t = performance.now();
    await bareHandle.executeUpdate(recordAuditReturn, { args: [{ participantId: school.id, submittedOn: today, recordedBy: 'bench' }] });
    ms = performance.now() - t;
    bare.push(ms);
    bareTotal += ms;
  }
  const [apiStatus, bareStatus] = await Promise.all([apiHandle.query(auditStatus), bareHandle.query(auditStatus)]);
  if (apiStatus.returnRate.percent !== 100 || bareStatus.returnRate.percent !== 100) throw new Error('not every return was recorded');
  /** History events of every run, first to last (the audit continues-as-new past 1500). */
  const events = async (workflowId: string, firstRunId: string | undefined): Promise<string> => {
    const lengths: number[] = [];
    let runId = firstRunId;
    while (runId) {
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      const list = history.events ?? [];
      lengths.push(list.length);
      runId = list.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    return lengths.join(' + ');
  };

  console.log(`${count} school returns, alternating, dev server (SQLite WAL), SQLite read model`);
  printRatio(summary('via API', viaApi), summary('bare update', bare));
  console.log(`total: via API ${apiTotal.toFixed(0)} ms, bare ${bareTotal.toFixed(0)} ms, ratio ${(apiTotal / bareTotal).toFixed(2)}`);
  console.log(`history events per run: via API ${await events(apiHandle.workflowId, apiFirstRunId)}, bare ${await events(bareHandle.workflowId, bareHandle.firstExecutionRunId)}; read-model rows returned: ${await db.auditParticipant.count({ where: { auditReference: viaApiRef, returnedOn: { not: null } } })}`);

  await apiHandle.terminate('bench over');
  await bareHandle.terminate('bench over');
  await api.close();
  worker.shutdown();
  await running;
  await db.$disconnect();
  await env.teardown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
