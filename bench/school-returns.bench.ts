/**
 * 250 section 175 school returns recorded through the API (POST .../agencies/:school/returns) against
 * 250 bare `executeUpdate(recordAuditReturn)` calls on a twin audit, on the real dev server (file
 * database with WAL), a worker and a SQLite read model. Calls alternate between the two so machine
 * noise falls on both. Prints median/p99 per return, the totals, the ratio and each audit's history.
 * Run: npx tsx bench/school-returns.bench.ts [schools]
 */
import { addWorkingDaysDate, defaultCalendar } from '../domain/calendar';
import { utcToLondonDate } from '../domain/london-time';
import { audit } from '../workflows';
import { auditStatus, recordAuditReturn } from '../workflows/audit-definitions';
import { auditWorkflowId } from '../domain/contracts';
import { startBenchStack } from './stack';
import { printRatio, summary } from './stats';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 250);
  const { env, db, api, taskQueue, close } = await startBenchStack('returns');
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
  await close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
