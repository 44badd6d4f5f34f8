/**
 * A real API process for fault tests, started as api/main.ts starts one (`startApi` from the
 * environment), spawned by tests/support/worker-process.ts.
 *
 * With FAULT_KILL_AT_START=n it SIGKILLs itself when the n-th workflow start is about to be sent
 * (once n/2 starts have completed): that request's case row is written and its workflow never
 * started, the half-made start a crash between the two leaves, while the other requests in flight
 * die wherever they are.
 */
import { WorkflowClient } from '@temporalio/client';
import { startApi } from '../../api/main';
import { parseEnv } from '../../config/env';

const killAt = Number(process.env.FAULT_KILL_AT_START ?? 0);
if (killAt > 0) {
  const start = WorkflowClient.prototype.start;
  let starts = 0;
  let completed = 0;
  WorkflowClient.prototype.start = async function (this: WorkflowClient, ...args: Parameters<WorkflowClient['start']>) {
    starts += 1;
    if (starts === killAt) {
      // Never sent: first let half as many starts finish, so some clients have had their 201.
      for (;;) {
        if (completed >= killAt / 2) process.kill(process.pid, 'SIGKILL');
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const handle = await start.apply(this, args);
    completed += 1;
    return handle;
  } as WorkflowClient['start'];
}

startApi(parseEnv())
  .then(() => process.stdout.write('api: listening\n'))
  .catch((err: unknown) => {
    console.error(`fault api: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  });
