/**
 * The Temporal dev server as a child process the test owns, on a fixed port and a SQLite file, so a
 * fault test can SIGKILL it and start it again on the same port and history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Connection } from '@temporalio/client';
import { freePort } from './ports';
import { temporalCli } from '../../scripts/temporal-tools';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export interface DevServerProcess {
  address: string;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and database file; resolves once it answers. */
  start(): Promise<void>;
}

export { freePort };

export async function devServerProcess(dbFile: string): Promise<DevServerProcess> {
  const cli = temporalCli();
  if (cli.type !== 'existing-path') throw new Error('the Temporal CLI is not installed: npm run tools:temporal');
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const address = `127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const server: DevServerProcess = {
    address,
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    async start() {
      child = spawn(
        cli.path,
        [
          'server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--headless',
          '--db-filename', dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL', '--log-level', 'error',
          ...SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', `${a.name}=Keyword`]),
        ],
        { stdio: 'ignore' },
      );
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const connection = await Connection.connect({ address, connectTimeout: 1000 });
          await connection.workflowService.getSystemInfo({});
          await connection.close();
          return;
        } catch (err) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the Temporal dev server did not start on ${address}: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
  };
  await server.start();
  return server;
}
