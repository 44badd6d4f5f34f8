/**
 * CPU a case's snapshot costs the worker to write to the read model (persistCase, in plain SQL:
 * activities/persist-case.ts), against the floor every snapshot write pays in the same run: a write
 * transaction holding one UPDATE of the case's row. The snapshots are the 17 a rapid review wrote
 * in a recorded history (tests/replay/histories/rapid-review-v2-lcspr.json), written for `cases`
 * cases in turn, in two rounds of new cases (the first warms the process up). CPU, not wall time:
 * a figure the machine's load barely moves.
 *
 * Run: npx tsx bench/persist-case.bench.ts [cases=100] [sqlite|postgresql]
 *
 * Measured on 5 December 2026 (SQLite, 100 cases, second round, two runs each, at nice 19 beside
 * the scale bench): the Prisma ORM calls this replaced 7.44 to 7.64 ms a snapshot, plain SQL 2.87
 * to 2.94 ms.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createActivities } from '../activities';
import type { Mailer } from '../activities/mailer';
import type { CaseSnapshot } from '../domain/contracts';
import { createDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { freshPostgresDatabase } from '../tests/support/postgres';
import { progress } from './stats';

interface RecordedEvent {
  activityTaskScheduledEventAttributes?: { activityType: { name: string }; input: { payloads: { data: string }[] } };
}

function recordedSnapshots(): CaseSnapshot[] {
  const history = JSON.parse(readFileSync(resolve(__dirname, '..', 'tests', 'replay', 'histories', 'rapid-review-v2-lcspr.json'), 'utf8')) as { events: RecordedEvent[] };
  return history.events
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a) => a?.activityType.name === 'persistCase')
    .map((a) => JSON.parse(Buffer.from(a!.input.payloads[0]!.data, 'base64').toString('utf8')) as CaseSnapshot);
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? 100);
  const provider = process.argv[3] ?? 'sqlite';
  if (provider !== 'sqlite' && provider !== 'postgresql') throw new Error(`database: sqlite or postgresql, not ${provider}`);
  const url = provider === 'sqlite' ? `file:${join(mkdtempSync(join(tmpdir(), 'bench-persist-')), 'app.db')}` : await freshPostgresDatabase('bench_persist');
  await applyMigrations(url);
  const db = createDatabase(url);
  const { persistCase } = createActivities({ db, mailer: {} as Mailer, mail: { from: 'engine@lscp.test', domain: 'lscp.test', recipients: {} } });
  const snapshots = recordedSnapshots();
  console.log(`${snapshots.length} recorded snapshots (deadlines/timeline entries each: ${snapshots.map((s) => `${s.deadlines.length}/${s.timeline.length}`).join(' ')}), ${cases} cases, ${provider}`);
  for (const round of [1, 2]) {
    let persist = 0;
    let floor = 0;
    for (let i = 0; i < cases; i++) {
      const reference = `P${round}B${String(i).padStart(5, '0')}-2026-01`;
      for (const snapshot of snapshots) {
        let since = process.cpuUsage();
        await persistCase({ ...snapshot, reference, workflowId: `rapid-review:${reference}` });
        persist += cpuMs(since);
        since = process.cpuUsage();
        await db.$transaction((tx) => tx.$executeRaw`UPDATE "Case" SET "updatedAt" = ${new Date()} WHERE "reference" = ${reference}`);
        floor += cpuMs(since);
      }
      progress(`round ${round}`, i + 1, cases);
    }
    const writes = cases * snapshots.length;
    console.log(`round ${round}${round === 1 ? ' (warm-up)' : ''}: persistCase ${(persist / writes).toFixed(2)} ms CPU a snapshot; one-statement write transaction ${(floor / writes).toFixed(2)} ms; ratio ${(persist / floor).toFixed(2)}`);
  }
  await db.$disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
