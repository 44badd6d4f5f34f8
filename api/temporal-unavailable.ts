/**
 * Temporal out of reach: a start waits at most START_DEADLINE_MS for the server, an update no
 * longer than REQUEST_DEADLINE_MS once the server stops answering; then the API answers 503 with
 * Retry-After rather than hanging (the client's own gRPC retries wait about 20 s and then fail with
 * a 500; an update's result is long-polled again after every gRPC deadline).
 */
import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import type { ErrorRequestHandler } from 'express';
import { Problem } from './problem';

export const START_DEADLINE_MS = 2_500;
/** How often a waiting update checks that the server is still there. */
export const REQUEST_DEADLINE_MS = 10_000;
export const RETRY_AFTER_SECONDS = 5;

const CANCELLED = 1; // our own cut-off (withAbortSignal)
const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

/** True for a gRPC failure meaning the server did not answer (anywhere in the error's causes). */
export function isTemporalUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (code === UNAVAILABLE || code === DEADLINE_EXCEEDED || code === CANCELLED || e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  }
  return false;
}

export function temporalUnavailable(what: string): Problem {
  return new Problem(503, 'Service Unavailable', `${what}: the workflow service is unreachable; nothing was recorded, retry in ${RETRY_AFTER_SECONDS} s`, {
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });
}

/**
 * Runs `fn` (Temporal calls) for at most `ms`. The gRPC deadline alone is not enough: the client's
 * retries back off past it, and a lazily made connection waits for itself first.
 */
export function withStartDeadline<T>(temporal: Client, fn: () => Promise<T>, ms = START_DEADLINE_MS): Promise<T> {
  const controller = new AbortController();
  return cutOff(
    temporal.withAbortSignal(controller.signal, () => temporal.withDeadline(Date.now() + ms, fn)),
    ms,
    () => controller.abort(),
  );
}

/** Answers for `call` within `ms`: its result, or a DEADLINE_EXCEEDED error. */
export async function cutOff<T>(call: Promise<T>, ms: number, onCutOff: () => void = () => undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onCutOff();
      reject(Object.assign(new Error(`Temporal did not answer within ${ms} ms`), { code: DEADLINE_EXCEEDED }));
    }, ms);
  });
  call.catch(() => undefined); // once cut off, the call's own failure has no one to tell
  try {
    return await Promise.race([call, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for an update (or any call) as long as the server answers: every REQUEST_DEADLINE_MS it
 * asks the server whether it is there, and gives up (DEADLINE_EXCEEDED, so 503) once it is not. A
 * slow update (waiting for a worker, or for its activities) is still answered; a dead server is
 * not waited for.
 */
export async function whileReachable<T>(temporal: Client, call: Promise<T>, everyMs = REQUEST_DEADLINE_MS): Promise<T> {
  call.catch(() => undefined); // once given up, the call's own failure has no one to tell
  for (;;) {
    const outcome = await Promise.race([call.then(() => 'answered' as const, () => 'answered' as const), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), everyMs).unref())]);
    if (outcome === 'answered') return call;
    if (!(await answers(temporal))) throw Object.assign(new Error(`Temporal stopped answering while an update waited`), { code: DEADLINE_EXCEEDED });
  }
}

/** Whether the server answers a trivial call within a second. */
export function answers(temporal: Client): Promise<boolean> {
  return withStartDeadline(temporal, () => temporal.connection.workflowService.getSystemInfo({}), 1_000).then(
    () => true,
    () => false,
  );
}

/**
 * An unreachable server anywhere else (an update, a signal): 503. The change may have reached the
 * server before it stopped answering, so the client retries with the same Idempotency-Key (updates
 * carry an ID derived from it, so one applied already is not applied twice).
 */
export const temporalUnreachableAs503: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
  if (err instanceof Problem || !isTemporalUnreachable(err)) return next(err);
  next(
    new Problem(503, 'Service Unavailable', `the workflow service did not answer; the change may not be recorded: retry in ${RETRY_AFTER_SECONDS} s with the same Idempotency-Key`, {
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    }),
  );
};
