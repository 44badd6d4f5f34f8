// Runs after `npm install`: generates the Prisma clients (no native engines needed).
import { generateClients } from './prisma-generate.mjs';

try {
  generateClients();
} catch (err) {
  console.error(`postinstall: could not generate the Prisma clients: ${err.message}\nRun 'npm run db:generate' to retry.`);
  process.exit(1);
}
