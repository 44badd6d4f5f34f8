/**
 * Runs the guarded Temporal dev server of `npm start` (scripts/dev-server.ts) alone, then ends in the
 * way the test asks: `throw` (uncaught error), `reject` (unhandled rejection), `exit` (process.exit
 * from anywhere), or `wait` (for a signal or a SIGKILL). Prints `server <pid>` once it runs.
 */
import { clearLeftover, startGuardedDevServer, stopOnEveryExit, type GuardedDevServer } from '../../scripts/dev-server';
import { temporalCli } from '../../scripts/temporal-tools';
import { join } from 'node:path';

const [dataDir, mode] = process.argv.slice(2) as [string, 'throw' | 'reject' | 'exit' | 'wait'];
let server: GuardedDevServer | undefined;
stopOnEveryExit(async () => {
  await server?.stop();
});

async function main(): Promise<void> {
  const cleared = await clearLeftover(dataDir, join(dataDir, 'temporal.db'));
  if (cleared) console.log(cleared);
  server = await startGuardedDevServer({ dataDir, executable: temporalCli(), host: '127.0.0.1', namespace: 'default', searchAttributes: [], extraArgs: ['--log-level', 'error'] });
  console.log(`server ${server.pid}`);
  setTimeout(() => {
    if (mode === 'throw') throw new Error('a bug nobody caught');
    if (mode === 'reject') void Promise.reject(new Error('a promise nobody awaited'));
    if (mode === 'exit') process.exit(3);
  }, 200);
  if (mode === 'wait') setInterval(() => undefined, 60_000);
}

void main();
