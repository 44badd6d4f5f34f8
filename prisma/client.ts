/**
 * One Prisma client type for both databases. Prisma bakes the provider into a generated client, so
 * there is one client per provider (scripts/prisma-generate.mjs) with identical model APIs.
 */
import type { Client as LibsqlClient, Config as LibsqlConfig, TransactionMode } from '@libsql/client';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgresql/client';

export type Database = SqliteClient;
export type DatabaseProvider = 'sqlite' | 'postgresql';

export function providerOf(url: string): DatabaseProvider {
  return url.startsWith('file:') ? 'sqlite' : 'postgresql';
}

export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

/**
 * SQLite shared by several processes (worker and API) needs two things the libsql client does not
 * do by itself: a busy timeout on every connection (it opens a fresh connection after each
 * transaction, without one) and write transactions that take the write lock at BEGIN, so two
 * transactions never deadlock upgrading a read lock.
 *
 * synchronous=NORMAL (with WAL, set by the migrations): a commit survives the crash of any process
 * but is not flushed to disk until the next checkpoint, so a power cut or an OS crash may lose the
 * last commits, as the Temporal dev server beside it runs. The driver is synchronous, so FULL's
 * fsync on every commit (about 4 ms here) stalled every request of the process, not only the writer.
 */
class SharedSqlite extends PrismaLibSQL {
  override createClient(config: LibsqlConfig): LibsqlClient {
    const client = super.createClient(config);
    const execute = client.execute.bind(client);
    const transaction = client.transaction.bind(client);
    const applyBusyTimeout = () => execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`).then(() => execute('PRAGMA synchronous = NORMAL'));
    let ready = applyBusyTimeout();
    return Object.assign(client, {
      execute: async (...args: Parameters<LibsqlClient['execute']>) => {
        await ready;
        return execute(...(args as [string]));
      },
      transaction: async (mode?: TransactionMode) => {
        await ready;
        const tx = await transaction(mode === 'read' ? 'read' : 'write');
        ready = applyBusyTimeout();
        return tx;
      },
    });
  }
}

export function createDatabase(url: string): Database {
  if (providerOf(url) === 'sqlite') return new SqliteClient({ adapter: new SharedSqlite({ url }) });
  // Same models, same generated API; only the SQL dialect differs.
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Database;
}

/**
 * The dialect of a client, for the few statements written per dialect. Prisma keeps it on the client
 * (not in its types); read through any wrapper, as tests wrap clients in proxies.
 */
export function databaseProviderOf(db: Database): DatabaseProvider {
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider !== 'sqlite' && provider !== 'postgresql') throw new Error(`databaseProviderOf: unknown provider ${String(provider)}`);
  return provider;
}

const shared = new Map<string, { db: Database; users: number }>();

/**
 * One client per database in a process. The libsql driver is synchronous: two connections of one
 * process contending for SQLite's write lock cannot wait for each other, so a process must share one
 * client, whose adapter queues its queries and transactions. (Across processes the busy timeout
 * waits as it should.) Each user calls releaseShared once; the last one disconnects.
 */
export function sharedDatabase(url: string): Database {
  const entry = shared.get(url) ?? { db: createDatabase(url), users: 0 };
  entry.users += 1;
  shared.set(url, entry);
  return entry.db;
}

export async function releaseShared(url: string): Promise<void> {
  const entry = shared.get(url);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  shared.delete(url);
  await entry.db.$disconnect();
}
