/**
 * `npm run start:cluster`: the production topology on one machine. PostgreSQL (a local Debian server
 * unless DATABASE_URL and TEMPORAL_POSTGRES_URL name one), Temporal's server as four processes with
 * mTLS on, its Web UI, two review-engine workers and two API processes on their own ports, the read
 * model on PostgreSQL, and a mail catcher unless SMTP_URL is set. Ctrl-C stops what it started.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, parseEnv } from '../config/env';
import { applyMigrations } from '../prisma/migrate';
import { startMailCatcher, type MailCatcher } from './mail-catcher';
import { makeCertificates, startTemporalCluster, type ClusterCertificates, type PostgresEndpoint, type TemporalCluster } from './temporal-cluster';
import { MissingToolError, temporalServerTools, temporalUiServer } from './temporal-tools';

const ROOT = resolve(__dirname, '..');
const log = (line: string) => console.log(`[cluster] ${line}`);

interface Running {
  children: Array<{ name: string; child: ChildProcess }>;
  cluster?: TemporalCluster;
  mail?: MailCatcher;
  stopPostgres?: () => void;
}
const running: Running = { children: [] };

function endpointOf(url: string): PostgresEndpoint & { database: string } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1) };
}

/** Debian's PostgreSQL (pg_ctlcluster, as root) with a role and database for each of us; stopped on exit only if this started it. */
function localPostgres(): { databaseUrl: string; temporalUrl: string } {
  let version: string;
  try {
    version = execFileSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' }).trim().split('\n').sort((a, b) => Number(a) - Number(b)).pop()!;
  } catch {
    throw new ConfigError("no PostgreSQL here: install Debian's (apt-get install -y postgresql) or set DATABASE_URL and TEMPORAL_POSTGRES_URL");
  }
  if (process.getuid?.() !== 0) throw new ConfigError('starting the local PostgreSQL needs root (pg_ctlcluster); run as root or set DATABASE_URL and TEMPORAL_POSTGRES_URL');
  const status = () => {
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'status'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!status()) {
    log(`starting PostgreSQL ${version} (Debian cluster "main")`);
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    running.stopPostgres = () => execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'stop'], { stdio: 'inherit' });
  }
  const psql = (sql: string) => execFileSync('su', ['postgres', '-c', `psql -qAt -c ${JSON.stringify(sql)}`], { encoding: 'utf8' });
  for (const role of ['review_engine', 'temporal']) {
    if (!psql(`select 1 from pg_roles where rolname='${role}'`).includes('1')) psql(`CREATE ROLE ${role} LOGIN PASSWORD '${role}' CREATEDB`);
  }
  if (!psql("select 1 from pg_database where datname='review_engine'").includes('1')) psql('CREATE DATABASE review_engine OWNER review_engine');
  return { databaseUrl: 'postgresql://review_engine:review_engine@127.0.0.1:5432/review_engine', temporalUrl: 'postgresql://temporal:temporal@127.0.0.1:5432/temporal' };
}

function spawnPrefixed(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) console.log(`[${name}] ${line}`);
    });
  }
  running.children.push({ name, child });
  return child;
}

function uiConfig(dir: string, port: number, address: string, namespace: string, tls?: ClusterCertificates): string {
  const configDir = join(dir, 'ui', 'config');
  mkdirSync(configDir, { recursive: true });
  const tlsLines = tls ? `tls:\n  caFile: ${tls.ca}\n  certFile: ${tls.clientCert}\n  keyFile: ${tls.clientKey}\n  serverName: localhost\n  enableHostVerification: true\n` : '';
  writeFileSync(join(configDir, 'development.yaml'), `temporalGrpcAddress: ${address}\nport: ${port}\nenableUi: true\ndefaultNamespace: ${namespace}\npublicPath:\n${tlsLines}`);
  return join(dir, 'ui');
}

async function main(): Promise<void> {
  const started = Date.now();
  const step = (what: string) => log(`${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const given = { database: process.env.DATABASE_URL, temporal: process.env.TEMPORAL_POSTGRES_URL };
  if (Boolean(given.database) !== Boolean(given.temporal)) throw new ConfigError('set both DATABASE_URL and TEMPORAL_POSTGRES_URL (an existing PostgreSQL), or neither (a local Debian server is started)');
  const urls = given.database && given.temporal ? { databaseUrl: given.database, temporalUrl: given.temporal } : localPostgres();
  if (!/^postgres(ql)?:\/\//.test(urls.databaseUrl)) throw new ConfigError('DATABASE_URL: the cluster keeps its read model on PostgreSQL (postgresql://...)');
  const env = parseEnv({ ...process.env, DATABASE_URL: urls.databaseUrl });
  const dataDir = resolve(env.DATA_DIR, 'cluster');
  const frontendPort = Number(env.TEMPORAL_ADDRESS.split(':')[1] ?? 7233);
  const tlsOn = (process.env.CLUSTER_TLS ?? 'true') !== 'false';

  step("finding (or building, ~11 minutes the first time) Temporal's server");
  const tools = await temporalServerTools();
  const temporalDb = endpointOf(urls.temporalUrl);
  const tls = tlsOn ? makeCertificates(join(dataDir, 'certs')) : undefined;
  step(`starting Temporal's four services on PostgreSQL ${temporalDb.host}:${temporalDb.port}/${temporalDb.database || 'temporal'}${tls ? ', mTLS on' : ''}`);
  running.cluster = await startTemporalCluster({ tools, dir: dataDir, postgres: temporalDb, database: temporalDb.database || 'temporal', frontendPort, namespace: env.TEMPORAL_NAMESPACE, ...(tls ? { tls } : {}) }, log);
  const cluster = running.cluster;

  const ui = await temporalUiServer();
  if (ui) spawnPrefixed('temporal-ui', ui, ['--root', uiConfig(dataDir, env.TEMPORAL_UI_PORT, cluster.address, env.TEMPORAL_NAMESPACE, tls), '--config', 'config', '--env', 'development', 'start'], process.env);

  if (!process.env.SMTP_URL) {
    running.mail = await startMailCatcher({ smtpPort: Number(process.env.SMTP_PORT ?? 1025), httpPort: env.MAIL_UI_PORT, dir: join(dataDir, 'mail') });
  }
  step('applying read-model migrations on PostgreSQL');
  await applyMigrations(urls.databaseUrl);

  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: urls.databaseUrl,
    TEMPORAL_ADDRESS: cluster.address,
    SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${running.mail!.smtpPort}`,
    ...(tls ? { TEMPORAL_TLS_CA_FILE: tls.ca, TEMPORAL_TLS_CERT_FILE: tls.clientCert, TEMPORAL_TLS_KEY_FILE: tls.clientKey, TEMPORAL_TLS_SERVER_NAME: 'localhost' } : {}),
  };
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  for (const n of [1, 2]) spawnPrefixed(`worker-${n}`, tsx, ['worker/main.ts'], { ...shared, NODE_OPTIONS: '--max-old-space-size=256' });
  const apiPorts = [env.API_PORT, env.API_PORT + 1];
  const apis = apiPorts.map((port, i) => spawnPrefixed(`api-${i + 1}`, tsx, ['api/main.ts'], { ...shared, API_PORT: String(port) }));
  await Promise.all(apis.map((child, i) => new Promise<void>((resolveReady, reject) => {
    child.stdout!.on('data', (chunk: string) => chunk.includes('api: listening') && resolveReady());
    child.once('exit', (code) => reject(new Error(`API ${i + 1} exited (${code}) before listening`)));
  })));
  const safeUrl = urls.databaseUrl.replace(/\/\/[^@/]*@/, '//');
  console.log(`
review-engine is running as a cluster (${((Date.now() - started) / 1000).toFixed(0)} s).
  APIs             ${apiPorts.map((p) => `http://${env.API_HOST}:${p}/api`).join('  ')}
  Workers          2 (task queue ${env.TEMPORAL_TASK_QUEUE})
  Temporal         ${cluster.address} (frontend; history, matching, worker services beside it)${tls ? `, mTLS: CA ${tls.ca}` : ''}
  Temporal Web UI  ${ui ? `http://127.0.0.1:${env.TEMPORAL_UI_PORT}/namespaces/${env.TEMPORAL_NAMESPACE}/workflows` : 'not available (see the line above)'}
  Read model       ${safeUrl}
  Mail             ${running.mail ? `catcher http://127.0.0.1:${running.mail.httpPort}` : shared.SMTP_URL}
  Logs             ${join(dataDir, 'logs')}

The first admin token:
  DATABASE_URL='${urls.databaseUrl}' npm run token -- --role admin --label "first admin"

Ctrl-C stops everything this started.`);
  for (const { name, child } of running.children) child.once('exit', (code, signal) => !stopping && void stopAll(1, `${name} exited (${signal ?? code})`));
}

let stopping = false;
async function stopAll(code: number, why?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (why) console.error(`[cluster] ${why}`);
  log('stopping: APIs, workers, UI, Temporal, mail catcher' + (running.stopPostgres ? ', PostgreSQL' : ''));
  await Promise.all(
    running.children.reverse().map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(timer);
    }),
  );
  await running.cluster?.stop().catch((err: Error) => console.error(`[cluster] Temporal: ${err.message}`));
  await running.mail?.close().catch(() => undefined);
  try {
    running.stopPostgres?.();
  } catch (err) {
    console.error(`[cluster] PostgreSQL: ${(err as Error).message}`);
  }
  process.exit(code);
}

for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => void stopAll(0));
main().catch(async (err: unknown) => {
  const e = err as Error;
  console.error(`[cluster] cannot start: ${e.message}${e instanceof ConfigError || e instanceof MissingToolError ? '' : `\n${e.stack ?? ''}`}`);
  await stopAll(1);
});
