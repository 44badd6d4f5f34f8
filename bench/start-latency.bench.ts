/**
 * POST /api/rapid-reviews against a bare `client.workflow.start` of the same workflow, on the real
 * dev server (file database with WAL, as `npm start` runs it), a worker and a SQLite read model.
 * Starts alternate between the two so machine noise falls on both. Run: npx tsx bench/start-latency.bench.ts [count]
 */
import { defaultCalendar } from '../domain/calendar';
import { STANDARD_RULES } from '../domain/rules';
import { rapidReview } from '../workflows';
import type { RapidReviewInput } from '../workflows/definitions';
import { startBenchStack } from './stack';
import { printRatio, progress, summary } from './stats';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200);
  const { env, api, taskQueue, close } = await startBenchStack('start');
  const calendar = defaultCalendar();
  const awareOn = '2026-11-02';

  const viaApi: number[] = [];
  const bare: number[] = [];
  const warmup = 10;
  for (let i = 0; i < count + warmup; i++) {
    const reference = `BENCH${String(i).padStart(5, '0')}`.slice(0, 12);
    let t = performance.now();
    const res = await api.request('POST', '/api/rapid-reviews', { reference: `A${reference}-2026-01`, childPseudonym: 'Child B', awareOn });
    if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (i >= warmup) viaApi.push(performance.now() - t);
    const input: RapidReviewInput = { reference: `B${reference}-2026-01`, awareOn, ruleSet: STANDARD_RULES, calendar };
    t = performance.now();
    await env.client.workflow.start(rapidReview, { workflowId: `rapid-review:B${reference}-2026-01`, taskQueue, args: [input] });
    if (i >= warmup) bare.push(performance.now() - t);
    progress('starts', i + 1, count + warmup);
  }
  console.log(`\n${count} starts each (after ${warmup} warm-up), dev server on a WAL file database, SQLite read model`);
  printRatio(summary('POST /api/rapid-reviews', viaApi), summary('client.workflow.start', bare));

  await close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
