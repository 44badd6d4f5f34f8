/**
 * Temporal's production server as a cluster of four processes (history, matching, frontend,
 * worker) on PostgreSQL: schema created and migrated with Temporal's own SQL tool, the release's
 * sample config (development-postgres12.yaml) adapted to our ports, databases and TLS, the
 * namespace and search attributes registered. Used by `npm run start:cluster`, the cluster tests
 * and bench/scale.bench.ts; each service can be SIGKILLed and restarted on its own.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { TemporalConnectionOptions } from '../config/temporal-connection';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import type { TemporalServerTools } from './temporal-tools';

export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** A private CA, a certificate for the services (server and internode) and one for clients (mTLS). */
export interface ClusterCertificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export interface TemporalClusterOptions {
  tools: TemporalServerTools;
  /** Config, logs and certificates go here. */
  dir: string;
  postgres: PostgresEndpoint;
  /** Main store; visibility is `<database>_visibility`. */
  database: string;
  /** Frontend gRPC port; the other services use the ports after it (see `clusterPorts`). */
  frontendPort: number;
  namespace: string;
  tls?: ClusterCertificates;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/** gRPC and membership ports of each service, from the frontend's: frontend P, history P+1, matching P+2, worker P+3; membership 100 above. */
export function clusterPorts(frontendPort: number): Record<ServiceName, { grpc: number; membership: number }> & { http: number } {
  const at = (offset: number) => ({ grpc: frontendPort + offset, membership: frontendPort + 100 + offset });
  return { frontend: at(0), history: at(1), matching: at(2), worker: at(3), http: frontendPort + 4 };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A frontend port whose services' ports (`clusterPorts`) are all free, below 32,668 as Temporal keeps membership ports as smallint. */
export async function freeFrontendPort(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const ports = clusterPorts(base);
    const all = [ports.http, ...SERVICES.flatMap((s) => [ports[s].grpc, ports[s].membership])];
    if ((await Promise.all(all.map(portIsFree))).every(Boolean)) return base;
  }
}

function replaceExactly(text: string, from: string | RegExp, to: string, times: number): string {
  const pattern = typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : from;
  const found = text.match(pattern)?.length ?? 0;
  if (found !== times) throw new Error(`the sample config changed: expected ${times} × ${String(from)}, found ${found}`);
  return text.replace(pattern, to);
}

/** The release's development-postgres12.yaml with our databases, ports, log level and TLS; no metrics or pprof listeners (four processes would collide on them). */
export function adaptSampleConfig(sample: string, options: TemporalClusterOptions, dynamicConfigFile: string): string {
  const ports = clusterPorts(options.frontendPort);
  const { postgres } = options;
  let yaml = sample;
  yaml = replaceExactly(yaml, 'connectAddr: "127.0.0.1:5432"', `connectAddr: "${postgres.host}:${postgres.port}"`, 2);
  yaml = replaceExactly(yaml, 'user: "temporal"', `user: ${JSON.stringify(postgres.user)}`, 2);
  yaml = replaceExactly(yaml, 'password: "temporal"', `password: ${JSON.stringify(postgres.password)}`, 2);
  yaml = replaceExactly(yaml, 'databaseName: "temporal_visibility"', `databaseName: "${options.database}_visibility"`, 1);
  yaml = replaceExactly(yaml, 'databaseName: "temporal"', `databaseName: "${options.database}"`, 1);
  yaml = replaceExactly(yaml, / {2}level: info\n/g, `  level: ${options.logLevel ?? 'warn'}\n`, 1);
  yaml = replaceExactly(yaml, / {2}pprof:\n {4}port: 7936\n/g, '', 1);
  yaml = replaceExactly(yaml, / {2}metrics:\n( {4}.*\n| {6}.*\n)+/g, '', 1);
  for (const [service, grpc, membership] of [['frontend', 7233, 6933], ['matching', 7235, 6935], ['history', 7234, 6934], ['worker', 7239, 6939]] as const) {
    yaml = replaceExactly(yaml, `grpcPort: ${grpc}`, `grpcPort: ${ports[service].grpc}`, 1);
    yaml = replaceExactly(yaml, `membershipPort: ${membership}`, `membershipPort: ${ports[service].membership}`, 1);
  }
  yaml = replaceExactly(yaml, 'httpPort: 7243', `httpPort: ${ports.http}`, 1);
  yaml = replaceExactly(yaml, 'rpcAddress: "localhost:7233"', `rpcAddress: "127.0.0.1:${ports.frontend.grpc}"`, 1);
  yaml = replaceExactly(yaml, 'filepath: "config/dynamicconfig/development-sql.yaml"', `filepath: ${JSON.stringify(dynamicConfigFile)}`, 1);
  if (options.tls) yaml = replaceExactly(yaml, /^global:\n/gm, `global:\n${tlsBlock(options.tls)}`, 1);
  return yaml;
}

function tlsBlock(c: ClusterCertificates): string {
  const server = `certFile: ${c.serverCert}\n        keyFile: ${c.serverKey}\n        requireClientAuth: true\n        clientCaFiles: [${c.ca}]`;
  const client = `serverName: localhost\n        rootCaFiles: [${c.ca}]`;
  return [
    '  tls:',
    '    internode:',
    `      server:\n        ${server}`,
    `      client:\n        ${client}`,
    '    frontend:',
    `      server:\n        ${server}`,
    `      client:\n        ${client}`,
    '    systemWorker:',
    `      certFile: ${c.serverCert}`,
    `      keyFile: ${c.serverKey}`,
    `      client:\n        ${client}`,
    '',
  ].join('\n');
}

/** A CA and two certificates signed by it (openssl), valid for localhost and 127.0.0.1; made once per directory. */
export function makeCertificates(dir: string): ClusterCertificates {
  mkdirSync(dir, { recursive: true });
  const at = (name: string) => join(dir, name);
  const certs: ClusterCertificates = { ca: at('ca.pem'), serverCert: at('server.pem'), serverKey: at('server.key'), clientCert: at('client.pem'), clientKey: at('client.key') };
  if (Object.values(certs).every((f) => existsSync(f))) return certs;
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '825', '-subj', '/CN=review-engine cluster CA', '-keyout', at('ca.key'), '-out', certs.ca]);
  for (const [name, cn, usage] of [['server', 'localhost', 'serverAuth,clientAuth'], ['client', 'review-engine', 'clientAuth']] as const) {
    writeFileSync(at(`${name}.ext`), `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=${usage}\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n`);
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`)]);
    openssl(['x509', '-req', '-in', at(`${name}.csr`), '-CA', certs.ca, '-CAkey', at('ca.key'), '-CAcreateserial', '-days', '825', '-extfile', at(`${name}.ext`), '-out', at(`${name}.pem`)]);
  }
  return certs;
}

/** Creates (if missing), sets up and migrates both databases with Temporal's SQL tool; safe to run again. */
export function setUpSchema(options: TemporalClusterOptions, log: (line: string) => void = () => undefined): void {
  const { postgres, tools } = options;
  for (const [database, schema] of [[options.database, 'temporal'], [`${options.database}_visibility`, 'visibility']] as const) {
    const sql = (args: string[]) =>
      execFileSync(tools.sqlTool, ['--plugin', 'postgres12', '--ep', postgres.host, '-p', String(postgres.port), '-u', postgres.user, '--pw', postgres.password, '--db', database, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      sql(['create-database']);
      log(`created database ${database}`);
    } catch (err) {
      if (!/already exists/.test(`${(err as { stderr?: string }).stderr ?? ''}${(err as { stdout?: string }).stdout ?? ''}`)) throw new Error(`cannot create database ${database}: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`);
    }
    sql(['setup-schema', '-v', '0.0']);
    sql(['update-schema', '-d', join(tools.postgresSchemaDir, schema, 'versioned')]);
    log(`schema of ${database} migrated to the latest version of ${tools.version}`);
  }
}

export interface ServiceProcess {
  name: ServiceName;
  pid(): number | undefined;
  /** SIGKILL, as an operating system or orchestrator ends a process; resolves once it has exited. */
  kill(): Promise<void>;
  start(): void;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

function serviceProcess(name: ServiceName, server: string, configFile: string, dir: string): ServiceProcess {
  let child: ChildProcess | undefined;
  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : once(c, 'exit').then(() => undefined));
  const service: ServiceProcess = {
    name,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    start() {
      const log = createWriteStream(join(dir, 'logs', `${name}.log`), { flags: 'a' });
      child = spawn(server, ['--config-file', configFile, '--allow-no-auth', 'start', '--service', name], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      // Both streams feed one file: neither may end it while the other still writes.
      child.stdout!.pipe(log, { end: false });
      child.stderr!.pipe(log, { end: false });
      child.once('close', () => log.end());
    },
    async kill() {
      if (!child) return;
      const c = child;
      if (service.pid()) c.kill('SIGKILL');
      await exited(c);
    },
    async stop() {
      if (!child || !service.pid()) return;
      const c = child;
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited(c);
      clearTimeout(timer);
    },
  };
  return service;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  services: Record<ServiceName, ServiceProcess>;
  /** How a client or worker connects: the address, and TLS with the client certificate when on. */
  connectionOptions: TemporalConnectionOptions;
  /** Resolves once the frontend answers and the namespace is usable. */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  logs(service: ServiceName): string;
}

export function clientConnectionOptions(address: string, tls?: ClusterCertificates): TemporalConnectionOptions {
  return tls ? { address, tls: { serverRootCACertificate: readFileSync(tls.ca), clientCertPair: { crt: readFileSync(tls.clientCert), key: readFileSync(tls.clientKey) } } } : { address };
}

export async function startTemporalCluster(options: TemporalClusterOptions, log: (line: string) => void = () => undefined): Promise<TemporalCluster> {
  // Temporal keeps membership ports in a smallint column: a service on a higher one dies at start.
  if (clusterPorts(options.frontendPort).worker.membership > 32_767) throw new Error(`frontend port ${options.frontendPort} is too high: its services' membership ports (up to ${clusterPorts(options.frontendPort).worker.membership}) must stay below 32768`);
  mkdirSync(join(options.dir, 'logs'), { recursive: true });
  setUpSchema(options, log);
  const dynamicConfig = join(options.dir, 'dynamicconfig.yaml');
  copyFileSync(join(options.tools.configDir, 'dynamicconfig', 'development-sql.yaml'), dynamicConfig);
  const configFile = join(options.dir, 'temporal.yaml');
  writeFileSync(configFile, adaptSampleConfig(readFileSync(join(options.tools.configDir, 'development-postgres12.yaml'), 'utf8'), options, dynamicConfig));
  const services = Object.fromEntries(SERVICES.map((name) => [name, serviceProcess(name, options.tools.server, configFile, options.dir)])) as Record<ServiceName, ServiceProcess>;
  const address = `127.0.0.1:${options.frontendPort}`;
  const cluster: TemporalCluster = {
    address,
    namespace: options.namespace,
    services,
    connectionOptions: clientConnectionOptions(address, options.tls),
    ready: (timeoutMs = 120_000) => untilReady(cluster, timeoutMs),
    async stop() {
      for (const name of [...SERVICES].reverse()) await services[name].stop();
    },
    logs: (service) => {
      const file = join(options.dir, 'logs', `${service}.log`);
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
  };
  try {
    // On a fresh database every service would race to write the cluster's metadata, and the losers
    // exit: history writes it first, the others start once it is there.
    services.history.start();
    await clusterMetadataWritten(options, () => cluster.logs('history'));
    for (const name of SERVICES.filter((s) => s !== 'history')) services[name].start();
    await registerNamespace(cluster, log);
    await cluster.ready();
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

async function clusterMetadataWritten(options: TemporalClusterOptions, historyLog: () => string): Promise<void> {
  const { host, port, user, password } = options.postgres;
  const until = Date.now() + 60_000;
  for (;;) {
    const client = new PgClient({ host, port, user, password, database: options.database, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM cluster_metadata_info');
      if (Number(rows[0]?.n) > 0) return;
    } catch {
      // not yet
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > until) throw new Error(`Temporal's history service wrote no cluster metadata within 60 s:\n${historyLog().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function connectWhenUp(cluster: TemporalCluster, until: number): Promise<Connection> {
  let last: unknown;
  while (Date.now() < until) {
    try {
      const connection = await Connection.connect({ ...cluster.connectionOptions, connectTimeout: 2000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`Temporal's frontend at ${cluster.address} did not answer: ${(last as Error)?.message}\n--- frontend log (end) ---\n${cluster.logs('frontend').slice(-3000)}`);
}

async function registerNamespace(cluster: TemporalCluster, log: (line: string) => void): Promise<void> {
  const connection = await connectWhenUp(cluster, Date.now() + 120_000);
  try {
    try {
      await connection.workflowService.registerNamespace({ namespace: cluster.namespace, workflowExecutionRetentionPeriod: msToTs('30 days') });
      log(`namespace ${cluster.namespace} registered`);
    } catch (err) {
      if (!/already exists|AlreadyExists/i.test((err as Error).message)) throw err;
    }
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        const existing = await connection.operatorService.listSearchAttributes({ namespace: cluster.namespace });
        const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in existing.customAttributes));
        if (missing.length === 0) break;
        await connection.operatorService.addSearchAttributes({
          namespace: cluster.namespace,
          searchAttributes: Object.fromEntries(missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
        });
        log(`search attributes ${missing.map((k) => k.name).join(', ')} registered`);
      } catch (err) {
        // A new namespace reaches every service's cache within seconds; until then it is "not found".
        if (Date.now() > until) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  } finally {
    await connection.close();
  }
}

/**
 * Usable means a review could start: a workflow started with the search attributes set, as the API
 * starts a case, then terminated (no worker polls its queue; the history keeps it for the
 * namespace's retention, under the name `readiness-probe`). Listing and describing answered while
 * the services' namespace and search-attribute caches were still filling, and the first starts
 * after them failed ("Failed to start Workflow", 22 of the first 2,000 in the scale bench).
 */
async function probeStart(connection: Connection, namespace: string): Promise<void> {
  const client = new Client({ connection, namespace });
  const handle = await client.workflow.start('readiness-probe', {
    taskQueue: 'readiness-probe',
    workflowId: `readiness-probe-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    typedSearchAttributes: SEARCH_ATTRIBUTES.map((key) => ({ key, value: 'readiness-probe' })),
  });
  await handle.terminate('readiness probe: the cluster accepts starts');
}

async function untilReady(cluster: TemporalCluster, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  const connection = await connectWhenUp(cluster, until);
  try {
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace: cluster.namespace, pageSize: 1 });
        await connection.workflowService.describeTaskQueue({ namespace: cluster.namespace, taskQueue: { name: 'readiness-probe' } });
        await probeStart(connection, cluster.namespace);
        return;
      } catch (err) {
        if (Date.now() > until) throw new Error(`namespace ${cluster.namespace} not usable on ${cluster.address}: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}
