/**
 * One Prisma client type for both databases. Prisma bakes the provider into a generated client, so
 * there is one client per provider (scripts/prisma-generate.mjs) with identical model APIs.
 */
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgresql/client';

export type Database = SqliteClient;
export type DatabaseProvider = 'sqlite' | 'postgresql';

export function providerOf(url: string): DatabaseProvider {
  return url.startsWith('file:') ? 'sqlite' : 'postgresql';
}

export function createDatabase(url: string): Database {
  if (providerOf(url) === 'sqlite') return new SqliteClient({ adapter: new PrismaLibSQL({ url }) });
  // Same models, same generated API; only the SQL dialect differs.
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Database;
}
