/**
 * What every review start from the API shares (`POST /api/rapid-reviews`, `POST /api/practice-reviews`):
 * its access-audit entry is written while its workflow starts, not after, so the answer waits for
 * the slower of the two rather than for both in turn (on PostgreSQL here an insert's commit takes
 * about as long as the start itself). The trail is append-only, so a start that fails after its
 * entry says "accepted" gets a second entry withdrawing it, written on the same path that removed
 * the case's row, before the refusal is answered: read together, the trail never shows a case
 * accepted that does not exist. A process that dies in between leaves its row `starting`, which the
 * start reconciler finishes, so the entry holds.
 */
import type { Request, Response } from 'express';
import type { Database } from '../prisma/client';
import { Problem } from './problem';
import { recordAccess } from './workflow-calls';

export async function auditedStart<T>(db: Database, req: Request, res: Response, entry: { action: string; resource: string; outcome: string }, start: () => Promise<T>): Promise<T> {
  const starting = start();
  // After the start's request is on its way: the entry's insert (a synchronous driver on SQLite) then overlaps the server's work.
  const accepted = recordAccess(db, req, res, entry);
  try {
    const started = await starting;
    await accepted;
    return started;
  } catch (err) {
    accepted.catch(() => undefined);
    if (await accepted.then(() => true, () => false)) {
      await recordAccess(db, req, res, { ...entry, outcome: `withdrawn: not started (answered ${err instanceof Problem ? err.status : 500})` });
    }
    throw err;
  }
}
