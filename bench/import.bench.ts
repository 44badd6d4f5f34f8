/**
 * Issue 12: importing cases with their history (POST /api/imports, CSV, in batches) against starting
 * the same number by the plain API (POST /api/rapid-reviews, one request per case, no history), per
 * case, on the real dev server (WAL file database), a worker and a SQLite read model. A batch is
 * timed from its first request until every one of its cases has written its state to the read model
 * (what a person then sees), so neither side leaves work behind for the other. Batches alternate
 * between the two so machine noise falls on both. The goal: import no slower per case.
 * Run: npx tsx bench/import.bench.ts [cases, default 1000] [batch, default 100]
 */
import { startBenchStack, type BenchStack } from './stack';
import { printRatio, progress, summary } from './stats';

const HEADER = 'reference,process,child,aware_on,notifiable,decision_on,notified_on,partners_told_on,summaries_requested_on,summaries_due,summaries_received,meeting_on,signed_off_on,submitted_on,panel_response_on,national_review,outcome_on,outcome,learning_route,actions,actions_completed';
/** A rapid review of this autumn with its whole history to a no-LCSPR outcome and an action done: 12 milestones. */
const row = (reference: string) =>
  `${reference},rapid review,Child B,2026-09-07,yes,2026-09-08,2026-09-10,2026-09-09,2026-09-09,police 2026-09-17; health 2026-09-18,police 2026-09-16; health 2026-09-18,2026-09-21,2026-09-24,2026-09-25,2026-10-09,no,2026-10-12,no-lcspr,learning-briefing,A1 police 2026-11-30; A2 health 2027-03-31,A1 2026-11-20`;

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const batch = Number(process.argv[3] ?? 100);
  const { api, db, close } = await startBenchStack('import');
  try {
    await compare(api, db, count, batch);
  } finally {
    await close();
  }
}

async function compare(api: BenchStack['api'], db: BenchStack['db'], count: number, batch: number): Promise<void> {
  // Node's fetch may reuse a keep-alive socket the server has just closed (after a long wait): one retry, same Idempotency-Key.
  const post = async (path: string, body: unknown, key: string) => {
    const send = () => api.request('POST', path, body, { headers: { 'Idempotency-Key': key } });
    return send().catch((err: unknown) => {
      if ((err as Error).message !== 'fetch failed') throw err;
      return send();
    });
  };
  const settled = async (references: string[]) => {
    for (;;) {
      if ((await db.case.count({ where: { reference: { in: references }, revision: { gt: 0 } } })) === references.length) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const imported: number[] = [];
  const viaApi: number[] = [];
  const batches = Math.ceil(count / batch);
  for (let b = 0; b < batches; b++) {
    const refs = Array.from({ length: Math.min(batch, count - b * batch) }, (_, i) => String(b * batch + i).padStart(5, '0'));
    let t = performance.now();
    const res = await post('/api/imports', { csv: [HEADER, ...refs.map((r) => row(`I${r}-2026-01`))].join('\n') }, `import-${b}`);
    if (res.status !== 201 || res.body.created !== refs.length) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    await settled(refs.map((r) => `I${r}-2026-01`));
    imported.push((performance.now() - t) / refs.length);
    t = performance.now();
    for (const r of refs) {
      const started = await post('/api/rapid-reviews', { reference: `A${r}-2026-01`, childPseudonym: 'Child B', awareOn: '2026-09-07' }, `start-${r}`);
      if (started.status !== 201) throw new Error(`POST answered ${started.status}: ${JSON.stringify(started.body)}`);
    }
    await settled(refs.map((r) => `A${r}-2026-01`));
    viaApi.push((performance.now() - t) / refs.length);
    progress('batches', b + 1, batches);
    process.stderr.write(`  batch ${b + 1}: import ${imported.at(-1)!.toFixed(1)} ms/case, plain starts ${viaApi.at(-1)!.toFixed(1)} ms/case\n`);
  }
  console.log(`\n${count} cases each way in batches of ${batch}: an import of ${batch} cases (12 milestones each) in one request, or ${batch} plain starts (no history) one request each; per case, each batch timed until all its cases are in the read model`);
  printRatio(summary('import, per case', imported), summary('POST /api/rapid-reviews, per case', viaApi));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
