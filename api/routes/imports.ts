/**
 * `POST /api/imports` (admin, issue 12): a partnership's tracker brought in. JSON `{ dryRun, csv }`
 * (the CSV template as text) or `{ dryRun, cases }` (the same rows as JSON), or the CSV itself with
 * `Content-Type: text/csv` and `?dryRun=true`. The answer is the import report (api/import-run.ts).
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { parseTrackerCsv, parseTrackerJson } from '../../domain/import';
import type { AppDependencies } from '../app';
import { runImport } from '../import-run';
import { parse } from '../problem';
import { actorOf, recordAccess } from '../workflow-calls';
import { londonToday } from '../today';

/** A tracker is larger than the API's usual 64 KiB bodies: 1,000 cases of CSV is about 400 KiB. */
export const IMPORT_BODY_LIMIT = '5mb';

export const ImportBody = z
  .strictObject({
    dryRun: z.boolean().default(false).describe('check every row and report every problem; create nothing'),
    csv: z.string().min(1, 'must not be empty').optional().describe("the tracker in the CSV template's columns (README: Bringing your cases in)"),
    cases: z.array(z.record(z.string(), z.unknown())).min(1, 'must hold at least one case').max(5000, 'must be at most 5000 cases').optional().describe('the same rows as JSON objects, one per case, keyed by the template columns'),
  })
  .refine((b) => (b.csv === undefined) !== (b.cases === undefined), { message: 'give either csv or cases', path: ['csv'] });

export const ImportQuery = z.strictObject({ dryRun: z.enum(['true', 'false']).optional().describe('with a text/csv body') });

/** Parses an import's own bodies before the API's 64 KiB JSON parser (which then leaves them alone). */
export function importBodyParsers(): express.RequestHandler[] {
  return [express.json({ limit: IMPORT_BODY_LIMIT, type: ['application/json', 'application/*+json'] }), express.text({ limit: IMPORT_BODY_LIMIT, type: ['text/csv'] })];
}

export function importRoutes(deps: AppDependencies): Router {
  const router = Router();
  router.post('/imports', async (req, res) => {
    const query = parse(ImportQuery, req.query, 'query');
    let dryRun: boolean;
    let parsed;
    if (typeof req.body === 'string') {
      dryRun = query.dryRun === 'true';
      parsed = parseTrackerCsv(req.body);
    } else {
      const body = parse(ImportBody, req.body, 'body');
      dryRun = body.dryRun || query.dryRun === 'true';
      parsed = body.csv !== undefined ? parseTrackerCsv(body.csv) : parseTrackerJson(body.cases);
    }
    const report = await runImport(deps, parsed, { dryRun, actor: actorOf(res.locals), today: londonToday(deps)(), origin: req.ip ?? null, requestId: String(res.getHeader('X-Request-Id')) });
    await recordAccess(deps.db, req, res, { action: dryRun ? 'import-dry-run' : 'import', resource: 'imports', outcome: report.message.slice(0, 500) });
    res.status(!dryRun && report.created > 0 ? 201 : 200).json(report);
  });
  return router;
}
