import { createServer } from 'node:net';

/** Below Linux's ephemeral range (32768-60999): no outgoing connection can take the port between its choice and its use. */
const LOW = 20_000;
const HIGH = 32_000;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on, for a server a test starts (or leaves down, for refusal tests). Chosen
 * at random below the ephemeral range: a port the kernel hands out for listen(0) can be taken by any
 * process's outgoing connection before the server that was meant for it binds it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await bindable(port)) return port;
  }
}

export const closedPort = freePort;
