/**
 * Finds, or installs once from PyPI into `.tools/`, the schemathesis API fuzzer (as
 * scripts/temporal-tools.ts does for the Temporal CLI): `pip install --target`, run with PYTHONPATH.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SCHEMATHESIS_VERSION = '4.32.5';
const TARGET = resolve(__dirname, '..', '.tools', `schemathesis-${SCHEMATHESIS_VERSION}`);

export interface PythonTool {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export function schemathesis(): PythonTool {
  const python = ['python3', 'python'].find((p) => {
    try {
      execFileSync(p, ['-m', 'pip', '--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!python) throw new Error('schemathesis needs python3 with pip (it is installed from PyPI into .tools/)');
  if (!existsSync(join(TARGET, 'schemathesis'))) {
    process.stderr.write(`[schemathesis-tools] installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${TARGET}\n`);
    try {
      execFileSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-warn-script-location', '--quiet', '--target', TARGET, `schemathesis==${SCHEMATHESIS_VERSION}`], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' },
      });
    } catch (err) {
      rmSync(TARGET, { recursive: true, force: true });
      throw new Error(`pip could not install schemathesis: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return { command: python, args: ['-c', 'import sys; from schemathesis.cli import schemathesis; sys.argv[0] = "st"; schemathesis()'], env: { ...process.env, PYTHONPATH: TARGET, PYTHONDONTWRITEBYTECODE: '1', SCHEMATHESIS_TELEMETRY: 'false' } };
}
