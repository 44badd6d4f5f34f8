/**
 * How wide RFC 1047's window is in sendNotice: from the relay's 250 reaching the worker to the
 * database commit that marks the email sent. A worker that dies inside it resends the email (flagged)
 * on retry. Measured with the real activities, a SQLite file and the local SMTP listener, beside the
 * whole SMTP transaction as the baseline.
 *
 *   npx tsx bench/email-window.bench.ts 200
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createActivities } from '../activities';
import { createSmtpMailer, type Mailer } from '../activities/mailer';
import { createDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { startMailCatcher } from '../scripts/mail-catcher';
import { TEST_RECIPIENTS } from '../tests/support/recipients';
import { printRatio, progress, summary } from './stats';

async function main(): Promise<void> {
  const sends = Number(process.argv[2] ?? 200);
  const url = `file:${join(mkdtempSync(join(tmpdir(), 'bench-email-window-')), 'app.db')}`;
  await applyMigrations(url);
  const db = createDatabase(url);
  const catcher = await startMailCatcher();
  const smtp = createSmtpMailer(`smtp://127.0.0.1:${catcher.smtpPort}`);
  let sentAt = 0;
  const transaction: number[] = [];
  const timed: Mailer = {
    async send(message) {
      const start = performance.now();
      await smtp.send(message);
      sentAt = performance.now();
      transaction.push(sentAt - start);
    },
    close: () => smtp.close(),
  };
  const { sendNotice } = createActivities({ db, mailer: timed, mail: { from: 'bench@x.test', domain: 'x.test', recipients: TEST_RECIPIENTS } });
  const window: number[] = [];
  const run = Date.now();
  for (let i = 0; i < sends + 20; i++) {
    await sendNotice({ key: `bench:${run}:${i}`, caseReference: 'BENCH-2026-01', kind: 'reminder', to: ['executive'], subject: `[BENCH-2026-01] window ${i}`, text: 'x' });
    if (i < 20) continue; // the first 20 warm up the pool and the database
    window.push(performance.now() - sentAt);
    progress('email-window', i - 19, sends);
  }
  transaction.splice(0, 20);
  printRatio(summary('250 received -> sent committed (window B)', window), summary('whole SMTP transaction', transaction));
  timed.close();
  await catcher.close();
  await db.$disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
