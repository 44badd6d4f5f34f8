// Used only by the Prisma CLI (generate, migrate diff). The JS engine needs an adapter here even
// though these commands never open the database.
import { defineConfig } from 'prisma/config';
import { PrismaLibSQL } from '@prisma/adapter-libsql';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaLibSQL({ url: 'file:./data/prisma-cli.db' }),
});
