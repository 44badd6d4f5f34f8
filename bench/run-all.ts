/**
 * `npm run bench`: every benchmark in turn, each in its own process with its default size, so one
 * run's memory and servers never colour the next. Each prints its own ratios; this prints a line per
 * benchmark and exits non-zero if one failed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benches = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const failed: string[] = [];
for (const [i, file] of benches.entries()) {
  process.stdout.write(`\n[bench ${i + 1}/${benches.length}] ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${file} (exit ${run.status ?? run.signal})`);
}
process.stdout.write(failed.length === 0 ? `\nall ${benches.length} benchmarks ran\n` : `\nfailed: ${failed.join(', ')}\n`);
process.exit(failed.length === 0 ? 0 : 1);
