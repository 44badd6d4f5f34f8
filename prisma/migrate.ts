/**
 * Applies the committed migrations (prisma/migrations/<provider>/*) in order and records each in
 * `_review_engine_migrations`. Prisma's own `migrate deploy` needs native engines on SQLite and fails
 * on PostgreSQL with the JS engine (FACTS.md), so this small runner does it. Safe when several
 * processes start at once: SQLite takes a write lock, PostgreSQL an advisory lock.
 */
import { createClient } from '@libsql/client';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import { providerOf, SQLITE_BUSY_TIMEOUT_MS, type DatabaseProvider } from './client';

const MIGRATIONS = resolve(__dirname, 'migrations');

export interface Migration {
  name: string;
  sql: string;
}

export function migrationsFor(provider: DatabaseProvider): Migration[] {
  const dir = join(MIGRATIONS, provider);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, 'migration.sql'), 'utf8') }));
}

const applying = new Map<string, Promise<string[]>>();

/** Idempotent; concurrent calls in one process share one run (see sharedDatabase for why). */
export function applyMigrations(url: string): Promise<string[]> {
  let run = applying.get(url);
  if (!run) {
    run = (providerOf(url) === 'sqlite' ? applySqlite(url) : applyPostgres(url)).finally(() => applying.delete(url));
    applying.set(url, run);
  }
  return run;
}

async function applySqlite(url: string): Promise<string[]> {
  const path = url.slice('file:'.length);
  if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url });
  try {
    await client.execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    // WAL lets the worker and the API read and write the same file concurrently.
    await client.execute('PRAGMA journal_mode=WAL');
    const tx = await client.transaction('write');
    try {
      await tx.execute('CREATE TABLE IF NOT EXISTS "_review_engine_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)');
      const applied = new Set((await tx.execute('SELECT "name" FROM "_review_engine_migrations"')).rows.map((r) => String(r.name)));
      const now: string[] = [];
      for (const m of migrationsFor('sqlite').filter((m) => !applied.has(m.name))) {
        await tx.executeMultiple(m.sql);
        await tx.execute({ sql: 'INSERT INTO "_review_engine_migrations" ("name", "appliedAt") VALUES (?, ?)', args: [m.name, new Date().toISOString()] });
        now.push(m.name);
      }
      await tx.commit();
      return now;
    } finally {
      tx.close();
    }
  } finally {
    client.close();
  }
}

async function applyPostgres(url: string): Promise<string[]> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727214)');
    await client.query('CREATE TABLE IF NOT EXISTS "_review_engine_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())');
    const applied = new Set((await client.query<{ name: string }>('SELECT "name" FROM "_review_engine_migrations"')).rows.map((r) => r.name));
    const now: string[] = [];
    for (const m of migrationsFor('postgresql').filter((m) => !applied.has(m.name))) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_review_engine_migrations" ("name") VALUES ($1)', [m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      now.push(m.name);
    }
    return now;
  } finally {
    await client.query('SELECT pg_advisory_unlock(727214)').catch(() => undefined);
    await client.end();
  }
}
