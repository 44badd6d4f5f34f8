/**
 * `npm start` never leaves its Temporal dev server behind (issue 13: after a crash the orphaned
 * server held its port and the next start refused to run). Real processes throughout: the guarded
 * dev server alone for each way a process can end, then `npm start` itself killed outright, a
 * server left behind cleared by the next start, and a PID file naming someone else's process.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { freePort } from '../support/ports';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PID_FILE } from '../../scripts/dev-server';

const ROOT = join(__dirname, '..', '..');
const started: ChildProcess[] = [];
const serverPids: number[] = [];
const mainPids: number[] = [];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function run(command: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  started.push(child);
  return { child, output: () => output };
}

const pidFileOf = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, PID_FILE), 'utf8')) as { pid: number; startedBy: number };

afterAll(() => {
  // Whatever a failed test left: only processes this file started.
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const pid of [...mainPids, ...serverPids]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const c of started) {
    c.stdout?.destroy();
    c.stderr?.destroy();
  }
});

describe('the guarded dev server alone', () => {
  const driver = (mode: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'start-cleanup-'));
    return { dataDir, ...run(process.execPath, ['--import', 'tsx', join(ROOT, 'tests', 'support', 'dev-server-driver.ts'), dataDir, mode]) };
  };

  test.each([
    ['an uncaught error', 'throw', undefined, 1],
    ['an unhandled rejection', 'reject', undefined, 1],
    ['process.exit from anywhere', 'exit', undefined, 3],
    ['SIGTERM', 'wait', 'SIGTERM', 0],
    ['SIGINT (Ctrl-C)', 'wait', 'SIGINT', 0],
    ['SIGKILL, where no handler runs', 'wait', 'SIGKILL', null],
  ] as const)('%s stops the server it started', async (_what, mode, signal, code) => {
    const d = driver(mode);
    const exited = once(d.child, 'exit');
    await until('the server', () => /server \d+/.test(d.output()));
    const pid = Number(/server (\d+)/.exec(d.output())![1]);
    serverPids.push(pid);
    expect(pidFileOf(d.dataDir).pid).toBe(pid);
    if (signal) d.child.kill(signal);
    const [exitCode] = (await exited) as [number | null];
    expect(exitCode).toBe(code);
    await until(`server ${pid} to stop`, () => !alive(pid), 15_000);
    await until('the PID file to go', () => !existsSync(join(d.dataDir, PID_FILE)), 5_000);
  });
});

describe('npm start', () => {
  async function npmStart(dataDir: string) {
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${join(dataDir, 'app.db')}`,
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      TEMPORAL_UI_PORT: String(await freePort()),
      API_PORT: String(await freePort()),
      SMTP_PORT: String(await freePort()),
      MAIL_UI_PORT: String(await freePort()),
      DIGEST_ENABLED: 'false',
    };
    const npm = run('npm', ['start'], env);
    await until('npm start to be running', () => npm.output().includes('review-engine is running') || npm.child.exitCode !== null, 90_000);
    expect(npm.output()).toContain('review-engine is running');
    const { pid, startedBy } = pidFileOf(dataDir);
    serverPids.push(pid);
    mainPids.push(startedBy);
    return { ...npm, server: pid, main: startedBy };
  }

  const watchdogOf = (dataDir: string) =>
    execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('dev-server-watchdog.mjs') && l.includes(dataDir))
      .map((l) => Number(l.trim().split(/\s+/)[0]));

  test('SIGKILL of npm itself stops the whole stack and its Temporal server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'start-cleanup-'));
    const s = await npmStart(dataDir);
    s.child.kill('SIGKILL');
    await until('the start process to stop', () => !alive(s.main), 20_000);
    await until('the Temporal server to stop', () => !alive(s.server), 15_000);
    expect(existsSync(join(dataDir, PID_FILE))).toBe(false);
  });

  test('a server an earlier start left behind is stopped by the next start, which then runs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'start-cleanup-'));
    const first = await npmStart(dataDir);
    // Leave the server behind: no watchdog, and the start process killed outright.
    for (const pid of watchdogOf(dataDir)) process.kill(pid, 'SIGKILL');
    process.kill(first.main, 'SIGKILL');
    first.child.kill('SIGKILL');
    await until('the first start to die', () => !alive(first.main));
    expect(alive(first.server)).toBe(true);
    const second = await npmStart(dataDir);
    expect(second.output()).toContain(`stopped the Temporal dev server (PID ${first.server}) an earlier start left running`);
    expect(alive(first.server)).toBe(false);
    expect(second.server).not.toBe(first.server);
    process.kill(second.main, 'SIGTERM');
    await until('the second server to stop', () => !alive(second.server), 20_000);
  });

  test('a PID file naming a process that is not its server is left alone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'start-cleanup-'));
    const bystander = run('sleep', ['300']);
    writeFileSync(join(dataDir, PID_FILE), JSON.stringify({ pid: bystander.child.pid }));
    const s = await npmStart(dataDir);
    expect(s.output()).toContain(`PID ${bystander.child.pid} in ${PID_FILE} is not our Temporal dev server any more; left alone`);
    expect(alive(bystander.child.pid!)).toBe(true);
    process.kill(s.main, 'SIGINT');
    await until('the server to stop', () => !alive(s.server), 20_000);
    bystander.child.kill('SIGKILL');
  });
});
