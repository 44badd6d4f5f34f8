/** Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL schema. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Database } from '../../prisma/client';
import { applyMigrations } from '../../prisma/migrate';
import { freshPostgresDatabase } from './postgres';

export type Provider = 'sqlite' | 'postgresql';

export async function freshDatabase(provider: Provider, name: string): Promise<{ db: Database; url: string }> {
  const url = provider === 'sqlite' ? `file:${join(mkdtempSync(join(tmpdir(), 'review-engine-')), 'app.db')}` : await freshPostgresDatabase(name);
  await applyMigrations(url);
  return { db: createDatabase(url), url };
}
