// Prisma's CLI tries to download native engines unless these point somewhere; this project runs
// Prisma with the JS query compiler and driver adapters, so the engines are never used.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function prismaEnv(root) {
  const stub = join(root, '.tools', 'prisma', 'no-native-engine');
  if (!existsSync(stub)) {
    mkdirSync(join(root, '.tools', 'prisma'), { recursive: true });
    writeFileSync(stub, '');
  }
  return { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: stub, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
}

export const PROVIDERS = ['sqlite', 'postgresql'];

export function schemaPath(root, provider) {
  return provider === 'sqlite' ? join(root, 'prisma', 'schema.prisma') : join(root, 'prisma', provider, 'schema.prisma');
}
