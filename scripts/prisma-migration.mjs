// Writes a new migration for every provider: `npm run db:migration -- <name>`.
// Each migration folder keeps a snapshot of the schema it leads to, so the next migration is the
// diff from that snapshot (Prisma's `migrate dev` needs the native engine, which is not available).
import { readdirSync, mkdirSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { prismaEnv, PROVIDERS, schemaPath } from './prisma-env.mjs';
import { derivePostgresSchema } from './prisma-generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:migration -- <name>');
  process.exit(2);
}
derivePostgresSchema();
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
for (const provider of PROVIDERS) {
  const dir = join(root, 'prisma', 'migrations', provider);
  mkdirSync(dir, { recursive: true });
  const previous = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'schema.snapshot.prisma'))).sort().at(-1);
  const from = previous ? ['--from-schema-datamodel', join(dir, previous, 'schema.snapshot.prisma')] : ['--from-empty'];
  const sql = execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'migrate', 'diff', ...from, '--to-schema-datamodel', schemaPath(root, provider), '--script'],
    { cwd: root, env: prismaEnv(root), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const target = join(dir, `${stamp}_${name}`);
  mkdirSync(target);
  writeFileSync(join(target, 'migration.sql'), sql);
  copyFileSync(schemaPath(root, provider), join(target, 'schema.snapshot.prisma'));
  console.log(`wrote ${target}/migration.sql`);
}
