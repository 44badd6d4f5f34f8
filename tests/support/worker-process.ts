/**
 * Workers as real child processes (tests/support/fault-worker.ts under node and tsx), so a test can
 * SIGKILL one the way an operating system or an orchestrator does. Every process started here is
 * killed by `killAllWorkerProcesses`, which a suite calls in afterAll whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const started = new Set<WorkerProcess>();

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when it exits, with the signal that ended it, if any. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the worker polls its task queue; rejects if the process exits first. */
  running: Promise<void>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
}

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  return startFaultProcess(join(ROOT, 'tests', 'support', 'fault-worker.ts'), env, 'worker running');
}

/** Any TypeScript entry point as a child process (an API, a worker), `running` once it prints `readyText`. */
export function startFaultProcess(script: string, env: Record<string, string>, readyText: string): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const running = new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes(readyText)) resolve();
    };
    child.stdout!.on('data', onData);
    void exited.then((e) => reject(new Error(`process ${child.pid} (${script}) exited (${e.signal ?? e.code}) before running:\n${output}`)));
  });
  running.catch(() => undefined); // rejects only for those who wait on it
  const worker: WorkerProcess = {
    child,
    pid: child.pid!,
    output: () => output,
    exited,
    running,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  started.add(worker);
  void exited.finally(() => started.delete(worker));
  return worker;
}

export async function killAllWorkerProcesses(): Promise<void> {
  await Promise.all([...started].map((w) => w.kill()));
}
