/**
 * Failed authentication per client address: after `perMinute` refusals in a minute, the address is
 * answered 429 (with Retry-After) until that minute ends, whatever token it sends, so a token cannot
 * be guessed by brute force. Successful requests never count, so a busy client is never slowed.
 */
export interface FailedAuthLimit {
  /** Seconds the address must wait, or undefined when it may try. */
  waitFor(address: string): number | undefined;
  failed(address: string): void;
}

const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

export function failedAuthLimit(perMinute: number, now: () => number = Date.now): FailedAuthLimit {
  const windows = new Map<string, { startedAt: number; failures: number }>();
  const current = (address: string) => {
    const w = windows.get(address);
    if (w && now() - w.startedAt >= WINDOW_MS) {
      windows.delete(address);
      return undefined;
    }
    return w;
  };
  return {
    waitFor(address) {
      const w = current(address);
      return w && w.failures >= perMinute ? Math.max(1, Math.ceil((w.startedAt + WINDOW_MS - now()) / 1000)) : undefined;
    },
    failed(address) {
      if (windows.size >= MAX_TRACKED) for (const key of [...windows.keys()]) current(key);
      const w = current(address);
      if (w) w.failures += 1;
      else if (windows.size < MAX_TRACKED) windows.set(address, { startedAt: now(), failures: 1 });
    },
  };
}
