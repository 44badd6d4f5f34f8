import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

/** A port nothing listens on (bound, read, released): a server that is down, for refusal tests. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
