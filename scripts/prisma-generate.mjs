// Derives the PostgreSQL schema from prisma/schema.prisma and generates one client per provider.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { prismaEnv, PROVIDERS, schemaPath } from './prisma-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function derivePostgresSchema() {
  const source = readFileSync(schemaPath(root, 'sqlite'), 'utf8');
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:../data/app.db"', 'url      = env("DATABASE_URL")')
    .replace('output     = "./generated/sqlite"', 'output     = "../generated/postgresql"');
  const header = '// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs: edit that file instead.\n';
  const target = schemaPath(root, 'postgresql');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, header + derived);
}

export function generateClients() {
  derivePostgresSchema();
  for (const provider of PROVIDERS) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--schema', schemaPath(root, provider)], {
      cwd: root,
      env: prismaEnv(root),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    console.log(`prisma: generated the ${provider} client`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) generateClients();
