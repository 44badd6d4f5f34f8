/**
 * `npm run import -- FILE [--dry-run]` (issue 12): brings in a partnership's tracker (the CSV
 * template, or JSON when FILE ends in .json) with the same run as `POST /api/imports`, showing a
 * progress line, then prints the report. Needs the Temporal server and the worker running
 * (`npm start`), and the same environment as the API.
 */
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { runImport, type ImportReport } from '../api/import-run';
import { loadCalendar, ruleSetProvider } from '../config/calendar';
import { CalendarStore } from '../config/calendar-store';
import { parseEnv, referenceSchemeOf } from '../config/env';
import { useReferenceScheme } from '../domain/case-reference';
import { parseTrackerCsv, parseTrackerJson } from '../domain/import';
import { utcToLondonDate } from '../domain/london-time';
import { DEFAULT_LADDER } from '../domain/reminders';
import { releaseShared, sharedDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';

/** One line, rewritten in place on a terminal: `[##########----------] 20/40 cases`. */
export function progressLine(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} case(s)`;
}

export function reportText(report: ImportReport): string {
  return [
    report.message,
    ...report.problems.map((p) => `  row ${p.row}, column ${p.column}: ${p.problem}`),
    ...(report.summaryEmail ? ['One summary email sent to the CSPR chair and the executive.'] : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: npm run import -- FILE [--dry-run]   (FILE: the CSV template, or .json)');
  const text = readFileSync(file, 'utf8');
  const parsed = file.endsWith('.json') ? parseTrackerJson(JSON.parse(text)) : parseTrackerCsv(text);
  const env = parseEnv();
  useReferenceScheme(referenceSchemeOf(env));
  await applyMigrations(env.DATABASE_URL);
  const db = sharedDatabase(env.DATABASE_URL);
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS }).catch((err: Error) => {
    throw new Error(`cannot reach Temporal at ${env.TEMPORAL_ADDRESS} (${err.message}). Start it with 'npm start', or set TEMPORAL_ADDRESS.`);
  });
  try {
    const calendarStore = new CalendarStore(db, loadCalendar(env));
    await calendarStore.refresh();
    const deps = {
      temporal: new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }),
      db,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      calendar: () => calendarStore.current(),
      ruleSet: ruleSetProvider(env),
      ladder: { ...DEFAULT_LADDER, localTime: env.REMINDER_LOCAL_TIME },
      partnership: env.PARTNERSHIP,
      searchAttributes: true,
    };
    const tty = process.stdout.isTTY === true;
    const report = await runImport(deps, parsed, {
      dryRun,
      actor: `import-cli:${process.env.USER ?? 'unknown'}`,
      today: utcToLondonDate(Date.now()),
      onProgress: (done, total) => {
        if (total === 0) return;
        if (tty) process.stdout.write(`\r${progressLine(done, total)}`);
        else if (done === total || done % 50 === 0) process.stdout.write(`${progressLine(done, total)}\n`);
      },
    });
    if (tty) process.stdout.write('\n');
    console.log(reportText(report));
    if (report.notStarted > 0) process.exitCode = 1;
  } finally {
    await connection.close();
    await releaseShared(env.DATABASE_URL);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`import: ${(err as Error).message}`);
    process.exit(1);
  });
}
