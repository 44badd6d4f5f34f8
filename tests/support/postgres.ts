/** Where the PostgreSQL tests find their server: TEST_POSTGRES_URL, or the one .ci/run sets up. */
import { Client } from 'pg';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://review_engine:review_engine@127.0.0.1:5432/review_engine_test';

export async function postgresAvailability(): Promise<{ available: boolean; url: string; reason?: string }> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { available: true, url: TEST_POSTGRES_URL };
  } catch (err) {
    return { available: false, url: TEST_POSTGRES_URL, reason: (err as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh database per suite, so suites never see each other's rows. */
export async function freshPostgresDatabase(name: string): Promise<string> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  const database = `review_engine_${name.replace(/\W/g, '_').toLowerCase()}_${Date.now()}`;
  await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
