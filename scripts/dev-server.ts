/**
 * The Temporal dev server that `npm start` runs, and the guarantee that it never outlives
 * `npm start`: stopped on a normal exit, Ctrl-C, SIGTERM or an uncaught error by this process; on a
 * SIGKILL of this process (or of the npm or tsx launching it) by a detached watchdog
 * (dev-server-watchdog.mjs) that sees it gone. Its PID is kept in data/temporal-server.pid, so the
 * next start clears a server an earlier one left behind, once its command line proves it is that
 * server (the dev server on this data directory's database), and never any other process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import type { temporalCli } from './temporal-tools';

export const PID_FILE = 'temporal-server.pid';
const WATCHDOG = join(__dirname, 'dev-server-watchdog.mjs');

export interface DevServerOptions {
  dataDir: string;
  executable: ReturnType<typeof temporalCli>;
  host: string;
  /** Any free port when absent. */
  port?: number;
  uiPort?: number;
  namespace: string;
  searchAttributes: typeof SEARCH_ATTRIBUTES;
  extraArgs: string[];
}

export interface GuardedDevServer {
  pid: number;
  /** Stops the server (teardown, then SIGKILL if it lingers) and removes the PID file. */
  stop(): Promise<void>;
}

/** The command line of a process, or undefined when there is none. */
export function commandLine(pid: number): string | undefined {
  try {
    if (existsSync(`/proc/${pid}/cmdline`)) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() || undefined;
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** True only for a Temporal dev server running on this database file. */
export function isDevServerOn(pid: number, dbFile: string): boolean {
  const args = commandLine(pid);
  return args !== undefined && /\bserver start-dev\b/.test(args) && args.includes(`--db-filename ${dbFile}`);
}

async function terminate(pid: number, graceMs = 10_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const until = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Stops a server an earlier `npm start` left behind, if the PID file names one that is still that server. */
export async function clearLeftover(dataDir: string, dbFile: string): Promise<string | undefined> {
  const file = join(dataDir, PID_FILE);
  if (!existsSync(file)) return undefined;
  const pid = Number((JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown }).pid);
  rmSync(file, { force: true });
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  if (!isDevServerOn(pid, dbFile)) return `PID ${pid} in ${PID_FILE} is not our Temporal dev server any more; left alone`;
  await terminate(pid);
  return `stopped the Temporal dev server (PID ${pid}) an earlier start left running`;
}

function childServerPid(dbFile: string): number | undefined {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  const children = out
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([, ppid]) => ppid === process.pid)
    .map(([pid]) => pid!);
  return children.find((pid) => isDevServerOn(pid, dbFile));
}

/** The processes that launched this one (tsx, sh, npm) up to npm: if one is killed, `npm start` is over. */
export function launcherChain(): number[] {
  const chain: number[] = [];
  let pid = process.ppid;
  for (let i = 0; i < 6 && pid > 1; i += 1) {
    const args = commandLine(pid) ?? '';
    const isNpm = /(?:^|[\s/])npm(?:-cli\.js)?\s/.test(args);
    if (!isNpm && !/\btsx\b|^sh -c/.test(args)) break;
    chain.push(pid);
    if (isNpm) break;
    try {
      pid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    } catch {
      break;
    }
  }
  return chain;
}

export async function startGuardedDevServer(options: DevServerOptions): Promise<GuardedDevServer> {
  const dbFile = join(options.dataDir, 'temporal.db');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: options.executable,
      ip: options.host,
      ...(options.port !== undefined ? { port: options.port } : {}),
      dbFilename: dbFile,
      ...(options.uiPort !== undefined ? { ui: true, uiPort: options.uiPort } : {}),
      namespace: options.namespace,
      searchAttributes: options.searchAttributes,
      extraArgs: options.extraArgs,
    },
  });
  const pid = childServerPid(dbFile);
  if (pid === undefined) {
    await env.teardown();
    throw new Error('the Temporal dev server started but its process was not found among this process\'s children');
  }
  const pidFile = join(options.dataDir, PID_FILE);
  writeFileSync(pidFile, JSON.stringify({ pid, dbFile, startedBy: process.pid }));
  const watchdog = spawn(process.execPath, [WATCHDOG, JSON.stringify({ main: process.pid, server: pid, dbFile, pidFile })], { detached: true, stdio: 'ignore' });
  watchdog.unref();

  let stopped = false;
  // Last resort for process.exit() from anywhere: synchronous, so only a signal.
  const onExit = () => {
    if (stopped || !isDevServerOn(pid, dbFile)) return;
    process.kill(pid, 'SIGKILL');
    rmSync(pidFile, { force: true });
  };
  process.on('exit', onExit);
  return {
    pid,
    async stop() {
      if (stopped) return;
      await Promise.race([env.teardown().catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
      if (isDevServerOn(pid, dbFile)) await terminate(pid, 5_000);
      stopped = true;
      rmSync(pidFile, { force: true });
      process.off('exit', onExit);
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `stop` (which exits) however this process is asked to end: SIGINT, SIGTERM, SIGHUP (code 0),
 * an uncaught error or unhandled rejection, or the npm/tsx that launched it killed outright (code 1).
 * Returns the same stop for the caller's own reasons.
 */
export function stopOnEveryExit(stop: (code: number) => Promise<void>): (code: number, why?: string) => void {
  let stopping = false;
  const once = (code: number, why?: string) => {
    if (why) console.error(`[start] ${why}; stopping`);
    if (stopping) return;
    stopping = true;
    void stop(code).finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => once(0));
  process.on('uncaughtException', (err) => once(1, `uncaught error: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => once(1, `unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  const launchers = launcherChain();
  setInterval(() => {
    if (launchers.some((pid) => !isAlive(pid))) once(1, 'the npm start that launched this process is gone');
  }, 1000).unref();
  return once;
}
