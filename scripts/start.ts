/**
 * `npm start`: everything embedded on one machine. The Temporal dev server persisting to
 * data/temporal.db, a local mail catcher, the worker and the API. Ctrl-C stops it all; starting
 * again picks up every case where it was. However this process ends, the Temporal server it started
 * ends with it (scripts/dev-server.ts).
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { startApi } from '../api/main';
import { ConfigError, parseEnv } from '../config/env';
import { seedAdminToken } from '../api/auth/seed-admin';
import { releaseShared, sharedDatabase } from '../prisma/client';
import { applyMigrations } from '../prisma/migrate';
import { installRuntime } from '../worker/create-worker';
import { runWorker } from '../worker/main';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { clearLeftover, startGuardedDevServer, stopOnEveryExit, type GuardedDevServer } from './dev-server';
import { startMailCatcher } from './mail-catcher';
import { MissingToolError, temporalCli } from './temporal-tools';

async function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `port ${port} is in use: stop what uses it or set ${variable} to another port` : err.message)),
    );
    probe.listen(port, host, () => probe.close(() => resolvePort()));
  });
}

/** What is running so far, so that any exit stops it; the Temporal server above all. */
const running: { temporal?: GuardedDevServer; stop?: (code: number) => Promise<void> } = {};

async function main(): Promise<void> {
  const started = Date.now();
  installRuntime();
  const smtpPort = Number(process.env.SMTP_PORT ?? 1025);
  process.env.SMTP_URL ??= `smtp://127.0.0.1:${smtpPort}`;
  const env = parseEnv();
  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const [host, portText] = env.TEMPORAL_ADDRESS.split(':');
  const temporalPort = Number(portText ?? 7233);
  const cleared = await clearLeftover(dataDir, join(dataDir, 'temporal.db'));
  if (cleared) console.log(`[start] ${cleared}`);
  await assertPortFree(temporalPort, host ?? '127.0.0.1', 'TEMPORAL_ADDRESS');
  await assertPortFree(env.TEMPORAL_UI_PORT, '127.0.0.1', 'TEMPORAL_UI_PORT');
  await assertPortFree(env.API_PORT, env.API_HOST, 'API_PORT');

  const step = (what: string) => console.log(`[start] ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  step('finding the Temporal CLI');
  const executable = temporalCli();
  step('starting the Temporal dev server (data/temporal.db)');
  const temporal = await startGuardedDevServer({
    dataDir,
    executable,
    host: host ?? '127.0.0.1',
    port: temporalPort,
    uiPort: env.TEMPORAL_UI_PORT,
    namespace: env.TEMPORAL_NAMESPACE,
    searchAttributes: SEARCH_ATTRIBUTES,
    // Without WAL the dev server manages about one workflow start a second on a file database.
    extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL', '--log-level', 'warn'],
  });
  running.temporal = temporal;
  step('starting the mail catcher');
  const mail = await startMailCatcher({ smtpPort, httpPort: env.MAIL_UI_PORT, dir: join(dataDir, 'mail') });
  step('applying database migrations');
  const applied = await applyMigrations(env.DATABASE_URL);
  if (applied.length > 0) step(`applied ${applied.join(', ')}`);
  const seeded = await seedAdminToken(sharedDatabase(env.DATABASE_URL), join(dataDir, 'admin-token'), Date.now());
  await releaseShared(env.DATABASE_URL);
  const controller = new AbortController();
  const worker = runWorker(env, controller.signal);
  const api = await startApi(env);

  console.log(`
review-engine is running.
  API              http://${env.API_HOST}:${env.API_PORT}/api   (health: /api/health)
  Temporal Web UI  http://127.0.0.1:${env.TEMPORAL_UI_PORT}/namespaces/${env.TEMPORAL_NAMESPACE}/workflows
  Mail catcher     http://127.0.0.1:${mail.httpPort}   (SMTP on 127.0.0.1:${mail.smtpPort})
  Data             ${dataDir}  (temporal.db, ${env.DATABASE_URL.startsWith('file:') ? env.DATABASE_URL.slice(5) : 'PostgreSQL'}, mail/)

${
    seeded.created
      ? `An admin API token was created (shown once; also saved, readable only by you, in ${seeded.file}):\n  ${seeded.token}\n`
      : `Your admin API token is in ${seeded.file} (readable only by you).\n`
  }  API reference    http://${env.API_HOST}:${env.API_PORT}/api/docs

Try:
  TOKEN=$(cat ${seeded.file})
  curl -s -X POST http://${env.API_HOST}:${env.API_PORT}/api/rapid-reviews -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
       -d '{"reference":"WSCP-2026-01","childPseudonym":"Child H","awareOn":"2026-11-20"}'
  curl -s -H "authorization: Bearer $TOKEN" http://${env.API_HOST}:${env.API_PORT}/api/cases/WSCP-2026-01

Ctrl-C stops everything.`);

  running.stop = async (code: number) => {
    console.log('\n[start] stopping: API, worker, mail catcher, Temporal');
    // Each step may fail; none may keep the next, and above all Temporal, from stopping.
    await api.close().catch((err: Error) => console.error(`[start] API: ${err.message}`));
    controller.abort();
    // A worker's graceful shutdown can wait on its pollers; Temporal stopping ends them in any case.
    await Promise.race([worker.catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
    await mail.close().catch((err: Error) => console.error(`[start] mail catcher: ${err.message}`));
    await temporal.stop();
    console.log('[start] stopped; data kept in', dataDir);
    process.exit(code);
  };
  worker.catch((err: Error) => endAll(1, `worker stopped: ${err.message}`));
}

const endAll = stopOnEveryExit(async (code) => {
  if (running.stop) await running.stop(code);
  await running.temporal?.stop();
});

main().catch(async (err: unknown) => {
  const e = err as Error;
  const hint = e instanceof ConfigError || e instanceof MissingToolError ? '' : '\nSee "Troubleshooting" in README.md.';
  console.error(`[start] cannot start: ${e.message}${hint}`);
  await running.temporal?.stop();
  process.exit(1);
});
