/**
 * Fuzzes the API from its own OpenAPI document with schemathesis: no 5xx, and every response's
 * status, content type and body must match the document. `npm run fuzz` runs it against a running
 * API (API_URL, default http://127.0.0.1:3000; token from API_TOKEN or data/admin-token);
 * tests/e2e/api-fuzz.test.ts runs it against a fresh one on the dev server.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemathesis } from './schemathesis-tools';

/** Every check schemathesis has, over every phase: the document must describe exactly what the API accepts and refuses. */
export const FUZZ_CHECKS = 'all';
/** 413 (a body over the documented limit) is a refusal too; schemathesis.toml says why. */
const FUZZ_CONFIG = join(__dirname, 'schemathesis.toml');
export const FUZZ_PHASES = ['examples', 'coverage', 'fuzzing', 'stateful'];

export interface FuzzResult {
  exitCode: number;
  generated: number;
  passed: number;
  /** Cases schemathesis skipped besides those generated (not sent, e.g. a body it could not serialise). */
  skipped: number;
  output: string;
}

export async function runSchemathesis(url: string, token: string, options: { maxExamples?: number; seed?: number } = {}): Promise<FuzzResult> {
  const st = schemathesis();
  const args = [
    ...st.args, '--config-file', FUZZ_CONFIG, 'run', `${url}/api/openapi.json`,
    '--header', `Authorization: Bearer ${token}`,
    '--checks', FUZZ_CHECKS,
    '--phases', FUZZ_PHASES.join(','),
    '--max-examples', String(options.maxExamples ?? 20),
    '--seed', String(options.seed ?? 1),
    '--workers', '1',
    '--no-color',
    '--output-sanitize', 'true',
  ];
  // Asynchronous on purpose: the API under test may be served by this very process.
  const child = spawn(st.command, args, { env: st.env });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const counts = /(\d+) generated, (?:(\d+) passed|.*?)/.exec(output);
  const summary = output.slice(output.lastIndexOf('Test cases:'));
  const passed = /(\d+) passed/.exec(summary);
  const skipped = /(\d+) skipped/.exec(summary);
  return { exitCode, generated: Number(counts?.[1] ?? 0), passed: Number(passed?.[1] ?? 0), skipped: Number(skipped?.[1] ?? 0), output };
}

if (require.main === module) {
  const url = process.env.API_URL ?? 'http://127.0.0.1:3000';
  const token = process.env.API_TOKEN ?? readFileSync('data/admin-token', 'utf8').trim();
  runSchemathesis(url, token, { maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES ?? 50) })
    .then((r) => {
      console.log(r.output);
      console.log(`schemathesis: ${r.generated} cases generated, ${r.passed} passed`);
      process.exit(r.exitCode);
    })
    .catch((err: unknown) => {
      console.error(`fuzz: ${(err as Error).message}`);
      process.exit(1);
    });
}
