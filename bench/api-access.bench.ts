/**
 * The cost of the API around the database, access control included: with 10,000 cases in the read
 * model, an executive's authenticated GET /api/cases/:ref (token check, policy, audited read) and
 * the executive's list of all open cases (GET /api/dashboard?limit=20000), each against the bare
 * Prisma query that answers it, measured alternately in the same run. Then, as issue 14 asks, at
 * concurrency 20: the case read and the executive's list page (GET /api/cases?state=open&limit=50)
 * against bare SQL on the same rows, p50/p99.
 * Run: npx tsx bench/api-access.bench.ts [cases] [iterations] [sqlite|postgresql]
 */
import { bareCaseRead, bareExecutiveList, bareOneStatementCaseRead } from './bare-sql';
import http from 'node:http';
import { loadavg } from 'node:os';
import { defaultCalendar } from '../domain/calendar';
import { STANDARD_RULES } from '../domain/rules';
import type { Database } from '../prisma/client';
import { caseListColumns } from '../prisma/read-model';
import { concurrently, percentile, printRatio, progress, summary } from './stats';
import { readModelApi } from './stack';

const CONCURRENCY = 20;
const ROUNDS = 10;

/** `count` rapid reviews in the read model (half open), each with two deadlines due over a month; no workflows. */
export async function seedReadModel(db: Database, count: number): Promise<void> {
  const calendar = defaultCalendar();
  for (let start = 0; start < count; start += 500) {
    const refs = Array.from({ length: Math.min(500, count - start) }, (_, i) => `BEN${String(start + i).padStart(5, '0')}-2026-01`);
    // Due dates spread over a month, so the list's sort and status have work to do.
    const dueOf = (i: number) => `2026-10-${String(1 + ((start + i) % 28)).padStart(2, '0')}`;
    const deadlinesOf = (reference: string, i: number) => [
      { caseReference: reference, key: 'notification', ruleId: 'T1', title: 'Notification', kind: 'deadline', due: dueOf(i), statutoryDue: dueOf(i), paused: false, sentence: 'due', explanation: '{"start":{"event":"awareness","date":"2026-10-01"}}', calendarVersion: calendar.version },
      { caseReference: reference, key: 'rapid-review', ruleId: 'T4', title: 'Rapid review', kind: 'deadline', due: '2026-11-20', statutoryDue: '2026-11-20', paused: false, sentence: 'due', explanation: '{"start":{"event":"awareness","date":"2026-10-01"}}', calendarVersion: calendar.version },
    ];
    await db.case.createMany({
      data: refs.map((reference, i) => ({
        reference, process: 'rapid-review', workflowId: `rapid-review:${reference}`, stage: i % 2 ? 'closed' : 'notification-due', state: i % 2 ? 'closed' : 'open', awareOn: '2026-10-01', childPseudonym: 'Child B', ruleSetId: STANDARD_RULES.id, calendarVersion: calendar.version, nextDue: dueOf(i),
        ...caseListColumns('rapid-review', deadlinesOf(reference, i).map((d) => ({ ...d, explanation: JSON.parse(d.explanation) as { start: { event: string; date: string } } }))),
      })),
    });
    await db.deadline.createMany({ data: refs.flatMap(deadlinesOf) });
    progress('seeding cases', start + refs.length, count);
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const iterations = Number(process.argv[3] ?? 300);
  const provider = process.argv[4] ?? 'sqlite';
  const { db, api } = await readModelApi('access', provider, (db) => seedReadModel(db, count));
  const refs = Array.from({ length: iterations }, (_, i) => `BEN${String((i * 7919) % count).padStart(5, '0')}-2026-01`);

  const getCase: number[] = [];
  const bareCase: number[] = [];
  const list: number[] = [];
  const bareList: number[] = [];
  let listed = 0;
  for (let i = -10; i < iterations; i++) {
    const ref = refs[Math.max(0, i)]!;
    let t = performance.now();
    const r = await api.request('GET', `/api/cases/${ref}`);
    if (r.status !== 200) throw new Error(`GET /api/cases/${ref} answered ${r.status}`);
    const viaApi = performance.now() - t;
    t = performance.now();
    const row = await db.case.findUnique({ where: { reference: ref }, include: { deadlines: { orderBy: { due: 'asc' } }, events: { orderBy: { id: 'asc' } }, emails: { orderBy: { id: 'asc' } } } });
    if (!row) throw new Error('missing row');
    const bare = performance.now() - t;
    if (i >= 0) {
      getCase.push(viaApi);
      bareCase.push(bare);
    }
  }
  const listIterations = Math.max(10, Math.floor(iterations / 10));
  for (let i = -2; i < listIterations; i++) {
    let t = performance.now();
    const r = await api.request('GET', '/api/dashboard?limit=20000');
    if (r.status !== 200) throw new Error(`GET /api/dashboard answered ${r.status}`);
    listed = (r.body.items as unknown[]).length;
    const viaApi = performance.now() - t;
    t = performance.now();
    // The same query the dashboard runs (prisma/read-model.ts), without the API around it.
    const rows = await db.case.findMany({
      where: { state: 'open' },
      select: { reference: true, process: true, stage: true, deadlines: { where: { metOn: null }, select: { key: true, title: true, due: true, statutoryDue: true, paused: true, sentence: true } } },
    });
    const bare = performance.now() - t;
    if (rows.length === 0) throw new Error('no open cases');
    if (i >= 0) {
      list.push(viaApi);
      bareList.push(bare);
    }
  }
  console.log(`${count} cases in the read model (${Math.ceil(count / 2)} open); ${iterations} case reads, ${listIterations} list reads; ${await db.auditEntry.count()} access audit entries written`);
  printRatio(summary('authenticated GET /api/cases/:ref', getCase), summary('bare findUnique with deadlines, timeline, emails', bareCase));
  printRatio(summary(`executive's open-case list GET /api/dashboard (${listed} items)`, list), summary('bare findMany of open cases with open deadlines (same select)', bareList));

  // Concurrency 20, as issue 14 measures it: API and bare SQL on the same rows, one after the other.
  // The client runs in this process, beside the API, so it is node:http on kept-alive sockets
  // (what a service calling the API uses), not fetch, whose streams cost this event loop as much as
  // the API's own routing (BENCH_HTTP_CLIENT=fetch measures with it, as before 5 December).
  const client = process.env.BENCH_HTTP_CLIENT === 'fetch' ? 'fetch' : 'node:http';
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const viaAgent = (path: string) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = http.get(`${api.url}${path}`, { agent, headers: { authorization: `Bearer ${api.token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  // A kept-alive socket the server closes after its idle timeout (between phases, or while the event loop is busy) resets; a client asks again.
  let resets = 0;
  const get = async (path: string, attempt = 1): Promise<{ status: number; body: Record<string, unknown> }> => {
    try {
      return client === 'fetch' ? await api.request('GET', path) : await viaAgent(path);
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code ?? '';
      if (attempt >= 3 || !['ECONNRESET', 'UND_ERR_SOCKET'].includes(code)) throw err;
      resets += 1;
      return get(path, attempt + 1);
    }
  };
  const reads = Math.max(200, iterations * 4);
  const pick = (i: number) => `BEN${String((i * 7919) % count).padStart(5, '0')}-2026-01`;
  // In alternating rounds, so a change in the machine's load falls on every side alike.
  const alternately = async <K extends string>(count: number, sides: Record<K, (i: number) => Promise<unknown>>) => {
    const timed = Object.fromEntries(Object.keys(sides).map((k) => [k, [] as number[]])) as Record<K, number[]>;
    // This process's CPU per call (API and client, or the bare statement's driver work): a figure the machine's load barely moves.
    const cpuMicros = Object.fromEntries(Object.keys(sides).map((k) => [k, 0])) as Record<K, number>;
    const round = Math.ceil(count / ROUNDS);
    for (let from = 0; from < count; from += round) {
      const n = Math.min(round, count - from);
      for (const side of Object.keys(sides) as K[]) {
        const before = process.cpuUsage();
        timed[side].push(...(await concurrently(n, CONCURRENCY, (i) => sides[side](from + i))));
        const used = process.cpuUsage(before);
        cpuMicros[side] += used.user + used.system;
      }
    }
    return { ...timed, cpuPerCall: (side: K) => `${(cpuMicros[side] / count / 1000).toFixed(3)} ms CPU a call` };
  };
  const readTimes = await alternately(reads, {
    api: async (i) => {
      const r = await get(`/api/cases/${pick(i)}`);
      if (r.status !== 200 || r.body.reference !== pick(i)) throw new Error(`read answered ${r.status}`);
    },
    fourStatements: (i) => bareCaseRead(db, pick(i)),
    oneStatement: (i) => bareOneStatementCaseRead(db, pick(i)),
  });
  const lists = Math.max(100, iterations);
  const listTimes = await alternately(lists, {
    api: async () => {
      const r = await get('/api/cases?state=open&limit=50');
      if (r.status !== 200 || (r.body.cases as unknown[]).length !== 50) throw new Error(`list answered ${r.status}`);
    },
    bare: () => bareExecutiveList(db),
  });
  agent.destroy();
  const line = (name: string, ms: number[]) => `${name}: p50 ${percentile(ms, 50).toFixed(2)} ms, p99 ${percentile(ms, 99).toFixed(2)} ms`;
  const ratios = (subject: number[], baseline: number[]) => `p50 ratio ${(percentile(subject, 50) / percentile(baseline, 50)).toFixed(2)}, p99 ratio ${(percentile(subject, 99) / percentile(baseline, 99)).toFixed(2)}`;
  console.log(`\nconcurrency ${CONCURRENCY}, ${provider} read model, ${count} cases (${Math.ceil(count / 2)} open); client ${client}; ${resets} requests asked again after a reset socket; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}:`);
  console.log(`case read (${reads}): ${line('API', readTimes.api)}; ${line('bare SQL, four statements', readTimes.fourStatements)}; ${ratios(readTimes.api, readTimes.fourStatements)}`);
  console.log(`  against the API's own statement run bare: ${line('bare SQL, one statement', readTimes.oneStatement)}; ${ratios(readTimes.api, readTimes.oneStatement)}`);
  console.log(`  this process: API ${readTimes.cpuPerCall('api')}, four statements ${readTimes.cpuPerCall('fourStatements')}, one statement ${readTimes.cpuPerCall('oneStatement')}`);
  console.log(`executive list, 50 a page (${lists}): ${line('API', listTimes.api)}; ${line('bare SQL', listTimes.bare)}; ${ratios(listTimes.api, listTimes.bare)}`);
  console.log(`  this process: API ${listTimes.cpuPerCall('api')}, bare ${listTimes.cpuPerCall('bare')}`);
  await api.close();
  await db.$disconnect();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
