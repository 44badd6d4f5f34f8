/**
 * Work done once a response has gone (request log, access audit trail). Nothing can answer the
 * client any more, so an error here is logged and dropped: it must never reach the process.
 */
import type { Response } from 'express';

export type ErrorLog = (message: string, fields: Record<string, unknown>) => void;

export function afterResponse(res: Response, what: string, log: ErrorLog, work: () => void | Promise<unknown>): void {
  const failed = (err: unknown) => {
    try {
      log(`${what} failed after the response`, { requestId: res.getHeader('X-Request-Id'), error: err instanceof Error ? err.message : String(err) });
    } catch {
      // The logger itself failed: there is nowhere left to report it.
    }
  };
  res.once('finish', () => {
    try {
      const done = work();
      if (done) done.catch(failed);
    } catch (err) {
      failed(err);
    }
  });
}
