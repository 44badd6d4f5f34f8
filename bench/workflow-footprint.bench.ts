/**
 * Two figures for issue 4, each beside a baseline measured in the same run:
 * 1. replay time of the largest recorded history against the smallest one (goal: under 0.5 s);
 * 2. the worker's resident memory with N open practice reviews parked on timers, against the same
 *    worker idle (goal: under 500 MB), and what each workflow held in the worker's cache costs
 *    (issue 14): with a cache at least as large as the reviews, (parked - idle) / cached.
 * Run: npx tsx bench/workflow-footprint.bench.ts [reviews=1000] [cache=100] [heap cap MB=256]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '../activities';
import { defaultCalendar } from '../domain/calendar';
import { STANDARD_RULES } from '../domain/rules';
import { temporalCli } from '../scripts/temporal-tools';
import { historyFiles, loadHistory } from '../tests/support/histories';
import { bundleReviewWorkflows, createReviewWorker, DEFAULT_MAX_CACHED_WORKFLOWS, installRuntime } from '../worker/create-worker';
import { practiceReview } from '../workflows';
import { printRatio, progress, summary } from './stats';

const mb = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<void> {
  const reviews = Number(process.argv[2] ?? 1000);
  installRuntime();
  const workflowBundle = await bundleReviewWorkflows();

  // 1. Replay time.
  const files = historyFiles().map((f) => ({ ...f, size: statSync(f.file).size })).sort((a, b) => a.size - b.size);
  const smallest = files[0]!;
  const largest = files.at(-1)!;
  const events = (f: { file: string }) => loadHistory(f.file).events?.length ?? 0;
  const replay = async (file: string) => {
    const t = performance.now();
    await Worker.runReplayHistory({ workflowBundle }, loadHistory(file), 'bench');
    return performance.now() - t;
  };
  const big: number[] = [];
  const small: number[] = [];
  for (let i = 0; i < 12; i++) {
    const b = await replay(largest.file);
    const s = await replay(smallest.file);
    if (i >= 2) {
      big.push(b);
      small.push(s);
    }
  }
  console.log(`\nreplay: largest history ${largest.name} (${events(largest)} events), smallest ${smallest.name} (${events(smallest)} events), 10 runs each after 2 warm-up`);
  printRatio(summary(`replay ${largest.name}`, big), summary(`replay ${smallest.name}`, small));

  // 2. Memory, in a fresh process that holds only a worker (as `npm run worker` does), so the
  // bundler and the replays above do not count.
  const codePath = join(mkdtempSync(join(tmpdir(), 'bench-bundle-')), 'workflows.json');
  writeFileSync(codePath, JSON.stringify(workflowBundle));
  // The same heap cap as `npm run worker`.
  const cache = Number(process.argv[3] ?? DEFAULT_MAX_CACHED_WORKFLOWS);
  const heapMb = Number(process.argv[4] ?? 256);
  execFileSync(process.execPath, [...process.execArgv, '--expose-gc', `--max-old-space-size=${heapMb}`, __filename, '--memory', String(reviews), codePath, String(cache), String(heapMb)], { stdio: 'inherit' });
}

const settled = async () => {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 1000));
  return process.memoryUsage();
};

async function memory(reviews: number, codePath: string, cache: number, heapMb: number): Promise<void> {
  installRuntime();
  const env = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCli(), extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL', '--log-level', 'error'] } });
  const noop = { persistCase: async () => undefined, sendNotice: async (n: { key: string }) => ({ messageId: n.key, outcome: 'sent' }), sendNoticesTogether: async (ns: { key: string }[]) => ns.map((n) => ({ key: n.key, outcome: 'sent' })) } as unknown as Activities;
  const taskQueue = 'footprint';
  const worker = await createReviewWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, activities: noop, maxCachedWorkflows: cache, workflowBundle: JSON.parse(readFileSync(codePath, 'utf8')) as WorkflowBundleWithSourceMap });
  const running = worker.run();
  await new Promise((r) => setTimeout(r, 2000));
  const idle = await settled();
  const calendar = defaultCalendar();
  let started = 0;
  // Ten at a time: 20,000 one by one take longer than the rest of the run.
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let i = started++; i < reviews; i = started++) {
        const reference = `FP${String(i).padStart(5, '0')}-2026-01`;
        await env.client.workflow.start(practiceReview, {
          workflowId: `practice-review:${reference}`,
          taskQueue,
          args: [{ reference, parentReference: 'FP-2026-01', awareOn: '2026-11-02', decidedOn: '2026-11-20', reviewerName: 'Independent reviewer', decidedBy: 'bench', ruleSet: STANDARD_RULES, calendar }],
        });
        progress('starting practice reviews', i + 1, reviews);
      }
    }),
  );
  // Parked: every review has run its first workflow task and waits on a timer.
  for (;;) {
    const pending = await env.client.workflow.count('WorkflowType = "practiceReview" AND ExecutionStatus = "Running"');
    const last = await Promise.all(Array.from({ length: Math.min(10, reviews) }, (_, k) => env.client.workflow.getHandle(`practice-review:FP${String(reviews - 1 - k).padStart(5, '0')}-2026-01`).describe()));
    if (pending.count >= reviews && last.every((d) => d.historyLength > 3)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 4000));
  const parked = await settled();
  const cached = Math.min(cache, reviews);
  console.log(`\nworker resident memory (cache ${cache} workflows, heap cap ${heapMb} MB): idle ${mb(idle.rss).toFixed(0)} MB; with ${reviews} practice reviews parked on timers ${mb(parked.rss).toFixed(0)} MB (ratio ${(parked.rss / idle.rss).toFixed(2)}; goal under 500 MB)`);
  // Workflows run in the SDK's worker thread, whose heap process.memoryUsage().heapUsed does not count: resident memory does.
  console.log(`per cached workflow (${cached} cached): resident ${(mb(parked.rss - idle.rss) / cached).toFixed(2)} MB`);
  worker.shutdown();
  await running;
  await env.teardown();
}

(process.argv[2] === '--memory' ? memory(Number(process.argv[3]), process.argv[4]!, Number(process.argv[5]), Number(process.argv[6])) : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
