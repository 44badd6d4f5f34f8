/**
 * Reads that scale: a case read answers from the read model and asks the workflow only when the
 * caller asks for live state (`?live=true`). The Temporal client here counts the queries it is asked.
 */
import type { Client } from '@temporalio/client';
import type { RunningApi } from '../support/api';
import type { Database } from '../../prisma/client';
import { seedCase, standInTemporal, startAccessApi } from './support';

const queried: string[] = [];
const countingTemporal = {
  ...standInTemporal,
  workflow: {
    ...standInTemporal.workflow,
    getHandle: (workflowId: string) => ({
      query: async () => {
        queried.push(workflowId);
        return { stage: 'notification-sent', state: 'open', deadlines: [], milestones: [], owed: [] };
      },
    }),
  },
} as unknown as Client;

let api: RunningApi;
let db: Database;
beforeAll(async () => {
  ({ api, db } = await startAccessApi({ temporal: countingTemporal }));
  await seedCase(db, 'READ-2026-01');
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});
beforeEach(() => queried.splice(0));

test('an open case is read from the read model: no workflow query', async () => {
  const r = await api.request('GET', '/api/cases/READ-2026-01');
  expect([r.status, r.body.source, r.body.stage, 'live' in r.body]).toEqual([200, 'read-model', 'notification-due', false]);
  expect(queried).toEqual([]);
});

test('?live=true asks the workflow and says so', async () => {
  const r = await api.request('GET', '/api/cases/READ-2026-01?live=true');
  expect([r.status, r.body.source, r.body.stage]).toEqual([200, 'workflow', 'notification-sent']);
  expect(queried).toEqual(['rapid-review:READ-2026-01']);
  expect((await api.request('GET', '/api/cases/READ-2026-01?live=false')).body.source).toBe('read-model');
  expect(queried).toHaveLength(1);
});

test.each(['live=yes', 'live=1', 'fresh=true'])('?%s is refused naming the parameter, and asks nothing', async (query) => {
  const r = await api.request('GET', `/api/cases/READ-2026-01?${query}`);
  expect([r.status, r.type.split(';')[0]]).toEqual([400, 'application/problem+json']);
  expect(JSON.stringify(r.body)).toContain(query.split('=')[0]);
  expect(queried).toEqual([]);
});
