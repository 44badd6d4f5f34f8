/** Debian's Chromium for browser tests (Playwright's own browser download does not work offline). */
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('No Chromium found for the browser tests: apt-get install -y chromium (bash .ci/run does), or set CHROMIUM_PATH.');
  return found;
}
