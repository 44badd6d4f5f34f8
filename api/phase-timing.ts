/**
 * Where a request's time goes, for bench/start-latency.bench.ts: a route marks the end of each of its
 * phases and the answer carries them as a Server-Timing header (milliseconds since the previous
 * mark; the first, `middleware`, runs from the request's arrival to the route). Off unless the app
 * is built with `phaseTiming` (api/app.ts); then `markPhase` does nothing.
 */
import type { RequestHandler, Response } from 'express';

type Marks = [phase: string, at: number][];

export function markPhase(res: Response, phase: string): void {
  (res.locals.phaseMarks as Marks | undefined)?.push([phase, performance.now()]);
}

export function phaseTiming(): RequestHandler {
  return (_req, res, next) => {
    const marks: Marks = [['arrived', performance.now()]];
    res.locals.phaseMarks = marks;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      marks.push(['answer', performance.now()]);
      res.setHeader('Server-Timing', marks.slice(1).map(([phase, at], i) => `${phase};dur=${(at - marks[i]![1]).toFixed(3)}`).join(', '));
      return writeHead(...args);
    }) as Response['writeHead'];
    next();
  };
}
