// Started detached by scripts/dev-server.ts: when the `npm start` process is gone without stopping
// its Temporal dev server (SIGKILL, where no handler runs), stop the server, but only if the PID
// still belongs to that server (the dev server on that database file). Plain JavaScript so it
// starts in milliseconds and needs nothing but node.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const { main, server, dbFile, pidFile } = JSON.parse(process.argv[2]);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};

const commandLine = (pid) => {
  try {
    if (existsSync(`/proc/${pid}/cmdline`)) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

const isOurServer = () => {
  const args = commandLine(server);
  return /\bserver start-dev\b/.test(args) && args.includes(`--db-filename ${dbFile}`);
};

const removePidFile = () => {
  try {
    if (JSON.parse(readFileSync(pidFile, 'utf8')).pid === server) rmSync(pidFile, { force: true });
  } catch {
    // no PID file, or another start's: nothing to remove
  }
};

const timer = setInterval(() => {
  if (!isOurServer()) {
    clearInterval(timer);
    if (!alive(main)) removePidFile();
    return;
  }
  if (alive(main)) return;
  clearInterval(timer);
  process.kill(server, 'SIGTERM');
  const until = Date.now() + 10_000;
  const wait = setInterval(() => {
    if (isOurServer() && Date.now() < until) return;
    clearInterval(wait);
    if (isOurServer()) process.kill(server, 'SIGKILL');
    removePidFile();
  }, 100);
}, 500);
