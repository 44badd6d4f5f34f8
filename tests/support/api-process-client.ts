/** Starts tests/support/api-process.ts as a child process and talks to it over HTTP. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ApiProcess {
  url: string;
  tokens: Record<string, string>;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  kill(): Promise<void>;
}

export async function startApiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests', 'support', 'api-process.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const ready = await new Promise<{ url: string; tokens: Record<string, string> }>((resolve, reject) => {
    const onData = () => {
      const line = output.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve(JSON.parse(line) as { url: string; tokens: Record<string, string> });
    };
    child.stdout!.on('data', onData);
    void exited.then(() => reject(new Error(`API process exited before listening:\n${output}`)));
  });
  return {
    ...ready,
    child,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
