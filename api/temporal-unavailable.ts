/**
 * Temporal out of reach: a start or update waits at most START_DEADLINE_MS for the server, then the
 * API answers 503 with Retry-After rather than hanging (the client's own gRPC retries would wait
 * about 20 s before failing).
 */
import type { Client } from '@temporalio/client';
import { Problem } from './problem';

export const START_DEADLINE_MS = 4_000;
export const RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

/** True for a gRPC failure meaning the server did not answer (anywhere in the error's causes). */
export function isTemporalUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (code === UNAVAILABLE || code === DEADLINE_EXCEEDED) return true;
  }
  return false;
}

export function temporalUnavailable(what: string): Problem {
  return new Problem(503, 'Service Unavailable', `${what}: the workflow service is unreachable; nothing was recorded, retry in ${RETRY_AFTER_SECONDS} s`, {
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });
}

/** Runs `fn` with a deadline on every Temporal call it makes. */
export function withStartDeadline<T>(temporal: Client, fn: () => Promise<T>): Promise<T> {
  return temporal.withDeadline(Date.now() + START_DEADLINE_MS, fn);
}
