/**
 * `npm run worker` with timers around the mail transport and the activities, for
 * bench/scale.bench.ts's breakdown of the reminder burst: on SIGUSR2 it writes its running totals
 * (count, total and longest milliseconds, failures by type; the most activities in flight at once)
 * to PROFILE_FILE, so the bench can subtract two readings.
 */
import { writeFileSync } from 'node:fs';
import type { Mailer } from '../activities/mailer';
import { parseEnv } from '../config/env';
import { runWorker } from '../worker/main';

interface Tally {
  count: number;
  totalMs: number;
  maxMs: number;
  failures: Record<string, number>;
}
const tallies: Record<string, Tally> = {};
let inFlight = 0;
let peakInFlight = 0;

function record(name: string, startedMs: number, failure?: unknown): void {
  const t = (tallies[name] ??= { count: 0, totalMs: 0, maxMs: 0, failures: {} });
  const ms = performance.now() - startedMs;
  t.count += 1;
  t.totalMs += ms;
  t.maxMs = Math.max(t.maxMs, ms);
  if (failure !== undefined) {
    const type = (failure as { type?: string; code?: string }).type ?? (failure as { code?: string }).code ?? (failure as Error).name ?? 'Error';
    t.failures[type] = (t.failures[type] ?? 0) + 1;
  }
}

async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await run();
    record(name, started);
    return result;
  } catch (err) {
    record(name, started, err);
    throw err;
  }
}

function probedMailer(mailer: Mailer): Mailer {
  return {
    ...mailer,
    send: (m) => timed('smtp transfer', () => mailer.send(m)),
    ...(mailer.connection
      ? {
          connection: async (waitMs: number) => {
            const release = await timed('waiting for an SMTP connection', () => mailer.connection!(waitMs));
            const held = performance.now();
            return () => {
              record('SMTP connection held (claim + transfer)', held);
              release();
            };
          },
        }
      : {}),
  };
}

function probedActivities<A extends Record<string, unknown>>(activities: A): A {
  const probed: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(activities)) {
    probed[name] =
      typeof f === 'function'
        ? async (...args: unknown[]) => {
            inFlight += 1;
            peakInFlight = Math.max(peakInFlight, inFlight);
            try {
              return await timed(`activity ${name}`, () => (f as (...a: unknown[]) => Promise<unknown>)(...args));
            } finally {
              inFlight -= 1;
            }
          }
        : f;
  }
  return probed as A;
}

const file = process.env.PROFILE_FILE;
if (!file) throw new Error('PROFILE_FILE is required');
process.on('SIGUSR2', () => {
  writeFileSync(file, JSON.stringify({ tallies, peakInFlight, inFlight }));
  peakInFlight = inFlight;
});
const controller = new AbortController();
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => controller.abort());
runWorker(parseEnv(), controller.signal, { mailer: probedMailer, activities: probedActivities }).catch((err: unknown) => {
  console.error(`worker: ${(err as Error).message}`);
  process.exit(1);
});
