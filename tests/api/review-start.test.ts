/**
 * A review started through the API, on SQLite and on PostgreSQL (where reachable), on the real dev
 * server and over HTTP: the case row with its pseudonym is written before the workflow starts (and
 * is one the start reconciler can finish), a GET right after the 201 finds the case, an
 * Idempotency-Key retry gets the same answer, and the access-audit trail's last word on each start
 * agrees with whether its case exists: its entry is written while the workflow starts, so a start
 * refused after that (a clash, Temporal unreachable) must withdraw it (api/review-start.ts).
 */
import { closedPort } from '../support/ports';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../domain/contracts';
import { defaultCalendar } from '../../domain/calendar';
import { STANDARD_RULES } from '../../domain/rules';
import type { Database } from '../../prisma/client';
import { rapidReviewInput } from '../../worker/rapid-review-start';
import { reconcileStarts } from '../../worker/reconcile-starts';
import { startTestApi, type RunningApi } from '../support/api';
import { freshDatabase, type Provider } from '../support/database';
import { postgresAvailability } from '../support/postgres';
import { startDevServer, uniqueReference } from '../support/temporal';

const taskQueue = 'review-start-no-worker';
let env: TestWorkflowEnvironment;
let temporal: Client;

beforeAll(async () => {
  env = await startDevServer();
  temporal = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

const providers: Provider[] = ['sqlite', 'postgresql'];

describe.each(providers)('a review started through the API (%s read model)', (provider) => {
  let db: Database;
  let api: RunningApi;
  let skip = false;

  beforeAll(async () => {
    if (provider === 'postgresql' && !(await postgresAvailability()).available) {
      console.warn('skipped on PostgreSQL (not reachable): review starts');
      skip = true;
      return;
    }
    ({ db } = await freshDatabase(provider, 'review_start'));
    // No worker: the case row the API writes stays `starting`, as written, for the assertions.
    api = await startTestApi({ temporal, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: true });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await db?.$disconnect();
  });

  const asRequest = (requestId: string, key?: string) => ({ headers: { 'X-Request-Id': requestId, ...(key ? { 'Idempotency-Key': `"${key}"` } : {}) } });
  /** The trail's entries of one request, in order. */
  const trailOf = async (requestId: string) => (await db.auditEntry.findMany({ where: { requestId }, orderBy: { id: 'asc' } })).map((e) => `${e.action} ${e.resource}: ${e.outcome}`);

  test('the row with its pseudonym, one accepted entry, found by a GET right after; a keyed retry answered the same; the reconciler reads the row', async () => {
    if (skip) return;
    const rapid = uniqueReference('RSR');
    const practice = uniqueReference('RSP');
    const first = await api.request('POST', '/api/rapid-reviews', { reference: rapid, childPseudonym: 'Child R', awareOn: '2026-11-02' }, asRequest(`rs-${provider}-${rapid}`, `key-${rapid}`));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reference: rapid, workflowId: workflowIdFor('rapid-review', rapid), ruleSetId: STANDARD_RULES.id });
    const started = await api.request('POST', '/api/practice-reviews', { reference: practice, commissionedOn: '2026-11-20', reviewerName: 'E. Reviewer', rapidReviewReference: rapid }, asRequest(`rs-${provider}-${practice}`));
    expect(started.status).toBe(201);

    expect(await db.case.findUniqueOrThrow({ where: { reference: rapid } })).toMatchObject({ process: 'rapid-review', stage: 'starting', childPseudonym: 'Child R', awareOn: '2026-11-02', revision: 0, paused: false });
    expect(await db.case.findUniqueOrThrow({ where: { reference: practice } })).toMatchObject({ process: 'practice-review', stage: 'starting', childPseudonym: 'Child R', parentReference: rapid, awareOn: '2026-11-20' });
    for (const ref of [rapid, practice]) expect((await api.request('GET', `/api/cases/${encodeURIComponent(ref)}`)).status).toBe(200);
    expect(await trailOf(`rs-${provider}-${rapid}`)).toEqual([`start-rapid-review case:${rapid}: accepted`]);
    expect(await trailOf(`rs-${provider}-${practice}`)).toEqual([`start-practice-review case:${practice}: accepted`]);

    const retry = await api.request('POST', '/api/rapid-reviews', { reference: rapid, childPseudonym: 'Child R', awareOn: '2026-11-02' }, asRequest(`rs-${provider}-${rapid}-retry`, `key-${rapid}`));
    expect({ status: retry.status, body: retry.body, replayed: retry.headers.get('idempotent-replayed') }).toEqual({ status: 201, body: first.body, replayed: 'true' });

    // The rows as the reconciler selects them (by stage and age): both are found, and both already run.
    const round = await reconcileStarts({ db, temporal, taskQueue, searchAttributes: true, settings: { calendar: defaultCalendar, ruleSet: () => STANDARD_RULES }, log: () => undefined }, 0);
    expect(round.alreadyRunning).toEqual(expect.arrayContaining([rapid, practice]));
  });

  test('a clash with a running workflow is refused 409, its row removed and its entry withdrawn', async () => {
    if (skip) return;
    const reference = uniqueReference('RSC');
    // A workflow for another awareness date, with no row: a clash found only by the start itself.
    await temporal.workflow.start('rapidReview', { workflowId: workflowIdFor('rapid-review', reference), taskQueue, args: [rapidReviewInput({ calendar: defaultCalendar, ruleSet: () => STANDARD_RULES }, { reference, awareOn: '2026-10-01' })] });
    const clash = await api.request('POST', '/api/rapid-reviews', { reference, childPseudonym: 'Child R', awareOn: '2026-11-02' }, asRequest(`rs-${provider}-${reference}`));
    expect(clash.status).toBe(409);
    expect(await db.case.count({ where: { reference } })).toBe(0);
    const trail = await trailOf(`rs-${provider}-${reference}`);
    expect(trail.at(-1)).toBe(`start-rapid-review case:${reference}: withdrawn: not started (answered 409)`);
  });

  test('Temporal unreachable: 503, no row, and the trail never says accepted alone', async () => {
    if (skip) return;
    const unreachable = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await closedPort()}` }) });
    const down = await startTestApi({ temporal: unreachable, db, taskQueue, calendar: defaultCalendar, ruleSet: () => STANDARD_RULES, searchAttributes: true });
    try {
      const [rapid, practice] = [uniqueReference('RSD'), uniqueReference('RSD')];
      const refused = [
        await down.request('POST', '/api/rapid-reviews', { reference: rapid, childPseudonym: 'Child R', awareOn: '2026-11-02' }, asRequest(`rs-${provider}-${rapid}`, `down-${rapid}`)),
        await down.request('POST', '/api/practice-reviews', { reference: practice, commissionedOn: '2026-11-20', reviewerName: 'E. Reviewer' }, asRequest(`rs-${provider}-${practice}`)),
      ];
      expect(refused.map((r) => r.status)).toEqual([503, 503]);
      expect(await db.case.count({ where: { reference: { in: [rapid, practice] } } })).toBe(0);
      expect((await trailOf(`rs-${provider}-${rapid}`)).at(-1)).toBe(`start-rapid-review case:${rapid}: withdrawn: not started (answered 503)`);
      expect((await trailOf(`rs-${provider}-${practice}`)).at(-1)).toBe(`start-practice-review case:${practice}: withdrawn: not started (answered 503)`);
      // The 503 is not kept: the same key starts it once Temporal answers.
      const later = await api.request('POST', '/api/rapid-reviews', { reference: rapid, childPseudonym: 'Child R', awareOn: '2026-11-02' }, { token: down.token, ...asRequest(`rs-${provider}-${rapid}-later`, `down-${rapid}`) });
      expect(later.status).toBe(201);
    } finally {
      await down.close();
    }
  }, 30_000);
});

